"""Opening a station the way users get it, and the faults a hostile new user found."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.domain.errors import EnvironmentProblem, ValidationError
from desktop.paths import Paths
from desktop.services import maintenance, runner
from desktop.services.cases import CaseService
from desktop.services.station import StationCopied, open_station


def test_an_empty_database_file_is_damage_not_a_new_station(paths, run_cli, logins):
    paths.root.mkdir(parents=True)
    paths.database.write_bytes(b"")
    with pytest.raises(EnvironmentProblem) as err:
        open_station(paths)
    assert "空" in err.value.zh
    result = run_cli("case", "list", login=logins["viewer"])
    assert result.code == 4 and paths.database.stat().st_size == 0


def test_another_programs_database_is_refused_and_left_alone(paths, run_cli, logins):
    paths.root.mkdir(parents=True)
    with sqlite3.connect(paths.database) as other:
        other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        other.execute("INSERT INTO invoices VALUES (1, 9.5)")
    before = paths.database.read_bytes()
    result = run_cli("case", "list", login=logins["viewer"])
    assert result.code == 4 and "不是调解台数据库" in result.err
    assert paths.database.read_bytes() == before
    assert not list(paths.root.glob("*.bak"))


def test_a_copied_station_is_detected_and_can_be_adopted(station, tmp_path, run_cli, logins):
    copy = Paths(tmp_path / "copy")
    station.close()
    import shutil

    shutil.copytree(station.paths.root, copy.root)
    with pytest.raises(StationCopied) as err:
        open_station(copy)
    assert "复制" in err.value.zh and "tiaojie station adopt" in err.value.zh
    result = run_cli("--data-dir", str(copy.root), "case", "list", login=logins["viewer"])
    assert result.code == 4
    anonymous = run_cli("--data-dir", str(copy.root), "station", "adopt")
    assert anonymous.code == 3  # a login is needed ...
    not_admin = run_cli("--data-dir", str(copy.root), "station", "adopt",
                        login=logins["mediator"])
    assert not_admin.code == 3  # ... an administrator's
    adopted = run_cli("--data-dir", str(copy.root), "station", "adopt", login=logins["admin"])
    assert adopted.code == 0, adopted.err
    assert run_cli("--data-dir", str(copy.root), "case", "list",
                   login=logins["viewer"]).code == 0
    reopened = open_station(copy)
    rows = reopened.read().execute("SELECT actor, action FROM audit_log").fetchall()
    reopened.close()
    assert ("admin", "station.adopt_location") in rows


def test_an_event_after_the_real_date_is_refused_on_a_real_station(tmp_path, monkeypatch,
                                                                  single_doc):
    """A PC clock set ahead (or a pinned day) must not date real events in the future."""
    from desktop.services.auth import User
    from desktop.services.station import init_station

    monkeypatch.delenv("TIAOJIE_TODAY")
    station = init_station(Paths(tmp_path / "real"), name="某某街道调解中心",
                           short_name="某某", org_type="township_center",
                           admin_login="boss", admin_password="s3cret-pass")
    try:
        user = User("boss", "boss", "admin")
        single_doc["received_on"] = date.today().isoformat()
        single_doc["dispute_arose_on"] = (date.today() - timedelta(days=30)).isoformat()
        service = CaseService(station)
        case_no = service.register(single_doc, user).case_no
        tomorrow = (date.today() + timedelta(days=1)).isoformat()
        with pytest.raises(ValidationError) as err:
            service.record_event(case_no, "accept", {"occurred_on": tomorrow}, user)
        assert err.value.where == "occurred_on"
        station.today_override = date.today() + timedelta(days=5)  # a clock set ahead
        with pytest.raises(ValidationError):
            service.record_event(case_no, "accept", {"occurred_on": tomorrow}, user)
        assert service.record_event(case_no, "accept", {}, user) == "accepted"
    finally:
        station.close()


def test_check_finds_a_case_row_edited_behind_the_programs_back(station, service, mediator,
                                                                single_doc, run_cli):
    case_no = service.register(single_doc, mediator).case_no
    service.record_event(case_no, "accept", {}, mediator)
    assert run_cli("check").code == 0
    db_path = station.paths.database
    station.close()
    with sqlite3.connect(db_path) as other:  # the audit chain itself is left intact
        other.execute("UPDATE cases SET claimed_fen = 1")
    broken = run_cli("check")
    assert broken.code == 1 and case_no in broken.out and "审计链完整" in broken.out


def test_a_viewer_reads_while_another_program_writes(station, service, mediator, single_doc,
                                                     logins):
    """Reads (and a successful login) never wait for the write lock."""
    service.register(single_doc, mediator)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE'); c.execute('UPDATE sync_clock SET acked = acked')\n"
         "print('locked', flush=True); time.sleep(30)",
         str(station.paths.database)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        env = {**os.environ, "TIAOJIE_HOME": str(station.paths.root),
               "TIAOJIE_USER": logins["viewer"][0], "TIAOJIE_PASSWORD": logins["viewer"][1]}
        started = time.monotonic()
        out = subprocess.run([sys.executable, "-m", "desktop.cli", "case", "list"], env=env,
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        assert "王舍人" in out.stdout
        assert time.monotonic() - started < 12  # not the 15 s busy timeout
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("typed", ["(2026)第1号", "2026-1", "２０２６－１", "〔2026〕第1号",
                                   "王舍人劳人调字〔2026〕第1号"])
def test_every_command_understands_typed_case_numbers(station, service, mediator, single_doc,
                                                      run_cli, logins, typed, tmp_path):
    service.register(single_doc, mediator)
    assert run_cli("case", "show", typed, login=logins["viewer"]).code == 0
    assert run_cli("case", "event", typed, "accept", login=logins["mediator"]).code == 0
    scan = tmp_path / "scan.txt"
    scan.write_text("扫描件", encoding="utf-8")
    assert run_cli("case", "attach", typed, str(scan), login=logins["mediator"]).code == 0


def test_a_malformed_holiday_file_is_reported_and_cases_still_open(station, service, mediator,
                                                                   single_doc):
    case_no = service.register(single_doc, mediator).case_no
    (station.paths.holidays / "2027.json").write_text("{ not json", encoding="utf-8")
    station.close()
    reopened = open_station(station.paths)
    try:
        assert reopened.calendar_problems and "2027.json" in reopened.calendar_problems[0]
        detail = CaseService(reopened).show(case_no, mediator)
        assert "mediation_due" in detail.clocks
    finally:
        reopened.close()


def test_a_leftover_part_file_is_removed_on_opening(station):
    part = station.paths.attachments / "ab" / "tmpkilled.part"
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(b"x" * 1024)
    old = time.time() - 3600
    os.utime(part, (old, old))
    station.close()
    reopened = open_station(station.paths)
    reopened.close()
    assert not part.exists()


def test_reindex_reports_progress_stops_when_cancelled_and_resumes(station, service, mediator,
                                                                   single_doc, monkeypatch):
    from desktop.storage import search

    for _ in range(5):
        service.register(single_doc, mediator)
    station.write(search.start_reindex)
    monkeypatch.setattr(maintenance, "CHUNK", 2)
    seen: list[tuple[int, int]] = []
    task_runner = runner.Runner(station)

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 2:
            task.cancel()

    task = task_runner.submit(maintenance.reindex, on_progress=progress)
    with pytest.raises(runner.Cancelled):
        task.future.result(timeout=30)
    assert seen[0] == (2, 5)
    state = maintenance.index_state(station)
    assert not state.complete and 2 <= state.indexed < 5  # kept what it did
    done = task_runner.submit(maintenance.reindex).future.result(timeout=30)
    task_runner.shutdown()
    assert done.complete and done.indexed == 5
    assert search.search_pks(station.read(), single_doc["applicants"][0]["name"], limit=10)


def test_read_only_commands_on_a_missing_folder_create_nothing(tmp_path, run_cli, logins):
    missing = tmp_path / "nowhere"
    for argv in (("check",), ("case", "list")):
        result = run_cli("--data-dir", str(missing), *argv, login=logins["viewer"])
        assert result.code == 2
    assert not missing.exists()
    assert not Path(tmp_path / "nowhere").exists()


def test_a_date_set_ahead_is_mended_by_a_recorded_correction(station, service, mediator,
                                                             single_doc):
    """A PC clock set ahead dated an event in the future; later events were then refused as
    'before the case's latest event'.  A correction event mends it, audited, never an edit."""
    case_no = service.register(single_doc, mediator).case_no
    real_today = station.today_override
    station.today_override = real_today + timedelta(days=40)  # the clock set ahead
    service.record_event(case_no, "accept", {}, mediator)
    station.today_override = real_today  # the clock put right
    with pytest.raises(ValidationError) as err:
        service.record_event(case_no, "start", {}, mediator)
    assert err.value.where == "occurred_on"
    with pytest.raises(ValidationError) as err:  # an event the case does not have
        service.record_event(case_no, "correct", {"seq": 9, "corrected_on": "2026-11-20",
                                                   "reason": "x"}, mediator)
    assert err.value.where == "seq"
    with pytest.raises(ValidationError):  # a corrected date is a real, past one
        service.record_event(case_no, "correct", {
            "seq": 2, "corrected_on": (real_today + timedelta(days=3)).isoformat(),
            "reason": "电脑日期错误"}, mediator)
    service.record_event(case_no, "correct", {"seq": 2, "corrected_on": real_today.isoformat(),
                                              "reason": "电脑日期错误"}, mediator)
    with pytest.raises(ValidationError) as err:  # a correction that changes nothing
        service.record_event(case_no, "correct", {"seq": 2,
                                                  "corrected_on": real_today.isoformat(),
                                                  "reason": "再次更正"}, mediator)
    assert "相同" in err.value.zh
    assert service.record_event(case_no, "start", {}, mediator) == "mediating"
    detail = service.show(case_no, mediator)
    assert detail.case.accepted_on == real_today.isoformat()
    accept = next(e for e in detail.events if e.event == "accept")
    assert accept.occurred_on == (real_today + timedelta(days=40)).isoformat()  # kept as made
    assert detail.clocks["acceptance_due"].met_on == real_today.isoformat()  # corrected day
    actions = [r[0] for r in station.read().execute("SELECT action FROM audit_log")]
    assert "case.correct" in actions


