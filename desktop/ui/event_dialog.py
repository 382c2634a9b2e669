"""The form of one lifecycle step, built from the event's entry in the domain's table.

Every step the law allows for the case is offered as an action; its form asks for exactly the
fields the event takes (the refusal reason, the termination reason, both consents for an
extension, the signer, the agreement terms…), and the core judges the result.  A refusal is
shown next to the field it names and nothing is recorded.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import fields
from desktop.domain.lifecycle import EVENTS
from desktop.domain.money import format_yuan
from desktop.domain.signers import MEDIATOR, ORG_SEAL, PartyFacts, party_key, signer_label
from desktop.services import roster
from desktop.services.auth import User
from desktop.services.case_view import CaseDetail
from desktop.services.cases import CaseService
from desktop.ui.errors import confirm_discard, show_refusal
from desktop.ui.i18n import QT_TRANSLATE_NOOP
from desktop.ui.inputs import AmountEdit, DateEdit, ErrorLabel
from desktop.ui.models import fit_to_screen
from desktop.ui.tasks import Tasks
from desktop.ui.terms_editor import TermsEditor

# The label of each event field; translated where shown (field_label).
FIELD_LABELS = {
    "note": QT_TRANSLATE_NOOP("event_dialog", "备注"),
    "notes": QT_TRANSLATE_NOOP("event_dialog", "备注"),
    "reason": QT_TRANSLATE_NOOP("event_dialog", "原因"),
    "place": QT_TRANSLATE_NOOP("event_dialog", "地点"),
    "mediator": QT_TRANSLATE_NOOP("event_dialog", "调解员"),
    "participants": QT_TRANSLATE_NOOP("event_dialog", "参加人员"),
    "new_due_on": QT_TRANSLATE_NOOP("event_dialog", "延长至"),
    "applicant_consent": QT_TRANSLATE_NOOP("event_dialog", "申请人同意"),
    "respondent_consent": QT_TRANSLATE_NOOP("event_dialog", "被申请人同意"),
    "document": QT_TRANSLATE_NOOP("event_dialog", "授权文书"),
    "scope": QT_TRANSLATE_NOOP("event_dialog", "授权范围"),
    "terms": QT_TRANSLATE_NOOP("event_dialog", "协议内容"),
    "waiver": QT_TRANSLATE_NOOP("event_dialog", "其他约定"),
    "copies": QT_TRANSLATE_NOOP("event_dialog", "协议份数"),
    "to_org": QT_TRANSLATE_NOOP("event_dialog", "接受委派的组织"),
    "mode": QT_TRANSLATE_NOOP("event_dialog", "方式"),
    "court_case_no": QT_TRANSLATE_NOOP("event_dialog", "法院案号"),
    "signer": QT_TRANSLATE_NOOP("event_dialog", "签署方"),
    "paid_fen": QT_TRANSLATE_NOOP("event_dialog", "已支付金额"),
    "unpaid_terms": QT_TRANSLATE_NOOP("event_dialog", "未履行的事项"),
    "visitor": QT_TRANSLATE_NOOP("event_dialog", "回访人"),
    "performance": QT_TRANSLATE_NOOP("event_dialog", "履行情况"),
    "satisfaction": QT_TRANSLATE_NOOP("event_dialog", "当事人评价"),
    "grade": QT_TRANSLATE_NOOP("event_dialog", "风险等级"),
    "measures": QT_TRANSLATE_NOOP("event_dialog", "措施"),
    "assessor": QT_TRANSLATE_NOOP("event_dialog", "评估人"),
    "delivered_by": QT_TRANSLATE_NOOP("event_dialog", "送达方式"),
    "authority": QT_TRANSLATE_NOOP("event_dialog", "受理机关"),
    "result": QT_TRANSLATE_NOOP("event_dialog", "结果"),
    "court": QT_TRANSLATE_NOOP("event_dialog", "法院"),
    "filing_no": QT_TRANSLATE_NOOP("event_dialog", "备案号"),
    "report": QT_TRANSLATE_NOOP("event_dialog", "报告内容"),
    "materials_returned": QT_TRANSLATE_NOOP("event_dialog", "材料已退回"),
    "reviewer": QT_TRANSLATE_NOOP("event_dialog", "审核人"),
    "term": QT_TRANSLATE_NOOP("event_dialog", "协议事项"),
    "subtype": QT_TRANSLATE_NOOP("event_dialog", "建议书类型"),
    "addressee": QT_TRANSLATE_NOOP("event_dialog", "送达对象"),
    "problems": QT_TRANSLATE_NOOP("event_dialog", "发现的问题"),
    "feedback_due_on": QT_TRANSLATE_NOOP("event_dialog", "反馈期限"),
    "responder": QT_TRANSLATE_NOOP("event_dialog", "响应人"),
    "report_no": QT_TRANSLATE_NOOP("event_dialog", "报告文号"),
    "seq": QT_TRANSLATE_NOOP("event_dialog", "要更正的步骤"),
    "corrected_on": QT_TRANSLATE_NOOP("event_dialog", "正确日期"),
    "next_on": QT_TRANSLATE_NOOP("event_dialog", "下次调解日期"),
}
OPTIONAL_DAYS = ("feedback_due_on", "next_on")  # days that may be left empty
NOT_SHOWN = {"notes"}  # "note" covers it
# Where a field means something particular for one step.
EVENT_FIELD_LABELS = {
    ("session", "note"): QT_TRANSLATE_NOOP("event_dialog", "笔录要点"),
    ("follow_up", "note"): QT_TRANSLATE_NOOP("event_dialog", "回访记录"),
}


def field_label(key: str, event: str | None = None) -> str:
    """The label of an event field (of ``event``'s, where it means something particular)."""
    label = EVENT_FIELD_LABELS.get((event or "", key)) or FIELD_LABELS.get(key)
    return QCoreApplication.translate("event_dialog", label) if label else key


class EventDialog(QDialog):
    """Asks for one event's data and records it in the background."""

    recorded = Signal(str)  # the event code

    def __init__(self, tasks: Tasks, user: User, detail: CaseDetail, event: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"eventDialog_{event}")
        self.tasks, self.user, self.detail, self.event_code = tasks, user, detail, event
        spec = EVENTS[event]
        self.setWindowTitle(f"{spec.label} — {detail.case.case_no}")
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        form = QFormLayout()
        today = tasks.station.today()
        self.occurred_on = DateEdit(today)
        self.occurred_on.setObjectName("occurred_on")
        self.occurred_on.setMaximumDate(self.occurred_on.date())
        self._add_row(form, "occurred_on", self.tr("日期"), self.occurred_on)
        for key, field_spec in {**spec.fields, "note": None}.items():
            if key in NOT_SHOWN:
                continue
            check = field_spec.check if field_spec else fields.free_text()
            widget = self._input(key, check)
            widget.setObjectName(f"field_{key}")
            label = field_label(key, event) + (" *" if field_spec and field_spec.required
                                               else "")
            self.inputs[key] = widget
            self._add_row(form, key, label, widget)
        self.message = ErrorLabel()
        self.message.setObjectName("eventError")
        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("记录“{event}”").format(event=spec.label))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 620, 640 if "terms" in spec.fields else 360)
        self._initial = self.data()

    def _add_row(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(widget)
        error = ErrorLabel()
        error.setObjectName(f"error_{key}")
        inner.addWidget(error)
        self.errors[key] = error
        form.addRow(label, box)

    def _input(self, key: str, check: fields.Checker) -> QWidget:
        kind = fields.input_kind(check)
        if kind == "choice":
            combo = QComboBox()
            combo.addItem(self.tr("请选择"), None)
            for code, text in fields.choices(check).items():
                combo.addItem(text, code)
            return combo
        if kind in ("boolean", "confirm"):
            return QCheckBox(getattr(check, "what", "") or self.tr("是"))
        if key in ("term", "unpaid_terms"):
            return self._term_chooser(many=key == "unpaid_terms")
        if key == "seq":
            return self._step_chooser()
        if kind == "day":
            optional = key in OPTIONAL_DAYS
            return DateEdit(None if optional else self.tasks.station.today(),
                            optional=optional)
        if kind == "fen":
            return AmountEdit()
        if kind == "count":
            spin = QSpinBox()
            spin.setRange(getattr(check, "low", 0), getattr(check, "high", 999))
            if key == "copies":
                spin.setValue(3)
            return spin
        if kind == "signer":
            return self._signer_combo()
        if kind == "terms":
            return self._terms_editor()
        if kind == "long_text":
            box = QPlainTextEdit()
            box.setTabChangesFocus(True)
            box.setFixedHeight(90)
            return box
        if key == "mediator":
            return self._mediator_combo()
        return QLineEdit()

    def _mediator_combo(self) -> QComboBox:
        """The active mediators on the roster (a name may still be typed)."""
        combo = QComboBox()
        combo.setEditable(True)
        names = [m.name for m in roster.list_mediators(self.tasks.station, self.user)
                 if m.active]
        combo.addItems(names)
        current = self.detail.case.mediator_name
        combo.setCurrentText(current or (names[0] if names else ""))
        return combo

    def _facts(self) -> list[PartyFacts]:
        return [PartyFacts(p.position, p.side, p.kind, p.representative, p.role)
                for p in self.detail.parties]

    def _signer_combo(self) -> QComboBox:
        combo = QComboBox()
        signed = set(self.detail.agreement.signatures) if self.detail.agreement else set()
        facts = self._facts()
        names = {party_key(p.position): p.name for p in self.detail.parties}
        for key in self.detail.required_signers:
            if key in signed:
                continue
            who = names.get(key, {MEDIATOR: self.detail.case.mediator_name or "",
                                  ORG_SEAL: ""}.get(key, ""))
            combo.addItem(f"{signer_label(key, facts)}　{who}".strip(), key)
        return combo

    def _term_chooser(self, *, many: bool) -> QWidget:
        """The agreement's terms by what they say (several may be ticked for 未履行)."""
        terms = self.detail.agreement.terms if self.detail.agreement else ()
        labels = [self.tr("第 {n} 项：{item}，{amount}，{due} 前").format(
            n=i + 1, item=t.item, amount=format_yuan(t.amount_fen), due=t.due_on)
            for i, t in enumerate(terms)]
        if not many:
            combo = QComboBox()
            for i, label in enumerate(labels):
                combo.addItem(label, i)
            return combo
        chooser = QListWidget()
        chooser.setObjectName("termChooser")
        for i, label in enumerate(labels):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, i)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            chooser.addItem(item)
        chooser.setFixedHeight(min(160, 28 * max(len(labels), 1) + 8))
        chooser.setToolTip(self.tr("勾选没有履行的事项；都不勾选表示全部未履行"))
        return chooser

    def _step_chooser(self) -> QComboBox:
        """The case's recorded steps by name and day (for 更正事件日期)."""
        combo = QComboBox()
        for e in self.detail.events:
            if e.event == "correct":
                continue
            spec = EVENTS.get(e.event)
            step = spec.label if spec else (self.tr("登记") if e.event == "register"
                                            else e.event)
            combo.addItem(self.tr("第 {n} 步　{day}　{step}").format(
                n=e.seq, day=e.occurred_on, step=step), e.seq)
        return combo

    def _terms_editor(self) -> TermsEditor:
        applicants = [p.name for p in self.detail.parties if p.side == "applicant"]
        respondents = [p.name for p in self.detail.parties if p.side == "respondent"]
        return TermsEditor(today=self.tasks.station.today(),
                           payer=respondents[0] if respondents else "",
                           payee=applicants[0] if len(applicants) == 1 else "")

    def data(self) -> dict[str, Any]:
        """What the form says, as the core takes it (empty fields left out)."""
        out: dict[str, Any] = {"occurred_on": self.occurred_on.iso()}
        for key, widget in self.inputs.items():
            value = self._value(key, widget)
            if value is not None and value != "":
                out[key] = value
        return out

    def _value(self, key: str, widget: QWidget) -> Any:
        if isinstance(widget, QListWidget):  # ticked terms; none ticked: all of them
            ticked = [widget.item(i).data(Qt.ItemDataRole.UserRole)
                      for i in range(widget.count())
                      if widget.item(i).checkState() == Qt.CheckState.Checked]
            return ticked or None
        if isinstance(widget, QComboBox):
            return widget.currentText().strip() if widget.isEditable() else widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, DateEdit):
            return widget.iso()
        if isinstance(widget, AmountEdit):
            return widget.fen()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, TermsEditor):
            return widget.value()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        if isinstance(widget, QLineEdit):
            return widget.text().strip()
        return None

    @property
    def busy(self) -> bool:
        """True while the step is being recorded (its outcome comes back to this form)."""
        return not self.buttons.isEnabled()

    def is_dirty(self) -> bool:
        """True once something was entered (what a cancel would throw away)."""
        return self.data() != self._initial

    def reject(self) -> None:
        """Cancel; asks first when something was entered."""
        if self.is_dirty() and not self.busy and not confirm_discard(
                self, self.tr("放弃填写的内容？"),
                self.tr("这一步填写的内容还没有记录。确定放弃吗？")):
            return
        super().reject()  # Esc and the window's close button come here too

    def submit(self) -> None:
        """Record the event; a refusal is shown next to its field."""
        for error in self.errors.values():
            error.show_error(None)
        self.message.show_error(None)
        data, case_no = self.data(), self.detail.case.case_no
        user, event = self.user, self.event_code
        self.buttons.setEnabled(False)
        self.tasks.run(lambda station: CaseService(station).record_event(case_no, event, data,
                                                                         user),
                       on_success=self._done, on_failure=self._refused, parent=self,
                       progress=self.tr("正在记录……"))  # shown only if it takes a while

    def _done(self, _result: object) -> None:
        self.recorded.emit(self.event_code)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        show_refusal(self, exc, dict(self.errors), self.message)
