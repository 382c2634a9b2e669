"""Starting the desktop: the application, its font and language, the exception hook, then
the setup wizard (no station yet) or the login window, then the main window.

``tiaojie`` with no subcommand comes here.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.errors import TiaojieError
from desktop.paths import Paths
from desktop.resources import resource
from desktop.services.station import Station, find_station
from desktop.ui.errors import ExceptionHook, show_error
from desktop.ui.fonts import apply_font
from desktop.ui.login import LoginDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from desktop.ui.setup_wizard import SetupWizard
from desktop.ui.tasks import Tasks

log = logging.getLogger(__name__)
APP_NAME = "调解台"


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (created once)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("tiaojie")
    app.setApplicationDisplayName(APP_NAME)
    return app


def install_translation(app: QApplication, language: str) -> QTranslator | None:
    """Load the English translation for reviewers (Chinese is the source language)."""
    if language != "en":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        return None
    translator = QTranslator(app)
    if translator.load(str(resource("translations", "tiaojie_en.qm"))):
        app.installTranslator(translator)
        return translator
    log.warning("English translation not built; showing Chinese")
    return None


def open_or_set_up(paths: Paths) -> Station | None:
    """The station in ``paths``; the setup wizard first if there is none (None: cancelled)."""
    station = find_station(paths)
    if station is not None:
        return station
    wizard = SetupWizard(paths)
    if wizard.exec() != SetupWizard.DialogCode.Accepted or not wizard.done_ok:
        return None
    return find_station(paths)


def run(paths: Paths, *, language: str | None = None) -> int:
    """Run the desktop on the station in ``paths``; returns the exit code."""
    app = application()
    paths.root.mkdir(parents=True, exist_ok=True)
    settings = Settings(paths)
    apply_font(app, settings.font_size)
    install_translation(app, language or settings.language)
    hook = ExceptionHook()
    hook.install()
    try:
        try:
            station = open_or_set_up(paths)
        except TiaojieError as exc:
            show_error(None, exc)
            return exc.exit_code
        if station is None:
            return 0
        return _session(app, station, settings)
    finally:
        hook.uninstall()


def _session(app: QApplication, station: Station, settings: Settings) -> int:
    tasks = Tasks(station)
    try:
        if station.calendar_problems:
            QMessageBox.warning(None, APP_NAME, "节假日数据有问题，期限可能算错：\n"
                                + "\n".join(station.calendar_problems))
        login = LoginDialog(tasks, org_name=station.org["name"], last_login=settings.last_login)
        if login.exec() != LoginDialog.DialogCode.Accepted or login.user is None:
            return 0
        settings.last_login = login.user.login
        window = MainWindow(tasks, login.user, settings)
        window.show()
        return app.exec()
    finally:
        tasks.shutdown()
        station.close()


def main(data_dir: str | None = None, language: str | None = None) -> int:
    """Entry point used by the command line."""
    from desktop import paths as paths_module

    return run(paths_module.resolve(data_dir), language=language)
