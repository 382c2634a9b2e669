"""``tiaojie-county`` against a hostile tester, where it exchanges with stations: enrolment
files, delegations twice, updates the station would refuse, the quarantine, a stick's
import, and the small rules (see test_cli_hostile.py for how the command line is run)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from county.service import County, Refused, _day
from county.web import create_app
from desktop.services.station import Station
from desktop.services.sync_io import SyncService
from desktop.sync import envelope
from tests.county.cli.conftest import (
    ROOT,
    S01,
    S02,
    STATION_PASS,
    bilingual,
    tj,
    unwritable,
)
from tests.county.test_console import (
    SECRET,
    batch,
    case_record,
    sign_in,
)
from tests.sync.conftest import delegated_case

# -- 6. the token changes only with the file written ------------------------------------------


def test_a_failed_enrolment_file_keeps_the_earlier_one_working(
        sqlite_county: County, station: Station, admin: Any, tmp_path: Path) -> None:
    home = sqlite_county.home
    first = tmp_path / "S01.tjenrol"
    assert tj(home, "enrol-file", S01, "-o", str(first)).code == 0
    token = sqlite_county.station(S01)["token_hash"]
    with unwritable(tmp_path / "ro", full=False) as (ro, _):
        run = tj(home, "enrol-file", S01, "-o", f"{ro}/")
        bilingual(run, 4, str(ro))
        assert not (ro / f"{S01}.tjenrol").exists()
    assert sqlite_county.station(S01)["token_hash"] == token
    actions = [r["action"] for r in sqlite_county.store.rows("SELECT action FROM audit")]
    assert actions.count("station.enrol_file") == 1
    # A wrong passphrase changes nothing either.
    bilingual(tj(home, "enrol-file", S01, "-o", str(tmp_path / "x.tjenrol"),
                 env={"TIAOJIE_COUNTY_PASSPHRASE": "wrong-pass"}), 3, "县级密钥口令不对",
              "wrong county key passphrase")
    assert sqlite_county.station(S01)["token_hash"] == token
    # The file handed out first still enrols the station.
    sync = SyncService(station)
    request = sync.enrol(first.read_bytes(), STATION_PASS, admin)
    sync.finish_enrol(sqlite_county.enrol(request), sync.unlock(STATION_PASS))
    assert sqlite_county.station(S01)["status"] == "enrolled"


# -- 7. the same court case twice -------------------------------------------------------------


def test_the_same_court_case_is_not_delegated_twice_without_again(
        county: County, tmp_path: Path) -> None:
    home = county.home
    case = tmp_path / "case.json"
    case.write_text(json.dumps(delegated_case(), ensure_ascii=False), "utf-8")
    assert tj(home, "delegate", S01, str(case)).code == 0
    day = _day(county.store.value("SELECT created_at FROM downlink"))
    second = tj(home, "delegate", S01, str(case))
    bilingual(second, 2, "court_case_no", "already delegated", "--again", day)
    # Full-width digits and spaces are the same number.
    same = {**delegated_case(), "court_case_no": " （２０２６）鲁０１１２民初１２３４号 "}
    case.write_text(json.dumps(same, ensure_ascii=False), "utf-8")
    bilingual(tj(home, "delegate", S01, str(case)), 2, "already delegated")
    assert county.store.value("SELECT count(*) FROM downlink") == 1
    again = tj(home, "delegate", S01, str(case), "--again")
    assert again.code == 0, again.err
    assert county.store.value("SELECT count(*) FROM downlink") == 2
    # Another case number goes as before.
    other = tmp_path / "other.json"
    other.write_text(json.dumps(delegated_case("钱多多", "（2026）鲁0112民初2号"),
                                ensure_ascii=False), "utf-8")
    assert tj(home, "delegate", S01, str(other)).code == 0


def test_the_console_refuses_a_second_delegation_with_the_earlier_date(
        county: County) -> None:
    county.delegate(S01, delegated_case(), "clerk")
    day = _day(county.store.value("SELECT created_at FROM downlink"))
    doc = delegated_case()
    form = {"station": S01, "mode": "court_delegated", "court_case_no": doc["court_case_no"],
            "received_on": doc["received_on"], "dispute_type": doc["dispute_types"][0],
            "app_name": doc["applicants"][0]["name"], "app_id": "", "app_phone": "",
            "resp_name": doc["respondents"][0]["name"], "resp_uscc": "",
            "claim_item": "支付拖欠工资", "claim_yuan": "12000", "summary": doc["summary"]}
    with TestClient(create_app(county, console_secret=SECRET)) as client:
        token = sign_in(client, "clerk")
        answer = client.post("/console/delegate", data={**form, "csrf": token},
                             follow_redirects=False)
        assert answer.status_code == 400
        assert "已于" in answer.text and day in answer.text and "不能重复委派" in answer.text
        assert 'id="again"' in answer.text
        assert county.store.value("SELECT count(*) FROM downlink") == 1
        answer = client.post("/console/delegate", data={**form, "csrf": token, "again": "1"},
                             follow_redirects=False)
        assert answer.status_code == 303
    assert county.store.value("SELECT count(*) FROM downlink") == 2


# -- 8. updates the station would refuse are not queued ---------------------------------------


def test_update_checks_items_as_the_station_does(county: County, tmp_path: Path) -> None:
    home = county.home
    bilingual(tj(home, "update", "--notice", ""), 2, "station would refuse")
    bilingual(tj(home, "update", "--notice", "通" * 3000), 2, "station would refuse")
    bad = tmp_path / "bad.json"
    for doc in ({"year": 2027, "holidays": "bad"}, {"year": "2027"}, [1, 2]):
        bad.write_text(json.dumps(doc), "utf-8")
        bilingual(tj(home, "update", "--calendar", str(bad)), 2, "station would refuse")
    form = tmp_path / "Bad Name.toml"
    form.write_text("x = 1", "utf-8")
    bilingual(tj(home, "update", "--form", str(form)), 2, "station would refuse")
    assert county.store.value("SELECT count(*) FROM downlink") == 0
    assert tj(home, "update", "--notice", "元旦放假安排已更新").code == 0
    good = ROOT / "resources" / "holidays" / "2026.json"
    assert tj(home, "update", "--calendar", str(good), "--station", S01).code == 0
    assert county.store.value("SELECT count(*) FROM downlink") == 2


# -- 9. quarantine: dismiss; an unauthenticated envelope cannot be retried --------------------


def bad_signature_item(county: County) -> int:
    data = bytearray(batch(county, S01, county.s01, 1,  # type: ignore[attr-defined]
                           [case_record("第1号", "张三", "某公司")]))
    data[-3] ^= 1
    with pytest.raises(Refused) as caught:
        county.ingest(bytes(data))
    assert caught.value.code == envelope.BAD_SIGNATURE and caught.value.quarantined
    return caught.value.quarantined


def test_quarantine_dismiss_and_no_retry_of_a_bad_signature(county: County) -> None:
    home = county.home
    qid = bad_signature_item(county)
    retry = tj(home, "quarantine", "retry", str(qid))
    bilingual(retry, 2, "cannot be retried, only dismissed", "只能关闭")
    assert "too short" not in retry.err and "截断" not in retry.err
    bilingual(tj(home, "quarantine", "dismiss", str(qid), "--reason", "  "), 2, "reason")
    bilingual(tj(home, "quarantine", "dismiss", "999", "--reason", "x"), 2, "999")
    done = tj(home, "quarantine", "dismiss", str(qid), "--reason", "篡改的数据包，已电话核实")
    assert done.code == 0, done.err
    item = county.quarantined(qid)
    assert item["status"] == "dismissed" and item["resolved_by"] == "cli"
    assert item["dismiss_reason"] == "篡改的数据包，已电话核实"
    assert county.quarantine() == []
    bilingual(tj(home, "quarantine", "dismiss", str(qid), "--reason", "again"), 2,
              "already resolved")
    listed = tj(home, "quarantine", "list", "--all")
    assert "已关闭" in listed.out and "dismissed" in listed.out
    shown = json.loads(tj(home, "quarantine", "show", str(qid)).out)
    assert shown["dismiss_reason"] == "篡改的数据包，已电话核实"
    audit = county.store.rows("SELECT actor, detail FROM audit WHERE action ="
                              " 'quarantine.dismiss'")
    assert len(audit) == 1 and json.loads(audit[0]["detail"])["reason"] == \
        "篡改的数据包，已电话核实"


def test_the_console_dismisses_with_a_reason_and_offers_no_retry(county: County) -> None:
    qid = bad_signature_item(county)
    with TestClient(create_app(county, console_secret=SECRET)) as client:
        token = sign_in(client, "viewer")
        page = client.get(f"/console/quarantine/{qid}")
        assert 'id="dismiss"' not in page.text
        answer = client.post(f"/console/quarantine/{qid}/dismiss",
                             data={"csrf": token, "reason": "x"})
        assert answer.status_code == 403 and county.quarantined(qid)["status"] == "open"
        client.cookies.clear()
        token = sign_in(client, "clerk")
        page = client.get(f"/console/quarantine/{qid}")
        assert 'id="retry"' not in page.text and 'id="no-retry"' in page.text
        assert 'id="dismiss"' in page.text and "关闭" in page.text
        answer = client.post(f"/console/quarantine/{qid}/dismiss",
                             data={"csrf": token, "reason": " "})
        assert answer.status_code == 400 and "请填写关闭原因" in answer.text
        answer = client.post(f"/console/quarantine/{qid}/retry", data={"csrf": token})
        assert answer.status_code == 400 and "只能关闭" in answer.text
        answer = client.post(f"/console/quarantine/{qid}/dismiss",
                             data={"csrf": token, "reason": "伪造的数据包"})
        assert answer.status_code == 200 and "已关闭" in answer.text
        assert "伪造的数据包" in answer.text and 'id="dismiss"' not in answer.text
        listing = client.get("/console/quarantine?status=all")
        assert "已关闭" in listing.text
    item = county.quarantined(qid)
    assert item["status"] == "dismissed" and item["resolved_by"] == "clerk"


# -- 10. receipts for held envelopes released by an import ------------------------------------


def test_an_enrolment_file_is_not_written_under_a_missing_folder(county: County,
                                                                  tmp_path: Path) -> None:
    """A stick not mounted (its folder missing): the token must not land on the local disk
    in a tree of new folders."""
    target = tmp_path / "media" / "usb" / "S01.tjenrol"
    bilingual(tj(county.home, "enrol-file", S02, "-o", str(target)), 2, "USB")
    assert not (tmp_path / "media").exists()


def test_an_import_writes_receipts_for_the_held_envelopes_it_released(
        county: County, tmp_path: Path) -> None:
    home, pairs = county.home, county.s01  # type: ignore[attr-defined]
    stick = tmp_path / "U盘"
    stick.mkdir()
    for seq in (1, 2, 3):
        data = batch(county, S01, pairs, seq, [case_record(f"第{seq}号", f"申请人{seq}", "某公司")])
        (stick / f"{S01}-up-{seq:08d}.tjsync").write_bytes(data)
    later = tmp_path / "后来的"
    later.mkdir()
    for seq in (2, 3):
        (stick / f"{S01}-up-{seq:08d}.tjsync").rename(later / f"{S01}-up-{seq:08d}.tjsync")
    held = tj(home, "import", str(later), "--out", str(tmp_path / "回执1"))
    assert held.code == 0 and "held" in held.out
    assert not list((tmp_path / "回执1").glob("*-receipt-*")) if (tmp_path / "回执1").exists() \
        else True
    released = tj(home, "import", str(stick), "--out", str(tmp_path / "回执2"))
    assert released.code == 0, released.err
    receipts = sorted((tmp_path / "回执2").glob(f"{S01}-receipt-*.tjsync"))
    assert [p.name for p in receipts] == [f"{S01}-receipt-{n:08d}.tjsync" for n in (1, 2, 3)]
    for n, path in enumerate(receipts, start=1):
        env = envelope.parse(path.read_bytes())
        assert env.kind == "receipt" and env.seq == n
        envelope.verify(env, county.public.sign)
    assert county.station(S01)["up_next"] == 4
    # The same stick again, with the county's receipts written onto it: they are left
    # alone (not quarantined as a station's bad signature), the rest are duplicates.
    for path in receipts:
        (stick / path.name).write_bytes(path.read_bytes())
    again = tj(home, "import", str(stick), "--out", str(stick))
    assert again.code == 0, again.err
    assert county.quarantine() == []
    # A missing input, or --out naming a file: said first, nothing applied.
    bilingual(tj(home, "import", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")),
              2, "nowhere")
    a_file = tmp_path / "a-file.json"
    a_file.write_text("{}", "utf-8")
    bilingual(tj(home, "import", str(stick), "--out", str(a_file)), 2, "a file")


# -- 11. the small ones ------------------------------------------------------------------------


def test_station_rules_revoke_names_ids_and_json(county: County) -> None:
    home = county.home
    bilingual(tj(home, "station", "revoke", S02, "--reason", ""), 2, "reason")
    bilingual(tj(home, "station", "revoke", S02, "--reason", "   "), 2, "reason")
    assert tj(home, "station", "revoke", S02, "--reason", "设备丢失").code == 0
    again = tj(home, "station", "revoke", S02, "--reason", "另一个原因")
    bilingual(again, 2, "already revoked", "设备丢失")
    st = county.station(S02)
    assert st["revoked_reason"] == "设备丢失"
    bilingual(tj(home, "station", "add", "S03", "名" * 61), 2, "60")
    bilingual(tj(home, "station", "add", "S03", "华山\n街道"), 2, "control")
    bilingual(tj(home, "station", "add", "S03", "华山\x1b[2J"), 2, "control")
    bilingual(tj(home, "station", "add", "S 03", "华山"), 2, "_", "下划线")
    assert tj(home, "station", "add", "S_03", "名" * 60).code == 0
    county.store.execute("UPDATE stations SET enrol_answer = ? WHERE id = ?",
                         [b"\x00\x01binary answer", S01])
    listed = tj(home, "station", "list", "--json")
    rows = json.loads(listed.out)
    assert "b'" not in listed.out and all("enrol_answer" not in r for r in rows if r["id"] == S01)
    # An unknown station is named before anything about the case.
    empty = county.home.parent / "empty.json"
    empty.write_text("{}", "utf-8")
    bilingual(tj(home, "delegate", "S99", str(empty)), 2, "S99")
    assert "court_case_no" not in tj(home, "delegate", "S99", str(empty)).err
