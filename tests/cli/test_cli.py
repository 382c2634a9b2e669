"""The ``tiaojie`` command line, in-process and as the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def _new_case(run_cli, tmp_path, doc, logins) -> str:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run_cli("case", "new", str(path), login=logins["mediator"])
    assert result.code == 0, result.err
    return result.out.strip()


def test_init_user_add_and_login(run_cli, tmp_path, monkeypatch):
    monkeypatch.delenv("TIAOJIE_TODAY")  # a real station runs on the computer's date
    home = tmp_path / "st"
    result = run_cli("--data-dir", str(home), "init", "--name", "某某公司劳动争议调解委员会",
                     "--short-name", "某某", "--org-type", "enterprise_committee",
                     "--admin", "boss", stdin="s3cret-pass\n")
    assert result.code == 0, result.err
    result = run_cli("--data-dir", str(home), "user", "add", "li", "--role", "mediator",
                     stdin="li-pass-123\n", login=("boss", "s3cret-pass"))
    assert result.code == 0, result.err
    result = run_cli("--data-dir", str(home), "user", "list", login=("boss", "s3cret-pass"))
    assert "li\tmediator" in result.out
    denied = run_cli("--data-dir", str(home), "user", "list", login=("li", "li-pass-123"))
    assert denied.code == 3 and "无权" in denied.err


def test_init_refuses_bad_org_type_and_existing_station(run_cli, station):
    bad = run_cli("init", "--name", "x中心", "--short-name", "x", "--org-type", "bank",
                  "--admin", "a1", stdin="password-1\n")
    assert bad.code == 2 and "org_type" in bad.err and "未知" in bad.err
    again = run_cli("init", "--name", "x中心", "--short-name", "x", "--org-type",
                    "township_center", "--admin", "a1", stdin="password-1\n")
    assert again.code == 2 and "已有工作站" in again.err


def test_case_new_list_show_event(run_cli, station, tmp_path, collective_doc, logins):
    case_no = _new_case(run_cli, tmp_path, collective_doc, logins)
    assert case_no == "王舍人劳人调字〔2026〕第1号"
    listed = run_cli("case", "list", "--search", "刘洋", "--json", login=logins["viewer"])
    assert [r["case_no"] for r in json.loads(listed.out)] == [case_no]
    shown = json.loads(run_cli("case", "show", case_no, "--json", login=logins["viewer"]).out)
    assert shown["deadlines"]["acceptance_due"]["due_on"] == "2026-11-19"
    assert shown["deadlines"]["limitation_expires"]["status"] == "interrupted"
    moved = run_cli("case", "event", case_no, "accept", "--on", "2026-11-17",
                    login=logins["mediator"])
    assert moved.code == 0 and moved.out.strip().endswith("accepted")
    text = run_cli("case", "show", case_no, login=logins["viewer"]).out
    assert "受理审查期限" in text and "已完成" in text


@pytest.mark.parametrize("query", [" ".join(["王"] * 501), "ab" * 16383])
def test_a_search_beyond_the_limits_is_bad_input(run_cli, station, logins, query):
    """501 words were an internal error (too many terms in compound SELECT)."""
    for argv in (("case", "list", "--search", query),
                 ("case", "list", "--search", query, "--count")):
        result = run_cli(*argv, login=logins["viewer"])
        assert result.code == 2 and "搜索内容过长" in result.err, result.err
        assert len(result.err.strip().splitlines()) == 1


def test_login_required_and_lockout(run_cli, station, logins):
    assert run_cli("case", "list").code == 3
    for _ in range(5):
        result = run_cli("case", "list", login=("mediator", "wrong-password"))
        assert result.code == 3 and "登录名或密码错误" in result.err
    locked = run_cli("case", "list", login=logins["mediator"])
    assert locked.code == 3 and "锁定" in locked.err


BAD_INPUTS = [
    ("invalid ID", lambda d: d["applicants"][1].update(id_number="371525197507024434"),
     "applicants[1].id_number"),
    ("unknown enum", lambda d: d.update(source="email"), "source"),
    ("unknown dispute type", lambda d: d["dispute_types"].append("bonus"), "dispute_types[1]"),
    ("negative amount", lambda d: d["claims"][0].update(amount_fen=-100), "claims[0].amount_fen"),
    ("float amount", lambda d: d["claims"][0].update(amount_fen=12.5), "claims[0].amount_fen"),
    ("impossible date", lambda d: d.update(received_on="2026-02-30"), "received_on"),
    ("future date", lambda d: d.update(received_on="2027-01-05"), "received_on"),
    ("arose after received", lambda d: d.update(dispute_arose_on="2026-11-20"),
     "dispute_arose_on"),
    ("bad phone", lambda d: d["applicants"][0].update(phone="1380013"), "applicants[0].phone"),
    ("bad USCC letter", lambda d: d["respondents"][0].update(uscc="91370112MA3OXXXX1X"),
     "respondents[0].uscc"),
    ("unknown field", lambda d: d.update(summry="x"), "summry"),
    ("no respondents", lambda d: d.update(respondents=[]), "respondents"),
    ("year one", lambda d: d.update(received_on="0001-01-01"), "received_on"),
    ("compact date", lambda d: d.update(received_on="20261116"), "received_on"),
    ("week date", lambda d: d.update(received_on="2026W471"), "received_on"),
    ("manual collective flag", lambda d: d["flags"].append("collective"), "flags[1]"),
    ("worker with a credit code", lambda d: d["applicants"][0].update(uscc="91370112MA3C5X1T2Q"),
     "applicants[0].uscc"),
    ("absurd worker count", lambda d: d.update(worker_count=10**23), "worker_count"),
    # Six representatives is only a warning now (R14, DOMAIN.md §7); a listed-twice worker
    # is refused instead.
    ("duplicate worker", lambda d: d["applicants"][3].update(
        id_number=d["applicants"][0]["id_number"]), "applicants[3].id_number"),
]


@pytest.mark.parametrize("label, mutate, where", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_case_input_one_line_exit_2_nothing_written(run_cli, station, tmp_path,
                                                        collective_doc, logins, label, mutate,
                                                        where):
    mutate(collective_doc)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(collective_doc, ensure_ascii=False), encoding="utf-8")
    result = run_cli("case", "new", str(path), login=logins["mediator"])
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"错误 error: {where}: "), result.err
    assert " / " in lines[0]  # Chinese, then English
    assert station.read().execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_malformed_json_names_line_and_column(run_cli, station, tmp_path, logins):
    path = tmp_path / "broken.json"
    path.write_text('{"source": "application",\n  "received_on": }', encoding="utf-8")
    result = run_cli("case", "new", str(path), login=logins["mediator"])
    assert result.code == 2
    assert f"{path}:2:" in result.err and "JSON 格式错误" in result.err


def test_illegal_transition_exit_2(run_cli, station, tmp_path, collective_doc, logins):
    case_no = _new_case(run_cli, tmp_path, collective_doc, logins)
    result = run_cli("case", "event", case_no, "performed", login=logins["mediator"])
    assert result.code == 2 and "不能执行" in result.err and "allowed only from" in result.err
    unknown = run_cli("case", "event", case_no, "explode", login=logins["mediator"])
    assert unknown.code == 2 and "未知的事件" in unknown.err
    count = station.read().execute("SELECT count(*) FROM events").fetchone()[0]
    assert count == 1  # only the registration


def test_check_reports_first_broken_link(run_cli, station, tmp_path, collective_doc, logins):
    _new_case(run_cli, tmp_path, collective_doc, logins)
    ok = run_cli("check")
    assert ok.code == 0 and "审计链完整" in ok.out
    db_path = station.paths.database
    station.close()
    with sqlite3.connect(db_path) as conn:  # someone edits the file behind the app's back
        conn.execute("DROP TRIGGER audit_log_v4_no_update")
        conn.execute("UPDATE audit_log SET actor = 'intruder' WHERE seq = 3")
    broken = run_cli("check")
    assert broken.code == 1 and "第 3 条" in broken.out


def test_demo_builds_station_in_every_state(run_cli, tmp_path):
    home = tmp_path / "demo"
    result = run_cli("--data-dir", str(home), "demo", "--cases", "400", "--today", "2026-11-22")
    assert result.code == 0, result.err
    assert "demo-mediator-2026" in result.out
    db = sqlite3.connect(home / "tiaojie.db")
    states = {r[0] for r in db.execute("SELECT DISTINCT status FROM cases")}
    expected = {"registered", "accepted", "refused", "mediating", "failed", "withdrawn",
                "terminated", "performing", "performed", "partly_performed", "not_performed",
                "settled", "archived"}
    assert expected <= states
    assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == 400
    again = run_cli("--data-dir", str(home), "demo", "--cases", "5")
    assert again.code == 0  # a demo station is rebuilt
    listed = run_cli("--data-dir", str(home), "case", "list", "--json",
                     login=("mediator", "demo-mediator-2026"))
    assert len(json.loads(listed.out)) == 5


def test_demo_never_overwrites_a_real_station(run_cli, tmp_path, monkeypatch):
    monkeypatch.delenv("TIAOJIE_TODAY")
    home = tmp_path / "real"
    assert run_cli("--data-dir", str(home), "init", "--name", "某某街道调解中心", "--short-name",
                   "某某", "--org-type", "township_center", "--admin", "boss",
                   stdin="s3cret-pass\n").code == 0
    result = run_cli("--data-dir", str(home), "demo", "--cases", "3")
    assert result.code == 2 and "正式工作站" in result.err


@pytest.mark.parametrize("order", ["before", "after"])
def test_data_dir_before_or_after_the_subcommand(run_cli, tmp_path, order):
    home = str(tmp_path / "demo")
    argv = (["--data-dir", home, "demo"] if order == "before" else ["demo", "--data-dir", home])
    result = run_cli(*argv, "--cases", "3")
    assert result.code == 0, result.err
    assert (tmp_path / "demo" / "tiaojie.db").is_file()
    assert not (tmp_path / "home").exists()  # TIAOJIE_HOME was not used
    status = run_cli("status", "--data-dir", home)
    assert "案件总数 / cases: 3" in status.out


def test_data_dir_after_a_nested_subcommand_wins(run_cli, station, tmp_path, logins):
    """The folder named last is used (the one before the command is overridden)."""
    elsewhere = str(tmp_path / "nowhere")
    here = str(station.paths.root)
    for argv in (("case", "list", "--data-dir", here), ("case", "--data-dir", here, "list"),
                 ("--data-dir", elsewhere, "case", "list", "--data-dir", here)):
        result = run_cli(*argv, "--count", login=logins["viewer"])
        assert result.code == 0, (argv, result.err)
    missing = run_cli("--data-dir", here, "case", "list", "--data-dir", elsewhere,
                      login=logins["viewer"])
    assert missing.code == 2 and "nowhere" in missing.err


def test_console_script_runs(tmp_path):
    """The installed entry point, as a newcomer runs it."""
    script = shutil.which("tiaojie") or str(Path(sys.executable).parent / "tiaojie")
    env = {**os.environ, "TIAOJIE_HOME": str(tmp_path / "h"), "TIAOJIE_TODAY": "2026-11-22"}
    out = subprocess.run([script, "demo", "--cases", "20"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    status = subprocess.run([sys.executable, "-m", "desktop.cli", "status"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert "案件总数 / cases: 20" in status.stdout


def test_bare_tiaojie_without_a_display_says_so(tmp_path):
    """``tiaojie`` opens the desktop; on a machine with no display it explains instead of
    letting Qt abort."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["TIAOJIE_HOME"] = str(tmp_path / "h")
    out = subprocess.run([sys.executable, "-m", "desktop.cli"], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 4, out.stderr
    assert "没有可用的图形显示" in out.stderr and "tiaojie status" in out.stderr


def test_bare_tiaojie_with_an_unreachable_display_says_so(tmp_path):
    """A DISPLAY no X server answers (a closed remote session): Qt would abort with 134."""
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(DISPLAY=":987", TIAOJIE_HOME=str(tmp_path / "h"))
    out = subprocess.run([sys.executable, "-m", "desktop.cli"], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 4, out.stderr
    assert "无法连接图形显示（DISPLAY=:987）" in out.stderr


def test_a_display_that_answers_is_reachable(tmp_path):
    import socket

    from desktop.cli.launch import x_display_reachable

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        if port > 6000:
            assert x_display_reachable(f"127.0.0.1:{port - 6000}")
    assert not x_display_reachable(":987")
    assert x_display_reachable("weird-form")  # left to Qt


def test_locked_database_is_an_environment_problem(run_cli, station, logins, monkeypatch):
    import desktop.storage.db as storage_db

    monkeypatch.setattr(storage_db, "BUSY_TIMEOUT_MS", 200)
    blocker = sqlite3.connect(station.paths.database, timeout=0.2)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        result = run_cli("case", "event", "王舍人劳人调字〔2026〕第1号", "accept",
                         login=logins["mediator"])
    finally:
        blocker.rollback()
        blocker.close()
    assert result.code == 4 and "占用" in result.err


def test_failed_login_message_is_one_line_and_password_not_logged(run_cli, station, tmp_path):
    result = run_cli("case", "list", login=("mediator", "hunter2-secret"))
    assert result.code == 3 and len(result.err.strip().splitlines()) == 1
    log_text = "".join(p.read_text(encoding="utf-8")
                       for p in station.paths.logs.glob("tiaojie.log*"))
    assert "failed login" in log_text and "hunter2-secret" not in log_text


def test_roster_then_assign(run_cli, station, tmp_path, collective_doc, logins):
    added = run_cli("mediator", "add", "王建国", "--full-time", "--phone", "0531-88886666",
                    login=logins["admin"])
    assert added.code == 0, added.err
    denied = run_cli("mediator", "add", "李四", login=logins["mediator"])
    assert denied.code == 3
    assert "王建国\t专职\t0531-88886666" in run_cli("mediator", "list",
                                                   login=logins["viewer"]).out
    case_no = _new_case(run_cli, tmp_path, collective_doc, logins)
    data = tmp_path / "assign.json"
    data.write_text('{"mediator": "王建国"}', encoding="utf-8")
    result = run_cli("case", "event", case_no, "assign", "--file", str(data),
                     login=logins["mediator"])
    assert result.code == 0, result.err


def test_windows_files_bom_and_gbk(run_cli, station, tmp_path, collective_doc, logins):
    text = json.dumps(collective_doc, ensure_ascii=False)
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert run_cli("case", "new", str(bom), login=logins["mediator"]).code == 0
    gbk = tmp_path / "gbk.json"
    gbk.write_bytes(text.encode("gbk"))
    result = run_cli("case", "new", str(gbk), login=logins["mediator"])
    assert result.code == 2 and "UTF-8" in result.err
    missing = run_cli("case", "new", str(tmp_path / "nope.json"), login=logins["mediator"])
    assert missing.code == 2 and "无法读取文件" in missing.err
    zh = missing.err.split(" / ")[0]
    assert "文件不存在" in zh and "No such file" not in zh  # the system's English: after " / "


@pytest.mark.parametrize("content", ["[" * 100_000, '{"worker_count": ' + "9" * 5000 + "}"],
                         ids=["deep nesting", "huge number"])
def test_hostile_json_is_one_line_exit_2(run_cli, station, tmp_path, logins, content):
    path = tmp_path / "hostile.json"
    path.write_text(content, encoding="utf-8")
    result = run_cli("case", "new", str(path), login=logins["mediator"])
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1, result.err


def test_data_dir_that_is_a_file(run_cli, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    result = run_cli("--data-dir", str(blocker / "sub"), "init", "--name", "某中心",
                     "--short-name", "某", "--org-type", "township_center", "--admin", "boss",
                     stdin="pass-word-9\n")
    assert result.code == 4 and "无法创建数据目录" in result.err


def test_check_never_changes_the_file(run_cli, tmp_path):
    import shutil

    v1 = Path(__file__).resolve().parents[1] / "data" / "schema-v1.db"
    home = tmp_path / "old"
    home.mkdir()
    shutil.copy(v1, home / "tiaojie.db")
    before = (home / "tiaojie.db").read_bytes()
    result = run_cli("--data-dir", str(home), "check")
    assert result.code == 0 and "schema v1" in result.out
    assert (home / "tiaojie.db").read_bytes() == before
    assert not list(home.glob("*.bak"))


def test_check_on_a_file_that_is_not_a_database(run_cli, tmp_path):
    home = tmp_path / "junk"
    home.mkdir()
    (home / "tiaojie.db").write_bytes(b"this is not sqlite" * 100)
    result = run_cli("--data-dir", str(home), "check")
    assert result.code != 0
    assert "not a database" in (result.out + result.err)


def test_check_on_another_programs_database_says_so_not_damage(run_cli, tmp_path):
    import sqlite3

    for name, make in (("empty", lambda p: p.write_bytes(b"")),
                       ("foreign", lambda p: sqlite3.connect(p).execute(
                           "CREATE TABLE invoices (id INTEGER PRIMARY KEY)").connection.commit())):
        home = tmp_path / name
        home.mkdir()
        make(home / "tiaojie.db")
        result = run_cli("--data-dir", str(home), "check")
        assert result.code == 1, name
        assert "不是调解台数据库" in result.out and "损坏 / integrity_check" not in result.out


def test_unexpected_errors_are_one_line_and_logged(run_cli, station, logins, monkeypatch):
    from desktop.services import cases

    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(cases.CaseService, "list", boom)
    result = run_cli("case", "list", login=logins["viewer"])
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1
    assert "RuntimeError" in result.err
    log_text = (station.paths.logs / "tiaojie.log").read_text(encoding="utf-8")
    assert "simulated bug" in log_text and "Traceback" in log_text


def test_pinned_day_is_refused_on_a_real_station(run_cli, tmp_path, monkeypatch):
    """A real station's events carry the computer's date; pinning it is for training only."""
    monkeypatch.delenv("TIAOJIE_TODAY")
    home = tmp_path / "real"
    assert run_cli("--data-dir", str(home), "init", "--name", "某某街道调解中心", "--short-name",
                   "某某", "--org-type", "township_center", "--admin", "boss",
                   stdin="s3cret-pass\n").code == 0
    monkeypatch.setenv("TIAOJIE_TODAY", "2030-01-01")
    result = run_cli("--data-dir", str(home), "case", "list", login=("boss", "s3cret-pass"))
    assert result.code == 2 and "TIAOJIE_TODAY" in result.err and "培训" in result.err
