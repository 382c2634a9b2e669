"""Sync key pairs: an Ed25519 signing key and an X25519 encryption key per party.

Private keys are kept as PKCS#8 PEM encrypted under a passphrase (cryptography's best
available encryption: AES-256-CBC under scrypt) in one owner-only JSON file; public keys
travel as base64 of their raw 32 bytes.  Keys and passphrases are never logged.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from desktop.domain.errors import AuthError, EnvironmentProblem, InputError, os_error_reason
from desktop.sync.envelope import key_id, raw_public

MIN_PASSPHRASE = 8


@dataclass(frozen=True)
class PublicKeys:
    """Someone's public keys: to check their signatures and to encrypt to them."""

    sign: Ed25519PublicKey
    box: X25519PublicKey

    def to_json(self) -> dict[str, str]:
        return {"sign": b64(raw_public(self.sign)), "box": b64(raw_public(self.box))}

    @classmethod
    def from_json(cls, value: Any, where: str = "keys") -> PublicKeys:
        try:
            return cls(Ed25519PublicKey.from_public_bytes(unb64(value["sign"], 32)),
                       X25519PublicKey.from_public_bytes(unb64(value["box"], 32)))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"公钥格式不对（{where}）", f"malformed public keys ({where})",
                             where) from exc

    @property
    def ids(self) -> tuple[str, str]:
        return key_id(self.sign), key_id(self.box)


@dataclass(frozen=True)
class KeyPairs:
    """One party's private keys."""

    sign: Ed25519PrivateKey
    box: X25519PrivateKey

    @classmethod
    def generate(cls) -> KeyPairs:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @property
    def public(self) -> PublicKeys:
        return PublicKeys(self.sign.public_key(), self.box.public_key())


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any, length: int | None = None) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    data = base64.b64decode(text.encode("ascii"), validate=True)
    if length is not None and len(data) != length:
        raise ValueError(f"expected {length} bytes")
    return data


def check_passphrase(passphrase: str) -> bytes:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InputError(f"密钥口令至少 {MIN_PASSPHRASE} 个字符",
                         f"the key passphrase needs at least {MIN_PASSPHRASE} characters",
                         "passphrase")
    return passphrase.encode("utf-8")


def save(path: Path, keys: KeyPairs, passphrase: str, extra: dict[str, Any]) -> None:
    """Write the private keys, encrypted, with ``extra`` (public facts) beside them."""
    secret = serialization.BestAvailableEncryption(check_passphrase(passphrase))

    def pem(key: Ed25519PrivateKey | X25519PrivateKey) -> str:
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 secret).decode("ascii")

    doc = {**extra, "sign_key": pem(keys.sign), "box_key": pem(keys.box),
           "public": keys.public.to_json()}
    write_private(path, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))


def read_facts(path: Path) -> dict[str, Any]:
    """The public part of a key file (no passphrase needed)."""
    try:
        doc = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as exc:
        raise EnvironmentProblem(f"无法读取同步密钥文件 {path}",
                                 f"cannot read the sync key file {path}: {exc}") from exc
    return {k: v for k, v in doc.items() if k not in ("sign_key", "box_key")}


def load(path: Path, passphrase: str) -> KeyPairs:
    """The private keys from ``path``.

    Raises:
        AuthError: wrong passphrase.
        EnvironmentProblem: the file cannot be read or is damaged.
    """
    try:
        doc = json.loads(path.read_bytes())
        sign_pem, box_pem = doc["sign_key"].encode(), doc["box_key"].encode()
    except OSError as exc:
        raise EnvironmentProblem(f"无法读取同步密钥（{path}）：{os_error_reason(exc)}",
                                 f"cannot read the sync keys in {path}: {exc.strerror}") from exc
    except (ValueError, KeyError, AttributeError) as exc:
        raise EnvironmentProblem(f"同步密钥文件已损坏：{path}",
                                 f"the sync key file is damaged: {path}") from exc
    try:
        sign = serialization.load_pem_private_key(sign_pem, passphrase.encode("utf-8"))
        box = serialization.load_pem_private_key(box_pem, passphrase.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        raise AuthError("同步密钥口令不对", "wrong sync key passphrase") from exc
    if not isinstance(sign, Ed25519PrivateKey) or not isinstance(box, X25519PrivateKey):
        raise EnvironmentProblem(f"同步密钥文件已损坏：{path}",
                                 f"the sync key file holds other key types: {path}")
    return KeyPairs(sign, box)


def write_private(path: Path, data: bytes) -> None:
    """Write an owner-only file atomically (temporary file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(path.parent, 0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
