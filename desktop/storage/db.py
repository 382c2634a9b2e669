"""The one place that opens the station database.

SQLite in WAL mode with foreign keys on; ordered migrations with a copy of the
file taken before any of them runs; a database written by a newer program is
refused.  Writes go through :func:`write_transaction` (``BEGIN IMMEDIATE``) so
numbering and the audit chain are serialised even across processes.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import sqlite_utils

from desktop.domain.errors import DatabaseTooNew, EnvironmentProblem

log = logging.getLogger(__name__)

Database = sqlite_utils.Database  # what the layers above hold; they never run SQL on it

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 15_000


def migration_files() -> list[tuple[int, Path]]:
    """Migrations in order: ``NNNN_name.sql`` or ``NNNN_name.py`` (with ``upgrade(db)``)."""
    found = []
    for path in MIGRATIONS_DIR.iterdir():
        if path.suffix in (".sql", ".py") and path.stem[:4].isdigit():
            found.append((int(path.stem[:4]), path))
    found.sort()
    numbers = [n for n, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migrations are not numbered 1..n: {numbers}")
    return found


SCHEMA_VERSION = len(migration_files())


def connect(path: Path) -> sqlite_utils.Database:
    """Open a connection with the house settings; no migration."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise environment_problem(exc) from exc
    return sqlite_utils.Database(conn)


def open_readonly(path: Path) -> sqlite_utils.Database:
    """Open without migrating or writing anything (for verification)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.DatabaseError as exc:
        raise environment_problem(exc) from exc
    return sqlite_utils.Database(conn)


def user_version(db: sqlite_utils.Database) -> int:
    """The schema version recorded in the file."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def open_database(path: Path, *, upto: int | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the station database.

    Args:
        path: the database file.
        upto: migrate only up to this version (tests build old-schema files with it).

    Raises:
        DatabaseTooNew: the file comes from a newer version of the program.
        EnvironmentProblem: the file cannot be read or written.
    """
    existed = path.exists() and path.stat().st_size > 0
    db = connect(path)
    target = SCHEMA_VERSION if upto is None else upto
    current = user_version(db)
    if current > SCHEMA_VERSION:
        db.close()
        raise DatabaseTooNew(
            f"数据库版本（{current}）高于本程序支持的版本（{SCHEMA_VERSION}），请升级调解台",
            f"database schema {current} is newer than this program supports "
            f"({SCHEMA_VERSION}); upgrade the program")
    if current < target:
        if existed:
            backup_before_migration(db, path, current)
        migrate(db, current, target)
    if target == SCHEMA_VERSION:
        _refresh_search_index(db)
    return db


def _refresh_search_index(db: sqlite_utils.Database) -> None:
    """Build the search index if it is missing or in an older text format."""
    from desktop.storage import search  # the index module builds on this one

    if search.index_is_current(db):
        return
    with write_transaction(db):
        count = search.reindex_all(db)
    log.info("search index rebuilt for %d cases", count)


def backup_before_migration(db: sqlite_utils.Database, path: Path, version: int) -> Path:
    """Copy the whole database (WAL included, via the backup API) before touching it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.v{version}-{stamp}.bak")
    try:
        with contextlib.closing(sqlite3.connect(target)) as out:
            db.conn.backup(out)
    except sqlite3.DatabaseError as exc:
        raise environment_problem(exc) from exc
    log.info("database copied to %s before migrating from v%d", target, version)
    return target


def migrate(db: sqlite_utils.Database, current: int, target: int) -> None:
    """Apply migrations ``current+1 .. target``, each in its own transaction."""
    for number, path in migration_files():
        if not current < number <= target:
            continue
        log.info("migrating database to v%d (%s)", number, path.name)
        with write_transaction(db):
            if path.suffix == ".sql":
                for statement in split_sql(path.read_text(encoding="utf-8")):
                    db.execute(statement)
            else:
                module = importlib.import_module(f"desktop.storage.migrations.{path.stem}")
                module.upgrade(db)
            db.execute(f"PRAGMA user_version = {number}")


def split_sql(script: str) -> list[str]:
    """Split a migration script into statements (trigger bodies kept whole)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buffer:
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; roll back on any error.

    Taking the write lock at the start means two writers never both read a
    counter and then race to update it.
    """
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise environment_problem(exc) from exc
    try:
        yield db
    except sqlite3.OperationalError as exc:
        db.rollback()
        raise environment_problem(exc) from exc
    except BaseException:
        db.rollback()
        raise
    else:
        try:
            db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            db.rollback()
            raise environment_problem(exc) from exc


def environment_problem(exc: sqlite3.DatabaseError) -> EnvironmentProblem:
    """Turn a SQLite error caused by the machine into advice the user can act on."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        zh = "数据库正被其他程序占用，请关闭其他调解台窗口后重试"
    elif "full" in text:
        zh = "磁盘空间不足，请清理磁盘后重试（已保存的数据不受影响）"
    elif "readonly" in text or "permission" in text or "unable to open" in text:
        zh = "无法写入数据目录，请检查文件夹权限"
    elif "not a database" in text or "malformed" in text:
        zh = "数据库文件已损坏或不是调解台数据库，请从备份恢复"
    else:
        zh = f"数据库读写错误：{exc}"
    return EnvironmentProblem(zh, f"database problem: {exc}")
