"""The sync envelope (docs/sync-protocol.md §2): compressed, encrypted, signed, size-bounded.

Layout (integers big-endian)::

    magic      8 bytes   b"TJSYNC" 0x00 0x01   (format version 1)
    hlen       4 bytes   length of the header (1 .. MAX_HEADER)
    header     hlen      canonical JSON (sorted keys, no spaces, UTF-8)
    signature  64 bytes  Ed25519 over  SIG_CONTEXT || header || SHA-256(sealed)
    sealed     rest      HPKE base mode (X25519, HKDF-SHA256, AES-256-GCM) of zstd(payload),
                         info = INFO_CONTEXT || header   (enc || ciphertext)

The header is bound twice: the signature covers it and HPKE takes it as ``info``, so a
header moved onto another body fails both.  The signature is checked before anything is
decrypted or decompressed; the declared sizes are checked before any of it is read.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
from dataclasses import dataclass
from typing import Any

import zstandard
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from desktop.domain.errors import InputError

MAGIC = b"TJSYNC\x00\x01"
VERSION = 1
SUITE_NAME = "X25519-HKDF-SHA256-AES-256-GCM"
COMPRESSION = "zstd"
SIG_CONTEXT = b"tiaojie-sync-v1 signature\x00"
INFO_CONTEXT = b"tiaojie-sync-v1 hpke\x00"
SIG_LEN = 64
ENC_LEN = 32  # X25519 encapsulated key
TAG_LEN = 16
MAX_HEADER = 16 * 1024
MAX_SEALED = 24 * 1024 * 1024
MAX_PAYLOAD = 64 * 1024 * 1024
ZSTD_LEVEL = 3
KINDS = ("batch", "blob", "receipt", "down", "down-receipt", "enrol", "enrolled")
HEADER_FIELDS = {
    "v": int, "kind": str, "county": str, "station": str, "seq": int, "id": str,
    "created": str, "sender_key": str, "recipient_key": str, "sealed_len": int,
    "sealed_sha256": str, "payload_len": int, "comp": str, "suite": str, "meta": dict,
}
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)

# Error codes (docs/sync-protocol.md §6); the county returns them, the station shows them.
MALFORMED, TOO_LARGE, UNSUPPORTED = "malformed", "too_large", "unsupported"
BAD_SIGNATURE, UNDECRYPTABLE, WRONG_RECIPIENT = "bad_signature", "undecryptable", "wrong_recipient"
CODE_TEXT = {
    MALFORMED: ("文件格式不对或已截断", "not a sync envelope, or truncated"),
    TOO_LARGE: ("超过允许的大小", "larger than allowed"),
    UNSUPPORTED: ("不支持的格式版本或算法", "unsupported version or algorithm"),
    BAD_SIGNATURE: ("签名不对：内容被改动过，或不是对方签发的",
                    "bad signature: altered, or not signed by the expected sender"),
    UNDECRYPTABLE: ("无法解密：内容损坏或不是发给本方的", "cannot decrypt: damaged or not for us"),
    WRONG_RECIPIENT: ("不是发给本方的", "addressed to someone else"),
}


class EnvelopeError(InputError):
    """An envelope that cannot be accepted; ``code`` is one of the protocol's error codes."""

    def __init__(self, code: str, detail: str = "") -> None:
        zh, en = CODE_TEXT.get(code, (code, code))
        super().__init__(f"同步数据包{zh}" + (f"（{detail}）" if detail else ""),
                         f"sync envelope: {en}" + (f" ({detail})" if detail else ""))
        self.code = code
        self.detail = detail


def canonical(value: Any) -> bytes:
    """Canonical JSON: sorted keys, no insignificant spaces, UTF-8, no NaN."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def canonical_or_none(value: Any) -> bytes | None:
    """``canonical(value)``, or None for a value that has no canonical form (NaN or
    Infinity, a lone surrogate, nesting too deep) — as json.loads can produce."""
    try:
        return canonical(value)
    except (ValueError, RecursionError):
        return None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def key_id(public: Ed25519PublicKey | X25519PublicKey) -> str:
    """A key's short name: the first 16 hex digits of SHA-256 of its raw 32 bytes."""
    return sha256_hex(raw_public(public))[:16]


