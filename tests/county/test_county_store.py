"""The county's ingest on both databases: SQLite (default) and a real PostgreSQL server."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from county.service import County, Refused
from desktop.domain.errors import InputError
from desktop.services import roster
from desktop.services.cases import CaseService
from desktop.services.station import Station
from desktop.services.sync_io import SyncService
from desktop.sync import envelope, keys

STATION_PASS = "station-pass-1"


@pytest.fixture(params=["sqlite", "postgresql"])
def county(request: pytest.FixtureRequest, tmp_path: Path) -> County:
    url = request.getfixturevalue("pg_db_url") if request.param == "postgresql" else None
    c = County.init(tmp_path / "county", county_id="370100", name="测试县劳动人事争议仲裁院",
                    url=None, passphrase="county-pass-1", db_url=url)
    c.add_station("S01", "王舍人街道调解中心", "test")
    yield c
    c.store.close()


def enrol_by_files(station: Station, county: County, admin: Any
                   ) -> tuple[SyncService, keys.KeyPairs]:
    sync = SyncService(station)
    request = sync.enrol(county.enrol_file("S01", "t"), STATION_PASS, admin)
    pairs = sync.unlock(STATION_PASS)
    sync.finish_enrol(county.enrol(request), pairs)
    return sync, pairs


def test_ingest_receipts_duplicates_gaps_and_export(county: County, station: Station,
                                                    admin: Any, mediator: Any,
                                                    single_doc: dict[str, Any],
                                                    tmp_path: Path) -> None:
    sync, pairs = enrol_by_files(station, county, admin)
    service = CaseService(station)
    names = ["张一", "李二", "王三"]
    for name in names:
        doc = copy.deepcopy(single_doc)
        doc["applicants"][0]["name"] = name
        service.register(doc, mediator)
        sync.build(pairs)
    envelopes = sync.outgoing()
    assert len(envelopes) == 3
    # Out of order: the last two are held until the first arrives.
    assert county.ingest(envelopes[2][1]).status == 202
    assert county.ingest(envelopes[1][1]).status == 202
    assert county.station("S01")["waiting_for"] == envelopes[0][0]
    receipts = [county.ingest(envelopes[0][1]).receipt]
    assert county.station("S01")["waiting_for"] is None
    # Held ones were applied; asking again returns their stored receipts.
    receipts += [county.ingest(d).receipt for _, d in envelopes[1:]]
    for receipt in receipts:
        assert receipt is not None
        sync.take_receipt(receipt, pairs)
    status = sync.status()
    assert status.pending == 0 and status.hashes_agree is True
    found = county.cases("李二")
    assert len(found) == 1 and found[0]["status"] == "registered"
    assert county.state_hash("S01") == status.local_hash
    # Garbage from a known station: quarantined with its reason, nothing applied.
    bad = bytearray(envelopes[0][1])
    bad[-3] ^= 1
    with pytest.raises(Refused) as caught:
        county.ingest(bytes(bad))
    assert caught.value.code == "bad_signature"
    assert county.quarantine()[0]["reason"]
    out = tmp_path / "cases.xlsx"
    assert county.export_cases(out, "xlsx") == 3
    csv_out = tmp_path / "cases.csv"
    assert county.export_cases(csv_out, "csv") == 3
    text = csv_out.read_text("utf-8-sig")
    assert "李二" in text and "王舍人" in text


def test_retry_from_quarantine_after_re_enrolment(county: County, station: Station,
                                                  admin: Any, mediator: Any,
                                                  single_doc: dict[str, Any]) -> None:
    sync, pairs = enrol_by_files(station, county, admin)
    CaseService(station).register(single_doc, mediator)
    sync.build(pairs)
    (_, data), = sync.outgoing()
    county.store.execute("UPDATE stations SET status = 'created' WHERE id = 'S01'")
    with pytest.raises(Refused) as caught:
        county.ingest(data)
    assert caught.value.code == "not_enrolled" and caught.value.quarantined
    qid = caught.value.quarantined
    # The station sending it again, a clerk retrying too soon: still the one item.
    with pytest.raises(Refused) as again:
        county.ingest(data)
    with pytest.raises(Refused) as retried:
        county.retry(qid, "clerk")
    assert again.value.quarantined == retried.value.quarantined == qid
    assert [q["id"] for q in county.quarantine()] == [qid]
    county.store.execute("UPDATE stations SET status = 'enrolled' WHERE id = 'S01'")
    answer = county.retry(qid, "clerk")
    assert answer.status == 200 and answer.receipt
    assert county.quarantine() == []
    assert len(county.cases()) == 1


def test_a_long_chinese_station_name_fits_its_certificate(county: County, station: Station,
                                                          admin: Any) -> None:
    """X.520 bounds a name at 64 UTF-8 bytes (21 Chinese characters): a longer station name
    is cut at a character, the certificate still issued, its suffix kept."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    long_name = "济南市历城区王舍人街道劳动人事争议调解中心第二调解室（驻工业园区）"
    county.store.execute("UPDATE stations SET name = ? WHERE id = 'S01'", [long_name])
    sync, _pairs = enrol_by_files(station, county, admin)
    st = county.station("S01")
    cert = x509.load_pem_x509_certificate(st["cert_pem"].encode("ascii"))
    org = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    common = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert isinstance(org, str) and isinstance(common, str)
    assert long_name.startswith(org) and len(org.encode("utf-8")) <= 64 < len(org.encode()) + 3
    assert common.endswith(" 文书签名") and len(common.encode("utf-8")) <= 64
    assert sync.status().enrolled


