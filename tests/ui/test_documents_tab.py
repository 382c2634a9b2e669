"""The case view's 文书 tab: issue, versions, print preview, signature pad, scans, dossier,
and checking a dropped PDF."""

from __future__ import annotations

import pypdfium2
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services import documents as doc_svc
from desktop.services import roster
from desktop.services.auth import User
from desktop.ui.printing import paint_pages
from tests.ui.conftest import idle

TERMS = [{"item": "拖欠工资", "amount_fen": 1_600_000, "due_on": "2026-11-30",
          "method": "银行转账", "payer": "济南鑫达建筑劳务有限公司", "payee": "申请人"}]


def _agreed_case(service, mediator, single_doc) -> tuple[str, int]:
    roster.add_mediator(service.station, User("admin", "admin", "admin"), "王建国")
    case = service.register(single_doc, mediator)
    for event, data in (("accept", {}), ("start", {}), ("assign", {"mediator": "王建国"}),
                        ("agree", {"terms": TERMS})):
        service.record_event(case.case_no, event, data, mediator)
    return case.case_no, case.case_pk


def _tab(window, qtbot, tasks, pk):
    window.open_case(pk)
    idle(qtbot, tasks)
    page = window.case_tabs[pk]
    page.tabs.setCurrentWidget(page.documents_scroll)
    idle(qtbot, tasks)
    return page.documents


def _select(tab, code: str, child: int | None = None) -> None:
    for i in range(tab.tree.topLevelItemCount()):
        item = tab.tree.topLevelItem(i)
        if item.data(0, Qt.ItemDataRole.UserRole) == code:
            tab.tree.setCurrentItem(item if child is None else item.child(child))
            return
    raise AssertionError(f"{code} not listed")


def test_issue_print_preview_and_reissue(window, qtbot, tasks, service, mediator, single_doc,
                                         monkeypatch):
    case_no, pk = _agreed_case(service, mediator, single_doc)
    tab = _tab(window, qtbot, tasks, pk)
    titles = [tab.tree.topLevelItem(i).text(0) for i in range(tab.tree.topLevelItemCount())]
    assert "调解协议书" in titles and "受理通知书" in titles
    _select(tab, "agreement")
    assert tab.buttons["issue"].isEnabled() and not tab.buttons["print"].isEnabled()
    tab.buttons["issue"].click()
    idle(qtbot, tasks)
    idle(qtbot, tasks)
    _select(tab, "agreement")
    assert tab.selected_document().version == 1 and tab.buttons["print"].isEnabled()
    tab.buttons["issue"].click()
    idle(qtbot, tasks)
    idle(qtbot, tasks)
    _select(tab, "agreement", child=0)
    assert tab.selected_document().version == 1
    _select(tab, "agreement")
    assert tab.selected_document().version == 2
    # Print: pages are rendered in the background, then the preview opens with 一式三份.
    tab.buttons["print"].click()
    idle(qtbot, tasks)
    dialog = tab.printer.dialog
    assert dialog is not None and dialog.objectName() == "printPreview"
    assert tab.printer.printer.copyCount() == 3
    pdf = pypdfium2.PdfDocument(str(tab.tasks.station.paths.attachment_file(
        tab.selected_document().sha256)))
    assert len(tab.printer.pages) == len(pdf)
    pdf.close()
    dialog.close()


def test_print_paints_every_page_to_a_pdf_printer(window, qtbot, tasks, service, mediator,
                                                  single_doc, tmp_path):
    case_no, pk = _agreed_case(service, mediator, single_doc)
    issued = doc_svc.issue(tasks.station, case_no, "agreement", mediator)
    from desktop.ui import preview
    from desktop.ui.printing import make_printer

    pages = preview.pdf_pages(issued.path, 100)
    printer = make_printer(3, "协议")
    target = tmp_path / "printed.pdf"
    from PySide6.QtPrintSupport import QPrinter

    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    paint_pages(printer, pages)
    printed = pypdfium2.PdfDocument(str(target))
    assert len(printed) == len(pages) == issued.document.pages
    printed.close()


def test_the_signature_pad_keeps_an_image_for_the_signer(window, qtbot, tasks, service,
                                                         mediator, single_doc):
    case_no, pk = _agreed_case(service, mediator, single_doc)
    tab = _tab(window, qtbot, tasks, pk)
    dialog = tab.capture_signature()
    pad = dialog.pad
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert not save.isEnabled()
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 100))
    for x in range(40, 300, 20):
        qtbot.mouseMove(pad, QPoint(x, 100 + (x % 40) - 20))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, 90))
    assert not pad.is_empty() and save.isEnabled()
    png = pad.to_png()
    assert png.startswith(b"\x89PNG")
    signer = dialog.signer.currentData()
    assert signer.startswith("party:")
    save.click()
    idle(qtbot, tasks)
    assert not dialog.isVisible()
    issued = doc_svc.issue(tasks.station, case_no, "agreement", mediator)
    assert issued.document.captured


def test_a_dropped_pdf_is_checked(window, qtbot, tasks, service, mediator, single_doc,
                                  monkeypatch, tmp_path):
    case_no, _pk = _agreed_case(service, mediator, single_doc)
    issued = doc_svc.issue(tasks.station, case_no, "agreement", mediator)
    dropped = tmp_path / "调解协议书.pdf"
    dropped.write_bytes(issued.path.read_bytes())
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(dropped))])
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, data,
                                              Qt.MouseButton.NoButton,
                                              Qt.KeyboardModifier.NoModifier))
    idle(qtbot, tasks)
    assert shown and "文件完整" in shown[-1] and "与本站存档一致" in shown[-1]
