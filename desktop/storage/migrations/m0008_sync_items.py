"""Schema v8: downlink items remembered by id.

* ``sync_items``: every downlink item the station has taken (applied or refused), by the
  item id the county gave it.  The county may send an item again under a new sequence
  number — its database restored from a backup, or a re-enrolment re-queuing what was not
  yet acknowledged — and a delegated case must not become two cases: an id already here
  is skipped.

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
    at TEXT NOT NULL
);
INSERT OR IGNORE INTO sync_items (id, down_seq, item_type, outcome, at)
    SELECT item_id, down_seq, item_type, 'refused', at FROM sync_refused;
"""


def upgrade(db: sqlite_utils.Database) -> None:
    run_script(db, SQL)
