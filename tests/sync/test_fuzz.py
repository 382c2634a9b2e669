"""Property tests of the sync parsers (docs/sync-protocol.md §2–§7).

Whatever bytes or JSON arrive, a parser refuses with the protocol's own error
(:class:`~desktop.sync.envelope.EnvelopeError`, or ``InputError`` for an enrolment file) and
never with another exception; a damaged envelope never opens to a payload the sender did
not seal; sealing and opening give the payload back; the state hash ignores row order.
"""

from __future__ import annotations

import json
import struct
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.domain.errors import InputError
from desktop.sync import batches, enrolment, envelope
from desktop.sync.envelope import EnvelopeError
from desktop.sync.keys import KeyPairs

# Modest and reproducible: the whole file runs in well under 20 s.
FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(FUZZ, max_examples=50)  # where generating one example is the slow part

STATION, COUNTY = KeyPairs.generate(), KeyPairs.generate()
PAYLOAD = batches.batch_payload(
    [batches.Record.of("case", "c-1", 3, False, {"case_no": "（2026）调字第 1 号", "n": 1}),
     batches.Record.of("mediator", "m-1", 2, True, {"name": "李四"})],
    batch="b-1", part=1, parts=1, epochs=(0, 3), audit_head="ab" * 32)
VALID = envelope.seal(kind="batch", county="370100", station="S01", seq=1, message_id="m-1",
                      created="2026-11-22T08:30:00+00:00",
                      meta={"batch": "b-1", "part": 1, "parts": 1, "records": 2},
                      payload=PAYLOAD, sender=STATION.sign, recipient=COUNTY.box.public_key())
VALID_ENV = envelope.parse(VALID)

# -- strategies -----------------------------------------------------------------------------

# What json.loads can hand a parser: note NaN and ±Infinity (Python's json reads them), lone
# surrogates (from "\ud800" escapes) and integers of any size.
json_scalars = (st.none() | st.booleans() | st.integers() | st.floats()
                | st.text(alphabet=st.characters(codec=None), max_size=20))
json_values = st.recursive(
    json_scalars,
    lambda children: (st.lists(children, max_size=5)
                      | st.dictionaries(st.text(max_size=10), children, max_size=5)),
    max_leaves=10)
