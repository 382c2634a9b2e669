"""The audit chain: appends link up; edits, deletions and truncation are caught."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.storage import audit
from desktop.storage.db import open_database, write_transaction


@pytest.fixture
def chain(tmp_path):
    path = tmp_path / "a.db"
    db = open_database(path)
    with write_transaction(db):
        for i in range(1, 8):
            audit.append(db, "mediator", "user.event", f"目标{i}", {"i": i})
    db.close()
    return path


def tamper(path, *statements):
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER IF EXISTS audit_log_v4_no_update")
        conn.execute("DROP TRIGGER IF EXISTS audit_log_v4_no_delete")
        for statement in statements:
            conn.execute(statement)


def verify(path) -> audit.ChainReport:
    db = open_database(path)
    try:
        return audit.verify_chain(db)
    finally:
        db.close()


def test_intact_chain(chain):
    report = verify(chain)
    assert report.ok and report.entries == 7


def test_sqlite_refuses_updates_and_deletes(chain):
    db = open_database(chain)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE audit_log SET actor = 'x'")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("DELETE FROM audit_log")
    db.close()


def test_edited_detail_is_found_at_that_entry(chain):
    tamper(chain, "UPDATE audit_log SET detail = '{\"i\":99}' WHERE seq = 4")
    report = verify(chain)
    assert report.broken_at == 4 and "改动" in report.reason_zh


def test_rehashed_edit_breaks_the_next_link(chain):
    # An intruder who edits row 4 and recomputes its hash still breaks row 5's link.
    with sqlite3.connect(chain) as conn:
        prev = conn.execute("SELECT hash FROM audit_log WHERE seq = 3").fetchone()[0]
        seq, at, actor, action, target, case_pk, _, state = conn.execute(
            "SELECT seq, at, actor, action, target, case_pk, detail, state FROM audit_log "
            "WHERE seq = 4").fetchone()
    forged = audit._digest(prev, seq, at, actor, action, target, case_pk, '{"i":99}', state)
    tamper(chain, f"UPDATE audit_log SET detail = '{{\"i\":99}}', hash = x'{forged.hex()}' "
                  "WHERE seq = 4")
    assert verify(chain).broken_at == 5


def test_hashes_are_stored_once_as_bytes(chain):
    with sqlite3.connect(chain) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(audit_log)")]
        sizes = {r[0] for r in conn.execute("SELECT length(hash) FROM audit_log")}
    assert "prev_hash" not in columns and sizes == {32}


def test_deleted_entry_is_found(chain):
    tamper(chain, "DELETE FROM audit_log WHERE seq = 3")
    report = verify(chain)
    assert report.broken_at == 3 and "缺失" in report.reason_zh


def test_truncated_tail_is_found(chain):
    tamper(chain, "DELETE FROM audit_log WHERE seq >= 6")
    report = verify(chain)
    assert report.broken_at == 6 and "截断" in report.reason_zh


def test_integrity_check_ok(chain):
    db = open_database(chain)
    assert audit.integrity_check(db) == []
    db.close()
