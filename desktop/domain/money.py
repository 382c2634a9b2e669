"""Money in integer fen (分): parsing, validation and display.

Every amount in the program is an ``int`` number of fen; floats never appear,
because binary floating point cannot hold 0.1 yuan exactly and mediation
agreements must add up to the fen.

The upper limit is 999,999,999,999.99 yuan (``MAX_FEN``), the largest amount
the 大写 writer can express with 亿 as its highest unit.

``to_daxie`` follows 《正确填写票据和结算凭证的基本规定》.  Where that text
allows a choice, this module always makes the same one:

* Zeros between non-zero digits are written as one 零, also across 万/亿
  (1,0500 → 壹万零伍佰; 100,010,000 → 壹亿零壹万; 1,000,010 → 壹佰万零壹拾).
* The rule "万位是0但千位不是0时，可以只写一个零字，也可以不写" is read as the
  official example ¥107,000.53 → 壹拾万柒仟元零伍角叁分 shows it: no 零
  right after 万/亿 when the next digit is a non-zero 千 digit
  (105,000 → 壹拾万伍仟元整).  When a whole 万 group is zero the 零 is kept
  (100,007,000 → 壹亿零柒仟元整), since nothing else marks the gap.
* The 元 digit being 0 with a non-zero 角 is always written 元零
  (¥1,680.32 → 壹仟陆佰捌拾元零叁角贰分), and 角 = 0 with a non-zero 分 is
  always 元零…分 (¥16,409.02 → …肆佰零玖元零贰分).
* 10–19 at the head of a group are written 壹拾 (壹拾元, 壹拾万).
* 整 follows 元 always, follows 角 by default (``zheng_after_jiao``), and
  never follows 分.
"""

from __future__ import annotations

import math
import re
import unicodedata

from desktop.domain.errors import ValidationError

MAX_FEN = 99_999_999_999_999
"""999,999,999,999.99 yuan: 9999亿9999万9999元9角9分."""

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("仟", "佰", "拾", "")
_GROUP_UNITS = ("亿", "万", "")

# Plain digits, or digits grouped by commas in threes; optional decimals.  The
# decimal part may be any length here so that "1.234" gets a precise message.
_NUMBER = re.compile(r"(?P<int>[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.(?P<frac>[0-9]+))?", re.ASCII)
_MINUS = ("-", "\u2212")  # NFKC maps the full-width minus to "-", but not U+2212.


def parse_amount(text: str | int, where: str | None = None) -> int:
    """Turn an amount in yuan, as a person types it, into fen.

    Accepts "12300", "12300.5", "1,680.32", "¥1,680.32", "￥1680.32",
    " 1680.32元 " and full-width digits.

    Args:
        text: The amount in yuan as text.  An ``int`` is taken to be fen
            already (it comes from our own JSON, not from a person) and is
            only checked, not scaled.
        where: Where the value came from, for the error message.

    Returns:
        The amount in fen.

    Raises:
        ValidationError: Empty, negative, not a number, more than two
            decimals, or above 999,999,999,999.99 yuan.
    """
    if not isinstance(text, str):
        return check_fen(text, where)
    # NFKC folds full-width digits, "￥", "，" and "．" to their ASCII forms.
    s = unicodedata.normalize("NFKC", text).strip()
    if s.endswith("元"):
        s = s[:-1].rstrip()
    if s.startswith("¥"):
        s = s[1:].lstrip()
    if not s:
        raise ValidationError("金额不能为空", "amount must not be empty", where)
    if s.startswith(_MINUS):
        raise ValidationError("金额不能为负数", "amount must not be negative", where)
    match = _NUMBER.fullmatch(s)
    if match is None:
        raise ValidationError(
            f"金额格式不正确：{text!r}", f"amount is not a number: {text!r}", where
        )
    frac = match["frac"] or ""
    if len(frac) > 2:
        raise ValidationError(
            f"金额“{text.strip()[:20]}”超过两位小数，最多到分（如 100.12）",
            "amount must have at most 2 decimals (fen)", where
        )
    # 13 digits already exceed the limit; cutting there keeps int() cheap on huge input.
    digits = (match["int"].replace(",", "").lstrip("0") or "0")[:13]
    return _check_max(int(digits) * 100 + int(frac.ljust(2, "0")), where)


def check_fen(value: object, where: str | None = None) -> int:
    """Check a JSON value that should be an amount in integer fen.

    Args:
        value: The decoded JSON value.
        where: Where the value came from, for the error message.

    Returns:
        The value unchanged.

    Raises:
        ValidationError: Not an int (bools, floats, even 5.0, and strings are
            refused, so that a file cannot smuggle in yuan or rounding),
            negative, or above ``MAX_FEN``.
    """
    # bool is a subclass of int; True must not pass as 1 fen.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            _not_fen(value),
            f"amount must be an integer number of fen, got {type(value).__name__}",
            where,
        )
    if value < 0:
        raise ValidationError("金额不能为负数", "amount must not be negative", where)
    return _check_max(value, where)


