"""The county test plumbing works: PostgreSQL stores Chinese text, the browser reads and
clicks a page served over loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>调解台</title></head>
<body>
<p id="status">待调解</p>
<button id="done" type="button"
        onclick="document.getElementById('status').textContent = '调解成功'">结案</button>
</body></html>
""".encode()


class _PageHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def page_url() -> Iterator[str]:
    # Port 0: the kernel picks a free loopback port, so no other process can take it first.
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _PageHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_postgres_stores_chinese(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE smoke (id serial PRIMARY KEY, name text NOT NULL)")
        conn.execute("INSERT INTO smoke (name) VALUES (%s)", ("劳动争议调解委员会",))
        row = conn.execute("SELECT name FROM smoke").fetchone()
        assert conn.info.encoding == "utf-8"
        conn.rollback()  # leave the session database as it was
    assert row == ("劳动争议调解委员会",)


def test_fresh_database_per_test(pg_db_url: str, pg_url: str) -> None:
    assert pg_db_url != pg_url
    with psycopg.connect(pg_db_url) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)


def test_browser_reads_and_clicks(browser, page_url: str) -> None:
    browser.get(page_url)
    assert browser.title == "调解台"
    assert browser.find_element(By.ID, "status").text == "待调解"
    browser.find_element(By.ID, "done").click()
    WebDriverWait(browser, 5).until(
        lambda d: d.find_element(By.ID, "status").text == "调解成功")
