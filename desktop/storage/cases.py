"""Case repository: cases, their parties and claims, and the case list."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from desktop.domain.case_format import CaseDraft
from desktop.domain.numbering import parse_case_ref
from desktop.storage import search
from desktop.storage.rows import fetch, insert, new_id, update

LIST_COLUMNS = ("pk, id, case_no, kind, source, status, received_on, primary_type, "
                "claimed_fen, agreed_fen, worker_count, flags, summary")


def insert_case(db: sqlite_utils.Database, draft: CaseDraft, *, station_id: str, case_no: str,
                series: str, year: int, seq_no: int, status: str, actor: str,
                at: str) -> str:
    """Store a checked draft with its parties and claims; returns the case id."""
    case_id = new_id()
    insert(db, "cases", {
        "id": case_id, "station_id": station_id, "case_no": case_no, "series": series,
        "year": year, "seq_no": seq_no, "kind": draft.kind, "source": draft.source,
        "court_procedure": draft.court_procedure, "status": status,
        "received_on": draft.received_on.isoformat(),
        "dispute_arose_on": draft.dispute_arose_on.isoformat() if draft.dispute_arose_on else None,
        "dispute_types": json.dumps(draft.dispute_types), "primary_type": draft.dispute_types[0],
        "summary": draft.summary, "claimed_fen": draft.claimed_fen,
        "worker_count": draft.worker_count, "flags": json.dumps(draft.flags),
        "platform_serial": draft.platform_serial, "court_case_no": draft.court_case_no,
        "created_at": at, "created_by": actor, "updated_at": at, "updated_by": actor,
    })
    for position, p in enumerate(draft.parties):
        insert(db, "parties", {
            "id": new_id(), "station_id": station_id, "case_id": case_id,
            "position": position, "side": p.side, "kind": p.kind, "role": p.role,
            "representative": int(p.representative), "name": p.name, "id_type": p.id_type,
            "id_number": p.id_number, "uscc": p.uscc, "phone": p.phone, "address": p.address,
            "legal_rep": p.legal_rep, "gender": p.gender, "birth_date": p.birth_date,
            "updated_at": at,
        })
    for position, c in enumerate(draft.claims):
        insert(db, "claims", {
            "id": new_id(), "station_id": station_id, "case_id": case_id,
            "position": position, "item": c.item, "amount_fen": c.amount_fen, "updated_at": at,
        })
    search.index_case(db, case_id)
    return case_id


def update_case(db: sqlite_utils.Database, case_id: str, changes: dict[str, Any], *,
                actor: str, at: str) -> None:
    """Change case fields (status, dates, amounts) and stamp who did it."""
    update(db, "cases", case_id, {**changes, "updated_at": at, "updated_by": actor})


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("dispute_types", "flags"):
        if key in row and isinstance(row[key], str):
            row[key] = json.loads(row[key])
    return row


def get_case(db: sqlite_utils.Database, case_no: str) -> dict[str, Any] | None:
    """One live case by its number, or None."""
    rows = fetch(db, "SELECT * FROM cases WHERE case_no = ? AND deleted = 0", [case_no])
    return _decode(rows[0]) if rows else None


def parties(db: sqlite_utils.Database, case_id: str) -> list[dict[str, Any]]:
    """The case's parties in the order they were given."""
    return fetch(db, "SELECT * FROM parties WHERE case_id = ? AND deleted = 0 "
                         "ORDER BY position", [case_id])


def claims(db: sqlite_utils.Database, case_id: str) -> list[dict[str, Any]]:
    """The case's claims in order."""
    return fetch(db, "SELECT item, amount_fen FROM claims WHERE case_id = ? AND "
                         "deleted = 0 ORDER BY position", [case_id])


def list_cases(db: sqlite_utils.Database, *, query: str | None = None,
               status: str | None = None, limit: int = 50,
               before_pk: int | None = None) -> list[dict[str, Any]]:
    """A page of cases, newest first, optionally searched and filtered by status.

    Paging is by key (``before_pk`` = the last pk of the previous page), which
    stays fast at any depth.
    """
    if query and query.strip():
        pks = _case_ref_pks(db, query, status, before_pk)
        if pks is None:
            pks = _matching_pks(db, query, status, limit, before_pk)
        if not pks:
            return []
        marks = ", ".join("?" for _ in pks)
        rows = fetch(db, f"SELECT {LIST_COLUMNS} FROM cases WHERE pk IN ({marks}) "
                        "ORDER BY pk DESC", pks)
        return [_decode(r) for r in rows]
    where: list[str] = ["deleted = 0"]
    params: list[str | int] = []
    if status:
        where.append("status = ?")
        params.append(status)
    if before_pk is not None:
        where.append("pk < ?")
        params.append(before_pk)
    sql = (f"SELECT {LIST_COLUMNS} FROM cases WHERE {' AND '.join(where)} "
           "ORDER BY pk DESC LIMIT ?")
    return [_decode(r) for r in fetch(db, sql, [*params, limit])]


def _case_ref_pks(db: sqlite_utils.Database, query: str, status: str | None,
                  before_pk: int | None) -> list[int] | None:
    """The case a typed case number names, or None when the query is not one (or no
    such case exists, so the text search still gets its chance)."""
    ref = parse_case_ref(query)
    if ref is None:
        return None
    row = db.execute("SELECT pk, status FROM cases WHERE year = ? AND seq_no = ? AND "
                     "deleted = 0", list(ref)).fetchone()
    if row is None:
        return None
    if (status and row[1] != status) or (before_pk is not None and row[0] >= before_pk):
        return []
    return [row[0]]


def _matching_pks(db: sqlite_utils.Database, query: str, status: str | None, limit: int,
                  before_pk: int | None) -> list[int]:
    """Search hits, filtered by status without losing a page to the filter."""
    if not status:
        return search.search_pks(db, query, limit=limit, before_pk=before_pk)
    found: list[int] = []
    cursor = before_pk
    while len(found) < limit:
        batch = search.search_pks(db, query, limit=limit * 4, before_pk=cursor)
        if not batch:
            break
        marks = ", ".join("?" for _ in batch)
        keep = {r[0] for r in db.execute(
            f"SELECT pk FROM cases WHERE pk IN ({marks}) AND status = ? AND deleted = 0",
            [*batch, status])}
        found.extend(pk for pk in batch if pk in keep)
        cursor = batch[-1]
    return found[:limit]


def count_by_status(db: sqlite_utils.Database) -> dict[str, int]:
    """How many live cases are in each state."""
    return {r[0]: r[1] for r in db.execute(
        "SELECT status, count(*) FROM cases WHERE deleted = 0 GROUP BY status")}
