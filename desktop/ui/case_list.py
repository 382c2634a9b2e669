"""The case list (案件): search as you type, filters, sortable columns, export to XLSX.

The table is a :class:`~desktop.ui.case_table.CaseTableModel` over the core's paged read
model.  Typing waits a moment before searching, so a word typed with an input method searches
once; the count of matching cases is read in the background.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import lifecycle, vocab
from desktop.domain.case_format import COLLECTIVE_THRESHOLD
from desktop.domain.errors import ValidationError
from desktop.domain.records import Mediator
from desktop.domain.text import SEARCH_MAX_CHARS
from desktop.services import case_view, export
from desktop.services.auth import User
from desktop.services.case_view import Page
from desktop.storage.cases import CaseFilter
from desktop.ui.case_table import MAX_ROWS, SORT_COLUMNS, CaseTableModel
from desktop.ui.errors import show_error
from desktop.ui.i18n import said
from desktop.ui.tasks import Tasks

SEARCH_DELAY_MS = 250
NO_DATE = QDate(2000, 1, 1)


def _combo(name: str, everything: str, items: dict[str, str] | list[tuple[Any, str]]
           ) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(everything, None)
    for code, label in (items.items() if isinstance(items, dict) else items):
        combo.addItem(label, code)
    return combo


def _date_edit(name: str, any_day: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(any_day)  # shown for NO_DATE
    edit.setDate(NO_DATE)
    return edit


class CaseListPage(QWidget):
    """案件列表."""

    open_case = Signal(int)  # case pk

    def __init__(self, tasks: Tasks, user: User, mediators: list[Mediator],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseListPage")
        self.tasks, self.user = tasks, user
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(self.tr("搜索：姓名、单位、身份证号、电话、案号或案情（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(SEARCH_MAX_CHARS)
        self.search_hint = QLabel()
        self.search_hint.setObjectName("searchHint")
        self.search_hint.setStyleSheet("color: #b00020;")
        self.search_hint.hide()
        self.status = _combo("statusFilter", self.tr("全部状态"), lifecycle.STATES)
        self.dispute_type = _combo("typeFilter", self.tr("全部类型"), vocab.DISPUTE_TYPES)
        self.source = _combo("sourceFilter", self.tr("全部来源"), vocab.SOURCES)
        self.mediator = _combo("mediatorFilter", self.tr("全部调解员"),
                               [(m.pk, m.name) for m in mediators])
        self.received_from = _date_edit("receivedFrom", self.tr("不限"))
        self.received_to = _date_edit("receivedTo", self.tr("不限"))
        self.collective = QCheckBox(self.tr("集体争议"))
        self.collective.setObjectName("collectiveFilter")
        self.overdue = QCheckBox(self.tr("有超期"))
        self.overdue.setObjectName("overdueFilter")
        self.count_label = QLabel()
        self.count_label.setObjectName("caseCount")
        self.cap_note = QLabel(self.tr("列表只列出前 {n} 件；请用筛选或搜索缩小范围。").format(
            n=f"{MAX_ROWS:,}"))
        self.cap_note.setObjectName("capNote")
        self.cap_note.setStyleSheet("color: #8a5a00;")
        self.cap_note.hide()
        self._count_text = ""
        self.export_button = QPushButton(self.tr("导出 Excel…"))
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.choose_export)
        self.model = CaseTableModel(self._fetch)
        self.model.rowsInserted.connect(lambda *_a: self.cap_note.setVisible(self.model.capped))
        self.model.modelReset.connect(lambda: self.cap_note.setVisible(self.model.capped))
        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._header_clicked)
        self.table.doubleClicked.connect(lambda i: self.open_case.emit(self.model.row_at(i).pk))
        self.table.activated.connect(lambda i: self.open_case.emit(self.model.row_at(i).pk))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.status, self.dispute_type, self.source, self.mediator):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        for edit in (self.received_from, self.received_to):
            edit.dateChanged.connect(lambda _d: self.apply_filters())
        for box in (self.collective, self.overdue):
            box.toggled.connect(lambda _b: self.apply_filters())
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.focus_search)
        tasks.running_changed.connect(self._enable_export)
        self._layout()
        self._count_serial = 0

    def _layout(self) -> None:
        filters = QGridLayout()
        filters.addWidget(self.status, 0, 0)
        filters.addWidget(self.dispute_type, 0, 1)
        filters.addWidget(self.source, 0, 2)
        filters.addWidget(self.mediator, 0, 3)
        dates = QHBoxLayout()
        dates.addWidget(QLabel(self.tr("收案日期")))
        dates.addWidget(self.received_from)
        dates.addWidget(QLabel("—"))
        dates.addWidget(self.received_to)
        dates.addWidget(self.collective)
        dates.addWidget(self.overdue)
        dates.addStretch(1)
        dates.addWidget(self.count_label)
        dates.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.search_hint)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.cap_note)

    # -- reading ------------------------------------------------------------------------

    def _fetch(self, filters: CaseFilter, sort: str, after: Any, limit: int) -> Page:
        return case_view.list_page(self.tasks.station, self.user, filters=filters, sort=sort,
                                   after=after, limit=limit)

    def current_filter(self) -> CaseFilter:
        """The filter the widgets describe."""
        def day(edit: QDateEdit) -> str | None:
            return None if edit.date() == NO_DATE else edit.date().toString("yyyy-MM-dd")

        text = self.search.text().strip()
        return CaseFilter(
            status=self.status.currentData(), dispute_type=self.dispute_type.currentData(),
            source=self.source.currentData(), mediator_pk=self.mediator.currentData(),
            received_from=day(self.received_from), received_to=day(self.received_to),
            collective_from=COLLECTIVE_THRESHOLD if self.collective.isChecked() else None,
            overdue_on=self.tasks.station.today().isoformat() if self.overdue.isChecked()
            else None, search=text or None)

    def apply_filters(self) -> None:
        """Show the first page for the filters now chosen and count all of them."""
        self._timer.stop()
        filters = self.current_filter()
        try:
            self.model.reload(filters)
        except ValidationError as exc:  # e.g. a search of more than 8 words: said here
            self.search_hint.setText(said(exc))
            self.search_hint.show()
            return
        self.search_hint.hide()
        self.table.scrollToTop()
        self._count_serial += 1
        serial, user = self._count_serial, self.user
        self.count_label.setText(self.tr("正在统计……"))
        self.tasks.run(lambda station: case_view.count(station, user, filters),
                       on_success=lambda n: self._show_count(serial, n), parent=self,
                       after_paint=True)  # the rows first: counting 100k takes a moment

    def _show_count(self, serial: int, n: int) -> None:
        if serial != self._count_serial:  # a newer filter is being counted
            return
        text = self.tr("共 {n} 件").format(n=n)
        if not self.model.index_complete:
            text += self.tr("（搜索索引正在重建，结果可能不全）")
        self._count_text = text
        self.count_label.setText(text)

    def refresh(self) -> None:
        """Read the list again (after a case changed)."""
        self.apply_filters()

    def set_mediators(self, mediators: list[Mediator]) -> None:
        """Offer the roster as it is now in the mediator filter (keeping the choice)."""
        chosen = self.mediator.currentData()
        self.mediator.blockSignals(True)
        while self.mediator.count() > 1:
            self.mediator.removeItem(1)
        for m in mediators:
            self.mediator.addItem(m.name, m.pk)
        self.mediator.setCurrentIndex(max(0, self.mediator.findData(chosen)))
        self.mediator.blockSignals(False)

    def focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.search.setFocus()
        self.search.selectAll()

    def _header_clicked(self, column: int) -> None:
        if column in SORT_COLUMNS:
            self.model.sort(column)
            self.table.horizontalHeader().setSortIndicatorShown(True)
            self.table.horizontalHeader().setSortIndicator(
                column, Qt.SortOrder.AscendingOrder if SORT_COLUMNS[column] == "due"
                else Qt.SortOrder.DescendingOrder)

    # -- export -------------------------------------------------------------------------

    def choose_export(self) -> None:
        """Ask where to save, then export the current view in the background."""
        name = self.tr("案件列表-{day}.xlsx").format(day=date.today().isoformat())
        target, _ = QFileDialog.getSaveFileName(self, self.tr("导出案件列表"), name,
                                                self.tr("Excel 工作簿 (*.xlsx)"))
        if target:
            self.export_to(Path(target))

    def export_to(self, target: Path) -> None:
        """Export what the list shows (its filter and order) to ``target``."""
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        filters, sort, user = self.model.filters, self.model.sort_key, self.user
        self.export_button.setEnabled(False)
        self.tasks.run(
            lambda station: export.export_cases(station, user, target, filters=filters,
                                                sort=sort),
            on_success=self._exported, on_failure=self._export_failed, parent=self,
            progress=self.tr("正在导出案件列表……"), cancellable=True)

    def _enable_export(self, running: int) -> None:
        if running == 0:
            self.export_button.setEnabled(True)

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.count_label.setText(self._count_text)  # not a previous export's "已导出"
        show_error(self, exc)

    def _exported(self, n: int) -> None:
        self.export_button.setEnabled(True)
        self.count_label.setText(self.tr("已导出 {n} 件").format(n=n))
