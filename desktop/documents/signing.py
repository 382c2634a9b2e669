"""The organisation's document-signing identity, PAdES signatures and their verification.

Before enrolment with the county the station issues its own certificates: a station root
("本站自签发") and, under it, the document-signing certificate; both say in their names
that they are self-issued.  After enrolment the county's certificate replaces the leaf
(the sync capability writes ``county-ca.pem`` and the new leaf here).

Files, in ``<data>/keys/`` (owner-only permissions; never logged):
``station-root.crt``, ``document-signing.key`` (PKCS#8 PEM), ``document-signing.crt``,
and optionally ``county-ca.pem`` (the county's trust anchors).

Signing is pyHanko's PAdES (``ETSI.CAdES.detached``, certification signature that allows
form filling only); verification is pyHanko's validator against the station root and the
county's anchors.  This is a tamper-evidence signature, not a 可靠电子签名.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from desktop.documents.x509name import fit
from desktop.domain.errors import EnvironmentProblem, InputError, os_error_reason

log = logging.getLogger(__name__)

ROOT_CERT, LEAF_KEY, LEAF_CERT, COUNTY_CA = (
    "station-root.crt", "document-signing.key", "document-signing.crt", "county-ca.pem")
SELF_ISSUED = "本站自签发"
FIELD_NAME = "TiaojieSignature"
_lock = threading.Lock()


@dataclass(frozen=True)
class Identity:
    """The loaded signing identity."""

    key_pem: bytes
    cert_pem: bytes
    root_pem: bytes
    self_issued: bool

    @property
    def cert_sha256(self) -> str:
        cert = x509.load_pem_x509_certificate(self.cert_pem)
        return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def keys_dir(root: Path) -> Path:
    return root / "keys"


def ensure_identity(root: Path, org_name: str) -> Identity:
    """The station's signing identity, created (self-issued) on first use.

    Raises:
        EnvironmentProblem: the keys folder cannot be written or read.
    """
    folder = keys_dir(root)
    with _lock:
        try:
            if not (folder / LEAF_CERT).is_file():
                _create_self_issued(folder, org_name)
            key = (folder / LEAF_KEY).read_bytes()
            cert = (folder / LEAF_CERT).read_bytes()
            root_pem = (folder / ROOT_CERT).read_bytes()
        except OSError as exc:
            raise EnvironmentProblem(
                f"无法读写文书签名密钥（{folder}）：{os_error_reason(exc)}",
                f"cannot use the document-signing keys in {folder}: {exc.strerror}") from exc
    return Identity(key, cert, root_pem, self_issued=SELF_ISSUED in _subject(cert))


def _subject(cert_pem: bytes) -> str:
    cert = x509.load_pem_x509_certificate(cert_pem)
    return cert.subject.rfc4514_string()


def _name(org_name: str, what: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, fit(org_name)),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, SELF_ISSUED),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{what}（{SELF_ISSUED}）"),
    ])


def _create_self_issued(folder: Path, org_name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    now = datetime.now(UTC) - timedelta(days=1)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name(org_name, "根证书")
    root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + timedelta(days=365 * 20))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()),
                           critical=False)
            .sign(root_key, hashes.SHA256()))
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder().subject_name(_name(org_name, "文书签名"))
            .issuer_name(root_name).public_key(leaf_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + timedelta(days=365 * 10))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                root_key.public_key()), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()),
                           critical=False)
            .sign(root_key, hashes.SHA256()))
    # The root's private key is not kept: it has signed its one certificate.
    _write_private(folder / LEAF_KEY, leaf_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    (folder / ROOT_CERT).write_bytes(root.public_bytes(serialization.Encoding.PEM))
    (folder / LEAF_CERT).write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    log.info("created the station's self-issued document-signing certificate")


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def _pems(path: Path) -> list[bytes]:
    """Each certificate of a PEM file (none when the file is missing or unreadable)."""
    try:
        certs = x509.load_pem_x509_certificates(path.read_bytes())
    except (OSError, ValueError):
        return []
    return [c.public_bytes(serialization.Encoding.PEM) for c in certs]


def county_roots(root: Path) -> list[bytes]:
    """The county's trust anchors, once enrolled (PEM each)."""
    return _pems(keys_dir(root) / COUNTY_CA)


def trust_roots(root: Path) -> list[bytes]:
    """PEM certificates this station trusts: its own root and the county's anchors."""
    return _pems(keys_dir(root) / ROOT_CERT) + county_roots(root)


