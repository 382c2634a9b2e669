"""Validators for identity documents, credit codes and phone numbers.

Pure functions: the caller passes ``today`` so results never depend on the clock.
Each ``check_*`` returns the normalised value or raises :class:`ValidationError`
with a Chinese message for people, an English one for scripts and the caller's
``where`` (the field's location, e.g. ``applicants[0].id_number``).
"""

from __future__ import annotations

import functools
import random
import re
import unicodedata
from datetime import date

import phonenumbers
from phonenumbers import PhoneNumberType
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.iso7064 import mod_11_10

from desktop.domain import vocab
from desktop.domain.errors import ValidationError

# Province-level codes of GB/T 2260.  83 (Taiwan) only appears on residence permits.
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
_HMT_ADDRESS = {"810000": "香港", "820000": "澳门", "830000": "台湾"}
_EARLIEST_BIRTH = date(1900, 1, 1)

ID_TYPES = tuple(vocab.ID_TYPES)  # one vocabulary: desktop.domain.vocab

# GB 32100 alphabet: I O S V Z are left out because they look like 1 0 5 U 2.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_LOOKALIKE = {"I": "1", "O": "0", "S": "5", "Z": "2", "V": "U"}
# 登记管理部门码: 1–9 plus A (军委编制办), N (农业农村), Y (其他).
_USCC_DEPTS = frozenset("123456789ANY")


def _squeeze(text: str, drop: str | None = r"\s") -> str:
    """NFKC-normalise (full-width ＡＢ１２ → AB12), remove ``drop`` characters, upper-case."""
    text = unicodedata.normalize("NFKC", text).upper()
    return re.sub(f"[{drop}]", "", text) if drop else text


def _ascii_digits(text: str) -> bool:
    # str.isdigit() also accepts e.g. Arabic-Indic digits, which int() would happily read.
    return text.isascii() and text.isdigit()


# --- GB 11643


def _check_gb11643(number: str, today: date, where: str | None, *, permit: bool) -> str:
    """Shared checks of 18-character GB 11643 numbers (resident IDs and HMT permits)."""
    zh, en = ("居住证号", "residence permit number") if permit else ("身份证号", "resident ID")

    def fail(zh_msg: str, en_msg: str) -> ValidationError:
        return ValidationError(zh + zh_msg, f"{en}: {en_msg}", where)

    if len(number) != 18:
        raise fail(f"应为18位，实际为{len(number)}位", f"must be 18 characters, got {len(number)}")
    if not _ascii_digits(number[:17]):
        raise fail("前17位应为数字", "first 17 characters must be digits")
    if number[17] not in "0123456789X":
        raise fail("最后一位应为数字或X", "last character must be 0-9 or X")
    if permit and number[:6] not in _HMT_ADDRESS:
        raise fail("应以810000、820000或830000开头", "must start with 810000, 820000 or 830000")
    if not permit and number[:2] == "83":
        raise fail("不能以83开头：这是台湾居民居住证，请选择证件类型“港澳台居民居住证”",
                   "83 is used by Taiwan residence permits, not resident IDs")
    if not permit and number[:2] not in _PROVINCES:
        raise fail(f"前两位{number[:2]}不是有效的省份代码", f"{number[:2]} is not a province code")
    try:
        birth = ric.get_birth_date(number)
    except StdnumError:
        raise fail(f"中的出生日期{number[6:14]}不存在",
                   f"birth date {number[6:14]} does not exist") from None
    if birth > today:
        raise fail(f"中的出生日期{birth}晚于今天", f"birth date {birth} is in the future")
    if birth < _EARLIEST_BIRTH:
        raise fail(f"中的出生日期{birth}早于1900年", f"birth date {birth} is before 1900")
    if number[17] != ric.calc_check_digit(number):
        raise fail("校验位错误", "check digit is wrong")
    return number


def check_resident_id(number: str, *, today: date, where: str | None = None) -> str:
    """Validate an 18-digit 居民身份证号 (GB 11643-1999).

    The county part (digits 3–6) is deliberately not checked: numbers keep the code
    of the county that issued them, including abolished ones (110103 崇文区) and codes
    created after the holder was born, which ``stdnum.cn.ric.validate`` rejects.

    Args:
        number: The number as typed; spaces are removed and x is upper-cased.
        today: Birth dates after this day are refused.
        where: Location of the field, copied into the error.

    Returns:
        The normalised 18-character number.
    """
    number = _squeeze(number)
    if len(number) == 15 and _ascii_digits(number):
        raise ValidationError("一代身份证号已停止使用，请填写18位号码",
                              "15-digit first-generation IDs are no longer valid; "
                              "enter the 18-digit number", where)
    return _check_gb11643(number, today, where, permit=False)


def _id_digits(number: str) -> str:
    number = _squeeze(number)
    if len(number) != 18 or not _ascii_digits(number[:17]):
        raise ValidationError("身份证号格式错误", "malformed resident ID")
    return number


