"""Case events: the append-only history of each case (sessions and visits included)."""

from __future__ import annotations

import json

import sqlite_utils

from desktop.domain.records import Event
from desktop.storage.rows import dump_json


def append_events(db: sqlite_utils.Database, case_pk: int, new: list[Event]) -> None:
    """Append events already numbered (one statement for all of a write's events)."""
    if new:
        insert_events(db, event_rows(case_pk, new))


def event_rows(case_pk: int, new: list[Event]) -> list[tuple[object, ...]]:
    """The ``events`` rows of a case's new events.

    ``recorded_at`` is kept to the second (events are ordered by ``seq``); ``occurred_on``
    has its column and is not repeated inside the stored data.
    """
    rows: list[tuple[object, ...]] = []
    for e in new:
        stored = {k: v for k, v in e.data.items() if k != "occurred_on"}
        rows.append((case_pk, e.seq, e.event, e.occurred_on, e.recorded_at[:19], e.actor,
                     e.to_status, dump_json(stored) if stored else None))
    return rows


def insert_events(db: sqlite_utils.Database, rows: list[tuple[object, ...]]) -> None:
    """Store event rows (of any number of cases) in one statement."""
    db.conn.executemany("INSERT INTO events (case_pk, seq, event, occurred_on, recorded_at, "
                        "actor, to_status, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def events(db: sqlite_utils.Database, case_pk: int) -> list[Event]:
    """The case's events in the order they were recorded."""
    return [Event(seq, event, on, at, actor, to,
                  {**(json.loads(data) if data else {}), "occurred_on": on})
            for seq, event, on, at, actor, to, data in db.execute(
                "SELECT seq, event, occurred_on, recorded_at, actor, to_status, data "
                "FROM events WHERE case_pk = ? ORDER BY seq", [case_pk])]
