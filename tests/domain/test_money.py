"""Tests for desktop.domain.money: parsing, validation and 人民币大写."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.errors import ValidationError
from desktop.domain.money import (
    MAX_FEN,
    check_fen,
    fen_to_decimal_str,
    format_yuan,
    parse_amount,
    to_daxie,
)

# ---------------------------------------------------------------- to_daxie

OFFICIAL = [
    ("12300", "人民币壹万贰仟叁佰元整"),
    ("1680.32", "人民币壹仟陆佰捌拾元零叁角贰分"),
    ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),
    ("107000.53", "人民币壹拾万柒仟元零伍角叁分"),
    ("0.50", "人民币伍角整"),
    ("1.00", "人民币壹元整"),
    ("10", "人民币壹拾元整"),
    ("1,000,010", "人民币壹佰万零壹拾元整"),
    ("100,000,000", "人民币壹亿元整"),
    ("100,000,001", "人民币壹亿零壹元整"),
    ("100,010,000", "人民币壹亿零壹万元整"),
    ("100,007,000", "人民币壹亿零柒仟元整"),
    ("1,001.00", "人民币壹仟零壹元整"),
    ("1,010.10", "人民币壹仟零壹拾元零壹角整"),
    ("0.05", "人民币伍分"),
    ("0.52", "人民币伍角贰分"),
    ("0.00", "人民币零元整"),
    ("20,000,005.00", "人民币贰仟万零伍元整"),
    ("10500", "人民币壹万零伍佰元整"),
    ("105000", "人民币壹拾万伍仟元整"),
    ("150000", "人民币壹拾伍万元整"),
    ("110000", "人民币壹拾壹万元整"),
    ("5.02", "人民币伍元零贰分"),
    ("12345.67", "人民币壹万贰仟叁佰肆拾伍元陆角柒分"),
    ("1,000,000,000", "人民币壹拾亿元整"),
    ("999,999,999,999.99", "人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
]


@pytest.mark.parametrize(("yuan", "expected"), OFFICIAL)
def test_to_daxie_examples(yuan: str, expected: str) -> None:
    assert to_daxie(parse_amount(yuan)) == expected


@pytest.mark.parametrize(
    ("fen", "expected"),
    [
        (50, "人民币伍角"),
        (101010, "人民币壹仟零壹拾元零壹角"),
        (5, "人民币伍分"),
        (100, "人民币壹元整"),
    ],
)
def test_to_daxie_without_zheng_after_jiao(fen: int, expected: str) -> None:
    assert to_daxie(fen, zheng_after_jiao=False) == expected


@pytest.mark.parametrize("bad", [-1, MAX_FEN + 1])
def test_to_daxie_rejects_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError):
        to_daxie(bad)


def daxie_to_fen(text: str) -> int:
    """An independent reader of 大写 amounts, used to check to_daxie."""
    assert text.startswith("人民币")
    body = text.removeprefix("人民币").removesuffix("整")
    yuan_text, _, small = body.rpartition("元") if "元" in body else ("", "", body)
    digits = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
    units = {"拾": 10, "佰": 100, "仟": 1000}
    total = section = number = 0
    for ch in yuan_text:
        if ch in digits:
            number = digits[ch]
        elif ch in units:
            section += number * units[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 10**4
            section = number = 0
        elif ch == "亿":
            total += (section + number) * 10**8
            section = number = 0
        else:
            raise AssertionError(f"unexpected {ch!r} in {text!r}")
    total += section + number
    fen = total * 100
    for digit_char, unit in re.findall(r"([壹贰叁肆伍陆柒捌玖])(角|分)", small):
        fen += digits[digit_char] * (10 if unit == "角" else 1)
    assert re.fullmatch(r"零?(?:[壹贰叁肆伍陆柒捌玖]角)?(?:[壹贰叁肆伍陆柒捌玖]分)?", small), text
    return fen


def check_daxie_properties(fen: int) -> None:
    text = to_daxie(fen)
    assert text.startswith("人民币")
    assert re.fullmatch("[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整人民币]+", text), text
    assert not set("一二两十廿毛另") & set(text)
    assert not re.search(r"[0-9０-９]", text)
    assert "零零" not in text
    assert not text.endswith("零")
    assert text.endswith("整") == (fen % 10 == 0)
    assert "分整" not in text
    assert daxie_to_fen(text) == fen
    assert daxie_to_fen(to_daxie(fen, zheng_after_jiao=False)) == fen


def _zero_patterns() -> list[int]:
    """Amounts full of zeros, where the 零 rules are hardest."""
    values: set[int] = set()
    for k in range(14):
        for base in (10**k, 10**k + 1, 10**k + 10, 10**k * 5 + 5):
            values.update({base, base * 10, base + 10 ** max(k - 3, 0)})
    for yuan in (1001, 100100, 1010, 10010, 100001, 10000001, 100010001, 101010101, 1000000100):
        for cents in (0, 1, 10, 11, 50, 99):
            values.add(yuan * 100 + cents)
    return sorted(v for v in values if v <= MAX_FEN)


@pytest.mark.parametrize("fen", _zero_patterns())
def test_to_daxie_properties_on_zero_patterns(fen: int) -> None:
    check_daxie_properties(fen)


def test_to_daxie_properties_on_a_dense_range() -> None:
    for fen in range(0, 2_000_000, 97):
        check_daxie_properties(fen)


@settings(max_examples=3000, deadline=None, database=None)
@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_to_daxie_properties_random(fen: int) -> None:
    check_daxie_properties(fen)


@settings(max_examples=1000, deadline=None, database=None)
@given(st.lists(st.sampled_from([0, 0, 0, 1, 5, 9]), min_size=1, max_size=14))
def test_to_daxie_properties_sparse_digits(digits: list[int]) -> None:
    check_daxie_properties(int("".join(map(str, digits))))


# ------------------------------------------------------------- parse_amount


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("12300", 1_230_000),
        ("12300.5", 1_230_050),
        ("12300.50", 1_230_050),
        ("1,680.32", 168_032),
        ("¥1,680.32", 168_032),
        ("￥1680.32", 168_032),
        (" 1680.32元 ", 168_032),
        ("¥ 1,680.32 元", 168_032),
        ("１６８０．３２", 168_032),
        ("１，６８０．３２元", 168_032),
        ("0", 0),
        ("0.01", 1),
        ("007", 700),
        ("1,000,000", 100_000_000),
        ("999,999,999,999.99", MAX_FEN),
        (0, 0),
        (168_032, 168_032),
    ],
)
def test_parse_amount_good(text: str | int, fen: int) -> None:
    assert parse_amount(text) == fen


@pytest.mark.parametrize(
    ("text", "en_part"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("¥", "empty"),
        ("元", "empty"),
        ("-5", "negative"),
        ("－5", "negative"),
        ("\u22125", "negative"),
        ("¥-5", "negative"),
        ("-¥5", "negative"),
        ("1.234", "2 decimals"),
        ("1.000", "2 decimals"),
        ("abc", "not a number"),
        ("12a", "not a number"),
        ("1.2.3", "not a number"),
        ("1,68,0", "not a number"),
        ("1680,32", "not a number"),
        ("12.", "not a number"),
        (".5", "not a number"),
        ("+5", "not a number"),
        ("1e5", "not a number"),
        ("NaN", "not a number"),
        ("５万", "not a number"),
        ("٣", "not a number"),
        ("1000000000000", "exceed"),
        ("1,000,000,000,000.00", "exceed"),
        ("9" * 5000, "exceed"),
        (-1, "negative"),
        (MAX_FEN + 1, "exceed"),
        (True, "integer"),
        (1.5, "integer"),
    ],
)
def test_parse_amount_bad(text: object, en_part: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_amount(text, where="items[0].amount")  # type: ignore[arg-type]
    err = info.value
    assert err.where == "items[0].amount"
    assert re.search(r"[\u4e00-\u9fff]", err.zh)
    assert en_part in err.en


def test_parse_amount_negative_message() -> None:
    with pytest.raises(ValidationError) as info:
        parse_amount("-5")
    assert info.value.zh == "金额不能为负数"
    assert info.value.en == "amount must not be negative"
    assert info.value.where is None


# ---------------------------------------------------------------- check_fen


@pytest.mark.parametrize("value", [0, 1, 168_032, MAX_FEN])
def test_check_fen_good(value: int) -> None:
    assert check_fen(value, "x") == value


@pytest.mark.parametrize(
    ("value", "en_part"),
    [
        (True, "integer"),
        (False, "integer"),
        (5.0, "integer"),
        (5.5, "integer"),
        ("500", "integer"),
        (None, "integer"),
        ([5], "integer"),
        (-1, "negative"),
        (MAX_FEN + 1, "exceed"),
    ],
)
def test_check_fen_bad(value: object, en_part: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_fen(value, "agreement.total_fen")
    assert info.value.where == "agreement.total_fen"
    assert re.search(r"[\u4e00-\u9fff]", info.value.zh)
    assert en_part in info.value.en


# --------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("fen", "shown", "plain"),
    [
        (0, "¥0.00", "0.00"),
        (5, "¥0.05", "0.05"),
        (50, "¥0.50", "0.50"),
        (168_032, "¥1,680.32", "1680.32"),
        (1_230_000, "¥12,300.00", "12300.00"),
        (100_000_000_00, "¥100,000,000.00", "100000000.00"),
        (MAX_FEN, "¥999,999,999,999.99", "999999999999.99"),
    ],
)
def test_formatting(fen: int, shown: str, plain: str) -> None:
    assert format_yuan(fen) == shown
    assert fen_to_decimal_str(fen) == plain
    assert parse_amount(shown) == fen
    assert parse_amount(plain) == fen


@pytest.mark.parametrize("func", [format_yuan, fen_to_decimal_str])
def test_formatting_rejects_bad_values(func: Callable[[int], str]) -> None:
    with pytest.raises(ValueError):
        func(-1)
    with pytest.raises(TypeError):
        func(1.5)


@pytest.mark.parametrize(("value", "said"), [
    (100.123, "金额“100.123”超过两位小数"),
    (100.12, "金额“100.12”带小数"),
    (5.0, "应写成整数（5，不写 5.0）"),
    (None, "金额未填写或格式不对"),
    ("12300", "应为数字而不是文字"),
])
def test_an_amount_that_is_not_whole_fen_says_what_is_wrong(value, said):
    with pytest.raises(ValidationError) as err:
        check_fen(value, "terms[0].amount_fen")
    assert said in err.value.zh and err.value.where == "terms[0].amount_fen"


def test_yuan_with_three_decimals_says_so():
    with pytest.raises(ValidationError) as err:
        parse_amount("100.123")
    assert "超过两位小数" in err.value.zh and "100.123" in err.value.zh
