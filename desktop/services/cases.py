"""Registering cases, recording their lifecycle, and reading them with their clocks.

Every write runs on the station's writer thread as one transaction; the case is read
once per transaction and carried through its events in memory (:class:`CaseWork`), and
its derived data (open deadlines for the dashboard, the audited state digest) is written
once at the end.  Reads use the calling thread's own read connection.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from desktop.domain import lifecycle, vocab
from desktop.domain.case_format import COLLECTIVE_THRESHOLD, CaseDraft, parse_case
from desktop.domain.clocks import Clock, RecordedEvent, compute_clocks
from desktop.domain.errors import NotFoundError, ValidationError
from desktop.domain.event_data import check_event_data
from desktop.domain.numbering import format_case_no, parse_case_ref
from desktop.domain.records import (
    Agreement,
    AgreementTerm,
    Attachment,
    Case,
    CaseListRow,
    Claim,
    Event,
    Party,
)
from desktop.services import auth
from desktop.services.auth import User
from desktop.services.station import Station
from desktop.storage import agreements as agreement_repo
from desktop.storage import attachments as attachment_repo
from desktop.storage import audit, deadlines, search
from desktop.storage import cases as case_repo
from desktop.storage import events as event_repo
from desktop.storage import station as station_repo
from desktop.storage.cases import CaseFilter
from desktop.storage.db import Database
from desktop.storage.rows import next_number, now

log = logging.getLogger(__name__)

CASE_SERIES = case_repo.SERIES
CLOSING_EVENTS = ("refuse", "fail", "withdraw", "terminate", "performed", "partly_performed",
                  "not_performed", "negotiation_decline", "negotiation_fail")
# Filing windows are the parties' option, and the limitation period is the worker's: the
# dashboard lists them as due but never as the station's overdue duty.
OPTIONAL_CLOCKS = frozenset({"arbitration_review_due", "judicial_confirmation_due",
                             "limitation_expires"})
NOT_OPEN = frozenset({"met", "late", "closed", "interrupted"})


@dataclass(frozen=True)
class Registered:
    """The outcome of registering a case."""

    case_no: str
    case_pk: int
    case_id: str
    warnings: list[str]


@dataclass(frozen=True)
class Page:
    """One page of the case list and the cursor of the next one (None at the end)."""

    rows: list[CaseListRow]
    after: tuple[Any, ...] | None
    index_complete: bool = True


@dataclass(frozen=True)
class CaseDetail:
    """Everything about one case that the case view, documents and sync read."""

    case: Case
    parties: list[Party]
    claims: list[Claim]
    agreement: Agreement | None
    events: list[Event]
    clocks: dict[str, Clock]
    allowed_events: list[str]
    attachments: list[Attachment]
    station_id: str

    def as_dict(self) -> dict[str, Any]:
        """The documented JSON shape (docs/case-format.md, "Reading a case")."""
        c, uid = self.case, self.case.uid
        return {
            "case_no": c.case_no, "id": uid, "station_id": self.station_id, "kind": c.kind,
            "status": c.status, "status_label": lifecycle.STATES[c.status],
            "source": c.source, "source_label": vocab.SOURCES[c.source],
            "court_procedure": c.court_procedure, "received_on": c.received_on,
            "accepted_on": c.accepted_on, "dispute_arose_on": c.dispute_arose_on,
            "employment_ended_on": c.employment_ended_on,
            "employment_ongoing": c.employment_ongoing,
            "dispute_types": list(c.dispute_types), "summary": c.summary,
            "claimed_fen": c.claimed_fen, "agreed_fen": c.agreed_fen,
            "worker_count": c.worker_count, "flags": list(c.flags),
            "mediator": c.mediator_name, "platform_serial": c.platform_serial,
            "court_case_no": c.court_case_no, "effective_on": c.effective_on,
            "closed_on": c.closed_on,
            "parties": [_party_out(p, uid) for p in self.parties],
            "claims": [{"item": k.item, "amount_fen": k.amount_fen} for k in self.claims],
            "agreement": _agreement_out(self.agreement, uid),
            "events": [{"seq": e.seq, "event": e.event, "occurred_on": e.occurred_on,
                        "recorded_at": e.recorded_at, "actor": e.actor,
                        "to_status": e.to_status, "data": e.data} for e in self.events],
            "allowed_events": self.allowed_events,
            "deadlines": {k: clock.as_dict() for k, clock in self.clocks.items()},
            "attachments": [{"sha256": a.sha256, "filename": a.filename, "size": a.size,
                             "description": a.description, "added_at": a.added_at,
                             "added_by": a.added_by} for a in self.attachments],
        }


class CaseWork:
    """A case loaded once for a write, carried in memory through its events.

    Field changes are collected and applied to the typed case only when it is read again,
    and written to the database once, when the work is finished.
    """

    def __init__(self, case: Case, events: list[Event], agreement: Agreement | None) -> None:
        self._case = case
        self._pending: dict[str, Any] = {}
        self.events = events
        self.agreement = agreement
        self.changes: dict[str, Any] = {}
        self.applied: list[str] = []

    @classmethod
    def load(cls, db: Database, pk: int) -> CaseWork:
        """Read the case, its events and live agreement."""
        case = case_repo.get_case(db, pk)
        if case is None:
            raise NotFoundError("找不到该案件", f"no case with key {pk}", "case_no")
        return cls(case, event_repo.events(db, pk), agreement_repo.current(db, pk))

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
        self.changes.update(values)
        self._pending.update({k: v for k, v in values.items() if k in _CASE_FIELDS})

    @property
    def snapshot(self) -> lifecycle.CaseSnapshot:
        """What the lifecycle rules judge the next step by."""
        signed = frozenset(self.agreement.signatures) if self.agreement else frozenset()
        return lifecycle.CaseSnapshot(self.status, self._case.kind, signed,
                                      self.agreement is not None)

    @property
    def latest_day(self) -> str:
        """The day of the case's latest event (a new one may not precede it)."""
        return max((e.occurred_on for e in self.events), default=self._case.received_on)


