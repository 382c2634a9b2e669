"""The parties of the intake form: one row per person or employer, checked as it is typed,
and a worker list pasted from Excel (name, ID number, phone per line).

A short list becomes rows like any typed party; a longer one goes to the compact worker table
(:mod:`desktop.ui.worker_list`), which stays quick with hundreds of workers."""

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
from desktop.ui.i18n import QT_TRANSLATE_NOOP, said
from desktop.ui.inputs import INVALID_STYLE, ErrorLabel, WarningLabel, chinese_part
from desktop.ui.worker_list import WorkerTable, parse_workers

# A party's role in the intake form; translated where shown.
ROLES = (("", "—"), ("representative", QT_TRANSLATE_NOOP("PartyRow", "集体争议代表")),
         ("dispatch_agency", QT_TRANSLATE_NOOP("PartyRow", "劳务派遣单位")),
         ("employing_unit", QT_TRANSLATE_NOOP("PartyRow", "用工单位")))
# A paste that leaves the applicants at most this many adds full rows (each can then get an
# address and a role); a longer list goes to the worker table.
FULL_ROWS_MAX = 15
ROW_TEXTS = ("name", "number", "phone", "address", "legal_rep")


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
        self.warning = WarningLabel()
        self.warning.setObjectName("partyWarning")
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
        layout.addWidget(self.warning)
        for edit in (self.name, self.number, self.phone, self.address, self.legal_rep):
            edit.textChanged.connect(self._check)
        for combo in (self.kind, self.role):
            combo.currentIndexChanged.connect(self._check)
        self._check()

    @property
    def filled(self) -> bool:
        """Whether the row names a party (an empty row is left out)."""
        return bool(self.name.text().strip() or self.number.text().strip())

    @property
    def is_employer(self) -> bool:
        """True for an employer (a credit code instead of an ID number)."""
        return self.kind.currentData() == "employer"

    def _check(self) -> None:
        self.number.setPlaceholderText(self.tr("统一社会信用代码") if self.is_employer
                                       else self.tr("身份证号码"))
        self.legal_rep.setVisible(self.is_employer)
        problem, warning = self.assess()
        self.error.show_error(problem[1] if problem else None)
        self.warning.show_error(None if problem else warning)
        for field in ("number", "phone"):
            bad = problem is not None and problem[0] == field
            getattr(self, field).setStyleSheet(INVALID_STYLE if bad else "")
        self.changed.emit()

    def recheck(self) -> None:
        """Show the checks' verdict afresh (replacing a refusal shown from the core)."""
        self._check()

    def problem(self) -> tuple[str, str] | None:
        """(field, message) of the first thing wrong as typed, or None."""
        return self.assess()[0]

    def assess(self) -> tuple[tuple[str, str] | None, str | None]:
        """(the first problem as (field, message) or None, a warning or None).

        A warning (a credit code whose check character does not match) does not stop
        registering: some real codes from early pilots fail it."""
        number, phone = self.number.text().strip(), self.phone.text().strip()
        warning = None
        try:
            if number and self.is_employer:
                notes = validators.check_uscc(number)[1]
                warning = "；".join(chinese_part(n) for n in notes) or None
            elif number:
                validators.check_id_document("resident_id", number, today=self.today)
        except ValidationError as exc:
            return ("number", said(exc)), None
        try:
            if phone:
                validators.check_phone(phone)
        except ValidationError as exc:
            return ("phone", said(exc)), warning
        return None, warning

    def state(self) -> dict[str, Any]:
        """What was typed (kept as the draft; may be wrong)."""
        return {"kind": self.kind.currentData(), "name": self.name.text(),
                "number": self.number.text(), "phone": self.phone.text(),
                "address": self.address.text(), "legal_rep": self.legal_rep.text(),
                "role": self.role.currentData()}

    def set_state(self, s: dict[str, Any]) -> None:
        """Fill from a draft (values of the wrong type are left out)."""
        if (kind := self.kind.findData(s.get("kind"))) >= 0:
            self.kind.setCurrentIndex(kind)
        for key in ROW_TEXTS:
            if isinstance(s.get(key), str):
                getattr(self, key).setText(s[key])
        if isinstance(s.get("role"), str) and (role := self.role.findData(s["role"])) >= 0:
            self.role.setCurrentIndex(role)

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
    """The applicants or the respondents: party rows and, for the applicants, the worker
    table a long pasted list goes to."""

    changed = Signal()

    def __init__(self, side: str, today: date, default_kind: str) -> None:
        super().__init__()
        self.setObjectName(f"{side}List")
        self.side, self.today, self.default_kind = side, today, default_kind
        self.rows: list[PartyRow] = []
        self.workers: WorkerTable | None = None
        self.box = QVBoxLayout()
        add = QPushButton(self.tr("增加一名"))
        add.setObjectName(f"add_{side}")
        add.clicked.connect(lambda: self.add_row())
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.box)
        if side == "applicant":
            paste = QPushButton(self.tr("从 Excel 粘贴劳动者名单"))
            paste.setObjectName("pasteWorkers")
            paste.setToolTip(self.tr("在 Excel 中选中“姓名、身份证号、电话”三列后复制，再点这里"))
            paste.clicked.connect(self.paste_workers)
            buttons.addWidget(paste)
            self.workers = WorkerTable(today)
            self.workers.changed.connect(self.changed)
            self.workers.paste_requested.connect(self.paste_workers)
            layout.addWidget(self.workers)
        buttons.addStretch(1)
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
        """Add the workers on the clipboard (see :func:`~desktop.ui.worker_list.parse_workers`):
        as rows while the list stays short, else to the worker table; returns how many."""
        entries = parse_workers(QApplication.clipboard().text())
        if self.workers is None or not entries:
            return 0
        filled = [r for r in self.rows if r.filled]
        if self.workers.model.workers or len(filled) + len(entries) > FULL_ROWS_MAX:
            added = self.workers.model.append(entries)
            self.workers.view.scrollToBottom()
            return added
        for name, number, phone in entries:
            state = {"kind": "worker", "name": name, "number": number, "phone": phone}
            empty = [r for r in self.rows if not r.filled and not r.phone.text().strip()]
            if empty:
                empty[0].set_state(state)
            else:
                self.add_row(state)
        return len(entries)

    def state(self) -> list[dict[str, Any]]:
        """Every row as typed (the worker table is kept apart: :meth:`workers_state`)."""
        return [r.state() for r in self.rows]

    def workers_state(self) -> list[list[Any]]:
        """The worker table as typed."""
        return self.workers.model.state() if self.workers is not None else []

    def set_state(self, rows: Any, workers: Any = None) -> int:
        """Replace the rows (and the worker table) with a draft's; what is not of the right
        shape is left out.  A draft that kept a long list as rows has its plain workers moved
        to the table.  Returns how many parties were taken."""
        for row in list(self.rows):
            self.rows.remove(row)
            row.deleteLater()
        states = [s for s in (rows if isinstance(rows, list) else ()) if isinstance(s, dict)]
        if self.workers is not None:
            if workers is None and len(states) > FULL_ROWS_MAX:
                workers = [s for s in states if _plain_worker(s)]
                states = [s for s in states if not _plain_worker(s)]
            taken = self.workers.model.set_state(workers or [])
        else:
            taken = 0
        for s in states or [{}]:
            self.add_row(s)
        return taken + sum(1 for r in self.rows if r.filled)

    def doc(self) -> list[dict[str, Any]]:
        """The parties as the case format takes them (empty rows left out): the rows, then
        the worker table."""
        docs = [r.doc() for r in self.rows if r.filled]
        if self.workers is not None:
            docs += self.workers.model.docs()
        return docs

    def locate(self, index: int) -> PartyRow | int | None:
        """The row, or the worker table's row number, of the ``index``-th party of
        :meth:`doc`."""
        filled = [r for r in self.rows if r.filled]
        if index < len(filled):
            return filled[index]
        table_rows = self.workers.model.filled_rows() if self.workers is not None else []
        index -= len(filled)
        return table_rows[index] if 0 <= index < len(table_rows) else None

    def recheck(self) -> None:
        """Check every party afresh (a refusal shown from the last attempt goes)."""
        for row in self.rows:
            row.recheck()
        if self.workers is not None:
            self.workers.model.clear_refusals()

    def problems(self) -> list[str]:
        """What the as-you-type checks find (shown next to the rows and in the table)."""
        found = [p[1] for r in self.rows if (p := r.problem())]
        if self.workers is not None:
            found += [self.tr("劳动者名单第 {row} 行：{problem}").format(row=row + 1,
                                                                   problem=problem)
                      for row, problem in self.workers.model.problems()]
        return found

    def counts(self) -> tuple[int, int]:
        """(workers listed, representatives among the parties)."""
        workers = sum(1 for r in self.rows if r.filled and r.kind.currentData() == "worker")
        reps = sum(1 for r in self.rows if r.filled and r.role.currentData() == "representative")
        if self.workers is not None:
            workers += self.workers.model.count()
            reps += self.workers.model.representatives()
        return workers, reps


def _plain_worker(s: dict[str, Any]) -> bool:
    """A draft row that is only a worker's name, ID and phone (it fits the worker table)."""
    return s.get("kind", "worker") == "worker" and not s.get("role") \
        and not s.get("address") and not s.get("legal_rep")
