"""Chinese line breaking for reportlab paragraphs (禁则: closing punctuation never starts a
line, opening punctuation never ends one).

reportlab's ``cjkFragSplit`` lets one closing mark hang in the margin but no more, so "），"
after a figure put "，" at the start of the next line; it also lets "（" end a line.  This is
the same greedy algorithm with the rule applied to a run of marks: when the break would put
a closing mark first on the next line, the break moves back before the character the mark
belongs to (or, at the start of a line, the whole run hangs).  It replaces reportlab's
function once, when the document fonts are registered.
"""

from __future__ import annotations

from typing import Any

NO_LINE_START = "，；：！？、。》」』】〕）…’”．,.;:!?)]}%"
NO_LINE_END = "（《「『【〔“‘([{"


def install() -> None:
    """Put the rules into reportlab: both of its CJK paths (one font run, several runs)."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    extra = "".join(ch for ch in NO_LINE_START if ch not in textsplit.ALL_CANNOT_START)
    if extra:
        textsplit.ALL_CANNOT_START += extra
        paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START
    paragraph.cjkFragSplit = cjk_frag_split
    paragraph.wordSplit = word_split


def _break_at(chars: list[str], start: int, end: int) -> int:
    """Where the line that overflows at ``end`` should end (exclusive): never before a
    closing mark, never after an opening one, and always after ``start``."""
    i = end
    run = 0
    while i + run < len(chars) and chars[i + run] in NO_LINE_START:
        run += 1
    if run:
        if run <= 2 and i - start > 1:
            i += run  # a mark or two hang in the margin
        else:
            i -= 1  # carry the character the marks belong to down with them
            while i > start + 1 and chars[i] in NO_LINE_START:
                i -= 1
    while i - 1 > start + 1 and chars[i - 1] in NO_LINE_END:
        i -= 1  # an opening mark goes down with what it opens
    return max(i, start + 1)


def _latin_break(chars: list[str], start: int, end: int) -> int:
    """Inside a run of Latin letters or digits, break at a space or where Chinese resumes
    (reportlab's rule), at most half a line back."""
    from unicodedata import category

    if end >= len(chars) or not chars[end] or not chars[end - 1] \
            or ord(chars[end][0]) >= 0x3000 or ord(chars[end - 1][0]) >= 0x3000:
        return end
    for j in range(end - 1, (start + end) >> 1, -1):
        c = chars[j]
        if c and (category(c[0]) == "Zs" or ord(c[0]) >= 0x3000):
            return j + 1
    return end


def split_points(chars: list[str], widths: list[float], max_widths: list[float],
                 hard: set[int] | frozenset[int] = frozenset()) -> list[tuple[int, int, bool]]:
    """Greedy lines as (start, end, ended by a hard break), with the rules above."""
    from reportlab.rl_config import _FUZZ

    out: list[tuple[int, int, bool]] = []
    start, n = 0, len(chars)
    while start < n:
        max_width = max_widths[min(len(out), len(max_widths) - 1)]
        used, i, forced = 0.0, start, False
        while i < n:
            if used + widths[i] > max_width + _FUZZ and i > start:
                break
            used += widths[i]
            i += 1
            if i - 1 in hard:
                forced = True
                break
        if i < n and not forced:
            i = _break_at(chars, start, _latin_break(chars, start, i))
        out.append((start, i, forced))
        start = i
    return out


def word_split(word: str | bytes, max_widths: Any, font_name: str, font_size: float,
               encoding: str = "utf8") -> list[list[Any]]:
    """reportlab's ``wordSplit`` (one font run) with the rules above."""
    text = word.decode(encoding) if isinstance(word, bytes) else word
    if not isinstance(max_widths, list | tuple):
        max_widths = [max_widths]
    chars = list(text)
    known = _widths(font_name, font_size)
    widths = [known[c] if c in known else _measure(known, c, font_name, font_size)
              for c in chars]
    lines = []
    for n, (a, b, _forced) in enumerate(split_points(chars, widths, list(max_widths))):
        max_width = max_widths[min(n, len(max_widths) - 1)]
        lines.append([max_width - sum(widths[a:b]), text[a:b].strip()])
    return lines


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _widths(font_name: str, font_size: float) -> dict[str, float]:
    """Character widths already measured in this font and size (text repeats a lot)."""
    return _WIDTHS.setdefault((font_name, font_size), {})


def _measure(known: dict[str, float], char: str, font_name: str, font_size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    known[char] = width = stringWidth(char, font_name, font_size)
    return width


def _width(u: Any, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return float(w)


def cjk_frag_split(frags: Any, max_widths: Any, calc_bounds: Any, encoding: str = "utf8"
                   ) -> Any:
    """reportlab's ``cjkFragSplit`` (several font runs) with the rules above."""
    from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

    units: list[Any] = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend(cjkU(t, f, encoding) for t in text)
        else:
            units.append(cjkU(text, f, encoding))
    chars = [str(u) for u in units]
    widths = [_width(u, max_widths[0]) for u in units]
    hard = {i for i, u in enumerate(units) if hasattr(u.frag, "lineBreak")}
    lines = []
    for n, (a, b, forced) in enumerate(split_points(chars, widths, list(max_widths), hard)):
        max_width = max_widths[min(n, len(max_widths) - 1)]
        used = sum(widths[a:b])
        lines.append(makeCJKParaLine(units[a:b], max_width, used, max_width - used, forced,
                                     calc_bounds))
    return ParaLines(kind=1, lines=lines)
