"""Enrolment (docs/sync-protocol.md §7): the county's enrolment file, the station's request
and the county's answer.

1. The county writes an *enrolment file* (JSON, signed with its Ed25519 key): its id, name,
   address, TLS certificate fingerprint, public keys and CA certificate, the station's id
   and name, and a one-time token.  It travels on a USB stick or as a download.
2. The station makes its own keys and answers with an ``enrol`` envelope encrypted to the
   county: the token, its public keys, a certificate request for its document-signing key
   and an install id.  It is signed with the new key, whose public half is inside: the
   county checks that signature after decrypting, and the token proves the right to enrol.
3. The county answers with an ``enrolled`` envelope encrypted to the station and signed by
   the county: the station's certificate (used for PDF signatures) and the CA chain.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.domain.errors import InputError
from desktop.sync.envelope import canonical, canonical_or_none
from desktop.sync.keys import PublicKeys, b64, unb64

ENROL_FORMAT = "tiaojie-enrol/1"
FILE_SUFFIX = ".tjenrol"
MAX_FILE = 1024 * 1024  # an enrolment file is a few kilobytes; larger is refused unread


def _bad(zh: str, en: str) -> InputError:
    return InputError(f"注册文件无效：{zh}", f"invalid enrolment file: {en}", "enrolment")


def make_enrol_file(*, county: dict[str, Any], station: dict[str, str], token: bytes,
                    expires: str, signer: Ed25519PrivateKey) -> bytes:
    body = {"format": ENROL_FORMAT, "county": county, "station": station,
            "token": b64(token), "expires": expires}
    body["signature"] = b64(signer.sign(canonical(body)))
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def read_enrol_file(data: bytes) -> dict[str, Any]:
    """The checked contents of an enrolment file.

    Raises:
        InputError: not an enrolment file, damaged, or its signature does not match.
    """
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _bad("不是 JSON", "not JSON") from exc
    if not isinstance(doc, dict) or doc.get("format") != ENROL_FORMAT:
        raise _bad("格式不对", f"format is not {ENROL_FORMAT}")
    county, station = doc.get("county"), doc.get("station")
    if not isinstance(county, dict) or not isinstance(station, dict):
        raise _bad("缺少县级或工作站信息", "county or station missing")
    for key in ("id", "name"):
        if not isinstance(county.get(key), str) or not isinstance(station.get(key), str):
            raise _bad(f"缺少 {key}", f"missing {key}")
    for key in ("url", "tls_sha256"):
        if county.get(key) is not None and not isinstance(county.get(key), str):
            raise _bad(key, key)
    if county.get("url") is not None:
        from desktop.sync.transport import check_url
        check_url(county["url"])  # a bad address is said here, not when first used
    if not isinstance(county.get("ca_pem"), str):
        raise _bad("缺少县级证书", "no county CA certificate")
    try:
        x509.load_pem_x509_certificate(county["ca_pem"].encode("ascii"))
    except ValueError as exc:
        raise _bad("县级证书格式不对", "bad county CA certificate") from exc
    keys = PublicKeys.from_json(county.get("keys"), "county.keys")
    try:
        token = unb64(doc.get("token"), 32)
        signature = unb64(doc.get("signature"), 64)
    except ValueError as exc:
        raise _bad("令牌或签名格式不对", "bad token or signature") from exc
    if not isinstance(doc.get("expires"), str):
        raise _bad("缺少有效期", "no expiry")
    body = canonical_or_none({k: v for k, v in doc.items() if k != "signature"})
    try:
        if body is None:  # NaN, Infinity or a lone surrogate: nothing was signed like that
            raise InvalidSignature
        keys.sign.verify(signature, body)
    except InvalidSignature as exc:
        raise _bad("签名不对（文件被改动过或已损坏）",
                   "signature does not match (altered?)") from exc
    return {"county": county, "station": station, "token": token, "expires": doc["expires"],
            "county_keys": keys}


def request_payload(*, token: bytes, keys: PublicKeys, csr_pem: str, install_id: str,
                    org: dict[str, Any]) -> bytes:
    return canonical({"format": 1, "token": b64(token), "keys": keys.to_json(),
                      "csr": csr_pem, "install_id": install_id, "org": org})


def parse_request(doc: dict[str, Any]) -> dict[str, Any]:
    if doc.get("format") != 1:
        raise _bad("请求格式不对", "request format")
    for key in ("token", "csr", "install_id"):
        if not isinstance(doc.get(key), str):
            raise _bad(f"请求缺少 {key}", f"request field {key}")
    if not isinstance(doc.get("org"), dict):
        raise _bad("请求缺少机构信息", "request field org")
    try:
        token = unb64(doc["token"], 32)
        csr = x509.load_pem_x509_csr(doc["csr"].encode("ascii"))
    except ValueError as exc:
        raise _bad("令牌或证书请求格式不对", "bad token or CSR") from exc
    if not csr.is_signature_valid:
        raise _bad("证书请求签名不对", "CSR signature invalid")
    return {"token": token, "keys": PublicKeys.from_json(doc.get("keys"), "request.keys"),
            "csr": csr, "install_id": doc["install_id"], "org": doc["org"]}


def response_payload(*, certificate_pem: str, ca_pem: str, station: str, county: str,
                     url: str | None) -> bytes:
    return canonical({"format": 1, "certificate": certificate_pem, "ca": ca_pem,
                      "station": station, "county": county, "url": url})
