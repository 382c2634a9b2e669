"""``tiaojie-county``: the county court's sync service from the command line.

The county folder comes from ``--home`` or ``TIAOJIE_COUNTY_HOME``; the key passphrase from
``TIAOJIE_COUNTY_PASSPHRASE``; the database from the folder's setting or ``--database``
(``postgresql://…`` for PostgreSQL, else an existing SQLite file: only ``init`` makes one).

Errors print one line on stderr, ``错误 error: <where>: <中文> / <English>``, as ``tiaojie``
does.  Exit codes: 0 done, 1 a bug, 2 bad input, 3 passphrase or login, 4 environment (disk,
network, a damaged or missing database, a port in use), 7 an envelope was refused, 141 the
reader went away (``inbox | head -3``), silently.  A bug prints one line too; with
``TIAOJIE_DEBUG=1`` every unexpected error is raised with its traceback instead.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import ipaddress
import json
import os
import re
import shutil
import socket
import sqlite3
import sys
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from county.service import (
    CONFIG,
    ROLES,
    STATUS_TEXT,
    AlreadyDelegated,
    County,
    Refused,
    check_name,
)
from desktop.cli import guard
from desktop.domain.errors import (
    EnvironmentProblem,
    InputError,
    TiaojieError,
    os_error_reason,
)
from desktop.sync import transport

HOME_ENV, PASS_ENV = "TIAOJIE_COUNTY_HOME", "TIAOJIE_COUNTY_PASSPHRASE"
ADMIN_PASSWORD_ENV = "TIAOJIE_COUNTY_ADMIN_PASSWORD"
DEBUG_ENV = "TIAOJIE_DEBUG"
ACTOR = "cli"
MAX_JSON_BYTES = 16 * 1024 * 1024  # a case or a calendar is a few KB: this stops /dev/zero
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_SCHEMES = ("postgresql://", "postgres://")
LOG_FILE = "tiaojie-county.log"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise InputError(f"命令行用法有误，请看 {self.prog} --help", message, self.prog)


def say(text: str = "", file: Any = None) -> None:
    print(text, file=file or sys.stdout, flush=True)


# -- the county folder and its database ------------------------------------------------------


def _home(args: argparse.Namespace) -> Path:
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


def _database(given: str | None, home: Path, config: dict[str, Any], *,
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


def _db_problem(exc: Exception, url: str) -> EnvironmentProblem | None:
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


def _county(args: argparse.Namespace) -> County:
    home = _home(args)
    config = _read_config(home)
    url = _database(args.database, home, config)
    try:
        return County(home, os.environ.get(PASS_ENV), url)
    except Exception as exc:
        problem = _db_problem(exc, _redacted(url))
        if problem is None:
            raise
        raise problem from exc


# -- files ----------------------------------------------------------------------------------


def _read_json(file: str, what_zh: str) -> Any:
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


def _output(text: str, *, folder_must_exist: bool = True) -> Path:
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


# -- commands -------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    """Set up the folder.  Everything is checked before anything is made, and a failure
    part-way removes what this command made, so ``init`` can simply run again."""
    from desktop.services import auth
    from desktop.sync import batches
    passphrase = os.environ.get(PASS_ENV)
    if not passphrase:
        raise InputError(f"请在 {PASS_ENV} 中给出县级密钥口令", f"set {PASS_ENV}")
    home = _home(args)
    if (home / CONFIG).exists():
        raise InputError(f"{home} 已经设置过县级服务", f"{home} is already a county folder")
    if home.exists() and not home.is_dir():
        raise InputError(f"{home} 是文件，不是文件夹", f"{home} is a file, not a folder", "--home")
    county_id = args.id.strip()
    if not batches._UID.match(county_id):
        raise InputError("县级编号只能用字母、数字、点、下划线、横线和冒号，以字母或数字开头"
                         "（不超过 64 个字符）", "county id: letters, digits, . _ - : starting "
                         "with a letter or digit (at most 64 characters)", "--id")
    name = check_name(args.name, "县级服务名称", "county name", "--name", limit=100)
    if args.url is not None:
        from desktop.sync.transport import check_url
        check_url(args.url, "--url")
    _check_host(args.host)
    db_url = _database(args.database, home, {}, creating=True)
    if db_url.startswith(PG_SCHEMES):
        _probe_postgres(db_url)
    password = ""
    if args.admin:
        auth.check_login_name(args.admin)
        password = guard.new_password(ADMIN_PASSWORD_ENV)
        auth.check_new_password(password)
    before = set(home.iterdir()) if home.exists() else None
    try:
        county = County.init(home, county_id=county_id, name=name, url=args.url,
                             passphrase=passphrase,
                             db_url=db_url if args.database is not None else None,
                             host=args.host)
        if args.admin:
            county.add_clerk(args.admin, "管理员", "admin", password, ACTOR)
    except BaseException:
        _undo_init(home, before)
        raise
    say(f"已设置县级服务 county set up: {county.name}（{county.id}）")
    say(f"TLS 证书指纹 fingerprint: {county.config['tls_sha256']}")
    return 0


def _check_host(host: str) -> None:
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


def _probe_postgres(url: str) -> None:
    import psycopg
    try:
        psycopg.connect(url, connect_timeout=10).close()
    except psycopg.Error as exc:
        problem = _db_problem(exc, url)
        if problem is None:
            raise
        raise problem from exc


def _undo_init(home: Path, before: set[Path] | None) -> None:
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


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from county.web import create_app
    county = _county(args)
    _ = county.pairs  # unlock now: a wrong passphrase stops here, not at the first batch
    home = _home(args)
    ssl = {} if args.plain_http else {"ssl_certfile": str(home / "keys" / "tls.crt"),
                                      "ssl_keyfile": str(home / "keys" / "tls.key")}
    config = uvicorn.Config(create_app(county), log_level="warning",
                            h11_max_incomplete_event_size=64 * 1024,
                            **ssl)  # type: ignore[arg-type]
    config.load()  # the certificate and key: a missing or bad one stops here
    sock = _listen(args.host, args.port)
    say(f"县级服务 serving {county.name} on {'http' if args.plain_http else 'https'}://"
        f"{args.host}:{args.port}/  (控制台 console: /console/)")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    if not server.started:
        raise EnvironmentProblem("县级服务未能启动", "the service did not start")
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so a port in use is told plainly (exit 4)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"无法识别主机地址 {host}", f"unknown host {host}", "--host") from exc
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
        sock.set_inheritable(True)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise EnvironmentProblem(f"端口 {port} 已被其他程序占用（可能服务已在运行），请换一个"
                                     "端口或先停止它", f"port {port} on {host} is already in "
                                     "use (is the service already running?)", "--port") from exc
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise EnvironmentProblem(f"没有权限使用端口 {port}（1024 以下的端口需要管理员权限）",
                                     f"no permission to listen on port {port}",
                                     "--port") from exc
        if exc.errno == errno.EADDRNOTAVAIL:
            raise InputError(f"本机没有地址 {host}", f"{host} is not an address of this "
                             "computer", "--host") from exc
        raise EnvironmentProblem(f"无法在 {host}:{port} 上提供服务：{os_error_reason(exc)}",
                                 f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    return sock


def cmd_station_add(args: argparse.Namespace) -> int:
    st = _county(args).add_station(args.id, args.name, ACTOR)
    say(f"已添加工作站 station added: {st['id']} {st['name']}")
    return 0


def cmd_station_list(args: argparse.Namespace) -> int:
    rows = _county(args).stations()
    if args.json:
        shown = [{k: v for k, v in r.items() if not isinstance(v, bytes | bytearray)}
                 for r in rows]  # the stored enrolment answer is binary: not for scripts
        say(json.dumps(shown, ensure_ascii=False, indent=1, default=str))
        return 0
    for r in rows:
        say(guard.terminal_safe(
            f"{r['id']:20} {r['name']}  {STATUS_TEXT.get(r['status'], r['status'])}  "
            f"案件 cases {r['cases']}  最近联系 last contact {r['last_contact'] or '-'}  "
            f"隔离 quarantined {r['quarantined']}"))
    return 0


def cmd_station_revoke(args: argparse.Namespace) -> int:
    _county(args).revoke(args.id, args.reason, ACTOR)
    say(f"已吊销 revoked: {args.id}")
    return 0


def cmd_clerk_add(args: argparse.Namespace) -> int:
    """A console account (audited); the password typed twice on a terminal, else stdin."""
    from desktop.services import auth
    auth.check_login_name(args.login)
    name = check_name(args.name, "姓名", "name", "--name", limit=50)
    county = _county(args)
    if county.store.one("SELECT login FROM clerks WHERE login = ?", [args.login]):
        raise InputError(f"账户 {args.login} 已存在", f"account {args.login} exists", "login")
    password = guard.new_password()
    auth.check_new_password(password)
    county.add_clerk(args.login, name, args.role, password, ACTOR)
    say(f"已添加控制台账户 clerk added: {args.login}（{ROLES[args.role]} {args.role}）")
    return 0


def cmd_clerk_list(args: argparse.Namespace) -> int:
    county = _county(args)
    rows = county.store.rows("SELECT login, name, role, active, created_at FROM clerks"
                             " ORDER BY login")  # never the password hashes
    county.audit(ACTOR, "clerk.list", None, {"count": len(rows)})
    if args.json:
        say(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return 0
    for r in rows:
        state = "" if r["active"] else "  已停用 inactive"
        say(guard.terminal_safe(f"{r['login']:20} {r['name']}  {ROLES.get(r['role'], r['role'])}"
                                f" {r['role']}  {r['created_at']}{state}"))
    return 0


def cmd_enrol_file(args: argparse.Namespace) -> int:
    """Write the station's enrolment file; the new token is kept only once the file is
    written (a write that fails leaves the file handed out earlier working)."""
    default = f"{args.id}.tjenrol"
    out = Path(args.out) if args.out else Path(default)
    if args.out and (out.is_dir() or args.out.endswith(("/", os.sep))):
        out = out / default
    out = _output(str(out), folder_must_exist=False)
    from desktop.sync.transport import check_folder
    check_folder(out.resolve(strict=False).parent)  # the token never lands on a wrong disk
    written = False

    def write(data: bytes) -> None:
        nonlocal written
        transport_write(out, data)
        written = True

    try:
        _county(args).enrol_file(args.id, ACTOR, write=write)
    except BaseException:
        if written:  # the database did not take the token after all
            with contextlib.suppress(OSError):
                out.unlink()
        raise
    say(f"注册文件 enrolment file: {out}")
    return 0


def transport_write(path: Path, data: bytes) -> None:
    """One file, whole or not at all (a ``.part`` beside it, flushed, renamed)."""
    from desktop.services.files import write_atomically
    write_atomically(path, data, durable=True)


def cmd_delegate(args: argparse.Namespace) -> int:
    county = _county(args)
    county.station(args.station)  # an unknown station is named before the file is read
    doc = _read_json(args.case_file, "案件文件")
    if not isinstance(doc, dict):
        raise InputError("案件文件应为一个 JSON 对象（{…}），不是数组或其他值",
                         "the case file must hold one JSON object ({...}), not an array or a "
                         "value", args.case_file)
    try:
        item = county.delegate(args.station, doc, ACTOR, mode=args.mode, again=args.again)
    except AlreadyDelegated as exc:
        raise InputError(f"{exc.zh}；确需再次委派请加 --again", f"{exc.en}; use --again to "
                         "delegate it once more", exc.where) from exc
    say(f"已排入下发 queued for {args.station}: {item}")
    return 0


class _Accepted(Exception):
    """The station's own check passed: it went on to store the item."""


