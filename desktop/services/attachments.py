"""Attachments: files copied into the data folder under their SHA-256, shared by content."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from desktop.domain.errors import EnvironmentProblem, InputError
from desktop.services import auth
from desktop.services.auth import User
from desktop.services.cases import resolve_case
from desktop.services.station import Station
from desktop.storage import attachments as attachment_repo
from desktop.storage import audit
from desktop.storage.db import Database
from desktop.storage.rows import now

CHUNK = 1 << 20
MAX_BYTES = 200 * 1024 * 1024


def attach_file(station: Station, case_no: str, source: Path, user: User, *,
                description: str | None = None) -> str:
    """Copy ``source`` into the store and link it to the case; returns its SHA-256.

    The copy is written to a temporary file and renamed into place, so a crash
    never leaves a half file under a valid hash.
    """
    auth.authorize(station.store, user, "write")
    resolve_case(station.read(), case_no)
    if not source.is_file():
        raise InputError(f"找不到文件 {source}", f"no such file: {source}", "file")
    if source.stat().st_size > MAX_BYTES:
        raise InputError("附件超过 200 MB", "attachment larger than 200 MB", "file")
    digest, size, tmp = _copy_hashed(source, station.paths.attachments)
    target = station.paths.attachment_file(digest)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        tmp.unlink()
    else:
        os.replace(tmp, target)
    def link(db: Database) -> None:
        pk = resolve_case(db, case_no)
        attachment_repo.insert_attachment(db, case_pk=pk, sha256=digest, filename=source.name,
                                          size=size, description=description,
                                          actor=user.login, at=now())
        audit.append(db, user.login, "case.attach", None,
                     {"sha256": digest, "filename": source.name, "size": size}, case_pk=pk)

    station.write(link)
    return digest


def _copy_hashed(source: Path, folder: Path) -> tuple[str, int, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    hasher, size, out = hashlib.sha256(), 0, None
    try:
        with source.open("rb") as src, tempfile.NamedTemporaryFile(
                dir=folder, delete=False, suffix=".part") as out:
            while chunk := src.read(CHUNK):
                hasher.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        if out is not None:
            Path(out.name).unlink(missing_ok=True)
        raise EnvironmentProblem("无法保存附件，请检查磁盘空间和权限",
                                 f"cannot store attachment: {exc}") from exc
    return hasher.hexdigest(), size, Path(out.name)
