"""Headline figures for the dashboard (工作台): a few counts, each one index-assisted query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils


@dataclass(frozen=True)
class Headline:
    """The numbers a station head looks at first."""

    received_this_month: int
    open_cases: int
    closed_this_year: int
    successful_this_year: int
    advice_issued_this_year: int
    open_collective: int

    @property
    def success_rate(self) -> float | None:
        """Share of this year's closed cases that ended in an effective agreement."""
        if not self.closed_this_year:
            return None
        return self.successful_this_year / self.closed_this_year


def headline(db: sqlite_utils.Database, *, month_start: str, year_start: str,
             open_statuses: Sequence[str], successes: Sequence[str],
             collective_from: int) -> Headline:
    """Count this month's receipts, the open cases, this year's outcomes and 调解建议书."""
    marks = ", ".join("?" for _ in open_statuses)
    wins = ", ".join("?" for _ in successes)

    def one(sql: str, params: Sequence[object]) -> int:
        return int(db.execute(sql, list(params)).fetchone()[0])

    return Headline(
        received_this_month=one("SELECT count(*) FROM cases WHERE deleted = 0 "
                                "AND received_on >= ?", [month_start]),
        open_cases=one(f"SELECT count(*) FROM cases WHERE deleted = 0 AND status IN ({marks})",
                       open_statuses),
        closed_this_year=one("SELECT count(*) FROM cases WHERE deleted = 0 "
                             "AND closed_on >= ?", [year_start]),
        successful_this_year=one(f"SELECT count(*) FROM cases WHERE deleted = 0 "
                                 f"AND closed_on >= ? AND outcome IN ({wins})",
                                 [year_start, *successes]),
        advice_issued_this_year=one("SELECT count(*) FROM events WHERE event = "
                                    "'advice_issued' AND occurred_on >= ?", [year_start]),
        open_collective=one(f"SELECT count(*) FROM cases WHERE deleted = 0 "
                            f"AND status IN ({marks}) AND worker_count >= ?",
                            [*open_statuses, collective_from]),
    )
