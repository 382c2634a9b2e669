"""What the ``tiaojie-county`` hostile tests share (fixtures and helpers): the command line
run as a real subprocess, the one-bilingual-line check, county folders on SQLite and
PostgreSQL, and a folder that cannot be written (a real tmpfs where the tests run as root)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from county import cli as county_cli
from county.service import County
from desktop.sync import keys
from tests.county.test_console import (
    PASSWORDS,
    enrol,
)

ROOT = Path(__file__).resolve().parents[3]
COUNTY_PASS = "county-pass-1"
STATION_PASS = "station-pass-1"
S01, S02 = "S01", "S02"
HOSTILE = ('=HYPERLINK("http://evil","x")', "@SUM(1+1)", "+1-2", "-3+4", "\tTAB", "\rCR")


@dataclass
class Run:
    code: int
    out: str
    err: str


def tj(home: Path, *argv: str, stdin: str = "", env: dict[str, str] | None = None,
       cwd: Path | None = None, **popen: Any) -> Run:
    """``tiaojie-county ARGV…`` in its own process; never a traceback."""
    environ = {**os.environ, "TIAOJIE_COUNTY_HOME": str(home),
               "TIAOJIE_COUNTY_PASSPHRASE": COUNTY_PASS, "PYTHONPATH": str(ROOT),
               **(env or {})}
    environ.pop(county_cli.DEBUG_ENV, None)
    environ.pop(county_cli.ADMIN_PASSWORD_ENV, None)
    done = subprocess.run([sys.executable, "-m", "county.cli", *argv], input=stdin,
                          capture_output="stdout" not in popen, text=True, env=environ,
                          cwd=cwd or ROOT, timeout=120, **popen)
    run = Run(done.returncode, done.stdout or "", done.stderr or "")
    assert "Traceback" not in run.err, run.err
    return run


def bilingual(run: Run, code: int, *parts: str) -> None:
    """One ``错误 error: 中文 / English`` line with the given exit code and words."""
    assert run.code == code, (run.code, run.out, run.err)
    lines = [line for line in run.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("错误 error: ") and " / " in lines[0], \
        run.err
    for part in parts:
        assert part in lines[0], (part, lines[0])


@pytest.fixture(params=["sqlite", "postgresql"])
def county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[County]:
    """A county folder with two stations, S01 enrolled (its keys on ``county.s01``)."""
    url = request.getfixturevalue("pg_db_url") if request.param == "postgresql" else None
    c = County.init(tmp_path / "county", county_id="370100", name="测试县劳动人事争议仲裁院",
                    url=None, passphrase=COUNTY_PASS, db_url=url)
    for login in ("admin", "clerk", "viewer"):
        c.add_clerk(login, login, login, PASSWORDS[login], "system")
    c.add_station(S01, "王舍人街道调解中心", "test")
    c.add_station(S02, "华山街道调解中心", "test")
    pairs = keys.KeyPairs.generate()
    enrol(c, S01, pairs)
    c.s01 = pairs  # type: ignore[attr-defined]
    yield c
    c.store.close()


@pytest.fixture
def sqlite_county(tmp_path: Path) -> Iterator[County]:
    c = County.init(tmp_path / "county", county_id="370100", name="测试县劳动人事争议仲裁院",
                    url=None, passphrase=COUNTY_PASS)
    c.add_station(S01, "王舍人街道调解中心", "test")
    yield c
    c.store.close()


@contextlib.contextmanager
def unwritable(folder: Path, *, full: bool) -> Iterator[tuple[Path, bool]]:
    """A folder that takes no new file: a tmpfs mount that is full (``full``) or read-only,
    where the tests run as root; else a folder without write permission."""
    folder.mkdir()
    mounted = False
    if os.geteuid() == 0 and shutil.which("mount"):
        options = "size=64k" if full else "size=64k,ro"
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs",
                                  str(folder)], capture_output=True).returncode == 0
    try:
        if mounted and full:
            (folder / "收案.xlsx").write_bytes(b"the report exported last week")
            with contextlib.suppress(OSError), open(folder / "filler", "wb", buffering=0) as f:
                while True:
                    f.write(b"\0" * 4096)
        elif not mounted:
            if os.geteuid() == 0:  # root writes anywhere: a place no file can be made
                folder.rmdir()
                folder = Path("/proc/tiaojie-no-such-folder")
            else:
                (folder / "收案.xlsx").write_bytes(b"the report exported last week")
                folder.chmod(0o555)
        yield folder, mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        elif folder.is_dir() and not str(folder).startswith("/proc"):
            folder.chmod(0o755)
