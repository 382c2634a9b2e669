"""``tiaojie-county``: the county court's sync service from the command line.

The county folder comes from ``--home`` or ``TIAOJIE_COUNTY_HOME``; the key passphrase from
``TIAOJIE_COUNTY_PASSPHRASE``; the database from the folder's setting or ``--database``
(``postgresql://…`` for PostgreSQL).  Exit codes: 0 done, 2 bad input, 3 passphrase or
login, 4 environment, 7 an envelope was refused.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from county.service import STATUS_TEXT, County, Refused
from desktop.domain.errors import InputError, TiaojieError
from desktop.sync import transport

HOME_ENV, PASS_ENV = "TIAOJIE_COUNTY_HOME", "TIAOJIE_COUNTY_PASSPHRASE"
ACTOR = "cli"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise InputError(f"命令行用法有误，请看 {self.prog} --help", message, self.prog)


def say(text: str = "", file: Any = None) -> None:
    print(text, file=file or sys.stdout, flush=True)


def _home(args: argparse.Namespace) -> Path:
    home = args.home or os.environ.get(HOME_ENV)
    if not home:
        raise InputError(f"请用 --home 或 {HOME_ENV} 指定县级服务目录",
                         f"name the county folder with --home or {HOME_ENV}")
    return Path(home)


def _county(args: argparse.Namespace) -> County:
    return County(_home(args), os.environ.get(PASS_ENV), getattr(args, "database", None))


def cmd_init(args: argparse.Namespace) -> int:
    passphrase = os.environ.get(PASS_ENV)
    if not passphrase:
        raise InputError(f"请在 {PASS_ENV} 中给出县级密钥口令", f"set {PASS_ENV}")
    county = County.init(_home(args), county_id=args.id, name=args.name, url=args.url,
                         passphrase=passphrase, db_url=args.database, host=args.host)
    if args.admin:
        password = os.environ.get("TIAOJIE_COUNTY_ADMIN_PASSWORD") or sys.stdin.readline().strip()
        county.add_clerk(args.admin, "管理员", "admin", password, ACTOR)
    say(f"已设置县级服务 county set up: {county.name}（{county.id}）")
    say(f"TLS 证书指纹 fingerprint: {county.config['tls_sha256']}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from county.web import create_app
    county = _county(args)
    _ = county.pairs  # unlock now: a wrong passphrase stops here, not at the first batch
    home = _home(args)
    ssl = {} if args.plain_http else {"ssl_certfile": str(home / "keys" / "tls.crt"),
                                      "ssl_keyfile": str(home / "keys" / "tls.key")}
    say(f"县级服务 serving {county.name} on {'http' if args.plain_http else 'https'}://"
        f"{args.host}:{args.port}/  (控制台 console: /console/)")
    uvicorn.run(create_app(county), host=args.host, port=args.port, log_level="warning",
                h11_max_incomplete_event_size=64 * 1024, **ssl)  # type: ignore[arg-type]
    return 0


def cmd_station_add(args: argparse.Namespace) -> int:
    st = _county(args).add_station(args.id, args.name, ACTOR)
    say(f"已添加工作站 station added: {st['id']} {st['name']}")
    return 0


def cmd_station_list(args: argparse.Namespace) -> int:
    rows = _county(args).stations()
    if args.json:
        say(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return 0
    for r in rows:
        say(f"{r['id']:20} {r['name']}  {STATUS_TEXT.get(r['status'], r['status'])}  "
            f"案件 cases {r['cases']}  最近联系 last contact {r['last_contact'] or '-'}  "
            f"隔离 quarantined {r['quarantined']}")
    return 0


def cmd_station_revoke(args: argparse.Namespace) -> int:
    _county(args).revoke(args.id, args.reason, ACTOR)
    say(f"已吊销 revoked: {args.id}")
    return 0


def cmd_enrol_file(args: argparse.Namespace) -> int:
    data = _county(args).enrol_file(args.id, ACTOR)
    out = Path(args.out) if args.out else Path(f"{args.id}.tjenrol")
    if out.is_dir():
        out = out / f"{args.id}.tjenrol"
    transport.write_file(out, data)
    say(f"注册文件 enrolment file: {out}")
    return 0


def cmd_delegate(args: argparse.Namespace) -> int:
    try:
        doc = json.loads(Path(args.case_file).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"无法读取案件文件 {args.case_file}", f"cannot read {args.case_file}: "
                         f"{exc}") from exc
    item = _county(args).delegate(args.station, doc, ACTOR, mode=args.mode)
    say(f"已排入下发 queued for {args.station}: {item}")
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    """Send a holiday calendar, a form or a notice down to one station or to all."""
    import uuid
    county = _county(args)
    if args.calendar:
        try:
            doc = json.loads(Path(args.calendar).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"无法读取节假日文件 {args.calendar}",
                             f"cannot read {args.calendar}: {exc}") from exc
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
    targets = [args.station] if args.station else [
        s["id"] for s in county.stations() if s["status"] == "enrolled"]
    for station in targets:
        seq = county.send_down(station, [{**item, "id": str(uuid.uuid4())}], ACTOR, summary)
        say(f"{station}: 已排入下发 queued #{seq}")
    return 0


def cmd_inbox(args: argparse.Namespace) -> int:
    for r in _county(args).inbox(args.limit):
        say(f"{r['received_at']}  {r['station']:16} #{r['seq']:<6} {r['kind']:6} "
            f"{r['status']:8} 记录 records {r['records']}  {r['bytes']} B")
    return 0


def cmd_quarantine_list(args: argparse.Namespace) -> int:
    for r in _county(args).quarantine("all" if args.all else "open"):
        say(f"[{r['id']}] {r['received_at']}  {r['station']}  #{r['seq']}  {r['code']}: "
            f"{r['reason']}  ({r['status']})")
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


def cmd_export(args: argparse.Namespace) -> int:
    target = Path(args.output)
    fmt = args.format or target.suffix.lstrip(".").lower()
    n = _county(args).export_cases(target, fmt)
    say(f"已导出 {n} 件 exported {n} cases → {target}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Files from a station's USB stick: apply each, write receipts and pending downlink."""
    county = _county(args)
    out = Path(args.out)
    answers: list[tuple[str, bytes]] = []
    problems = 0
    stations: set[str] = set()
    files = transport.read_files([Path(p) for p in args.files])
    from desktop.sync import envelope as env_mod
    order = []
    for path, data in files:
        try:
            env = env_mod.parse(data)
            order.append((env.kind != "enrol", env.seq, path, data, env))
        except env_mod.EnvelopeError as exc:
            say(f"{path.name}: {exc.line()}", file=sys.stderr)
            problems += 1
    for _, _, path, data, env in sorted(order, key=lambda o: (o[0], o[1])):
        try:
            if env.kind == "enrol":
                answers.append((f"{env.header['station']}-enrolled", county.enrol(data)))
                say(f"{path.name}: 注册完成 enrolled {env.header['station']}")
            else:
                answer = county.ingest(data)
                if answer.receipt is not None:
                    answers.append((f"{env.header['station']}-receipt-{env.seq:08d}",
                                    answer.receipt))
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
        after = st["down_acked"]
        while (down := county.next_down(station, after)) is not None:
            after = env_mod.parse(down).seq
            answers.append((f"{station}-down-{after:08d}", down))
    written = transport.write_files(out, answers) if answers else []
    say(f"写出 {len(written)} 个回执/下发文件 files written to {out}")
    return 7 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="tiaojie-county", description="县仲裁院同步服务 / county court sync service")
    p.add_argument("--home", help=f"县级服务目录 / county folder (default ${HOME_ENV})")
    p.add_argument("--database", help="数据库 URL（默认目录内 SQLite）/ database URL")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init = sub.add_parser("init", help="设置县级服务 / set up (passphrase in the env)")
    init.add_argument("--id", required=True, help="县级编号，如行政区划代码")
    init.add_argument("--name", required=True)
    init.add_argument("--url", help="stations reach the service here, e.g. https://10.0.0.5:8443")
    init.add_argument("--host", default="127.0.0.1", help="TLS certificate host name / IP")
    init.add_argument("--admin", help="also create this console administrator (password on "
                                      "stdin or TIAOJIE_COUNTY_ADMIN_PASSWORD)")
    init.set_defaults(func=cmd_init)
    serve = sub.add_parser("serve", help="HTTPS 服务与控制台 / serve HTTPS and the console")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
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
    ef = sub.add_parser("enrol-file", help="注册文件 / write a station's enrolment file")
    ef.add_argument("id")
    ef.add_argument("-o", "--out")
    ef.set_defaults(func=cmd_enrol_file)
    dg = sub.add_parser("delegate", help="委派案件 / delegate a case (case-format JSON)")
    dg.add_argument("station")
    dg.add_argument("case_file")
    dg.add_argument("--mode", default="court_delegated",
                    choices=("court_delegated", "court_entrusted", "arbitration_entrusted"))
    dg.set_defaults(func=cmd_delegate)
    up = sub.add_parser("update", help="下发节假日、文书样式或通知 / send updates down")
    what = up.add_mutually_exclusive_group(required=True)
    what.add_argument("--calendar", help="holiday calendar JSON (resources/holidays format)")
    what.add_argument("--form", help="a form file (forms/*.toml format)")
    what.add_argument("--notice", help="a short notice text")
    up.add_argument("--station", help="one station (default: every enrolled station)")
    up.set_defaults(func=cmd_update)
    ib = sub.add_parser("inbox", help="收到的批次 / received envelopes")
    ib.add_argument("--limit", type=int, default=50)
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
    try:
        args = build_parser().parse_args(argv)
        return int(args.func(args))
    except TiaojieError as exc:
        say(f"错误 error: {exc.line()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
