"""Registering cases and recording their lifecycle.

Every write runs on the station's writer thread as one transaction; the case is read
once per transaction and carried through its events in memory (:class:`CaseWork`), and
its derived data (open deadlines for the dashboard, the audited state digest) is written
once at the end.  What each event does comes from its one entry in the domain's event
table (``lifecycle.EVENTS``); the agreement, its signatures and its effect are folded
from the events by the domain, so the events are their one source of truth.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.domain import lifecycle
from desktop.domain.case_format import (
    CaseDraft,
    ClaimDraft,
    PartyDraft,
    mediation_from_negotiation,
    parse_case,
)
from desktop.domain.clocks import (
    Clock,
    deadlines,
)
from desktop.domain.errors import NotFoundError, ValidationError
from desktop.domain.event_data import check_event_data
from desktop.domain.lifecycle import Effect
from desktop.domain.numbering import format_case_no, parse_case_ref
from desktop.domain.records import Event
from desktop.services import auth
from desktop.services.auth import User
from desktop.services.case_work import (
    CaseWork,
    _day,
    case_clocks,
    case_snapshot,
)
from desktop.services.station import Station
from desktop.storage import audit, search
from desktop.storage import cases as case_repo
from desktop.storage import deadlines as deadline_repo
from desktop.storage import events as event_repo
from desktop.storage import station as station_repo
from desktop.storage.db import Database
from desktop.storage.rows import next_number, now

log = logging.getLogger(__name__)

CASE_SERIES = case_repo.SERIES
CLOSING_EVENTS = lifecycle.CLOSING_EVENTS
# Filing windows are the parties' option, the limitation period and the key dates are the
# worker's: the dashboard lists them while they run but never as the station's overdue duty.
OPTIONAL_CLOCKS = frozenset({"arbitration_review_due", "judicial_confirmation_due",
                             "limitation_expires", "arbitration_open_on",
                             "performance_default_on"})
OPEN_STATUSES = frozenset({"pending", "overdue", "running"})


@dataclass(frozen=True)
class Registered:
    """The outcome of registering a case."""

    case_no: str
    case_pk: int
    case_id: str
    warnings: list[str]


def open_clocks(clocks: dict[str, Clock]) -> list[tuple[str, str, bool]]:
    """The clocks still running, as the dashboard stores them: (key, due day, optional)."""
    return [(key, c.due_on, key in OPTIONAL_CLOCKS) for key, c in clocks.items()
            if c.status in OPEN_STATUSES and c.due_on is not None]


def resolve_case(db: Database, ref: str) -> int:
    """The case a typed reference names: 案号 as printed, ``(2026)第46号``, ``2026-46``,
    full-width digits — one resolver for every command.

    Raises:
        NotFoundError: no live case answers to it.
    """
    text = ref.strip() if isinstance(ref, str) else ""
    pk = case_repo.pk_by_case_no(db, text) if text else None
    if pk is None and text:
        parsed = parse_case_ref(search.normalise(text))
        if parsed is not None:
            pk = case_repo.pk_by_number(db, CASE_SERIES, *parsed)
    if pk is None:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise NotFoundError(f"找不到案件 {shown}", f"no case {shown!r}", "case_no")
    return pk


class CaseService:
    """Case operations for one station; every write is audited and change-captured."""

    def __init__(self, station: Station) -> None:
        self.station = station
        self.store = station.store

    # -- intake -----------------------------------------------------------------------

    def register(self, doc: Any, user: User) -> Registered:
        """Check a case document and store it under the next case number.

        Raises:
            ValidationError: the document is wrong (nothing is written).
            PermissionDenied: the user may not write.
        """
        auth.authorize(self.store, user, "write")
        draft = parse_case(doc, today=self.station.today())
        return self.station.write(self._store, draft, user)

    def register_many(self, drafts: Iterable[CaseDraft], user: User) -> list[Registered]:
        """Store already checked drafts in one transaction (bulk import)."""
        return self.import_cases(((d, ()) for d in drafts), user)

    def import_cases(self, items: Iterable[tuple[CaseDraft, Iterable[tuple[str, Any]]]],
                     user: User) -> list[Registered]:
        """Register checked drafts, each with the events already recorded for it elsewhere
        (an import, the demo), in one transaction.

        Every event is judged by the same rules as one recorded by hand; each case is
        written once, with one audit entry saying how many events came with it.
        """
        auth.authorize(self.store, user, "write")
        batch = [(draft, list(steps)) for draft, steps in items]
        return self.station.write(
            lambda db: [self._store(db, draft, user, steps) for draft, steps in batch])

    def import_drafts(self, drafts: Iterable[CaseDraft], user: User) -> list[Registered]:
        """Register many checked drafts set-wise (see :mod:`desktop.services.imports`)."""
        from desktop.services import imports  # the bulk path builds on this module

        return imports.import_drafts(self.station, list(drafts), user)

    def _store(self, db: Database, draft: CaseDraft, user: User,
               steps: list[tuple[str, Any]] | tuple[()] = ()) -> Registered:
        at = now()
        year = draft.received_on.year
        number = next_number(db, CASE_SERIES, year)
        org = self.station.org
        case_no = format_case_no(org["case_no_pattern"], short_name=org["short_name"],
                                 year=year, number=number)
        status = lifecycle.initial_state(draft.kind)
        pk, uid = case_repo.insert_case(db, draft, case_no=case_no, series=CASE_SERIES,
                                        year=year, seq_no=number, status=status,
                                        actor=user.login, at=at)
        data: dict[str, Any] = {"warnings": draft.warnings} if draft.warnings else {}
        work = CaseWork.fresh(draft, pk=pk, uid=uid, case_no=case_no, seq_no=number,
                              status=status, actor=user.login, at=at, data=data)
        for event, data in steps:
            self._apply(db, work, event, data, user)
        self._finish(db, work)
        audit.append(db, user.login, "case.register", None,
                     {"events": len(steps)} if steps else None, case_pk=pk, at=at)
        return Registered(case_no, pk, uid, draft.warnings)

    # -- lifecycle --------------------------------------------------------------------

    def record_event(self, case_ref: str, event: str, data: Any, user: User) -> str:
        """Record one lifecycle step; returns the case's status afterwards.

        Raises:
            NotFoundError: no such case.
            TransitionError: the step is not allowed now (says why).
            ValidationError: the event data is wrong. Nothing is written on any error.
        """
        auth.authorize(self.store, user, "write")

        def write(db: Database) -> str:
            work = CaseWork.load(db, resolve_case(db, case_ref))
            status = self._apply(db, work, event, data, user)
            self._finish(db, work)
            audit.append(db, user.login, f"case.{event}", None, {"seq": work.events[-1].seq},
                         case_pk=work.case_pk)
            return status

        return self.station.write(write)

    def _apply(self, db: Database, work: CaseWork, event: str, data: Any,
               user: User) -> str:
        # Refuse an illegal step before looking at its data (the state alone decides).
        case = work.loaded
        lifecycle.next_state(lifecycle.CaseSnapshot(work.status, case.kind, case.source),
                             event, {}, guards=False)
        spec = lifecycle.EVENTS[event]
        today = self._event_today()
        due = deadlines(case_clocks(work, self.station, today)) if event == "extend" else {}
        snap = case_snapshot(work, None)
        # A correction is dated the day it is made, whatever the wrong date it mends.
        not_before = (date.fromisoformat(work.loaded.received_on) if event == "correct"
                      else date.fromisoformat(work.latest_day))
        clean = check_event_data(event, data, today=today, not_before=not_before,
                                 deadlines=due, snap=snap)
        if event == "correct":
            self._check_correction(work, clean)
        if spec.needs_clocks:  # judged by what is overdue on the event's own day
            on = date.fromisoformat(clean["occurred_on"])
            snap = case_snapshot(work, case_clocks(work, self.station, on))
        target = lifecycle.next_state(snap, event, clean)
        effects = spec.effects
        if Effect.ASSIGN_MEDIATOR in effects:
            mediator = station_repo.mediator_by_name(db, clean["mediator"])
            if mediator is None:
                raise ValidationError(f"调解员名册中没有“{clean['mediator'][:40]}”",
                                      "no such mediator on the roster", "mediator")
            work.change(mediator_pk=mediator.pk, mediator_name=mediator.name)
        if Effect.OPEN_LINKED_MEDIATION in effects:  # 转调解: a new case, linked both ways
            linked = self._open_linked(db, work, user, date.fromisoformat(clean["occurred_on"]))
            clean["linked_case_no"] = linked.case_no
            work.change(linked_case_pk=linked.case_pk)
        at = now()
        seq = (work.events[-1].seq + 1) if work.events else 1
        work.append(Event(seq, event, clean["occurred_on"], at[:19], user.login, target,
                          clean))
        work.unsaved.append(work.events[-1])  # written together when the work is finished
        self._effects(work, effects, clean["occurred_on"])
        if target != work.status:
            work.change(status=target)
        return target

    def _open_linked(self, db: Database, work: CaseWork, user: User, on: date) -> Registered:
        """Register the mediation case a negotiation goes on to, with its parties and
        claims, linked to the negotiation (DOMAIN.md §7.7)."""
        case = work.case
        draft = CaseDraft(
            source=case.source, received_on=date.fromisoformat(case.received_on),
            dispute_arose_on=_day(case.dispute_arose_on),
            dispute_types=list(case.dispute_types), summary=case.summary,
            claims=[ClaimDraft(c.item, c.amount_fen) for c in case_repo.claims(db, case.pk)],
            parties=[PartyDraft(p.side, p.kind, p.name, p.id_type, p.id_number, p.uscc,
                                p.phone, p.address, p.legal_rep, p.role, p.representative,
                                p.gender, p.birth_date)
                     for p in case_repo.parties(db, case.pk)],
            flags=list(case.flags), worker_count=case.worker_count,
            employment_ongoing=case.employment_ongoing or None,
            employment_ended_on=_day(case.employment_ended_on))
        new = mediation_from_negotiation(draft, negotiation_case_no=case.case_no,
                                         received_on=on)
        made = self._store(db, new, user)
        case_repo.update_case(db, made.case_pk, {"linked_case_pk": case.pk},
                              actor=user.login, at=now())
        return made

    def _check_correction(self, work: CaseWork, data: dict[str, Any]) -> None:
        """Only the latest event's date may be corrected, and only to a day that keeps the
        history in order (so every later rule sees the events as they happened)."""
        real = [(e, r) for e, r in zip(work.events, work.recorded, strict=True)
                if e.event != "correct"]
        target, earlier = real[-1], real[:-1]
        if target[0].event == "register":
            raise ValidationError("登记日期（收到申请日期）不能用更正事件修改",
                                  "the registration day cannot be corrected this way", "seq")
        if data["seq"] != target[0].seq:
            raise ValidationError(
                f"只能更正最近一次记录的事件（第 {target[0].seq} 条）的日期",
                f"only the latest event (seq {target[0].seq}) can have its date corrected",
                "seq")
        if data["corrected_on"] == target[1].occurred_on.isoformat():
            raise ValidationError("更正后的日期与现在的日期相同，无需更正",
                                  "corrected_on equals the event's date in force",
                                  "corrected_on")
        floor = max((r.occurred_on for _, r in earlier),
                    default=date.fromisoformat(work.loaded.received_on))
        if date.fromisoformat(data["corrected_on"]) < floor:
            raise ValidationError(f"更正后的日期不能早于前一事件的日期 {floor.isoformat()}",
                                  f"corrected_on is before the previous event ({floor})",
                                  "corrected_on")

    def _event_today(self) -> date:
        """The latest day an event may carry: today, never after the real date on a
        real station (a PC clock set ahead must not date events in the future)."""
        today = self.station.today()
        if not self.station.is_demo:
            return min(today, date.today())
        return today

    def _effects(self, work: CaseWork, effects: frozenset[Effect], on: str) -> None:
        """The case columns an event changes (the agreement itself lives in the events)."""
        if Effect.CORRECT_EVENT_DAY in effects:
            fixed = work.events[-1].data
            target = next(e for e in work.events if e.seq == fixed["seq"])
            self._effects(work, lifecycle.EVENTS[target.event].effects
                          if target.event in lifecycle.EVENTS else frozenset(),
                          str(fixed["corrected_on"]))
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

    def _finish(self, db: Database, work: CaseWork) -> None:
        """Write the case's new events, accumulated changes and open deadlines."""
        event_repo.append_events(db, work.case_pk, work.unsaved)
        work.unsaved.clear()
        snap = case_snapshot(work, None)
        work.change(outcome=lifecycle.outcome(snap, work.recorded))
        changes = {k: v for k, v in work.changes.items()
                   if k in case_repo.CHANGEABLE and getattr(work.loaded, k) != v}
        if changes:
            case_repo.update_case(db, work.case_pk, changes, actor=work.events[-1].actor,
                                  at=now())
        clocks = case_clocks(work, self.station, self.station.today())
        deadline_repo.replace(db, work.case_pk, open_clocks(clocks))
        work.changes.clear()

    # -- reading (desktop.services.case_view builds the full detail) -------------------

    def show(self, case_ref: str, user: User) -> Any:
        """Everything about one case, with its computed deadlines."""
        from desktop.services import case_view  # the read side builds on this module

        return case_view.show(self.station, case_ref, user)

    def list(self, user: User, **kwargs: Any) -> Any:
        """A page of the case list (see :func:`desktop.services.case_view.list_page`)."""
        from desktop.services import case_view

        return case_view.list_page(self.station, user, **kwargs)

    def count(self, user: User, filters: Any) -> int:
        """How many cases a filter selects."""
        from desktop.services import case_view

        return case_view.count(self.station, user, filters)


def counts_by_status(station: Station) -> dict[str, int]:
    """How many cases are in each state (no personal data: shown before login)."""
    return case_repo.count_by_status(station.read())

