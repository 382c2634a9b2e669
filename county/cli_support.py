"""What the ``tiaojie-county`` commands share: the environment they read, the county folder
and its database (checked before anything is opened or created), the files a clerk names,
and printing."""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import os
import re
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

from county.service import (
    CONFIG,
    County,
)
from desktop.cli import guard
from desktop.domain.errors import (
    EnvironmentProblem,
    InputError,
    os_error_reason,
)

HOME_ENV, PASS_ENV = "TIAOJIE_COUNTY_HOME", "TIAOJIE_COUNTY_PASSPHRASE"
ADMIN_PASSWORD_ENV = "TIAOJIE_COUNTY_ADMIN_PASSWORD"
DEBUG_ENV = "TIAOJIE_DEBUG"
ACTOR = "cli"
MAX_JSON_BYTES = 16 * 1024 * 1024  # a case or a calendar is a few KB: this stops /dev/zero
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_SCHEMES = ("postgresql://", "postgres://")
LOG_FILE = "tiaojie-county.log"



def say(text: str = "", file: Any = None) -> None:
    print(text, file=file or sys.stdout, flush=True)


# -- the county folder and its database ------------------------------------------------------


def home_dir(args: argparse.Namespace) -> Path:
    home = args.home or os.environ.get(HOME_ENV)
    if not home:
        raise InputError(f"请用 --home 或 {HOME_ENV} 指定县级服务目录",
                         f"name the county folder with --home or {HOME_ENV}")
    return Path(home)


def _read_config(home: Path) -> dict[str, Any]:
    """The folder's county.json, checked: a damaged one is named, never a traceback."""
    path = home / CONFIG
    if not path.is_file():
        raise InputError(f"{home} 还不是县级服务目录：先运行 tiaojie-county init",
                         f"{home} is not a county folder: run tiaojie-county init first",
                         "--home")
    try:
        config = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise EnvironmentProblem(f"无法读取 {path}：{os_error_reason(exc, reading=True)}",
                                 f"cannot read {path}: {exc.strerror}") from exc
    except ValueError as exc:  # not JSON, or not UTF-8
        raise _damaged(path) from exc
    if (not isinstance(config, dict) or not isinstance(config.get("id"), str)
            or not isinstance(config.get("name"), str)
            or not isinstance(config.get("keys"), dict)
            or not isinstance(config.get("database") or "", str)):
        raise _damaged(path)
    from desktop.sync import keys
    try:
        keys.PublicKeys.from_json(config["keys"])
    except InputError as exc:
        raise _damaged(path) from exc
    return config


def _damaged(path: Path) -> EnvironmentProblem:
    return EnvironmentProblem(f"县级服务设置文件 {path} 已损坏，请从备份恢复",
                              f"the county settings file {path} is damaged: restore it from "
                              "a backup")


def database_url(given: str | None, home: Path, config: dict[str, Any], *,
              creating: bool = False) -> str:
    """The database the command opens: a PostgreSQL URL, or a SQLite file that exists
    (``creating``: ``init`` may make a new one).  Anything else is refused (exit 2), so a
    mistyped ``--database`` never makes a stray file or an empty county.

    Raises:
        InputError: a URL of another kind, a folder, a file that is not SQLite, no file.
        EnvironmentProblem: the folder's own database (its setting) is missing.
    """
    url = given if given is not None else config.get("database") or str(home / "county.db")
    if url.startswith(PG_SCHEMES):
        return url
    where = "--database" if given is not None else None
    if url.startswith("sqlite:///"):
        url = url.removeprefix("sqlite:///")
    elif re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", url) or not url.strip():
        raise InputError("数据库只能是 postgresql://… 地址或已有的 SQLite 文件",
                         "the database must be a postgresql://… URL or an existing SQLite "
                         f"file, not “{url}”", where)
    path = Path(url)
    if path.is_dir():
        raise InputError(f"{path} 是文件夹，不是数据库文件", f"{path} is a folder, not a "
                         "database file", where)
    if not path.exists():
        if creating:
            return url
        if given is not None:
            raise InputError(f"数据库文件 {path} 不存在（只有 init 会新建数据库）",
                             f"no database file {path} (only init makes a new one)", where)
        raise EnvironmentProblem(f"县级服务的数据库 {path} 不见了，请从备份恢复",
                                 f"the county database {path} is missing: restore it from a "
                                 "backup")
    try:
        with open(path, "rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise EnvironmentProblem(f"无法读取数据库 {path}：{os_error_reason(exc, reading=True)}",
                                 f"cannot read the database {path}: {exc.strerror}") from exc
    if magic != SQLITE_MAGIC and not (creating and magic == b""):
        raise InputError(f"{path} 不是 SQLite 数据库文件", f"{path} is not a SQLite database",
                         where)
    return url


