"""Translations: every Chinese string of the interface goes through Qt's translation, the
committed English translation (resources/translations/tiaojie_en.ts) covers all of them with
the same placeholders, and the real windows show it, with Qt's own buttons in the same
language.

Chinese is the source language; strings the domain supplies (event labels, states, dispute
types and other legal vocabulary) stay Chinese in both languages and are not checked here.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QMessageBox,
    QTabWidget,
    QWidget,
    QWizard,
)

from desktop.ui import app as ui_app
from desktop.ui.case_table import COLUMNS
from desktop.ui.login import LoginDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.setup_wizard import SetupWizard
from tests.ui.conftest import idle

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "desktop" / "ui"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
EXEMPT = "# notr:"  # on a literal's line: not interface text (data, a language's own name)
TR_METHODS = {"tr"}  # self.tr("…"): the enclosing class is the context
CONTEXT_CALLS = {"translate", "QT_TRANSLATE_NOOP"}  # (context, "…")


def _tool():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "tools" / "update_translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


tool = _tool()


# -- the code -----------------------------------------------------------------------------

def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _translated(node: ast.Constant, parents: dict[ast.AST, ast.AST]) -> tuple[str, str] | None:
    """(context, source) when ``node`` is the source text of a call lupdate reads."""
    call = parents.get(node)
    if not isinstance(call, ast.Call):
        return None
    name = _call_name(call)
    if name in TR_METHODS and isinstance(call.func, ast.Attribute) and call.args[:1] == [node]:
        owner = parents.get(call)
        while owner is not None and not isinstance(owner, ast.ClassDef):
            owner = parents.get(owner)
        return (owner.name, node.value) if owner is not None else None
    if name in CONTEXT_CALLS and call.args[1:2] == [node]:
        context = call.args[0]
        if isinstance(context, ast.Constant) and isinstance(context.value, str):
            return context.value, node.value
    return None


def _scan() -> Iterator[tuple[str, int, str, tuple[str, str] | None]]:
    """Every Chinese string literal of desktop/ui (docstrings and exempt lines left out):
    (file, line, text, (context, source) or None when it is not translated)."""
    for path in sorted(UI.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        parents = _parents(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and CHINESE.search(node.value)):
                continue
            if isinstance(parents.get(node), ast.Expr):  # a docstring
                continue
            span = lines[node.lineno - 1:(node.end_lineno or node.lineno)]
            if any(EXEMPT in line for line in span):
                continue
            yield path.name, node.lineno, node.value, _translated(node, parents)


def test_every_chinese_string_of_the_interface_goes_through_translation():
    """Through self.tr("…"), QCoreApplication.translate("context", "…") or
    QT_TRANSLATE_NOOP("context", "…") — spelled so, with literal text (no f-string, no
    alias): that is what lupdate reads."""
    missing = [f"desktop/ui/{name}:{line}: {text!r}"
               for name, line, text, key in _scan() if key is None]
    assert missing == [], "not translatable:\n" + "\n".join(missing)


def test_every_string_the_code_translates_is_in_the_translation_file():
    in_ts = {(m.context, m.source) for m in tool.messages(tool.TS_FILE)}
    in_code = {key for *_, key in _scan() if key is not None}
    assert in_code - in_ts == set(), "run python tools/update_translations.py"


# -- the translation file -----------------------------------------------------------------

def test_every_message_is_translated_with_the_same_placeholders():
    messages = tool.messages(tool.TS_FILE)
    assert len(messages) > 300
    assert tool.problems(tool.TS_FILE) == []
    assert all(m.context for m in messages), "a message without a context (an aliased call?)"


def test_the_translation_file_is_up_to_date_with_the_code(tmp_path: Path):
    """lupdate over the code adds nothing to, and drops nothing from, the committed file."""
    copy = tmp_path / tool.TS_FILE.name
    shutil.copy2(tool.TS_FILE, copy)
    tool.run_lupdate(copy)
    committed = {(m.context, m.source) for m in tool.messages(tool.TS_FILE)}
    assert {(m.context, m.source) for m in tool.messages(copy)} == committed, \
        "run python tools/update_translations.py"


# -- the real windows ---------------------------------------------------------------------

@pytest.fixture
def language(qapp: QApplication) -> Iterator[object]:
    """``language("en")`` installs a language as the desktop does; undone afterwards."""
    locale = QLocale()

    def install(name: str) -> None:
        installed = ui_app.install_translation(qapp, name)
        names = {t.filePath().rsplit("/", 1)[-1] for t in installed}
        if name == "en":
            assert "tiaojie_en.qm" in names, "the .qm is built by `pip install -e .`"
        else:
            assert "qtbase_zh_CN.qm" in names

    yield install
    ui_app.remove_translation(qapp)
    QLocale.setDefault(locale)


def _chinese_texts(root: QWidget, *, skip: tuple[str, ...] = ()) -> list[str]:
    """The Chinese on the labels, buttons, group boxes and tabs inside ``root``."""
    texts: list[tuple[QWidget, str]] = []
    for label in root.findChildren(QLabel):
        texts.append((label, label.text()))
    for button in root.findChildren(QAbstractButton):
        texts.append((button, button.text()))
        texts.append((button, button.toolTip()))
    for box in root.findChildren(QGroupBox):
        texts.append((box, box.title()))
    for tabs in root.findChildren(QTabWidget):
        texts += [(tabs, tabs.tabText(i)) for i in range(tabs.count())]
    return [f"{type(w).__name__} {w.objectName()!r}: {text!r}" for w, text in texts
            if CHINESE.search(text) and w.objectName() not in skip]


def test_the_main_window_in_english(language, tasks, settings, mediator, qtbot):
    language("en")
    window = MainWindow(tasks, mediator, settings)
    qtbot.addWidget(window)
    window.show()
    idle(qtbot, tasks)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Cases", "&Station", "&User", "&Help"]
    actions = [a.text() for menu in window.menuBar().actions() for a in menu.menu().actions()]
    actions += [a.text() for a in window.findChild(QWidget, "mainToolBar").actions()]
    assert "Register a new case..." in actions
    assert [a for a in actions if CHINESE.search(a)] == []
    assert [window.tabs.tabText(i) for i in range(2)] == ["Dashboard", "Cases"]
    headers = [window.case_list.model.headerData(i, Qt.Orientation.Horizontal)
               for i in range(len(COLUMNS))]
    assert headers[:3] == ["Case number", "Applicants", "Respondents"]
    assert [h for h in headers if CHINESE.search(h)] == []
    assert window.dashboard.buttons.button(0).text().startswith("Due today (")
    # The user's name and role are data and vocabulary; the status bar names the demo day.
    assert _chinese_texts(window, skip=("userLabel",)) == []
    assert window.user_label.text().startswith("Logged in: ")
    window.close()


def test_the_login_window_in_english(language, tasks, qtbot):
    language("en")
    login = LoginDialog(tasks, org_name="历城区王舍人街道劳动人事争议调解中心")
    qtbot.addWidget(login)
    assert login.windowTitle() == "Log in"
    # The organisation's name and the demo accounts' names are data.
    assert _chinese_texts(login, skip=("orgName", "demoHint")) == []
    assert login.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Quit"


def test_the_setup_wizard_in_english(language, paths, qtbot):
    language("en")
    wizard = SetupWizard(paths)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.windowTitle() == "Tiaojie Desk — Setup"
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "Next"
    pages = [wizard.page(i) for i in wizard.pageIds()]
    assert [p.title() for p in pages] == ["Welcome to Tiaojie Desk", "Your organisation",
                                          "Administrator account"]
    for page in pages:
        assert not CHINESE.search(page.subTitle())
        assert _chinese_texts(page) == []
    assert "8 characters" in " ".join(label.text() for label in pages[2].findChildren(QLabel))


def test_a_case_in_english(language, tasks, settings, mediator, service, single_doc, qtbot):
    case = service.register(single_doc, mediator)
    language("en")
    window = MainWindow(tasks, mediator, settings)
    qtbot.addWidget(window)
    window.open_case(case.case_pk)
    idle(qtbot, tasks)
    page = window.case_tabs[case.case_pk]
    tabs = page.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())][:3] == ["Parties", "Deadlines",
                                                                  "Agreement"]
    assert page.facts.text().startswith("Source: ")
    assert page.agreement.text() == "No agreement yet."
    # The steps offered are the law's own names (domain vocabulary), kept in Chinese; the
    # header, the facts and the sessions' hint name a state, vocabulary or a step.
    steps = tuple(b.objectName() for b in page.findChildren(QAbstractButton)
                  if b.objectName().startswith("action_"))
    assert _chinese_texts(page, skip=("caseHeader", "caseFacts", "sessionsHint",
                                      *steps)) == []
    hint = page.findChild(QLabel, "sessionsHint").text()
    assert hint.startswith("After each session") and "“Attachments”" in hint


def test_qt_standard_buttons_follow_the_language(language, qapp):
    language("zh_CN")
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    assert close.button(QDialogButtonBox.StandardButton.Close).text() == "关闭"
    box = QMessageBox(QMessageBox.Icon.Question, "", "",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert [box.button(b).text().split("(")[0] for b in (QMessageBox.StandardButton.Yes,
                                                        QMessageBox.StandardButton.No)] \
        == ["是", "否"]
    language("en")
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    assert close.button(QDialogButtonBox.StandardButton.Close).text() == "Close"


def test_without_a_translation_the_interface_is_chinese(qapp, tasks, qtbot):
    """Chinese is the source language: nothing needs loading for it."""
    login = LoginDialog(tasks, org_name="")
    qtbot.addWidget(login)
    assert login.windowTitle() == "登录"
    assert ui_app.app_name() == "调解台"


def test_the_cores_messages_follow_the_interface_language(qapp):
    from desktop.domain.errors import ValidationError
    from desktop.ui.app import install_translation, remove_translation
    from desktop.ui.errors import describe
    from desktop.ui.i18n import said

    exc = ValidationError("姓名应为 1–30 字", "name must be 1-30 characters", "name")
    try:
        install_translation(qapp, "en")
        assert said(exc) == "name must be 1-30 characters"
        assert "name must be 1-30 characters" in describe(exc).text
        install_translation(qapp, "zh_CN")
        assert said(exc) == "姓名应为 1–30 字"
    finally:
        remove_translation(qapp)
    assert said(exc) == "姓名应为 1–30 字"


def test_general_advice_only_where_the_disk_or_folder_is_at_fault():
    from desktop.domain.errors import EnvironmentProblem
    from desktop.ui.errors import describe

    empty = EnvironmentProblem("数据文件是空的，请移走该文件", "the file is empty")
    assert "磁盘空间" not in describe(empty).text  # would contradict "move it away"
    full = EnvironmentProblem("磁盘已满", "disk full")
    full.sqlite_code = 13  # type: ignore[attr-defined]  # SQLITE_FULL, as classify sets it
    assert "请检查磁盘空间" in describe(full).text
