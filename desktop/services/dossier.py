"""The case dossier (卷宗): one PDF with a cover, a contents page, every issued document
(its latest version) in the official order, the signed scans beside their documents and
the other attachments where the evidence goes (DOMAIN.md §2), then a closing page.

Pages are merged with pdfium; the dossier itself is signed like any issued document (the
documents inside keep their own signatures in the archive, not in the merged file).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

from desktop.documents import signing
from desktop.documents.dossier_pages import Entry, cover_and_contents, image_page, notes_page
from desktop.domain.errors import EnvironmentProblem
from desktop.services import auth, case_view
from desktop.services import documents as doc_svc
from desktop.services.auth import User
from desktop.services.files import write_atomically
from desktop.services.station import Station
from desktop.storage import audit
from desktop.storage.db import Database

EVIDENCE_ORDER = 35.0  # form order: after the application, notices and service, before records
LAST = 999.0  # a document whose form is no longer in the catalogue
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"}
ENTRIES_PER_CONTENTS_PAGE = 16


@dataclass(frozen=True)
class Part:
    title: str
    data: bytes  # a PDF
    pages: int
    note: str = ""


@dataclass(frozen=True)
class Dossier:
    path: Path
    pages: int
    parts: int
    skipped: tuple[str, ...]


def export(station: Station, case_ref: str | int, user: User, target: Path) -> Dossier:
    """Write the case's dossier to ``target`` (an existing file is replaced only once the
    new one is complete).

    Raises:
        NotFoundError: no such case; EnvironmentProblem: the target cannot be written or an
            archived file is missing.
    """
    import pypdfium2

    auth.authorize(station.store, user, "read")
    target = doc_svc.check_output(station, target)
    detail = case_view.show(station, case_ref, user)
    listing = doc_svc.listing_of(station, detail)
    rank = {o.code: float(o.order) for o in listing.offers}
    latest: dict[str, doc_svc.IssuedDocument] = {}
    for d in listing.issued:
        latest[d.form_code] = d  # oldest first: the last one wins
    scans = {d.scan_attachment_pk: d for d in listing.issued if d.scan_attachment_pk}
    parts: list[tuple[float, Part]] = []
    skipped: list[str] = []
    for d in latest.values():
        parts.append((rank.get(d.form_code, LAST), Part(
            f"{d.title}（{d.number}，第{d.version}版）", doc_svc.document_bytes(station, d),
            d.pages)))
    for a in detail.attachments:
        linked = scans.get(a.pk)
        part = _attachment_part(station, a, linked)
        if part is None:
            skipped.append(a.filename)
            continue
        # A signed scan follows its document; other files go where the evidence goes.
        parts.append((rank.get(linked.form_code, LAST) + 0.5 if linked else EVIDENCE_ORDER,
                      part))
    parts.sort(key=lambda p: p[0])
    body = [p for _, p in parts]
    if skipped:
        body.append(Part("卷宗说明", notes_page(skipped), 1))
    contents_pages = max(1, math.ceil(len(body) / ENTRIES_PER_CONTENTS_PAGE))
    first = 1 + contents_pages + 1
    entries = []
    for part in body:
        entries.append(Entry(part.title, first, part.pages))
        first += part.pages
    front = cover_and_contents(detail, station.org, entries, contents_pages, station.today())
    out = pypdfium2.PdfDocument.new()
    try:
        for data in [front] + [p.data for p in body]:
            src = pypdfium2.PdfDocument(data)
            try:
                out.import_pages(src)
            finally:
                src.close()
        buffer = io.BytesIO()
        out.save(buffer)
        pages = len(out)
    finally:
        out.close()
    identity = signing.ensure_identity(station.paths.root, station.org.get("name", ""))
    signed = signing.sign_pdf(buffer.getvalue(), identity, reason=f"卷宗 {detail.case.case_no}",
                              location=station.org.get("name", ""))
    write_atomically(target, signed)

    def record(db: Database) -> None:
        audit.append(db, user.login, "document.dossier", detail.case.case_no,
                     {"pages": pages, "parts": len(body)}, case_pk=detail.case.pk,
                     with_state=False)

    station.write(record)
    return Dossier(target, pages, len(body), tuple(skipped))


def _attachment_part(station: Station, a: object, linked: doc_svc.IssuedDocument | None
                     ) -> Part | None:
    import pypdfium2

    filename: str = a.filename  # type: ignore[attr-defined]
    path = station.paths.attachment_file(a.sha256)  # type: ignore[attr-defined]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EnvironmentProblem(f"附件文件缺失：{filename}。请运行 tiaojie check",
                                 f"attachment file missing: {path}") from exc
    title = f"签章原件扫描件：{linked.title}" if linked else f"附件：{filename}"
    if data[:5] == b"%PDF-":
        try:
            doc = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError:
            return None
        try:
            pages = len(doc)
        finally:
            doc.close()
        return Part(title, data, pages)
    if Path(filename).suffix.lower() in IMAGE_SUFFIXES:
        page = image_page(data)
        return Part(title, page, 1) if page else None
    return None
