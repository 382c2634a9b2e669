"""Search latency on a large demo station vs a plain LIKE scan of the same rows.

Usage: python bench/search.py [--cases 100000] [--data-dir DIR] [--queries 200]

The demo station is built once into ``DIR`` (default ``$TMPDIR/tiaojie-bench-search-N``) and
reused by later runs.

For 1-, 2-, 3- and 6-character queries drawn from the station's own names, employers and
ID numbers, it times (a) the product's search for the first page (50 newest hits) against
``LIKE '%q%'`` for the same page, and (b) all hits against a LIKE scan for all hits, in
the same run on the same database, and prints medians and the speed-up ratios.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def arguments() -> argparse.Namespace:
    """The command line, read before the project (and its dependencies) is imported,
    so ``--help`` and a wrong size answer from any Python."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000, help="size of the demo station")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    if args.cases < 1 or args.queries < 1:
        parser.error("--cases and --queries must be at least 1")
    return args


ARGS = arguments() if __name__ == "__main__" else None

from common import default_root, demo_station, median, ratio_line, timed  # noqa: E402

from desktop.storage import search  # noqa: E402
from desktop.storage.db import open_database  # noqa: E402

PAGE = 50


def query_terms(db, rng: random.Random, per_length: int) -> dict[int, list[str]]:
    """Realistic terms: name fragments, employer fragments, ID-number fragments."""
    def pool(sql: str) -> list[str]:
        return [r[0] for r in db.execute(sql + " ORDER BY case_pk, position")]

    names = pool("SELECT name FROM parties WHERE kind = 'worker'")
    employers = pool("SELECT name FROM parties WHERE kind = 'employer'")
    ids = pool("SELECT id_number FROM parties WHERE id_number IS NOT NULL")
    terms: dict[int, list[str]] = {1: [], 2: [], 3: [], 6: []}

    def cut(text: str, size: int) -> str:
        start = rng.randrange(len(text) - size + 1)
        return text[start:start + size]

    for size in terms:
        while len(terms[size]) < per_length:
            pool = rng.choice((names, employers, ids) if size > 3 else (names, employers))
            text = rng.choice(pool)
            if len(text) >= size:
                terms[size].append(cut(text, size))
    return terms


def main(args: argparse.Namespace) -> None:
    root = Path(args.data_dir) if args.data_dir else default_root("search", args.cases)
    paths = demo_station(root, args.cases)
    db = open_database(paths.database)
    db.execute("PRAGMA cache_size = -65536")
    rows = db.execute("SELECT count(*) FROM case_search").fetchone()[0]
    terms = query_terms(db, random.Random(42), args.queries)
    like_page = "SELECT pk FROM case_search WHERE body LIKE ? ORDER BY pk DESC LIMIT ?"
    like_all = "SELECT pk FROM case_search WHERE body LIKE ? ORDER BY pk DESC"
    for warm in terms[3][:5]:  # bring both paths' pages into the cache
        search.search_pks(db, warm, limit=PAGE)
        db.execute(like_all, [f"%{warm}%"]).fetchall()
    print(f"search benchmark: {rows} cases, {args.queries} queries per length, medians in ms")
    print(f"{'len':>3} {'page':>8} {'LIKE page':>10} {'ratio':>7} {'all':>8} "
          f"{'LIKE all':>9} {'ratio':>7} {'hits':>7}")
    page_ratios, all_ratios = [], []
    for size, queries in terms.items():
        ours_page, base_page, ours_all, base_all, hits = [], [], [], [], []
        for q in queries:
            pattern = f"%{search.normalise(q)}%"
            ours_page.append(timed(lambda q=q: search.search_pks(db, q, limit=PAGE), 3))
            base_page.append(timed(lambda p=pattern: db.execute(like_page, [p, PAGE])
                                   .fetchall(), 3))
            found = search.search_pks(db, q, limit=10**9)
            expected = [r[0] for r in db.execute(like_all, [pattern])]
            assert found == expected, f"search disagrees with LIKE for {q!r}"
            hits.append(len(found))
            ours_all.append(timed(lambda q=q: search.search_pks(db, q, limit=10**9)))
            base_all.append(timed(lambda p=pattern: db.execute(like_all, [p]).fetchall()))
        op, bp, oa, ba = map(median, (ours_page, base_page, ours_all, base_all))
        print(f"{size:>3} {op:>8.2f} {bp:>10.2f} {bp / op:>6.1f}x {oa:>8.2f} {ba:>9.2f} "
              f"{ba / oa:>6.1f}x {median(hits):>7.0f}")
        page_ratios.append(bp / op)
        all_ratios.append(ba / oa)
    db.close()
    print(ratio_line("first page vs LIKE (worst length)", min(page_ratios)))
    print(ratio_line("all hits vs LIKE (worst length)", min(all_ratios)))


if __name__ == "__main__":
    main(ARGS)
