"""Table models over typed rows: named columns, a colour role, one row type per model.

Lists of records are models (never ``QTableWidget``); the case list has its own paged model
(:mod:`desktop.ui.case_table`), the short lists (deadlines due, the roster, users) use
:class:`RowsModel` with their rows already read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

R = TypeVar("R")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the typed row behind a line
OVERDUE = QColor("#fde2e1")
DUE_SOON = QColor("#fff4d6")
SOON_DAYS = 3

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header and how a row shows in it."""

    header: str
    text: Callable[[R], str]
    align_right: bool = False


def days_left_text(days: int | None) -> str:
    """``还剩 3 天`` / ``今天到期`` / ``已超期 2 天``."""
    if days is None:
        return ""
    if days > 0:
        return QCoreApplication.translate("models", "还剩 {n} 天").format(n=days)
    if days == 0:
        return QCoreApplication.translate("models", "今天到期")
    return QCoreApplication.translate("models", "已超期 {n} 天").format(n=-days)


def short_case_no(case_no: str) -> str:
    """The case number without the organisation's prefix, for narrow lists:
    ``王舍人街道劳人调字〔2026〕第258号`` → ``〔2026〕第258号`` (the whole number elsewhere)."""
    cut = case_no.find("〔")
    return case_no[cut:] if cut > 0 else case_no


def urgency_colour(days: int | None) -> QColor | None:
    """Red for overdue, amber for due within three days."""
    if days is None:
        return None
    if days < 0:
        return OVERDUE
    if days <= SOON_DAYS:
        return DUE_SOON
    return None


class RowsModel(QAbstractTableModel, Generic[R]):
    """A read-only table of rows already in memory."""

    def __init__(self, columns: Sequence[Column[R]], *,
                 days_left: Callable[[R], int | None] | None = None) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows: list[R] = []
        self._days_left = days_left

    def set_rows(self, rows: Sequence[R]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, index: Index) -> R:
        """The typed row of a line."""
        return self.rows[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self._days_left is not None:
            colour = urgency_colour(self._days_left(row))
            return QBrush(colour) if colour is not None else None
        if role == ROW_ROLE:
            return row
        return None


MIN_TABLE_HEIGHT = 60
SIZE_FROM_ROWS = 100  # columns fit the first rows: a case may have thousands of parties


def read_only_table(model: QAbstractTableModel, name: str) -> QTableView:
    """A table of whole rows to look at and open (double-click or Enter), not to edit."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setResizeContentsPrecision(SIZE_FROM_ROWS)  # not every row
    view.horizontalHeader().setStretchLastSection(True)
    view.setMinimumHeight(MIN_TABLE_HEIGHT)  # a few lines; small screens scroll inside
    return view


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Give a window its preferred size, but never more than the screen it opens on has
    (1366×768 at 150 % leaves about 910×480 for a window)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    if room is not None:
        width = min(width, room.width() - 24)
        height = min(height, room.height() - 48)  # the title bar
    widget.resize(width, height)
