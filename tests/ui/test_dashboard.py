"""The dashboard's side lists: the sessions set for today, the follow-ups due and the open
collective disputes; each line opens its case."""

from __future__ import annotations

from desktop.services import case_view
from tests.ui.conftest import idle


def test_todays_sessions_and_open_collective_disputes(window, qtbot, tasks, service, mediator,
                                                      single_doc, collective_doc, station):
    single = service.register(single_doc, mediator)
    collective = service.register(collective_doc, mediator)
    for event in ("accept", "start"):
        service.record_event(single.case_no, event, {}, mediator)
    service.record_event(single.case_no, "session",
                         {"next_on": station.today().isoformat()}, mediator)
    page = window.dashboard
    page.refresh()
    idle(qtbot, tasks)
    assert [r.case_pk for r in page.session_model.rows] == [single.case_pk]
    assert [r.pk for r in page.collective_model.rows] == [collective.case_pk]
    caption, _title = page.side_titles["sessionTable"]
    assert caption.text().endswith("（1）")
    assert "〔" in page.session_model.data(page.session_model.index(0, 0))

    table = page.side_tables["collectiveTable"]
    with qtbot.waitSignal(page.open_case) as opened:
        table.doubleClicked.emit(page.collective_model.index(0, 0))
    assert opened.args == [collective.case_pk]

    service.record_event(single.case_no, "session", {}, mediator)  # the session was held
    page.refresh()
    idle(qtbot, tasks)
    assert page.session_model.rows == []
    assert case_view.show(station, single.case_pk, mediator).clocks[
        "session_planned_on"].status == "met"
