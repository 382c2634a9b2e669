"""Registering cases, recording their lifecycle, and showing them with their clocks."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.domain import lifecycle, vocab
from desktop.domain.case_format import CaseDraft, parse_case
from desktop.domain.clocks import ClockInput, RecordedEvent, compute_clocks, deadlines, overdue_keys
from desktop.domain.errors import NotFoundError, ValidationError
from desktop.domain.event_data import check_event_data
from desktop.domain.lifecycle import Effect
from desktop.domain.numbering import format_case_no
from desktop.domain.signers import PartyFacts, parse_party_key
from desktop.services.auth import User
from desktop.services.station import Station
from desktop.storage import audit, records
from desktop.storage import cases as case_repo
from desktop.storage import station as station_repo
from desktop.storage.db import write_transaction
from desktop.storage.rows import next_number, now

log = logging.getLogger(__name__)

CASE_SERIES = "case"
CLOSING_EVENTS = lifecycle.CLOSING_EVENTS


@dataclass(frozen=True)
class Registered:
    """The outcome of registering a case."""

    case_no: str
    case_id: str
    warnings: list[str]


class CaseService:
    """Case operations for one station; every write is audited and change-logged."""

    def __init__(self, station: Station) -> None:
        self.station = station
        self.db = station.db

    # -- intake -----------------------------------------------------------------

    def register(self, doc: Any, user: User) -> Registered:
        """Check a case document and store it under the next case number.

        Raises:
            ValidationError: the document is wrong (nothing is written).
            PermissionDenied: the user may not write.
        """
        user.require("write")
        draft = parse_case(doc, today=self.station.today())
        with write_transaction(self.db):
            return self._store(draft, user)

    def register_many(self, drafts: Iterable[CaseDraft], user: User) -> list[Registered]:
        """Store already checked drafts in one transaction (bulk intake, demo data)."""
        user.require("write")
        with write_transaction(self.db):
            return [self._store(d, user) for d in drafts]

    def _store(self, draft: CaseDraft, user: User) -> Registered:
        at = now()
        year = draft.received_on.year
        number = next_number(self.db, CASE_SERIES, year)
        org = self.station.org
        case_no = format_case_no(org["case_no_pattern"], short_name=org["short_name"],
                                 year=year, number=number)
        status = lifecycle.initial_state(draft.kind)
        case_id = case_repo.insert_case(
            self.db, draft, station_id=self.station.station_id, case_no=case_no,
            series=CASE_SERIES, year=year, seq_no=number, status=status, actor=user.login,
            at=at)
        records.insert_event(self.db, station_id=self.station.station_id, case_id=case_id,
                             event="register", occurred_on=draft.received_on.isoformat(),
                             actor=user.login, from_status=status, to_status=status,
                             data={"warnings": draft.warnings}, at=at)
        audit.append(self.db, user.login, "case.register", case_no,
                     {"source": draft.source, "parties": len(draft.parties)}, at=at)
        return Registered(case_no, case_id, draft.warnings)

    # -- lifecycle --------------------------------------------------------------

    def record_event(self, case_no: str, event: str, data: Any, user: User) -> str:
        """Record one lifecycle step; returns the case's status afterwards.

        Raises:
            NotFoundError: no such case.
            TransitionError: the step is not allowed now (says why).
            ValidationError: the event data is wrong. Nothing is written on any error.
        """
        user.require("write")
        with write_transaction(self.db):
            return self._record(case_no, event, data, user)

    def record_events_many(self, steps: Iterable[tuple[str, str, Any]], user: User) -> int:
        """Record many ``(case_no, event, data)`` steps in one transaction (all or none)."""
        user.require("write")
        count = 0
        with write_transaction(self.db):
            for case_no, event, data in steps:
                self._record(case_no, event, data, user)
                count += 1
        return count

    def _record(self, case_no: str, event: str, data: Any, user: User) -> str:
        case = self._case(case_no)
        found = records.agreement(self.db, case["id"])
        parties = self._party_facts(case)
        recorded = self._recorded(case)
        today = self.station.today()
        snap = self._snapshot(case, parties, recorded, today)
        # Refuse an illegal step before looking at its data.
        lifecycle.next_state(snap, event, {}, guards=False)
        latest = records.latest_event_day(self.db, case["id"]) or case["received_on"]
        clean = check_event_data(event, data, today=today,
                                 not_before=date.fromisoformat(latest),
                                 deadlines=deadlines(self._clocks_at(case, parties, recorded,
                                                                     today)),
                                 snap=snap)
        # Deadlines passed or not are judged on the event's own day.
        snap = self._snapshot(case, parties, recorded, date.fromisoformat(clean["occurred_on"]))
        target = lifecycle.next_state(snap, event, clean)
        if event == "assign":
            mediator = station_repo.mediator_by_name(self.db, clean["mediator"])
            if mediator is None:
                raise ValidationError(f"调解员名册中没有“{clean['mediator']}”",
                                      "no such mediator on the roster", "mediator")
            clean["mediator_id"] = mediator["id"]
        self._apply(case, event, clean, target, found, snap, user)
        return target

    def _party_facts(self, case: dict[str, Any]) -> list[PartyFacts]:
        return [PartyFacts(p["position"], p["side"], p["kind"], bool(p["representative"]),
                           p["role"]) for p in case_repo.parties(self.db, case["id"])]

    def _recorded(self, case: dict[str, Any]) -> list[RecordedEvent]:
        return [RecordedEvent(e["event"], date.fromisoformat(e["occurred_on"]), e["data"] or {})
                for e in records.events(self.db, case["id"])]

    def _snapshot(self, case: dict[str, Any], parties: list[PartyFacts],
                  recorded: list[RecordedEvent], on: date) -> lifecycle.CaseSnapshot:
        clocks = self._clocks_at(case, parties, recorded, on)
        return lifecycle.snapshot(case["status"], kind=case["kind"], source=case["source"],
                                  parties=parties, events=recorded, flags=case["flags"],
                                  overdue=overdue_keys(clocks))

    def _apply(self, case: dict[str, Any], event: str, data: dict[str, Any], target: str,
               found: dict[str, Any] | None, snap: lifecycle.CaseSnapshot, user: User) -> None:
        at, sid, on = now(), self.station.station_id, data["occurred_on"]
        effects = lifecycle.EVENTS[event].effects
        changes: dict[str, Any] = {}
        if target != case["status"]:
            changes["status"] = target
        if Effect.SET_ACCEPTED_ON in effects:
            changes["accepted_on"] = on
        if Effect.SET_CLOSED_ON in effects:
            changes["closed_on"] = on
        if effects & {Effect.CREATE_AGREEMENT, Effect.CREATE_SETTLEMENT}:
            kind = "settlement" if Effect.CREATE_SETTLEMENT in effects else "mediation"
            records.insert_agreement(self.db, station_id=sid, case_id=case["id"], kind=kind,
                                     concluded_on=on, terms=data["terms"],
                                     waiver=data.get("waiver"), copies=data["copies"], at=at)
            changes["agreed_fen"] = sum(t["amount_fen"] for t in data["terms"])
        elif Effect.RECORD_SIGNATURE in effects and found is not None:
            self._sign(case, data, found, snap, changes, at)
        elif Effect.VOID_UNSIGNED_AGREEMENT in effects and found is not None:
            # A party backed out before every signature was on it: the draft is void.
            records.void_agreement(self.db, found["id"], at)
            changes["agreed_fen"] = None
        elif Effect.CREATE_SESSION in effects:
            records.insert_session(self.db, station_id=sid, case_id=case["id"], held_on=on,
                                   data=data, at=at)
        elif Effect.CREATE_FOLLOW_UP in effects:
            records.insert_follow_up(self.db, station_id=sid, case_id=case["id"],
                                     visited_on=on, data=data, at=at)
        elif Effect.ASSIGN_MEDIATOR in effects:
            changes["mediator_id"] = data["mediator_id"]
        records.insert_event(self.db, station_id=sid, case_id=case["id"], event=event,
                             occurred_on=on, actor=user.login, from_status=case["status"],
                             to_status=target, data=data, at=at)
        case_repo.update_case(self.db, case["id"], changes, actor=user.login, at=at)
        audit.append(self.db, user.login, f"case.{event}", case["case_no"],
                     {"from": case["status"], "to": target}, at=at)

    def _sign(self, case: dict[str, Any], data: dict[str, Any], found: dict[str, Any],
              snap: lifecycle.CaseSnapshot, changes: dict[str, Any], at: str) -> None:
        """Bridge to the four signature columns until storage keeps signer keys."""
        on = data["occurred_on"]
        after = snap.signed | set(data["signers"])
        for side in ("applicant", "respondent"):
            keys = [k for k in snap.required_signers if (p := parse_party_key(k)) is not None
                    and snap.parties[p].side == side]
            if keys and all(k in after for k in keys) and not all(k in snap.signed
                                                                 for k in keys):
                records.record_signature(self.db, found["id"], side, on, at)
        for key in ("mediator", "org_seal"):
            if key in data["signers"]:
                records.record_signature(self.db, found["id"], key, on, at)
        if all(k in after for k in snap.required_signers):
            # Effective on the day the last required mark went on (R4).
            effective = max([on, *records.signature_days(found)])
            records.set_effective(self.db, found["id"], effective, at)
            changes["effective_on"] = effective

    # -- reading ----------------------------------------------------------------

    def _case(self, case_no: str) -> dict[str, Any]:
        case = case_repo.get_case(self.db, case_no)
        if case is None:
            raise NotFoundError(f"找不到案件 {case_no}", f"no case {case_no!r}", "case_no")
        return case

    def _clocks_at(self, case: dict[str, Any], parties: list[PartyFacts],
                   recorded: list[RecordedEvent], today: date) -> dict[str, Any]:
        arose = case["dispute_arose_on"]
        inp = ClockInput(
            kind=case["kind"], source=case["source"],
            received_on=date.fromisoformat(case["received_on"]), events=recorded,
            parties=parties, flags=case["flags"], dispute_types=case["dispute_types"],
            dispute_arose_on=date.fromisoformat(arose) if arose else None,
            court_procedure=case["court_procedure"],
            mediation_basis=self.station.org.get("mediation_basis") or "received")
        return compute_clocks(inp, today=today, cal=self.station.calendar)

    def show(self, case_no: str, user: User) -> dict[str, Any]:
        """Everything about one case, with its computed deadlines (see docs/case-format.md)."""
        user.require("read")
        case = self._case(case_no)
        events = records.events(self.db, case["id"])
        found = records.agreement(self.db, case["id"])
        parties = self._party_facts(case)
        recorded = self._recorded(case)
        today = self.station.today()
        clocks = self._clocks_at(case, parties, recorded, today)
        snap = lifecycle.snapshot(case["status"], kind=case["kind"], source=case["source"],
                                  parties=parties, events=recorded, flags=case["flags"],
                                  overdue=overdue_keys(clocks))
        return {
            "case_no": case["case_no"], "id": case["id"], "station_id": case["station_id"],
            "kind": case["kind"], "status": case["status"],
            "status_label": lifecycle.STATES[case["status"]],
            "source": case["source"], "source_label": vocab.SOURCES[case["source"]],
            "court_procedure": case["court_procedure"],
            "received_on": case["received_on"], "accepted_on": case["accepted_on"],
            "dispute_arose_on": case["dispute_arose_on"],
            "dispute_types": case["dispute_types"], "summary": case["summary"],
            "claimed_fen": case["claimed_fen"], "agreed_fen": case["agreed_fen"],
            "worker_count": case["worker_count"], "flags": case["flags"],
            "platform_serial": case["platform_serial"], "court_case_no": case["court_case_no"],
            "effective_on": case["effective_on"], "closed_on": case["closed_on"],
            "parties": [_party_out(p) for p in case_repo.parties(self.db, case["id"])],
            "claims": case_repo.claims(self.db, case["id"]),
            "agreement": _agreement_out(found),
            "events": events,
            "allowed_events": lifecycle.allowed_events(snap),
            "deadlines": {k: c.as_dict() for k, c in clocks.items()},
            "outcome": lifecycle.outcome(snap, recorded),
            "display_status": lifecycle.display_status(snap)[0],
            "required_signers": list(snap.required_signers),
            "signed": sorted(snap.signed),
            "attachments": records.attachments(self.db, case["id"]),
        }

    def list(self, user: User, *, query: str | None = None, status: str | None = None,
             limit: int = 50, before_pk: int | None = None) -> list[dict[str, Any]]:
        """A page of cases, newest first."""
        user.require("read")
        if status is not None:
            vocab.check_code(lifecycle.STATES, status, "status", "案件状态")
        return case_repo.list_cases(self.db, query=query, status=status, limit=limit,
                                    before_pk=before_pk)


def counts_by_status(station: Station) -> dict[str, int]:
    """How many cases are in each state (no personal data: shown before login)."""
    return case_repo.count_by_status(station.db)


def _party_out(p: dict[str, Any]) -> dict[str, Any]:
    keep = ("side", "kind", "role", "representative", "name", "id_type", "id_number", "uscc",
            "phone", "address", "legal_rep", "gender", "birth_date")
    out = {k: p[k] for k in keep}
    out["representative"] = bool(out["representative"])
    return out


def _agreement_out(found: dict[str, Any] | None) -> dict[str, Any] | None:
    if found is None:
        return None
    keep = ("kind", "concluded_on", "total_fen", "waiver", "copies", "applicant_signed_on",
            "respondent_signed_on", "mediator_signed_on", "org_sealed_on", "effective_on",
            "terms")
    return {k: found[k] for k in keep}
