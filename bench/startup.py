"""Starting the desktop: process start to a usable login window, and login to a filled
dashboard, on a demo station.

Usage: python bench/startup.py --cases 100000 [--repeat 7] [--xvfb] [--root DIR]

Each measurement is a fresh child process, timed from just before the parent spawns it
(``time.monotonic``, one clock for every process on the machine) to a mark the child prints:

* **tiaojie** — the child runs ``tiaojie --data-dir <station>`` the way ``python -m desktop.cli``
  does (``desktop.cli.main``: argument checks, logging, ``desktop.ui.app.run``: font,
  translation, opening the station, the login window).  Before that it only creates the
  ``QApplication`` that ``desktop.ui.app.application()`` then adopts, and installs an event
  filter on it: the login window counts as usable when its first paint has been delivered and
  the event loop has come round once more (a zero timer fired after that paint).
* **baseline** — a bare PySide6 process showing an empty ``QWidget``, detected the same way.
* **login → dashboard** — in the same tiaojie child, the driver types the demo mediator's
  login into the app's own login window and presses 登录; from the moment the dialog is
  accepted (the password checked) to the main window painted with the dashboard's figures, and
  to every background read started by the main window (dashboard, the case list's count)
  finished.  Also measured on a 1-case station as the baseline.

Runs alternate between the kinds; one warm-up round is discarded; medians are printed.
Qt runs on the ``offscreen`` platform, or on a private Xvfb server with ``--xvfb``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

LOGIN, PASSWORD = "mediator", "demo-mediator-2026"  # the demo station's mediator
DEMO_DAY = "2026-11-22"  # common.BENCH_TODAY, the day the demo stations are built for
CHILD_TIMEOUT_S = 90


def arguments() -> argparse.Namespace:
    """The command line, read before the project (and its dependencies) is imported,
    so ``--help`` and a wrong size answer from any Python."""
    from common import desktop_parser

    parser = desktop_parser(__doc__, 7, "caselist.py")
    parser.add_argument("--xvfb", action="store_true",
                        help="run the children on a private Xvfb server instead of offscreen")
    # The child processes (not for people).
    parser.add_argument("--child", choices=("app", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--log-in", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cases < 1 or args.repeat < 1:
        parser.error("--cases and --repeat must be at least 1")
    return args


ARGS = arguments() if __name__ == "__main__" else None


# -- the child processes ------------------------------------------------------------------


def _mark(name: str) -> None:
    print(f"mark {name} {time.monotonic():.6f}", flush=True)


def child(args: argparse.Namespace) -> int:
    """Run in the spawned process: the app (or a bare widget) with marks on stdout."""
    _mark("interpreter")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

    # desktop.ui.app.application() adopts this instance (it creates one only if none exists).
    app = QApplication([sys.argv[0]])

    class Watch(QObject):
        """Marks the first paint of the login window (or the bare widget), drives the login
        and marks the main window's dashboard painted and its background reads done."""

        def __init__(self, first: str) -> None:
            super().__init__()
            self.first, self.first_seen = first, False
            self.window: QWidget | None = None
            self.dashboard_painted = self.finished = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() != QEvent.Type.Paint or not isinstance(obj, QWidget):
                return False
            top = obj.window()
            if not self.first_seen and top.objectName() == self.first:
                self.first_seen = True
                QTimer.singleShot(0, lambda: self.shown(top))
            elif top.objectName() == "mainWindow":
                self.main_painted(top, obj)
            return False

        def shown(self, top: QWidget) -> None:
            _mark("shown")
            if args.child == "bare":
                top.close()
            elif not args.log_in:
                top.reject()  # type: ignore[attr-defined] - the LoginDialog
            else:
                top.login_edit.setText(LOGIN)  # type: ignore[attr-defined]
                top.password_edit.setText(PASSWORD)  # type: ignore[attr-defined]
                top.accepted.connect(lambda: _mark("accepted"))  # type: ignore[attr-defined]
                top.buttons.button(  # type: ignore[attr-defined]
                    QDialogButtonBox.StandardButton.Ok).click()

        def main_painted(self, window: QWidget, obj: QWidget) -> None:
            if self.window is None:
                self.window = window
                _mark("main_painted")
                window.tasks.running_changed.connect(  # type: ignore[attr-defined]
                    lambda _n: self.check())
            dashboard = window.dashboard  # type: ignore[attr-defined]
            if (not self.dashboard_painted and dashboard.data is not None
                    and (obj is dashboard or dashboard.isAncestorOf(obj))):
                self.dashboard_painted = True
                QTimer.singleShot(0, lambda: (_mark("dashboard_painted"), self.check()))

        def check(self) -> None:
            window = self.window
            if (self.finished or window is None or not self.dashboard_painted
                    or window.tasks.running):  # type: ignore[attr-defined]
                return
            self.finished = True
            QTimer.singleShot(0, lambda: (_mark("idle"), window.close()))

    watch = Watch("bare" if args.child == "bare" else "loginDialog")
    app.installEventFilter(watch)
    if args.child == "bare":
        widget = QWidget()
        widget.setObjectName("bare")
        widget.show()
        return app.exec()
    from desktop.cli import main

    return main(["--data-dir", args.data_dir])


