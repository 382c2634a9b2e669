"""工作站 → 印章图片: administrators import the organisation's own seal scan (never drawn by
the program), set its printed size, or remove it.  Every change is audited by the core."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.auth import User
from desktop.ui.tasks import Tasks

if TYPE_CHECKING:  # the documents stack loads when first used
    from desktop.services import seal


class SealDialog(QDialog):
    """Show, import, resize or remove the seal image."""

    def __init__(self, tasks: Tasks, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sealDialog")
        self.setWindowTitle(self.tr("印章图片"))
        self.tasks, self.user = tasks, user
        self.picture = QLabel()
        self.picture.setObjectName("sealPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(200, 200)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.diameter = QDoubleSpinBox()
        self.diameter.setObjectName("sealSize")
        self.diameter.setRange(20, 60)
        self.diameter.setSuffix(" mm")
        self.diameter.setDecimals(1)
        note = QLabel(self.tr("只能导入本单位印章的扫描件（透明背景 PNG，或白底扫描件，"
                              "白色会自动去除）。程序不会、也不能生成印章。"
                              "加盖印章图像的文书会标注“电子稿，以签章原件为准”。"))
        note.setWordWrap(True)
        self.import_button = QPushButton(self.tr("导入印章扫描件…"))
        self.import_button.setObjectName("importSeal")
        self.import_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(self.tr("移除印章图片"))
        self.remove_button.setObjectName("removeSeal")
        self.remove_button.clicked.connect(self.remove)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("盖印直径："), self.diameter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture)
        layout.addWidget(self.state)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.import_button)
        layout.addWidget(self.remove_button)
        layout.addWidget(buttons)
        allowed = user.can("manage_station")
        for widget in (self.import_button, self.remove_button, self.diameter):
            widget.setEnabled(allowed)
        self.diameter.editingFinished.connect(self.resize_seal)
        self.refresh()

    def refresh(self) -> None:
        from desktop.services import seal

        self.tasks.run(lambda station: seal.info(station), on_success=self.show_info,  # type: ignore[arg-type]
                       parent=self)

    def show_info(self, info: seal.SealInfo) -> None:
        self.diameter.blockSignals(True)
        self.diameter.setValue(info.size_mm)
        self.diameter.blockSignals(False)
        if info.present:
            pixmap = QPixmap(str(info.path))
            self.picture.setPixmap(pixmap.scaled(200, 200, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))
            self.state.setText(self.tr("已导入。校验值（SHA-256）：{sha}").format(
                sha=(info.sha256 or "")[:16] + "…"))
        else:
            self.picture.setPixmap(QPixmap())
            self.picture.setText(self.tr("尚未导入印章图片"))
            self.state.setText("")
        self.remove_button.setEnabled(info.present and self.user.can("manage_station"))

    def choose(self, _checked: bool = False, path: Path | None = None) -> None:
        from desktop.services import seal

        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self, self.tr("选择印章扫描件"), "",
                self.tr("图片 (*.png *.jpg *.jpeg *.bmp *.tif)"))
            if not name:
                return
            path = Path(name)
        user, size = self.user, self.diameter.value()
        self.tasks.run(lambda station: seal.import_seal(station, path, user, size_mm=size),  # type: ignore[arg-type]
                       on_success=self.show_info, parent=self)

    def resize_seal(self) -> None:
        from desktop.services import seal

        user, size = self.user, self.diameter.value()
        self.tasks.run(lambda station: seal.set_size(station, size, user),  # type: ignore[arg-type]
                       on_success=self.show_info, parent=self)

    def remove(self) -> None:
        from desktop.services import seal

        user = self.user
        self.tasks.run(lambda station: seal.remove_seal(station, user),  # type: ignore[arg-type]
                       on_success=lambda _r: self.refresh(), parent=self)
