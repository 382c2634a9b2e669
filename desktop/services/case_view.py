"""Reading cases: the case detail, the case list page and its counts.

Reads use the calling thread's own read connection and never wait for the writer; the
record that someone looked at personal data is queued to the writer afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from desktop.domain import lifecycle, vocab
from desktop.domain.clocks import Clock
from desktop.domain.errors import NotFoundError, ValidationError
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
from desktop.domain.text import check_search
from desktop.services import auth, read_audit
from desktop.services.auth import User
from desktop.services.case_work import CaseWork, case_clocks, case_snapshot
from desktop.services.cases import resolve_case
from desktop.services.station import Station
from desktop.storage import attachments as attachment_repo
from desktop.storage import audit, search
from desktop.storage import cases as case_repo
from desktop.storage.cases import CaseFilter


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
    outcome: str
    display_status: str
    required_signers: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """The documented JSON shape (docs/case-format.md, "Reading a case")."""
        c, uid = self.case, self.case.uid
        return {
            "case_no": c.case_no, "id": uid, "station_id": self.station_id, "kind": c.kind,
            "status": c.status, "status_label": lifecycle.STATES[c.status],
            "display_status": self.display_status, "outcome": self.outcome,
            "source": c.source, "source_label": vocab.SOURCES[c.source],
            "court_procedure": c.court_procedure, "received_on": c.received_on,
            "accepted_on": c.accepted_on, "dispute_arose_on": c.dispute_arose_on,
            "employment_ended_on": c.employment_ended_on,
            "employment_ongoing": c.employment_ongoing,
            "dispute_types": list(c.dispute_types), "summary": c.summary,
            "claimed_fen": c.claimed_fen, "agreed_fen": c.agreed_fen,
            "worker_count": c.worker_count, "flags": list(c.flags),
            "mediator": c.mediator_name, "platform_serial": c.platform_serial,
            "court_case_no": c.court_case_no, "linked_case_no": c.linked_case_no,
            "effective_on": c.effective_on,
            "closed_on": c.closed_on,
            "parties": [_party_out(p, uid) for p in self.parties],
            "claims": [{"item": k.item, "amount_fen": k.amount_fen} for k in self.claims],
            "agreement": _agreement_out(self.agreement, uid),
            "required_signers": list(self.required_signers),
            "signed": sorted(self.agreement.signatures) if self.agreement else [],
            "events": [{"seq": e.seq, "event": e.event, "occurred_on": e.occurred_on,
                        "recorded_at": e.recorded_at, "actor": e.actor,
                        "to_status": e.to_status, "data": e.data} for e in self.events],
            "allowed_events": self.allowed_events,
            "deadlines": {k: clock.as_dict() for k, clock in self.clocks.items()},
            "attachments": [{"sha256": a.sha256, "filename": a.filename, "size": a.size,
                             "description": a.description, "added_at": a.added_at,
                             "added_by": a.added_by} for a in self.attachments],
        }


def show(station: Station, case_ref: str | int, user: User) -> CaseDetail:
    """Everything about one case (by a typed reference, or by its key as the lists give
    it), with its clocks as of today."""
    auth.authorize(station.store, user, "read")
    with station.snapshot() as db:
        pk = resolve_case(db, case_ref) if isinstance(case_ref, str) else case_ref
        if case_repo.get_case(db, pk) is None:
            raise NotFoundError("找不到该案件（可能已被删除）", f"no live case #{pk}", "case")
        work = CaseWork.load(db, pk)
        clocks = case_clocks(work, station, station.today())
        snap = case_snapshot(work, clocks)
        detail = CaseDetail(
            work.case, case_repo.parties(db, pk), case_repo.claims(db, pk),
            agreement_view(work.events, snap), work.events, clocks,
            lifecycle.allowed_events(snap), attachment_repo.attachments(db, pk),
            station.station_id, lifecycle.outcome(snap, work.recorded),
            lifecycle.display_status(snap)[0], tuple(snap.required_signers))
    read_audit.record(station.store, station.paths, user.login, "case.view", case_pk=pk)
    return detail


@dataclass(frozen=True)
class AuditLine:
    """One entry of a case's audit trail as a person reads it."""

    seq: int
    at: str
    actor: str
    action: str  # the code, e.g. ``case.accept``
    label: str  # 受理 / 查看 / 添加附件 …
    detail: dict[str, Any]


