"""Schema v2: the case search index (trigram + per-character FTS5), back-filled."""

from __future__ import annotations

import sqlite_utils

from desktop.storage import search
from desktop.storage.db import split_sql


def upgrade(db: sqlite_utils.Database) -> None:
    """Create the index tables and index every existing case."""
    for statement in split_sql(search.SCHEMA):
        db.execute(statement)
    search.reindex_all(db)
