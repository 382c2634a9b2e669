"""The dashboard's questions and the case list's filters on a demo station, against computing
every open case's clocks in Python (what a dashboard without stored deadlines would do).

Usage: python bench/dashboard.py --cases 100000 [--root DIR]

Measured in the same run on the same station (best of 5, milliseconds):

* ``summary`` — how many clocks fall due today / this week / are overdue, by clock;
* ``overdue list`` — the first 200 overdue clocks with their case numbers;
* the baseline — load every open case and compute its clocks with the pure domain code,
  then count the same windows (timed on a sample of 2,000 cases and scaled up);
* case-list queries the screens ask: count by status, status + date range + mediator, the
  first page sorted by next deadline.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def arguments() -> argparse.Namespace:
    """The command line, read before the project (and its dependencies) is imported,
    so ``--help`` and a wrong size answer from any Python."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--root", type=Path)
    args = parser.parse_args()
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    return args


ARGS = arguments() if __name__ == "__main__" else None

from common import BENCH_TODAY, default_root, demo_station, ratio_line, timed  # noqa: E402

from desktop.services import dashboard  # noqa: E402
from desktop.services.auth import User  # noqa: E402
from desktop.services.case_view import count, list_page  # noqa: E402
from desktop.services.case_work import CaseWork, case_clocks  # noqa: E402
from desktop.services.station import open_station  # noqa: E402
from desktop.storage.cases import CaseFilter  # noqa: E402

VIEWER = User("viewer", "viewer", "viewer")
SAMPLE = 2000


def main(args: argparse.Namespace) -> None:
    paths = demo_station(args.root or default_root("dashboard", args.cases), args.cases)
    station = open_station(paths, accept_location=True)
    station.today_override = BENCH_TODAY
    try:
        ours_summary = timed(lambda: dashboard.summary(station, VIEWER), 5)
        ours_list = timed(lambda: dashboard.due(station, VIEWER, "overdue", limit=200), 5)
        db = station.read()
        pks = [r[0] for r in db.execute(
            "SELECT pk FROM cases WHERE deleted = 0 AND closed_on IS NULL ORDER BY pk")]
        sample = pks[:SAMPLE]
        start = time.perf_counter()
        week_end = BENCH_TODAY + timedelta(days=6)
        windows = [0, 0, 0]
        for pk in sample:
            for clock in case_clocks(CaseWork.load(db, pk), station, BENCH_TODAY).values():
                if clock.due_on is None or clock.met_on is not None:
                    continue
                due = clock.due_on
                windows[0] += due == BENCH_TODAY.isoformat()
                windows[1] += BENCH_TODAY.isoformat() <= due <= week_end.isoformat()
                windows[2] += due < BENCH_TODAY.isoformat()
        per_case = (time.perf_counter() - start) * 1000 / max(len(sample), 1)
        baseline = per_case * len(pks)
        mediator = db.execute("SELECT pk FROM mediators ORDER BY pk LIMIT 1").fetchone()[0]
        by_status = timed(lambda: db.execute(
            "SELECT status, count(*) FROM cases WHERE deleted = 0 GROUP BY status").fetchall(),
            5)
        combo = CaseFilter(status="archived", received_from="2026-01-01",
                           received_to="2026-06-30", mediator_pk=mediator)
        by_combo = timed(lambda: count(station, VIEWER, combo), 5)
        by_due = timed(lambda: list_page(station, VIEWER, sort="due", limit=50), 5)
    finally:
        station.close()
    print(f"dashboard benchmark: {args.cases} cases, {len(pks)} open")
    print(f"  summary (today / week / overdue by clock)  {ours_summary:8.2f} ms")
    print(f"  first 200 overdue clocks                    {ours_list:8.2f} ms")
    print(f"  baseline: every open case's clocks in Python {baseline:8.0f} ms "
          f"({per_case:.3f} ms a case)")
    print(f"  count by status                             {by_status:8.2f} ms")
    print(f"  status + date range + mediator (count)      {by_combo:8.2f} ms")
    print(f"  first page by next deadline                 {by_due:8.2f} ms")
    print(ratio_line("dashboard summary vs computing clocks", baseline / max(ours_summary, 1e-3)))


if __name__ == "__main__":
    main(ARGS)
