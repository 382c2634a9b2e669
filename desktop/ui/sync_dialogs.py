"""The dialogs of the 同步 page: the sync key passphrase (unlocking it, or choosing a new one
when enrolling) and the files and folders the user picks.

The pickers are module functions so that tests can replace them (a native file dialog
cannot be driven offscreen).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import AuthError, InputError
from desktop.services.sync_io import SyncService
from desktop.sync import keys
from desktop.ui.errors import show_error
from desktop.ui.i18n import said
from desktop.ui.inputs import ErrorLabel
from desktop.ui.tasks import Tasks


class PassphraseDialog(QDialog):
    """The sync key passphrase.  Unlocking (解锁同步密钥) checks it in the background and says
    a wrong one under the field (nothing else changes); ``new`` asks for one twice (注册)."""

    unlocked = Signal(object)  # the KeyPairs

    def __init__(self, tasks: Tasks, *, new: bool = False, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.tasks, self.new = tasks, new
        self.setObjectName("newPassphraseDialog" if new else "unlockSyncDialog")
        self.setWindowTitle(self.tr("设定同步密钥口令") if new else self.tr("解锁同步密钥"))
        self.first, self.second = QLineEdit(), QLineEdit()
        self.first.setObjectName("syncPassphrase")
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        self.error.setObjectName("passphraseError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.check)
        self.buttons.rejected.connect(self.reject)
        self.rejected.connect(self.first.clear)  # no passphrase stays in a hidden dialog
        hint = QLabel(self.tr("同步密钥用这个口令加密保存在本机。请记住它：每次登录后第一次同步时"
                              "要输入，忘记后只能重新注册。") if new else
                      self.tr("同步密钥口令是注册时设定的口令，本次登录期间只需输入一次。"))
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("新口令") if new else self.tr("同步密钥口令"), self.first)
        if new:
            form.addRow(self.tr("再输一次"), self.second)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def check(self) -> None:
        """A new passphrase: two equal ones the key store takes.  Unlocking: try it."""
        text = self.first.text()
        if self.new:
            try:
                keys.check_passphrase(text)
            except InputError as exc:
                self.error.show_error(said(exc))
                return
            if text != self.second.text():
                self.error.show_error(self.tr("两次输入的口令不一样"))
                return
            self.accept()
        elif not text:
            self.error.show_error(self.tr("请输入同步密钥口令"))
        else:
            self.buttons.setEnabled(False)
            self.tasks.run(lambda station: SyncService(station).unlock(text),
                           on_success=self._unlocked, on_failure=self._refused, parent=self)

    def _unlocked(self, pairs: keys.KeyPairs) -> None:
        self.first.clear()
        self.buttons.setEnabled(True)
        if not self.isVisible():  # closed (Esc) while the passphrase was checked
            return
        self.unlocked.emit(pairs)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, AuthError | InputError):
            show_error(self, exc)
            return
        self.error.show_error(said(exc))
        self.first.selectAll()
        self.first.setFocus()


def ask_new_passphrase(parent: QWidget, tasks: Tasks) -> str | None:
    """A new sync key passphrase, typed twice; None when cancelled."""
    dialog = PassphraseDialog(tasks, new=True, parent=parent)
    passphrase = dialog.first.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
    dialog.deleteLater()
    return passphrase


def choose_enrol_file(parent: QWidget) -> Path | None:
    """The county's enrolment file."""
    name, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("sync_dialogs", "选择县仲裁院的注册文件"), "",
        QCoreApplication.translate("sync_dialogs", "注册文件 (*.tjenrol)"))
    return Path(name) if name else None


def choose_folder(parent: QWidget, title: str, start: Path | None = None) -> Path | None:
    """A folder (the USB stick) to write to."""
    name = QFileDialog.getExistingDirectory(parent, title, str(start or ""))
    return Path(name) if name else None


def choose_import_files(parent: QWidget) -> list[Path]:
    """The county's receipt and downlink files."""
    names, _ = QFileDialog.getOpenFileNames(
        parent, QCoreApplication.translate("sync_dialogs", "选择县仲裁院的回执或下发文件"), "",
        QCoreApplication.translate("sync_dialogs", "同步文件 (*.tjsync)"))
    return [Path(n) for n in names]


def confirm_full_resend(parent: QWidget) -> bool:
    """Ask before 全部重新发送 (every case goes to the county again)."""
    answer = QMessageBox.question(
        parent, QCoreApplication.translate("sync_dialogs", "全部重新发送"),
        QCoreApplication.translate("sync_dialogs", "县仲裁院的数据与本站不一致。下次发送时将把"
                                   "本站全部案件重新发送一遍，数据多时需要较长时间。确定吗？"))
    return answer == QMessageBox.StandardButton.Yes


def confirm_enrol_again(parent: QWidget) -> bool:
    """Ask before enrolling an enrolled station again."""
    answer = QMessageBox.question(
        parent, QCoreApplication.translate("sync_dialogs", "重新注册"),
        QCoreApplication.translate("sync_dialogs", "本站已向县仲裁院注册。只有县仲裁院给了新的"
                                   "注册文件（例如忘记了同步密钥口令）时才需要重新注册：将生成新的"
                                   "同步密钥，原有回执存档，全部数据重新发送给县仲裁院。继续吗？"))
    return answer == QMessageBox.StandardButton.Yes
