"""Helpers shared by the benchmarks: timing, medians, a cached demo station."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from desktop.paths import Paths
from desktop.services.demo import create_demo
from desktop.services.station import exists

BENCH_TODAY = date(2026, 11, 22)


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    """Best-of-``repeat`` wall time of ``fn`` in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def median(values: list[float]) -> float:
    """The median, for readability at the call site."""
    return statistics.median(values)


def demo_station(root: Path, cases: int) -> Paths:
    """A demo station with ``cases`` cases, built once and reused by later runs."""
    paths = Paths(root)
    if not exists(paths):
        print(f"building a {cases}-case demo station in {root} …", file=sys.stderr)
        start = time.perf_counter()
        create_demo(paths, cases=cases, today=BENCH_TODAY,
                    progress=lambda d, t: print(f"\r  {d}/{t}", end="", file=sys.stderr))
        print(f"\n  built in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return paths
