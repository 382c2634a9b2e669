"""The bulk path writes exactly what registering the cases one by one writes."""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta

import pytest

from desktop.domain.case_format import parse_case
from desktop.domain.errors import InputError
from desktop.paths import Paths
from desktop.services import demo, roster
from desktop.services.cases import CaseService
from desktop.services.demo_data import case_document
from desktop.services.station import open_station
from desktop.storage import audit, outbox, search

TODAY = date(2026, 11, 22)

IGNORED = {"uid", "created_at", "updated_at", "change_seq", "recorded_at"}


def snapshot(db) -> dict[str, list[tuple[object, ...]]]:
    out = {}
    for table, order in (("cases", "pk"), ("parties", "case_pk, position"),
                         ("claims", "case_pk, position"), ("events", "case_pk, seq"),
                         ("case_deadlines", "case_pk, clock"), ("case_search", "pk"),
                         ("counters", "series, year")):
        cursor = db.execute(f"SELECT * FROM {table} ORDER BY {order}")
        names = [d[0] for d in cursor.description]
        keep = [i for i, n in enumerate(names) if n not in IGNORED]
        out[table] = [tuple(row[i] for i in keep) for row in cursor.fetchall()]
    return out


def test_bulk_import_equals_one_by_one(station, service, mediator, station_template, tmp_path):
    rng = random.Random(5)
    days = [date(2025, 12, 20), date(2026, 1, 3), TODAY]  # numbers restart each year
    docs = [case_document(rng, rng.choice(days), TODAY) for _ in range(60)]
    drafts = [parse_case(doc, today=TODAY) for doc in docs]
    service.register(case_document(random.Random(1), TODAY, TODAY), mediator)  # one before
    other_paths = Paths(tmp_path / "other")
    shutil.copytree(station.paths.root, other_paths.root)
    other = open_station(other_paths, accept_location=True)
    try:
        for doc in docs:  # the reference: one case per transaction, as at the desk
            service.register(doc, mediator)
        made = CaseService(other).import_drafts(drafts, mediator)
        assert [r.case_no for r in made] == [
            row[0] for row in station.read().execute(
                "SELECT case_no FROM cases WHERE pk > 1 ORDER BY pk")]
        assert snapshot(other.read()) == snapshot(station.read())
        db = other.read()
        assert audit.verify_chain(db).ok
        states = audit.verify_case_states(db)
        assert states.ok and states.uncovered == 0 and states.cases == 61
        assert search.search_pks(db, drafts[7].parties[0].name, limit=500)
        assert len(outbox.changed_since(db, 0, limit=1000)) >= 61
        assert {c.change_seq for c in outbox.changed_since(db, 0, limit=1000)
                if c.table == "cases"} == {outbox.last_seq(db)}
    finally:
        other.close()


def test_histories_imported_set_wise_equal_events_recorded_one_by_one(
        station, service, mediator, admin, tmp_path):
    """The demo's (and an import's) path: every case with its history judged in memory and
    stored set-wise leaves the records of registering it and recording each event by hand."""
    for name in ("王建国", "李秀英"):
        roster.add_mediator(station, admin, name)
    rng = random.Random(11)
    cal = station.calendar
    items = []
    for _ in range(40):
        received = TODAY - timedelta(days=int(rng.expovariate(1 / 60)))
        doc = case_document(rng, received, TODAY)
        draft = parse_case(doc, today=TODAY)
        steps = list(demo._lawful(demo._path(rng, draft.kind, received, TODAY, cal), draft))
        items.append((doc, draft, steps))
    assert sum(len(steps) for _, _, steps in items) > 150  # long histories, every path
    assert {e for _, _, steps in items for e, _ in steps} >= {
        "accept", "assign", "session", "agree", "sign", "perform", "fail", "archive"}
    other_paths = Paths(tmp_path / "other")
    shutil.copytree(station.paths.root, other_paths.root)
    other = open_station(other_paths, accept_location=True)
    try:
        for doc, _, steps in items:
            case_no = service.register(doc, mediator).case_no
            for event, data in steps:
                service.record_event(case_no, event, data, mediator)
        made = CaseService(other).import_cases([(d, s) for _, d, s in items], mediator)
        assert len(made) == 40
        assert snapshot(other.read()) == snapshot(station.read())
        db = other.read()
        assert audit.verify_chain(db).ok
        states = audit.verify_case_states(db)
        assert states.ok and states.uncovered == 0 and states.cases == 40
    finally:
        other.close()


def test_a_wrong_event_in_an_imported_history_names_it_and_stores_nothing(
        station, service, mediator):
    doc = case_document(random.Random(3), TODAY - timedelta(days=20), TODAY)
    draft = parse_case(doc, today=TODAY)
    good = (draft, [("accept", {"occurred_on": (TODAY - timedelta(days=19)).isoformat()})])
    bad = (draft, [("accept", {"occurred_on": (TODAY - timedelta(days=19)).isoformat()}),
                   ("agree", {"occurred_on": (TODAY - timedelta(days=18)).isoformat(),
                              "terms": []})])
    with pytest.raises(InputError) as caught:
        service.import_cases([good, bad], mediator)
    assert caught.value.where.startswith("events[1]")
    assert "第 2 个事件（达成调解协议）" in caught.value.zh  # the event as people call it
    assert station.read().execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_case_import_from_the_command_line_is_all_or_none(run_cli, station, tmp_path, logins,
                                                          collective_doc, single_doc):
    import json

    good = tmp_path / "good.json"
    good.write_text(json.dumps([collective_doc, single_doc, single_doc], ensure_ascii=False),
                    encoding="utf-8")
    bad_doc = json.loads(json.dumps(single_doc))
    bad_doc["applicants"][0]["id_number"] = "110101199001011230"  # wrong check digit
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([single_doc, bad_doc], ensure_ascii=False), encoding="utf-8")
    refused = run_cli("case", "import", str(bad), login=logins["mediator"])
    assert refused.code == 2 and "[1].applicants[0].id_number" in refused.err
    assert "第 2 件" in refused.err
    assert station.read().execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    done = run_cli("case", "import", str(good), login=logins["mediator"])
    assert done.code == 0, done.err
    assert done.out.split() == [f"王舍人劳人调字〔2026〕第{i}号" for i in (1, 2, 3)]
    assert run_cli("case", "import", str(good), login=logins["viewer"]).code == 3
    listed = run_cli("case", "list", "--collective", login=logins["viewer"])
    assert "第1号" in listed.out and "第2号" not in listed.out


def test_the_fast_path_for_new_cases_judges_as_a_replay_without_events(station):
    """``imports.fresh`` (clocks computed once per distinct set of facts) leaves the same
    registration event, columns and open deadlines as replaying the case with no events."""
    from desktop.services import history, imports

    rng = random.Random(13)
    rules = history.Rules.of(station)
    memo: dict = {}
    for _ in range(150):
        received = TODAY - timedelta(days=int(rng.expovariate(1 / 200)))
        draft = parse_case(case_document(rng, received, TODAY), today=TODAY)
        fast = imports.fresh(draft, "mediator", rules, memo=memo)
        full = history.replay(draft, (), "mediator", rules, lambda name: None)
        assert fast.columns == full.columns and fast.clocks == full.clocks
        assert [(e.seq, e.event, e.occurred_on, e.to_status, e.data) for e in fast.events] == [
            (e.seq, e.event, e.occurred_on, e.to_status, e.data) for e in full.events]
    assert len(memo) > 1
