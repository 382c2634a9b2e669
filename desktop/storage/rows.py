"""Small row helpers shared by the repositories: ids, timestamps, inserts, updates."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlite_utils


def new_id() -> str:
    """A global record id (UUID4, text)."""
    return str(uuid.uuid4())


def now() -> str:
    """Local time to the microsecond, ISO 8601 (orders events written in one second)."""
    return datetime.now().isoformat(timespec="microseconds")


def insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> None:
    """INSERT one row with bound parameters (column names come from our own code)."""
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))


def update(db: sqlite_utils.Database, table: str, record_id: str, changes: dict[str, Any]) -> None:
    """UPDATE a syncing record and bump its version, which the change log records."""
    sets = ", ".join(f"{c} = ?" for c in changes)
    db.execute(f"UPDATE {table} SET {sets}, version = version + 1 WHERE id = ?",
               [*changes.values(), record_id])


def next_number(db: sqlite_utils.Database, series: str, year: int) -> int:
    """Take the next number of a series for a year.

    Runs inside the caller's ``BEGIN IMMEDIATE`` transaction: the counter and the
    record that uses it commit or roll back together, so numbers stay gapless and
    unique even with several processes writing.
    """
    return db.execute(
        "INSERT INTO counters (series, year, next_no) VALUES (?, ?, 2) "
        "ON CONFLICT(series, year) DO UPDATE SET next_no = next_no + 1 "
        "RETURNING next_no - 1", [series, year]).fetchone()[0]


def fetch(db: sqlite_utils.Database, sql: str, params: list[Any] | tuple[Any, ...] = ()
          ) -> list[dict[str, Any]]:
    """Rows as dicts (a plain cursor: cheaper than ``Database.query`` on hot paths)."""
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
