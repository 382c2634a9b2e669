"""The ``tiaojie`` command tree (argparse), built only when a subcommand or ``--help`` is
asked for: opening the desktop does not pay for importing every command."""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from desktop.cli import commands, doc_commands, launch, sync_commands
from desktop.domain.errors import InputError
from desktop.domain.lifecycle import EVENTS, STATES
from desktop.domain.vocab import ORG_TYPES, ROLES


class UsageError(InputError):
    """The command line does not fit the command tree (argparse's complaint)."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one error line like every other (and exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"命令行用法有误，请看 {self.prog} --help", message, self.prog)


DATA_DIR_HELP = "数据目录 / data folder (default: $TIAOJIE_HOME, then the user data folder)"


def _common() -> argparse.ArgumentParser:
    """Options every subcommand also takes after its name (``tiaojie demo --data-dir D``).

    Their default is SUPPRESS, so a subcommand that is not given one leaves the value given
    before it (``tiaojie --data-dir D demo``) in place.
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=DATA_DIR_HELP)
    return common


_COMMON = _common()


def _add(group: Any, name: str, **kwargs: Any) -> argparse.ArgumentParser:
    """A subcommand that takes the common options too."""
    return group.add_parser(name, parents=[_COMMON], **kwargs)


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree."""
    parser = _Parser(
        prog="tiaojie", description="调解台 — 劳动人事争议调解工作站 / mediation station desk")
    parser.add_argument("--data-dir", help=DATA_DIR_HELP)
    parser.add_argument("--lang", choices=("zh_CN", "en"),
                        help="界面语言 / desktop language (default: the saved setting, 中文)")
    parser.set_defaults(func=launch.desktop)  # no subcommand: open the desktop
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add(sub, "status", help="工作站概况 / what is in the data folder").set_defaults(
        func=commands.status)

    demo = _add(sub, "demo", help="创建演示工作站 / create a demo station")
    demo.add_argument("--cases", type=int, default=300, help="number of sample cases")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--today", help="pin today's date (YYYY-MM-DD) for reproducible data")
    demo.set_defaults(func=commands.demo)

    init = _add(sub, "init", help="设置工作站 / set up a station (admin password on stdin)")
    init.add_argument("--name", required=True, help="组织全称 / organisation name")
    init.add_argument("--short-name", required=True, help="简称, used in case numbers")
    init.add_argument("--org-type", required=True, help=", ".join(ORG_TYPES))
    init.add_argument("--division-code", help="6-digit GB/T 2260 code")
    init.add_argument("--case-no-pattern", help="default {简称}劳人调字〔{YYYY}〕第{N}号")
    init.add_argument("--admin", required=True, help="administrator login")
    init.add_argument("--training", action="store_true",
                      help="培训工作站 / a training station (its day may be pinned)")
    init.set_defaults(func=commands.init)

    user = _add(sub, "user", help="账户 / accounts").add_subparsers(dest="action",
                                                                  required=True)
    add = _add(user, "add", help="add an account (password on stdin)")
    add.add_argument("login")
    add.add_argument("--role", required=True, help=", ".join(ROLES))
    add.add_argument("--name", help="display name")
    add.set_defaults(func=commands.user_add)
    _add(user, "list", help="list accounts").set_defaults(func=commands.user_list)

    roster = _add(sub, "mediator", help="调解员名册 / mediator roster").add_subparsers(
        dest="action", required=True)
    madd = _add(roster, "add", help="add a mediator (admin)")
    madd.add_argument("name")
    madd.add_argument("--full-time", action="store_true", help="专职 (default 兼职)")
    madd.add_argument("--phone")
    madd.add_argument("--certificate-no")
    madd.set_defaults(func=commands.mediator_add)
    _add(roster, "list", help="the roster").set_defaults(func=commands.mediator_list)

    case = _add(sub, "case", help="案件 / cases").add_subparsers(dest="action",
                                                                required=True)
    new = _add(case, "new", help="register a case from a JSON file (- for stdin)")
    new.add_argument("file")
    new.set_defaults(func=commands.case_new)
    imp = _add(case, "import", help="register a JSON array of cases at once (all or none)")
    imp.add_argument("file")
    imp.set_defaults(func=commands.case_import)
    lst = _add(case, "list", help="list or search cases, newest first")
    lst.add_argument("--search", help="case no., name, employer, ID number, phone, summary")
    lst.add_argument("--status", help=", ".join(STATES))
    lst.add_argument("--type", help="primary dispute type code")
    lst.add_argument("--source", help="case source code")
    lst.add_argument("--mediator", help="assigned mediator's name")
    lst.add_argument("--from", dest="since", help="received on or after YYYY-MM-DD")
    lst.add_argument("--to", dest="until", help="received on or before YYYY-MM-DD")
    lst.add_argument("--collective", action="store_true", help="collective disputes only")
    lst.add_argument("--overdue", action="store_true", help="with an overdue legal deadline")
    lst.add_argument("--sort", default="received", choices=("received", "due", "number"))
    lst.add_argument("--count", action="store_true", help="also print how many match")
    lst.add_argument("--limit", type=int, default=50)
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=commands.case_list)
    show = _add(case, "show", help="one case with its deadlines")
    show.add_argument("case_no")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=commands.case_show)
    event = _add(case, "event", help="record a lifecycle step")
    event.add_argument("case_no")
    event.add_argument("event", metavar="EVENT", help=", ".join(EVENTS))
    event.add_argument("--file", help="JSON object with the event's data")
    event.add_argument("--on", help="date it happened (YYYY-MM-DD, default today)")
    event.set_defaults(func=commands.case_event)
    attach = _add(case, "attach", help="attach a file (stored by SHA-256)")
    attach.add_argument("case_no")
    attach.add_argument("file")
    attach.add_argument("--description")
    attach.set_defaults(func=commands.case_attach)

    due = _add(sub, "due", help="到期提醒 / deadlines due today, this week, overdue")
    due.add_argument("--window", default="week", choices=("today", "week", "overdue"))
    due.add_argument("--limit", type=int, default=50)
    due.add_argument("--json", action="store_true")
    due.set_defaults(func=commands.due)

    _add(sub, "reindex", help="重建搜索索引 / rebuild the search index").set_defaults(
        func=commands.reindex)
    st = _add(sub, "station", help="工作站 / station").add_subparsers(dest="action",
                                                                    required=True)
    _add(st, "adopt", help="confirm the station was moved here (or restored)"
         ).set_defaults(func=commands.station_adopt)
    _add(st, "refresh-deadlines", help="重新计算期限 / recompute stored deadlines after "
         "the holiday calendar changed").set_defaults(func=commands.station_refresh)
    basis = _add(st, "mediation-basis", help="调解期限起算 / count the mediation period "
                 "from receipt or (enterprise committees) acceptance")
    basis.add_argument("basis", choices=("received", "accepted"))
    basis.set_defaults(func=commands.station_basis)

    check = _add(sub, "check", help="verify the audit chain and the database file")
    check.set_defaults(func=commands.check)
    doc_commands.add_commands(sub, _add)
    sync_commands.add_commands(sub, _add)
    return parser
