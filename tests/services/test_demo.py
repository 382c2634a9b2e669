"""The demo station: its batches judged in worker processes store exactly what judging them
in the writer's own process stores."""

from __future__ import annotations

import sqlite3
from datetime import date

import sqlite_utils

from desktop.paths import Paths
from desktop.services import demo
from desktop.storage import audit

TODAY = date(2026, 11, 22)
IGNORED = {"uid", "created_at", "updated_at", "change_seq", "recorded_at", "at", "hash",
           "state", "station_id", "location", "password_hash", "salt"}
TABLES = (("cases", "pk"), ("parties", "case_pk, position"), ("claims", "case_pk, position"),
          ("events", "case_pk, seq"), ("case_deadlines", "case_pk, clock"),
          ("case_search", "pk"), ("counters", "series, year"))


def records(path) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    out = {}
    for table, order in TABLES:
        cursor = db.execute(f"SELECT * FROM {table} ORDER BY {order}")
        names = [d[0] for d in cursor.description]
        keep = [i for i, n in enumerate(names) if n not in IGNORED]
        out[table] = [tuple(row[i] for i in keep) for row in cursor.fetchall()]
    db.close()
    return out


def test_worker_processes_build_the_same_demo(tmp_path, monkeypatch):
    cases = demo.BATCH + 120  # two batches
    monkeypatch.setattr(demo, "POOL_FROM", 10**9)
    demo.create_demo(Paths(tmp_path / "here"), cases=cases, seed=3, today=TODAY)
    monkeypatch.setattr(demo, "POOL_FROM", 1)
    assert demo._workers(cases) >= 1
    demo.create_demo(Paths(tmp_path / "pool"), cases=cases, seed=3, today=TODAY)
    here, pool = (records(tmp_path / name / "tiaojie.db") for name in ("here", "pool"))
    assert len(here["cases"]) == cases
    assert sum(1 for e in here["events"] if e[2] != "register") > cases  # histories came
    assert pool == here
    db = sqlite_utils.Database(sqlite3.connect(tmp_path / "pool" / "tiaojie.db"))
    try:
        assert audit.verify_chain(db).ok
        states = audit.verify_case_states(db)
        assert states.ok and states.cases == cases and states.uncovered == 0
    finally:
        db.close()
