"""The case state machine: every legal step, illegal ones with reasons, the effect rule."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain import lifecycle
from desktop.domain.agreement import AgreementFacts
from desktop.domain.errors import TransitionError
from desktop.domain.lifecycle import CaseSnapshot, next_state
from desktop.domain.signers import PartyFacts

PARTIES = (PartyFacts(0, "applicant", "worker"), PartyFacts(1, "respondent", "employer"))
ALL_SIGNED = frozenset({"party:0", "party:1", "mediator", "org_seal"})
DAY = date(2026, 11, 19)


def agreement(signed=frozenset(), kind="mediation", terms=()) -> AgreementFacts:
    return AgreementFacts(kind, DAY, tuple(terms), dict.fromkeys(signed, DAY))


def snap(status, kind="mediation", signed=None, **kw) -> CaseSnapshot:
    made = None if signed is None else agreement(
        signed, "settlement" if kind == "negotiation" else "mediation")
    kw.setdefault("mediator_assigned", True)
    return CaseSnapshot(status, kind, parties=PARTIES, agreement=made, **kw)


def kind_of(state: str) -> str:
    negotiation = ("negotiation_requested", "negotiating", "declined", "settled",
                   "negotiation_failed")
    return "negotiation" if state in negotiation else "mediation"

LEGAL = [
    ("registered", "accept", "accepted"),
    ("registered", "refuse", "refused"),
    ("accepted", "start", "mediating"),
    ("mediating", "agree", "agreement"),
    ("mediating", "fail", "failed"),
    ("mediating", "withdraw", "withdrawn"),
    ("accepted", "withdraw", "withdrawn"),
    ("mediating", "terminate", "terminated"),
    ("registered", "terminate", "terminated"),
    ("performing", "performed", "performed"),
    ("performing", "partly_performed", "partly_performed"),
    ("performing", "not_performed", "not_performed"),
    ("refused", "archive", "archived"),
    ("failed", "archive", "archived"),
    ("performed", "archive", "archived"),
    ("not_performed", "archive", "archived"),
    ("negotiation_requested", "negotiation_accept", "negotiating"),
    ("negotiation_requested", "negotiation_decline", "declined"),
    ("negotiating", "settle", "settled"),
    ("negotiating", "negotiation_fail", "negotiation_failed"),
    ("mediating", "session", "mediating"),
]


@pytest.mark.parametrize("state, event, target", LEGAL)
def test_legal_steps(state, event, target):
    assert next_state(CaseSnapshot(state, kind_of(state)), event, {}) == target


ILLEGAL = [
    ("registered", "agree"), ("registered", "start"), ("accepted", "agree"),
    ("refused", "accept"), ("failed", "agree"), ("archived", "accept"),
    ("archived", "archive"), ("agreement", "performed"), ("performed", "perform"),
    ("mediating", "archive"), ("withdrawn", "start"), ("negotiating", "agree"),
    ("registered", "settle"), ("performing", "fail"),
]


@pytest.mark.parametrize("state, event", ILLEGAL)
def test_illegal_steps_are_refused_with_a_reason(state, event):
    with pytest.raises(TransitionError) as err:
        next_state(CaseSnapshot(state), event, {})
    assert lifecycle.STATES[state] in err.value.zh
    assert lifecycle.EVENTS[event].label in err.value.zh
    assert state in err.value.en


def test_unknown_event():
    with pytest.raises(TransitionError) as err:
        next_state(CaseSnapshot("registered"), "teleport", {})
    assert "teleport" in err.value.zh


@pytest.mark.parametrize("missing, label", [("party:0", "申请人（第1名）签名或盖章"),
                                            ("party:1", "被申请人（第1名）签名或盖章"),
                                            ("mediator", "调解员签名"),
                                            ("org_seal", "调解组织印章")])
def test_agreement_takes_effect_only_with_every_mark_LDMAL14(missing, label):
    partial = snap("agreement", signed=ALL_SIGNED - {missing})
    assert not partial.agreement_effective
    with pytest.raises(TransitionError) as err:
        next_state(partial, "perform", {})
    assert label in err.value.zh
    full = snap("agreement", signed=ALL_SIGNED)
    assert full.agreement_effective and next_state(full, "perform", {}) == "performing"


def test_settlement_needs_only_the_parties():
    assert snap("settled", "negotiation", frozenset({"party:0", "party:1"})).agreement_effective


def test_review_filing_needs_an_effective_agreement():
    with pytest.raises(TransitionError):
        next_state(snap("agreement", signed=frozenset()), "review_filed", {})


def test_settlement_archive_needs_both_signatures_and_both_consents_R11():
    both = {"applicant_consent": True, "respondent_consent": True}
    with pytest.raises(TransitionError):  # not signed yet
        next_state(snap("settled", "negotiation", frozenset()), "archive", both)
    signed = snap("settled", "negotiation", frozenset({"party:0", "party:1"}))
    for data in ({}, {"applicant_consent": True}, {"respondent_consent": True},
                 {"applicant_consent": "yes", "respondent_consent": True}):
        with pytest.raises(TransitionError):
            next_state(signed, "archive", data)
    assert next_state(signed, "archive", both) == "archived"


def test_extension_needs_both_consents():
    with pytest.raises(TransitionError):
        next_state(CaseSnapshot("mediating"), "extend", {"applicant_consent": True})
    assert next_state(CaseSnapshot("mediating"), "extend",
                      {"applicant_consent": True, "respondent_consent": True}) == "mediating"


def test_signing_twice_is_refused():
    with pytest.raises(TransitionError):
        next_state(snap("agreement", signed=frozenset({"party:0"})), "sign",
                   {"signer": "party:0"})


def test_every_state_can_reach_a_terminal_state():
    """No dead ends: from every state some path reaches 'archived' (or, for a settlement
    whose archiving a party refused, 'not_archived', R11)."""
    graph: dict[str, set[str]] = {s: set() for s in lifecycle.STATES}
    for spec in lifecycle.EVENTS.values():
        for source in spec.sources:
            graph[source].add(spec.target or source)
    for state in lifecycle.STATES:
        seen, todo = set(), [state]
        while todo:
            here = todo.pop()
            if here not in seen:
                seen.add(here)
                todo.extend(graph[here])
        assert seen & set(lifecycle.TERMINAL), state


def test_allowed_events_from_registered():
    allowed = lifecycle.allowed_events(CaseSnapshot("registered"))
    assert {"accept", "refuse", "withdraw", "terminate"} <= set(allowed)
    assert "agree" not in allowed


def test_steps_the_case_itself_rules_out_are_not_offered():
    """A step that cannot apply to this case is not offered at all (the desktop shows only
    what the law allows): court filings only for court-delegated cases (§7.9), the major
    collective steps only for a major collective dispute, results only after a filing,
    review and confirmation only for the station's own agreements (§7.1)."""
    own = snap("performing", signed=ALL_SIGNED, source="application")
    offered = set(lifecycle.allowed_events(own))
    assert {"performed", "follow_up", "review_filed", "confirmation_filed"} <= offered
    assert not {"court_filing", "referral_reported", "major_first_response", "major_reported",
                "review_result", "confirmation_result", "advice_feedback"} & offered

    delegated = snap("performing", signed=ALL_SIGNED, source="court_delegated", major=True,
                     advice_issued=True, filed=frozenset({"review_filed"}))
    offered = set(lifecycle.allowed_events(delegated))
    assert {"court_filing", "major_first_response", "major_reported", "advice_feedback",
            "review_result"} <= offered

    entrusted = snap("performing", signed=ALL_SIGNED, source="court_entrusted")
    offered = set(lifecycle.allowed_events(entrusted))
    assert "referral_reported" in offered
    assert not {"review_filed", "confirmation_filed", "court_filing"} & offered


def test_a_step_offered_is_still_judged_on_its_data():
    """Guards that depend on what is entered (consents, the day) stay with the event."""
    case = snap("mediating")
    assert "extend" in lifecycle.allowed_events(case)
    with pytest.raises(TransitionError):
        lifecycle.next_state(case, "extend", {"applicant_consent": True})


def test_an_unsigned_agreement_offers_signing_not_performance():
    """R6: the agreement binds once every party signed and the seal came last."""
    draft = snap("agreement", signed=frozenset({"party:0"}))
    offered = set(lifecycle.allowed_events(draft))
    assert "sign" in offered and "perform" not in offered
    assert "perform" in lifecycle.allowed_events(snap("agreement", signed=ALL_SIGNED))
