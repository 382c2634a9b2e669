"""Hostile input (issue 5 §9): invisible characters, duplicates, coercion, fuzzing."""

from __future__ import annotations

import copy
import json
import random
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain import validators
from desktop.domain.agreement import AgreementFacts, Term
from desktop.domain.case_format import mediation_from_negotiation, parse_case
from desktop.domain.errors import TransitionError, ValidationError
from desktop.domain.event_data import check_event_data
from desktop.domain.lifecycle import EVENTS, STATES, CaseSnapshot, next_state
from desktop.domain.signers import PartyFacts
from desktop.domain.text import clean_text, shorten

TODAY = date(2026, 11, 22)
RNG = random.Random(5)


def worker(i: int) -> dict:
    return {"kind": "worker", "name": f"工人{i}", "id_number": validators.make_resident_id(
        RNG, birth=date(1980, 1, 1 + i), address_code="370112", male=True)}


def doc(**extra) -> dict:
    base = {"source": "application", "received_on": "2026-11-16", "dispute_types": ["wages"],
            "summary": "拖欠工资", "applicants": [worker(0), worker(1)],
            "respondents": [{"kind": "employer", "name": "济南某某有限公司"}]}
    base.update(extra)
    return base


INVISIBLE = ["\u200b", "\u200d", "\u200f", "\u2028", "\u2029", "\ufeff", "\u202e", "\u2066",
             "\u2069", "\x00", "\x1b[31m", "\x07"]


@pytest.mark.parametrize("bad", INVISIBLE)
def test_invisible_and_control_characters_refused_in_names(bad):
    d = doc()
    d["applicants"][0]["name"] = f"张{bad}三"
    with pytest.raises(ValidationError) as err:
        parse_case(d, today=TODAY)
    assert err.value.where == "applicants[0].name"
    assert "U+" in err.value.zh and "U+" in err.value.en


@pytest.mark.parametrize("field", ["platform_serial", "court_case_no"])
def test_invisible_characters_refused_in_codes(field):
    with pytest.raises(ValidationError) as err:
        parse_case(doc(**{field: "AB\u202eCD"}), today=TODAY)
    assert err.value.where == field


def test_invisible_characters_refused_in_id_numbers():
    d = doc()
    d["applicants"][0]["id_number"] = d["applicants"][0]["id_number"][:5] + "\u200b" + \
        d["applicants"][0]["id_number"][5:]
    with pytest.raises(ValidationError) as err:
        parse_case(d, today=TODAY)
    assert err.value.where == "applicants[0].id_number"


def test_name_that_is_only_invisible_is_missing():
    d = doc()
    d["applicants"][0]["name"] = "\u200b"
    with pytest.raises(ValidationError) as err:
        parse_case(d, today=TODAY)
    assert err.value.where == "applicants[0].name"


def test_free_text_is_cleaned_and_checked_after_cleaning():
    draft = parse_case(doc(summary="拖欠\u200b工资\x00\r\n第二行\u202e"), today=TODAY)
    assert draft.summary == "拖欠工资\n第二行"
    with pytest.raises(ValidationError) as err:
        parse_case(doc(summary="\x00\u200b \u2028"), today=TODAY)
    assert err.value.where == "summary"


def test_lone_surrogate_is_refused_with_a_clear_message():
    raw = json.loads('{"s": "\\ud800"}')["s"]
    with pytest.raises(ValidationError) as err:
        parse_case(doc(summary=f"拖欠{raw}"), today=TODAY)
    assert "U+D800" in err.value.zh and err.value.where == "summary"


def test_blank_optional_text_reads_as_absent():
    assert clean_text("  \u200b ", "x", strict=False) is None
    assert clean_text(None, "x") is None


def test_echoed_values_are_shortened_and_escaped():
    shown = shorten("A" * 1_000_000)
    assert len(shown) == 41 and shown.endswith("…")
    assert shorten("a\x1bb") == "a\\u001bb"
    with pytest.raises(ValidationError) as err:
        parse_case(doc(source="x" * 10_000), today=TODAY)
    assert len(err.value.zh) < 300 and len(err.value.en) < 300


def test_duplicate_id_number_is_refused_naming_the_field():
    d = doc()
    d["applicants"] += [worker(2), copy.deepcopy(d["applicants"][0])]
    with pytest.raises(ValidationError) as err:
        parse_case(d, today=TODAY)
    assert err.value.where == "applicants[3].id_number"
    assert "与第1名申请人相同" in err.value.zh  # in words: the field path is in `where`
    assert "applicants[" not in err.value.zh and "applicants[0]" in err.value.en


