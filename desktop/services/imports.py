"""The bulk path: many checked cases registered set-wise in one transaction.

For imports and, later, the county's ingest of station batches: the records, numbers,
change stamps, search text, deadlines and audit entries are those of registering the cases
one by one, written with one statement per table.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop.domain import lifecycle
from desktop.domain.case_format import CaseDraft, parse_case
from desktop.domain.clocks import ClockInput, RecordedEvent, compute_clocks
from desktop.domain.errors import ValidationError
from desktop.domain.numbering import format_case_no
from desktop.domain.signers import PartyFacts
from desktop.services import auth
from desktop.services.auth import User
from desktop.services.cases import CASE_SERIES, Registered, open_clocks
from desktop.services.station import Station
from desktop.storage import audit, bulk, casestate
from desktop.storage.db import Database
from desktop.storage.rows import now

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
    return station.write(_import, station, drafts, user) if drafts else []


def _import(db: Database, station: Station, drafts: list[CaseDraft],
        user: User) -> list[Registered]:
    at, today, org = now(), station.today(), station.org
    firsts: dict[int, int] = {}
    for year in sorted({d.received_on.year for d in drafts}):
        count = sum(1 for d in drafts if d.received_on.year == year)
        firsts[year] = bulk.reserve_numbers(db, CASE_SERIES, year, count)
    memo: dict[tuple[Any, ...], tuple[list[tuple[str, str, bool]], str]] = {}
    planned = []
    for draft in drafts:
        year = draft.received_on.year
        number, firsts[year] = firsts[year], firsts[year] + 1
        status = lifecycle.initial_state(draft.kind)
        clocks, outcome = _fresh_facts(station, draft, status, today, memo)
        planned.append(bulk.NewCase(
            draft, format_case_no(org["case_no_pattern"], short_name=org["short_name"],
                                  year=year, number=number), year, number, status,
            outcome, clocks))
    made = bulk.insert_cases(db, planned, series=CASE_SERIES, actor=user.login, at=at)
    states = casestate.digests(db, made[0][0], made[-1][0])
    audit.append_many(db, [audit.Entry(user.login, "case.register", None, None, pk,
                                       states[pk]) for pk, _ in made], at=at)
    return [Registered(c.case_no, pk, uid, c.draft.warnings)
            for c, (pk, uid) in zip(planned, made, strict=True)]

def _fresh_facts(station: Station, draft: CaseDraft, status: str, today: date,
             memo: dict[tuple[Any, ...], tuple[list[tuple[str, str, bool]], str]]
             ) -> tuple[list[tuple[str, str, bool]], str]:
    """Open clocks and outcome of a just-registered case (the same facts give the same
    answer, so they are computed once per distinct set of facts)."""
    parties = [PartyFacts(i, p.side, p.kind, p.representative, p.role)
               for i, p in enumerate(draft.parties)]
    register = RecordedEvent("register", draft.received_on, {})
    inp = ClockInput(
        kind=draft.kind, source=draft.source, received_on=draft.received_on,
        events=(register,), parties=parties, flags=tuple(draft.flags),
        dispute_types=tuple(draft.dispute_types), dispute_arose_on=draft.dispute_arose_on,
        employment_ongoing=draft.employment_ongoing or None,
        employment_ended_on=draft.employment_ended_on,
        court_procedure=draft.court_procedure,
        mediation_basis=station.org.get("mediation_basis") or "received")
    key = (inp.kind, inp.source, inp.received_on, tuple(parties), inp.flags,
           inp.dispute_types, inp.dispute_arose_on, inp.employment_ongoing,
           inp.employment_ended_on, inp.court_procedure, inp.mediation_basis)
    found = memo.get(key)
    if found is None:
        clocks = compute_clocks(inp, today=today, cal=station.calendar)
        # The stored outcome follows the events alone (as for every write); what time alone
        # changes (视为不愿协商) is shown as of the day it is read.
        snap = lifecycle.snapshot(status, kind=draft.kind, source=draft.source,
                                  parties=parties, events=[register], flags=draft.flags)
        found = memo[key] = (open_clocks(clocks), lifecycle.outcome(snap, [register]))
    return found
