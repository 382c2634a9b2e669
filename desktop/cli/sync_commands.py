"""``tiaojie sync``: enrolment with the county court, push, pull, status, files for a USB stick.

The sync keys' passphrase comes from ``TIAOJIE_SYNC_PASSPHRASE`` or, when that is not set,
the first line of standard input.  Exit codes: 0 done, 2 bad input, 3 wrong passphrase or
login, 4 the county could not be reached (or a disk problem), 7 the county refused (revoked,
conflict, ...).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop.cli import output
from desktop.cli.commands import _session
from desktop.domain.errors import AuthError, InputError
from desktop.services.sync_io import SyncService
from desktop.sync import enrolment

PASSPHRASE_ENV = "TIAOJIE_SYNC_PASSPHRASE"


def _passphrase(*, confirm: bool = False) -> str:
    """From the environment, a pipe, or typed (twice with ``confirm``: a new passphrase
    mistyped once could never be typed again)."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value is None:
        if sys.stdin is None or sys.stdin.isatty():
            import getpass
            value = getpass.getpass("同步密钥口令 / sync key passphrase: ")
            if confirm and value and getpass.getpass("再输一次 / again: ") != value:
                raise AuthError("两次输入的口令不一致", "the two passphrases differ")
        else:
            value = sys.stdin.readline().rstrip("\r\n")
    if not value:
        raise AuthError(f"需要同步密钥口令（{PASSPHRASE_ENV} 或标准输入）",
                        f"the sync key passphrase is needed ({PASSPHRASE_ENV} or stdin)")
    return value


def _folder(text: str, option: str) -> Path:
    """A folder named on the command line; an empty one is a slip, not "here"."""
    if not text.strip():
        raise InputError(f"{option} 需要一个文件夹", f"{option} needs a folder", option)
    return Path(text)


def _read(path: str) -> bytes:
    """An enrolment file (small: a few kilobytes; anything huge is refused unread)."""
    try:
        if Path(path).stat().st_size > enrolment.MAX_FILE:
            raise InputError(f"{path} 太大，不是注册文件", f"{path} is too large for an "
                             "enrolment file", path)
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取 {path}：{exc.strerror}", f"cannot read {path}: "
                         f"{exc.strerror}", path) from exc


def sync_enrol(args: argparse.Namespace) -> int:
    """Answer the county's enrolment file: make keys, write (or post) the request."""
    with _session(args, writes=True) as (station, user):
        service = SyncService(station)
        passphrase = _passphrase(confirm=True)
        request = service.enrol(_read(args.file), passphrase, user, again=args.again)
        st = service.state()
        assert st is not None
        if args.online:
            service.enrol_online(request, service.unlock(passphrase), user=user)
            output.say(f"已注册 enrolled: {st['station']} → {st['county_name']}（证书已安装 "
                       "certificate installed）")
            return 0
        from desktop.sync import transport
        folder = transport.check_folder(_folder(args.out, "--out") if args.out is not None
                                        else Path(args.file).resolve().parent)
        written = transport.write_files(folder, [(f"{st['station']}-enrol", request)])
    output.say(f"注册请求已写入 request written: {written[0]}")
    output.say("把它交给县仲裁院，再用 tiaojie sync import 导入回执 / take it to the county, "
               "then import the answer with tiaojie sync import")
    return 0


def sync_push(args: argparse.Namespace) -> int:
    with _session(args, writes=True) as (station, _user):
        service = SyncService(station)
        result = service.push(service.unlock(_passphrase()))
    output.say(f"新打包 built {result.built}，发送 sent {result.sent}，"
               f"已确认 receipted {result.receipted}（重复 duplicates {result.duplicates}）")
    return 0


def sync_pull(args: argparse.Namespace) -> int:
    with _session(args, writes=True) as (station, _user):
        service = SyncService(station)
        result = service.pull(service.unlock(_passphrase()))
    output.say(f"收到 received {result.received}，采用 applied {result.applied}，"
               f"拒收 refused {result.refused}")
    for line in result.messages:
        output.say(f"  {line}")
    return 0


def sync_status(args: argparse.Namespace) -> int:
    with _session(args) as (station, _user):
        status = SyncService(station).status()
    if args.json:
        output.dump(status.to_json())
        return 0
    if not status.enrolled and status.status is None:
        output.say("本站尚未注册 not enrolled（tiaojie sync enrol FILE）")
        return 0
    agree = {None: "待发送完再比对 compare after sending", True: "一致 agree",
             False: "不一致 DIFFER — 运行 tiaojie sync resend 全部重新发送"}[status.hashes_agree]
    for label, value in (
            ("县仲裁院 county", f"{status.county_name}（{status.county}）"),
            ("本站编号 station", status.station), ("状态 status", status.status),
            ("地址 address", status.url or "仅文件交换 files only"),
            ("待打包变更 changes", status.changes),
            ("待确认批次 unreceipted", f"{status.pending}（{status.pending_bytes} 字节 bytes）"),
            ("最近回执 last receipt", status.last_receipt_at or "无 none"),
            ("最近联系 last contact", status.last_contact or "无 none"),
            ("拒收的下发 refused downlink", status.refused),
            ("数据比对 state hash", agree),
            ("全部重新发送 full re-send", "已安排，下次发送时 scheduled for the next send"
             if status.full_resend else "无 none"),
            ("最近错误 last error", status.last_error or "无 none")):
        output.say(f"{label}: {value}")
    return 0