def raw_public(public: Ed25519PublicKey | X25519PublicKey) -> bytes:
    from cryptography.hazmat.primitives import serialization
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class Envelope:
    """A parsed envelope: structure and sizes checked, nothing verified or decrypted yet."""

    header: dict[str, Any]
    header_bytes: bytes
    signature: bytes
    sealed: bytes

    @property
    def kind(self) -> str:
        return str(self.header["kind"])

    @property
    def seq(self) -> int:
        return int(self.header["seq"])

    @property
    def id(self) -> str:
        return str(self.header["id"])

    @property
    def meta(self) -> dict[str, Any]:
        return dict(self.header["meta"])

    def to_bytes(self) -> bytes:
        return (MAGIC + struct.pack(">I", len(self.header_bytes)) + self.header_bytes
                + self.signature + self.sealed)


def seal(*, kind: str, county: str, station: str, seq: int, message_id: str, created: str,
         meta: dict[str, Any], payload: bytes, sender: Ed25519PrivateKey,
         recipient: X25519PublicKey) -> bytes:
    """One envelope: ``payload`` compressed, encrypted to ``recipient``, signed by ``sender``."""
    if kind not in KINDS:
        raise ValueError(f"unknown envelope kind {kind!r}")
    if len(payload) > MAX_PAYLOAD:
        raise EnvelopeError(TOO_LARGE, f"payload {len(payload)} > {MAX_PAYLOAD}")
    compressed = zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(payload)
    sealed_len = ENC_LEN + len(compressed) + TAG_LEN
    if sealed_len > MAX_SEALED:
        raise EnvelopeError(TOO_LARGE, f"sealed {sealed_len} > {MAX_SEALED}")
    # The header names the sealed part's hash, which depends on the header (HPKE info):
    # so the hash field is left out of ``info`` and the signature covers the full header.
    header: dict[str, Any] = {
        "v": VERSION, "kind": kind, "county": county, "station": station, "seq": seq,
        "id": message_id, "created": created, "sender_key": key_id(sender.public_key()),
        "recipient_key": key_id(recipient), "sealed_len": sealed_len, "sealed_sha256": "",
        "payload_len": len(payload), "comp": COMPRESSION, "suite": SUITE_NAME, "meta": meta,
    }
    sealed = _SUITE.encrypt(compressed, recipient, info=INFO_CONTEXT + canonical(header))
    header["sealed_sha256"] = sha256_hex(sealed)
    header_bytes = canonical(header)
    if len(header_bytes) > MAX_HEADER:
        raise EnvelopeError(TOO_LARGE, f"header {len(header_bytes)} > {MAX_HEADER}")
    signature = sender.sign(_signed_bytes(header_bytes, sealed))
    return Envelope(header, header_bytes, signature, sealed).to_bytes()


def _signed_bytes(header_bytes: bytes, sealed: bytes) -> bytes:
    return SIG_CONTEXT + header_bytes + hashlib.sha256(sealed).digest()


def _info(header: dict[str, Any]) -> bytes:
    return INFO_CONTEXT + canonical({**header, "sealed_sha256": ""})


