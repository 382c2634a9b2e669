"""Tests of desktop.domain.validators (ID documents, USCC, phone numbers)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc
from stdnum.iso7064 import mod_11_10

from desktop.domain.errors import ValidationError
from desktop.domain.validators import (
    ID_TYPES,
    USCC_ALPHABET,
    birth_date_from_resident_id,
    check_id_document,
    check_phone,
    check_resident_id,
    check_uscc,
    gb11714_check_digit,
    gender_from_resident_id,
    make_resident_id,
    make_uscc,
    uscc_division_code,
)

TODAY = date(2026, 11, 22)
WHERE = "applicants[0].id_number"


def with_check(body17: str) -> str:
    """Append the GB 11643 check digit to 17 digits (calc_check_digit ignores the last char)."""
    return body17 + ric.calc_check_digit(body17 + "0")


def refused(func, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        func(*args, **kwargs)
    return info.value


# ----------------------------------------------------------------------------- resident ID

BIRTH_YEARS = [1926, 1940, 1955, 1968, 1979, 1988, 1996, 2003, 2008, 2010]
ADDRESSES = ["110105", "370102", "440305", "510104", "650102", "230103", "460105", "540102"]


@pytest.mark.parametrize("year", BIRTH_YEARS)
@pytest.mark.parametrize("male", [True, False])
def test_generated_resident_ids_of_all_ages_are_accepted(year: int, male: bool) -> None:
    rng = random.Random(year * 2 + male)
    birth = date(year, rng.randint(1, 12), rng.randint(1, 28))
    number = make_resident_id(rng, birth=birth, address_code=rng.choice(ADDRESSES), male=male)
    assert check_resident_id(number, today=TODAY) == number
    assert gender_from_resident_id(number) == ("male" if male else "female")
    assert birth_date_from_resident_id(number) == birth


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the worked example of GB 11643-1999
        "360426199101010071",  # python-stdnum's doctest example
        "110101196803070016",  # computed by hand: 东城区, 1968-03-07, male
    ],
)
def test_known_sample_numbers_are_accepted(number: str) -> None:
    assert check_resident_id(number, today=TODAY) == number


def test_sample_helpers() -> None:
    assert gender_from_resident_id("11010519491231002X") == "female"
    assert birth_date_from_resident_id("11010519491231002X") == date(1949, 12, 31)
    assert gender_from_resident_id("110101196803070016") == "male"


@pytest.mark.parametrize(
    ("address", "birth"),
    [
        ("110103", date(1968, 5, 4)),  # 崇文区, merged into 东城区 in 2010
        ("110104", date(1979, 8, 19)),  # 宣武区, merged into 西城区 in 2010
        ("320103", date(1955, 6, 15)),  # 白下区 (南京), code 1983-2013
        ("330110", date(1955, 3, 1)),  # 余杭区 created 2001; ID issued later to a 1955-born
        ("440307", date(1940, 10, 1)),  # 龙岗区 created 1992
    ],
)
def test_abolished_and_newer_county_codes_are_accepted(address: str, birth: date) -> None:
    number = make_resident_id(random.Random(7), birth=birth, address_code=address, male=True)
    assert check_resident_id(number, today=TODAY) == number


def test_stdnum_validate_rejects_real_numbers_which_is_why_we_do_not_use_it() -> None:
    rng = random.Random(3)
    baixia = make_resident_id(rng, birth=date(1955, 6, 15), address_code="320103", male=True)
    yuhang = make_resident_id(rng, birth=date(1955, 3, 1), address_code="330110", male=False)
    for number in (baixia, yuhang):
        assert check_resident_id(number, today=TODAY) == number
        assert not ric.is_valid(number)  # county code "not assigned" in the birth year
    # Abolished codes alone are fine for stdnum while the birth year is within their range.
    chongwen = make_resident_id(rng, birth=date(1968, 5, 4), address_code="110103", male=True)
    assert ric.is_valid(chongwen)


def test_lowercase_x_and_spaces_are_normalised() -> None:
    assert check_resident_id(" 110105 19491231 002x ", today=TODAY) == "11010519491231002X"
    full_width = "１１０１０５１９４９１２３１００２ｘ"
    assert check_resident_id(full_width, today=TODAY) == "11010519491231002X"


def test_birth_date_edges_are_accepted() -> None:
    rng = random.Random(1)
    for birth in (TODAY, date(1900, 1, 1)):
        number = make_resident_id(rng, birth=birth, address_code="370102", male=False)
        assert check_resident_id(number, today=TODAY) == number


VALID = "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("110105194912310021", "校验位错误"),
        (with_check("11010519900230001"), "19900230不存在"),  # 30 February
        (with_check("11010520261123001"), "晚于今天"),  # the day after TODAY
        (with_check("11010518991231001"), "早于1900年"),
        (with_check("00010519900101001"), "不是有效的省份代码"),
        (with_check("99010519900101001"), "不是有效的省份代码"),
        (with_check("83000019900101001"), "台湾居民居住证"),
        (VALID[:17], "应为18位"),
        (VALID + "1", "应为18位"),
        ("110105491231002", "一代身份证号已停止使用，请填写18位号码"),
        ("1101051949A231002X", "前17位应为数字"),
        ("11010519491231002Y", "最后一位应为数字或X"),
        ("", "应为18位"),
    ],
)
def test_bad_resident_ids_are_refused(number: str, fragment: str) -> None:
    error = refused(check_resident_id, number, today=TODAY, where=WHERE)
    assert fragment in error.zh
    assert error.en and error.en.isascii()
    assert error.where == WHERE


def test_helpers_refuse_garbage() -> None:
    with pytest.raises(ValidationError):
        gender_from_resident_id("12345")
    with pytest.raises(ValidationError):
        birth_date_from_resident_id(with_check("11010519900230001"))


def test_make_resident_id_is_deterministic() -> None:
    first = make_resident_id(random.Random(42), birth=date(1988, 1, 2), address_code="370102",
                             male=True)
    again = make_resident_id(random.Random(42), birth=date(1988, 1, 2), address_code="370102",
                             male=True)
    assert first == again and first.startswith("37010219880102")


@given(
    birth=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    province=st.sampled_from(["11", "15", "23", "37", "46", "54", "65", "71"]),
    male=st.booleans(),
    seed=st.integers(0, 2**32),
)
def test_generated_ids_round_trip(birth: date, province: str, male: bool, seed: int) -> None:
    number = make_resident_id(random.Random(seed), birth=birth, address_code=province + "0102",
                              male=male)
    assert check_resident_id(number, today=TODAY) == number
    assert birth_date_from_resident_id(number) == birth
    assert gender_from_resident_id(number) == ("male" if male else "female")


# ----------------------------------------------------------------------------- other documents


@pytest.mark.parametrize("address", ["810000", "820000", "830000"])
def test_hmt_residence_permits_are_accepted(address: str) -> None:
    number = make_resident_id(random.Random(9), birth=date(1955, 2, 3), address_code=address,
                              male=False)
    assert check_id_document("hmt_residence_permit", number, today=TODAY) == number
    assert gender_from_resident_id(number) == "female"


def test_hmt_permit_refusals() -> None:
    mainland = make_resident_id(random.Random(9), birth=date(1990, 2, 3), address_code="110105",
                                male=False)
    error = refused(check_id_document, "hmt_residence_permit", mainland, today=TODAY, where=WHERE)
    assert "810000" in error.zh and error.where == WHERE
    bad = with_check("83000019900230001")
    assert "不存在" in refused(check_id_document, "hmt_residence_permit", bad, today=TODAY).zh
    good = make_resident_id(random.Random(2), birth=date(1990, 2, 3), address_code="810000",
                            male=True)
    wrong = good[:17] + ("1" if good[17] != "1" else "2")
    assert "校验位错误" in refused(check_id_document, "hmt_residence_permit", wrong,
                                   today=TODAY).zh


def test_resident_id_through_check_id_document() -> None:
    assert check_id_document("resident_id", "11010519491231002x", today=TODAY) == VALID


def test_foreign_permanent_residence_both_versions() -> None:
    assert check_id_document("foreign_permanent_residence", "USA110079061501",
                             today=TODAY) == "USA110079061501"
    assert check_id_document("foreign_permanent_residence", "can 3100 8506 0702",
                             today=TODAY) == "CAN310085060702"
    new = with_check("91184019800101001")  # 2023 card: 9, 受理地 11, 国籍 840, date, seq
    assert new == "911840198001010013"
    assert check_id_document("foreign_permanent_residence", new, today=TODAY) == new
    error = refused(check_id_document, "foreign_permanent_residence", new[:17] + "4",
                    today=TODAY, where=WHERE)
    assert "校验位错误" in error.zh and error.where == WHERE
    for bad in ("US1234567890123", "USA12345678901", "811840198001010013", "USA11007906150X"):
        error = refused(check_id_document, "foreign_permanent_residence", bad, today=TODAY,
                        where=WHERE)
        assert error.where == WHERE


def test_passport() -> None:
    assert check_id_document("passport", "e1234 5678", today=TODAY) == "E12345678"
    assert check_id_document("passport", "K1234", today=TODAY) == "K1234"
    for bad in ("E123", "E1234-5678", "护照12345", "A" * 21):
        error = refused(check_id_document, "passport", bad, today=TODAY, where=WHERE)
        assert "护照号" in error.zh and error.where == WHERE


def test_unknown_document_type_lists_allowed_codes() -> None:
    error = refused(check_id_document, "driving_licence", "123", today=TODAY, where=WHERE)
    assert error.where == WHERE
    for code in ID_TYPES:
        assert code in error.zh and code in error.en


# ----------------------------------------------------------------------------- USCC


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize(("dept", "kind"), [("9", "1"), ("9", "2"), ("9", "3"), ("5", "1"),
                                            ("1", "2"), ("N", "2"), ("Y", "1"), ("A", "1")])
def test_generated_usccs_are_accepted(seed: int, dept: str, kind: str) -> None:
    code = make_uscc(random.Random(seed), division_code="370102", dept=dept, kind=kind)
    assert len(code) == 18 and code[:8] == f"{dept}{kind}370102"
    assert set(code) <= set(USCC_ALPHABET)
    assert check_uscc(code) == (code, [])
    assert uscc_division_code(code) == "370102"
    if dept == "9":  # subject code is a 组织机构代码 with its own GB 11714 check digit
        assert code[16] == gb11714_check_digit(code[8:16])


def test_make_uscc_is_deterministic() -> None:
    assert make_uscc(random.Random(5), division_code="110105") == make_uscc(
        random.Random(5), division_code="110105")


def test_gb11714_check_digit_on_published_codes() -> None:
    assert gb11714_check_digit("M000100Y") == "4"  # sample 91350100M000100Y43
    assert gb11714_check_digit("70846113") == "6"  # 组织机构代码 70846113-6
    assert gb11714_check_digit("19220382") == "1"  # 组织机构代码 19220382-1


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # widely published sample code
        "91440300708461136T",  # 企业 (published on the business licence)
        "51370000MJD6000173",  # 社会团体, 民政
        "52110105MJ0123456N",  # 民办非企业单位
        "123700004955701279",  # 事业单位
        "11110000000013979A",  # 机关
        "N2370102MF0001235Q",  # 农村集体经济组织
        "Y1440300MA5G12343Q",  # 其他
        "A1100000MB1C2D3E3R",  # 中央军委改革和编制办公室
    ],
)
def test_real_looking_usccs_are_accepted(code: str) -> None:
    assert check_uscc(code) == (code, [])


def test_stdnum_uscc_validate_wrongly_rejects_letter_departments() -> None:
    for code in ("N2370102MF0001235Q", "Y1440300MA5G12343Q", "A1100000MB1C2D3E3R"):
        assert code[17] == uscc.calc_check_digit(code)  # the checksum is fine ...
        assert not uscc.is_valid(code)  # ... but stdnum insists the first 8 are digits


def test_uscc_is_normalised() -> None:
    assert check_uscc(" 91350100-m000100y43 ") == ("91350100M000100Y43", [])


@pytest.mark.parametrize(("letter", "meant"), [("O", "0"), ("I", "1"), ("S", "5"), ("Z", "2")])
def test_lookalike_letters_get_a_specific_message(letter: str, meant: str) -> None:
    code = "91350100M" + letter + "00100Y43"
    error = refused(check_uscc, code, where="respondent.uscc")
    assert f"字母{letter}" in error.zh and meant in error.zh
    assert f"letter {letter}" in error.en
    assert error.where == "respondent.uscc"


def test_checksum_only_failure_is_a_warning() -> None:
    code, warnings = check_uscc("91350100M000100Y44")
    assert code == "91350100M000100Y44"
    assert len(warnings) == 1 and "校验位" in warnings[0] and "check digit" in warnings[0]


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91350100M000100Y4", "应为18位"),
        ("91350100M000100Y431", "应为18位"),
        ("B1350100M000100Y43", "登记管理部门"),
        ("0135010000000100Y4", "登记管理部门"),
        ("913501A0M000100Y43", "行政区划"),
        ("91350100M000100Y4*", "无效字符"),
        ("9135010000010001X", "应为18位"),
    ],
)
def test_structurally_wrong_usccs_are_refused(code: str, fragment: str) -> None:
    error = refused(check_uscc, code, where="respondent.uscc")
    assert fragment in error.zh
    assert error.where == "respondent.uscc"


def test_old_fifteen_digit_registration_numbers() -> None:
    assert check_uscc("110108000000016") == ("110108000000016", [])
    body = "37010260001234"
    good = body + mod_11_10.calc_check_digit(body)
    assert check_uscc(good) == (good, [])
    bad = body + str((int(good[-1]) + 1) % 10)
    code, warnings = check_uscc(bad)
    assert code == bad and warnings and "注册号" in warnings[0]
    assert uscc_division_code(good) is None


# ----------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0086 199 1234 5678", "19912345678"),
        ("0531-88886666", "0531-88886666"),
        ("053188886666", "0531-88886666"),
        ("0531 8888 6666", "0531-88886666"),
        ("010 12345678", "010-12345678"),
        ("(010)12345678", "010-12345678"),
        ("+86 10 1234 5678", "010-12345678"),
        ("020-12345678", "020-12345678"),
        ("0991-1234567", "0991-1234567"),
        ("010-12345678-123", "010-12345678-123"),
        ("0531-88886666转8001", "0531-88886666-8001"),
        ("010 12345678 ext. 12", "010-12345678-12"),
        ("０５３１－８８８８６６６６", "0531-88886666"),
        ("400-800-1234", "400-800-1234"),
        ("8008101234", "800-810-1234"),
    ],
)
def test_valid_phones_are_normalised(raw: str, expected: str) -> None:
    assert check_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("88886666", "固定电话请加区号"),
        ("8888666", "固定电话请加区号"),
        ("1381234567", "手机号码应为11位"),
        ("138123456789", "手机号码应为11位"),
        ("1381234ABCD", "只能包含数字"),
        ("phone", "只能包含数字"),
        ("0531-8888666", "无效"),
        ("12345", "无效"),
        ("", "只能包含数字"),
        ("+1 650 253 0000", "中国大陆"),
        ("13812345678转12", "分机"),
    ],
)
def test_invalid_phones_are_refused(raw: str, fragment: str) -> None:
    error = refused(check_phone, raw, where="applicants[0].phone")
    assert fragment in error.zh
    assert error.en.isascii()
    assert error.where == "applicants[0].phone"


def test_today_parameter_is_respected() -> None:
    number = make_resident_id(random.Random(4), birth=TODAY, address_code="370102", male=True)
    assert check_resident_id(number, today=TODAY) == number
    refused(check_resident_id, number, today=TODAY - timedelta(days=1))


def test_the_mobile_shortcut_answers_exactly_as_the_full_check(monkeypatch):
    """11-digit mobiles skip the full parse; on every number both must agree."""
    import random as random_mod

    from desktop.domain import validators as v

    rng = random_mod.Random(11)
    numbers = ["1" + "".join(rng.choice("0123456789") for _ in range(10)) for _ in range(3000)]
    numbers += ["13812345678", "19912345678", "14012345678", "10012345678", "1741234567x"]

    def verdict(number: str) -> object:
        try:
            return v.check_phone(number)
        except ValidationError as exc:
            return ("refused", exc.en)

    fast = [verdict(n) for n in numbers]
    monkeypatch.setattr(v, "_plain_mobile", lambda text: False)
    assert [verdict(n) for n in numbers] == fast
    assert sum(isinstance(f, str) for f in fast) > 1000  # the shortcut was really taken
