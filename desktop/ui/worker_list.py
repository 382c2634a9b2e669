"""The worker list of a collective case (劳动者名单): pasted from Excel, shown as a compact,
editable table that stays quick with hundreds of workers.

A full party row is a dozen widgets; five hundred of them froze the window for seconds.  The
list is a model instead: a worker is four values and the problem found in them, checked as
they are pasted or edited, and the view draws only the rows on screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import validators
from desktop.domain.errors import ValidationError
from desktop.ui.i18n import said
from desktop.ui.inputs import ErrorLabel
from desktop.ui.worker_paste import (  # noqa: F401 - parse_workers re-exported
    NAME,
    NUMBER,
    PHONE,
    clean_name,
    clean_number,
    clean_phone,
    parse_workers,
)

REPRESENTATIVE, PROBLEM = 3, 4  # after NAME, NUMBER, PHONE (desktop.ui.worker_paste)
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's problem (text) or None
PROBLEM_COLUMN_ROLE = Qt.ItemDataRole.UserRole + 2  # the column it is about, or None
BAD_CELL = QColor("#fff0f0")
BAD_TEXT = QColor("#b00020")
TABLE_HEIGHT = 320  # about ten rows; the list scrolls inside the form

# -- the model ---------------------------------------------------------------------------

@dataclass(slots=True)
class Worker:
    """One worker of the list, as typed, with what is wrong with it."""

    name: str
    number: str = ""
    phone: str = ""
    representative: bool = False
    problem: tuple[int, str] | None = None  # (column, message) from the field checks
    duplicate_of: int | None = None  # the earlier row with the same ID (or name, without ID)
    refusal: str | None = None  # what the core said about this worker on registering

    @property
    def filled(self) -> bool:
        """Whether the worker counts (an empty row is ignored, as empty party rows are)."""
        return bool(self.name or self.number)


class WorkerModel(QAbstractTableModel):
    """The workers: name, ID number, phone, representative, and the problem of each row."""

    def __init__(self, today: date, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = today
        self.workers: list[Worker] = []
        self._titles = (self.tr("姓名"), self.tr("身份证号"), self.tr("电话"), self.tr("代表"),
                        self.tr("问题"))

    # Qt's interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.workers)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._titles)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._titles[section]
        return str(section + 1)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == REPRESENTATIVE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == PROBLEM:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        w, col = self.workers[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (w.name, w.number, w.phone, None, self.problem(index.row()))[col]
        if role == Qt.ItemDataRole.CheckStateRole and col == REPRESENTATIVE:
            return Qt.CheckState.Checked if w.representative else Qt.CheckState.Unchecked
        if role == PROBLEM_ROLE:
            return self.problem(index.row())
        if role == PROBLEM_COLUMN_ROLE:
            return self._problem_column(w)
        if role == Qt.ItemDataRole.BackgroundRole and col == self._problem_column(w):
            return BAD_CELL
        if role == Qt.ItemDataRole.ForegroundRole and col == PROBLEM:
            return BAD_TEXT
        if role == Qt.ItemDataRole.ToolTipRole and col != REPRESENTATIVE:
            return self.problem(index.row())
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        w, col = self.workers[index.row()], index.column()
        if col == REPRESENTATIVE and role == Qt.ItemDataRole.CheckStateRole:
            w.representative = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        elif col in (NAME, NUMBER, PHONE) and role == Qt.ItemDataRole.EditRole:
            text = str(value or "")
            if col == NAME:
                w.name = clean_name(text)
            elif col == NUMBER:
                w.number = clean_number(text)
            else:
                w.phone = clean_phone(text)
            w.refusal = None
            self._check(w)
            self._find_duplicates()
            self._row_changed(0, len(self.workers) - 1)  # a duplicate elsewhere may have gone
            return True
        else:
            return False
        self._row_changed(index.row(), index.row())
        return True

    def removeRows(self, row: int, count: int,  # noqa: N802
                   parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or row < 0 or count <= 0 or row + count > len(self.workers):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self.workers[row:row + count]
        self._find_duplicates()
        self.endRemoveRows()
        self._row_changed(0, len(self.workers) - 1)
        return True

    # The list

    def append(self, entries: Iterable[tuple[str, str, str]]) -> int:
        """Add workers at the end, checked; returns how many."""
        new = [Worker(*entry) for entry in entries]
        if not new:
            return 0
        for w in new:
            self._check(w)
        first = len(self.workers)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self.workers.extend(new)
        self._find_duplicates()
        self.endInsertRows()
        self._row_changed(0, first - 1)  # an earlier row may now have a duplicate
        return len(new)

    def clear(self) -> None:
        """Remove every worker."""
        self.beginResetModel()
        self.workers = []
        self.endResetModel()

    def state(self) -> list[list[Any]]:
        """Every row as typed (kept in the draft, compactly)."""
        return [[w.name, w.number, w.phone, w.representative] for w in self.workers]

    def set_state(self, rows: Any) -> int:
        """Replace the list with a draft's; rows that are not of the right shape are skipped.

        Returns how many rows were taken."""
        self.beginResetModel()
        self.workers = []
        for row in rows if isinstance(rows, list) else ():
            worker = _worker_from(row)
            if worker is not None:
                self._check(worker)
                self.workers.append(worker)
        self._find_duplicates()
        self.endResetModel()
        return len(self.workers)

    def docs(self) -> list[dict[str, Any]]:
        """The filled rows as the case format takes workers (empty rows left out)."""
        out = []
        for w in self.workers:
            if not w.filled:
                continue
            doc: dict[str, Any] = {"kind": "worker", "name": w.name}
            if w.number:
                doc["id_number"] = w.number
            if w.phone:
                doc["phone"] = w.phone
            if w.representative:
                doc["representative"] = True
            out.append(doc)
        return out

    def filled_rows(self) -> list[int]:
        """The rows :meth:`docs` lists, in its order."""
        return [i for i, w in enumerate(self.workers) if w.filled]

    def problems(self) -> list[tuple[int, str]]:
        """(row, problem) of every row with something wrong."""
        return [(i, p) for i in range(len(self.workers)) if (p := self.problem(i))]

    def problem(self, row: int) -> str | None:
        """What is wrong with a row, or None."""
        w = self.workers[row]
        if w.refusal:
            return w.refusal
        if w.problem:
            return w.problem[1]
        if w.duplicate_of is not None:
            what = self.tr("身份证号") if w.number else self.tr("姓名")
            return self.tr("与第 {row} 行{what}重复").format(row=w.duplicate_of + 1, what=what)
        return None

    def refuse(self, row: int, message: str) -> None:
        """Show what the core refused about a row (until the row is edited)."""
        self.workers[row].refusal = message
        self._row_changed(row, row)

    def clear_refusals(self) -> None:
        """Forget what the core refused last time (it checks again on the next attempt)."""
        refused = [i for i, w in enumerate(self.workers) if w.refusal]
        for i in refused:
            self.workers[i].refusal = None
        if refused:
            self._row_changed(refused[0], refused[-1])

    def count(self) -> int:
        """How many workers are listed (empty rows left out)."""
        return sum(1 for w in self.workers if w.filled)

    def representatives(self) -> int:
        """How many of them represent the others."""
        return sum(1 for w in self.workers if w.filled and w.representative)

    # Checks

    def _check(self, w: Worker) -> None:
        w.problem = None
        if not w.name and (w.number or w.phone):
            w.problem = (NAME, self.tr("请填写姓名"))
            return
        try:
            if w.number:
                validators.check_id_document("resident_id", w.number, today=self.today)
        except ValidationError as exc:
            w.problem = (NUMBER, said(exc))
            return
        try:
            if w.phone:
                validators.check_phone(w.phone)
        except ValidationError as exc:
            w.problem = (PHONE, said(exc))

    def _find_duplicates(self) -> None:
        """The same ID twice, or the same name twice without any ID (the core refuses both)."""
        seen: dict[tuple[str, str], int] = {}
        for i, w in enumerate(self.workers):
            key = ("id", w.number) if w.number else ("name", w.name)
            w.duplicate_of = seen.get(key) if w.filled else None
            if w.filled:
                seen.setdefault(key, i)

    @staticmethod
    def _problem_column(w: Worker) -> int | None:
        if w.refusal:
            return PROBLEM
        if w.problem:
            return w.problem[0]
        if w.duplicate_of is not None:
            return NUMBER if w.number else NAME
        return None

    def _row_changed(self, first: int, last: int) -> None:
        if last >= first >= 0:
            self.dataChanged.emit(self.index(first, 0), self.index(last, PROBLEM))


def _worker_from(row: Any) -> Worker | None:
    """A worker from a draft's row: ``[name, number, phone, representative]`` or a party
    dict of an older draft; None when it is neither."""
    if isinstance(row, dict):
        row = [row.get("name"), row.get("number"), row.get("phone"),
               row.get("role") == "representative"]
    if not isinstance(row, list) or not row:
        return None
    texts = [v if isinstance(v, str) else "" for v in (row + ["", "", ""])[:3]]
    if not any(texts):
        return None
    rep = len(row) > 3 and row[3] is True
    return Worker(clean_name(texts[0]), clean_number(texts[1]), clean_phone(texts[2]), rep)


# -- the widget --------------------------------------------------------------------------

class WorkerView(QTableView):
    """The table; Delete removes the selected rows, Ctrl+V pastes more workers."""

    delete_requested = Signal()
    paste_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_requested.emit()
        elif not editing and event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit()
        else:
            super().keyPressEvent(event)


class WorkerTable(QWidget):
    """The pasted worker list with its count, its problems and a way to remove rows."""

    changed = Signal()
    paste_requested = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workerTable")
        self.model = WorkerModel(today, self)
        self.view = WorkerView()
        self.view.setObjectName("workerView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setFixedHeight(TABLE_HEIGHT)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        for col, width in ((NAME, 110), (NUMBER, 190), (PHONE, 130), (REPRESENTATIVE, 48)):
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("workerCount")
        self.problem_label = ErrorLabel()
        self.problem_label.setObjectName("workerProblems")
        remove = QPushButton(self.tr("删除所选行"))
        remove.setObjectName("removeWorkers")
        remove.clicked.connect(self.remove_selected)
        top = QHBoxLayout()
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view)
        layout.addWidget(self.problem_label)
        self.view.delete_requested.connect(self.remove_selected)
        self.view.paste_requested.connect(self.paste_requested)
        for signal in (self.model.dataChanged, self.model.rowsInserted, self.model.rowsRemoved,
                       self.model.modelReset):
            signal.connect(self._update)
        self._update()

    def _update(self, *_args: object) -> None:
        model = self.model
        self.setVisible(bool(model.workers))
        self.count_label.setText(self.tr("劳动者名单：{count} 人（可直接修改；选中行后按 Delete "
                                         "删除；在“代表”列勾选推举的代表）").format(
                                             count=model.count()))
        problems = model.problems()
        self.problem_label.show_error(self.tr(
            "名单中有 {count} 行需要改正（见“问题”列，第一处在第 {row} 行）").format(
                count=len(problems), row=problems[0][0] + 1) if problems else None)
        self.changed.emit()

    def remove_selected(self) -> None:
        """Remove the selected workers."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()},
                      reverse=True)
        while rows:  # contiguous runs, last first, so the row numbers stay right
            last = first = rows.pop(0)
            while rows and rows[0] == first - 1:
                first = rows.pop(0)
            self.model.removeRows(first, last - first + 1)

    def show_row(self, row: int) -> None:
        """Scroll to a row and select it (where a problem is)."""
        index = self.model.index(row, NAME)
        self.view.scrollTo(index)
        self.view.selectRow(row)
