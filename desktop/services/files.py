"""Writing files people asked for, and the station's own stored files, safely.

* :func:`check_output`: a place a person chose (``-o``, 另存为, an export) must be a regular
  file outside the station's data folder — never the database, the archive or a device.
* :func:`write_atomically`: bytes go to a ``.part`` beside the target and are renamed into
  place, so a crash or a full disk never leaves a half file under the final name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from desktop.domain.errors import EnvironmentProblem, InputError, os_error_reason
from desktop.services.station import Station


def write_problem(target: Path, exc: OSError) -> EnvironmentProblem:
    """The machine's reason a file could not be written, in plain words."""
    return EnvironmentProblem(
        f"无法写入文件 {target}：{os_error_reason(exc)}。请换一个文件夹或检查磁盘后重试",
        f"cannot write {target}: {exc.strerror or type(exc).__name__}")


def write_atomically(target: Path, data: bytes, *, durable: bool = False) -> None:
    """Write ``data`` to ``target`` through a ``.part`` file renamed into place (``durable``:
    flushed to the disk first, for what the station keeps).

    Raises:
        EnvironmentProblem: the folder cannot take the file; no ``.part`` is left behind.
    """
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                   suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise write_problem(target, exc) from exc


def check_output(station: Station, target: Path | str, *, folder_exists: bool = True) -> Path:
    """Where a file a person asked for may be written: a regular file (new or to replace),
    outside the station's data folder, in a folder that exists.

    Raises:
        InputError: an empty name, a folder, a device or other special file, a place
            inside the data folder (the database, the archive), or (``folder_exists``) a
            missing folder — a caller that reports that itself, as the machine's problem,
            passes False.
    """
    text = str(target).strip()
    if not text or text in (".", ".."):
        raise InputError("请给出输出文件名", "give an output file name", "--output")
    path = Path(text).expanduser()
    resolved = path.resolve(strict=False)
    root = station.paths.root.resolve(strict=False)
    if resolved == root or root in resolved.parents:
        raise InputError("不能把文件写到工作站的数据目录中（会损坏数据），请另选位置",
                         f"refusing to write inside the station's data folder {root}",
                         "--output")
    if path.exists() or path.is_symlink():
        if path.is_dir():
            raise InputError(f"{path} 是文件夹，请给出文件名", f"{path} is a folder", "--output")
        if not path.is_file():
            raise InputError(f"{path} 不是普通文件，不能写入", f"{path} is not a regular file",
                             "--output")
    if folder_exists and not resolved.parent.is_dir():
        raise InputError(f"文件夹 {resolved.parent} 不存在", f"no folder {resolved.parent}",
                         "--output")
    return path
