"""Station and county end to end over HTTPS on loopback: enrolment, push with receipts,
drift, revocation, and every refusal of bad input."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from county.service import County, Refused
from desktop.documents import signing
from desktop.domain.errors import AuthError, InputError
from desktop.services.cases import CaseService
from desktop.services.sync import Revoked
from desktop.services.sync_io import SyncService
from desktop.storage import sync as repo
from desktop.sync import batches, envelope, keys, transport
from tests.sync.conftest import (
    STATION_ID,
    STATION_PASS,
    Enrolled,
    Served,
    county_versions,
    delegated_case,
)


def test_enrol_push_receipt_and_drift_agree(enrolled: Enrolled, served: Served,
                                            single_doc: dict[str, Any], mediator: Any) -> None:
    sync, pairs = enrolled.sync, enrolled.pairs
    st = sync.state()
    assert st is not None and st["status"] == "enrolled"
    # The county's certificate now signs documents, and verification trusts its CA.
    identity = signing.ensure_identity(enrolled.station.paths.root, "x")
    assert not identity.self_issued
    roots = signing.county_roots(enrolled.station.paths.root)
    assert [r.strip() for r in roots] == [served.county.ca_pem.encode().strip()]

    registered = CaseService(enrolled.station).register(single_doc, mediator)
    result = sync.push(pairs)
    assert result.built >= 1 and result.receipted == result.sent >= 1
    status = sync.status()
    assert status.pending == 0 and status.changes == 0
    assert status.hashes_agree is True
    assert status.local_hash == served.county.state_hash(STATION_ID)
    assert registered.case_id in county_versions(served.county)
    # Receipts are kept, envelope bytes dropped.
    rows = served.county.store.rows("SELECT seq FROM messages WHERE station = ?", [STATION_ID])
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    with enrolled.station.snapshot() as db:
        kept = db.execute("SELECT count(*), count(envelope), count(receipt) FROM sync_out"
                          ).fetchone()
    assert kept[0] == kept[2] and kept[1] == 0
    # Nothing changed: nothing is built.
    assert sync.push(pairs).built == 0


def test_resending_is_a_no_op_and_a_reused_sequence_is_quarantined(
        enrolled: Enrolled, served: Served, single_doc: dict[str, Any], mediator: Any) -> None:
    sync, pairs, county = enrolled.sync, enrolled.pairs, served.county
    CaseService(enrolled.station).register(single_doc, mediator)
    sync.build(pairs)
    (seq, data), = sync.outgoing()[-1:]
    first = county.ingest(data)
    again = county.ingest(data)
    assert first.status == again.status == 200 and again.duplicate
    assert again.receipt == first.receipt
    # The same sequence number with other content: a replay or a copied station folder.
    st = sync.state()
    assert st is not None
    other = envelope.seal(kind="batch", county="370100", station=STATION_ID, seq=seq,
                          message_id="another", created="2026-11-22T00:00:00+00:00", meta={},
                          payload=batches.batch_payload([], batch="b", part=1, parts=1,
                                                        epochs=(0, 0), audit_head=""),
                          sender=pairs.sign, recipient=county.public.box)
    with pytest.raises(Refused) as caught:
        county.ingest(other)
    assert caught.value.code == "conflict" and caught.value.status == 409
    assert caught.value.quarantined is not None
    assert county.quarantined(caught.value.quarantined)["code"] == "conflict"


def test_a_gap_is_held_and_applied_when_filled(enrolled: Enrolled, served: Served,
                                               single_doc: dict[str, Any],
                                               mediator: Any) -> None:
    sync, pairs, county = enrolled.sync, enrolled.pairs, served.county
    service = CaseService(enrolled.station)
    first = service.register(single_doc, mediator)
    sync.build(pairs)
    second_doc = copy.deepcopy(single_doc)
    second_doc["applicants"][0]["name"] = "钱多多"
    second = service.register(second_doc, mediator)
    sync.build(pairs)
    (s1, d1), (s2, d2) = sync.outgoing()
    held = county.ingest(d2)
    assert held.status == 202 and held.expected == s1
    assert second.case_id not in county_versions(county)
    assert county.ingest(d1).status == 200
    versions = county_versions(county)
    assert first.case_id in versions and second.case_id in versions
    assert county.station(STATION_ID)["up_next"] == s2 + 1
    # The station sends both again: each is a duplicate answered with its receipt.
    result = sync.push(pairs)
    assert result.receipted == 2 and result.duplicates == 2


def tampered(data: bytes, where: int) -> bytes:
    raw = bytearray(data)
    raw[where] ^= 0x01
    return bytes(raw)


def test_bad_envelopes_are_refused_with_reasons_and_nothing_applied(
        enrolled: Enrolled, served: Served, single_doc: dict[str, Any], mediator: Any,
        tmp_path: Any) -> None:
    sync, pairs, county = enrolled.sync, enrolled.pairs, served.county
    CaseService(enrolled.station).register(single_doc, mediator)
    sync.build(pairs)
    (_seq, data), = sync.outgoing()
    parsed = envelope.parse(data)
    body_at = len(data) - len(parsed.sealed)
    stranger = keys.KeyPairs.generate()

    def sealed(payload: bytes, **over: Any) -> bytes:
        args = dict(kind="batch", county="370100", station=STATION_ID, seq=parsed.seq,
                    message_id="m-" + str(len(payload)), created="2026-11-22T00:00:00+00:00",
                    meta={}, payload=payload, sender=pairs.sign, recipient=county.public.box)
        args.update(over)
        return envelope.seal(**args)  # type: ignore[arg-type]

    cases = {
        "tampered body": (tampered(data, body_at + 40), "bad_signature", True),
        "bad signature": (tampered(data, body_at - 10), "bad_signature", True),
        "truncated": (data[:-7], "malformed", False),
        "not an envelope": (b"PK\x03\x04 not ours", "malformed", False),
        "another county": (sealed(b"{}", county="110100"), "wrong_county", True),
        "signed by a stranger": (sealed(b"{}", sender=stranger.sign), "bad_signature", True),
        "for another recipient": (sealed(b"{}", recipient=stranger.box.public_key()),
                                  "wrong_recipient", True),
        "malformed content": (sealed(json.dumps({"format": 1, "records": "x"}).encode()),
                              "malformed", True),
        "a record whose hash lies": (sealed(batches.batch_payload(
            [batches.Record("case", "u-1", 1, False, {"a": 1}, "0" * 64)], batch="b", part=1,
            parts=1, epochs=(0, 1), audit_head="")), "malformed", True),
        "unknown station": (sealed(b"{}", station="S99"), "unknown_station", False),
    }
    before = county.state_hash(STATION_ID)
    for name, (bad, code, quarantined) in cases.items():
        with pytest.raises(Refused) as caught:
            county.ingest(bad)
        assert caught.value.code == code, name
        assert (caught.value.quarantined is not None) == quarantined, name
        assert caught.value.zh and caught.value.en, name
    assert county.state_hash(STATION_ID) == before == batches.state_hash([])
    reasons = {q["code"] for q in county.quarantine()}
    assert {"bad_signature", "wrong_county", "malformed", "wrong_recipient"} <= reasons
    # Over HTTP too: an oversized body is refused before it is read, with JSON.
    link = transport.HttpsTransport(served.url, county.config["tls_sha256"], attempts=1)
    big = link.post("/v1/up", b"x" * (envelope.MAX_SEALED + envelope.MAX_HEADER + 200))
    assert big.status == 413 and big.json()["error"] == "too_large"
    refused = link.post("/v1/up", tampered(data, body_at + 40))
    assert refused.status == 400 and refused.json()["error"] == "bad_signature"
    # The real envelope still goes through afterwards.
    assert sync.push(pairs).receipted == 1


def test_pinned_certificate_mismatch_stops_before_sending(enrolled: Enrolled,
                                                          served: Served) -> None:
    link = transport.HttpsTransport(served.url, "0" * 64, attempts=1)
    with pytest.raises(transport.PinMismatch) as caught:
        link.get("/v1/health")
    assert "证书" in caught.value.zh


def test_contact_and_errors_follow_the_last_exchange(enrolled: Enrolled, served: Served
                                                     ) -> None:
    """An exchange that carries nothing still counts as contact and clears the last error;
    the automatic sync's quick look says whether the county is there, without retrying."""
    sync, pairs = enrolled.sync, enrolled.pairs
    sync.station.write(lambda db: repo.update_state(db, last_contact="2026-01-01T00:00:00Z",
                                                    last_error="无法连接县级服务"))
    assert sync.reachable()
    assert sync.pull(pairs).received == 0  # nothing there: 204, then the down-receipt
    status = sync.status()
    assert status.last_error is None and status.last_contact > "2026-01-02"
    served.stop()
    assert not sync.reachable()
    with pytest.raises(transport.Unreachable):
        sync.pull(pairs, sync.https(attempts=1))
    status = sync.status()
    assert status.last_error and "无法连接" in status.last_error