def _redacted(url: str) -> str:
    """A database URL without its password, for messages."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def db_problem(exc: Exception, url: str) -> EnvironmentProblem | None:
    """The environment problem behind a database error (unreachable, locked, damaged)."""
    if isinstance(exc, sqlite3.Error):
        from desktop.storage.db import environment_problem
        return environment_problem(exc)
    try:
        import psycopg
    except ImportError:  # pragma: no cover - installed with the county extra
        return None
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        return EnvironmentProblem(
            f"无法连接数据库 {_redacted(url)}（服务器未运行、地址或密码不对）",
            f"cannot reach the database {_redacted(url)}: {first}")
    return None


def open_county(args: argparse.Namespace) -> County:
    home = home_dir(args)
    config = _read_config(home)
    url = database_url(args.database, home, config)
    try:
        return County(home, os.environ.get(PASS_ENV), url)
    except Exception as exc:
        problem = db_problem(exc, _redacted(url))
        if problem is None:
            raise
        raise problem from exc


# -- files ----------------------------------------------------------------------------------


def read_json(file: str, what_zh: str) -> Any:
    """A JSON value from a UTF-8 file of reasonable size (``-``: standard input)."""
    try:
        if file == "-":
            data = sys.stdin.buffer.read(MAX_JSON_BYTES + 1)
        else:
            with open(file, "rb") as handle:
                data = handle.read(MAX_JSON_BYTES + 1)
    except IsADirectoryError as exc:
        raise InputError(f"{file} 是文件夹，不是{what_zh}", f"{file} is a folder", file) from exc
    except OSError as exc:
        raise InputError(f"无法读取{what_zh} {file}：{os_error_reason(exc, reading=True)}",
                         f"cannot read {file}: {exc.strerror}", file) from exc
    if len(data) > MAX_JSON_BYTES:
        raise InputError(f"{what_zh}超过 {MAX_JSON_BYTES // 2**20} MB", "file larger than "
                         f"{MAX_JSON_BYTES // 2**20} MB", file)
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{what_zh}不是 UTF-8 编码的文本", "not UTF-8 text", file) from exc
    except ValueError as exc:
        raise InputError(f"{what_zh}不是有效的 JSON（{exc}）", f"not valid JSON: {exc}",
                         file) from exc
    bad = guard.first_surrogate(value)
    if bad is not None:
        raise InputError(f"{what_zh}含有无效字符（孤立的代理项）", "lone surrogate in the "
                         "text", f"{file}: {bad}")
    return value


def output_path(text: str, *, folder_must_exist: bool = True) -> Path:
    """A file a clerk asked for: not a folder or a device; its folder exists."""
    if not text.strip():
        raise InputError("请给出输出文件名", "give an output file name", "output")
    path = Path(text).expanduser()
    if path.is_dir():
        raise InputError(f"{path} 是文件夹，请给出文件名", f"{path} is a folder", "output")
    if path.exists() and not path.is_file():
        raise InputError(f"{path} 不是普通文件，不能写入", f"{path} is not a regular file",
                         "output")
    parent = path.resolve(strict=False).parent
    if folder_must_exist and not parent.is_dir():
        raise InputError(f"文件夹 {parent} 不存在", f"no folder {parent}", "output")
    return path


def check_host(host: str) -> None:
    try:
        ipaddress.ip_address(host)
        return
    except ValueError:
        pass
    if not re.fullmatch(r"(?=.{1,63}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
                        r"(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*", host):
        raise InputError("主机名应为 IP 地址或域名（字母、数字、点和横线，不超过 63 个字符）",
                         "--host must be an IP address or a host name (at most 63 "
                         "characters)", "--host")


def probe_postgres(url: str) -> None:
    import psycopg
    try:
        psycopg.connect(url, connect_timeout=10).close()
    except psycopg.Error as exc:
        problem = db_problem(exc, url)
        if problem is None:
            raise
        raise problem from exc


def undo_init(home: Path, before: set[Path] | None) -> None:
    """Remove what a failed ``init`` made (never what was in the folder before)."""
    with contextlib.suppress(OSError):
        if before is None:
            shutil.rmtree(home, ignore_errors=True)
            return
        for entry in set(home.iterdir()) - before:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


