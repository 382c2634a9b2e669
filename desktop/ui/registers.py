"""The registers: accounts (administrators only), the mediator roster, the organisation's own
record, and this PC's preferences.

Every change goes through the core (which checks the role again and audits it); a refusal is
shown next to the field it names and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import vocab
from desktop.domain.errors import ValidationError
from desktop.domain.records import Mediator
from desktop.services import auth, roster
from desktop.services.auth import User
from desktop.services.maintenance import set_mediation_basis
from desktop.services.organisation import update_organisation
from desktop.services.runner import Op
from desktop.services.station import MEDIATION_BASIS
from desktop.ui.errors import show_refusal
from desktop.ui.fonts import SIZES
from desktop.ui.inputs import ErrorLabel
from desktop.ui.models import Column, RowsModel, fit_to_screen
from desktop.ui.settings import IDLE_CHOICES, Settings
from desktop.ui.tasks import Tasks

Row = dict[str, Any]


class FormDialog(QDialog):
    """A small form: labelled fields, an error line under each, OK runs one operation.

    ``make_op`` turns the form's values into ``op(station)``; the dialog closes when it
    succeeds, and a refusal stays on screen next to its field.
    """

    saved = Signal(object)

    def __init__(self, tasks: Tasks, title: str, fields: list[tuple[str, str, QWidget]],
                 make_op: Callable[[dict[str, Any]], Op[Any]],
                 parent: QWidget | None = None, note: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("formDialog")
        self.tasks, self.make_op = tasks, make_op
        self.inputs = {key: widget for key, _, widget in fields}
        self.errors: dict[str, ErrorLabel] = {}
        layout = QVBoxLayout(self)
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            layout.addWidget(hint)
        form = QFormLayout()
        for key, label, widget in fields:
            widget.setObjectName(f"{key}Field")
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            self.errors[key] = ErrorLabel()
            box.addWidget(self.errors[key])
            form.addRow(label, box)
        layout.addLayout(form)
        self.message = ErrorLabel()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def values(self) -> dict[str, Any]:
        """What the form says (text stripped; a combo's data; a check box's state)."""
        out: dict[str, Any] = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif isinstance(widget, QLineEdit):
                out[key] = widget.text().strip()
        return out

    def submit(self) -> None:
        """Run the operation; close on success, show a refusal next to its field."""
        for error in [*self.errors.values(), self.message]:
            error.show_error(None)
        self.buttons.setEnabled(False)
        self.tasks.run(self.make_op(self.values()), on_success=self._done,
                       on_failure=self._refused, parent=self)

    def _done(self, result: object) -> None:
        self.saved.emit(result)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        show_refusal(self, exc, dict(self.errors), self.message)


def _line(text: str = "", *, password: bool = False, read_only: bool = False) -> QLineEdit:
    edit = QLineEdit(text)
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setReadOnly(read_only)
    return edit


def _combo(choices: dict[str, str], current: str | None = None) -> QComboBox:
    combo = QComboBox()
    for code, label in choices.items():
        combo.addItem(label, code)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class _TablePage(QWidget):
    """A table of rows with buttons under it; rows load in the background."""

    def __init__(self, tasks: Tasks, user: User, columns: list[Column[Any]]) -> None:
        super().__init__()
        self.tasks, self.user = tasks, user
        self.model: RowsModel[Any] = RowsModel(columns)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().hide()
        self.view.doubleClicked.connect(lambda _index: self.edit())
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(self.buttons)

    def button(self, text: str, slot: Callable[[], None], name: str,
               enabled: bool = True) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        button.setEnabled(enabled)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        return button

    def selected(self) -> Any | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def edit(self) -> None:
        """Open the selected row's form."""

    def load(self) -> None:
        """Fetch the rows."""


