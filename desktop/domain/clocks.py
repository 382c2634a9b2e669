"""Legal clocks derived from a case's facts and events (DOMAIN.md §1 R2–R13, §7).

A pure function: :func:`compute_clocks` takes a :class:`ClockInput` and returns typed
:class:`Clock` values by stable key (documented in docs/case-format.md).  Only clocks
whose rule applies to the case are returned ("show only the routes that exist").
:func:`due_rows` gives the ``(key, due_on, status)`` rows storage keeps per case for the
dashboard's "due today / this week / overdue" questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from desktop.domain.agreement import (
    AgreementFacts,
    default_day,
    effective_on,
    fold_agreement,
)
from desktop.domain.calendar import HolidayCalendar
from desktop.domain.lifecycle import OWN_PROCEDURE_SOURCES
from desktop.domain.signers import PartyFacts

# Sources screened for acceptance under R2 (主动调解 has no application to accept, §7.8).
ACCEPTANCE_SOURCES = ("application", "oral_application", "platform")
ENDED_WITHOUT_AGREEMENT = ("refuse", "fail", "withdraw", "terminate", "delegate",
                           "negotiation_fail", "negotiation_decline")
NON_PERFORMANCE = ("partly_performed", "not_performed")
# Days after the last term's due day by which the station visits (回访): long enough for a
# bank transfer to arrive and be confirmed, short enough to act within the limitation.
FOLLOW_UP_DAYS = 7

STATUS_LABELS: dict[str, str] = {
    "pending": "未到期", "met": "按期完成", "late": "逾期完成", "closed": "已结束",
    "overdue": "已逾期", "lapsed": "已过期未申请", "interrupted": "时效中断",
    "running": "计算中", "expired": "已届满", "not_running": "不受一年时效限制",
    "reached": "已届至", "deemed_declined": "视为不愿协商",
}
# Short names of the clocks, for lists and counts (a clock's own label is its full name).
CLOCK_LABELS: dict[str, str] = {"acceptance_due": "受理期限", "mediation_due": "调解期限",
                "arbitration_review_due": "仲裁审查申请期限",
                "judicial_confirmation_due": "司法确认申请期限",
                "limitation_expires": "仲裁时效", "negotiation_reply_due": "协商答复期限",
                "arbitration_open_on": "可申请仲裁日", "follow_up_due": "回访期限",
                "major_first_response_due": "重大集体争议首次响应期限",
                "advice_feedback_due": "调解建议书反馈期限", "performance_default_on": "违约日",
                "session_planned_on": "约定调解日"}

# What each clock's ``rule`` stands on, as a mediator reads it (DOMAIN.md §1 and §7; article
# numbers only where they are verified).
RULE_BASIS: dict[str, str] = {
    "R2": "《企业劳动争议协商调解规定》：收到调解申请后3个工作日内决定是否受理",
    "R3": "《劳动争议调解仲裁法》第十四条：自收到调解申请之日起15日内未达成协议的，"
          "当事人可以申请仲裁",
    "R3a": "《企业劳动争议协商调解规定》：自受理之日起15日内结束调解，双方同意可以延长",
    "R5": "《劳动人事争议仲裁办案规则》第七十四条：调解协议生效之日起15日内，"
          "双方共同向仲裁委员会申请仲裁审查",
    "R6": "《民事诉讼法》第二百零五条：调解协议生效之日起30日内，双方共同向人民法院申请"
          "司法确认",
    "R9": "《劳动争议调解仲裁法》第二十七条：仲裁时效期间为1年，申请调解时中断，"
          "从中断时起重新计算",
    "R9-default": "《劳动争议调解仲裁法》第二十七条：一方不履行调解协议的，时效自违约之日"
                  "重新计算",
    "R9-no-reply": "《劳动争议调解仲裁法》第二十七条：对方视为不愿协商的，时效自该日重新计算",
    "LDMAL14": "《劳动争议调解仲裁法》第十四条：自收到调解申请之日起15日内未达成协议的，"
               "当事人可以申请仲裁",
    "LDMAL27": "《劳动争议调解仲裁法》第二十七条：仲裁时效自当事人知道或者应当知道权利被侵害"
               "之日起计算",
    "LDMAL27¶4": "《劳动争议调解仲裁法》第二十七条第四款：劳动关系存续期间拖欠劳动报酬的，"
                 "不受1年时效限制；劳动关系终止的，自终止之日起1年内提出",
    "R10": "《企业劳动争议协商调解规定》：对方应当在5日内答复，逾期视为不愿协商",
    "R12": "《最高人民法院关于人民法院特邀调解的规定》：委派调解自签收材料之日起30日内完成，"
           "双方同意可以延长",
    "R12a": "《最高人民法院关于人民法院特邀调解的规定》：委托调解15日内完成（简易程序7日）",
    "R13": "《劳动人事争议仲裁办案规则》：仲裁委员会委托调解10日内完成",
    "回访": "调解协议履行期限届满后及时回访，了解履行情况",
    "重大集体争议": "重大集体劳动人事争议应当及时响应并向上级报告",
    "调解建议书": "调解建议书所定的反馈期限",
    "约定": "调解员与当事人约定的下一次调解日期",
}


def rule_basis(rule: str) -> str:
    """What a clock's rule stands on, in words (the code itself if none is written)."""
    return RULE_BASIS.get(rule, rule)