# What a well-behaved sender can write (canonical JSON allows no NaN and no surrogates).
finite_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63) | st.floats(allow_nan=False,
                                                                        allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (st.lists(children, max_size=4)
                      | st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=10)


def docs_with(keys: list[str], **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict]:
    """Dicts that mostly have the parser's own keys (valid or not) and arbitrary others."""
    valid = st.fixed_dictionaries({}, optional={k: v | json_values for k, v in fields.items()})
    other = st.dictionaries(st.sampled_from(keys) | st.text(max_size=8), json_values,
                            max_size=6)
    return st.builds(lambda a, b: {**b, **a}, valid, other) | other


_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
uids = st.builds(str.__add__, st.sampled_from(_ALNUM),
                 st.text(alphabet=_ALNUM + "._:-", max_size=12))
hex64 = st.binary(min_size=32, max_size=32).map(bytes.hex)


@st.composite
def records(draw: st.DrawFn) -> Any:
    """Record-like values: often with every field right but the data arbitrary, so the hash
    check (canonical JSON of arbitrary data) is reached."""
    data = draw(st.dictionaries(st.text(max_size=8), json_values, max_size=4))
    rec: dict[str, Any] = {"type": draw(st.sampled_from(batches.RECORD_TYPES)),
                           "uid": draw(uids), "version": draw(st.integers(0, 2**53 - 1)),
                           "deleted": draw(st.booleans()), "data": data}
    try:
        rec["hash"] = envelope.sha256_hex(envelope.canonical(data))
    except ValueError:
        rec["hash"] = draw(hex64)
    for key in draw(st.lists(st.sampled_from(sorted(rec)), max_size=2)):
        rec[key] = draw(json_values)
    return draw(st.just(rec) | json_values)


def _near_batch(records_: list[Any]) -> dict[str, Any]:
    return {"format": 1, "batch": "b", "part": 1, "parts": 1, "epochs": [0, 1],
            "audit_head": "", "full": False, "records": records_}


batch_docs = (st.builds(_near_batch, st.lists(records(), max_size=3))
              | docs_with(["format", "batch", "part", "parts", "audit_head", "full", "epochs",
                           "records"],
                          format=st.just(1), batch=st.text(max_size=5),
                          part=st.integers(-2, 3), parts=st.integers(-2, 3),
                          audit_head=st.text(max_size=5), full=st.booleans(),
                          epochs=st.lists(st.integers(-2, 5), max_size=3),
                          records=st.lists(records(), max_size=3)))


# -- envelope.parse / verify / decrypt ----------------------------------------------------------

def _open(data: bytes) -> bytes | None:
    """The payload if ``data`` opens with the right keys; None if refused (EnvelopeError).
    Any other exception escapes and fails the test."""
    try:
        env = envelope.parse(data)
    except EnvelopeError:
        return None
    try:
        envelope.verify(env, STATION.sign.public_key())
    except EnvelopeError:
        verified = False
    else:
        verified = True
    try:
        payload = envelope.decrypt(env, COUNTY.box)
    except EnvelopeError:
        return None
    return payload if verified else None


def _frame(header: bytes, rest: bytes = b"") -> bytes:
    return envelope.MAGIC + struct.pack(">I", len(header)) + header + rest


def _check_mutant(data: bytes) -> None:
    payload = _open(data)
    assert payload is None or (payload == PAYLOAD and data == VALID), \
        "a changed envelope opened"


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


HEADER_NAN = VALID_ENV.header_bytes.replace(b'"records":2', b'"records":NaN')
HEADER_INF = VALID_ENV.header_bytes.replace(b'"records":2', b'"records":1e400')
HEADER_SURROGATE = VALID_ENV.header_bytes.replace(b'"id":"m-1"', b'"id":"\\ud800"')
HEADER_DEEP = VALID_ENV.header_bytes.replace(b'"records":2', b'"records":' + _nested(3000))


@FUZZ
@given(st.binary(max_size=400))
@example(b"")
@example(envelope.MAGIC + b"\x00\x00\x00\x00")
@example(envelope.MAGIC + b"\xff\xff\xff\xff")
@example(_frame(_nested(5000), bytes(200)))          # RecursionError from json.loads
@example(_frame(HEADER_NAN, bytes(VALID_ENV.header["sealed_len"] + 64)))
@example(_frame(HEADER_INF, bytes(VALID_ENV.header["sealed_len"] + 64)))
@example(_frame(HEADER_SURROGATE, bytes(VALID_ENV.header["sealed_len"] + 64)))
@example(_frame(HEADER_DEEP, bytes(VALID_ENV.header["sealed_len"] + 64)))
def test_parse_of_arbitrary_bytes_only_raises_envelope_error(data: bytes) -> None:
    try:
        envelope.parse(data)
    except EnvelopeError:
        pass


@FEW
@given(st.one_of(st.binary(max_size=300),
                 st.builds(lambda v: json.dumps(v).encode("utf-8"), json_values),
                 st.builds(lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8",
                                                                               "surrogatepass"),
                           json_values)),
       st.binary(max_size=200))
def test_parse_of_framed_arbitrary_headers_only_raises_envelope_error(header: bytes,
                                                                      rest: bytes) -> None:
    _check_mutant(_frame(header, rest))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 7)), min_size=1,
                max_size=4))
def test_bit_flips_never_open(flips: list[tuple[int, int]]) -> None:
    data = bytearray(VALID)
    for index, bit in flips:
        data[index] ^= 1 << bit
    _check_mutant(bytes(data))


@FUZZ
@given(st.integers(0, len(VALID)), st.binary(max_size=80))
def test_truncation_and_extension_never_open(cut: int, tail: bytes) -> None:
    _check_mutant(VALID[:cut])
    _check_mutant(VALID + tail)
    _check_mutant(VALID[:cut] + tail + VALID[cut:])


header_field_names = st.sampled_from(sorted(envelope.HEADER_FIELDS)) | st.text(max_size=8)


@FEW
@given(st.lists(st.tuples(header_field_names, st.none() | finite_values), min_size=1,
                max_size=3))
def test_header_mutations_recanonicalised_never_open(changes: list[tuple[str, Any]]) -> None:
    """A header changed as a sender would write it (canonical JSON, a right length prefix),
    the old signature and body kept: refused, whatever the change."""
    header = dict(VALID_ENV.header)
    for name, value in changes:
        if value is None and name in header:
            del header[name]
        else:
            header[name] = value
    header_bytes = envelope.canonical(header)
    _check_mutant(_frame(header_bytes, VALID_ENV.signature + VALID_ENV.sealed))


@FUZZ
@given(st.sampled_from(["seq", "payload_len", "sealed_len", "v", "id", "kind", "created",
                        "recipient_key", "sender_key", "sealed_sha256"]),
       st.integers(-2**64, 2**64) | st.sampled_from(list(envelope.KINDS)) | st.text(max_size=8))
def test_single_field_changes_never_open(name: str, value: Any) -> None:
    header = {**VALID_ENV.header, name: value}
    _check_mutant(_frame(envelope.canonical(header), VALID_ENV.signature + VALID_ENV.sealed))


@FEW
@given(st.binary(max_size=3000), st.sampled_from(envelope.KINDS), st.integers(0, 2**53 - 1),
       st.dictionaries(st.text(max_size=6), finite_values, max_size=3))
def test_seal_then_open_gives_the_payload_back(payload: bytes, kind: str, seq: int,
                                               meta: dict[str, Any]) -> None:
    data = envelope.seal(kind=kind, county="c", station="s", seq=seq, message_id="id",
                         created="t", meta=meta, payload=payload, sender=STATION.sign,
                         recipient=COUNTY.box.public_key())
    env, opened = envelope.open_envelope(data, STATION.sign.public_key(), COUNTY.box)
    assert opened == payload
    assert (env.kind, env.seq, env.meta) == (kind, seq, json.loads(envelope.canonical(meta)))
    assert env.to_bytes() == data


# -- payload parsers ---------------------------------------------------------------------------

@FEW
@given(batch_docs)
@example(_near_batch([{"type": "case", "uid": "u", "version": 1, "deleted": False,
                       "data": {"x": float("nan")}, "hash": "0" * 64}]))
@example(_near_batch([{"type": "case", "uid": "u", "version": 1, "deleted": False,
                       "data": {"x": "\ud800"}, "hash": "0" * 64}]))
def test_parse_batch_only_raises_envelope_error(doc: dict[str, Any]) -> None:
    try:
        info, recs = batches.parse_batch(doc)
    except EnvelopeError:
        return
    assert all(r.hash == envelope.sha256_hex(envelope.canonical(r.data)) for r in recs)
    assert 1 <= info["part"] <= info["parts"]


@FUZZ
@given(st.lists(st.builds(batches.Record.of, st.sampled_from(batches.RECORD_TYPES), uids,
                          st.integers(0, 2**53 - 1), st.booleans(),
                          st.dictionaries(st.text(max_size=8), finite_values, max_size=4)),
                max_size=4),
       st.text(max_size=8), st.integers(1, 3), st.booleans())
