"""Starting the desktop: the application, its font and language, the exception hook, then
the setup wizard (no station yet) or the login window, then the main window.

``tiaojie`` with no subcommand comes here.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.domain.errors import TiaojieError
from desktop.paths import Paths
from desktop.resources import resource
from desktop.services.station import Station, find_station
from desktop.ui.errors import ExceptionHook, show_error
from desktop.ui.fonts import apply_font
from desktop.ui.i18n import QT_TRANSLATE_NOOP
from desktop.ui.login import LoginDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from desktop.ui.setup_wizard import SetupWizard
from desktop.ui.tasks import Tasks

log = logging.getLogger(__name__)
APP_NAME = QT_TRANSLATE_NOOP("app", "调解台")
TRANSLATOR_NAME = "tiaojieTranslator"  # the translators install_translation put in


def app_name() -> str:
    """The program's name in the interface language."""
    return QCoreApplication.translate("app", APP_NAME)


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (created once)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("tiaojie")
    app.setApplicationDisplayName(app_name())
    return app


def install_translation(app: QApplication, language: str) -> list[QTranslator]:
    """Show the interface in ``language``: ``zh_CN`` (the source language) or ``en``.

    English loads the reviewers' translation (``tiaojie_en.qm``, built from the committed
    ``.ts`` by the project's setup); both load Qt's own strings for the standard buttons and
    dialogs (``qtbase_zh_CN``, ``qtbase_en``).  A missing file is logged and the interface
    stays in Chinese.  Translators installed by an earlier call are removed first; the ones
    installed now are returned (they are children of ``app``, which keeps them alive).
    """
    remove_translation(app)
    english = language == "en"
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
                       if english else
                       QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    wanted = [("qtbase_en" if english else "qtbase_zh_CN", qt_dir)]
    if english:
        wanted.append(("tiaojie_en", str(resource("translations"))))
    installed = []
    for name, folder in wanted:
        translator = QTranslator(app)
        if translator.load(name, folder) and app.installTranslator(translator):
            translator.setObjectName(TRANSLATOR_NAME)
            installed.append(translator)
            continue
        translator.deleteLater()
        # Qt's English strings are its source text: qtbase_en only adds plural forms.
        level = logging.INFO if name == "qtbase_en" else logging.WARNING
        log.log(level, "translation %s not found in %s; it stays untranslated", name, folder)
    app.setApplicationDisplayName(app_name())
    return installed


def remove_translation(app: QApplication) -> None:
    """Take out every translator :func:`install_translation` put in (back to Chinese)."""
    for translator in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(translator)
        translator.setObjectName("")
        translator.deleteLater()
    app.setApplicationDisplayName(app_name())


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
            QMessageBox.warning(None, app_name(), QCoreApplication.translate(
                "app", "节假日数据有问题，期限可能算错：\n{problems}").format(
                    problems="\n".join(station.calendar_problems)))
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
