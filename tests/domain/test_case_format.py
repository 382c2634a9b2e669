"""The case interchange format: flags, thresholds, warnings and the paths in errors."""

from __future__ import annotations

import copy
import random
from datetime import date

import pytest

from desktop.domain import validators
from desktop.domain.case_format import parse_case
from desktop.domain.errors import ValidationError

TODAY = date(2026, 11, 22)


def workers(n: int, reps: int = 0) -> list[dict]:
    rng = random.Random(n)
    out = []
    for i in range(n):
        out.append({"kind": "worker", "name": f"工人{i}", "id_type": "resident_id",
                    "id_number": validators.make_resident_id(
                        rng, birth=date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
                        address_code="370112", male=i % 2 == 0),
                    "representative": i < reps})
    return out


def doc(n: int = 1, reps: int = 0, **extra) -> dict:
    base = {"source": "application", "received_on": "2026-11-16", "dispute_types": ["wages"],
            "summary": "拖欠工资", "claims": [{"item": "工资", "amount_fen": 100}],
            "applicants": workers(n, reps),
            "respondents": [{"kind": "employer", "name": "济南某某有限公司"}]}
    base.update(extra)
    return base


def test_nine_workers_are_not_collective():
    assert "collective" not in parse_case(doc(9), today=TODAY).flags


def test_ten_workers_are_collective_and_need_representatives():
    draft = parse_case(doc(10), today=TODAY)
    assert "collective" in draft.flags
    assert any("3至5名" in w for w in draft.warnings)
    draft = parse_case(doc(10, reps=3), today=TODAY)
    assert not any("3至5名" in w for w in draft.warnings)


@pytest.mark.parametrize("reps", [1, 2, 6])
def test_representatives_outside_three_to_five_warn_never_refuse_R14_LDMAL7(reps):
    """LDMAL 7 sets no number; 3-5 is BAGZ's rule for arbitration (DOMAIN.md R14)."""
    draft = parse_case(doc(12, reps=reps), today=TODAY)
    assert any(f"现为 {reps} 名" in w for w in draft.warnings)


def test_worker_count_beyond_listed_workers_sets_major_collective():
    draft = parse_case(doc(5, reps=3, worker_count=35), today=TODAY)
    assert {"collective", "major_collective"} <= set(draft.flags)
    with pytest.raises(ValidationError) as err:
        parse_case(doc(5, worker_count=4), today=TODAY)
    assert err.value.where == "worker_count"


def test_dispatch_agency_and_employing_unit_are_joint_respondents():
    d = doc(1)
    d["respondents"] = [{"kind": "employer", "name": "某劳务派遣公司", "role": "dispatch_agency"},
                        {"kind": "employer", "name": "某制造公司", "role": "employing_unit"}]
    draft = parse_case(d, today=TODAY)
    assert "labour_dispatch" in draft.flags
    assert [p.role for p in draft.parties if p.side == "respondent"] == [
        "dispatch_agency", "employing_unit"]


def test_key_group_flags_are_kept():
    draft = parse_case(doc(1, flags=["migrant_workers", "graduates", "new_employment_forms"]),
                       today=TODAY)
    assert {"migrant_workers", "graduates", "new_employment_forms"} <= set(draft.flags)


def test_uscc_checksum_failure_is_a_warning_not_an_error():
    rng = random.Random(1)
    good = validators.make_uscc(rng, division_code="370112")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    d = doc(1)
    d["respondents"][0]["uscc"] = bad
    draft = parse_case(d, today=TODAY)
    assert draft.parties[-1].uscc == bad
    assert any("respondents[0].uscc" in w for w in draft.warnings)


def test_other_id_documents_are_allowed():
    d = doc(1)
    d["applicants"][0].update(id_type="passport", id_number="e12345678")
    draft = parse_case(d, today=TODAY)
    assert draft.parties[0].id_number == "E12345678" and draft.parties[0].gender is None


COURT_NO = "（2026）鲁0112民诉前调1234号"


def test_court_entrusted_defaults_to_ordinary_procedure():
    entrusted = doc(1, source="court_entrusted", court_case_no=COURT_NO)
    assert parse_case(entrusted, today=TODAY).court_procedure == "ordinary"
    with pytest.raises(ValidationError) as err:
        parse_case({**entrusted, "court_procedure": "fast"}, today=TODAY)
    assert err.value.where == "court_procedure"


@pytest.mark.parametrize("source", ["court_delegated", "court_entrusted",
                                    "arbitration_entrusted"])
def test_a_referral_needs_the_referring_bodys_case_number_DOMAIN_2(source):
    """委派/委托 intake: the court's (or commission's) case number; the day the materials were
    signed for is ``received_on``, required of every case."""
    for missing in ({}, {"court_case_no": "  "}, {"court_case_no": None}):
        with pytest.raises(ValidationError) as err:
            parse_case(doc(1, source=source, **missing), today=TODAY)
        assert err.value.where == "court_case_no"
        assert "委托机关案号" in err.value.zh and "court_case_no" not in err.value.zh
    draft = parse_case(doc(1, source=source, court_case_no=f" {COURT_NO} "), today=TODAY)
    assert draft.court_case_no == COURT_NO and draft.received_on == date(2026, 11, 16)


def test_other_sources_may_omit_the_case_number():
    assert parse_case(doc(1), today=TODAY).court_case_no is None
    assert parse_case(doc(1, court_case_no=COURT_NO), today=TODAY).court_case_no == COURT_NO


def test_negotiation_source_is_the_negotiation_path():
    assert parse_case(doc(1, source="negotiation"), today=TODAY).kind == "negotiation"


@pytest.mark.parametrize("mutate, where", [
    (lambda d: d.pop("summary"), "summary"),
    (lambda d: d.update(dispute_types=[]), "dispute_types"),
    (lambda d: d["applicants"][0].update(kind="robot"), "applicants[0].kind"),
    (lambda d: d["applicants"][0].update(id_type="visa"), "applicants[0].id_type"),
    (lambda d: d["applicants"][0].pop("name"), "applicants[0].name"),
    (lambda d: d["claims"].append({"item": "x", "amount_fen": True}), "claims[1].amount_fen"),
    (lambda d: d["claims"].append({"amount_fen": 5}), "claims[1].item"),
    (lambda d: d.update(received_on="16/11/2026"), "received_on"),
    (lambda d: d.update(worker_count="12"), "worker_count"),
])
def test_errors_name_the_field(mutate, where):
    d = copy.deepcopy(doc(1))
    mutate(d)
    with pytest.raises(ValidationError) as err:
        parse_case(d, today=TODAY)
    assert err.value.where == where
    assert err.value.zh and err.value.en


def test_not_an_object():
    with pytest.raises(ValidationError):
        parse_case(["not", "a", "case"], today=TODAY)
