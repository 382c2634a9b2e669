"""What sync will send: every synced aggregate changed after a given change epoch.

Triggers stamp a case (and the mediator and organisation records) with the open change
epoch whenever anything it owns is written, so no write path can be missed.  Sync closes
the epoch (:func:`close_epoch`) and sends the aggregates stamped up to it, in epoch and
key order; on the county's receipt it records the epoch as acknowledged
(:func:`acknowledge`).  A write after that — even one made outside the program — opens a
new epoch first, so it is never taken for acknowledged.  Nothing accumulates that needs
pruning: an aggregate changed ten times before a sync is sent once.
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
    """The open change epoch (what a write now is stamped with)."""
    return db.execute("SELECT seq FROM sync_clock WHERE id = 1").fetchone()[0]


def close_epoch(db: sqlite_utils.Database) -> int:
    """Close the open epoch (changes from now on get the next one); returns the closed one.

    Call inside a write transaction before reading what to send.
    """
    closed = last_seq(db)
    db.execute("UPDATE sync_clock SET seq = seq + 1 WHERE id = 1")
    return closed


def acknowledge(db: sqlite_utils.Database, epoch: int) -> None:
    """Record that the county acknowledged everything stamped up to ``epoch``."""
    db.execute("UPDATE sync_clock SET acked = max(acked, ?) WHERE id = 1", [epoch])


def changed_since(db: sqlite_utils.Database, seq: int, limit: int = 1000,
                  upto: int | None = None) -> list[Changed]:
    """Aggregates stamped after epoch ``seq`` (and up to ``upto``), oldest epoch first."""
    rows = db.execute(
        "SELECT * FROM ("
        " SELECT 'cases' AS t, pk, uid, change_seq FROM cases WHERE change_seq > ?"
        " UNION ALL SELECT 'mediators', pk, uid, change_seq FROM mediators WHERE change_seq > ?"
        " UNION ALL SELECT 'organisation', rowid, id, change_seq FROM organisation"
        " WHERE change_seq > ?) WHERE change_seq <= ? ORDER BY change_seq, t, pk LIMIT ?",
        [seq, seq, seq, upto if upto is not None else 2**62, limit])
    return [Changed(*r) for r in rows]
