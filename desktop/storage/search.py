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

from desktop.storage import station

SHORT = 3  # terms shorter than this use the per-character index

# Bump when the text put into the index changes: stations rebuild it once on opening.
INDEX_FORMAT = "2"
FORMAT_SETTING = "search_index_format"
FIELD_BREAK = "zzz"  # a token no 1–2-character query can match, so phrases never span fields


def normalise(text: str) -> str:
    """Full-width letters and digits to half-width, lower case, trimmed."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def spaced(text: str) -> str:
    """Every character its own token; a break token between words and fields.

    Without the break, the last character of one field and the first of the next would
    form a phrase: "工资" ending a summary + "赵…" opening a name would match "资赵".
    """
    return f" {FIELD_BREAK} ".join(" ".join(word) for word in text.split())


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
        if row[3] and not row[3].isdigit():  # 0531-88886666 is also typed 053188886666
            parts.append("".join(ch for ch in row[3] if ch.isdigit()))
    return pk, normalise("\n".join(parts))


def index_case(db: sqlite_utils.Database, case_id: str) -> None:
    """(Re)index one case; call inside the transaction that changed it."""
    pk, body = case_text(db, case_id)
    db.execute("INSERT INTO case_search (pk, body, chars) VALUES (?, ?, ?) "
               "ON CONFLICT(pk) DO UPDATE SET body = excluded.body, chars = excluded.chars",
               [pk, body, spaced(body)])


def reindex_all(db: sqlite_utils.Database) -> int:
    """Rebuild the index for every case; call inside a write transaction."""
    ids = [r[0] for r in db.execute("SELECT id FROM cases WHERE deleted = 0")]
    for case_id in ids:
        index_case(db, case_id)
    # Re-indexing leaves a delete marker per case in the FTS segments; merge them away,
    # or every later query pays for them.
    for table in ("case_fts_tri", "case_fts_uni"):
        db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    station.put_setting(db, FORMAT_SETTING, INDEX_FORMAT)
    return len(ids)


def index_is_current(db: sqlite_utils.Database) -> bool:
    """True when the index was built with this program's text format."""
    return station.setting(db, FORMAT_SETTING) == INDEX_FORMAT


def _clause(term: str) -> tuple[str, str]:
    """SQL giving the pks that contain ``term``, and its parameter."""
    if len(term) >= SHORT:
        return ("SELECT rowid AS pk FROM case_fts_tri WHERE case_fts_tri MATCH ?",
                '"' + term.replace('"', '""') + '"')
    if all(ch.isalnum() for ch in term):
        return ("SELECT rowid AS pk FROM case_fts_uni WHERE case_fts_uni MATCH ?",
                '"' + " ".join(term) + '"')
    # Punctuation is not a token of the per-character index; such rare short terms
    # ("。王", "-1") are answered exactly by scanning the stored text.
    return "SELECT pk FROM case_search WHERE instr(body, ?) > 0", term


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
        clause, param = _clause(term)
        clauses.append(clause)
        params.append(param)
    if len(clauses) == 1:  # the common case: let FTS walk newest first and stop early
        sql = clauses[0]
        if before_pk is not None:
            sql += " AND pk < ?"
            params.append(before_pk)
    else:
        sql = "SELECT pk FROM (" + " INTERSECT ".join(clauses) + ")"
        if before_pk is not None:
            sql += " WHERE pk < ?"
            params.append(before_pk)
    sql += " ORDER BY pk DESC LIMIT ?"
    params.append(limit)
    return [r[0] for r in db.execute(sql, params)]
