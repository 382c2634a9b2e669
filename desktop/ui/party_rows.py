"""The parties of the intake form: one row per person or employer, checked as it is typed,
and a worker list pasted from Excel (name, ID number, phone per line)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import validators, vocab
from desktop.domain.errors import ValidationError
from desktop.ui.i18n import QT_TRANSLATE_NOOP
from desktop.ui.inputs import INVALID_STYLE, ErrorLabel

# A party's role in the intake form; translated where shown.
ROLES = (("", "—"), ("representative", QT_TRANSLATE_NOOP("PartyRow", "集体争议代表")),
         ("dispatch_agency", QT_TRANSLATE_NOOP("PartyRow", "劳务派遣单位")),
         ("employing_unit", QT_TRANSLATE_NOOP("PartyRow", "用工单位")))
HEADER_CELLS = ("姓名", "名字")  # notr: a pasted list's header row (data, not UI text)


class PartyRow(QWidget):
    """One party: kind, name, ID or credit code, phone, address, role."""

    changed = Signal()
    removed = Signal(object)

    def __init__(self, side: str, today: date, kind: str) -> None:
        super().__init__()
        self.side, self.today = side, today
        self.kind = QComboBox()
        self.kind.setObjectName("partyKind")
        for code, label in vocab.PARTY_KINDS.items():
            self.kind.addItem(label, code)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        self.name = QLineEdit()
        self.name.setObjectName("partyName")
        self.name.setPlaceholderText(self.tr("姓名或单位名称"))
        self.number = QLineEdit()
        self.number.setObjectName("partyNumber")
        self.phone = QLineEdit()
        self.phone.setObjectName("partyPhone")
        self.phone.setPlaceholderText(self.tr("电话"))
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("住所/地址"))
        self.legal_rep = QLineEdit()
        self.legal_rep.setPlaceholderText(self.tr("法定代表人"))
        self.role = QComboBox()
        self.role.setObjectName("partyRole")
        for code, label in ROLES:
            self.role.addItem(QCoreApplication.translate("PartyRow", label), code or None)
        remove = QPushButton(self.tr("删除"))
        remove.clicked.connect(lambda: self.removed.emit(self))
        self.error = ErrorLabel()
        self.error.setObjectName("partyError")
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.kind, 0, 0)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.number, 0, 2)
        grid.addWidget(self.phone, 0, 3)
        grid.addWidget(self.role, 0, 4)
        grid.addWidget(remove, 0, 5)
        grid.addWidget(self.address, 1, 1, 1, 2)
        grid.addWidget(self.legal_rep, 1, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        for edit in (self.name, self.number, self.phone, self.address, self.legal_rep):
            edit.textChanged.connect(self._check)
        for combo in (self.kind, self.role):
            combo.currentIndexChanged.connect(self._check)
        self._check()

    @property
    def is_employer(self) -> bool:
        """True for an employer (a credit code instead of an ID number)."""
        return self.kind.currentData() == "employer"

    def _check(self) -> None:
        self.number.setPlaceholderText(self.tr("统一社会信用代码") if self.is_employer
                                       else self.tr("身份证号码"))
        self.legal_rep.setVisible(self.is_employer)
        problem = self.problem()
        self.error.show_error(problem[1] if problem else None)
        for field in ("number", "phone"):
            bad = problem is not None and problem[0] == field
            getattr(self, field).setStyleSheet(INVALID_STYLE if bad else "")
        self.changed.emit()

    def problem(self) -> tuple[str, str] | None:
        """(field, message) of the first thing wrong as typed, or None."""
        number, phone = self.number.text().strip(), self.phone.text().strip()
        try:
            if number and self.is_employer:
                validators.check_uscc(number)
            elif number:
                validators.check_id_document("resident_id", number, today=self.today)
        except ValidationError as exc:
            return "number", exc.zh
        try:
            if phone:
                validators.check_phone(phone)
        except ValidationError as exc:
            return "phone", exc.zh
        return None

    def state(self) -> dict[str, Any]:
        """What was typed (kept as the draft; may be wrong)."""
        return {"kind": self.kind.currentData(), "name": self.name.text(),
                "number": self.number.text(), "phone": self.phone.text(),
                "address": self.address.text(), "legal_rep": self.legal_rep.text(),
                "role": self.role.currentData()}

    def set_state(self, s: dict[str, Any]) -> None:
        """Fill from a draft."""
        self.kind.setCurrentIndex(max(self.kind.findData(s.get("kind")), 0))
        for key in ("name", "number", "phone", "address", "legal_rep"):
            getattr(self, key).setText(str(s.get(key) or ""))
        self.role.setCurrentIndex(max(self.role.findData(s.get("role")), 0))

    def doc(self) -> dict[str, Any]:
        """The party as the case format takes it."""
        s = self.state()
        out: dict[str, Any] = {"kind": s["kind"], "name": s["name"].strip()}
        number = s["number"].strip()
        if number:
            out["uscc" if self.is_employer else "id_number"] = number
        for key in ("phone", "address"):
            if s[key].strip():
                out[key] = s[key].strip()
        if self.is_employer and s["legal_rep"].strip():
            out["legal_rep"] = s["legal_rep"].strip()
        if s["role"] == "representative":
            out["representative"] = True
        elif s["role"]:
            out["role"] = s["role"]
        return out


class PartyList(QWidget):
    """The applicants or the respondents."""

    changed = Signal()

    def __init__(self, side: str, today: date, default_kind: str) -> None:
        super().__init__()
        self.setObjectName(f"{side}List")
        self.side, self.today, self.default_kind = side, today, default_kind
        self.rows: list[PartyRow] = []
        self.box = QVBoxLayout()
        add = QPushButton(self.tr("增加一名"))
        add.setObjectName(f"add_{side}")
        add.clicked.connect(lambda: self.add_row())
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        if side == "applicant":
            paste = QPushButton(self.tr("从 Excel 粘贴劳动者名单"))
            paste.setObjectName("pasteWorkers")
            paste.setToolTip(self.tr("在 Excel 中选中“姓名、身份证号、电话”三列后复制，再点这里"))
            paste.clicked.connect(self.paste_workers)
            buttons.addWidget(paste)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.box)
        layout.addLayout(buttons)
        self.add_row()

    def add_row(self, state: dict[str, Any] | None = None) -> PartyRow:
        """Add a party (empty, or from a draft)."""
        row = PartyRow(self.side, self.today, self.default_kind)
        if state:
            row.set_state(state)
        row.changed.connect(self.changed)
        row.removed.connect(self.remove_row)
        self.rows.append(row)
        self.box.addWidget(row)
        self.changed.emit()
        return row

    def remove_row(self, row: PartyRow) -> None:
        """Remove a party (one always stays)."""
        if len(self.rows) == 1:
            return
        self.rows.remove(row)
        row.deleteLater()
        self.changed.emit()

    def paste_workers(self) -> int:
        """Add the workers on the clipboard: one per line, tab-separated name, ID, phone."""
        text = QApplication.clipboard().text()
        added = 0
        for line in text.splitlines():
            cells = [c.strip() for c in line.split("\t")]
            if not cells or not cells[0] or cells[0] in HEADER_CELLS:
                continue
            state = {"kind": "worker", "name": cells[0],
                     "number": cells[1] if len(cells) > 1 else "",
                     "phone": cells[2] if len(cells) > 2 else ""}
            empty = [r for r in self.rows if not r.name.text().strip()]
            if empty:
                empty[0].set_state(state)
            else:
                self.add_row(state)
            added += 1
        return added

    def state(self) -> list[dict[str, Any]]:
        """Every row as typed."""
        return [r.state() for r in self.rows]

    def set_state(self, rows: list[dict[str, Any]]) -> None:
        """Replace the rows with a draft's."""
        for row in list(self.rows):
            self.rows.remove(row)
            row.deleteLater()
        for s in rows or [{}]:
            self.add_row(s)

    def doc(self) -> list[dict[str, Any]]:
        """The parties as the case format takes them (empty rows left out)."""
        return [r.doc() for r in self.rows if r.name.text().strip() or r.number.text().strip()]
