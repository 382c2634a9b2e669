"""Shared fixtures: a fresh data folder per test, a real station, real users."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop import cli
from desktop.paths import Paths
from desktop.services import auth
from desktop.services.auth import User
from desktop.services.cases import CaseService
from desktop.services.station import Station, init_station, open_station
from tests.servers import PgServer, entered, postgres_server

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 22)
ADMIN_PASSWORD = "admin-pass-1"
MEDIATOR_PASSWORD = "mediator-pass-1"
VIEWER_PASSWORD = "viewer-pass-1"
MEDIATOR = ("mediator", MEDIATOR_PASSWORD)
ADMIN = ("admin", ADMIN_PASSWORD)
VIEWER = ("viewer", VIEWER_PASSWORD)
TEST_SCRYPT_N = 2**4

# Test-only: new password hashes in this process use scrypt N=16 instead of 2**15 (the
# parameters are stored in each hash, so verification is the real code path).  The
# production parameters are covered by tests/services/test_kdf_params.py; subprocesses
# started by tests (the console script, bench/) hash with the production parameters.
auth.use_test_kdf(TEST_SCRYPT_N)


@pytest.fixture
def production_kdf():
    """Hash new passwords with the production parameters for the duration of one test."""
    auth.use_test_kdf(None)
    try:
        yield auth.kdf_params()
    finally:
        auth.use_test_kdf(TEST_SCRYPT_N)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's real data folder or depends on the real date."""
    monkeypatch.setenv("TIAOJIE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TIAOJIE_TODAY", TODAY.isoformat())
    monkeypatch.delenv("TIAOJIE_USER", raising=False)
    monkeypatch.delenv("TIAOJIE_PASSWORD", raising=False)


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "home")


@pytest.fixture(scope="session")
def station_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A training station set up once per run (password hashing is deliberately slow);
    training stations may pin the day, which the tests do."""
    root = tmp_path_factory.mktemp("template")
    st = init_station(Paths(root), name="历城区王舍人街道劳动人事争议调解中心",
                      short_name="王舍人", org_type="township_center", admin_login="admin",
                      admin_password=ADMIN_PASSWORD, division_code="370112", is_demo=True)
    admin = User("admin", "admin", "admin")
    auth.add_user(st.store, admin, "mediator", "mediator", MEDIATOR_PASSWORD)
    auth.add_user(st.store, admin, "viewer", "viewer", VIEWER_PASSWORD)
    st.close()
    return root


@pytest.fixture
def station(paths: Paths, station_template: Path) -> Station:
    """A fresh copy of the template station, opened."""
    shutil.copytree(station_template, paths.root)
    st = open_station(paths, accept_location=True)  # a copy of the template, on purpose
    yield st
    st.close()


@pytest.fixture
def admin() -> User:
    return User("admin", "admin", "admin")


@pytest.fixture
def mediator() -> User:
    return User("mediator", "mediator", "mediator")


@pytest.fixture
def viewer() -> User:
    return User("viewer", "viewer", "viewer")


@pytest.fixture
def service(station: Station) -> CaseService:
    return CaseService(station)


@pytest.fixture
def collective_doc() -> dict[str, Any]:
    """The documented example: twelve migrant workers' unpaid wages (docs/case-format.md)."""
    text = (ROOT / "docs" / "examples" / "collective-wages.json").read_text(encoding="utf-8")
    return json.loads(text)


@pytest.fixture
def single_doc(collective_doc: dict[str, Any]) -> dict[str, Any]:
    """One worker against one employer."""
    doc = copy.deepcopy(collective_doc)
    worker = {k: v for k, v in doc["applicants"][0].items() if k != "representative"}
    doc["applicants"] = [worker]
    doc["respondents"] = doc["respondents"][:1]
    doc["claims"] = [{"item": "支付拖欠工资", "amount_fen": 1_600_000}]
    doc["summary"] = "申请人在被申请人处从事钢筋工作，被申请人拖欠工资未付。"
    return doc


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run ``tiaojie`` in-process with optional stdin and login."""

    def run(*argv: str, stdin: str = "", login: tuple[str, str] | None = None) -> CliResult:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        if login:
            monkeypatch.setenv("TIAOJIE_USER", login[0])
            monkeypatch.setenv("TIAOJIE_PASSWORD", login[1])
        else:
            monkeypatch.delenv("TIAOJIE_USER", raising=False)
            monkeypatch.delenv("TIAOJIE_PASSWORD", raising=False)
        capsys.readouterr()
        # In-process runs never open the desktop (it would wait for a person forever).
        monkeypatch.setattr("desktop.cli.launch.desktop", _no_desktop)
        code = cli.main(list(argv))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def _no_desktop(args: object) -> int:
    raise AssertionError("run_cli() without a subcommand would open the desktop; "
                         "use run_cli('status') for the station summary")


@pytest.fixture
def logins() -> dict[str, tuple[str, str]]:
    """Login/password pairs of the fixture station's accounts."""
    return {"admin": ADMIN, "mediator": MEDIATOR, "viewer": VIEWER}


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A throwaway PostgreSQL cluster on a free loopback port, stopped at session end."""
    with contextlib.ExitStack() as stack:
        yield entered(stack, postgres_server())
