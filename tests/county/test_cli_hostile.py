"""``tiaojie-county`` against a hostile tester: every bad input gets one bilingual line and a
non-zero exit code, never a traceback, and nothing already saved is lost.

The command line runs as a real subprocess (``python -m county.cli``) over a real county
folder (SQLite, or PostgreSQL where the test is parametrised).  Envelopes are sealed with
the desktop's own sync modules; a station takes part where its side is the point (the
enrolment file handed out earlier still enrolling it).  A full or read-only disk is a real
tmpfs mount where the tests run as root, else a folder the user may not write.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from county import cli as county_cli
from county.service import County, Refused, _day
from county.web import create_app
from desktop.services.station import Station
from desktop.services.sync_io import SyncService
from desktop.sync import batches, envelope, keys
from tests.county.test_console import (
    PASSWORDS,
    SECRET,
    batch,
    case_record,
    enrol,
    sign_in,
)
from tests.servers import free_port
from tests.sync.conftest import delegated_case

ROOT = Path(__file__).resolve().parents[2]
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


# -- 6. the token changes only with the file written ------------------------------------------


def test_a_failed_enrolment_file_keeps_the_earlier_one_working(
        sqlite_county: County, station: Station, admin: Any, tmp_path: Path) -> None:
    home = sqlite_county.home
    first = tmp_path / "S01.tjenrol"
    assert tj(home, "enrol-file", S01, "-o", str(first)).code == 0
    token = sqlite_county.station(S01)["token_hash"]
    with unwritable(tmp_path / "ro", full=False) as (ro, _):
        run = tj(home, "enrol-file", S01, "-o", f"{ro}/")
        bilingual(run, 4, str(ro))
        assert not (ro / f"{S01}.tjenrol").exists()
    assert sqlite_county.station(S01)["token_hash"] == token
    actions = [r["action"] for r in sqlite_county.store.rows("SELECT action FROM audit")]
    assert actions.count("station.enrol_file") == 1
    # A wrong passphrase changes nothing either.
    bilingual(tj(home, "enrol-file", S01, "-o", str(tmp_path / "x.tjenrol"),
                 env={"TIAOJIE_COUNTY_PASSPHRASE": "wrong-pass"}), 3, "县级密钥口令不对",
              "wrong county key passphrase")
    assert sqlite_county.station(S01)["token_hash"] == token
    # The file handed out first still enrols the station.
    sync = SyncService(station)
    request = sync.enrol(first.read_bytes(), STATION_PASS, admin)
    sync.finish_enrol(sqlite_county.enrol(request), sync.unlock(STATION_PASS))
    assert sqlite_county.station(S01)["status"] == "enrolled"


# -- 7. the same court case twice -------------------------------------------------------------


def test_the_same_court_case_is_not_delegated_twice_without_again(
        county: County, tmp_path: Path) -> None:
    home = county.home
    case = tmp_path / "case.json"
    case.write_text(json.dumps(delegated_case(), ensure_ascii=False), "utf-8")
    assert tj(home, "delegate", S01, str(case)).code == 0
    day = _day(county.store.value("SELECT created_at FROM downlink"))
    second = tj(home, "delegate", S01, str(case))
    bilingual(second, 2, "court_case_no", "already delegated", "--again", day)
    # Full-width digits and spaces are the same number.
    same = {**delegated_case(), "court_case_no": " （２０２６）鲁０１１２民初１２３４号 "}
    case.write_text(json.dumps(same, ensure_ascii=False), "utf-8")
    bilingual(tj(home, "delegate", S01, str(case)), 2, "already delegated")
    assert county.store.value("SELECT count(*) FROM downlink") == 1
    again = tj(home, "delegate", S01, str(case), "--again")
    assert again.code == 0, again.err
    assert county.store.value("SELECT count(*) FROM downlink") == 2
    # Another case number goes as before.
    other = tmp_path / "other.json"
    other.write_text(json.dumps(delegated_case("钱多多", "（2026）鲁0112民初2号"),
                                ensure_ascii=False), "utf-8")
    assert tj(home, "delegate", S01, str(other)).code == 0


def test_the_console_refuses_a_second_delegation_with_the_earlier_date(
        county: County) -> None:
    county.delegate(S01, delegated_case(), "clerk")
    day = _day(county.store.value("SELECT created_at FROM downlink"))
    doc = delegated_case()
    form = {"station": S01, "mode": "court_delegated", "court_case_no": doc["court_case_no"],
            "received_on": doc["received_on"], "dispute_type": doc["dispute_types"][0],
            "app_name": doc["applicants"][0]["name"], "app_id": "", "app_phone": "",
            "resp_name": doc["respondents"][0]["name"], "resp_uscc": "",
            "claim_item": "支付拖欠工资", "claim_yuan": "12000", "summary": doc["summary"]}
    with TestClient(create_app(county, console_secret=SECRET)) as client:
        token = sign_in(client, "clerk")
        answer = client.post("/console/delegate", data={**form, "csrf": token},
                             follow_redirects=False)
        assert answer.status_code == 400
        assert "已于" in answer.text and day in answer.text and "不能重复委派" in answer.text
        assert 'id="again"' in answer.text
        assert county.store.value("SELECT count(*) FROM downlink") == 1
        answer = client.post("/console/delegate", data={**form, "csrf": token, "again": "1"},
                             follow_redirects=False)
        assert answer.status_code == 303
    assert county.store.value("SELECT count(*) FROM downlink") == 2


# -- 8. updates the station would refuse are not queued ---------------------------------------


def test_update_checks_items_as_the_station_does(county: County, tmp_path: Path) -> None:
    home = county.home
    bilingual(tj(home, "update", "--notice", ""), 2, "station would refuse")
    bilingual(tj(home, "update", "--notice", "通" * 3000), 2, "station would refuse")
    bad = tmp_path / "bad.json"
    for doc in ({"year": 2027, "holidays": "bad"}, {"year": "2027"}, [1, 2]):
        bad.write_text(json.dumps(doc), "utf-8")
        bilingual(tj(home, "update", "--calendar", str(bad)), 2, "station would refuse")
    form = tmp_path / "Bad Name.toml"
    form.write_text("x = 1", "utf-8")
    bilingual(tj(home, "update", "--form", str(form)), 2, "station would refuse")
    assert county.store.value("SELECT count(*) FROM downlink") == 0
    assert tj(home, "update", "--notice", "元旦放假安排已更新").code == 0
    good = ROOT / "resources" / "holidays" / "2026.json"
    assert tj(home, "update", "--calendar", str(good), "--station", S01).code == 0
    assert county.store.value("SELECT count(*) FROM downlink") == 2


# -- 9. quarantine: dismiss; an unauthenticated envelope cannot be retried --------------------


def bad_signature_item(county: County) -> int:
    data = bytearray(batch(county, S01, county.s01, 1,  # type: ignore[attr-defined]
                           [case_record("第1号", "张三", "某公司")]))
    data[-3] ^= 1
    with pytest.raises(Refused) as caught:
        county.ingest(bytes(data))
    assert caught.value.code == envelope.BAD_SIGNATURE and caught.value.quarantined
    return caught.value.quarantined


def test_quarantine_dismiss_and_no_retry_of_a_bad_signature(county: County) -> None:
    home = county.home
    qid = bad_signature_item(county)
    retry = tj(home, "quarantine", "retry", str(qid))
    bilingual(retry, 2, "cannot be retried, only dismissed", "只能关闭")
    assert "too short" not in retry.err and "截断" not in retry.err
    bilingual(tj(home, "quarantine", "dismiss", str(qid), "--reason", "  "), 2, "reason")
    bilingual(tj(home, "quarantine", "dismiss", "999", "--reason", "x"), 2, "999")
    done = tj(home, "quarantine", "dismiss", str(qid), "--reason", "篡改的数据包，已电话核实")
    assert done.code == 0, done.err
    item = county.quarantined(qid)
    assert item["status"] == "dismissed" and item["resolved_by"] == "cli"
    assert item["dismiss_reason"] == "篡改的数据包，已电话核实"
    assert county.quarantine() == []
    bilingual(tj(home, "quarantine", "dismiss", str(qid), "--reason", "again"), 2,
              "already resolved")
    listed = tj(home, "quarantine", "list", "--all")
    assert "已关闭" in listed.out and "dismissed" in listed.out
    shown = json.loads(tj(home, "quarantine", "show", str(qid)).out)
    assert shown["dismiss_reason"] == "篡改的数据包，已电话核实"
    audit = county.store.rows("SELECT actor, detail FROM audit WHERE action ="
                              " 'quarantine.dismiss'")
    assert len(audit) == 1 and json.loads(audit[0]["detail"])["reason"] == \
        "篡改的数据包，已电话核实"


def test_the_console_dismisses_with_a_reason_and_offers_no_retry(county: County) -> None:
    qid = bad_signature_item(county)
    with TestClient(create_app(county, console_secret=SECRET)) as client:
        token = sign_in(client, "viewer")
        page = client.get(f"/console/quarantine/{qid}")
        assert 'id="dismiss"' not in page.text
        answer = client.post(f"/console/quarantine/{qid}/dismiss",
                             data={"csrf": token, "reason": "x"})
        assert answer.status_code == 403 and county.quarantined(qid)["status"] == "open"
        client.cookies.clear()
        token = sign_in(client, "clerk")
        page = client.get(f"/console/quarantine/{qid}")
        assert 'id="retry"' not in page.text and 'id="no-retry"' in page.text
        assert 'id="dismiss"' in page.text and "关闭" in page.text
        answer = client.post(f"/console/quarantine/{qid}/dismiss",
                             data={"csrf": token, "reason": " "})
        assert answer.status_code == 400 and "请填写关闭原因" in answer.text
        answer = client.post(f"/console/quarantine/{qid}/retry", data={"csrf": token})
        assert answer.status_code == 400 and "只能关闭" in answer.text
        answer = client.post(f"/console/quarantine/{qid}/dismiss",
                             data={"csrf": token, "reason": "伪造的数据包"})
        assert answer.status_code == 200 and "已关闭" in answer.text
        assert "伪造的数据包" in answer.text and 'id="dismiss"' not in answer.text
        listing = client.get("/console/quarantine?status=all")
        assert "已关闭" in listing.text
    item = county.quarantined(qid)
    assert item["status"] == "dismissed" and item["resolved_by"] == "clerk"


# -- 10. receipts for held envelopes released by an import ------------------------------------


def test_an_enrolment_file_is_not_written_under_a_missing_folder(county: County,
                                                                  tmp_path: Path) -> None:
    """A stick not mounted (its folder missing): the token must not land on the local disk
    in a tree of new folders."""
    target = tmp_path / "media" / "usb" / "S01.tjenrol"
    bilingual(tj(county.home, "enrol-file", S02, "-o", str(target)), 2, "USB")
    assert not (tmp_path / "media").exists()


def test_an_import_writes_receipts_for_the_held_envelopes_it_released(
        county: County, tmp_path: Path) -> None:
    home, pairs = county.home, county.s01  # type: ignore[attr-defined]
    stick = tmp_path / "U盘"
    stick.mkdir()
    for seq in (1, 2, 3):
        data = batch(county, S01, pairs, seq, [case_record(f"第{seq}号", f"申请人{seq}", "某公司")])
        (stick / f"{S01}-up-{seq:08d}.tjsync").write_bytes(data)
    later = tmp_path / "后来的"
    later.mkdir()
    for seq in (2, 3):
        (stick / f"{S01}-up-{seq:08d}.tjsync").rename(later / f"{S01}-up-{seq:08d}.tjsync")
    held = tj(home, "import", str(later), "--out", str(tmp_path / "回执1"))
    assert held.code == 0 and "held" in held.out
    assert not list((tmp_path / "回执1").glob("*-receipt-*")) if (tmp_path / "回执1").exists() \
        else True
    released = tj(home, "import", str(stick), "--out", str(tmp_path / "回执2"))
    assert released.code == 0, released.err
    receipts = sorted((tmp_path / "回执2").glob(f"{S01}-receipt-*.tjsync"))
    assert [p.name for p in receipts] == [f"{S01}-receipt-{n:08d}.tjsync" for n in (1, 2, 3)]
    for n, path in enumerate(receipts, start=1):
        env = envelope.parse(path.read_bytes())
        assert env.kind == "receipt" and env.seq == n
        envelope.verify(env, county.public.sign)
    assert county.station(S01)["up_next"] == 4
    # The same stick again, with the county's receipts written onto it: they are left
    # alone (not quarantined as a station's bad signature), the rest are duplicates.
    for path in receipts:
        (stick / path.name).write_bytes(path.read_bytes())
    again = tj(home, "import", str(stick), "--out", str(stick))
    assert again.code == 0, again.err
    assert county.quarantine() == []
    # A missing input, or --out naming a file: said first, nothing applied.
    bilingual(tj(home, "import", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")),
              2, "nowhere")
    a_file = tmp_path / "a-file.json"
    a_file.write_text("{}", "utf-8")
    bilingual(tj(home, "import", str(stick), "--out", str(a_file)), 2, "a file")


# -- 11. the small ones ------------------------------------------------------------------------


def test_station_rules_revoke_names_ids_and_json(county: County) -> None:
    home = county.home
    bilingual(tj(home, "station", "revoke", S02, "--reason", ""), 2, "reason")
    bilingual(tj(home, "station", "revoke", S02, "--reason", "   "), 2, "reason")
    assert tj(home, "station", "revoke", S02, "--reason", "设备丢失").code == 0
    again = tj(home, "station", "revoke", S02, "--reason", "另一个原因")
    bilingual(again, 2, "already revoked", "设备丢失")
    st = county.station(S02)
    assert st["revoked_reason"] == "设备丢失"
    bilingual(tj(home, "station", "add", "S03", "名" * 61), 2, "60")
    bilingual(tj(home, "station", "add", "S03", "华山\n街道"), 2, "control")
    bilingual(tj(home, "station", "add", "S03", "华山\x1b[2J"), 2, "control")
    bilingual(tj(home, "station", "add", "S 03", "华山"), 2, "_", "下划线")
    assert tj(home, "station", "add", "S_03", "名" * 60).code == 0
    county.store.execute("UPDATE stations SET enrol_answer = ? WHERE id = ?",
                         [b"\x00\x01binary answer", S01])
    listed = tj(home, "station", "list", "--json")
    rows = json.loads(listed.out)
    assert "b'" not in listed.out and all("enrol_answer" not in r for r in rows if r["id"] == S01)
    # An unknown station is named before anything about the case.
    empty = county.home.parent / "empty.json"
    empty.write_text("{}", "utf-8")
    bilingual(tj(home, "delegate", "S99", str(empty)), 2, "S99")
    assert "court_case_no" not in tj(home, "delegate", "S99", str(empty)).err
