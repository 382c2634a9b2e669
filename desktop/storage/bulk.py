"""Bulk import: many checked cases in a few statements (the county ingests the same way).

The same records, numbers, change stamps, search text, deadlines and audit entries as
registering the cases one by one — only written set-wise, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from desktop.domain.case_format import CaseDraft
from desktop.storage import search
from desktop.storage.cases import SYNCED_FLAGS_SEP
from desktop.storage.rows import dump_json, new_uid

OpenClock = tuple[str, str, bool]


@dataclass(frozen=True)
class NewCase:
    """A checked draft with everything decided about it before it is written."""

    draft: CaseDraft
    case_no: str
    year: int
    seq_no: int
    status: str
    outcome: str
    clocks: Sequence[OpenClock]


def reserve_numbers(db: sqlite_utils.Database, series: str, year: int, count: int) -> int:
    """Take ``count`` consecutive numbers of a series for a year; returns the first."""
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
    """Store the cases with their parties, claims, registration event, search text and
    open deadlines; returns (pk, uid) of each, in order."""
    if not cases:
        return []
    epoch = open_epoch(db)
    first = db.execute("SELECT coalesce(max(pk), 0) + 1 FROM cases").fetchone()[0]
    made = [(first + i, new_uid()) for i in range(len(cases))]
    db.conn.executemany(
        "INSERT INTO cases (pk, uid, case_no, series, year, seq_no, kind, source, "
        "court_procedure, status, received_on, dispute_arose_on, employment_ended_on, "
        "employment_ongoing, dispute_types, primary_type, summary, claimed_fen, worker_count, "
        "flags, platform_serial, court_case_no, outcome, next_due_on, next_due_key, "
        "created_at, created_by, updated_at, updated_by, change_seq) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?)", [_case_row(c, pk, uid, series, actor, at, epoch)
                  for c, (pk, uid) in zip(cases, made, strict=True)])
    db.conn.executemany(
        "INSERT INTO parties (case_pk, position, side, kind, role, representative, name, "
        "id_type, id_number, uscc, phone, address, legal_rep, gender, birth_date) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(pk, i, p.side, p.kind, p.role, int(p.representative), p.name, p.id_type,
          p.id_number, p.uscc, p.phone, p.address, p.legal_rep, p.gender, p.birth_date)
         for c, (pk, _) in zip(cases, made, strict=True)
         for i, p in enumerate(c.draft.parties)])
    db.conn.executemany(
        "INSERT INTO claims (case_pk, position, item, amount_fen) VALUES (?, ?, ?, ?)",
        [(pk, i, k.item, k.amount_fen) for c, (pk, _) in zip(cases, made, strict=True)
         for i, k in enumerate(c.draft.claims)])
    db.conn.executemany(
        "INSERT INTO events (case_pk, seq, event, occurred_on, recorded_at, actor, to_status, "
        "data) VALUES (?, 1, 'register', ?, ?, ?, ?, ?)",
        [(pk, c.draft.received_on.isoformat(), at[:19], actor, c.status,
          _warnings(c.draft)) for c, (pk, _) in zip(cases, made, strict=True)])
    db.conn.executemany(
        "INSERT INTO case_deadlines (case_pk, clock, due_on, optional) VALUES (?, ?, ?, ?)",
        [(pk, key, due, int(optional)) for c, (pk, _) in zip(cases, made, strict=True)
         for key, due, optional in c.clocks])
    search.index_new(db, [(pk, search.text_of(
        c.year, c.seq_no, c.draft.summary,
        ((p.name, p.id_number, p.uscc, p.phone, p.legal_rep) for p in c.draft.parties)))
        for c, (pk, _) in zip(cases, made, strict=True)])
    return made


def _case_row(c: NewCase, pk: int, uid: str, series: str, actor: str, at: str,
              epoch: int) -> tuple[object, ...]:
    d = c.draft
    nearest = min(c.clocks, key=lambda k: (k[1], k[0]), default=None)
    return (pk, uid, c.case_no, series, c.year, c.seq_no, d.kind, d.source, d.court_procedure,
            c.status, d.received_on.isoformat(),
            d.dispute_arose_on.isoformat() if d.dispute_arose_on else None,
            d.employment_ended_on.isoformat() if d.employment_ended_on else None,
            int(bool(d.employment_ongoing)), SYNCED_FLAGS_SEP.join(d.dispute_types),
            d.dispute_types[0], d.summary, d.claimed_fen, d.worker_count,
            SYNCED_FLAGS_SEP.join(d.flags), d.platform_serial, d.court_case_no, c.outcome,
            nearest[1] if nearest else None, nearest[0] if nearest else None, at, actor, at,
            actor, epoch)


def _warnings(draft: CaseDraft) -> str | None:
    return dump_json({"warnings": draft.warnings}) if draft.warnings else None