# How a clock stands, in a word.
CLOCK_STATUS: dict[str, str] = {
                "pending": "进行中", "overdue": "已超期", "met": "已完成", "late": "逾期完成",
                "closed": "不再适用", "lapsed": "已过期未申请", "interrupted": "已中断",
                "running": "计算中", "expired": "已届满"}
OPEN_STATUSES = ("pending", "overdue", "running")
PAST_DUE_STATUSES = ("overdue", "lapsed", "deemed_declined", "reached", "expired")


@dataclass(frozen=True)
class RecordedEvent:
    """An event as the clocks see it: what happened, on which day, with which data."""

    event: str
    occurred_on: date
    data: dict[str, Any]


@dataclass(frozen=True)
class ClockInput:
    """The case facts the clocks are computed from.

    Attributes:
        kind: ``mediation`` or ``negotiation``.
        source: the case source code.
        received_on: the day the application or the referral materials were received.
        events: the case's events in the order they happened.
        parties: the parties in stored order (for who must sign).
        flags: case flags (``collective``, ``major_collective``, ...).
        dispute_types: the dispute type codes.
        dispute_arose_on: when the party knew or should have known of the infringement.
        employment_ongoing: the labour relation still continues (LDMAL 27 ¶4).
        employment_ended_on: the day the labour relation ended.
        court_procedure: ``ordinary`` or ``simple`` for court-entrusted cases.
        mediation_basis: ``received`` (LDMAL 14) or ``accepted`` (enterprise committee,
            17号令): the day the mediation period counts from.
        first_response_days: days allowed for the first response to a major collective
            dispute (0: the day of receipt).
        follow_up_days: days after the last term's due day by which to visit.
    """

    kind: str
    source: str
    received_on: date
    events: Sequence[RecordedEvent] = ()
    parties: Sequence[PartyFacts] = ()
    flags: Sequence[str] = ()
    dispute_types: Sequence[str] = ()
    dispute_arose_on: date | None = None
    employment_ongoing: bool | None = None
    employment_ended_on: date | None = None
    court_procedure: str | None = None
    mediation_basis: str = "received"
    first_response_days: int = 0
    follow_up_days: int = FOLLOW_UP_DAYS


