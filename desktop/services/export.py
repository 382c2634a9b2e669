"""Export the case list as the user sees it (its filter and order) to an XLSX workbook.

Rows are read page by page and written in openpyxl's write-only mode, so a 100k-case export
never holds the whole list in memory; the file is written beside its target and renamed into
place only when complete, so a cancelled or failed export leaves nothing half-written.
"""

from __future__ import annotations

import os
from pathlib import Path

from desktop.domain import lifecycle, vocab
from desktop.domain.clocks import CLOCK_LABELS
from desktop.domain.errors import EnvironmentProblem
from desktop.domain.records import CaseListRow
from desktop.services import case_view
from desktop.services.auth import User
from desktop.services.runner import checkpoint, report
from desktop.services.station import Station
from desktop.storage.cases import CaseFilter

HEADERS = ("案号", "申请人", "申请人数", "被申请人", "争议类型", "状态", "收案日期", "受理日期",
           "调解员", "下一期限", "到期日", "剩余天数", "请求金额（元）", "协议金额（元）",
           "涉及劳动者人数", "标记")
PAGE = 2000


def row_values(r: CaseListRow) -> list[object]:
    """One case as a spreadsheet row (amounts in yuan as numbers, so they can be summed)."""
    return [r.case_no, r.first_applicant, r.applicant_count, "、".join(r.respondents),
            vocab.DISPUTE_TYPES.get(r.primary_type, r.primary_type),
            lifecycle.STATES.get(r.status, r.status), r.received_on, r.accepted_on or "",
            r.mediator_name or "", CLOCK_LABELS.get(r.next_due_key or "", r.next_due_key or ""),
            r.next_due_on or "", r.days_left, r.claimed_fen / 100,
            None if r.agreed_fen is None else r.agreed_fen / 100, r.worker_count,
            "、".join(vocab.FLAGS.get(f, f) for f in r.flags)]


def export_cases(station: Station, user: User, target: Path, *, filters: CaseFilter,
                 sort: str = "received") -> int:
    """Write every case the filter selects, in ``sort`` order, to ``target``; returns how
    many.  Reports progress and stops at a cancel (nothing is left behind)."""
    total = case_view.count(station, user, filters)
    from openpyxl import Workbook  # type: ignore[import-untyped]  # 90 ms: only when used

    book = Workbook(write_only=True)
    sheet = book.create_sheet("案件列表")
    sheet.append(list(HEADERS))
    written, after = 0, None
    while True:
        page = case_view.list_page(station, user, filters=filters, sort=sort, after=after,
                                   limit=PAGE)
        for row in page.rows:
            sheet.append(row_values(row))
        written += len(page.rows)
        report(written, total)
        checkpoint()
        if page.after is None:
            break
        after = page.after
    partial = target.with_name(target.name + ".part")
    try:
        book.save(partial)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise EnvironmentProblem(f"无法写入文件 {target}：{exc.strerror or exc}",
                                 f"cannot write {target}: {exc}") from exc
    return written
