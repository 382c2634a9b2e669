"""County service tests: a real PostgreSQL server and a real headless browser (no mocks).

The servers start once per session and only when a test asks for them; see tests/servers.py
for the skip-or-fail rule when they are not installed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest

from tests.servers import PgServer, chromium_browser, entered


@pytest.fixture(scope="session")
def pg_url(pg_server: PgServer) -> str:
    """URL of the session's database (psycopg 3 accepts it as is)."""
    return pg_server.url()


@pytest.fixture
def pg_db_url(pg_server: PgServer) -> Iterator[str]:
    """URL of a fresh, empty database for one test, dropped afterwards."""
    name = pg_server.create_database()
    try:
        yield pg_server.url(name)
    finally:
        pg_server.drop_database(name)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium under Selenium 4, shared by the session."""
    with contextlib.ExitStack() as stack:
        yield entered(stack, chromium_browser())
