"""The document fonts, registered with reportlab once per process.

* ``TJFang`` — FandolFang, the 仿宋 of the body (GB 2312 and more);
* ``TJTitle`` — Noto Serif CJK SC Black (subset), the heavy title standing in for 小标宋;
* ``TJHei`` — WenQuanYi Micro Hei, the 黑体 of headings;
* ``TJSupp`` — Noto Serif CJK SC Regular, only the characters FandolFang lacks (rare
  characters of names: 堃, 喆, 珺 …).

All are TrueType files shipped in ``resources/fonts`` (tools/build_fonts.py made the
converted ones) and are embedded as subsets.  :func:`markup` wraps every character the
body font lacks in the supplement font, so a rare name is never printed blank; a character
no font has is refused before anything is issued (:func:`unprintable`).
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop import resources
from desktop.documents import linebreak

BODY, TITLE, HEI, SUPPLEMENT = "TJFang", "TJTitle", "TJHei", "TJSupp"
FILES = {BODY: "FandolFang-Regular.ttf", TITLE: "NotoSerifSC-Black-Subset.ttf",
         HEI: "wqy-microhei.ttc", SUPPLEMENT: "NotoSerifSC-Regular-Supplement.ttf"}
_lock = threading.Lock()
_registered = False


def register() -> None:
    """Register the four fonts with reportlab (idempotent, thread-safe).

    Raises:
        EnvironmentProblem: a font file is missing or damaged (a broken installation).
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from desktop.domain.errors import EnvironmentProblem

        for name, file in FILES.items():
            path = resources.resource("fonts", file)
            try:
                font = TTFont(name, str(path), subfontIndex=0) if file.endswith(".ttc") \
                    else TTFont(name, str(path))
            except Exception as exc:  # reportlab raises TTFError or OSError
                raise EnvironmentProblem(
                    f"文书字体文件缺失或损坏：{file}。请重新安装调解台",
                    f"document font missing or damaged: {path} ({exc})") from exc
            pdfmetrics.registerFont(font)
        linebreak.install()
        from reportlab import rl_config

        rl_config.useA85 = 0  # images as binary streams: smaller, and no pure-Python encoding
        _registered = True


NO_LINE_START = linebreak.NO_LINE_START


@cache
def _cmap(name: str) -> frozenset[int]:
    register()
    face = pdfmetrics.getFont(name).face  # type: ignore[attr-defined]
    return frozenset(face.charToGlyph)


def covered(char: str, font: str = BODY) -> bool:
    return ord(char) in _cmap(font)


def unprintable(text: str) -> list[str]:
    """Characters neither the body font nor the supplement can print (distinct, in order)."""
    body, supp = _cmap(BODY), _cmap(SUPPLEMENT)
    seen: list[str] = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or code in body or code in supp or ch in seen:
            continue
        seen.append(ch)
    return seen


def markup(text: str, font: str = BODY) -> str:
    """``text`` escaped for a reportlab paragraph, with every character ``font`` lacks
    set in the supplement font."""
    have = _cmap(font)
    out: list[str] = []
    run: list[str] = []
    for ch in text:
        if ord(ch) in have or ch in "\n\t ":
            if run:
                out.append(f'<font name="{SUPPLEMENT}">{escape("".join(run))}</font>')
                run = []
            out.append(escape(ch))
        else:
            run.append(ch)
    if run:
        out.append(f'<font name="{SUPPLEMENT}">{escape("".join(run))}</font>')
    return "".join(out)


def _runs(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` cut into (font, piece) runs: ``font`` where it has the character, else the
    supplement."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        use = font if covered(ch, font) else SUPPLEMENT
        if runs and runs[-1][0] == use:
            runs[-1] = (use, runs[-1][1] + ch)
        else:
            runs.append((use, ch))
    return runs


def text_width(text: str, size: float, font: str = BODY) -> float:
    """The width ``text`` takes when drawn by :func:`draw_text`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(piece, use, size) for use, piece in _runs(text, font))


def draw_text(canvas: Any, x: float, y: float, text: str, size: float, font: str = BODY,
              align: str = "left") -> None:
    """Draw one line on a canvas (``align``: left, centre or right of ``x``), characters the
    font lacks set in the supplement font."""
    if align == "centre":
        x -= text_width(text, size, font) / 2
    elif align == "right":
        x -= text_width(text, size, font)
    for use, piece in _runs(text, font):
        canvas.setFont(use, size)
        canvas.drawString(x, y, piece)
        x += canvas.stringWidth(piece, use, size)
