"""Case number patterns."""

import pytest

from desktop.domain.errors import ValidationError
from desktop.domain.numbering import DEFAULT_PATTERN, check_pattern, format_case_no


def test_default_pattern_uses_hexagonal_brackets():
    no = format_case_no(DEFAULT_PATTERN, short_name="城关镇", year=2026, number=12)
    assert no == "城关镇劳人调字〔2026〕第12号"
    assert "\u3014" in no and "\u3015" in no


def test_custom_pattern():
    assert format_case_no("{简称}调〔{YYYY}〕{N}号", short_name="某厂", year=2027,
                          number=3) == "某厂调〔2027〕3号"


@pytest.mark.parametrize("pattern", ["{简称}第{N}号", "{YYYY}年", "{简称}{YYYY}{N}{X}", ""])
def test_patterns_without_year_and_number_or_with_unknown_fields_are_refused(pattern):
    with pytest.raises(ValidationError):
        check_pattern(pattern)
