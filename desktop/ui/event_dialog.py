"""The form of one lifecycle step, built from the event's entry in the domain's table.

Every step the law allows for the case is offered as an action; its form asks for exactly the
fields the event takes (the refusal reason, the termination reason, both consents for an
extension, the signer, the agreement terms…), and the core judges the result.  A refusal is
shown next to the field it names and nothing is recorded.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import fields
from desktop.domain.lifecycle import EVENTS
from desktop.domain.signers import MEDIATOR, ORG_SEAL, PartyFacts, party_key, signer_label
from desktop.services import roster
from desktop.services.auth import User
from desktop.services.case_view import CaseDetail
from desktop.services.cases import CaseService
from desktop.ui.errors import show_refusal
from desktop.ui.inputs import AmountEdit, DateEdit, ErrorLabel
from desktop.ui.tasks import Tasks
from desktop.ui.terms_editor import TermsEditor

FIELD_LABELS = {
    "note": "备注", "notes": "备注", "reason": "原因", "place": "地点", "mediator": "调解员",
    "participants": "参加人员", "new_due_on": "延长至", "applicant_consent": "申请人同意",
    "respondent_consent": "被申请人同意", "document": "授权文书", "scope": "授权范围",
    "terms": "协议内容", "waiver": "其他约定", "copies": "协议份数", "to_org": "接受委派的组织",
    "mode": "方式", "court_case_no": "法院案号", "signer": "签署方", "paid_fen": "已支付金额",
    "unpaid_terms": "未履行的事项（序号，逗号分隔，从0起）", "visitor": "回访人",
    "performance": "履行情况", "satisfaction": "当事人评价", "grade": "风险等级",
    "measures": "措施", "assessor": "评估人", "delivered_by": "送达方式", "authority": "受理机关",
    "result": "结果", "court": "法院", "filing_no": "备案号", "report": "报告内容",
    "materials_returned": "材料已退回", "reviewer": "审核人", "term": "协议事项序号（从0起）",
    "subtype": "建议书类型", "addressee": "送达对象", "problems": "发现的问题",
    "feedback_due_on": "反馈期限", "responder": "响应人", "report_no": "报告文号",
    "seq": "要更正的事件序号", "corrected_on": "正确日期",
}
NOT_SHOWN = {"notes"}  # "note" covers it
# Where a field means something particular for one step.
EVENT_FIELD_LABELS = {("session", "note"): "笔录要点", ("follow_up", "note"): "回访记录"}


def field_label(key: str) -> str:
    """The Chinese label of an event field."""
    return FIELD_LABELS.get(key, key)


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
        self._add_row(form, "occurred_on", "日期", self.occurred_on)
        for key, field_spec in {**spec.fields, "note": None}.items():
            if key in NOT_SHOWN:
                continue
            check = field_spec.check if field_spec else fields.free_text()
            widget = self._input(key, check)
            widget.setObjectName(f"field_{key}")
            label = EVENT_FIELD_LABELS.get((event, key), field_label(key)) + (
                " *" if field_spec and field_spec.required else "")
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
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(f"记录“{spec.label}”")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(620, 640 if "terms" in spec.fields else 360)

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
            combo.addItem("请选择", None)
            for code, text in fields.choices(check).items():
                combo.addItem(text, code)
            return combo
        if kind in ("boolean", "confirm"):
            return QCheckBox(getattr(check, "what", "") or "是")
        if kind == "day":
            return DateEdit(self.tasks.station.today(), optional=key == "feedback_due_on")
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
            text = widget.text().strip()
            if key == "unpaid_terms" and text:
                return [int(p) if p.strip().isdigit() else p.strip()
                        for p in text.replace("，", ",").split(",") if p.strip()]
            return text
        return None

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
                       on_success=self._done, on_failure=self._refused, parent=self)

    def _done(self, _result: object) -> None:
        self.recorded.emit(self.event_code)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        show_refusal(self, exc, dict(self.errors), self.message)
