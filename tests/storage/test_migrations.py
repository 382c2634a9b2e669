"""Schema versions: fresh files, upgrades from the first schema, refusing newer files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.domain.errors import DatabaseTooNew, EnvironmentProblem
from desktop.storage import audit, search
from desktop.storage.db import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    open_database,
    user_version,
    write_transaction,
)
from desktop.storage.migrations import STEPS

V1 = Path(__file__).resolve().parents[1] / "data" / "schema-v1.db"


def test_fresh_database_settings(tmp_path):
    db = open_database(tmp_path / "t.db")
    assert user_version(db) == SCHEMA_VERSION == len(STEPS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert not list(tmp_path.glob("*.bak"))  # nothing to back up on a new file


def test_foreign_keys_are_enforced(tmp_path):
    db = open_database(tmp_path / "t.db")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO parties (case_pk, position, side, kind, name) "
                   "VALUES (999, 0, 'applicant', 'worker', 'x')")


def test_migrations_are_modules_listed_in_order():
    """A frozen build finds them by import, not by listing a folder."""
    names = [step.__name__.rsplit(".", 1)[1] for step in STEPS]
    assert names == sorted(names) and [int(n[1:5]) for n in names] == list(
        range(1, len(STEPS) + 1))
    assert all(callable(step.upgrade) for step in STEPS)


def test_upgrade_from_first_schema_keeps_data_and_makes_a_copy(tmp_path):
    path = tmp_path / "tiaojie.db"
    shutil.copy(V1, path)
    db = open_database(path)
    assert user_version(db) == SCHEMA_VERSION
    assert db.execute("SELECT case_no, status FROM cases").fetchone() == (
        "明水劳人调字〔2026〕第1号", "accepted")
    # v4 keyed the case's records by the case and kept every one of them.
    assert db.execute("SELECT position, name FROM parties ORDER BY position").fetchall() == [
        (0, "韩梅"), (1, "章丘明泉物业服务有限公司")]
    assert db.execute("SELECT event, seq FROM events ORDER BY seq").fetchall() == [
        ("register", 1), ("accept", 2)]
    # The old chain is kept verbatim and the new one starts from its head.
    assert db.execute("SELECT count(*) FROM audit_log_v1").fetchone()[0] == 3
    assert audit.verify_chain(db).ok
    # Change capture stamps every case once; the old change log is gone.
    assert "change_log" not in db.table_names()
    assert db.execute("SELECT change_seq FROM cases").fetchone()[0] > 0
    # Search is rebuilt by the explicit, resumable operation, not on opening.
    assert not search.index_is_current(db)
    with write_transaction(db):
        assert search.reindex_chunk(db, size=10)
    assert search.search_pks(db, "韩梅", limit=10) == [1]
    assert search.search_pks(db, "明泉物业", limit=10) == [1]
    assert search.search_pks(db, "13905312233", limit=10) == [1]
    backups = list(tmp_path.glob("tiaojie.v1-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        assert old.execute("SELECT count(*) FROM cases").fetchone()[0] == 1


def test_a_foreign_database_is_never_migrated_into(tmp_path):
    path = tmp_path / "tiaojie.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    before = path.read_bytes()
    with pytest.raises(EnvironmentProblem) as err:
        open_database(path)
    assert "不是调解台数据库" in err.value.zh
    assert path.read_bytes() == before


def test_upgraded_station_keeps_working(tmp_path, monkeypatch):
    from desktop.paths import Paths
    from desktop.services import auth
    from desktop.services.cases import CaseService
    from desktop.services.station import open_station

    monkeypatch.delenv("TIAOJIE_TODAY")  # a real station: its day is the computer's
    root = tmp_path / "st"
    root.mkdir()
    shutil.copy(V1, root / "tiaojie.db")
    station = open_station(Paths(root), accept_location=True)
    user = auth.login(station.store, "admin", "old-admin-1")
    service = CaseService(station)
    service.record_event("明水劳人调字〔2026〕第1号", "start", {"occurred_on": "2026-03-03"},
                         user)
    shown = service.show("明水劳人调字〔2026〕第1号", user).as_dict()
    assert shown["status"] == "mediating"
    assert shown["deadlines"]["mediation_due"]["due_on"] == "2026-03-17"
    station.close()


def test_database_from_a_newer_program_is_refused(tmp_path):
    path = tmp_path / "t.db"
    db = open_database(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(DatabaseTooNew) as err:
        open_database(path)
    assert "升级" in err.value.zh


def test_partial_upgrade_for_fixture_building(tmp_path):
    db = open_database(tmp_path / "t.db", upto=1)
    assert user_version(db) == 1 and "case_search" not in db.table_names()


def test_reindex_is_resumable_and_opening_does_not_rebuild(tmp_path):
    path = tmp_path / "tiaojie.db"
    shutil.copy(V1, path)
    db = open_database(path)
    db.close()
    db = open_database(path)  # opening again does no hidden re-index
    assert not search.index_is_current(db)
    assert search.index_state(db) == (False, 0, 1)
    with write_transaction(db):
        assert search.reindex_chunk(db, size=1) is False  # one case done, not finished yet
    assert search.index_state(db)[1] == 1
    with write_transaction(db):
        assert search.reindex_chunk(db, size=1) is True
    assert search.index_is_current(db) and search.search_pks(db, "韩梅", limit=10) == [1]
