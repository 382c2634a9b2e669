"""Schema v4: lean storage.

* Child records (parties, claims, events, agreement terms, signatures) are keyed by their
  case (integer) and position, not by a UUID each; their global identity for sync is the
  case's UUID plus that position.  The owning station is the organisation's, stored once.
* Change capture moves from a change-log row per write to a ``change_seq`` on each synced
  aggregate (case, mediator, organisation), stamped by triggers with the open change
  epoch, so no write path can forget it and repeated edits of a case before the next sync
  cost nothing extra.
* Sessions, follow-up visits and agreements live in their events' data, their one source
  of truth: an agreement is the ``agree``/``settle`` event that made it, with the ``sign``
  events after it (the domain folds them); the v1 agreement tables, which repeated what
  the events held, are dropped.
* The audit chain stores each hash once, as 32 bytes, and a case's state digest with
  each case entry; the v1–v3 chain is kept verbatim in ``audit_log_v1`` and the new chain
  starts from its head.
* Each open legal clock of a case is kept in ``case_deadlines`` (rewritten with every
  event) so the dashboard asks an index, not every case's events.
* The search index loses its spaced copy of the text (the per-character index is
  contentless) and is rebuilt by the explicit re-index operation, not here.

Frozen once released.
"""

from __future__ import annotations

import sqlite_utils

from desktop.storage.sqlscript import run_script

NEW_TABLES = r"""
-- Change numbers come in epochs: every change stamps its aggregate with the open number
-- (seq); sync closes it (seq + 1) before sending what carries it, and records what the
-- county acknowledged (acked).  A stamp taken while the open number is already
-- acknowledged first opens a new one, so even a write made outside the program is sent.
CREATE TABLE sync_clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    acked INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_clock (id, seq) VALUES (1, 1);

CREATE TABLE mediators_v4 (
    pk INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT,
    employment TEXT NOT NULL DEFAULT 'part_time' CHECK (employment IN ('full_time', 'part_time')),
    certificate_no TEXT,
    user_login TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    change_seq INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE cases_v4 (
    pk INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    case_no TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq_no INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('mediation', 'negotiation')),
    source TEXT NOT NULL,
    court_procedure TEXT,
    status TEXT NOT NULL,
    received_on TEXT NOT NULL,
    accepted_on TEXT,
    dispute_arose_on TEXT,
    employment_ended_on TEXT,
    employment_ongoing INTEGER NOT NULL DEFAULT 0,
    dispute_types TEXT NOT NULL,
    primary_type TEXT NOT NULL,
    summary TEXT NOT NULL,
    claimed_fen INTEGER NOT NULL DEFAULT 0 CHECK (claimed_fen >= 0),
    agreed_fen INTEGER CHECK (agreed_fen >= 0),
    worker_count INTEGER NOT NULL DEFAULT 0,
    flags TEXT NOT NULL DEFAULT '',
    mediator_pk INTEGER REFERENCES mediators_v4(pk),
    platform_serial TEXT,
    court_case_no TEXT,
    linked_case_pk INTEGER,
    effective_on TEXT,
    closed_on TEXT,
    outcome TEXT,
    next_due_on TEXT,
    next_due_key TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    change_seq INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    UNIQUE (series, year, seq_no)
);

CREATE TABLE parties_v4 (
    case_pk INTEGER NOT NULL REFERENCES cases_v4(pk),
    position INTEGER NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('applicant', 'respondent')),
    kind TEXT NOT NULL CHECK (kind IN ('worker', 'employer', 'agent')),
    role TEXT,
    representative INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    id_type TEXT,
    id_number TEXT,
    uscc TEXT,
    phone TEXT,
    address TEXT,
    legal_rep TEXT,
    gender TEXT,
    birth_date TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (case_pk, position)
) WITHOUT ROWID;

CREATE TABLE claims_v4 (
    case_pk INTEGER NOT NULL REFERENCES cases_v4(pk),
    position INTEGER NOT NULL,
    item TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    PRIMARY KEY (case_pk, position)
) WITHOUT ROWID;

-- Append-only: a mistaken event is corrected by a later event, never edited.
CREATE TABLE events (
    case_pk INTEGER NOT NULL REFERENCES cases_v4(pk),
    seq INTEGER NOT NULL,
    event TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    to_status TEXT NOT NULL,
    data TEXT,
    PRIMARY KEY (case_pk, seq)
) WITHOUT ROWID;

CREATE TABLE attachments_v4 (
    pk INTEGER PRIMARY KEY,
    case_pk INTEGER NOT NULL REFERENCES cases_v4(pk),
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    size INTEGER NOT NULL,
    description TEXT,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);

-- Every open legal clock of a live case (none for closed clocks): the dashboard's index.
CREATE TABLE case_deadlines (
    case_pk INTEGER NOT NULL REFERENCES cases_v4(pk),
    clock TEXT NOT NULL,
    due_on TEXT NOT NULL,
    optional INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (case_pk, clock)
) WITHOUT ROWID;

CREATE TABLE audit_log_v4 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    case_pk INTEGER,
    detail TEXT,
    state BLOB,
    hash BLOB NOT NULL
);
"""

