"""Take the user guide's screenshots (docs/screenshots/) from the real windows.

A demo station is built in a temporary folder, the real main window and dialogs are shown
offscreen with the bundled font at 1366×768, and each one is grabbed to a PNG.  The day is
pinned, so the same options give the same pictures (except the account list's 建立 column,
which shows the computer's date the demo accounts were made).  An error dialog or an
exception in the window fails the run (exit code 1).

    python tools/screenshots.py [--out DIR] [--cases N] [--today YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run from a checkout without installing
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtGui import QImage, QInputMethodEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from desktop.paths import Paths  # noqa: E402
from desktop.services import auth, case_view, documents  # noqa: E402
from desktop.services.auth import User  # noqa: E402
from desktop.services.demo import DEMO_LOGINS, create_demo  # noqa: E402
from desktop.services.station import Station, open_station  # noqa: E402
from desktop.storage.cases import CaseFilter  # noqa: E402
from desktop.ui.fonts import apply_font  # noqa: E402
from desktop.ui.intake import IntakeDialog  # noqa: E402
from desktop.ui.login import LoginDialog  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.registers import PreferencesDialog  # noqa: E402
from desktop.ui.settings import Settings  # noqa: E402
from desktop.ui.tasks import Tasks  # noqa: E402

DEFAULT_OUT = ROOT / "docs" / "screenshots"
DEFAULT_TODAY = date(2026, 11, 20)
SYNC_PASS = "screens-only-passphrase"  # a throwaway county and keys, in the temp folder
SCREEN = (1366, 768)
WAIT_SECONDS = 60


class Failed(RuntimeError):
    """Something on screen went wrong (an error dialog appeared, a read never finished)."""


def password_of(login: str) -> str:
    """The demo password of ``login``."""
    return next(p for name, _role, _display, p in DEMO_LOGINS if name == login)


class Shooter:
    """Drives the real windows over one open demo station and saves what they show."""

    def __init__(self, app: QApplication, station: Station, out: Path) -> None:
        self.app, self.station, self.out = app, station, out
        self.tasks = Tasks(station)
        self.settings = Settings(station.paths)  # the defaults (15 minutes to the lock)
        self.written: list[Path] = []
        self.errors: list[str] = []
        self.windows: list[QWidget] = []
        # An error dialog would wait for a click forever offscreen: note it and close it.
        self.watch = QTimer()
        self.watch.setInterval(100)
        self.watch.timeout.connect(self._close_error_dialogs)
        self.watch.start()
        self._old_hook = sys.excepthook
        sys.excepthook = self._exception  # exceptions raised in slots and callbacks

    def _exception(self, kind: type[BaseException], exc: BaseException, tb: object) -> None:
        self._old_hook(kind, exc, tb)  # type: ignore[arg-type]
        self.errors.append(f"{kind.__name__}: {exc}")

    def _close_error_dialogs(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                self.errors.append(f"{widget.windowTitle()}: {widget.text()}")
                widget.done(0)

    # -- waiting and saving -------------------------------------------------------------

    def settle(self, rounds: int = 5) -> None:
        """Wait until every background read finished and its result is on screen."""
        deadline = time.monotonic() + WAIT_SECONDS
        while self.tasks.running:
            self.app.processEvents()
            if time.monotonic() > deadline:
                raise Failed(f"background work did not finish in {WAIT_SECONDS} s")
            time.sleep(0.005)
        for _ in range(rounds):  # queued callbacks, layouts and paints
            self.app.processEvents()
        if self.errors:
            raise Failed("; ".join(self.errors))

    def save(self, widget: QWidget, name: str) -> Path:
        """Grab ``widget`` (a window or a dialog, not the screen) to ``name``."""
        self.settle()
        image = compact(widget.grab().toImage())
        path = self.out / name
        if not image.save(str(path), "PNG", 0):  # quality 0: the strongest compression
            raise Failed(f"could not write {path}")
        self.written.append(path)
        return path

    # -- logging in ---------------------------------------------------------------------

    def user(self, login: str) -> User:
        """Log in as a demo account through the core (as the login window does)."""
        return auth.login(self.station.store, login, password_of(login))

    def main_window(self, user: User) -> MainWindow:
        window = MainWindow(self.tasks, user, self.settings)
        window.resize(*SCREEN)
        window.show()
        self.windows.append(window)
        self.settle()
        return window

    # -- the pictures -------------------------------------------------------------------

    def login(self) -> None:
        dialog = LoginDialog(self.tasks, org_name=self.station.org["name"],
                             last_login="mediator")
        dialog.show()
        self.save(dialog, "login.png")
        dialog.reject()

    def dashboard(self, window: MainWindow) -> None:
        window.tabs.setCurrentWidget(window.dashboard)
        window.dashboard.buttons.button(1).click()  # 七天内到期: the fullest of the three
        self.save(window, "dashboard.png")

    def case_list(self, window: MainWindow) -> None:
        window.tabs.setCurrentWidget(window.case_list)
        self.save(window, "case-list.png")

    def intake(self, window: MainWindow) -> None:
        window.new_case()
        dialog = self._visible(IntakeDialog)
        dialog.resize(1000, 720)  # its size on a 1366×768 screen (offscreen's is 800×800)
        dialog.source.setCurrentIndex(dialog.source.findData("application"))
        applicant = dialog.applicants.rows[0]
        type_chinese(applicant.name, "张建国")
        QTest.keyClicks(applicant.phone, "13905310000")
        respondent = dialog.respondents.rows[0]
        type_chinese(respondent.name, "济南华诚建筑劳务有限公司")
        dialog.types["wages"].setChecked(True)
        claim = dialog.claims[0]
        type_chinese(claim.item, "支付拖欠工资")
        QTest.keyClicks(claim.amount.edit, "16,800")
        type_chinese(dialog.summary, "申请人自2026年3月起在被申请人处从事钢筋工作，"
                                     "被申请人拖欠2026年8月至10月工资未付。")
        self.save(dialog, "intake.png")
        scroll = dialog.findChild(QScrollArea)
        scroll.ensureWidgetVisible(claim, 0, 200)  # the claims and their 大写
        self.save(dialog, "intake-claims.png")
        dialog.discard()  # leave no draft behind
        dialog.reject()

    def case_view(self, window: MainWindow, user: User) -> None:
        pk = self._case_with_agreement(user)
        window.open_case(pk)
        self.settle()
        tabs = window.case_tabs[pk].tabs
        show_tab(tabs, "协议")
        self.save(window, "case-view.png")
        show_tab(tabs, "期限")
        self.save(window, "case-deadlines.png")
        documents.issue(self.station, pk, "agreement", user)  # what 制作文书 does
        window.case_tabs[pk].load()
        self.settle()
        show_tab(tabs, "文书")
        self.settle()
        self.save(window, "case-documents.png")

    def agreement_editor(self, window: MainWindow, user: User) -> None:
        pk = self._first_case(user, "mediating")
        window.open_case(pk)
        self.settle()
        dialog = window.case_tabs[pk].start_event("agree")
        if dialog is None:
            raise Failed("the case page did not load its case")
        term = dialog.inputs["terms"].boxes[0]  # type: ignore[attr-defined]
        type_chinese(term.item, "支付拖欠的工资")
        QTest.keyClicks(term.amount.edit, "12,600")
        self.save(dialog, "agreement-editor.png")
        dialog.done(0)  # close without the "discard what was typed?" question

    def registers(self, admin: User) -> None:
        window = self.main_window(admin)
        window.open_registers()
        window.registers_dialog.resize(820, 520)  # as on a 1366×768 screen
        self.save(window.registers_dialog, "registers.png")
        window.registers_dialog.reject()

    def sync_page(self, admin: User, folder: Path) -> None:
        """The 同步 page after a first exchange with the county on a USB stick: enrolled,
        every case receipted, a notice received."""
        from county.service import County
        from desktop.services.sync_io import SyncService

        county = County.init(folder / "county", county_id="370112", url=None,
                             name="济南市历城区劳动人事争议仲裁院", passphrase=SYNC_PASS)
        try:
            county.add_station("S01", self.station.org["name"], "screens")
            sync = SyncService(self.station)
            request = sync.enrol(county.enrol_file("S01", "screens"), SYNC_PASS, admin)
            pairs = sync.unlock(SYNC_PASS)
            sync.finish_enrol(county.enrol(request), pairs, admin)
            sync.build(pairs)
            for _seq, data in sync.outgoing():
                receipt = county.ingest(data).receipt
                if receipt is not None:
                    sync.take_receipt(receipt, pairs)
            county.send_down("S01", [{"type": "notice", "id": "screens-1",
                                      "text": "请于12月5日前报送11月调解工作统计表。"}],
                             "screens", "通知：报送统计表")
            down = county.next_down("S01", 0)
            if down is None:
                raise Failed("the county queued no downlink")
            sync.take_down(down, pairs)
        finally:
            county.store.close()
        window = self.main_window(admin)
        window.open_sync()
        assert window.sync_page is not None
        window.sync_page.keep_keys(pairs)  # as after 解锁 with the passphrase
        self.settle()
        self.save(window, "sync-page.png")

    def preferences(self, window: MainWindow) -> None:
        window.open_preferences()
        dialog = self._visible(PreferencesDialog)
        self.save(dialog, "preferences.png")
        dialog.reject()

    # -- finding things -----------------------------------------------------------------

    def _visible(self, kind: type) -> QWidget:  # type: ignore[type-arg]
        self.settle()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                return widget
        raise Failed(f"no {kind.__name__} on screen")

    def _first_case(self, user: User, status: str,
                    accept: Callable[[int], bool] = lambda _pk: True) -> int:
        page = case_view.list_page(self.station, user, filters=CaseFilter(status=status),
                                   limit=200)
        for row in page.rows:
            if accept(row.pk):
                return row.pk
        raise Failed(f"the demo has no suitable case in state {status!r}; try more --cases")

    def _case_with_agreement(self, user: User) -> int:
        def has_effective_agreement(pk: int) -> bool:
            agreement = case_view.show(self.station, pk, user).agreement
            return agreement is not None and agreement.effective_on is not None

        for status in ("performing", "performed", "agreement"):
            try:
                return self._first_case(user, status, has_effective_agreement)
            except Failed:
                continue
        raise Failed("the demo has no case with an agreement; try more --cases")

    def close(self) -> None:
        self.watch.stop()
        sys.excepthook = self._old_hook
        for window in self.windows:
            window.close()
            window.deleteLater()
        self.app.processEvents()
        self.tasks.shutdown()
        self.settings.sync()


def compact(image: QImage) -> QImage:
    """The picture with a 256-colour palette when that loses nothing (the PNG is then about
    half the size), else as it is, without an alpha channel."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    indexed = image.convertToFormat(QImage.Format.Format_Indexed8,
                                    Qt.ImageConversionFlag.ThresholdDither
                                    | Qt.ImageConversionFlag.AvoidDither)
    return indexed if indexed.convertToFormat(QImage.Format.Format_RGB32) == image else image


