"""The real ``tiaojie`` process on a real X server (Xvfb): the login window appears."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.paths import Paths
from desktop.services.demo import create_demo

NEEDED = ("Xvfb", "xwininfo")


def _tools_or_skip() -> None:
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing and os.environ.get("CI"):
        pytest.fail(f"CI must install {missing} (.ci/run)")
    if missing:
        pytest.skip(f"needs {missing}")


@pytest.fixture
def display():
    _tools_or_skip()
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0",
                               "1366x768x24", "-nolisten", "tcp"], pass_fds=(write,),
                              stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def _windows(display: str) -> str:
    return subprocess.run(["xwininfo", "-root", "-tree", "-display", display],
                          capture_output=True, text=True, timeout=10).stdout


def test_tiaojie_opens_its_login_window_on_a_real_display(display, tmp_path: Path):
    create_demo(Paths(tmp_path / "station"), cases=5)
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "TIAOJIE_HOME": str(tmp_path / "station")}
    app = subprocess.Popen([sys.executable, "-m", "desktop.cli"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, seen = time.monotonic() + 30, ""
        while time.monotonic() < deadline and app.poll() is None:
            seen = _windows(display)
            if "登录 — 调解台" in seen:
                break
            time.sleep(0.3)
        assert app.poll() is None, app.stdout.read() if app.stdout else ""
        assert "登录 — 调解台" in seen, seen
    finally:
        app.terminate()
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
