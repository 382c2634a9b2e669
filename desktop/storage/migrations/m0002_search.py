"""Schema v2: the case search index (trigram + per-character FTS5).

The tables are created here with frozen DDL; filling them is left to the program that
opens the database (``desktop.storage.db.open_database``), which (re)builds the index
whenever its text format differs from the one the program writes.
"""

from __future__ import annotations

import sqlite_utils

from desktop.storage.sqlscript import run_script

DDL = """
CREATE TABLE case_search (
    pk INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    chars TEXT NOT NULL
);
CREATE VIRTUAL TABLE case_fts_tri USING fts5(
    body, content='case_search', content_rowid='pk', tokenize='trigram');
CREATE VIRTUAL TABLE case_fts_uni USING fts5(
    chars, content='case_search', content_rowid='pk', tokenize='unicode61');
CREATE TRIGGER case_search_ai AFTER INSERT ON case_search BEGIN
    INSERT INTO case_fts_tri(rowid, body) VALUES (new.pk, new.body);
    INSERT INTO case_fts_uni(rowid, chars) VALUES (new.pk, new.chars);
END;
CREATE TRIGGER case_search_ad AFTER DELETE ON case_search BEGIN
    INSERT INTO case_fts_tri(case_fts_tri, rowid, body) VALUES ('delete', old.pk, old.body);
    INSERT INTO case_fts_uni(case_fts_uni, rowid, chars) VALUES ('delete', old.pk, old.chars);
END;
CREATE TRIGGER case_search_au AFTER UPDATE ON case_search BEGIN
    INSERT INTO case_fts_tri(case_fts_tri, rowid, body) VALUES ('delete', old.pk, old.body);
    INSERT INTO case_fts_uni(case_fts_uni, rowid, chars) VALUES ('delete', old.pk, old.chars);
    INSERT INTO case_fts_tri(rowid, body) VALUES (new.pk, new.body);
    INSERT INTO case_fts_uni(rowid, chars) VALUES (new.pk, new.chars);
END;
"""


def upgrade(db: sqlite_utils.Database) -> None:
    """Create the index tables (empty; see the module docstring)."""
    run_script(db, DDL)
