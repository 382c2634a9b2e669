"""Attachments are stored once by SHA-256 and linked to cases."""

from __future__ import annotations

import hashlib

import pytest

from desktop.domain.errors import InputError, NotFoundError, PermissionDenied
from desktop.services.attachments import attach_file
from desktop.services.integrity import check_station


def test_attach_stores_by_hash_and_dedupes(station, service, mediator, single_doc, tmp_path):
    case_no = service.register(single_doc, mediator).case_no
    scan = tmp_path / "调解协议书-签字扫描.pdf"
    scan.write_bytes(b"%PDF-1.7 fake scan " * 1000)
    digest = attach_file(station, case_no, scan, mediator, description="签字盖章扫描件")
    assert digest == hashlib.sha256(scan.read_bytes()).hexdigest()
    assert station.paths.attachment_file(digest).read_bytes() == scan.read_bytes()
    assert check_station(station.paths).files_checked == 1
    again = attach_file(station, case_no, scan, mediator)
    assert again == digest
    files = list(station.paths.attachments.rglob("*"))
    assert sum(1 for f in files if f.is_file()) == 1  # one copy, two links
    shown = service.show(case_no, mediator)
    assert [a["filename"] for a in shown["attachments"]] == [scan.name, scan.name]
    assert not list(station.paths.attachments.rglob("*.part"))  # temp files sit beside
    assert files  # the stored files (attachments/ab/…), so the search is recursive


def test_tampered_store_is_detected(station, service, mediator, single_doc, tmp_path):
    case_no = service.register(single_doc, mediator).case_no
    f = tmp_path / "a.txt"
    f.write_text("原件", encoding="utf-8")
    digest = attach_file(station, case_no, f, mediator)
    assert check_station(station.paths).ok
    station.paths.attachment_file(digest).write_text("改过", encoding="utf-8")
    report = check_station(station.paths)
    assert not report.ok and "altered" in report.bad_files[0]
    station.paths.attachment_file(digest).unlink()
    assert "missing" in check_station(station.paths).bad_files[0]


def test_attach_errors(station, service, mediator, viewer, single_doc, tmp_path):
    case_no = service.register(single_doc, mediator).case_no
    with pytest.raises(InputError):
        attach_file(station, case_no, tmp_path / "missing.pdf", mediator)
    with pytest.raises(NotFoundError):
        attach_file(station, "无此案号", tmp_path / "missing.pdf", mediator)
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(PermissionDenied):
        attach_file(station, case_no, f, viewer)