# -- the parent ---------------------------------------------------------------------------


class Xvfb:
    """A private X server for the children (like tests/ui/test_real_window.py)."""

    def __enter__(self) -> str:
        import subprocess

        read, write = os.pipe()
        self.server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten",
             "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise SystemExit("Xvfb did not start")
        return f":{number}"

    def __exit__(self, *exc: object) -> None:
        self.server.terminate()
        self.server.wait(timeout=10)


def spawn(kind: str, env: dict[str, str], data_dir: Path | None = None,
          log_in: bool = False) -> dict[str, float]:
    """One child; the milliseconds from just before spawning it to each of its marks."""
    import subprocess

    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    if log_in:
        command.append("--log-in")
    start = time.monotonic()
    result = subprocess.run(command, env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=CHILD_TIMEOUT_S)
    marks = {}
    for line in result.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "mark":
            marks[parts[1]] = (float(parts[2]) - start) * 1000
    wanted = {"interpreter", "shown"} | ({"accepted", "dashboard_painted", "idle"}
                                         if log_in else set())
    if result.returncode != 0 or not wanted <= marks.keys():
        raise SystemExit(f"{kind} child failed (exit {result.returncode}, marks "
                         f"{sorted(marks)}):\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return marks


def main(args: argparse.Namespace) -> None:
    import tempfile

    from common import default_root, demo_station, median, ratio_line

    big = demo_station(args.root or default_root("desktop", args.cases), args.cases).root
    small = demo_station(default_root("desktop", 1), 1).root
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TIAOJIE_TODAY": DEMO_DAY,
           "PYTHONIOENCODING": "utf-8"}
    env.pop("TIAOJIE_HOME", None)  # --data-dir names the station
    # Bytecode as an installed program has it: compiled once (in the warm-up round), kept
    # under $TMPDIR rather than beside the sources, whatever PYTHONDONTWRITEBYTECODE says.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "tiaojie-bench-pycache")
    runs: dict[str, list[dict[str, float]]] = {"bare": [], "big": [], "small": []}

    def round_of_runs(keep: bool) -> None:
        for name, marks in (("bare", spawn("bare", env)),
                            ("big", spawn("app", env, big, log_in=True)),
                            ("small", spawn("app", env, small, log_in=True))):
            if keep:
                runs[name].append(marks)

    def measure() -> None:
        round_of_runs(keep=False)  # warm-up: the files in the page cache, .pyc written
        for _ in range(args.repeat):
            round_of_runs(keep=True)

    platform = "offscreen"
    if args.xvfb:
        with Xvfb() as display:
            env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
            platform = f"Xvfb ({display}, xcb)"
            measure()
    else:
        measure()

    def med(name: str, mark: str, since: str | None = None) -> float:
        return median([r[mark] - (r[since] if since else 0) for r in runs[name]])

    def spread(name: str, mark: str, since: str | None = None) -> str:
        values = [r[mark] - (r[since] if since else 0) for r in runs[name]]
        return f"{min(values):.0f}–{max(values):.0f}"

    bare, ours, ours_small = med("bare", "shown"), med("big", "shown"), med("small", "shown")
    to_dash = med("big", "dashboard_painted", "accepted")
    to_idle, to_idle_small = med("big", "idle", "accepted"), med("small", "idle", "accepted")
    print(f"startup benchmark: {args.cases} cases, {platform}, median of {args.repeat} runs "
          "(ms, from spawning the process)")
    print(f"  bare PySide6, empty QWidget painted         {bare:8.0f}   "
          f"({spread('bare', 'shown')})")
    print(f"    of which the interpreter up               {med('bare', 'interpreter'):8.0f}")
    print(f"  tiaojie login window painted, {args.cases:>7} cases {ours:8.0f}   "
          f"({spread('big', 'shown')})")
    print(f"    of which the interpreter up               {med('big', 'interpreter'):8.0f}")
    print(f"  tiaojie login window painted, 1 case        {ours_small:8.0f}   "
          f"({spread('small', 'shown')})")
    print(f"  login accepted → main window painted        "
          f"{med('big', 'main_painted', 'accepted'):8.0f}")
    print(f"  login accepted → dashboard painted          {to_dash:8.0f}   "
          f"({spread('big', 'dashboard_painted', 'accepted')})")
    print(f"  login accepted → background reads done      {to_idle:8.0f}   "
          f"({spread('big', 'idle', 'accepted')})")
    print(f"  the same on a 1-case station                {to_idle_small:8.0f}   "
          f"({spread('small', 'idle', 'accepted')})")
    print(f"  targets: login window ≤ 1.5× bare ({ours / bare:.2f}×), login → dashboard "
          f"< 1000 ms ({to_idle:.0f} ms)")
    print(ratio_line("login window vs bare PySide6 window (time, target 1.5)", ours / bare))
    print(ratio_line(f"login to dashboard {args.cases} vs 1 case (time)",
                     to_idle / max(to_idle_small, 1e-3)))


if __name__ == "__main__":
    if ARGS.child:
        sys.exit(child(ARGS))
    main(ARGS)