def test_revoked_station_is_locked_out(enrolled: Enrolled, served: Served,
                                       single_doc: dict[str, Any], mediator: Any,
                                       admin: Any) -> None:
    CaseService(enrolled.station).register(single_doc, mediator)
    enrolled.sync.push(enrolled.pairs)
    served.county.revoke(STATION_ID, "设备丢失", "admin")
    doc = copy.deepcopy(single_doc)
    doc["applicants"][0]["name"] = "周小川"
    CaseService(enrolled.station).register(doc, mediator)
    with pytest.raises(Revoked):
        enrolled.sync.push(enrolled.pairs)
    status = enrolled.sync.status()
    assert status.status == "revoked" and status.pending == 1  # kept, not lost
    with pytest.raises(Revoked):
        enrolled.sync.push(enrolled.pairs)
    assert served.county.quarantine()[0]["code"] == "revoked"
    # Enrolled again under a new id: everything goes up again; old receipts are archived.
    served.county.add_station("S02", "王舍人街道调解中心（新）", "admin")
    request = enrolled.sync.enrol(served.county.enrol_file("S02", "admin"), STATION_PASS, admin)
    pairs = enrolled.sync.unlock(STATION_PASS)
    enrolled.sync.enrol_online(request, pairs)
    assert enrolled.sync.push(pairs).receipted == 1
    assert enrolled.sync.status().hashes_agree is True
    assert len(county_versions(served.county, "S02")) == 2
    with enrolled.station.snapshot() as db:
        assert db.execute("SELECT count(*) FROM sync_archive WHERE station = 'S01'"
                          ).fetchone()[0] == 1


