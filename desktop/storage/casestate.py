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

# Each part: the rows one case owns, in a fixed order; the first column is the case's key.
PARTS = (
    "SELECT * FROM parties WHERE case_pk BETWEEN ? AND ? ORDER BY case_pk, position",
    "SELECT * FROM claims WHERE case_pk BETWEEN ? AND ? ORDER BY case_pk, position",
    "SELECT * FROM events WHERE case_pk BETWEEN ? AND ? ORDER BY case_pk, seq",
    "SELECT case_pk, sha256, filename, size, description, added_at, added_by, deleted "
    "FROM attachments WHERE case_pk BETWEEN ? AND ? ORDER BY case_pk, pk",
)


def digest(db: sqlite_utils.Database, case_pk: int) -> bytes:
    """The 32-byte digest of the case as it is stored now."""
    return digests(db, case_pk, case_pk).get(case_pk, _hash([None, [], [], [], []]))


def digests(db: sqlite_utils.Database, first: int, last: int) -> dict[int, bytes]:
    """The digests of every case with a key in ``first..last`` (one query per table)."""
    heads = {r[0]: list(r[1:]) for r in db.execute(
        f"SELECT pk, {CASE_COLUMNS} FROM cases WHERE pk BETWEEN ? AND ?", [first, last])}
    parts: dict[int, list[list[list[object]]]] = {pk: [[] for _ in PARTS] for pk in heads}
    for i, sql in enumerate(PARTS):
        for row in db.execute(sql, [first, last]):
            owned = parts.get(row[0])
            if owned is not None:
                owned[i].append(list(row) if i < 3 else list(row[1:]))
    return {pk: _hash([head, *parts[pk]]) for pk, head in heads.items()}


def _hash(parts: list[object]) -> bytes:
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=_blob)
    return hashlib.sha256(text.encode("utf-8")).digest()


def _blob(value: object) -> str:
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(type(value).__name__)
