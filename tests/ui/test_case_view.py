"""The case view beyond the steps: sessions and their records, performance and follow-up,
the audit trail, and previews of attached images and PDFs."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from desktop.ui.case_page import CasePage
from tests.ui.conftest import idle, type_chinese

# The smallest honest PDF: one A4 page that draws a filled black square.
_CONTENT = b"0 0 0 rg 100 400 200 200 re f"
_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    b"<< /Length %d >>\nstream\n" % len(_CONTENT) + _CONTENT + b"\nendstream",
]


def _pdf() -> bytes:
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(_OBJECTS, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(_OBJECTS) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(_OBJECTS) + 1, xref)
    return bytes(out)


def _page(window, qtbot, tasks, pk: int) -> CasePage:
    window.open_case(pk)
    idle(qtbot, tasks)
    page = window.case_tabs[pk]
    assert page.detail is not None
    return page


def _record(page: CasePage, qtbot, tasks, event: str, fill=None) -> None:
    form = page.start_event(event)
    assert form is not None
    if fill:
        fill(form)
    form.submit()
    idle(qtbot, tasks)
    assert not form.isVisible(), form.message.text()


def test_sessions_performance_and_the_audit_trail(window, qtbot, tasks, service, mediator,
                                                  single_doc):
    case = service.register(single_doc, mediator)
    for event in ("accept", "start"):
        service.record_event(case.case_no, event, {}, mediator)
    page = _page(window, qtbot, tasks, case.case_pk)

    def session(form) -> None:
        type_chinese(form.inputs["place"], "街道调解室")
        type_chinese(form.inputs["participants"], "王芳、某某公司人事经理")
        type_chinese(form.inputs["note"], "双方同意按月工资标准结算欠薪")

    _record(page, qtbot, tasks, "session", session)
    sessions = page.session_model.rows
    assert len(sessions) == 1
    shown = [page.session_model.data(page.session_model.index(0, c))
             for c in range(page.session_model.columnCount())]
    assert "街道调解室" in shown and "双方同意按月工资标准结算欠薪" in shown
    assert page.performance_model.rowCount() == 0

    page.tabs.setCurrentWidget(page.audit_table)
    idle(qtbot, tasks)
    labels = [line.label for line in page.audit_model.rows]
    assert [label for label in labels if label != "查看"][0] == "调解记录"  # newest first
    assert {"登记", "受理", "开始调解", "查看"} <= set(labels)
    assert all(line.actor == "mediator" for line in page.audit_model.rows)


def test_attached_images_and_pdfs_are_previewed(window, qtbot, tasks, service, mediator,
                                                single_doc, tmp_path):
    case = service.register(single_doc, mediator)
    page = _page(window, qtbot, tasks, case.case_pk)
    photo = tmp_path / "工资条.png"
    image = QImage(1600, 1200, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366cc"))
    assert image.save(str(photo))
    scan = tmp_path / "笔录扫描件.pdf"
    scan.write_bytes(_pdf())
    broken = tmp_path / "损坏.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    note = tmp_path / "说明.txt"
    note.write_text("文字", encoding="utf-8")

    # dropped on the list, as from the file manager
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in (photo, scan, broken, note)])
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    assert QApplication.sendEvent(page.attachment_list.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, data,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(page.attachment_list.viewport(), drop)
    idle(qtbot, tasks)
    idle(qtbot, tasks)
    items = {page.attachment_list.item(i).data(257): page.attachment_list.item(i)
             for i in range(page.attachment_list.count())}
    assert set(items) == {"工资条.png", "笔录扫描件.pdf", "损坏.pdf", "说明.txt"}

    def preview_of(name: str):
        page.attachment_list.setCurrentItem(items[name])
        idle(qtbot, tasks)
        return page.preview.pixmap()

    shown = preview_of("工资条.png")
    assert not shown.isNull() and shown.width() == 480 and shown.height() == 360
    assert shown.toImage().pixelColor(10, 10) == QColor("#3366cc")

    shown = preview_of("笔录扫描件.pdf")
    assert not shown.isNull() and shown.width() == 480
    rendered = shown.toImage()
    # the square is drawn black near the page's left; the page elsewhere is white
    x, y = int(150 * 480 / 595), int((842 - 500) * 480 / 595)
    assert rendered.pixelColor(x, y).lightness() < 40
    assert rendered.pixelColor(470, 20).lightness() > 215

    assert preview_of("损坏.pdf").isNull() and "无法预览" in page.preview.text()
    assert preview_of("说明.txt").isNull() and "不能预览" in page.preview.text()
