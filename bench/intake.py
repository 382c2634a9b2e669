"""Intake throughput: cases/s through the real write path vs a raw executemany.

Usage: python bench/intake.py [--cases 5000]

The same synthetic case documents are stored three ways, in the same run:

* ``register``: ``CaseService.register`` per case — what a mediator's save does: parse and
  validate, take the next gapless number, insert case, parties and claims, index for search,
  audit entry, change log, one ``BEGIN IMMEDIATE`` transaction per case;
* ``register_many``: the same path with one transaction per 500 cases (bulk import);
* ``import_drafts``: the set-wise bulk path (checked drafts, 1,000 per transaction);
* ``raw``: the finished rows of cases, parties and claims inserted with ``executemany``
  into tables of the same shape with no triggers, index, audit or validation (the floor).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def arguments() -> argparse.Namespace:
    """The command line, read before the project (and its dependencies) is imported,
    so ``--help`` and a wrong size answer from any Python."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=5000, help="number of cases stored")
    args = parser.parse_args()
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    return args


ARGS = arguments() if __name__ == "__main__" else None

from common import BENCH_TODAY, ratio_line  # noqa: E402

from desktop.domain.case_format import parse_case  # noqa: E402
from desktop.paths import Paths  # noqa: E402
from desktop.services.auth import User  # noqa: E402
from desktop.services.cases import CaseService  # noqa: E402
from desktop.services.demo_data import case_document  # noqa: E402
from desktop.services.station import init_station  # noqa: E402

USER = User("mediator", "mediator", "mediator")


def fresh_station(root: Path):
    station = init_station(Paths(root), name="基准测试调解中心", short_name="基准",
                           org_type="township_center", admin_login="admin",
                           admin_password="bench-pass-1")
    station.today_override = BENCH_TODAY
    return station


def run_register(docs, root: Path) -> float:
    station = fresh_station(root)
    service = CaseService(station)
    start = time.perf_counter()
    for doc in docs:
        service.register(doc, USER)
    elapsed = time.perf_counter() - start
    station.close()
    return elapsed


def run_register_many(docs, root: Path) -> float:
    station = fresh_station(root)
    service = CaseService(station)
    start = time.perf_counter()
    for i in range(0, len(docs), 500):
        drafts = [parse_case(d, today=BENCH_TODAY) for d in docs[i:i + 500]]
        service.register_many(drafts, USER)
    elapsed = time.perf_counter() - start
    station.close()
    return elapsed


def run_import_drafts(docs, root: Path) -> tuple[float, float]:
    """The set-wise bulk path: (seconds writing, seconds checking the documents)."""
    station = fresh_station(root)
    service = CaseService(station)
    start = time.perf_counter()
    drafts = [parse_case(d, today=BENCH_TODAY) for d in docs]
    checked = time.perf_counter() - start
    start = time.perf_counter()
    for i in range(0, len(drafts), 1000):
        service.import_drafts(drafts[i:i + 1000], USER)
    elapsed = time.perf_counter() - start
    station.close()
    return elapsed, checked


def run_raw(source_db: Path, root: Path) -> float:
    """executemany of the very rows the real path stored, into plain tables."""
    src = sqlite3.connect(source_db)
    target = sqlite3.connect(root / "raw.db", isolation_level=None)
    target.execute("PRAGMA journal_mode = WAL")
    tables = {}
    for table in ("cases", "parties", "claims"):
        cursor = src.execute(f"SELECT * FROM {table}")
        cols = [d[0] for d in cursor.description]
        tables[table] = (cols, cursor.fetchall())
        target.execute(f"CREATE TABLE {table} ({', '.join(cols)})")
    start = time.perf_counter()
    target.execute("BEGIN")
    for table, (cols, rows) in tables.items():
        marks = ", ".join("?" for _ in cols)
        target.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    target.execute("COMMIT")
    elapsed = time.perf_counter() - start
    src.close()
    target.close()
    return elapsed


def main(args: argparse.Namespace) -> None:
    rng = random.Random(7)
    docs = [case_document(rng, BENCH_TODAY, BENCH_TODAY) for _ in range(args.cases)]
    work = Path(tempfile.mkdtemp(prefix="tiaojie-intake-"))
    try:
        t_one = run_register(docs, work / "one")
        t_many = run_register_many(docs, work / "many")
        t_bulk, t_check = run_import_drafts(docs, work / "bulk")
        t_raw = max(run_raw(work / "one" / "tiaojie.db", work), 1e-9)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = args.cases
    print(f"intake benchmark: {n} cases (~{sum(len(d['applicants']) + len(d['respondents']) for d in docs) / n:.1f} parties each)")  # noqa: E501
    print(f"{'path':<15} {'seconds':>8} {'cases/s':>9} {'vs raw':>8}")
    for name, t in (("register", t_one), ("register_many", t_many),
                    ("import_drafts", t_bulk), ("raw executemany", t_raw)):
        print(f"{name:<15} {t:>8.2f} {n / t:>9.0f} {t / t_raw:>7.1f}x")
    print(f"(checking the documents for import_drafts: {t_check:.2f} s, "
          f"{n / t_check:.0f} cases/s)")
    print(ratio_line("register_many vs register", t_one / t_many))
    print(ratio_line("import_drafts vs register", t_one / t_bulk))


if __name__ == "__main__":
    main(ARGS)