class UsersPage(_TablePage):
    """Accounts: add, change role or name, disable/enable, reset a password."""

    def __init__(self, tasks: Tasks, user: User) -> None:
        super().__init__(tasks, user, [
            Column(self.tr("登录名"), lambda r: r["login"]),
            Column(self.tr("姓名"), lambda r: r["display_name"]),
            Column(self.tr("角色"), lambda r: vocab.ROLES.get(r["role"], r["role"])),
            Column(self.tr("状态"), self._state),
            Column(self.tr("建立"), lambda r: str(r["created_at"])[:10]),
        ])
        self.setObjectName("usersPage")
        self.button(self.tr("新增账户…"), self.add, "addUserButton")
        self.button(self.tr("修改…"), self.edit, "editUserButton")
        self.button(self.tr("重设密码…"), self.reset, "resetPasswordButton")

    def _state(self, row: Row) -> str:
        if not row["active"]:
            return self.tr("已停用")
        until = row["locked_until"]
        if until and str(until) > datetime.now().isoformat(timespec="seconds"):
            return self.tr("锁定至 {t}").format(t=str(until)[11:16])
        return self.tr("正常")

    def load(self) -> None:
        user = self.user
        self.tasks.run(lambda station: auth.list_users(station.store, user),
                       on_success=self.model.set_rows, parent=self)

    def add(self) -> None:
        user = self.user
        dialog = FormDialog(self.tasks, self.tr("新增账户"), [
            ("login", self.tr("登录名"), _line()),
            ("display_name", self.tr("姓名"), _line()),
            ("role", self.tr("角色"), _combo(vocab.ROLES, "mediator")),
            ("password", self.tr("初始密码"), _line(password=True)),
        ], lambda v: lambda station: auth.add_user(
            station.store, user, v["login"], v["role"], v["password"],
            v["display_name"] or None), parent=self,
            note=self.tr("密码至少 {n} 位。请把初始密码当面告诉本人，并请其登录后修改。").format(
                n=auth.MIN_PASSWORD))
        dialog.saved.connect(lambda _r: self.load())
        dialog.open()

    def edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        user, login = self.user, row["login"]
        active = QCheckBox(self.tr("可以登录"))
        active.setChecked(bool(row["active"]))
        dialog = FormDialog(self.tasks, self.tr("修改账户 {login}").format(login=login), [
            ("display_name", self.tr("姓名"), _line(str(row["display_name"]))),
            ("role", self.tr("角色"), _combo(vocab.ROLES, row["role"])),
            ("active", self.tr("状态"), active),
        ], lambda v: lambda station: auth.set_account(
            station.store, user, login, role=v["role"], active=v["active"],
            display_name=v["display_name"]), parent=self)
        dialog.saved.connect(lambda _r: self.load())
        dialog.open()

    def reset(self) -> None:
        row = self.selected()
        if row is None:
            return
        user, login = self.user, row["login"]
        dialog = FormDialog(self.tasks, self.tr("重设 {login} 的密码").format(login=login), [
            ("password", self.tr("新密码"), _line(password=True)),
        ], lambda v: lambda station: auth.reset_password(station.store, user, login,
                                                         v["password"]),
            parent=self, note=self.tr("重设后账户的锁定随即解除。"))
        dialog.saved.connect(lambda _r: self.load())
        dialog.open()


