"""What the console and the CLI read: the inbox, received cases (searchable), export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from county.store import Store
from desktop.domain.errors import InputError, NotFoundError
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
        """Received cases as CSV or XLSX; returns the number of rows."""
        header = ["工作站", "案号", "状态", "受理日期", "申请人", "被申请人", "请求金额（元）",
                  "版本", "接收时间"]
        rows = []
        for r in self.store.rows("SELECT station, data, version, received_at FROM records"
                                 " WHERE type = 'case' AND deleted = 0"
                                 " ORDER BY station, received_on"):
            d = json.loads(r["data"])
            side = {s: "、".join(p["name"] for p in d.get("parties", [])
                                if p.get("side") == s and not p.get("deleted"))
                    for s in ("applicant", "respondent")}
            rows.append([r["station"], d.get("case_no"), d.get("status"), d.get("received_on"),
                         side["applicant"], side["respondent"],
                         (d.get("claimed_fen") or 0) / 100, r["version"], r["received_at"]])
        if fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(header)
            writer.writerows(rows)
            target.write_bytes(buf.getvalue().encode("utf-8-sig"))
        elif fmt == "xlsx":
            from openpyxl import Workbook  # type: ignore[import-untyped]
            book = Workbook(write_only=True)
            sheet = book.create_sheet("收到的案件")
            sheet.append(header)
            for row in rows:
                sheet.append(row)
            book.save(target)
        else:
            raise InputError("导出格式只能是 csv 或 xlsx", "format must be csv or xlsx")
        return len(rows)


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
