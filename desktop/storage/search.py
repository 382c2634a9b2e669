"""Case search over case numbers, party and employer names, ID numbers, phones, summaries.

Two FTS5 indexes over one stored text per case (``case_search``):

* ``case_fts_tri`` (trigram) answers terms of three or more characters;
* ``case_fts_uni`` (contentless) indexes every character as its own token (the text
  is handed to it with spaces between characters), so a one- or two-character term — most
  Chinese given names, short employer fragments — is an FTS phrase query
  instead of the zero rows trigram returns or a full ``LIKE`` scan.

Both are walked newest first with a limit, so a common single character stops
as soon as a page is full.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

import sqlite_utils

from desktop.domain.text import check_search
from desktop.storage import station

SHORT = 3  # terms shorter than this use the per-character index

# Bump when the text put into the index changes: stations rebuild it once on opening.
INDEX_FORMAT = "3"
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


def case_text(db: sqlite_utils.Database, case_pk: int) -> str:
    """The searchable text of one case, built from the case and its live parties."""
    year, seq_no, summary = db.execute(
        "SELECT year, seq_no, summary FROM cases WHERE pk = ?", [case_pk]).fetchone()
    return text_of(year, seq_no, summary, db.execute(
        "SELECT name, id_number, uscc, phone, legal_rep FROM parties "
        "WHERE case_pk = ? AND deleted = 0 ORDER BY position", [case_pk]))


def text_of(year: int, seq_no: int, summary: str,
            parties: Iterable[Sequence[str | None]]) -> str:
    """The searchable text from a case's number, summary and parties' (name, id_number,
    uscc, phone, legal_rep)."""
    # Only the distinctive part of the case number: the station's short name and the
    # series words are on every case and would make "王" match all of them.
    parts = [f"〔{year}〕第{seq_no}号", summary]
    for row in parties:
        parts.extend(v for v in row if v)
        phone = row[3]
        if phone and not phone.isdigit():  # 0531-88886666 is also typed 053188886666
            parts.append("".join(ch for ch in phone if ch.isdigit()))
    return normalise("\n".join(parts))


# New cases wait in ``search_pending`` (search scans their text directly) until this many
# have gathered; then they are merged into the FTS indexes in one go. Each FTS5 commit
# writes new index segments whatever the size of the change, so one case per commit would
# pay that every time.
MERGE_AT = 32


def index_new(db: sqlite_utils.Database, texts: Sequence[tuple[int, str]]) -> None:
    """Index cases never indexed before, in one statement per table (every new case).

    A few cases join the pending set (merged once it holds :data:`MERGE_AT`); a batch at
    least that large goes straight into the FTS indexes.
    """
    db.conn.executemany("INSERT INTO case_search (pk, body) VALUES (?, ?)", texts)
    if len(texts) >= MERGE_AT:
        _fts_insert(db, texts)
        return
    db.conn.executemany("INSERT INTO search_pending (pk) VALUES (?)",
                        [(pk,) for pk, _ in texts])
    if pending_count(db) >= MERGE_AT:
        merge_pending(db)


def pending_count(db: sqlite_utils.Database) -> int:
    """How many cases are waiting to be merged into the FTS indexes."""
    return db.execute("SELECT count(*) FROM search_pending").fetchone()[0]


def merge_pending(db: sqlite_utils.Database) -> int:
    """Merge every waiting case into the FTS indexes; returns how many there were."""
    texts = db.execute("SELECT p.pk, s.body FROM search_pending AS p "
                       "JOIN case_search AS s ON s.pk = p.pk").fetchall()
    _fts_insert(db, texts)
    db.execute("DELETE FROM search_pending")
    return len(texts)


def _fts_insert(db: sqlite_utils.Database, texts: Sequence[tuple[int, str]]) -> None:
    db.conn.executemany("INSERT INTO case_fts_tri (rowid, body) VALUES (?, ?)", texts)
    db.conn.executemany("INSERT INTO case_fts_uni (rowid, chars) VALUES (?, ?)",
                        [(pk, spaced(body)) for pk, body in texts])


def index_case(db: sqlite_utils.Database, case_pk: int) -> None:
    """(Re)index one case; call inside the transaction that changed it.

    The per-character index is contentless, so an old entry is removed by handing FTS5
    the text it was built from. A case still waiting to be merged only has its stored
    text replaced (the merge indexes the text it finds then).
    """
    body = case_text(db, case_pk)
    old = db.execute("SELECT body FROM case_search WHERE pk = ?", [case_pk]).fetchone()
    if old is not None:
        if old[0] == body:
            return
        db.execute("UPDATE case_search SET body = ? WHERE pk = ?", [body, case_pk])
        if db.execute("SELECT 1 FROM search_pending WHERE pk = ?", [case_pk]).fetchone():
            return
        _unindex(db, case_pk, old[0])
    else:
        db.execute("INSERT INTO case_search (pk, body) VALUES (?, ?)", [case_pk, body])
    _fts_insert(db, [(case_pk, body)])


def _unindex(db: sqlite_utils.Database, case_pk: int, body: str) -> None:
    db.execute("INSERT INTO case_fts_tri (case_fts_tri, rowid, body) VALUES ('delete', ?, ?)",
               [case_pk, body])
    db.execute("INSERT INTO case_fts_uni (case_fts_uni, rowid, chars) VALUES ('delete', ?, ?)",
               [case_pk, spaced(body)])


# -- the explicit, resumable re-index ---------------------------------------------------

PROGRESS_SETTING = "search_reindex_upto"


def index_state(db: sqlite_utils.Database) -> tuple[bool, int, int]:
    """(complete, cases indexed so far, live cases) of the search index."""
    current = station.setting(db, FORMAT_SETTING) == INDEX_FORMAT
    total = db.execute("SELECT count(*) FROM cases WHERE deleted = 0").fetchone()[0]
    if current:
        return True, total, total
    upto = int(station.setting(db, PROGRESS_SETTING) or 0)
    done = db.execute("SELECT count(*) FROM cases WHERE deleted = 0 AND pk <= ?",
                      [upto]).fetchone()[0]
    return False, done, total


def index_is_current(db: sqlite_utils.Database) -> bool:
    """True when every case is indexed with this program's text format."""
    return station.setting(db, FORMAT_SETTING) == INDEX_FORMAT