_CASE_FIELDS = frozenset(Case.__dataclass_fields__)


def compute_case_clocks(case: Case, events: list[Event], agreement: Agreement | None,
                        today: date, station: Station) -> dict[str, Clock]:
    """The case's legal clocks (pure domain computation over its facts and events)."""
    recorded = [RecordedEvent(e.event, date.fromisoformat(e.occurred_on), e.data)
                for e in events]
    return compute_clocks(
        kind=case.kind, source=case.source, received_on=date.fromisoformat(case.received_on),
        dispute_arose_on=_day(case.dispute_arose_on), events=recorded,
        effective_on=_day(case.effective_on), today=today, cal=station.calendar,
        court_procedure=case.court_procedure)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def open_clocks(clocks: dict[str, Clock]) -> list[tuple[str, str, bool]]:
    """The clocks still running, as the dashboard stores them: (key, due day, optional)."""
    return [(key, c.due_on, key in OPTIONAL_CLOCKS or c.status == "lapsed")
            for key, c in clocks.items() if c.met_on is None and c.status not in NOT_OPEN]


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
        event_repo.append_event(db, case_pk=pk, event="register",
                                occurred_on=draft.received_on.isoformat(), actor=user.login,
                                to_status=status,
                                data={"warnings": draft.warnings} if draft.warnings else {},
                                at=at, seq=1)
        work = CaseWork.load(db, pk)
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

    def record_events_many(self, steps: Iterable[tuple[str, str, Any]], user: User) -> int:
        """Record many ``(case_ref, event, data)`` steps in one transaction (all or none).

        Each case is read once and written once, with one audit entry per case listing
        the events recorded for it.
        """
        auth.authorize(self.store, user, "write")
        ordered: dict[str, list[tuple[str, Any]]] = {}
        for case_ref, event, data in steps:
            ordered.setdefault(case_ref, []).append((event, data))

        def write(db: Database) -> int:
            count = 0
            for case_ref, items in ordered.items():
                work = CaseWork.load(db, resolve_case(db, case_ref))
                first = work.events[-1].seq + 1
                for event, data in items:
                    self._apply(db, work, event, data, user)
                    count += 1
                self._finish(db, work)
                audit.append(db, user.login, "case.events", None,
                             {"seq": [first, work.events[-1].seq]}, case_pk=work.case_pk)
            return count

        return self.station.write(write)

    def _apply(self, db: Database, work: CaseWork, event: str, data: Any,
               user: User) -> str:
        snap = work.snapshot
        # Refuse an illegal step before looking at its data.
        lifecycle.next_state(snap, event, {}, guards=False)
        current_due = None
        if event == "extend":
            clock = self._clocks(work).get("mediation_due")
            current_due = date.fromisoformat(clock.due_on) if clock else None
        clean = check_event_data(event, data, today=self._event_today(),
                                 not_before=date.fromisoformat(work.latest_day),
                                 current_due=current_due)
        target = lifecycle.next_state(snap, event, clean)
        if event == "assign":
            mediator = station_repo.mediator_by_name(db, clean["mediator"])
            if mediator is None:
                raise ValidationError(f"调解员名册中没有“{clean['mediator'][:40]}”",
                                      "no such mediator on the roster", "mediator")
            work.change(mediator_pk=mediator.pk, mediator_name=mediator.name)
        work.applied.append(work.status)
        self._effects(db, work, event, clean, target)
        at = now()
        seq = (work.events[-1].seq + 1) if work.events else 1
        event_repo.append_event(db, case_pk=work.case_pk, event=event,
                                occurred_on=clean["occurred_on"], actor=user.login,
                                to_status=target, data=clean, at=at, seq=seq)
        work.events.append(Event(seq, event, clean["occurred_on"], at, user.login, target,
                                 clean))
        if target != work.status:
            work.change(status=target)
        return target

    def _event_today(self) -> date:
        """The latest day an event may carry: today, never after the real date on a
        real station (a PC clock set ahead must not date events in the future)."""
        today = self.station.today()
        if not self.station.is_demo:
            return min(today, date.today())
        return today

    def _effects(self, db: Database, work: CaseWork, event: str, data: dict[str, Any],
                 target: str) -> None:
        on = data["occurred_on"]
        if event == "accept":
            work.change(accepted_on=on)
        if event in CLOSING_EVENTS:
            work.change(closed_on=on)
        if event in ("agree", "settle"):
            terms = [AgreementTerm(t["item"], t["amount_fen"], t["due_on"], t["method"],
                                   t.get("category"), t.get("payer"), t.get("payee"),
                                   t.get("account")) for t in data["terms"]]
            work.agreement = agreement_repo.insert_agreement(
                db, case_pk=work.case_pk, kind="settlement" if event == "settle" else
                "mediation", concluded_on=on, terms=terms, waiver=data.get("waiver"),
                copies=data["copies"])
            work.change(agreed_fen=work.agreement.total_fen)
            data["agreement_no"] = work.agreement.no
            del data["terms"]  # the agreement's own tables are the one source of truth
            data.pop("waiver", None)
            data.pop("copies", None)
        elif event == "sign" and work.agreement is not None:
            agreement_repo.record_signature(db, work.agreement.pk, data["signer"], on)
            signatures = {**work.agreement.signatures, data["signer"]: on}
            work.agreement = replace(work.agreement, signatures=signatures)
            if work.snapshot.agreement_effective:
                # Effective on the day the last required mark went on (R4).
                effective = max(signatures.values())
                agreement_repo.set_effective(db, work.agreement.pk, effective)
                work.agreement = replace(work.agreement, effective_on=effective)
                work.change(effective_on=effective)
        elif event in ("fail", "terminate", "negotiation_fail") and work.agreement is not None:
            # A party backed out before every signature was on it: the draft is void.
            agreement_repo.void(db, work.agreement.pk, on)
            work.agreement = None
            work.change(agreed_fen=None)

    def _clocks(self, work: CaseWork) -> dict[str, Clock]:
        return compute_case_clocks(work.case, work.events, work.agreement,
                                   self.station.today(), self.station)

    def _finish(self, db: Database, work: CaseWork) -> None:
        """Write the case's accumulated changes and its open deadlines."""
        changes = {k: v for k, v in work.changes.items() if k in case_repo.CHANGEABLE}
        if changes:
            case_repo.update_case(db, work.case_pk, changes, actor=work.events[-1].actor,
                                  at=now())
        deadlines.replace(db, work.case_pk, open_clocks(self._clocks(work)))
        work.changes.clear()

    # -- reading ----------------------------------------------------------------------

    def show(self, case_ref: str, user: User) -> CaseDetail:
        """Everything about one case, with its computed deadlines."""
        auth.authorize(self.store, user, "read")
        with self.station.snapshot() as db:
            pk = resolve_case(db, case_ref)
            work = CaseWork.load(db, pk)
            detail = CaseDetail(
                work.case, case_repo.parties(db, pk), case_repo.claims(db, pk),
                work.agreement, work.events, self._clocks(work),
                lifecycle.allowed_events(work.snapshot), attachment_repo.attachments(db, pk),
                self.station.station_id)
        self.store.write_later(audit.append, user.login, "case.view", None, None,
                               case_pk=pk, with_state=False)
        return detail

    def list(self, user: User, *, query: str | None = None, status: str | None = None,
             limit: int = 50, filters: CaseFilter | None = None, sort: str = "received",
             after: tuple[Any, ...] | None = None) -> Page:
        """A page of the case list (newest received first by default)."""
        auth.authorize(self.store, user, "read")
        f = self._filter(filters, query, status)
        if sort not in case_repo.SORTS:
            raise ValidationError(f"排序应为：{', '.join(case_repo.SORTS)}",
                                  f"sort must be one of {case_repo.SORTS}", "sort")
        db = self.station.read()
        rows = case_repo.list_cases(db, f, sort=sort, after=after, limit=limit,
                                    today=self.station.today())
        complete = search.index_is_current(db) if f.search else True
        if f.search:
            self.store.write_later(audit.append, user.login, "case.search", None,
                                   {"results": len(rows)})
        cursor = case_repo.sort_key(rows[-1], sort) if len(rows) == limit else None
        return Page(rows, cursor, complete)

    def count(self, user: User, filters: CaseFilter) -> int:
        """How many cases a filter selects."""
        auth.authorize(self.store, user, "read")
        return case_repo.count_cases(self.station.read(), self._filter(filters, None, None))

    def _filter(self, f: CaseFilter | None, query: str | None,
                status: str | None) -> CaseFilter:
        f = f or CaseFilter()
        if query is not None:
            f = replace(f, search=query)
        if status is not None:
            f = replace(f, status=status)
        if f.status is not None:
            vocab.check_code(lifecycle.STATES, f.status, "status", "案件状态")
        if f.dispute_type is not None:
            vocab.check_code(vocab.DISPUTE_TYPES, f.dispute_type, "type", "争议类型")
        if f.source is not None:
            vocab.check_code(vocab.SOURCES, f.source, "source", "案件来源")
        return f


