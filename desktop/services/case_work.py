"""A case carried through one write: loaded once, changed in memory, written once.

Also the case's legal clocks and the lifecycle snapshot as the rules see them (pure domain
computations over the case's facts and events).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, Protocol

from desktop.domain import lifecycle
from desktop.domain.calendar import HolidayCalendar
from desktop.domain.case_format import CaseDraft
from desktop.domain.clocks import Clock, ClockInput, RecordedEvent, compute_clocks, overdue_keys
from desktop.domain.errors import NotFoundError
from desktop.domain.records import Case, Event
from desktop.domain.signers import PartyFacts
from desktop.storage import cases as case_repo
from desktop.storage import events as event_repo
from desktop.storage.db import Database


class CaseWork:
    """A case loaded once for a write, carried in memory through its events.

    Field changes are collected and applied to the typed case only when it is read again,
    and written to the database once, when the work is finished.
    """

    def __init__(self, case: Case, events: list[Event], parties: list[PartyFacts]) -> None:
        self._case = self.loaded = case
        self._pending: dict[str, Any] = {}
        self.events = events
        self.parties = parties
        self.recorded = effective_events(events)
        self.changes: dict[str, Any] = {}
        self.snap: lifecycle.CaseSnapshot | None = None
        self.unsaved: list[Event] = []

    @classmethod
    def load(cls, db: Database, pk: int) -> CaseWork:
        """Read the case, its parties and its events."""
        case = case_repo.get_case(db, pk)
        if case is None:
            raise NotFoundError("找不到该案件", f"no case with key {pk}", "case_no")
        facts = [PartyFacts(p.position, p.side, p.kind, p.representative, p.role)
                 for p in case_repo.parties(db, pk)]
        return cls(case, event_repo.events(db, pk), facts)

    @classmethod
    def fresh(cls, draft: CaseDraft, *, pk: int, uid: str, case_no: str, seq_no: int,
              status: str, actor: str, at: str, data: dict[str, Any]) -> CaseWork:
        """The work on a case just inserted, built from what was written (no re-read)."""
        case = Case(
            pk=pk, uid=uid, case_no=case_no, year=draft.received_on.year, seq_no=seq_no,
            kind=draft.kind, source=draft.source, status=status,
            received_on=draft.received_on.isoformat(), summary=draft.summary,
            dispute_types=tuple(draft.dispute_types), primary_type=draft.dispute_types[0],
            claimed_fen=draft.claimed_fen, worker_count=draft.worker_count,
            flags=tuple(draft.flags), court_procedure=draft.court_procedure,
            dispute_arose_on=_iso(draft.dispute_arose_on),
            employment_ended_on=_iso(draft.employment_ended_on),
            employment_ongoing=bool(draft.employment_ongoing),
            platform_serial=draft.platform_serial, court_case_no=draft.court_case_no,
            created_at=at, created_by=actor, updated_at=at, updated_by=actor)
        register = Event(1, "register", case.received_on, at[:19], actor, status,
                         {**data, "occurred_on": case.received_on})
        facts = [PartyFacts(i, p.side, p.kind, p.representative, p.role)
                 for i, p in enumerate(draft.parties)]
        work = cls(case, [register], facts)
        work.unsaved.append(register)  # written with the case's other new events
        return work

    @property
    def case(self) -> Case:
        """The case as changed so far."""
        if self._pending:
            self._case = replace(self._case, **self._pending)
            self._pending = {}
        return self._case

    @property
    def case_pk(self) -> int:
        """The case's key."""
        return self._case.pk

    @property
    def status(self) -> str:
        """The case's current state (cheap: no copy of the case)."""
        return self._pending.get("status", self._case.status)

    def change(self, **values: Any) -> None:
        """Change case fields in memory; written once when the work is finished."""
        if "status" in values:
            self.snap = None
        self.changes.update(values)
        self._pending.update({k: v for k, v in values.items() if k in _CASE_FIELDS})

    def append(self, event: Event) -> None:
        """Carry a newly stored event."""
        self.snap = None
        self.events.append(event)
        if event.event == "correct":
            self.recorded = effective_events(self.events)
        else:
            self.recorded.append(_recorded(event))

    @property
    def latest_day(self) -> str:
        """The day of the case's latest event (a new one may not precede it)."""
        latest = max((e.occurred_on for e in self.recorded if e.event != "correct"),
                     default=None)
        return latest.isoformat() if latest else self._case.received_on


_CASE_FIELDS = frozenset(Case.__dataclass_fields__)


def _recorded(e: Event) -> RecordedEvent:
    return RecordedEvent(e.event, date.fromisoformat(e.occurred_on), dict(e.data))


def effective_events(events: list[Event]) -> list[RecordedEvent]:
    """The events as the rules see them: with every recorded date correction applied."""
    fixed = {int(e.data["seq"]): str(e.data["corrected_on"]) for e in events
             if e.event == "correct"}
    return [RecordedEvent(e.event, date.fromisoformat(fixed.get(e.seq, e.occurred_on)),
                          dict(e.data)) for e in events]


class ClockContext(Protocol):
    """What the clocks need besides the case: the station's calendar and its mediation
    basis (an open station or the replay rules)."""

    @property
    def calendar(self) -> HolidayCalendar: ...

    @property
    def mediation_basis(self) -> str: ...


def clock_input(case: Case, parties: list[PartyFacts], recorded: list[RecordedEvent],
                context: ClockContext) -> ClockInput:
    """The facts the pure clock computation needs."""
    return ClockInput(
        kind=case.kind, source=case.source, received_on=date.fromisoformat(case.received_on),
        events=recorded, parties=parties, flags=case.flags, dispute_types=case.dispute_types,
        dispute_arose_on=_day(case.dispute_arose_on),
        employment_ongoing=case.employment_ongoing or None,
        employment_ended_on=_day(case.employment_ended_on),
        court_procedure=case.court_procedure,
        mediation_basis=context.mediation_basis)


def case_clocks(work: CaseWork, context: ClockContext, on: date) -> dict[str, Clock]:
    """The case's legal clocks as they stand on day ``on``."""
    return compute_clocks(clock_input(work.case, work.parties, work.recorded, context),
                          today=on, cal=context.calendar)


def case_snapshot(work: CaseWork, clocks: dict[str, Clock] | None) -> lifecycle.CaseSnapshot:
    """What the lifecycle rules judge the next step by (``clocks`` give what is overdue).

    Without clocks the snapshot is kept until the case's state or events change.
    """
    if clocks is None and work.snap is not None:
        return work.snap
    case = work.loaded
    snap = lifecycle.snapshot(work.status, kind=case.kind, source=case.source,
                              parties=work.parties, events=work.recorded, flags=case.flags,
                              overdue=overdue_keys(clocks) if clocks else frozenset())
    if clocks is None:
        work.snap = snap
    return snap


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
