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
import re
from collections.abc import Callable
from datetime import date
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
    REPRESENTATIVES,
)
from desktop.domain.errors import AuthError, InputError, PermissionDenied
from desktop.services.auth import User
from desktop.services.cases import CaseService
from desktop.services.imports import Registered
from desktop.ui.errors import show_error
from desktop.ui.inputs import (
    INVALID_STYLE,
    WARNING_STYLE,
    AmountEdit,
    DateEdit,
    ErrorLabel,
    WarningLabel,
    chinese_part,
)
from desktop.ui.party_rows import PartyList, PartyRow
from desktop.ui.settings import Settings
from desktop.ui.tasks import Tasks

log = logging.getLogger(__name__)
REFERRALS = ("court_delegated", "court_entrusted", "arbitration_entrusted")
DRAFT_DELAY_MS = 400
ONGOING, ENDED = 1, 2  # the employment choices after 未说明
NOTICE_STYLE = "color: #1f4e79;"
WARNING_AT = re.compile(r"^(applicants|respondents)\[(\d+)\]\.(\w+): (.*)$", re.DOTALL)


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
        self.error = ErrorLabel()
        self.error.setObjectName("claimError")
        remove = QPushButton(self.tr("删除"))
        remove.clicked.connect(lambda: self.removed.emit(self))
        item = QVBoxLayout()
        item.setSpacing(2)
        item.addWidget(self.item)
        item.addWidget(self.error)
        item.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(item, 3)
        layout.addWidget(self.amount, 2)
        layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        self.item.textChanged.connect(self._recheck)
        self.amount.changed.connect(self._recheck)

    @property
    def filled(self) -> bool:
        """Whether anything was typed (an empty claim row is ignored)."""
        return bool(self.item.text().strip() or self.amount.edit.text().strip())

    def problem(self) -> str | None:
        """What keeps the claim from being registered as typed (an amount alone would be
        dropped, and the money with it)."""
        if self.amount.edit.text().strip() and not self.item.text().strip():
            return self.tr("请填写请求事项")
        return None

    def check(self) -> str | None:
        """Show the problem next to the claim; returns it."""
        problem = self.problem()
        self.error.show_error(problem)
        self.item.setStyleSheet(INVALID_STYLE if problem else "")
        return problem

    def _recheck(self) -> None:
        if self.error.isVisible():  # once shown, it goes as soon as the claim is right
            self.check()


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
        discard.clicked.connect(self.discard)
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
        doc: dict[str, Any] = {
            "source": self.source.currentData(), "received_on": self.received_on.iso(),
            "dispute_types": [c for c, box in self.types.items() if box.isChecked()],
            "summary": self.summary.toPlainText().strip(),
            "applicants": self.applicants.doc(), "respondents": self.respondents.doc(),
            "claims": [{"item": r.item.text().strip(), "amount_fen": r.amount.fen() or 0}
                       for r in self.claims if r.filled],
        }
        if self.dispute_arose_on.iso():
            doc["dispute_arose_on"] = self.dispute_arose_on.iso()
        if self.worker_count.value():
            doc["worker_count"] = self.worker_count.value()
        if self.source.currentData() in REFERRALS and self.court_case_no.text().strip():
            doc["court_case_no"] = self.court_case_no.text().strip()
        if self.ongoing.currentIndex() == ONGOING:
            doc["employment_ongoing"] = True
        elif self.ongoing.currentIndex() == ENDED and self.ended_on.iso():
            doc["employment_ended_on"] = self.ended_on.iso()
        flags = [c for c, box in self.flags.items() if box.isChecked()]
        if flags:
            doc["flags"] = flags
        return doc

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
        lines = "\n".join("• " + self._warning_text(w, doc) for w in result.warnings)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("登记完成，请核对"),
                          self.tr("案件 {case_no} 已登记。以下几点请核对：").format(
                              case_no=result.case_no),
                          QMessageBox.StandardButton.Ok, self.parentWidget())
        box.setObjectName("registrationWarnings")
        box.setInformativeText(lines)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.warnings_box = box

    def _warning_text(self, warning: str, doc: dict[str, Any]) -> str:
        """A core warning in the mediator's words: the party it is about named, not its
        path (``respondents[0].uscc: …``)."""
        at = WARNING_AT.match(warning)
        if at is None:
            return chinese_part(warning)
        side, index, message = at.group(1), int(at.group(2)), chinese_part(at.group(4))
        return self.tr("{party}：{message}").format(
            party=self._party_name(side, index, doc), message=message)

    def _party_name(self, side: str, index: int, doc: dict[str, Any]) -> str:
        parties = doc.get(side) or []
        name = parties[index].get("name", "") if index < len(parties) else ""
        return (self.tr("申请人“{name}”") if side == "applicants"
                else self.tr("被申请人“{name}”")).format(name=name)

    def _refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(exc, InputError | AuthError | PermissionDenied):
            show_error(self, exc)
            return
        where = exc.where or ""
        head = where.split(".")[0].split("[")[0]
        problem = exc.zh
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
            "workers": self.applicants.workers_state(),
            "claims": [{"item": r.item.text(), "amount": r.amount.edit.text()}
                       for r in self.claims],
            "worker_count": self.worker_count.value(), "employment": self.ongoing.currentIndex(),
            "ended_on": self.ended_on.iso(),
            "flags": [c for c, box in self.flags.items() if box.isChecked()],
        }

    def is_blank(self) -> bool:
        """True when nothing worth keeping was typed."""
        s = self.state()
        return not (s["summary"].strip() or s["types"] or s["court_case_no"] or s["workers"]
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
        """Fill the form from the kept draft, if there is one.

        Any JSON is tolerated: what fits the form is restored and the rest skipped.  A draft
        of which nothing fits is moved aside (``.bad``) and the user told, once."""
        try:
            text = self.draft_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return False
        except (OSError, ValueError) as exc:
            log.warning("intake draft unreadable: %s", exc)
            self._notice(self.tr("上次未登记的草稿无法读取（{why}），本次从空白开始。").format(
                why=getattr(exc, "strerror", None) or exc), warning=True)
            return False
        try:
            s = json.loads(text)
        except ValueError:
            s = None
        taken, skipped = self._apply_draft(s) if isinstance(s, dict) else (0, 1)
        if not taken:
            self._set_aside_draft()
            return False
        self._notice(self.tr("已恢复上次未登记的内容，其中有无法读取的部分已略过。不需要时点“清空”。")
                     if skipped else self.tr("已恢复上次未登记的内容。不需要时点“清空”。"),
                     warning=bool(skipped))
        return True

    def _apply_draft(self, s: dict[str, Any]) -> tuple[int, int]:
        """Fill the form from a draft's values of the right shape: (taken, skipped)."""
        seen: list[tuple[bool, bool]] = []  # (taken, present) per field

        def take(ok: bool, key: str, *more: str) -> None:
            seen.append((ok, any(s.get(k) not in (None, "", [], 0) for k in (key, *more))))

        take(_set_choice(self.source, s.get("source")), "source")
        for edit, key in ((self.received_on, "received_on"),
                          (self.dispute_arose_on, "dispute_arose_on"),
                          (self.ended_on, "ended_on")):
            if (day := _day(s.get(key))) is not None:
                edit.set_day(day)
            take(day is not None, key)
        if court_case_no := _text(s.get("court_case_no")):
            self.court_case_no.setText(court_case_no)
        take(bool(court_case_no), "court_case_no")
        if summary := _text(s.get("summary")):
            self.summary.setPlainText(summary)
        take(bool(summary), "summary")
        for boxes, key in ((self.types, "types"), (self.flags, "flags")):
            codes = _codes(s.get(key), boxes)
            for code, box in boxes.items():
                box.setChecked(code in codes)
            take(bool(codes), key)
        parties = self.applicants.set_state(s.get("applicants"), s.get("workers"))
        parties += self.respondents.set_state(s.get("respondents"))
        take(parties > 0, "applicants", "respondents", "workers")
        self._clear_claims()
        claims = s.get("claims")
        for claim in claims if isinstance(claims, list) else []:
            if isinstance(claim, dict):
                self.add_claim(_text(claim.get("item")), _text(claim.get("amount")))
        if not self.claims:
            self.add_claim()
        take(any(r.filled for r in self.claims), "claims")
        if (workers := _whole(s.get("worker_count"), MAX_WORKERS)) is not None:
            self.worker_count.setValue(workers)
        take(bool(workers), "worker_count")
        if (employment := _whole(s.get("employment"), ENDED)) is not None:
            self.ongoing.setCurrentIndex(employment)
        take(bool(employment), "employment")
        return (sum(1 for ok, _ in seen if ok),
                sum(1 for ok, present in seen if present and not ok))

    def _set_aside_draft(self) -> None:
        """Move an unreadable draft out of the way (kept for whoever supports the station)."""
        bad = self.draft_file.with_name(self.draft_file.name + ".bad")
        try:
            os.replace(self.draft_file, bad)
            log.warning("unreadable intake draft moved to %s", bad)
        except OSError as exc:
            log.warning("unreadable intake draft not moved aside: %s", exc)
        self._notice(self.tr("上次未登记的草稿无法读取，已另存为 {name}，本次从空白开始。").format(
            name=bad.name), warning=True)

    def _notice(self, text: str, *, warning: bool = False) -> None:
        self.restored.setStyleSheet(WARNING_STYLE if warning else NOTICE_STYLE)
        self.restored.setText(text)
        self.restored.show()

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


def _set_choice(combo: QComboBox, code: Any) -> bool:
    index = combo.findData(code) if isinstance(code, str) else -1
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _codes(value: Any, known: dict[str, Any]) -> set[str]:
    return {c for c in value if isinstance(c, str) and c in known} \
        if isinstance(value, list) else set()


def _whole(value: Any, high: int) -> int | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= high
    return value if ok else None