def gender_from_resident_id(number: str) -> str:
    """Return ``'male'`` or ``'female'``: the 17th digit is odd for men."""
    return "male" if int(_id_digits(number)[16]) % 2 else "female"


def birth_date_from_resident_id(number: str) -> date:
    """Return the birth date encoded in digits 7–14 of a resident ID."""
    try:
        return ric.get_birth_date(_id_digits(number))
    except StdnumError:
        raise ValidationError("身份证号中的出生日期不存在",
                              "resident ID birth date does not exist") from None


def check_id_document(id_type: str, number: str, *, today: date,
                      where: str | None = None) -> str:
    """Validate and normalise a document number; ``id_type`` is one of :data:`ID_TYPES`.

    Raises:
        ValidationError: If the type is unknown or the number invalid for it.
    """
    if id_type == "resident_id":
        return check_resident_id(number, today=today, where=where)
    if id_type == "hmt_residence_permit":
        return _check_gb11643(_squeeze(number), today, where, permit=True)
    if id_type == "foreign_permanent_residence":
        number = _squeeze(number)
        # 2017 card: ISO 3166 alpha-3 nationality + 12 digits (no public check algorithm).
        if re.fullmatch(r"[A-Z]{3}[0-9]{12}", number):
            return number
        # 2023 card: 18 characters starting with 9, GB 11643 check digit.
        if re.fullmatch(r"9[0-9]{16}[0-9X]", number):
            if number[17] != ric.calc_check_digit(number):
                raise ValidationError("永久居留身份证号校验位错误",
                                      "permanent residence ID check digit is wrong", where)
            return number
        raise ValidationError(
            "外国人永久居留身份证号应为3个字母加12位数字，或以9开头的18位号码",
            "permanent residence ID must be 3 letters + 12 digits or 18 digits starting with 9",
            where)
    if id_type == "passport":
        number = _squeeze(number)
        if not re.fullmatch(r"[A-Z0-9]{5,20}", number):
            raise ValidationError("护照号应为5至20位字母或数字",
                                  "passport number must be 5-20 letters or digits", where)
        return number
    raise vocab.unknown_code(vocab.ID_TYPES, id_type, where, "证件类型")


# --- GB 32100


def check_uscc(code: str, where: str | None = None) -> tuple[str, list[str]]:
    """Validate a 统一社会信用代码 (GB 32100-2015) or a 15-digit old 营业执照注册号.

    A wrong check digit only yields a warning: some codes issued in early pilots
    fail it yet are real.  The same holds for the MOD 11,10 digit of old numbers.

    Returns:
        ``(normalised, warnings)``; spaces and dashes are removed, letters upper-cased.
        Each warning reads "Chinese / English".

    Raises:
        ValidationError: If the code is structurally wrong.
    """
    code = _squeeze(code, r"\s\-")
    if len(code) == 15 and _ascii_digits(code):
        if mod_11_10.is_valid(code):
            return code, []
        return code, ["注册号校验位不符，请核对营业执照 / "
                      "registration number check digit does not match; verify the licence"]
    if len(code) != 18:
        raise ValidationError(f"统一社会信用代码应为18位（旧注册号15位），实际为{len(code)}位",
                              f"USCC must be 18 characters (or 15 digits), got {len(code)}", where)
    for char in code:
        if like := _USCC_LOOKALIKE.get(char):
            raise ValidationError(
                f"统一社会信用代码不使用字母{char}，是否应为{like}？",
                f"USCC never contains the letter {char}; did you mean {like}?", where)
        if char not in USCC_ALPHABET:
            raise ValidationError(f"统一社会信用代码含有无效字符“{char}”",
                                  f"USCC contains invalid character {char!r}", where)
    if code[0] not in _USCC_DEPTS:
        raise ValidationError(f"统一社会信用代码第1位“{code[0]}”不是有效的登记管理部门代码",
                              f"USCC: {code[0]!r} is not a registration authority code", where)
    if not _ascii_digits(code[2:8]):
        raise ValidationError("统一社会信用代码第3至8位应为行政区划代码（数字）",
                              "USCC: characters 3-8 must be a numeric division code", where)
    if code[17] != uscc.calc_check_digit(code):
        return code, ["统一社会信用代码校验位不符；早期试点代码可能如此，请核对证照 / "
                      "USCC check digit does not match; early pilot codes may legitimately "
                      "fail it, verify against the licence"]
    return code, []


def uscc_division_code(code: str) -> str | None:
    """Return the 6-digit administrative division code inside an 18-character USCC."""
    code = _squeeze(code, r"\s\-")
    return code[2:8] if len(code) == 18 and _ascii_digits(code[2:8]) else None


# --- phones

_EXT_MARK = re.compile(r"^(.*?)\s*(?:转|分机|EXT\.?|X|#)\s*([0-9]{1,6})$")
_DASH_EXT = re.compile(r"^(.*[0-9])\s*-\s*([0-9]{1,6})$")


