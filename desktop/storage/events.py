"""Case events: the append-only history of each case (sessions and visits included)."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from desktop.domain.records import Event
from desktop.storage.cases import dump_json


def append_event(db: sqlite_utils.Database, *, case_pk: int, event: str, occurred_on: str,
                 actor: str, to_status: str, data: dict[str, Any], at: str,
                 seq: int | None = None) -> int:
    """Append one event; returns its number within the case.

    ``at`` is kept to the second (events are ordered by ``seq``); ``occurred_on`` is not
    repeated inside the stored data.  ``seq`` may be passed by a caller that already knows
    the case's last number (bulk writes); otherwise it is taken from the table.
    """
    if seq is None:
        seq = next_seq(db, case_pk)
    stored = {k: v for k, v in data.items() if k != "occurred_on"}  # it has its column
    db.execute("INSERT INTO events (case_pk, seq, event, occurred_on, recorded_at, actor, "
               "to_status, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [case_pk, seq, event, occurred_on, at[:19], actor, to_status,
                dump_json(stored) if stored else None])
    return seq


def append_events(db: sqlite_utils.Database, case_pk: int, new: list[Event]) -> None:
    """Append events already numbered (one statement for all of a write's events)."""
    if not new:
        return
    rows = []
    for e in new:
        stored = {k: v for k, v in e.data.items() if k != "occurred_on"}
        rows.append((case_pk, e.seq, e.event, e.occurred_on, e.recorded_at[:19], e.actor,
                     e.to_status, dump_json(stored) if stored else None))
    db.conn.executemany("INSERT INTO events (case_pk, seq, event, occurred_on, recorded_at, "
                        "actor, to_status, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def next_seq(db: sqlite_utils.Database, case_pk: int) -> int:
    """The number the case's next event gets."""
    return db.execute("SELECT coalesce(max(seq), 0) + 1 FROM events WHERE case_pk = ?",
                      [case_pk]).fetchone()[0]


def events(db: sqlite_utils.Database, case_pk: int) -> list[Event]:
    """The case's events in the order they were recorded."""
    return [Event(seq, event, on, at, actor, to,
                  {**(json.loads(data) if data else {}), "occurred_on": on})
            for seq, event, on, at, actor, to, data in db.execute(
                "SELECT seq, event, occurred_on, recorded_at, actor, to_status, data "
                "FROM events WHERE case_pk = ? ORDER BY seq", [case_pk])]
