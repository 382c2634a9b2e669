"""One writer, safe readers: real threads against a real station file."""

from __future__ import annotations

import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from desktop.domain.errors import EnvironmentProblem
from desktop.storage import db as storage_db
from desktop.storage.writer import StationStore, StoreClosed


@pytest.fixture
def store(tmp_path):
    st = StationStore(tmp_path / "s.db")
    st.open()
    st.write(lambda db: db.execute("CREATE TABLE items (n INTEGER NOT NULL)"))
    yield st
    st.close()


def count(db) -> int:
    return db.execute("SELECT count(*) FROM items").fetchone()[0]


def test_many_threads_write_and_nothing_is_lost(store):
    def add(i: int) -> None:
        for j in range(25):
            store.write(lambda db, n=i * 100 + j: db.execute("INSERT INTO items VALUES (?)", [n]))

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(add, range(8)))
    assert count(store.read()) == 200
    values = [r[0] for r in store.read().execute("SELECT n FROM items ORDER BY n")]
    assert len(set(values)) == 200


def test_readers_never_see_an_uncommitted_write_and_never_wait_for_it(store):
    inside, release = threading.Event(), threading.Event()

    def slow_write(db):
        db.execute("INSERT INTO items VALUES (1)")
        inside.set()
        assert release.wait(10)

    writer = threading.Thread(target=store.write, args=(slow_write,))
    writer.start()
    assert inside.wait(10)
    seen: list[int] = []
    started = time.monotonic()
    reader = threading.Thread(target=lambda: seen.append(count(store.read())))
    reader.start()
    reader.join(5)
    assert seen == [0]  # the half-done write is invisible to another thread
    assert time.monotonic() - started < 5  # and the read did not wait for the writer
    assert count(store.read()) == 0  # nor to this thread
    release.set()
    writer.join(10)
    assert count(store.read()) == 1


def test_a_failing_write_rolls_back_whole_and_the_next_one_works(store):
    def half_then_fail(db):
        db.execute("INSERT INTO items VALUES (1)")
        raise ValueError("stop")

    with pytest.raises(ValueError):
        store.write(half_then_fail)
    assert count(store.read()) == 0
    store.write(lambda db: db.execute("INSERT INTO items VALUES (2)"))
    assert count(store.read()) == 1


def test_a_sql_mistake_is_a_bug_not_an_environment_problem(store):
    """`SELECT nme` must never tell the user that the disk is full."""
    with pytest.raises(sqlite3.OperationalError) as err:
        store.write(lambda db: db.execute("SELECT nme FROM items"))
    assert not isinstance(err.value, EnvironmentProblem)
    assert storage_db.classify(err.value) is None


def test_a_write_inside_a_write_joins_it(store):
    def outer(db):
        db.execute("INSERT INTO items VALUES (1)")
        store.write(lambda inner: inner.execute("INSERT INTO items VALUES (2)"))
        raise RuntimeError("undo both")

    with pytest.raises(RuntimeError):
        store.write(outer)
    assert count(store.read()) == 0


def test_another_process_holding_the_lock_is_an_environment_problem(store, monkeypatch):
    monkeypatch.setattr(storage_db, "BUSY_TIMEOUT_MS", 100)
    other = StationStore(store.path)  # a second program on the same file
    other.open()
    other_conn = sqlite3.connect(store.path, isolation_level=None, timeout=0.1)
    other_conn.execute("PRAGMA busy_timeout = 100")
    other_conn.execute("BEGIN IMMEDIATE")
    try:
        quick = StationStore(store.path)
        quick.open()
        with pytest.raises(EnvironmentProblem) as err:
            quick.write(lambda db: (db.execute("PRAGMA busy_timeout = 100"),
                                    db.execute("INSERT INTO items VALUES (1)")))
        assert "占用" in err.value.zh
        quick.close()
    finally:
        other_conn.execute("ROLLBACK")
        other_conn.close()
        other.close()


def test_queued_writes_finish_before_close_and_later_ones_are_refused(store):
    for i in range(20):
        store.write_later(lambda db, n=i: db.execute("INSERT INTO items VALUES (?)", [n]))
    path = store.path
    store.close()
    with pytest.raises(StoreClosed):
        store.write(lambda db: None)
    check = sqlite3.connect(path)
    assert check.execute("SELECT count(*) FROM items").fetchone()[0] == 20
    check.close()


def test_a_reader_cannot_write(store):
    with pytest.raises(sqlite3.OperationalError):
        store.read().execute("INSERT INTO items VALUES (1)")


@pytest.mark.parametrize(("code", "kind"), [
    (sqlite3.SQLITE_BUSY, "占用"), (sqlite3.SQLITE_FULL, "磁盘空间不足"),
    (sqlite3.SQLITE_READONLY, "只读"), (sqlite3.SQLITE_CORRUPT, "损坏"),
    (sqlite3.SQLITE_NOTADB, "不是调解台数据库"), (sqlite3.SQLITE_IOERR, "读写磁盘"),
    (sqlite3.SQLITE_CANTOPEN, "无法打开")])
def test_environment_codes_get_advice_without_json_or_codes_in_chinese(code, kind):
    exc = sqlite3.OperationalError("whatever the message says")
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    problem = storage_db.classify(exc)
    assert problem is not None and kind in problem.zh
    plain = problem.zh.replace("tiaojie check", "").replace("U盘", "")  # 优盘 is written U盘
    assert not any(ch.isascii() and ch.isalpha() for ch in plain)


def test_a_disk_full_message_on_a_bug_code_stays_a_bug():
    exc = sqlite3.OperationalError("database or disk is full")  # text alone proves nothing
    exc.sqlite_errorcode = sqlite3.SQLITE_ERROR  # type: ignore[attr-defined]
    assert storage_db.classify(exc) is None
