"""How failures reach a person: one dialog for errors the core raises on purpose, a copyable
report for bugs, and a global hook so nothing crashes the window silently.

The core never shows dialogs (it raises typed errors); this module decides how each kind is
shown.  Bad input and refusals are plain messages; an environment problem (disk full,
database locked, damaged file) says what to do; anything else is a bug: logged with its
traceback and shown with a report the user can copy for whoever supports the station.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from dataclasses import dataclass
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.domain.errors import (
    AuthError,
    EnvironmentProblem,
    InputError,
    PermissionDenied,
    TiaojieError,
)
from desktop.ui.i18n import QT_TRANSLATE_NOOP, said

log = logging.getLogger(__name__)

# Translated where it is shown (a translation installed after import must still apply).
ENVIRONMENT_ADVICE = QT_TRANSLATE_NOOP(
    "errors", "请检查磁盘空间和数据文件夹的权限；如果问题一直存在，请联系管理员，"
              "并不要删除数据文件夹。")


# SQLite's primary result codes where the disk or the folder is what is wrong (READONLY,
# IOERR, FULL, CANTOPEN): only then is the general advice added.
DISK_CODES = frozenset({8, 10, 13, 14})


@dataclass(frozen=True)
class Shown:
    """What a person sees for one failure."""

    title: str
    text: str
    details: str | None = None  # the copyable report of a bug
    bug: bool = False


def describe(exc: BaseException) -> Shown:
    """The title, message and (for a bug) report of ``exc``."""
    # Spelled out (not aliased): lupdate only recognises QCoreApplication.translate by name.
    if isinstance(exc, EnvironmentProblem):
        text = said(exc)
        if getattr(exc, "sqlite_code", None) in DISK_CODES:  # the core's words say the rest
            text += "\n\n" + QCoreApplication.translate("errors", ENVIRONMENT_ADVICE)
        return Shown(QCoreApplication.translate("errors", "无法完成操作"), text)
    if isinstance(exc, AuthError | PermissionDenied):
        return Shown(QCoreApplication.translate("errors", "未获准"), said(exc))
    if isinstance(exc, InputError):
        return Shown(QCoreApplication.translate("errors", "请检查输入"), said(exc))
    if isinstance(exc, TiaojieError):
        return Shown(QCoreApplication.translate("errors", "无法完成操作"), said(exc))
    report = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return Shown(QCoreApplication.translate("errors", "程序出错"),
                 QCoreApplication.translate(
                     "errors", "程序遇到了一个错误，刚才的操作没有完成，已保存的数据不受影响。"
                               "请点“显示详细信息”复制报告，发给技术支持。"), report, bug=True)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show ``exc`` to the user (modal); bugs are logged with their traceback first."""
    shown = describe(exc)
    if shown.bug:
        log.error("unexpected error", exc_info=exc)
    box = QMessageBox(QMessageBox.Icon.Critical if shown.bug else QMessageBox.Icon.Warning,
                      shown.title, shown.text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorDialog")
    if shown.details:
        box.setDetailedText(shown.details)
    box.exec()


class ExceptionHook(QObject):
    """Catches exceptions nobody handled (GUI thread or worker), logs them once and shows
    the report on the GUI thread."""

    _caught = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[str] = set()
        self._caught.connect(self._show)
        self._old = sys.excepthook
        self._old_thread = threading.excepthook

    def install(self) -> None:
        """Become ``sys.excepthook`` and ``threading.excepthook``."""
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        """Put back the hooks that were there before."""
        sys.excepthook = self._old
        threading.excepthook = self._old_thread

    def _hook(self, kind: type[BaseException], exc: BaseException,
              tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        self._caught.emit(exc)  # queued to the GUI thread when raised elsewhere

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self._caught.emit(args.exc_value)

    def _show(self, exc: BaseException) -> None:
        key = "".join(traceback.format_exception_only(type(exc), exc))
        log.error("unhandled exception", exc_info=exc)
        if key in self._seen:  # the same failure repeating (a timer, a paint): show once
            return
        self._seen.add(key)
        show_error(QApplication.activeWindow(), exc)


def show_refusal(parent: QWidget | None, exc: BaseException, errors: dict[str, object],
                 fallback: object) -> None:
    """Show a refusal of a form next to the field it names (``exc.where``'s first part),
    or in ``fallback``; an environment problem or a bug gets the full dialog instead.

    ``errors`` and ``fallback`` are :class:`~desktop.ui.inputs.ErrorLabel` widgets."""
    if not isinstance(exc, InputError | AuthError | PermissionDenied):
        show_error(parent, exc)
        return
    where = (exc.where or "").split(".")[0].split("[")[0]
    target = errors.get(where, fallback)
    target.show_error(said(exc))  # type: ignore[attr-defined]


def confirm_discard(parent: QWidget, title: str, text: str) -> bool:
    """Ask before throwing away what was typed; True when the user agrees (Cancel is the
    default button)."""
    answer = QMessageBox.question(
        parent, title, text,
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard
