"""The stored test vectors (tests/sync/vectors/, docs/sync-protocol.md §11) still open with
today's code, byte for byte.  The vectors are read, never regenerated: a change to the wire
format shows up here as a failure, not as a silently new vector."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop.sync import batches, envelope
from desktop.sync.envelope import EnvelopeError

VECTORS = Path(__file__).resolve().parent / "vectors"


def _text(name: str) -> str:
    return (VECTORS / name).read_text(encoding="utf-8")


def _json(name: str) -> Any:
    return json.loads(_text(name))


@cache
def envelope_bytes() -> bytes:
    return bytes.fromhex("".join(_text("batch-envelope.hex").split()))


def header_bytes() -> bytes:
    return _text("batch-header.json").removesuffix("\n").encode("utf-8")


def payload_bytes() -> bytes:
    return _text("batch-payload.json").removesuffix("\n").encode("utf-8")


def private(name: str) -> bytes:
    return bytes.fromhex(_json("keys.json")[name]["private_hex"])


def station_sign() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(private("station_sign"))


def county_box() -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(private("county_box"))


def test_the_keys_file_names_the_right_public_keys_and_ids() -> None:
    doc = _json("keys.json")
    for name, kind in (("station_sign", Ed25519PrivateKey), ("county_sign", Ed25519PrivateKey),
                       ("station_box", X25519PrivateKey), ("county_box", X25519PrivateKey)):
        entry = doc[name]
        assert bytes.fromhex(entry["private_hex"]) == hashlib.sha256(
            entry["label"].encode("ascii")).digest()
        public = kind.from_private_bytes(bytes.fromhex(entry["private_hex"])).public_key()
        assert envelope.raw_public(public).hex() == entry["public_hex"]
        assert envelope.key_id(public) == entry["key_id"] == hashlib.sha256(
            bytes.fromhex(entry["public_hex"])).hexdigest()[:16]


def test_the_stored_envelope_has_the_documented_layout() -> None:
    data, layout = envelope_bytes(), _json("batch-layout.json")
    assert len(data) == layout["total_len"]
    assert data[:8] == envelope.MAGIC == b"TJSYNC\x00\x01"
    assert data[:8].hex() == layout["magic_hex"]
    hlen = int.from_bytes(data[8:12], "big")
    assert hlen == layout["hlen"] == len(header_bytes())
    assert data[slice(*layout["header"])] == header_bytes()
    assert data[slice(*layout["signature"])].hex() == layout["signature_hex"]
    sealed = data[slice(*layout["sealed"])]
    assert hashlib.sha256(sealed).hexdigest() == layout["sealed_sha256"]
    assert sealed[:32].hex() == layout["enc_hex"]
    assert envelope.SIG_CONTEXT == b"tiaojie-sync-v1 signature\x00"
    assert envelope.INFO_CONTEXT == b"tiaojie-sync-v1 hpke\x00"


def test_the_stored_envelope_parses_to_the_stored_header() -> None:
    env = envelope.parse(envelope_bytes())
    assert env.header_bytes == header_bytes()
    assert env.header == json.loads(header_bytes())
    keys = _json("keys.json")
    assert env.header["sender_key"] == keys["station_sign"]["key_id"]
    assert env.header["recipient_key"] == keys["county_box"]["key_id"]
    assert env.header["sealed_len"] == len(env.sealed)
    assert env.header["sealed_sha256"] == hashlib.sha256(env.sealed).hexdigest()
    assert env.header["payload_len"] == len(payload_bytes())
    assert (env.kind, env.seq, env.header["v"]) == ("batch", 1, 1)


def test_it_verifies_with_the_station_key_and_decrypts_to_the_stored_payload() -> None:
    env = envelope.parse(envelope_bytes())
    envelope.verify(env, station_sign().public_key())
    assert envelope.decrypt(env, county_box()) == payload_bytes()
    opened_env, payload = envelope.open_envelope(envelope_bytes(), station_sign().public_key(),
                                                 county_box())
    assert payload == payload_bytes()
    assert hashlib.sha256(payload).hexdigest() == _json("batch-layout.json")["payload_sha256"]


def test_the_signed_message_and_hpke_info_are_the_documented_bytes() -> None:
    env, layout = envelope.parse(envelope_bytes()), _json("batch-layout.json")
    signed = envelope.SIG_CONTEXT + env.header_bytes + hashlib.sha256(env.sealed).digest()
    assert signed.hex() == layout["signed_message_hex"]
    # Ed25519 is deterministic: the fixed key signs these bytes to the stored signature.
    assert station_sign().sign(signed) == env.signature
    blank = envelope.canonical({**env.header, "sealed_sha256": ""})
    assert (envelope.INFO_CONTEXT + blank).hex() == layout["hpke_info_hex"]
    assert envelope._info(env.header) == envelope.INFO_CONTEXT + blank
    # The zstd frame inside is the informative one stored beside.
    frame = envelope._SUITE.decrypt(env.sealed, county_box(), info=envelope.INFO_CONTEXT + blank)
    assert frame.hex() == layout["compressed_hex"]


def test_an_independent_rfc9180_open_and_zstd_read_the_vector() -> None:
    """The body is plain RFC 9180 single-shot base mode (empty aad) around one zstd frame:
    the test suite's own from-primitives HPKE (not the library) opens it."""
    import zstandard

    from tests.sync.test_hpke_rfc9180 import open_single
    env = envelope.parse(envelope_bytes())
    info = bytes.fromhex(_json("batch-layout.json")["hpke_info_hex"])
    frame = open_single(county_box(), info, b"", env.sealed)
    assert zstandard.ZstdDecompressor().decompress(frame) == payload_bytes()


