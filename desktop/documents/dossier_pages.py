"""The pages a dossier adds around the documents: cover, contents, image pages, notes."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop.documents import fonts
from desktop.documents.context import CaseData, ar_date, names
from desktop.documents.fonts import draw_text
from desktop.documents.render import BOTTOM, LEFT, PAGE_H, PAGE_W, RIGHT, TOP
from desktop.domain import dates, vocab


@dataclass(frozen=True)
class Entry:
    title: str
    first_page: int
    pages: int


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def cover_and_contents(detail: CaseData, org: Mapping[str, Any], entries: Sequence[Entry],
                       contents_pages: int, today: date) -> bytes:
    """The cover and ``contents_pages`` pages of contents (exactly that many)."""
    fonts.register()
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, initialFontName=fonts.BODY, initialFontSize=12)
    c.setTitle(f"卷宗 {detail.case.case_no}")
    case = detail.case
    draw_text(c, PAGE_W / 2, PAGE_H - 70 * mm, _fit(org.get("name", ""), 24), 20, fonts.BODY,
          "centre")
    draw_text(c, PAGE_W / 2, PAGE_H - 95 * mm, "劳动人事争议调解卷宗", 30, fonts.TITLE, "centre")
    applicants = [p for p in detail.parties if p.side == "applicant" and p.kind != "agent"]
    respondents = [p for p in detail.parties if p.side == "respondent" and p.kind != "agent"]
    rows = [
        ("案　　号", case.case_no),
        ("案　　由", vocab.DISPUTE_TYPES.get(case.primary_type, case.primary_type) + "争议"),
        ("申 请 人", names([{"name": p.name} for p in applicants])),
        ("被申请人", names([{"name": p.name} for p in respondents])),
        ("调 解 员", case.mediator_name or ""),
        ("收案日期", ar_date(case.received_on)),
        ("结案日期", ar_date(case.closed_on) if case.closed_on else "未结案"),
        ("结案方式", _outcome(detail)),
    ]
    y = PAGE_H - 130 * mm
    for label, value in rows:
        draw_text(c, LEFT + 20 * mm, y, f"{label}：", 16)
        draw_text(c, LEFT + 55 * mm, y, _fit(value, 24), 16)
        c.line(LEFT + 54 * mm, y - 3, PAGE_W - RIGHT - 15 * mm, y - 3)
        y -= 13 * mm
    draw_text(c, PAGE_W / 2, BOTTOM, f"立卷日期：{dates.chinese_date(today)}", 14, align="centre")
    c.showPage()
    per_page = -(-len(entries) // contents_pages) if entries else 1
    for page in range(contents_pages):
        draw_text(c, PAGE_W / 2, PAGE_H - TOP + 10 * mm, "卷内目录", 22, fonts.TITLE, "centre")
        y = PAGE_H - TOP - 12 * mm
        draw_text(c, LEFT, y, "序号", 12, fonts.HEI)
        draw_text(c, LEFT + 15 * mm, y, "材料名称", 12, fonts.HEI)
        draw_text(c, PAGE_W - RIGHT, y, "页码", 12, fonts.HEI, "right")
        y -= 10 * mm
        for i, e in enumerate(entries[page * per_page:(page + 1) * per_page],
                              page * per_page + 1):
            last = e.first_page + e.pages - 1
            pages = str(e.first_page) if last == e.first_page else f"{e.first_page}–{last}"
            draw_text(c, LEFT, y, str(i), 12)
            draw_text(c, LEFT + 15 * mm, y, _fit(e.title, 36), 12)
            draw_text(c, PAGE_W - RIGHT, y, pages, 12, align="right")
            y -= 9 * mm
        c.showPage()
    c.save()
    return out.getvalue()


def _outcome(detail: CaseData) -> str:
    from desktop.domain.case_state import STATES

    return STATES.get(detail.case.status, detail.case.status)


def image_page(data: bytes) -> bytes | None:
    """An image attachment on an A4 page, fitted inside the margins (None: not an image)."""
    from desktop.documents.images import open_image
    from desktop.domain.errors import ValidationError

    try:
        img = ImageReader(open_image(data, "attachment"))
        w, h = img.getSize()
    except ValidationError:  # damaged, or too large to be a page of a dossier
        return None
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4)
    box_w, box_h = PAGE_W - 2 * 15 * mm, PAGE_H - 2 * 15 * mm
    scale = min(box_w / w, box_h / h)
    c.drawImage(img, (PAGE_W - w * scale) / 2, (PAGE_H - h * scale) / 2, w * scale, h * scale,
                preserveAspectRatio=True)
    c.showPage()
    c.save()
    return out.getvalue()


def notes_page(skipped: Sequence[str]) -> bytes:
    """卷宗说明: the attachments that could not be bound in (not PDF or image)."""
    fonts.register()
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, initialFontName=fonts.BODY)
    draw_text(c, PAGE_W / 2, PAGE_H - TOP, "卷宗说明", 22, fonts.TITLE, "centre")
    y = PAGE_H - TOP - 20 * mm
    draw_text(c, LEFT, y, "以下附件不是 PDF 或图片，未并入本卷，原件存于调解台：", 14)
    for name in skipped[:40]:
        y -= 9 * mm
        draw_text(c, LEFT + 8 * mm, y, "· " + _fit(name, 40), 12)
    c.showPage()
    c.save()
    return out.getvalue()
