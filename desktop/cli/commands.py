"""The ``tiaojie`` subcommands: parse, authenticate, call a service, print."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from desktop import paths as paths_mod
from desktop.cli import guard, output
from desktop.domain.case_format import COLLECTIVE_THRESHOLD
from desktop.domain.dates import parse_day
from desktop.domain.errors import AuthError, InputError, ValidationError, os_error_reason
from desktop.services import auth, dashboard, imports, integrity, maintenance, roster
from desktop.services import station as station_svc
from desktop.services.attachments import attach_file
from desktop.services.cases import CaseService, counts_by_status
from desktop.services.demo import create_demo
from desktop.storage.cases import CaseFilter

ENV_USER, ENV_PASSWORD = "TIAOJIE_USER", "TIAOJIE_PASSWORD"
MAX_JSON_BYTES = 16 * 1024 * 1024  # a case file is a few KB; this only stops /dev/zero
# The demo's cases reach about two years back from "today", and no case predates 2000.
DEMO_EARLIEST = date(2002, 1, 1)


def _paths(args: argparse.Namespace) -> paths_mod.Paths:
    return paths_mod.resolve(args.data_dir)


def _login(station: station_svc.Station) -> auth.User:
    """Credentials from TIAOJIE_USER / TIAOJIE_PASSWORD, else a prompt on a terminal."""
    name, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    if not (name and password):
        if not sys.stdin.isatty():
            raise AuthError(f"请先登录：设置环境变量 {ENV_USER} 和 {ENV_PASSWORD}",
                            f"not logged in: set {ENV_USER} and {ENV_PASSWORD}")
        name = input("登录名 / login: ").strip()
        password = getpass.getpass("密码 / password: ")
    return auth.login(station.store, name, password)


def _read_json(file: str) -> Any:
    """A JSON value from ``file`` (``-``: standard input), refusing anything that is not
    UTF-8 JSON text: a folder, a binary or GBK file, lone surrogates, absurd size.

    Raises:
        InputError: naming the file (and the place in it when there is one).
    """
    try:
        if file == "-":
            data = sys.stdin.buffer.read(MAX_JSON_BYTES + 1) if hasattr(sys.stdin, "buffer") \
                else sys.stdin.read(MAX_JSON_BYTES + 1).encode("utf-8", "surrogatepass")
        else:
            with open(file, "rb") as handle:
                data = handle.read(MAX_JSON_BYTES + 1)
    except IsADirectoryError as exc:
        raise InputError(f"{file} 是文件夹，不是 JSON 文件", f"{file} is a folder, not a JSON "
                         "file", file) from exc
    except OSError as exc:
        raise InputError(f"无法读取文件 {file}：{os_error_reason(exc, reading=True)}",
                         f"cannot read {file}: {exc.strerror}", file) from exc
    if len(data) > MAX_JSON_BYTES:
        raise InputError(f"文件超过 {MAX_JSON_BYTES // 2**20} MB，不像案件数据",
                         f"file larger than {MAX_JSON_BYTES // 2**20} MB", file)
    try:
        # utf-8-sig: Windows Notepad saves UTF-8 with a byte-order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"文件 {file} 不是 UTF-8 编码的文本，请另存为 UTF-8 后重试",
                         f"{file} is not UTF-8 text", file) from exc
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}",
                         f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
                         f"{file}:{exc.lineno}:{exc.colno}") from exc
    except (ValueError, RecursionError) as exc:  # absurdly long numbers, absurd nesting
        raise InputError("JSON 内容超出可处理范围（数字过长或嵌套过深）",
                         f"JSON too large to read: {type(exc).__name__}", file) from exc
    if (place := guard.first_surrogate(value)) is not None:
        raise InputError("文本中有不成对的代理字符（\\ud800–\\udfff），不是有效的文字",
                         "a string holds a lone surrogate (\\ud800-\\udfff), not valid text",
                         f"{file}: {place}")
    return value


def status(args: argparse.Namespace) -> int:
    """What is in the data folder and how to go on."""
    paths = _paths(args)
    station = station_svc.find_station(paths)
    if station is None:
        print(f"数据目录 {paths.root} 中还没有工作站。\n"
              "  tiaojie demo                 创建演示工作站 / create a demo station\n"
              "  tiaojie init --help          设置正式工作站 / set up a real station")
        return 0
    try:
        _warn_calendar(station)
        output.print_status(station.org, counts_by_status(station), paths.root)
    finally:
        station.close()
    return 0


def demo(args: argparse.Namespace) -> int:
    """Create (or rebuild) a demo station and print its logins."""
    paths = _paths(args)
    if args.cases < 0:
        raise ValidationError("案件数不能为负", "--cases must be >= 0", "--cases")
    # Checked before an existing demo station is removed.
    today = (parse_day(args.today, "--today", earliest=DEMO_EARLIEST)
             if args.today is not None else station_svc.pinned_today())
    existing = station_svc.find_station(paths)
    if existing is not None:
        is_demo = bool(existing.org.get("is_demo"))
        existing.close()
        if not is_demo:
            raise InputError(f"{paths.root} 中已有正式工作站，演示数据不会覆盖它；请用 --data-dir "
                             "指定其他目录", f"{paths.root} holds a real station; demo will not "
                             "overwrite it — use --data-dir")
        for path in paths.root.glob("tiaojie.db*"):
            path.unlink()

    def progress(done: int, total: int) -> None:
        if total >= 2000:
            print(f"\r  {done}/{total}", end="", file=sys.stderr, flush=True)

    result = create_demo(paths, cases=args.cases, seed=args.seed, today=today,
                         progress=progress)
    if result.cases >= 2000:
        print(file=sys.stderr)
    output.print_demo(result, paths.root)
    return 0


def init(args: argparse.Namespace) -> int:
    """Non-interactive station set-up; the administrator's password comes on stdin."""
    kwargs: dict[str, Any] = {}
    if args.case_no_pattern:
        kwargs["case_no_pattern"] = args.case_no_pattern
    station = station_svc.init_station(
        _paths(args), name=args.name, short_name=args.short_name, org_type=args.org_type,
        admin_login=args.admin, admin_password=guard.new_password(),
        division_code=args.division_code, **kwargs, is_demo=args.training)
    output.say(f"工作站已设置 / station set up: {station.org['name']} ({station.paths.root})")
    station.close()
    return 0