def _not_fen(value: object) -> str:
    """What is wrong with a JSON amount that is not a whole number of fen, in words."""
    if value is None:
        return "金额未填写或格式不对（以元填写时最多两位小数）"
    if isinstance(value, float) and math.isfinite(value):
        shown = repr(value)[:20]
        if value.is_integer() and abs(value) <= MAX_FEN:
            return f"金额以分为单位，应写成整数（{int(value)}，不写 {shown}）"
        decimals = len(shown.partition(".")[2])
        if "e" not in shown and decimals > 2:
            return f"金额“{shown}”超过两位小数：金额以分为单位，应为整数（1元 = 100分）"
        return f"金额“{shown}”带小数：金额以分为单位，应为整数（1元 = 100分）"
    if isinstance(value, str):
        return "金额以分为单位，应为数字而不是文字（如 12300 表示 123 元）"
    return "金额应为以分为单位的整数（1元 = 100分）"


def to_daxie(fen: int, *, zheng_after_jiao: bool = True) -> str:
    """Write an amount as 人民币大写, e.g. 168032 → 人民币壹仟陆佰捌拾元零叁角贰分.

    Args:
        fen: The amount in fen, 0 to ``MAX_FEN``.
        zheng_after_jiao: Whether an amount ending in 角 gets 整; the rules
            allow both, and 整 makes later additions harder.

    Returns:
        The 大写 text, starting with 人民币.

    Raises:
        ValueError: ``fen`` is negative or above ``MAX_FEN``.
    """
    _require_fen(fen)
    yuan, jiao, fen_digit = fen // 100, fen // 10 % 10, fen % 10
    parts: list[str] = []
    if yuan:
        parts.append(_yuan_words(yuan) + "元")
        # 元位 or 角 is 0 before a non-zero smaller digit: the gap needs a 零.
        if (jiao and yuan % 10 == 0) or (not jiao and fen_digit):
            parts.append("零")
    elif not (jiao or fen_digit):
        return "人民币零元整"
    if jiao:
        parts.append(_DIGITS[jiao] + "角")
    if fen_digit:
        parts.append(_DIGITS[fen_digit] + "分")
    elif jiao == 0 or zheng_after_jiao:
        parts.append("整")
    return "人民币" + "".join(parts)


def _yuan_words(yuan: int) -> str:
    """Write a positive whole number of yuan in 大写, without 元."""
    groups = (yuan // 10**8, yuan // 10**4 % 10**4, yuan % 10**4)
    out: list[str] = []
    pending_zero = False  # a zero was skipped since the last written digit
    after_group_unit = False  # the last thing written was 万 or 亿
    for group, group_unit in zip(groups, _GROUP_UNITS, strict=True):
        if group == 0:
            pending_zero = bool(out)
            after_group_unit = False
            continue
        for position, digit in enumerate(f"{group:04d}"):
            if digit == "0":
                pending_zero = bool(out)
                continue
            # The official example writes 壹拾万柒仟, not 壹拾万零柒仟.
            if pending_zero and not (position == 0 and after_group_unit):
                out.append("零")
            out.append(_DIGITS[int(digit)] + _SMALL_UNITS[position])
            pending_zero = after_group_unit = False
        if group_unit:
            out.append(group_unit)
            after_group_unit = True
    return "".join(out)


def format_yuan(fen: int) -> str:
    """Show fen as yuan for people: 1230000 → "¥12,300.00"."""
    _require_fen(fen)
    return f"¥{fen // 100:,}.{fen % 100:02d}"


def fen_to_decimal_str(fen: int) -> str:
    """Show fen as a plain decimal for JSON and CSV: 1230000 → "12300.00"."""
    _require_fen(fen)
    return f"{fen // 100}.{fen % 100:02d}"


def _require_fen(fen: int) -> None:
    # Programming errors, not user input, hence ValueError/TypeError.
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"fen must be an int, got {type(fen).__name__}")
    if not 0 <= fen <= MAX_FEN:
        raise ValueError(f"fen must be between 0 and {MAX_FEN}, got {fen}")


def _check_max(fen: int, where: str | None) -> int:
    if fen > MAX_FEN:
        raise ValidationError(
            "金额不能超过999,999,999,999.99元",
            "amount must not exceed 999,999,999,999.99 yuan",
            where,
        )
    return fen
