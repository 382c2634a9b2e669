"""Event forms ask in the user's terms: the agreement's terms and the case's steps are
chosen by what they say (never by a 0-based number), the next session can be set, and typed
content is not thrown away without asking."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QMessageBox

from desktop.services import case_view, roster
from desktop.services.auth import User
from tests.ui.conftest import idle, type_chinese

TERMS = [{"item": "支付拖欠工资", "amount_fen": 1_200_000, "method": "银行转账",
          "category": "wages", "payer_party": 1},
         {"item": "支付经济补偿", "amount_fen": 300_000, "method": "现金",
          "category": "compensation", "payer_party": 1}]


def _effective_case(service, mediator, single_doc, station) -> str:
    roster.add_mediator(station, User("admin", "admin", "admin"), "王建国",
                        employment="full_time")
    case_no = service.register(single_doc, mediator).case_no
    day = station.today()
    terms = [{**t, "due_on": (day + timedelta(days=i + 1)).isoformat()}
             for i, t in enumerate(TERMS)]
    service.record_event(case_no, "accept", {}, mediator)
    service.record_event(case_no, "assign", {"mediator": "王建国"}, mediator)
    service.record_event(case_no, "start", {}, mediator)
    service.record_event(case_no, "agree", {"terms": terms}, mediator)
    for signer in ("applicant", "respondent", "mediator", "org_seal"):
        service.record_event(case_no, "sign", {"signer": signer}, mediator)
    return case_no


def _page(window, qtbot, tasks, pk):
    window.open_case(pk)
    idle(qtbot, tasks)
    return window.case_tabs[pk]


def _pk(station, mediator, case_no) -> int:
    return next(r.pk for r in case_view.list_page(station, mediator, limit=5).rows
                if r.case_no == case_no)


def _mediating_case_page(window, qtbot, tasks, service, mediator, single_doc, station):
    """A case being mediated, open in its tab: (pk, page)."""
    case_no = service.register(single_doc, mediator).case_no
    for event in ("accept", "start"):
        service.record_event(case_no, event, {}, mediator)
    pk = _pk(station, mediator, case_no)
    return pk, _page(window, qtbot, tasks, pk)


def test_terms_and_steps_are_chosen_by_what_they_say(window, qtbot, tasks, service, mediator,
                                                     single_doc, station):
    case_no = _effective_case(service, mediator, single_doc, station)
    pk = _pk(station, mediator, case_no)
    page = _page(window, qtbot, tasks, pk)
    form = page.start_event("correct")
    steps = form.inputs["seq"]
    assert isinstance(steps, QComboBox)
    texts = [steps.itemText(i) for i in range(steps.count())]
    assert any("受理" in t for t in texts) and not any(t.strip().isdigit() for t in texts)
    form.done(0)

    service.record_event(case_no, "perform", {}, mediator)
    page.load()
    idle(qtbot, tasks)
    form = page.start_event("payment_order_guided")
    terms = form.inputs["term"]
    assert isinstance(terms, QComboBox) and terms.count() == 2
    assert "支付拖欠工资" in terms.itemText(0) and terms.itemData(0) == 0
    form.done(0)


def test_unpaid_terms_are_ticked_in_a_list(window, qtbot, tasks, service, mediator,
                                           single_doc, station):
    case_no = _effective_case(service, mediator, single_doc, station)
    service.record_event(case_no, "perform", {}, mediator)
    pk = _pk(station, mediator, case_no)
    station.today_override = station.today() + timedelta(days=5)  # both terms are due
    page = _page(window, qtbot, tasks, pk)
    form = page.start_event("partly_performed")
    chooser = form.inputs["unpaid_terms"]
    assert isinstance(chooser, QListWidget) and chooser.count() == 2
    assert "支付经济补偿" in chooser.item(1).text()
    chooser.item(1).setCheckState(Qt.CheckState.Checked)
    assert form.data()["unpaid_terms"] == [1]
    form.submit()
    idle(qtbot, tasks)
    assert not form.isVisible(), form.message.text()
    last = case_view.show(station, pk, mediator).events[-1]
    assert last.event == "partly_performed" and last.data["unpaid_terms"] == [1]


def test_a_session_sets_the_next_one(window, qtbot, tasks, service, mediator, single_doc,
                                     station):
    pk, page = _mediating_case_page(window, qtbot, tasks, service, mediator, single_doc,
                                    station)
    form = page.start_event("session")
    next_on = form.inputs["next_on"]
    assert next_on.iso() is None  # optional: empty unless chosen
    next_on.set_day(station.today() + timedelta(days=3))
    form.submit()
    idle(qtbot, tasks)
    assert not form.isVisible(), form.message.text()
    clocks = case_view.show(station, pk, mediator).clocks
    assert clocks["session_planned_on"].due_on == (station.today()
                                                   + timedelta(days=3)).isoformat()


def test_typed_notes_are_not_thrown_away_without_asking(window, qtbot, tasks, service,
                                                        mediator, single_doc, station,
                                                        monkeypatch):
    pk, page = _mediating_case_page(window, qtbot, tasks, service, mediator, single_doc,
                                    station)
    form = page.start_event("session")
    asked = []

    def answer(choice):
        def question(*args, **kwargs):
            asked.append(args[1])
            return choice
        return question

    form.reject()  # nothing typed: closes without asking
    assert not form.isVisible() and asked == []
    form = page.start_event("session")
    type_chinese(form.inputs["note"], "双方同意分两期支付")
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible() and len(asked) == 1  # kept
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    form.close()
    assert not form.isVisible() and len(asked) == 2


def test_an_optional_day_can_be_emptied_again(qtbot):
    from datetime import date

    from desktop.ui.inputs import DateEdit

    edit = DateEdit(optional=True)
    qtbot.addWidget(edit)
    assert edit.iso() is None
    edit.set_day(date(2026, 12, 20))
    assert edit.iso() == "2026-12-20"
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert edit.iso() is None and edit.text() == "未填"
    calendar = edit.calendarWidget()
    popup = calendar.parentWidget() or calendar
    popup.show()  # the popup opens on this month, not on January 1900
    assert calendar.yearShown() >= 2026
    popup.hide()