def test_the_wrong_keys_are_refused_with_their_codes() -> None:
    env = envelope.parse(envelope_bytes())
    county_sign = Ed25519PrivateKey.from_private_bytes(private("county_sign"))
    station_box = X25519PrivateKey.from_private_bytes(private("station_box"))
    with pytest.raises(EnvelopeError) as caught:
        envelope.verify(env, county_sign.public_key())
    assert caught.value.code == envelope.BAD_SIGNATURE
    with pytest.raises(EnvelopeError) as caught:
        envelope.decrypt(env, station_box)
    assert caught.value.code == envelope.WRONG_RECIPIENT


def test_the_payload_is_the_batch_of_the_stored_records() -> None:
    doc = envelope.json_payload(payload_bytes())
    assert envelope.canonical(doc) == payload_bytes()
    info, records = batches.parse_batch(doc)
    assert info == {"batch": "0b8f5a52-3c1e-4d7a-a6b9-2e4f60718293", "part": 1, "parts": 1,
                    "epochs": [0, 3], "audit_head": doc["audit_head"], "full": False}
    stored = _json("records.json")
    assert len(records) == len(stored) == 2
    for record, expected in zip(records, stored, strict=True):
        canonical_data = envelope.canonical(record.data)
        assert canonical_data.hex() == expected["canonical_data_hex"]
        assert record.hash == expected["hash"] == hashlib.sha256(canonical_data).hexdigest()
        assert record.manifest == [expected["type"], expected["uid"], expected["version"],
                                   expected["hash"]]
        assert batches.Record.of(expected["type"], expected["uid"], expected["version"],
                                 expected["deleted"], expected["data"]) == record
    assert json.loads(header_bytes())["meta"] == {"batch": info["batch"], "part": 1, "parts": 1,
                                                  "records": 2}


def test_the_stored_payload_is_built_again_byte_for_byte() -> None:
    """``batch_payload`` joins the records' kept canonical bytes: the stored payload again."""
    doc = envelope.json_payload(payload_bytes())
    records = [batches.Record.of(r["type"], r["uid"], r["version"], r["deleted"], r["data"])
               for r in _json("records.json")]
    assert [r.to_canonical() for r in records] == [envelope.canonical(r.to_json())
                                                   for r in records]
    assert batches.batch_payload(records, batch=doc["batch"], part=doc["part"],
                                 parts=doc["parts"], epochs=tuple(doc["epochs"]),
                                 audit_head=doc["audit_head"], full=doc["full"]
                                 ) == payload_bytes()
    _, parsed = batches.parse_batch(doc)
    assert [r.canonical_data for r in parsed] == [r.canonical_data for r in records]


def test_the_state_hash_of_the_stored_rows() -> None:
    doc = _json("state-hash.json")
    rows = [tuple(r) for r in doc["rows"]]
    assert batches.state_hash(rows) == doc["state_hash"]
    assert batches.state_hash(reversed(rows)) == doc["state_hash"]
    assert hashlib.sha256(doc["hashed_text"].encode("utf-8")).hexdigest() == doc["state_hash"]
    assert batches.state_hash([]) == doc["empty_state_hash"]


def test_canonical_json_cases() -> None:
    for case in _json("canonical-json.json"):
        assert envelope.canonical(case["value"]).hex() == case["canonical_hex"]


def _refused(data: bytes) -> None:
    """``data`` must not open: a protocol error, and never a payload."""
    with pytest.raises(EnvelopeError):
        envelope.open_envelope(data, station_sign().public_key(), county_box())


@pytest.mark.parametrize("mask", [0x01, 0x80, 0xFF])
def test_flipping_any_single_byte_is_refused(mask: int) -> None:
    data = envelope_bytes()
    sign_public, box = station_sign().public_key(), county_box()
    for i in range(len(data)):
        damaged = bytearray(data)
        damaged[i] ^= mask
        try:
            envelope.open_envelope(bytes(damaged), sign_public, box)
        except EnvelopeError:
            continue
        raise AssertionError(f"byte {i} ^ {mask:#04x} was accepted")


def test_truncated_or_extended_envelopes_are_refused() -> None:
    data = envelope_bytes()
    for cut in (0, 7, 8, 12, 100, len(data) - 65, len(data) - 1):
        _refused(data[:cut])
    _refused(data + b"\x00")
    _refused(data + data)
