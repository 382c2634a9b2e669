"""First run (设置向导): set up this PC's station, or open a demo station to try things.

Asks for the organisation (name, short name used in case numbers, type, division code, the
case-number pattern) and the first administrator.  Creating the station (and a demo's sample
cases) runs in the background.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.domain import numbering, vocab
from desktop.domain.errors import TiaojieError
from desktop.paths import Paths
from desktop.services.auth import MIN_PASSWORD
from desktop.services.demo import create_demo
from desktop.services.station import init_station
from desktop.ui.errors import show_error
from desktop.ui.i18n import said
from desktop.ui.inputs import ErrorLabel
from desktop.ui.models import fit_to_screen
from desktop.ui.tasks import run_plain

DEMO_CASES = 300


class ChoicePage(QWizardPage):
    """A real station or a demo."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("欢迎使用调解台"))
        self.setSubTitle(self.tr("这台电脑上还没有工作站。请选择："))
        self.real = QRadioButton(self.tr("设置本组织的工作站（正式使用）"))
        self.real.setObjectName("choiceReal")
        self.demo = QRadioButton(
            self.tr("打开演示工作站（{n} 件虚构案件，用于熟悉操作）").format(n=DEMO_CASES))
        self.demo.setObjectName("choiceDemo")
        self.real.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.real)
        layout.addWidget(self.demo)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return -1 if self.demo.isChecked() else 1

    def isFinalPage(self) -> bool:  # noqa: N802
        return self.demo.isChecked()


class OrganisationPage(QWizardPage):
    """本组织."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("本组织"))
        self.setSubTitle(self.tr("这些内容会出现在案号和文书上，以后管理员可以修改。"))
        self.name = QLineEdit()
        self.name.setObjectName("orgName")
        self.name.setPlaceholderText(self.tr("如：××区××街道劳动人事争议调解中心"))
        self.short_name = QLineEdit()
        self.short_name.setObjectName("shortName")
        self.short_name.setPlaceholderText(self.tr("如：××街道（用于案号）"))
        self.org_type = QComboBox()
        self.org_type.setObjectName("orgType")
        for code, label in vocab.ORG_TYPES.items():
            self.org_type.addItem(label, code)
        self.division = QLineEdit()
        self.division.setObjectName("divisionCode")
        self.division.setPlaceholderText(self.tr("6位行政区划代码（可不填）"))
        self.pattern = QLineEdit(numbering.DEFAULT_PATTERN)
        self.pattern.setObjectName("casePattern")
        self.error = ErrorLabel()
        form = QFormLayout(self)
        form.addRow(self.tr("组织全称 *"), self.name)
        form.addRow(self.tr("简称 *"), self.short_name)
        form.addRow(self.tr("组织类型"), self.org_type)
        form.addRow(self.tr("行政区划代码"), self.division)
        form.addRow(self.tr("案号格式"), self.pattern)
        form.addRow("", self.error)
        for edit in (self.name, self.short_name):
            edit.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.name.text().strip() and self.short_name.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        division = self.division.text().strip()
        if division and not (len(division) == 6 and division.isdigit()):
            self.error.show_error(self.tr("行政区划代码应为6位数字"))
            return False
        try:
            numbering.check_pattern(self.pattern.text().strip())
        except TiaojieError as exc:
            self.error.show_error(said(exc))
            return False
        self.error.show_error(None)
        return True


class AdminPage(QWizardPage):
    """The first administrator."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("管理员账户"))
        self.setSubTitle(self.tr("管理员负责添加调解员账户和本组织的设置。请牢记密码。"))
        self.login = QLineEdit("admin")
        self.login.setObjectName("adminLogin")
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("adminPasswordAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        form = QFormLayout(self)
        form.addRow(self.tr("登录名"), self.login)
        form.addRow(self.tr("密码（至少{n}位）").format(n=MIN_PASSWORD), self.password)
        form.addRow(self.tr("再输入一次"), self.again)
        form.addRow("", self.error)

    def validatePage(self) -> bool:  # noqa: N802
        if self.password.text() != self.again.text():
            self.error.show_error(self.tr("两次输入的密码不一致"))
            return False
        from desktop.services import auth
        try:
            auth.check_login_name(self.login.text().strip())
            auth.check_new_password(self.password.text())
        except TiaojieError as exc:
            self.error.show_error(said(exc))
            return False
        return True


class SetupWizard(QWizard):
    """Creates the station; ``created`` fires once it exists (demo or real)."""

    created = Signal()

    def __init__(self, paths: Paths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.paths = paths
        self.setWindowTitle(self.tr("调解台 — 设置"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("上一步"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.choice, self.org, self.admin = ChoicePage(), OrganisationPage(), AdminPage()
        self.setPage(0, self.choice)
        self.setPage(1, self.org)
        self.setPage(2, self.admin)
        self.status = QLabel()
        self.done_ok = False
        fit_to_screen(self, 640, 460)

    def accept(self) -> None:
        """Create the station, then close."""
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        job = self._demo if self.choice.demo.isChecked() else self._station
        run_plain(job, self._finished, self._failed)

    def _demo(self) -> None:
        create_demo(self.paths, cases=DEMO_CASES)

    def _station(self) -> None:
        division = self.org.division.text().strip() or None
        station = init_station(
            self.paths, name=self.org.name.text().strip(),
            short_name=self.org.short_name.text().strip(),
            org_type=self.org.org_type.currentData(), admin_login=self.admin.login.text().strip(),
            admin_password=self.admin.password.text(), division_code=division,
            case_no_pattern=self.org.pattern.text().strip())
        station.close()

    def _finished(self, _result: object) -> None:
        self.done_ok = True
        self.created.emit()
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        show_error(self, exc)
        if isinstance(exc, TiaojieError) and exc.exit_code == 4:
            QMessageBox.information(self, self.tr("调解台"),
                                    self.tr("请换一个数据文件夹（--data-dir）后重试。"))
