"""Desktop tests: offscreen Qt, the bundled font, a real station per test (no mocks)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop.services.auth import User  # noqa: E402
from desktop.ui.fonts import apply_font  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.settings import Settings  # noqa: E402
from desktop.ui.tasks import Tasks  # noqa: E402


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    apply_font(qapp)


@pytest.fixture
def tasks(station, qtbot):
    t = Tasks(station)
    yield t
    t.shutdown()


@pytest.fixture
def settings(paths) -> Settings:
    s = Settings(paths)
    s.idle_minutes = 0
    return s


@pytest.fixture
def window(tasks, settings, qtbot, mediator: User):
    w = MainWindow(tasks, mediator, settings)
    qtbot.addWidget(w)
    w.show()
    idle(qtbot, tasks)
    yield w
    idle(qtbot, tasks)  # closing with work under way would ask (a modal question)


def idle(qtbot, tasks: Tasks, timeout: int = 10_000) -> None:
    """Wait until every background operation has finished and its callback ran."""
    qtbot.waitUntil(lambda: tasks.running == 0, timeout=timeout)


def type_chinese(widget: QWidget, text: str) -> None:
    """What an input method sends when the user picks ``text`` (keyClicks cannot type
    Chinese)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type ASCII with key presses and everything else through the input method."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        type_chinese(widget, text)


def click(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
