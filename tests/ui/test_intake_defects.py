"""The intake form (登记) against what a hostile tester found: a claim's money silently dropped,
warnings never shown, an error label opening as a window of its own, two windows on one
draft, a malformed draft breaking 登记 for good, and a pasted worker list freezing the window.
Everything goes through the real widgets on a real station."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton

from desktop.domain import validators
from desktop.services import case_view
from desktop.ui.inputs import WARNING_STYLE
from desktop.ui.intake import IntakeDialog, draft_path
from desktop.ui.worker_list import NAME, NUMBER, PROBLEM, REPRESENTATIVE, parse_workers
from tests.ui.conftest import click, idle, type_chinese, type_text

# Bringing the open window forward: the offscreen platform cannot raise a window, and says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

EMPLOYER = ("济南鑫达建筑劳务有限公司", "91370112MAW1H5GT1R")
PILOT_USCC = "91370112MAW1H5GT1X"  # structurally right, wrong check character: a warning


@pytest.fixture(autouse=True)
def no_error_dialogs(qtbot):
    """Fail the test if an error dialog shows (closing it so nothing waits forever)."""
    seen: list[str] = []

    def sweep() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" \
                    and w.isVisible():
                seen.append(w.text())
                w.close()

    timer = QTimer()
    timer.timeout.connect(sweep)
    timer.start(50)
    yield
    timer.stop()
    sweep()
    assert seen == [], f"unexpected error dialog: {seen}"


def _visible_intakes() -> list[IntakeDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, IntakeDialog) and w.isVisible()]


def _intake(window, qtbot) -> IntakeDialog:
    window.new_case_action.trigger()  # 登记新案件… (Ctrl+N)
    dialog = _visible_intakes()[0]
    qtbot.addWidget(dialog)
    return dialog


def _button(dialog, text: str) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == text)


def _fill_case(qtbot, dialog: IntakeDialog, *, applicant: bool = True,
               uscc: str = EMPLOYER[1]) -> None:
    """One applicant (unless the list is pasted), one employer, a type and the facts."""
    if applicant:
        type_chinese(dialog.applicants.rows[0].name, "王芳")
    employer = dialog.respondents.rows[0]
    type_chinese(employer.name, EMPLOYER[0])
    type_text(qtbot, employer.number, uscc)
    dialog.types["wages"].setChecked(True)
    type_chinese(dialog.summary, "被申请人拖欠工资未付。")


def _register(qtbot, tasks, dialog: IntakeDialog) -> None:
    click(qtbot, dialog.findChild(QPushButton, "registerButton"))
    idle(qtbot, tasks)


def _count(station, mediator) -> int:
    return case_view.count(station, mediator, case_view.CaseFilter())


def _opened_case(window):
    page = window.tabs.currentWidget()
    assert page.objectName() == "casePage" and page.detail is not None
    return page.detail


def _worker_lines(n: int, *, seed: int = 7) -> list[tuple[str, str, str]]:
    rng = random.Random(seed)
    surnames, given_names = "王李张刘陈杨赵黄周吴徐孙胡朱高林", "伟芳娜英敏静丽强磊军洋勇艳"
    workers = []
    for i in range(n):
        number = validators.make_resident_id(
            rng, birth=date(1970 + i % 30, 1 + i % 12, 1 + i % 28), address_code="370112",
            male=bool(i % 2))
        name = surnames[i % len(surnames)] + given_names[(i * 7) % len(given_names)] + str(i)
        workers.append((name, number, f"138{i:08d}"))
    return workers


# 1 -- a claim's amount is never dropped ---------------------------------------------------

def test_a_claim_with_an_amount_but_no_item_stops_registering(window, qtbot, tasks, station,
                                                             mediator):
    dialog = _intake(window, qtbot)
    _fill_case(qtbot, dialog)
    claim = dialog.claims[0]
    type_text(qtbot, claim.amount.edit, "16,800")
    click(qtbot, _button(dialog, "增加请求事项"))  # an entirely empty second claim
    before = _count(station, mediator)
    _register(qtbot, tasks, dialog)
    assert dialog.isVisible() and _count(station, mediator) == before
    assert claim.error.isVisible() and claim.error.text() == "请填写请求事项"
    assert not dialog.claims[1].error.isVisible()  # the empty row is simply ignored
    assert "请填写请求事项" in dialog.message.text()

    type_chinese(claim.item, "支付拖欠工资")
    assert not claim.error.isVisible()  # goes as soon as the claim is right
    _register(qtbot, tasks, dialog)
    assert not dialog.isVisible(), dialog.message.text()
    case = _opened_case(window).case
    assert case.claimed_fen == 1_680_000
    assert [c.amount_fen for c in _opened_case(window).claims] == [1_680_000]


# 2 -- warnings are shown -----------------------------------------------------------------

def test_a_credit_code_warning_shows_while_typing_and_does_not_block(window, qtbot):
    dialog = _intake(window, qtbot)
    employer = dialog.respondents.rows[0]
    type_chinese(employer.name, EMPLOYER[0])
    type_text(qtbot, employer.number, PILOT_USCC)
    assert employer.warning.isVisible() and not employer.error.isVisible()
    assert "校验位不符" in employer.warning.text() and "/" not in employer.warning.text()
    assert employer.warning.styleSheet() == WARNING_STYLE  # amber, not the error's red
    assert dialog.local_problems() == []
    employer.number.clear()
    type_text(qtbot, employer.number, EMPLOYER[1])
    assert not employer.warning.isVisible()


def test_the_warnings_of_a_registration_are_shown_once_the_case_opens(
        window, qtbot, tasks, station, mediator):
    dialog = _intake(window, qtbot)
    workers = _worker_lines(12)
    QApplication.clipboard().setText("\n".join("\t".join(w) for w in workers))
    click(qtbot, dialog.findChild(QPushButton, "pasteWorkers"))
    assert dialog.collective_hint.isVisible() and "现为 0 名" in dialog.collective_hint.text()
    _fill_case(qtbot, dialog, applicant=False, uscc=PILOT_USCC)
    type_chinese(dialog.claims[0].item, "支付拖欠工资")
    _register(qtbot, tasks, dialog)
    assert not dialog.isVisible(), dialog.message.text()
    detail = _opened_case(window)  # the case opened, and over it:
    assert detail.case.worker_count == 12
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)
             and w.objectName() == "registrationWarnings" and w.isVisible()]
    assert len(boxes) == 1 and boxes[0] is dialog.warnings_box
    box = boxes[0]
    assert box.icon() == QMessageBox.Icon.Information
    assert detail.case.case_no in box.text()
    lines = box.informativeText().splitlines()
    assert len(lines) == 2, lines
    assert f"被申请人“{EMPLOYER[0]}”：统一社会信用代码校验位不符" in lines[0]
    assert "集体争议尚未推举代表" in lines[1]
    assert not any("uscc" in line or "USCC" in line for line in lines)  # Chinese only
    box.close()


def test_representatives_ticked_in_the_list_satisfy_the_advice(window, qtbot):
    dialog = _intake(window, qtbot)
    QApplication.clipboard().setText("\n".join("\t".join(w) for w in _worker_lines(40)))
    click(qtbot, dialog.findChild(QPushButton, "pasteWorkers"))
    view = dialog.applicants.workers.view
    for row in (0, 1, 2):
        view.setCurrentIndex(view.model().index(row, REPRESENTATIVE))
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert dialog.applicants.workers.model.representatives() == 3
    assert not dialog.collective_hint.isVisible()
    assert [d.get("representative") for d in dialog.document()["applicants"][:4]] == \
        [True, True, True, None]


# 3 -- the employment end date's error sits next to its field --------------------------------

def test_the_employment_end_date_error_is_shown_next_to_its_field(window, qtbot, tasks):
    dialog = _intake(window, qtbot)
    for label in dialog.field_errors.values():
        assert label.window() is dialog and not label.isWindow()
    _fill_case(qtbot, dialog)
    type_chinese(dialog.claims[0].item, "支付拖欠工资")
    assert not dialog.ended_on.isEnabled()  # only once the relation is said to have ended
    dialog.ongoing.setCurrentIndex(2)  # 劳动关系已终止
    assert dialog.ended_on.isEnabled()
    dialog.ended_on.set_day(date(2027, 1, 5))  # after today
    _register(qtbot, tasks, dialog)
    label = dialog.field_errors["employment_ended_on"]
    assert dialog.isVisible() and label.isVisible() and "晚于今天" in label.text()
    assert not label.isWindow() and label.window() is dialog
    assert not [w for w in QApplication.topLevelWidgets()
                if w.isVisible() and type(w).__name__ == "ErrorLabel"]


# 4 -- one intake window per user -----------------------------------------------------------

def test_new_case_twice_brings_the_open_window_forward(window, qtbot, station, mediator):
    first = _intake(window, qtbot)
    type_chinese(first.summary, "第一次打开")
    window.new_case_action.trigger()
    window.new_case_action.trigger()
    assert _visible_intakes() == [first]
    assert first.summary.toPlainText() == "第一次打开"
    first.close()
    assert _visible_intakes() == []
    second = _intake(window, qtbot)
    assert second is not first and _visible_intakes() == [second]
    assert second.summary.toPlainText() == "第一次打开"  # from the one draft file
    window.new_case_action.trigger()
    assert _visible_intakes() == [second]


# 5 -- any draft is tolerated ---------------------------------------------------------------

WRONG_SHAPES = [
    '{"worker_count": "abc"}', '{"claims": ["x"]}', '{"claims": "x"}', "[]", '"text"', "123",
    "null", '{"applicants": "x"}', '{"applicants": [1, "a", null, {"name": 5}]}',
    '{"types": "wages"}', '{"employment": 7}', '{"employment": "1"}', '{"received_on": 5}',
    '{"received_on": "2026-02-30"}', '{"workers": [[1, 2, 3], "x", {"a": 1}]}',
    '{"source": ["application"]}', '{"flags": {"a": 1}}', '{"summary": {"text": "x"}}',
    '{"worker_count": true}', '{"worker_count": -5}', '{"worker_count": 1e400}',
    '{"a":', "\u00ff\u00fe garbage", "",
]


@pytest.mark.parametrize("text", WRONG_SHAPES)
def test_a_draft_of_the_wrong_shape_is_set_aside_once(tasks, mediator, settings, qtbot, text):
    path = draft_path(tasks.station.paths.root, mediator.login)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    dialog = IntakeDialog(tasks, mediator, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    bad = path.with_name(path.name + ".bad")
    assert not path.exists() and bad.read_text(encoding="utf-8") == text
    assert dialog.restored.isVisible() and "无法读取" in dialog.restored.text()
    assert dialog.is_blank()
    dialog.document()  # the form works
    again = IntakeDialog(tasks, mediator, settings)  # told once
    qtbot.addWidget(again)
    again.show()
    assert not again.restored.isVisible()


def test_a_partly_readable_draft_keeps_what_fits(tasks, mediator, settings, qtbot):
    path = draft_path(tasks.station.paths.root, mediator.login)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "summary": "拖欠工资", "claims": ["x", {"item": "支付工资", "amount": 5}],
        "worker_count": "abc", "types": ["wages", 3, "nonsense"],
        "applicants": [{"name": "赵小红", "number": 370102, "role": "boss"}, 7]}),
        encoding="utf-8")
    dialog = IntakeDialog(tasks, mediator, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert path.exists() and not path.with_name(path.name + ".bad").exists()
    assert dialog.summary.toPlainText() == "拖欠工资"
    assert [r.item.text() for r in dialog.claims] == ["支付工资"]
    assert dialog.types["wages"].isChecked() and dialog.worker_count.value() == 0
    assert [r.name.text() for r in dialog.applicants.rows] == ["赵小红"]
    assert dialog.applicants.rows[0].number.text() == ""
    assert "略过" in dialog.restored.text()


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                    | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=6), inner, max_size=4),
                    max_leaves=12)
DRAFT_KEYS = ["source", "received_on", "dispute_arose_on", "court_case_no", "types", "summary",
              "applicants", "respondents", "workers", "claims", "worker_count", "employment",
              "ended_on", "flags", "kind", "name", "number", "item", "amount"]


@hsettings(max_examples=60, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(DRAFT_KEYS), JSON, max_size=8) | JSON)
def test_any_json_draft_opens_the_form(tasks, mediator, settings, qtbot, draft):
    path = draft_path(tasks.station.paths.root, mediator.login)
    path.parent.mkdir(parents=True, exist_ok=True)
    bad = path.with_name(path.name + ".bad")
    bad.unlink(missing_ok=True)
    path.write_text(json.dumps(draft), encoding="utf-8")
    dialog = IntakeDialog(tasks, mediator, settings)
    try:
        assert path.exists() != bad.exists()  # restored, or set aside
        dialog.document()
        dialog.state()
    finally:
        dialog.deleteLater()
        path.unlink(missing_ok=True)


# 6 -- a long worker list ----------------------------------------------------------------

def test_pasted_lists_are_read_in_any_usual_shape():
    rows = parse_workers(
        "序号\t姓名\t电话\t身份证号\r\n"  # a header in another order, a 序号 column
        "1\t张　伟\t13800000001\t370102199001011234\r\n"  # a full-width space in the name
        "\r\n"
        "2\t李娜\t\t１１０１０１１９９００３０７１２３ｘ\r\n"  # full-width digits, no phone
        "   \r\n")
    assert rows == [("张伟", "370102199001011234", "13800000001"),
                    ("李娜", "11010119900307123X", "")]
    assert parse_workers("王芳\n赵强\n") == [("王芳", "", ""), ("赵强", "", "")]
    assert parse_workers("王芳 370102199001011234\n赵 强，13900000000") == [
        ("王芳", "370102199001011234", ""), ("赵强", "", "13900000000")]
    assert parse_workers("姓名\n") == []


def test_a_list_of_300_workers_is_checked_kept_and_registered(
        window, qtbot, tasks, station, mediator):
    workers = _worker_lines(300)
    name, number, phone = workers[136]
    wrong = number[:-1] + ("1" if number[-1] != "1" else "2")  # row 137: a bad check digit
    lines = ["姓名\t身份证号\t电话", ""]
    lines += ["\t".join(w) if i != 136 else f"{name}\t{wrong}\t{phone}"
              for i, w in enumerate(workers)]
    lines.append("\t".join(workers[0]))  # the first worker once more, at the end
    dialog = _intake(window, qtbot)
    QApplication.clipboard().setText("\r\n".join(lines) + "\r\n")
    click(qtbot, dialog.findChild(QPushButton, "pasteWorkers"))
    table = dialog.applicants.workers
    model, view = table.model, table.view
    assert table.isVisible() and model.rowCount() == 301
    assert len(dialog.applicants.rows) == 1 and not dialog.applicants.rows[0].filled
    assert model.index(136, PROBLEM).data() == "身份证号校验位错误"
    assert model.index(136, NUMBER).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(300, PROBLEM).data() == "与第 1 行身份证号重复"
    assert [r for r, _ in model.problems()] == [136, 300]
    assert table.problem_label.isVisible() and "2 行" in table.problem_label.text()

    view.selectRow(300)  # the repeated worker goes
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert model.rowCount() == 300 and "1 行" in table.problem_label.text()
    type_chinese(dialog.respondents.rows[0].name, EMPLOYER[0])
    dialog.types["wages"].setChecked(True)
    type_chinese(dialog.summary, "三百名劳动者的工资被拖欠。")
    type_chinese(dialog.claims[0].item, "支付拖欠工资")
    type_text(qtbot, dialog.claims[0].amount.edit, "3,000,000")
    before = _count(station, mediator)
    _register(qtbot, tasks, dialog)
    assert dialog.isVisible() and _count(station, mediator) == before
    assert "第 137 行" in dialog.message.text()
    assert view.currentIndex().row() == 136  # shown where it is

    for row in (0, 1, 2):
        view.setCurrentIndex(model.index(row, REPRESENTATIVE))
        qtbot.keyClick(view, Qt.Key.Key_Space)
    dialog.close()  # kept as the draft, and read back
    dialog = _intake(window, qtbot)
    table = dialog.applicants.workers
    model, view = table.model, table.view
    assert model.rowCount() == 300 and model.representatives() == 3
    assert model.index(136, NUMBER).data() == wrong and model.problems() != []

    index = model.index(136, NUMBER)  # correct it in the table
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    type_text(qtbot, editor, number)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on its next turn
    qtbot.waitUntil(lambda: model.index(136, NUMBER).data() == number, timeout=5_000)
    assert model.problems() == []
    assert not table.problem_label.isVisible()
    _register(qtbot, tasks, dialog)
    assert not dialog.isVisible(), dialog.message.text()
    detail = _opened_case(window)
    assert detail.case.worker_count == 300 and "collective" in detail.case.flags
    listed = [p for p in detail.parties if p.side == "applicant"]
    assert len(listed) == 300 and sum(1 for p in listed if p.representative) == 3
    assert [p.name for p in listed[:2]] == [workers[0][0], workers[1][0]]
    assert listed[136].id_number == number and listed[136].phone == phone
    assert dialog.warnings_box is None  # 3 representatives: nothing to advise


def test_a_short_list_still_becomes_rows(window, qtbot):
    dialog = _intake(window, qtbot)
    QApplication.clipboard().setText("\n".join("\t".join(w) for w in _worker_lines(5)))
    click(qtbot, dialog.findChild(QPushButton, "pasteWorkers"))
    assert len(dialog.applicants.rows) == 5 and not dialog.applicants.workers.isVisible()
    assert dialog.applicants.rows[0].role.isVisible()  # each can be made a representative


def test_an_old_draft_with_a_long_list_opens_as_the_table(tasks, mediator, settings, qtbot):
    workers = _worker_lines(40)
    rows = [{"kind": "worker", "name": n, "number": i, "phone": p, "address": "", "role": None}
            for n, i, p in workers]
    rows[0].update(role="representative", address="工人宿舍")
    path = draft_path(tasks.station.paths.root, mediator.login)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"applicants": rows}, ensure_ascii=False), encoding="utf-8")
    dialog = IntakeDialog(tasks, mediator, settings)
    qtbot.addWidget(dialog)
    assert [r.name.text() for r in dialog.applicants.rows] == [workers[0][0]]
    assert dialog.applicants.workers.model.rowCount() == 39
    assert [p["name"] for p in dialog.document()["applicants"]] == [w[0] for w in workers]
    assert dialog.applicants.workers.model.index(0, NAME).data() == workers[1][0]


def test_a_refusal_about_a_listed_worker_is_shown_on_its_row(window, qtbot, tasks):
    workers = _worker_lines(20)
    dialog = _intake(window, qtbot)
    QApplication.clipboard().setText("\n".join("\t".join(w) for w in workers))
    click(qtbot, dialog.findChild(QPushButton, "pasteWorkers"))
    representative = dialog.applicants.rows[0]  # typed above the list: the same person
    type_chinese(representative.name, workers[5][0])
    type_text(qtbot, representative.number, workers[5][1])
    _fill_case(qtbot, dialog, applicant=False)
    type_chinese(dialog.claims[0].item, "支付拖欠工资")
    assert dialog.local_problems() == []
    _register(qtbot, tasks, dialog)
    model = dialog.applicants.workers.model
    assert dialog.isVisible() and [r for r, _ in model.problems()] == [5]
    assert model.index(5, PROBLEM).data().startswith("当事人重复")
    assert dialog.applicants.workers.view.currentIndex().row() == 5
    representative.number.clear()  # the row above was the mistake
    _register(qtbot, tasks, dialog)
    assert not dialog.isVisible(), dialog.message.text()
    assert _opened_case(window).case.worker_count == 21
