"""A filled form to an A4 PDF (reportlab): GB/T 9704 layout, fonts, QR code on every page.

Layout (DOMAIN.md §3): A4, 天头 37 mm, 订口 28 mm, right 26 mm, bottom 35 mm (版心
156 × 225 mm); body 3号 (16 pt) 仿宋 on a 28.95 pt line pitch, first lines indented two
characters; title 2号 (22 pt) heavy serif; headings 黑体; page numbers "— 1 —" in the
bottom margin; the 落款 (organisation and a Chinese-numeral date) right-aligned with the
seal image over it at true size; the QR code and its short code in the bottom-left corner.

The body arrives as the block markup of forms/README.md; values filled in from the case
are bracketed by :data:`DATA_START`/:data:`DATA_END` and are never read as markup.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from desktop.documents import fonts
from desktop.documents.context import ar_date, daxie, yuan
from desktop.documents.forms import DATA_END, DATA_NL, DATA_START
from desktop.documents.markup import clean, parse_blocks
from desktop.domain import dates
from desktop.domain.errors import ValidationError

PAGE_W, PAGE_H = A4
TOP, LEFT, RIGHT, BOTTOM = 37 * mm, 28 * mm, 26 * mm, 35 * mm
FRAME_W = PAGE_W - LEFT - RIGHT
BODY_SIZE, LEADING, TITLE_SIZE, TABLE_SIZE = 16, 28.95, 22, 12
QR_SIZE = 20 * mm
CAPTURED_NOTE = "电子稿，以签章原件为准"
DEMO_NOTE = "演示工作站生成，非正式文书"


@dataclass(frozen=True)
class Marks:
    """What goes on every page besides the text."""

    qr_payload: str
    short_code: str
    watermark: str | None = None  # CAPTURED_NOTE when captured images are on the page
    demo: bool = False


@dataclass(frozen=True)
class Closing:
    """The 落款: who issues the document, when, and the seal image over it."""

    org_name: str
    issued_on: date
    date_style: str = "chinese"
    seal_png: bytes | None = None
    seal_mm: float = 42.0


@dataclass(frozen=True)
class SignerLine:
    """One signature line: what it says, the name printed, and a captured image if any."""

    key: str
    label: str
    name: str = ""
    image_png: bytes | None = None


@dataclass
class Document:
    """Everything the renderer needs for one document."""

    title: str
    number: str
    case_no: str
    body: str
    context: Mapping[str, Any]
    marks: Marks
    signers: Sequence[SignerLine] = ()
    closing: Closing | None = None
    author: str = ""
    subject: str = ""
    keywords: Sequence[str] = field(default_factory=tuple)


# --- styles ------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    body = ParagraphStyle("body", fontName=fonts.BODY, fontSize=BODY_SIZE, leading=LEADING,
                          firstLineIndent=2 * BODY_SIZE, wordWrap="CJK", alignment=TA_JUSTIFY)
    return {
        "body": body,
        "flat": ParagraphStyle("flat", parent=body, firstLineIndent=0),
        "right": ParagraphStyle("right", parent=body, firstLineIndent=0, alignment=TA_RIGHT),
        "heading": ParagraphStyle("heading", parent=body, fontName=fonts.HEI),
        "title": ParagraphStyle("title", fontName=fonts.TITLE, fontSize=TITLE_SIZE,
                                leading=TITLE_SIZE * 1.6, alignment=TA_CENTER, wordWrap="CJK",
                                spaceAfter=4),
        "number": ParagraphStyle("number", parent=body, firstLineIndent=0,
                                 alignment=TA_RIGHT, spaceAfter=6),
        "cell": ParagraphStyle("cell", fontName=fonts.BODY, fontSize=TABLE_SIZE,
                               leading=TABLE_SIZE * 1.45, wordWrap="CJK"),
        "cell_head": ParagraphStyle("cell_head", fontName=fonts.HEI, fontSize=TABLE_SIZE,
                                    leading=TABLE_SIZE * 1.45, wordWrap="CJK",
                                    alignment=TA_CENTER),
        "sign": ParagraphStyle("sign", parent=body, firstLineIndent=0, leading=BODY_SIZE * 1.4),
        "sign_date": ParagraphStyle("sign_date", parent=body, firstLineIndent=0, fontSize=14,
                                    leading=BODY_SIZE * 1.4, alignment=TA_RIGHT),
    }


def _p(text: str, style: ParagraphStyle, font: str | None = None) -> Paragraph:
    """A paragraph of plain text (escaped; a line break inside a filled-in value kept)."""
    plain = text.replace(DATA_START, "").replace(DATA_END, "")
    if not plain.strip():
        return Paragraph("&nbsp;", style)  # an empty table cell keeps a line's height
    return Paragraph(fonts.markup(plain, font or style.fontName).replace(DATA_NL, "<br/>"),
                     style)


# --- flowables ------------------------------------------------------------------------------


def _table(rows: list[list[Any]], widths: Sequence[float] | None, header: int,
           st: dict[str, ParagraphStyle]) -> Table:
    ncols = max((len(r) for r in rows), default=1)
    cells = []
    for r, row in enumerate(rows):
        style = st["cell_head"] if r < header else st["cell"]
        padded = list(row) + [""] * (ncols - len(row))
        cells.append([c if isinstance(c, Flowable) else _p(str(c), style) for c in padded])
    if widths and len(widths) == ncols and sum(widths) > 0:
        col_w = [FRAME_W * w / sum(widths) for w in widths]
    else:
        col_w = [FRAME_W / ncols] * ncols
    table = Table(cells, colWidths=col_w, repeatRows=header, splitByRow=1, splitInRow=1,
                  hAlign="LEFT")  # a row taller than a page continues on the next
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.BODY, TABLE_SIZE),  # never reportlab's Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _directive(name: str, doc: Document, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    ctx = doc.context
    if name == "parties":
        out: list[Flowable] = []
        reps = ctx["representatives"]
        applicants = reps if ctx["case"]["collective"] and reps else ctx["applicants"]
        for p in applicants:
            out.append(_p(p["line"], st["flat"]))
        if ctx["case"]["collective"] and reps:
            count = len(ctx["applicants"])
            out.append(_p(f"（以上为集体争议代表，代表全体申请人共{count}名劳动者，"
                          "名单附后。）", st["flat"]))
        for p in ctx["respondents"]:
            out.append(_p(p["line"], st["flat"]))
        for p in ctx["agents"]:
            out.append(_p(p["line"], st["flat"]))
        return out
    if name == "claims":
        claims = ctx["claims"]
        rows: list[list[Any]] = [["序号", "请求事项", "金额（小写）", "金额（大写）"]]
        rows += [[str(i), k["item"], yuan(k["amount_fen"]) if k["amount_fen"] else "—",
                  daxie(k["amount_fen"]) if k["amount_fen"] else "—"]
                 for i, k in enumerate(claims, 1)]
        total = ctx["claims_total_fen"]
        rows.append(["", "合计", yuan(total) if total else "—", daxie(total) if total else "—"])
        return [_table(rows, [10, 38, 20, 32], 1, st), Spacer(1, 6)]
    if name == "terms":
        terms = ctx["agreement"].get("terms", []) if ctx["agreement"] else []
        rows = [["序号", "履行内容", "金额", "履行期限", "履行方式及账户"]]
        for t in terms:
            money = f"{yuan(t['amount_fen'])}（{daxie(t['amount_fen'])}）" \
                if t["amount_fen"] else "—"
            how = t["method"] + (f"，账户：{t['account']}" if t["account"] else "")
            who = f"{t['payer']}向{t['payee']}" if t["payer"] and t["payee"] else t["payer"]
            rows.append([str(t["no"]), f"{who}：{t['item']}" if who else t["item"], money,
                         f"{ar_date(t['due_on'])}前", how])
        total = ctx["agreement"].get("total_fen", 0) if ctx["agreement"] else 0
        rows.append(["", "合计", f"{yuan(total)}（{daxie(total)}）", "", ""])
        return [_table(rows, [9, 29, 27, 16, 19], 1, st), Spacer(1, 6)]
    if name == "workers":
        rows = [["序号", "姓名", "证件号码", "联系电话"]]
        rows += [[str(i), p["name"], p["id_number"], p["phone"]]
                 for i, p in enumerate(ctx["applicants"], 1)]
        return [_table(rows, [10, 22, 40, 28], 1, st), Spacer(1, 6)]
    if name == "signatures":
        return _signature_block(doc.signers, st)
    if name == "pagebreak":
        return [PageBreak()]
    if name == "closing":
        return [_closing(doc)] if doc.closing is not None else []
    raise ValueError(f"unknown directive ::{name}")  # forms are checked before rendering


def _signature_block(signers: Sequence[SignerLine], st: dict[str, ParagraphStyle]
                     ) -> list[Flowable]:
    if not signers:
        return []
    rows: list[list[Any]] = []
    for s in signers:
        who = _p(f"{s.label}：{s.name}", st["sign"])
        if s.image_png:
            img = ImageReader(io.BytesIO(s.image_png))
            w, h = img.getSize()
            height = 14 * mm
            width = min(50 * mm, height * w / max(h, 1))
            mark: Any = [Image(io.BytesIO(s.image_png), width=width, height=height),
                         _p("（电子采集签名图像）", st["cell"])]
        else:
            mark = ""
        rows.append([who, mark, _p("年　　月　　日", st["sign_date"])])
    table = Table(rows, colWidths=[FRAME_W * 0.42, FRAME_W * 0.33, FRAME_W * 0.25],
                  splitByRow=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.BODY, TABLE_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 16), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
    ]))
    return [Spacer(1, 8), table]


class ClosingBlock(Flowable):
    """The 落款: the organisation and the date right-aligned (date 右空四字), the seal
    image centred over them at true size (drawn from the imported scan only)."""

    def __init__(self, closing: Closing) -> None:
        super().__init__()
        self.closing = closing
        day = closing.issued_on
        self.date_text = dates.chinese_date(day) if closing.date_style == "chinese" \
            else dates.arabic_date(day)
        self.height = LEADING * 2 + 20
        self.width = FRAME_W

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        size = BODY_SIZE
        date_right = FRAME_W - 4 * size  # 右空四字
        date_w = fonts.text_width(self.date_text, size)
        name = self.closing.org_name
        name_w = fonts.text_width(name, size)
        # The organisation's name is centred over the date.
        date_x = date_right - date_w
        centre = date_x + date_w / 2
        name_x = min(centre - name_w / 2, FRAME_W - name_w)
        y_date = 6
        y_name = y_date + LEADING
        fonts.draw_text(c, name_x, y_name, name, size)
        fonts.draw_text(c, date_x, y_date, self.date_text, size)
        if self.closing.seal_png:
            d = self.closing.seal_mm * mm
            cx, cy = centre, (y_name + y_date) / 2 + size / 3
            c.drawImage(ImageReader(io.BytesIO(self.closing.seal_png)), cx - d / 2, cy - d / 2,
                        width=d, height=d, mask="auto", preserveAspectRatio=True)


# --- pages ---------------------------------------------------------------------------------


QR_FORM = "TiaojieQR"


def qr_modules(payload: str) -> list[list[bool]]:
    """The QR code's modules (error correction M), dark as True — zxing-cpp, the library
    that also reads the codes back from scans."""
    import zxingcpp

    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image: Any = code.to_image(scale=1, add_quiet_zones=False)  # a buffer of 0 (dark)/255
    rows: list[list[int]] = memoryview(image).tolist()  # type: ignore[assignment]
    return [[value < 128 for value in row] for row in rows]


def _qr_form(canvas: Canvas, payload: str, border: int = 2) -> None:
    """Define the form XObject :data:`QR_FORM`: the code, QR_SIZE square, quiet zone
    included, its lower left corner at the origin."""
    modules = qr_modules(payload)
    box = QR_SIZE / (len(modules) + 2 * border)
    canvas.beginForm(QR_FORM, lowerx=0, lowery=0, upperx=QR_SIZE, uppery=QR_SIZE)
    canvas.setFillColor(colors.black)
    path = canvas.beginPath()
    for r, row in enumerate(modules):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rect((start + border) * box, QR_SIZE - (r + border + 1) * box,
                          (c - start) * box, box)
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.endForm()


def _page_marks(marks: Marks) -> Any:
    drawn: list[bool] = []

    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        page = canvas.getPageNumber()
        # Page number: "— 1 —", 4号 (14 pt), 7 mm above the bottom edge of the text block's
        # margin (GB/T 9704 §7.5).
        label = f"— {page} —"
        canvas.setFont(fonts.BODY, 14)
        canvas.drawCentredString(PAGE_W / 2, BOTTOM - 7 * mm - 14, label)
        # QR code and its short code, bottom left, inside the bottom margin: encoded once,
        # drawn once into a form the pages reuse.
        if not drawn:
            _qr_form(canvas, marks.qr_payload)
            drawn.append(True)
        canvas.saveState()
        canvas.translate(LEFT - 3 * mm, 6 * mm)
        canvas.doForm(QR_FORM)
        canvas.restoreState()
        canvas.setFont(fonts.BODY, 8)
        canvas.drawString(LEFT - 3 * mm + QR_SIZE + 2 * mm, 6 * mm + 8,
                          f"文书核验码 {marks.short_code}")
        if marks.demo:
            canvas.setFont(fonts.HEI, 10)
            canvas.setFillColor(colors.Color(0.6, 0, 0))
            canvas.drawCentredString(PAGE_W / 2, PAGE_H - 15 * mm, DEMO_NOTE)
        if marks.watermark:
            canvas.setFont(fonts.HEI, 10)
            canvas.setFillColor(colors.Color(0.35, 0.35, 0.35))
            canvas.drawRightString(PAGE_W - RIGHT, PAGE_H - 22 * mm, marks.watermark)
            canvas.setFillColor(colors.Color(0.5, 0.5, 0.5, alpha=0.12))
            canvas.setFont(fonts.HEI, 40)
            canvas.translate(PAGE_W / 2, PAGE_H / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, marks.watermark)
        canvas.restoreState()
    return draw


def _closing(doc: Document) -> Flowable:
    assert doc.closing is not None
    return ClosingBlock(doc.closing)


def _keep_closing(story: list[Flowable], doc: Document) -> None:
    """The 落款 (where ``::closing`` stands, else at the end), never alone on a page: it
    keeps the block before it."""
    if doc.closing is None:
        return
    last = [story.pop()] if len(story) > 2 else []
    story.append(KeepTogether(last + [Spacer(1, LEADING), _closing(doc)]))


def render(doc: Document) -> bytes:
    """The PDF of one document (bytes)."""
    st = _styles()
    story: list[Flowable] = [_p(doc.title, st["title"], fonts.TITLE)]
    if doc.number:
        story.append(_p(doc.number, st["number"]))
    if doc.case_no and doc.case_no != doc.number:
        story.append(_p(f"案号：{doc.case_no}", st["number"]))
    blocks = parse_blocks(doc.body)
    placed = ("directive", "closing") in blocks
    for kind, value in blocks:
        if kind == "directive" and value == "closing":
            _keep_closing(story, doc)
        elif kind == "directive":
            story.extend(_directive(value, doc, st))
        elif kind == "table":
            widths, rows, header = value
            story.append(_table(rows, widths, header, st))
            story.append(Spacer(1, 6))
        else:
            if kind == "heading":  # a heading never ends a page: it takes two lines with it
                story.append(CondPageBreak(LEADING * 3))
            style = {"para": "body", "flat": "flat", "right": "right", "heading": "heading"}[kind]
            story.append(_p(value, st[style]))
    if not placed:
        _keep_closing(story, doc)
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out, pagesize=A4, topMargin=TOP, bottomMargin=BOTTOM, leftMargin=LEFT,
        rightMargin=RIGHT, title=doc.title, author=doc.author, subject=doc.subject,
        keywords=list(doc.keywords), creator="调解台 Tiaojie Desk", initialFontName=fonts.BODY,
        initialFontSize=BODY_SIZE)
    marks = _page_marks(doc.marks)
    try:
        template.build(story, onFirstPage=marks, onLaterPages=marks)
    except LayoutError as exc:  # something that cannot be split is taller than a page
        raise ValidationError("文书中有内容过长，无法排入页面（例如很长的名称或请求事项），"
                              "请精简后再制作", f"content does not fit on a page: {exc}"[:300],
                              "form") from exc
    return out.getvalue()


def text_of(doc: Document) -> str:
    """Every character the document prints from data (for :func:`fonts.unprintable`)."""
    parts = [doc.title, doc.number, clean(doc.body)]
    parts += [s.label + s.name for s in doc.signers]
    if doc.closing:
        parts.append(doc.closing.org_name)
    return "".join(parts)
