"""The block markup of a filled form body (forms/README.md) read into blocks.

Values filled in from the case are bracketed by DATA_START/DATA_END and are never read as
markup: a summary that starts with ``#`` or ``::`` or holds ``|`` stays text.
"""

from __future__ import annotations

import re
from typing import Any

from desktop.documents.forms import DATA_END, DATA_NL, DATA_START

# --- the block markup ----------------------------------------------------------------------

_DIRECTIVE = re.compile(r"::([a-z]+)\s*$")


def _is_data(line: str) -> bool:
    return line.startswith(DATA_START)


def _cells(line: str) -> list[str]:
    """A table row's cells, split on ``|`` outside filled-in values."""
    cells: list[str] = []
    current: list[str] = []
    inside = False
    for ch in line.strip()[1:]:
        if ch == DATA_START:
            inside = True
        elif ch == DATA_END:
            inside = False
        elif ch == "|" and not inside:
            cells.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    if "".join(current).strip():
        cells.append("".join(current).strip())
    return cells


def clean(text: str) -> str:
    return text.replace(DATA_START, "").replace(DATA_END, "").replace(DATA_NL, "\n").strip()


def parse_blocks(text: str) -> list[tuple[str, Any]]:
    """The filled body as blocks: ``("para", text)``, ``("flat", text)``, ``("right",
    text)``, ``("heading", text)``, ``("table", (widths, rows, header_rows))`` and
    ``("directive", name)``."""
    blocks: list[tuple[str, Any]] = []
    para: list[str] = []
    table: list[str] = []

    def flush_para() -> None:
        if para:
            joined = "".join(para)
            if clean(joined):
                blocks.append(("para", joined))
            para.clear()

    def flush_table() -> None:
        if table:
            blocks.append(("table", _table_rows(table)))
            table.clear()

    for raw in text.split("\n"):
        line = raw.rstrip()
        stripped = line.strip()
        markup = not _is_data(stripped)
        if markup and stripped.startswith("|"):
            flush_para()
            table.append(stripped)
            continue
        flush_table()
        if not clean(stripped):
            flush_para()
            continue
        if markup and (m := _DIRECTIVE.fullmatch(stripped)):
            flush_para()
            blocks.append(("directive", m.group(1)))
        elif markup and stripped.startswith(">>"):
            flush_para()
            blocks.append(("right", stripped[2:]))
        elif markup and stripped.startswith(">"):
            flush_para()
            blocks.append(("flat", stripped[1:]))
        elif markup and stripped.startswith("#"):
            flush_para()
            blocks.append(("heading", stripped.lstrip("#")))
        else:
            para.append(stripped)
    flush_table()
    flush_para()
    return blocks


def _table_rows(lines: list[str]) -> tuple[list[float] | None, list[list[str]], int]:
    widths: list[float] | None = None
    rows: list[list[str]] = []
    header = 0
    for line in lines:
        cells = _cells(line)
        if cells and cells[0].startswith("%") and not rows:
            try:
                widths = [float(c.lstrip("%").strip()) for c in cells]
            except ValueError:
                widths = None
            continue
        if cells and cells[0].startswith("-") and len(rows) == header:
            cells[0] = cells[0][1:]
            header += 1
        rows.append(cells)
    return widths, rows, header
