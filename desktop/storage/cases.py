"""Case repository: cases, their parties and claims, the case list and its counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from desktop.domain.case_format import CaseDraft
from desktop.domain.numbering import parse_case_ref
from desktop.domain.records import Case, CaseListRow, Claim, Party
from desktop.storage import search
from desktop.storage.rows import fetch

SYNCED_FLAGS_SEP = " "  # dispute types and flags are stored as space-separated codes
SERIES = "case"  # the series of case numbers (other documents will have their own)
NO_DUE = "9999-12-31"  # sorts cases without an open deadline last

# Columns a service may change through update_case.
CHANGEABLE = frozenset({
    "status", "accepted_on", "closed_on", "agreed_fen", "effective_on", "mediator_pk",
    "outcome", "linked_case_pk", "deleted", "court_case_no",
    "received_on"})  # only by a recorded correction of the registration day


@dataclass(frozen=True)
class CaseFilter:
    """What the case list may be narrowed by (all optional, combined with AND)."""

    status: str | None = None
    statuses: tuple[str, ...] | None = None  # any of these (e.g. every open state)
    dispute_type: str | None = None
    source: str | None = None
    mediator_pk: int | None = None
    received_from: str | None = None
    received_to: str | None = None
    collective_from: int | None = None  # worker count that makes a case collective
    overdue_on: str | None = None  # only cases with a duty overdue on this day
    search: str | None = None


SORTS = ("received", "due", "number")


def case_row(draft: CaseDraft, *, uid: str, case_no: str, series: str, year: int,
             seq_no: int, status: str, actor: str, at: str) -> dict[str, Any]:
    """The ``cases`` row of a checked draft (one mapping for every way cases are stored)."""
    return {
        "uid": uid, "case_no": case_no, "series": series, "year": year, "seq_no": seq_no,
        "kind": draft.kind, "source": draft.source, "court_procedure": draft.court_procedure,
        "status": status, "received_on": draft.received_on.isoformat(),
        "dispute_arose_on": _iso(draft.dispute_arose_on),
        "employment_ended_on": _iso(draft.employment_ended_on),
        "employment_ongoing": int(bool(draft.employment_ongoing)),
        "dispute_types": SYNCED_FLAGS_SEP.join(draft.dispute_types),
        "primary_type": draft.dispute_types[0], "summary": draft.summary,
        "claimed_fen": draft.claimed_fen, "worker_count": draft.worker_count,
        "flags": SYNCED_FLAGS_SEP.join(draft.flags), "platform_serial": draft.platform_serial,
        "court_case_no": draft.court_case_no,
        "created_at": at, "created_by": actor, "updated_at": at, "updated_by": actor,
    }


def owned_rows(pk: int, draft: CaseDraft) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The ``parties`` and ``claims`` rows of a checked draft stored as case ``pk``."""
    parties = [{
        "case_pk": pk, "position": position, "side": p.side, "kind": p.kind, "role": p.role,
        "representative": int(p.representative), "name": p.name, "id_type": p.id_type,
        "id_number": p.id_number, "uscc": p.uscc, "phone": p.phone, "address": p.address,
        "legal_rep": p.legal_rep, "gender": p.gender, "birth_date": p.birth_date,
    } for position, p in enumerate(draft.parties)]
    claims = [{"case_pk": pk, "position": position, "item": c.item, "amount_fen": c.amount_fen}
              for position, c in enumerate(draft.claims)]
    return parties, claims


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def update_case(db: sqlite_utils.Database, pk: int, changes: dict[str, Any], *,
                actor: str, at: str) -> None:
    """Change case fields and stamp who did it (the change capture trigger follows)."""
    unknown = set(changes) - CHANGEABLE
    if unknown:
        raise ValueError(f"not changeable: {sorted(unknown)}")
    values = {**changes, "updated_at": at, "updated_by": actor}
    sets = ", ".join(f"{c} = ?" for c in values)
    db.execute(f"UPDATE cases SET {sets} WHERE pk = ?", [*values.values(), pk])


def set_next_due(db: sqlite_utils.Database, pk: int, key: str | None,
                 due_on: str | None) -> None:
    """Store the case's nearest open deadline (derived; not a change to sync)."""
    db.execute("UPDATE cases SET next_due_key = ?, next_due_on = ? WHERE pk = ? AND "
               "(next_due_key IS NOT ? OR next_due_on IS NOT ?)",
               [key, due_on, pk, key, due_on])


CASE_COLUMNS = (
    "c.pk, c.uid, c.case_no, c.year, c.seq_no, c.kind, c.source, c.status, c.received_on, "
    "c.summary, c.dispute_types, c.primary_type, c.claimed_fen, c.worker_count, c.flags, "
    "c.court_procedure, c.accepted_on, c.dispute_arose_on, c.employment_ended_on, "
    "c.employment_ongoing, c.agreed_fen, c.mediator_pk, m.name AS mediator_name, "
    "c.platform_serial, c.court_case_no, c.linked_case_pk, "
    "(SELECT l.case_no FROM cases AS l WHERE l.pk = c.linked_case_pk) AS linked_case_no, "
    "c.effective_on, c.closed_on, "
    "c.outcome, c.next_due_on, c.next_due_key, c.created_at, c.created_by, c.updated_at, "
    "c.updated_by")


def _case(row: dict[str, Any]) -> Case:
    row["dispute_types"] = tuple(row["dispute_types"].split())
    row["flags"] = tuple(row["flags"].split())
    row["employment_ongoing"] = bool(row["employment_ongoing"])
    return Case(**row)


def get_case(db: sqlite_utils.Database, pk: int) -> Case | None:
    """One live case by its key, or None."""
    rows = fetch(db, f"SELECT {CASE_COLUMNS} FROM cases AS c LEFT JOIN mediators AS m "
                     "ON m.pk = c.mediator_pk WHERE c.pk = ? AND c.deleted = 0", [pk])
    return _case(rows[0]) if rows else None


def pk_by_number(db: sqlite_utils.Database, series: str, year: int, seq_no: int) -> int | None:
    """The live case with this year and number (the unique index answers)."""
    row = db.execute("SELECT pk FROM cases WHERE series = ? AND year = ? AND seq_no = ? "
                     "AND deleted = 0", [series, year, seq_no]).fetchone()
    return row[0] if row else None


def pk_by_case_no(db: sqlite_utils.Database, case_no: str) -> int | None:
    """The live case whose stored number is exactly ``case_no`` (a scan; rarely needed)."""
    row = db.execute("SELECT pk FROM cases WHERE case_no = ? AND deleted = 0",
                     [case_no]).fetchone()
    return row[0] if row else None


def pk_by_uid(db: sqlite_utils.Database, uid: str) -> int | None:
    """The case with this global id."""
    row = db.execute("SELECT pk FROM cases WHERE uid = ?", [uid]).fetchone()
    return row[0] if row else None


def parties(db: sqlite_utils.Database, pk: int) -> list[Party]:
    """The case's live parties in the order they were given."""
    rows = fetch(db, "SELECT position, side, kind, name, role, representative, id_type, "
                     "id_number, uscc, phone, address, legal_rep, gender, birth_date "
                     "FROM parties WHERE case_pk = ? AND deleted = 0 ORDER BY position", [pk])
    return [Party(**{**r, "representative": bool(r["representative"])}) for r in rows]


def claims(db: sqlite_utils.Database, pk: int) -> list[Claim]:
    """The case's claims in order."""
    return [Claim(item, amount) for item, amount in db.execute(
        "SELECT item, amount_fen FROM claims WHERE case_pk = ? ORDER BY position", [pk])]


# -- the case list ------------------------------------------------------------------------

LIST_COLUMNS = (
    "c.pk, c.case_no, c.primary_type, c.status, c.kind, c.source, c.received_on, "
    "c.accepted_on, m.name AS mediator_name, c.next_due_key, c.next_due_on, c.claimed_fen, "
    "c.agreed_fen, c.worker_count, c.flags, "
    "(SELECT p.name FROM parties AS p WHERE p.case_pk = c.pk AND p.side = 'applicant' "
    " AND p.deleted = 0 ORDER BY p.position LIMIT 1) AS first_applicant, "
    "(SELECT count(*) FROM parties AS p WHERE p.case_pk = c.pk AND p.side = 'applicant' "
    " AND p.deleted = 0) AS applicant_count, "
    "(SELECT group_concat(p.name, char(10)) FROM parties AS p WHERE p.case_pk = c.pk "
    " AND p.side = 'respondent' AND p.deleted = 0) AS respondents")

_ORDER = {
    "received": ("c.received_on DESC, c.pk DESC", "(c.received_on, c.pk) < (?, ?)"),
    "number": ("c.pk DESC", "c.pk < ?"),
    "due": (f"coalesce(c.next_due_on, '{NO_DUE}'), c.pk",
            f"(coalesce(c.next_due_on, '{NO_DUE}'), c.pk) > (?, ?)"),
}


