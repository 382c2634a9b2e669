"""The main window: it only assembles the pages, the menus and the lock.

Pages and dialogs live in their own modules and get what they need passed in.  The central
area is a tab bar: 工作台 and 案件 always, 同步 once opened, and one tab per open case.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QTabWidget,
    QWidget,
)

from desktop import __version__
from desktop.domain import vocab
from desktop.services import roster
from desktop.services.auth import User
from desktop.ui import verify_dialog
from desktop.ui.case_list import CaseListPage
from desktop.ui.case_page import CasePage
from desktop.ui.dashboard import DashboardPage
from desktop.ui.event_dialog import EventDialog
from desktop.ui.help import GuideDialog
from desktop.ui.intake import IntakeDialog
from desktop.ui.login import LoginDialog
from desktop.ui.models import fit_to_screen
from desktop.ui.registers import PreferencesDialog, StationDialog, change_password_dialog
from desktop.ui.seal_dialog import SealDialog
from desktop.ui.settings import Settings
from desktop.ui.tasks import SHOW_PROGRESS_AFTER_MS, Tasks

if TYPE_CHECKING:  # the sync stack (cryptography) loads when the 同步 page is first opened
    from desktop.ui.sync_page import SyncPage

log = logging.getLogger(__name__)
LOCKED_FOREVER_MS = 2**31 - 1  # a progress dialog's delay while the window is locked


class IdleWatch(QObject):
    """Locks the window after the configured minutes without keyboard or mouse input."""

    idle = Signal()
    INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
             QEvent.Type.Wheel, QEvent.Type.InputMethod}

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        """Change the delay (0: never lock)."""
        self.minutes = minutes
        self.timer.stop()
        if minutes > 0:
            self.timer.start(minutes * 60_000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in self.INPUT and self.minutes > 0:
            self.timer.start(self.minutes * 60_000)
        return False


class MainWindow(QMainWindow):
    """调解台's main window for one logged-in user."""

    def __init__(self, tasks: Tasks, user: User, settings: Settings) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.tasks, self.user, self.settings = tasks, user, settings
        self.station = tasks.station
        self.setWindowTitle(self.station.org["name"])
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.setCentralWidget(self.tabs)
        self.setAcceptDrops(True)  # a PDF dropped on the window is checked (核验)
        self.case_tabs: dict[int, CasePage] = {}
        self.sync_page: SyncPage | None = None  # kept for the session: unlocked keys, timer
        self._hidden_by_lock: list[QDialog] = []
        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        self.statusBar().addPermanentWidget(self.user_label)
        self._build_pages()
        self._build_menus()
        self.idle = IdleWatch(settings.idle_minutes, self)
        self.idle.idle.connect(self.lock)
        from PySide6.QtWidgets import QApplication
        QApplication.instance().installEventFilter(self.idle)  # type: ignore[union-attr]
        geometry = settings.geometry("main")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, 1280, 720)

    # -- pages --------------------------------------------------------------------------

    def _build_pages(self) -> None:
        self.tabs.clear()
        self.case_tabs.clear()
        if self.sync_page is not None:  # a new user: the keys the last one unlocked go
            self.sync_page.forget_keys()
            self.sync_page = None
        self.dashboard = DashboardPage(self.tasks, self.user)
        self.dashboard.open_case.connect(self.open_case)
        mediators = roster.list_mediators(self.station, self.user)
        self.case_list = CaseListPage(self.tasks, self.user, mediators)
        self.case_list.open_case.connect(self.open_case)
        self.tabs.addTab(self.dashboard, self.tr("工作台"))
        self.tabs.addTab(self.case_list, self.tr("案件"))
        for i in range(2):  # the two fixed pages cannot be closed
            self.tabs.tabBar().setTabButton(i, self.tabs.tabBar().ButtonPosition.RightSide,
                                            None)  # type: ignore[arg-type]
        self.user_label.setText(self.tr("当前用户：{name}（{role}）").format(
            name=self.user.display_name, role=vocab.ROLES.get(self.user.role, self.user.role)))
        if self.station.is_demo:
            self.statusBar().showMessage(
                self.tr("演示工作站：数据均为虚构，今天按 {day} 计算").format(
                    day=self.station.today().isoformat()))
        self.dashboard.refresh()
        self.case_list.apply_filters()

    def open_case(self, pk: int) -> None:
        """Show a case in its own tab (or bring its tab forward)."""
        page = self.case_tabs.get(pk)
        if page is None:
            page = CasePage(self.tasks, self.user, pk)
            page.changed.connect(self.case_changed)
            page.open_case.connect(self.open_case)
            self.case_tabs[pk] = page
            self.tabs.addTab(page, self.tr("案件"))
            page.title_changed.connect(lambda title, p=page: self._retitle(p, title))
            page.load()
        self.tabs.setCurrentWidget(page)

    def _retitle(self, page: QWidget, title: str) -> None:
        index = self.tabs.indexOf(page)
        if index >= 0:
            self.tabs.setTabText(index, title)

    def open_sync(self) -> None:
        """工作站 → 与县仲裁院同步: the 同步 page, made once per session (it keeps the
        unlocked sync keys and the automatic sync while its tab is closed)."""
        from desktop.ui.sync_page import SyncPage

        if self.sync_page is None:
            self.sync_page = SyncPage(self.tasks, self.user)
            self.sync_page.data_changed.connect(lambda: self.case_changed(0))
        if self.tabs.indexOf(self.sync_page) < 0:
            self.tabs.addTab(self.sync_page, self.tr("同步"))
        self.tabs.setCurrentWidget(self.sync_page)
        self.sync_page.refresh()

    def close_tab(self, index: int) -> None:
        """Close a case tab or the 同步 tab (the dashboard and the list stay)."""
        page = self.tabs.widget(index)
        if page is not None and page is self.sync_page:
            self.tabs.removeTab(index)
        elif isinstance(page, CasePage):
            self.case_tabs.pop(page.case_pk, None)
            self.tabs.removeTab(index)
            page.deleteLater()

    def case_changed(self, pk: int) -> None:
        """A case was registered or changed: refresh what shows it."""
        self.dashboard.refresh()
        self.case_list.refresh()

    # -- menus --------------------------------------------------------------------------

    def _action(self, text: str, slot: object,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                name: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)  # type: ignore[arg-type]
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        case_menu = bar.addMenu(self.tr("案件(&C)"))
        self.new_case_action = self._action(self.tr("登记新案件…"), self.new_case,
                                            QKeySequence.StandardKey.New, "newCaseAction")
        self.new_case_action.setEnabled(self.user.can("write"))
        case_menu.addAction(self.new_case_action)
        case_menu.addAction(self._action(self.tr("查找案件"), self.find_case,
                                         QKeySequence.StandardKey.Find, "findAction"))
        case_menu.addAction(self._action(self.tr("刷新"), lambda: self.case_changed(0),
                                         QKeySequence.StandardKey.Refresh))
        case_menu.addSeparator()
        case_menu.addAction(self._action(
            self.tr("核验文书…"), lambda: verify_dialog.choose_and_verify(self.tasks, self),
            None, "verifyAction"))
        station_menu = bar.addMenu(self.tr("工作站(&S)"))
        station_menu.addAction(self._action(
            self.tr("账户、名册与本机构…") if self.user.can("manage_users")
            else self.tr("调解员名册与本机构…"), self.open_registers, None, "registersAction"))
        station_menu.addAction(self._action(self.tr("设置…"), self.open_preferences, None,
                                            "preferencesAction"))
        seal_action = self._action(self.tr("印章图片…"), self.open_seal, None, "sealAction")
        seal_action.setEnabled(self.user.can("manage_station"))
        station_menu.addAction(seal_action)
        station_menu.addSeparator()
        station_menu.addAction(self._action(self.tr("与县仲裁院同步…"), self.open_sync, None,
                                            "syncAction"))
        user_menu = bar.addMenu(self.tr("用户(&U)"))
        user_menu.addAction(self._action(self.tr("锁定"), self.lock, "Ctrl+L", "lockAction"))
        user_menu.addAction(self._action(self.tr("切换用户…"), self.lock, None,
                                         "switchUserAction"))
        user_menu.addAction(self._action(self.tr("修改密码…"), self.change_password, None,
                                         "changePasswordAction"))
        user_menu.addSeparator()
        user_menu.addAction(self._action(self.tr("退出"), self.close,
                                         QKeySequence.StandardKey.Quit))
        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(self._action(self.tr("使用说明"), self.open_guide,
                                         QKeySequence.StandardKey.HelpContents, "guideAction"))
        help_menu.addAction(self._action(self.tr("关于调解台"), self.about, None, "aboutAction"))
        tool_bar = self.addToolBar(self.tr("常用"))
        tool_bar.setObjectName("mainToolBar")
        tool_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tool_bar.addAction(self.new_case_action)
        tool_bar.addAction(self._action(self.tr("工作台"), lambda: self.tabs.setCurrentIndex(0)))
        tool_bar.addAction(self._action(self.tr("案件列表"), lambda: self.tabs.setCurrentIndex(1)))
        tool_bar.addAction(self._action(self.tr("同步"), self.open_sync))

    def open_seal(self) -> None:
        SealDialog(self.tasks, self.user, self).open()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if verify_dialog.pdf_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = verify_dialog.pdf_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            verify_dialog.verify_paths(self.tasks, self, paths)

    def new_case(self) -> None:
        """Open the intake form (登记), or bring forward the one the user has open."""
        IntakeDialog.open_for(self.tasks, self.user, self.settings, parent=self,
                              on_registered=self._registered)

    def _registered(self, pk: int) -> None:
        self.case_changed(pk)
        self.open_case(pk)

    def open_registers(self) -> None:
        """工作站管理: accounts (administrators), the roster, the organisation."""
        dialog = StationDialog(self.tasks, self.user, parent=self)
        dialog.organisation_changed.connect(
            lambda: self.setWindowTitle(self.station.org["name"]))
        dialog.finished.connect(lambda _code: self.case_list.set_mediators(
            roster.list_mediators(self.station, self.user)))  # the roster may have changed
        dialog.open()
        self.registers_dialog = dialog

    def open_guide(self) -> None:
        """帮助 → 使用说明: the user guide beside the window (it stays open while working)."""
        dialog = GuideDialog(parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.guide_dialog = dialog

    def about(self) -> None:
        """帮助 → 关于: the program, its version and where this station's data lives."""
        QMessageBox.about(self, self.tr("关于调解台"), self.tr(
            "调解台 {version}\n劳动人事争议调解工作台，数据保存在本机。\n\n数据文件夹：{folder}")
            .format(version=__version__, folder=self.station.paths.root))

    def open_preferences(self) -> None:
        """This PC's preferences; the font size and idle lock apply at once."""
        PreferencesDialog(self.settings, self.apply_preferences, parent=self).open()

    def apply_preferences(self) -> None:
        """Apply the saved font size and idle delay."""
        from PySide6.QtWidgets import QApplication

        from desktop.ui.fonts import apply_font
        apply_font(QApplication.instance(), self.settings.font_size)  # type: ignore[arg-type]
        self.idle.set_minutes(self.settings.idle_minutes)

    def change_password(self) -> None:
        """修改密码 for the logged-in person."""
        change_password_dialog(self.tasks, self.user, parent=self).open()

    def find_case(self) -> None:
        """Go to the case list's search box."""
        self.tabs.setCurrentWidget(self.case_list)
        self.case_list.focus_search()

    # -- locking and switching user -----------------------------------------------------

    def lock(self) -> None:
        """Hide the work and ask for a login; another user may log in instead."""
        if getattr(self, "_locking", False):
            return
        self._locking = True
        self.centralWidget().setVisible(False)
        hidden = self._hidden_by_lock = self._session_windows()
        for window in hidden:  # open forms show personal data: hidden while locked
            window.hide()
        # Progress of work under way (an export): not shown while locked, even the dialogs
        # whose delay before showing has not yet passed; they come back to their owner.
        waiting = self.findChildren(QProgressDialog)
        shown = {id(d) for d in waiting if d.isVisible()}
        for d in waiting:
            d.setMinimumDuration(LOCKED_FOREVER_MS)
            d.hide()
        previous_user = self.user
        try:
            while True:  # only a login ends the lock; quitting may be refused (unsaved work)
                dialog = LoginDialog(self.tasks, org_name=self.station.org["name"],
                                     locked_for=self.user.login, parent=self)
                if dialog.exec() == LoginDialog.DialogCode.Accepted and dialog.user is not None:
                    break
                if self.close():
                    hidden = []  # the window is gone: nothing to show again
                    return
            if dialog.user != self.user:
                # The forms belong to the one who opened them: closed, never handed over
                # (the intake form keeps its draft for its owner's next login).  One still
                # saving stays hidden and closes itself when its result comes back.
                for window in hidden:
                    if isinstance(window, IntakeDialog | EventDialog) and window.busy:
                        continue
                    if isinstance(window, IntakeDialog):
                        window.save_draft()
                    window.done(0)
                    window.deleteLater()
                hidden = []
                self.user = dialog.user
                self.settings.last_login = self.user.login
                self._build_pages()
                self._build_menus()
        finally:
            for d in waiting:
                if not shiboken6.isValid(d):  # finished while locked
                    continue
                if self.user != previous_user:
                    continue  # stays hidden: not the new user's work; it closes when done
                d.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
                if id(d) in shown:
                    d.show()
            self._locking = False
            self._hidden_by_lock = []
            self.centralWidget().setVisible(True)
            for window in hidden:
                window.show()
            self.idle.set_minutes(self.settings.idle_minutes)

    def _session_windows(self) -> list[QDialog]:
        """The forms and dialogs open over this window (intake, steps, registers…)."""
        from PySide6.QtWidgets import QApplication

        def ours(widget: QWidget) -> bool:
            parent = widget.parentWidget()
            while parent is not None and parent is not self:
                parent = parent.parentWidget()
            return parent is self

        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible()
                and not isinstance(w, LoginDialog | QProgressDialog) and ours(w)]

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        unsaved = [w for w in [*self._session_windows(), *self._hidden_by_lock]
                   if isinstance(w, EventDialog) and w.is_dirty()]
        if unsaved:
            answer = QMessageBox.question(
                self, self.tr("还有没记录的内容"),
                self.tr("有 {n} 个步骤的表单已经填写但还没有记录，退出后这些内容不会保存。"
                        "确定退出吗？").format(n=len(unsaved)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        if self.tasks.running:
            answer = QMessageBox.question(
                self, self.tr("仍有操作在进行"),
                self.tr("还有操作没有完成。现在退出会等它完成后再关闭，确定退出吗？"))
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.settings.save_geometry("main", self.saveGeometry())
        self.settings.sync()
        event.accept()
