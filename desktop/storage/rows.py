"""Small row helpers shared by the repositories (not used above storage)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlite_utils


def new_uid() -> str:
    """A global record id (UUID4, text)."""
    return str(uuid.uuid4())


def now() -> str:
    """Local time to the microsecond, ISO 8601."""
    return datetime.now().isoformat(timespec="microseconds")


def insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    """INSERT one row with bound parameters (column names come from our own code)."""
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
    return int(cursor.lastrowid or 0)


def insert_many(db: sqlite_utils.Database, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT rows that share their columns in one executemany."""
    if not rows:
        return
    cols = list(rows[0])
    marks = ", ".join("?" for _ in cols)
    db.conn.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
                        [[r[c] for c in cols] for r in rows])


def fetch(db: sqlite_utils.Database, sql: str, params: Sequence[Any] = ()
          ) -> list[dict[str, Any]]:
    """Rows as dicts (a plain cursor: cheaper than ``Database.query`` on hot paths)."""
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def dump_json(value: Any) -> str:
    """Compact JSON with Chinese kept readable (event data, details)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