def test_duplicate_uscc_is_refused_naming_the_field():
    code = validators.make_uscc(RNG, division_code="370112")
    d = doc()
    d["respondents"] = [{"kind": "employer", "name": "甲公司", "uscc": code},
                        {"kind": "employer", "name": "乙公司", "uscc": code.lower()}]
    with pytest.raises(ValidationError) as err:
        parse_case(d, today=TODAY)
    assert err.value.where == "respondents[1].uscc"
    assert err.value.zh == "当事人重复：与第1名被申请人相同"


def test_same_name_without_id_on_the_same_side_is_a_duplicate():
    d = doc()
    d["applicants"] = [{"kind": "worker", "name": "李四"}, {"kind": "worker", "name": "李四"}]
    with pytest.raises(ValidationError) as err:
        parse_case(d, today=TODAY)
    assert err.value.where == "applicants[1].name"
    d["respondents"] = [{"kind": "employer", "name": "李四"}]
    d["applicants"] = d["applicants"][:1]
    assert parse_case(d, today=TODAY)  # the same name on the other side is allowed


def test_unknown_court_procedure_is_refused_not_dropped():
    with pytest.raises(ValidationError) as err:
        parse_case(doc(source="court_entrusted", court_procedure="summary",
                       court_case_no="（2026）鲁0112民初1号"), today=TODAY)
    assert err.value.where == "court_procedure"
    with pytest.raises(ValidationError) as err:
        parse_case(doc(court_procedure="simple"), today=TODAY)  # not court_entrusted
    assert err.value.where == "court_procedure"


@pytest.mark.parametrize("value", ["yes", "true", 1, 0, None and 0])
def test_representative_must_be_true_or_false(value):
    d = doc()
    d["applicants"][0]["representative"] = value
    if value is None:
        assert parse_case(d, today=TODAY)
        return
    with pytest.raises(ValidationError) as err:
        parse_case(d, today=TODAY)
    assert err.value.where == "applicants[0].representative"


def test_employment_facts_are_checked():
    draft = parse_case(doc(employment_ongoing=True), today=TODAY)
    assert draft.employment_ongoing is True
    draft = parse_case(doc(employment_ended_on="2026-03-31"), today=TODAY)
    assert draft.employment_ended_on == date(2026, 3, 31)
    with pytest.raises(ValidationError) as err:
        parse_case(doc(employment_ongoing=True, employment_ended_on="2026-03-31"), today=TODAY)
    assert err.value.where == "employment_ended_on"
    with pytest.raises(ValidationError):
        parse_case(doc(employment_ongoing="no"), today=TODAY)


def test_mediation_draft_from_a_negotiation_links_back():
    draft = parse_case(doc(source="negotiation"), today=TODAY)
    new = mediation_from_negotiation(draft, negotiation_case_no="某〔2026〕第3号",
                                     received_on=date(2026, 11, 22))
    assert new.kind == "mediation" and new.source == "application"
    assert new.linked_case_no == "某〔2026〕第3号" and new.parties == draft.parties
    assert new.parties[0] is not draft.parties[0]


# --- events -----------------------------------------------------------------------------------


def check(event: str, data: object, **kw):
    return check_event_data(event, data, today=TODAY, not_before=date(2026, 11, 16), **kw)


def test_event_text_fields_refuse_or_clean_invisible_characters():
    with pytest.raises(ValidationError) as err:
        check("assign", {"mediator": "王\u200b建国"})
    assert err.value.where == "mediator"
    assert check("refuse", {"reason": "不属于\u200b受理范围\x00"})["reason"] == "不属于受理范围"
    with pytest.raises(ValidationError) as err:
        check("refuse", {"reason": "\u200b"})
    assert err.value.where == "reason"


def test_event_consent_must_be_boolean():
    with pytest.raises(ValidationError) as err:
        check("extend", {"new_due_on": "2026-12-20", "applicant_consent": "yes"})
    assert err.value.where == "applicant_consent"


def test_sign_given_as_a_side_expands_to_its_parties():
    parties = (PartyFacts(0, "applicant", "worker"), PartyFacts(1, "applicant", "worker"),
               PartyFacts(2, "respondent", "employer"))
    snap = CaseSnapshot("agreement", parties=parties)
    assert check("sign", {"signer": "applicant"}, snap=snap)["signers"] == ["party:0", "party:1"]
    with pytest.raises(ValidationError):
        check("sign", {"signer": "party:x"})


