"""The audit record of reads of personal data, never lost and never in the reader's way.

A read is shown at once; its audit entry is queued to the writer.  If the database cannot
take it (another program holds the write lock past the timeout, the disk is full), the entry
is kept in a small file beside the database (``audit-pending.jsonl``) with the time it
happened, and written into the chain the next time the station opens.
"""

from __future__ import annotations

import json
import logging
import os
from concurrent.futures import Future
from datetime import datetime
from typing import Any

from desktop.paths import Paths
from desktop.storage import audit
from desktop.storage.writer import StationStore, StoreClosed

log = logging.getLogger(__name__)

SPOOL = "audit-pending.jsonl"


def record(store: StationStore, paths: Paths, actor: str, action: str, *,
           case_pk: int | None = None, detail: dict[str, Any] | None = None) -> None:
    """Queue the audit entry of a read; keep it in the spool if it cannot be written."""
    at = datetime.now().isoformat(timespec="seconds")
    entry = {"at": at, "actor": actor, "action": action, "case_pk": case_pk, "detail": detail}

    def write(db: Any) -> None:
        audit.append_many(db, [audit.Entry(actor, action, None, detail, case_pk, None, at)])

    try:
        future = store.write_later(write)
    except StoreClosed:
        _spool(paths, entry)
        return

    def done(f: Future[Any]) -> None:
        if f.exception() is not None:
            _spool(paths, entry)

    future.add_done_callback(done)


def _spool(paths: Paths, entry: dict[str, Any]) -> None:
    try:
        with (paths.root / SPOOL).open("a", encoding="utf-8") as out:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        log.warning("audit entry of a read kept in %s until the database takes it", SPOOL)
    except OSError as exc:  # the disk refuses even this: say so in the log, nothing else
        log.error("audit entry of a read could not be kept: %s", exc)


def flush(store: StationStore, paths: Paths) -> int:
    """Write the kept entries into the audit chain (at opening); returns how many."""
    spool = paths.root / SPOOL
    if not spool.is_file():
        return 0
    taken = spool.with_name(SPOOL + ".flushing")
    os.replace(spool, taken)
    entries = []
    for line in taken.read_text(encoding="utf-8").splitlines():
        try:
            raw = json.loads(line)
            entries.append(audit.Entry(str(raw["actor"]), str(raw["action"]), None,
                                       raw.get("detail"), raw.get("case_pk"), None,
                                       str(raw["at"])))
        except (ValueError, KeyError, TypeError):
            log.error("unreadable line in %s skipped", SPOOL)  # a torn last line
    if entries:
        store.write(audit.append_many, entries)
    taken.unlink()
    return len(entries)


def pending(paths: Paths) -> bool:
    """True while entries wait in the spool."""
    return (paths.root / SPOOL).is_file()
