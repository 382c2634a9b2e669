"""Real servers for the county service's tests: a throwaway PostgreSQL cluster and headless
Chromium driven by Selenium.

Nothing here is mocked and nothing is downloaded: PostgreSQL comes from Debian's
``postgresql`` package, the browser from ``chromium`` and ``chromium-driver``.  When one of
them is missing the fixtures skip, or fail when ``TIAOJIE_REQUIRE_SERVERS=1`` (CI sets it),
so that a CI machine without them cannot pass by skipping.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import pytest

T = TypeVar("T")

REQUIRE_ENV = "TIAOJIE_REQUIRE_SERVERS"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PG_USER = "tiaojie"
PG_DATABASE = "tiaojie"
# Environment variables through which libpq and the server's tools would pick up the
# developer's own settings instead of the throwaway cluster's.
_PG_ENV = ("PGHOST", "PGHOSTADDR", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGDATA",
           "PGSERVICE", "PGSERVICEFILE", "PGPASSFILE", "PGOPTIONS", "PGSSLMODE")


class ServerMissing(RuntimeError):
    """A server program the tests need is not installed."""


def servers_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") == "1"


def missing(reason: str) -> NoReturn:
    """Skip the test, or fail it where the servers are required (CI)."""
    if servers_required():
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1)", pytrace=False)
    pytest.skip(reason)


def entered(stack: contextlib.ExitStack, server: contextlib.AbstractContextManager[T]) -> T:
    """A server's context entered on ``stack``, or the test skipped (failed in CI) with the
    reason it is missing — raised outside the except block: no chained traceback."""
    try:
        return stack.enter_context(server)
    except ServerMissing as e:
        reason = str(e)
    missing(reason)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now (another process may still take it later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


# --- PostgreSQL --------------------------------------------------------------------------


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path.parent.name))


def find_pg_bin() -> Path:
    """The directory holding initdb, pg_ctl and postgres: Debian's newest
    /usr/lib/postgresql/<ver>/bin, else wherever ``pg_ctl`` on PATH really lives."""
    tools = ("initdb", "pg_ctl", "postgres")
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key,
                        reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for d in candidates:
        if all(os.access(d / t, os.X_OK) for t in tools):
            return d
    raise ServerMissing("PostgreSQL server programs (initdb, pg_ctl, postgres) not found; "
                        "install Debian's postgresql package")


def _server_account() -> pwd.struct_passwd | None:
    """The account that runs the cluster: PostgreSQL refuses to run as root, so under root
    the ``postgres`` system user (made by Debian's package), else ``nobody``; otherwise the
    current user (None)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise ServerMissing("running as root and neither a postgres nor a nobody user exists")


@dataclass(frozen=True)
class PgServer:
    host: str
    port: int
    user: str
    password: str
    database: str
    data_dir: Path

    def url(self, database: str | None = None) -> str:
        return (f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/"
                f"{database or self.database}")

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database and return its name."""
        import psycopg
        from psycopg import sql

        name = name or f"t_{secrets.token_hex(6)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return name

    def drop_database(self, name: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            # FORCE ends connections a test left open (PostgreSQL 13+).
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                         .format(sql.Identifier(name)))


@contextlib.contextmanager
def postgres_server() -> Iterator[PgServer]:
    """Start a PostgreSQL cluster in a temporary folder on a free loopback port, with one
    password user and one database; stop it and delete the folder afterwards.

    Raises ServerMissing when the server programs are not installed."""
    bin_dir = find_pg_bin()
    account = _server_account()
    run_as: dict[str, Any] = {}
    if account is not None:
        run_as = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
    env = {k: v for k, v in os.environ.items() if k not in _PG_ENV}
    env["LC_ALL"] = "C"
    if account is not None:
        env["HOME"] = account.pw_dir

    base = Path(tempfile.mkdtemp(prefix="tiaojie-pg-"))
    data, sock, log = base / "data", base / "sock", base / "server.log"
    sock.mkdir()
    password = secrets.token_urlsafe(16)
    pwfile = base / "pwfile"
    pwfile.write_text(password + "\n", encoding="utf-8")
    if account is not None:
        for p in (base, sock, pwfile):
            os.chown(p, account.pw_uid, account.pw_gid)

    def run(*args: str | Path, timeout: float = 60) -> None:
        proc = subprocess.run([str(a) for a in args], env=env, cwd=base, capture_output=True,
                              text=True, timeout=timeout, **run_as)
        if proc.returncode != 0:
            server_log = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(f"{Path(str(args[0])).name} failed ({proc.returncode}):\n"
                               f"{proc.stdout}{proc.stderr}{server_log}")

    started = False
    try:
        run(bin_dir / "initdb", "-D", data, "-U", PG_USER, f"--pwfile={pwfile}",
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale",
            "--no-sync")
        # Another process may take the free port between the check and the start: retry.
        for attempt in range(3):
            port = free_port()
            opts = (f"-k {sock} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off")
            try:
                run(bin_dir / "pg_ctl", "-D", data, "-l", log, "-w", "-t", "30", "-o", opts,
                    "start")
                started = True
                break
            except RuntimeError:
                if attempt == 2:
                    raise
                time.sleep(0.2)
        server = PgServer("127.0.0.1", port, PG_USER, password, PG_DATABASE, data)
        server.create_database(PG_DATABASE)
        yield server
    finally:
        if started:
            # Immediate: a throwaway cluster needs no checkpoint at shutdown.
            with contextlib.suppress(Exception):
                run(bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


# --- Chromium ----------------------------------------------------------------------------


@contextlib.contextmanager
def chromium_browser() -> Iterator[Any]:
    """Headless Debian Chromium under Selenium; quit and delete its profile afterwards.

    Raises ServerMissing when chromium, chromedriver or selenium is not installed."""
    for program, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(program, os.X_OK):
            raise ServerMissing(f"{program} not found; install Debian's {package} package")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:
        raise ServerMissing("selenium is not installed (pip install -e '.[dev]')") from e

    profile = tempfile.mkdtemp(prefix="tiaojie-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(arg)
    # The county test server runs on loopback with a self-signed certificate: accept it
    # through the WebDriver capability rather than --ignore-certificate-errors.
    options.accept_insecure_certs = True
    # An explicit driver path: Selenium Manager is never run, so nothing is downloaded.
    service = Service(executable_path=str(CHROMEDRIVER))
    driver = None
    try:
        driver = webdriver.Chrome(service=service, options=options)
        driver.set_page_load_timeout(30)
        yield driver
    finally:
        if driver is not None:
            with contextlib.suppress(Exception):
                driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
