"""How the command line prints things (text for people, --json for scripts)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from desktop.cli import guard
from desktop.domain import vocab
from desktop.domain.clocks import CLOCK_LABELS, CLOCK_STATUS
from desktop.domain.lifecycle import EVENTS, STATES
from desktop.domain.money import format_yuan, to_daxie
from desktop.domain.records import CaseListRow, DeadlineItem


def say(*parts: object, sep: str = " ", end: str = "\n", file: Any = None) -> None:
    """``print`` for text meant for people: control and bidi characters from stored data
    are shown escaped (``\\x1b``, ``\\u202e``) instead of acting on the terminal."""
    print(guard.terminal_safe(sep.join(str(p) for p in parts)), end=end, file=file)


def dump(obj: Any) -> None:
    """JSON with Chinese kept readable (and exact: scripts get the stored text)."""
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def print_status(org: dict[str, Any], counts: dict[str, int], root: Path) -> None:
    """The start screen of the command line."""
    demo = "（演示）" if org.get("is_demo") else ""
    say(f"{org['name']}{demo}\n数据目录 / data: {root}\n")
    total = sum(counts.values())
    say(f"案件总数 / cases: {total}")
    for code, label in STATES.items():
        if counts.get(code):
            say(f"  {label}\t{counts[code]}")
    say("\n用法 / usage: tiaojie case list --search 张伟 | tiaojie case show 案号 | "
          "tiaojie --help")


def print_demo(result: Any, root: Path) -> None:
    """Demo station made: where, how many cases, which logins."""
    say(f"演示工作站已创建 / demo station created: {root}\n案件 / cases: {result.cases}\n")
    say("演示账户 / demo logins (login / role / password):")
    for login, role, _name, password in result.logins:
        say(f"  {login:<10} {vocab.ROLES[role]:<6} {password}")
    say(f"\n例如 / e.g.: TIAOJIE_USER={result.logins[1][0]} "
          f"TIAOJIE_PASSWORD={result.logins[1][3]} tiaojie case list --search 王")


def print_case_list(rows: list[CaseListRow], *, as_json: bool,
                    total: int | None = None) -> None:
    """One line per case."""
    if as_json:
        out = [{k: v for k, v in asdict(r).items() if k != "pk"} for r in rows]
        dump({"total": total, "cases": out} if total is not None else out)
        return
    if total is not None:
        say(f"共 {total} 件 / {total} cases")
    if not rows:
        say("没有找到案件 / no cases found")
        return
    for r in rows:
        names = r.first_applicant + (f"等{r.applicant_count}人" if r.applicant_count > 1
                                     else "")
        due = ""
        if r.next_due_on:
            label = CLOCK_LABELS.get(r.next_due_key or "", r.next_due_key or "")
            due = f"{label} {r.next_due_on}（{_days(r.days_left)}）"
        cells = [r.case_no, names, "、".join(r.respondents), STATES[r.status], r.received_on,
                 vocab.DISPUTE_TYPES[r.primary_type], format_yuan(r.claimed_fen),
                 r.mediator_name or "", due]
        if r.flags:
            cells.append("、".join(vocab.FLAGS.get(f, f) for f in r.flags))
        say("\t".join(cells))


def _days(left: int | None) -> str:
    if left is None:
        return ""
    if left < 0:
        return f"已超 {-left} 天"
    return "今天到期" if left == 0 else f"剩 {left} 天"


def print_due(found: Any, items: list[DeadlineItem], window: str, *, as_json: bool) -> None:
    """The dashboard's deadline counts and the clocks of one window."""
    if as_json:
        dump({"today": found.today, "this_week": found.this_week, "overdue": found.overdue,
              "items": [asdict(i) for i in items]})
        return
    for title, counts in (("今天到期 / due today", found.today),
                          ("本周到期 / due this week", found.this_week),
                          ("已超期 / overdue", found.overdue)):
        parts = "  ".join(f"{CLOCK_LABELS.get(k, k)} {n}" for k, n in sorted(counts.items()))
        say(f"{title}: {sum(counts.values())}  {parts}")
    say("")
    for i in items:
        say(f"{i.due_on}\t{_days(i.days_left)}\t{CLOCK_LABELS.get(i.clock, i.clock)}\t"
              f"{i.case_no}")


