"""The mediator's day through the real widgets on a real station: log in, register a
collective wage dispute by typing into the intake form, accept it, record a session, enter
the agreement and its signatures, and see the dashboard and the list follow."""

from __future__ import annotations

import json

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services import case_view, roster
from desktop.ui.intake import IntakeDialog, draft_path
from desktop.ui.login import LoginDialog
from tests.conftest import MEDIATOR_PASSWORD
from tests.ui.conftest import click, idle, type_chinese, type_text


def _intake(window, qtbot) -> IntakeDialog:
    window.new_case()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, IntakeDialog) and w.isVisible())
    qtbot.addWidget(dialog)
    return dialog


def _fill_collective(qtbot, dialog: IntakeDialog, doc: dict) -> None:
    """Type the documented collective case into the form the way a mediator would."""
    workers = [p for p in doc["applicants"] if p["kind"] == "worker"]
    QApplication.clipboard().setText("姓名\t身份证号\t电话\n" + "\n".join(
        f"{p['name']}\t{p['id_number']}\t{p['phone']}" for p in workers))
    click(qtbot, dialog.findChild(type(dialog.buttons.buttons()[0]), "pasteWorkers"))
    assert len(dialog.applicants.rows) == len(workers)
    for row, p in zip(dialog.applicants.rows, workers, strict=True):
        if p.get("representative"):
            row.role.setCurrentIndex(row.role.findData("representative"))
    for i, employer in enumerate(doc["respondents"]):
        row = dialog.respondents.rows[i] if i < len(dialog.respondents.rows) else \
            dialog.respondents.add_row()
        type_chinese(row.name, employer["name"])
        type_text(qtbot, row.number, employer["uscc"])
        type_text(qtbot, row.phone, employer["phone"])
    dialog.types["wages"].setChecked(True)
    claim = dialog.claims[0]
    type_chinese(claim.item, doc["claims"][0]["item"])
    type_text(qtbot, claim.amount.edit, "192,000")
    assert claim.amount.daxie.text() == "大写：人民币壹拾玖万贰仟元整"
    type_chinese(dialog.summary, doc["summary"])
    dialog.received_on.set_day(__import__("datetime").date.fromisoformat(doc["received_on"]))


