"""Explicit, resumable maintenance operations (never hidden in opening a station)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.errors import ValidationError
from desktop.services import auth, runner
from desktop.services.auth import User
from desktop.services.case_work import CaseWork, case_clocks
from desktop.services.history import open_clocks
from desktop.services.station import (
    CALENDAR_SETTING,
    MEDIATION_BASIS,
    Station,
)
from desktop.storage import audit, deadlines, search
from desktop.storage import cases as case_repo
from desktop.storage import station as station_repo
from desktop.storage.db import Database

CHUNK = 2000


@dataclass(frozen=True)
class IndexState:
    """How complete the search index is."""

    complete: bool
    indexed: int
    total: int


def index_state(station: Station) -> IndexState:
    """Whether search covers every case (after an upgrade it is rebuilt explicitly)."""
    return IndexState(*search.index_state(station.read()))


def reindex(station: Station) -> IndexState:
    """Rebuild the search index a chunk per transaction, reporting progress.

    Stopping (cancel, or the program closing) keeps what was done; the next run goes on
    from there.  Searching meanwhile finds the cases indexed so far.
    """
    while True:
        runner.checkpoint()
        finished = station.write(search.reindex_chunk, CHUNK)
        state = index_state(station)
        runner.report(state.indexed, state.total)
        if finished:
            return state


def refresh_deadlines(station: Station) -> int:
    """Recompute every live case's open deadlines (after the counting basis or the holiday
    calendar changed), a chunk per transaction with progress; returns the cases done."""
    pks = case_repo.live_pks(station.read())
    today = station.today()
    for start in range(0, len(pks), CHUNK):
        runner.checkpoint()
        chunk = pks[start:start + CHUNK]
        station.write(_refresh_chunk, station, chunk, today)
        runner.report(min(start + CHUNK, len(pks)), len(pks))
    station.write(station_repo.put_setting, CALENDAR_SETTING,
                  station.calendar_fingerprint)
    return len(pks)


def _refresh_chunk(db: Database, station: Station, pks: list[int], today: date) -> None:
    for pk in pks:
        work = CaseWork.load(db, pk)
        deadlines.replace(db, pk, open_clocks(case_clocks(work, station, today)))


def set_mediation_basis(station: Station, user: User, basis: str) -> None:
    """Count the 15-day mediation period from receipt (LDMAL 14) or, for an enterprise
    committee under 17号令, from acceptance; the open deadlines are then recomputed.

    Raises:
        PermissionDenied: not an administrator.
        ValidationError: an unknown basis, or ``accepted`` for another kind of organisation.
    """
    auth.authorize(station.store, user, "manage_station")
    if basis not in MEDIATION_BASIS:
        raise ValidationError(f"调解期限起算应为：{'、'.join(MEDIATION_BASIS.values())}",
                              f"basis must be one of {list(MEDIATION_BASIS)}", "basis")
    if basis == "accepted" and station.org["org_type"] != "enterprise_committee":
        raise ValidationError("只有企业劳动争议调解委员会可以自受理之日起计算调解期限（17号令）",
                              "only an enterprise committee may count from acceptance",
                              "basis")

    def save(db: Database) -> None:
        station_repo.put_setting(db, "mediation_basis", basis)
        audit.append(db, user.login, "station.mediation_basis", None, {"basis": basis})

    station.write(save)
    station.org["mediation_basis"] = basis
    refresh_deadlines(station)
