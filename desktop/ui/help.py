"""帮助: the user guide (docs/user-guide.md with its screenshots) in a window of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop import resources
from desktop.ui.models import fit_to_screen

MARGIN = 48  # room for the scroll bar and the document's margins


class GuideBrowser(QTextBrowser):
    """Shows the Markdown guide; pictures wider than the window are scaled down to fit."""

    def loadResource(self, kind: int, url: QUrl | str) -> object:  # noqa: N802 - Qt's name
        data = super().loadResource(kind, url)
        if kind != QTextDocument.ResourceType.ImageResource.value or data is None:
            return data
        image = data if isinstance(data, QImage) else QImage.fromData(data)
        width = max(self.viewport().width() - MARGIN, 320)
        if image.isNull() or image.width() <= width:
            return data
        return image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)


class GuideDialog(QDialog):
    """使用说明: the bundled guide, or a plain message where the installation lost it."""

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("调解台使用说明"))
        fit_to_screen(self, 900, 680)
        self.browser = GuideBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenExternalLinks(True)
        path = path or resources.guide()
        if path.is_file():
            self.browser.setSearchPaths([str(path.parent)])
            self.browser.setSource(QUrl.fromLocalFile(str(path)),
                                   QTextDocument.ResourceType.MarkdownResource)
        else:
            self.browser.setPlainText(self.tr(
                "找不到使用说明文件（{path}）。\n安装可能不完整，请重新安装调解台。")
                .format(path=path))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