def test_terms_carry_category_and_payer():
    out = check("agree", {"terms": [{"item": "工资", "amount_fen": 100, "due_on": "2026-12-01",
                                     "method": "转账", "category": "wages",
                                     "payer_party": 1}]})
    assert out["terms"][0]["category"] == "wages" and out["copies"] == 3
    with pytest.raises(ValidationError) as err:
        check("agree", {"terms": [{"item": "工资", "amount_fen": 100, "due_on": "2026-12-01",
                                   "method": "转账", "category": "salary"}]})
    assert err.value.where == "terms[0].category"


TERM = {"item": "工资", "amount_fen": 100, "due_on": "2026-12-01", "method": "转账"}


@pytest.mark.parametrize(("change", "where", "said"), [
    ({"amount_fen": 100.123}, "terms[1].amount_fen",
     "协议第 2 项的金额：金额“100.123”超过两位小数"),
    ({"amount_fen": None}, "terms[1].amount_fen", "协议第 2 项的金额：金额未填写或格式不对"),
    ({"amount_fen": "100"}, "terms[1].amount_fen", "协议第 2 项的金额：金额以分为单位，应为数字"),
    ({"method": " "}, "terms[1].method", "协议第 2 项的履行方式：必填项缺失"),
    ({"due_on": "2026-11-01"}, "terms[1].due_on", "协议第 2 项的履行期限：履行期限早于协议日期"),
    ({"colour": "red"}, "terms[1].colour", "协议第 2 项：未知字段：colour"),
], ids=["three decimals", "no amount", "amount as text", "no method", "due too early",
        "unknown field"])
def test_a_refused_agreement_term_says_which_term_and_field(change, where, said):
    bad = {**TERM, **change}
    with pytest.raises(ValidationError) as err:
        check("agree", {"terms": [TERM, bad], "occurred_on": "2026-11-20"})
    assert err.value.where == where
    assert err.value.zh.startswith(said), err.value.zh
    assert "以分为单位的整数" not in err.value.zh or change.get("amount_fen") is None


def test_every_event_table_field_has_a_working_check():
    for code, spec in EVENTS.items():
        for name, field in spec.fields.items():
            assert callable(field.check), (code, name)


# --- fuzzing ------------------------------------------------------------------------------------

TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=30)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), TEXT,
                    st.sampled_from(["2026-11-16", "application", "wages", "worker", "employer",
                                     "resident_id", "ordinary", "party:0", "lapsed"]))
JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["name", "kind", "id_number", "uscc", "phone", "item",
                                     "amount_fen", "due_on", "method", "representative",
                                     "terms", "signer", "reason", "x"]) | TEXT, inner,
                    max_size=5)), max_leaves=20)
CASE_KEYS = ["source", "received_on", "dispute_arose_on", "dispute_types", "summary", "claims",
             "applicants", "respondents", "flags", "worker_count", "court_procedure",
             "employment_ongoing", "employment_ended_on", "platform_serial"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(JSON, st.fixed_dictionaries({}, optional={k: JSON for k in CASE_KEYS})))
def test_parse_case_only_ever_raises_validation_errors(value):
    try:
        parse_case(value, today=TODAY)
    except ValidationError as err:
        assert err.zh and err.en and err.where, err


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(EVENTS)), JSON, st.sampled_from(sorted(STATES)))
def test_event_data_only_ever_raises_validation_errors(event, data, state):
    """Checked data then judged by the table: only the two refusal types ever escape."""
    snap = CaseSnapshot(state, parties=(PartyFacts(0, "applicant", "worker"),),
                        agreement=AgreementFacts("mediation", TODAY, (Term(0, 1, TODAY),)))
    try:
        clean = check(event, data, snap=snap, deadlines={"mediation_due": date(2026, 12, 1)})
    except ValidationError as err:
        assert err.zh and err.en and err.where, err
        return
    try:
        next_state(snap, event, clean)
    except TransitionError as err:
        assert err.zh and err.en and err.where, err


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({}, optional={
    "applicants": st.lists(st.fixed_dictionaries(
        {"kind": st.sampled_from(["worker", "employer", "agent"]), "name": TEXT},
        optional={"id_number": TEXT, "representative": SCALARS, "phone": TEXT, "uscc": TEXT}),
        max_size=4)}))
def test_parties_fuzzed_near_valid_only_raise_validation_errors(extra):
    try:
        parse_case(doc(**extra), today=TODAY)
    except ValidationError as err:
        assert err.zh and err.en and err.where, err
