"""What opening finds wrong with the holiday calendar is said on the terminal, not only
written to the log."""

from __future__ import annotations

import json


def test_a_changed_calendar_and_a_broken_file_are_said_on_stderr(station, service, mediator,
                                                                 single_doc, run_cli,
                                                                 logins):
    service.register(single_doc, mediator)
    station.close()
    quiet = run_cli("case", "list", login=logins["mediator"])
    assert quiet.code == 0 and "warning" not in quiet.err
    (station.paths.holidays / "2027.json").write_text(json.dumps(
        {"year": 2027, "holidays": [], "workdays": []}), encoding="utf-8")
    (station.paths.holidays / "2028.json").write_text("{", encoding="utf-8")
    listed = run_cli("case", "list", login=logins["mediator"])
    assert listed.code == 0
    assert "refresh-deadlines" in listed.err and "2028.json" in listed.err
    assert "refresh-deadlines" in run_cli("status").err  # the station summary says it too
    assert run_cli("station", "refresh-deadlines", login=logins["mediator"]).code == 0
    after = run_cli("case", "list", login=logins["mediator"])
    assert "refresh-deadlines" not in after.err and "2028.json" in after.err
