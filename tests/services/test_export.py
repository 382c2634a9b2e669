"""Exporting the case list to XLSX: the whole list in its order, or a plain refusal that
leaves nothing behind when the target cannot be written."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.domain.errors import EnvironmentProblem
from desktop.services import export, runner
from desktop.storage.cases import CaseFilter


@pytest.fixture
def cases(service, mediator, single_doc):
    return [service.register(single_doc, mediator).case_no for _ in range(3)]


def _run(station, op):
    """Run ``op`` the way the desktop does (a worker thread), recording its progress."""
    progress: list[tuple[int, int]] = []
    task = runner.Runner(station).submit(op, on_progress=lambda d, t: progress.append((d, t)))
    assert task.future is not None
    try:
        return task.future.result(timeout=60), progress
    except BaseException as exc:
        exc.progress = progress  # type: ignore[attr-defined]
        raise


def _export(target: Path, user):
    return lambda station: export.export_cases(station, user, target, filters=CaseFilter())


def test_the_whole_list_is_written_in_its_order(station, mediator, cases, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "案件列表.xlsx"
    written, progress = _run(station, _export(target, mediator))
    assert written == 3 and progress[-1] == (3, 3)
    rows = list(load_workbook(target).active.values)
    assert rows[0] == export.HEADERS
    assert [r[0] for r in rows[1:]] == list(reversed(cases))
    assert not list(tmp_path.glob("*.part"))


def test_a_file_where_the_folder_should_be_is_refused_before_any_row(station, mediator,
                                                                     cases, tmp_path):
    """Fails for root too: a path through a regular file (ENOTDIR)."""
    blocker = tmp_path / "导出"
    blocker.write_text("不是文件夹", encoding="utf-8")
    with pytest.raises(EnvironmentProblem) as err:
        _run(station, _export(blocker / "案件列表.xlsx", mediator))
    assert err.value.exit_code == 4
    assert "无法写入文件" in err.value.zh and "路径中有一项不是文件夹" in err.value.zh
    assert "Not a directory" not in err.value.zh  # the system's English stays in .en
    assert err.value.progress == []  # type: ignore[attr-defined]  # no row was read


def test_a_missing_folder_says_so_in_chinese(station, mediator, cases, tmp_path):
    with pytest.raises(EnvironmentProblem) as err:
        export.export_cases(station, mediator, tmp_path / "没有" / "a.xlsx",
                            filters=CaseFilter())
    assert "文件夹不存在" in err.value.zh and "No such file" in err.value.en


def test_a_cancelled_export_leaves_nothing(station, mediator, cases, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "PAGE", 1)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "a.xlsx"
    task_runner = runner.Runner(station)
    task = task_runner.submit(_export(target, mediator),
                              on_progress=lambda d, t: task.cancel())
    assert task.future is not None
    with pytest.raises(runner.Cancelled):
        task.future.result(timeout=60)
    task_runner.shutdown()
    assert list(folder.iterdir()) == []


def _mount(folder: Path, options: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'no mount'})")


@pytest.fixture
def mounts():
    """Mount small tmpfs file systems (root on Linux only: chmod does not stop root);
    unmounted afterwards."""
    if shutil.which("mount") is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("a read-only or full file system needs root (mount -t tmpfs)")
    mounted: list[Path] = []

    def mount(folder: Path, options: str) -> Path:
        _mount(folder, options)
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_read_only_disk_is_refused_before_any_row(station, mediator, cases, tmp_path,
                                                    mounts):
    folder = mounts(tmp_path / "u盘", "size=64k,ro")
    with pytest.raises(EnvironmentProblem) as err:
        _run(station, _export(folder / "案件列表.xlsx", mediator))
    assert "磁盘为只读" in err.value.zh and "Read-only" in err.value.en
    assert err.value.progress == []  # type: ignore[attr-defined]
    assert list(folder.iterdir()) == []


def test_a_full_disk_is_reported_and_its_part_file_removed(station, mediator, cases,
                                                           tmp_path, mounts):
    folder = mounts(tmp_path / "满", "size=4k")
    with pytest.raises(EnvironmentProblem) as err:
        _run(station, _export(folder / "案件列表.xlsx", mediator))
    assert "磁盘已满" in err.value.zh
    assert list(folder.iterdir()) == []


def test_a_part_file_that_cannot_be_removed_never_hides_the_failure(tmp_path, mounts):
    """Cleaning up on a disk that turned read-only must not raise again (it did: the bug
    dialog showed 'Read-only file system' about the .part instead of the real failure)."""
    folder = mounts(tmp_path / "u盘", "size=64k")
    part = folder / "a.xlsx.part"
    part.write_bytes(b"half")
    done = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot remount read-only here")
    export._remove_quietly(part)  # logs, never raises
    assert part.exists()