COPY = r"""
INSERT INTO mediators_v4 (uid, name, phone, employment, certificate_no, active, updated_at,
                          deleted)
SELECT id, name, phone, employment, certificate_no, active, updated_at, deleted
FROM mediators ORDER BY rowid;

INSERT INTO cases_v4 (pk, uid, case_no, series, year, seq_no, kind, source, court_procedure,
    status, received_on, accepted_on, dispute_arose_on, dispute_types, primary_type, summary,
    claimed_fen, agreed_fen, worker_count, flags, mediator_pk, platform_serial,
    court_case_no, effective_on, closed_on, created_at, created_by, updated_at, updated_by,
    deleted)
SELECT c.pk, c.id, c.case_no, c.series, c.year, c.seq_no, c.kind, c.source,
    c.court_procedure, c.status, c.received_on, c.accepted_on, c.dispute_arose_on,
    c.dispute_types, c.primary_type, c.summary, c.claimed_fen, c.agreed_fen, c.worker_count,
    coalesce((SELECT group_concat(value, ' ') FROM json_each(c.flags)), ''),
    (SELECT m.pk FROM mediators_v4 AS m WHERE m.uid = c.mediator_id), c.platform_serial,
    c.court_case_no, c.effective_on, c.closed_on, c.created_at, c.created_by, c.updated_at,
    c.updated_by, c.deleted
FROM cases AS c;

INSERT INTO parties_v4 (case_pk, position, side, kind, role, representative, name, id_type,
    id_number, uscc, phone, address, legal_rep, gender, birth_date, deleted)
SELECT c.pk, p.position, p.side, p.kind, p.role, p.representative, p.name, p.id_type,
    p.id_number, p.uscc, p.phone, p.address, p.legal_rep, p.gender, p.birth_date, p.deleted
FROM parties AS p JOIN cases AS c ON c.id = p.case_id;

INSERT INTO claims_v4 (case_pk, position, item, amount_fen)
SELECT c.pk, k.position, k.item, k.amount_fen
FROM claims AS k JOIN cases AS c ON c.id = k.case_id WHERE k.deleted = 0;

INSERT INTO events (case_pk, seq, event, occurred_on, recorded_at, actor, to_status, data)
SELECT c.pk, e.seq, e.event, e.occurred_on, e.recorded_at, e.actor, e.to_status,
    nullif(e.data, '{}')
FROM case_events AS e JOIN cases AS c ON c.id = e.case_id WHERE e.deleted = 0;

INSERT INTO attachments_v4 (case_pk, sha256, filename, size, description, added_at, added_by,
    deleted)
SELECT c.pk, f.sha256, f.filename, f.size, f.description, f.added_at, f.added_by, f.deleted
FROM attachments AS f JOIN cases AS c ON c.id = f.case_id ORDER BY f.rowid;
"""

SWAP = r"""
DROP TRIGGER IF EXISTS organisation_changed_insert;
DROP TRIGGER IF EXISTS organisation_changed_update;
DROP TRIGGER IF EXISTS case_search_ai;
DROP TRIGGER IF EXISTS case_search_ad;
DROP TRIGGER IF EXISTS case_search_au;
DROP TABLE case_fts_tri;
DROP TABLE case_fts_uni;
DROP TABLE case_search;

DROP TABLE change_log;
DROP TABLE follow_ups;
DROP TABLE mediation_sessions;
DROP TABLE agreement_terms;
DROP TABLE agreements;
DROP TABLE attachments;
DROP TABLE case_events;
DROP TABLE claims;
DROP TABLE parties;
DROP TABLE cases;
DROP TABLE mediators;

ALTER TABLE mediators_v4 RENAME TO mediators;
ALTER TABLE cases_v4 RENAME TO cases;
ALTER TABLE parties_v4 RENAME TO parties;
ALTER TABLE claims_v4 RENAME TO claims;
ALTER TABLE attachments_v4 RENAME TO attachments;

ALTER TABLE organisation ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisation ADD COLUMN location TEXT;

-- The v1-v3 chain stays as it was (its triggers keep refusing edits); the new one starts
-- from its head.
ALTER TABLE audit_log RENAME TO audit_log_v1;
ALTER TABLE audit_log_v4 RENAME TO audit_log;
CREATE TRIGGER audit_log_v4_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_v4_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
"""

