"""``tiaojie-county`` against a hostile tester: every bad input gets one bilingual line and a
non-zero exit code, never a traceback, and nothing already saved is lost.

The command line runs as a real subprocess (``python -m county.cli``) over a real county
folder (SQLite, or PostgreSQL where the test is parametrised).  Envelopes are sealed with
the desktop's own sync modules; a station takes part where its side is the point (the
enrolment file handed out earlier still enrolling it).  A full or read-only disk is a real
tmpfs mount where the tests run as root, else a folder the user may not write.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import sqlite3
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from county import cli as county_cli
from county.service import County
from county.web import create_app
from desktop.sync import batches, keys
from tests.county.cli.conftest import (
    HOSTILE,
    S01,
    bilingual,
    tj,
    unwritable,
)
from tests.county.test_console import (
    SECRET,
    batch,
    case_record,
    enrol,
)
from tests.servers import free_port

# -- 1. export: text is text ------------------------------------------------------------------


def hostile_cases(county: County) -> None:
    """A station's batch whose party names and case number are formulas."""
    records = []
    for i, name in enumerate(HOSTILE):
        record = case_record(f"王舍人劳人调字〔2026〕第{i + 1}号", name, "济南某公司", "archived")
        data = dict(record.data)
        data["claimed_fen"] = 65242
        if i == 0:
            data["case_no"] = "=1+1"
        records.append(batches.Record.of("case", record.uid, 3, False, data))
    county.ingest(batch(county, S01, county.s01, 1, records))  # type: ignore[attr-defined]


