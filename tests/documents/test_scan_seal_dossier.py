"""Signed scans linked back by their QR code, the seal image, captured signatures, the
dossier."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from PIL import Image, ImageDraw

from desktop.domain.errors import NotFoundError, PermissionDenied, ValidationError
from desktop.services import documents as doc_svc
from desktop.services import dossier, seal, verification
from tests.documents.conftest import pdftotext


def _audit(station, action):
    """(actor, target, detail) of each audit entry of ``action``, oldest first."""
    import json

    return [(r[0], r[1], json.loads(r[2]) if r[2] else {}) for r in station.read().execute(
        "SELECT actor, target, detail FROM audit_log WHERE action = ? ORDER BY seq", [action])]


def _scan_of(pdf_path, target, dpi=150):
    """What a scanner gives back for the first page: a JPEG, slightly greyed."""
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    image = pdf[0].render(scale=dpi / 72).to_pil().convert("L").convert("RGB")
    pdf.close()
    image.save(target, "JPEG", quality=80)
    return target


def test_a_scan_is_linked_to_its_document_by_the_qr_code(station, admin, make_case,
                                                          tmp_path):
    case_no = make_case("agreement")
    issued = doc_svc.issue(station, case_no, "agreement", admin)
    scan = _scan_of(issued.path, tmp_path / "扫描件.jpg")
    linked = verification.link_scan(station, case_no, scan, admin)
    assert linked.by_qr and linked.document.uid == issued.document.uid
    (doc,) = doc_svc.listing(station, case_no, admin).issued
    assert doc.scan_attachment_pk is not None and doc.scan_linked_by == "admin"
    assert _audit(station, "document.scan_linked")[-1][1] == issued.document.uid


def test_a_scan_without_a_readable_code_needs_the_short_code(station, admin, make_case,
                                                             tmp_path):
    case_no = make_case("agreement")
    issued = doc_svc.issue(station, case_no, "agreement", admin)
    blank = tmp_path / "blank.png"
    Image.new("RGB", (800, 1100), "white").save(blank)
    with pytest.raises(ValidationError) as err:
        verification.link_scan(station, case_no, blank, admin)
    assert "核验码" in err.value.zh
    linked = verification.link_scan(station, case_no, blank, admin,
                                    code=issued.document.short_code.lower())
    assert not linked.by_qr and linked.document.pk == issued.document.pk
    with pytest.raises(NotFoundError):
        verification.link_scan(station, case_no, blank, admin, code="ZZZZZ-ZZZZZ")
    other = make_case("agreement")
    with pytest.raises(ValidationError):  # a scan of this case's document, filed elsewhere
        verification.link_scan(station, other, _scan_of(issued.path, tmp_path / "s.jpg"),
                               admin)


def _seal_scan(path, background="white"):
    """A red ring on paper, as a scanner gives it (no transparency)."""
    img = Image.new("RGB", (420, 420), background)
    d = ImageDraw.Draw(img)
    d.ellipse([20, 20, 400, 400], outline=(200, 20, 20), width=14)
    d.regular_polygon((210, 210, 60), 5, fill=(200, 20, 20))
    img.save(path)
    return path


def test_only_an_admin_imports_the_seal_and_it_is_audited(station, admin, mediator, tmp_path):
    scan = _seal_scan(tmp_path / "seal.png")
    with pytest.raises(PermissionDenied):
        seal.import_seal(station, scan, mediator)
    got = seal.import_seal(station, scan, admin, size_mm="40")
    assert got.present and got.size_mm == 40.0
    placed = Image.open(station.paths.seal)
    assert placed.mode == "RGBA"
    corner, ring = placed.getpixel((2, 2)), placed.getpixel((placed.width // 2, 8))
    assert corner[3] == 0 and ring[3] == 255  # the paper is transparent, the ink is not
    actor, _target, detail = _audit(station, "seal.import")[-1]
    assert actor == "admin" and len(detail["sha256"]) == 64 and detail["size_mm"] == 40.0


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.write_bytes(b"not an image"), "无法识别"),
    (lambda p: Image.new("RGB", (400, 400), "white").save(p), "空白"),
    (lambda p: Image.new("RGB", (400, 400), (90, 40, 30)).save(p), "不像印章"),
    (lambda p: Image.new("RGB", (40, 40), "white").save(p), "尺寸"),
])
def test_unusable_seal_images_are_refused(station, admin, tmp_path, make, reason):
    path = tmp_path / "x.png"
    make(path)
    with pytest.raises(ValidationError) as err:
        seal.import_seal(station, path, admin)
    assert reason in err.value.zh
    assert not seal.info(station).present


def test_the_seal_and_captured_signatures_mark_the_pdf_as_an_electronic_copy(
        station, admin, make_case, tmp_path):
    case_no = make_case("agreement")
    with pytest.raises(ValidationError):  # no seal imported yet
        doc_svc.issue(station, case_no, "agreement", admin, with_seal=True)
    seal.import_seal(station, _seal_scan(tmp_path / "seal.png"), admin)
    pad = io.BytesIO()
    Image.new("RGBA", (300, 120), (0, 0, 0, 0)).save(pad, "PNG")
    seal.save_capture(station, case_no, "mediator", pad.getvalue(), admin)
    issued = doc_svc.issue(station, case_no, "agreement", admin, with_seal=True)
    assert issued.document.sealed and issued.document.captured
    text = pdftotext(issued.path).replace(" ", "")
    assert "电子稿，以签章原件为准" in text and "电子采集签名图像" in text
    plain = doc_svc.issue(station, case_no, "agreement", admin, captured=False)
    assert not plain.document.sealed and not plain.document.captured
    assert "电子稿" not in pdftotext(plain.path)


def test_the_dossier_binds_documents_and_scans_in_order(station, admin, make_case, tmp_path):
    case_no = make_case("performing")
    for code in ("agreement", "acceptance", "performance_notice", "follow_up"):
        doc_svc.issue(station, case_no, code, admin)
    agreement = next(d for d in doc_svc.listing(station, case_no, admin).issued
                     if d.form_code == "agreement")
    scan = _scan_of(station.paths.attachment_file(agreement.sha256), tmp_path / "a.jpg")
    verification.link_scan(station, case_no, scan, admin)
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 not bound in")
    from desktop.services.attachments import attach_file

    attach_file(station, case_no, tmp_path / "notes.docx", admin)
    made = dossier.export(station, case_no, admin, tmp_path / "卷宗.pdf")
    issued = doc_svc.listing(station, case_no, admin).issued
    assert made.pages == 2 + sum(d.pages for d in issued) + 1 + 1  # cover, contents, scan, notes
    assert made.skipped == ("notes.docx",)
    text = pdftotext(made.path).replace(" ", "")
    assert "劳动人事争议调解卷宗" in text and "卷内目录" in text and case_no in text
    order = [text.index(title) for title in ("受理通知书（", "调解协议书（", "签章原件扫描件",
                                              "履行告知书（", "回访记录（")]
    assert order == sorted(order), order
    report = verification.verify_file(made.path, station=station)
    assert report.verdict.ok
