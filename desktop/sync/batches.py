"""What travels inside envelopes (docs/sync-protocol.md §3–§5): batches, blobs, receipts,
downlink, and the state hash both sides compare.  Pure: no I/O, no keys.

A *record* is one synced aggregate at one version::

    {"type": "case", "uid": "<uuid>", "version": 17, "deleted": false,
     "hash": "<sha256 of canonical(data)>", "data": {...}}

A *batch* is every record changed in a range of change epochs, split into parts that each
fit one envelope; each part is one upward message with its own sequence number.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from desktop.sync.envelope import (
    MALFORMED,
    EnvelopeError,
    canonical,
    canonical_or_none,
    sha256_hex,
)

RECORD_TYPES = ("case", "mediator", "organisation")
PART_BYTES = 2 * 1024 * 1024  # raw JSON per batch part (~250 KB on the wire)
PART_RECORDS = 5000
CHUNK_BYTES = 1024 * 1024  # one blob chunk per envelope
MAX_RECORDS = 20000
_UID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._:-]{0,63}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Record:
    """One record; ``canonical_data`` is ``canonical(data)``, the bytes ``hash`` is over,
    kept from the one encoding that hashed them (payloads and the county's store reuse it)."""

    type: str
    uid: str
    version: int
    deleted: bool
    data: dict[str, Any]
    hash: str
    canonical_data: bytes = field(default=b"", repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.canonical_data:  # made without its bytes: encode the data now
            object.__setattr__(self, "canonical_data", canonical(self.data))

    @classmethod
    def of(cls, type_: str, uid: str, version: int, deleted: bool,
           data: dict[str, Any]) -> Record:
        encoded = canonical(data)
        return cls(type_, uid, version, deleted, data, sha256_hex(encoded), encoded)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "uid": self.uid, "version": self.version,
                "deleted": self.deleted, "hash": self.hash, "data": self.data}

    def to_canonical(self) -> bytes:
        """``canonical(self.to_json())`` without encoding the data again: ``"data"`` sorts
        before the record's other keys, so its kept bytes open the object."""
        rest = canonical({"type": self.type, "uid": self.uid, "version": self.version,
                          "deleted": self.deleted, "hash": self.hash})
        return b'{"data":' + self.canonical_data + b"," + rest[1:]

    @property
    def manifest(self) -> list[Any]:
        """What a receipt names of the record: [type, uid, version, hash]."""
        return [self.type, self.uid, self.version, self.hash]


def split_parts(records: Iterable[Record], *, part_bytes: int = PART_BYTES,
                part_records: int = PART_RECORDS) -> Iterator[list[Record]]:
    """Records grouped into parts of bounded size, order kept."""
    part: list[Record] = []
    size = 0
    for record in records:
        n = len(record.canonical_data) + 200
        if part and (size + n > part_bytes or len(part) >= part_records):
            yield part
            part, size = [], 0
        part.append(record)
        size += n
    if part:
        yield part


def batch_payload(records: list[Record], *, batch: str, part: int, parts: int,
                  epochs: tuple[int, int], audit_head: str, full: bool = False) -> bytes:
    """The part's canonical JSON, joined from each record's canonical bytes: ``"records"``
    sorts after the batch's other keys, so the list closes the object."""
    head = canonical({"format": 1, "batch": batch, "part": part, "parts": parts,
                      "epochs": list(epochs), "audit_head": audit_head, "full": full})
    return (head[:-1] + b',"records":[' + b",".join(r.to_canonical() for r in records)
            + b"]}")


def _bad(detail: str) -> EnvelopeError:
    return EnvelopeError(MALFORMED, detail)


def parse_batch(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Record]]:
    """Check a batch payload completely before anything of it is applied.

    Raises:
        EnvelopeError: ``malformed`` with the first problem found.
    """
    if not _format_1(doc):
        raise _bad("batch format")
    for key, kind in (("batch", str), ("part", int), ("parts", int), ("audit_head", str),
                      ("full", bool), ("epochs", list), ("records", list)):
        if not isinstance(doc.get(key), kind) or (kind is int and isinstance(doc[key], bool)):
            raise _bad(f"batch field {key!r}")
    if not 1 <= doc["part"] <= doc["parts"] <= 100000:
        raise _bad("part numbers")
    epochs = doc["epochs"]
    if (len(epochs) != 2 or not all(isinstance(e, int) and not isinstance(e, bool)
                                    for e in epochs) or not 0 <= epochs[0] <= epochs[1]):
        raise _bad("epochs")
    if len(doc["records"]) > MAX_RECORDS:
        raise _bad("too many records")
    records = [parse_record(r, i) for i, r in enumerate(doc["records"])]
    info = {k: doc[k] for k in ("batch", "part", "parts", "epochs", "audit_head", "full")}
    return info, records


