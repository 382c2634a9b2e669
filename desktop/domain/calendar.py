"""Working days and legal deadlines under mainland China's holiday schedule.

The State Council publishes each year's days off and make-up working days
(调休) only a few weeks ahead, so the schedule is data, not code: the caller
loads one JSON document per year (``resources/holidays/<year>.json`` plus any
local override) and hands the parsed dicts to :meth:`HolidayCalendar.from_documents`.
This module does no I/O.

Years without data fall back to "Monday to Friday are working days"; callers
use :meth:`HolidayCalendar.covers_range` to warn that such a deadline is not certain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from desktop.domain.errors import ValidationError

# date.fromisoformat also accepts "20260101" and week dates since 3.11; the
# data files must stay readable by people, so only the dashed form is allowed.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _bad(where: str, zh: str, en: str) -> ValidationError:
    return ValidationError(f"节假日数据有误：{zh}", f"holiday data: {en}", where)


def _parse_day(value: Any, year: int, where: str) -> date:
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise _bad(where, "日期应写成 YYYY-MM-DD", "date must be written YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _bad(where, f"不存在的日期 {value}", f"no such date {value}") from None
    if day.year != year:
        raise _bad(where, f"{value} 不属于 {year} 年", f"{value} is not in {year}")
    return day


def _name(entry: Mapping[str, Any], where: str) -> str:
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _bad(f"{where}.name", "缺少名称", "name is missing")
    return name


def _list(doc: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise _bad(f"{where}.{key}", "应为列表", "must be a list")
    return value


CALENDAR_KEYS = ("year", "source", "holidays", "workdays")


def _parse_document(doc: Any, index: int) -> tuple[int, dict[date, str], dict[date, str]]:
    """Check one year's document; return (year, day off -> name, workday -> name)."""
    if not isinstance(doc, Mapping):
        raise _bad(f"documents[{index}]", "应为 JSON 对象", "must be a JSON object")
    unknown = sorted(str(k) for k in doc if k not in CALENDAR_KEYS)
    if unknown:  # a misspelt "holiday" must not read as a year without holidays
        raise _bad(f"documents[{index}].{unknown[0][:40]}", "未知的字段（可用：year、source、"
                   "holidays、workdays）", "unknown field (year, source, holidays, workdays)")
    year = doc.get("year")
    # bool is an int subclass; "year": true is a typo, not a year.
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 9999:
        raise _bad(f"documents[{index}].year", "年份缺失或无效", "year is missing or invalid")
    source = doc.get("source")
    if source is not None and not isinstance(source, str):
        raise _bad(f"{year}.source", "来源应为文字", "source must be text")
    off: dict[date, str] = {}
    for i, entry in enumerate(_list(doc, "holidays", str(year))):
        where = f"{year}.holidays[{i}]"
        if not isinstance(entry, Mapping):
            raise _bad(where, "应为 JSON 对象", "must be a JSON object")
        name = _name(entry, where)
        days = entry.get("days")
        if not isinstance(days, list) or not days:
            raise _bad(f"{where}.days", "应为非空日期列表", "must be a non-empty list of dates")
        for j, raw in enumerate(days):
            off[_parse_day(raw, year, f"{where}.days[{j}]")] = name
    on: dict[date, str] = {}
    for i, entry in enumerate(_list(doc, "workdays", str(year))):
        where = f"{year}.workdays[{i}]"
        if not isinstance(entry, Mapping):
            raise _bad(where, "应为 JSON 对象", "must be a JSON object")
        name = _name(entry, where)
        day = _parse_day(entry.get("day"), year, f"{where}.day")
        if day in off:
            raise _bad(
                f"{where}.day",
                f"{day} 同时被列为放假日和上班日",
                f"{day} is listed both as a day off and as a workday",
            )
        # 调休上班 is always a weekend day; a weekday here is a typo that would
        # otherwise go unnoticed because weekdays are working days anyway.
        if day.weekday() < 5:
            raise _bad(f"{where}.day", f"{day} 不是周六或周日", f"{day} is not a weekend day")
        on[day] = name
    return year, off, on


