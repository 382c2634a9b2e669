"""A wrong computer clock: dates set ahead are mended by recorded corrections (the
registration's too), and a clock behind the station's records is warned of, never refused."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import pytest

from desktop.domain.errors import ValidationError
from desktop.services.integrity import check_station
from desktop.services.station import open_station


def correct(service, case_no, seq, day, user):
    return service.record_event(case_no, "correct", {
        "seq": seq, "corrected_on": day.isoformat(), "reason": "电脑日期错误"}, user)


@pytest.fixture
def ahead(station, service, mediator, single_doc):
    """A case registered and accepted while the clock ran 40 days ahead; then the clock
    was put right.  Returns (case number, the real day, the wrong day)."""
    real = station.today_override
    wrong = real + timedelta(days=40)  # 2027-01-01: even the year is wrong
    station.today_override = wrong
    doc = {**copy.deepcopy(single_doc), "received_on": wrong.isoformat()}
    case_no = service.register(doc, mediator).case_no
    service.record_event(case_no, "accept", {}, mediator)
    station.today_override = real
    return case_no, real, wrong


def test_a_case_dated_ahead_is_mended_from_its_registration_and_moves_on(
        station, service, mediator, ahead):
    case_no, real, wrong = ahead
    with pytest.raises(ValidationError) as err:  # the refusal the tester met
        service.record_event(case_no, "start", {}, mediator)
    assert err.value.where == "occurred_on"
    with pytest.raises(ValidationError) as err:  # the acceptance cannot precede registration
        correct(service, case_no, 2, real, mediator)
    assert err.value.where == "corrected_on" and "请先更正它" in err.value.zh
    # The corrections themselves are dated today, before the wrong days they mend.
    correct(service, case_no, 1, real - timedelta(days=1), mediator)
    correct(service, case_no, 2, real, mediator)
    assert service.record_event(case_no, "start", {}, mediator) == "mediating"
    detail = service.show(case_no, mediator)
    assert detail.case.received_on == (real - timedelta(days=1)).isoformat()
    assert detail.case.accepted_on == real.isoformat()
    assert "〔2027〕" in detail.case.case_no  # the number keeps the year it was issued with
    assert [e.occurred_on for e in detail.events[:2]] == [wrong.isoformat()] * 2  # as made
    assert detail.clocks["acceptance_due"].met_on == real.isoformat()
    assert detail.clocks["mediation_due"].due_on < wrong.isoformat()  # counted from receipt
    assert check_station(station.paths).ok  # the case row matches its audited state


def test_a_correction_keeps_the_history_in_order(service, mediator, ahead):
    case_no, real, wrong = ahead
    with pytest.raises(ValidationError) as err:  # receipt before the dispute arose
        correct(service, case_no, 1, date(2026, 1, 1), mediator)
    assert "争议发生日期" in err.value.zh and err.value.where == "corrected_on"
    with pytest.raises(ValidationError) as err:  # a correction is not itself corrected
        correct(service, case_no, 3, real, mediator)
    assert err.value.where == "seq"


def test_correcting_an_earlier_event_moves_its_column(station, service, mediator,
                                                      single_doc):
    case_no = service.register(single_doc, mediator).case_no  # received 2026-11-16
    service.record_event(case_no, "accept", {"occurred_on": "2026-11-18"}, mediator)
    service.record_event(case_no, "start", {"occurred_on": "2026-11-20"}, mediator)
    correct(service, case_no, 2, date(2026, 11, 17), mediator)  # not the latest event
    assert service.show(case_no, mediator).case.accepted_on == "2026-11-17"
    with pytest.raises(ValidationError) as err:
        correct(service, case_no, 2, date(2026, 11, 21), mediator)  # after 开始调解
    assert "不能晚于后一事件（开始调解）" in err.value.zh
    with pytest.raises(ValidationError) as err:  # a receipt after the acceptance
        correct(service, case_no, 1, date(2026, 11, 19), mediator)
    assert "不能晚于后一事件（受理）" in err.value.zh


def test_a_clock_behind_the_station_is_warned_of_not_refused(station, service, mediator,
                                                             single_doc, monkeypatch):
    service.register(single_doc, mediator)  # received 2026-11-16
    assert station.clock_warning is None  # opened before: nothing recorded yet
    station.close()
    monkeypatch.setenv("TIAOJIE_TODAY", "2010-01-01")  # a dead CMOS battery
    behind = open_station(station.paths)
    try:
        warning = behind.clock_warning
        assert warning is not None
        assert warning.zh == ("电脑日期（2010-01-01）早于本站已记录的最近日期（2026-11-16），"
                              "请先核对电脑的日期和时间")
        assert "2010-01-01" in warning.en and warning.line().startswith(warning.zh)
    finally:
        behind.close()
    monkeypatch.setenv("TIAOJIE_TODAY", "2026-11-16")  # the same day is plausible
    same = open_station(station.paths)
    same.close()
    assert same.clock_warning is None


def test_the_cli_warns_writing_commands_of_a_clock_behind(run_cli, station, service, mediator,
                                                          single_doc, logins, tmp_path,
                                                          monkeypatch):
    service.register(single_doc, mediator)
    monkeypatch.setenv("TIAOJIE_TODAY", "2010-01-01")
    listed = run_cli("case", "list", login=logins["viewer"])
    assert listed.code == 0 and "电脑日期" not in listed.err  # reading: nothing to date
    doc = {k: v for k, v in single_doc.items() if k != "dispute_arose_on"}
    doc["received_on"] = "2010-01-01"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    made = run_cli("case", "new", str(path), login=logins["mediator"])
    assert made.code == 0, made.err  # warned, not refused: the date may be right
    assert "注意 warning: 电脑日期（2010-01-01）早于本站已记录的最近日期（2026-11-16）" in made.err
    assert "check the computer's date and time" in made.err
