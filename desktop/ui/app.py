"""Starting the desktop: the application, its font and language, the exception hook, then
the setup wizard (no station yet) or the login window, then the main window.

``tiaojie`` with no subcommand comes here.  The login window is shown first, with only Qt
and a few light modules loaded; the station opens, and the rest of the program is imported,
in a background thread while the user types (bench/startup.py measures it against a bare
PySide6 window).
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop import logs
from desktop.domain.errors import TiaojieError
from desktop.paths import Paths
from desktop.resources import resource
from desktop.ui.errors import ExceptionHook, show_error
from desktop.ui.fonts import apply_font
from desktop.ui.i18n import QT_TRANSLATE_NOOP, set_language
from desktop.ui.login import LoginDialog
from desktop.ui.settings import Settings

if TYPE_CHECKING:
    from desktop.services.auth import User
    from desktop.services.station import Station
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
    set_language("en" if english else "zh_CN")
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
    set_language("zh_CN")
    for translator in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(translator)
        translator.setObjectName("")
        translator.deleteLater()
    app.setApplicationDisplayName(app_name())


class StationLoader(QObject):
    """Opens the station in a background thread, and imports what the main window needs
    meanwhile; ``opened`` (the station, or None when the folder holds none) or ``failed``
    (the exception) arrive on the GUI thread."""

    opened = Signal(object)
    failed = Signal(object)

    def __init__(self, paths: Paths) -> None:
        super().__init__()
        self.paths = paths
        self.result: Any = None  # the station (or the exception), also after the signal
        self._thread = threading.Thread(target=self._load, name="station-loader", daemon=True)

    def start(self) -> None:
        if self._thread.ident is None:  # not started yet
            self._thread.start()

    @property
    def done(self) -> bool:
        """True once the thread has finished (or never started)."""
        return self._thread.ident is not None and not self._thread.is_alive()

    def wait(self) -> None:
        """Until the thread is done (its station, if any, is then in ``result``); starts it
        if the window closed before it appeared."""
        self.start()
        self._thread.join()

    def _load(self) -> None:
        try:
            logs.setup(self.paths.logs)
            from desktop.services.station import StationCopied, find_station, open_station

            try:
                station = find_station(self.paths)
            except StationCopied:  # moved or restored: an administrator confirms it
                station = open_station(self.paths, pending_adoption=True)
            self.result = station
            import desktop.ui.main_window  # noqa: F401 - loaded now, not after the login
            import desktop.ui.tasks  # noqa: F401
        except BaseException as exc:  # noqa: BLE001 - every failure goes to the GUI thread
            self.result = exc
            self.failed.emit(exc)
            return
        self.opened.emit(station)


def set_up(paths: Paths) -> Station | None:
    """The setup wizard; the new station, opened (None: cancelled)."""
    from desktop.services.station import find_station
    from desktop.ui.setup_wizard import SetupWizard

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
        return _run(app, paths, settings)
    except TiaojieError as exc:
        show_error(None, exc)
        return exc.exit_code
    finally:
        hook.uninstall()


LoggedIn = tuple["Tasks", "User"]


def _run(app: QApplication, paths: Paths, settings: Settings) -> int:
    if paths.database.is_file():  # the loader sets up the log file
        session = _login_while_opening(paths, settings)
    else:
        logs.setup(paths.logs)
        session = _set_up_and_log_in(paths, settings)
    if session is None:
        return 0
    tasks, user = session
    from desktop.ui.main_window import MainWindow

    try:
        window = MainWindow(tasks, user, settings)
        window.show()
        return app.exec()
    finally:
        tasks.shutdown()
        tasks.station.close()


def _login_while_opening(paths: Paths, settings: Settings) -> LoggedIn | None:
    """The login window at once, the station opening behind it; who logged in (None: the
    window was closed).  Raises what opening the station raised."""
    login = LoginDialog(None, org_name=settings.org_name or app_name(),
                        last_login=settings.last_login)
    loader = StationLoader(paths)

    def opened(station: Station | None) -> None:
        if station is None:  # the file holds no station after all: set one up
            login.reject()
            return
        from desktop.ui.tasks import Tasks

        settings.org_name = station.org["name"]
        login.attach(Tasks(station))
        _warn_on_open(station, login)

    loader.opened.connect(opened)
    loader.failed.connect(lambda _exc: login.reject())
    # Opening (and importing the rest) holds the interpreter for a while: begin once the
    # window is on screen, so it does not slow the window down.
    login.painted.connect(loader.start)
    accepted = login.exec() == LoginDialog.DialogCode.Accepted
    if not accepted and not loader.done:
        # 退出 before the station opened (it may be waiting for a lock another program
        # holds): leave at once; the loader is a daemon thread and SQLite keeps the file
        # consistent whatever point it reached.
        return None
    loader.wait()
    if isinstance(loader.result, BaseException):
        raise loader.result
    station, tasks, user = loader.result, login.tasks, login.user
    if station is None:
        return _set_up_and_log_in(paths, settings)
    if accepted and tasks is not None and user is not None and (
            station.moved_from is None or _adopt(station, user)):
        settings.last_login = user.login
        return tasks, user
    if tasks is not None:  # None: closed before the station's arrival was handled
        tasks.shutdown()
    station.close()
    return None


def _adopt(station: Station, user: User) -> bool:
    """The station's folder changed since it was last used (moved, restored from a backup,
    or copied): an administrator confirms it is now its home; anyone else is turned away."""
    from desktop.services.station import adopt_location

    where = station.moved_from.split("|")[-1] if station.moved_from else ""
    if not user.can("manage_station"):
        QMessageBox.warning(None, app_name(), QCoreApplication.translate(
            "app", "这个工作站原先在 {old}，现在在 {new}。须由管理员登录并确认后才能使用。").format(
                old=where, new=station.paths.root))
        return False
    answer = QMessageBox.question(
        None, app_name(), QCoreApplication.translate(
            "app", "这个工作站原先在 {old}，现在在 {new}。\n\n若是搬迁或从备份恢复、原位置不再"
                   "使用，请确认以后在这里使用。若是复制出来的副本，请选“否”并不要使用它："
                   "两份同时使用会产生重复的案号。\n\n确认这里是本工作站的新位置吗？").format(
            old=where, new=station.paths.root),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    adopt_location(station, user)
    return True


def _set_up_and_log_in(paths: Paths, settings: Settings) -> LoggedIn | None:
    """First run: the setup wizard, then the login window on the new station."""
    station = set_up(paths)
    if station is None:
        return None
    from desktop.ui.tasks import Tasks

    tasks = Tasks(station)
    settings.org_name = station.org["name"]
    _warn_on_open(station, None)
    login = LoginDialog(tasks, org_name=station.org["name"], last_login=settings.last_login)
    if login.exec() != LoginDialog.DialogCode.Accepted or login.user is None:
        tasks.shutdown()
        station.close()
        return None
    settings.last_login = login.user.login
    return tasks, login.user


def _warn_on_open(station: Station, parent: QWidget | None) -> None:
    """What opening found that the user must know before working: a computer clock behind
    the station's records, holiday files that could not be used."""
    if station.clock_warning is not None:
        QMessageBox.warning(parent, app_name(), QCoreApplication.translate(
            "app", "电脑日期（{today}）早于本站已记录的最近日期（{latest}），"
                   "请先核对电脑的日期和时间。").format(
                today=station.clock_warning.today, latest=station.clock_warning.latest))
    if station.calendar_problems:
        QMessageBox.warning(parent, app_name(), QCoreApplication.translate(
            "app", "节假日数据有问题，期限可能算错：\n{problems}").format(
                problems="\n".join(station.calendar_problems)))


def main(data_dir: str | None = None, language: str | None = None) -> int:
    """Entry point used by the command line."""
    from desktop import paths as paths_module

    return run(paths_module.resolve(data_dir), language=language)
