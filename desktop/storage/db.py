"""The one place that opens the station database.

SQLite in WAL mode with foreign keys on.  One *writer* connection (owned by the
station's writer thread, see :mod:`desktop.storage.writer`) runs every write inside
``BEGIN IMMEDIATE``; every other thread reads through its own *reader* connection
(``query_only``), which in WAL mode sees only committed data.  Ordered migrations run
on the writer after a copy of the file is taken; a file written by a newer program, or
a file that is not a station database at all, is refused and never migrated into.

SQLite errors are classified by their error code, never by message text: the codes a
machine causes (busy, locked, read-only, I/O, corrupt, full, cannot open, not a database)
become an :class:`EnvironmentProblem` with advice; anything else is a bug and propagates.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import sqlite_utils

from desktop.domain.errors import DatabaseTooNew, EnvironmentProblem
from desktop.storage.migrations import STEPS

log = logging.getLogger(__name__)

Database = sqlite_utils.Database  # what the layers above hold; they never run SQL on it

SCHEMA_VERSION = len(STEPS)
APPLICATION_ID = 0x544A4453  # "TJDS": marks a file as a station database (schema v4 on)
BUSY_TIMEOUT_MS = 15_000
OLD_MARKER_TABLES = {"organisation", "users", "counters", "cases"}  # a v1-v3 station

# Primary SQLite result codes (https://sqlite.org/rescode.html) the machine causes; extended
# codes keep them in their low byte (SQLITE_IOERR_SHMSIZE = 4874 = 10 | 19 << 8).
ERROR_KINDS: dict[int, str] = {5: "busy", 6: "locked", 8: "readonly", 10: "ioerr",
                               11: "corrupt", 13: "full", 14: "cantopen", 26: "notadb"}

# What to tell people about each.
_ADVICE: dict[str, tuple[str, str]] = {
    "busy": ("数据库正被其他程序占用，请关闭其他调解台窗口后重试", "database is busy"),
    "locked": ("数据库正被其他程序占用，请关闭其他调解台窗口后重试", "database table is locked"),
    "readonly": ("数据目录是只读的，无法写入。请检查文件夹权限或把数据目录放到可写的位置",
                 "the data folder or database file is read-only"),
    "ioerr": ("读写磁盘时出错（磁盘、U盘或网络盘可能已断开或损坏）。"
              "请检查磁盘后重试，不要恢复旧备份", "disk I/O error"),
    "corrupt": ("数据库文件已损坏。请运行 tiaojie check 查看详情，并从最近的备份恢复",
                "the database file is damaged"),
    "full": ("磁盘空间不足，请清理磁盘后重试（已保存的数据不受影响）", "the disk is full"),
    "cantopen": ("无法打开数据库文件，请检查数据目录是否存在、是否有权限",
                 "cannot open the database file"),
    "notadb": ("该文件不是调解台数据库（或已严重损坏），不会被改动。请检查数据目录是否选错",
               "the file is not a station database"),
}


def error_kind(exc: BaseException) -> str:
    """``busy``, ``locked``, ``readonly``, ``ioerr``, ``corrupt``, ``full``, ``cantopen``,
    ``notadb``, or ``other`` (a programming error, not the file or the machine)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(exc, sqlite3.Error) or code is None:
        return "other"
    return ERROR_KINDS.get(code & 0xFF, "other")


def classify(exc: sqlite3.Error) -> EnvironmentProblem | None:
    """The environment problem behind a SQLite error, or None when it is a bug."""
    advice = _ADVICE.get(error_kind(exc))
    if advice is None:
        return None
    name = getattr(exc, "sqlite_errorname", exc.sqlite_errorcode)
    problem = EnvironmentProblem(advice[0], f"{advice[1]} ({name})")
    problem.sqlite_code = exc.sqlite_errorcode & 0xFF  # type: ignore[attr-defined]
    return problem


def environment_problem(exc: BaseException) -> EnvironmentProblem | None:
    """What the machine did wrong behind any exception: the EnvironmentProblem of a SQLite
    error it caused (a read as much as a write: a damaged page, a lost disk), else None.

    For the entry points (the operation runner, the command line) that catch whatever an
    operation raised; inside storage, :func:`translated` does the same at the source.
    """
    if isinstance(exc, sqlite3.Error):
        return classify(exc)
    return None


@contextlib.contextmanager
def translated() -> Iterator[None]:
    """Turn a SQLite error the machine caused into an EnvironmentProblem; bugs pass."""
    try:
        yield
    except sqlite3.Error as exc:
        problem = classify(exc)
        if problem is None:
            raise
        raise problem from exc


