"""The station's side of sync in SQL: what to send (aggregates as plain data), the numbered
upward envelopes until receipted, the downward ones received, and the enrolment state."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlite_utils

from desktop.storage import outbox
from desktop.storage.rows import fetch, insert, now

_CASE_DROP = ("pk", "mediator_pk", "linked_case_pk", "change_seq", "next_due_on",
              "next_due_key")
AGGREGATE_PAGE = 2000  # aggregates read at a time by a build


def state(db: sqlite_utils.Database) -> dict[str, Any] | None:
    rows = fetch(db, "SELECT * FROM sync_state WHERE id = 1")
    return rows[0] if rows else None


def audit_head(db: sqlite_utils.Database) -> str:
    """The audit chain's latest hash (hex), sent with every batch."""
    row = db.execute("SELECT hex(hash) FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0] or "").lower() if row else ""


@contextmanager
def savepoint(db: sqlite_utils.Database, name: str = "item") -> Iterator[None]:
    """Part of a write transaction that is undone alone when it raises."""
    db.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        db.execute(f"ROLLBACK TO {name}")
        db.execute(f"RELEASE {name}")
        raise
    db.execute(f"RELEASE {name}")


def mediator_by_uid(db: sqlite_utils.Database, uid: Any) -> tuple[int, str] | None:
    row = db.execute("SELECT pk, name FROM mediators WHERE uid = ?", [uid]).fetchone()
    return (row[0], row[1]) if row else None


def put_state(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    db.execute("DELETE FROM sync_state")
    insert(db, "sync_state", {**row, "id": 1})


def start_over(db: sqlite_utils.Database) -> int:
    """A new enrolment: keep the earlier one's receipts in the archive, forget the rest of
    its sync state (sequence numbers start again); returns the receipts archived."""
    old = state(db)
    moved = 0
    if old is not None:
        moved = db.execute(
            "INSERT OR IGNORE INTO sync_archive (station, seq, id, receipted_at, receipt)"
            " SELECT ?, seq, id, receipted_at, receipt FROM sync_out"
            " WHERE receipted_at IS NOT NULL", [old["station"]]).rowcount
    for table in ("sync_out", "sync_in", "sync_blobs"):
        db.execute(f"DELETE FROM {table}")
    return int(moved)


def update_state(db: sqlite_utils.Database, **changes: Any) -> None:
    sets = ", ".join(f"{k} = ?" for k in changes)
    db.execute(f"UPDATE sync_state SET {sets} WHERE id = 1", list(changes.values()))


# -- aggregates -------------------------------------------------------------------------

# What a case aggregate carries of each table it owns: (key, table, columns, order within
# the case).  Each order is unique within a case (a primary key), so a case's rows come in
# the same order whether it is read alone or with others.
_CASE_CHILDREN = (
    ("parties", "parties", "position, side, kind, role, representative, name, id_type,"
     " id_number, uscc, phone, address, legal_rep, gender, birth_date, deleted", "position"),
    ("claims", "claims", "position, item, amount_fen", "position"),
    ("events", "events", "seq, event, occurred_on, recorded_at, actor, to_status, data", "seq"),
    ("attachments", "attachments", "sha256, filename, size, description, added_at, added_by,"
     " deleted", "pk"),
    ("documents", "documents", "uid, form_code, title, number, version, sha256,"
     " content_sha256, size, pages, sealed, captured, cert_sha256, issued_on, issued_at,"
     " issued_by", "pk"),
    ("signatures", "captured_signatures", "signer, sha256, captured_at, deleted", "pk"),
)
_PKS = "SELECT value FROM json_each(?)"  # a list of case pks bound as one JSON array


def case_aggregate(db: sqlite_utils.Database, pk: int) -> tuple[str, int, bool, dict[str, Any]]:
    """A case with everything it owns, keyed by global ids (no local row numbers)."""
    return case_aggregates(db, [pk])[pk]


def case_aggregates(db: sqlite_utils.Database, pks: list[int]
                    ) -> dict[int, tuple[str, int, bool, dict[str, Any]]]:
    """:func:`case_aggregate` of many cases at once, by pk: one query for the cases and
    one for each table they own, whatever their number."""
    bound = [json.dumps(pks)]
    cases = fetch(db, "SELECT c.*, m.uid AS mediator_uid, l.uid AS linked_case_uid FROM cases c"
                      " LEFT JOIN mediators m ON m.pk = c.mediator_pk"
                      " LEFT JOIN cases l ON l.pk = c.linked_case_pk"
                      f" WHERE c.pk IN ({_PKS})", bound)
    datas = {c["pk"]: {k: v for k, v in c.items() if k not in _CASE_DROP} for c in cases}
    for key, table, columns, order in _CASE_CHILDREN:
        for data in datas.values():
            data[key] = []
        for case_pk, row in _children(db, table, columns, order, bound):
            datas[case_pk][key].append(row)
    for data in datas.values():
        for event in data["events"]:
            event["data"] = json.loads(event["data"]) if event["data"] else None
    return {c["pk"]: (c["uid"], c["change_seq"], bool(c["deleted"]), datas[c["pk"]])
            for c in cases}


def _children(db: sqlite_utils.Database, table: str, columns: str, order: str,
              bound: list[Any]) -> list[tuple[int, dict[str, Any]]]:
    """(case pk, row) of the rows of ``table`` owned by the bound cases, in case order and
    then ``order``."""
    cursor = db.conn.execute(f"SELECT case_pk, {columns} FROM {table}"
                             f" WHERE case_pk IN ({_PKS}) ORDER BY case_pk, {order}", bound)
    names = [d[0] for d in cursor.description][1:]
    return [(row[0], dict(zip(names, row[1:], strict=True))) for row in cursor.fetchall()]


def mediator_aggregate(db: sqlite_utils.Database, pk: int
                       ) -> tuple[str, int, bool, dict[str, Any]]:
    row = fetch(db, "SELECT * FROM mediators WHERE pk = ?", [pk])[0]
    data = {k: v for k, v in row.items() if k not in ("pk", "change_seq")}
    return row["uid"], row["change_seq"], bool(row["deleted"]), data


def organisation_aggregate(db: sqlite_utils.Database
                           ) -> tuple[str, int, bool, dict[str, Any]]:
    row = fetch(db, "SELECT * FROM organisation")[0]
    data = {k: v for k, v in row.items() if k not in ("change_seq", "location")}
    return row["id"], row["change_seq"], bool(row["deleted"]), data


def changed_aggregates(db: sqlite_utils.Database, after: int, upto: int
                       ) -> Iterator[tuple[str, str, int, bool, dict[str, Any]]]:
    """(type, uid, version, deleted, data) of every aggregate stamped in (after, upto], in
    change order (epoch, then type, then row) — paged by that key, so an epoch of any size
    is read in full."""
    key: tuple[int, str, int] = (after, "", 0)
    while True:
        page = db.execute(
            "SELECT * FROM ("
            " SELECT change_seq, 'cases' AS t, pk FROM cases"
            " UNION ALL SELECT change_seq, 'mediators', pk FROM mediators"
            " UNION ALL SELECT change_seq, 'organisation', rowid FROM organisation)"
            " WHERE change_seq > ? AND change_seq <= ? AND (change_seq, t, pk) > (?, ?, ?)"
            " ORDER BY change_seq, t, pk LIMIT ?", [after, upto, *key, AGGREGATE_PAGE]
        ).fetchall()
        if not page:
            return
        cases = case_aggregates(db, [pk for _, table, pk in page if table == "cases"])
        for _epoch, table, pk in page:
            if table == "cases":
                yield ("case", *cases[pk])
            elif table == "mediators":
                yield ("mediator", *mediator_aggregate(db, pk))
            else:
                yield ("organisation", *organisation_aggregate(db))
        key = tuple(page[-1])  # type: ignore[assignment]


def state_rows(db: sqlite_utils.Database) -> list[tuple[str, str, int]]:
    """(type, uid, version) of every synced aggregate, tombstones included."""
    return [tuple(r) for r in db.execute(  # type: ignore[misc]
        "SELECT 'case', uid, change_seq FROM cases"
        " UNION ALL SELECT 'mediator', uid, change_seq FROM mediators"
        " UNION ALL SELECT 'organisation', id, change_seq FROM organisation")]


def pending_changes(db: sqlite_utils.Database, built_epoch: int) -> int:
    """Aggregates changed since the last envelope was built."""
    return int(db.execute(
        "SELECT (SELECT count(*) FROM cases WHERE change_seq > ?)"
        " + (SELECT count(*) FROM mediators WHERE change_seq > ?)"
        " + (SELECT count(*) FROM organisation WHERE change_seq > ?)",
        [built_epoch] * 3).fetchone()[0])


# -- upward envelopes ---------------------------------------------------------------------

def add_out(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    insert(db, "sync_out", {**row, "created_at": now()})


def pending_out(db: sqlite_utils.Database, limit: int = 1000) -> list[dict[str, Any]]:
    return fetch(db, "SELECT seq, id, kind, envelope, manifest FROM sync_out"
                     " WHERE receipted_at IS NULL ORDER BY seq LIMIT ?", [limit])


def out_row(db: sqlite_utils.Database, seq: int) -> dict[str, Any] | None:
    rows = fetch(db, "SELECT * FROM sync_out WHERE seq = ?", [seq])
    return rows[0] if rows else None


def mark_receipted(db: sqlite_utils.Database, seq: int, receipt: bytes, at: str) -> None:
    """Store the receipt and drop the envelope it acknowledges (and the manifest, which
    the receipt repeats)."""
    db.execute("UPDATE sync_out SET receipted_at = ?, receipt = ?, envelope = NULL,"
               " manifest = '[]' WHERE seq = ?", [at, receipt, seq])


def acked_epoch(db: sqlite_utils.Database, built_epoch: int) -> int:
    """The highest epoch whose envelopes are all receipted."""
    row = db.execute("SELECT min(epoch_to) FROM sync_out WHERE receipted_at IS NULL"
                     " AND kind = 'batch'").fetchone()
    return built_epoch if row[0] is None else row[0] - 1


def acknowledge(db: sqlite_utils.Database, built_epoch: int) -> None:
    outbox.acknowledge(db, acked_epoch(db, built_epoch))


def out_counts(db: sqlite_utils.Database) -> dict[str, Any]:
    row = db.execute("SELECT count(*), coalesce(sum(bytes), 0) FROM sync_out"
                     " WHERE receipted_at IS NULL").fetchone()
    last = fetch(db, "SELECT seq, receipted_at FROM sync_out WHERE receipted_at IS NOT NULL"
                     " ORDER BY seq DESC LIMIT 1")
    return {"pending": row[0], "pending_bytes": row[1],
            "last_receipt_seq": last[0]["seq"] if last else None}


def drop_unreceipted(db: sqlite_utils.Database) -> None:
    db.execute("DELETE FROM sync_out WHERE receipted_at IS NULL")


def queued_blobs(db: sqlite_utils.Database, digests: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(digests), 500):
        part = digests[i:i + 500]
        marks = ",".join("?" * len(part))
        found.update(r[0] for r in db.execute(
            f"SELECT sha256 FROM sync_blobs WHERE sha256 IN ({marks})", part))
    return found


def queue_blob(db: sqlite_utils.Database, sha256: str, size: int) -> None:
    db.execute("INSERT OR IGNORE INTO sync_blobs (sha256, size, queued_at) VALUES (?, ?, ?)",
               [sha256, size, now()])


def forget_blobs(db: sqlite_utils.Database) -> None:
    """A full re-send sends every file again."""
    db.execute("DELETE FROM sync_blobs")


# -- downward envelopes -------------------------------------------------------------------

def add_in(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    insert(db, "sync_in", {**row, "received_at": now()})


def seen_in(db: sqlite_utils.Database, seq: int) -> dict[str, Any] | None:
    rows = fetch(db, "SELECT * FROM sync_in WHERE seq = ?", [seq])
    return rows[0] if rows else None


def add_refused(db: sqlite_utils.Database, down_seq: int, item_id: str, item_type: str,
                reason: str) -> None:
    insert(db, "sync_refused", {"at": now(), "down_seq": down_seq, "item_id": item_id,
                                "item_type": item_type, "reason": reason})


def item_seen(db: sqlite_utils.Database, item_id: str) -> bool:
    return bool(fetch(db, "SELECT 1 FROM sync_items WHERE id = ?", [item_id]))


def add_item(db: sqlite_utils.Database, down_seq: int, item: dict[str, Any],
             outcome: str) -> None:
    """Remember a downlink item by id; a refused one with its content (to take it again)."""
    insert(db, "sync_items", {"id": item["id"], "down_seq": down_seq,
                              "item_type": item["type"], "outcome": outcome, "at": now(),
                              "item": json.dumps(item, ensure_ascii=False)
                              if outcome == "refused" else None})


def refused_item(db: sqlite_utils.Database, item_id: str) -> dict[str, Any] | None:
    rows = fetch(db, "SELECT * FROM sync_items WHERE id = ? AND outcome = 'refused'",
                 [item_id])
    return rows[0] if rows else None


def refused_again(db: sqlite_utils.Database, item_id: str, reason: str) -> None:
    db.execute("UPDATE sync_refused SET reason = ?, at = ? WHERE item_id = ?",
               [reason, now(), item_id])


def item_taken(db: sqlite_utils.Database, item_id: str) -> None:
    """A refused item applied after all: it no longer counts as refused."""
    db.execute("UPDATE sync_items SET outcome = 'applied', item = NULL, at = ? WHERE id = ?",
               [now(), item_id])
    db.execute("DELETE FROM sync_refused WHERE item_id = ?", [item_id])


def refused(db: sqlite_utils.Database, limit: int = 50) -> list[dict[str, Any]]:
    return fetch(db, "SELECT * FROM sync_refused ORDER BY pk DESC LIMIT ?", [limit])


def refused_count(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM sync_refused").fetchone()[0])


def received(db: sqlite_utils.Database, limit: int = 50) -> list[dict[str, Any]]:
    return fetch(db, "SELECT seq, kind, received_at, items, applied, refused, summary"
                     " FROM sync_in ORDER BY seq DESC LIMIT ?", [limit])
