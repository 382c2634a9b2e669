"""What a station can put right by itself: an enrolment whose answer was lost, a forgotten
passphrase, a delegated case turned away by a clock that is behind, one USB folder used
both ways, a revoked station and an old enrolment answer."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from county.service import County
from desktop.domain.errors import AuthError, EnvironmentProblem, InputError, TiaojieError
from desktop.services import roster
from desktop.services.cases import CaseService
from desktop.services.station import Station
from desktop.services.sync import Revoked
from desktop.services.sync_io import SyncService
from desktop.storage import sync as repo
from desktop.sync import transport
from tests.sync.conftest import STATION_ID, STATION_PASS, Enrolled, Served, delegated_case


def test_the_same_enrolment_file_again_sends_the_same_request(station: Station,
                                                              county: County,
                                                              admin: Any) -> None:
    """The county's answer lost (a dropped connection, a stick left at the court): the
    station enrols again with the same file and gets the same request, so the county's
    idempotent answer applies; a new passphrase for it is refused, not silently made."""
    sync = SyncService(station)
    enrol_file = county.enrol_file(STATION_ID, "test")
    first = sync.enrol(enrol_file, STATION_PASS, admin)
    answer = county.enrol(first)  # applied at the county; the answer never arrives
    with pytest.raises(AuthError):
        sync.enrol(enrol_file, "another-passphrase-9", admin)
    again = sync.enrol(enrol_file, STATION_PASS, admin)
    assert again == first
    # Another file (an old one, already used) does not silently replace the waiting request.
    other = county.enrol_file(STATION_ID, "test")
    with pytest.raises(InputError) as replaced:
        sync.enrol(other, STATION_PASS, admin)
    assert "--again" in replaced.value.en
    assert sync.enrol(enrol_file, STATION_PASS, admin) == first
    assert county.enrol(again) == answer
    assert sync.finish_enrol(answer, sync.unlock(STATION_PASS), admin)
    status = sync.status()
    assert status.enrolled
    with station.snapshot() as db:
        st = repo.state(db)
    assert st is not None and st["enrol_request"] is None  # done with


def test_an_enrolled_station_enrols_again_only_when_asked(enrolled: Enrolled, served: Served,
                                                          admin: Any, mediator: Any,
                                                          single_doc: dict[str, Any]) -> None:
    """A forgotten passphrase: the county hands out a new enrolment file; the station
    refuses it unless told it means to enrol again, then sends everything once more."""
    sync, county = enrolled.sync, served.county
    CaseService(enrolled.station).register(single_doc, mediator)
    sync.push(enrolled.pairs)
    fresh = county.enrol_file(STATION_ID, "test")
    with pytest.raises(InputError) as refused:
        sync.enrol(fresh, "new-passphrase-22", admin)
    assert "--again" in refused.value.en and "重新注册" in refused.value.zh
    request = sync.enrol(fresh, "new-passphrase-22", admin, again=True)
    pairs = sync.unlock("new-passphrase-22")
    sync.enrol_online(request, pairs, user=admin)
    result = sync.push(pairs)
    assert result.receipted >= 1
    status = sync.status()
    assert status.hashes_agree is True and status.local_hash == county.state_hash(STATION_ID)
    with enrolled.station.snapshot() as db:
        archived = db.execute("SELECT count(*) FROM sync_archive").fetchone()[0]
    assert archived >= 1  # the first enrolment's receipts are kept as proof


def test_an_old_enrolment_answer_changes_nothing(station: Station, county: County,
                                                 admin: Any) -> None:
    sync = SyncService(station)
    answer = county.enrol(sync.enrol(county.enrol_file(STATION_ID, "t"), STATION_PASS, admin))
    pairs = sync.unlock(STATION_PASS)
    assert sync.finish_enrol(answer, pairs)
    assert not sync.finish_enrol(answer, pairs)  # read again from the stick: a no-op
    county.revoke(STATION_ID, "测试", "clerk")
    sync._note_error("revoked", revoked=True)  # what the next contact records
    with pytest.raises(Revoked):
        sync.finish_enrol(answer, pairs)  # an old answer does not undo a revocation
    assert sync.status().status == "revoked"


def test_a_delegation_is_not_refused_for_a_clock_behind(enrolled: Enrolled, served: Served,
                                                        admin: Any) -> None:
    """The county's day is ahead of this computer's: the delegated case is taken anyway
    (the clock warning is the station's own business), not refused and lost."""
    ahead = (enrolled.station.today() + timedelta(days=2)).isoformat()
    served.county.delegate(STATION_ID, {**delegated_case(), "received_on": ahead},
                           "clerk")
    result = enrolled.sync.pull(enrolled.pairs)
    assert result.applied == 1 and result.refused == 0
    [row] = CaseService(enrolled.station).list(admin, query="赵铁柱").rows
    assert row.received_on == ahead


def test_a_refused_item_is_taken_again_once_put_right(enrolled: Enrolled, served: Served,
                                                      admin: Any, mediator: Any,
                                                      single_doc: dict[str, Any]) -> None:
    """The court's review result arrives before the station recorded the agreement it
    reviews: refused (a review belongs to an agreed case) and kept; once the agreement is
    recorded, the mediator takes the item again from what was kept."""
    sync, county, station = enrolled.sync, served.county, enrolled.station
    service = CaseService(station)
    case = service.register(single_doc, mediator)
    county.review_result(STATION_ID, case.case_id, "granted", "clerk")
    assert sync.pull(enrolled.pairs).refused == 1
    [item] = sync.refused_items()
    with pytest.raises(TiaojieError) as still:  # still not agreed
        sync.retry_refused(item["item_id"], mediator)
    [again] = sync.refused_items()
    assert again["reason"] == still.value.line()  # today's reason, not the first one
    roster.add_mediator(station, admin, "王建国", employment="full_time")
    day = station.today()
    for event, data in (("accept", {}), ("assign", {"mediator": "王建国"}), ("start", {}),
                        ("agree", {"terms": [{"item": "支付拖欠工资", "amount_fen": 1_200_000,
                                              "method": "银行转账", "category": "wages",
                                              "payer_party": 1,
                                              "due_on": (day + timedelta(days=5)).isoformat()}]})):
        service.record_event(case.case_no, event, data, mediator)
    for signer in ("applicant", "respondent", "mediator", "org_seal"):
        service.record_event(case.case_no, "sign", {"signer": signer}, mediator)
    service.record_event(case.case_no, "review_filed", {}, mediator)
    # The court sees what the station refuses (its reason), and sees it gone once taken.
    sync.pull(enrolled.pairs)
    [told] = county.refusals(STATION_ID)
    assert told["item_id"] == item["item_id"] and told["item_type"] == "review"
    assert "review_filed" in told["reason"] or "审查" in told["reason"]
    note = sync.retry_refused(item["item_id"], mediator)
    sync.pull(enrolled.pairs)
    assert county.refusals(STATION_ID) == []
    assert "审查结果" in note
    assert sync.refused_items() == [] and sync.status().refused == 0
    with pytest.raises(InputError):  # taken: not refused any more
        sync.retry_refused(item["item_id"], mediator)


def test_one_folder_used_both_ways(enrolled: Enrolled, served: Served, mediator: Any,
                                   single_doc: dict[str, Any], tmp_path: Path) -> None:
    """The station's outgoing files lie beside the county's answers on the stick: the
    station reads the answers and leaves its own files alone, without complaint."""
    sync, pairs = enrolled.sync, enrolled.pairs
    CaseService(enrolled.station).register(single_doc, mediator)
    stick = tmp_path / "stick"
    stick.mkdir()
    sent = sync.export_files(stick, pairs)
    receipts = [(f"r{i}", served.county.ingest(p.read_bytes()).receipt)
                for i, p in enumerate(sent) if "-up-" in p.name]
    transport.write_files(stick, [(name, r) for name, r in receipts if r is not None])
    answers = stick / "回执"  # the county's answers in a folder of their own on the stick
    answers.mkdir()
    for name, receipt in receipts:
        if receipt is not None:
            (answers / f"{name}.tjsync").write_bytes(receipt)
    done = sync.import_files([stick], pairs)
    assert done["problems"] == [] and done["receipts"] == 2 * len(receipts) >= 2
    assert sync.status().pending == 0


def test_a_push_with_nothing_to_send_is_no_contact(enrolled: Enrolled, served: Served
                                                   ) -> None:
    sync = enrolled.sync
    sync.push(enrolled.pairs)  # the station's organisation and roster go up first
    before = sync.status().last_contact
    served.stop()
    link = sync.https(attempts=1)
    assert sync.push(enrolled.pairs, link).sent == 0  # nothing built or sent: no request
    assert sync.status().last_contact == before


def test_files_on_the_stick_are_checked_before_they_are_read_or_written(
        enrolled: Enrolled, tmp_path: Path, admin: Any) -> None:
    """A huge file is refused unread; an export folder whose parent is not there (a
    mistyped path) is refused rather than created on the local disk, as is a file; a
    failed write leaves no half-written file."""
    huge = tmp_path / "huge.tjsync"
    with huge.open("wb") as f:
        f.truncate(transport.MAX_FILE + 1)  # sparse: no disk used
    with pytest.raises(InputError) as too_big:
        transport.read_files([huge])
    assert "太大" in too_big.value.zh
    with pytest.raises(InputError):
        SyncService(enrolled.station).enrol(b"x", STATION_PASS, admin)
    missing = tmp_path / "media" / "usb"
    with pytest.raises(InputError) as not_there:
        enrolled.sync.export_files(missing, enrolled.pairs)
    assert "U 盘" in not_there.value.zh and not missing.parent.exists()
    a_file = tmp_path / "a-file"
    a_file.write_bytes(b"")
    with pytest.raises(InputError):
        enrolled.sync.export_files(a_file, enrolled.pairs)
    written = enrolled.sync.export_files(tmp_path / "new-on-the-stick", enrolled.pairs)
    assert written and all(p.parent.name == "new-on-the-stick" for p in written)
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "x.tjsync").mkdir()  # the rename onto it fails
    with pytest.raises(EnvironmentProblem):
        transport.write_file(blocked / "x.tjsync", b"data")
    assert not (blocked / "x.tjsync.part").exists()


@pytest.mark.parametrize("url", ["https://127.0.0.1:99999", "https://h:0", "https://[::1",
                                 "https://10.0.0.5:8443/p?q=1", "ftp://h", "https://",
                                 "https://h x:1"])
def test_a_bad_county_address_is_refused_where_it_is_given(url: str) -> None:
    with pytest.raises(InputError) as caught:
        transport.check_url(url)
    assert "县级服务地址不对" in caught.value.zh


def test_a_good_county_address_passes() -> None:
    parts = transport.check_url("https://10.0.0.5:8443/tiaojie")
    assert (parts.hostname, parts.port, parts.path) == ("10.0.0.5", 8443, "/tiaojie")