def test_a_joined_batch_payload_is_the_canonical_json_of_the_whole(
        recs: list[batches.Record], text: str, part: int, full: bool) -> None:
    """The payload joined from each record's kept bytes is what encoding it whole gives."""
    head = {"format": 1, "batch": text, "part": part, "parts": 3, "epochs": [0, part],
            "audit_head": text, "full": full}
    payload = batches.batch_payload(recs, batch=text, part=part, parts=3, epochs=(0, part),
                                    audit_head=text, full=full)
    assert payload == envelope.canonical({**head, "records": [r.to_json() for r in recs]})
    assert batches.parse_batch(envelope.json_payload(payload))[1] == recs


@FEW
@given(records() | json_values, st.integers(0, 10))
@example({"type": 10**5000, "uid": "u"}, 0)             # str() of a huge int
@example({"type": [[[[[]]]]], "uid": "u"}, 0)
def test_parse_record_only_raises_envelope_error(value: Any, index: int) -> None:
    try:
        batches.parse_record(value, index)
    except EnvelopeError:
        pass


@FEW
@given(docs_with(["format", "for", "seq", "batch", "records", "audit_head", "state_hash", "at",
                  "duplicate", "missing_blobs"],
                 format=st.just(1), seq=st.integers(), duplicate=st.booleans(),
                 records=st.lists(json_values, max_size=3)))
def test_parse_receipt_only_raises_envelope_error(doc: dict[str, Any]) -> None:
    try:
        batches.parse_receipt(doc)
    except EnvelopeError:
        pass


down_items = st.fixed_dictionaries({"type": st.sampled_from(batches.DOWN_TYPES) | json_values,
                                    "id": uids | json_values}) | json_values


@FEW
@given(docs_with(["format", "items"], format=st.just(1),
                 items=st.lists(down_items, max_size=4)))
def test_parse_down_only_raises_envelope_error(doc: dict[str, Any]) -> None:
    try:
        items = batches.parse_down(doc)
    except EnvelopeError:
        return
    assert all(isinstance(i["type"], str) and batches._UID.match(i["id"]) for i in items)


@FEW
@given(docs_with(["sha256", "offset", "total"], sha256=hex64,
                 offset=st.integers(-2, 2**41), total=st.integers(-2, 2**41)),
       st.integers(0, 2 * batches.CHUNK_BYTES))
def test_parse_blob_meta_only_raises_envelope_error(meta: dict[str, Any], chunk: int) -> None:
    try:
        sha, offset, total = batches.parse_blob_meta(meta, chunk)
    except EnvelopeError:
        return
    assert 0 <= offset and offset + chunk <= total <= 2**40


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(batches.RECORD_TYPES), uids,
                          st.integers(0, 2**53 - 1)), max_size=12).flatmap(
    lambda rows: st.tuples(st.just(rows), st.permutations(rows))))
def test_state_hash_ignores_row_order(pair: tuple[list[Any], list[Any]]) -> None:
    rows, shuffled = pair
    assert batches.state_hash(rows) == batches.state_hash(shuffled)
    assert batches.state_hash(iter(shuffled)) == batches.state_hash(sorted(rows))


# -- enrolment files ---------------------------------------------------------------------------

def _ca_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test CA")])
    start = datetime(2026, 1, 1, tzinfo=UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1).not_valid_before(start)
            .not_valid_after(start + timedelta(days=365)).sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


ENROL_FILE = enrolment.make_enrol_file(
    county={"id": "370100", "name": "测试县", "url": "https://127.0.0.1:8443",
            "tls_sha256": "ab" * 32, "keys": COUNTY.public.to_json(), "ca_pem": _ca_pem()},
    station={"id": "S01", "name": "王舍人街道调解中心"}, token=bytes(range(32)),
    expires="2026-12-22T00:00:00+00:00", signer=COUNTY.sign)
VALID_INFO = enrolment.read_enrol_file(ENROL_FILE)


def _read_enrol(data: bytes) -> dict[str, Any] | None:
    try:
        return enrolment.read_enrol_file(data)
    except InputError:
        return None