def test_five_wrong_passwords_lock_a_clerk_login(county: County) -> None:
    from desktop.domain.errors import AuthError

    county.add_clerk("li", "李书记", "clerk", "right-password-2026", "test")
    county.login("li", "right-password-2026")
    for _ in range(5):
        with pytest.raises(AuthError) as wrong:
            county.login("li", "wrong")
        assert wrong.value.zh == "用户名或密码不对"
    with pytest.raises(AuthError) as locked:
        county.login("li", "right-password-2026")  # even the right one, for 15 minutes
    assert "已锁定" in locked.value.zh
    actions = [r["action"] for r in county.store.rows(
        "SELECT action FROM audit WHERE actor = 'li' ORDER BY id")]
    assert actions[-1] == "login.locked" and actions.count("login.failed") == 5
    # The window passes (the failures are older than 15 minutes): the right one works.
    county.store.execute("UPDATE audit SET at = '2020-01-01T00:00:00+00:00'"
                         " WHERE actor = 'li' AND action = 'login.failed'")
    assert county.login("li", "right-password-2026")["login"] == "li"


def test_records_are_stored_as_the_canonical_text_their_hash_was_checked_over(
        county: County, station: Station, admin: Any, mediator: Any,
        single_doc: dict[str, Any]) -> None:
    sync, pairs = enrol_by_files(station, county, admin)
    roster.add_mediator(station, admin, "王建国")
    registered = CaseService(station).register(single_doc, mediator)
    sync.build(pairs)
    for _, data in sync.outgoing():
        assert county.ingest(data).status == 200
    stored = county.store.rows("SELECT type, uid, hash, data FROM records WHERE station = 'S01'")
    assert {r["type"] for r in stored} == {"case", "mediator", "organisation"}
    for row in stored:
        value = json.loads(row["data"])
        assert row["data"].encode("utf-8") == envelope.canonical(value)
        assert envelope.sha256_hex(row["data"].encode("utf-8")) == row["hash"]
        # What was stored before: the parsed (canonical, so key-sorted) data dumped again.
        assert row["data"] == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # Its readers: a case as the console shows it, and the export.
    uid = station.read().execute("SELECT uid FROM cases WHERE pk = ?",
                                 [registered.case_pk]).fetchone()[0]
    case = county.case("S01", uid)
    assert case["data"]["case_no"] == registered.case_no
    assert [p["name"] for p in case["data"]["parties"]] == [
        p["name"] for p in single_doc["applicants"] + single_doc["respondents"]]


def test_unauthenticated_envelopes_share_one_quarantine_item(county: County,
                                                              station: Station, admin: Any,
                                                              mediator: Any,
                                                              single_doc: dict[str, Any]
                                                              ) -> None:
    """Anybody can send an envelope naming a station: one that fails its signature, or
    names a station whose key the county does not hold yet, is kept as its header only,
    and all of them share one open item per station — they cannot fill the quarantine."""
    county.add_station("S02", "华山街道调解中心", "test")
    forged = keys.KeyPairs.generate()
    for seq in (1, 2, 3):  # no key at the county for S02 yet
        data = envelope.seal(kind="batch", county=county.id, station="S02", seq=seq,
                             message_id=f"m{seq}", created="2026-12-06T00:00:00Z",
                             meta={}, payload=b"{}" * 1000, sender=forged.sign,
                             recipient=county.pairs.box.public_key())
        with pytest.raises(Refused):
            county.ingest(data)
    sync, pairs = enrol_by_files(station, county, admin)
    CaseService(station).register(single_doc, mediator)
    sync.build(pairs)
    (_, real), = sync.outgoing()
    for flip in (-3, -4):  # the real station's envelope, damaged: a bad signature
        bad = bytearray(real)
        bad[flip] ^= 1
        with pytest.raises(Refused):
            county.ingest(bytes(bad))
    items = county.quarantine()
    assert sorted(q["station"] for q in items) == ["S01", "S02"]
    assert all(len(county.quarantined(q["id"])["envelope"] or b"") == 0 for q in items)
    assert county.ingest(real).status == 200  # the real one is not held back by them


def test_a_second_county_cannot_take_over_a_database(county: County, tmp_path: Path) -> None:
    """Two counties on one database would sign one station's downlink with two keys."""
    url = county.store.url if county.store.dialect == "postgresql" else str(
        county.home / "county.db")
    with pytest.raises(InputError) as caught:
        County.init(tmp_path / "second", county_id="370199", name="另一个县", url=None,
                    passphrase="county-pass-2", db_url=url)
    assert "已经属于" in caught.value.zh
    assert not (tmp_path / "second" / "keys").exists()