@dataclass(frozen=True)
class Clock:
    """One legal deadline or key date and where the case stands against it."""

    key: str
    label: str
    rule: str
    basis_on: str
    days: int
    day_type: str
    due_on: str | None
    status: str
    met_on: str | None
    days_left: int | None
    calendar_certain: bool
    status_label: str = field(default="")

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output."""
        return asdict(self)


@dataclass(frozen=True)
class _Facts:
    """What several clocks share, computed once."""

    inp: ClockInput
    today: date
    cal: HolidayCalendar
    agreement: AgreementFacts | None
    effective: date | None
    ended: RecordedEvent | None


def _first(events: Sequence[RecordedEvent], *codes: str,
           after: date | None = None) -> RecordedEvent | None:
    return next((e for e in events if e.event in codes
                 and (after is None or e.occurred_on >= after)), None)


def _last(events: Sequence[RecordedEvent], *codes: str) -> RecordedEvent | None:
    return next((e for e in reversed(events) if e.event in codes), None)


def _clock(x: _Facts, key: str, label: str, rule: str, basis: date, days: int, day_type: str,
           due: date, met: date | None, closed: bool, *, optional: bool = False,
           overdue_label: str | None = None) -> Clock:
    """``optional`` windows (filing for review or confirmation) lapse; duties go overdue."""
    if met is not None:
        status = "met" if met <= due else "late"
    elif closed:
        status = "closed"
    elif x.today > due:
        status = "lapsed" if optional else "overdue"
    else:
        status = "pending"
    left = (due - x.today).days if status in ("pending", "overdue") else None
    shown = overdue_label if status == "overdue" and overdue_label else STATUS_LABELS[status]
    return Clock(key, label, rule, basis.isoformat(), days, day_type, due.isoformat(), status,
                 met.isoformat() if met else None, left, x.cal.covers_range(basis, due), shown)


def _mediation_period(source: str, procedure: str | None) -> tuple[int, str]:
    """Days allowed to mediate and the rule behind them, by how the case came in."""
    if source == "court_delegated":
        return 30, "R12"
    if source == "court_entrusted":
        return (7, "R12a") if procedure == "simple" else (15, "R12a")
    if source == "arbitration_entrusted":
        return 10, "R13"
    return 15, "R3"


def compute_clocks(inp: ClockInput, *, today: date, cal: HolidayCalendar) -> dict[str, Clock]:
    """Every clock that applies to the case, keyed by its stable name.

    Args:
        inp: the case facts and events.
        today: the day to measure ``days_left`` and overdue against.
        cal: the holiday calendar.
    """
    collective = "collective" in inp.flags
    agreement = fold_agreement(inp.events, inp.parties, collective=collective)
    x = _Facts(inp, today, cal, agreement,
               effective_on(agreement, inp.parties, collective=collective),
               _first(inp.events, *ENDED_WITHOUT_AGREEMENT))
    found: list[Clock | None] = []
    if inp.kind == "negotiation":
        found.append(_negotiation_reply(x))
    else:
        found += [_acceptance(x), *_mediation(x)]
        found += _review_windows(x)
    found += [_planned_session(x), _follow_up(x), _major_first_response(x),
              _advice_feedback(x), _limitation(x), _default_key_date(x)]
    return {c.key: c for c in found if c is not None}


def _acceptance(x: _Facts) -> Clock | None:
    if x.inp.source not in ACCEPTANCE_SOURCES:
        return None
    decided = _first(x.inp.events, "accept", "refuse")
    received = x.inp.received_on
    return _clock(x, "acceptance_due", "受理审查期限", "R2", received, 3, "working",
                  x.cal.add_working_days(received, 3),
                  decided.occurred_on if decided else None, x.ended is not None)


def _mediation(x: _Facts) -> list[Clock | None]:
    """The mediation period (moved by extensions) and the LDMAL 14 ¶3 date beside it."""
    inp = x.inp
    days, rule = _mediation_period(inp.source, inp.court_procedure)
    basis = inp.received_on
    accepted = _first(inp.events, "accept")
    if inp.mediation_basis == "accepted" and accepted is not None:
        basis, rule = accepted.occurred_on, "R3a"
    due = x.cal.calendar_deadline(basis, days)
    extension = _last(inp.events, "extend")
    if extension is not None:
        due = date.fromisoformat(extension.data["new_due_on"])
    agreed = x.agreement.concluded_on if x.agreement and x.agreement.kind == "mediation" \
        else None
    clock = _clock(x, "mediation_due", "调解期限", rule, basis, days, "calendar", due, agreed,
                   x.ended is not None, overdue_label="可申请仲裁")
    return [clock, _may_apply_for_arbitration(x, clock, agreed)]


def _may_apply_for_arbitration(x: _Facts, mediation: Clock, agreed: date | None) -> Clock | None:
    """LDMAL 14 ¶3: 15 days from receipt a party may apply for arbitration, extension or not."""
    if x.inp.source not in OWN_PROCEDURE_SOURCES or x.inp.source == "court_delegated":
        return None
    received = x.inp.received_on
    day = x.cal.calendar_deadline(received, 15)
    if mediation.due_on == day.isoformat():
        return None
    if agreed is not None or x.ended is not None:
        status = "closed"
    else:
        status = "reached" if x.today > day else "pending"
    left = (day - x.today).days if status == "pending" else None
    return Clock("arbitration_open_on", "可申请仲裁日（收到申请满15日）", "LDMAL14",
                 received.isoformat(), 15, "calendar", day.isoformat(), status, None, left,
                 x.cal.covers_range(received, day), STATUS_LABELS[status])


def _review_windows(x: _Facts) -> list[Clock | None]:
    """R5/R6: only for the station's own agreements, only the routes that exist (§7.1)."""
    if x.effective is None or x.agreement is None or x.agreement.kind != "mediation" \
            or x.inp.source not in OWN_PROCEDURE_SOURCES:
        return []
    events = x.inp.events
    settled = _first(events, "performed", "partly_performed", "not_performed", "archive")
    confirmed = any(e.event == "confirmation_result" and e.data.get("result") == "granted"
                    for e in events)
    reviewed = any(e.event == "review_result" and e.data.get("result") == "granted"
                   for e in events)
    out: list[Clock | None] = []
    windows = [("judicial_confirmation_due", "申请司法确认期限", "R6", 30, "confirmation_filed",
                reviewed)]
    if not x.agreement.confirms_labour_relation:
        windows.insert(0, ("arbitration_review_due", "申请仲裁审查期限", "R5", 15,
                           "review_filed", confirmed))
    for key, label, rule, days, filed_code, moot in windows:
        filed = _first(events, filed_code)
        out.append(_clock(x, key, label, rule, x.effective, days, "calendar",
                          x.cal.calendar_deadline(x.effective, days),
                          filed.occurred_on if filed else None,
                          settled is not None or moot, optional=True))
    return out


