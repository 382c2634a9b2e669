"""The data folder's precedence, bundled resources and a locality's holiday file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from desktop import paths, resources
from desktop.domain.errors import ValidationError


def test_data_dir_beats_environment_beats_platform(tmp_path, monkeypatch):
    monkeypatch.setenv("TIAOJIE_HOME", str(tmp_path / "env"))
    assert paths.resolve(tmp_path / "arg").root == (tmp_path / "arg").resolve()
    assert paths.resolve().root == (tmp_path / "env").resolve()
    monkeypatch.delenv("TIAOJIE_HOME")
    assert paths.resolve().root.name == "tiaojie"


def test_ensure_creates_the_folders(tmp_path):
    p = paths.Paths(tmp_path / "x").ensure()
    assert p.attachments.is_dir() and p.holidays.is_dir() and p.logs.is_dir()


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


def test_a_broken_local_file_is_named(tmp_path):
    local = tmp_path / "holidays"
    local.mkdir()
    (local / "2027.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        resources.load_holiday_calendar(local)
    assert "2027.json" in err.value.zh


def test_resources_live_beside_the_package():
    assert resources.resource("holidays").is_dir()
    assert Path(resources.base_dir(), "forms").is_dir()
