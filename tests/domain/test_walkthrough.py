"""The domain API as the service uses it, walked through the documented example."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from desktop.domain import lifecycle
from desktop.domain.calendar import HolidayCalendar
from desktop.domain.clocks import (
    ClockInput,
    RecordedEvent,
    compute_clocks,
    deadlines,
    due_rows,
    overdue_keys,
)
from desktop.domain.errors import TransitionError
from desktop.domain.event_data import check_event_data
from desktop.domain.signers import PartyFacts

ROOT = Path(__file__).resolve().parents[2]
PARTIES = (PartyFacts(0, "applicant", "worker"), PartyFacts(1, "respondent", "employer"))
RECEIVED = date(2026, 11, 16)



class Case:
    """What the service does for one event, with storage left out."""

    def __init__(self, cal: HolidayCalendar, source: str = "application") -> None:
        self.cal, self.source = cal, source
        self.status, self.events = "registered", []

    def clocks(self, today: date):
        inp = ClockInput(kind="mediation", source=self.source, received_on=RECEIVED,
                         events=self.events, parties=PARTIES, dispute_types=("wages",),
                         dispute_arose_on=date(2026, 10, 31))
        return compute_clocks(inp, today=today, cal=self.cal)

    def snap(self, today: date) -> lifecycle.CaseSnapshot:
        return lifecycle.snapshot(self.status, kind="mediation", source=self.source,
                                  parties=PARTIES, events=self.events,
                                  overdue=overdue_keys(self.clocks(today)))

    def record(self, event: str, data: dict, today: date) -> dict:
        lifecycle.next_state(self.snap(today), event, {}, guards=False)
        latest = self.events[-1].occurred_on if self.events else RECEIVED
        clean = check_event_data(event, data, today=today, not_before=latest,
                                 deadlines=deadlines(self.clocks(today)), snap=self.snap(today))
        on = date.fromisoformat(clean["occurred_on"])
        self.status = lifecycle.next_state(self.snap(on), event, clean)
        self.events.append(RecordedEvent(event, on, clean))
        return clean


def test_documented_walkthrough_runs_and_ends_where_the_law_says(cal):
    example = json.loads((ROOT / "docs" / "examples" / "events-unpaid-wages.json")
                         .read_text("utf-8"))
    case = Case(cal)
    today = date(2026, 12, 5)
    for event, data in example["steps"]:
        case.record(event, data, today)
    snap = case.snap(today)
    assert case.status == "not_performed"
    assert snap.effective_on == date(2026, 11, 20)
    assert lifecycle.outcome(snap, case.events) == "success"
    clocks = case.clocks(today)
    assert clocks["mediation_due"].status == "met"
    assert clocks["performance_default_on"].due_on == "2026-11-30"
    assert clocks["limitation_expires"].basis_on == "2026-11-30"
    assert clocks["follow_up_due"].status == "met"
    assert ("judicial_confirmation_due", date(2026, 12, 21), "pending") not in due_rows(clocks)


def test_the_service_contract_refuses_a_seal_first(cal):
    case = Case(cal)
    today = date(2026, 11, 22)
    for event, data in [("accept", {}), ("assign", {"mediator": "王建国"}), ("start", {}),
                        ("agree", {"terms": [{"item": "工资", "amount_fen": 1,
                                              "due_on": "2026-11-30", "method": "现金"}]})]:
        case.record(event, {**data, "occurred_on": "2026-11-19"}, today)
    with pytest.raises(TransitionError):
        case.record("sign", {"signer": "org_seal"}, today)
    assert case.record("sign", {"signer": "applicant"}, today)["signers"] == ["party:0"]


def test_lapsed_termination_judged_on_the_events_day(cal):
    case = Case(cal)
    today = date(2026, 12, 10)
    case.record("accept", {"occurred_on": "2026-11-17"}, today)
    with pytest.raises(TransitionError):  # due 2026-12-01: not yet passed on 11-30
        case.record("terminate", {"reason": "lapsed", "occurred_on": "2026-11-30"}, today)
    case.record("terminate", {"reason": "lapsed", "occurred_on": "2026-12-02"}, today)
    assert case.status == "terminated"
