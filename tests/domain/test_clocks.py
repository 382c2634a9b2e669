"""Legal clocks derived from events (DOMAIN.md §1)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.clocks import ClockInput, RecordedEvent, compute_clocks
from desktop.domain.signers import PartyFacts


def ev(code: str, day: str, **data) -> RecordedEvent:
    return RecordedEvent(code, date.fromisoformat(day), data)


PARTIES = (PartyFacts(0, "applicant", "worker"), PartyFacts(1, "respondent", "employer"))
TERM = {"item": "工资", "amount_fen": 100, "due_on": "2026-11-30", "method": "转账",
        "category": "wages", "payer_party": 1}


def clocks(cal, *, source="application", received="2026-11-16", arose="2026-10-31",
           events=(), today="2026-11-22", kind="mediation", procedure=None, **facts):
    inp = ClockInput(kind=kind, source=source, received_on=date.fromisoformat(received),
                     events=list(events), parties=PARTIES,
                     dispute_arose_on=date.fromisoformat(arose) if arose else None,
                     court_procedure=procedure, **facts)
    return compute_clocks(inp, today=date.fromisoformat(today), cal=cal)


def signed(agreed="2026-11-19", sealed="2026-11-20", terms=(TERM,), event="agree"):
    """An agreement made on ``agreed``, every party and the mediator signing that day and
    the seal going on ``sealed`` (so it takes effect on ``sealed``)."""
    out = [ev(event, agreed, terms=list(terms)),
           ev("sign", agreed, signers=["party:0", "party:1"])]
    if event == "agree":
        out += [ev("sign", agreed, signers=["mediator"]), ev("sign", sealed, signers=["org_seal"])]
    return out


def test_acceptance_three_working_days_over_spring_festival(cal):
    # Received Thu 2026-02-12; Fri 13 counts, Sat 14 is a make-up workday, then 15–23 off.
    c = clocks(cal, received="2026-02-12", arose="2026-02-01", today="2026-02-13")
    assert c["acceptance_due"].due_on == "2026-02-24"
    assert c["acceptance_due"].status == "pending" and c["acceptance_due"].day_type == "working"


def test_acceptance_met_late_and_overdue(cal):
    assert clocks(cal, events=[ev("accept", "2026-11-18")])["acceptance_due"].status == "met"
    assert clocks(cal, events=[ev("accept", "2026-11-20")])["acceptance_due"].status == "late"
    assert clocks(cal)["acceptance_due"].status == "overdue"
    assert clocks(cal)["acceptance_due"].days_left == -3


def test_mediation_fifteen_days_shifted_past_national_day(cal):
    c = clocks(cal, received="2026-09-16", arose="2026-09-01", today="2026-09-20")
    assert c["mediation_due"].due_on == "2026-10-08"  # 10-01 falls in the holiday
    assert c["mediation_due"].rule == "R3"


def test_mediation_overdue_means_arbitration_may_be_sought(cal):
    c = clocks(cal, received="2026-10-20", arose="2026-10-01",
               events=[ev("accept", "2026-10-21"), ev("start", "2026-10-21")])
    assert c["mediation_due"].due_on == "2026-11-04"
    assert c["mediation_due"].status == "overdue"


def test_extension_replaces_the_deadline(cal):
    c = clocks(cal, events=[ev("extend", "2026-11-20", new_due_on="2026-12-20")])
    assert c["mediation_due"].due_on == "2026-12-20"


@pytest.mark.parametrize("source, procedure, days, rule", [
    ("court_delegated", None, 30, "R12"), ("court_entrusted", "ordinary", 15, "R12a"),
    ("court_entrusted", "simple", 7, "R12a"), ("arbitration_entrusted", None, 10, "R13")])
def test_referral_periods(cal, source, procedure, days, rule):
    c = clocks(cal, source=source, procedure=procedure)
    assert c["mediation_due"].days == days and c["mediation_due"].rule == rule
    assert "acceptance_due" not in c  # referrals are not screened under R2


def test_court_entrusted_simple_is_seven_days(cal):
    c = clocks(cal, source="court_entrusted", procedure="simple", received="2026-11-16")
    assert c["mediation_due"].due_on == "2026-11-23"


def test_failure_closes_mediation_clock_and_restarts_limitation(cal):
    c = clocks(cal, events=[ev("accept", "2026-11-17"), ev("start", "2026-11-17"),
                            ev("fail", "2026-11-20")])
    assert c["mediation_due"].status == "closed"
    assert c["limitation_expires"].status == "running"
    assert c["limitation_expires"].basis_on == "2026-11-20"
    assert c["limitation_expires"].due_on == "2027-11-22"  # 11-20 is a Saturday


def test_limitation_interrupted_while_mediating_and_expired_before_application(cal):
    assert clocks(cal)["limitation_expires"].status == "interrupted"
    late = clocks(cal, received="2026-11-16", arose="2025-10-10")
    assert late["limitation_expires"].status == "expired"
    assert late["limitation_expires"].due_on == "2026-10-10"  # a make-up working Saturday


def test_agreement_windows(cal):
    c = clocks(cal, events=[*signed(), ev("review_filed", "2026-11-25")], today="2026-11-26")
    assert c["arbitration_review_due"].due_on == "2026-12-07"
    assert c["arbitration_review_due"].status == "met"
    assert c["judicial_confirmation_due"].due_on == "2026-12-21"
    assert c["judicial_confirmation_due"].status == "pending"


def test_negotiation_reply_window(cal):
    c = clocks(cal, kind="negotiation", source="negotiation", received="2026-11-16",
               today="2026-11-22")
    assert c["negotiation_reply_due"].due_on == "2026-11-23"  # 11-21 is Saturday
    assert "mediation_due" not in c
    c = clocks(cal, kind="negotiation", source="negotiation",
               events=[ev("negotiation_accept", "2026-11-18")])
    assert c["negotiation_reply_due"].status == "met"


def test_calendar_certainty_flag(cal):
    c = clocks(cal, received="2026-12-20", arose="2026-12-01", today="2026-12-21")
    assert c["mediation_due"].calendar_certain is False  # runs into 2027, no data yet
    assert clocks(cal)["mediation_due"].calendar_certain is True


def test_a_planned_session_is_listed_on_its_day_and_met_by_the_next_record(cal):
    start = ev("start", "2026-11-17", next_on="2026-11-24")
    c = clocks(cal, events=[ev("accept", "2026-11-17"), start])["session_planned_on"]
    assert (c.due_on, c.status, c.days_left) == ("2026-11-24", "pending", 2)
    # the session is held; the record sets the next one, which replaces the first
    held = ev("session", "2026-11-24", next_on="2026-11-27")
    c = clocks(cal, events=[start, held], today="2026-11-24")["session_planned_on"]
    assert (c.due_on, c.status, c.basis_on) == ("2026-11-27", "pending", "2026-11-24")
    # held without setting another: the appointment was kept
    c = clocks(cal, events=[start, ev("session", "2026-11-24")], today="2026-11-25")
    assert c["session_planned_on"].status == "met"
    # the day passed with nothing recorded: said plainly, never a legal duty
    c = clocks(cal, events=[start], today="2026-11-25")["session_planned_on"]
    assert c.status == "overdue" and c.status_label == "约定日已过，未记录调解"
    # an agreement ends the appointments
    c = clocks(cal, events=[start, *signed()], today="2026-11-25")
    assert c["session_planned_on"].status == "closed"
    assert "session_planned_on" not in clocks(cal, events=[ev("start", "2026-11-17")])


def test_every_rule_a_clock_names_is_explained(cal):
    from desktop.domain.clocks import RULE_BASIS, rule_basis

    seen = set()
    for source in ("application", "court_delegated", "court_entrusted",
                   "arbitration_entrusted"):
        for events in ([], [ev("start", "2026-11-17", next_on="2026-11-24"), *signed()]):
            seen |= {c.rule for c in clocks(cal, source=source, events=events).values()}
    assert seen and seen <= RULE_BASIS.keys(), seen - RULE_BASIS.keys()
    assert rule_basis("R3").startswith("《劳动争议调解仲裁法》第十四条")
    assert rule_basis("unknown") == "unknown"
