"""Legal clocks derived from a case's events (DOMAIN.md §1, R2–R13).

Deadlines are computed, never stored.  Each clock has a stable key (documented
in docs/case-format.md) so scripts and the dashboard can rely on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from desktop.domain.calendar import HolidayCalendar

# Sources whose mediation period and acceptance follow the ordinary application rules.
APPLICATION_SOURCES = ("application", "oral_application", "platform", "proactive")
ENDED_WITHOUT_AGREEMENT = ("refuse", "fail", "withdraw", "terminate")


@dataclass(frozen=True)
class RecordedEvent:
    """An event as the clocks see it: what happened, on which day, with which data."""

    event: str
    occurred_on: date
    data: dict[str, Any]


@dataclass(frozen=True)
class Clock:
    """One legal deadline and where the case stands against it."""

    key: str
    label: str
    rule: str
    basis_on: str
    days: int
    day_type: str
    due_on: str
    status: str
    met_on: str | None
    days_left: int | None
    calendar_certain: bool

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output."""
        return asdict(self)


def _first(events: Sequence[RecordedEvent], *codes: str) -> RecordedEvent | None:
    return next((e for e in events if e.event in codes), None)


def _clock(key: str, label: str, rule: str, basis: date, days: int, day_type: str, due: date,
           met: date | None, closed: bool, today: date, cal: HolidayCalendar,
           optional: bool = False) -> Clock:
    """``optional`` windows (filing for review or confirmation) lapse; duties go overdue."""
    if met is not None:
        status = "met" if met <= due else "late"
    elif closed:
        status = "closed"
    elif today > due:
        status = "lapsed" if optional else "overdue"
    else:
        status = "pending"
    left = (due - today).days if status in ("pending", "overdue") else None
    return Clock(key, label, rule, basis.isoformat(), days, day_type, due.isoformat(), status,
                 met.isoformat() if met else None, left, cal.covers_range(basis, due))


def _mediation_period(source: str, procedure: str | None) -> tuple[int, str]:
    """Days allowed to mediate and the rule behind them, by how the case came in."""
    if source == "court_delegated":
        return 30, "R12"
    if source == "court_entrusted":
        return (7, "R12a") if procedure == "simple" else (15, "R12a")
    if source == "arbitration_entrusted":
        return 10, "R13"
    return 15, "R3"


def compute_clocks(*, kind: str, source: str, received_on: date,
                   dispute_arose_on: date | None, events: Sequence[RecordedEvent],
                   effective_on: date | None, today: date, cal: HolidayCalendar,
                   court_procedure: str | None = None) -> dict[str, Clock]:
    """Every clock that applies to the case, keyed by its stable name.

    Args:
        kind: ``mediation`` or ``negotiation``.
        source: the case source code (``application``, ``court_delegated``, ...).
        received_on: the day the application or the referral materials were received.
        dispute_arose_on: when the party knew or should have known of the infringement.
        events: the case's events in the order they happened.
        effective_on: the day the agreement took effect, if it has.
        today: the day to measure ``days_left`` and overdue against.
        cal: the holiday calendar.
        court_procedure: ``ordinary`` or ``simple`` for court-entrusted cases.
    """
    clocks: dict[str, Clock] = {}
    ended = _first(events, *ENDED_WITHOUT_AGREEMENT, "negotiation_fail", "negotiation_decline")
    if kind == "negotiation":
        reply = _first(events, "negotiation_accept", "negotiation_decline", "withdraw")
        due = cal.calendar_deadline(received_on, 5)
        clocks["negotiation_reply_due"] = _clock(
            "negotiation_reply_due", "对方答复协商期限", "R10", received_on, 5, "calendar", due,
            reply.occurred_on if reply and reply.event != "withdraw" else None,
            reply is not None, today, cal)
    else:
        if source in APPLICATION_SOURCES:
            decided = _first(events, "accept", "refuse")
            due = cal.add_working_days(received_on, 3)
            clocks["acceptance_due"] = _clock(
                "acceptance_due", "受理审查期限", "R2", received_on, 3, "working", due,
                decided.occurred_on if decided else None, ended is not None, today, cal)
        days, rule = _mediation_period(source, court_procedure)
        due = cal.calendar_deadline(received_on, days)
        extensions = [e for e in events if e.event == "extend"]
        if extensions:
            due = date.fromisoformat(extensions[-1].data["new_due_on"])
        agreed = _first(events, "agree")
        clocks["mediation_due"] = _clock(
            "mediation_due", "调解期限", rule, received_on, days, "calendar", due,
            agreed.occurred_on if agreed else None, ended is not None, today, cal)
    if effective_on is not None and kind == "mediation":
        # Filing is the parties' option; once performance is settled it no longer matters.
        settled = _first(events, "performed", "partly_performed", "not_performed", "archive")
        for key, label, rule, days, filed_code in (
            ("arbitration_review_due", "申请仲裁审查期限", "R5", 15, "review_filed"),
            ("judicial_confirmation_due", "申请司法确认期限", "R6", 30, "confirmation_filed"),
        ):
            filed = _first(events, filed_code)
            due = cal.calendar_deadline(effective_on, days)
            clocks[key] = _clock(key, label, rule, effective_on, days, "calendar", due,
                                 filed.occurred_on if filed else None, settled is not None,
                                 today, cal, optional=True)
    if dispute_arose_on is not None:
        clocks["limitation_expires"] = _limitation(dispute_arose_on, received_on, ended,
                                                   today, cal)
    return clocks


def _limitation(arose: date, received: date, ended: RecordedEvent | None, today: date,
                cal: HolidayCalendar) -> Clock:
    """R9: one year; applying for mediation interrupts it, and it runs anew when the
    mediation ends without agreement (BAGZ art. 27)."""
    due = cal.year_deadline(arose, 1)
    label, basis = "仲裁时效届满日", arose
    if received <= due:
        if ended is None:
            return Clock("limitation_expires", label, "R9", arose.isoformat(), 365, "year",
                         due.isoformat(), "interrupted", None, None,
                         cal.covers_range(arose, due))
        basis = ended.occurred_on
        due = cal.year_deadline(basis, 1)
    status = "overdue" if today > due else "pending"
    return Clock("limitation_expires", label, "R9", basis.isoformat(), 365, "year",
                 due.isoformat(), "expired" if status == "overdue" else "running", None,
                 (due - today).days, cal.covers_range(basis, due))
