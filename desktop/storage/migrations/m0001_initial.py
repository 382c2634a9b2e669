"""Schema v1: the station, its people, cases and everything recorded about them.

Frozen: a released schema step never changes.
"""

from __future__ import annotations

import sqlite_utils

from desktop.storage.sqlscript import run_script

SQL = r"""
-- Schema v1: the station, its people, cases and everything recorded about them.
-- Records that sync carry: id (UUID), station_id (owner), version, deleted (tombstone).
-- Money is integer fen. Dates are ISO strings in China local time.

CREATE TABLE organisation (
    id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    org_type TEXT NOT NULL,
    division_code TEXT,
    address TEXT,
    phone TEXT,
    case_no_pattern TEXT NOT NULL,
    is_demo INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'mediator', 'viewer')),
    password_hash TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    created_by TEXT,
    updated_at TEXT NOT NULL,
    updated_by TEXT
);

CREATE TABLE mediators (
    id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT,
    employment TEXT NOT NULL DEFAULT 'part_time' CHECK (employment IN ('full_time', 'part_time')),
    certificate_no TEXT,
    user_id TEXT REFERENCES users(id),
    active INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE counters (
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    next_no INTEGER NOT NULL,
    PRIMARY KEY (series, year)
);

CREATE TABLE cases (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    station_id TEXT NOT NULL,
    case_no TEXT NOT NULL UNIQUE,
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
    dispute_types TEXT NOT NULL,
    primary_type TEXT NOT NULL,
    summary TEXT NOT NULL,
    claimed_fen INTEGER NOT NULL DEFAULT 0 CHECK (claimed_fen >= 0),
    agreed_fen INTEGER CHECK (agreed_fen >= 0),
    worker_count INTEGER NOT NULL DEFAULT 0,
    flags TEXT NOT NULL DEFAULT '[]',
    mediator_id TEXT REFERENCES mediators(id),
    platform_serial TEXT,
    court_case_no TEXT,
    effective_on TEXT,
    closed_on TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0,
    UNIQUE (series, year, seq_no)
);
CREATE INDEX cases_status ON cases(status, pk);
CREATE INDEX cases_received ON cases(received_on);

CREATE TABLE parties (
    id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
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
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX parties_case ON parties(case_id);

CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    position INTEGER NOT NULL,
    item TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX claims_case ON claims(case_id);

CREATE TABLE case_events (
    id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    event TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX case_events_case ON case_events(case_id, recorded_at);

CREATE TABLE mediation_sessions (
    id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    held_on TEXT NOT NULL,
    place TEXT,
    mediator TEXT,
    participants TEXT,
    notes TEXT,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX mediation_sessions_case ON mediation_sessions(case_id);

CREATE TABLE agreements (
    id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL CHECK (kind IN ('mediation', 'settlement')),
    concluded_on TEXT NOT NULL,
    total_fen INTEGER NOT NULL CHECK (total_fen >= 0),
    waiver TEXT,
    copies INTEGER NOT NULL DEFAULT 3,
    applicant_signed_on TEXT,
    respondent_signed_on TEXT,
    mediator_signed_on TEXT,
    org_sealed_on TEXT,
    effective_on TEXT,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX agreements_case ON agreements(case_id);

CREATE TABLE agreement_terms (
    id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements(id),
    position INTEGER NOT NULL,
    item TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    due_on TEXT NOT NULL,
    method TEXT NOT NULL,
    payer TEXT,
    payee TEXT,
    account TEXT,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX agreement_terms_agreement ON agreement_terms(agreement_id);

CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    visited_on TEXT NOT NULL,
    visitor TEXT,
    performance TEXT,
    satisfaction TEXT,
    notes TEXT,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX follow_ups_case ON follow_ups(case_id);

CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases(id),
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    size INTEGER NOT NULL,
    description TEXT,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attachments_case ON attachments(case_id);

-- The outbox sync reads: one row per change of a syncing record, in commit order.
CREATE TABLE change_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    station_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f', 'now', 'localtime'))
);

-- Append-only, hash-chained: hash = SHA-256(prev_hash || canonical JSON of the row).
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every syncing table writes the outbox from triggers, so no write path can forget it.
CREATE TRIGGER organisation_changed_insert AFTER INSERT ON organisation
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('organisation', NEW.id, NEW.station_id, NEW.version, 'insert');
END;
CREATE TRIGGER organisation_changed_update AFTER UPDATE ON organisation
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('organisation', NEW.id, NEW.station_id, NEW.version,
            CASE WHEN NEW.deleted = 1 AND OLD.deleted = 0 THEN 'delete' ELSE 'update' END);
END;
CREATE TRIGGER mediators_changed_insert AFTER INSERT ON mediators
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('mediators', NEW.id, NEW.station_id, NEW.version, 'insert');
END;
CREATE TRIGGER mediators_changed_update AFTER UPDATE ON mediators
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('mediators', NEW.id, NEW.station_id, NEW.version,
            CASE WHEN NEW.deleted = 1 AND OLD.deleted = 0 THEN 'delete' ELSE 'update' END);
END;
CREATE TRIGGER cases_changed_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('cases', NEW.id, NEW.station_id, NEW.version, 'insert');
END;
CREATE TRIGGER cases_changed_update AFTER UPDATE ON cases
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('cases', NEW.id, NEW.station_id, NEW.version,
            CASE WHEN NEW.deleted = 1 AND OLD.deleted = 0 THEN 'delete' ELSE 'update' END);
END;
CREATE TRIGGER parties_changed_insert AFTER INSERT ON parties
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('parties', NEW.id, NEW.station_id, NEW.version, 'insert');
END;
CREATE TRIGGER parties_changed_update AFTER UPDATE ON parties
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('parties', NEW.id, NEW.station_id, NEW.version,
            CASE WHEN NEW.deleted = 1 AND OLD.deleted = 0 THEN 'delete' ELSE 'update' END);
END;
CREATE TRIGGER claims_changed_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('claims', NEW.id, NEW.station_id, NEW.version, 'insert');
END;
CREATE TRIGGER claims_changed_update AFTER UPDATE ON claims
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('claims', NEW.id, NEW.station_id, NEW.version,
            CASE WHEN NEW.deleted = 1 AND OLD.deleted = 0 THEN 'delete' ELSE 'update' END);
END;
CREATE TRIGGER case_events_changed_insert AFTER INSERT ON case_events
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('case_events', NEW.id, NEW.station_id, NEW.version, 'insert');
END;
CREATE TRIGGER case_events_changed_update AFTER UPDATE ON case_events
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('case_events', NEW.id, NEW.station_id, NEW.version,
            CASE WHEN NEW.deleted = 1 AND OLD.deleted = 0 THEN 'delete' ELSE 'update' END);
END;
CREATE TRIGGER mediation_sessions_changed_insert AFTER INSERT ON mediation_sessions
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('mediation_sessions', NEW.id, NEW.station_id, NEW.version, 'insert');
END;
CREATE TRIGGER mediation_sessions_changed_update AFTER UPDATE ON mediation_sessions
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('mediation_sessions', NEW.id, NEW.station_id, NEW.version,
            CASE WHEN NEW.deleted = 1 AND OLD.deleted = 0 THEN 'delete' ELSE 'update' END);
END;
CREATE TRIGGER agreements_changed_insert AFTER INSERT ON agreements
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('agreements', NEW.id, NEW.station_id, NEW.version, 'insert');
END;
CREATE TRIGGER agreements_changed_update AFTER UPDATE ON agreements
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('agreements', NEW.id, NEW.station_id, NEW.version,
            CASE WHEN NEW.deleted = 1 AND OLD.deleted = 0 THEN 'delete' ELSE 'update' END);
END;
CREATE TRIGGER agreement_terms_changed_insert AFTER INSERT ON agreement_terms
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('agreement_terms', NEW.id, NEW.station_id, NEW.version, 'insert');
END;
CREATE TRIGGER agreement_terms_changed_update AFTER UPDATE ON agreement_terms
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('agreement_terms', NEW.id, NEW.station_id, NEW.version,
            CASE WHEN NEW.deleted = 1 AND OLD.deleted = 0 THEN 'delete' ELSE 'update' END);
END;
CREATE TRIGGER follow_ups_changed_insert AFTER INSERT ON follow_ups
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('follow_ups', NEW.id, NEW.station_id, NEW.version, 'insert');
END;
CREATE TRIGGER follow_ups_changed_update AFTER UPDATE ON follow_ups
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('follow_ups', NEW.id, NEW.station_id, NEW.version,
            CASE WHEN NEW.deleted = 1 AND OLD.deleted = 0 THEN 'delete' ELSE 'update' END);
END;
CREATE TRIGGER attachments_changed_insert AFTER INSERT ON attachments
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('attachments', NEW.id, NEW.station_id, NEW.version, 'insert');
END;
CREATE TRIGGER attachments_changed_update AFTER UPDATE ON attachments
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('attachments', NEW.id, NEW.station_id, NEW.version,
            CASE WHEN NEW.deleted = 1 AND OLD.deleted = 0 THEN 'delete' ELSE 'update' END);
END;
"""


def upgrade(db: sqlite_utils.Database) -> None:
    """Apply the step inside the caller's transaction."""
    run_script(db, SQL)