def start_reindex(db: sqlite_utils.Database) -> None:
    """Empty the index and mark it to be rebuilt from the first case."""
    db.execute("DELETE FROM case_search")
    db.execute("DELETE FROM search_pending")
    db.execute("INSERT INTO case_fts_tri (case_fts_tri) VALUES ('delete-all')")
    db.execute("INSERT INTO case_fts_uni (case_fts_uni) VALUES ('delete-all')")
    station.put_setting(db, FORMAT_SETTING, "rebuilding")
    station.put_setting(db, PROGRESS_SETTING, "0")


def reindex_chunk(db: sqlite_utils.Database, size: int = 2000) -> bool:
    """Index the next ``size`` cases after the recorded progress; True when finished.

    Each chunk is its own write transaction (the caller's), so a rebuild can be stopped
    and resumed, and never holds the write lock for long.
    """
    if station.setting(db, FORMAT_SETTING) == INDEX_FORMAT:
        return True
    if station.setting(db, PROGRESS_SETTING) is None:
        start_reindex(db)
    upto = int(station.setting(db, PROGRESS_SETTING) or 0)
    pks = [r[0] for r in db.execute("SELECT pk FROM cases WHERE deleted = 0 AND pk > ? "
                                    "ORDER BY pk LIMIT ?", [upto, size])]
    for pk in pks:
        index_case(db, pk)
    if len(pks) < size:
        # Re-indexing leaves delete markers in the FTS segments; merge them away.
        for table in ("case_fts_tri", "case_fts_uni"):
            db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        station.put_setting(db, FORMAT_SETTING, INDEX_FORMAT)
        db.execute("DELETE FROM settings WHERE key = ?", [PROGRESS_SETTING])
        return True
    station.put_setting(db, PROGRESS_SETTING, str(pks[-1]))
    return False


def mark_current(db: sqlite_utils.Database) -> None:
    """A new station's index is complete from the start."""
    station.put_setting(db, FORMAT_SETTING, INDEX_FORMAT)


def _clause(term: str, pending: bool) -> tuple[str, list[str]]:
    """SQL giving the pks that contain ``term``, and its parameters.

    With ``pending``, the cases not yet merged into the FTS indexes are matched on their
    stored text (the same answer: a term of 3+ characters is a substring; a 1–2-character
    term of letters and digits is one too, since their fields are words of such characters
    in order).
    """
    if len(term) >= SHORT:
        sql, param = ("SELECT rowid AS pk FROM case_fts_tri WHERE case_fts_tri MATCH ?",
                      '"' + term.replace('"', '""') + '"')
    elif all(ch.isalnum() for ch in term):
        sql, param = ("SELECT rowid AS pk FROM case_fts_uni WHERE case_fts_uni MATCH ?",
                      '"' + " ".join(term) + '"')
    else:
        # Punctuation is not a token of the per-character index; such rare short terms
        # ("。王", "-1") are answered exactly by scanning the stored text.
        return "SELECT pk FROM case_search WHERE instr(body, ?) > 0", [term]
    if not pending:
        return sql, [param]
    return (f"SELECT pk FROM ({sql} UNION ALL SELECT p.pk FROM search_pending AS p "
            "JOIN case_search AS s ON s.pk = p.pk WHERE instr(s.body, ?) > 0)", [param, term])


def match_clause(query: str, db: sqlite_utils.Database) -> tuple[str, list[str]] | None:
    """SQL selecting the pks that match every term of ``query``, or None for no terms.

    Raises:
        ValidationError: the query is beyond the search limits (``text.check_search``):
            the SQL is one compound SELECT per word and must stay bounded.
    """
    terms = [t for t in normalise(check_search(query)).split() if t]
    if not terms:
        return None
    pending = db.execute("SELECT EXISTS (SELECT 1 FROM search_pending)").fetchone()[0] == 1
    clauses = [_clause(t, pending) for t in terms]
    return (" INTERSECT ".join(c for c, _ in clauses), [p for _, ps in clauses for p in ps])


def search_pks(db: sqlite_utils.Database, query: str, *, limit: int,
               before_pk: int | None = None) -> list[int]:
    """Case pks matching every whitespace-separated term, newest first (live cases only).

    Args:
        query: what the user typed; terms are ANDed.
        limit: page size.
        before_pk: keyset paging — only cases older than this one.
    """
    clause = match_clause(query, db)
    if clause is None:
        return []
    sql, params = clause
    # Tombstoned cases are few and have their own small index; "pk IN (live cases)" would
    # make SQLite re-run the match for every case.
    sql = (f"SELECT pk FROM ({sql}) AS s "
           "WHERE s.pk NOT IN (SELECT pk FROM cases WHERE deleted = 1)")
    args: list[object] = list(params)
    if before_pk is not None:
        sql += " AND s.pk < ?"
        args.append(before_pk)
    sql += " ORDER BY s.pk DESC LIMIT ?"
    args.append(limit)
    return [r[0] for r in db.execute(sql, args)]