def _connect(path: Path, *, readonly: bool, same_thread: bool) -> sqlite_utils.Database:
    with translated():
        if readonly:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                   isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                   check_same_thread=same_thread)
        else:
            conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                   check_same_thread=same_thread)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")  # statement journals never spill to disk
        conn.execute("PRAGMA cache_size = -16000")
    return sqlite_utils.Database(conn)


def connect_writer(path: Path) -> sqlite_utils.Database:
    """The write connection; only the writer thread uses it.

    WAL is switched on by :func:`migrate_to_current` once the file is known to be a
    station's, so a foreign file is never changed (switching the journal mode writes to
    the file's header).
    """
    return _connect(path, readonly=False, same_thread=True)


def _enable_wal(db: sqlite_utils.Database) -> None:
    with translated():
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")


def connect_reader(path: Path) -> sqlite_utils.Database:
    """A read connection for one thread: it can never write, and sees committed data only.

    It is opened read-write at the file level (so it can join the WAL) but ``query_only``.
    """
    db = _connect(path, readonly=False, same_thread=False)
    with translated():
        db.execute("PRAGMA query_only = ON")
    return db


def open_readonly(path: Path) -> sqlite_utils.Database:
    """Open without migrating or writing anything (for verification)."""
    return _connect(path, readonly=True, same_thread=False)


def user_version(db: sqlite_utils.Database) -> int:
    """The schema version recorded in the file."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def _tables(db: sqlite_utils.Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def check_is_station_file(db: sqlite_utils.Database, path: Path) -> None:
    """Refuse a file that holds something other than a station database.

    Raises:
        EnvironmentProblem: the file is another program's database (or empty of our
            schema while holding other tables); nothing in it is touched.
    """
    with translated():
        version = user_version(db)
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        tables = _tables(db)
    if app_id == APPLICATION_ID:
        return
    if app_id == 0 and version == 0 and not tables:
        return  # a new, empty file
    if app_id == 0 and 1 <= version <= 3 and OLD_MARKER_TABLES <= tables:
        return  # a station from before the file was marked
    raise EnvironmentProblem(
        f"{path.name} 不是调解台数据库（可能是其他程序的文件），不会被改动。请检查数据目录是否选错",
        f"{path} is not a station database (another program's file?); it was left untouched")


def migrate_to_current(db: sqlite_utils.Database, path: Path, *,
                       upto: int | None = None) -> None:
    """Bring the schema up to date on the writer connection (a copy is taken first).

    Raises:
        DatabaseTooNew: the file comes from a newer version of the program.
        EnvironmentProblem: the file is not a station database, or cannot be written.
    """
    check_is_station_file(db, path)
    _enable_wal(db)
    target = SCHEMA_VERSION if upto is None else upto
    current = user_version(db)
    if current > SCHEMA_VERSION:
        raise DatabaseTooNew(
            f"数据库版本（{current}）高于本程序支持的版本（{SCHEMA_VERSION}），请升级调解台",
            f"database schema {current} is newer than this program supports "
            f"({SCHEMA_VERSION}); upgrade the program")
    if current >= target:
        return
    if current > 0:
        backup_before_migration(db, path, current)
    for number, step in enumerate(STEPS, start=1):
        if not current < number <= target:
            continue
        log.info("migrating database to v%d (%s)", number, step.__name__)
        with write_transaction(db):
            step.upgrade(db)
            db.execute(f"PRAGMA user_version = {number}")
            if number >= 4:
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def open_database(path: Path, *, upto: int | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate a database on this thread's own connection.

    The station's writer thread opens its connection this way; tools and tests use it on a
    bare file.
    """
    db = connect_writer(path)
    try:
        migrate_to_current(db, path, upto=upto)
    except BaseException:
        db.close()
        raise
    return db


def backup_before_migration(db: sqlite_utils.Database, path: Path, version: int) -> Path:
    """Copy the whole database (WAL included, via the backup API) before touching it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.v{version}-{stamp}.bak")
    with translated(), contextlib.closing(sqlite3.connect(target)) as out:
        db.conn.backup(out)
    log.info("database copied to %s before migrating from v%d", target, version)
    return target


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; roll back on any error.

    Taking the write lock at the start means two writers (threads of other processes)
    never both read a counter and then race to update it.
    """
    with translated():
        db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException as exc:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error) and (problem := classify(exc)) is not None:
            raise problem from exc
        raise
    with translated():
        try:
            db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
