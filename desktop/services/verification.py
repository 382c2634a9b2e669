"""Checking an issued PDF, and linking a signed scan back to the document it came from.

Verification needs no login: anyone holding a file may ask whether it is intact.  With a
station at hand the file is also compared with the station's archive.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from desktop.documents import signing
from desktop.domain.errors import InputError, NotFoundError, ValidationError, os_error_reason
from desktop.services import auth
from desktop.services.attachments import attach_file
from desktop.services.auth import User
from desktop.services.cases import resolve_case
from desktop.services.documents import parse_qr
from desktop.services.station import Station
from desktop.storage import attachments as attachment_repo
from desktop.storage import audit
from desktop.storage import documents as doc_repo
from desktop.storage.db import Database
from desktop.storage.documents import IssuedDocument
from desktop.storage.rows import now

log = logging.getLogger(__name__)

MAX_PDF = 200 * 1024 * 1024
EXIT_NOT_INTACT, EXIT_UNTRUSTED = 5, 6


@dataclass(frozen=True)
class Report:
    """What ``tiaojie verify`` says of a file."""

    path: Path
    verdict: signing.Verdict
    uid: str = ""
    case_no: str = ""
    archived: IssuedDocument | None = None
    archive_match: bool | None = None  # None: no station to compare with
    checked_archive: bool = False  # a station was there to look in

    @property
    def exit_code(self) -> int:
        if not (self.verdict.signed and self.verdict.intact and self.verdict.valid) \
                or self.verdict.modified_after or self.archive_match is False:
            return EXIT_NOT_INTACT
        return 0 if self.verdict.trusted else EXIT_UNTRUSTED

    def lines(self) -> list[tuple[str, str]]:
        """(Chinese, English) lines for people."""
        v = self.verdict
        out: list[tuple[str, str]] = []
        if not v.signed:
            return [("未签名：文件中没有数字签名，无法核验", "not signed: the file carries no "
                     "digital signature")]
        if v.intact and v.valid and not v.modified_after:
            out.append(("文件完整：签名后未被改动", "intact: unchanged since it was signed"))
        else:
            out.append(("文件已被改动或签名无效：请勿采信此文件", "NOT intact: the file was "
                        "changed after signing or its signature is invalid"))
        if v.signer:
            out.append((f"签名人：{v.signer}", f"signed by: {v.signer}"))
        if v.signed_at:
            out.append((f"签名时间：{v.signed_at}", f"signed at: {v.signed_at}"))
        if v.county:
            out.append(("证书：由县级仲裁院签发，可信", "certificate: issued by the county, "
                        "trusted"))
        elif v.trusted and v.self_issued:
            out.append(("证书：本站自签发（尚未由县级仲裁院签发），本站可信",
                        "certificate: self-issued by this station (not yet issued by the "
                        "county); trusted here"))
        elif v.trusted:
            out.append(("证书：链接到受信任的根证书", "certificate: chains to a trusted root"))
        else:
            out.append(("证书：无法确认签发者（不是本站或县级仲裁院签发的证书）",
                        "certificate: NOT trusted (not issued by this station or the county)"))
        if self.uid:
            out.append((f"文书核验码：{self.uid[:5]}-{self.uid[5:]}，案号：{self.case_no}",
                        f"document {self.uid}, case {self.case_no}"))
        if self.archived is not None:
            d = self.archived
            same = "与本站存档一致" if self.archive_match else "与本站存档不一致"
            out.append((f"文书：《{d.title}》{d.number}，第{d.version}版，{d.issued_on}签发，{same}",
                        f"document: {d.form_code} v{d.version} issued {d.issued_on}; "
                        f"{'matches' if self.archive_match else 'DIFFERS FROM'} the archive"))
        elif self.archive_match is None and self.uid and self.checked_archive:
            out.append(("本机没有该文书的存档（可能是其他工作站签发）",
                        "no archived copy on this computer"))
        out.append(("免责说明：本签名用于防篡改核验，不是《电子签名法》所称的可靠电子签名",
                    "note: a tamper-evidence signature, not a reliable e-signature in law"))
        return out


def read_pdf(path: Path) -> bytes:
    """The file's bytes, refusing what cannot be a PDF before any parser sees it."""
    try:
        if path.is_dir():
            raise InputError(f"{path} 是文件夹，不是 PDF 文件", f"{path} is a folder", str(path))
        size = path.stat().st_size
        if size > MAX_PDF:
            raise InputError("文件超过 200 MB，不是调解台签发的文书",
                             "file larger than 200 MB", str(path))
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"找不到文件 {path}", f"no such file {path}", str(path)) from exc
    except OSError as exc:
        raise InputError(f"无法读取 {path}：{os_error_reason(exc, reading=True)}",
                         f"cannot read {path}: {exc.strerror}", str(path)) from exc
    if not data.lstrip()[:5] == b"%PDF-":
        raise InputError("不是 PDF 文件", "not a PDF file", str(path))
    return data


def verify_file(path: Path, *, station: Station | None = None,
                extra_roots: list[bytes] | None = None) -> Report:
    """Check a PDF: intact, signed by whom, trusted, which document (and, with a station,
    whether it is the archived file)."""
    data = read_pdf(path)
    roots = list(extra_roots or [])
    county: list[bytes] = []
    if station is not None:
        roots += signing.trust_roots(station.paths.root)
        county = signing.county_roots(station.paths.root)
    verdict = signing.verify_pdf(data, roots, county)
    uid, case_no = "", ""
    # The document's identity is read only from a file whose signature covers all of it:
    # a later revision could say anything.
    parsed = _payload(data) if verdict.intact and not verdict.modified_after else None
    if parsed is not None:
        uid, case_no, _ = parsed
    archived, match = None, None
    if station is not None and uid:
        archived = doc_repo.by_uid(station.read(), uid)
        if archived is not None:
            match = hashlib.sha256(data).hexdigest() == archived.sha256
    return Report(path, verdict, uid, case_no, archived, match, station is not None)


