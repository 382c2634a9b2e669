"""Downlink end to end over HTTPS on loopback: delegated cases, refused items, items sent
again, a county whose numbering went back, calendar/form/notice updates."""

from __future__ import annotations

import json
from typing import Any

from desktop.services.cases import CaseService
from desktop.storage import sync as repo
from tests.sync.conftest import (
    STATION_ID,
    Enrolled,
    Served,
    county_case,
    county_versions,
    delegated_case,
)


def test_delegation_arrives_with_clocks_and_bad_items_are_refused(
        enrolled: Enrolled, served: Served, admin: Any) -> None:
    sync, pairs, county = enrolled.sync, enrolled.pairs, served.county
    county.delegate(STATION_ID, delegated_case(), "clerk")
    county.review_result(STATION_ID, "no-such-case", "granted", "clerk")
    county.send_down(STATION_ID, [{"type": "case_edit", "id": "x1", "case_uid": "u",
                                   "status": "closed"}], "clerk", "篡改")
    result = sync.pull(pairs)
    assert result.received == 3 and result.applied == 1 and result.refused == 2
    listed = CaseService(enrolled.station).list(admin, query="赵铁柱").rows
    assert len(listed) == 1
    assert listed[0].next_due_on is not None  # its mediation clock runs
    with enrolled.station.snapshot() as db:
        refused = repo.refused(db)
    assert {r["item_type"] for r in refused} == {"review", "case_edit"}
    assert all(r["reason"] for r in refused)
    # The county learns what was applied; pulling again brings nothing twice.
    assert county.station(STATION_ID)["down_acked"] == 3
    assert sync.pull(pairs).received == 0
    assert len(CaseService(enrolled.station).list(admin, query="赵铁柱").rows) == 1
    # The delegated case travels back up with the station's next batch.
    sync.push(pairs)
    cases = [county_case(county, uid) for uid in county_versions(county)]
    assert any(c["court_case_no"] == "（2026）鲁0112民初1234号" for c in cases)


def test_an_item_sent_again_under_a_new_number_is_taken_once(
        enrolled: Enrolled, served: Served, admin: Any) -> None:
    """The county may queue the same item again (a re-enrolment re-queues what was not yet
    acknowledged; a restored county renumbers): the station skips an id it has taken."""
    sync, pairs, county = enrolled.sync, enrolled.pairs, served.county
    county.delegate(STATION_ID, delegated_case(), "clerk")
    county.send_down(STATION_ID, [{"type": "case_edit", "id": "x1", "case_uid": "u",
                                   "status": "closed"}], "clerk", "篡改")
    assert sync.pull(pairs).applied == 1
    queued = county.store.rows("SELECT items FROM downlink WHERE station = ? ORDER BY seq",
                               [STATION_ID])
    for row in queued:  # both again, as new envelopes
        county.send_down(STATION_ID, json.loads(row["items"]), "clerk", "again")
    again = sync.pull(pairs)
    assert again.received == 2 and again.duplicates == 2
    assert again.applied == again.refused == 0
    assert len(CaseService(enrolled.station).list(admin, query="赵铁柱").rows) == 1
    with enrolled.station.snapshot() as db:
        assert len(repo.refused(db)) == 1


def test_a_county_behind_the_station_numbers_its_downlink_again(
        enrolled: Enrolled, served: Served, admin: Any) -> None:
    """A down-receipt (signed by the station) naming a number the county never issued, or
    issued for another envelope, makes the county queue its unacknowledged downlink again
    after it; an unsigned GET cannot do that."""
    sync, pairs, county = enrolled.sync, enrolled.pairs, served.county
    county.delegate(STATION_ID, delegated_case(), "clerk")
    sync.pull(pairs)
    # As if restored from a copy taken before the delegation: numbering starts again.
    county.store.execute("DELETE FROM downlink WHERE station = ?", [STATION_ID])
    county.store.execute("UPDATE stations SET down_next = 1, down_acked = 0 WHERE id = ?",
                         [STATION_ID])
    county.delegate(STATION_ID, delegated_case("钱多多", "（2026）鲁0112民初2号"), "clerk")
    assert county.next_down(STATION_ID, 1) is None  # the station asks after its own 1
    sync.pull(pairs)  # nothing new; its receipt names its envelope 1, not the county's
    st = county.station(STATION_ID)
    assert st["down_next"] == 3 and st["down_acked"] == 1
    assert sync.pull(pairs).applied == 1
    assert len(CaseService(enrolled.station).list(admin, query="钱多多").rows) == 1
    assert len(CaseService(enrolled.station).list(admin, query="赵铁柱").rows) == 1
    # Restored again, and this time the county issues more than the station is ahead: its
    # envelope 3 follows its own 2, not the station's — refused until renumbered.
    county.store.execute("DELETE FROM downlink WHERE station = ? AND seq > 1", [STATION_ID])
    county.store.execute("UPDATE stations SET down_next = 2, down_acked = 1 WHERE id = ?",
                         [STATION_ID])
    for n in range(3):
        county.send_down(STATION_ID, [{"type": "notice", "id": f"n{n}", "text": f"通知{n}"}],
                         "clerk", "通知")
    first = sync.pull(pairs)
    assert first.applied == 0 and first.skipped == 1
    second = sync.pull(pairs)
    assert second.applied == 3 and second.duplicates == 0
    assert sync.pull(pairs).received == 0
    with enrolled.station.snapshot() as db:
        taken = {r[0] for r in db.execute("SELECT id FROM sync_items WHERE item_type = 'notice'")}
    assert taken == {"n0", "n1", "n2"}


