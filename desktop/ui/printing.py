"""Printing issued documents through the system print dialog, with a preview.

Pages are rendered by PDFium in the background first (:func:`preview.pdf_pages`), so the
preview and the printer only paint ready images and the window never waits.  The copies
default to what the form says (the agreement: 一式三份) and duplex to long-edge.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from desktop.ui import preview
from desktop.ui.tasks import Tasks

PRINT_DPI = 200


def make_printer(copies: int, title: str) -> QPrinter:
    """An A4 printer set for ``copies`` copies, duplex on the long edge."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF carries its own margins
    printer.setCopyCount(max(1, copies))
    printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)
    printer.setDocName(title)
    return printer


def paint_pages(printer: QPrinter, pages: list[QImage]) -> None:
    """Paint the page images onto ``printer``, each filling the sheet."""
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        for index, image in enumerate(pages):
            if index:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(area.x() + (area.width() - size.width()) // 2,
                           area.y() + (area.height() - size.height()) // 2,
                           size.width(), size.height())
            painter.drawImage(target, image)
    finally:
        painter.end()


class DocumentPrinter:
    """Render a PDF in the background, then show the preview or the print dialog."""

    def __init__(self, tasks: Tasks, parent: QWidget) -> None:
        self.tasks, self.parent = tasks, parent
        self.printer: QPrinter | None = None
        self.pages: list[QImage] = []
        self.dialog: QWidget | None = None

    def start(self, path: Path, title: str, copies: int, *, with_preview: bool = True) -> None:
        def ready(pages: list[QImage]) -> None:
            self.pages = pages
            self.printer = make_printer(copies, title)
            printer = self.printer
            if with_preview:
                shown = QPrintPreviewDialog(printer, self.parent)
                shown.setObjectName("printPreview")
                shown.setWindowTitle(QCoreApplication.translate(
                    "printing", "打印预览 — {title}").format(title=title))
                shown.paintRequested.connect(lambda p: paint_pages(p, self.pages))
                self.dialog = shown
                shown.open()
            else:
                chosen = QPrintDialog(printer, self.parent)
                chosen.setObjectName("printDialog")
                chosen.accepted.connect(lambda: paint_pages(printer, self.pages))
                self.dialog = chosen
                chosen.setWindowModality(Qt.WindowModality.WindowModal)
                chosen.show()

        self.tasks.run(lambda _station: preview.pdf_pages(path, PRINT_DPI), on_success=ready,
                       parent=self.parent,
                       progress=QCoreApplication.translate("printing", "正在准备打印……"))