def _negotiation_reply(x: _Facts) -> Clock:
    """R10: 5 days to answer; unanswered, the request is 视为不愿协商 on its own."""
    received = x.inp.received_on
    reply = _first(x.inp.events, "negotiation_accept", "negotiation_decline", "withdraw",
                   "to_mediation")
    due = x.cal.calendar_deadline(received, 5)
    answered = reply.occurred_on if reply and reply.event.startswith("negotiation_") else None
    clock = _clock(x, "negotiation_reply_due", "对方答复协商期限", "R10", received, 5,
                   "calendar", due, answered, reply is not None and answered is None)
    if clock.status == "overdue":
        clock = Clock(**{**asdict(clock), "status": "deemed_declined", "days_left": None,
                         "status_label": STATUS_LABELS["deemed_declined"]})
    return clock


def _planned_session(x: _Facts) -> Clock | None:
    """约定调解日: the next session the mediator set with the parties (``next_on`` of the
    latest 开始调解 or 调解记录); met once a session is recorded after it was set."""
    planned_at = next((i for i in range(len(x.inp.events) - 1, -1, -1)
                       if x.inp.events[i].event in ("start", "session")
                       and x.inp.events[i].data.get("next_on")), None)
    if planned_at is None:
        return None
    planning = x.inp.events[planned_at]
    due = date.fromisoformat(planning.data["next_on"])
    held = next((e for e in x.inp.events[planned_at + 1:] if e.event == "session"), None)
    closed = x.ended is not None or x.agreement is not None
    return _clock(x, "session_planned_on", "约定调解日", "约定", planning.occurred_on,
                  (due - planning.occurred_on).days, "calendar", due,
                  held.occurred_on if held else None, closed,
                  overdue_label="约定日已过，未记录调解")


def _follow_up(x: _Facts) -> Clock | None:
    """回访: due ``follow_up_days`` after the last term's due day of an effective agreement."""
    if x.effective is None or x.agreement is None or not x.agreement.terms:
        return None
    last_due = max(t.due_on for t in x.agreement.terms)
    due = last_due + timedelta(days=x.inp.follow_up_days)
    visit = _first(x.inp.events, "follow_up", after=x.agreement.concluded_on)
    closed = _first(x.inp.events, "archive", "archive_refused", "to_mediation") is not None
    return _clock(x, "follow_up_due", "回访期限", "回访", last_due, x.inp.follow_up_days,
                  "calendar", due, visit.occurred_on if visit else None, closed)


def _major_first_response(x: _Facts) -> Clock | None:
    """重大集体争议: the first response is due ``first_response_days`` after receipt."""
    if "major_collective" not in x.inp.flags:
        return None
    received = x.inp.received_on
    done = _first(x.inp.events, "major_first_response")
    return _clock(x, "major_first_response_due", "重大集体争议首次响应期限", "重大集体争议",
                  received, x.inp.first_response_days, "calendar",
                  received + timedelta(days=x.inp.first_response_days),
                  done.occurred_on if done else None, False)


def _advice_feedback(x: _Facts) -> Clock | None:
    """调解建议书: the feedback date the letter set, if it set one."""
    issued = _last(x.inp.events, "advice_issued")
    if issued is None or not issued.data.get("feedback_due_on"):
        return None
    due = date.fromisoformat(issued.data["feedback_due_on"])
    answer = _first(x.inp.events, "advice_feedback", after=issued.occurred_on)
    return _clock(x, "advice_feedback_due", "调解建议书反馈期限", "调解建议书",
                  issued.occurred_on, (due - issued.occurred_on).days, "calendar", due,
                  answer.occurred_on if answer else None, False)


# --- limitation (R9, DOMAIN.md §7.2) ------------------------------------------------------


def _wages_only(inp: ClockInput) -> bool:
    return bool(inp.dispute_types) and set(inp.dispute_types) == {"wages"}


