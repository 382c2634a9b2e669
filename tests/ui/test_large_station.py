"""The case list over a large station (a demo of a few thousand cases): it opens with one
page, counts in the background, filters and sorts by the core's indexes, and never holds
more rows than the user has scrolled to."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.paths import Paths
from desktop.services import auth, case_view
from desktop.services.demo import DEMO_LOGINS, create_demo
from desktop.services.station import open_station
from desktop.storage.cases import CaseFilter
from desktop.ui.case_table import PAGE_SIZE
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from desktop.ui.tasks import Tasks
from tests.ui.conftest import idle, type_chinese

CASES = 2_500
TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def big_station(tmp_path_factory):
    paths = Paths(tmp_path_factory.mktemp("large") / "station")
    create_demo(paths, cases=CASES, today=TODAY)
    station = open_station(paths)
    station.today_override = TODAY
    yield station
    station.close()


@pytest.fixture
def page(big_station, qtbot):
    tasks = Tasks(big_station)
    settings = Settings(big_station.paths)
    settings.idle_minutes = 0
    password = next(p for login, _r, _n, p in DEMO_LOGINS if login == "mediator")
    user = auth.login(big_station.store, "mediator", password)
    window = MainWindow(tasks, user, settings)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.case_list)
    idle(qtbot, tasks)
    yield window.case_list, tasks, user
    idle(qtbot, tasks)
    window.close()
    tasks.shutdown()


def test_it_opens_with_one_page_and_the_count(page, big_station):
    case_list, _tasks, _user = page
    assert case_list.model.rowCount() == PAGE_SIZE
    assert case_list.count_label.text() == f"共 {CASES} 件"
    received = [r.received_on for r in case_list.model.rows]
    assert received == sorted(received, reverse=True)  # newest first


def test_scrolling_fetches_page_by_page(page, qtbot):
    case_list, tasks, _user = page
    view = case_list.table
    view.scrollToBottom()
    qtbot.waitUntil(lambda: case_list.model.rowCount() > PAGE_SIZE, timeout=5_000)
    assert case_list.model.rowCount() <= 3 * PAGE_SIZE  # what was scrolled to, not all
    numbers = [r.case_no for r in case_list.model.rows]
    assert len(set(numbers)) == len(numbers)  # keyset paging: no row twice


def test_filters_match_the_core_counts(page, qtbot, big_station):
    case_list, tasks, user = page
    expected = case_view.count(big_station, user, CaseFilter(status="mediating"))
    assert 0 < expected < CASES
    case_list.status.setCurrentIndex(case_list.status.findData("mediating"))
    idle(qtbot, tasks)
    assert case_list.count_label.text() == f"共 {expected} 件"
    assert {r.status for r in case_list.model.rows} == {"mediating"}
    case_list.overdue.setChecked(True)
    idle(qtbot, tasks)
    assert case_list.model.rows
    assert all(r.days_left is not None and r.days_left < 0 for r in case_list.model.rows)
    case_list.overdue.setChecked(False)
    case_list.status.setCurrentIndex(0)
    idle(qtbot, tasks)

    surname = case_list.model.rows[0].first_applicant[0]  # one character, as typed
    expected = case_view.count(big_station, user, CaseFilter(search=surname))
    assert 0 < expected < CASES
    type_chinese(case_list.search, surname)
    qtbot.waitUntil(lambda: case_list.count_label.text() == f"共 {expected} 件", timeout=5_000)
    idle(qtbot, tasks)
    core = case_view.list_page(big_station, user, filters=CaseFilter(search=surname),
                               limit=PAGE_SIZE)
    assert [r.pk for r in case_list.model.rows] == [r.pk for r in core.rows]


def test_sorting_by_the_next_deadline(page, qtbot):
    case_list, tasks, _user = page
    column = next(i for i in range(case_list.model.columnCount())
                  if case_list.model.headerData(i, Qt.Orientation.Horizontal) == "下一期限")
    case_list._header_clicked(column)
    idle(qtbot, tasks)
    assert case_list.model.sort_key == "due"
    dues = [r.next_due_on for r in case_list.model.rows if r.next_due_on is not None]
    assert dues and dues == sorted(dues)
    assert case_list.model.rowCount() == PAGE_SIZE


def test_the_list_stops_at_its_limit_and_says_so(page, qtbot, monkeypatch):
    case_list, tasks, _user = page
    monkeypatch.setattr("desktop.ui.case_table.MAX_ROWS", 3 * PAGE_SIZE)
    assert not case_list.cap_note.isVisible()
    while case_list.model.canFetchMore():
        case_list.model.fetchMore()
    assert case_list.model.rowCount() == 3 * PAGE_SIZE < CASES
    assert case_list.model.capped and case_list.cap_note.isVisible()
    assert "缩小范围" in case_list.cap_note.text()
    case_list.status.setCurrentIndex(case_list.status.findData("refused"))  # a few cases
    idle(qtbot, tasks)
    assert not case_list.model.capped and not case_list.cap_note.isVisible()


def test_the_search_box_takes_what_a_person_types(page):
    case_list, _tasks, _user = page
    case_list.search.setText("王" * 500)
    assert len(case_list.search.text()) == case_list.search.maxLength() <= 50


def test_the_dashboard_filter_reads_every_clock_of_its_kind(page, qtbot, monkeypatch):
    case_list, tasks, _user = page
    dashboard = case_list.window().dashboard
    monkeypatch.setattr("desktop.ui.dashboard.ITEM_LIMIT", 5)
    dashboard.choose_window("week")
    idle(qtbot, tasks)
    counts = dashboard.data.summary.this_week
    first = {i.clock for i in dashboard.data.items}
    rare = next((k for k, n in counts.items() if n and k not in first), None)
    assert rare is not None, (counts, first)  # a kind the first 5 do not show
    dashboard.clock_filter.setCurrentIndex(dashboard.clock_filter.findData(rare))
    idle(qtbot, tasks)
    assert dashboard.model.rows and {i.clock for i in dashboard.model.rows} == {rare}
    assert len(dashboard.model.rows) == min(5, counts[rare])
