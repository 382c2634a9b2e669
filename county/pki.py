"""The county's certificates: its CA (which certifies each station's document-signing key,
so PDFs a station signs verify against the county's anchor), the station certificates it
issues, and the service's own self-signed TLS certificate (pinned by stations)."""

from __future__ import annotations

import hashlib
import ipaddress
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from desktop.documents.x509name import fit
from desktop.sync import keys

CA_KEY, CA_CERT = "county-ca.key", "county-ca.crt"
TLS_KEY, TLS_CERT = "tls.key", "tls.crt"


def make_ca(folder: Path, name: str, passphrase: str) -> None:
    """The county CA: key encrypted under the passphrase, certificate beside it."""
    secret = serialization.BestAvailableEncryption(keys.check_passphrase(passphrase))
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, fit(name)),
                         x509.NameAttribute(NameOID.COMMON_NAME, fit(name, " 工作站证书"))])
    start = datetime.now(UTC) - timedelta(days=1)
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(start).not_valid_after(start + timedelta(days=365 * 20))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True,
                                       False, False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                         critical=False)
          .sign(ca_key, hashes.SHA256()))
    keys.write_private(folder / CA_KEY, ca_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, secret))
    (folder / CA_CERT).write_bytes(ca.public_bytes(serialization.Encoding.PEM))


def issue_certificate(folder: Path, passphrase: str, csr: x509.CertificateSigningRequest,
                      station_id: str, station_name: str) -> x509.Certificate:
    """A station's document-signing certificate for the key in its request."""
    ca_key = serialization.load_pem_private_key(
        (folder / CA_KEY).read_bytes(), passphrase.encode("utf-8"))
    ca = x509.load_pem_x509_certificate((folder / CA_CERT).read_bytes())
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, fit(station_name)),
                         x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, fit(station_id)),
                         x509.NameAttribute(NameOID.COMMON_NAME, fit(station_name, " 文书签名"))])
    start = datetime.now(UTC) - timedelta(days=1)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(ca.subject)
            .public_key(csr.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + timedelta(days=365 * 5))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False,
                                         False, False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                           critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca.public_key()), critical=False)  # type: ignore[arg-type]
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(csr.public_key()),  # type: ignore[arg-type]
                           critical=False)
            .sign(ca_key, hashes.SHA256()))  # type: ignore[arg-type]


def make_tls_certificate(folder: Path, host: str) -> str:
    """A self-signed TLS certificate for the county service; returns its SHA-256 (pinned
    by stations from their enrolment file)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    try:
        alt: x509.GeneralName = x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        alt = x509.DNSName(host)
    start = datetime.now(UTC) - timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + timedelta(days=365 * 10))
            .add_extension(x509.SubjectAlternativeName([alt, x509.DNSName("localhost")]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    keys.write_private(folder / TLS_KEY, key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    der = cert.public_bytes(serialization.Encoding.DER)
    (folder / TLS_CERT).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return hashlib.sha256(der).hexdigest()
