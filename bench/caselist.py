"""The case list (案件) widget on a large demo station against a 1-case station: first paint,
memory, search as you type, sorting by deadline, scrolling to the end.

Usage: python bench/caselist.py --cases 100000 [--repeat 5] [--terms 10] [--root DIR]

Every measurement runs the app's own ``CaseListPage`` (``desktop.ui.case_list``) in a fresh
child process on Qt's ``offscreen`` platform, with the bundled font, the demo mediator as the
user and the demo's day pinned; the two stations are measured alternately, after one
discarded warm-up round:

* **first paint** — from building the page (the roster read, the widgets, ``apply_filters``:
  the first page of 200 rows, the count started in the background) and showing it at
  1280×720, to its table's first paint delivered and the event loop round once more;
  **RSS** (``/proc/self/statm``) just before and just after; also until the count is shown.
* **search** (in the last child of each station) — names cut from the large station's own
  workers, typed one character at a time as an input method commits them (``王``, then
  ``王芳``).  The page waits ``SEARCH_DELAY_MS`` (250 ms) after a keystroke before it searches;
  that wait is *not* measured: the benchmark calls ``apply_filters`` (what the timer calls) at
  once and times the query plus the model reset (the GUI thread is blocked for that long),
  then until the table is painted, then until the background count is shown.
* **sort** — a click on the 下一期限 header (soonest deadline first) and back on 收案日期,
  timed to the table painted; also the deadline order with a one-character search.
* **scroll to the end** — ``scrollToBottom`` as a user holding Ctrl+End would, the view asking
  the model for page after page (``fetchMore``, 200 rows, keyset) until there are no more:
  on a 100k station that loads *every* row into the model, so the time and the RSS it costs
  are printed as they are, with the page queries timed on their own.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

DEMO_DAY = "2026-11-22"  # common.BENCH_TODAY, the day the demo stations are built for
CHILD_TIMEOUT_S = 1800
WIDTH, HEIGHT = 1280, 720
FULL_PAGE = 300  # cases: more than a screen of rows
DUE_COLUMN, RECEIVED_COLUMN = 8, 5  # 下一期限, 收案日期 (desktop.ui.case_table.COLUMNS)


def arguments() -> argparse.Namespace:
    """The command line, read before the project (and its dependencies) is imported,
    so ``--help`` and a wrong size answer from any Python."""
    from common import desktop_parser

    parser = desktop_parser(__doc__, 5, "startup.py")
    parser.add_argument("--terms", type=int, default=10,
                        help="names typed into the search box (two keystrokes each)")
    # The child processes (not for people).
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)  # JSON list of terms
    args = parser.parse_args()
    if args.cases < 1 or args.repeat < 1 or args.terms < 1:
        parser.error("--cases, --repeat and --terms must be at least 1")
    return args


ARGS = arguments() if __name__ == "__main__" else None


def rss_mb() -> float:
    """Resident memory now, in MiB (the peak where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, AttributeError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the child process --------------------------------------------------------------------


def child(args: argparse.Namespace) -> dict[str, object]:
    """Measure the page on the station in ``args.child``; returns what was measured."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, Qt, QTimer
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.paths import Paths
    from desktop.services import case_view, roster
    from desktop.services.auth import User
    from desktop.services.station import open_station
    from desktop.ui.case_list import CaseListPage
    from desktop.ui.fonts import apply_font
    from desktop.ui.tasks import Tasks

    app = QApplication([sys.argv[0]])
    apply_font(app)
    station = open_station(Paths(args.child), accept_location=True)
    tasks = Tasks(station)
    user = User("mediator", "演示调解员", "mediator")
    out: dict[str, object] = {}

    class Painted(QObject):
        """Quits its loop one event-loop round after a widget ``match`` accepts is painted
        (an application-wide filter: the table does not exist before the first page)."""

        def __init__(self) -> None:
            super().__init__()
            self.loop = QEventLoop()
            self.match: object = None

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if (self.match is not None and event.type() == QEvent.Type.Paint
                    and self.match(obj)):  # type: ignore[operator]
                self.match = None
                QTimer.singleShot(0, self.loop.quit)
            return False

    painted = Painted()
    app.installEventFilter(painted)

    def until_painted(match: object, action: object) -> tuple[float, float]:
        """Run ``action``; ms until it returned and until a widget ``match`` accepts was
        painted after it and the event loop came round once more."""
        painted.match = match
        start = time.perf_counter()
        action()  # type: ignore[operator]
        returned = time.perf_counter()
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(painted.loop.quit)
        guard.start(60_000)
        painted.loop.exec()
        guard.stop()
        if painted.match is not None:
            raise RuntimeError("the table was not painted within a minute")
        return (returned - start) * 1000, (time.perf_counter() - start) * 1000

    def until_idle(start: float) -> float:
        """Ms from ``start`` until every background operation has reported back."""
        deadline = time.monotonic() + 120
        while tasks.running and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        if tasks.running:
            raise RuntimeError("the count did not come back within two minutes")
        return (time.perf_counter() - start) * 1000

    app.processEvents()
    out["rss_before"] = rss_mb()
    holder: dict[str, CaseListPage] = {}

    def build() -> None:
        page = CaseListPage(tasks, user, roster.list_mediators(station, user))
        page.resize(WIDTH, HEIGHT)
        page.apply_filters()
        page.show()
        holder["page"] = page

    def table_viewport(obj: QObject) -> bool:
        parent = obj.parent()
        return parent is not None and parent.objectName() == "caseTable"

    start = time.perf_counter()
    out["built"], out["first_paint"] = until_painted(table_viewport, build)
    out["rss_paint"] = rss_mb()
    out["count_shown"] = until_idle(start)
    out["rows"] = holder["page"].model.rowCount()
    if not args.work:
        holder["page"].close()
        return out

    page = holder["page"]
    model, table = page.model, page.table
    viewport = table.viewport()

    def on_table(obj: QObject) -> bool:
        return obj is viewport

    def type_chinese(text: str) -> None:
        """What an input method sends when the user picks ``text`` (as tests/ui do)."""
        page.search.setFocus()
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(page.search, event)

    def search_for(text: str) -> dict[str, float]:
        """Put ``text`` in the box as it is (not timed), searching at once."""
        page.search.setText(text)
        before = time.perf_counter()
        model_ms, paint_ms = until_painted(on_table, page.apply_filters)
        return {"model": model_ms, "paint": paint_ms, "count": until_idle(before)}

    search_for("")
    keystrokes: list[dict[str, object]] = []
    for term in json.loads(args.work):
        search_for("")
        for typed in (term[:1], term[1:2]):
            type_chinese(typed)
            shown = page.search.text()
            before = time.perf_counter()
            model_ms, paint_ms = until_painted(on_table, page.apply_filters)
            count_ms = until_idle(before)
            hits = case_view.count(station, user, page.current_filter())
            keystrokes.append({"text": shown, "model": model_ms, "paint": paint_ms,
                               "count": count_ms, "hits": hits})
    out["keystrokes"] = keystrokes

    header = table.horizontalHeader()

    def click_header(column: int) -> tuple[float, float]:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        return until_painted(on_table, lambda: QTest.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
            QPoint(x, header.height() // 2)))

    search_for("")
    sorts: dict[str, list[float]] = {"due": [], "received": [], "due_searched": []}
    for _ in range(5):
        sorts["due"].append(click_header(DUE_COLUMN)[1])
        if model.sort_key != "due":
            raise RuntimeError(f"clicking 下一期限 sorted by {model.sort_key}")
        sorts["received"].append(click_header(RECEIVED_COLUMN)[1])
    first_term = json.loads(args.work)[0][:1]
    for _ in range(5):
        search_for(first_term)
        sorts["due_searched"].append(click_header(DUE_COLUMN)[1])
        click_header(RECEIVED_COLUMN)
    out["sorts"] = sorts

    search_for("")
    pages: list[float] = []
    fetch = model._fetch  # timed where the model calls it, to tell the queries apart

    def timed_fetch(*a: object) -> object:
        begin = time.perf_counter()
        try:
            return fetch(*a)  # type: ignore[arg-type]
        finally:
            pages.append((time.perf_counter() - begin) * 1000)

    model._fetch = timed_fetch  # type: ignore[method-assign]
    rss_before_scroll = rss_mb()
    start, by_hand = time.perf_counter(), 0
    while model.canFetchMore():
        rows = model.rowCount()
        table.scrollToBottom()
        app.processEvents()
        if model.rowCount() == rows and model.canFetchMore():
            model.fetchMore()  # the view did not ask (it should have: at the bottom)
            by_hand += 1
    app.processEvents()
    out["scroll"] = {"ms": (time.perf_counter() - start) * 1000, "rows": model.rowCount(),
                     "pages": pages, "by_hand": by_hand,
                     "rss_before": rss_before_scroll, "rss_after": rss_mb()}
    model._fetch = fetch  # type: ignore[method-assign]
    page.close()
    return out


def run_child(args: argparse.Namespace) -> None:
    result = child(args)
    print("result " + json.dumps(result), flush=True)
    # Leave without tearing Qt and the station down in Python's finalisation order.
    sys.stdout.flush()
    os._exit(0)


# -- the parent ---------------------------------------------------------------------------


def spawn(station: Path, terms: list[str] | None = None) -> dict:
    import subprocess

    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(station)]
    if terms:
        command += ["--work", json.dumps(terms, ensure_ascii=False)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TIAOJIE_TODAY": DEMO_DAY,
           "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(command, env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=CHILD_TIMEOUT_S)
    for line in result.stdout.splitlines():
        if line.startswith("result "):
            return json.loads(line[len("result "):])
    raise SystemExit(f"child on {station} failed (exit {result.returncode}):\n"
                     f"{result.stdout[-2000:]}\n{result.stderr[-3000:]}")


def names(station: Path, n: int) -> list[str]:
    """Two-character starts of ``n`` worker names of the station (deterministic)."""
    import random
    import sqlite3

    db = sqlite3.connect(f"file:{station / 'tiaojie.db'}?mode=ro", uri=True)
    try:
        pool = [r[0] for r in db.execute(
            "SELECT name FROM parties WHERE kind = 'worker' AND length(name) >= 2 "
            "ORDER BY case_pk, position LIMIT 5000")]
    finally:
        db.close()
    rng = random.Random(42)
    return [name[:2] for name in rng.sample(pool, min(n, len(pool)))] or ["王芳"]


def main(args: argparse.Namespace) -> None:
    from common import default_root, demo_station, median, ratio_line

    big = demo_station(args.root or default_root("desktop", args.cases), args.cases).root
    small = demo_station(default_root("desktop", 1), 1).root
    # A station of one full page: the same screen of rows to draw as the big one, so the
    # ratio against it shows what the station's size costs (against 1 case, most of the
    # difference is Qt drawing a screen of Chinese text rather than one line).
    page_size = min(FULL_PAGE, args.cases)
    full = demo_station(default_root("desktop", page_size), page_size).root
    terms = names(big, args.terms)
    spawn(small), spawn(full), spawn(big)  # warm-up: files into the page cache
    paints: dict[str, list[dict]] = {"small": [], "full": [], "big": []}
    for _ in range(args.repeat):
        paints["small"].append(spawn(small))
        paints["full"].append(spawn(full))
        paints["big"].append(spawn(big))
    work = {"small": spawn(small, terms), "big": spawn(big, terms)}

    def med(name: str, key: str) -> float:
        return median([float(r[key]) for r in paints[name]])

    def growth(name: str) -> float:
        return median([r["rss_paint"] - r["rss_before"] for r in paints[name]])

    def spread(name: str, key: str) -> str:
        values = [float(r[key]) for r in paints[name]]
        return f"{min(values):.0f}–{max(values):.0f}"

    big_paint, small_paint = med("big", "first_paint"), med("small", "first_paint")
    print(f"case list benchmark: {args.cases} cases vs 1 case, offscreen {WIDTH}×{HEIGHT}, "
          f"median of {args.repeat} processes each (ms)")
    print(f"  first paint, {args.cases:>7} cases ({paints['big'][0]['rows']} rows)   "
          f"{big_paint:8.1f}   ({spread('big', 'first_paint')})")
    print(f"  first paint, 1 case                    {small_paint:8.1f}   "
          f"({spread('small', 'first_paint')})")
    full_paint = med("full", "first_paint")
    print(f"  first paint, {page_size:>7} cases (a full page)  {full_paint:8.1f}   "
          f"({spread('full', 'first_paint')})")
    print(f"  … of which building and showing, {args.cases} / 1  "
          f"{med('big', 'built'):8.1f} / {med('small', 'built'):.1f}")
    print(f"  … until the count is shown, {args.cases} / 1  "
          f"{med('big', 'count_shown'):8.1f} / {med('small', 'count_shown'):.1f}")
    print(f"  RSS before the page, {args.cases} / 1        "
          f"{med('big', 'rss_before'):6.1f} / {med('small', 'rss_before'):.1f} MiB")
    print(f"  RSS growth to first paint, {args.cases} / 1  "
          f"{growth('big'):6.1f} / {growth('small'):.1f} MiB")
    print(f"  RSS at first paint, {args.cases} minus 1 case  "
          f"{med('big', 'rss_paint') - med('small', 'rss_paint'):6.1f} MiB (target ≤ +80)")

    print("  search, per keystroke (debounce not included; median / max, ms):")
    for name, label in (("big", f"{args.cases} cases"), ("small", "1 case")):
        strokes = work[name]["keystrokes"]
        for length in (1, 2):
            sel = [k for k in strokes if len(k["text"]) == length]
            if not sel:
                continue

            def stat(key: str, sel: list = sel) -> str:
                values = [float(k[key]) for k in sel]
                return f"{median(values):6.1f} / {max(values):6.1f}"

            print(f"    {label:>13}, {length} char: query + model {stat('model')}   "
                  f"painted {stat('paint')}   count shown {stat('count')}   "
                  f"hits median {median([k['hits'] for k in sel]):.0f}")
    print("  sort, click to painted (median of 5, ms):")
    for name, label in (("big", f"{args.cases} cases"), ("small", "1 case")):
        s = work[name]["sorts"]
        print(f"    {label:>13}: 下一期限 {median(s['due']):7.1f}   back to 收案日期 "
              f"{median(s['received']):7.1f}   下一期限 with 1-char search "
              f"{median(s['due_searched']):7.1f}")
    for name, label in (("big", f"{args.cases} cases"), ("small", "1 case")):
        s = work[name]["scroll"]
        pages = s["pages"] or [0.0]
        p90 = sorted(pages)[int(0.9 * (len(pages) - 1))]
        print(f"  scroll to the end, {label}: {s['rows']} rows in {s['ms'] / 1000:.2f} s, "
              f"{len(s['pages'])} page queries (median {median(pages):.2f} ms, p90 {p90:.2f}, "
              f"first {pages[0]:.2f}, last {pages[-1]:.2f}, max {max(pages):.2f}), RSS "
              f"{s['rss_before']:.0f} → {s['rss_after']:.0f} MiB "
              f"(+{s['rss_after'] - s['rss_before']:.0f}); fetched by hand {s['by_hand']}")
    print(ratio_line(f"case list first paint {args.cases} vs {page_size} cases (time)",
                     big_paint / max(full_paint, 1e-3)))
    print(ratio_line(f"case list first paint {args.cases} vs 1 case (time, target 1.2)",
                     big_paint / max(small_paint, 1e-3)))


if __name__ == "__main__":
    if ARGS.child:
        run_child(ARGS)
    main(ARGS)