def print_case(case: dict[str, Any], *, as_json: bool) -> None:
    """A case for people, or the documented JSON."""
    if as_json:
        dump(case)
        return
    say(f"{case['case_no']}  【{case['status_label']}】  {case['source_label']}")
    say(f"收到申请 {case['received_on']}  争议发生 {case['dispute_arose_on'] or '—'}")
    say(f"争议类型：{'、'.join(vocab.DISPUTE_TYPES[t] for t in case['dispute_types'])}")
    if case["flags"]:
        say(f"标记：{'、'.join(vocab.FLAGS[f] for f in case['flags'])}")
    say(f"涉及劳动者 {case['worker_count']} 人  标的金额 {format_yuan(case['claimed_fen'])}"
          f"（{to_daxie(case['claimed_fen'])}）")
    say(f"案情：{case['summary']}\n")
    for p in case["parties"]:
        side = "申请人" if p["side"] == "applicant" else "被申请人"
        number = p["id_number"] or p["uscc"] or ""
        role = vocab.PARTY_ROLES.get(p["role"] or "", "代表" if p["representative"] else "")
        say(f"  {side}  {vocab.PARTY_KINDS[p['kind']]}  {p['name']}"
              f"{f'（{role}）' if role else ''}  {number}  {p['phone'] or ''}")
    say("\n期限 / deadlines:")
    for clock in case["deadlines"].values():
        left = f"（剩 {clock['days_left']} 天）" if clock["status"] == "pending" else ""
        if not clock["calendar_certain"]:
            left += "（缺少节假日数据，到期日可能需顺延）"
        shown = CLOCK_STATUS.get(clock["status"]) or clock["status_label"] or clock["status"]
        say(f"  {clock['label']}\t{clock['due_on']}\t{shown}{left}")
    say("\n经过 / events:")
    corrected = {e["data"].get("seq"): e["data"].get("corrected_on") for e in case["events"]
                 if e["event"] == "correct"}
    for e in case["events"]:
        spec = EVENTS.get(e["event"])
        label = spec.label if spec else "登记"
        if e["event"] == "correct":
            label += f"（第 {e['data'].get('seq')} 条）"
        fixed = corrected.get(e["seq"])
        day = f"{fixed}（原记为 {e['occurred_on']}）" if fixed else e["occurred_on"]
        say(f"  {day}  {label}  → {STATES.get(e['to_status'], '')}  {e['actor']}")


def print_check(report: Any) -> None:
    """Result of ``tiaojie check``."""
    say(f"数据库 / database: {report.database}（结构版本 / schema v{report.schema_version}）")
    if getattr(report, "not_station", False):
        say("✗ 此文件不是调解台数据库（可能是其他程序的文件或空文件），不是数据损坏；"
            "请检查数据目录是否选错 / not a station database (another program's file, or "
            "empty): not damage; check the data folder")
    elif report.integrity_problems:
        say("✗ 数据库文件损坏 / integrity_check failed:")
        for line in report.integrity_problems[:20]:
            say(f"  {line}")
    else:
        say("✓ 数据库文件完整 / integrity_check ok")
    if report.bad_files:
        say(f"✗ 附件文件有问题 / attachment files wrong: {len(report.bad_files)}")
        for line in report.bad_files[:20]:
            say(f"  {line}")
    else:
        say(f"✓ 附件 {report.files_checked} 个，内容一致 / {report.files_checked} attachment "
              "files intact")
    print("".join(f"! {note}\n" for note in getattr(report, "notes", ())), end="")
    states = report.case_states
    if states is not None and states.altered:
        shown = "、".join(states.altered[:10])
        say(f"✗ {len(states.altered)} 件案件的记录与审计链不符（在程序之外被改动）/ "
              f"{len(states.altered)} case(s) altered outside the program: {shown}")
    elif states is not None:
        extra = (f"（{states.uncovered} 件为升级前登记，尚无记录摘要）" if states.uncovered
                 else "")
        say(f"✓ 案件记录与审计链一致，共 {states.cases - states.uncovered} 件{extra} / "
              "case records match the audit chain")
    chain = report.chain
    if chain is None:
        return
    if chain.ok:
        say(f"✓ 审计链完整，共 {chain.entries} 条 / audit chain intact ({chain.entries} entries)")
    else:
        say(f"✗ 审计链在第 {chain.broken_at} 条断开 / audit chain broken at entry "
              f"{chain.broken_at}: {chain.reason_zh} / {chain.reason_en}")
