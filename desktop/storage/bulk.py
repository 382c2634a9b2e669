"""Bulk import: many checked cases in a few statements (the county ingests the same way).

The same records, numbers, change stamps, search text, events, deadlines and audit entries
as registering the cases and recording their events one by one — only written set-wise,
in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from desktop.domain.case_format import CaseDraft
from desktop.domain.records import Event
from desktop.storage import cases as case_repo
from desktop.storage import deadlines, events, search
from desktop.storage.rows import insert_many, new_uid

OpenClock = deadlines.OpenClock


@dataclass(frozen=True)
class NewCase:
    """A checked draft with everything decided about it before it is written: its number,
    its events (the registration first), the case columns they leave (``status`` at
    least) and its open deadlines."""

    draft: CaseDraft
    case_no: str
    year: int
    seq_no: int
    columns: Mapping[str, Any]
    events: Sequence[Event]
    clocks: Sequence[OpenClock]


def reserve_numbers(db: sqlite_utils.Database, series: str, year: int, count: int) -> int:
    """Take ``count`` consecutive numbers of a series for a year; returns the first.

    Runs inside the caller's ``BEGIN IMMEDIATE`` transaction: the counter and the records
    that use the numbers commit or roll back together, so numbers stay gapless and unique
    even with several processes writing.  A missing counter row starts at 1.
    """
    return db.execute(
        "INSERT INTO counters (series, year, next_no) VALUES (?, ?, ?) "
        "ON CONFLICT(series, year) DO UPDATE SET next_no = next_no + ? "
        "RETURNING next_no - ?", [series, year, count + 1, count, count]).fetchone()[0]


def open_epoch(db: sqlite_utils.Database) -> int:
    """The change epoch new records are stamped with (a new one if the open one was
    already acknowledged), so the triggers find nothing left to stamp."""
    db.execute("UPDATE sync_clock SET seq = seq + 1 WHERE seq <= acked")
    return db.execute("SELECT seq FROM sync_clock").fetchone()[0]


def insert_cases(db: sqlite_utils.Database, cases: Sequence[NewCase], *, series: str,
                 actor: str, at: str) -> list[tuple[int, str]]:
    """Store the cases with their parties, claims, events, search text and open
    deadlines; returns (pk, uid) of each, in order."""
    if not cases:
        return []
    epoch = open_epoch(db)
    first = db.execute("SELECT coalesce(max(pk), 0) + 1 FROM cases").fetchone()[0]
    made = [(first + i, new_uid()) for i in range(len(cases))]
    changed = sorted(set().union(*(c.columns for c in cases)))  # one column set for all
    rows = []
    for c, (pk, uid) in zip(cases, made, strict=True):
        row = case_repo.case_row(c.draft, uid=uid, case_no=c.case_no, series=series,
                                 year=c.year, seq_no=c.seq_no, status=c.columns["status"],
                                 actor=actor, at=at)
        row.update({k: c.columns.get(k, row.get(k)) for k in changed})
        rows.append({**row, "pk": pk, "change_seq": epoch, **_nearest(c.clocks)})
    insert_many(db, "cases", rows)
    owned = [case_repo.owned_rows(pk, c.draft) for c, (pk, _) in zip(cases, made, strict=True)]
    insert_many(db, "parties", [row for parties, _ in owned for row in parties])
    insert_many(db, "claims", [row for _, claims in owned for row in claims])
    events.insert_events(db, [row for c, (pk, _) in zip(cases, made, strict=True)
                              for row in events.event_rows(pk, list(c.events))])
    db.conn.executemany(
        "INSERT INTO case_deadlines (case_pk, clock, due_on, optional) VALUES (?, ?, ?, ?)",
        [(pk, key, due, int(optional)) for c, (pk, _) in zip(cases, made, strict=True)
         for key, due, optional in c.clocks])
    search.index_new(db, [(pk, search.text_of(
        c.year, c.seq_no, c.draft.summary,
        ((p.name, p.id_number, p.uscc, p.phone, p.legal_rep) for p in c.draft.parties)))
        for c, (pk, _) in zip(cases, made, strict=True)])
    return made


def _nearest(clocks: Sequence[OpenClock]) -> dict[str, str | None]:
    key, due = deadlines.nearest(clocks)
    return {"next_due_key": key, "next_due_on": due}
