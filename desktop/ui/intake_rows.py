"""Parts of the intake form (登记): a claim's row, and the core's registration warnings in
the mediator's words."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.ui.inputs import INVALID_STYLE, AmountEdit, ErrorLabel, chinese_part

# A warning about one party: ``respondents[0].uscc: 中文 / English``.
WARNING_AT = re.compile(r"^(applicants|respondents)\[(\d+)\]\.(\w+): (.*)$", re.DOTALL)


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


def warning_text(warning: str, doc: dict[str, Any]) -> str:
    """A core warning in the mediator's words: the party it is about named, not its path
    (``respondents[0].uscc: …``)."""
    at = WARNING_AT.match(warning)
    if at is None:
        return chinese_part(warning)
    side, index, message = at.group(1), int(at.group(2)), chinese_part(at.group(4))
    parties = doc.get(side) or []
    name = parties[index].get("name", "") if index < len(parties) else ""
    party = (QCoreApplication.translate("IntakeDialog", "申请人“{name}”") if side == "applicants"
             else QCoreApplication.translate("IntakeDialog", "被申请人“{name}”")).format(name=name)
    return QCoreApplication.translate("IntakeDialog", "{party}：{message}").format(
        party=party, message=message)
