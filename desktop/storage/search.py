"""Case search over case numbers, party and employer names, ID numbers, phones, summaries.

Two FTS5 indexes share one content table (``case_search``):

* ``case_fts_tri`` (trigram) answers terms of three or more characters;
* ``case_fts_uni`` indexes every character as its own token (the text is stored
  with spaces between characters), so a one- or two-character term — most
  Chinese given names, short employer fragments — is an FTS phrase query
  instead of the zero rows trigram returns or a full ``LIKE`` scan.

Both are walked newest first with a limit, so a common single character stops
as soon as a page is full.
"""

from __future__ import annotations

import unicodedata

import sqlite_utils

SHORT = 3  # terms shorter than this use the per-character index

SCHEMA = """
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


def normalise(text: str) -> str:
    """Full-width letters and digits to half-width, lower case, trimmed."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def spaced(text: str) -> str:
    """Every non-space character as its own token for the per-character index."""
    return " ".join(ch for ch in text if not ch.isspace())


def case_text(db: sqlite_utils.Database, case_id: str) -> tuple[int, str]:
    """The searchable text of one case, built from the case and its live parties."""
    pk, year, seq_no, summary = db.execute(
        "SELECT pk, year, seq_no, summary FROM cases WHERE id = ?", [case_id]).fetchone()
    # Only the distinctive part of the case number: the station's short name and the
    # series words are on every case and would make "王" match all of them.
    parts = [f"〔{year}〕第{seq_no}号", summary]
    for row in db.execute(
            "SELECT name, id_number, uscc, phone, legal_rep FROM parties "
            "WHERE case_id = ? AND deleted = 0 ORDER BY position", [case_id]):
        parts.extend(v for v in row if v)
    return pk, normalise("\n".join(parts))


def index_case(db: sqlite_utils.Database, case_id: str) -> None:
    """(Re)index one case; call inside the transaction that changed it."""
    pk, body = case_text(db, case_id)
    db.execute("INSERT INTO case_search (pk, body, chars) VALUES (?, ?, ?) "
               "ON CONFLICT(pk) DO UPDATE SET body = excluded.body, chars = excluded.chars",
               [pk, body, spaced(body)])


def reindex_all(db: sqlite_utils.Database) -> int:
    """Rebuild the index for every case (used by the migration that introduced it)."""
    ids = [r[0] for r in db.execute("SELECT id FROM cases WHERE deleted = 0")]
    for case_id in ids:
        index_case(db, case_id)
    return len(ids)


def _match(term: str) -> tuple[str, str]:
    """The FTS table and MATCH expression for one term (always a quoted phrase)."""
    if len(term) >= SHORT:
        return "case_fts_tri", '"' + term.replace('"', '""') + '"'
    return "case_fts_uni", '"' + " ".join(term).replace('"', '""') + '"'


def search_pks(db: sqlite_utils.Database, query: str, *, limit: int,
               before_pk: int | None = None) -> list[int]:
    """Case pks matching every whitespace-separated term, newest first.

    Args:
        query: what the user typed; terms are ANDed.
        limit: page size.
        before_pk: keyset paging — only cases older than this one.
    """
    terms = [t for t in normalise(query).split() if t]
    if not terms:
        return []
    clauses: list[str] = []
    params: list[str | int] = []
    for term in terms:
        table, expr = _match(term)
        clauses.append(f"SELECT rowid AS pk FROM {table} WHERE {table} MATCH ?")
        params.append(expr)
    if len(clauses) == 1:
        sql = clauses[0]
        if before_pk is not None:
            sql += " AND rowid < ?"
            params.append(before_pk)
        sql += " ORDER BY rowid DESC LIMIT ?"
    else:
        sql = "SELECT pk FROM (" + " INTERSECT ".join(clauses) + ")"
        if before_pk is not None:
            sql += " WHERE pk < ?"
            params.append(before_pk)
        sql += " ORDER BY pk DESC LIMIT ?"
    params.append(limit)
    return [r[0] for r in db.execute(sql, params)]
