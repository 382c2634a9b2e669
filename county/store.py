"""The county's database: SQLite by default, PostgreSQL (psycopg 3) by a URL.

One connection behind a lock: every ingest is serialised anyway (sequence numbers per
station), and the console's reads are short.  SQL is written once with ``?`` parameters
and portable types; the few differences are named in ``_DIALECT``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    token_hash TEXT,
    token_expires TEXT,
    sign_key TEXT,
    box_key TEXT,
    cert_pem TEXT,
    install_id TEXT,
    org TEXT,
    created_at TEXT NOT NULL,
    enrolled_at TEXT,
    revoked_at TEXT,
    revoked_reason TEXT,
    last_contact TEXT,
    up_next BIGINT NOT NULL DEFAULT 1,
    down_next BIGINT NOT NULL DEFAULT 1,
    down_acked BIGINT NOT NULL DEFAULT 0,
    audit_head TEXT,
    state_hash TEXT,
    waiting_for BIGINT,
    gen BIGINT NOT NULL DEFAULT 0,
    full_batch TEXT,
    enrol_request TEXT,
    enrol_answer {blob}
);
CREATE TABLE IF NOT EXISTS messages (
    station TEXT NOT NULL,
    gen BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    batch TEXT NOT NULL,
    sealed_sha256 TEXT NOT NULL,
    received_at TEXT NOT NULL,
    status TEXT NOT NULL,
    records BIGINT NOT NULL DEFAULT 0,
    bytes BIGINT NOT NULL DEFAULT 0,
    receipt {blob},
    envelope {blob},
    PRIMARY KEY (station, gen, seq)
);
CREATE TABLE IF NOT EXISTS records (
    station TEXT NOT NULL,
    type TEXT NOT NULL,
    uid TEXT NOT NULL,
    version BIGINT NOT NULL,
    deleted INTEGER NOT NULL,
    hash TEXT NOT NULL,
    title TEXT,
    search TEXT,
    status TEXT,
    received_on TEXT,
    data TEXT NOT NULL,
    received_at TEXT NOT NULL,
    batch TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (station, type, uid)
);
CREATE TABLE IF NOT EXISTS blobs (
    sha256 TEXT PRIMARY KEY,
    total BIGINT NOT NULL,
    complete INTEGER NOT NULL DEFAULT 0,
    data {blob}
);
CREATE TABLE IF NOT EXISTS blob_chunks (
    sha256 TEXT NOT NULL,
    offset_ BIGINT NOT NULL,
    data {blob} NOT NULL,
    PRIMARY KEY (sha256, offset_)
);
CREATE TABLE IF NOT EXISTS quarantine (
    id {serial},
    station TEXT,
    seq BIGINT,
    kind TEXT,
    received_at TEXT NOT NULL,
    code TEXT NOT NULL,
    reason TEXT NOT NULL,
    header TEXT,
    envelope {blob},
    status TEXT NOT NULL DEFAULT 'open',
    resolved_at TEXT,
    resolved_by TEXT
);
CREATE TABLE IF NOT EXISTS down_refusals (
    station TEXT NOT NULL,
    item_id TEXT NOT NULL,
    item_type TEXT NOT NULL,
    reason TEXT NOT NULL,
    reported_at TEXT NOT NULL,
    PRIMARY KEY (station, item_id)
);
CREATE TABLE IF NOT EXISTS downlink (
    station TEXT NOT NULL,
    gen BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    id TEXT NOT NULL,
    summary TEXT NOT NULL,
    items TEXT NOT NULL,
    envelope {blob} NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    acked_at TEXT,
    PRIMARY KEY (station, gen, seq)
);
CREATE TABLE IF NOT EXISTS clerks (
    login TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    id {serial},
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT
);
CREATE INDEX IF NOT EXISTS records_received ON records (type, received_on);
CREATE INDEX IF NOT EXISTS quarantine_open ON quarantine (status, id);
CREATE INDEX IF NOT EXISTS quarantine_station ON quarantine (station, status);
CREATE INDEX IF NOT EXISTS audit_actor ON audit (actor, action, at);
"""

_DIALECT = {
    "sqlite": {"blob": "BLOB", "serial": "INTEGER PRIMARY KEY AUTOINCREMENT"},
    "postgresql": {"blob": "BYTEA", "serial": "BIGSERIAL PRIMARY KEY"},
}


class Store:
    """The county database behind one lock."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.lock = threading.RLock()
        if url.startswith(("postgresql://", "postgres://")):
            import psycopg

            self.dialect = "postgresql"
            self.conn: Any = psycopg.connect(url, autocommit=False)
        else:
            self.dialect = "sqlite"
            path = url.removeprefix("sqlite:///")
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA busy_timeout = 10000")
        self._depth = 0
        with self.tx():
            for statement in SCHEMA.format(**_DIALECT[self.dialect]).split(";"):
                if statement.strip():
                    self._run(statement, ())

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgresql" else sql

    def _run(self, sql: str, params: Sequence[Any]) -> Any:
        return self.conn.execute(self._sql(sql), tuple(params))

    @contextmanager
    def tx(self) -> Iterator[Store]:
        """One transaction (nested calls join the outer one)."""
        with self.lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            if self.dialect == "sqlite":
                self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self
            except BaseException:
                self._depth = 0
                self.conn.rollback()
                raise
            self._depth = 0
            self.conn.commit()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self.tx():
            cur = self._run(sql, params)
            return int(cur.rowcount or 0)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.tx():
            if self.dialect == "sqlite":
                self.conn.executemany(sql, rows)
            else:
                with self.conn.cursor() as cur:
                    cur.executemany(self._sql(sql), rows)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.lock:
            cur = self._run(sql, params)
            names = [d[0] for d in cur.description]
            out = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
            if not self._depth and self.dialect == "postgresql":
                self.conn.rollback()  # end the implicit read transaction
            return [{k: bytes(v) if isinstance(v, memoryview) else v for k, v in r.items()}
                    for r in out]

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else next(iter(row.values()))

    def close(self) -> None:
        with self.lock:
            self.conn.close()
