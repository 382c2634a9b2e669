"""Issuing documents: which forms a case may have, filling, rendering, signing, archiving.

Issuing runs as one write: the document number (gapless, one counter a year per series),
the rendered and signed file in the content-addressed store, the ``documents`` row and the
audit entry commit together; a failure leaves nothing issued.  Re-issuing a form makes a
new version with the same number; nothing issued is ever overwritten or deleted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop.documents import context as ctxm
from desktop.documents import forms, render, signing
from desktop.domain import lifecycle
from desktop.domain.errors import (
    EnvironmentProblem,
    NotFoundError,
    TransitionError,
    ValidationError,
    os_error_reason,
)
from desktop.domain.signers import PartyFacts
from desktop.services import auth, case_view
from desktop.services.auth import User
from desktop.services.case_work import CaseWork, case_snapshot
from desktop.services.files import check_output, write_atomically
from desktop.services.station import Station
from desktop.storage import audit
from desktop.storage import documents as doc_repo
from desktop.storage import station as station_repo
from desktop.storage.bulk import reserve_numbers
from desktop.storage.db import Database
from desktop.storage.documents import IssuedDocument
from desktop.storage.rows import now

log = logging.getLogger(__name__)

QR_PREFIX = "TJDOC:1"
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
SEAL_MM_KEY = "seal_mm"


@dataclass(frozen=True)
class Offer:
    """One form as it stands for a case: offered or not, what is missing, what was issued."""

    code: str
    title: str
    description: str
    offered: bool
    missing: tuple[str, ...]
    copies: int
    builtin: bool
    issued: tuple[IssuedDocument, ...] = ()
    order: int = 100  # the form's place in the dossier (DOMAIN.md §2)
    # For the agreement a form writes out: the signatures and seal recorded on it, and those
    # still wanting (the paper original's state, from the 签名盖章 steps).
    signed: tuple[str, ...] = ()
    unsigned: tuple[str, ...] = ()


@dataclass(frozen=True)
class Listing:
    """The documents page of a case."""

    offers: list[Offer]
    problems: tuple[forms.FormProblem, ...]
    issued: list[IssuedDocument] = field(default_factory=list)


def catalogue(station: Station) -> forms.Catalogue:
    """The forms in force for this station (built-in, then the station's own)."""
    return forms.load_catalogue(station.paths.forms, ctxm.FILTERS)


def case_facts(station: Station, detail: case_view.CaseDetail) -> forms.CaseFacts:
    """What decides which forms the case may have: its state, source, flags, the steps
    recorded (with ``code:choice`` for each choice they recorded) and the steps the law
    allows today — judged with every guard, the clocks' too (no 仲裁审查申请书 once its
    15 days have passed or for an agreement confirming a labour relation)."""
    c = detail.case
    recorded = set()
    for e in detail.events:
        recorded.add(e.event)
        recorded.update(f"{e.event}:{v}" for v in e.data.values() if isinstance(v, str))
    with station.snapshot() as db:
        work = CaseWork.load(db, c.pk)
    snap = case_snapshot(work, detail.clocks)
    allowed = set()
    for code in detail.allowed_events:
        try:
            lifecycle.next_state(snap, code, {})
        except TransitionError:
            continue
        allowed.add(code)
    return forms.CaseFacts(c.kind, c.status, c.source, c.flags, frozenset(recorded),
                           frozenset(allowed))


def listing(station: Station, case_ref: str | int, user: User) -> Listing:
    """Every form with whether the case may have it now, and what was issued."""
    return listing_of(station, case_view.show(station, case_ref, user))


def listing_of(station: Station, detail: case_view.CaseDetail) -> Listing:
    """:func:`listing` for a case already read (and its reading already audited)."""
    cat = catalogue(station)
    facts = case_facts(station, detail)
    issued = doc_repo.documents(station.read(), detail.case.pk)
    ctx = _context(station, detail, {"number": "", "title": ""}, station.today(), issued)
    signed, unsigned = _signatures(detail)
    offers = []
    for form in sorted(cat.forms.values(), key=lambda f: (f.order, f.code)):
        ok = forms.offered(form, facts)
        missing = tuple(forms.missing_fields(form, ctx)) if ok else ()
        agreement = "parties" in form.signers and bool({"agree", "settle"} & set(form.events_any))
        offers.append(Offer(form.code, form.title, form.description, ok, missing, form.copies,
                            form.builtin, tuple(d for d in issued if d.form_code == form.code),
                            form.order, signed if agreement else (),
                            unsigned if agreement else ()))
    return Listing(offers, cat.problems, issued)


def _signatures(detail: case_view.CaseDetail) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Labels of the agreement's recorded signatures and of those still wanting."""
    if detail.agreement is None:
        return (), ()
    facts = [PartyFacts(p.position, p.side, p.kind, p.representative, p.role)
             for p in detail.parties]
    names = {p.position: p.name for p in detail.parties}
    done = detail.agreement.signatures
    return (tuple(ctxm.signed_label(k, facts, names) for k in detail.required_signers
                  if k in done),
            tuple(ctxm.signed_label(k, facts, names) for k in detail.required_signers
                  if k not in done))


def _context(station: Station, detail: case_view.CaseDetail, doc: Mapping[str, Any],
             today: date, issued: list[IssuedDocument]) -> dict[str, Any]:
    return ctxm.build(detail, station.org, doc=doc, today=today,
                      issued={d.form_code: d.number for d in issued})


def document_number(org: Mapping[str, Any], series: str, year: int, n: int) -> str:
    """王舍人劳人调〔2026〕协字第3号 (DOMAIN.md §2: one counter per series and year)."""
    return f"{org.get('short_name', '')}劳人调〔{year}〕{series}字第{n}号"


def new_uid() -> str:
    """A document's short code: 10 Crockford base32 characters (50 random bits)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(10))


def qr_payload(uid: str, case_no: str, content_sha256: str) -> str:
    return f"{QR_PREFIX}:{uid}:{case_no}:{content_sha256[:16]}"


def parse_qr(text: str) -> tuple[str, str, str] | None:
    """(uid, case number, content hash prefix) from a QR payload, or None."""
    if not text.startswith(QR_PREFIX + ":"):
        return None
    rest = text[len(QR_PREFIX) + 1:]
    uid, _, tail = rest.partition(":")
    case_no, _, prefix = tail.rpartition(":")
    if len(uid) != 10 or not all(ch in _ALPHABET for ch in uid) or not case_no:
        return None
    return uid, case_no, prefix


def signer_lines(form: forms.Form, ctx: Mapping[str, Any],
                 images: Mapping[str, bytes]) -> list[render.SignerLine]:
    """The signature lines ``form.signers`` names, with captured images where recorded."""
    lines: list[render.SignerLine] = []

    def party_lines(parties: list[dict[str, Any]]) -> None:
        for p in parties:
            key = f"party:{p['position']}"
            label = p["side"] + ("代表" if p["representative"] else "")
            if p["role"] and not p["representative"]:
                label += f"（{p['role']}）"
            if p["kind_code"] == "employer":
                label += "（盖章）"
            lines.append(render.SignerLine(key, label, p["name"], images.get(key)))

    collective_reps = ctx["representatives"] if ctx["case"]["collective"] else []
    for kind in form.signers:
        if kind == "parties":
            party_lines((collective_reps or ctx["applicants"]) + ctx["respondents"])
        elif kind == "applicants":
            party_lines(collective_reps or ctx["applicants"])
        elif kind == "respondents":
            party_lines(ctx["respondents"])
        elif kind == "mediator":
            lines.append(render.SignerLine("mediator", "调解员", ctx["case"]["mediator"],
                                           images.get("mediator")))
        elif kind == "servers":
            lines += [render.SignerLine("server:1", "送达人"), render.SignerLine("server:2",
                                                                              "送达人")]
        else:
            label = forms.SIGNER_KINDS[kind]
            name = {"visitor": ctx["last"]["follow_up"].get("visitor", ""),
                    "assessor": ctx["last"]["capacity_assessed"].get("assessor", "")}.get(kind, "")
            lines.append(render.SignerLine(kind, label, str(name or ""), images.get(kind)))
    return lines


@dataclass(frozen=True)
class Issued:
    """An issued document and where its file is."""

    document: IssuedDocument
    path: Path


def issue(station: Station, case_ref: str | int, code: str, user: User, *,
          with_seal: bool = False, captured: bool = True) -> Issued:
    """Fill, render, sign and archive one document.

    Args:
        with_seal: place the organisation's imported seal image over the 落款 (the PDF then
            says it is an electronic copy); refused when no seal was imported.
        captured: place the signature images captured for this case.

    Raises:
        NotFoundError: no such case or form.
        TransitionError: the law does not allow this document for the case now.
        ValidationError: required fields missing (all listed), or characters no font has.
        EnvironmentProblem: the keys or the file store cannot be written.
    """
    auth.authorize(station.store, user, "write")
    detail = case_view.show(station, case_ref, user)
    cat = catalogue(station)
    form = cat.get(code)
    if not forms.offered(form, case_facts(station, detail)):
        raise TransitionError(f"本案件目前不能制作《{form.title}》（案件状态或来源不适用）",
                              f"form {code} is not available for this case now", "form")
    today = station.today()
    earlier = doc_repo.documents(station.read(), detail.case.pk)
    probe = _context(station, detail, {"number": "", "title": form.title}, today, earlier)
    missing = forms.missing_fields(form, probe)
    if missing:
        listed = "；".join(f"{i}. {m}" for i, m in enumerate(missing, 1))
        raise ValidationError(f"缺少以下内容，未制作《{form.title}》：{listed}",
                              f"missing required fields for {code}: {len(missing)}", "form")
    seal_png = _seal_png(station) if with_seal else None
    images = _captured_images(station, detail.case.pk) if captured else {}
    identity = signing.ensure_identity(station.paths.root, station.org.get("name", ""))
    form_sha = hashlib.sha256(form.path.read_bytes()).hexdigest()

    def write(db: Database) -> IssuedDocument:
        version, number = doc_repo.next_version(db, detail.case.pk, code)
        if number is None:
            n = reserve_numbers(db, f"doc:{form.series}", today.year, 1)
            number = document_number(station.org, form.series, today.year, n)
        ctx = _context(station, detail, {"number": number, "title": form.title}, today,
                       doc_repo.documents(db, detail.case.pk))
        text = form.fill(ctx)
        lines = signer_lines(form, ctx, images)
        uid = new_uid()
        while doc_repo.by_uid(db, uid) is not None:
            uid = new_uid()
        content = hashlib.sha256(json.dumps(
            [code, form_sha, version, number, detail.case.case_no, uid, text,
             [(s.key, s.label, s.name) for s in lines]], ensure_ascii=False
        ).encode("utf-8")).hexdigest()
        placed = bool(seal_png) or any(s.image_png for s in lines)
        doc = render.Document(
            title=form.title, number=number, case_no=detail.case.case_no, body=text,
            context=ctx, signers=lines,
            marks=render.Marks(qr_payload(uid, detail.case.case_no, content),
                               f"{uid[:5]}-{uid[5:]}",
                               watermark=render.CAPTURED_NOTE if placed else None,
                               demo=station.is_demo),
            closing=render.Closing(station.org.get("name", ""), today, form.date_style,
                                   seal_png, _seal_mm(db)) if form.seal else None,
            author=station.org.get("name", ""), subject=f"{form.title} {number}",
            keywords=(qr_payload(uid, detail.case.case_no, content),))
        bad = _unprintable(ctx, text, lines)
        if bad:
            raise ValidationError(
                f"以下字符无法用文书字体打印：{'、'.join(bad)}。请检查姓名等内容；"
                "生僻字可改用通用写法，并在文书上手写补正",
                f"characters no document font has: {' '.join(bad)}", "form")
        pdf = signing.sign_pdf(render.render(doc), identity, reason=f"{form.title} {number}",
                               location=station.org.get("name", ""))
        digest = store_file(station, pdf)
        at = now()
        row = {"uid": uid, "case_pk": detail.case.pk, "form_code": code, "title": form.title,
               "number": number, "version": version, "sha256": digest,
               "content_sha256": content, "size": len(pdf), "pages": _pages(pdf),
               "form_origin": "builtin" if form.builtin else "station", "form_sha256": form_sha,
               "sealed": int(bool(seal_png)), "captured": int(any(s.image_png for s in lines)),
               "cert_sha256": identity.cert_sha256, "issued_on": today.isoformat(),
               "issued_at": at, "issued_by": user.login}
        doc_repo.insert_document(db, row)
        audit.append(db, user.login, "document.issue", uid,
                     {"form": code, "version": version, "number": number, "sha256": digest,
                      "sealed": bool(seal_png), "captured": row["captured"] == 1},
                     case_pk=detail.case.pk)
        made = doc_repo.by_uid(db, uid)
        assert made is not None
        return made

    issued = station.write(write)
    return Issued(issued, station.paths.attachment_file(issued.sha256))


def _unprintable(ctx: Mapping[str, Any], text: str, lines: list[render.SignerLine]) -> list[str]:
    from desktop.documents import fonts

    parts = [text] + [s.label + s.name for s in lines]
    parts += [p["line"] for p in ctx["all_parties"]]
    return fonts.unprintable("".join(parts).replace(forms.DATA_START, "")
                             .replace(forms.DATA_END, ""))


def _pages(pdf: bytes) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def store_file(station: Station, data: bytes) -> str:
    """Put bytes into the content-addressed file store; returns their SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    target = station.paths.attachment_file(digest)
    if not target.exists():
        write_atomically(target, data, durable=True)
    return digest


