"""Explicit, resumable maintenance operations (never hidden in opening a station)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services import runner
from desktop.services.station import Station
from desktop.storage import search

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
