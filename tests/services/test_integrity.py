"""``tiaojie check`` tells damage from the machine's trouble, and reads without creating."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from desktop.domain.errors import EnvironmentProblem
from desktop.paths import Paths
from desktop.services.integrity import NoStationHere, check_station
from desktop.storage import inspect

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _error(fn) -> sqlite3.Error:
    try:
        fn()
    except sqlite3.Error as exc:
        return exc
    raise AssertionError("no SQLite error was raised")


def _table(path: Path, rows: int = 200) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE t (x)")
        db.executemany("INSERT INTO t VALUES (?)", [(os.urandom(200),) for _ in range(rows)])
        db.commit()


def test_classify_real_sqlite_errors(tmp_path):
    """Each code provoked on purpose; the message text is never looked at."""
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database at all " * 200)
    with contextlib.closing(sqlite3.connect(garbage)) as db:
        assert inspect.classify(_error(lambda: db.execute("SELECT * FROM sqlite_master"))) \
            == "notadb"

    corrupt = tmp_path / "corrupt.db"
    _table(corrupt)
    with corrupt.open("r+b") as f:  # scribble over the table's root b-tree page
        f.seek(4096)
        f.write(b"\xff" * 4096)
    with contextlib.closing(sqlite3.connect(corrupt)) as db:
        assert inspect.classify(_error(lambda: db.execute("SELECT * FROM t").fetchall())) \
            == "corrupt"

    good = tmp_path / "good.db"
    _table(good, rows=1)
    with contextlib.closing(sqlite3.connect(f"{good.as_uri()}?mode=ro", uri=True)) as db:
        assert inspect.classify(_error(lambda: db.execute("INSERT INTO t VALUES (1)"))) \
            == "readonly"

    with contextlib.closing(sqlite3.connect(tmp_path / "full.db")) as db:
        db.execute("CREATE TABLE t (x)")
        db.execute("PRAGMA max_page_count = 3")
        exc = _error(lambda: db.execute("INSERT INTO t VALUES (randomblob(100000))"))
        assert inspect.classify(exc) == "full"

    exc = _error(lambda: sqlite3.connect(tmp_path / "no" / "such" / "folder.db"))
    assert inspect.classify(exc) == "cantopen"

    with contextlib.closing(sqlite3.connect(good, timeout=0)) as a, \
            contextlib.closing(sqlite3.connect(good, timeout=0)) as b:
        a.execute("BEGIN EXCLUSIVE")
        assert inspect.classify(_error(lambda: b.execute("SELECT * FROM t").fetchall())) \
            == "busy"
        a.rollback()

    shared = f"{good.as_uri()}?cache=shared"  # a table lock inside one shared cache
    with contextlib.closing(sqlite3.connect(shared, uri=True, isolation_level=None,
                                            timeout=0)) as a, \
            contextlib.closing(sqlite3.connect(shared, uri=True, isolation_level=None,
                                               timeout=0)) as b:
        a.execute("BEGIN")
        a.execute("INSERT INTO t VALUES (1)")
        exc = _error(lambda: b.execute("SELECT * FROM t").fetchall())
        assert exc.sqlite_errorcode != 6 and inspect.classify(exc) == "locked"  # extended
        a.execute("ROLLBACK")

    with contextlib.closing(sqlite3.connect(good)) as db:
        assert inspect.classify(_error(lambda: db.execute("SELECT nme FROM t"))) == "other"
    assert inspect.classify(ValueError("disk is full")) == "other"


def test_an_environment_kind_is_never_advice_to_restore(tmp_path):
    exc = _error(lambda: sqlite3.connect(tmp_path / "missing" / "x.db"))
    problem = inspect.environment_problem(exc, tmp_path / "missing" / "x.db")
    assert problem.exit_code == 4 and "请勿因此从备份恢复" in problem.zh
    assert "损坏" not in problem.zh.replace("不表示数据库已损坏", "")


def test_a_file_that_is_not_a_database_is_damage(paths):
    paths.root.mkdir(parents=True)
    paths.database.write_bytes(b"\0garbage" * 1000)
    report = check_station(paths)
    assert not report.ok and "SQLITE_NOTADB" in report.integrity_problems[0]


def test_an_empty_sqlite_file_is_not_a_station(paths):
    paths.root.mkdir(parents=True)
    with contextlib.closing(sqlite3.connect(paths.database)) as db:
        db.execute("CREATE TABLE something_else (x)")
    report = check_station(paths)
    assert not report.ok and "不是调解台数据库" in report.integrity_problems[0]


def test_check_on_a_missing_folder_creates_nothing(tmp_path, run_cli):
    missing = tmp_path / "nowhere" / "station"
    with pytest.raises(NoStationHere) as err:
        check_station(Paths(missing))
    assert err.value.exit_code == 2 and "没有工作站" in err.value.zh
    result = run_cli("--data-dir", str(missing), "check")
    assert result.code == 2 and "没有工作站" in result.err
    assert not (tmp_path / "nowhere").exists()


def test_check_on_a_folder_without_a_database_creates_nothing(tmp_path, run_cli):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("--data-dir", str(empty), "check")
    assert result.code == 2 and "没有工作站" in result.err
    assert list(empty.iterdir()) == []


@pytest.fixture
def small_fs(tmp_path):
    """A 1 MiB tmpfs holding a copy of the template station (root on Linux only)."""
    if not IS_ROOT or shutil.which("mount") is None:
        pytest.skip("mounting a small filesystem needs root (mount -t tmpfs)")
    mount_point = tmp_path / "mnt"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield mount_point
    subprocess.run(["mount", "-o", "remount,rw", str(mount_point)], capture_output=True)
    subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def _station_copy(station_template: Path, folder: Path) -> Paths:
    shutil.copytree(station_template, folder / "home")
    paths = Paths(folder / "home")
    assert check_station(paths).ok  # sound before the machine gets in the way
    for suffix in ("-wal", "-shm"):  # as after a clean close
        Path(f"{paths.database}{suffix}").unlink(missing_ok=True)
    return paths


def test_a_read_only_mount_is_an_environment_problem(small_fs, station_template, run_cli):
    paths = _station_copy(station_template, small_fs)
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    with pytest.raises(EnvironmentProblem) as err:
        check_station(paths)
    assert "只读" in err.value.zh and "请勿因此从备份恢复" in err.value.zh
    result = run_cli("--data-dir", str(paths.root), "check")
    assert result.code == 4 and "只读" in result.err and "损坏 /" not in result.out


@pytest.mark.skipif(IS_ROOT or not hasattr(os, "geteuid"),
                    reason="root ignores folder permissions; the read-only mount test covers it")
def test_a_read_only_folder_is_an_environment_problem(tmp_path, station_template):
    paths = Paths(tmp_path / "home")
    shutil.copytree(station_template, paths.root)
    for suffix in ("-wal", "-shm"):
        Path(f"{paths.database}{suffix}").unlink(missing_ok=True)
    paths.root.chmod(0o555)
    try:
        with pytest.raises(EnvironmentProblem) as err:
            check_station(paths)
    finally:
        paths.root.chmod(0o755)
    assert "只读" in err.value.zh and err.value.exit_code == 4


def test_a_full_disk_is_an_environment_problem(small_fs, station_template, run_cli):
    paths = _station_copy(station_template, small_fs)
    fd = os.open(small_fs / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\1" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):  # take the last bytes too
        with open(small_fs / "filler2", "wb", buffering=0) as f:
            while True:
                f.write(b"\1")
    with pytest.raises(EnvironmentProblem) as err:
        check_station(paths)
    assert "磁盘已满" in err.value.zh and "请勿因此从备份恢复" in err.value.zh
    result = run_cli("--data-dir", str(paths.root), "check")
    assert result.code == 4 and "磁盘已满" in result.err


def test_check_mentions_a_skipped_holiday_file(station, run_cli):
    station.paths.holidays.mkdir(exist_ok=True)
    (station.paths.holidays / "2027.json").write_text("{oops", encoding="utf-8")
    report = check_station(station.paths)
    assert report.ok and any("2027.json" in note for note in report.notes)
    result = run_cli("--data-dir", str(station.paths.root), "check")
    assert result.code == 0 and "2027.json" in result.out