def sync_refused(args: argparse.Namespace) -> int:
    """The downlink items this station refused, newest first, with their reasons."""
    with _session(args) as (station, _user):
        rows = SyncService(station).refused_items(args.limit)
    if args.json:
        output.dump(rows)
        return 0
    if not rows:
        output.say("没有拒收的下发内容 no refused downlink items")
    for row in rows:
        output.say(f"{row['item_id']}  {row['item_type']}  {row['at']}  {row['reason']}")
    return 0


def sync_retry(args: argparse.Namespace) -> int:
    """Take a refused item again (once its reason is put right: the clock, say)."""
    with _session(args, writes=True) as (station, user):
        note = SyncService(station).retry_refused(args.item, user)
    output.say(f"已采用 applied: {note}")
    return 0


def sync_export(args: argparse.Namespace) -> int:
    with _session(args, writes=True) as (station, _user):
        service = SyncService(station)
        written = service.export_files(_folder(args.to, "--to"), service.unlock(_passphrase()))
    for path in written:
        output.say(str(path))
    output.say(f"已写入 {len(written)} 个文件 files written")
    return 0


def sync_import(args: argparse.Namespace) -> int:
    with _session(args, writes=True) as (station, user):
        service = SyncService(station)
        done = service.import_files([Path(p) for p in args.files],
                                    service.unlock(_passphrase()), user)
    down = done["down"]
    if done["enrolled"]:
        output.say("注册完成，证书已安装 enrolled, certificate installed")
    output.say(f"回执 receipts {done['receipts']}，下发 downlink {down.received}（采用 applied "
               f"{down.applied}，拒收 refused {down.refused}）")
    for line in down.messages:
        output.say(f"  {line}")
    for problem in done["problems"]:
        output.say(f"未采用 not used: {problem}", file=sys.stderr)
    return 2 if done["problems"] else 0


def sync_resend(args: argparse.Namespace) -> int:
    with _session(args, writes=True) as (station, user):
        SyncService(station).request_full_resend(user)
    output.say("下次发送时将全部重新发送 everything will be sent again on the next push")
    return 0


def add_commands(sub: argparse._SubParsersAction, add: object) -> None:
    grp = add(sub, "sync", help="与县仲裁院同步 / sync with the county court").add_subparsers(  # type: ignore[operator]
        dest="action", required=True)
    enrol = add(grp, "enrol", help="answer the county's enrolment file (administrators)")  # type: ignore[operator]
    enrol.add_argument("file", help="the .tjenrol file from the county")
    enrol.add_argument("--online", action="store_true",
                       help="send the request over HTTPS now instead of writing a file")
    enrol.add_argument("--out", help="folder for the request file (default: beside FILE)")
    enrol.add_argument("--again", action="store_true",
                       help="enrol an enrolled station again with a new file from the county "
                            "(a forgotten passphrase): receipts archived, everything re-sent")
    enrol.set_defaults(func=sync_enrol)
    add(grp, "push", help="send changes and collect receipts (HTTPS)").set_defaults(  # type: ignore[operator]
        func=sync_push)
    add(grp, "pull", help="fetch delegated cases and other downlink (HTTPS)").set_defaults(  # type: ignore[operator]
        func=sync_pull)
    st = add(grp, "status", help="pending changes, last receipt, drift check")  # type: ignore[operator]
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=sync_status)
    ref = add(grp, "refused", help="downlink items this station refused, with reasons")  # type: ignore[operator]
    ref.add_argument("--limit", type=int, default=50)
    ref.add_argument("--json", action="store_true")
    ref.set_defaults(func=sync_refused)
    retry = add(grp, "retry", help="take a refused downlink item again")  # type: ignore[operator]
    retry.add_argument("item", help="the item id (tiaojie sync refused)")
    retry.set_defaults(func=sync_retry)
    exp = add(grp, "export", help="write outgoing envelopes to a folder (USB stick)")  # type: ignore[operator]
    exp.add_argument("--to", required=True,
                     help="an existing folder, e.g. on the USB stick")
    exp.set_defaults(func=sync_export)
    imp = add(grp, "import", help="read receipts, downlink, the enrolment answer from files")  # type: ignore[operator]
    imp.add_argument("files", nargs="+", help="files or folders")
    imp.set_defaults(func=sync_import)
    add(grp, "resend", help="send every record again (after a drift)").set_defaults(  # type: ignore[operator]
        func=sync_resend)
