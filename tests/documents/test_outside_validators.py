"""Issued PDFs as outside tools see them: poppler's pdfsig (with the station's root in an
NSS database, as a court clerk's machine would trust it) and pyHanko's own validator."""

from __future__ import annotations

import shutil
import subprocess

from desktop.documents import signing
from desktop.services import documents as doc_svc


def _nss_db(tmp_path, root_pem: bytes):
    db = tmp_path / "nss"
    db.mkdir()
    ca = tmp_path / "ca.pem"
    ca.write_bytes(root_pem)
    subprocess.run(["certutil", "-N", "-d", f"sql:{db}", "--empty-password"], check=True,
                   capture_output=True)
    subprocess.run(["certutil", "-A", "-d", f"sql:{db}", "-n", "station-root", "-t", "C,C,C",
                    "-a", "-i", str(ca)], check=True, capture_output=True)
    return db


def _pdfsig(path, db) -> str:
    # pdfsig exits 0 even for a changed file: its verdict is in the text.
    done = subprocess.run(["pdfsig", "-nssdir", f"sql:{db}", str(path)], capture_output=True,
                          text=True)
    return done.stdout + done.stderr


def test_pdfsig_reports_valid_and_trusted_then_a_changed_byte(station, admin, make_case,
                                                              tmp_path):
    assert shutil.which("pdfsig") and shutil.which("certutil"), \
        "poppler-utils and libnss3-tools are installed by .ci/run"
    issued = doc_svc.issue(station, make_case("agreement"), "agreement", admin)
    roots = signing.trust_roots(station.paths.root)
    db = _nss_db(tmp_path, roots[0])
    report = _pdfsig(issued.path, db)
    assert "Signature is Valid." in report, report
    assert "Certificate is Trusted." in report, report
    assert "Total document signed" in report, report
    assert "ETSI.CAdES.detached" in report
    changed = tmp_path / "changed.pdf"
    data = bytearray(issued.path.read_bytes())
    data[data.index(b"stream") + 400] ^= 0x01
    changed.write_bytes(bytes(data))
    report = _pdfsig(changed, db)
    assert "Signature is Valid." not in report and "Digest Mismatch" in report, report
