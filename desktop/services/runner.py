"""One call shape for every operation: ``op(station) -> result``.

The command line calls an operation directly; the desktop hands the same callable to
:class:`Runner`, which runs it on a worker thread (never the GUI thread) and reports its
result, failure, progress and cancellation through callbacks — the Qt adapter in
desktop/ui only turns those into signals.  Writes inside an operation still go through the
station's one writer (:meth:`Station.write`); reads use the worker's own read connection.
A SQLite error the machine caused (a damaged database met by a read, a lost disk) fails the
operation as the ``EnvironmentProblem`` it is, as writes and opening already do; anything
else is passed on unchanged.

A long operation reports progress with :func:`report` and offers to stop at safe points
with :func:`checkpoint`; both do nothing when the operation runs without a runner (the CLI).
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from desktop.domain.errors import TiaojieError
from desktop.storage.db import environment_problem

log = logging.getLogger(__name__)

T = TypeVar("T")
Op = Callable[[Any], T]  # op(station) -> result


class Cancelled(TiaojieError):
    """The user stopped the operation; what it committed before stopping stays."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("操作已取消", "cancelled by the user")


@dataclass
class Task(Generic[T]):
    """A running operation: its progress, its cancel flag and its outcome."""

    name: str
    future: Future[T] | None = None
    done: int = 0
    total: int = 0
    _cancel: threading.Event = field(default_factory=threading.Event)
    on_progress: Callable[[int, int], None] | None = None

    def cancel(self) -> None:
        """Ask the operation to stop at its next checkpoint."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """True once cancellation was asked for."""
        return self._cancel.is_set()


_current: contextvars.ContextVar[Task[Any] | None] = contextvars.ContextVar(
    "tiaojie_task", default=None)


def report(done: int, total: int) -> None:
    """Tell whoever runs the current operation how far it got (no-op without a runner)."""
    task = _current.get()
    if task is None:
        return
    task.done, task.total = done, total
    if task.on_progress is not None:
        try:
            task.on_progress(done, total)
        except Exception:  # a progress display must never break the work  # noqa: BLE001
            log.exception("progress callback failed")


def checkpoint() -> None:
    """Stop here if the user cancelled (raise :class:`Cancelled`); else go on.

    Long operations call it between steps; it also lets other threads run (the GUI
    thread waits for the interpreter while a worker builds rows in Python)."""
    task = _current.get()
    if task is not None and task.cancelled:
        raise Cancelled()
    time.sleep(0)


def _translated(name: str, exc: BaseException) -> BaseException:
    """A SQLite error the machine caused (a damaged page met by a read, a disk gone) as
    the EnvironmentProblem it is; anything else unchanged (a bug stays a bug)."""
    problem = environment_problem(exc)
    if problem is None:
        return exc
    log.warning("%s stopped by the database: %s", name, exc)
    problem.__cause__ = exc
    return problem


class Runner:
    """Runs operations on worker threads for a station (used by the desktop)."""

    def __init__(self, station: Any, workers: int = 2) -> None:
        self.station = station
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tiaojie-op")

    def submit(self, op: Op[T], *, name: str = "",
               on_progress: Callable[[int, int], None] | None = None,
               on_success: Callable[[T], None] | None = None,
               on_failure: Callable[[BaseException], None] | None = None) -> Task[T]:
        """Start ``op(station)`` on a worker; callbacks run on that worker thread."""
        task: Task[T] = Task(name or getattr(op, "__name__", "op"), on_progress=on_progress)

        def run() -> T:
            _current.set(task)
            try:
                result = op(self.station)
            except BaseException as exc:
                failure = _translated(task.name, exc)
                if on_failure is not None:
                    on_failure(failure)
                if failure is exc:
                    raise
                raise failure from exc
            if on_success is not None:
                on_success(result)
            return result

        task.future = self._pool.submit(contextvars.copy_context().run, run)
        return task

    def shutdown(self) -> None:
        """Wait for running operations, then stop the workers."""
        self._pool.shutdown(wait=True)