class _Probe:
    """Stands in for the station and its database while the station's own item checks
    run: the first thing they would store raises :class:`_Accepted`."""

    def __getattr__(self, name: str) -> Any:
        raise _Accepted(name)


def check_down_item(item: dict[str, Any]) -> None:
    """Refuse an update the station would refuse, with the station's own checks
    (``desktop.services.sync_items.apply_item``, run against a probe that stops where it
    would start to store the item: nothing is duplicated here, nothing is written).

    Raises:
        InputError: the station's reason.
    """
    from desktop.services import sync_items
    probe: Any = _Probe()
    try:
        sync_items.apply_item(probe, probe, {**item, "id": "check"})
    except _Accepted:
        return
    except TiaojieError as exc:
        raise InputError(f"工作站会拒收这项更新：{exc.zh}", f"the station would refuse this "
                         f"update: {exc.en}", exc.where) from exc
    raise InputError("工作站会拒收这项更新", "the station would refuse this update")


def cmd_update(args: argparse.Namespace) -> int:
    """Send a holiday calendar, a form or a notice down to one station or to all; each is
    checked first as the station will check it."""
    import uuid
    if args.calendar:
        doc = _read_json(args.calendar, "节假日文件")
        item: dict[str, Any] = {"type": "calendar", "calendar": doc}
        summary = f"节假日安排 {doc.get('year') if isinstance(doc, dict) else ''}"
    elif args.form:
        path = Path(args.form)
        try:
            item = {"type": "form", "file": path.name, "text": path.read_text("utf-8")}
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"无法读取文书样式 {path}", f"cannot read {path}: {exc}") from exc
        summary = f"文书样式 {path.name}"
    else:
        item, summary = {"type": "notice", "text": args.notice}, "通知"
    try:
        check_down_item(item)
    except InputError as exc:
        if item["type"] != "notice":
            raise
        n = len(args.notice.strip())
        raise InputError(f"{exc.zh}（通知共 {n} 个字）", f"{exc.en} (the notice has {n} "
                         "characters)", exc.where) from exc
    county = _county(args)
    targets = [args.station] if args.station else [
        s["id"] for s in county.stations() if s["status"] == "enrolled"]
    if not targets:
        say("没有已注册的工作站，未下发 / no enrolled station: nothing queued", file=sys.stderr)
    for station in targets:
        seq = county.send_down(station, [{**item, "id": str(uuid.uuid4())}], ACTOR, summary)
        say(f"{station}: 已排入下发 queued #{seq}")
    return 0


