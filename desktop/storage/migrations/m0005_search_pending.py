"""Schema v5: cases registered but not yet merged into the FTS indexes.

Each FTS5 commit writes new index segments, whatever the size of the change: ~0.6 ms of
every registration went there. New cases now wait in ``search_pending`` (search scans
their stored text directly) and are merged into the indexes a few dozen at a time.

Frozen: a released schema step never changes.
"""

from __future__ import annotations

import sqlite_utils

from desktop.storage.sqlscript import run_script

SQL = r"""
CREATE TABLE search_pending (
    pk INTEGER PRIMARY KEY  -- a case whose case_search text is not in the FTS indexes yet
);
"""


def upgrade(db: sqlite_utils.Database) -> None:
    """Apply the step inside the caller's transaction."""
    run_script(db, SQL)
