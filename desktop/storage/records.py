"""What is recorded about a case as it moves: events, sessions, agreements, visits, files."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from desktop.storage.rows import fetch, insert, new_id, update

SIGN_COLUMNS = {"applicant": "applicant_signed_on", "respondent": "respondent_signed_on",
                "mediator": "mediator_signed_on", "org_seal": "org_sealed_on"}


def insert_event(db: sqlite_utils.Database, *, station_id: str, case_id: str, event: str,
                 occurred_on: str, actor: str, from_status: str, to_status: str,
                 data: dict[str, Any], at: str) -> str:
    """Append one lifecycle event (events are never edited)."""
    event_id = new_id()
    seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = ?",
                     [case_id]).fetchone()[0]
    insert(db, "case_events", {
        "id": event_id, "station_id": station_id, "case_id": case_id, "seq": seq,
        "event": event, "occurred_on": occurred_on, "recorded_at": at, "actor": actor,
        "from_status": from_status, "to_status": to_status,
        "data": json.dumps(data, ensure_ascii=False, sort_keys=True), "updated_at": at})
    return event_id


def events(db: sqlite_utils.Database, case_id: str) -> list[dict[str, Any]]:
    """The case's events in the order they were recorded."""
    rows = fetch(db, "SELECT event, occurred_on, recorded_at, actor, from_status, to_status, "
                    "data FROM case_events WHERE case_id = ? AND deleted = 0 "
                    "ORDER BY seq", [case_id])
    return [{**r, "data": json.loads(r["data"])} for r in rows]


def insert_session(db: sqlite_utils.Database, *, station_id: str, case_id: str,
                   held_on: str, data: dict[str, Any], at: str) -> None:
    """A mediation session (调解记录)."""
    insert(db, "mediation_sessions", {
        "id": new_id(), "station_id": station_id, "case_id": case_id, "held_on": held_on,
        "place": data.get("place"), "mediator": data.get("mediator"),
        "participants": data.get("participants"), "notes": data.get("notes"),
        "updated_at": at})


def insert_follow_up(db: sqlite_utils.Database, *, station_id: str, case_id: str,
                     visited_on: str, data: dict[str, Any], at: str) -> None:
    """A follow-up visit (回访记录)."""
    insert(db, "follow_ups", {
        "id": new_id(), "station_id": station_id, "case_id": case_id,
        "visited_on": visited_on, "visitor": data.get("visitor"),
        "performance": data.get("performance"), "satisfaction": data.get("satisfaction"),
        "notes": data.get("notes"), "updated_at": at})


def insert_agreement(db: sqlite_utils.Database, *, station_id: str, case_id: str, kind: str,
                     concluded_on: str, terms: list[dict[str, Any]], waiver: str | None,
                     copies: int, at: str) -> str:
    """An agreement (调解协议 or 和解协议) with its terms."""
    agreement_id = new_id()
    insert(db, "agreements", {
        "id": agreement_id, "station_id": station_id, "case_id": case_id, "kind": kind,
        "concluded_on": concluded_on, "total_fen": sum(t["amount_fen"] for t in terms),
        "waiver": waiver, "copies": copies, "updated_at": at})
    for position, t in enumerate(terms):
        insert(db, "agreement_terms", {
            "id": new_id(), "station_id": station_id, "agreement_id": agreement_id,
            "position": position, "item": t["item"], "amount_fen": t["amount_fen"],
            "due_on": t["due_on"], "method": t["method"], "payer": t.get("payer"),
            "payee": t.get("payee"), "account": t.get("account"), "updated_at": at})
    return agreement_id


def agreement(db: sqlite_utils.Database, case_id: str) -> dict[str, Any] | None:
    """The case's live agreement with its terms, or None."""
    rows = fetch(db, "SELECT * FROM agreements WHERE case_id = ? AND deleted = 0 "
                         "ORDER BY rowid DESC LIMIT 1", [case_id])
    if not rows:
        return None
    found = rows[0]
    found["terms"] = fetch(db,
        "SELECT item, amount_fen, due_on, method, payer, payee, account FROM agreement_terms "
        "WHERE agreement_id = ? AND deleted = 0 ORDER BY position", [found["id"]])
    return found


def signed(found: dict[str, Any] | None) -> frozenset[str]:
    """Which signatures and seals an agreement row has recorded."""
    if not found:
        return frozenset()
    return frozenset(s for s, col in SIGN_COLUMNS.items() if found.get(col))


def signature_days(found: dict[str, Any]) -> list[str]:
    """The dates of the signatures and seal already on an agreement."""
    return [found[col] for col in SIGN_COLUMNS.values() if found.get(col)]


def void_agreement(db: sqlite_utils.Database, agreement_id: str, at: str) -> None:
    """Tombstone an agreement that never took effect (kept for the record and for sync)."""
    update(db, "agreements", agreement_id, {"deleted": 1, "updated_at": at})


def latest_event_day(db: sqlite_utils.Database, case_id: str) -> str | None:
    """The date of the case's latest event, which a new event may not precede."""
    row = db.execute("SELECT max(occurred_on) FROM case_events WHERE case_id = ? AND "
                     "deleted = 0", [case_id]).fetchone()
    return row[0] if row else None


def record_signature(db: sqlite_utils.Database, agreement_id: str, signer: str, on: str,
                     at: str) -> None:
    """Record one signature or the seal on the agreement."""
    update(db, "agreements", agreement_id, {SIGN_COLUMNS[signer]: on, "updated_at": at})


def set_effective(db: sqlite_utils.Database, agreement_id: str, on: str, at: str) -> None:
    """Mark the agreement effective from ``on``."""
    update(db, "agreements", agreement_id, {"effective_on": on, "updated_at": at})


def insert_attachment(db: sqlite_utils.Database, *, station_id: str, case_id: str,
                      sha256: str, filename: str, size: int, description: str | None,
                      actor: str, at: str) -> str:
    """Register a file stored by hash in the data folder."""
    attachment_id = new_id()
    insert(db, "attachments", {
        "id": attachment_id, "station_id": station_id, "case_id": case_id, "sha256": sha256,
        "filename": filename, "size": size, "description": description, "added_at": at,
        "added_by": actor, "updated_at": at})
    return attachment_id


def attachments(db: sqlite_utils.Database, case_id: str) -> list[dict[str, Any]]:
    """The case's files, oldest first."""
    return fetch(db, "SELECT id, sha256, filename, size, description, added_at, added_by "
                         "FROM attachments WHERE case_id = ? AND deleted = 0 ORDER BY rowid",
                         [case_id])


def attachment_digests(db: sqlite_utils.Database) -> list[str]:
    """Every distinct stored file hash still referenced by a live attachment."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT sha256 FROM attachments WHERE deleted = 0 ORDER BY sha256")]