INDEXES = r"""
CREATE INDEX cases_status ON cases(status, received_on, deleted) WHERE deleted = 0;
CREATE INDEX cases_received ON cases(received_on, deleted) WHERE deleted = 0;
CREATE INDEX cases_mediator ON cases(mediator_pk, received_on, deleted) WHERE deleted = 0;
CREATE INDEX cases_next_due ON cases(coalesce(next_due_on, '9999-12-31'), pk)
    WHERE deleted = 0;
CREATE INDEX cases_changes ON cases(change_seq);
CREATE INDEX cases_tombstones ON cases(pk) WHERE deleted = 1;
CREATE INDEX attachments_case ON attachments(case_pk);
CREATE INDEX case_deadlines_due ON case_deadlines(due_on, optional, clock);
CREATE INDEX audit_log_case ON audit_log(case_pk) WHERE case_pk IS NOT NULL;

CREATE TABLE case_search (
    pk INTEGER PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE VIRTUAL TABLE case_fts_tri USING fts5(
    body, content='case_search', content_rowid='pk', tokenize='trigram');
CREATE VIRTUAL TABLE case_fts_uni USING fts5(chars, content='', tokenize='unicode61');

-- Nothing has been acknowledged yet: everything belongs to the first, open epoch.
UPDATE cases SET change_seq = 1;
UPDATE mediators SET change_seq = 1;
UPDATE organisation SET change_seq = 1;
DELETE FROM settings WHERE key = 'search_index_format';
"""

# Change capture: any write to a synced aggregate (or anything it owns) stamps the aggregate
# with the next number of the one global sequence.  Sync sends what changed after the last
# number the county acknowledged.
# Derived columns (next_due_*) and the stamp itself do not count as changes.
SYNCED_CASE_COLUMNS = (
    "uid, case_no, series, year, seq_no, kind, source, court_procedure, status, received_on, "
    "accepted_on, dispute_arose_on, employment_ended_on, employment_ongoing, dispute_types, "
    "primary_type, summary, claimed_fen, agreed_fen, worker_count, flags, mediator_pk, "
    "platform_serial, court_case_no, linked_case_pk, effective_on, closed_on, outcome, "
    "created_at, created_by, updated_at, updated_by, deleted")

AGGREGATES = (("cases", "pk", SYNCED_CASE_COLUMNS), ("mediators", "pk", None),
              ("organisation", "id", None))


def _aggregate_triggers() -> str:
    out = []
    for table, key, synced in AGGREGATES:
        for op in ("INSERT", "UPDATE"):
            what = f"UPDATE OF {synced}" if op == "UPDATE" and synced else op
            out.append(f"""
CREATE TRIGGER {table}_stamp_{op.lower()} AFTER {what} ON {table}
WHEN (SELECT NEW.change_seq IS NOT seq OR seq <= acked FROM sync_clock) BEGIN
    UPDATE sync_clock SET seq = seq + 1 WHERE seq <= acked;
    UPDATE {table} SET change_seq = (SELECT seq FROM sync_clock) WHERE {key} = NEW.{key};
END;""")
    return "\n".join(out)

# Tables owned by a case (directly or through its agreement) stamp the case.
CASE_CHILDREN = ("parties", "claims", "events", "attachments")


def _child_triggers() -> str:
    out = []
    for table, owner in [(t, "NEW.case_pk") for t in CASE_CHILDREN]:
        for op in ("INSERT", "UPDATE"):
            out.append(f"""
CREATE TRIGGER {table}_stamp_{op.lower()} AFTER {op} ON {table}
WHEN (SELECT c.change_seq IS NOT s.seq OR s.seq <= s.acked FROM cases AS c, sync_clock AS s
      WHERE c.pk = {owner}) BEGIN
    UPDATE sync_clock SET seq = seq + 1 WHERE seq <= acked;
    UPDATE cases SET change_seq = (SELECT seq FROM sync_clock) WHERE pk = {owner};
END;""")
    # Events are append-only like the audit log.
    out.append("""
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;""")
    return "\n".join(out)


def upgrade(db: sqlite_utils.Database) -> None:
    """Rebuild the tables in the lean layout, keeping every record."""
    for script in (NEW_TABLES, COPY, SWAP, INDEXES, _aggregate_triggers(), _child_triggers()):
        run_script(db, script)
