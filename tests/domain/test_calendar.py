"""Tests for desktop.domain.calendar against the real bundled holiday files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.calendar import HolidayCalendar
from desktop.domain.errors import ValidationError

HOLIDAY_DIR = Path(__file__).parents[2] / "resources" / "holidays"


def _load(year: int) -> dict[str, Any]:
    return json.loads((HOLIDAY_DIR / f"{year}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cal() -> HolidayCalendar:
    return HolidayCalendar.from_documents([_load(2025), _load(2026)])


def _doc(**overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "year": 2030,
        "source": "test",
        "holidays": [{"name": "元旦", "days": ["2030-01-01"]}],
        "workdays": [{"name": "调休", "day": "2030-01-05"}],  # a Saturday
    }
    doc.update(overrides)
    return doc


# --- the data files ---------------------------------------------------------


def test_data_files_match_the_state_council_notices(cal: HolidayCalendar) -> None:
    assert cal.years == (2025, 2026)
    doc25, doc26 = _load(2025), _load(2026)
    assert "国办发明电〔2024〕12号" in doc25["source"]
    assert "国办发明电〔2025〕7号" in doc26["source"]
    # Totals from the notices: 2025 has 28 days off and 5 make-up days, 2026 33 and 6.
    assert sum(len(h["days"]) for h in doc25["holidays"]) == 28
    assert [w["day"] for w in doc25["workdays"]] == [
        "2025-01-26",
        "2025-02-08",
        "2025-04-27",
        "2025-09-28",
        "2025-10-11",
    ]
    assert sum(len(h["days"]) for h in doc26["holidays"]) == 33
    assert [w["day"] for w in doc26["workdays"]] == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]
    spring = next(h["days"] for h in doc26["holidays"] if h["name"] == "春节")
    assert (spring[0], spring[-1], len(spring)) == ("2026-02-15", "2026-02-23", 9)


# --- working days -----------------------------------------------------------


def test_is_working_day(cal: HolidayCalendar) -> None:
    assert cal.is_working_day(date(2026, 1, 5))  # ordinary Monday
    assert not cal.is_working_day(date(2026, 3, 7))  # ordinary Saturday
    assert not cal.is_working_day(date(2026, 2, 16))  # 春节 on a Monday
    assert cal.is_working_day(date(2026, 2, 14))  # make-up Saturday
    assert cal.is_working_day(date(2026, 9, 20))  # make-up Sunday
    assert not cal.is_working_day(date(2025, 10, 8))  # 国庆中秋 on a Wednesday
    assert cal.holiday_name(date(2026, 2, 16)) == "春节"
    assert cal.holiday_name(date(2026, 2, 14)) is None


def test_add_working_days_across_a_weekend(cal: HolidayCalendar) -> None:
    # Friday + 3 working days: Mon 2, Tue 3, Wed 4 February.
    assert cal.add_working_days(date(2026, 1, 30), 3) == date(2026, 2, 4)
    assert cal.add_working_days(date(2026, 1, 30), 1) == date(2026, 2, 2)


def test_add_working_days_across_spring_festival_2026(cal: HolidayCalendar) -> None:
    # Thu 12 Feb: Fri 13 (1), make-up Sat 14 (2), 15–23 off, Tue 24 (3).
    assert cal.add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)
    assert cal.add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 14)


def test_add_working_days_counts_make_up_sunday_2025(cal: HolidayCalendar) -> None:
    # Fri 24 Jan 2025: make-up Sun 26 (1), Mon 27 (2), 28 Jan – 4 Feb off, Wed 5 (3).
    assert cal.add_working_days(date(2025, 1, 24), 1) == date(2025, 1, 26)
    assert cal.add_working_days(date(2025, 1, 24), 3) == date(2025, 2, 5)


def test_add_working_days_rejects_zero(cal: HolidayCalendar) -> None:
    with pytest.raises(ValidationError) as err:
        cal.add_working_days(date(2026, 1, 5), 0)
    assert err.value.where == "n"


def test_next_working_day_on_or_after(cal: HolidayCalendar) -> None:
    assert cal.next_working_day_on_or_after(date(2026, 1, 5)) == date(2026, 1, 5)
    assert cal.next_working_day_on_or_after(date(2026, 1, 1)) == date(2026, 1, 4)  # make-up Sun
    assert cal.next_working_day_on_or_after(date(2026, 2, 15)) == date(2026, 2, 24)


# --- deadlines --------------------------------------------------------------


def test_deadline_ending_on_holiday_moves_past_whole_holiday(cal: HolidayCalendar) -> None:
    # 16 Sep + 15 days = 1 Oct (国庆); the holiday runs to 7 Oct.
    assert cal.calendar_deadline(date(2026, 9, 16), 15) == date(2026, 10, 8)


def test_deadline_ending_on_sunday_moves_to_monday(cal: HolidayCalendar) -> None:
    assert cal.calendar_deadline(date(2026, 2, 28), 15) == date(2026, 3, 16)


def test_deadline_ending_on_make_up_saturday_does_not_move(cal: HolidayCalendar) -> None:
    assert cal.calendar_deadline(date(2026, 9, 25), 15) == date(2026, 10, 10)


def test_deadline_ending_on_working_day_is_start_plus_days(cal: HolidayCalendar) -> None:
    assert cal.calendar_deadline(date(2026, 3, 2), 15) == date(2026, 3, 17)


def test_year_deadline(cal: HolidayCalendar) -> None:
    assert cal.year_deadline(date(2024, 2, 29)) == date(2025, 2, 28)  # no 29 Feb in 2025
    assert cal.year_deadline(date(2025, 3, 10)) == date(2026, 3, 10)
    assert cal.year_deadline(date(2025, 10, 1)) == date(2026, 10, 8)  # lands in 国庆
    assert cal.year_deadline(date(2024, 3, 8), years=2) == date(2026, 3, 9)  # Sun → Mon


# --- coverage and missing years ---------------------------------------------


def test_year_without_data_falls_back_to_weekends(cal: HolidayCalendar) -> None:
    assert not cal.covers(date(2027, 1, 1))
    assert cal.covers(date(2026, 12, 31))
    assert cal.is_working_day(date(2027, 1, 1))  # surely 元旦, but unknown without data
    assert not cal.is_working_day(date(2027, 1, 2))  # Saturday
    assert cal.calendar_deadline(date(2026, 12, 20), 15) == date(2027, 1, 4)
    assert not cal.covers_range(date(2026, 12, 20), date(2027, 1, 4))
    assert cal.covers_range(date(2025, 12, 20), date(2026, 1, 4))
    assert not cal.covers_range(date(2024, 12, 20), date(2025, 1, 4))


def test_empty_calendar() -> None:
    empty = HolidayCalendar.empty()
    assert empty.years == ()
    assert not empty.covers(date(2026, 2, 16))
    assert empty.is_working_day(date(2026, 2, 16))
    assert not empty.is_working_day(date(2026, 2, 14))
    assert empty == HolidayCalendar.from_documents([])


def test_calendar_is_immutable(cal: HolidayCalendar) -> None:
    with pytest.raises(AttributeError):
        cal._years = frozenset()  # type: ignore[misc]
    with pytest.raises(TypeError):
        cal._off[date(2026, 3, 2)] = "x"  # type: ignore[index]


# --- overrides and validation -----------------------------------------------


def test_later_document_replaces_year() -> None:
    local = {
        "year": 2026,
        "source": "本地",
        "holidays": [{"name": "本地假日", "days": ["2026-03-02"]}],
        "workdays": [],
    }
    cal = HolidayCalendar.from_documents([_load(2025), _load(2026), local])
    assert cal.years == (2025, 2026)
    assert not cal.is_working_day(date(2026, 3, 2))
    assert cal.is_working_day(date(2026, 2, 16))  # bundled 春节 no longer applies
    assert not cal.is_working_day(date(2026, 2, 14))  # nor its make-up Saturday
    assert not cal.is_working_day(date(2025, 1, 28))  # other years untouched


@pytest.mark.parametrize(
    ("doc", "where"),
    [
        ("not a dict", "documents[0]"),
        (_doc(year="2030"), "documents[0].year"),
        (_doc(year=True), "documents[0].year"),
        (_doc(source=5), "2030.source"),
        (_doc(holidays={"元旦": ["2030-01-01"]}), "2030.holidays"),
        (_doc(holidays=["2030-01-01"]), "2030.holidays[0]"),
        (_doc(holidays=[{"days": ["2030-01-01"]}]), "2030.holidays[0].name"),
        (_doc(holidays=[{"name": "元旦", "days": []}]), "2030.holidays[0].days"),
        (
            _doc(holidays=[{"name": "元旦", "days": ["2030-01-01", "2031-01-02"]}]),
            "2030.holidays[0].days[1]",
        ),
        (_doc(holidays=[{"name": "元旦", "days": ["2030/01/01"]}]), "2030.holidays[0].days[0]"),
        (_doc(holidays=[{"name": "元旦", "days": ["20300101"]}]), "2030.holidays[0].days[0]"),
        (_doc(holidays=[{"name": "x", "days": ["2030-02-30"]}]), "2030.holidays[0].days[0]"),
        (_doc(workdays=[{"name": "调休", "day": "2030-01-01"}]), "2030.workdays[0].day"),
        (_doc(workdays=[{"name": "调休", "day": "2030-01-07"}]), "2030.workdays[0].day"),
        (_doc(workdays=[{"name": "调休"}]), "2030.workdays[0].day"),
        (_doc(workdays=[{"name": "", "day": "2030-01-05"}]), "2030.workdays[0].name"),
    ],
)
def test_malformed_documents_raise_with_where(doc: Any, where: str) -> None:
    with pytest.raises(ValidationError) as err:
        HolidayCalendar.from_documents([doc])
    assert err.value.where == where
    assert err.value.zh.startswith("节假日数据有误")


def test_error_names_the_document_index() -> None:
    with pytest.raises(ValidationError) as err:
        HolidayCalendar.from_documents([_doc(), _doc(year=None)])
    assert err.value.where == "documents[1].year"


def test_valid_minimal_document() -> None:
    cal = HolidayCalendar.from_documents(
        [
            {"year": 2030},
            _doc(year=2031, holidays=[], workdays=[{"name": "调休", "day": "2031-01-04"}]),
        ]
    )
    assert cal.years == (2030, 2031)
    assert cal.is_working_day(date(2031, 1, 4))  # Saturday made a workday
    assert cal.is_working_day(date(2030, 1, 1))  # no holidays listed for 2030


def test_a_misspelt_field_is_refused_not_read_as_no_holidays() -> None:
    """``"holiday"`` for ``"holidays"`` would read as a year without a single day off and
    move that year's legal deadlines; an unknown field is refused with its name."""
    doc = _doc()
    doc["holiday"] = doc.pop("holidays")
    with pytest.raises(ValidationError) as caught:
        HolidayCalendar.from_documents([doc])
    assert "holiday" in str(caught.value.en) and "未知的字段" in caught.value.zh
