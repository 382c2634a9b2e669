"""Open legal clocks per case, kept for the dashboard's questions.

The clocks are computed by the pure domain (desktop.domain.clocks) from a case's events;
after every write to a case the service stores the clocks still open here, in the same
transaction, so "what is due today / this week / overdue" is an index range scan.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlite_utils

from desktop.domain.records import DeadlineItem
from desktop.storage import cases as case_repo

OpenClock = tuple[str, str, bool]  # (clock key, due day, optional window)


def replace(db: sqlite_utils.Database, case_pk: int, clocks: Sequence[OpenClock]) -> None:
    """Store the case's open clocks (replacing what was there) and its nearest one."""
    db.execute("DELETE FROM case_deadlines WHERE case_pk = ?", [case_pk])
    if clocks:
        db.conn.executemany(
            "INSERT INTO case_deadlines (case_pk, clock, due_on, optional) VALUES (?, ?, ?, ?)",
            [(case_pk, key, due, int(optional)) for key, due, optional in clocks])
    case_repo.set_next_due(db, case_pk, *nearest(clocks))


def nearest(clocks: Sequence[OpenClock]) -> tuple[str | None, str | None]:
    """(clock key, due day) of the soonest open clock, for the case list."""
    soonest = min(clocks, key=lambda c: (c[1], c[0]), default=None)
    return (soonest[0], soonest[1]) if soonest else (None, None)


def counts(db: sqlite_utils.Database, start: str, end: str, *,
           optional: bool | None = None) -> dict[str, int]:
    """How many open clocks fall due between two days (inclusive), by clock."""
    sql = ("SELECT clock, count(*) FROM case_deadlines WHERE due_on BETWEEN ? AND ?")
    params: list[object] = [start, end]
    if optional is not None:
        sql += " AND optional = ?"
        params.append(int(optional))
    return dict(db.execute(sql + " GROUP BY clock", params))


def items(db: sqlite_utils.Database, start: str, end: str, today: date, *,
          clock: str | None = None, optional: bool | None = None,
          limit: int = 200) -> list[DeadlineItem]:
    """The open clocks due between two days (inclusive), soonest first."""
    sql = ("SELECT d.case_pk, c.case_no, d.clock, d.due_on, d.optional FROM case_deadlines "
           "AS d JOIN cases AS c ON c.pk = d.case_pk WHERE d.due_on BETWEEN ? AND ? "
           "AND c.deleted = 0")
    params: list[object] = [start, end]
    if clock is not None:
        sql += " AND d.clock = ?"
        params.append(clock)
    if optional is not None:
        sql += " AND d.optional = ?"
        params.append(int(optional))
    sql += " ORDER BY d.due_on, d.case_pk LIMIT ?"
    params.append(limit)
    return [DeadlineItem(pk, no, key, due, (date.fromisoformat(due) - today).days, bool(opt))
            for pk, no, key, due, opt in db.execute(sql, params)]