def test_the_valid_enrolment_file_reads() -> None:
    assert VALID_INFO["token"] == bytes(range(32)) and VALID_INFO["station"]["id"] == "S01"


@FUZZ
@given(st.binary(max_size=400))
@example(_nested(100000))                               # RecursionError from json.loads
@example(b'{"format": "tiaojie-enrol/1", "county": {"id": "1", "name": "x"}}')
def test_read_enrol_file_of_arbitrary_bytes_only_raises_input_error(data: bytes) -> None:
    _read_enrol(data)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(ENROL_FILE) - 1), st.integers(0, 7)),
                min_size=1, max_size=3), st.integers(0, len(ENROL_FILE)))
def test_read_enrol_file_of_damaged_files_only_raises_input_error(
        flips: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(ENROL_FILE)
    for index, bit in flips:
        data[index] ^= 1 << bit
    # Accepted only when nothing that counts changed: JSON white space is not signed, and
    # base64 has spare bits in its last character (the signature's own text is not signed).
    assert _read_enrol(bytes(data)) in (None, VALID_INFO)
    assert _read_enrol(ENROL_FILE[:cut]) in (None, VALID_INFO)


enrol_paths = st.sampled_from([("format",), ("county",), ("station",), ("token",),
                               ("signature",), ("expires",), ("extra",), ("county", "id"),
                               ("county", "name"), ("county", "url"), ("county", "tls_sha256"),
                               ("county", "keys"), ("county", "ca_pem"),
                               ("county", "keys", "sign"), ("county", "keys", "box"),
                               ("station", "id"), ("station", "extra")])


@FEW
@given(st.lists(st.tuples(enrol_paths, json_values), min_size=1, max_size=2))
@example([(("extra",), float("nan"))])                  # NaN reaches canonical(body)
@example([(("expires",), "\ud800")])                    # a lone surrogate likewise
def test_read_enrol_file_of_changed_json_only_raises_input_error(
        changes: list[tuple[tuple[str, ...], Any]]) -> None:
    doc = json.loads(ENROL_FILE)
    for path, value in changes:
        target = doc
        for key in path[:-1]:
            target = target[key] if isinstance(target.get(key), dict) else {}
        target[path[-1]] = value
    data = json.dumps(doc, ensure_ascii=True).encode("ascii")
    assert _read_enrol(data) in (None, VALID_INFO)


@pytest.mark.parametrize("depth", [990, 1000, 2000, 5000, 8000])
def test_deeply_nested_headers_are_malformed(depth: int) -> None:
    header = b'{"v":' + _nested(depth) + b"}"
    with pytest.raises(EnvelopeError) as caught:
        envelope.parse(_frame(header, bytes(200)))
    assert caught.value.code in (envelope.MALFORMED, envelope.UNSUPPORTED)


def test_true_is_never_taken_for_an_integer() -> None:
    """Python counts ``True`` as 1: every integer field of the payloads refuses it."""
    receipt = {"format": 1, "for": "m", "seq": 1, "batch": "b", "records": [],
               "audit_head": "", "state_hash": "", "at": "", "duplicate": False,
               "missing_blobs": []}
    batches.parse_receipt(dict(receipt))
    for doc in ({**receipt, "seq": True}, {**receipt, "format": True}):
        with pytest.raises(EnvelopeError) as caught:
            batches.parse_receipt(doc)
        assert caught.value.code == envelope.MALFORMED
    with pytest.raises(EnvelopeError) as down:
        batches.parse_down({"format": True, "items": []})
    assert down.value.code == envelope.MALFORMED
    sha = "0" * 64
    assert batches.parse_blob_meta({"sha256": sha, "offset": 0, "total": 1}, 1) == (sha, 0, 1)
    with pytest.raises(EnvelopeError) as blob:
        batches.parse_blob_meta({"sha256": sha, "offset": 0, "total": True}, 1)
    assert blob.value.code == envelope.MALFORMED
