"""Windows open no larger than the screen they are on (1366×768 at 150 % scaling leaves about
910×480): the offscreen screen here is 800×800."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop.ui.help import GuideDialog
from desktop.ui.intake import IntakeDialog
from tests.ui.conftest import idle


def _fits(widget) -> bool:
    room = widget.screen().availableGeometry()
    return widget.width() <= room.width() and widget.height() <= room.height()


def test_windows_open_within_the_screen(window, qtbot, tasks, service, mediator, single_doc):
    assert QApplication.primaryScreen().availableGeometry().width() < 1000  # the premise
    # The main window can shrink to what 1366×768 at 150 % leaves (910×480 after the
    # taskbar), with the dashboard and with a case open.
    assert window.minimumSizeHint().width() <= 910
    assert window.minimumSizeHint().height() <= 480, window.minimumSizeHint()
    case = service.register(single_doc, mediator)
    for event in ("accept", "start"):
        service.record_event(case.case_no, event, {}, mediator)
    window.open_case(case.case_pk)
    idle(qtbot, tasks)
    hint = window.minimumSizeHint()
    assert hint.width() <= 910 and hint.height() <= 480, hint
    window.new_case()
    intake = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, IntakeDialog) and w.isVisible())
    assert _fits(intake) and intake.width() > 600
    intake.done(0)
    guide = GuideDialog(parent=window)
    qtbot.addWidget(guide)
    assert _fits(guide)
    idle(qtbot, tasks)
