"""Storage: demo build time, bytes per case, interactive intake and bulk import, against the
station core as it was before the lean storage — both measured in the same run.

Usage: python bench/storage.py --cases 2000 [--baseline-rev d4d529b] [--intake 300]

The baseline is the code of ``--baseline-rev`` (the last revision before schema v4),
extracted with ``git archive`` into a temporary folder and run in its own process, exactly
like the current code.  Both build the same demo station (same seed, same day) through
their real write paths; the sizes are the database files after a checkpoint.  Where the
revision cannot be extracted (no git history), the baseline figures are left out and the
current code is compared with a raw ``executemany`` of its own rows instead.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ratio_line  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BASELINE_REV = "d4d529b"


def arguments() -> argparse.Namespace:
    """The command line, read before the project (and its dependencies) is imported,
    so ``--help`` and a wrong size answer from any Python."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--intake", type=int, default=0, help="cases for intake (default "
                        "min(--cases, 500))")
    parser.add_argument("--baseline-rev", default=BASELINE_REV)
    args = parser.parse_args()
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    return args


ARGS = arguments() if __name__ == "__main__" else None

# Put one version of the code first, ahead of an editable install's import hook.
PRELUDE = """
import os, sys
sys.meta_path = [f for f in sys.meta_path if "editable" not in type(f).__module__.lower()
                 and "editable" not in repr(f).lower()]
sys.path.insert(0, os.environ["TIAOJIE_BENCH_CODE"])
import desktop
assert desktop.__file__.startswith(os.environ["TIAOJIE_BENCH_CODE"]), desktop.__file__
"""

# Each runs in a child process with one version of the code.
DEMO = PRELUDE + """
import json, sqlite3, sys, time
from datetime import date
from pathlib import Path
from desktop.paths import Paths
from desktop.services.demo import create_demo
root, n = Path(sys.argv[1]), int(sys.argv[2])
start = time.perf_counter()
create_demo(Paths(root), cases=n, seed=2026, today=date(2026, 11, 22))
seconds = time.perf_counter() - start
db = sqlite3.connect(root / "tiaojie.db")
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
pages, size, free = (db.execute(f"PRAGMA {p}").fetchone()[0]
                     for p in ("page_count", "page_size", "freelist_count"))
print(json.dumps({"seconds": seconds, "bytes": (pages - free) * size}))
"""

# A fresh training station, the same synthetic documents, a mediator's login.
STATION = PRELUDE + """
import json, random, sys, time
from datetime import date
from pathlib import Path
from desktop.domain.case_format import parse_case
from desktop.paths import Paths
from desktop.services.auth import User
from desktop.services.cases import CaseService
from desktop.services.demo_data import case_document
from desktop.services.station import init_station
root, n = Path(sys.argv[1]), int(sys.argv[2])
today = date(2026, 11, 22)
station = init_station(Paths(root), name="基准测试调解中心", short_name="基准",
                       org_type="township_center", admin_login="admin",
                       admin_password="bench-pass-1", is_demo=True)
station.today_override = today
rng = random.Random(7)
docs = [case_document(rng, today, today) for _ in range(n)]
user = User("mediator", "mediator", "mediator")
service = CaseService(station)
"""

INTAKE = STATION + """
start = time.perf_counter()
for doc in docs:
    service.register(doc, user)
one = time.perf_counter() - start
print(json.dumps({"register": one}))
station.close()
"""

BULK = STATION + """
drafts = [parse_case(doc, today=today) for doc in docs]
start = time.perf_counter()
importer = getattr(service, "import_drafts", None) or service.register_many
for i in range(0, n, 1000):
    importer(drafts[i:i + 1000], user)
print(json.dumps({"bulk": time.perf_counter() - start}))
station.close()
"""


def run(code: str, pythonpath: Path, *args: str) -> dict[str, float]:
    env = {**os.environ, "TIAOJIE_BENCH_CODE": str(pythonpath)}
    env.pop("TIAOJIE_TODAY", None)
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                         text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def extract(rev: str, into: Path) -> Path | None:
    """The code of ``rev`` in ``into``, or None when git cannot give it."""
    archive = into / "baseline.tar"
    done = subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), rev],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"baseline {rev} unavailable: {done.stderr.strip()}", file=sys.stderr)
        return None
    target = into / "baseline"
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target


def main(args: argparse.Namespace) -> None:
    n = args.cases
    intake = args.intake or min(n, 500)
    with tempfile.TemporaryDirectory(prefix="tiaojie-storage-") as tmp:
        work = Path(tmp)
        base = extract(args.baseline_rev, work)
        ours = run(DEMO, ROOT, str(work / "ours"), str(n))
        ours_in = run(INTAKE, ROOT, str(work / "ours-in"), str(intake))
        ours_bulk = run(BULK, ROOT, str(work / "ours-bulk"), str(n))
        theirs = theirs_in = theirs_bulk = None
        if base is not None:
            theirs = run(DEMO, base, str(work / "base"), str(n))
            theirs_in = run(INTAKE, base, str(work / "base-in"), str(intake))
            theirs_bulk = run(BULK, base, str(work / "base-bulk"), str(n))
    print(f"storage benchmark: {n} demo cases, {intake} interactive registrations")
    print(f"{'':<22}{'baseline':>12}{'ours':>12}")
    rows = [("demo build (s)", "seconds", theirs, ours, 1),
            ("bytes per case", "bytes", theirs, ours, n)]
    for label, key, b, o, div in rows:
        shown = f"{b[key] / div:>12.1f}" if b else f"{'—':>12}"
        print(f"{label:<22}{shown}{o[key] / div:>12.1f}")
    print(f"{'intake (cases/s)':<22}"
          f"{(intake / theirs_in['register']) if theirs_in else 0:>12.0f}"
          f"{intake / ours_in['register']:>12.0f}")
    print(f"{'bulk import (cases/s)':<22}"
          f"{(n / theirs_bulk['bulk']) if theirs_bulk else 0:>12.0f}"
          f"{n / ours_bulk['bulk']:>12.0f}")
    if theirs and theirs_in and theirs_bulk:
        print(ratio_line("demo build faster", theirs["seconds"] / ours["seconds"]))
        print(ratio_line("smaller per case", theirs["bytes"] / ours["bytes"]))
        print(ratio_line("intake faster", theirs_in["register"] / ours_in["register"]))
        print(ratio_line("bulk import faster", theirs_bulk["bulk"] / ours_bulk["bulk"]))
    else:
        print(ratio_line("demo build (no baseline; seconds per 1000 cases)",
                         ours["seconds"] / n * 1000))


if __name__ == "__main__":
    main(ARGS)
