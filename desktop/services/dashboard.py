"""The dashboard's questions (工作台): what is due today, this week, overdue — by clock.

Answered from the open deadlines each write keeps per case (an index range scan), never
by computing every case's clocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain.case_format import COLLECTIVE_THRESHOLD
from desktop.domain.case_state import OPEN_MEDIATION
from desktop.domain.records import CaseListRow, DeadlineItem
from desktop.services import auth, case_view
from desktop.services.auth import User
from desktop.services.station import Station
from desktop.storage import deadlines, figures
from desktop.storage.cases import CaseFilter
from desktop.storage.figures import Headline

FAR_PAST = "1900-01-01"
# Cases still being worked on before any agreement (mediation and negotiation).
OPEN_STATUSES = OPEN_MEDIATION + ("negotiation_requested", "negotiating")
SUCCESSES = ("success", "settled")


@dataclass(frozen=True)
class DeadlineSummary:
    """Counts of open clocks by clock key for the three windows the dashboard shows."""

    today: dict[str, int]
    this_week: dict[str, int]
    overdue: dict[str, int]


def window(name: str, today: date) -> tuple[str, str, bool | None]:
    """(first day, last day, optional filter) of ``today``, ``week`` or ``overdue``.

    Overdue holds only the station's duties (not the parties' optional filing windows, nor
    the worker's limitation period, which are shown while they run).
    """
    day = today.isoformat()
    if name == "today":
        return day, day, None
    if name == "week":
        return day, (today + timedelta(days=6)).isoformat(), None
    if name == "overdue":
        return FAR_PAST, (today - timedelta(days=1)).isoformat(), False
    raise ValueError(f"unknown window {name!r}")


def summary(station: Station, user: User) -> DeadlineSummary:
    """How many clocks fall due today, in the next seven days, and are overdue, by clock."""
    auth.authorize(station.store, user, "read")
    today, db = station.today(), station.read()
    counts = {name: deadlines.counts(db, start, end, optional=optional)
              for name in ("today", "week", "overdue")
              for start, end, optional in [window(name, today)]}
    return DeadlineSummary(counts["today"], counts["week"], counts["overdue"])


def due(station: Station, user: User, name: str, *, clock: str | None = None,
        limit: int = 200) -> list[DeadlineItem]:
    """The clocks in one window (``today``, ``week`` or ``overdue``), soonest first."""
    auth.authorize(station.store, user, "read")
    today = station.today()
    start, end, optional = window(name, today)
    return deadlines.items(station.read(), start, end, today, clock=clock, optional=optional,
                           limit=limit)


def open_collective(station: Station, user: User, *, limit: int = 100) -> list[CaseListRow]:
    """The collective disputes still being worked on (as the headline counts them), soonest
    deadline first."""
    page = case_view.list_page(station, user, limit=limit, sort="due", filters=CaseFilter(
        statuses=OPEN_STATUSES, collective_from=COLLECTIVE_THRESHOLD))
    return list(page.rows)


def headline(station: Station, user: User) -> Headline:
    """This month's receipts, open cases, this year's success rate, 调解建议书 issued and
    open collective disputes."""
    auth.authorize(station.store, user, "read")
    today = station.today()
    return figures.headline(
        station.read(), month_start=today.replace(day=1).isoformat(),
        year_start=today.replace(month=1, day=1).isoformat(), open_statuses=OPEN_STATUSES,
        successes=SUCCESSES, collective_from=COLLECTIVE_THRESHOLD)
