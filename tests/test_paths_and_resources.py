"""The data folder's precedence, bundled resources and a locality's holiday file."""

from __future__ import annotations

import json
import os
import shutil
import sys
from datetime import date

import pytest

from desktop import paths, resources


def test_data_dir_beats_environment_beats_platform(tmp_path, monkeypatch):
    monkeypatch.setenv("TIAOJIE_HOME", str(tmp_path / "env"))
    assert paths.resolve(tmp_path / "arg").root == (tmp_path / "arg").resolve()
    assert paths.resolve().root == (tmp_path / "env").resolve()
    monkeypatch.delenv("TIAOJIE_HOME")
    assert paths.resolve().root.name == "tiaojie"


def test_ensure_creates_the_folders(tmp_path):
    p = paths.Paths(tmp_path / "x").ensure()
    assert p.attachments.is_dir() and p.holidays.is_dir() and p.logs.is_dir()


@pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX")
def test_a_new_data_folder_is_the_owners_alone(tmp_path):
    """Other users of a shared computer cannot read a new station's cases; a folder the
    user named that exists already keeps its own permissions."""
    new = paths.Paths(tmp_path / "new" / "station").ensure()
    assert new.root.stat().st_mode & 0o777 == 0o700
    existing = tmp_path / "shared"
    existing.mkdir(mode=0o755)
    existing.chmod(0o755)
    paths.Paths(existing).ensure()
    assert existing.stat().st_mode & 0o777 == 0o755


def test_bundled_calendar_covers_2025_and_2026():
    cal = resources.load_holiday_calendar()
    assert {2025, 2026} <= set(cal.years)
    assert not cal.is_working_day(date(2026, 10, 1))
    assert cal.is_working_day(date(2026, 2, 14))  # make-up Saturday


def test_a_dropped_in_year_file_is_used(tmp_path):
    local = tmp_path / "holidays"
    local.mkdir()
    doc = {"year": 2027, "source": "测试", "holidays": [{"name": "元旦", "days": ["2027-01-01"]}],
           "workdays": []}
    (local / "2027.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    cal = resources.load_holiday_calendar(local)
    assert 2027 in cal.years and not cal.is_working_day(date(2027, 1, 1))


def test_a_broken_local_file_is_skipped_and_named(tmp_path):
    """A bad override never stops a case view: the bundled year stays, the file is named."""
    local = tmp_path / "holidays"
    local.mkdir()
    (local / "2026.json").write_text("{not json", encoding="utf-8")
    load = resources.load_calendar(local)
    assert [p.kind for p in load.problems] == ["malformed"]
    problem = load.problems[0]
    assert problem.path == local / "2026.json" and "2026.json" in problem.zh
    assert "2026.json" in problem.en and "line 1" in problem.en
    assert not load.calendar.is_working_day(date(2026, 10, 1))  # bundled 2026 still used
    assert resources.load_holiday_calendar(local).years == load.calendar.years


def test_a_local_file_that_breaks_the_format_is_skipped_with_the_field(tmp_path):
    local = tmp_path / "holidays"
    local.mkdir()
    doc = {"year": 2027, "holidays": [], "workdays": [{"name": "调休", "day": "2027-03-03"}]}
    (local / "2027.json").write_text(json.dumps(doc), encoding="utf-8")
    (local / "2028.json").write_bytes(b"\xff\xfe\x00garbage")
    load = resources.load_calendar(local)
    kinds = {p.path.name: p for p in load.problems}
    assert kinds["2027.json"].kind == "invalid"
    assert kinds["2027.json"].where == "2027.workdays[0].day"
    assert "2027.workdays[0].day" in kinds["2027.json"].zh
    assert kinds["2028.json"].kind == "unreadable" and "UTF-8" in kinds["2028.json"].zh
    assert 2027 not in load.calendar.years and 2026 in load.calendar.years


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root reads a chmod 000 file anyway (and Windows has no chmod)")
def test_an_unreadable_local_file_is_reported(tmp_path):
    local = tmp_path / "holidays"
    local.mkdir()
    f = local / "2027.json"
    f.write_text("{}", encoding="utf-8")
    f.chmod(0)
    try:
        load = resources.load_calendar(local)
    finally:
        f.chmod(0o644)
    assert [p.kind for p in load.problems] == ["unreadable"]


def test_no_bundled_calendar_is_a_problem_not_silence(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    assert resources.base_dir() == tmp_path / "bundle"
    load = resources.load_calendar(None)
    assert [p.kind for p in load.problems] == ["missing"]
    assert load.calendar.years == () and not load.ok
    assert "重新安装" in load.problems[0].zh


def test_a_frozen_bundle_is_looked_up_under_meipass(tmp_path, monkeypatch):
    holidays = tmp_path / "bundle" / "resources" / "holidays"
    holidays.mkdir(parents=True)
    shutil.copy(resources.CHECKOUT_DIR / "resources/holidays/2026.json", holidays)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    load = resources.load_calendar(tmp_path / "no-such-folder")
    assert load.ok and load.calendar.years == (2026,)
    assert load.files == (holidays / "2026.json",)


def test_resources_are_found_from_the_checkout():
    assert resources.resource("holidays").is_dir()
    assert resources.form("README.md").is_file()
