"""Every script in ``bench/`` imports and runs at a tiny size (so none can rot unnoticed).

The scripts are found with a glob: a new benchmark is covered as soon as it is added.
Each runs in its own interpreter, as a person runs it, with the contract written in
``bench/common.py``: a ``--cases`` size argument, files only under ``$TMPDIR``, and a
closing ``ratio <name>: <x>x`` line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
SCRIPTS = sorted(p for p in BENCH.glob("*.py") if p.name != "common.py")
RATIO = re.compile(r"^ratio [^:\n]+: \d+(\.\d+)?x$", re.MULTILINE)
TINY = "12"


def test_the_glob_finds_the_benchmarks():
    names = {p.stem for p in SCRIPTS}
    assert {"intake", "search"} <= names, names


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_bench_script_runs_at_a_tiny_size(script: Path, tmp_path: Path):
    env = {**os.environ, "TMPDIR": str(tmp_path), "TEMP": str(tmp_path), "TMP": str(tmp_path),
           "TIAOJIE_HOME": str(tmp_path / "home"), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, str(script), "--cases", TINY], env=env,
                            cwd=tmp_path, capture_output=True, text=True, encoding="utf-8",
                            timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert RATIO.search(result.stdout), result.stdout[-3000:]


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_help_works_from_a_bare_checkout(script: Path, tmp_path: Path):
    """``--help`` answers from a Python without site-packages: neither the package nor any
    of its dependencies installed (-S)."""
    result = subprocess.run([sys.executable, "-S", str(script), "--help"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "--cases" in result.stdout


def test_size_argument_is_checked(tmp_path: Path):
    for script in SCRIPTS:
        result = subprocess.run([sys.executable, str(script), "--cases", "0"],
                                env={**os.environ, "TMPDIR": str(tmp_path)},
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2 and "--cases" in result.stderr, script.name
