"""Reading a worker list pasted from Excel, a document or a chat (劳动者名单): one worker per
line with name, ID number and phone in any order.  Plain text in, ``(name, number, phone)``
out; no widgets."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

NAME, NUMBER, PHONE = range(3)  # the columns of desktop.ui.worker_list's table too

# Words of a pasted list's header cells (data, not interface text); "职工姓名" and
# "联系电话" match too.  Kept specific, so that no worker's name is read as a header.
HEADERS = {NAME: ("姓名", "名字"),  # notr: pasted header words
           NUMBER: ("身份证", "证件号", "身份号码"),  # notr: pasted header words
           PHONE: ("电话", "手机", "联系方式")}  # notr: pasted header words
_CJK = re.compile(r"^[\u3400-\u9fff\u00b7\s]+$")
_ID_LIKE = re.compile(r"^[0-9]{14,18}[0-9X]?$")
_PHONE_LIKE = re.compile(r"^[0-9+()\-\s转分机#]{5,24}$")  # notr: extension words
_SERIAL = re.compile(r"^[0-9]{1,4}$")  # a 序号 column
_SEPARATORS = re.compile(r"[,，;；]")



def clean_name(text: str) -> str:
    """A name as pasted: trimmed; spaces inside a Chinese name (张　三) removed."""
    text = unicodedata.normalize("NFKC", text).strip().strip('"').strip()
    return re.sub(r"\s+", "", text) if _CJK.match(text) else re.sub(r"\s+", " ", text)


def clean_number(text: str) -> str:
    """An ID number as pasted: full-width digits made ASCII, spaces dropped, x upper-cased."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).strip('"').upper()


def clean_phone(text: str) -> str:
    """A phone number as pasted (the validator reads the rest)."""
    return unicodedata.normalize("NFKC", text).strip().strip('"').strip()


def _kind_of(cell: str) -> int | None:
    """Which column a cell without a header belongs to, judged by its look."""
    squeezed = clean_number(cell)
    if not squeezed or _SERIAL.match(squeezed):
        return None
    if _ID_LIKE.match(squeezed):
        return NUMBER
    if _PHONE_LIKE.match(cell):
        return PHONE
    return NAME


def _header(cells: Sequence[str]) -> dict[int, int] | None:
    """Column → field of a header row, or None when the row is data."""
    found: dict[int, int] = {}
    for i, cell in enumerate(cells):
        for field, words in HEADERS.items():
            if field not in found.values() and any(w in cell for w in words):
                found[i] = field
                break
    if not found or any(_kind_of(c) in (NUMBER, PHONE) for c in cells):
        return None
    return found


def _cells(line: str) -> list[str]:
    line = unicodedata.normalize("NFKC", line)
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    if _SEPARATORS.search(line):
        return [c.strip() for c in _SEPARATORS.split(line)]
    return line.split()


def parse_workers(text: str) -> list[tuple[str, str, str]]:
    """Read a worker list copied from Excel, a document or a chat: one worker per line with
    name, ID number and phone in any order (1–3 columns, tab-, comma- or space-separated).

    Windows line endings, blank lines, a header row, a 序号 column and full-width spaces and
    digits are all taken in stride.  Returns ``(name, number, phone)`` per worker.
    """
    workers: list[tuple[str, str, str]] = []
    columns: dict[int, int] | None = None
    for line in text.splitlines():
        cells = _cells(line)
        if not any(cells):
            continue
        if not workers and columns is None and (head := _header(cells)) is not None:
            columns = head
            continue
        found = {NAME: "", NUMBER: "", PHONE: ""}
        spare: list[str] = []
        for i, cell in enumerate(cells):
            field = columns.get(i) if columns and "\t" in line else _kind_of(cell)
            if field is None:
                continue
            if found[field]:
                spare.append(cell)
            else:
                found[field] = cell
        if not found[NAME] and spare:
            found[NAME] = spare[0]
        elif found[NAME] and not columns and "\t" not in line:
            # "张 三 3701…" split on spaces: the pieces of the name belong together.
            found[NAME] = " ".join([found[NAME], *(s for s in spare if _kind_of(s) == NAME)])
        entry = (clean_name(found[NAME]), clean_number(found[NUMBER]), clean_phone(found[PHONE]))
        if any(entry):
            workers.append(entry)
    return workers