def test_an_enterprise_committee_may_count_the_period_from_acceptance(tmp_path, single_doc):
    """DOMAIN.md §7.12 (17号令): a setting for enterprise committees, audited; the open
    deadlines follow at once."""
    from desktop.services import maintenance
    from desktop.services.auth import User
    from desktop.services.station import init_station

    admin = User("boss", "boss", "admin")
    township = init_station(Paths(tmp_path / "t"), name="某某街道调解中心", short_name="某某",
                            org_type="township_center", admin_login="boss",
                            admin_password="s3cret-pass", is_demo=True)
    with pytest.raises(ValidationError):
        maintenance.set_mediation_basis(township, admin, "accepted")
    township.close()
    firm = init_station(Paths(tmp_path / "e"), name="某某公司劳动争议调解委员会",
                        short_name="某某公司", org_type="enterprise_committee",
                        admin_login="boss", admin_password="s3cret-pass", is_demo=True)
    firm.today_override = date(2026, 11, 22)
    try:
        service = CaseService(firm)
        single_doc["received_on"] = "2026-11-02"
        case_no = service.register(single_doc, admin).case_no
        service.record_event(case_no, "accept", {"occurred_on": "2026-11-04"}, admin)
        before = service.show(case_no, admin).clocks["mediation_due"].due_on
        maintenance.set_mediation_basis(firm, admin, "accepted")
        after = service.show(case_no, admin).clocks["mediation_due"].due_on
        assert before == "2026-11-17" and after == "2026-11-19"
        stored = firm.read().execute("SELECT due_on FROM case_deadlines WHERE "
                                     "clock = 'mediation_due'").fetchone()[0]
        assert stored == after
        actions = [r[0] for r in firm.read().execute("SELECT action FROM audit_log")]
        assert "station.mediation_basis" in actions
    finally:
        firm.close()