def test_export_writes_text_never_formulas_with_yuan_and_chinese_status(
        county: County, tmp_path: Path) -> None:
    hostile_cases(county)
    home = county.home
    book_path, csv_path = tmp_path / "收案.xlsx", tmp_path / "收案.csv"
    assert tj(home, "export", str(book_path)).code == 0
    assert tj(home, "export", str(csv_path)).code == 0

    from openpyxl import load_workbook
    sheet = load_workbook(book_path).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(HOSTILE)
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
    names = {row[4].value for row in rows}
    assert names == set(HOSTILE)  # exactly as sent, as strings
    assert all(row[4].data_type == "s" for row in rows)
    assert {row[1].value for row in rows} >= {"=1+1"}
    assert {row[2].value for row in rows} == {"已归档"}
    money = rows[0][6]
    assert money.value == pytest.approx(652.42) and money.number_format == "0.00"
    with zipfile.ZipFile(book_path) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")

    table = list(csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"), newline="")))
    assert table[0][2] == "状态" and len(table) == len(HOSTILE) + 1
    for row in table[1:]:
        assert row[2] == "已归档" and row[6] == "652.42"
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row
    names_csv = {row[4] for row in table[1:]}
    assert names_csv == {"'" + name for name in HOSTILE}
    assert "'=1+1" in {row[1] for row in table[1:]}


def test_export_to_a_full_disk_keeps_the_old_file_and_leaves_no_part(
        sqlite_county: County, tmp_path: Path) -> None:
    home = sqlite_county.home
    with unwritable(tmp_path / "U盘", full=True) as (stick, mounted):
        before = sorted(p.name for p in stick.iterdir()) if stick.is_dir() else []
        old = (stick / "收案.xlsx").read_bytes() if (stick / "收案.xlsx").exists() else None
        run = tj(home, "export", str(stick / "收案.xlsx"))
        if mounted:  # a real full disk
            bilingual(run, 4, "收案.xlsx", "磁盘已满", "No space left")
        else:
            assert run.code in (2, 4) and run.err.startswith("错误 error: ")
        after = sorted(p.name for p in stick.iterdir()) if stick.is_dir() else []
        assert after == before  # no 0-byte file, no .part left behind
        if old is not None:
            assert (stick / "收案.xlsx").read_bytes() == old


# -- 2. init checks everything first; clerks after init -------------------------------------


def test_init_with_a_bad_password_creates_nothing_and_can_run_again(tmp_path: Path) -> None:
    home = tmp_path / "county"
    args = ("init", "--id", "370100", "--name", "测试县仲裁院", "--admin", "boss")
    for stdin, words in (("short\n", "8"), ("\n", "standard input"), ("12345678\n", "字母")):
        bilingual(tj(home, *args, stdin=stdin), 2, "password", words)
        assert not home.exists()
    for argv, where in (([*args[:2], "370 100", *args[3:]], "--id"),
                        ([*args, "--host", "bad host"], "--host"),
                        ([*args, "--url", "ftp://x"], "--url"),
                        ([*args[:-1], "Boss!"], "login"),
                        ([*args, "--name", " "], "--name"),
                        (["--database", "mysql://x", *args], "--database"),
                        (["--database", str(tmp_path), *args], "--database")):
        bilingual(tj(home, *argv, stdin="good-pass-1\n"), 2, where)
        assert not home.exists(), argv
    done = tj(home, *args, stdin="good-pass-1\n")
    assert done.code == 0, done.err
    assert County(home).login("boss", "good-pass-1")["role"] == "admin"
    bilingual(tj(home, *args, stdin="good-pass-1\n"), 2, "already a county folder")


def test_init_against_an_unreachable_database_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "county"
    port = free_port()
    run = tj(home, "--database", f"postgresql://u:secret@127.0.0.1:{port}/x", "init",
             "--id", "370100", "--name", "测试县仲裁院")
    bilingual(run, 4, "无法连接数据库", "cannot reach the database")
    assert "secret" not in run.err and not home.exists()


def test_clerks_are_added_and_listed_after_init(county: County) -> None:
    home = county.home
    added = tj(home, "clerk", "add", "li.si", "--name", "李四", "--role", "clerk",
               stdin="clerk-pass-2\n")
    assert added.code == 0, added.err
    assert county.login("li.si", "clerk-pass-2") == {"login": "li.si", "name": "李四",
                                                     "role": "clerk"}
    bilingual(tj(home, "clerk", "add", "li.si", "--name", "李四", "--role", "clerk",
                 stdin="clerk-pass-2\n"), 2, "exists")
    bilingual(tj(home, "clerk", "add", "wang", "--name", "王五", "--role", "clerk",
                 stdin="short\n"), 2, "password")
    bilingual(tj(home, "clerk", "add", "wang", "--name", "王\n五", "--role", "clerk",
                 stdin="clerk-pass-2\n"), 2, "--name")
    bilingual(tj(home, "clerk", "add", "wang", "--name", "王五", "--role", "boss",
                 stdin="clerk-pass-2\n"), 2, "--role")
    assert county.store.one("SELECT login FROM clerks WHERE login = 'wang'") is None
    listed = tj(home, "clerk", "list")
    assert listed.code == 0 and "li.si" in listed.out and "书记员" in listed.out
    as_json = json.loads(tj(home, "clerk", "list", "--json").out)
    assert {r["login"] for r in as_json} == {"admin", "clerk", "viewer", "li.si"}
    assert all("password_hash" not in r for r in as_json)
    assert "scrypt" not in listed.out and "$" not in listed.out
    actions = [r["action"] for r in county.store.rows(
        "SELECT action FROM audit WHERE actor = 'cli' ORDER BY id")]
    assert actions.count("clerk.add") == 1 and actions.count("clerk.list") == 2


# -- 3. no tracebacks -------------------------------------------------------------------------


def test_hostile_command_lines_get_one_bilingual_line(sqlite_county: County,
                                                      tmp_path: Path) -> None:
    home = sqlite_county.home
    array = tmp_path / "arr.json"
    array.write_text("[1, 2, 3]", "utf-8")
    enrol(sqlite_county, S01, keys.KeyPairs.generate())
    bilingual(tj(home, "delegate", S01, str(array)), 2, "JSON")
    bilingual(tj(home, "export", "/nonexist/dir/x.csv"), 2, "/nonexist/dir")
    assert not Path("/nonexist").exists()
    bilingual(tj(home, "export", str(tmp_path)), 2, "folder")
    bilingual(tj(home, "serve", "--port", "99999"), 2, "--port")
    bilingual(tj(home, "inbox", "--limit", "-1"), 2, "--limit")
    bilingual(tj(home, "--database", f"postgresql://u:pw@127.0.0.1:{free_port()}/x",
                 "station", "list"), 4, "cannot reach the database")


def test_a_damaged_county_json_is_named_and_left_as_it_is(sqlite_county: County) -> None:
    home = sqlite_county.home
    damaged = b'{"id": "370100", "name": '
    (home / "county.json").write_bytes(damaged)
    bilingual(tj(home, "station", "list"), 4, "county.json", "damaged")
    (home / "county.json").write_bytes(b"\xff\xfe not utf-8")
    bilingual(tj(home, "inbox"), 4, "damaged")
    (home / "county.json").write_text('["a list"]', "utf-8")
    bilingual(tj(home, "station", "list"), 4, "damaged")


def test_serve_on_a_port_in_use_says_so_before_serving(sqlite_county: County) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = tj(sqlite_county.home, "serve", "--port", str(port), "--plain-http")
    bilingual(run, 4, str(port), "in use")
    assert "serving" not in run.out


def test_a_reader_that_goes_away_ends_the_listing_quietly(sqlite_county: County) -> None:
    for n in range(30):
        sqlite_county.add_station(f"X{n:02d}", f"调解中心{n}", "test")
    read, write = os.pipe()
    os.close(read)  # `| head -0`: the reader is gone before the first line
    try:
        run = tj(sqlite_county.home, "station", "list", stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    assert run.code == 141 and run.err == ""


def test_a_bug_is_one_line_unless_debugging(sqlite_county: County,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    def broken(args: Any) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(county_cli, "cmd_inbox", broken)
    monkeypatch.setenv("TIAOJIE_COUNTY_HOME", str(sqlite_county.home))
    monkeypatch.delenv(county_cli.DEBUG_ENV, raising=False)
    assert county_cli.main(["inbox"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误 error: 程序内部错误（RuntimeError）") and "TIAOJIE_DEBUG" in err
    log = sqlite_county.home / "logs" / county_cli.LOG_FILE
    assert "RuntimeError: a bug" in log.read_text("utf-8")
    monkeypatch.setenv(county_cli.DEBUG_ENV, "1")
    with pytest.raises(RuntimeError):
        county_cli.main(["inbox"])
    # A file error is the machine's or the input's: one line even when debugging is off.
    monkeypatch.delenv(county_cli.DEBUG_ENV)

    def unreadable(args: Any) -> int:
        raise PermissionError(13, "Permission denied", "/srv/county/x")

    monkeypatch.setattr(county_cli, "cmd_inbox", unreadable)
    assert county_cli.main(["inbox"]) == 4
    assert "/srv/county/x" in capsys.readouterr().err


# -- 4. the downlink API caps ``after`` -------------------------------------------------------


def test_down_after_is_capped_at_18_digits(county: County) -> None:
    with TestClient(create_app(county, console_secret=SECRET)) as client:
        for after in ("9" * 20, "99999999999999999999", "1e5", "²", "-1", ""):
            answer = client.get(f"/v1/down/{S01}", params={"after": after})
            assert answer.status_code == 400, after
            assert answer.json()["error"] == "malformed"
        assert client.get(f"/v1/down/{S01}", params={"after": "9" * 18}).status_code == 204
        assert client.get(f"/v1/down/{S01}", params={"after": "0"}).status_code == 204


# -- 5. --database: PostgreSQL or an existing SQLite file -------------------------------------


def test_database_option_makes_no_stray_files_or_empty_counties(sqlite_county: County,
                                                                tmp_path: Path) -> None:
    home = sqlite_county.home
    work = tmp_path / "cwd"
    work.mkdir()
    for url in ("mysql://x", "sqlite://relative", "mongodb+srv://h/db", ""):
        bilingual(tj(home, "--database", url, "station", "list", cwd=work), 2, "--database")
    other = tmp_path / "other.db"
    bilingual(tj(home, "--database", str(other), "station", "list", cwd=work), 2,
              "only init")
    assert not other.exists() and list(work.iterdir()) == []
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("not a database", "utf-8")
    bilingual(tj(home, "--database", str(not_sqlite), "station", "list"), 2, "not a SQLite")
    assert not_sqlite.read_text("utf-8") == "not a database"
    # The folder's own database gone: said, not silently made again.
    sqlite_county.store.close()
    moved = tmp_path / "moved.db"
    (home / "county.db").rename(moved)
    bilingual(tj(home, "station", "list"), 4, "missing")
    assert not (home / "county.db").exists()
    listed = tj(home, "--database", str(moved), "station", "list")
    assert listed.code == 0 and S01 in listed.out
    # init makes a new SQLite file where it is told to.
    fresh = tmp_path / "new-county"
    done = tj(fresh, "--database", str(tmp_path / "elsewhere.db"), "init", "--id", "370101",
              "--name", "另一县")
    assert done.code == 0, done.err
    assert sqlite3.connect(tmp_path / "elsewhere.db").execute(
        "SELECT count(*) FROM stations").fetchone() == (0,)
    assert tj(fresh, "station", "list").code == 0