def test_drift_is_found_and_a_full_resend_repairs_it(enrolled: Enrolled, served: Served,
                                                     single_doc: dict[str, Any], mediator: Any,
                                                     admin: Any) -> None:
    sync, pairs, county = enrolled.sync, enrolled.pairs, served.county
    CaseService(enrolled.station).register(single_doc, mediator)
    sync.push(pairs)
    county.store.execute("DELETE FROM records WHERE station = ?", [STATION_ID])
    county.store.execute("UPDATE stations SET state_hash = NULL")
    # The next receipt carries the county's (now different) state hash.
    doc = copy.deepcopy(single_doc)
    doc["applicants"][0]["name"] = "孙小美"
    CaseService(enrolled.station).register(doc, mediator)
    sync.push(pairs)
    assert sync.status().hashes_agree is False
    sync.request_full_resend(admin)
    sync.push(pairs)
    status = sync.status()
    assert status.hashes_agree is True
    with enrolled.station.snapshot() as db:
        local = {uid: v for t, uid, v in repo.state_rows(db) if t == "case"}
    assert county_versions(county) == local and len(local) == 2


def test_wrong_passphrase_and_double_enrolment_are_refused(enrolled: Enrolled,
                                                           served: Served, admin: Any) -> None:
    with pytest.raises(AuthError):
        enrolled.sync.unlock("not-the-passphrase")
    with pytest.raises(InputError) as caught:
        enrolled.sync.enrol(served.county.enrol_file(STATION_ID, "t"), STATION_PASS, admin)
    assert "已注册" in caught.value.zh


