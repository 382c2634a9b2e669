"""Schema v3: events carry their order within the case (seq).

Frozen: a released schema step never changes.
"""

from __future__ import annotations

import sqlite_utils

from desktop.storage.sqlscript import run_script

SQL = r"""
-- Schema v3: events carry their order within the case (seq), so the history never depends
-- on the wall clock or on rowids, which VACUUM may renumber in tables without an INTEGER
-- PRIMARY KEY. The back-fill is a local re-numbering, not a change to sync: the update
-- trigger is lifted while it runs and put back exactly as schema v1 defined it.

ALTER TABLE case_events ADD COLUMN seq INTEGER;

DROP TRIGGER case_events_changed_update;

UPDATE case_events SET seq = (
    SELECT count(*) FROM case_events AS e
    WHERE e.case_id = case_events.case_id
      AND (e.recorded_at < case_events.recorded_at
           OR (e.recorded_at = case_events.recorded_at AND e.rowid <= case_events.rowid)));

CREATE TRIGGER case_events_changed_update AFTER UPDATE ON case_events
BEGIN
    INSERT INTO change_log (table_name, record_id, station_id, version, op)
    VALUES ('case_events', NEW.id, NEW.station_id, NEW.version,
            CASE WHEN NEW.deleted = 1 AND OLD.deleted = 0 THEN 'delete' ELSE 'update' END);
END;

CREATE UNIQUE INDEX case_events_order ON case_events(case_id, seq);
"""


def upgrade(db: sqlite_utils.Database) -> None:
    """Apply the step inside the caller's transaction."""
    run_script(db, SQL)
