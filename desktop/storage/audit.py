"""The audit trail: append-only and hash-chained.

Each entry's hash is SHA-256 over the previous entry's hash and the canonical JSON of
the entry, so editing, deleting or re-ordering entries behind the program's back breaks
the chain at the first entry touched.  Triggers refuse UPDATE and DELETE through SQLite;
the chain catches edits made with other tools.  Entries about a case carry the digest of
the case as the write left it (:mod:`desktop.storage.casestate`), so edits of case
records are caught too.

The chain of schema v1–v3 is kept verbatim in ``audit_log_v1`` (64-character hex hashes,
each row repeating the previous hash); the current chain starts from its head.

What the chain cannot do on its own: someone who rewrites the database with other tools
can recompute every hash from the first edited entry to the end, and the file will
verify.  What stops that is a copy of the head held elsewhere: the county's signed
receipts record the station's chain head, so a rewritten history no longer matches the
head the county acknowledged (see docs/storage.md).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from desktop.storage import casestate

GENESIS = bytes(32)


def _canonical(*fields: Any) -> bytes:
    return json.dumps(list(fields), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _digest(prev: bytes, seq: int, at: str, actor: str, action: str, target: str | None,
            case_pk: int | None, detail: str | None, state: bytes | None) -> bytes:
    body = _canonical(seq, at, actor, action, target, case_pk, detail,
                      state.hex() if state else None)
    return hashlib.sha256(prev + body).digest()


def _v1_head(db: sqlite_utils.Database) -> bytes:
    try:
        row = db.execute("SELECT hash FROM audit_log_v1 ORDER BY seq DESC LIMIT 1").fetchone()
    except Exception:  # a station created at v4 has no v1 table  # noqa: BLE001
        return GENESIS
    return bytes.fromhex(row[0]) if row else GENESIS


def append(db: sqlite_utils.Database, actor: str, action: str, target: str | None = None,
           detail: dict[str, Any] | None = None, *, case_pk: int | None = None,
           with_state: bool = True, at: str | None = None) -> int:
    """Add one entry; call inside the write transaction of the change it records.

    With ``case_pk`` the entry carries the digest of the case as it stands now (call it
    after the case's changes); ``with_state=False`` for entries that change nothing
    (a case viewed).  Never put passwords, keys or full personal data into ``detail``.
    """
    state = casestate.digest(db, case_pk) if case_pk is not None and with_state else None
    return append_many(db, [Entry(actor, action, target, detail, case_pk, state)], at=at)


@dataclass(frozen=True)
class Entry:
    """One audit entry to append (``state``: the case digest it carries, if any)."""

    actor: str
    action: str
    target: str | None = None
    detail: dict[str, Any] | None = None
    case_pk: int | None = None
    state: bytes | None = None
    at: str | None = None  # when it happened, if not now (an entry kept while the file was busy)


def append_many(db: sqlite_utils.Database, entries: list[Entry], *,
                at: str | None = None) -> int:
    """Append entries in order, chained (one statement for all); returns the last seq."""
    last = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0], last[1]) if last else (0, _v1_head(db))
    at = at or datetime.now().isoformat(timespec="seconds")
    rows = []
    for e in entries:
        seq += 1
        when = e.at or at
        text = (json.dumps(e.detail, ensure_ascii=False, sort_keys=True,
                           separators=(",", ":")) if e.detail else None)
        prev = _digest(prev, seq, when, e.actor, e.action, e.target, e.case_pk, text, e.state)
        rows.append((seq, when, e.actor, e.action, e.target, e.case_pk, text, e.state, prev))
    db.conn.executemany("INSERT INTO audit_log (seq, at, actor, action, target, case_pk, "
                        "detail, state, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return seq


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found."""

    entries: int
    broken_at: int | None = None
    reason_zh: str | None = None
    reason_en: str | None = None
    head: str | None = None

    @property
    def ok(self) -> bool:
        """True when every link holds."""
        return self.broken_at is None


def verify_chain(db: sqlite_utils.Database) -> ChainReport:
    """Walk both chains (v1–v3, then the current one) and report the first broken link."""
    count, prev = 0, GENESIS
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    columns = {r[1] for r in db.execute("PRAGMA table_info(audit_log)")}
    if "prev_hash" in columns:  # a file still at schema v1-v3 (check never migrates)
        return _verify_v1(db, "audit_log")[0]
    if "audit_log_v1" in tables:
        report, prev_hex = _verify_v1(db, "audit_log_v1")
        if not report.ok:
            return report
        count, prev = report.entries, bytes.fromhex(prev_hex) if prev_hex else GENESIS
    expected = 1
    for seq, at, actor, action, target, case_pk, detail, state, digest in db.execute(
            "SELECT seq, at, actor, action, target, case_pk, detail, state, hash "
            "FROM audit_log ORDER BY seq"):
        count += 1
        if seq != expected:
            return _broken(count, expected, "missing")
        if _digest(prev, seq, at, actor, action, target, case_pk, detail, state) != digest:
            return _broken(count, seq, "altered")
        prev, expected = digest, seq + 1
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").fetchone()
    if row and row[0] >= expected:
        return _broken(count, expected, "truncated")
    return ChainReport(count, head=prev.hex())


def _broken(count: int, seq: int, why: str) -> ChainReport:
    zh = {"missing": f"第 {seq} 条审计记录缺失（被删除）",
          "altered": f"第 {seq} 条审计记录内容或链接被改动",
          "truncated": f"第 {seq} 条起的审计记录被截断"}[why]
    en = {"missing": f"audit entry {seq} is missing (deleted)",
          "altered": f"audit entry {seq}: content or link does not match its hash",
          "truncated": f"audit entries from {seq} on were truncated"}[why]
    return ChainReport(count, seq, zh, en)


def _v1_digest(prev_hash: str, seq: int, at: str, actor: str, action: str,
               target: str | None, detail: str) -> str:
    canonical = json.dumps([seq, at, actor, action, target, detail], ensure_ascii=False,
                           separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def _verify_v1(db: sqlite_utils.Database, table: str) -> tuple[ChainReport, str | None]:
    """The chain as schema v1–v3 wrote it (kept verbatim)."""
    prev, expected, count = "0" * 64, 1, 0
    for seq, at, actor, action, target, detail, prev_hash, digest in db.execute(
            "SELECT seq, at, actor, action, target, detail, prev_hash, hash "
            f"FROM {table} ORDER BY seq"):
        count += 1
        if seq != expected:
            return _broken(count, expected, "missing"), None
        if prev_hash != prev or _v1_digest(prev, seq, at, actor, action, target,
                                           detail) != digest:
            return _broken(count, seq, "altered"), None
        prev, expected = digest, seq + 1
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [table]).fetchone()
    if row and row[0] >= expected:
        return _broken(count, expected, "truncated"), None
    return ChainReport(count), (prev if count else None)


@dataclass(frozen=True)
class StateReport:
    """What :func:`verify_case_states` found."""

    cases: int
    uncovered: int
    altered: list[str]

    @property
    def ok(self) -> bool:
        """True when every covered case matches the state its last audit entry recorded."""
        return not self.altered


def verify_case_states(db: sqlite_utils.Database) -> StateReport:
    """Recompute every case's digest and compare it with its latest audited state."""
    latest: dict[int, bytes] = {}
    for case_pk, state in db.execute(
            "SELECT case_pk, state FROM audit_log WHERE case_pk IS NOT NULL AND "
            "state IS NOT NULL ORDER BY seq"):
        latest[case_pk] = state
    # Only a case registered before v4 may lack a digest: the station then has a v1-v3
    # chain, and the case was numbered before the first case registered under v4. A case
    # row without any audited state otherwise was put in the file by another program.
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    legacy = "audit_log_v1" in tables and db.execute(
        "SELECT 1 FROM audit_log_v1 LIMIT 1").fetchone() is not None
    first_v4 = db.execute("SELECT MIN(case_pk) FROM audit_log WHERE action = 'case.register'"
                          ).fetchone()[0]
    altered, uncovered, total = [], 0, 0
    for pk, case_no in db.execute("SELECT pk, case_no FROM cases ORDER BY pk"):
        total += 1
        recorded = latest.get(pk)
        if recorded is None:
            if legacy and (first_v4 is None or pk < first_v4):
                uncovered += 1
            else:
                altered.append(case_no)
        elif casestate.digest(db, pk) != recorded:
            altered.append(case_no)
    return StateReport(total, uncovered, altered)


def integrity_check(db: sqlite_utils.Database) -> list[str]:
    """``PRAGMA integrity_check`` problems (empty when the file is sound)."""
    rows = [r[0] for r in db.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def case_trail(db: sqlite_utils.Database, case_pk: int,
               limit: int) -> list[tuple[int, str, str, str, dict[str, Any]]]:
    """A case's audit entries, newest first: (seq, at, actor, action, detail)."""
    return [(seq, at, actor, action, json.loads(detail) if detail else {})
            for seq, at, actor, action, detail in db.execute(
                "SELECT seq, at, actor, action, detail FROM audit_log WHERE case_pk = ? "
                "ORDER BY seq DESC LIMIT ?", [case_pk, limit])]
