"""``bench/sync.py`` at a tiny size: every part measured (build, ingest on SQLite and, where
the server programs are installed, PostgreSQL, end to end over HTTPS), each with its floor,
its target and a verdict.  ``test_bench_smoke.py`` covers the common contract.

PostgreSQL is a throwaway cluster started here and named to the script by
``TIAOJIE_BENCH_PG_URL`` (``--pg`` starts the same kind of cluster itself, in ``$TMPDIR``,
which the server's own account could not enter under pytest's private folders)."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import ServerMissing, postgres_server, servers_required

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "sync.py"


@pytest.fixture
def pg_url() -> Iterator[str | None]:
    """A throwaway PostgreSQL server's URL, or None where the programs are missing (a
    failure instead where the servers are required)."""
    with contextlib.ExitStack() as stack:
        try:
            url: str | None = stack.enter_context(postgres_server()).url()
        except ServerMissing as e:
            if servers_required():
                pytest.fail(f"{e} (TIAOJIE_REQUIRE_SERVERS=1)", pytrace=False)
            url = None
        yield url


def test_sync_bench_measures_every_part_against_its_target(tmp_path: Path,
                                                           pg_url: str | None) -> None:
    pg = pg_url is not None
    env = {**os.environ, "TMPDIR": str(tmp_path), "TEMP": str(tmp_path), "TMP": str(tmp_path),
           "TIAOJIE_HOME": str(tmp_path / "home"), "PYTHONIOENCODING": "utf-8"}
    env.pop("TIAOJIE_BENCH_PG_URL", None)
    if pg_url:
        env["TIAOJIE_BENCH_PG_URL"] = pg_url
    result = subprocess.run([sys.executable, str(SCRIPT), "--cases", "3"], env=env,
                            cwd=tmp_path, capture_output=True, text=True, encoding="utf-8",
                            timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "sync benchmark: 3 cases" in out
    parts = ["build (MiB/s of JSON) vs AES-256-GCM", "ingest SQLite (records/s)",
             "end to end over HTTPS (cases/s)"] + (["ingest PostgreSQL"] if pg else [])
    for part in parts:
        line = next((ln for ln in out.splitlines() if ln.startswith(part)), None)
        assert line is not None, (part, out)
        assert re.search(r"\s(met|NOT met)$", line), line
    assert re.search(r"bytes on the wire per case \(up \+ down\)\s+[\d,]+ ", out), out
    ratios = re.findall(r"^ratio ([^:\n]+): (\d+\.\d+)x$", out, re.MULTILINE)
    names = {name for name, _ in ratios}
    assert {"build vs raw AES-GCM", "ingest SQLite vs raw executemany",
            "end to end cases/s against the 5,000 target"} <= names, out
    assert ("ingest PostgreSQL vs raw executemany" in names) == pg
    assert all(float(value) > 0 for _, value in ratios), out
    # Files only under $TMPDIR: the demo station it built and nothing else around.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == [
        "tiaojie-bench-sync-3"]
