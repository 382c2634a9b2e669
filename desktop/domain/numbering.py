"""Case numbers (案号): a configurable pattern, one gapless counter per series and year.

Default ``{简称}劳人调字〔{YYYY}〕第{N}号`` with the 六角括号 〔〕 of GB/T 9704.
"""

from __future__ import annotations

import re

from desktop.domain.errors import ValidationError

DEFAULT_PATTERN = "{简称}劳人调字〔{YYYY}〕第{N}号"
PLACEHOLDERS = ("{简称}", "{YYYY}", "{N}")


def check_pattern(pattern: str) -> str:
    """A pattern must carry the year and the number, so numbers are unique per year."""
    if not isinstance(pattern, str) or "{YYYY}" not in pattern or "{N}" not in pattern:
        raise ValidationError("案号格式须包含 {YYYY} 和 {N}",
                              "case number pattern must contain {YYYY} and {N}",
                              "case_no_pattern")
    rest = pattern
    for p in PLACEHOLDERS:
        rest = rest.replace(p, "")
    if "{" in rest or "}" in rest:
        raise ValidationError("案号格式只能使用 {简称}、{YYYY}、{N}",
                              "only {简称}, {YYYY} and {N} are allowed", "case_no_pattern")
    return pattern


def format_case_no(pattern: str, *, short_name: str, year: int, number: int) -> str:
    """Fill in the pattern, e.g. 城关镇劳人调字〔2026〕第12号."""
    return (pattern.replace("{简称}", short_name).replace("{YYYY}", str(year))
            .replace("{N}", str(number)))


# A case number as people type it: 王舍人劳人调字〔2026〕第45号, (2026)第45号, [2026]45, 2026-45.
_CASE_REF = re.compile(r"\D*?(\d{4})\D{1,3}?(\d{1,7})\s*号?")


def parse_case_ref(text: str) -> tuple[int, int] | None:
    """(year, number) if ``text`` reads as a case number, else None."""
    match = _CASE_REF.fullmatch(text.strip())
    if not match:
        return None
    year, number = int(match.group(1)), int(match.group(2))
    return (year, number) if 2000 <= year <= 2100 and number > 0 else None