class RosterPage(_TablePage):
    """The mediator roster (调解员名册): everyone sees it, administrators keep it."""

    def __init__(self, tasks: Tasks, user: User) -> None:
        super().__init__(tasks, user, [
            Column(self.tr("姓名"), lambda m: m.name),
            Column(self.tr("专兼职"), lambda m: roster.EMPLOYMENT.get(m.employment, "")),
            Column(self.tr("电话"), lambda m: m.phone or ""),
            Column(self.tr("证书编号"), lambda m: m.certificate_no or ""),
            Column(self.tr("状态"), lambda m: self.tr("在册") if m.active else self.tr("已停用")),
        ])
        self.setObjectName("rosterPage")
        admin = user.can("manage_station")
        self.button(self.tr("新增调解员…"), self.add, "addMediatorButton", admin)
        self.button(self.tr("修改…"), self.edit, "editMediatorButton", admin)

    def load(self) -> None:
        user = self.user
        self.tasks.run(lambda station: roster.list_mediators(station, user),
                       on_success=self.model.set_rows, parent=self)

    def _fields(self, m: Mediator | None) -> list[tuple[str, str, QWidget]]:
        return [
            ("name", self.tr("姓名"), _line(m.name if m else "")),
            ("employment", self.tr("专兼职"),
             _combo(roster.EMPLOYMENT, m.employment if m else "part_time")),
            ("phone", self.tr("电话"), _line(m.phone or "" if m else "")),
            ("certificate_no", self.tr("证书编号"), _line(m.certificate_no or "" if m else "")),
        ]

    def add(self) -> None:
        user = self.user
        dialog = FormDialog(self.tasks, self.tr("新增调解员"), self._fields(None),
                            lambda v: lambda station: roster.add_mediator(
                                station, user, v["name"], employment=v["employment"],
                                phone=v["phone"] or None,
                                certificate_no=v["certificate_no"] or None), parent=self)
        dialog.saved.connect(lambda _r: self.load())
        dialog.open()

    def edit(self) -> None:
        m = self.selected()
        if m is None or not self.user.can("manage_station"):
            return
        user, pk = self.user, m.pk
        active = QCheckBox(self.tr("在册（可分配新案件）"))
        active.setChecked(m.active)
        dialog = FormDialog(self.tasks, self.tr("修改调解员 {name}").format(name=m.name),
                            [*self._fields(m), ("active", self.tr("状态"), active)],
                            lambda v: lambda station: roster.update_mediator(
                                station, user, pk, name=v["name"],
                                employment=v["employment"], phone=v["phone"],
                                certificate_no=v["certificate_no"], active=v["active"]),
                            parent=self, note=self.tr("停用后，已分配的案件不受影响。"))
        dialog.saved.connect(lambda _r: self.load())
        dialog.open()


