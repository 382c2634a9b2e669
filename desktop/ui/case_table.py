"""The case list's model: pages of the core's typed read model, fetched as the view scrolls.

Never loads all rows: the first page comes at once and the next ones only when the view asks
(``canFetchMore``/``fetchMore``), each a keyset query on an index.  Sorting asks the core for
another order; the three orders it can walk by index are offered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush

from desktop.domain import lifecycle, vocab
from desktop.domain.clocks import CLOCK_LABELS
from desktop.domain.money import format_yuan
from desktop.domain.records import CaseListRow
from desktop.services.case_view import Page
from desktop.storage.cases import CaseFilter
from desktop.ui.i18n import QT_TRANSLATE_NOOP, joined
from desktop.ui.models import ROW_ROLE, days_left_text, short_case_no, urgency_colour

PAGE_SIZE = 200
# The most rows the list holds: scrolling further would only cost memory (100k rows take
# ~140 MB); past it the list asks for a narrower filter or a search.
MAX_ROWS = 10_000
Index = QModelIndex | QPersistentModelIndex
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_ROLES_ANSWERED = frozenset({DISPLAY, BACKGROUND, ALIGNMENT, int(ROW_ROLE)})
RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
Fetch = Callable[[CaseFilter, str, Any, int], Page]  # filters, sort, after, limit


def _applicants(r: CaseListRow) -> str:
    if r.applicant_count <= 1:
        return r.first_applicant
    return QCoreApplication.translate("case_table", "{name} 等{n}人").format(
        name=r.first_applicant, n=r.applicant_count)


def _respondents(r: CaseListRow) -> str:
    if len(r.respondents) <= 1:
        return r.respondents[0] if r.respondents else ""
    return QCoreApplication.translate("case_table", "{name} 等{n}家").format(
        name=r.respondents[0], n=len(r.respondents))


def _flags(r: CaseListRow) -> str:
    return joined(vocab.FLAGS.get(f, f) for f in r.flags)


def _deadline(r: CaseListRow) -> str:
    if not r.next_due_key:
        return ""
    return f"{CLOCK_LABELS.get(r.next_due_key, r.next_due_key)} {r.next_due_on}"


# (header, text of a row, sort key); headers are translated where shown (headerData).
COLUMNS: tuple[tuple[str, Callable[[CaseListRow], str], str | None], ...] = (
    (QT_TRANSLATE_NOOP("CaseTableModel", "案号"), lambda r: short_case_no(r.case_no), "number"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "申请人"), _applicants, None),
    (QT_TRANSLATE_NOOP("CaseTableModel", "被申请人"), _respondents, None),
    (QT_TRANSLATE_NOOP("CaseTableModel", "争议类型"),
     lambda r: vocab.DISPUTE_TYPES.get(r.primary_type, r.primary_type), None),
    (QT_TRANSLATE_NOOP("CaseTableModel", "状态"),
     lambda r: lifecycle.STATES.get(r.status, r.status), None),
    (QT_TRANSLATE_NOOP("CaseTableModel", "收案日期"), lambda r: r.received_on, "received"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "受理日期"), lambda r: r.accepted_on or "", None),
    (QT_TRANSLATE_NOOP("CaseTableModel", "调解员"), lambda r: r.mediator_name or "", None),
    (QT_TRANSLATE_NOOP("CaseTableModel", "下一期限"), _deadline, "due"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "剩余"), lambda r: days_left_text(r.days_left), "due"),
    (QT_TRANSLATE_NOOP("CaseTableModel", "请求金额"),
     lambda r: format_yuan(r.claimed_fen) if r.claimed_fen else "", None),
    (QT_TRANSLATE_NOOP("CaseTableModel", "协议金额"),
     lambda r: "" if r.agreed_fen is None else format_yuan(r.agreed_fen), None),
    (QT_TRANSLATE_NOOP("CaseTableModel", "标记"), _flags, None),
)
AMOUNT_COLUMNS = {10, 11}
SORT_COLUMNS = {i: key for i, (_, _, key) in enumerate(COLUMNS) if key}


class CaseTableModel(QAbstractTableModel):
    """Rows of the case list for a filter and an order, a page at a time."""

    def __init__(self, fetch: Fetch) -> None:
        super().__init__()
        self._fetch = fetch
        self.filters = CaseFilter()
        self.sort_key = "received"
        self.rows: list[CaseListRow] = []
        self._shown: dict[int, tuple[list[str], QBrush | None]] = {}  # row → texts, brush
        self._after: Any = None
        self._more = False
        self.index_complete = True

    def reload(self, filters: CaseFilter | None = None, sort: str | None = None) -> None:
        """Start again from the first page (a new filter or order)."""
        if filters is not None:
            self.filters = filters
        if sort is not None:
            self.sort_key = sort
        page = self._fetch(self.filters, self.sort_key, None, PAGE_SIZE)
        self.beginResetModel()
        self.rows = list(page.rows)
        self._shown.clear()
        self._after, self._more = page.after, page.after is not None
        self.index_complete = page.index_complete
        self.endResetModel()

    def row_at(self, index: Index) -> CaseListRow:
        """The case on a line."""
        return self.rows[index.row()]

    # -- Qt's model interface -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    @property
    def capped(self) -> bool:
        """True when more rows match than the list will hold."""
        return self._more and len(self.rows) >= MAX_ROWS

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and len(self.rows) < MAX_ROWS

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self.canFetchMore():
            return
        page = self._fetch(self.filters, self.sort_key, self._after, PAGE_SIZE)
        if page.rows:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
        self._after, self._more = page.after, page.after is not None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("CaseTableModel", COLUMNS[section][0])
        if role == Qt.ItemDataRole.ToolTipRole and section in SORT_COLUMNS:
            return self.tr("点击按此列排序")
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        # Called for every role of every visible cell (a screen is ~3,000 calls): the row's
        # texts and brush are made once, and roles are compared as plain ints.
        if role not in _ROLES_ANSWERED:
            return None
        r = index.row()
        shown = self._shown.get(r)
        if shown is None:
            if not index.isValid():
                return None
            row = self.rows[r]
            colour = urgency_colour(row.days_left)
            shown = self._shown[r] = ([text(row) for _, text, _ in COLUMNS],
                                      QBrush(colour) if colour is not None else None)
        if role == DISPLAY:
            return shown[0][index.column()]
        if role == BACKGROUND:
            return shown[1]
        if role == ALIGNMENT:
            return RIGHT if index.column() in AMOUNT_COLUMNS else None
        return self.rows[r]  # ROW_ROLE

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order by 案号 (newest first), 收案日期 (newest first) or the next deadline
        (soonest first); other columns keep the current order."""
        key = SORT_COLUMNS.get(column)
        if key is not None and key != self.sort_key:
            self.reload(sort=key)
