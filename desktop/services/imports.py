"""The bulk path: many checked cases registered set-wise in one transaction.

For imports and, later, the county's ingest of station batches: the records, numbers,
change stamps, search text, deadlines and audit entries are those of registering the cases
one by one, written with one statement per table.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desktop.domain import lifecycle
from desktop.domain.case_format import CaseDraft, parse_case
from desktop.domain.clocks import ClockInput, RecordedEvent, compute_clocks
from desktop.domain.errors import ValidationError
from desktop.domain.numbering import format_case_no
from desktop.domain.records import Event
from desktop.domain.signers import PartyFacts
from desktop.services import auth, history
from desktop.services.auth import User
from desktop.services.history import Replayed, Rules, open_clocks
from desktop.services.station import Station
from desktop.storage import audit, bulk, casestate
from desktop.storage import cases as case_repo
from desktop.storage import station as station_repo
from desktop.storage.db import Database
from desktop.storage.rows import now

Step = tuple[str, Any]
CASE_SERIES = case_repo.SERIES


@dataclass(frozen=True)
class Registered:
    """The outcome of registering a case."""

    case_no: str
    case_pk: int
    case_id: str
    warnings: list[str]

MAX_IMPORT = 20_000


def import_documents(station: Station, docs: Any, user: User) -> list[Registered]:
    """Check every case document of a list, then register them all in one transaction.

    Raises:
        ValidationError: naming the document and field (``[12].applicants[0].id_number``);
            nothing is written unless every document passes.
    """
    auth.authorize(station.store, user, "write")
    if not isinstance(docs, list) or not docs:
        raise ValidationError("导入文件应为案件的 JSON 数组（至少一件）",
                              "an import file is a non-empty JSON array of cases")
    if len(docs) > MAX_IMPORT:
        raise ValidationError(f"一次最多导入 {MAX_IMPORT} 件，请分成几个文件",
                              f"at most {MAX_IMPORT} cases per import; split the file")
    today, drafts = station.today(), []
    for i, doc in enumerate(docs):
        try:
            drafts.append(parse_case(doc, today=today))
        except ValidationError as exc:
            where = f"[{i}].{exc.where}" if exc.where else f"[{i}]"
            raise ValidationError(f"第 {i + 1} 件：{exc.zh}", exc.en, where) from exc
    return import_drafts(station, drafts, user)


def import_drafts(station: Station, drafts: list[CaseDraft], user: User) -> list[Registered]:
    """Register many checked drafts set-wise in one transaction (the bulk path).

    The same records as registering them one by one — numbers, parties, registration event,
    search text, open deadlines, change stamps and one audit entry per case with its state
    digest — written with one statement per table instead of one per row.
    """
    auth.authorize(station.store, user, "write")
    if not drafts:
        return []
    rules, at = Rules.of(station), now()
    memo: dict[tuple[Any, ...], Any] = {}
    made = [fresh(draft, user.login, rules, memo=memo, at=at) for draft in drafts]
    return station.write(checked_store, station, made, rules, user)


def import_histories(station: Station, items: Iterable[tuple[CaseDraft, Iterable[Step]]],
                     user: User) -> list[Registered]:
    """Register checked drafts, each with the events already recorded for it elsewhere
    (an import, the demo), in one transaction.

    Every event is judged by the same rules as one recorded by hand (the roster as this
    transaction sees it); each case gets one audit entry saying how many events came with it.
    """
    auth.authorize(station.store, user, "write")
    batch = [(draft, list(steps)) for draft, steps in items]

    def write(db: Database) -> list[Registered]:
        rules = Rules.of(station)
        find = functools.partial(station_repo.mediator_by_name, db)
        return store(db, station, [history.replay(draft, steps, user.login, rules, find)
                                   for draft, steps in batch], user)

    return station.write(write) if batch else []


def store_replayed(station: Station, replayed: list[Replayed], rules: Rules,
                   user: User) -> list[Registered]:
    """Store cases whose histories were judged elsewhere (the demo's second process) under
    ``rules``; they are judged again if the station's rules changed meanwhile."""
    auth.authorize(station.store, user, "write")
    return station.write(checked_store, station, replayed, rules, user) if replayed else []


def checked_store(db: Database, station: Station, replayed: list[Replayed], rules: Rules,
                  user: User) -> list[Registered]:
    """:func:`store` cases judged outside the transaction under ``rules``; judged again if
    the station's rules changed meanwhile (a new day, a new mediation basis)."""
    now_rules = Rules.of(station)
    if (now_rules.mediation_basis, now_rules.today) != (rules.mediation_basis, rules.today):
        find = functools.partial(station_repo.mediator_by_name, db)
        replayed = [history.replay(r.draft, _steps(r), user.login, now_rules, find)
                    for r in replayed]
    return store(db, station, replayed, user)


def _steps(r: Replayed) -> list[Step]:
    return [(e.event, e.data) for e in r.events[1:]]


def store(db: Database, station: Station, replayed: list[Replayed],
          user: User) -> list[Registered]:
    """Number and store replayed cases set-wise, with one audit entry each carrying its
    state digest; runs inside the caller's write transaction."""
    at, org = now(), station.org
    firsts: dict[int, int] = {}
    for year in sorted({r.draft.received_on.year for r in replayed}):
        count = sum(1 for r in replayed if r.draft.received_on.year == year)
        firsts[year] = bulk.reserve_numbers(db, CASE_SERIES, year, count)
    planned = []
    for r in replayed:
        year = r.draft.received_on.year
        number, firsts[year] = firsts[year], firsts[year] + 1
        planned.append(bulk.NewCase(
            r.draft, format_case_no(org["case_no_pattern"], short_name=org["short_name"],
                                    year=year, number=number), year, number, r.columns,
            r.events, r.clocks))
    made = bulk.insert_cases(db, planned, series=CASE_SERIES, actor=user.login, at=at)
    states = casestate.digests(db, made[0][0], made[-1][0])
    audit.append_many(db, [
        audit.Entry(user.login, "case.register", None,
                    {"events": len(c.events) - 1} if len(c.events) > 1 else None, pk,
                    states[pk]) for c, (pk, _) in zip(planned, made, strict=True)], at=at)
    return [Registered(c.case_no, pk, uid, c.draft.warnings)
            for c, (pk, uid) in zip(planned, made, strict=True)]


def fresh(draft: CaseDraft, actor: str, rules: Rules, *,
          memo: dict[tuple[Any, ...], Any] | None = None, at: str | None = None) -> Replayed:
    """A just-registered case with no history: its registration event, open clocks and
    outcome (the same facts give the same answer, so they are computed once per distinct
    set of facts)."""
    status = lifecycle.initial_state(draft.kind)
    parties = [PartyFacts(i, p.side, p.kind, p.representative, p.role)
               for i, p in enumerate(draft.parties)]
    register = RecordedEvent("register", draft.received_on, {})
    inp = ClockInput(
        kind=draft.kind, source=draft.source, received_on=draft.received_on,
        events=(register,), parties=parties, flags=tuple(draft.flags),
        dispute_types=tuple(draft.dispute_types), dispute_arose_on=draft.dispute_arose_on,
        employment_ongoing=draft.employment_ongoing or None,
        employment_ended_on=draft.employment_ended_on,
        court_procedure=draft.court_procedure, mediation_basis=rules.mediation_basis)
    key = (inp.kind, inp.source, inp.received_on, tuple(parties), inp.flags,
           inp.dispute_types, inp.dispute_arose_on, inp.employment_ongoing,
           inp.employment_ended_on, inp.court_procedure, inp.mediation_basis)
    found = memo.get(key) if memo is not None else None
    if found is None:
        computed = compute_clocks(inp, today=rules.today, cal=rules.calendar)
        # The stored outcome follows the events alone (as for every write); what time alone
        # changes (视为不愿协商) is shown as of the day it is read.
        snap = lifecycle.snapshot(status, kind=draft.kind, source=draft.source,
                                  parties=parties, events=[register], flags=draft.flags)
        found = (open_clocks(computed), lifecycle.outcome(snap, [register]))
        if memo is not None:
            memo[key] = found
    clocks, outcome = found
    day = draft.received_on.isoformat()
    data = {"warnings": draft.warnings, "occurred_on": day} if draft.warnings else {
        "occurred_on": day}
    return Replayed(draft, [Event(1, "register", day, (at or now())[:19], actor, status, data)],
                    {"status": status, "outcome": outcome}, clocks)
