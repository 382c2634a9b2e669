"""One helper for background work: every operation over ~200 ms runs here.

It hands ``op(station)`` to the core's :class:`~desktop.services.runner.Runner` (a worker
thread; writes still go through the station's one writer) and brings the outcome back to
the GUI thread, where the callbacks run.  A failure shows the error dialog unless the caller
handles it.  A long operation shows a progress dialog with a cancel button (the operation
stops at its next checkpoint).  Widgets are never touched from a worker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.services.runner import Cancelled, Op, Runner, Task
from desktop.ui.errors import show_error

T = TypeVar("T")
SHOW_PROGRESS_AFTER_MS = 300


class Tasks(QObject):
    """Runs operations for one open station and reports back on the GUI thread."""

    _finished = Signal(object, object)  # callback, argument (run on the GUI thread)
    _progress = Signal(object, int, int)  # dialog, done, total
    running_changed = Signal(int)

    def __init__(self, station: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self._runner = Runner(station)
        self._running = 0
        self._finished.connect(self._call, Qt.ConnectionType.QueuedConnection)
        self._progress.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> int:
        """How many operations are under way."""
        return self._running

    def run(self, op: Op[T], *, on_success: Callable[[T], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None,
            parent: QWidget | None = None, progress: str | None = None,
            cancellable: bool = False, after_paint: bool = False) -> Task[T] | None:
        """Run ``op(station)`` off the GUI thread.

        Args:
            op: the operation.
            on_success: called with the result, on the GUI thread.
            on_failure: called with the exception, on the GUI thread; by default the
                error dialog is shown over ``parent``.  Cancelling is not a failure.
            parent: the widget the dialogs belong to.
            progress: a label; a progress dialog appears if the work takes a moment.
            cancellable: whether that dialog offers to cancel.
            after_paint: start it once the event loop has come round (what the user asked
                for is painted first); it counts as running from now.  Returns None then.
        """
        self._set_running(+1)
        if after_paint:
            def start() -> None:
                try:
                    self._start(op, on_success, on_failure, parent, progress, cancellable)
                except RuntimeError:  # the station closed meanwhile: nothing to do
                    self._set_running(-1)

            QTimer.singleShot(0, start)
            return None
        return self._start(op, on_success, on_failure, parent, progress, cancellable)

    def _start(self, op: Op[T], on_success: Callable[[T], None] | None,
               on_failure: Callable[[BaseException], None] | None, parent: QWidget | None,
               progress: str | None, cancellable: bool) -> Task[T]:
        """Hand an operation (already counted as running) to the runner."""
        dialog = self._dialog(parent, progress, cancellable) if progress else None

        def succeeded(result: T) -> None:
            self._finished.emit(lambda: self._done(dialog, on_success, result), None)

        def failed(exc: BaseException) -> None:
            self._finished.emit(lambda: self._failed(dialog, on_failure, parent, exc), None)

        task = self._runner.submit(
            op, name=getattr(op, "__name__", "op"), on_success=succeeded, on_failure=failed,
            on_progress=(lambda d, t: self._progress.emit(dialog, d, t)) if dialog else None)
        if dialog is not None and cancellable:
            dialog.canceled.connect(task.cancel)
        return task

    def shutdown(self) -> None:
        """Wait for running operations (before the station closes)."""
        self._runner.shutdown()

    # -- on the GUI thread -------------------------------------------------------------

    def _call(self, fn: Callable[[], None], _arg: object) -> None:
        fn()

    def _done(self, dialog: QProgressDialog | None, cb: Callable[[Any], None] | None,
              result: Any) -> None:
        self._close(dialog)
        self._set_running(-1)
        if cb is not None:
            cb(result)

    def _failed(self, dialog: QProgressDialog | None,
                cb: Callable[[BaseException], None] | None, parent: QWidget | None,
                exc: BaseException) -> None:
        self._close(dialog)
        self._set_running(-1)
        if isinstance(exc, Cancelled):
            return
        if cb is not None:
            cb(exc)
        else:
            show_error(parent, exc)

    def _dialog(self, parent: QWidget | None, label: str, cancellable: bool) -> QProgressDialog:
        dialog = QProgressDialog(label, self.tr("取消") if cancellable else "", 0, 0, parent)
        dialog.setObjectName("progressDialog")
        dialog.setWindowTitle(self.tr("请稍候"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        if not cancellable:
            dialog.setCancelButton(None)  # type: ignore[arg-type]
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        return dialog

    def _show_progress(self, dialog: QProgressDialog, done: int, total: int) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)

    @staticmethod
    def _close(dialog: QProgressDialog | None) -> None:
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()

    def _set_running(self, delta: int) -> None:
        self._running += delta
        self.running_changed.emit(self._running)


class _Bridge(QObject):
    done = Signal(object, object)


_bridges: set[_Bridge] = set()


def run_plain(fn: Callable[[], T], on_success: Callable[[T], None],
              on_failure: Callable[[BaseException], None]) -> None:
    """Run ``fn()`` on a thread of its own (work before any station is open, such as
    creating one) and call back on the GUI thread."""
    bridge = _Bridge()
    _bridges.add(bridge)

    def deliver(ok: object, value: object) -> None:
        _bridges.discard(bridge)
        bridge.deleteLater()
        if ok:
            on_success(value)  # type: ignore[arg-type]
        else:
            on_failure(value)  # type: ignore[arg-type]

    bridge.done.connect(deliver, Qt.ConnectionType.QueuedConnection)

    def work() -> None:
        try:
            result = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            bridge.done.emit(False, exc)
            return
        bridge.done.emit(True, result)

    threading.Thread(target=work, name="tiaojie-setup", daemon=True).start()
