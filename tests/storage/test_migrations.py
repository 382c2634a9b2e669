"""Schema versions: fresh files, upgrades from the first schema, refusing newer files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.domain.errors import DatabaseTooNew
from desktop.storage import audit, search
from desktop.storage.db import SCHEMA_VERSION, migration_files, open_database, user_version

V1 = Path(__file__).resolve().parents[1] / "data" / "schema-v1.db"


def test_fresh_database_settings(tmp_path):
    db = open_database(tmp_path / "t.db")
    assert user_version(db) == SCHEMA_VERSION == len(migration_files())
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert not list(tmp_path.glob("*.bak"))  # nothing to back up on a new file


def test_foreign_keys_are_enforced(tmp_path):
    db = open_database(tmp_path / "t.db")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO parties (id, station_id, case_id, position, side, kind, name, "
                   "updated_at) VALUES ('p', 's', 'no-such-case', 0, 'applicant', 'worker', "
                   "'x', 'now')")


def test_upgrade_from_first_schema_keeps_data_and_makes_a_copy(tmp_path):
    path = tmp_path / "tiaojie.db"
    shutil.copy(V1, path)
    db = open_database(path)
    assert user_version(db) == SCHEMA_VERSION
    assert db.execute("SELECT case_no, status FROM cases").fetchone() == (
        "明水劳人调字〔2026〕第1号", "accepted")
    # The search index arrived in v2 and was back-filled from the old rows.
    assert search.search_pks(db, "韩梅", limit=10) == [1]
    assert search.search_pks(db, "明泉物业", limit=10) == [1]
    assert search.search_pks(db, "13905312233", limit=10) == [1]
    assert audit.verify_chain(db).ok
    # v3 numbered the old events in order, without flooding the sync outbox.
    assert db.execute("SELECT event, seq FROM case_events ORDER BY seq").fetchall() == [
        ("register", 1), ("accept", 2)]
    assert db.execute("SELECT count(*) FROM change_log WHERE op = 'update'").fetchone()[0] == 0
    backups = list(tmp_path.glob("tiaojie.v1-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        assert old.execute("SELECT count(*) FROM cases").fetchone()[0] == 1


def test_upgraded_station_keeps_working(tmp_path, monkeypatch):
    from desktop.paths import Paths
    from desktop.services import auth
    from desktop.services.cases import CaseService
    from desktop.services.station import open_station

    root = tmp_path / "st"
    root.mkdir()
    shutil.copy(V1, root / "tiaojie.db")
    station = open_station(Paths(root))
    user = auth.login(station.db, "admin", "old-admin-1")
    service = CaseService(station)
    service.record_event("明水劳人调字〔2026〕第1号", "start", {"occurred_on": "2026-03-03"},
                         user)
    shown = service.show("明水劳人调字〔2026〕第1号", user)
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


def test_old_index_format_is_rebuilt_on_opening(tmp_path):
    path = tmp_path / "tiaojie.db"
    shutil.copy(V1, path)
    db = open_database(path)
    db.execute("UPDATE settings SET value = 'old' WHERE key = ?", [search.FORMAT_SETTING])
    db.execute("DELETE FROM case_search")
    assert search.search_pks(db, "韩梅", limit=10) == []
    db.close()
    db = open_database(path)
    assert search.index_is_current(db)
    assert search.search_pks(db, "韩梅", limit=10) == [1]