def test_login_window_logs_in_and_refuses_a_wrong_password(tasks, qtbot):
    dialog = LoginDialog(tasks, org_name="调解中心")
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.login_edit, "mediator")
    type_text(qtbot, dialog.password_edit, "wrong-password")
    dialog.try_login()
    qtbot.waitUntil(lambda: dialog.message.text() == "登录名或密码错误", timeout=10_000)
    assert dialog.user is None and dialog.password_edit.text() == ""
    type_text(qtbot, dialog.password_edit, MEDIATOR_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.try_login()
    assert dialog.user is not None and dialog.user.role == "mediator"


def test_a_collective_wage_dispute_from_intake_to_signed_agreement(
        window, qtbot, tasks, collective_doc, mediator, admin, station):
    roster.add_mediator(station, admin, "王调解", employment="full_time")
    before = window.dashboard.data.headline.open_cases
    dialog = _intake(window, qtbot)
    _fill_collective(qtbot, dialog, collective_doc)
    assert dialog.local_problems() == []
    with qtbot.waitSignal(window.case_list.model.modelReset, timeout=10_000):
        click(qtbot, dialog.findChild(type(dialog.buttons.buttons()[0]), "registerButton"))
    idle(qtbot, tasks)
    assert not dialog.isVisible(), dialog.message.text()
    page = window.tabs.currentWidget()
    assert page.objectName() == "casePage" and page.detail is not None
    case = page.detail.case
    assert case.worker_count == 12 and "collective" in case.flags
    assert case.claimed_fen == 19_200_000
    assert window.dashboard.data.headline.open_cases == before + 1
    assert window.case_list.model.rows[0].pk == case.pk

    def step(event: str, fill=None) -> None:
        assert event in page.detail.allowed_events
        button = page.findChild(type(dialog.buttons.buttons()[0]), f"action_{event}")
        click(qtbot, button)
        form = next(w for w in QApplication.topLevelWidgets()
                    if w.objectName() == f"eventDialog_{event}" and w.isVisible())
        if fill:
            fill(form)
        form.submit()
        idle(qtbot, tasks)
        refused = {k: e.text() for k, e in form.errors.items() if e.isVisible()}
        assert not form.isVisible(), (event, form.message.text(), refused)

    step("accept")
    step("assign")  # the roster's mediator is offered
    assert page.detail.case.mediator_name == "王调解"
    step("start")
    step("session", lambda f: type_chinese(f.inputs["place"], "王舍人街道调解室"))
    # Representatives sign for a collective side only with the workers' written authority.
    step("authorise_representatives",
         lambda f: type_chinese(f.inputs["document"], "劳动者授权委托书（12人签名）"))

    def agreement(form) -> None:
        term = form.inputs["terms"].boxes[0]
        type_chinese(term.item, "支付拖欠的工资")
        type_text(qtbot, term.amount.edit, "180000")
        assert "壹拾捌万元整" in form.inputs["terms"].total.text()

    step("agree", agreement)
    assert page.detail.agreement is not None and page.detail.agreement.total_fen == 18_000_000
    while (missing := [k for k in page.detail.required_signers
                       if k not in page.detail.agreement.signatures]):
        step("sign")  # the form offers the next signer still missing; the seal comes last
        assert len([k for k in page.detail.required_signers
                    if k not in page.detail.agreement.signatures]) == len(missing) - 1
    assert page.detail.agreement.effective_on is not None
    assert "perform" in page.detail.allowed_events
    stored = case_view.show(tasks.station, case.pk, mediator)
    assert stored.case.status == "agreement" and stored.outcome == "success"
    assert [e.event for e in stored.events][:7] == [
        "register", "accept", "assign", "start", "session", "authorise_representatives", "agree"]


def test_an_invalid_id_shows_inline_and_saves_nothing(window, qtbot, tasks, station, mediator):
    dialog = _intake(window, qtbot)
    row = dialog.applicants.rows[0]
    type_chinese(row.name, "王芳")
    type_text(qtbot, row.number, "370102199001011235")  # wrong check digit
    assert row.error.isVisible() and "校验位" in row.error.text()
    count = case_view.count(station, mediator, case_view.CaseFilter())
    dialog.submit()
    idle(qtbot, tasks)
    assert "标红" in dialog.message.text() and dialog.isVisible()
    assert case_view.count(station, mediator, case_view.CaseFilter()) == count


def test_the_core_refusal_is_shown_next_to_its_field(window, qtbot, tasks):
    dialog = _intake(window, qtbot)
    type_chinese(dialog.applicants.rows[0].name, "王芳")
    type_chinese(dialog.respondents.rows[0].name, "某某公司")
    type_chinese(dialog.summary, "拖欠工资")
    dialog.submit()  # no dispute type chosen
    idle(qtbot, tasks)
    assert dialog.field_errors["dispute_types"].isVisible()
    assert "争议类型" in dialog.field_errors["dispute_types"].text()


def test_a_closed_intake_window_keeps_its_draft(window, qtbot, station, mediator, settings):
    dialog = _intake(window, qtbot)
    type_chinese(dialog.applicants.rows[0].name, "赵小红")
    type_text(qtbot, dialog.applicants.rows[0].phone, "13800138000")
    dialog.types["wages"].setChecked(True)
    dialog.close()
    saved = json.loads(draft_path(station.paths.root, mediator.login).read_text("utf-8"))
    assert saved["applicants"][0]["name"] == "赵小红"
    again = _intake(window, qtbot)
    assert again.applicants.rows[0].name.text() == "赵小红"
    assert again.types["wages"].isChecked() and again.restored.isVisible()


def test_a_failing_operation_shows_the_error_dialog(window, qtbot, tasks):
    seen: list[str] = []

    def close_dialog() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.close()
        else:
            QTimer.singleShot(50, close_dialog)

    def broken(station):
        raise RuntimeError("boom")

    QTimer.singleShot(50, close_dialog)
    tasks.run(broken, parent=window)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert "程序遇到了一个错误" in seen[0]
    assert window.isVisible()


def test_the_case_list_follows_filters_search_and_sort(window, qtbot, tasks, service, mediator,
                                                      single_doc, collective_doc):
    service.register(collective_doc, mediator)
    first = service.register(single_doc, mediator)
    service.record_event(first.case_no, "accept", {}, mediator)
    window.case_list.refresh()
    idle(qtbot, tasks)
    page = window.case_list
    assert page.model.rowCount() == 2 and page.count_label.text() == "共 2 件"
    page.status.setCurrentIndex(page.status.findData("accepted"))
    idle(qtbot, tasks)
    assert [r.pk for r in page.model.rows] == [first.case_pk]
    page.status.setCurrentIndex(0)
    page.collective.setChecked(True)
    idle(qtbot, tasks)
    assert [r.worker_count for r in page.model.rows] == [12]
    page.collective.setChecked(False)
    type_chinese(page.search, "国强")  # two characters, as most Chinese names are
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5_000)
    idle(qtbot, tasks)
    assert page.model.rows[0].worker_count == 12
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5_000)
    page._header_clicked(0)  # 案号: newest first
    assert page.model.sort_key == "number"
    assert [r.pk for r in page.model.rows] == sorted((r.pk for r in page.model.rows),
                                                    reverse=True)
    idle(qtbot, tasks)