def _parse_cn(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        parsed = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return None
    ok = phonenumbers.is_possible_number(parsed) and phonenumbers.is_valid_number(parsed)
    return parsed if ok else None


@functools.cache
def _mobile_pattern() -> re.Pattern[str]:
    """phonenumbers' pattern of mainland mobile numbers (its metadata, loaded once)."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    pattern = meta.mobile.national_number_pattern if meta and meta.mobile else None
    return re.compile(pattern or r"(?!)")  # without metadata, never take the shortcut


def _plain_mobile(text: str) -> bool:
    """True for 11 digits that phonenumbers would take as a valid mainland mobile number
    (what :func:`check_phone` returns unchanged), without parsing it in full."""
    return (len(text) == 11 and text.isascii() and text.isdigit() and text[0] == "1"
            and _mobile_pattern().fullmatch(text) is not None)


def check_phone(number: str, where: str | None = None) -> str:
    """Validate a Chinese mobile, landline (with area code) or 400/800 number.

    Returns:
        ``'13812345678'`` for mobiles, ``'0531-88886666[-123]'`` for landlines,
        ``'400-800-1234'`` for service numbers.

    Raises:
        ValidationError: If the number is invalid, foreign or a landline lacks its area code.
    """
    text = _squeeze(number, None).strip()
    if _plain_mobile(text):  # the common case, answered by phonenumbers' own pattern
        return text
    ext = ""
    if marked := _EXT_MARK.match(text):
        text, ext = marked.groups()
    # Letters must be refused here: phonenumbers maps them to keypad digits (ABC → 2).
    if not re.fullmatch(r"\+?[0-9\s\-().]+", text):
        raise ValidationError("电话号码只能包含数字、空格和“-”",
                              "phone number may only contain digits, spaces and dashes", where)
    parsed = _parse_cn(text)
    # phonenumbers does not read "-123" as an extension, so try without a trailing group.
    if parsed is None and not ext and (dashed := _DASH_EXT.match(text)):
        head = _parse_cn(dashed.group(1))
        if head is not None and phonenumbers.number_type(head) == PhoneNumberType.FIXED_LINE:
            parsed, ext = head, dashed.group(2)
    if parsed is None:
        digits = re.sub(r"[^0-9]", "", text)
        if not text.startswith("+") and len(digits) in (7, 8) and digits[0] in "23456789":
            raise ValidationError("固定电话请加区号", "landline number needs its area code", where)
        if digits.startswith("1") and len(digits) in (9, 10, 12, 13):
            raise ValidationError("手机号码应为11位数字", "mobile number must have 11 digits",
                                  where)
        raise ValidationError("电话号码无效", "phone number is not valid", where)
    if parsed.country_code != 86:
        raise ValidationError("仅支持中国大陆电话号码", "only mainland China numbers are accepted",
                              where)
    national = str(parsed.national_number)
    kind = phonenumbers.number_type(parsed)
    if kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        area = phonenumbers.length_of_geographical_area_code(parsed)
        if area:
            return f"0{national[:area]}-{national[area:]}" + (f"-{ext}" if ext else "")
    if ext:
        raise ValidationError("只有固定电话可以带分机号", "only landlines can have an extension",
                              where)
    if kind == PhoneNumberType.MOBILE:
        return national
    if kind in (PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST):
        national_fmt = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        return national_fmt.replace(" ", "-")
    raise ValidationError("不支持此类电话号码", "this kind of phone number is not accepted", where)


# --- generators


def make_resident_id(rng: random.Random, *, birth: date, address_code: str, male: bool) -> str:
    """Build a valid resident ID (or HMT permit if ``address_code`` is 8x0000) for tests."""
    sequence = f"{rng.randrange(100):02d}{rng.choice('13579' if male else '02468')}"
    body = f"{address_code}{birth:%Y%m%d}{sequence}"
    return body + ric.calc_check_digit(body + "0")  # calc_check_digit skips the last char


def gb11714_check_digit(body: str) -> str:
    """Check digit of a GB 11714 组织机构代码 from its first 8 characters."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(char, 36) * w for char, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(rng: random.Random, *, division_code: str, dept: str = "9", kind: str = "1") -> str:
    """Build a USCC with a valid check digit for tests and demo data.

    For 工商 (dept 9) enterprises, 个体工商户 and cooperatives the subject code is a
    组织机构代码 with its own GB 11714 check digit: 8 digits, or ``MA`` + 6 characters
    as issued since 2015.
    """
    if dept == "9" and kind in ("1", "2", "3"):
        if rng.random() < 0.5:
            body = "".join(rng.choice("0123456789") for _ in range(8))
        else:
            body = "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(6))
        subject = body + gb11714_check_digit(body)
    else:
        subject = "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    head = f"{dept}{kind}{division_code}{subject}"
    return head + uscc.calc_check_digit(head)