AUDIT_LABELS = {"case.register": "登记", "case.view": "查看", "case.attach": "添加附件"}
TRAIL_LIMIT = 500


def audit_trail(station: Station, case_pk: int, user: User,
                limit: int = TRAIL_LIMIT) -> list[AuditLine]:
    """Who did what to a case and when (reads included), newest first, from the chained
    audit log (the last ``limit`` entries)."""
    auth.authorize(station.store, user, "read")
    lines = []
    for seq, at, actor, action, detail in audit.case_trail(station.read(), case_pk, limit):
        event = action.removeprefix("case.")
        label = AUDIT_LABELS.get(action) or (lifecycle.EVENTS[event].label
                                             if event in lifecycle.EVENTS else action)
        lines.append(AuditLine(seq, at, actor, action, label, detail))
    return lines


def agreement_view(events: list[Event], snap: lifecycle.CaseSnapshot) -> Agreement | None:
    """The agreement in force, typed: terms from the event that made it, signatures and
    effect as the domain folds them from the events."""
    folded = snap.agreement
    if folded is None:
        return None
    made = next(e for e in reversed(events) if e.event in ("agree", "settle")
                and e.occurred_on == folded.concluded_on.isoformat())
    terms = tuple(AgreementTerm(
        item=str(t.get("item", "")), amount_fen=int(t.get("amount_fen", 0)),
        due_on=str(t["due_on"]), method=str(t.get("method", "")), category=t.get("category"),
        payer=t.get("payer"), payee=t.get("payee"), account=t.get("account"),
        payer_party=t.get("payer_party")) for t in made.data.get("terms", ()))
    effective = snap.effective_on
    return Agreement(
        seq=made.seq, kind=folded.kind, concluded_on=made.occurred_on,
        total_fen=sum(t.amount_fen for t in terms), copies=int(made.data.get("copies", 3)),
        terms=terms, signatures={k: d.isoformat() for k, d in folded.signed.items()},
        waiver=made.data.get("waiver"),  # type: ignore[arg-type]
        effective_on=effective.isoformat() if effective else None)


def list_page(station: Station, user: User, *, query: str | None = None,
              status: str | None = None, limit: int = 50, filters: CaseFilter | None = None,
              sort: str = "received", after: tuple[Any, ...] | None = None) -> Page:
    """A page of the case list (newest received first by default)."""
    auth.authorize(station.store, user, "read")
    f = _filter(filters, query, status)
    if sort not in case_repo.SORTS:
        raise ValidationError(f"排序应为：{', '.join(case_repo.SORTS)}",
                              f"sort must be one of {case_repo.SORTS}", "sort")
    db = station.read()
    rows = case_repo.list_cases(db, f, sort=sort, after=after, limit=limit,
                                today=station.today())
    complete = search.index_is_current(db) if f.search else True
    if f.search:
        read_audit.record(station.store, station.paths, user.login, "case.search",
                          detail={"results": len(rows)})
    cursor = case_repo.sort_key(rows[-1], sort) if len(rows) == limit else None
    return Page(rows, cursor, complete)


def count(station: Station, user: User, filters: CaseFilter) -> int:
    """How many cases a filter selects."""
    auth.authorize(station.store, user, "read")
    return case_repo.count_cases(station.read(), _filter(filters, None, None))


def _filter(f: CaseFilter | None, query: str | None, status: str | None) -> CaseFilter:
    f = f or CaseFilter()
    if query is not None:
        f = replace(f, search=query)
    if f.search is not None:
        check_search(f.search)
    if status is not None:
        f = replace(f, status=status)
    if f.status is not None:
        vocab.check_code(lifecycle.STATES, f.status, "status", "案件状态")
    if f.dispute_type is not None:
        vocab.check_code(vocab.DISPUTE_TYPES, f.dispute_type, "type", "争议类型")
    if f.source is not None:
        vocab.check_code(vocab.SOURCES, f.source, "source", "案件来源")
    return f


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
                       "payer_party": t.payer_party, "payee": t.payee, "account": t.account}
                      for t in a.terms]}