def sign_pdf(pdf: bytes, identity: Identity, *, reason: str, location: str) -> bytes:
    """``pdf`` with a PAdES certification signature by the station (invisible field)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = asn1_keys.PrivateKeyInfo.load(
        serialization.load_pem_private_key(identity.key_pem, None).private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
    cert = asn1_x509.Certificate.load(_der(identity.cert_pem))
    chain = SimpleCertificateStore.from_certs([asn1_x509.Certificate.load(
        _der(identity.root_pem))])
    signer = signers.SimpleSigner(signing_cert=cert, signing_key=key, cert_registry=chain)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name=FIELD_NAME))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES,
        certify=True, docmdp_permissions=MDPPerm.FILL_FORMS, reason=reason,
        location=location, embed_validation_info=False)
    out = io.BytesIO()
    # A fixed reservation spares pyHanko a dry run of the whole CMS to size it (half the
    # time); an ECDSA signature with its two certificates takes about 2 KB.
    signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=out, bytes_reserved=8192)
    return out.getvalue()


def _der(pem: bytes) -> bytes:
    return x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)


@dataclass(frozen=True)
class Verdict:
    """What a PDF's signature says."""

    signed: bool
    intact: bool
    valid: bool
    trusted: bool
    signer: str = ""
    signed_at: str = ""
    self_issued: bool = False
    county: bool = False
    modified_after: bool = False
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.valid and self.trusted \
            and not self.modified_after


def verify_pdf(data: bytes, roots: list[bytes], county_roots: list[bytes] | None = None
               ) -> Verdict:
    """Check the PDF's first signature: intact, valid, chained to ``roots``.

    Raises:
        InputError: the bytes are not a readable PDF.
    """
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise InputError("不是可读取的 PDF 文件（可能已损坏或被截断）",
                         f"not a readable PDF ({exc})", "file") from exc
    if not sigs:
        return Verdict(False, False, False, False, problem="文件没有数字签名")
    anchors = [asn1_x509.Certificate.load(_der(p)) for p in roots]
    logging.getLogger("pyhanko").setLevel(logging.ERROR)  # an untrusted path is an answer
    context = ValidationContext(trust_roots=anchors, allow_fetching=False)
    sig = sigs[0]
    try:
        status = validate_pdf_signature(sig, context)
    except Exception as exc:  # a malformed signature dictionary or CMS blob
        log.info("signature could not be validated: %s", type(exc).__name__)
        return Verdict(True, False, False, False, problem="签名数据无法解析（文件可能被改动）")
    cert = status.signing_cert
    names = cert.subject.native if cert is not None else {}
    common = names.get("common_name", "")
    org = names.get("organization_name", "")
    subject = f"{org} {common}".strip() if org and org not in common else common
    county_ders = {_der(p) for p in (county_roots or [])}
    chain_ders = set()
    with contextlib.suppress(Exception):
        for path in (status.validation_path,) if status.validation_path else ():
            chain_ders = {c.dump() for c in path}
    signed_at = status.signer_reported_dt.astimezone().isoformat(timespec="seconds") \
        if status.signer_reported_dt else ""
    coverage = str(status.coverage) if status.coverage is not None else ""
    modified = status.modification_level is not None and "NONE" not in str(
        status.modification_level) and "LTA_UPDATES" not in str(status.modification_level)
    return Verdict(
        signed=True, intact=bool(status.intact), valid=bool(status.valid),
        trusted=bool(status.trusted), signer=subject, signed_at=signed_at,
        self_issued=SELF_ISSUED in subject, county=bool(chain_ders & county_ders),
        modified_after=modified or "ENTIRE_FILE" not in coverage,
        problem="")


def certificate_request(identity: Identity, org_name: str, station_id: str) -> str:
    """A certificate request (PEM) for the document-signing key, for the county's CA."""
    key = serialization.load_pem_private_key(identity.key_pem, None)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, fit(org_name)),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, fit(station_id)),
        x509.NameAttribute(NameOID.COMMON_NAME, fit(org_name, " 文书签名")),
    ])
    csr = x509.CertificateSigningRequestBuilder().subject_name(name).sign(
        key, hashes.SHA256())  # type: ignore[arg-type]
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


def install_county_certificate(root: Path, cert_pem: bytes, ca_pem: bytes) -> None:
    """Replace the self-issued leaf with the county's certificate for the same key.

    Raises:
        InputError: the certificate is not for this station's key or not from that CA.
    """
    folder = keys_dir(root)
    with _lock:
        key = serialization.load_pem_private_key((folder / LEAF_KEY).read_bytes(), None)
        cert = x509.load_pem_x509_certificate(cert_pem)
        ca = x509.load_pem_x509_certificate(ca_pem)
        mine = key.public_key().public_bytes(serialization.Encoding.DER,
                                             serialization.PublicFormat.SubjectPublicKeyInfo)
        theirs = cert.public_key().public_bytes(serialization.Encoding.DER,
                                                serialization.PublicFormat.SubjectPublicKeyInfo)
        try:
            cert.verify_directly_issued_by(ca)
        except (ValueError, TypeError, InvalidSignature) as exc:
            raise InputError("县级证书不是由县级 CA 签发的", "the certificate is not issued by "
                             "the county CA") from exc
        if mine != theirs:
            raise InputError("县级证书与本站文书签名密钥不符",
                             "the county certificate is for another key")
        (folder / COUNTY_CA).write_bytes(ca_pem)
        tmp = folder / (LEAF_CERT + ".tmp")
        tmp.write_bytes(cert_pem)
        os.replace(tmp, folder / LEAF_CERT)
    log.info("installed the county-issued document-signing certificate")