def _where(db: sqlite_utils.Database, f: CaseFilter) -> tuple[list[str], list[Any]]:
    where, params = ["c.deleted = 0"], []
    for column, value in (("c.status", f.status), ("c.primary_type", f.dispute_type),
                          ("c.source", f.source), ("c.mediator_pk", f.mediator_pk)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if f.statuses is not None:
        where.append(f"c.status IN ({', '.join('?' for _ in f.statuses) or 'NULL'})")
        params.extend(f.statuses)
    if f.received_from:
        where.append("c.received_on >= ?")
        params.append(f.received_from)
    if f.received_to:
        where.append("c.received_on <= ?")
        params.append(f.received_to)
    if f.collective_from is not None:
        where.append("c.worker_count >= ?")
        params.append(f.collective_from)
    if f.overdue_on:
        where.append("c.pk IN (SELECT case_pk FROM case_deadlines WHERE due_on < ? "
                     "AND optional = 0)")
        params.append(f.overdue_on)
    if f.search and f.search.strip():
        ref = parse_case_ref(search.normalise(f.search))
        pk = pk_by_number(db, SERIES, *ref) if ref else None
        if pk is not None:  # a case number as typed: the unique index answers
            where.append("c.pk = ?")
            params.append(pk)
            return where, params
        clause = search.match_clause(f.search, db)
        if clause is None:
            where.append("0")
        else:
            where.append(f"c.pk IN ({clause[0]})")
            params.extend(clause[1])
    return where, params


def latest_receipt(db: sqlite_utils.Database) -> str | None:
    """The latest day a live case was received — the latest day the station has recorded
    (one step down the ``cases_received`` index)."""
    return db.execute("SELECT max(received_on) FROM cases WHERE deleted = 0").fetchone()[0]


FEW_HITS = 5000


def _few_hits(query: str, db: sqlite_utils.Database) -> bool:
    """True when the search matches fewer than FEW_HITS cases (counted no further)."""
    clause = search.match_clause(query, db)
    if clause is None:
        return True
    return db.execute(f"SELECT count(*) FROM (SELECT 1 FROM ({clause[0]}) LIMIT ?)",
                      [*clause[1], FEW_HITS]).fetchone()[0] < FEW_HITS


def sort_key(row: CaseListRow, sort: str) -> tuple[Any, ...]:
    """The keyset cursor a page ends on (pass it as ``after`` for the next page)."""
    if sort == "received":
        return (row.received_on, row.pk)
    if sort == "due":
        return (row.next_due_on or NO_DUE, row.pk)
    return (row.pk,)


# The index that walks each order (partial indexes over live cases).
_WALK = {"received": "cases_received", "due": "cases_next_due"}


def list_cases(db: sqlite_utils.Database, f: CaseFilter, *, sort: str = "received",
               after: tuple[Any, ...] | None = None, limit: int = 50,
               today: date | None = None) -> list[CaseListRow]:
    """One page of the case list (keyset paging: ``after`` is the previous page's last key).

    The page's keys are found first, then only those cases' columns are read.  With a
    search, a term found in few cases is answered from its hits (sorted); a term found in
    many is answered by walking the list in order, which reaches a page of hits at once.
    """
    order, cursor = _ORDER[sort]
    hint = ""
    if sort in _WALK and f.search and f.search.strip():
        if _few_hits(f.search, db):
            order = order.replace("c.", "+c.", 1)
            cursor = cursor.replace("c.", "+c.", 1)
        elif f.status is None and f.mediator_pk is None:
            hint = f"INDEXED BY {_WALK[sort]}"
    where, params = _where(db, f)
    if after is not None:
        where.append(cursor)
        params.extend(after)
    pks = [r[0] for r in db.execute(
        f"SELECT c.pk FROM cases AS c {hint} WHERE {' AND '.join(where)} "
        f"ORDER BY {order} LIMIT ?", [*params, limit])]
    if not pks:
        return []
    marks = ", ".join("?" for _ in pks)
    found = {r["pk"]: r for r in fetch(
        db, f"SELECT {LIST_COLUMNS} FROM cases AS c LEFT JOIN mediators AS m "
            f"ON m.pk = c.mediator_pk WHERE c.pk IN ({marks})", pks)}
    return [_list_row(found[pk], today) for pk in pks]


def _list_row(r: dict[str, Any], today: date | None) -> CaseListRow:
    due = r["next_due_on"]
    left = (date.fromisoformat(due) - today).days if due and today else None
    return CaseListRow(
        pk=r["pk"], case_no=r["case_no"], first_applicant=r["first_applicant"] or "",
        applicant_count=r["applicant_count"],
        respondents=tuple((r["respondents"] or "").split("\n")) if r["respondents"] else (),
        primary_type=r["primary_type"], status=r["status"], kind=r["kind"],
        source=r["source"], received_on=r["received_on"], accepted_on=r["accepted_on"],
        mediator_name=r["mediator_name"], next_due_key=r["next_due_key"], next_due_on=due,
        days_left=left, claimed_fen=r["claimed_fen"], agreed_fen=r["agreed_fen"],
        worker_count=r["worker_count"], flags=tuple(r["flags"].split()))


def count_cases(db: sqlite_utils.Database, f: CaseFilter) -> int:
    """How many live cases the filter selects."""
    where, params = _where(db, f)
    return db.execute(f"SELECT count(*) FROM cases AS c WHERE {' AND '.join(where)}",
                      params).fetchone()[0]


def count_by_status(db: sqlite_utils.Database) -> dict[str, int]:
    """How many live cases are in each state (the covering partial index answers)."""
    return {r[0]: r[1] for r in db.execute(
        "SELECT status, count(*) FROM cases WHERE deleted = 0 GROUP BY status")}


def live_pks(db: sqlite_utils.Database) -> list[int]:
    """The keys of every live case, in order."""
    return [r[0] for r in db.execute("SELECT pk FROM cases WHERE deleted = 0 ORDER BY pk")]
