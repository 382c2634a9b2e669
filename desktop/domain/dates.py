"""The one date parser: every day the program reads is written exactly ``YYYY-MM-DD``.

``date.fromisoformat`` alone would also take ``20261102`` or ``2026W471`` (Python 3.11),
so files, options and environment variables all come through :func:`parse_day`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from desktop.domain.errors import ValidationError

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST = date(1900, 1, 1)
LATEST_YEAR = 2200


def parse_day(value: Any, where: str, *, today: date | None = None,
              earliest: date = EARLIEST) -> date:
    """A real calendar date written exactly ``YYYY-MM-DD``, within plausible bounds.

    Args:
        value: what was given (any type: non-strings are refused with a clear message).
        where: the field or option named in the error, e.g. ``received_on`` or ``--today``.
        today: when given, a later day is refused.
        earliest: an earlier day is refused.

    Raises:
        ValidationError: naming ``where``.
    """
    if not isinstance(value, str) or not ISO_DAY.fullmatch(value):
        shown = value if isinstance(value, str) and len(value) <= 40 else "…"
        raise ValidationError(f"日期“{shown}”应写成 YYYY-MM-DD", "date must be YYYY-MM-DD",
                              where)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"日期“{value}”不存在", f"{value!r} is not a real date",
                              where) from None
    if today is not None and day > today:
        raise ValidationError(f"日期 {value} 晚于今天", f"date {value} is in the future", where)
    if day < earliest:
        raise ValidationError(f"日期 {value} 早于 {earliest.isoformat()}，请核对",
                              f"date {value} is before {earliest.isoformat()}", where)
    if day.year > LATEST_YEAR:
        raise ValidationError(f"日期 {value} 不合理，请核对", f"date {value} is implausible",
                              where)
    return day


_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1-99 in Chinese numerals as dates and counts write them: 十, 十一, 二十, 三十一."""
    if not 0 <= n < 100:
        raise ValueError(f"chinese_number takes 0-99, got {n}")
    if n < 10:
        return "零一二三四五六七八九"[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def chinese_date(day: date) -> str:
    """A 落款 date in Chinese numerals: 二〇二六年十一月二十二日 (the year digit by digit,
    zero as 〇 U+3007; DOMAIN.md §3)."""
    year = "".join(_DIGITS[int(d)] for d in f"{day.year:04d}")
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def arabic_date(day: date) -> str:
    """A body-text date: 2026年3月5日 (no leading zeros, GB/T 9704 §7.3.5.4)."""
    return f"{day.year}年{day.month}月{day.day}日"
