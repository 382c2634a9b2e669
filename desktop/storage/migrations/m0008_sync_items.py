"""Schema v8: downlink items remembered by id; a pending enrolment request kept.

* ``sync_items``: every downlink item the station has taken (applied or refused), by the
  item id the county gave it.  The county may send an item again under a new sequence
  number — its database restored from a backup, or a re-enrolment re-queuing what was not
  yet acknowledged — and a delegated case must not become two cases: an id already here
  is skipped.  A refused item keeps its content, so it can be taken again once what made
  the station refuse it (a computer clock behind, say) is put right.
* ``sync_state.enrol_request`` / ``enrol_token``: the request sent for an enrolment file
  (and the SHA-256 of that file's token) while the county's answer is awaited.  Running
  the enrolment again with the same file sends the same request, which the county answers
  the same way, instead of making new keys the county has never seen.

Frozen: a released schema step never changes.
"""

from __future__ import annotations

import sqlite_utils

from desktop.storage.sqlscript import run_script

SQL = r"""
CREATE TABLE sync_items (
    id TEXT PRIMARY KEY,
    down_seq INTEGER NOT NULL,
    item_type TEXT NOT NULL,
    outcome TEXT NOT NULL,              -- applied | refused
    at TEXT NOT NULL,
    item TEXT                           -- the item's JSON, kept while it stays refused
);
ALTER TABLE sync_state ADD COLUMN enrol_request BLOB;
ALTER TABLE sync_state ADD COLUMN enrol_token TEXT;
INSERT OR IGNORE INTO sync_items (id, down_seq, item_type, outcome, at)
    SELECT item_id, down_seq, item_type, 'refused', at FROM sync_refused;
"""


def upgrade(db: sqlite_utils.Database) -> None:
    run_script(db, SQL)
