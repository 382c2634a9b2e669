"""Attachments: files copied into the data folder under their SHA-256, shared by content.

A copy is written to ``attachments/<random>.part`` and renamed into place, so a crash never
leaves a half file under a valid hash; a killed copy leaves the ``.part`` behind, which
:func:`clean_leftovers` removes when the station opens and ``check`` mentions.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.errors import EnvironmentProblem, InputError, os_error_reason
from desktop.paths import Paths
from desktop.services import auth
from desktop.services.auth import User
from desktop.services.cases import resolve_case
from desktop.services.station import Station
from desktop.storage import attachments as attachment_repo
from desktop.storage import audit
from desktop.storage.db import Database
from desktop.storage.rows import now

log = logging.getLogger(__name__)

CHUNK = 1 << 20
MAX_BYTES = 200 * 1024 * 1024
PART_SUFFIX = ".part"
# A copy in progress rewrites its .part at least every chunk; one untouched this long was
# left by a killed or crashed copy (another process's running copy is never this old).
STALE_AFTER_SECONDS = 15 * 60
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def attach_file(station: Station, case_no: str, source: Path, user: User, *,
                description: str | None = None) -> str:
    """Copy ``source`` into the store and link it to the case; returns its SHA-256.

    Raises:
        InputError: the source is missing, a folder, not a regular file, too large or cannot
            be read (the message names the source file, never the station's disk).
        EnvironmentProblem: the station's attachments folder cannot take the copy (disk
            full, no permission); no partial file is left behind.
    """
    auth.authorize(station.store, user, "write")
    resolve_case(station.read(), case_no)
    size = _check_source(source)
    if size > MAX_BYTES:
        raise InputError("附件超过 200 MB", "attachment larger than 200 MB", "file")
    digest, size, tmp = _copy_hashed(source, station.paths.attachments)
    target = station.paths.attachment_file(digest)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            tmp.unlink()
        else:
            os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _store_problem(station.paths.attachments, exc) from exc

    def link(db: Database) -> None:
        pk = resolve_case(db, case_no)
        attachment_repo.insert_attachment(db, case_pk=pk, sha256=digest, filename=source.name,
                                          size=size, description=description,
                                          actor=user.login, at=now())
        audit.append(db, user.login, "case.attach", None,
                     {"sha256": digest, "filename": source.name, "size": size}, case_pk=pk)

    station.write(link)
    return digest


@dataclass(frozen=True)
class Leftover:
    """A ``.part`` file left by a copy that did not finish."""

    path: Path
    size: int
    age_seconds: float


def leftovers(paths: Paths) -> list[Leftover]:
    """Every ``.part`` file in the attachments folder (read-only; ``check`` lists them)."""
    found: list[Leftover] = []
    if not paths.attachments.is_dir():
        return found
    now_ts = time.time()
    for path in sorted(paths.attachments.rglob(f"*{PART_SUFFIX}")):
        try:
            st = path.stat()
        except OSError:
            continue  # removed meanwhile
        if stat.S_ISREG(st.st_mode):
            found.append(Leftover(path, st.st_size, max(0.0, now_ts - st.st_mtime)))
    return found


def clean_leftovers(paths: Paths, *,
                    older_than_seconds: float = STALE_AFTER_SECONDS) -> list[Leftover]:
    """Remove stale ``.part`` files from the attachments folder; returns what was removed.

    Call when the station opens.  A ``.part`` younger than ``older_than_seconds`` may belong
    to a copy still running in another process and is kept.  A file that cannot be removed
    is logged and left (the next open tries again); this never raises.
    """
    removed = []
    for leftover in leftovers(paths):
        if leftover.age_seconds < older_than_seconds:
            continue
        try:
            leftover.path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("cannot remove leftover %s: %s", leftover.path, exc)
            continue
        log.info("removed leftover %s (%d bytes)", leftover.path, leftover.size)
        removed.append(leftover)
    return removed


def _source_problem(source: Path, exc: OSError) -> InputError:
    return InputError(f"无法读取要添加的文件 {source}：{os_error_reason(exc, reading=True)}",
                      f"cannot read the file to attach {source}: "
                      f"{exc.strerror or type(exc).__name__}", "file")


def _check_source(source: Path) -> int:
    """Size of a regular, existing source file; an InputError naming it otherwise."""
    try:
        st = source.stat()
    except FileNotFoundError:
        raise InputError(f"找不到文件 {source}", f"no such file: {source}", "file") from None
    except OSError as exc:
        raise _source_problem(source, exc) from exc
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{source} 是文件夹，请选择其中的文件",
                         f"{source} is a folder, not a file", "file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{source} 不是普通文件（可能是设备或管道）",
                         f"{source} is not a regular file", "file")
    return st.st_size


def _store_problem(folder: Path, exc: OSError) -> EnvironmentProblem:
    """The station's attachments folder cannot take a file."""
    if exc.errno in _DISK_FULL:
        return EnvironmentProblem(f"磁盘空间不足，附件未保存；请清理 {folder} 所在的磁盘后重试",
                                  f"disk full: attachment not stored in {folder}")
    return EnvironmentProblem(f"无法把附件保存到 {folder}（{os_error_reason(exc)}），"
                              "请检查该文件夹的权限和磁盘",
                              f"cannot store attachment in {folder}: "
                              f"{exc.strerror or type(exc).__name__}")


def _copy_hashed(source: Path, folder: Path) -> tuple[str, int, Path]:
    """Copy into ``folder/<random>.part`` while hashing; the .part is removed on any failure.

    Errors reading ``source`` are the input's fault (InputError); errors writing are the
    station's (EnvironmentProblem).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _store_problem(folder, exc) from exc
    try:
        src = source.open("rb")
    except FileNotFoundError:
        raise InputError(f"找不到文件 {source}", f"no such file: {source}", "file") from None
    except OSError as exc:
        raise _source_problem(source, exc) from exc
    hasher, size = hashlib.sha256(), 0
    with src:
        try:
            out = tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=PART_SUFFIX)
        except OSError as exc:
            raise _store_problem(folder, exc) from exc
        part = Path(out.name)
        try:
            with out:
                while True:
                    try:
                        chunk = src.read(CHUNK)
                    except OSError as exc:
                        raise _source_problem(source, exc) from exc
                    if not chunk:
                        break
                    hasher.update(chunk)
                    try:
                        out.write(chunk)
                    except OSError as exc:
                        raise _store_problem(folder, exc) from exc
                    size += len(chunk)
                try:
                    out.flush()
                    os.fsync(out.fileno())
                except OSError as exc:
                    raise _store_problem(folder, exc) from exc
        except BaseException as exc:
            part.unlink(missing_ok=True)
            if isinstance(exc, OSError):  # closing the file failed (buffered write, ENOSPC)
                raise _store_problem(folder, exc) from exc
            raise
    return hasher.hexdigest(), size, part
