"""The case list, its filters, sorts and counts, and the dashboard's deadline questions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from desktop.domain.errors import ValidationError
from desktop.paths import Paths
from desktop.services import dashboard, roster
from desktop.services.auth import User
from desktop.services.case_work import CaseWork, case_clocks
from desktop.services.cases import CaseService
from desktop.services.demo import create_demo
from desktop.services.history import open_clocks
from desktop.services.station import open_station
from desktop.storage import cases as case_repo
from desktop.storage.cases import CaseFilter

TODAY = date(2026, 11, 22)
VIEWER = User("viewer", "viewer", "viewer")


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    create_demo(Paths(root), cases=240, seed=11, today=TODAY)
    return root


@pytest.fixture
def demo(demo_root, monkeypatch):
    monkeypatch.setenv("TIAOJIE_TODAY", TODAY.isoformat())
    station = open_station(Paths(demo_root), accept_location=True)
    yield station
    station.close()


def all_rows(service, filters, sort):
    rows, after = [], None
    while True:
        page = service.list(VIEWER, filters=filters, sort=sort, limit=17, after=after)
        rows.extend(page.rows)
        if page.after is None:
            return rows
        after = page.after


@pytest.mark.parametrize("sort", ["received", "due", "number"])
def test_keyset_paging_walks_every_case_once_in_order(demo, sort):
    service = CaseService(demo)
    rows = all_rows(service, CaseFilter(), sort)
    assert len(rows) == len({r.pk for r in rows}) == 240
    keys = [case_repo.sort_key(r, sort) for r in rows]
    assert keys == sorted(keys, reverse=sort != "due")


def test_list_rows_are_what_a_mediator_recognises(demo):
    db = demo.read()
    rows = all_rows(CaseService(demo), CaseFilter(), "number")
    collective = next(r for r in rows if r.applicant_count >= 10)
    names = [n for (n,) in db.execute("SELECT name FROM parties WHERE case_pk = ? AND "
                                      "side = 'applicant' ORDER BY position", [collective.pk])]
    assert collective.first_applicant == names[0] and collective.applicant_count == len(names)
    assert "collective" in collective.flags
    dispatched = next(r for r in rows if len(r.respondents) == 2)
    assert all(name.endswith("公司") for name in dispatched.respondents)
    assigned = next(r for r in rows if r.mediator_name)
    assert assigned.mediator_name in ("王建国", "李秀英")
    due = next(r for r in rows if r.next_due_on)
    assert due.days_left == (date.fromisoformat(due.next_due_on) - TODAY).days


FILTERS = [
    CaseFilter(status="mediating"), CaseFilter(dispute_type="wages"),
    CaseFilter(source="court_delegated"), CaseFilter(received_from="2026-10-01",
                                                     received_to="2026-11-10"),
    CaseFilter(collective_from=10), CaseFilter(overdue_on=TODAY.isoformat()),
    CaseFilter(search="公司"), CaseFilter(search="王", status="performed"),
]


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: ",".join(
    k for k, v in vars(f).items() if v is not None))
def test_every_filter_counts_what_it_lists_and_lists_only_matches(demo, f):
    service = CaseService(demo)
    rows = all_rows(service, f, "received")
    assert service.count(VIEWER, f) == len(rows)
    assert rows, "the demo station should have cases for every filter"
    for r in rows:
        assert f.status is None or r.status == f.status
        assert f.dispute_type is None or r.primary_type == f.dispute_type
        assert f.source is None or r.source == f.source
        assert f.received_from is None or r.received_on >= f.received_from
        assert f.received_to is None or r.received_on <= f.received_to
        assert f.collective_from is None or r.worker_count >= 10
    if f.overdue_on:
        detail = [CaseService(demo).show(r.case_no, VIEWER) for r in rows[:20]]
        assert all(any(c.status == "overdue" for c in d.clocks.values()) for d in detail)


def test_mediator_filter(demo):
    admin = User("admin", "admin", "admin")
    key = roster.mediator_key(demo, admin, "王建国")
    f = CaseFilter(mediator_pk=key)
    rows = all_rows(CaseService(demo), f, "received")
    assert rows and {r.mediator_name for r in rows} == {"王建国"}


def test_stored_deadlines_match_the_pure_clock_computation(demo):
    """The dashboard's table is the domain's clocks, kept in step by every write."""
    db = demo.read()
    stored: dict[int, set[tuple[str, str, bool]]] = {}
    for pk, clock, due, optional in db.execute(
            "SELECT case_pk, clock, due_on, optional FROM case_deadlines"):
        stored.setdefault(pk, set()).add((clock, due, bool(optional)))
    for pk in range(1, 241):
        computed = set(open_clocks(case_clocks(CaseWork.load(db, pk), demo, TODAY)))
        assert stored.get(pk, set()) == computed, pk


def test_dashboard_windows_agree_with_the_clocks(demo):
    summary = dashboard.summary(demo, VIEWER)
    overdue = dashboard.due(demo, VIEWER, "overdue", limit=10_000)
    assert sum(summary.overdue.values()) == len(overdue)
    assert all(i.days_left < 0 and not i.optional for i in overdue)
    week = dashboard.due(demo, VIEWER, "week", limit=10_000)
    assert sum(summary.this_week.values()) == len(week)
    assert all(0 <= i.days_left <= 6 for i in week)
    today = dashboard.due(demo, VIEWER, "today", limit=10_000)
    assert sum(summary.today.values()) == len(today) and all(i.days_left == 0 for i in today)
    service = CaseService(demo)
    for item in overdue[:15]:
        clock = service.show(item.case_no, VIEWER).clocks[item.clock]
        assert clock.status == "overdue" and clock.due_on == item.due_on


def test_a_new_case_is_due_for_acceptance_and_leaves_the_list_when_accepted(station, service,
                                                                            mediator,
                                                                            single_doc):
    viewer = User("viewer", "viewer", "viewer")
    case_no = service.register(single_doc, mediator).case_no
    received = date.fromisoformat(single_doc["received_on"])
    items = dashboard.due(station, viewer, "overdue") + dashboard.due(station, viewer, "week")
    keys = {i.clock for i in items if i.case_no == case_no}
    assert "acceptance_due" in keys or received + timedelta(days=10) > TODAY
    service.record_event(case_no, "accept", {}, mediator)
    rows = station.read().execute("SELECT clock FROM case_deadlines").fetchall()
    assert ("acceptance_due",) not in rows and ("mediation_due",) in rows


def test_screens_queries_use_their_indexes(demo):
    db = demo.read()

    def plan(sql, params=()):
        return " ".join(r[3] for r in db.execute(f"EXPLAIN QUERY PLAN {sql}", params))

    assert "COVERING INDEX cases_status" in plan(
        "SELECT status, count(*) FROM cases WHERE deleted = 0 GROUP BY status")
    assert "INDEX cases_mediator" in plan(
        "SELECT count(*) FROM cases AS c WHERE c.deleted = 0 AND c.mediator_pk = ? AND "
        "c.received_on >= ? AND c.received_on <= ?", [1, "2026-01-01", "2026-06-30"])
    assert "INDEX cases_next_due" in plan(
        "SELECT pk FROM cases AS c WHERE c.deleted = 0 "
        "ORDER BY coalesce(c.next_due_on, '9999-12-31'), c.pk LIMIT 50")
    assert "INDEX case_deadlines_due" in plan(
        "SELECT clock, count(*) FROM case_deadlines WHERE due_on BETWEEN ? AND ? "
        "GROUP BY clock", ["2026-11-22", "2026-11-28"])


def test_bad_filter_codes_are_refused(demo):
    from desktop.domain.errors import ValidationError

    service = CaseService(demo)
    for f in (CaseFilter(status="nonsense"), CaseFilter(dispute_type="x"),
              replace(CaseFilter(), source="y")):
        with pytest.raises(ValidationError):
            service.list(VIEWER, filters=f)


@pytest.mark.parametrize("term", ["王", "公司", "李 公司"])
@pytest.mark.parametrize("sort", ["received", "due", "number"])
def test_search_pages_keep_the_order_whatever_plan_answers_them(demo, term, sort,
                                                                monkeypatch):
    """A rare term is answered from its hits, a common one by walking the list in order;
    both give the same pages as filtering the whole list."""
    from desktop.storage import search

    service = CaseService(demo)
    everything = all_rows(service, CaseFilter(), sort)
    hits = set(search.search_pks(demo.read(), term, limit=10**6))
    expected = [r.pk for r in everything if r.pk in hits]
    for few in (0, 10**6):  # force each plan in turn
        monkeypatch.setattr(case_repo, "FEW_HITS", few)
        assert [r.pk for r in all_rows(service, CaseFilter(search=term), sort)] == expected


def test_a_session_set_for_today_is_on_the_dashboard_until_it_is_recorded(station, service,
                                                                          mediator, single_doc):
    viewer = User("viewer", "viewer", "viewer")
    case_no = service.register(single_doc, mediator).case_no
    today = station.today().isoformat()
    service.record_event(case_no, "accept", {}, mediator)
    service.record_event(case_no, "start", {"next_on": today}, mediator)
    planned = dashboard.due(station, viewer, "today", clock="session_planned_on")
    assert [(i.case_no, i.due_on) for i in planned] == [(case_no, today)]
    service.record_event(case_no, "session", {"place": "调解室"}, mediator)
    assert dashboard.due(station, viewer, "today", clock="session_planned_on") == []
    with pytest.raises(ValidationError):  # an appointment before the record's own day
        service.record_event(case_no, "session", {"next_on": "2000-01-01"}, mediator)


def test_open_collective_disputes_are_the_ones_the_headline_counts(demo):
    rows = dashboard.open_collective(demo, VIEWER, limit=10_000)
    assert len(rows) == dashboard.headline(demo, VIEWER).open_collective > 0
    assert all(r.worker_count >= 10 and r.status in dashboard.OPEN_STATUSES for r in rows)
    dues = [r.next_due_on for r in rows if r.next_due_on]
    assert dues == sorted(dues)