def test_enrolment_token_is_one_time(station: Any, county: County, admin: Any) -> None:
    sync = SyncService(station)
    enrol_file = county.enrol_file(STATION_ID, "t")
    request = sync.enrol(enrol_file, STATION_PASS, admin)
    answer = county.enrol(request)
    # The same request again (its answer lost on the way) gets the same answer ...
    assert county.enrol(request) == answer
    # ... but another request with the same token is refused: the token is spent.
    from desktop.sync import enrolment
    info = enrolment.read_enrol_file(enrol_file)
    thief = keys.KeyPairs.generate()
    other = envelope.seal(
        kind="enrol", county="370100", station=STATION_ID, seq=0, message_id="other",
        created="2026-11-22T00:00:00+00:00", meta={}, sender=thief.sign,
        recipient=county.public.box, payload=enrolment.request_payload(
            token=info["token"], keys=thief.public, install_id="other", org={},
            csr_pem=_csr()))
    with pytest.raises(Refused) as caught:
        county.enrol(other)
    assert caught.value.code == "bad_token"
    sync.finish_enrol(county.enrol(request), sync.unlock(STATION_PASS))


def _csr() -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, "thief")])).sign(key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


def test_attachments_travel_as_checked_blobs(enrolled: Enrolled, served: Served,
                                             single_doc: dict[str, Any], mediator: Any,
                                             tmp_path: Any) -> None:
    from desktop.services import attachments
    registered = CaseService(enrolled.station).register(single_doc, mediator)
    scan = tmp_path / "工资条.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 5000)  # > one chunk
    attachments.attach_file(enrolled.station, registered.case_no, scan, mediator)
    enrolled.sync.push(enrolled.pairs)
    import hashlib
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    blob = served.county.store.one("SELECT complete, total FROM blobs WHERE sha256 = ?",
                                   [digest])
    assert blob == {"complete": 1, "total": scan.stat().st_size}
    # A second push does not send the file again.
    assert enrolled.sync.push(enrolled.pairs).built == 0


def test_a_damaged_chunk_from_elsewhere_does_not_stay(enrolled: Enrolled, served: Served,
                                                      single_doc: dict[str, Any],
                                                      mediator: Any, tmp_path: Any) -> None:
    """Chunks are shared by every station sending the same file; a damaged chunk already
    there (another station's) makes the joined file fail its hash: the envelope is refused
    and quarantined, and the damaged chunks are dropped rather than kept to spoil the
    file for everyone after."""
    import hashlib

    from desktop.services import attachments
    county = served.county
    registered = CaseService(enrolled.station).register(single_doc, mediator)
    scan = tmp_path / "工资条.pdf"
    scan.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 5000)  # > one chunk
    attachments.attach_file(enrolled.station, registered.case_no, scan, mediator)
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    size = scan.stat().st_size
    county.store.execute("INSERT INTO blobs (sha256, total, complete) VALUES (?, ?, 0)",
                         [digest, size])
    county.store.execute("INSERT INTO blob_chunks (sha256, offset_, data) VALUES (?, 0, ?)",
                         [digest, b"X" * batches.CHUNK_BYTES])
    with pytest.raises(transport.CountyRefused):
        enrolled.sync.push(enrolled.pairs)
    [item] = county.quarantine()
    assert "does not match its hash" in item["reason"]
    assert county.store.rows("SELECT offset_ FROM blob_chunks WHERE sha256 = ?", [digest]) == []