def collective_filter() -> CaseFilter:
    """Cases with enough workers to be collective disputes."""
    return CaseFilter(collective_from=COLLECTIVE_THRESHOLD)


def this_week(today: date) -> tuple[str, str]:
    """Today and the six days after it."""
    return today.isoformat(), (today + timedelta(days=6)).isoformat()


def counts_by_status(station: Station) -> dict[str, int]:
    """How many cases are in each state (no personal data: shown before login)."""
    return case_repo.count_by_status(station.read())


def _party_out(p: Party, case_uid: str) -> dict[str, Any]:
    return {"id": p.global_id(case_uid), "position": p.position, "side": p.side,
            "kind": p.kind, "role": p.role, "representative": p.representative,
            "name": p.name, "id_type": p.id_type, "id_number": p.id_number, "uscc": p.uscc,
            "phone": p.phone, "address": p.address, "legal_rep": p.legal_rep,
            "gender": p.gender, "birth_date": p.birth_date}


def _agreement_out(a: Agreement | None, case_uid: str) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"id": a.global_id(case_uid), "kind": a.kind, "concluded_on": a.concluded_on,
            "total_fen": a.total_fen, "waiver": a.waiver, "copies": a.copies,
            "signatures": dict(a.signatures), "effective_on": a.effective_on,
            "terms": [{"item": t.item, "category": t.category, "amount_fen": t.amount_fen,
                       "due_on": t.due_on, "method": t.method, "payer": t.payer,
                       "payee": t.payee, "account": t.account} for t in a.terms]}
