"""The registers through the real widgets: an administrator keeps accounts, the roster and
the organisation; a mediator sees the roster but cannot change it; preferences apply."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from desktop.services import auth, roster
from desktop.services.station import open_station
from desktop.ui.main_window import MainWindow
from desktop.ui.registers import FormDialog, PreferencesDialog, StationDialog
from tests.ui.conftest import click, idle, type_chinese, type_text


def _open_form(qtbot, button: QPushButton) -> FormDialog:
    click(qtbot, button)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, FormDialog) and w.isVisible())
    qtbot.addWidget(dialog)
    return dialog


def _field(dialog: FormDialog, key: str) -> QLineEdit:
    widget = dialog.inputs[key]
    assert isinstance(widget, QLineEdit)
    return widget


def _submit(qtbot, tasks, dialog: FormDialog) -> None:
    dialog.submit()
    idle(qtbot, tasks)


def _stations_dialog(window: MainWindow, qtbot) -> StationDialog:
    window.findChild(type(window.new_case_action), "registersAction").trigger()
    dialog = window.registers_dialog
    qtbot.addWidget(dialog)
    return dialog


def test_an_administrator_keeps_accounts_roster_and_organisation(tasks, settings, qtbot,
                                                                 admin, station):
    window = MainWindow(tasks, admin, settings)
    qtbot.addWidget(window)
    window.show()
    idle(qtbot, tasks)
    dialog = _stations_dialog(window, qtbot)
    idle(qtbot, tasks)
    users = dialog.users
    assert users is not None
    assert {r["login"] for r in users.model.rows} == {"admin", "mediator", "viewer"}

    # a new account: a weak password is refused next to its field, nothing is saved
    form = _open_form(qtbot, users.findChild(QPushButton, "addUserButton"))
    type_text(qtbot, _field(form, "login"), "zhangsan")
    type_chinese(_field(form, "display_name"), "张三")
    type_text(qtbot, _field(form, "password"), "short")
    _submit(qtbot, tasks, form)
    assert form.isVisible() and "密码至少" in form.errors["password"].text()
    assert auth.list_users(station.store, admin)[-1]["login"] != "zhangsan"
    _field(form, "password").clear()
    type_text(qtbot, _field(form, "password"), "zhang-2026")
    _submit(qtbot, tasks, form)
    assert not form.isVisible()
    idle(qtbot, tasks)
    assert "zhangsan" in {r["login"] for r in users.model.rows}
    assert auth.login(station.store, "zhangsan", "zhang-2026").display_name == "张三"

    # disabling oneself is refused in the form
    users.view.selectRow(next(i for i, r in enumerate(users.model.rows) if r["login"] == "admin"))
    form = _open_form(qtbot, users.findChild(QPushButton, "editUserButton"))
    form.inputs["active"].setChecked(False)
    _submit(qtbot, tasks, form)
    assert form.isVisible() and "不能停用自己" in form.message.text() + "".join(
        e.text() for e in form.errors.values())
    form.reject()

    # the roster: a new mediator typed with the input method, then retired
    dialog.tabs.setCurrentWidget(dialog.roster)
    form = _open_form(qtbot, dialog.roster.findChild(QPushButton, "addMediatorButton"))
    type_chinese(_field(form, "name"), "赵调解")
    type_text(qtbot, _field(form, "phone"), "12345")
    _submit(qtbot, tasks, form)
    assert form.isVisible() and form.errors["phone"].text()
    _field(form, "phone").clear()
    type_text(qtbot, _field(form, "phone"), "13912345678")
    _submit(qtbot, tasks, form)
    idle(qtbot, tasks)
    names = [m.name for m in dialog.roster.model.rows]
    assert "赵调解" in names
    dialog.roster.view.selectRow(names.index("赵调解"))
    form = _open_form(qtbot, dialog.roster.findChild(QPushButton, "editMediatorButton"))
    form.inputs["active"].setChecked(False)
    _submit(qtbot, tasks, form)
    idle(qtbot, tasks)
    assert not {m.name: m for m in roster.list_mediators(station, admin)}["赵调解"].active

    # the organisation: a wrong division code is refused in place; the address is kept
    page = dialog.organisation
    page.inputs["division_code"].clear()
    type_text(qtbot, page.inputs["division_code"], "3701")
    type_chinese(page.inputs["address"], "济南市历城区王舍人街道办事处")
    page.save()
    idle(qtbot, tasks)
    assert "6位数字" in page.errors["division_code"].text()
    page.inputs["division_code"].clear()
    type_text(qtbot, page.inputs["division_code"], "370112")
    page.save()
    idle(qtbot, tasks)
    assert page.saved_label.text() == "已保存。"
    dialog.reject()
    idle(qtbot, tasks)
    paths = station.paths
    again = open_station(paths, accept_location=True)
    try:
        assert again.org["address"] == "济南市历城区王舍人街道办事处"
    finally:
        again.close()


def test_a_mediator_sees_the_roster_but_not_the_accounts(window, qtbot, tasks):
    dialog = _stations_dialog(window, qtbot)
    idle(qtbot, tasks)
    assert dialog.users is None
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["调解员名册", "本机构"]
    assert not dialog.roster.findChild(QPushButton, "addMediatorButton").isEnabled()
    assert not dialog.organisation.save_button.isEnabled()
    assert dialog.organisation.inputs["name"].isReadOnly()


def test_preferences_change_the_font_at_once_and_are_kept(window, qtbot, settings, paths):
    window.findChild(type(window.new_case_action), "preferencesAction").trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, PreferencesDialog) and w.isVisible())
    dialog.font_size.setCurrentIndex(dialog.font_size.findData(16))
    dialog.idle.setCurrentIndex(dialog.idle.findData(5))
    dialog.save()
    assert QApplication.font().pointSize() == 16
    assert window.idle.minutes == 5
    from desktop.ui.settings import Settings
    assert Settings(paths).font_size == 16


def test_changing_ones_own_password(window, qtbot, tasks, station):
    window.findChild(type(window.new_case_action), "changePasswordAction").trigger()
    form = next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, FormDialog) and w.isVisible())
    qtbot.addWidget(form)
    from tests.conftest import MEDIATOR_PASSWORD
    type_text(qtbot, _field(form, "old"), MEDIATOR_PASSWORD)
    type_text(qtbot, _field(form, "password"), "brand-new-1")
    type_text(qtbot, _field(form, "again"), "brand-new-2")
    _submit(qtbot, tasks, form)
    assert "不一致" in form.errors["again"].text()
    _field(form, "again").clear()
    type_text(qtbot, _field(form, "again"), "brand-new-1")
    _submit(qtbot, tasks, form)
    assert not form.isVisible()
    assert auth.login(station.store, "mediator", "brand-new-1").login == "mediator"
