"""The case state machine: every legal step, illegal ones with reasons, the effect rule."""

from __future__ import annotations

import pytest

from desktop.domain import lifecycle
from desktop.domain.errors import TransitionError
from desktop.domain.lifecycle import CaseSnapshot, next_state

ALL_SIGNED = frozenset(lifecycle.AGREEMENT_SIGNERS)

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
    assert next_state(CaseSnapshot(state), event, {}) == target


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


@pytest.mark.parametrize("missing", sorted(lifecycle.AGREEMENT_SIGNERS))
def test_agreement_takes_effect_only_with_all_four_marks(missing):
    signed = ALL_SIGNED - {missing}
    snap = CaseSnapshot("agreement", signed=signed, has_agreement=True)
    assert not snap.agreement_effective
    with pytest.raises(TransitionError) as err:
        next_state(snap, "perform", {})
    assert lifecycle.AGREEMENT_SIGNERS[missing] in err.value.zh
    full = CaseSnapshot("agreement", signed=ALL_SIGNED, has_agreement=True)
    assert full.agreement_effective and next_state(full, "perform", {}) == "performing"


def test_settlement_needs_only_the_parties():
    snap = CaseSnapshot("settled", "negotiation", frozenset({"applicant", "respondent"}), True)
    assert snap.agreement_effective


def test_review_filing_needs_an_effective_agreement():
    with pytest.raises(TransitionError):
        next_state(CaseSnapshot("agreement", has_agreement=True), "review_filed", {})


def test_settlement_archive_needs_both_consents():
    snap = CaseSnapshot("settled", "negotiation", frozenset(), True)
    for data in ({}, {"applicant_consent": True}, {"respondent_consent": True},
                 {"applicant_consent": "yes", "respondent_consent": True}):
        with pytest.raises(TransitionError):
            next_state(snap, "archive", data)
    both = {"applicant_consent": True, "respondent_consent": True}
    assert next_state(snap, "archive", both) == "archived"


def test_extension_needs_both_consents():
    with pytest.raises(TransitionError):
        next_state(CaseSnapshot("mediating"), "extend", {"applicant_consent": True})
    assert next_state(CaseSnapshot("mediating"), "extend",
                      {"applicant_consent": True, "respondent_consent": True}) == "mediating"


def test_signing_twice_is_refused():
    snap = CaseSnapshot("agreement", signed=frozenset({"applicant"}), has_agreement=True)
    with pytest.raises(TransitionError):
        next_state(snap, "sign", {"signer": "applicant"})


def test_every_state_can_reach_archived():
    """No dead ends: from every state some path of events reaches 'archived'."""
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
        assert "archived" in seen, state


def test_allowed_events_from_registered():
    allowed = lifecycle.allowed_events(CaseSnapshot("registered"))
    assert {"accept", "refuse", "withdraw", "terminate"} <= set(allowed)
    assert "agree" not in allowed
