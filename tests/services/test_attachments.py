"""Attachments are stored once by SHA-256 and linked to cases."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from desktop.domain.errors import EnvironmentProblem, InputError, NotFoundError, PermissionDenied
from desktop.paths import Paths
from desktop.services import attachments
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
    shown = service.show(case_no, mediator).as_dict()
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


def _no_part_files(station) -> bool:
    return not list(station.paths.attachments.rglob("*.part"))


def test_a_folder_or_a_pipe_is_not_a_file(station, service, mediator, single_doc, tmp_path):
    case_no = service.register(single_doc, mediator).case_no
    folder = tmp_path / "扫描件"
    folder.mkdir()
    with pytest.raises(InputError) as err:
        attach_file(station, case_no, folder, mediator)
    assert err.value.exit_code == 2 and "文件夹" in err.value.zh and str(folder) in err.value.zh
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        with pytest.raises(InputError) as err:  # reading it would hang: refused up front
            attach_file(station, case_no, fifo, mediator)
        assert "不是普通文件" in err.value.zh
    assert _no_part_files(station)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads a chmod 000 file anyway (and Windows has no chmod)")
def test_an_unreadable_source_names_the_source_not_the_disk(station, service, mediator,
                                                            single_doc, tmp_path):
    case_no = service.register(single_doc, mediator).case_no
    f = tmp_path / "secret.pdf"
    f.write_bytes(b"x" * 100)
    f.chmod(0)
    try:
        with pytest.raises(InputError) as err:
            attach_file(station, case_no, f, mediator)
    finally:
        f.chmod(0o644)
    assert err.value.exit_code == 2
    assert "无法读取要添加的文件" in err.value.zh and str(f) in err.value.zh
    assert "磁盘" not in err.value.zh
    assert _no_part_files(station)


def test_a_source_that_fails_while_reading_is_an_input_problem(station, service, mediator,
                                                               single_doc, tmp_path):
    """Reading a folder's handle fails with EISDIR on open; /proc files fail mid-read."""
    case_no = service.register(single_doc, mediator).case_no
    if not Path("/proc/self/mem").exists():
        pytest.skip("needs /proc/self/mem, a regular-looking file whose read fails")
    with pytest.raises(InputError) as err:
        attach_file(station, case_no, Path("/proc/self/mem"), mediator)
    assert err.value.exit_code == 2 and "/proc/self/mem" in err.value.zh
    assert _no_part_files(station)


@pytest.fixture
def tiny_disk(tmp_path):
    """Mount a 64 KiB tmpfs (root on Linux only); yields a function that mounts at a folder."""
    mounted: list[Path] = []

    def mount(folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or 'no mount'})")
        mounted.append(folder)

    if shutil.which("mount") is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("a small full filesystem needs root (mount -t tmpfs)")
    yield mount
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_is_an_environment_problem_and_leaves_nothing(station, service, mediator,
                                                                  single_doc, tmp_path,
                                                                  tiny_disk):
    case_no = service.register(single_doc, mediator).case_no
    big = tmp_path / "big.pdf"
    big.write_bytes(os.urandom(3 * (1 << 20)))
    tiny_disk(station.paths.attachments)
    with pytest.raises(EnvironmentProblem) as err:
        attach_file(station, case_no, big, mediator)
    assert err.value.exit_code == 4 and "磁盘空间不足" in err.value.zh
    assert list(station.paths.attachments.iterdir()) == []
    assert service.show(case_no, mediator).attachments == []


def test_clean_leftovers_removes_only_stale_part_files(station, service, mediator,
                                                       single_doc, tmp_path):
    case_no = service.register(single_doc, mediator).case_no
    f = tmp_path / "a.txt"
    f.write_text("原件", encoding="utf-8")
    digest = attach_file(station, case_no, f, mediator)
    folder = station.paths.attachments
    stale = folder / "tmpkilled.part"
    stale.write_bytes(b"\0" * 4096)
    old = time.time() - 2 * attachments.STALE_AFTER_SECONDS
    os.utime(stale, (old, old))
    running = folder / "tmprunning.part"  # another process may still be writing this one
    running.write_bytes(b"\0" * 10)
    report = check_station(station.paths)
    assert report.ok  # a leftover is not damage ...
    assert {Path(p).name for p in report.leftover_parts} == {stale.name, running.name}
    assert any("tmpkilled.part" in note for note in report.notes)  # ... but check says so
    removed = attachments.clean_leftovers(station.paths)
    assert [r.path for r in removed] == [stale] and removed[0].size == 4096
    assert not stale.exists() and running.exists()
    assert station.paths.attachment_file(digest).is_file()
    assert [r.path for r in attachments.clean_leftovers(station.paths, older_than_seconds=0)] \
        == [running]
    assert attachments.clean_leftovers(station.paths) == []


def test_clean_leftovers_without_an_attachments_folder(tmp_path):
    assert attachments.clean_leftovers(Paths(tmp_path / "nothing")) == []
    assert not (tmp_path / "nothing").exists()