def _seal_png(station: Station) -> bytes:
    try:
        return station.paths.seal.read_bytes()
    except FileNotFoundError:
        raise ValidationError("本站尚未导入印章图片（管理员可在“工作站设置”中导入）",
                              "no seal image imported yet", "seal") from None
    except OSError as exc:
        raise EnvironmentProblem(f"无法读取印章图片：{os_error_reason(exc, reading=True)}",
                                 f"cannot read the seal image: {exc.strerror}") from exc


def _seal_mm(db: Database) -> float:
    value = station_repo.setting(db, SEAL_MM_KEY)
    try:
        return float(value) if value else 42.0
    except ValueError:
        return 42.0


def _captured_images(station: Station, case_pk: int) -> dict[str, bytes]:
    out = {}
    for signer, digest in doc_repo.captures(station.read(), case_pk).items():
        try:
            out[signer] = station.paths.attachment_file(digest).read_bytes()
        except OSError:
            log.warning("captured signature image missing for %s", signer)
    return out


def document_bytes(station: Station, doc: IssuedDocument) -> bytes:
    """The issued file, checked against its recorded hash.

    Raises:
        EnvironmentProblem: the file is missing or no longer matches (damaged store).
    """
    path = station.paths.attachment_file(doc.sha256)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EnvironmentProblem(f"文书文件缺失：{doc.title}（第{doc.version}版）。"
                                 "请运行 tiaojie check 并从备份恢复",
                                 f"issued file missing: {path}") from exc
    if hashlib.sha256(data).hexdigest() != doc.sha256:
        raise EnvironmentProblem(f"文书文件已损坏：{doc.title}（第{doc.version}版），"
                                 "与存档时的校验值不一致", f"issued file damaged: {path}")
    return data


def find(station: Station, user: User, *, code: str | None = None,
         sha256: str | None = None) -> IssuedDocument:
    """An issued document by its short code (``ABCDE-FGHJK``) or its file hash."""
    auth.authorize(station.store, user, "read")
    db = station.read()
    found = None
    if code is not None:
        found = doc_repo.by_uid(db, code.replace("-", "").replace(" ", "").upper())
    elif sha256 is not None:
        found = doc_repo.by_sha256(db, sha256)
    if found is None:
        raise NotFoundError("找不到该文书（核验码不对，或不是本站签发的文书）",
                            "no document with that code on this station", "code")
    return found


def save_copy(station: Station, doc: IssuedDocument, target: Path | str) -> Path:
    """Copy an issued document out of the archive to ``target`` (see :func:`check_output`).

    Raises:
        InputError: a target that may not be written; EnvironmentProblem: the archived
            file is missing or damaged, or the target cannot be written.
    """
    path = check_output(station, target)
    write_atomically(path, document_bytes(station, doc))
    return path