def _limitation(x: _Facts) -> Clock | None:
    """One year (LDMAL 27): interrupted by the application, run anew when it ends.

    Wages owed while employment continues have no one-year limit; after it ends the year
    runs from the end day (¶4).  Non-performance of an effective agreement runs it anew
    from the due day of the unpaid term; an unanswered negotiation request from the day
    the 5 days ran out.
    """
    inp = x.inp
    label = "仲裁时效届满日"
    if _wages_only(inp) and inp.employment_ongoing:
        return Clock("limitation_expires", label, "LDMAL27¶4", inp.received_on.isoformat(), 0,
                     "year", None, "not_running", None, None, True,
                     STATUS_LABELS["not_running"])
    basis = inp.dispute_arose_on
    rule = "R9"
    if _wages_only(inp) and inp.employment_ended_on is not None:
        basis, rule = inp.employment_ended_on, "LDMAL27¶4"
    if basis is None:
        return None
    due = x.cal.year_deadline(basis, 1)
    if inp.received_on > due:
        return _year(x, basis, rule, label, due)
    restart = _restart(x)
    if restart is None:
        status = "closed" if _performed(inp.events) else "interrupted"
        return Clock("limitation_expires", label, rule, basis.isoformat(), 365, "year",
                     due.isoformat(), status, None, None, x.cal.covers_range(basis, due),
                     STATUS_LABELS[status])
    day, why = restart
    return _year(x, day, why, label + why_label(why), x.cal.year_deadline(day, 1))


def why_label(rule: str) -> str:
    """The note added to the limitation label when the year ran anew."""
    return {"R9-default": "（自违约日重新起算）",
            "R9-no-reply": "（自视为不愿协商之日重新起算）"}.get(rule, "")


def _year(x: _Facts, basis: date, rule: str, label: str, due: date) -> Clock:
    status = "expired" if x.today > due else "running"
    return Clock("limitation_expires", label, rule, basis.isoformat(), 365, "year",
                 due.isoformat(), status, None, (due - x.today).days,
                 x.cal.covers_range(basis, due), STATUS_LABELS[status])


def _default_key_date(x: _Facts) -> Clock | None:
    """The worker's key date when an effective agreement is not performed: the due day of
    the (earliest) unpaid term; the limitation year runs anew from it (§7.2(b))."""
    day = _default_day(x.inp)
    if day is None:
        return None
    return Clock("performance_default_on", "违约日（未履行事项的履行期限）", "LDMAL27",
                 day.isoformat(), 0, "calendar", day.isoformat(), "reached", None, None,
                 True, STATUS_LABELS["reached"])


def _default_day(inp: ClockInput) -> date | None:
    default = _last(inp.events, *NON_PERFORMANCE)
    if default is None:
        return None
    before = [e for e in inp.events if e.occurred_on <= default.occurred_on]
    made = fold_agreement(before, inp.parties, collective="collective" in inp.flags)
    return default_day(made, default.data.get("unpaid_terms"))


def _performed(events: Sequence[RecordedEvent]) -> bool:
    last = _last(events, "performed", *NON_PERFORMANCE)
    return last is not None and last.event == "performed"


def _restart(x: _Facts) -> tuple[date, str] | None:
    """The latest day the year ran anew from, and why."""
    inp = x.inp
    found: list[tuple[date, str]] = []
    if x.ended is not None:
        found.append((x.ended.occurred_on, "R9"))
    day = _default_day(inp)
    if day is not None:
        found.append((day, "R9-default"))
    if inp.kind == "negotiation" and not _first(inp.events, "negotiation_accept",
                                                "negotiation_decline"):
        due = x.cal.calendar_deadline(inp.received_on, 5)
        if x.today > due:
            found.append((due, "R9-no-reply"))
    return max(found) if found else None


# --- for storage and the rules ------------------------------------------------------------


def due_rows(clocks: dict[str, Clock]) -> list[tuple[str, date, str]]:
    """``(key, due_on, status)`` of every open clock, for the per-case deadline table."""
    return [(c.key, date.fromisoformat(c.due_on), c.status) for c in clocks.values()
            if c.status in OPEN_STATUSES and c.due_on is not None]


def deadlines(clocks: dict[str, Clock]) -> dict[str, date]:
    """Due days by key (the event checks judge extensions against ``mediation_due``)."""
    return {k: date.fromisoformat(c.due_on) for k, c in clocks.items() if c.due_on}


def overdue_keys(clocks: dict[str, Clock]) -> frozenset[str]:
    """Keys of clocks whose due day has passed unmet (the lifecycle guards read these)."""
    return frozenset(k for k, c in clocks.items() if c.status in PAST_DUE_STATUSES)
