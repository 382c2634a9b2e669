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
import errno
import json
import os
import re
import socket
import sys
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from county.cli_exchange import cmd_delegate, cmd_enrol_file, cmd_import, cmd_update
from county.cli_support import (
    ACTOR,
    ADMIN_PASSWORD_ENV,
    DEBUG_ENV,
    HOME_ENV,
    LOG_FILE,
    PASS_ENV,
    PG_SCHEMES,
    check_host,
    database_url,
    db_problem,
    home_dir,
    open_county,
    output_path,
    probe_postgres,
    say,
    undo_init,
)
from county.service import (
    CONFIG,
    ROLES,
    STATUS_TEXT,
    County,
    check_name,
)
from desktop.cli import guard
from desktop.domain.errors import (
    EnvironmentProblem,
    InputError,
    TiaojieError,
    os_error_reason,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise InputError(f"命令行用法有误，请看 {self.prog} --help", message, self.prog)


# -- commands -------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    """Set up the folder.  Everything is checked before anything is made, and a failure
    part-way removes what this command made, so ``init`` can simply run again."""
    from desktop.services import auth
    from desktop.sync import batches
    passphrase = os.environ.get(PASS_ENV)
    if not passphrase:
        raise InputError(f"请在 {PASS_ENV} 中给出县级密钥口令", f"set {PASS_ENV}")
    home = home_dir(args)
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
    check_host(args.host)
    db_url = database_url(args.database, home, {}, creating=True)
    if db_url.startswith(PG_SCHEMES):
        probe_postgres(db_url)
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
        undo_init(home, before)
        raise
    say(f"已设置县级服务 county set up: {county.name}（{county.id}）")
    say(f"TLS 证书指纹 fingerprint: {county.config['tls_sha256']}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from county.web import create_app
    county = open_county(args)
    _ = county.pairs  # unlock now: a wrong passphrase stops here, not at the first batch
    home = home_dir(args)
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
    st = open_county(args).add_station(args.id, args.name, ACTOR)
    say(f"已添加工作站 station added: {st['id']} {st['name']}")
    return 0


def cmd_station_list(args: argparse.Namespace) -> int:
    rows = open_county(args).stations()
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
    open_county(args).revoke(args.id, args.reason, ACTOR)
    say(f"已吊销 revoked: {args.id}")
    return 0


def cmd_clerk_add(args: argparse.Namespace) -> int:
    """A console account (audited); the password typed twice on a terminal, else stdin."""
    from desktop.services import auth
    auth.check_login_name(args.login)
    name = check_name(args.name, "姓名", "name", "--name", limit=50)
    county = open_county(args)
    if county.store.one("SELECT login FROM clerks WHERE login = ?", [args.login]):
        raise InputError(f"账户 {args.login} 已存在", f"account {args.login} exists", "login")
    password = guard.new_password()
    auth.check_new_password(password)
    county.add_clerk(args.login, name, args.role, password, ACTOR)
    say(f"已添加控制台账户 clerk added: {args.login}（{ROLES[args.role]} {args.role}）")
    return 0


def cmd_clerk_list(args: argparse.Namespace) -> int:
    county = open_county(args)
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


def cmd_inbox(args: argparse.Namespace) -> int:
    for r in open_county(args).inbox(args.limit):
        say(f"{r['received_at']}  {r['station']:16} #{r['seq']:<6} {r['kind']:6} "
            f"{r['status']:8} 记录 records {r['records']}  {r['bytes']} B")
    return 0


QUARANTINE_TEXT = {"open": "待处理", "retried": "已重试", "dismissed": "已关闭"}


def cmd_quarantine_list(args: argparse.Namespace) -> int:
    for r in open_county(args).quarantine("all" if args.all else "open"):
        say(guard.terminal_safe(
            f"[{r['id']}] {r['received_at']}  {r['station']}  #{r['seq']}  {r['code']}: "
            f"{r['reason']}  ({QUARANTINE_TEXT.get(r['status'], r['status'])} {r['status']})"))
    return 0


def cmd_quarantine_show(args: argparse.Namespace) -> int:
    row = open_county(args).quarantined(args.id)
    row.pop("envelope", None)
    say(json.dumps(row, ensure_ascii=False, indent=1, default=str))
    return 0


def cmd_quarantine_retry(args: argparse.Namespace) -> int:
    answer = open_county(args).retry(args.id, ACTOR)
    say(f"重试结果 retried: HTTP {answer.status}"
        + ("（仍在等待前面的批次 still waiting for a gap）" if answer.status == 202 else ""))
    return 0


def cmd_quarantine_dismiss(args: argparse.Namespace) -> int:
    open_county(args).dismiss(args.id, args.reason, ACTOR)
    say(f"已关闭隔离项 dismissed: {args.id}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    target = output_path(args.output)
    fmt = args.format or target.suffix.lstrip(".").lower()
    if fmt not in ("csv", "xlsx"):
        raise InputError("导出格式只能是 csv 或 xlsx：请用 .csv / .xlsx 文件名或 --format",
                         "the format must be csv or xlsx: name the file .csv/.xlsx or give "
                         "--format", "output")
    n = open_county(args).export_cases(target, fmt)
    say(f"已导出 {n} 件 exported {n} cases → {target}")
    return 0


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
    up = sub.add_parser("update", help="下发节假日、文书样式、通知或调解员证书编号 / "
                                       "send updates down")
    what = up.add_mutually_exclusive_group(required=True)
    what.add_argument("--calendar", help="holiday calendar JSON (resources/holidays format)")
    what.add_argument("--form", help="a form file (forms/*.toml format)")
    what.add_argument("--notice", help="a short notice text")
    what.add_argument("--certificate", nargs=2, metavar=("MEDIATOR_UID", "NUMBER"),
                      help="a mediator's certificate number (roster), with --station")
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
    found = db_problem(exc, url)
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
