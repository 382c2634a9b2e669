"""The agreement terms editor (履行内容): each term's item, amount (with live 大写), due day,
method, payer and payee — what the law wants written out explicitly."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.money import format_yuan, to_daxie
from desktop.ui.inputs import AmountEdit, DateEdit

DEFAULT_METHOD = "银行转账"  # notr: data written into the agreement (a Chinese legal document)


class TermBox(QGroupBox):
    """One term."""

    def __init__(self, number: int, due: date, payer: str, payee: str) -> None:
        super().__init__()
        self.set_number(number)
        self.item = QLineEdit()
        self.item.setObjectName("termItem")
        self.item.setPlaceholderText(self.tr("如：支付拖欠的工资"))
        self.amount = AmountEdit(required=True)
        self.amount.setObjectName("termAmount")
        self.due = DateEdit(due)
        self.due.setObjectName("termDue")
        self.method = QLineEdit(DEFAULT_METHOD)
        self.method.setObjectName("termMethod")
        self.payer = QLineEdit(payer)
        self.payee = QLineEdit(payee)
        self.account = QLineEdit()
        self.remove = QPushButton(self.tr("删除此项"))
        form = QFormLayout(self)
        form.addRow(self.tr("履行内容"), self.item)
        form.addRow(self.tr("金额"), self.amount)
        form.addRow(self.tr("履行期限"), self.due)
        form.addRow(self.tr("履行方式"), self.method)
        form.addRow(self.tr("付款方"), self.payer)
        form.addRow(self.tr("收款方"), self.payee)
        form.addRow(self.tr("收款账户"), self.account)
        form.addRow("", self.remove)

    def set_number(self, number: int) -> None:
        """Show the term's place in the list."""
        self.setTitle(self.tr("第 {n} 项").format(n=number))

    def value(self) -> dict[str, Any]:
        """The term as the core takes it."""
        return {"item": self.item.text(), "amount_fen": self.amount.fen(),
                "due_on": self.due.iso(), "method": self.method.text(),
                "payer": self.payer.text() or None, "payee": self.payee.text() or None,
                "account": self.account.text() or None}


class TermsEditor(QWidget):
    """Several terms and their total."""

    def __init__(self, *, today: date, payer: str = "", payee: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("termsEditor")
        self.today, self.payer, self.payee = today, payer, payee
        self.boxes: list[TermBox] = []
        self.list = QVBoxLayout()
        self.total = QLabel()
        self.total.setObjectName("termsTotal")
        add = QPushButton(self.tr("增加一项"))
        add.setObjectName("addTerm")
        add.clicked.connect(self.add_term)
        bottom = QHBoxLayout()
        bottom.addWidget(add)
        bottom.addStretch(1)
        bottom.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.list)
        layout.addLayout(bottom)
        self.add_term()

    def add_term(self) -> TermBox:
        """Add an empty term."""
        box = TermBox(len(self.boxes) + 1, self.today, self.payer, self.payee)
        box.amount.changed.connect(self._update_total)
        box.remove.clicked.connect(lambda: self.remove_term(box))
        self.boxes.append(box)
        self.list.addWidget(box)
        self._update_total()
        return box

    def remove_term(self, box: TermBox) -> None:
        """Remove a term (one always stays)."""
        if len(self.boxes) == 1:
            return
        self.boxes.remove(box)
        box.deleteLater()
        for i, b in enumerate(self.boxes):
            b.set_number(i + 1)
        self._update_total()

    def _update_total(self) -> None:
        total = sum(b.amount.fen() or 0 for b in self.boxes)
        self.total.setText(self.tr("合计 {total} 元（{daxie}）").format(
            total=format_yuan(total), daxie=to_daxie(total)))

    def value(self) -> list[dict[str, Any]]:
        """Every term as the core takes it."""
        return [b.value() for b in self.boxes]
