"""The dashboard's questions (工作台): what is due today, this week, overdue — by clock.

Answered from the open deadlines each write keeps per case (an index range scan), never
by computing every case's clocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from desktop.domain.records import DeadlineItem
from desktop.services import auth
from desktop.services.auth import User
from desktop.services.station import Station
from desktop.storage import deadlines

FAR_PAST = "1900-01-01"


@dataclass(frozen=True)
class DeadlineSummary:
    """Counts of open clocks by clock key for the three windows the dashboard shows."""

    today: dict[str, int]
    this_week: dict[str, int]
    overdue: dict[str, int]


def summary(station: Station, user: User) -> DeadlineSummary:
    """How many clocks fall due today, in the next seven days, and are overdue, by clock.

    Overdue counts only the station's duties (not the parties' optional filing windows,
    nor the worker's limitation period, which are shown while they run).
    """
    auth.authorize(station.store, user, "read")
    today = station.today()
    db = station.read()
    day = today.isoformat()
    week_end = (today + timedelta(days=6)).isoformat()
    before = (today - timedelta(days=1)).isoformat()
    return DeadlineSummary(deadlines.counts(db, day, day),
                           deadlines.counts(db, day, week_end),
                           deadlines.counts(db, FAR_PAST, before, optional=False))


def due(station: Station, user: User, window: str, *, clock: str | None = None,
        limit: int = 200) -> list[DeadlineItem]:
    """The clocks in one window (``today``, ``week`` or ``overdue``), soonest first."""
    auth.authorize(station.store, user, "read")
    today = station.today()
    db = station.read()
    if window == "today":
        start = end = today.isoformat()
        optional = None
    elif window == "week":
        start, end = today.isoformat(), (today + timedelta(days=6)).isoformat()
        optional = None
    elif window == "overdue":
        start, end = FAR_PAST, (today - timedelta(days=1)).isoformat()
        optional = False
    else:
        raise ValueError(f"unknown window {window!r}")
    return deadlines.items(db, start, end, today, clock=clock, optional=optional, limit=limit)
