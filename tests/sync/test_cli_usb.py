"""The USB-stick path, from both command lines: ``tiaojie sync`` at the station and
``tiaojie-county`` at the court, with their exit codes and bilingual messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from county import cli as county_cli
from county.service import County
from desktop.services.station import Station
from tests.conftest import ADMIN, MEDIATOR, VIEWER
from tests.sync.conftest import delegated_case

COUNTY_PASS = "county-pass-1"


@pytest.fixture
def county_cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "county"
    monkeypatch.setenv("TIAOJIE_COUNTY_HOME", str(home))
    monkeypatch.setenv("TIAOJIE_COUNTY_PASSPHRASE", COUNTY_PASS)
    return home


def county_run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = county_cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_enrol_push_and_delegate_by_usb_stick(station: Station, run_cli: Any,
                                              county_cli_env: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str],
                                              single_doc: dict[str, Any]) -> None:
    data = str(station.paths.root)
    station.close()
    stick = tmp_path / "U盘"
    assert county_run(capsys, "init", "--id", "370100", "--name", "测试县仲裁院")[0] == 0
    assert county_run(capsys, "station", "add", "S01", "王舍人街道调解中心")[0] == 0
    code, out, _ = county_run(capsys, "enrol-file", "S01", "-o", str(stick / "S01.tjenrol"))
    assert code == 0 and (stick / "S01.tjenrol").is_file()

    monkeypatch.setenv("TIAOJIE_SYNC_PASSPHRASE", "station-pass-1")
    # Only an administrator enrols.
    denied = run_cli("--data-dir", data, "sync", "enrol", str(stick / "S01.tjenrol"),
                     login=MEDIATOR)
    assert denied.code == 3
    done = run_cli("--data-dir", data, "sync", "enrol", str(stick / "S01.tjenrol"), login=ADMIN)
    assert done.code == 0, done.err
    assert (stick / "S01-enrol.tjsync").is_file()

    code, out, err = county_run(capsys, "import", str(stick), "--out", str(stick / "回执"))
    assert code == 0, err
    assert "注册完成" in out
    imported = run_cli("--data-dir", data, "sync", "import", str(stick / "回执"), login=ADMIN)
    assert imported.code == 0, imported.err
    assert "注册完成" in imported.out

    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(single_doc, ensure_ascii=False), "utf-8")
    assert run_cli("--data-dir", data, "case", "new", str(case_file), login=MEDIATOR).code == 0
    out_dir = stick / "发往县里"
    exported = run_cli("--data-dir", data, "sync", "export", "--to", str(out_dir), login=ADMIN)
    assert exported.code == 0, exported.err
    assert len(list(out_dir.glob("S01-up-*.tjsync"))) == 1

    delegated = tmp_path / "delegated.json"
    delegated.write_text(json.dumps(delegated_case(), ensure_ascii=False), "utf-8")
    assert county_run(capsys, "delegate", "S01", str(delegated))[0] == 0
    code, out, err = county_run(capsys, "import", str(out_dir), "--out", str(stick / "回来"))
    assert code == 0, err
    back = sorted(p.name for p in (stick / "回来").iterdir())
    assert any("-receipt-" in n for n in back) and any("-down-" in n for n in back)
    # The same files again: duplicates, answered with the same receipts, nothing twice.
    code, out, _ = county_run(capsys, "import", str(out_dir), "--out", str(stick / "再来"))
    assert code == 0 and "重复" in out

    pulled = run_cli("--data-dir", data, "sync", "import", str(stick / "回来"), login=ADMIN)
    assert pulled.code == 0, pulled.err
    assert "收到委派案件" in pulled.out
    again = run_cli("--data-dir", data, "sync", "import", str(stick / "回来"), login=ADMIN)
    assert again.code == 0
    listed = run_cli("--data-dir", data, "case", "list", "--search", "赵铁柱", login=VIEWER)
    assert listed.out.count("赵铁柱") == 1

    status = run_cli("--data-dir", data, "sync", "status", "--json", login=VIEWER)
    facts = json.loads(status.out)
    assert facts["pending"] == 0 and facts["station"] == "S01"
    code, out, _ = county_run(capsys, "station", "list")
    assert "S01" in out and "已注册" in out
    code, out, _ = county_run(capsys, "inbox")
    assert code == 0 and "applied" in out


def test_bad_input_gets_bilingual_errors_and_exit_codes(station: Station, run_cli: Any,
                                                        county_cli_env: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    data = str(station.paths.root)
    station.close()
    monkeypatch.setenv("TIAOJIE_SYNC_PASSPHRASE", "station-pass-1")
    not_enrolled = run_cli("--data-dir", data, "sync", "push", login=ADMIN)
    assert not_enrolled.code == 2 and "尚未" in not_enrolled.err and "not enrolled" in \
        not_enrolled.err
    junk = tmp_path / "junk.tjenrol"
    junk.write_bytes(b"\x00\x01 not json")
    bad = run_cli("--data-dir", data, "sync", "enrol", str(junk), login=ADMIN)
    assert bad.code == 2 and "注册文件无效" in bad.err and "invalid enrolment file" in bad.err
    missing = run_cli("--data-dir", data, "sync", "import", str(tmp_path / "无此文件"),
                      login=ADMIN)
    assert missing.code in (2, 3)

    assert county_run(capsys, "init", "--id", "370100", "--name", "测试县仲裁院")[0] == 0
    code, _, err = county_run(capsys, "station", "add", "坏 编号", "x")
    assert code == 2 and "工作站编号" in err and "station id" in err
    code, _, err = county_run(capsys, "enrol-file", "S99")
    assert code == 2 and "S99" in err
    junk_env = tmp_path / "in"
    junk_env.mkdir()
    (junk_env / "x.tjsync").write_bytes(b"TJSYNC\x00\x01" + b"\xff" * 40)
    code, _, err = county_run(capsys, "import", str(junk_env), "--out", str(tmp_path / "o"))
    assert code == 7 and "同步数据包" in err and "sync envelope" in err
    monkeypatch.setenv("TIAOJIE_COUNTY_PASSPHRASE", "wrong-passphrase")
    County(county_cli_env)  # opening needs no passphrase
    code, _, err = county_run(capsys, "enrol-file", "S01")
    assert code in (2, 3)


def test_stick_folders_are_checked_on_the_command_line(station: Station, run_cli: Any,
                                                       county_cli_env: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    """An empty --to or --out is a slip, not the current folder; a missing parent is
    refused before anything is written there."""
    data = str(station.paths.root)
    station.close()
    assert county_run(capsys, "init", "--id", "370100", "--name", "测试县仲裁院")[0] == 0
    assert county_run(capsys, "station", "add", "S01", "王舍人街道调解中心")[0] == 0
    enrol_file = tmp_path / "S01.tjenrol"
    assert county_run(capsys, "enrol-file", "S01", "-o", str(enrol_file))[0] == 0
    monkeypatch.setenv("TIAOJIE_SYNC_PASSPHRASE", "station-pass-1")
    for out in ("", str(tmp_path / "no" / "such")):
        refused = run_cli("--data-dir", data, "sync", "enrol", str(enrol_file), "--out", out,
                          login=ADMIN)
        assert refused.code == 2 and " / " in refused.err, refused.err
    assert not (tmp_path / "no").exists()
    done = run_cli("--data-dir", data, "sync", "enrol", str(enrol_file), login=ADMIN)
    assert done.code == 0 and (tmp_path / "S01-enrol.tjsync").is_file()
    empty = run_cli("--data-dir", data, "sync", "export", "--to", "", login=ADMIN)
    assert empty.code == 2 and "--to" in empty.err