class OrganisationPage(QWidget):
    """The organisation's record: name, address, phone and division code are kept here;
    the short name, type and case-number pattern are fixed at set-up (numbers already
    issued carry them)."""

    changed = Signal()

    def __init__(self, tasks: Tasks, user: User) -> None:
        super().__init__()
        self.setObjectName("organisationPage")
        self.tasks, self.user = tasks, user
        org = tasks.station.org
        admin = user.can("manage_station")
        self.inputs = {
            "name": _line(org["name"], read_only=not admin),
            "address": _line(org.get("address") or "", read_only=not admin),
            "phone": _line(org.get("phone") or "", read_only=not admin),
            "division_code": _line(org.get("division_code") or "", read_only=not admin),
        }
        self.errors = {key: ErrorLabel() for key in self.inputs}
        labels = {"name": self.tr("机构名称"), "address": self.tr("地址"),
                  "phone": self.tr("电话"), "division_code": self.tr("行政区划代码")}
        form = QFormLayout()
        for key, edit in self.inputs.items():
            edit.setObjectName(f"{key}Field")
            box = QVBoxLayout()
            box.addWidget(edit)
            box.addWidget(self.errors[key])
            form.addRow(labels[key], box)
        form.addRow(self.tr("简称"), QLabel(org["short_name"]))
        form.addRow(self.tr("组织类型"), QLabel(vocab.ORG_TYPES.get(org["org_type"], "")))
        form.addRow(self.tr("案号格式"), QLabel(org["case_no_pattern"]))
        self.basis = _combo(MEDIATION_BASIS, org.get("mediation_basis", "received"))
        self.basis.setObjectName("basisField")
        self.basis.setEnabled(admin and org["org_type"] == "enterprise_committee")
        self.basis.setToolTip(self.tr("调解期限一般自收到调解申请之日起计算（调解仲裁法第十四条）；"
                                      "企业劳动争议调解委员会可自受理之日起计算（17号令）。"))
        form.addRow(self.tr("调解期限起算"), self.basis)
        self.message = ErrorLabel()
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("saveOrganisationButton")
        self.save_button.setEnabled(admin)
        self.save_button.clicked.connect(self.save)
        self.saved_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(self.saved_label, 1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        layout.addStretch(1)

    def save(self) -> None:
        """Save the edited fields (and the mediation basis, if it changed)."""
        for error in [*self.errors.values(), self.message]:
            error.show_error(None)
        values = {key: edit.text() for key, edit in self.inputs.items()}
        basis = self.basis.currentData()
        user = self.user

        def op(station: Any) -> dict[str, Any]:
            changed = update_organisation(station, user, **values)
            if basis != station.org.get("mediation_basis", "received"):
                set_mediation_basis(station, user, basis)
                changed["mediation_basis"] = basis
            return changed

        self.save_button.setEnabled(False)
        self.tasks.run(op, on_success=self._saved, on_failure=self._refused, parent=self,
                       progress=self.tr("正在保存……"))

    def _saved(self, changed: dict[str, Any]) -> None:
        self.save_button.setEnabled(True)
        self.saved_label.setText(self.tr("已保存。") if changed else self.tr("没有改动。"))
        if changed:
            self.changed.emit()

    def _refused(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        show_refusal(self, exc, dict(self.errors), self.message)


class StationDialog(QDialog):
    """工作站管理: accounts (administrators only), the roster and the organisation."""

    organisation_changed = Signal()

    def __init__(self, tasks: Tasks, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stationDialog")
        self.setWindowTitle(self.tr("工作站管理"))
        fit_to_screen(self, 820, 520)
        self.tabs = QTabWidget()
        self.users: UsersPage | None = None
        if user.can("manage_users"):
            self.users = UsersPage(tasks, user)
            self.tabs.addTab(self.users, self.tr("账户"))
            self.users.load()
        self.roster = RosterPage(tasks, user)
        self.tabs.addTab(self.roster, self.tr("调解员名册"))
        self.roster.load()
        self.organisation = OrganisationPage(tasks, user)
        self.organisation.changed.connect(self.organisation_changed)
        self.tabs.addTab(self.organisation, self.tr("本机构"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)


class PreferencesDialog(QDialog):
    """This PC's preferences: font size (applied at once), idle lock, language."""

    def __init__(self, settings: Settings, apply: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("设置"))
        self.settings, self.apply = settings, apply
        self.font_size = QComboBox()
        self.font_size.setObjectName("fontSizeField")
        for size in SIZES:
            self.font_size.addItem(self.tr("{n} 号").format(n=size), size)
        self.font_size.setCurrentIndex(self.font_size.findData(settings.font_size))
        self.idle = QComboBox()
        self.idle.setObjectName("idleField")
        for minutes in IDLE_CHOICES:
            self.idle.addItem(self.tr("{n} 分钟").format(n=minutes) if minutes
                              else self.tr("从不"), minutes)
        self.idle.setCurrentIndex(self.idle.findData(settings.idle_minutes))
        self.language = QComboBox()
        self.language.setObjectName("languageField")
        self.language.addItem("简体中文", "zh_CN")  # notr: a language is named in itself
        self.language.addItem("English (for reviewers)", "en")
        self.language.setCurrentIndex(self.language.findData(settings.language))
        form = QFormLayout()
        form.addRow(self.tr("字号"), self.font_size)
        form.addRow(self.tr("无操作自动锁定"), self.idle)
        form.addRow(self.tr("界面语言（重新启动后生效）"), self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons, alignment=Qt.AlignmentFlag.AlignRight)

    def save(self) -> None:
        """Keep the choices and apply what can change at once."""
        self.settings.font_size = int(self.font_size.currentData())
        self.settings.idle_minutes = int(self.idle.currentData())
        self.settings.language = str(self.language.currentData())
        self.settings.sync()
        self.apply()
        self.accept()


def change_password_dialog(tasks: Tasks, user: User, parent: QWidget | None = None
                           ) -> FormDialog:
    """修改密码: the old password first, then the new one twice."""

    # Translated here, on the GUI thread; the operation runs on a worker.
    differ = QCoreApplication.translate("registers", "两次输入的新密码不一致")

    def make_op(v: dict[str, Any]) -> Op[None]:
        def op(station: Any) -> None:
            if v["password"] != v["again"]:
                raise ValidationError(differ, "the new passwords differ", "again")
            auth.change_own_password(station.store, user, v["old"], v["password"])
        return op

    # Spelled out (not aliased): lupdate only recognises QCoreApplication.translate by name.
    return FormDialog(tasks, QCoreApplication.translate("registers", "修改密码"), [
        ("old", QCoreApplication.translate("registers", "原密码"), _line(password=True)),
        ("password", QCoreApplication.translate("registers", "新密码"), _line(password=True)),
        ("again", QCoreApplication.translate("registers", "再次输入新密码"),
         _line(password=True)),
    ], make_op, parent=parent)
