"""One writer, safe readers: the threading model every part of the program shares.

A :class:`StationStore` owns the write connection on a thread of its own (as Anki's
collection ops and Electrum's database thread do).  Every write is a function
``fn(db)`` submitted to that thread and run inside one ``BEGIN IMMEDIATE`` transaction,
so two threads can never interleave their writes or see each other's uncommitted rows.
Every other thread reads through its own ``query_only`` connection, which in WAL mode
sees committed data only and never waits for the writer.

Nothing here knows Qt; the desktop runs operations off the GUI thread through
:mod:`desktop.services.runner`, which calls into this.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from desktop.domain.errors import EnvironmentProblem
from desktop.storage import db as storage_db

log = logging.getLogger(__name__)

T = TypeVar("T")
AUTOCHECKPOINT_PAGES = 20_000  # ~80 MB: reached only if the background checkpoints stop
CHECKPOINT_BYTES = 4 * 1024 * 1024
CHECKPOINT_SECONDS = 0.5
WriteFn = Callable[..., T]


class StoreClosed(EnvironmentProblem):
    """A write was submitted after the station was closed."""


class StationStore:
    """The database of one open station: a writer thread and a reader per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tiaojie-writer")
        self._writer: sqlite_utils.Database | None = None
        self._writer_ident: int | None = None
        self._in_write = False
        self._local = threading.local()
        self._readers: list[sqlite_utils.Database] = []
        self._lock = threading.Lock()
        self._closed = False
        self._stop = threading.Event()
        self._checkpointer: threading.Thread | None = None

    # -- opening and closing ----------------------------------------------------------

    def open(self, *, upto: int | None = None) -> None:
        """Open the writer connection and migrate the schema (on the writer thread)."""
        self._executor.submit(self._open_writer, upto).result()

    def _open_writer(self, upto: int | None) -> None:
        db = storage_db.open_database(self.path, upto=upto)
        # Checkpoints run on their own thread (below), so a commit never waits for the disk
        # to be synced; the large automatic limit is only a safety net.
        db.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}")
        self._writer, self._writer_ident = db, threading.get_ident()
        self._checkpointer = threading.Thread(target=self._checkpoint_loop, daemon=True,
                                              name="tiaojie-checkpoint")
        self._checkpointer.start()

    def _checkpoint_loop(self) -> None:
        """Copy the WAL back into the database while it grows (passive: never blocks the
        writer or the readers); the fsyncs happen here, not in a commit."""
        wal = self.path.with_name(self.path.name + "-wal")
        conn = None
        try:
            while not self._stop.wait(CHECKPOINT_SECONDS):
                try:
                    if wal.stat().st_size < CHECKPOINT_BYTES:
                        continue
                    if conn is None:
                        conn = storage_db.connect_reader(self.path)
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except (OSError, Exception) as exc:  # noqa: BLE001 - the writer's own
                    log.warning("background checkpoint skipped: %s", exc)  # limit remains
        finally:
            if conn is not None:
                conn.close()

    def close(self) -> None:
        """Finish queued writes, then close every connection."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            readers, self._readers = self._readers, []
        self._stop.set()
        if self._checkpointer is not None:
            self._checkpointer.join()
        with contextlib.suppress(Exception):
            self._executor.submit(self._close_writer).result()
        self._executor.shutdown(wait=True)
        for reader in readers:
            with contextlib.suppress(Exception):
                reader.close()

    def _close_writer(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran."""
        return self._closed

    # -- writing ----------------------------------------------------------------------

    def on_writer_thread(self) -> bool:
        """True when called from the writer thread itself."""
        return threading.get_ident() == self._writer_ident

    def write(self, fn: WriteFn[T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(db, *args, **kwargs)`` in one write transaction; return its result.

        Called from the writer thread inside a write (a write composed of others), the
        function joins the open transaction.  Any exception rolls the whole write back
        and is re-raised in the calling thread.
        """
        if self.on_writer_thread():
            if self._in_write:
                assert self._writer is not None
                return fn(self._writer, *args, **kwargs)
            return self._run_write(fn, args, kwargs)
        return self._submit(fn, args, kwargs).result()

    def write_later(self, fn: WriteFn[Any], *args: Any, **kwargs: Any) -> Future[Any]:
        """Queue a write without waiting for it (e.g. the audit entry of a read).

        A failure is logged; :meth:`close` waits for queued writes to finish.
        """
        future = self._submit(fn, args, kwargs)
        future.add_done_callback(_log_failure)
        return future

    def write_async(self, fn: WriteFn[T], *args: Any, **kwargs: Any) -> Future[T]:
        """Queue a write and return its future (the caller collects result or error)."""
        return self._submit(fn, args, kwargs)

    def _submit(self, fn: WriteFn[T], args: tuple[Any, ...],
                kwargs: dict[str, Any]) -> Future[T]:
        with self._lock:
            if self._closed:
                raise StoreClosed("工作站已关闭", "the station is closed")
            return self._executor.submit(self._run_write, fn, args, kwargs)

    def _run_write(self, fn: WriteFn[T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
        db = self._writer
        if db is None:
            raise StoreClosed("工作站已关闭", "the station is closed")
        self._in_write = True
        try:
            with storage_db.write_transaction(db):
                return fn(db, *args, **kwargs)
        finally:
            self._in_write = False

    # -- reading ----------------------------------------------------------------------

    def read(self) -> sqlite_utils.Database:
        """This thread's read-only connection (opened on first use)."""
        db = getattr(self._local, "db", None)
        if db is None:
            with self._lock:
                if self._closed:
                    raise StoreClosed("工作站已关闭", "the station is closed")
            db = storage_db.connect_reader(self.path)
            self._local.db = db
            with self._lock:
                self._readers.append(db)
        return db

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[sqlite_utils.Database]:
        """A read transaction: every query inside sees the same committed state."""
        db = self.read()
        if db.conn.in_transaction:  # nested snapshot on the same thread
            yield db
            return
        with storage_db.translated():
            db.execute("BEGIN")
        try:
            yield db
        finally:
            with contextlib.suppress(Exception):
                db.execute("COMMIT")


def _log_failure(future: Future[Any]) -> None:
    exc = future.exception()
    if exc is not None:
        log.error("queued write failed: %s", exc, exc_info=exc)
