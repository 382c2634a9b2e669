"""Intake (登记): a form that follows the 调解申请书.

Several applicants and respondents (joint respondents for 派遣单位/用工单位, representatives
and a pasted worker list for collective cases), claims with amounts and their live 大写,
dispute types, the source (with the court's or arbitration's case number for a referral).
Fields are checked as they are typed; on saving, the core checks the whole application and a
refusal is shown next to the field it names.  What was typed is kept as a draft, so a window
closed by mistake loses nothing; the draft is removed once the case is registered.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

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
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import vocab
from desktop.domain.case_format import MANUAL_FLAGS
from desktop.domain.errors import AuthError, InputError, PermissionDenied
from desktop.services.auth import User
from desktop.services.cases import CaseService
from desktop.services.imports import Registered
from desktop.ui.errors import show_error
from desktop.ui.inputs import AmountEdit, DateEdit, ErrorLabel
from desktop.ui.party_rows import PartyList
from desktop.ui.settings import Settings
from desktop.ui.tasks import Tasks

log = logging.getLogger(__name__)
REFERRALS = ("court_delegated", "court_entrusted", "arbitration_entrusted")
DRAFT_DELAY_MS = 400


def draft_path(root: Path, login: str) -> Path:
    """Where a user's unfinished intake is kept (inside the station's folder)."""
    safe = "".join(ch for ch in login if ch.isalnum() or ch in "-_") or "user"
    return root / "drafts" / f"intake-{safe}.json"


class ClaimRow(QWidget):
    """One claim: what is asked for and how much."""

    removed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.item = QLineEdit()
        self.item.setObjectName("claimItem")
        self.item.setPlaceholderText(self.tr("请求事项，如：支付拖欠工资"))
        self.amount = AmountEdit()
        self.amount.setObjectName("claimAmount")
        remove = QPushButton(self.tr("删除"))
        remove.clicked.connect(lambda: self.removed.emit(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.item, 3)
        layout.addWidget(self.amount, 2)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)


class IntakeDialog(QDialog):
    """登记新案件."""

    registered = Signal(int)  # the new case's pk

    def __init__(self, tasks: Tasks, user: User, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeDialog")
        self.setWindowTitle(self.tr("登记新案件（调解申请）"))
        self.tasks, self.user, self.settings = tasks, user, settings
        self.draft_file = draft_path(tasks.station.paths.root, user.login)
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
        self.claims: list[ClaimRow] = []
        self.claims_box = QVBoxLayout()
        add_claim = QPushButton(self.tr("增加请求事项"))
        add_claim.clicked.connect(lambda: self.add_claim())
        self.worker_count = QSpinBox()
        self.worker_count.setObjectName("worker_count")
        self.worker_count.setRange(0, 100_000)
        self.worker_count.setSpecialValueText(self.tr("按名单计算"))
        self.ongoing = QComboBox()
        self.ongoing.setObjectName("employment")
        self.ongoing.addItems([self.tr("未说明"), self.tr("劳动关系仍存续"),
                               self.tr("劳动关系已终止")])
        self.ended_on = DateEdit(optional=True)
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
        self.restored.setStyleSheet("color: #1f4e79;")
        self.restored.hide()

        basics = QFormLayout()
        basics.addRow(self.tr("案件来源"), self._with_error(self.source, "source"))
        basics.addRow(self.received_label, self._with_error(self.received_on, "received_on"))
        basics.addRow(self.court_case_label, self._with_error(self.court_case_no,
                                                              "court_case_no"))
        basics.addRow(self.tr("争议发生日期"), self._with_error(self.dispute_arose_on,
                                                          "dispute_arose_on"))
        employment = QHBoxLayout()
        employment.addWidget(self.ongoing)
        employment.addWidget(QLabel(self.tr("终止日期")))
        employment.addWidget(self.ended_on)
        employment.addStretch(1)
        basics.addRow(self.tr("劳动关系"), employment)
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
        for title, inner in ((self.tr("申请人"), self.applicants),
                             (self.tr("被申请人（派遣单位与用工单位可同为被申请人）"),
                              self.respondents)):
            group = QGroupBox(title)
            QVBoxLayout(group).addWidget(inner)
            form.addWidget(group)
        for title, layout in ((self.tr("争议类型"), types_group),
                              (self.tr("请求事项"), claims_group),
                              (self.tr("事实和理由"), summary_group)):
            group = QGroupBox(title)
            group.setLayout(layout)
            form.addWidget(group)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("登记"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("registerButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭（保留草稿）"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.close)
        discard = self.buttons.addButton(self.tr("清空"), QDialogButtonBox.ButtonRole.ResetRole)
        discard.clicked.connect(self.discard)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.add_claim()
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self._watch(body)
        self.source.currentIndexChanged.connect(self._source_changed)
        self._source_changed()
        self.resize(1000, 720)
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
        referral = self.source.currentData() in REFERRALS
        self.court_case_no.setEnabled(referral)
        self.court_case_label.setEnabled(referral)
        self.received_label.setText(self.tr("材料签收日期") if referral
                                    else self.tr("收到申请日期"))

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

    # -- the application as the core takes it -------------------------------------------

    def document(self) -> dict[str, Any]:
        """The case document the form describes."""
        doc: dict[str, Any] = {
            "source": self.source.currentData(), "received_on": self.received_on.iso(),
            "dispute_types": [c for c, box in self.types.items() if box.isChecked()],
            "summary": self.summary.toPlainText().strip(),
            "applicants": self.applicants.doc(), "respondents": self.respondents.doc(),
            "claims": [{"item": r.item.text().strip(), "amount_fen": r.amount.fen() or 0}
                       for r in self.claims if r.item.text().strip()],
        }
        if self.dispute_arose_on.iso():
            doc["dispute_arose_on"] = self.dispute_arose_on.iso()
        if self.worker_count.value():
            doc["worker_count"] = self.worker_count.value()
        if self.source.currentData() in REFERRALS and self.court_case_no.text().strip():
            doc["court_case_no"] = self.court_case_no.text().strip()
        if self.ongoing.currentIndex() == 1:
            doc["employment_ongoing"] = True
        elif self.ongoing.currentIndex() == 2 and self.ended_on.iso():
            doc["employment_ended_on"] = self.ended_on.iso()
        flags = [c for c, box in self.flags.items() if box.isChecked()]
        if flags:
            doc["flags"] = flags
        return doc

    def local_problems(self) -> list[str]:
        """What the as-you-type checks already found (shown next to the fields)."""
        problems = [p for rows in (self.applicants.rows, self.respondents.rows)
                    for r in rows if (p := r.error.text()) and r.error.isVisible()]
        problems += [r.amount.error.text() for r in self.claims
                     if r.amount.error.isVisible()]
        return problems

    def submit(self) -> None:
        """Register the case (in the background); refusals go next to their fields."""
        for label in self.field_errors.values():
            label.show_error(None)
        self.message.show_error(None)
        if self.local_problems():
            self.message.show_error(self.tr("请先改正标红的内容。"))
            return
        doc, user = self.document(), self.user
        self.save_draft()
        self.buttons.setEnabled(False)
        self.tasks.run(lambda station: CaseService(station).register(doc, user),
                       on_success=self._registered, on_failure=self._refused, parent=self)

    def _registered(self, result: Registered) -> None:
        self.buttons.setEnabled(True)
        self._draft_timer.stop()
        self.draft_file.unlink(missing_ok=True)
        self.registered.emit(result.case_pk)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, InputError | AuthError | PermissionDenied):
            show_error(self, exc)
            return
        where = exc.where or ""
        head = where.split(".")[0].split("[")[0]
        if head in ("applicants", "respondents") and "[" in where:
            plist = self.applicants if head == "applicants" else self.respondents
            index = int(where.split("[")[1].split("]")[0])
            filled = [r for r in plist.rows if r.name.text().strip() or r.number.text().strip()]
            if index < len(filled):
                filled[index].error.show_error(exc.zh)
        elif head.startswith("dispute_types"):
            self.field_errors["dispute_types"].show_error(exc.zh)
        elif head in self.field_errors:
            self.field_errors[head].show_error(exc.zh)
        elif head == "employment_ended_on":
            self.field_errors["employment_ended_on"].show_error(exc.zh)
        text = {"applicants": self.tr("申请人：{problem}"),
                "respondents": self.tr("被申请人：{problem}")}.get(head, "{problem}")
        self.message.show_error(text.format(problem=exc.zh))

    # -- the draft ----------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Everything typed, as typed."""
        return {
            "source": self.source.currentData(), "received_on": self.received_on.iso(),
            "dispute_arose_on": self.dispute_arose_on.iso(),
            "court_case_no": self.court_case_no.text(),
            "types": [c for c, box in self.types.items() if box.isChecked()],
            "summary": self.summary.toPlainText(),
            "applicants": self.applicants.state(), "respondents": self.respondents.state(),
            "claims": [{"item": r.item.text(), "amount": r.amount.edit.text()}
                       for r in self.claims],
            "worker_count": self.worker_count.value(), "employment": self.ongoing.currentIndex(),
            "ended_on": self.ended_on.iso(),
            "flags": [c for c, box in self.flags.items() if box.isChecked()],
        }

    def is_blank(self) -> bool:
        """True when nothing worth keeping was typed."""
        s = self.state()
        return not (s["summary"].strip() or s["types"] or s["court_case_no"]
                    or any(p["name"] or p["number"] for p in s["applicants"] + s["respondents"])
                    or any(c["item"] or c["amount"] for c in s["claims"]))

    def save_draft(self) -> None:
        """Keep what was typed (written atomically; an empty form removes the draft)."""
        self._draft_timer.stop()
        try:
            if self.is_blank():
                self.draft_file.unlink(missing_ok=True)
                return
            self.draft_file.parent.mkdir(parents=True, exist_ok=True)
            partial = self.draft_file.with_suffix(".part")
            partial.write_text(json.dumps(self.state(), ensure_ascii=False), encoding="utf-8")
            os.replace(partial, self.draft_file)
        except OSError as exc:
            log.warning("intake draft not saved: %s", exc)
            self.message.show_error(self.tr("草稿无法保存（{why}），关闭窗口前请先登记。").format(
                why=exc.strerror or exc))

    def restore_draft(self) -> bool:
        """Fill the form from the kept draft, if there is one."""
        try:
            s = json.loads(self.draft_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return False
        except (OSError, ValueError) as exc:
            log.warning("intake draft unreadable: %s", exc)
            return False
        if not isinstance(s, dict):
            return False
        self.source.setCurrentIndex(max(self.source.findData(s.get("source")), 0))
        for edit, key in ((self.received_on, "received_on"),
                          (self.dispute_arose_on, "dispute_arose_on"),
                          (self.ended_on, "ended_on")):
            if s.get(key):
                from datetime import date
                try:
                    edit.set_day(date.fromisoformat(s[key]))
                except ValueError:
                    pass
        self.court_case_no.setText(str(s.get("court_case_no") or ""))
        for code, box in self.types.items():
            box.setChecked(code in (s.get("types") or []))
        self.summary.setPlainText(str(s.get("summary") or ""))
        self.applicants.set_state(s.get("applicants") or [])
        self.respondents.set_state(s.get("respondents") or [])
        for row in list(self.claims):
            self.claims.remove(row)
            row.deleteLater()
        for c in s.get("claims") or [{}]:
            self.add_claim(str(c.get("item") or ""), str(c.get("amount") or ""))
        self.worker_count.setValue(int(s.get("worker_count") or 0))
        self.ongoing.setCurrentIndex(int(s.get("employment") or 0))
        for code, box in self.flags.items():
            box.setChecked(code in (s.get("flags") or []))
        self.restored.setText(self.tr("已恢复上次未登记的内容。不需要时点“清空”。"))
        self.restored.show()
        return True

    def discard(self) -> None:
        """Empty the form and forget the draft."""
        self.draft_file.unlink(missing_ok=True)
        self.applicants.set_state([])
        self.respondents.set_state([])
        self.summary.clear()
        self.court_case_no.clear()
        for box in (*self.types.values(), *self.flags.values()):
            box.setChecked(False)
        for row in list(self.claims):
            self.claims.remove(row)
            row.deleteLater()
        self.add_claim()
        self.worker_count.setValue(0)
        self.restored.hide()
        self.draft_file.unlink(missing_ok=True)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.save_draft()
        super().closeEvent(event)

    def reject(self) -> None:
        """Escape or 关闭 keeps the draft."""
        self.save_draft()
        super().reject()