def show_tab(tabs: QTabWidget, title: str) -> None:
    """Bring forward the tab called ``title``."""
    for i in range(tabs.count()):
        if tabs.tabText(i) == title:
            tabs.setCurrentIndex(i)
            return
    raise Failed(f"no tab {title!r}")


def type_chinese(widget: QWidget, text: str) -> None:
    """Send ``text`` the way an input method commits a chosen word."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def take(out: Path, cases: int, today: date) -> list[Path]:
    """Build the demo station, take every picture, remove the station; the files written."""
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    apply_font(app)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tiaojie-screens-") as folder:
        paths = Paths(Path(folder) / "station")
        create_demo(paths, cases=cases, today=today)
        station = open_station(paths)
        station.today_override = today
        shooter = Shooter(app, station, out)
        try:
            mediator, admin = shooter.user("mediator"), shooter.user("admin")
            shooter.login()
            window = shooter.main_window(mediator)
            shooter.dashboard(window)
            shooter.case_list(window)
            shooter.intake(window)
            shooter.case_view(window, mediator)
            shooter.agreement_editor(window, mediator)
            shooter.preferences(window)
            shooter.registers(admin)
            shooter.sync_page(admin, Path(folder))  # last: it enrols the demo station
        finally:
            shooter.close()
            station.close()
    return shooter.written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Take the user guide's screenshots.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"folder for the PNG files (default {DEFAULT_OUT})")
    parser.add_argument("--cases", type=int, default=300,
                        help="demo cases to build (default 300)")
    parser.add_argument("--today", type=date.fromisoformat, default=DEFAULT_TODAY,
                        help=f"the demo's day, YYYY-MM-DD (default {DEFAULT_TODAY})")
    args = parser.parse_args(argv)
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    try:
        written = take(args.out.resolve(), args.cases, args.today)
    except Failed as exc:
        print(f"screenshots: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
