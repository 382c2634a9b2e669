"""``tiaojie-county`` commands that exchange with stations: enrolment files, delegations
and updates going down, and the files of a station's USB stick."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from county.cli_support import ACTOR, open_county, output_path, read_json, say
from county.service import (
    AlreadyDelegated,
    Refused,
)
from desktop.domain.errors import (
    InputError,
    TiaojieError,
)
from desktop.sync import transport


def cmd_enrol_file(args: argparse.Namespace) -> int:
    """Write the station's enrolment file; the new token is kept only once the file is
    written (a write that fails leaves the file handed out earlier working)."""
    default = f"{args.id}.tjenrol"
    out = Path(args.out) if args.out else Path(default)
    if args.out and (out.is_dir() or args.out.endswith(("/", os.sep))):
        out = out / default
    out = output_path(str(out), folder_must_exist=False)
    from desktop.sync.transport import check_folder
    check_folder(out.resolve(strict=False).parent)  # the token never lands on a wrong disk
    written = False

    def write(data: bytes) -> None:
        nonlocal written
        transport_write(out, data)
        written = True

    try:
        open_county(args).enrol_file(args.id, ACTOR, write=write)
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
    county = open_county(args)
    county.station(args.station)  # an unknown station is named before the file is read
    doc = read_json(args.case_file, "案件文件")
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
    """Send a holiday calendar, a form or a notice down to one station or to all, or a
    mediator's certificate number (the roster) to the station the mediator belongs to;
    each is checked first as the station will check it."""
    import uuid
    if args.calendar:
        doc = read_json(args.calendar, "节假日文件")
        item: dict[str, Any] = {"type": "calendar", "calendar": doc}
        summary = f"节假日安排 {doc.get('year') if isinstance(doc, dict) else ''}"
    elif args.form:
        path = Path(args.form)
        try:
            item = {"type": "form", "file": path.name, "text": path.read_text("utf-8")}
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"无法读取文书样式 {path}", f"cannot read {path}: {exc}") from exc
        summary = f"文书样式 {path.name}"
    elif args.certificate:
        uid, number = args.certificate
        if not args.station:
            raise InputError("调解员属于一个工作站：请用 --station 指明", "a mediator belongs to "
                             "one station: name it with --station", "--station")
        item = {"type": "mediator_certificate", "mediator_uid": uid, "certificate_no": number}
        summary = f"调解员证书编号 {number.strip()}"
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
    county = open_county(args)
    if args.certificate and not county.store.one(
            "SELECT 1 FROM records WHERE station = ? AND type = 'mediator' AND uid = ?",
            [args.station, args.certificate[0]]):
        uid = args.certificate[0][:64]
        raise InputError(f"工作站 {args.station} 没有报送过这名调解员（{uid}）",
                         f"station {args.station} has sent no mediator {uid}", "--certificate")
    targets = [args.station] if args.station else [
        s["id"] for s in county.stations() if s["status"] == "enrolled"]
    if not targets:
        say("没有已注册的工作站，未下发 / no enrolled station: nothing queued", file=sys.stderr)
    for station in targets:
        seq = county.send_down(station, [{**item, "id": str(uuid.uuid4())}], ACTOR, summary)
        say(f"{station}: 已排入下发 queued #{seq}")
    return 0


COUNTY_TO_STATION = ("receipt", "down", "enrolled")


def cmd_import(args: argparse.Namespace) -> int:
    """Files from a station's USB stick: apply each, then write a receipt for every
    envelope applied by this import (those on the stick and those held earlier that it
    released), and the pending downlink."""
    county = open_county(args)
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