@contextlib.contextmanager
def _session(args: argparse.Namespace, *, writes: bool = False
             ) -> Iterator[tuple[station_svc.Station, auth.User]]:
    """Open the station, log in, and close the station afterwards whatever happens.

    A command that writes is also warned of a computer date before the station's latest
    recorded day (it would date what it writes wrongly).
    """
    station = station_svc.open_station(_paths(args))
    try:
        _warn_calendar(station)
        if writes:
            _warn_clock(station)
        yield station, _login(station)
    finally:
        station.close()


def _warn_clock(station: station_svc.Station) -> None:
    if station.clock_warning is not None:
        output.say(f"注意 warning: {station.clock_warning.line()}", file=sys.stderr)


def _warn_calendar(station: station_svc.Station) -> None:
    """Say on stderr what opening found wrong with the holiday calendar (a skipped file, a
    changed calendar whose stored deadlines need `station refresh-deadlines`)."""
    for problem in station.calendar_problems:
        output.say(f"注意 warning: {guard.one_line(problem)}", file=sys.stderr)


def user_add(args: argparse.Namespace) -> int:
    """Add an account (administrators only)."""
    with _session(args, writes=True) as (station, user):
        auth.add_user(station.store, user, args.login, args.role, guard.new_password(),
                      args.name)
        output.say(f"已添加账户 / account added: {args.login} ({args.role})")
    return 0


def user_list(args: argparse.Namespace) -> int:
    """List accounts (administrators only)."""
    with _session(args) as (station, user):
        for row in auth.list_users(station.store, user):
            state = "" if row["active"] else "\t停用 disabled"
            output.say(f"{row['login']}\t{row['role']}\t{row['display_name']}{state}")
    return 0


def mediator_add(args: argparse.Namespace) -> int:
    """Put a mediator on the roster."""
    with _session(args, writes=True) as (station, user):
        roster.add_mediator(station, user, args.name,
                            employment="full_time" if args.full_time else "part_time",
                            phone=args.phone, certificate_no=args.certificate_no)
    output.say(f"已加入名册 / added to the roster: {args.name}")
    return 0


def mediator_list(args: argparse.Namespace) -> int:
    """Print the roster."""
    with _session(args) as (station, user):
        for m in roster.list_mediators(station, user):
            kind = roster.EMPLOYMENT[m.employment]
            output.say(f"{m.name}\t{kind}\t{m.phone or ''}\t{m.certificate_no or ''}")
    return 0


def case_new(args: argparse.Namespace) -> int:
    """Register a case from a JSON file; print its number."""
    doc = _read_json(args.file)
    with _session(args, writes=True) as (station, user):
        result = CaseService(station).register(doc, user)
    for warning in result.warnings:
        output.say(f"注意 warning: {guard.one_line(warning)}", file=sys.stderr)
    output.say(result.case_no)
    return 0


def case_import(args: argparse.Namespace) -> int:
    """Register a JSON array of cases in one transaction (all or none); print the numbers."""
    docs = _read_json(args.file)
    with _session(args, writes=True) as (station, user):
        made = imports.import_documents(station, docs, user)
    for result in made:
        for warning in result.warnings:
            output.say(f"注意 warning: {result.case_no}: {guard.one_line(warning)}",
                       file=sys.stderr)
        output.say(result.case_no)
    return 0