def test_calendar_form_and_notice_updates(enrolled: Enrolled, served: Served) -> None:
    from desktop.paths import Paths
    sync, pairs, county = enrolled.sync, enrolled.pairs, served.county
    from tests.conftest import ROOT
    root = Paths(enrolled.station.paths.root)
    calendar = json.loads((ROOT / "resources" / "holidays" / "2026.json").read_text("utf-8"))
    next_year = {**calendar, "year": 2027, "holidays": [
        {"name": "元旦", "days": ["2027-01-01"]}], "workdays": []}
    form_text = (ROOT / "forms" / "acceptance.toml").read_text("utf-8")
    county.send_down(STATION_ID, [
        {"type": "calendar", "id": "c1", "calendar": next_year},
        {"type": "calendar", "id": "c2", "calendar": {"year": 2028, "holidays": "坏"}},
        {"type": "calendar", "id": "c3", "calendar": {"year": 2029, "source": "x"}},
        {"type": "form", "id": "f1", "file": "acceptance.toml",
         "text": form_text.replace('title = "受理通知书"', 'title = "受理通知书（县版）"')},
        {"type": "form", "id": "f2", "file": "../evil.toml", "text": form_text},
        {"type": "form", "id": "f3", "file": "broken.toml", "text": "title = '"},
        {"type": "notice", "id": "n1", "text": "元旦前请报送本月统计。"}], "clerk", "更新")
    result = sync.pull(pairs)
    assert result.applied == 3 and result.refused == 4
    assert json.loads((root.holidays / "2027.json").read_text("utf-8"))["year"] == 2027
    assert not (root.holidays / "2029.json").exists()  # a year with no holidays: refused
    assert 'title = "受理通知书（县版）"' in (root.forms / "acceptance.toml").read_text("utf-8")
    assert not (root.forms / "broken.toml").exists()
    assert not (root.root.parent / "evil.toml").exists()
    assert any("元旦前请报送" in m for m in result.messages)


def test_a_mediators_certificate_number_goes_down_from_the_county_cli(
        enrolled: Enrolled, served: Served, admin: Any, monkeypatch: Any,
        capsys: Any) -> None:
    """The roster update: the county names a mediator the station reported, by uid, with
    the station; the station takes the number into its roster."""
    from county import cli as county_cli
    from desktop.services import roster
    from tests.sync.conftest import COUNTY_PASS
    roster.add_mediator(enrolled.station, admin, "王建国", employment="full_time")
    enrolled.sync.push(enrolled.pairs)
    uid = served.county.store.value("SELECT uid FROM records WHERE station = ? AND"
                                    " type = 'mediator' AND data LIKE ?",
                                    [STATION_ID, "%王建国%"])
    monkeypatch.setenv("TIAOJIE_COUNTY_PASSPHRASE", COUNTY_PASS)
    home = ["--home", str(served.county.home)]
    assert county_cli.main([*home, "update", "--certificate", uid, "鲁调证2026001"]) == 2
    assert county_cli.main([*home, "update", "--certificate", "no-such", "鲁调证2026001",
                            "--station", STATION_ID]) == 2
    assert "没有报送过这名调解员" in capsys.readouterr().err
    assert county_cli.main([*home, "update", "--certificate", uid, "鲁调证2026001",
                            "--station", STATION_ID]) == 0
    assert enrolled.sync.pull(enrolled.pairs).applied == 1
    [mediator] = [m for m in roster.list_mediators(enrolled.station, admin)
                  if m.name == "王建国"]
    assert mediator.certificate_no == "鲁调证2026001"
