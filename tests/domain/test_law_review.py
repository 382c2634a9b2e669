"""The law as reviewed (DOMAIN.md §7): one test per rule, named after its article."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain import lifecycle
from desktop.domain.agreement import AgreementFacts, Term, payment_order_problem
from desktop.domain.clocks import RecordedEvent
from desktop.domain.errors import TransitionError
from desktop.domain.lifecycle import CaseSnapshot, next_state, snapshot
from desktop.domain.signers import PartyFacts, required_signers

DAY = date(2026, 11, 19)
WORKER = PartyFacts(0, "applicant", "worker")
EMPLOYER = PartyFacts(1, "respondent", "employer")
PARTIES = (WORKER, EMPLOYER)
ALL = frozenset({"party:0", "party:1", "mediator", "org_seal"})


def ev(code: str, day: str = "2026-11-19", **data) -> RecordedEvent:
    return RecordedEvent(code, date.fromisoformat(day), data)


def term(category="wages", payer=1, due=date(2026, 11, 30), index=0) -> Term:
    return Term(index, 100_000, due, category, payer)


def made(signed=ALL, kind="mediation", terms=None) -> AgreementFacts:
    terms = (term(),) if terms is None else terms
    return AgreementFacts(kind, DAY, tuple(terms), dict.fromkeys(signed, DAY))


def case(status="performing", source="application", agreement=None, **kw) -> CaseSnapshot:
    kw.setdefault("mediator_assigned", True)
    kw.setdefault("parties", PARTIES)
    return CaseSnapshot(status, kw.pop("kind", "mediation"), source,
                        agreement=made() if agreement is None else agreement, **kw)


# --- §7.1 who may use 仲裁审查 and 司法确认 ---------------------------------------------


@pytest.mark.parametrize("source", ["application", "oral_application", "proactive", "platform",
                                    "court_delegated"])
@pytest.mark.parametrize("event", ["review_filed", "confirmation_filed"])
def test_own_procedure_agreements_may_be_reviewed_BAGZ74_CPL205(source, event):
    assert next_state(case(source=source), event, {}) == "performing"


@pytest.mark.parametrize("source", ["court_entrusted", "arbitration_entrusted"])
@pytest.mark.parametrize("event", ["review_filed", "confirmation_filed"])
def test_entrusted_case_has_no_review_or_confirmation_TY2016_art20_LDMAL42(source, event):
    with pytest.raises(TransitionError) as err:
        next_state(case(source=source), event, {})
    assert "调解书" in err.value.zh


def test_labour_relation_agreement_is_not_reviewed_by_arbitration_BAGZ75_4():
    snap = case(agreement=made(terms=(term(category="labour_relation"),)))
    with pytest.raises(TransitionError) as err:
        next_state(snap, "review_filed", {})
    assert "确认劳动关系" in err.value.zh
    assert next_state(snap, "confirmation_filed", {}) == "performing"


def test_review_refused_after_15_days_BAGZ75_3():
    with pytest.raises(TransitionError):
        next_state(case(overdue=frozenset({"arbitration_review_due"})), "review_filed", {})


def test_review_refused_after_confirmation_granted_BAGZ75_5():
    with pytest.raises(TransitionError) as err:
        next_state(case(confirmation_granted=True), "review_filed", {})
    assert "司法确认" in err.value.zh


# --- §7.3 every party signs, the seal last ------------------------------------------------


def test_both_joint_respondents_sign_in_labour_dispatch_LDMAL22_LDMAL14():
    parties = (WORKER, PartyFacts(1, "respondent", "employer", role="dispatch_agency"),
               PartyFacts(2, "respondent", "employer", role="employing_unit"))
    needed = required_signers(parties, kind="mediation", collective=False)
    assert needed == ("party:0", "party:1", "party:2", "mediator", "org_seal")
    snap = case("agreement", parties=parties,
                agreement=made(signed={"party:0", "party:1", "mediator", "org_seal"}))
    assert not snap.agreement_effective


def test_collective_agreement_signed_by_representatives_with_authorisation_LDMAL7_BAGZ63():
    parties = (PartyFacts(0, "applicant", "worker", True), PartyFacts(1, "applicant", "worker"),
               PartyFacts(2, "applicant", "worker", True), PartyFacts(3, "respondent", "employer"))
    needed = required_signers(parties, kind="mediation", collective=True)
    assert needed == ("party:0", "party:2", "party:3", "mediator", "org_seal")
    base = case("agreement", parties=parties, collective=True, agreement=made(signed=()))
    with pytest.raises(TransitionError) as err:
        next_state(base, "sign", {"signer": "party:0"})
    assert "授权" in err.value.zh
    authorised = case("agreement", parties=parties, collective=True, authorised=True,
                      agreement=made(signed=()))
    assert next_state(authorised, "sign", {"signer": "party:0"}) == "agreement"
    with pytest.raises(TransitionError):  # not a signer: represented by the others
        next_state(authorised, "sign", {"signer": "party:1"})


def test_seal_before_all_signatures_is_refused_LDMAL14_2():
    snap = case("agreement", agreement=made(signed={"party:0", "mediator"}))
    with pytest.raises(TransitionError) as err:
        next_state(snap, "sign", {"signer": "org_seal"})
    assert "被申请人" in err.value.zh
    done = case("agreement", agreement=made(signed={"party:0", "party:1", "mediator"}))
    assert next_state(done, "sign", {"signer": "org_seal"}) == "agreement"


def test_mediator_who_signs_is_the_assigned_one_LDMAL14_2():
    snap = case("agreement", mediator_assigned=False, agreement=made(signed=()))
    with pytest.raises(TransitionError) as err:
        next_state(snap, "sign", {"signer": "mediator"})
    assert "指派" in err.value.zh


def test_settlement_signed_by_the_parties_only_R11():
    snap = case("settled", kind="negotiation", agreement=made(signed=(), kind="settlement"))
    for signer in ("mediator", "org_seal"):
        with pytest.raises(TransitionError):
            next_state(snap, "sign", {"signer": signer})
    assert snap.required_signers == ("party:0", "party:1")


def test_effective_on_is_the_last_marks_day_R4():
    events = [ev("agree", terms=[{"due_on": "2026-11-30", "amount_fen": 1}]),
              ev("assign"), ev("sign", "2026-11-19", signers=["party:0"]),
              ev("sign", "2026-11-21", signers=["party:1", "mediator"]),
              ev("sign", "2026-11-23", signers=["org_seal"])]
    snap = snapshot("agreement", kind="mediation", source="application", parties=PARTIES,
                    events=events)
    assert snap.effective_on == date(2026, 11, 23)


def test_legacy_side_signatures_stand_for_the_sides_parties():
    events = [ev("agree", terms=[{"due_on": "2026-11-30", "amount_fen": 1}]),
              *(ev("sign", signer=s) for s in ("applicant", "respondent", "mediator",
                                               "org_seal"))]
    snap = snapshot("agreement", kind="mediation", source="application", parties=PARTIES,
                    events=events)
    assert snap.signed == ALL and snap.agreement_effective


# --- §7.4 支付令 --------------------------------------------------------------------------


AFTER = date(2026, 12, 1)


def test_payment_order_on_unpaid_wages_after_due_day_LDMAL16():
    assert payment_order_problem(made(), 0, PARTIES, AFTER) is None


def test_no_payment_order_on_a_settlement_LDMAL16():
    assert payment_order_problem(made(kind="settlement"), 0, PARTIES, AFTER)


@pytest.mark.parametrize("category", ["social_insurance", "labour_relation", None])
def test_no_payment_order_outside_the_four_debts_LDMAL16(category):
    assert payment_order_problem(made(terms=(term(category=category),)), 0, PARTIES, AFTER)


def test_no_payment_order_when_the_worker_pays_LDMAL16():
    assert payment_order_problem(made(terms=(term(payer=0),)), 0, PARTIES, AFTER)


def test_no_payment_order_before_the_due_day_passed_LDMAL15_16():
    problem = payment_order_problem(made(), 0, PARTIES, date(2026, 11, 30))
    assert problem and "尚未届满" in problem[0]


def test_non_performance_only_after_the_due_day_LDMAL15():
    with pytest.raises(TransitionError):
        next_state(case(), "not_performed", {"occurred_on": "2026-11-30"})
    assert next_state(case(), "not_performed", {"occurred_on": "2026-12-01"}) == "not_performed"
    two = made(terms=(term(), term(due=date(2026, 12, 20), index=1)))
    with pytest.raises(TransitionError):
        next_state(case(agreement=two), "partly_performed",
                   {"occurred_on": "2026-12-05", "unpaid_terms": [1]})


def test_payment_order_guided_event_uses_the_same_rules_LDMAL16():
    snap = case("not_performed")
    assert next_state(snap, "payment_order_guided",
                      {"term": 0, "occurred_on": "2026-12-02"}) == "not_performed"
    with pytest.raises(TransitionError):
        next_state(case("not_performed", agreement=made(terms=(term(category="welfare"),))),
                   "payment_order_guided", {"term": 0, "occurred_on": "2026-12-02"})


# --- §7.5 the lapsed mediation period -------------------------------------------------------


def test_terminate_as_lapsed_only_once_the_period_passed_LDMAL14_3():
    open_case = CaseSnapshot("mediating", parties=PARTIES)
    with pytest.raises(TransitionError):
        next_state(open_case, "terminate", {"reason": "lapsed"})
    lapsed = CaseSnapshot("mediating", parties=PARTIES, overdue=frozenset({"mediation_due"}))
    assert next_state(lapsed, "terminate", {"reason": "lapsed"}) == "terminated"
    assert next_state(open_case, "terminate", {"reason": "party_quit"}) == "terminated"


# --- §7.6 a voided agreement is not a success ----------------------------------------------


def test_voided_agreement_counts_as_failed_not_success_PML26():
    events = [ev("accept"), ev("start"), ev("agree", terms=[{"due_on": "2026-11-30"}]),
              ev("sign", signers=["party:0"]), ev("fail")]
    snap = snapshot("failed", kind="mediation", source="application", parties=PARTIES,
                    events=events)
    assert snap.agreement is None
    assert lifecycle.outcome(snap, events) == "failed"
    events[-1] = ev("terminate", reason="party_quit")
    assert lifecycle.outcome(snap, events) == "terminated"


def test_effective_agreement_is_a_success():
    snap = case()
    assert lifecycle.outcome(snap, []) == "success"


# --- §7.7 settlements -------------------------------------------------------------------------


def test_refused_archiving_closes_the_negotiation_unarchived_R11():
    snap = case("performed", kind="negotiation", agreement=made(kind="settlement",
                                                                signed={"party:0", "party:1"}))
    assert next_state(snap, "archive_refused", {}) == "not_archived"
    assert lifecycle.EVENTS["archive_refused"].closes


@pytest.mark.parametrize("state", ["declined", "negotiation_failed", "not_performed",
                                   "partly_performed"])
def test_failed_negotiation_goes_on_to_mediation_R10_R11(state):
    snap = case(state, kind="negotiation", agreement=made(kind="settlement"))
    assert next_state(snap, "to_mediation", {}) == "transferred"
    assert lifecycle.Effect.OPEN_LINKED_MEDIATION in lifecycle.EVENTS["to_mediation"].effects


def test_unanswered_request_is_deemed_declined_on_its_own_R10():
    waiting = CaseSnapshot("negotiation_requested", "negotiation", "negotiation")
    assert lifecycle.display_status(waiting) == ("negotiation_requested", "协商申请")
    with pytest.raises(TransitionError):
        next_state(waiting, "to_mediation", {})
    lapsed = CaseSnapshot("negotiation_requested", "negotiation", "negotiation",
                          overdue=frozenset({"negotiation_reply_due"}))
    assert lifecycle.display_status(lapsed) == ("declined", "视为不愿协商")
    assert lifecycle.outcome(lapsed, []) == "declined"
    assert next_state(lapsed, "to_mediation", {}) == "transferred"


# --- §7.9 court-delegated 备案 and return --------------------------------------------------------


def test_court_delegated_agreement_is_filed_with_the_court_TY2016_19():
    assert next_state(case(source="court_delegated"), "court_filing", {}) == "performing"
    with pytest.raises(TransitionError):
        next_state(case(source="application"), "court_filing", {})


def test_failed_court_case_returns_materials_with_a_report_TY2016_26():
    failed = CaseSnapshot("failed", source="court_delegated", parties=PARTIES)
    assert next_state(failed, "court_return", {}) == "failed"
    with pytest.raises(TransitionError):
        next_state(CaseSnapshot("failed", parties=PARTIES), "court_return", {})


# --- §7.10 new events ---------------------------------------------------------------------------


def test_major_collective_events_need_a_major_case():
    with pytest.raises(TransitionError):
        next_state(CaseSnapshot("mediating"), "major_first_response", {})
    assert next_state(CaseSnapshot("mediating", major=True), "major_reported", {}) == \
        "mediating"


def test_advice_feedback_follows_an_issued_advice():
    with pytest.raises(TransitionError):
        next_state(CaseSnapshot("mediating"), "advice_feedback", {})
    assert next_state(CaseSnapshot("mediating", advice_issued=True), "advice_feedback",
                      {}) == "mediating"


def test_closing_set_derives_from_the_table():
    assert set(lifecycle.CLOSING_EVENTS) >= {"refuse", "fail", "withdraw", "terminate",
                                            "performed", "negotiation_decline", "delegate",
                                            "archive_refused", "to_mediation"}
    assert "sign" not in lifecycle.CLOSING_EVENTS


def test_term_payer_must_be_a_party_of_the_case():
    data = {"terms": [{"payer_party": 7}]}
    with pytest.raises(TransitionError) as err:
        next_state(CaseSnapshot("mediating", parties=PARTIES), "agree", data)
    assert "付款方" in err.value.zh and "payer_party" in err.value.en  # no keys in Chinese
    assert next_state(CaseSnapshot("mediating", parties=PARTIES), "agree",
                      {"terms": [{"payer_party": 1}]}) == "agreement"


def test_a_result_follows_its_filing():
    with pytest.raises(TransitionError):
        next_state(case(), "confirmation_result", {"result": "granted"})
    filed = case(filed=frozenset({"confirmation_filed"}))
    assert next_state(filed, "confirmation_result", {"result": "granted"}) == "performing"
