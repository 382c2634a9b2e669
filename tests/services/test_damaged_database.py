"""A damaged database met by a *read* is the file's fault, as it is for writes and opening:
an EnvironmentProblem (exit 4, "restore from a backup"), never the bug report.  A SQLite
error the program caused stays a bug."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from desktop.domain.errors import EnvironmentProblem
from desktop.paths import Paths
from desktop.services import case_view, dashboard, runner
from desktop.services.station import open_station


def damage_tables(database: Path, *tables: str) -> None:
    """Overwrite the root pages of the tables and their indexes (on a small station, all
    their pages) with bytes no b-tree page can hold — what a failing disk or a stray write
    leaves, as ``dd`` over the middle of the file does."""
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        roots = [r[0] for t in tables for r in db.execute(
            "SELECT rootpage FROM sqlite_master WHERE tbl_name = ? AND rootpage > 0", [t])]
    with database.open("r+b") as f:
        for root in roots:
            f.seek((root - 1) * page_size)
            f.write(b"\xff" * page_size)


@pytest.fixture
def damaged(station, service, mediator, single_doc) -> Paths:
    """A station with cases whose case table and stored deadlines were damaged on disk."""
    for _ in range(3):
        service.register(single_doc, mediator)
    station.close()
    damage_tables(station.paths.database, "cases", "case_deadlines")
    return station.paths


@pytest.mark.parametrize("argv", [("due",), ("case", "list"), ("case", "list", "--search", "张")])
def test_a_damaged_database_read_by_a_command_is_exit_4(damaged, run_cli, logins, argv):
    result = run_cli("--data-dir", str(damaged.root), *argv, login=logins["mediator"])
    assert result.code == 4, result.err
    assert "数据库文件已损坏" in result.err and "SQLITE_CORRUPT" in result.err
    assert "程序内部错误" not in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize("read", [
    lambda st, user: dashboard.summary(st, user),
    lambda st, user: case_view.list_page(st, user),
], ids=["dashboard", "case list"])
def test_a_damaged_database_read_in_the_background_is_an_environment_problem(
        damaged, mediator, read):
    """The desktop runs every read through the runner; its failure callback and the
    future both get the EnvironmentProblem (the error dialog says what to do)."""
    station = open_station(damaged)
    failures: list[BaseException] = []
    try:
        task_runner = runner.Runner(station)
        task = task_runner.submit(lambda st: read(st, mediator), on_failure=failures.append)
        assert task.future is not None
        with pytest.raises(EnvironmentProblem) as err:
            task.future.result(timeout=30)
        task_runner.shutdown()
    finally:
        station.close()
    assert failures == [err.value]
    assert err.value.exit_code == 4 and "已损坏" in err.value.zh
    assert isinstance(err.value.__cause__, sqlite3.DatabaseError)  # kept for the log


def test_a_sqlite_error_of_the_program_stays_a_bug(station):
    """Only the codes a machine causes are translated: a wrong query is a bug report."""
    failures: list[BaseException] = []
    task_runner = runner.Runner(station)
    task = task_runner.submit(lambda st: st.read().execute("SELECT nothing FROM nowhere"),
                              on_failure=failures.append)
    assert task.future is not None
    with pytest.raises(sqlite3.OperationalError):
        task.future.result(timeout=30)
    task_runner.shutdown()
    assert isinstance(failures[0], sqlite3.OperationalError)


def test_opening_a_station_whose_record_is_damaged_is_an_environment_problem(station):
    station.close()
    damage_tables(station.paths.database, "organisation")
    with pytest.raises(EnvironmentProblem) as err:
        open_station(station.paths)
    assert "已损坏" in err.value.zh