def parse(data: bytes) -> Envelope:
    """Check an envelope's structure and declared sizes; nothing is verified yet.

    Raises:
        EnvelopeError: ``malformed``, ``too_large`` or ``unsupported``.
    """
    if len(data) < len(MAGIC) + 4:
        raise EnvelopeError(MALFORMED, "too short")
    if data[:6] != MAGIC[:6]:
        raise EnvelopeError(MALFORMED, "no TJSYNC mark")
    if data[:8] != MAGIC:
        raise EnvelopeError(UNSUPPORTED, f"format version {data[6:8].hex()}")
    (hlen,) = struct.unpack(">I", data[8:12])
    if not 0 < hlen <= MAX_HEADER:
        raise EnvelopeError(TOO_LARGE if hlen else MALFORMED, f"header length {hlen}")
    if len(data) < 12 + hlen + SIG_LEN + ENC_LEN + TAG_LEN:
        raise EnvelopeError(MALFORMED, "truncated")
    header_bytes = data[12:12 + hlen]
    try:
        header = json.loads(header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise EnvelopeError(MALFORMED, "header is not JSON") from exc
    check_header(header)
    if canonical_or_none(header) != header_bytes:
        raise EnvelopeError(MALFORMED, "header is not canonical JSON")
    signature = data[12 + hlen:12 + hlen + SIG_LEN]
    sealed = data[12 + hlen + SIG_LEN:]
    if len(sealed) != header["sealed_len"]:
        raise EnvelopeError(MALFORMED, f"body is {len(sealed)} bytes, header says "
                                       f"{header['sealed_len']} (truncated?)")
    return Envelope(header, header_bytes, signature, sealed)


def check_header(header: Any) -> None:
    """The header has every field with the right type and supported values."""
    if not isinstance(header, dict):
        raise EnvelopeError(MALFORMED, "header is not an object")
    if header.get("v") != VERSION:
        raise EnvelopeError(UNSUPPORTED, f"version {_short(header.get('v'))}")
    for name, kind in HEADER_FIELDS.items():
        value = header.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise EnvelopeError(MALFORMED, f"header field {name!r}")
    if set(header) != set(HEADER_FIELDS):
        extra = sorted(set(header) - set(HEADER_FIELDS))
        raise EnvelopeError(MALFORMED, f"unknown header fields {extra}")
    if header["kind"] not in KINDS:
        raise EnvelopeError(UNSUPPORTED, f"kind {header['kind']!r}")
    if header["suite"] != SUITE_NAME or header["comp"] != COMPRESSION:
        raise EnvelopeError(UNSUPPORTED, f"{header['suite']} / {header['comp']}")
    if not 0 <= header["seq"] < 2**53:
        raise EnvelopeError(MALFORMED, "seq out of range")
    if not ENC_LEN + TAG_LEN <= header["sealed_len"] <= MAX_SEALED:
        raise EnvelopeError(TOO_LARGE, f"sealed length {header['sealed_len']}")
    if not 0 <= header["payload_len"] <= MAX_PAYLOAD:
        raise EnvelopeError(TOO_LARGE, f"payload length {header['payload_len']}")


def _short(value: Any) -> str:
    """A value for an error message: scalars shown, containers only named."""
    return repr(value)[:40] if isinstance(value, str | int | float) else type(value).__name__


def verify(envelope: Envelope, sender: Ed25519PublicKey) -> None:
    """The signature is the sender's and the body is the one the header names.

    Raises:
        EnvelopeError: ``bad_signature``.
    """
    if envelope.header["sender_key"] != key_id(sender):
        raise EnvelopeError(BAD_SIGNATURE, "signed with another key")
    if sha256_hex(envelope.sealed) != envelope.header["sealed_sha256"]:
        raise EnvelopeError(BAD_SIGNATURE, "body does not match its header")
    try:
        sender.verify(envelope.signature, _signed_bytes(envelope.header_bytes, envelope.sealed))
    except InvalidSignature as exc:
        raise EnvelopeError(BAD_SIGNATURE) from exc


def decrypt(envelope: Envelope, recipient: X25519PrivateKey) -> bytes:
    """The payload of a verified envelope: decrypted, decompressed, its length checked.

    Raises:
        EnvelopeError: ``wrong_recipient``, ``undecryptable`` or ``malformed`` (a payload that
            decompresses to other than its declared length).
    """
    if envelope.header["recipient_key"] != key_id(recipient.public_key()):
        raise EnvelopeError(WRONG_RECIPIENT)
    try:
        compressed = _SUITE.decrypt(envelope.sealed, recipient, info=_info(envelope.header))
    except InvalidTag as exc:
        raise EnvelopeError(UNDECRYPTABLE) from exc
    expected = envelope.header["payload_len"]
    try:
        # Read at most one byte more than declared, whatever the frame claims of itself.
        with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(compressed)) as reader:
            payload = reader.read(expected + 1)
    except zstandard.ZstdError as exc:
        raise EnvelopeError(MALFORMED, "compressed payload is damaged or too large") from exc
    if len(payload) != expected:
        raise EnvelopeError(MALFORMED, f"payload is {len(payload)} bytes, header says {expected}")
    return payload


def open_envelope(data: bytes, sender: Ed25519PublicKey, recipient: X25519PrivateKey
                  ) -> tuple[Envelope, bytes]:
    """Parse, verify, then decrypt: the order the protocol requires."""
    envelope = parse(data)
    verify(envelope, sender)
    return envelope, decrypt(envelope, recipient)


def json_payload(payload: bytes) -> dict[str, Any]:
    """A JSON object payload, or ``malformed``."""
    try:
        value = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise EnvelopeError(MALFORMED, "payload is not JSON") from exc
    if not isinstance(value, dict):
        raise EnvelopeError(MALFORMED, "payload is not a JSON object")
    return value
