"""Helpers shared by the benchmarks: timing, medians, a cached demo station.

Every script in ``bench/`` follows the same small contract, which
``tests/bench/test_bench_smoke.py`` checks for each of them at a tiny size:

* it takes ``--cases N`` (the size of what it measures) and runs at any N >= 1;
* it writes only under the system temporary folder (``$TMPDIR``) or a folder it is given;
* it ends by printing at least one line made by :func:`ratio_line`
  (``ratio <name>: <ours/baseline>x``), the figure compared against the same-run baseline.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

# The scripts run from a checkout whether or not the package is installed.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from desktop.paths import Paths

BENCH_TODAY = date(2026, 11, 22)


def desktop_parser(doc: str | None, repeat: int, other: str) -> argparse.ArgumentParser:
    """The command line of the desktop benchmarks: the size of the demo station, its folder
    (shared with the ``other`` script) and the runs per measurement.  Reading it needs no
    dependency, so ``--help`` answers from any Python."""
    parser = argparse.ArgumentParser(description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000, help="size of the demo station")
    parser.add_argument("--root", type=Path, help="folder of the demo station (default under "
                        f"$TMPDIR, shared with bench/{other})")
    parser.add_argument("--repeat", type=int, default=repeat, help="runs of each kind (medians)")
    return parser


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


def ratio_line(name: str, ratio: float) -> str:
    """The summary line every benchmark prints: how many times better than the baseline."""
    return f"ratio {name}: {ratio:.2f}x"


def default_root(kind: str, cases: int) -> Path:
    """Where a benchmark keeps a station it may reuse between runs (under ``$TMPDIR``)."""
    return Path(tempfile.gettempdir()) / f"tiaojie-bench-{kind}-{cases}"


def demo_station(root: Path, cases: int) -> Paths:
    """A demo station with ``cases`` cases, built once and reused by later runs."""
    # Imported here: the other helpers (and every script's --help) need no dependencies.
    from desktop.paths import Paths
    from desktop.services.demo import create_demo
    from desktop.services.station import find_station

    paths = Paths(root)
    existing = find_station(paths)
    if existing is not None:
        existing.close()
        return paths
    print(f"building a {cases}-case demo station in {root} …", file=sys.stderr)
    start = time.perf_counter()
    create_demo(paths, cases=cases, today=BENCH_TODAY,
                progress=lambda d, t: print(f"\r  {d}/{t}", end="", file=sys.stderr))
    print(f"\n  built in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return paths