def case_list(args: argparse.Namespace) -> int:
    """List or search cases."""
    if args.since and args.until and parse_day(args.since, "--from") > parse_day(
            args.until, "--to"):
        raise ValidationError("--from 的日期晚于 --to", "--from is after --to", "--from")
    if not 1 <= args.limit <= 10_000:
        raise ValidationError("--limit 应在 1–10000 之间", "--limit must be 1..10000", "--limit")
    filters = CaseFilter(
        status=args.status, dispute_type=args.type, source=args.source,
        received_from=parse_day(args.since, "--from").isoformat() if args.since else None,
        received_to=parse_day(args.until, "--to").isoformat() if args.until else None,
        collective_from=COLLECTIVE_THRESHOLD if args.collective else None, search=args.search)
    with _session(args) as (station, user):
        if args.overdue:
            filters = replace(filters, overdue_on=station.today().isoformat())
        if args.mediator:
            filters = replace(filters, mediator_pk=roster.mediator_key(station, user,
                                                                       args.mediator))
        service = CaseService(station)
        page = service.list(user, filters=filters, sort=args.sort, limit=args.limit)
        total = service.count(user, filters) if args.count else None
    if not page.index_complete:
        print("注意 warning: 搜索索引尚未重建完成，结果可能不全；请运行 tiaojie reindex / "
              "the search index is incomplete; run `tiaojie reindex`", file=sys.stderr)
    output.print_case_list(page.rows, as_json=args.json, total=total)
    return 0


def case_show(args: argparse.Namespace) -> int:
    """One case with events and computed deadlines."""
    with _session(args) as (station, user):
        shown = CaseService(station).show(args.case_no, user).as_dict()
    output.print_case(shown, as_json=args.json)
    return 0


def case_event(args: argparse.Namespace) -> int:
    """Record a lifecycle step."""
    data = _read_json(args.file) if args.file else {}
    if args.on is not None:
        parse_day(args.on, "--on")  # refused here, naming the option; the service re-checks
        if not isinstance(data, dict):
            raise ValidationError("事件数据应为 JSON 对象", "event data must be an object",
                                  "--file")
        data = {**data, "occurred_on": args.on}
    with _session(args, writes=True) as (station, user):
        new_status = CaseService(station).record_event(args.case_no, args.event, data, user)
    output.say(f"{args.case_no}: {new_status}")
    return 0


def case_attach(args: argparse.Namespace) -> int:
    """Attach a file to a case."""
    with _session(args, writes=True) as (station, user):
        digest = attach_file(station, args.case_no, Path(args.file), user,
                             description=args.description)
    print(digest)
    return 0


def reindex(args: argparse.Namespace) -> int:
    """Rebuild the search index (resumable: an interrupted run goes on where it stopped)."""
    with _session(args, writes=True) as (station, user):
        auth.authorize(station.store, user, "write")
        state = maintenance.index_state(station)
        if state.complete:
            print(f"搜索索引完整，共 {state.total} 件 / search index complete ({state.total})")
            return 0
        done = maintenance.reindex(station)
    print(f"搜索索引已重建，共 {done.total} 件 / search index rebuilt ({done.total})")
    return 0


def due(args: argparse.Namespace) -> int:
    """The dashboard's deadlines: due today, this week, overdue."""
    with _session(args) as (station, user):
        found = dashboard.summary(station, user)
        items = dashboard.due(station, user, args.window, limit=args.limit)
    output.print_due(found, items, args.window, as_json=args.json)
    return 0


def station_adopt(args: argparse.Namespace) -> int:
    """Confirm that this folder is now the station's home (moved or restored)."""
    station = station_svc.open_station(_paths(args), pending_adoption=True)
    try:
        _warn_clock(station)
        user = _login(station)
        old = station_svc.adopt_location(station, user)
    finally:
        station.close()
    output.say(f"已确认工作站位置 / station location confirmed: {_paths(args).root}"
               + (f"（原位置 / was: {old}）" if old else ""))
    return 0


def station_refresh(args: argparse.Namespace) -> int:
    """Recompute every case's stored deadlines (after the holiday calendar changed)."""
    with _session(args, writes=True) as (station, user):
        auth.authorize(station.store, user, "write")
        count = maintenance.refresh_deadlines(station)
    output.say(f"已重新计算 {count} 件案件的期限 / deadlines recomputed for {count} cases")
    return 0


def station_basis(args: argparse.Namespace) -> int:
    """Set how the mediation period is counted (administrators; enterprise committees)."""
    with _session(args, writes=True) as (station, user):
        maintenance.set_mediation_basis(station, user, args.basis)
    output.say(f"调解期限起算已设置为：{station_svc.MEDIATION_BASIS[args.basis]} / "
               f"mediation period now counted from: {args.basis}")
    return 0


def check(args: argparse.Namespace) -> int:
    """Verify the database file and the audit chain; exit 1 if anything is wrong."""
    paths = _paths(args)
    report = integrity.check_station(paths)
    output.print_check(report)
    return 0 if report.ok else 1
