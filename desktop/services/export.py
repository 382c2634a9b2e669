"""Export the case list as the user sees it (its filter and order) to an XLSX workbook.

Rows are read page by page and written in openpyxl's write-only mode, so a 100k-case export
never holds the whole list in memory; the file is written beside its target and renamed into
place only when complete, so a cancelled or failed export leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import logging
import os
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from desktop.domain import lifecycle, vocab
from desktop.domain.clocks import CLOCK_LABELS
from desktop.domain.records import CaseListRow
from desktop.services import case_view
from desktop.services.auth import User
from desktop.services.files import check_output, write_problem
from desktop.services.runner import checkpoint, report
from desktop.services.station import Station
from desktop.storage.cases import CaseFilter

log = logging.getLogger(__name__)

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
    many.  Reports progress and stops at a cancel (nothing is left behind).

    The ``.part`` file beside the target is opened first, so a folder that cannot be
    written (read-only, missing, full) is reported before any row is read.

    Raises:
        EnvironmentProblem: the file cannot be written (the reason in plain words); no
            ``.part`` is left behind when the disk allows removing it.
    """
    target = check_output(station, target, folder_exists=False)  # opening it reports that
    partial = target.with_name(target.name + ".part")
    try:
        handle = partial.open("wb")
    except OSError as exc:
        raise write_problem(target, exc) from exc
    try:
        with handle:
            written = _write_book(station, user, handle, filters, sort)
        os.replace(partial, target)
    except OSError as exc:
        _remove_quietly(partial)
        raise write_problem(target, exc) from exc
    except BaseException:
        _remove_quietly(partial)
        raise
    return written


def _write_book(station: Station, user: User, handle: BinaryIO, filters: CaseFilter,
                sort: str) -> int:
    """Read the list page by page into a write-only workbook saved to ``handle``."""
    total = case_view.count(station, user, filters)
    from openpyxl import Workbook  # type: ignore[import-untyped]  # 90 ms: only when used

    book = Workbook(write_only=True)
    sheet = book.create_sheet("案件列表")
    sheet.append(list(HEADERS))
    written, after = 0, None
    try:
        while True:
            page = case_view.list_page(station, user, filters=filters, sort=sort,
                                       after=after, limit=PAGE)
            for row in page.rows:
                sheet.append(row_values(row))
            written += len(page.rows)
            report(written, total)
            checkpoint()
            if page.after is None:
                break
            after = page.after
    except BaseException:
        _discard(sheet)
        raise
    _save(book, handle)
    return written


def _discard(sheet: Any) -> None:
    """Close a sheet that will never be saved and remove its temporary file now (openpyxl
    would keep it until the program ends, and finish it from a finaliser)."""
    with contextlib.suppress(Exception):
        sheet.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            writer.cleanup()


def _save(book: Any, handle: BinaryIO) -> None:
    """``Workbook.save`` into an open file, closing the archive even when the disk fails
    (openpyxl leaves it open, and its finaliser then writes to a closed file)."""
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    archive = zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(book, archive).save()  # writes every part, then closes the archive
    except BaseException:
        with contextlib.suppress(Exception):
            archive.close()
        raise


def _remove_quietly(partial: Path) -> None:
    """Remove a half-written ``.part``; a disk that refuses even that (read-only, gone)
    must not hide the real failure."""
    try:
        partial.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove %s: %s", partial, exc)
