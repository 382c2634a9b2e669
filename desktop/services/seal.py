"""The organisation's seal image and captured signature images.

The seal is imported from the organisation's own scan by an administrator only; every
import, size change and removal is audited (with the image's hash, never the image).
Captured signatures are drawn on the signature pad for one case and one signer; they are
evidence aids, not legal signatures, and documents that carry them say so.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from desktop import resources
from desktop.documents import seal as seal_img
from desktop.domain.errors import EnvironmentProblem, InputError, ValidationError, os_error_reason
from desktop.services import auth
from desktop.services.auth import User
from desktop.services.cases import resolve_case
from desktop.services.documents import SEAL_MM_KEY, store_file
from desktop.services.files import write_atomically
from desktop.services.station import Station
from desktop.storage import audit
from desktop.storage import documents as doc_repo
from desktop.storage import station as station_repo
from desktop.storage.db import Database
from desktop.storage.rows import now

SEAL_SHA_KEY = "seal_sha256"
DEMO_SEAL = ("seal", "demo-seal.png")
MAX_CAPTURE = 2 * 1024 * 1024
SIGNER_KEYS = ("mediator", "recorder", "recipient", "visitor", "assessor")


@dataclass(frozen=True)
class SealInfo:
    """The seal in force, if any."""

    present: bool
    sha256: str | None
    size_mm: float
    path: Path


def info(station: Station) -> SealInfo:
    db = station.read()
    sha = station_repo.setting(db, SEAL_SHA_KEY)
    size = station_repo.setting(db, SEAL_MM_KEY)
    return SealInfo(station.paths.seal.is_file() and bool(sha), sha,
                    float(size) if size else seal_img.DEFAULT_MM, station.paths.seal)


def import_seal(station: Station, source: Path, user: User, *,
                size_mm: float | str | None = None) -> SealInfo:
    """Import the organisation's seal scan (administrators only; audited).

    Raises:
        PermissionDenied: not an administrator.
        InputError: the file cannot be read; ValidationError: not a usable seal scan.
    """
    auth.authorize(station.store, user, "manage_station")
    try:
        data = source.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{source} 是文件夹", f"{source} is a folder", str(source)) from exc
    except OSError as exc:
        raise InputError(f"无法读取 {source}：{os_error_reason(exc, reading=True)}",
                         f"cannot read {source}: {exc.strerror}", str(source)) from exc
    return _install(station, seal_img.prepare(data, str(source)), user, size_mm,
                    source.name)


def install_demo_seal(station: Station, user: User) -> SealInfo:
    """The demo station's stand-in: an image marked 演示样章 that is plainly not a seal."""
    if not station.is_demo:
        raise ValidationError("演示样章只能用于演示工作站", "the demo seal is for demo stations",
                              "seal")
    auth.authorize(station.store, user, "manage_station")
    data = resources.resource(*DEMO_SEAL).read_bytes()
    return _install(station, seal_img.prepare(data, "demo"), user, None, "demo-seal.png")


def _install(station: Station, prepared: seal_img.SealImage, user: User,
             size_mm: float | str | None, name: str) -> SealInfo:
    size = seal_img.check_size_mm(size_mm) if size_mm is not None else None
    write_atomically(station.paths.seal, prepared.png, durable=True)
    digest = hashlib.sha256(prepared.png).hexdigest()

    def record(db: Database) -> None:
        station_repo.put_setting(db, SEAL_SHA_KEY, digest)
        if size is not None:
            station_repo.put_setting(db, SEAL_MM_KEY, str(size))
        audit.append(db, user.login, "seal.import", None,
                     {"sha256": digest, "file": name, "size_mm": size,
                      "made_transparent": prepared.made_transparent})

    station.write(record)
    return info(station)


def set_size(station: Station, size_mm: float | str, user: User) -> SealInfo:
    auth.authorize(station.store, user, "manage_station")
    size = seal_img.check_size_mm(size_mm)

    def record(db: Database) -> None:
        station_repo.put_setting(db, SEAL_MM_KEY, str(size))
        audit.append(db, user.login, "seal.size", None, {"size_mm": size})

    station.write(record)
    return info(station)


def remove_seal(station: Station, user: User) -> None:
    auth.authorize(station.store, user, "manage_station")
    try:
        station.paths.seal.unlink(missing_ok=True)
    except OSError as exc:
        raise EnvironmentProblem(f"无法删除印章图片：{os_error_reason(exc)}",
                                 f"cannot remove the seal image: {exc.strerror}") from exc

    def record(db: Database) -> None:
        station_repo.put_setting(db, SEAL_SHA_KEY, "")
        audit.append(db, user.login, "seal.remove", None, {})

    station.write(record)


def check_signer(key: str) -> str:
    head, _, tail = key.partition(":")
    if key in SIGNER_KEYS or (head == "party" and tail.isdigit() and len(tail) <= 6):
        return key
    raise ValidationError("签名人不正确", f"unknown signer key {key!r}", "signer")


def save_capture(station: Station, case_ref: str | int, signer: str, png: bytes,
                 user: User) -> str:
    """Keep a signature drawn on the pad for one signer of a case; returns its hash."""
    auth.authorize(station.store, user, "write")
    check_signer(signer)
    if not png.startswith(b"\x89PNG") or len(png) > MAX_CAPTURE:
        raise ValidationError("签名图像无效", "a captured signature must be a PNG under 2 MB",
                              "signature")
    digest = store_file(station, png)

    def record(db: Database) -> None:
        pk = resolve_case(db, case_ref) if isinstance(case_ref, str) else case_ref
        doc_repo.insert_capture(db, case_pk=pk, signer=signer, sha256=digest,
                                actor=user.login, at=now())
        audit.append(db, user.login, "signature.capture", signer, {"sha256": digest},
                     case_pk=pk)

    station.write(record)
    return digest


def remove_capture(station: Station, case_ref: str | int, signer: str, user: User) -> None:
    auth.authorize(station.store, user, "write")

    def record(db: Database) -> None:
        pk = resolve_case(db, case_ref) if isinstance(case_ref, str) else case_ref
        if doc_repo.remove_capture(db, pk, signer):
            audit.append(db, user.login, "signature.remove", signer, {}, case_pk=pk)

    station.write(record)
