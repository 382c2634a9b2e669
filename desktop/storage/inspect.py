"""Read-only inspection of a database file for ``tiaojie check``.

A check must tell damage from trouble with the machine: a full disk or a read-only data
folder is not a damaged database (a user told otherwise may restore an old backup and lose
work).  SQLite errors are classified by their result code (``exc.sqlite_errorcode``), never by
message text: only CORRUPT and NOTADB, or a failing ``integrity_check``, mean damage; the
machine's problems become an :class:`EnvironmentProblem` with advice; anything else is a bug.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.errors import EnvironmentProblem
from desktop.storage import attachments, audit
from desktop.storage.db import error_kind, open_readonly, user_version

DAMAGE = frozenset({"corrupt", "notadb"})
ENVIRONMENT = frozenset({"busy", "locked", "readonly", "ioerr", "full", "cantopen"})
LOW_SPACE_BYTES = 128 * 1024  # SQLite needs room for its -shm (32 KiB) and -wal files to read

NOT_DAMAGE = "这不表示数据库已损坏，请勿因此从备份恢复"
NOT_DAMAGE_EN = "this does not mean the database is damaged; do not restore a backup over it"


classify = error_kind  # the one classification by result code (desktop.storage.db)


def folder_is_read_only(folder: Path) -> bool:
    """True when files cannot be created in ``folder`` (read-only mount or no permission)."""
    try:
        if hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        pass
    return not os.access(folder, os.W_OK)


def free_bytes(folder: Path) -> int | None:
    """Free space on the disk that holds ``folder`` (None if it cannot be asked)."""
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def environment_problem(exc: BaseException, database: Path) -> EnvironmentProblem:
    """What the machine is doing wrong, with advice; ``exc`` was classified as environment."""
    kind = classify(exc)
    folder = database.parent
    code = getattr(exc, "sqlite_errorname", None) or kind
    free = free_bytes(folder)
    if kind in ("busy", "locked"):
        return EnvironmentProblem(
            "数据库正被其他程序占用（可能正在写入），请稍后重试或关闭其他调解台窗口",
            f"database is in use by another program ({code}); retry later")
    low_space = free is not None and free < LOW_SPACE_BYTES
    if kind == "full" or (low_space and not folder_is_read_only(folder)):
        return EnvironmentProblem(
            f"磁盘已满（{folder} 所在磁盘剩余 {max(free or 0, 0) // 1024} KB），无法完成检查；"
            f"请先清理磁盘再运行检查。{NOT_DAMAGE}",
            f"disk full ({free} bytes free at {folder}); free some space and check again "
            f"({code}); {NOT_DAMAGE_EN}")
    if kind in ("readonly", "cantopen") and folder_is_read_only(folder):
        return EnvironmentProblem(
            f"数据目录 {folder} 是只读的（或没有写入权限）。读取数据库也需要在该目录建立临时文件"
            f"（-wal、-shm）；请开放写权限，或把整个数据目录复制到可写的位置后再检查。{NOT_DAMAGE}",
            f"data folder {folder} is read-only; SQLite needs to create its -wal/-shm files "
            f"there even to read ({code}); make it writable or copy the folder elsewhere; "
            f"{NOT_DAMAGE_EN}")
    if kind == "cantopen":
        return EnvironmentProblem(
            f"无法打开数据库文件 {database}，请检查文件和文件夹的权限。{NOT_DAMAGE}",
            f"cannot open {database} ({code}); check file and folder permissions; "
            f"{NOT_DAMAGE_EN}")
    if kind == "readonly":
        return EnvironmentProblem(
            f"数据库文件 {database} 或其临时文件无法写入，请检查权限。{NOT_DAMAGE}",
            f"{database} or its -wal/-shm file is read-only ({code}); check permissions; "
            f"{NOT_DAMAGE_EN}")
    return EnvironmentProblem(
        f"读写 {database} 时磁盘出错（U 盘被拔出、网络盘断开或磁盘故障）；请检查磁盘后重试，"
        "如反复出现请复制数据目录并联系技术人员",
        f"disk I/O error reading {database} ({code}); check the disk (removed USB stick, "
        "network drive, failing disk) and retry")


@dataclass
class Inspection:
    """What the file says about itself."""

    schema_version: int | None = None
    integrity_problems: list[str] = field(default_factory=list)
    chain: audit.ChainReport | None = None
    case_states: audit.StateReport | None = None
    not_station: bool = False  # another program's file or an empty one: not damage
    attachment_digests: list[str] = field(default_factory=list)


def inspect_database(path: Path) -> Inspection:
    """Integrity check, audit chain and attachment list, without changing the file.

    Raises:
        EnvironmentProblem: the machine prevents reading the file (full disk, read-only
            folder, locked, I/O error) — reported as such, never as damage.
        sqlite3.Error: anything SQLite reports that is neither damage nor the machine (a bug).
    """
    found = Inspection()
    try:
        db = open_readonly(path)
    except EnvironmentProblem as exc:
        cause = exc.__cause__
        if cause is not None and classify(cause) in ENVIRONMENT:
            raise environment_problem(cause, path) from cause
        if cause is not None and classify(cause) in DAMAGE:
            found.integrity_problems.append(_damage_line(cause))
            return found
        raise
    try:
        found.schema_version = user_version(db)
        if not db["audit_log"].exists():
            found.not_station = True
            found.integrity_problems.append(
                "此文件不是调解台数据库（没有审计记录表） / not a station database "
                "(no audit_log table)")
            return found
        found.integrity_problems = audit.integrity_check(db)
        found.chain = audit.verify_chain(db)
        if found.schema_version >= 4:
            found.case_states = audit.verify_case_states(db)
        found.attachment_digests = attachments.attachment_digests(db)
    except sqlite3.Error as exc:
        kind = classify(exc)
        if kind in DAMAGE:
            found.integrity_problems.append(_damage_line(exc))
        elif kind in ENVIRONMENT:
            raise environment_problem(exc, path) from exc
        else:
            raise
    finally:
        db.close()
    return found


def _damage_line(exc: BaseException) -> str:
    name = getattr(exc, "sqlite_errorname", "SQLITE_CORRUPT")
    return (f"数据库文件已损坏或不是调解台数据库，无法读取 / SQLite reports damage: {exc} "
            f"({name})")
