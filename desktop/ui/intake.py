"""Intake (登记): a form that follows the 调解申请书.

Several applicants and respondents (joint respondents for 派遣单位/用工单位, representatives
and a pasted worker list for collective cases), claims with amounts and their live 大写,
dispute types, the source (with the court's or arbitration's case number for a referral).
Fields are checked as they are typed; on saving, the core checks the whole application and a
refusal is shown next to the field it names.  What was typed is kept as a draft, so a window
closed by mistake loses nothing; the draft is removed once the case is registered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import vocab
from desktop.domain.case_format import (
    COLLECTIVE_THRESHOLD,
    MANUAL_FLAGS,
    MAX_WORKERS,
    REFERRAL_SOURCES,
    REPRESENTATIVES,
)
from desktop.domain.errors import AuthError, InputError, PermissionDenied
from desktop.services.auth import User
from desktop.services.cases import CaseService
from desktop.services.imports import Registered
from desktop.ui import intake_data
from desktop.ui.errors import confirm_discard, show_error
from desktop.ui.i18n import said
from desktop.ui.inputs import (
    WARNING_STYLE,
    DateEdit,
    ErrorLabel,
    WarningLabel,
)
from desktop.ui.intake_data import ENDED, draft_path  # noqa: F401 - draft_path re-exported
from desktop.ui.intake_rows import ClaimRow, warning_text
from desktop.ui.models import fit_to_screen
from desktop.ui.party_rows import PartyList, PartyRow
from desktop.ui.settings import Settings
from desktop.ui.tasks import Tasks

log = logging.getLogger(__name__)
DRAFT_DELAY_MS = 400
NOTICE_STYLE = "color: #1f4e79;"


class IntakeDialog(QDialog):
    """登记新案件.

    One window per user: its draft file is the user's, so :meth:`open_for` brings the open
    window forward instead of starting a second one on the same draft.
    """

    registered = Signal(int)  # the new case's pk
    _open: ClassVar[dict[Path, IntakeDialog]] = {}  # by draft file

    @classmethod
    def open_for(cls, tasks: Tasks, user: User, settings: Settings,
                 parent: QWidget | None = None, *,
                 on_registered: Callable[[int], None] | None = None) -> IntakeDialog:
        """Show the user's intake window: the open one brought forward, or a new one."""
        key = draft_path(tasks.station.paths.root, user.login)
        dialog = cls._open.get(key)
        if dialog is not None and shiboken6.isValid(dialog):
            if dialog.isMinimized():
                dialog.showNormal()
            dialog.raise_()
            dialog.activateWindow()
            return dialog
        dialog = cls(tasks, user, settings, parent)
        if on_registered is not None:
            dialog.registered.connect(on_registered)
        dialog.finished.connect(dialog._forget)
        cls._open[key] = dialog
        dialog.show()
        return dialog

    def _forget(self, _code: int) -> None:
        # Closed, the window is only a record of what happened (its draft is on disk); it
        # stays the main window's child as before, and the next 登记 opens a fresh one.
        if IntakeDialog._open.get(self.draft_file) is self:
            del IntakeDialog._open[self.draft_file]

    def __init__(self, tasks: Tasks, user: User, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeDialog")
        self.setWindowTitle(self.tr("登记新案件（调解申请）"))
        self.tasks, self.user, self.settings = tasks, user, settings
        self.draft_file = draft_path(tasks.station.paths.root, user.login)
        self.warnings_box: QMessageBox | None = None
        self._busy = False
        today = tasks.station.today()
        self.source = QComboBox()
        self.source.setObjectName("source")
        for code, label in vocab.SOURCES.items():
            if code != "negotiation":
                self.source.addItem(label, code)
        self.received_on = DateEdit(today)
        self.received_on.setObjectName("received_on")
        self.received_label = QLabel(self.tr("收到申请日期"))
        self.dispute_arose_on = DateEdit(optional=True)
        self.dispute_arose_on.setObjectName("dispute_arose_on")
        self.court_case_no = QLineEdit()
        self.court_case_no.setObjectName("court_case_no")
        self.court_case_label = QLabel(self.tr("委托/委派机关案号"))
        self.types: dict[str, QCheckBox] = {}
        types_box = QGridLayout()
        for i, (code, label) in enumerate(vocab.DISPUTE_TYPES.items()):
            box = QCheckBox(label)
            box.setObjectName(f"type_{code}")
            self.types[code] = box
            types_box.addWidget(box, i // 4, i % 4)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.setPlaceholderText(self.tr("事实和理由：何时入职、做什么工作、发生了什么争议……"))
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(110)
        self.applicants = PartyList("applicant", today, "worker")
        self.respondents = PartyList("respondent", today, "employer")
        self.collective_hint = WarningLabel()
        self.collective_hint.setObjectName("collectiveHint")
        self.claims: list[ClaimRow] = []
        self.claims_box = QVBoxLayout()
        add_claim = QPushButton(self.tr("增加请求事项"))
        add_claim.clicked.connect(lambda: self.add_claim())
        self.worker_count = QSpinBox()
        self.worker_count.setObjectName("worker_count")
        self.worker_count.setRange(0, MAX_WORKERS)
        self.worker_count.setSpecialValueText(self.tr("按名单计算"))
        self.ongoing = QComboBox()
        self.ongoing.setObjectName("employment")
        self.ongoing.addItems([self.tr("未说明"), self.tr("劳动关系仍存续"),
                               self.tr("劳动关系已终止")])
        self.ended_on = DateEdit(optional=True)
        self.ended_on.setObjectName("employment_ended_on")
        self.flags: dict[str, QCheckBox] = {}
        flags_row = QHBoxLayout()
        for code in MANUAL_FLAGS:
            if code == "labour_dispatch":
                continue  # follows the roles of the respondents
            box = QCheckBox(vocab.FLAGS[code])
            self.flags[code] = box
            flags_row.addWidget(box)
        flags_row.addStretch(1)
        self.message = ErrorLabel()
        self.message.setObjectName("intakeError")
        self.field_errors: dict[str, ErrorLabel] = {
            k: ErrorLabel() for k in ("source", "received_on", "dispute_arose_on",
                                      "dispute_types", "summary", "claims", "worker_count",
                                      "court_case_no", "employment_ended_on")}
        for key, error_label in self.field_errors.items():
            error_label.setObjectName(f"error_{key}")
        self.restored = QLabel()
        self.restored.setObjectName("draftNotice")
        self.restored.setWordWrap(True)
        self.restored.hide()

        basics = QFormLayout()
        basics.addRow(self.tr("案件来源"), self._with_error(self.source, "source"))
        basics.addRow(self.received_label, self._with_error(self.received_on, "received_on"))
        basics.addRow(self.court_case_label, self._with_error(self.court_case_no,
                                                              "court_case_no"))
        basics.addRow(self.tr("争议发生日期"), self._with_error(self.dispute_arose_on,
                                                          "dispute_arose_on"))
        employment = QWidget()
        employment_row = QHBoxLayout(employment)
        employment_row.setContentsMargins(0, 0, 0, 0)
        employment_row.addWidget(self.ongoing)
        employment_row.addWidget(QLabel(self.tr("终止日期")))
        employment_row.addWidget(self.ended_on)
        employment_row.addStretch(1)
        basics.addRow(self.tr("劳动关系"), self._with_error(employment, "employment_ended_on"))
        basics.addRow(self.tr("涉及劳动者人数"), self._with_error(self.worker_count,
                                                           "worker_count"))
        basics.addRow(self.tr("重点群体"), flags_row)
        claims_group = QVBoxLayout()
        claims_group.addLayout(self.claims_box)
        claims_group.addWidget(add_claim, 0, Qt.AlignmentFlag.AlignLeft)
        claims_group.addWidget(self.field_errors["claims"])
        types_group = QVBoxLayout()
        types_group.addLayout(types_box)
        types_group.addWidget(self.field_errors["dispute_types"])
        summary_group = QVBoxLayout()
        summary_group.addWidget(self.summary)
        summary_group.addWidget(self.field_errors["summary"])
        body = QWidget()
        form = QVBoxLayout(body)
        form.addWidget(self.restored)
        form.addLayout(basics)
        for title, inner, hint in ((self.tr("申请人"), self.applicants, self.collective_hint),
                                   (self.tr("被申请人（派遣单位与用工单位可同为被申请人）"),
                                    self.respondents, None)):
            group = QGroupBox(title)
            group_layout = QVBoxLayout(group)
            group_layout.addWidget(inner)
            if hint is not None:
                group_layout.addWidget(hint)
            form.addWidget(group)
        for title, layout in ((self.tr("争议类型"), types_group),
                              (self.tr("请求事项"), claims_group),
                              (self.tr("事实和理由"), summary_group)):
            group = QGroupBox(title)
            group.setLayout(layout)
            form.addWidget(group)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setWidget(body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("登记"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("registerButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭（保留草稿）"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.close)
        discard = self.buttons.addButton(self.tr("清空"), QDialogButtonBox.ButtonRole.ResetRole)
        discard.clicked.connect(self.ask_discard)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.add_claim()
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self._watch(body)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.ongoing.currentIndexChanged.connect(self._employment_changed)
        self.applicants.changed.connect(self._update_collective_hint)
        self.worker_count.valueChanged.connect(self._update_collective_hint)
        self._source_changed()
        self._employment_changed()
        fit_to_screen(self, 1000, 720)
        self.restore_draft()

    def _with_error(self, widget: QWidget, key: str) -> QWidget:
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(widget)
        inner.addWidget(self.field_errors[key])
        return box

    def _watch(self, root: QWidget) -> None:
        """Keep the draft after every change."""
        for edit in root.findChildren(QLineEdit):
            edit.textChanged.connect(self._changed)
        for text in root.findChildren(QPlainTextEdit):
            text.textChanged.connect(self._changed)
        for combo in root.findChildren(QComboBox):
            combo.currentIndexChanged.connect(self._changed)
        for box in root.findChildren(QCheckBox):
            box.toggled.connect(self._changed)
        for spin in root.findChildren(QSpinBox):
            spin.valueChanged.connect(self._changed)
        self.applicants.changed.connect(self._changed)
        self.respondents.changed.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        self._draft_timer.start()

    def _source_changed(self) -> None:
        referral = self.source.currentData() in REFERRAL_SOURCES
        self.court_case_no.setEnabled(referral)
        self.court_case_label.setEnabled(referral)
        self.received_label.setText(self.tr("材料签收日期") if referral
                                    else self.tr("收到申请日期"))

    def _employment_changed(self) -> None:
        self.ended_on.setEnabled(self.ongoing.currentIndex() == ENDED)

    def _update_collective_hint(self) -> None:
        """The representatives rule (3–5 for a collective dispute) as the list is typed;
        advice only, as the core's warning is."""
        listed, reps = self.applicants.counts()
        workers = self.worker_count.value() or listed
        low, high = REPRESENTATIVES
        advice = workers >= COLLECTIVE_THRESHOLD and not low <= reps <= high
        self.collective_hint.show_error(self.tr(
            "集体争议（{workers} 名劳动者）一般推举 3 至 5 名代表，现为 {reps} 名：请在名单的"
            "“代表”列勾选，或把代表的角色设为“集体争议代表”。").format(workers=workers, reps=reps)
            if advice else None)

    def add_claim(self, item: str = "", amount: str = "") -> ClaimRow:
        """Add a claim row."""
        row = ClaimRow()
        row.item.setText(item)
        row.amount.edit.setText(amount)
        row.removed.connect(self._remove_claim)
        row.item.textChanged.connect(self._changed)
        row.amount.changed.connect(self._changed)
        self.claims.append(row)
        self.claims_box.addWidget(row)
        return row

    def _remove_claim(self, row: ClaimRow) -> None:
        if len(self.claims) > 1:
            self.claims.remove(row)
            row.deleteLater()
            self._changed()

    def _clear_claims(self) -> None:
        for row in list(self.claims):
            self.claims.remove(row)
            row.deleteLater()

    # -- the application as the core takes it -------------------------------------------

    def document(self) -> dict[str, Any]:
        """The case document the form describes."""
        return intake_data.document(self)

    def local_problems(self) -> list[str]:
        """What the as-you-type checks already found (shown next to the fields)."""
        problems = self.applicants.problems() + self.respondents.problems()
        problems += [p for r in self.claims if (p := r.amount.read()[1] or r.problem())]
        return problems

    def submit(self) -> None:
        """Register the case (in the background); refusals go next to their fields."""
        for label in self.field_errors.values():
            label.show_error(None)
        self.message.show_error(None)
        self.applicants.recheck()  # the last refusal goes; the core will say it again
        self.respondents.recheck()
        for claim in self.claims:
            claim.check()
        if problems := self.local_problems():
            self.message.show_error(self.tr(
                "请先改正标红的内容（共 {count} 处，第一处：{first}）。").format(
                    count=len(problems), first=problems[0]))
            self._show_first_problem()
            return
        doc, user = self.document(), self.user
        self.save_draft()
        self._set_busy(True)
        self.tasks.run(lambda station: CaseService(station).register(doc, user),
                       on_success=lambda result: self._registered(result, doc),
                       on_failure=self._refused, parent=self)

    def _show_first_problem(self) -> None:
        table = self.applicants.workers
        if table is not None and (problems := table.model.problems()):
            table.show_row(problems[0][0])
            self.scroller.ensureWidgetVisible(table)

    @property
    def busy(self) -> bool:
        """True while the case is being stored (its outcome comes back to this window)."""
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.buttons.setEnabled(not busy)

    def _registered(self, result: Registered, doc: dict[str, Any]) -> None:
        self._set_busy(False)
        self._draft_timer.stop()
        self.draft_file.unlink(missing_ok=True)
        self.registered.emit(result.case_pk)
        self.accept()
        if result.warnings:
            self._show_warnings(result, doc)

    def _show_warnings(self, result: Registered, doc: dict[str, Any]) -> None:
        """What the core advises checking (not refusals): shown once the case is stored, over
        the main window (this window is closing), without blocking."""
        lines = "\n".join("• " + warning_text(w, doc) for w in result.warnings)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("登记完成，请核对"),
                          self.tr("案件 {case_no} 已登记。以下几点请核对：").format(
                              case_no=result.case_no),
                          QMessageBox.StandardButton.Ok, self.parentWidget())
        box.setObjectName("registrationWarnings")
        box.setInformativeText(lines)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.warnings_box = box

    def _refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, InputError | AuthError | PermissionDenied):
            show_error(self, exc)
            return
        where = exc.where or ""
        head = where.split(".")[0].split("[")[0]
        problem = said(exc)
        if head in ("applicants", "respondents") and "[" in where:
            self._refuse_party(head, int(where.split("[")[1].split("]")[0]), problem)
        elif head == "claims" and "[" in where:
            filled = [r for r in self.claims if r.filled]
            index = int(where.split("[")[1].split("]")[0])
            if index < len(filled):
                filled[index].error.show_error(problem)
        elif head.startswith("dispute_types"):
            self.field_errors["dispute_types"].show_error(problem)
        elif head in ("employment_ongoing", "employment_ended_on"):
            self.field_errors["employment_ended_on"].show_error(problem)
        elif head in self.field_errors:
            self.field_errors[head].show_error(problem)
        text = {"applicants": self.tr("申请人：{problem}"),
                "respondents": self.tr("被申请人：{problem}")}.get(head, "{problem}")
        self.message.show_error(text.format(problem=problem))

    def _refuse_party(self, head: str, index: int, problem: str) -> None:
        plist = self.applicants if head == "applicants" else self.respondents
        found = plist.locate(index)
        if isinstance(found, PartyRow):
            found.error.show_error(problem)
        elif found is not None and plist.workers is not None:
            plist.workers.model.refuse(found, problem)
            plist.workers.show_row(found)

    # -- the draft (desktop/ui/intake_data.py) ----------------------------------------

    def state(self) -> dict[str, Any]:
        """Everything typed, as typed."""
        return intake_data.state(self)

    def is_blank(self) -> bool:
        """True when nothing worth keeping was typed."""
        return intake_data.is_blank(self)

    def save_draft(self) -> None:
        """Keep what was typed (an empty form removes the draft)."""
        intake_data.save(self)

    def restore_draft(self) -> bool:
        """Fill the form from the kept draft, if there is one (any JSON is tolerated)."""
        return intake_data.restore(self)

    def _notice(self, text: str, *, warning: bool = False) -> None:
        self.restored.setStyleSheet(WARNING_STYLE if warning else NOTICE_STYLE)
        self.restored.setText(text)
        self.restored.show()

    def ask_discard(self) -> None:
        """清空: asks first when something was typed (the draft goes too)."""
        if not self.is_blank() and not confirm_discard(
                self, self.tr("清空登记表？"),
                self.tr("清空后，已填写的内容和保存的草稿都会删除，不能恢复。确定清空吗？")):
            return
        self.discard()

    def discard(self) -> None:
        """Empty the form and forget the draft."""
        self.draft_file.unlink(missing_ok=True)
        self.applicants.set_state([], [])
        self.respondents.set_state([])
        self.summary.clear()
        self.court_case_no.clear()
        for box in (*self.types.values(), *self.flags.values()):
            box.setChecked(False)
        self._clear_claims()
        self.add_claim()
        self.worker_count.setValue(0)
        self.restored.hide()
        self.draft_file.unlink(missing_ok=True)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._busy:  # the case is being stored; its outcome comes back to this window
            event.ignore()
            return
        self.save_draft()
        super().closeEvent(event)

    def reject(self) -> None:
        """Escape or 关闭 keeps the draft."""
        if self._busy:
            return
        self.save_draft()
        super().reject()

