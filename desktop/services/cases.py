"""Registering cases and recording their lifecycle.

Every write runs on the station's writer thread as one transaction; the case is read
once per transaction and carried through its events in memory (:class:`CaseWork`), and
its derived data (open deadlines for the dashboard, the audited state digest) is written
once at the end.  What each event does comes from its one entry in the domain's event
table (``lifecycle.EVENTS``); the agreement, its signatures and its effect are folded
from the events by the domain, so the events are their one source of truth.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from datetime import date
from typing import Any

from desktop.domain.case_format import (
    CaseDraft,
    ClaimDraft,
    PartyDraft,
    mediation_from_negotiation,
    parse_case,
)
from desktop.domain.errors import NotFoundError
from desktop.domain.numbering import parse_case_ref
from desktop.services import auth, history, imports
from desktop.services.auth import User
from desktop.services.case_work import (
    CaseWork,
    _day,
)
from desktop.services.imports import CASE_SERIES, Registered
from desktop.services.station import Station
from desktop.storage import audit, search
from desktop.storage import cases as case_repo
from desktop.storage import deadlines as deadline_repo
from desktop.storage import events as event_repo
from desktop.storage import station as station_repo
from desktop.storage.db import Database
from desktop.storage.rows import now

log = logging.getLogger(__name__)



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

    def register(self, doc: Any, user: User, *, today: date | None = None) -> Registered:
        """Check a case document and store it under the next case number.  ``today``
        replaces the station's day for the date checks (a case delegated by the county
        is not refused because this computer's clock is behind the county's).

        Raises:
            ValidationError: the document is wrong (nothing is written).
            PermissionDenied: the user may not write.
        """
        auth.authorize(self.store, user, "write")
        draft = parse_case(doc, today=today or self.station.today())
        rules = history.Rules.of(self.station)
        one = imports.fresh(draft, user.login, rules)
        return self.station.write(imports.checked_store, self.station, [one], rules, user)[0]

    def register_many(self, drafts: Iterable[CaseDraft], user: User) -> list[Registered]:
        """Store already checked drafts in one transaction (bulk import)."""
        return self.import_cases(((d, ()) for d in drafts), user)

    def import_cases(self, items: Iterable[tuple[CaseDraft, Iterable[tuple[str, Any]]]],
                     user: User) -> list[Registered]:
        """Register checked drafts, each with the events already recorded for it elsewhere
        (an import, the demo), in one transaction (see :mod:`desktop.services.imports`)."""
        return imports.import_histories(self.station, items, user)

    def import_drafts(self, drafts: Iterable[CaseDraft], user: User) -> list[Registered]:
        """Register many checked drafts set-wise (see :mod:`desktop.services.imports`)."""
        return imports.import_drafts(self.station, list(drafts), user)

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
            rules = history.Rules.of(self.station)
            status = history.apply_event(
                work, event, data, user.login, rules,
                find_mediator=functools.partial(station_repo.mediator_by_name, db),
                open_linked=functools.partial(self._open_linked, db, user, rules))
            self._finish(db, work, rules)
            audit.append(db, user.login, f"case.{event}", None, {"seq": work.events[-1].seq},
                         case_pk=work.case_pk)
            return status

        return self.station.write(write)

    def _open_linked(self, db: Database, user: User, rules: history.Rules, work: CaseWork,
                     on: date) -> tuple[int, str]:
        """Register the mediation case a negotiation goes on to, with its parties and
        claims, linked to the negotiation (DOMAIN.md §7.7); returns its key and number."""
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
        linked = imports.fresh(new, user.login, rules)
        linked.columns["linked_case_pk"] = case.pk
        made = imports.store(db, self.station, [linked], user)[0]
        return made.case_pk, made.case_no

    def _finish(self, db: Database, work: CaseWork, rules: history.Rules) -> None:
        """Write the case's new events, accumulated changes and open deadlines."""
        event_repo.append_events(db, work.case_pk, work.unsaved)
        work.unsaved.clear()
        settled = history.settle(work, rules)
        if settled.changes:
            case_repo.update_case(db, work.case_pk, settled.changes,
                                  actor=work.events[-1].actor, at=now())
        deadline_repo.replace(db, work.case_pk, settled.clocks)

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