def cmd_inbox(args: argparse.Namespace) -> int:
    for r in _county(args).inbox(args.limit):
        say(f"{r['received_at']}  {r['station']:16} #{r['seq']:<6} {r['kind']:6} "
            f"{r['status']:8} 记录 records {r['records']}  {r['bytes']} B")
    return 0


QUARANTINE_TEXT = {"open": "待处理", "retried": "已重试", "dismissed": "已关闭"}


def cmd_quarantine_list(args: argparse.Namespace) -> int:
    for r in _county(args).quarantine("all" if args.all else "open"):
        say(guard.terminal_safe(
            f"[{r['id']}] {r['received_at']}  {r['station']}  #{r['seq']}  {r['code']}: "
            f"{r['reason']}  ({QUARANTINE_TEXT.get(r['status'], r['status'])} {r['status']})"))
    return 0


def cmd_quarantine_show(args: argparse.Namespace) -> int:
    row = _county(args).quarantined(args.id)
    row.pop("envelope", None)
    say(json.dumps(row, ensure_ascii=False, indent=1, default=str))
    return 0


def cmd_quarantine_retry(args: argparse.Namespace) -> int:
    answer = _county(args).retry(args.id, ACTOR)
    say(f"重试结果 retried: HTTP {answer.status}"
        + ("（仍在等待前面的批次 still waiting for a gap）" if answer.status == 202 else ""))
    return 0