def test_a_replaced_station_enrols_again_and_gets_undelivered_downlink(
        enrolled: Enrolled, served: Served, single_doc: dict[str, Any], mediator: Any,
        admin: Any, paths: Any, tmp_path: Any, station_template: Any) -> None:
    """The station's PC is replaced: a fresh install enrols under the same id; numbering
    starts again and a delegation the old install never fetched comes down to the new one."""
    import shutil

    from desktop.paths import Paths
    from desktop.services.station import open_station
    county = served.county
    CaseService(enrolled.station).register(single_doc, mediator)
    enrolled.sync.push(enrolled.pairs)
    county.delegate(STATION_ID, delegated_case(), "clerk")
    fresh_paths = Paths(tmp_path / "new-pc")
    shutil.copytree(station_template, fresh_paths.root)
    fresh = open_station(fresh_paths, accept_location=True)
    try:
        sync = SyncService(fresh)
        request = sync.enrol(county.enrol_file(STATION_ID, "admin"), STATION_PASS, admin)
        pairs = sync.unlock(STATION_PASS)
        sync.enrol_online(request, pairs)
        assert sync.pull(pairs).applied == 1
        assert sync.push(pairs).receipted == 1  # seq 1 again, in the new generation
        assert county.station(STATION_ID)["gen"] == 2
        inbox = county.inbox()
        assert len(inbox) == 2  # both generations' logs are kept
        # The old install is locked out: its keys are no longer the station's.
        CaseService(enrolled.station).register(single_doc, mediator)
        with pytest.raises(transport.CountyRefused) as caught:
            enrolled.sync.push(enrolled.pairs)
        assert caught.value.code == "bad_signature"
    finally:
        fresh.close()


def test_a_bad_held_envelope_does_not_block_the_one_filling_the_gap(
        enrolled: Enrolled, served: Served, single_doc: dict[str, Any], mediator: Any) -> None:
    sync, pairs, county = enrolled.sync, enrolled.pairs, served.county
    CaseService(enrolled.station).register(single_doc, mediator)
    sync.build(pairs)
    (seq, data), = sync.outgoing()
    bad_next = envelope.seal(kind="batch", county="370100", station=STATION_ID, seq=seq + 1,
                             message_id="bad", created="2026-11-22T00:00:00+00:00", meta={},
                             payload=b'{"format": 1, "records": 7}', sender=pairs.sign,
                             recipient=county.public.box)
    assert county.ingest(bad_next).status == 202
    answer = county.ingest(data)
    assert answer.status == 200
    assert [q["code"] for q in county.quarantine()] == ["malformed"]
    assert county.station(STATION_ID)["up_next"] == seq + 1


def test_a_county_that_lost_receipted_envelopes_gets_everything_again(
        enrolled: Enrolled, served: Served, single_doc: dict[str, Any], mediator: Any) -> None:
    """The county restored an old backup: it expects envelope 1 again, which the station
    already holds a receipt for — the station sends its whole state as a restart."""
    sync, pairs, county = enrolled.sync, enrolled.pairs, served.county
    service = CaseService(enrolled.station)
    service.register(single_doc, mediator)
    sync.push(pairs)
    county.store.execute("DELETE FROM messages")
    county.store.execute("DELETE FROM records")
    county.store.execute("UPDATE stations SET up_next = 1, state_hash = NULL")
    doc = copy.deepcopy(single_doc)
    doc["applicants"][0]["name"] = "吴用"
    service.register(doc, mediator)
    result = sync.push(pairs)
    assert result.receipted >= 1
    status = sync.status()
    assert status.pending == 0 and status.hashes_agree is True
    assert len(county_versions(county)) == 2
    assert county.quarantine() == []


def test_a_full_resend_removes_what_the_station_no_longer_has(
        enrolled: Enrolled, served: Served, single_doc: dict[str, Any], mediator: Any,
        admin: Any) -> None:
    sync, pairs, county = enrolled.sync, enrolled.pairs, served.county
    CaseService(enrolled.station).register(single_doc, mediator)
    sync.push(pairs)
    county.store.execute(
        "INSERT INTO records (station, type, uid, version, deleted, hash, data, received_at)"
        " VALUES (?, 'case', 'ghost', 99, 0, 'x', '{}', 'then')", [STATION_ID])
    county.store.execute("UPDATE records SET version = version + 50 WHERE uid != 'ghost'")
    assert county.state_hash(STATION_ID) != sync.status().local_hash
    sync.request_full_resend(admin)
    sync.push(pairs)
    assert sync.status().hashes_agree is True
    assert "ghost" not in county_versions(county)


def test_an_expired_enrolment_file_is_refused(station: Any, county: County, admin: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    data = county.enrol_file(STATION_ID, "t", days=-1)
    with pytest.raises(InputError) as caught:
        SyncService(station).enrol(data, STATION_PASS, admin)
    assert "过期" in caught.value.zh
