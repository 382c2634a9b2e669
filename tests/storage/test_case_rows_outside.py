"""A case row another program put into the file is reported by ``tiaojie check``; only a
case registered before v4 may lack an audited state."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

from desktop.services.integrity import check_station
from desktop.storage import audit
from desktop.storage.db import open_database

V1 = Path(__file__).resolve().parents[1] / "data" / "schema-v1.db"


def _forge_copy_of(database: Path, pk: int) -> str:
    with contextlib.closing(sqlite3.connect(database)) as db:
        cols = [r[1] for r in db.execute("PRAGMA table_info(cases)")]
        new = {"pk": "pk + 1000", "uid": "uid || '-x'", "case_no": "case_no || 'X'",
               "seq_no": "seq_no + 1000"}
        db.execute(f"INSERT INTO cases SELECT {', '.join(new.get(c, c) for c in cols)} "
                   "FROM cases WHERE pk = ?", (pk,))
        db.commit()
        return db.execute("SELECT case_no FROM cases WHERE pk = ?", (pk + 1000,)).fetchone()[0]


def test_a_case_row_inserted_outside_the_program_is_reported(station, service, mediator,
                                                              single_doc, run_cli):
    made = service.register(single_doc, mediator)
    station.close()
    assert check_station(station.paths).ok
    forged = _forge_copy_of(station.paths.database, made.case_pk)
    report = check_station(station.paths)
    assert not report.ok and report.case_states.altered == [forged]
    assert run_cli("check").code == 1


def test_a_case_from_before_v4_stays_uncovered_not_altered(tmp_path):
    path = tmp_path / "tiaojie.db"
    shutil.copy(V1, path)
    with contextlib.closing(open_database(path)) as db:  # migrated to v4 on opening
        states = audit.verify_case_states(db)
    assert states.ok and states.uncovered == 1 and states.cases == 1
