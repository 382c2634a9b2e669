"""A case's state digest: SHA-256 over everything recorded about one case.

The audit entry of every write to a case carries the digest of the case as that write
left it, so ``tiaojie check`` can tell a case row, party, agreement or event edited
behind the program's back (its digest no longer matches the chain).  Derived columns
(the nearest deadline, the change stamp) are left out: they are not records.
"""

from __future__ import annotations

import hashlib
import json

import sqlite_utils

CASE_COLUMNS = (
    "uid, case_no, series, year, seq_no, kind, source, court_procedure, status, received_on, "
    "accepted_on, dispute_arose_on, employment_ended_on, employment_ongoing, dispute_types, "
    "primary_type, summary, claimed_fen, agreed_fen, worker_count, flags, mediator_pk, "
    "platform_serial, court_case_no, linked_case_pk, effective_on, closed_on, outcome, "
    "created_at, created_by, deleted")

PARTS = (
    ("SELECT * FROM parties WHERE case_pk = ? ORDER BY position", "case"),
    ("SELECT * FROM claims WHERE case_pk = ? ORDER BY position", "case"),
    ("SELECT * FROM events WHERE case_pk = ? ORDER BY seq", "case"),
    ("SELECT sha256, filename, size, description, added_at, added_by, deleted "
     "FROM attachments WHERE case_pk = ? ORDER BY pk", "case"),
)


def digest(db: sqlite_utils.Database, case_pk: int) -> bytes:
    """The 32-byte digest of the case as it is stored now."""
    head = db.execute(f"SELECT {CASE_COLUMNS} FROM cases WHERE pk = ?", [case_pk]).fetchone()
    parts: list[object] = [list(head) if head else None]
    for sql, _ in PARTS:
        parts.append([list(r) for r in db.execute(sql, [case_pk])])
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=_blob)
    return hashlib.sha256(text.encode("utf-8")).digest()


def _blob(value: object) -> str:
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(type(value).__name__)