@dataclass(frozen=True, slots=True)
class HolidayCalendar:
    """An immutable holiday schedule covering zero or more whole years."""

    # Mappings are read-only views; hash=False keeps the frozen dataclass hashable.
    _off: Mapping[date, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    _on: Mapping[date, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    _years: frozenset[int] = frozenset()

    @classmethod
    def empty(cls) -> HolidayCalendar:
        """A calendar without data: only weekends are rest days."""
        return cls()

    @classmethod
    def from_documents(cls, docs: Iterable[Mapping[str, Any]]) -> HolidayCalendar:
        """Build a calendar from parsed yearly documents.

        Args:
            docs: One dict per year (see ``resources/holidays/README.md``). A later
                document for a year replaces an earlier one, so a locality's file
                loaded after the bundled ones wins.

        Raises:
            ValidationError: A document is malformed; ``where`` names the year and field.
        """
        by_year: dict[int, tuple[dict[date, str], dict[date, str]]] = {}
        for index, doc in enumerate(docs):
            year, off, on = _parse_document(doc, index)
            by_year[year] = (off, on)
        off_all = {d: n for off, _ in by_year.values() for d, n in off.items()}
        on_all = {d: n for _, on in by_year.values() for d, n in on.items()}
        return cls(MappingProxyType(off_all), MappingProxyType(on_all), frozenset(by_year))

    @property
    def years(self) -> tuple[int, ...]:
        """The years that have data, ascending."""
        return tuple(sorted(self._years))

    def covers(self, d: date) -> bool:
        """Whether the schedule of ``d``'s year is known."""
        return d.year in self._years

    def covers_range(self, start: date, end: date) -> bool:
        """Whether every year from ``start`` to ``end`` (either order) has data.

        A deadline computed across an uncovered year may be wrong, so callers
        show a warning when this is False.
        """
        low, high = sorted((start.year, end.year))
        return all(y in self._years for y in range(low, high + 1))

    def holiday_name(self, d: date) -> str | None:
        """The holiday name if ``d`` is an announced day off, else None."""
        return self._off.get(d)

    def is_working_day(self, d: date) -> bool:
        """Announced day off → False; make-up workday → True; else Mon–Fri."""
        if d in self._off:
            return False
        if d in self._on:
            return True
        return d.weekday() < 5

    def next_working_day_on_or_after(self, d: date) -> date:
        """``d`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """The date of the ``n``-th working day after ``start`` (start not counted).

        Example: received Friday 2026-01-30, 3 working days → Wednesday 2026-02-04.
        """
        if n < 1:
            raise ValidationError("工作日天数至少为 1", "working-day count must be at least 1", "n")
        d = start
        while n:
            d += timedelta(days=1)
            if self.is_working_day(d):
                n -= 1
        return d

    def calendar_deadline(self, start: date, days: int) -> date:
        """Last day of a period of ``days`` calendar days beginning after ``start``.

        The trigger day is not counted (民法典 art. 201). If the last day is a
        法定休假日 it becomes the next day after it (民事诉讼法 art. 85, 民法典
        art. 203); in practice weekly rest days count as 法定休假日 and a 调休
        workday does not, which is exactly ``is_working_day``.
        """
        if days < 1:
            raise ValidationError("期间天数至少为 1", "period must be at least 1 day", "days")
        return self.next_working_day_on_or_after(start + timedelta(days=days))

    def year_deadline(self, start: date, years: int = 1) -> date:
        """Last day of a period of ``years`` years beginning after ``start``.

        民法典 art. 202: the corresponding day of the month ``years`` later is the
        last day, or that month's last day when there is none (29 Feb → 28 Feb);
        then the same shift off a non-working day as :meth:`calendar_deadline`.
        """
        if years < 1:
            raise ValidationError("期间年数至少为 1", "period must be at least 1 year", "years")
        target = start.year + years
        try:
            last = start.replace(year=target)
        except ValueError:  # only 29 February has no corresponding day
            last = date(target, 2, 28)
        return self.next_working_day_on_or_after(last)