def parse_record(value: Any, index: int = 0) -> Record:
    where = f"records[{index}]"
    if not isinstance(value, dict):
        raise _bad(f"{where} is not an object")
    type_, uid, version = value.get("type"), value.get("uid"), value.get("version")
    deleted, data, digest = value.get("deleted"), value.get("data"), value.get("hash")
    if type_ not in RECORD_TYPES:
        shown = type_[:20] if isinstance(type_, str) else type(type_).__name__
        raise _bad(f"{where}.type {shown!r}")
    if not isinstance(uid, str) or not _UID.match(uid):
        raise _bad(f"{where}.uid")
    if not isinstance(version, int) or isinstance(version, bool) or not 0 <= version < 2**53:
        raise _bad(f"{where}.version")
    if not isinstance(deleted, bool) or not isinstance(data, dict):
        raise _bad(f"{where}.deleted/data")
    canonical_data = canonical_or_none(data)
    if canonical_data is None:
        raise _bad(f"{where}.data is not canonical JSON (NaN, Infinity or a lone surrogate)")
    if not isinstance(digest, str) or digest != sha256_hex(canonical_data):
        raise _bad(f"{where}.hash does not match its data")
    return Record(type_, uid, version, deleted, data, digest, canonical_data)


def blob_refs(record: Record) -> list[tuple[str, int]]:
    """The files a record refers to: (sha256, size) of its attachments and documents."""
    refs = []
    for key in ("attachments", "documents"):
        for item in record.data.get(key) or ():
            if (isinstance(item, dict) and isinstance(item.get("sha256"), str)
                    and _HEX64.match(item["sha256"]) and _int(item.get("size"))):
                refs.append((item["sha256"], item["size"]))
    return refs


def _int(value: Any) -> TypeGuard[int]:
    """A JSON integer (``true`` is not one, although Python counts it as 1)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _format_1(doc: dict[str, Any]) -> bool:
    return _int(doc.get("format")) and doc["format"] == 1


def blob_meta(sha256: str, offset: int, total: int) -> dict[str, Any]:
    return {"sha256": sha256, "offset": offset, "total": total}


def parse_blob_meta(meta: dict[str, Any], chunk_len: int) -> tuple[str, int, int]:
    sha, offset, total = meta.get("sha256"), meta.get("offset"), meta.get("total")
    if not isinstance(sha, str) or not _HEX64.match(sha):
        raise _bad("blob sha256")
    if (not _int(offset) or not _int(total)
            or not 0 <= offset < max(total, 1) or not 0 <= total <= 2**40
            or offset + chunk_len > total or chunk_len > CHUNK_BYTES):
        raise _bad("blob offset/total")
    return sha, offset, total


def state_hash(rows: Iterable[tuple[str, str, int]]) -> str:
    """SHA-256 over the sorted lines ``type\\tuid\\tversion\\n`` of every record the
    callers pass (tombstones included)."""
    digest = hashlib.sha256()
    for type_, uid, version in sorted(rows):
        digest.update(f"{type_}\t{uid}\t{version}\n".encode())
    return digest.hexdigest()


def receipt_payload(*, message_id: str, seq: int, batch: str, records: list[list[Any]],
                    audit_head: str, state_hash_: str, at: str, duplicate: bool = False,
                    held_blobs: list[str] | None = None) -> bytes:
    return canonical({"format": 1, "for": message_id, "seq": seq, "batch": batch,
                      "records": records, "audit_head": audit_head, "state_hash": state_hash_,
                      "at": at, "duplicate": duplicate, "missing_blobs": held_blobs or []})


def parse_receipt(doc: dict[str, Any]) -> dict[str, Any]:
    if not _format_1(doc):
        raise _bad("receipt format")
    for key, kind in (("for", str), ("seq", int), ("batch", str), ("records", list),
                      ("audit_head", str), ("state_hash", str), ("at", str),
                      ("duplicate", bool), ("missing_blobs", list)):
        if not isinstance(doc.get(key), kind) or (kind is int and isinstance(doc[key], bool)):
            raise _bad(f"receipt field {key!r}")
    return doc


DOWN_TYPES = ("delegation", "review", "calendar", "mediator_certificate", "form", "notice")


def down_payload(items: list[dict[str, Any]]) -> bytes:
    return canonical({"format": 1, "items": items})


def parse_down(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Downlink items: each has a ``type`` and an ``id``; their fields are checked on apply."""
    if not _format_1(doc) or not isinstance(doc.get("items"), list):
        raise _bad("downlink format")
    items = doc["items"]
    for i, item in enumerate(items):
        if (not isinstance(item, dict) or not isinstance(item.get("type"), str)
                or not isinstance(item.get("id"), str) or not _UID.match(item["id"])):
            raise _bad(f"items[{i}]")
    return items
