"""Schema v7: sync with the county court.

* ``sync_state``: one row — the station's enrolment (its id at the county, the county's id,
  address, TLS fingerprint and public keys), the next upward and expected downward
  sequence numbers, the change epoch already built into envelopes, the last contact and
  receipt, and the state hash the county last reported.
* ``sync_out``: every upward envelope, numbered; the bytes are kept until the county's
  signed receipt arrives (then dropped: the receipt is kept as proof of delivery).
* ``sync_blobs``: the files (attachments, issued documents) already queued for the county.
* ``sync_in``: every downward envelope received, with what was applied and refused.
* ``sync_refused``: downlink items refused (fields the county does not own, bad data).
* ``sync_archive``: receipts of an earlier enrolment (kept as proof when the station enrols
  again, e.g. under a new id after a revocation).

Frozen: a released schema step never changes.
"""

from __future__ import annotations

import sqlite_utils

from desktop.storage.sqlscript import run_script

SQL = r"""
CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    station TEXT NOT NULL,
    county TEXT NOT NULL,
    county_name TEXT NOT NULL,
    url TEXT,
    tls_sha256 TEXT,
    county_keys TEXT NOT NULL,          -- JSON: the county's public keys
    install_id TEXT NOT NULL,
    status TEXT NOT NULL,               -- requested | enrolled | revoked
    enrolled_at TEXT,
    up_next INTEGER NOT NULL DEFAULT 1,
    down_next INTEGER NOT NULL DEFAULT 1,
    built_epoch INTEGER NOT NULL DEFAULT 0,
    full_resend INTEGER NOT NULL DEFAULT 0,
    last_contact TEXT,
    last_receipt_at TEXT,
    county_state_hash TEXT,
    last_error TEXT
);
CREATE TABLE sync_out (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,                 -- batch | blob
    batch TEXT NOT NULL,
    epoch_to INTEGER NOT NULL,
    records INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    envelope BLOB,                      -- dropped once receipted
    manifest TEXT NOT NULL,             -- JSON: [[type, uid, version, hash], ...]
    receipted_at TEXT,
    receipt BLOB
);
CREATE INDEX sync_out_pending ON sync_out(seq) WHERE receipted_at IS NULL;
CREATE TABLE sync_blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    queued_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE sync_in (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    received_at TEXT NOT NULL,
    items INTEGER NOT NULL,
    applied INTEGER NOT NULL,
    refused INTEGER NOT NULL,
    summary TEXT NOT NULL
);
CREATE TABLE sync_archive (
    station TEXT NOT NULL,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    receipted_at TEXT NOT NULL,
    receipt BLOB NOT NULL,
    PRIMARY KEY (station, seq)
);
CREATE TABLE sync_refused (
    pk INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    down_seq INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    item_type TEXT NOT NULL,
    reason TEXT NOT NULL
);
"""


def upgrade(db: sqlite_utils.Database) -> None:
    run_script(db, SQL)
