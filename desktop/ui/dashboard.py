"""The dashboard (工作台): what is due today, this week and overdue by legal clock, and the
headline figures.  Every line opens its case.

Everything on it comes from the deadlines each write keeps per case and a few counts, read in
the background, so it stays quick on a 100k-case station.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.clocks import CLOCK_LABELS
from desktop.domain.records import CaseListRow, DeadlineItem
from desktop.services import dashboard
from desktop.services.auth import User
from desktop.services.station import Station
from desktop.storage.figures import Headline
from desktop.ui.i18n import QT_TRANSLATE_NOOP
from desktop.ui.models import Column, RowsModel, days_left_text, read_only_table, short_case_no
from desktop.ui.tasks import Tasks

WINDOWS = (("today", QT_TRANSLATE_NOOP("DashboardPage", "今天到期")),
           ("week", QT_TRANSLATE_NOOP("DashboardPage", "七天内到期")),
           ("overdue", QT_TRANSLATE_NOOP("DashboardPage", "已超期")))
ITEM_LIMIT = 500


@dataclass(frozen=True)
class DashboardData:
    """What one refresh of the dashboard reads."""

    summary: dashboard.DeadlineSummary
    items: list[DeadlineItem]
    headline: Headline
    sessions: list[DeadlineItem]  # sessions set with the parties for today
    follow_ups: list[DeadlineItem]  # 回访 due this week or overdue
    collective: list[CaseListRow]  # the open collective disputes


SIDE_LIMIT = 50


def _pk(row: DeadlineItem | CaseListRow) -> int:
    return row.case_pk if isinstance(row, DeadlineItem) else row.pk


def clock_label(key: str) -> str:
    """The short name of a clock."""
    return CLOCK_LABELS.get(key, key)


class FigureCard(QFrame):
    """One headline number with its caption."""

    def __init__(self, caption: str, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—")
        self.value.setObjectName(f"{name}Value")
        self.value.setStyleSheet("font-size: 20pt; font-weight: bold; color: #1f4e79;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(QLabel(caption))

    def show_value(self, text: str) -> None:
        """Set the number shown."""
        self.value.setText(text)


class DashboardPage(QWidget):
    """工作台."""

    open_case = Signal(int)  # case pk

    def __init__(self, tasks: Tasks, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardPage")
        self.tasks, self.user = tasks, user
        self.window_name = "today"
        self.data: DashboardData | None = None
        self.cards = {
            "received": FigureCard(self.tr("本月收案"), "figureReceived"),
            "open": FigureCard(self.tr("正在办理"), "figureOpen"),
            "success": FigureCard(self.tr("今年调解成功率"), "figureSuccess"),
            "advice": FigureCard(self.tr("今年发出调解建议书"), "figureAdvice"),
            "collective": FigureCard(self.tr("未结集体争议"), "figureCollective"),
        }
        figures = QGridLayout()
        for i, card in enumerate(self.cards.values()):
            figures.addWidget(card, 0, i)
        self.buttons = QButtonGroup(self)
        bar = QHBoxLayout()
        for i, (name, label) in enumerate(WINDOWS):
            button = QPushButton(QCoreApplication.translate("DashboardPage", label))
            button.setObjectName(f"window_{name}")
            button.setCheckable(True)
            button.setChecked(name == self.window_name)
            self.buttons.addButton(button, i)
            bar.addWidget(button)
        self.buttons.idClicked.connect(lambda i: self.choose_window(WINDOWS[i][0]))
        self.clock_filter = QComboBox()
        self.clock_filter.setObjectName("clockFilter")
        self.clock_filter.currentIndexChanged.connect(lambda _i: self._fill_items())
        bar.addStretch(1)
        bar.addWidget(QLabel(self.tr("期限类别")))
        bar.addWidget(self.clock_filter)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        bar.addWidget(self.refresh_button)
        self.model: RowsModel[DeadlineItem] = RowsModel([
            Column(self.tr("案号"), lambda i: short_case_no(i.case_no)),
            Column(self.tr("期限"), lambda i: clock_label(i.clock)),
            Column(self.tr("到期日"), lambda i: i.due_on),
            Column(self.tr("剩余"), lambda i: days_left_text(i.days_left)),
            Column(self.tr("性质"), self._nature),
        ], days_left=lambda i: i.days_left)
        self.table = QTableView()
        self.table.setObjectName("dueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda index: self.open_case.emit(
            self.model.row_at(index).case_pk))
        self.table.activated.connect(lambda index: self.open_case.emit(
            self.model.row_at(index).case_pk))
        self.hint = QLabel()
        self.hint.setObjectName("dashboardHint")
        self.session_model: RowsModel[DeadlineItem] = RowsModel([
            Column(self.tr("案号"), lambda i: short_case_no(i.case_no))])
        self.follow_up_model: RowsModel[DeadlineItem] = RowsModel([
            Column(self.tr("案号"), lambda i: short_case_no(i.case_no)),
            Column(self.tr("回访期限"), lambda i: days_left_text(i.days_left)),
        ], days_left=lambda i: i.days_left)
        self.collective_model: RowsModel[CaseListRow] = RowsModel([
            Column(self.tr("案号"), lambda r: short_case_no(r.case_no)),
            Column(self.tr("人数"), lambda r: str(r.worker_count)),
            Column(self.tr("下一期限"), lambda r: days_left_text(r.days_left)
                   if r.days_left is not None else ""),
        ], days_left=lambda r: r.days_left)
        self.side_tables: dict[str, QTableView] = {}
        side = QVBoxLayout()
        self.side_titles: dict[str, tuple[QLabel, str]] = {}
        for name, title, model in (
                ("sessionTable", self.tr("今日约定调解"), self.session_model),
                ("followUpTable", self.tr("待回访（七天内及已超期）"), self.follow_up_model),
                ("collectiveTable", self.tr("未结集体争议"), self.collective_model)):
            caption = QLabel(title)
            caption.setStyleSheet("font-weight: bold;")
            self.side_titles[name] = (caption, title)
            table = read_only_table(model, name)
            table.doubleClicked.connect(lambda index, m=model: self.open_case.emit(
                _pk(m.row_at(index))))
            table.activated.connect(lambda index, m=model: self.open_case.emit(
                _pk(m.row_at(index))))
            self.side_tables[name] = table
            side.addWidget(caption)
            side.addWidget(table, 1)
        main = QVBoxLayout()
        main.addLayout(bar)
        main.addWidget(self.table, 1)
        main.addWidget(self.hint)
        columns = QHBoxLayout()
        columns.addLayout(main, 3)
        columns.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(figures)
        layout.addLayout(columns, 1)

    def _nature(self, item: DeadlineItem) -> str:
        if item.clock == "session_planned_on":
            return self.tr("调解安排")
        return self.tr("当事人可选") if item.optional else self.tr("本组织职责")

    def refresh(self) -> None:
        """Read the figures and the chosen window's deadlines in the background."""
        name, user = self.window_name, self.user

        def read(station: Station) -> DashboardData:
            follow_ups = [*dashboard.due(station, user, "overdue", clock="follow_up_due",
                                         limit=SIDE_LIMIT),
                          *dashboard.due(station, user, "week", clock="follow_up_due",
                                         limit=SIDE_LIMIT)]
            return DashboardData(
                dashboard.summary(station, user),
                dashboard.due(station, user, name, limit=ITEM_LIMIT),
                dashboard.headline(station, user),
                dashboard.due(station, user, "today", clock="session_planned_on",
                              limit=SIDE_LIMIT),
                follow_ups[:SIDE_LIMIT],
                dashboard.open_collective(station, user, limit=SIDE_LIMIT))

        self.refresh_button.setEnabled(False)
        self.tasks.run(read, on_success=self.show_data, parent=self)

    def choose_window(self, name: str) -> None:
        """Show today / this week / overdue."""
        self.window_name = name
        self.refresh()

    def show_data(self, data: DashboardData) -> None:
        """Fill the page from a refresh."""
        self.refresh_button.setEnabled(True)
        self.data = data
        h = data.headline
        self.cards["received"].show_value(str(h.received_this_month))
        self.cards["open"].show_value(str(h.open_cases))
        rate = h.success_rate
        self.cards["success"].show_value("—" if rate is None else f"{rate:.0%}")
        self.cards["advice"].show_value(str(h.advice_issued_this_year))
        self.cards["collective"].show_value(str(h.open_collective))
        self.session_model.set_rows(data.sessions)
        self.follow_up_model.set_rows(data.follow_ups)
        self.collective_model.set_rows(data.collective)
        for name, rows in (("sessionTable", data.sessions), ("followUpTable", data.follow_ups),
                           ("collectiveTable", data.collective)):
            caption, title = self.side_titles[name]
            caption.setText(self.tr("{title}（{n}）").format(
                title=title, n=len(rows) if len(rows) < SIDE_LIMIT else f"{SIDE_LIMIT}+"))
        counts = {"today": data.summary.today, "week": data.summary.this_week,
                  "overdue": data.summary.overdue}
        for i, (name, label) in enumerate(WINDOWS):
            button = self.buttons.button(i)
            button.setText(self.tr("{label}（{n}）").format(
                label=QCoreApplication.translate("DashboardPage", label),
                n=sum(counts[name].values())))
        chosen = self.clock_filter.currentData()
        self.clock_filter.blockSignals(True)
        self.clock_filter.clear()
        self.clock_filter.addItem(self.tr("全部"), None)
        for key, n in sorted(counts[self.window_name].items(), key=lambda kv: -kv[1]):
            self.clock_filter.addItem(self.tr("{label}（{n}）").format(label=clock_label(key),
                                                                     n=n), key)
        found = self.clock_filter.findData(chosen)
        self.clock_filter.setCurrentIndex(max(found, 0))
        self.clock_filter.blockSignals(False)
        self._fill_items()

    def _fill_items(self) -> None:
        if self.data is None:
            return
        key = self.clock_filter.currentData()
        if key is None:
            self._show_items(self.data.items)
            return
        # One kind of clock: read again (the first ITEM_LIMIT of all kinds may hold none).
        name, user = self.window_name, self.user
        self.tasks.run(lambda station: dashboard.due(station, user, name, clock=key,
                                                     limit=ITEM_LIMIT),
                       on_success=lambda items: self._show_items(items, key), parent=self)

    def _show_items(self, items: list[DeadlineItem], key: str | None = None) -> None:
        if key != self.clock_filter.currentData():  # another kind was chosen meanwhile
            return
        self.model.set_rows(items)
        self.hint.setText(self.tr("双击一行打开案件。") + (
            self.tr("（只显示最早的 {n} 项）").format(n=ITEM_LIMIT)
            if len(items) >= ITEM_LIMIT else ""))
