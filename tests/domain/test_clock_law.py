"""Clocks under the law as reviewed (DOMAIN.md §7): routes that exist, restarts, new clocks."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.clocks import (
    ClockInput,
    RecordedEvent,
    compute_clocks,
    deadlines,
    due_rows,
    overdue_keys,
)
from desktop.domain.signers import PartyFacts

PARTIES = (PartyFacts(0, "applicant", "worker"), PartyFacts(1, "respondent", "employer"))
TERM = {"item": "工资", "amount_fen": 100, "due_on": "2026-11-30", "method": "转账",
        "category": "wages", "payer_party": 1}



def ev(code: str, day: str, **data) -> RecordedEvent:
    return RecordedEvent(code, date.fromisoformat(day), data)


def effective(agreed="2026-11-19", sealed="2026-11-20", terms=(TERM,)) -> list[RecordedEvent]:
    return [ev("accept", "2026-11-17"), ev("start", "2026-11-17"),
            ev("assign", "2026-11-17", mediator="王建国"),
            ev("agree", agreed, terms=list(terms)),
            ev("sign", agreed, signers=["party:0", "party:1", "mediator"]),
            ev("sign", sealed, signers=["org_seal"])]


def run(cal, events=(), today="2026-11-22", **facts):
    facts.setdefault("kind", "mediation")
    facts.setdefault("source", "application")
    facts.setdefault("received_on", date(2026, 11, 16))
    facts.setdefault("dispute_arose_on", date(2026, 10, 31))
    inp = ClockInput(events=list(events), parties=PARTIES, **facts)
    return compute_clocks(inp, today=date.fromisoformat(today), cal=cal)


# §7.1 — only the routes that exist


@pytest.mark.parametrize("source", ["court_entrusted", "arbitration_entrusted"])
def test_entrusted_case_has_no_review_window_TY2016_art20(cal, source):
    c = run(cal, effective(), source=source)
    assert "arbitration_review_due" not in c and "judicial_confirmation_due" not in c


def test_labour_relation_agreement_shows_only_confirmation_BAGZ75_4(cal):
    term = {**TERM, "category": "labour_relation"}
    c = run(cal, effective(terms=(term,)))
    assert "arbitration_review_due" not in c
    assert c["judicial_confirmation_due"].status == "pending"


def test_review_window_closes_once_confirmation_granted_BAGZ75_5(cal):
    events = [*effective(), ev("confirmation_filed", "2026-11-21"),
              ev("confirmation_result", "2026-11-22", result="granted")]
    assert run(cal, events)["arbitration_review_due"].status == "closed"


def test_unsigned_agreement_opens_no_windows_LDMAL14(cal):
    c = run(cal, effective()[:-1])  # no seal yet
    assert "arbitration_review_due" not in c


# §7.2 — limitation


def test_wages_during_employment_have_no_one_year_limit_LDMAL27_4(cal):
    c = run(cal, dispute_types=("wages",), employment_ongoing=True,
            dispute_arose_on=date(2020, 1, 1))
    lim = c["limitation_expires"]
    assert lim.status == "not_running" and lim.due_on is None
    assert "limitation_expires" not in dict((k, d) for k, d, _ in due_rows(c))


def test_wages_after_employment_ended_run_from_the_end_day_LDMAL27_4(cal):
    c = run(cal, dispute_types=("wages",), employment_ended_on=date(2026, 3, 31),
            dispute_arose_on=date(2025, 6, 1), received_on=date(2026, 11, 16))
    lim = c["limitation_expires"]
    assert lim.basis_on == "2026-03-31" and lim.status == "interrupted"
    mixed = run(cal, dispute_types=("wages", "compensation"),
                employment_ended_on=date(2026, 3, 31), dispute_arose_on=date(2025, 6, 1))
    assert mixed["limitation_expires"].status == "expired"  # the general year applies


def test_non_performance_restarts_the_year_from_the_due_day_LDMAL27_2(cal):
    events = [*effective(), ev("perform", "2026-11-20"),
              ev("not_performed", "2026-12-03")]
    lim = run(cal, events, today="2026-12-05")["limitation_expires"]
    assert lim.basis_on == "2026-11-30" and lim.rule == "R9-default"
    assert lim.status == "running" and "违约日" in lim.label
    key = run(cal, events, today="2026-12-05")["performance_default_on"]
    assert key.due_on == "2026-11-30" and key.status == "reached"


def test_unanswered_negotiation_restarts_the_year_R10_LDMAL27(cal):
    c = run(cal, kind="negotiation", source="negotiation", today="2026-12-01")
    assert c["negotiation_reply_due"].status == "deemed_declined"
    assert c["negotiation_reply_due"].status_label == "视为不愿协商"
    assert c["limitation_expires"].basis_on == "2026-11-23"
    assert "negotiation_reply_due" in overdue_keys(c)


# §7.5 — the lapsed mediation period


def test_overdue_mediation_shows_may_apply_for_arbitration_LDMAL14_3(cal):
    c = run(cal, [ev("accept", "2026-11-17")], today="2026-12-05")
    assert c["mediation_due"].status == "overdue"
    assert c["mediation_due"].status_label == "可申请仲裁"
    assert "mediation_due" in overdue_keys(c)


def test_agreement_after_the_period_is_late_not_met_LDMAL14_3(cal):
    c = run(cal, effective(agreed="2026-12-03", sealed="2026-12-03"), today="2026-12-04")
    assert c["mediation_due"].status == "late"


def test_extension_moves_due_day_but_keeps_the_arbitration_date_LDMAL14_3_ZJ10(cal):
    events = [ev("accept", "2026-11-17"),
              ev("extend", "2026-11-25", new_due_on="2026-12-15")]
    c = run(cal, events, today="2026-12-05")
    assert c["mediation_due"].due_on == "2026-12-15" and c["mediation_due"].status == "pending"
    assert c["arbitration_open_on"].due_on == "2026-12-01"
    assert c["arbitration_open_on"].status == "reached"
    assert deadlines(c)["mediation_due"] == date(2026, 12, 15)


# §7.6 — voided agreement


def test_voided_agreement_does_not_meet_the_mediation_clock(cal):
    events = [ev("accept", "2026-11-17"), ev("agree", "2026-11-19", terms=[TERM]),
              ev("sign", "2026-11-19", signers=["party:0"]), ev("fail", "2026-11-20")]
    assert run(cal, events)["mediation_due"].status == "closed"


# §7.8 and §7.12


def test_proactive_mediation_has_no_acceptance_clock_s7_8(cal):
    assert "acceptance_due" not in run(cal, source="proactive")
    assert "acceptance_due" in run(cal, source="application")


def test_enterprise_committee_may_count_from_acceptance_17hao_ling(cal):
    events = [ev("accept", "2026-11-19")]
    c = run(cal, events, mediation_basis="accepted")
    assert c["mediation_due"].basis_on == "2026-11-19" and c["mediation_due"].rule == "R3a"
    assert c["mediation_due"].due_on == "2026-12-04"
    assert c["arbitration_open_on"].due_on == "2026-12-01"  # LDMAL 14 ¶3 stays visible
    assert run(cal, events)["mediation_due"].basis_on == "2026-11-16"


# §7.10 — new clocks


def test_major_collective_first_response_same_day_by_default(cal):
    c = run(cal, flags=("collective", "major_collective"), today="2026-11-17")
    first = c["major_first_response_due"]
    assert first.due_on == "2026-11-16" and first.status == "overdue"
    c = run(cal, [ev("major_first_response", "2026-11-16", measures="到场")],
            flags=("collective", "major_collective"), first_response_days=1)
    assert c["major_first_response_due"].status == "met"


def test_follow_up_due_a_week_after_the_last_term(cal):
    c = run(cal, effective(), today="2026-12-01")
    assert c["follow_up_due"].due_on == "2026-12-07"
    events = [*effective(), ev("follow_up", "2026-12-02")]
    assert run(cal, events, today="2026-12-02")["follow_up_due"].status == "met"


def test_advice_feedback_clock(cal):
    events = [ev("advice_issued", "2026-11-18", subtype="compliance", addressee="某公司",
                 feedback_due_on="2026-11-28")]
    assert run(cal, events)["advice_feedback_due"].due_on == "2026-11-28"


def test_due_rows_are_the_open_clocks_for_the_dashboard(cal):
    rows = due_rows(run(cal))
    assert ("mediation_due", date(2026, 12, 1), "pending") in rows
    assert all(isinstance(d, date) for _, d, _ in rows)
    assert {k for k, _, _ in rows} <= {"acceptance_due", "mediation_due", "limitation_expires"}