def _payload(data: bytes) -> tuple[str, str, str] | None:
    """The document's identity from its metadata (inside the signed revision)."""
    import pypdfium2

    try:
        doc = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None
    try:
        keywords = doc.get_metadata_dict().get("Keywords", "")
    finally:
        doc.close()
    return parse_qr(keywords.strip())  # the issuer writes the QR payload as the keywords


# --- scans ---------------------------------------------------------------------------------


def read_codes(path: Path) -> list[str]:
    """Every QR code text on a scan (an image, or each page of a PDF at 150 dpi)."""
    import pypdfium2
    import zxingcpp

    from desktop.documents.images import MAX_PDF_PAGES, open_image, render_scale

    images = []
    try:
        with path.open("rb") as f:
            head = f.read(5)
    except OSError as exc:
        raise InputError(f"无法读取 {path}：{os_error_reason(exc, reading=True)}",
                         f"cannot read {path}: {exc.strerror}", str(path)) from exc
    if head == b"%PDF-":
        try:
            pdf = pypdfium2.PdfDocument(str(path))
        except pypdfium2.PdfiumError as exc:
            raise InputError("PDF 文件已损坏，无法读取", "damaged PDF", str(path)) from exc
        try:
            for i in range(min(len(pdf), MAX_PDF_PAGES)):
                page = pdf[i]
                scale = render_scale(*page.get_size())
                images.append(page.render(scale=scale).to_pil())
        finally:
            pdf.close()
    else:
        images.append(open_image(path, str(path)).convert("RGB"))
    found: list[str] = []
    for image in images:
        for result in zxingcpp.read_barcodes(image):
            if result.text not in found:
                found.append(result.text)
    return found


SCAN_MAGIC = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG", b"II*\x00", b"MM\x00*")


def _check_scan_type(scan: Path) -> None:
    """A scan is a PDF, JPEG, PNG or TIFF file (what scanners write)."""
    try:
        with scan.open("rb") as f:
            head = f.read(5)
    except IsADirectoryError as exc:
        raise InputError(f"{scan} 是文件夹", f"{scan} is a folder", str(scan)) from exc
    except OSError as exc:
        raise InputError(f"无法读取 {scan}：{os_error_reason(exc, reading=True)}",
                         f"cannot read {scan}: {exc.strerror}", str(scan)) from exc
    if not head.startswith(SCAN_MAGIC):
        raise ValidationError("扫描件应为 PDF、JPG、PNG 或 TIFF 文件",
                              "a scan must be a PDF, JPEG, PNG or TIFF file", "scan")


class NoCodeFound(ValidationError):
    """No document QR code could be read on a scan: the short code must be typed."""


@dataclass(frozen=True)
class Linked:
    """A scan linked to the document it is a signed copy of."""

    document: IssuedDocument
    attachment_sha256: str
    by_qr: bool
    replaced: bool = False  # an earlier scan was linked to the document before


def link_scan(station: Station, case_ref: str, scan: Path, user: User, *,
              code: str | None = None) -> Linked:
    """Attach a signed scan to the case and link it to its document: by the QR code read
    from the scan, or by the short code typed from the printed page.

    Raises:
        ValidationError: no QR code was found and no code given, or the code names a
            document of another case.
        NotFoundError: the code names no document of this station.
    """
    auth.authorize(station.store, user, "write")
    case_pk = resolve_case(station.read(), case_ref)
    by_qr = code is None
    if code is None:
        payloads = [p for p in (parse_qr(t) for t in read_codes(scan)) if p is not None]
        uids = {p[0] for p in payloads}
        if not uids:
            raise NoCodeFound("扫描件上没有识别到文书二维码。请输入二维码旁印的文书核验码",
                              "no document QR code found on the scan; give the short code",
                              "scan")
        if len(uids) > 1:
            raise ValidationError("扫描件上有多份文书的二维码，请分开扫描",
                                  "QR codes of several documents on one scan", "scan")
        uid = uids.pop()
    else:
        _check_scan_type(scan)
        uid = code.replace("-", "").replace(" ", "").upper()
    doc = doc_repo.by_uid(station.read(), uid)
    if doc is None:
        raise NotFoundError("找不到该文书（核验码不对，或不是本站签发的文书）",
                            "no document with that code on this station", "code")
    if doc.case_pk != case_pk:
        raise ValidationError("该扫描件属于另一个案件的文书", "the scan belongs to another "
                              "case's document", "scan")
    digest = attach_file(station, case_ref, scan, user,
                         description=f"签章原件扫描件：{doc.title}（第{doc.version}版）")

    def link(db: Database) -> None:
        attachment = next(a for a in reversed(attachment_repo.attachments(db, case_pk))
                          if a.sha256 == digest)
        doc_repo.link_scan(db, doc.pk, attachment.pk, user.login, now())
        audit.append(db, user.login, "document.scan_linked", doc.uid,
                     {"attachment": digest, "by_qr": by_qr}, case_pk=case_pk)

    station.write(link)
    return Linked(doc, digest, by_qr, replaced=doc.scan_attachment_pk is not None)

