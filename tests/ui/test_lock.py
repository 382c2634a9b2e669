"""Locking hides every open form with the work; another user logging in never inherits the
previous user's forms (the intake draft stays with its owner); quitting with a filled form
asks first."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services import case_view
from desktop.ui.event_dialog import EventDialog
from desktop.ui.intake import IntakeDialog, draft_path
from desktop.ui.login import LoginDialog
from tests.conftest import MEDIATOR_PASSWORD, VIEWER_PASSWORD
from tests.ui.conftest import idle, type_chinese


def _lock_screen() -> LoginDialog | None:
    """The lock screen, once it is up."""
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, LoginDialog) and w.isVisible()), None)


def _log_in_when_asked(qtbot, login: str, password: str, seen: list) -> None:
    """Answer the lock screen as it appears (it is modal)."""
    def answer() -> None:
        dialog = _lock_screen()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        seen.append([w for w in QApplication.topLevelWidgets()
                     if isinstance(w, (IntakeDialog, EventDialog)) and w.isVisible()])
        dialog.login_edit.setText(login)
        dialog.password_edit.setText(password)
        dialog.try_login()
    QTimer.singleShot(0, answer)


def _open_forms(window, qtbot, tasks, service, mediator, single_doc, station):
    case_no = service.register(single_doc, mediator).case_no
    for event in ("accept", "start"):
        service.record_event(case_no, event, {}, mediator)
    pk = next(r.pk for r in case_view.list_page(station, mediator, limit=5).rows
              if r.case_no == case_no)
    window.open_case(pk)
    idle(qtbot, tasks)
    form = window.case_tabs[pk].start_event("session")
    type_chinese(form.inputs["note"], "双方同意分期支付")
    window.new_case()
    intake = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, IntakeDialog) and w.isVisible())
    type_chinese(intake.summary, "申请人被拖欠三个月工资")
    intake.save_draft()
    return form, intake


def test_the_same_user_unlocks_and_finds_the_forms_again(window, qtbot, tasks, service,
                                                        mediator, single_doc, station):
    form, intake = _open_forms(window, qtbot, tasks, service, mediator, single_doc, station)
    seen: list = []
    _log_in_when_asked(qtbot, "mediator", MEDIATOR_PASSWORD, seen)
    window.lock()
    assert seen == [[]]  # nothing of the work on screen while locked
    assert form.isVisible() and intake.isVisible()
    assert form.inputs["note"].toPlainText() == "双方同意分期支付"
    form.done(0)
    intake.done(0)


def test_another_user_does_not_inherit_the_forms(window, qtbot, tasks, service, mediator,
                                                 single_doc, station, paths):
    form, intake = _open_forms(window, qtbot, tasks, service, mediator, single_doc, station)
    seen: list = []
    _log_in_when_asked(qtbot, "viewer", VIEWER_PASSWORD, seen)
    window.lock()
    assert seen == [[]]
    assert window.user.login == "viewer"
    assert not any(isinstance(w, (IntakeDialog, EventDialog)) and w.isVisible()
                   for w in QApplication.topLevelWidgets())
    assert "申请人被拖欠三个月工资" in draft_path(paths.root, "mediator").read_text("utf-8")


def test_quitting_with_a_filled_form_asks(window, qtbot, tasks, service, mediator, single_doc,
                                          station, monkeypatch):
    form, intake = _open_forms(window, qtbot, tasks, service, mediator, single_doc, station)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: (
        asked.append(a[1]), QMessageBox.StandardButton.No)[1])
    window.close()
    assert window.isVisible() and len(asked) == 1
    form.done(0)
    intake.done(0)
    window.close()
    assert not window.isVisible() and len(asked) == 1


def test_refusing_to_quit_from_the_lock_screen_keeps_it_locked(window, qtbot, tasks, service,
                                                               mediator, single_doc, station,
                                                               monkeypatch):
    form, intake = _open_forms(window, qtbot, tasks, service, mediator, single_doc, station)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)  # "quit anyway?" no
    screens: list = []

    def answer() -> None:
        dialog = _lock_screen()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        screens.append(window.centralWidget().isVisible() or form.isVisible())
        if len(screens) == 1:
            dialog.reject()  # 退出 on the lock screen, then "no" to losing the note
            QTimer.singleShot(20, answer)
        else:
            dialog.login_edit.setText("mediator")
            dialog.password_edit.setText(MEDIATOR_PASSWORD)
            dialog.try_login()

    QTimer.singleShot(0, answer)
    window.lock()
    assert screens == [False, False]  # the lock screen came back, the work stayed hidden
    assert window.isVisible() and form.isVisible()
    form.done(0)
    intake.done(0)


def test_progress_of_work_under_way_stays_hidden_while_locked(window, qtbot, tasks):
    import threading

    from PySide6.QtWidgets import QProgressDialog

    release = threading.Event()
    window.tasks.run(lambda station: release.wait(10), parent=window.dashboard,
                     progress="正在导出案件列表……", cancellable=True)
    progress = window.findChildren(QProgressDialog)
    assert len(progress) == 1 and not progress[0].isVisible()  # its delay has not passed
    seen: list = []

    def answer() -> None:
        dialog = _lock_screen()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        qtbot.wait(500)  # longer than the delay before a progress dialog shows
        seen.append(progress[0].isVisible())
        dialog.login_edit.setText("viewer")
        dialog.password_edit.setText(VIEWER_PASSWORD)
        dialog.try_login()

    QTimer.singleShot(0, answer)
    window.lock()
    assert seen == [False] and window.user.login == "viewer"
    assert not progress[0].isVisible()  # not the viewer's work: it stays out of sight
    release.set()
    idle(qtbot, tasks)
