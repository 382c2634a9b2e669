"""The audit trail: append-only and hash-chained.

Each row's hash is SHA-256 over the previous row's hash and the canonical JSON
of the row, so editing, deleting or re-ordering rows behind the program's back
breaks the chain at the first row touched.  Triggers refuse UPDATE and DELETE
through SQLite; the chain catches edits made with other tools.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

GENESIS = "0" * 64


def _digest(prev_hash: str, seq: int, at: str, actor: str, action: str, target: str | None,
            detail: str) -> str:
    canonical = json.dumps([seq, at, actor, action, target, detail], ensure_ascii=False,
                           separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def append(db: sqlite_utils.Database, actor: str, action: str, target: str | None = None,
           detail: dict[str, Any] | None = None, *, at: str | None = None) -> int:
    """Add one entry; call inside the write transaction of the change it records.

    Never put passwords, keys or full personal data into ``detail``.
    """
    last = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = at or datetime.now().isoformat(timespec="seconds")
    text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    db.execute("INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [seq, at, actor, action, target, text, prev,
                _digest(prev, seq, at, actor, action, target, text)])
    return seq


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found."""

    entries: int
    broken_at: int | None = None
    reason_zh: str | None = None
    reason_en: str | None = None

    @property
    def ok(self) -> bool:
        """True when every link holds."""
        return self.broken_at is None


def verify_chain(db: sqlite_utils.Database) -> ChainReport:
    """Walk the whole chain and report the first broken link."""
    prev, expected, count = GENESIS, 1, 0
    for seq, at, actor, action, target, detail, prev_hash, digest in db.execute(
            "SELECT seq, at, actor, action, target, detail, prev_hash, hash "
            "FROM audit_log ORDER BY seq"):
        count += 1
        if seq != expected:
            return ChainReport(count, expected, f"第 {expected} 条审计记录缺失（被删除）",
                               f"audit entry {expected} is missing (deleted)")
        if prev_hash != prev:
            return ChainReport(count, seq, f"第 {seq} 条审计记录的前序哈希不符（记录被改动或删除）",
                               f"audit entry {seq}: previous-hash link broken")
        if _digest(prev, seq, at, actor, action, target, detail) != digest:
            return ChainReport(count, seq, f"第 {seq} 条审计记录内容被改动",
                               f"audit entry {seq}: content does not match its hash")
        prev, expected = digest, seq + 1
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").fetchone()
    if row and row[0] >= expected:
        return ChainReport(count, expected, f"第 {expected} 条起的审计记录被截断",
                           f"audit entries from {expected} on were truncated")
    return ChainReport(count)


def integrity_check(db: sqlite_utils.Database) -> list[str]:
    """``PRAGMA integrity_check`` problems (empty when the file is sound)."""
    rows = [r[0] for r in db.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows
