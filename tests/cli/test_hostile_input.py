"""The command line against hostile input and odd terminals (issue 5, §9).

Every refusal is one line on stderr, ``错误 error: <where>: <中文> / <English>``, with
exit 2 for input; nothing crashes with a traceback.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

RARE = "𠮷䶮"  # outside GBK (𠮷) and at the end of CJK Extension A (䶮): not on every console


def error_line(result) -> str:
    """The single error line of a result, checked for shape."""
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err[:2000]
    line = lines[0]
    assert line.startswith("错误 error: ") and " / " in line, line[:2000]
    assert "Traceback" not in result.err
    return line


def _write(tmp_path: Path, name: str, doc) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _new_case(run_cli, tmp_path, doc, logins) -> str:
    result = run_cli("case", "new", str(_write(tmp_path, "case.json", doc)),
                     login=logins["mediator"])
    assert result.code == 0, result.err
    return result.out.strip()


def _cli(*args: str | bytes, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """``python -m desktop.cli`` in a real child process."""
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args],
                          env={**os.environ, **(env or {})}, capture_output=True,
                          timeout=60, **kwargs)


# -- non-UTF-8 bytes in the command line and the environment ---------------------------------

def test_undecodable_argument_is_refused_in_process(run_cli, station, logins):
    result = run_cli("case", "new", "caf\udce9.json", login=logins["mediator"])
    assert result.code == 2
    line = error_line(result)
    assert line.startswith("错误 error: argument 3: ") and "caf\\xe9.json" in line
    assert "UTF-8" in line


def test_undecodable_argument_real_process(station, tmp_path):
    (tmp_path / "caf\udce9.json").write_bytes(b"{}")  # a Latin-1 file name on disk
    out = _cli("case", "new", os.fsencode(str(tmp_path / "caf\udce9.json")), cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    err = out.stderr.decode("utf-8")
    assert len(err.splitlines()) == 1 and err.startswith("错误 error: argument 3: ")
    assert "caf\\xe9.json" in err and "Traceback" not in err


@pytest.mark.parametrize("name", ["TIAOJIE_USER", "TIAOJIE_PASSWORD", "TIAOJIE_HOME",
                                  "TIAOJIE_TODAY"])
def test_undecodable_environment_variable_is_refused(run_cli, station, monkeypatch, name):
    login = {"TIAOJIE_USER": ("wang\udcff", "pass-word-1"),
             "TIAOJIE_PASSWORD": ("viewer", "pass\udcffword")}.get(name)
    if login is None:
        monkeypatch.setenv(name, "wang\udcff")
    result = run_cli("case", "list", login=login)
    assert result.code == 2
    assert error_line(result).startswith(f"错误 error: {name}: ")


def test_undecodable_environment_variable_real_process(station):
    env = {**{k.encode(): v.encode() for k, v in os.environ.items()},
           b"TIAOJIE_USER": b"\xcd\xf5\xce\xb0"}  # 王伟 in GBK
    out = subprocess.run([sys.executable, "-m", "desktop.cli", "case", "list"], env=env,
                         capture_output=True, timeout=60)
    assert out.returncode == 2
    err = out.stderr.decode("utf-8")
    assert err.startswith("错误 error: TIAOJIE_USER: ") and len(err.splitlines()) == 1


# -- a terminal that cannot show every character ---------------------------------------------

@pytest.mark.parametrize("encoding", ["gbk", "ascii", "latin-1"])
def test_narrow_terminal_never_crashes(run_cli, station, tmp_path, collective_doc, logins,
                                       encoding):
    collective_doc["summary"] = f"申请人{RARE}等十二人在工地务工，被申请人拖欠工资。"
    case_no = _new_case(run_cli, tmp_path, collective_doc, logins)
    env = {"PYTHONIOENCODING": encoding, "TIAOJIE_USER": "viewer",
           "TIAOJIE_PASSWORD": logins["viewer"][1]}
    shown = _cli("case", "show", case_no, env=env)
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout.decode(encoding)
    assert "?" in text and RARE not in text
    if encoding == "gbk":
        assert "申请人" in text and case_no in text  # the rest still reads
    refused = _cli("case", "show", f"{RARE}号", env=env)  # an error line echoing it
    assert refused.returncode == 2
    err = refused.stderr.decode(encoding)
    assert err.startswith("错误 error: " if encoding == "gbk" else "?? error: ")
    assert "Traceback" not in err and len(err.splitlines()) == 1


# -- a reader that goes away -----------------------------------------------------------------

@pytest.mark.parametrize("args", [("case", "list"), ("status",), ("check",)],
                         ids=["case list", "status", "check"])
def test_closed_pipe_exits_quietly(station, tmp_path, collective_doc, logins, run_cli, args):
    _new_case(run_cli, tmp_path, collective_doc, logins)
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head -1` that has already gone
    try:
        out = subprocess.run([sys.executable, "-m", "desktop.cli", *args], stdout=write_end,
                             stderr=subprocess.PIPE, timeout=60,
                             env={**os.environ, "TIAOJIE_USER": "viewer",
                                  "TIAOJIE_PASSWORD": logins["viewer"][1]})
    finally:
        os.close(write_end)
    assert out.returncode == 141, out.stderr.decode()
    assert out.stderr == b""  # no traceback, no "Exception ignored … BrokenPipeError"


def test_head_in_a_real_shell(station, tmp_path, collective_doc, logins, run_cli):
    for _ in range(3):
        _new_case(run_cli, tmp_path, collective_doc, logins)
    env = {**os.environ, "TIAOJIE_USER": "viewer", "TIAOJIE_PASSWORD": logins["viewer"][1],
           "PY": sys.executable}
    out = subprocess.run(["sh", "-c", '"$PY" -m desktop.cli case list | head -1'], env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.count("\n") == 1
    assert out.stderr == ""


# -- extreme dates, through the one parser ---------------------------------------------------

EXTREME_DAYS = ["0001-01-01", "9999-12-31", "2026W471", "20261123", "2026-02-30",
                "1899-12-31", "2201-01-01", "２０２６-11-22", ""]


@pytest.mark.parametrize("day", EXTREME_DAYS)
def test_extreme_today_and_on_are_refused(run_cli, station, tmp_path, collective_doc, logins,
                                          monkeypatch, day):
    case_no = _new_case(run_cli, tmp_path, collective_doc, logins)
    demo = run_cli("--data-dir", str(tmp_path / "demo"), "demo", "--cases", "3", "--today", day)
    assert demo.code == 2 and error_line(demo).startswith("错误 error: --today: ")
    event = run_cli("case", "event", case_no, "accept", "--on", day, login=logins["mediator"])
    assert event.code == 2 and error_line(event).startswith("错误 error: --on: ")
    if day:  # an empty TIAOJIE_TODAY means "not pinned"
        monkeypatch.setenv("TIAOJIE_TODAY", day)
        listed = run_cli("case", "list", login=logins["viewer"])
        assert listed.code == 2 and error_line(listed).startswith("错误 error: TIAOJIE_TODAY: ")
    assert station.read().execute("SELECT count(*) FROM events").fetchone()[0] == 1


def test_demo_today_too_early_for_its_cases_is_refused_before_anything_is_removed(run_cli,
                                                                                  tmp_path):
    home = str(tmp_path / "demo")
    assert run_cli("--data-dir", home, "demo", "--cases", "3").code == 0
    result = run_cli("--data-dir", home, "demo", "--cases", "3", "--today", "1950-06-01")
    assert result.code == 2 and error_line(result).startswith("错误 error: --today: ")
    still_there = run_cli("--data-dir", home, "status").out
    assert still_there.count("案件总数 / cases: 3") == 1


# -- unbounded echo --------------------------------------------------------------------------

MB = 1_000_000
HUGE_FIELDS = [
    ("enum", lambda d: d.update(source="x" * MB)),
    ("date", lambda d: d.update(received_on="2026-11-1" + "9" * MB)),
    ("name", lambda d: d["applicants"][0].update(name="王" * MB)),
    ("id number", lambda d: d["applicants"][1].update(id_number="3" * MB)),
    ("unknown key", lambda d: d.update({"k" * MB: 1})),
    ("dispute type", lambda d: d["dispute_types"].append("t" * MB)),
]


@pytest.mark.parametrize("label, mutate", HUGE_FIELDS, ids=[h[0] for h in HUGE_FIELDS])
def test_error_line_never_repeats_a_huge_value(run_cli, station, tmp_path, collective_doc,
                                                logins, label, mutate):
    mutate(collective_doc)
    result = run_cli("case", "new", str(_write(tmp_path, "huge.json", collective_doc)),
                     login=logins["mediator"])
    assert result.code == 2
    line = error_line(result)
    assert len(line) < 1200, len(line)
    assert not re.search(r"(.)\1{80}", line), line  # no value shown beyond ~80 characters
    assert station.read().execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_huge_case_number_argument_is_cut(run_cli, station, logins):
    result = run_cli("case", "show", "第" + "9" * MB + "号", login=logins["viewer"])
    assert result.code == 2 and len(error_line(result)) < 1200
    assert "9" * 81 not in result.err


def test_echoed_values_are_cut_at_80_characters_with_an_ellipsis():
    from desktop.cli.guard import error_line as make_line

    line = make_line("source", f"未知的代码“{'x' * 5000}”", f"unknown code '{'x' * 5000}'")
    assert f"“{'x' * 80}…”" in line and f"'{'x' * 80}…'" in line
    assert "x" * 81 not in line


def test_control_characters_are_not_echoed_raw(run_cli, station, tmp_path, collective_doc,
                                               logins):
    collective_doc["source"] = "\x1b[2J\x1b[31mapplication\u202e\n第二行"
    result = run_cli("case", "new", str(_write(tmp_path, "esc.json", collective_doc)),
                     login=logins["mediator"])
    assert result.code == 2
    line = error_line(result)  # one line: the newline in the value is escaped
    assert "\x1b" not in line and "\u202e" not in line
    assert "\\x1b" in line or "\\u001b" in line  # shown escaped, by the CLI or the domain


# -- lone surrogates in JSON -----------------------------------------------------------------

def test_lone_surrogate_in_case_file_is_refused_naming_file_and_field(run_cli, station,
                                                                      tmp_path, collective_doc,
                                                                      logins):
    collective_doc["applicants"][2]["name"] = "张\ud800三"
    path = tmp_path / "surrogate.json"
    path.write_text(json.dumps(collective_doc), encoding="ascii")  # "\ud800" escaped
    assert "\\ud800" in path.read_text(encoding="ascii")
    result = run_cli("case", "new", str(path), login=logins["mediator"])
    assert result.code == 2
    assert error_line(result).startswith(f"错误 error: {path}: applicants[2].name: ")
    assert station.read().execute("SELECT count(*) FROM cases").fetchone()[0] == 0


@pytest.mark.parametrize("content", ['{"place": "\\udfff"}', '{"\\ud83d": "x"}',
                                     '{"a": ["\\udc00"]}'], ids=["value", "key", "nested"])
def test_lone_surrogate_in_event_file_is_refused(run_cli, station, tmp_path, collective_doc,
                                                 logins, content):
    case_no = _new_case(run_cli, tmp_path, collective_doc, logins)
    path = tmp_path / "event.json"
    path.write_text(content, encoding="ascii")
    result = run_cli("case", "event", case_no, "accept", "--file", str(path),
                     login=logins["mediator"])
    assert result.code == 2
    assert error_line(result).startswith(f"错误 error: {path}: ")
    assert station.read().execute("SELECT count(*) FROM events").fetchone()[0] == 1


def test_surrogate_pair_is_a_real_character_and_accepted(run_cli, station, tmp_path,
                                                         collective_doc, logins):
    collective_doc["summary"] = "申请人\U00020bb7某等十二人被拖欠工资。"
    path = tmp_path / "pair.json"
    path.write_text(json.dumps(collective_doc), encoding="ascii")  # "\ud842\udfb7"
    assert "\\ud842\\udfb7" in path.read_text(encoding="ascii")
    result = run_cli("case", "new", str(path), login=logins["mediator"])
    assert result.code == 0, result.err


def test_lone_surrogate_on_stdin_is_refused(run_cli, station, logins):
    result = run_cli("case", "new", "-", stdin='{"summary": "\\ud800"}',
                     login=logins["mediator"])
    assert result.code == 2 and error_line(result).startswith("错误 error: -: summary: ")


# -- files that are not UTF-8 JSON text ------------------------------------------------------

NOT_JSON_TEXT = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8",
    "gbk": '{"summary": "拖欠工资"}'.encode("gbk"),
    "utf-16": '{"summary": "拖欠工资"}'.encode("utf-16"),
    "latin-1": '{"summary": "café"}'.encode("latin-1"),
    "empty": b"",
    "nul bytes": b"\x00" * 64,
}


@pytest.mark.parametrize("content", NOT_JSON_TEXT.values(), ids=NOT_JSON_TEXT.keys())
def test_file_that_is_not_utf8_json_is_refused(run_cli, station, tmp_path, logins, content):
    path = tmp_path / "input.json"
    path.write_bytes(content)
    result = run_cli("case", "new", str(path), login=logins["mediator"])
    assert result.code == 2
    assert str(path) in error_line(result)


def test_directory_instead_of_a_file(run_cli, station, tmp_path, collective_doc, logins):
    case_no = _new_case(run_cli, tmp_path, collective_doc, logins)
    for args in (("case", "new", str(tmp_path)),
                 ("case", "event", case_no, "accept", "--file", str(tmp_path))):
        result = run_cli(*args, login=logins["mediator"])
        assert result.code == 2
        assert error_line(result).startswith(f"错误 error: {tmp_path}: ")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_endless_file_is_cut_off(run_cli, station, logins):
    result = run_cli("case", "new", "/dev/zero", login=logins["mediator"])
    assert result.code == 2 and "MB" in error_line(result)


# -- usage mistakes are one line too ---------------------------------------------------------

@pytest.mark.parametrize("args, where", [
    (("case", "show"), "tiaojie case show"),
    (("demo", "--cases", "many"), "tiaojie demo"),
    (("case", "explode"), "tiaojie case"),
    (("--no-such-option",), "tiaojie"),
])
def test_usage_mistakes_are_one_line_exit_2(run_cli, args, where):
    result = run_cli(*args)
    assert result.code == 2
    assert error_line(result).startswith(f"错误 error: {where}: ")


# -- stored text that would act on the terminal ----------------------------------------------

def test_stored_control_and_bidi_characters_are_shown_escaped(run_cli, station, tmp_path,
                                                              collective_doc, logins,
                                                              monkeypatch):
    """Older data (or data from elsewhere) may hold them; the terminal must not obey them."""
    import sqlite3

    case_no = _new_case(run_cli, tmp_path, collective_doc, logins)
    with sqlite3.connect(station.paths.database) as other:  # written by another tool
        other.execute("UPDATE cases SET summary = ?",
                      ["\x1b[2J\x1b[31m拖欠\u202e资工\x00\u200b"])
        other.execute("UPDATE parties SET name = ? WHERE position = 0", ["刘\x07洋\x9b"])
    text = run_cli("case", "show", case_no, login=logins["viewer"])
    assert text.code == 0, text.err
    assert not set("\x1b\u202e\x00\u200b\x07\x9b") & set(text.out)
    assert "\\x1b[2J" in text.out and "\\u202e" in text.out and "刘\\x07洋" in text.out
    assert "\t" in text.out  # layout characters are kept
    as_json = run_cli("case", "show", case_no, "--json", login=logins["viewer"])
    assert json.loads(as_json.out)["summary"].startswith("\x1b[2J")  # scripts get the data
