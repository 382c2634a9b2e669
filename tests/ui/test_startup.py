"""Starting fast: the login window is on screen before the station has opened, and a login
typed meanwhile goes through once it has; a station that cannot be opened is reported."""

from __future__ import annotations

from desktop.domain.errors import EnvironmentProblem
from desktop.ui import app as app_module
from desktop.ui.login import LoginDialog
from desktop.ui.settings import Settings
from desktop.ui.tasks import Tasks
from tests.conftest import MEDIATOR_PASSWORD
from tests.ui.conftest import type_text


def test_a_login_typed_before_the_station_opened_waits_for_it(station, qtbot):
    dialog = LoginDialog(None, org_name="调解台", last_login="mediator")
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.password_edit, MEDIATOR_PASSWORD)
    dialog.try_login()
    assert dialog.message.text() == "正在打开工作站……" and dialog.user is None
    tasks = Tasks(station)
    try:
        with qtbot.waitSignal(dialog.accepted, timeout=10_000):
            dialog.attach(tasks)
        assert dialog.user is not None and dialog.user.login == "mediator"
        assert dialog.title.text() == station.org["name"]
    finally:
        tasks.shutdown()


def test_the_loader_opens_the_station_behind_the_window(station, qtbot):
    paths = station.paths
    station.close()
    loader = app_module.StationLoader(paths)
    with qtbot.waitSignal(loader.opened, timeout=20_000) as opened:
        loader.start()
    loader.wait()
    opened_station = opened.args[0]
    try:
        assert opened_station is loader.result
        assert opened_station.org["name"] == "历城区王舍人街道劳动人事争议调解中心"
    finally:
        opened_station.close()


def test_a_damaged_station_is_reported_not_opened(station, qtbot, tmp_path):
    paths = station.paths
    station.close()
    paths.database.write_bytes(b"this is not a database" * 100)
    for extra in ("-wal", "-shm"):
        (paths.database.parent / (paths.database.name + extra)).unlink(missing_ok=True)
    loader = app_module.StationLoader(paths)
    with qtbot.waitSignal(loader.failed, timeout=20_000) as failed:
        loader.start()
    loader.wait()
    assert isinstance(failed.args[0], EnvironmentProblem)


def test_the_login_window_remembers_the_organisation_for_next_time(station, paths):
    settings = Settings(paths)
    assert settings.org_name == ""
    settings.org_name = station.org["name"]
    settings.sync()
    assert Settings(paths).org_name == station.org["name"]


def test_a_computer_clock_behind_the_records_is_said_at_start(station, monkeypatch):
    from datetime import date

    from PySide6.QtWidgets import QMessageBox

    from desktop.services.station import ClockWarning

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    station.clock_warning = ClockWarning(date(2010, 1, 1), date(2026, 11, 20))
    app_module._warn_on_open(station, None)
    assert shown == ["电脑日期（2010-01-01）早于本站已记录的最近日期（2026-11-20），"
                     "请先核对电脑的日期和时间。"]


def test_a_moved_station_is_confirmed_by_an_administrator(station, qtbot, tmp_path,
                                                          monkeypatch):
    import shutil

    from PySide6.QtWidgets import QMessageBox

    from desktop.paths import Paths
    from desktop.services.auth import User
    from desktop.services.station import find_station

    station.close()
    moved = Paths(tmp_path / "new-pc")
    shutil.copytree(station.paths.root, moved.root)
    loader = app_module.StationLoader(moved)
    with qtbot.waitSignal(loader.opened, timeout=20_000):
        loader.start()
    loader.wait()
    opened = loader.result
    try:
        assert opened.moved_from is not None  # opened for confirmation, nothing recorded
        told = []
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: told.append(a[2]))
        assert not app_module._adopt(opened, User("viewer", "viewer", "viewer"))
        assert "须由管理员" in told[0] and opened.moved_from is not None
        monkeypatch.setattr(QMessageBox, "question",
                            lambda *a, **k: QMessageBox.StandardButton.Yes)
        assert app_module._adopt(opened, User("admin", "admin", "admin"))
        assert opened.moved_from is None
    finally:
        opened.close()
    again = find_station(moved)  # the new place is now the station's home
    assert again is not None
    again.close()
