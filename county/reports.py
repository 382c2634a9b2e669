"""What the console and the CLI read: the inbox, received cases (searchable), export."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from county.store import Store
from desktop.domain.errors import InputError, NotFoundError
from desktop.services.files import write_atomically
from desktop.sync import batches


class Reports:
    """Reading methods of :class:`county.service.County` (over ``self.store``)."""

    store: Store

    def inbox(self, limit: int = 100) -> list[dict[str, Any]]:
        return self.store.rows("SELECT station, seq, id, kind, batch, received_at, status,"
                               " records, bytes FROM messages ORDER BY received_at DESC,"
                               " seq DESC LIMIT ?", [limit])

    def cases(self, query: str = "", station: str = "", limit: int = 200
              ) -> list[dict[str, Any]]:
        sql = ("SELECT station, uid, version, title, status, received_on, received_at,"
               " deleted FROM records WHERE type = 'case'")
        params: list[Any] = []
        if query.strip():
            sql += " AND search LIKE ?"
            params.append(f"%{query.strip()}%")
        if station:
            sql += " AND station = ?"
            params.append(station)
        return self.store.rows(sql + " ORDER BY received_on DESC, uid LIMIT ?",
                               [*params, limit])

    def case(self, station: str, uid: str) -> dict[str, Any]:
        row = self.store.one("SELECT * FROM records WHERE station = ? AND type = 'case'"
                             " AND uid = ?", [station, uid])
        if row is None:
            raise NotFoundError("没有这个案件", f"no case {uid} from {station}")
        row["data"] = json.loads(row["data"])
        return row

    def export_cases(self, target: Path, fmt: str) -> int:
        """Received cases as CSV or XLSX; returns the number of rows.

        The file is written whole beside ``target`` and renamed into place (a full disk
        leaves no half file).  A station's text is data, never a formula: every text cell
        is an explicit string in XLSX, and in CSV a value starting with = + - @ or a tab or
        carriage return is prefixed with ``'``.
        """
        if fmt not in ("csv", "xlsx"):
            raise InputError("导出格式只能是 csv 或 xlsx", "format must be csv or xlsx",
                             "--format")
        rows = self.export_rows()
        data = _csv_bytes(rows) if fmt == "csv" else _xlsx_bytes(rows)
        write_atomically(Path(target), data)
        return len(rows) - 1

    def export_rows(self) -> list[list[Any]]:
        """The header and one row per received case: text as text, the claimed amount as
        yuan with two decimals (a ``Decimal``), the status in Chinese."""
        from desktop.domain import case_state
        rows: list[list[Any]] = [list(EXPORT_HEADER)]
        for r in self.store.rows("SELECT station, data, version, received_at FROM records"
                                 " WHERE type = 'case' AND deleted = 0"
                                 " ORDER BY station, received_on"):
            try:
                d = json.loads(r["data"])
            except ValueError:
                continue
            if not isinstance(d, dict):
                continue
            parties = [p for p in d.get("parties") or () if isinstance(p, dict)
                       and not p.get("deleted") and isinstance(p.get("name"), str)]
            side = {s: "、".join(p["name"] for p in parties if p.get("side") == s)
                    for s in ("applicant", "respondent")}
            status = d.get("status")
            rows.append([_text(r["station"]), _text(d.get("case_no")),
                         case_state.STATES.get(status, _text(status)) if isinstance(
                             status, str) else "",
                         _text(d.get("received_on")), side["applicant"], side["respondent"],
                         _yuan(d.get("claimed_fen")), r["version"], _text(r["received_at"])])
        return rows


EXPORT_HEADER = ("工作站", "案号", "状态", "受理日期", "申请人", "被申请人", "请求金额（元）",
                 "版本", "接收时间")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _yuan(fen: Any) -> Decimal | None:
    """Fen as yuan with two decimals; anything that is not a whole number of fen: empty."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        return None
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def csv_safe(value: str) -> str:
    """A text value a spreadsheet opening the CSV will not run as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _csv_bytes(rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    for row in rows:
        writer.writerow([csv_safe(v) if isinstance(v, str) else "" if v is None else str(v)
                         for v in row])
    return buf.getvalue().encode("utf-8-sig")


def _xlsx_bytes(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("收到的案件")
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"  # text is text: never a formula
            else:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, Decimal):
                    cell.number_format = "0.00"
            cells.append(cell)
        sheet.append(cells)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def case_summary(r: batches.Record) -> tuple[str | None, str | None, str | None, str | None]:
    if r.type != "case":
        name = r.data.get("name") if isinstance(r.data.get("name"), str) else None
        return name, name, None, None
    d = r.data
    names = [str(p["name"]) for p in d.get("parties") or () if isinstance(p, dict)
             and isinstance(p.get("name"), str)]
    title = str(d.get("case_no") or "")
    search = " ".join([title, *names, str(d.get("summary") or "")[:200]])
    status = d.get("status") if isinstance(d.get("status"), str) else None
    received = d.get("received_on") if isinstance(d.get("received_on"), str) else None
    return title, search, status, received
