"""Checking issued PDFs from the desktop: 核验文书… in the menu, or a PDF dropped on the
window.  The same check as ``tiaojie verify``; the answer is shown in one message."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMimeData
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.ui.i18n import in_language
from desktop.ui.tasks import Tasks

if TYPE_CHECKING:  # loaded when a file is first checked
    from desktop.services import verification


def pdf_paths(mime: QMimeData) -> list[Path]:
    """The local PDF files a drag carries."""
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls()
            if u.isLocalFile() and u.toLocalFile().lower().endswith(".pdf")]


def choose_and_verify(tasks: Tasks, parent: QWidget) -> None:
    name, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("verify_dialog", "选择要核验的文书"), "", "PDF (*.pdf)")
    if name:
        verify_paths(tasks, parent, [Path(name)])


def verify_paths(tasks: Tasks, parent: QWidget, paths: list[Path]) -> None:
    """Check each file in the background and show what was found."""
    def check(station: object) -> list[verification.Report]:
        from desktop.services import verification

        return [verification.verify_file(p, station=station) for p in paths]  # type: ignore[arg-type]

    tasks.run(check, on_success=lambda reports: show_reports(parent, reports), parent=parent,
              progress=QCoreApplication.translate("verify_dialog", "正在核验文书……"))


def show_reports(parent: QWidget, reports: list[verification.Report]) -> None:
    for report in reports:
        ok = report.exit_code == 0
        box = QMessageBox(QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning,
                          QCoreApplication.translate("verify_dialog", "文书核验"), "",
                          QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("verifyReport")
        lines = [in_language(zh, en) for zh, en in report.lines()]
        box.setText(f"{report.path.name}\n\n" + "\n".join(lines))
        box.exec()
