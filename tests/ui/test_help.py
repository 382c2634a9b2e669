"""帮助: the Help menu opens the bundled user guide with its pictures; a missing guide is
explained, not a blank window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QImage, QTextDocument

from desktop import resources
from desktop.ui.help import GuideDialog
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import idle


def test_the_help_menu_opens_the_guide_with_its_pictures(tasks, settings, qtbot, mediator):
    window = MainWindow(tasks, mediator, settings)
    qtbot.addWidget(window)
    window.show()
    idle(qtbot, tasks)
    window.findChild(QAction, "guideAction").trigger()
    dialog = window.guide_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    document = dialog.browser.document()
    text = document.toPlainText()
    assert "调解台使用说明" in text and "登记新案件" in text and "归档" in text
    pictures = [name for name in ("screenshots/dashboard.png", "screenshots/case-view.png")
                if name in document.toMarkdown()]
    assert pictures
    for name in pictures:  # each picture is found beside the guide and fits the window
        image = document.resource(QTextDocument.ResourceType.ImageResource.value,
                                  dialog.browser.source().resolved(name))
        assert isinstance(image, QImage) and not image.isNull(), name
        assert image.width() <= dialog.browser.viewport().width(), name
    assert resources.guide().is_file()


def test_a_missing_guide_is_explained(qtbot, tmp_path: Path):
    dialog = GuideDialog(path=tmp_path / "user-guide.md")
    qtbot.addWidget(dialog)
    assert "找不到使用说明文件" in dialog.browser.toPlainText()
