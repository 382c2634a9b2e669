"""Write the sync protocol's test vectors (docs/sync-protocol.md §11) into this folder.

Run once, by hand::

    python tests/sync/vectors/make_vectors.py          # refuses to overwrite
    python tests/sync/vectors/make_vectors.py --force  # makes a NEW envelope

The envelope is sealed with the real :func:`desktop.sync.envelope.seal`.  HPKE draws a fresh
ephemeral key on every call, so a second run gives different ``sealed`` bytes (and so a
different header hash and signature): the stored files are the vector, and
``tests/sync/test_vectors.py`` only reads them — it never calls this script.

The private keys are not random: each is SHA-256 of a fixed label, so anyone can re-derive
them, and they are written out in hex besides.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # the repository root, when run as a script

from desktop.sync import batches, envelope  # noqa: E402

KEY_LABELS = {
    "station_sign": b"tiaojie-sync-v1 test vector: station Ed25519",
    "station_box": b"tiaojie-sync-v1 test vector: station X25519",
    "county_sign": b"tiaojie-sync-v1 test vector: county Ed25519",
    "county_box": b"tiaojie-sync-v1 test vector: county X25519",
}
COUNTY, STATION = "370100", "S01"
MESSAGE_ID = "6f1d2c3b-4a59-4e68-9f70-8a9bacbdcedf"
BATCH_ID = "0b8f5a52-3c1e-4d7a-a6b9-2e4f60718293"
CREATED = "2026-11-22T08:30:00+00:00"
AUDIT_HEAD = hashlib.sha256(b"tiaojie-sync-v1 test vector: audit head").hexdigest()
EPOCHS = (0, 3)


def private_keys() -> dict[str, bytes]:
    return {name: hashlib.sha256(label).digest() for name, label in KEY_LABELS.items()}


def records() -> list[batches.Record]:
    case = {
        "uid": "5e0c8a1e-9d3b-4f0e-8b7a-1c2d3e4f5a6b",
        "case_no": "（2026）历城调字第 1 号",
        "status": "registered",
        "received_on": "2026-11-20",
        "claimed_fen": 1250000,
        "summary": "拖欠工资 \"加班费\"\t与\\经济补偿",
        "Alpha": True,
        "zeta": None,
        "parties": [
            {"position": 0, "side": "applicant", "kind": "person", "name": "张三"},
            {"position": 1, "side": "respondent", "kind": "organisation",
             "name": "济南某某机械有限公司"},
        ],
        "claims": [{"position": 0, "item": "wages", "amount_fen": 1250000}],
        "attachments": [],
    }
    mediator = {"uid": "a1b2c3d4-0000-4000-8000-00000000beef", "name": "李四",
                "certificate_no": None, "deleted": 1}
    return [batches.Record.of("case", case["uid"], 3, False, case),
            batches.Record.of("mediator", mediator["uid"], 2, True, mediator)]


STATE_ROWS = [
    ("mediator", "a1b2c3d4-0000-4000-8000-00000000beef", 2),
    ("case", "5e0c8a1e-9d3b-4f0e-8b7a-1c2d3e4f5a6b", 3),
    ("organisation", "org-0001", 1),
    ("case", "0a7d1f1e-1111-4222-8333-444455556666", 12),
]

# Canonical JSON cases: the value (as JSON text in the file) and its canonical bytes.
CANONICAL_VALUES = [
    {"b": 1, "a": [True, False, None], "A": "x"},
    {"text": "中文 \"quoted\" back\\slash\ttab\nnewline\x01\x7f\u2028"},
    {"\ue000": "private use", "\U0001f600": "astral (UTF-16 order would put this first)"},
    {"big": 9007199254740991, "neg": -42, "zero": 0, "nested": {"z": {}, "y": []}},
]


def write(name: str, text: str) -> None:
    (HERE / name).write_text(text, encoding="utf-8", newline="\n")
    print("wrote", HERE / name)


def main(argv: list[str]) -> int:
    if (HERE / "batch-envelope.hex").exists() and "--force" not in argv:
        print("vectors exist; --force makes a new envelope (new sealed bytes and signature)")
        return 1
    raw = private_keys()
    station_sign = Ed25519PrivateKey.from_private_bytes(raw["station_sign"])
    station_box = X25519PrivateKey.from_private_bytes(raw["station_box"])
    county_sign = Ed25519PrivateKey.from_private_bytes(raw["county_sign"])
    county_box = X25519PrivateKey.from_private_bytes(raw["county_box"])
    publics = {"station_sign": station_sign.public_key(), "station_box": station_box.public_key(),
               "county_sign": county_sign.public_key(), "county_box": county_box.public_key()}
    keys_doc = {
        name: {"label": KEY_LABELS[name].decode("ascii"),
               "private_hex": raw[name].hex(),
               "public_hex": envelope.raw_public(publics[name]).hex(),
               "key_id": envelope.key_id(publics[name])}
        for name in KEY_LABELS}
    write("keys.json", json.dumps(keys_doc, indent=1) + "\n")

    recs = records()
    payload = batches.batch_payload(recs, batch=BATCH_ID, part=1, parts=1, epochs=EPOCHS,
                                    audit_head=AUDIT_HEAD, full=False)
    meta = {"batch": BATCH_ID, "part": 1, "parts": 1, "records": len(recs)}
    data = envelope.seal(kind="batch", county=COUNTY, station=STATION, seq=1,
                         message_id=MESSAGE_ID, created=CREATED, meta=meta, payload=payload,
                         sender=station_sign, recipient=publics["county_box"])
    env = envelope.parse(data)
    # The zstd frame inside (informative: another zstd encoder may produce other bytes).
    compressed = envelope._SUITE.decrypt(env.sealed, county_box, info=envelope._info(env.header))
    hexed = data.hex()
    write("batch-envelope.hex", "\n".join(hexed[i:i + 64] for i in range(0, len(hexed), 64))
          + "\n")
    write("batch-header.json", env.header_bytes.decode("utf-8") + "\n")
    write("batch-payload.json", payload.decode("utf-8") + "\n")
    hlen = len(env.header_bytes)
    layout = {
        "total_len": len(data),
        "magic_hex": data[:8].hex(),
        "hlen": hlen,
        "hlen_hex": data[8:12].hex(),
        "header": [12, 12 + hlen],
        "signature": [12 + hlen, 12 + hlen + 64],
        "sealed": [12 + hlen + 64, len(data)],
        "signature_hex": env.signature.hex(),
        "sealed_sha256": hashlib.sha256(env.sealed).hexdigest(),
        "enc_hex": env.sealed[:32].hex(),
        "signed_message_hex": (envelope.SIG_CONTEXT + env.header_bytes
                               + hashlib.sha256(env.sealed).digest()).hex(),
        "hpke_info_hex": (envelope.INFO_CONTEXT
                          + envelope.canonical({**env.header, "sealed_sha256": ""})).hex(),
        "compressed_hex": compressed.hex(),
        "payload_len": len(payload),
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
    }
    write("batch-layout.json", json.dumps(layout, indent=1) + "\n")
    write("records.json", json.dumps(
        [{**r.to_json(), "canonical_data_hex": envelope.canonical(r.data).hex()} for r in recs],
        ensure_ascii=False, indent=1) + "\n")

    lines = "".join(f"{t}\t{u}\t{v}\n" for t, u, v in sorted(STATE_ROWS))
    write("state-hash.json", json.dumps({
        "rows": [list(r) for r in STATE_ROWS], "hashed_text": lines,
        "state_hash": batches.state_hash(STATE_ROWS),
        "empty_state_hash": batches.state_hash([])}, indent=1) + "\n")

    write("canonical-json.json", json.dumps(
        [{"value": v, "canonical_hex": envelope.canonical(v).hex()} for v in CANONICAL_VALUES],
        ensure_ascii=True, indent=1) + "\n")

    # Self-check with the real receiving path before anything is trusted.
    opened_env, opened = envelope.open_envelope(data, publics["station_sign"], county_box)
    assert opened == payload and opened_env.header_bytes == env.header_bytes
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