def test_a_new_holiday_file_asks_for_the_deadlines_to_be_recomputed(station, service,
                                                                   mediator, single_doc,
                                                                   run_cli, logins):
    import json as json_mod

    service.register(single_doc, mediator)
    assert station.calendar_problems == []
    station.close()
    (station.paths.holidays / "2027.json").write_text(json_mod.dumps(
        {"year": 2027, "holidays": [], "workdays": []}), encoding="utf-8")
    reopened = open_station(station.paths)
    assert any("refresh-deadlines" in p for p in reopened.calendar_problems)
    reopened.close()
    assert run_cli("station", "refresh-deadlines", login=logins["mediator"]).code == 0
    again = open_station(station.paths)
    assert not any("refresh-deadlines" in p for p in again.calendar_problems)
    again.close()


def test_the_audit_of_a_read_is_kept_when_the_file_is_busy_and_written_later(
        station, service, mediator, single_doc, monkeypatch):
    """A read is shown at once; if its audit entry cannot be written (another program holds
    the lock past the timeout) it waits in a spool and joins the chain at the next opening."""
    from desktop.services import read_audit
    from desktop.storage import audit
    from desktop.storage import db as storage_db

    case_no = service.register(single_doc, mediator).case_no
    station.close()
    monkeypatch.setattr(storage_db, "BUSY_TIMEOUT_MS", 200)
    busy = open_station(station.paths)
    other = sqlite3.connect(station.paths.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        shown = CaseService(busy).show(case_no, mediator)  # shown at once
        assert shown.case.case_no == case_no
        busy.close()  # the queued entry meets the lock and goes to the spool
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert read_audit.pending(station.paths)
    reopened = open_station(station.paths)
    try:
        assert not read_audit.pending(station.paths)
        rows = reopened.read().execute(
            "SELECT actor, action, case_pk FROM audit_log ORDER BY seq DESC LIMIT 1").fetchall()
        assert rows == [("mediator", "case.view", 1)]
        assert audit.verify_chain(reopened.read()).ok
    finally:
        reopened.close()