def cmd_quarantine_dismiss(args: argparse.Namespace) -> int:
    _county(args).dismiss(args.id, args.reason, ACTOR)
    say(f"已关闭隔离项 dismissed: {args.id}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    target = _output(args.output)
    fmt = args.format or target.suffix.lstrip(".").lower()
    if fmt not in ("csv", "xlsx"):
        raise InputError("导出格式只能是 csv 或 xlsx：请用 .csv / .xlsx 文件名或 --format",
                         "the format must be csv or xlsx: name the file .csv/.xlsx or give "
                         "--format", "output")
    n = _county(args).export_cases(target, fmt)
    say(f"已导出 {n} 件 exported {n} cases → {target}")
    return 0


COUNTY_TO_STATION = ("receipt", "down", "enrolled")


def cmd_import(args: argparse.Namespace) -> int:
    """Files from a station's USB stick: apply each, then write a receipt for every
    envelope applied by this import (those on the stick and those held earlier that it
    released), and the pending downlink."""
    county = _county(args)
    out = Path(args.out)
    if out.exists() and not out.is_dir():  # said before anything is applied
        raise InputError(f"{out} 是文件，不是文件夹", f"{out} is a file, not a folder", "--out")
    missing = [p for p in args.files if not Path(p).exists()]
    if missing:
        raise InputError(f"找不到 {missing[0]}", f"{missing[0]} does not exist", "files")
    answers: dict[str, bytes] = {}
    problems = 0
    stations: set[str] = set()
    files = transport.read_files([Path(p) for p in args.files])
    from desktop.sync import envelope as env_mod
    order = []
    for path, data in files:
        try:
            env = env_mod.parse(data)
            if env.kind in COUNTY_TO_STATION:
                continue  # the county's own answers left on the stick: not for it
            order.append((env.kind != "enrol", env.seq, path, data, env))
        except env_mod.EnvelopeError as exc:
            say(f"{path.name}: {exc.line()}", file=sys.stderr)
            problems += 1
    # Where each station stood: what is applied past this is this import's doing.
    before: dict[str, tuple[int, int]] = {}
    for *_, env in order:
        st = county.station(env.header["station"], missing_ok=True)
        if st is not None:
            before.setdefault(st["id"], (st["gen"], st["up_next"]))
    for _, _, path, data, env in sorted(order, key=lambda o: (o[0], o[1])):
        try:
            if env.kind == "enrol":
                answers[f"{env.header['station']}-enrolled"] = county.enrol(data)
                say(f"{path.name}: 注册完成 enrolled {env.header['station']}")
            else:
                answer = county.ingest(data)
                if answer.receipt is not None:
                    answers[f"{env.header['station']}-receipt-{env.seq:08d}"] = answer.receipt
                state = {200: "已接收 applied", 202: "已暂存，等待前面的批次 held (gap)"}
                say(f"{path.name}: {state.get(answer.status, answer.status)}"
                    + ("（重复 duplicate）" if answer.duplicate else ""))
            stations.add(env.header["station"])
        except Refused as exc:
            problems += 1
            say(f"{path.name}: {exc.line()}" + (f"（已隔离 quarantined #{exc.quarantined}）"
                                                 if exc.quarantined else ""), file=sys.stderr)
        except TiaojieError as exc:
            problems += 1
            say(f"{path.name}: {exc.line()}", file=sys.stderr)
    for station in sorted(stations):
        st = county.station(station, missing_ok=True)
        if st is None or st["status"] != "enrolled":
            continue
        gen, up_next = before.get(station, (st["gen"], 1))
        since = up_next if gen == st["gen"] else 1
        for row in county.store.rows(
                "SELECT seq, receipt FROM messages WHERE station = ? AND gen = ? AND seq >= ?"
                " AND status = 'applied' AND receipt IS NOT NULL ORDER BY seq",
                [station, st["gen"], since]):
            answers.setdefault(f"{station}-receipt-{row['seq']:08d}", bytes(row["receipt"]))
        after = st["down_acked"]
        while (down := county.next_down(station, after)) is not None:
            after = env_mod.parse(down).seq
            answers[f"{station}-down-{after:08d}"] = down
    written = transport.write_files(out, list(answers.items())) if answers else []
    say(f"写出 {len(written)} 个回执/下发文件 files written to {out}")
    return 7 if problems else 0


# -- the command line -----------------------------------------------------------------------


def _port(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,5}", text.strip()) or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"端口应为 1–65535 的整数 / the port must be a whole "
                                         f"number from 1 to 65535, not {text[:20]!r}")
    return int(text)


