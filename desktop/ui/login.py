"""The login window (登录): also the lock screen after idle time and for switching user.

Checking a password takes ~0.1 s by design (scrypt), so it runs in the background; the core
counts failures, locks an account after five and audits every refusal.

At start the window appears before the station has finished opening (that happens in the
background, see :mod:`desktop.ui.app`): it imports nothing of the core until it is given
the station's :class:`~desktop.ui.tasks.Tasks`, and a login typed before then waits for it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import TiaojieError
from desktop.ui.errors import describe
from desktop.ui.i18n import said

if TYPE_CHECKING:
    from desktop.services.auth import User
    from desktop.ui.tasks import Tasks

log = logging.getLogger(__name__)


class LoginDialog(QDialog):
    """Asks for a login name and password; ``user`` holds who logged in once accepted."""

    painted = Signal()  # once, after the window first appeared on screen

    def __init__(self, tasks: Tasks | None, *, org_name: str, last_login: str = "",
                 locked_for: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks: Tasks | None = None
        self.user: User | None = None
        self._waiting = False  # a login was asked for before the station was open
        self._painted = False
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("登录"))
        self.setMinimumWidth(420)
        title = self.title = QLabel(org_name)
        title.setObjectName("orgName")
        title.setWordWrap(True)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        intro = QLabel(self.tr("已锁定，请重新登录（也可以换另一位用户登录）。") if locked_for
                       else self.tr("请输入登录名和密码。"))
        intro.setWordWrap(True)
        self.login_edit = QLineEdit(locked_for or last_login)
        self.login_edit.setObjectName("loginName")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("登录名"), self.login_edit)
        form.addRow(self.tr("密码"), self.password_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout = self._layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password_edit if self.login_edit.text() else self.login_edit).setFocus()
        if tasks is not None:
            self.attach(tasks)

    def attach(self, tasks: Tasks) -> None:
        """The station is open: show its name (and the demo accounts), and log in if the
        user already asked to."""
        self.tasks = tasks
        self.title.setText(tasks.station.org["name"])
        if tasks.station.is_demo:
            self._layout.insertWidget(self._layout.indexOf(self.buttons), self._demo_hint())
        if self._waiting:
            self._waiting = False
            self.try_login()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.painted.emit)

    def _demo_hint(self) -> QLabel:
        from desktop.services.demo import DEMO_LOGINS

        lines = [self.tr("演示工作站，数据均为虚构。可用的账户：")]
        lines += [self.tr("{name}：{login} / {password}").format(
            name=name, login=login, password=password) for login, _, name, password in DEMO_LOGINS]
        hint = QLabel("\n".join(lines))
        hint.setObjectName("demoHint")
        hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint.setStyleSheet("color: #555;")
        return hint

    def try_login(self) -> None:
        """Check the credentials in the background; accept on success."""
        name, password = self.login_edit.text().strip(), self.password_edit.text()
        if not name or not password:
            self.message.setText(self.tr("请填写登录名和密码。"))
            return
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)  # 退出 stays
        if self.tasks is None:  # attach() logs in once the station is open
            self._waiting = True
            self.message.setText(self.tr("正在打开工作站……"))
            return
        from desktop.services import auth

        self.message.setText(self.tr("正在核对……"))
        self.tasks.run(lambda station: auth.login(station.store, name, password),
                       on_success=self._logged_in, on_failure=self._refused, parent=self)

    def _logged_in(self, user: User) -> None:
        self.user = user
        self.password_edit.clear()
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self.password_edit.clear()
        self.password_edit.setFocus()
        if isinstance(exc, TiaojieError):
            self.message.setText(said(exc))
        else:
            log.error("login failed unexpectedly", exc_info=exc)
            self.message.setText(describe(exc).text)
