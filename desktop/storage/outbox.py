"""What sync will send: every synced aggregate changed after a given change number.

Triggers stamp a case (and the mediator and organisation records) with the next number
of one global sequence whenever anything it owns is written, so no write path can be
missed.  An upward batch carries the aggregates stamped after the number the county last
acknowledged, in stamp order; nothing accumulates that needs pruning.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils


@dataclass(frozen=True)
class Changed:
    """One aggregate to send: which table, its key and global id, its change number."""

    table: str
    pk: int
    uid: str
    change_seq: int


def last_seq(db: sqlite_utils.Database) -> int:
    """The newest change number handed out."""
    return db.execute("SELECT seq FROM sync_clock WHERE id = 1").fetchone()[0]


def changed_since(db: sqlite_utils.Database, seq: int, limit: int = 1000) -> list[Changed]:
    """Aggregates stamped after ``seq``, oldest stamp first."""
    rows = db.execute(
        "SELECT * FROM ("
        " SELECT 'cases' AS t, pk, uid, change_seq FROM cases WHERE change_seq > ?"
        " UNION ALL SELECT 'mediators', pk, uid, change_seq FROM mediators WHERE change_seq > ?"
        " UNION ALL SELECT 'organisation', rowid, id, change_seq FROM organisation"
        " WHERE change_seq > ?) ORDER BY change_seq LIMIT ?", [seq, seq, seq, limit])
    return [Changed(*r) for r in rows]