def _limit(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,6}", text.strip()) or not 1 <= int(text) <= 100_000:
        raise argparse.ArgumentTypeError(f"应为 1–100000 的整数 / a whole number from 1 to "
                                         f"100000, not {text[:20]!r}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="tiaojie-county", description="县仲裁院同步服务 / county court sync service",
                epilog=f"{DEBUG_ENV}=1: 出现意外错误时显示完整的调用栈 / show the traceback of "
                       "an unexpected error")
    p.add_argument("--home", help=f"县级服务目录 / county folder (default ${HOME_ENV})")
    p.add_argument("--database", help="postgresql://… 或已有的 SQLite 文件（默认目录内 "
                                      "county.db）/ a postgresql:// URL or an existing SQLite "
                                      "file")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init = sub.add_parser("init", help="设置县级服务 / set up (passphrase in the env)")
    init.add_argument("--id", required=True, help="县级编号，如行政区划代码")
    init.add_argument("--name", required=True)
    init.add_argument("--url", help="stations reach the service here, e.g. https://10.0.0.5:8443")
    init.add_argument("--host", default="127.0.0.1", help="TLS certificate host name / IP")
    init.add_argument("--admin", help="also create this console administrator (password on "
                                      f"stdin or {ADMIN_PASSWORD_ENV})")
    init.set_defaults(func=cmd_init)
    serve = sub.add_parser("serve", help="HTTPS 服务与控制台 / serve HTTPS and the console")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8443)
    serve.add_argument("--plain-http", action="store_true", help="behind a TLS proxy only")
    serve.set_defaults(func=cmd_serve)
    st = sub.add_parser("station", help="工作站 / stations").add_subparsers(
        dest="action", required=True)
    add = st.add_parser("add")
    add.add_argument("id")
    add.add_argument("name")
    add.set_defaults(func=cmd_station_add)
    lst = st.add_parser("list")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_station_list)
    rev = st.add_parser("revoke")
    rev.add_argument("id")
    rev.add_argument("--reason", required=True)
    rev.set_defaults(func=cmd_station_revoke)
    ck = sub.add_parser("clerk", help="控制台账户 / console accounts").add_subparsers(
        dest="action", required=True)
    cka = ck.add_parser("add", help="password typed twice on a terminal, else the first line "
                                    "of stdin")
    cka.add_argument("login")
    cka.add_argument("--name", required=True)
    cka.add_argument("--role", required=True, choices=tuple(ROLES))
    cka.set_defaults(func=cmd_clerk_add)
    ckl = ck.add_parser("list")
    ckl.add_argument("--json", action="store_true")
    ckl.set_defaults(func=cmd_clerk_list)
    ef = sub.add_parser("enrol-file", help="注册文件 / write a station's enrolment file")
    ef.add_argument("id")
    ef.add_argument("-o", "--out")
    ef.set_defaults(func=cmd_enrol_file)
    dg = sub.add_parser("delegate", help="委派案件 / delegate a case (case-format JSON)")
    dg.add_argument("station")
    dg.add_argument("case_file")
    dg.add_argument("--mode", default="court_delegated",
                    choices=("court_delegated", "court_entrusted", "arbitration_entrusted"))
    dg.add_argument("--again", action="store_true",
                    help="delegate a court case number already delegated to this station")
    dg.set_defaults(func=cmd_delegate)
    up = sub.add_parser("update", help="下发节假日、文书样式或通知 / send updates down")
    what = up.add_mutually_exclusive_group(required=True)
    what.add_argument("--calendar", help="holiday calendar JSON (resources/holidays format)")
    what.add_argument("--form", help="a form file (forms/*.toml format)")
    what.add_argument("--notice", help="a short notice text")
    up.add_argument("--station", help="one station (default: every enrolled station)")
    up.set_defaults(func=cmd_update)
    ib = sub.add_parser("inbox", help="收到的批次 / received envelopes")
    ib.add_argument("--limit", type=_limit, default=50)
    ib.set_defaults(func=cmd_inbox)
    q = sub.add_parser("quarantine", help="隔离区 / quarantine").add_subparsers(
        dest="action", required=True)
    ql = q.add_parser("list")
    ql.add_argument("--all", action="store_true")
    ql.set_defaults(func=cmd_quarantine_list)
    qs = q.add_parser("show")
    qs.add_argument("id", type=int)
    qs.set_defaults(func=cmd_quarantine_show)
    qr = q.add_parser("retry")
    qr.add_argument("id", type=int)
    qr.set_defaults(func=cmd_quarantine_retry)
    qd = q.add_parser("dismiss", help="close an item without applying it (audited)")
    qd.add_argument("id", type=int)
    qd.add_argument("--reason", required=True)
    qd.set_defaults(func=cmd_quarantine_dismiss)
    ex = sub.add_parser("export", help="导出收到的案件 / received cases as CSV or XLSX")
    ex.add_argument("output")
    ex.add_argument("--format", choices=("csv", "xlsx"))
    ex.set_defaults(func=cmd_export)
    im = sub.add_parser("import", help="导入工作站的 U 盘文件 / files from a station")
    im.add_argument("files", nargs="+")
    im.add_argument("--out", required=True, help="folder for receipts and downlink")
    im.set_defaults(func=cmd_import)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tiaojie-county`` console script."""
    return guard.entry(_run, argv)


def _run(argv: list[str]) -> int:
    """Parse, run, and turn every failure into one line and an exit code."""
    args: argparse.Namespace | None = None
    try:
        guard.check_argv(argv)
        guard.check_environment()
        args = build_parser().parse_args(argv)
        return int(args.func(args))
    except TiaojieError as exc:
        _error(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        problem = _problem(exc, args)
        if problem is not None:
            _error(problem)
            return problem.exit_code
        where = _log_bug(exc, args)
        _error(TiaojieError(f"程序内部错误（{type(exc).__name__}）{where[0]}；设置 {DEBUG_ENV}=1 "
                            "再运行可看到详情", f"internal error ({type(exc).__name__}){where[1]}"
                            f"; run again with {DEBUG_ENV}=1 for the traceback"))
        return 1


def _problem(exc: Exception, args: argparse.Namespace | None) -> TiaojieError | None:
    """What a person can act on behind an exception no command turned into a message: the
    machine (disk, network, database: exit 4) or the input (a value: exit 2); None for a
    bug."""
    url = getattr(args, "database", None) or "county.db"
    found = _db_problem(exc, url)
    if found is not None:
        return found
    if isinstance(exc, OSError):
        name = exc.filename if isinstance(exc.filename, str) else ""
        zh = f"{name}：" if name else ""
        return EnvironmentProblem(f"{zh}{os_error_reason(exc)}",
                                  f"{name + ': ' if name else ''}{exc.strerror or exc}")
    if isinstance(exc, ValueError):
        return InputError(f"输入的值不对：{str(exc)[:200]}", f"invalid value: {str(exc)[:200]}")
    return None


def _log_bug(exc: Exception, args: argparse.Namespace | None) -> tuple[str, str]:
    """Keep a bug's traceback in the county folder's log; returns where, for the message."""
    home = getattr(args, "home", None) or os.environ.get(HOME_ENV)
    if not home or not Path(home, CONFIG).is_file():
        return "", ""
    log = Path(home) / "logs" / LOG_FILE
    try:
        log.parent.mkdir(exist_ok=True)
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{datetime.now(UTC).isoformat(timespec='seconds')} "
                      f"{getattr(args, 'command', None)}\n")
            out.write("".join(traceback.format_exception(exc)))
    except OSError:
        return "", ""
    return f"，详情已写入 {log}", f", details in {log}"


def _error(exc: TiaojieError) -> None:
    say(guard.error_line(exc.where, exc.zh, exc.en), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
