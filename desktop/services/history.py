"""The lifecycle rules applied to a case carried in memory — no storage.

One event at a time, judged the same way whether a mediator records it, an import brings
it with its case, or the demo draws it: the event table of the domain
(``lifecycle.EVENTS``) says what the event needs, what state it leads to and what it
changes; :func:`apply_event` applies that to a :class:`CaseWork`, and :func:`settle`
says what the write leaves behind (the case's changed columns, its outcome and its open
deadlines).  The two things that need the station's records — finding a mediator on the
roster and opening the linked mediation case of a negotiation — come in as functions, so
a case's whole history can be replayed in another process (:func:`replay`) and stored
set-wise by the writer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.domain import lifecycle
from desktop.domain.calendar import HolidayCalendar
from desktop.domain.case_format import EARLIEST_RECEIPT, CaseDraft
from desktop.domain.clocks import OPEN_STATUSES, Clock, deadlines
from desktop.domain.errors import InputError, ValidationError
from desktop.domain.event_data import check_event_data
from desktop.domain.lifecycle import Effect
from desktop.domain.records import Event, Mediator
from desktop.services.case_work import CaseWork, case_clocks, case_snapshot
from desktop.storage import cases as case_repo
from desktop.storage.rows import now

# Filing windows are the parties' option, the limitation period and the key dates are the
# worker's: the dashboard lists them while they run but never as the station's overdue duty.
# A planned session is the mediator's own appointment, listed on its day, not a legal duty.
OPTIONAL_CLOCKS = frozenset({"arbitration_review_due", "judicial_confirmation_due",
                             "limitation_expires", "arbitration_open_on",
                             "performance_default_on", "session_planned_on"})

OpenClock = tuple[str, str, bool]  # (clock key, due day, optional)
FindMediator = Callable[[str], Mediator | None]
OpenLinked = Callable[[CaseWork, date], tuple[int, str]]  # -> (case pk, case number)


@dataclass(frozen=True)
class Rules:
    """What the rules need from the station: its calendar, its mediation basis, its day
    and the latest day an event may carry (never after the real date on a real station:
    a PC clock set ahead must not date events in the future)."""

    calendar: HolidayCalendar
    mediation_basis: str
    today: date
    event_today: date

    @classmethod
    def of(cls, station: Any) -> Rules:
        """The rules of an open station, as of now."""
        today = station.today()
        return cls(station.calendar, station.mediation_basis, today,
                   today if station.is_demo else min(today, date.today()))


@dataclass(frozen=True)
class Settled:
    """What a write leaves behind: changed case columns, and the open deadlines."""

    changes: dict[str, Any]
    clocks: list[OpenClock]


@dataclass(frozen=True)
class Replayed:
    """A checked draft with its history judged and folded, ready to be stored."""

    draft: CaseDraft
    events: list[Event]
    columns: dict[str, Any]  # the case columns as the history leaves them (status, …)
    clocks: list[OpenClock]


def open_clocks(clocks: dict[str, Clock]) -> list[OpenClock]:
    """The clocks still running, as the dashboard stores them: (key, due day, optional)."""
    return [(key, c.due_on, key in OPTIONAL_CLOCKS) for key, c in clocks.items()
            if c.status in OPEN_STATUSES and c.due_on is not None]


def apply_event(work: CaseWork, event: str, data: Any, actor: str, rules: Rules, *,
                find_mediator: FindMediator, open_linked: OpenLinked | None = None) -> str:
    """Judge one event against the case as it stands and carry it; returns the new state.

    Raises:
        TransitionError: the step is not allowed now (says why).
        ValidationError: the event data is wrong. Nothing about the case changes.
    """
    # Refuse an illegal step before looking at its data (the state alone decides).
    case = work.loaded
    lifecycle.next_state(lifecycle.CaseSnapshot(work.status, case.kind, case.source),
                         event, {}, guards=False)
    spec = lifecycle.EVENTS[event]
    due = deadlines(case_clocks(work, rules, rules.event_today)) if event == "extend" else {}
    snap = case_snapshot(work, None)
    # A correction is dated the day it is made, whatever the wrong dates it mends: a clock
    # set ahead may have dated every event, the registration included, after today.
    not_before = EARLIEST_RECEIPT if event == "correct" else date.fromisoformat(work.latest_day)
    clean = check_event_data(event, data, today=rules.event_today, not_before=not_before,
                             deadlines=due, snap=snap)
    if event == "correct":
        check_correction(work, clean)
    if spec.needs_clocks:  # judged by what is overdue on the event's own day
        on = date.fromisoformat(clean["occurred_on"])
        snap = case_snapshot(work, case_clocks(work, rules, on))
    target = lifecycle.next_state(snap, event, clean)
    effects = spec.effects
    if Effect.ASSIGN_MEDIATOR in effects:
        mediator = find_mediator(clean["mediator"])
        if mediator is None:
            raise ValidationError(f"调解员名册中没有“{clean['mediator'][:40]}”",
                                  "no such mediator on the roster", "mediator")
        work.change(mediator_pk=mediator.pk, mediator_name=mediator.name)
    if Effect.OPEN_LINKED_MEDIATION in effects:  # 转调解: a new case, linked both ways
        if open_linked is None:
            raise ValidationError("转为调解案件的事件只能逐件记录，不能随案件导入",
                                  "to_mediation cannot come with an imported history",
                                  "event")
        linked_pk, linked_no = open_linked(work, date.fromisoformat(clean["occurred_on"]))
        clean["linked_case_no"] = linked_no
        work.change(linked_case_pk=linked_pk)
    seq = (work.events[-1].seq + 1) if work.events else 1
    work.append(Event(seq, event, clean["occurred_on"], now()[:19], actor, target, clean))
    work.unsaved.append(work.events[-1])  # written together when the work is finished
    _effects(work, effects, clean["occurred_on"])
    if target != work.status:
        work.change(status=target)
    return target


def check_correction(work: CaseWork, data: dict[str, Any]) -> None:
    """Any recorded event's date may be corrected — the registration's (收到申请日期) too —
    to a day that keeps the history in order: not before the event before it and not after
    the event after it, as in force.  A run of events a wrong clock dated is mended from the
    earliest one on, so every rule sees the events as they happened."""
    real = [(e, r) for e, r in zip(work.events, work.recorded, strict=True)
            if e.event != "correct"]
    index = next((i for i, (e, _) in enumerate(real) if e.seq == data["seq"]), None)
    if index is None:
        raise ValidationError(f"本案没有可更正的第 {data['seq']} 条事件",
                              f"no event seq {data['seq']} to correct (a correction itself "
                              "is corrected by another one naming the original)", "seq")
    target = real[index][1]
    new = date.fromisoformat(data["corrected_on"])
    if new == target.occurred_on:
        raise ValidationError("更正后的日期与现在的日期相同，无需更正",
                              "corrected_on equals the event's date in force",
                              "corrected_on")
    if index > 0 and new < real[index - 1][1].occurred_on:
        before = real[index - 1][1]
        raise ValidationError(
            f"更正后的日期不能早于前一事件（{_label(before.event)}）的日期 "
            f"{before.occurred_on.isoformat()}；如果它的日期也记错了，请先更正它",
            f"corrected_on is before the previous event ({before.occurred_on})", "corrected_on")
    if index + 1 < len(real) and new > real[index + 1][1].occurred_on:
        after = real[index + 1][1]
        raise ValidationError(
            f"更正后的日期不能晚于后一事件（{_label(after.event)}）的日期 "
            f"{after.occurred_on.isoformat()}；几条事件都记错时，请从最早的一条起逐条更正",
            f"corrected_on is after the next event ({after.occurred_on})", "corrected_on")
    if target.event == "register":
        _check_receipt_day(work, new)


def _check_receipt_day(work: CaseWork, new: date) -> None:
    """A corrected registration day is a receipt day like any other (case format)."""
    arose = work.case.dispute_arose_on
    if new < EARLIEST_RECEIPT or (arose is not None and new < date.fromisoformat(arose)):
        raise ValidationError("收到申请日期不能早于争议发生日期（也不能早于2000年）",
                              "a receipt day before the dispute arose (or before 2000)",
                              "corrected_on")


def _label(event: str) -> str:
    return lifecycle.EVENTS[event].label if event in lifecycle.EVENTS else "登记"


def _effects(work: CaseWork, effects: frozenset[Effect], on: str) -> None:
    """The case columns an event changes (the agreement itself lives in the events)."""
    if Effect.CORRECT_EVENT_DAY in effects:
        _corrected(work)
        return
    if Effect.SET_ACCEPTED_ON in effects:
        work.change(accepted_on=on)
    if Effect.SET_CLOSED_ON in effects:
        work.change(closed_on=on)
    if effects & {Effect.CREATE_AGREEMENT, Effect.CREATE_SETTLEMENT,
                  Effect.RECORD_SIGNATURE, Effect.VOID_UNSIGNED_AGREEMENT}:
        snap = case_snapshot(work, None)
        agreement = snap.agreement
        total = sum(t.amount_fen for t in agreement.terms) if agreement else None
        effective = snap.effective_on
        work.change(agreed_fen=total,
                    effective_on=effective.isoformat() if effective else None)


_DAY_COLUMNS = {Effect.SET_ACCEPTED_ON: "accepted_on", Effect.SET_CLOSED_ON: "closed_on"}


def _corrected(work: CaseWork) -> None:
    """The case columns after a date correction (the events in force already carry it)."""
    fixed = work.events[-1].data
    target = next(e for e in work.events if e.seq == fixed["seq"])
    if target.event == "register":  # the registration's day is the case's receipt day
        work.change(received_on=str(fixed["corrected_on"]))
        return
    effects = lifecycle.EVENTS[target.event].effects
    for effect, column in _DAY_COLUMNS.items():
        if effect in effects:  # the latest event that sets the column: maybe a later one
            days = [r.occurred_on for r in work.recorded if r.event in lifecycle.EVENTS
                    and effect in lifecycle.EVENTS[r.event].effects]
            work.change(**{column: days[-1].isoformat()})
    _effects(work, effects - _DAY_COLUMNS.keys(), str(fixed["corrected_on"]))


def settle(work: CaseWork, rules: Rules) -> Settled:
    """The outcome the events give, the case columns the write changed and the clocks
    still open today (what the write stores besides its events)."""
    snap = case_snapshot(work, None)
    work.change(outcome=lifecycle.outcome(snap, work.recorded))
    changes = {k: v for k, v in work.changes.items()
               if k in case_repo.CHANGEABLE and getattr(work.loaded, k) != v}
    work.changes.clear()
    return Settled(changes, open_clocks(case_clocks(work, rules, rules.today)))


def replay(draft: CaseDraft, steps: Iterable[tuple[str, Any]], actor: str, rules: Rules,
           find_mediator: FindMediator) -> Replayed:
    """Judge a checked draft's recorded history, event by event, as if each were recorded
    by hand — without storage: the case's number and keys are given when it is stored.

    Raises:
        TransitionError, ValidationError: naming the event (``events[3].occurred_on``).
    """
    at = now()
    status = lifecycle.initial_state(draft.kind)
    work = CaseWork.fresh(draft, pk=0, uid="", case_no="", seq_no=0, status=status,
                          actor=actor, at=at,
                          data={"warnings": draft.warnings} if draft.warnings else {})
    for i, (event, data) in enumerate(steps):
        try:
            apply_event(work, event, data, actor, rules, find_mediator=find_mediator)
        except InputError as exc:
            where = f"events[{i}].{exc.where}" if exc.where else f"events[{i}]"
            name = lifecycle.EVENTS[event].label if event in lifecycle.EVENTS else event
            raise type(exc)(f"第 {i + 1} 个事件（{name}）：{exc.zh}", exc.en, where) from exc
    settled = settle(work, rules)
    return Replayed(draft, list(work.events),
                    {"status": work.status, **settled.changes}, settled.clocks)
