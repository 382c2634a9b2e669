"""Capturing a handwritten signature with a mouse, a pen tablet or a touch screen.

The image goes on the signer's line of documents issued afterwards, marked as a captured
image; such documents say "电子稿，以签章原件为准" (DOMAIN.md §4(b)): a captured image is an
evidence aid, not a legal electronic signature.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.tasks import Tasks

if TYPE_CHECKING:  # the documents stack loads when first used
    pass

INK = QColor(20, 20, 90)
Stroke = list[tuple[QPointF, float]]


class SignaturePad(QWidget):
    """A surface to sign on; pen pressure sets the line width."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setMinimumSize(420, 160)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.strokes: list[Stroke] = []
        self._drawing = False

    # -- input --------------------------------------------------------------------------

    def _begin(self, point: QPointF, width: float) -> None:
        self.strokes.append([(point, width)])
        self._drawing = True
        self.update()

    def _extend(self, point: QPointF, width: float) -> None:
        if self._drawing and self.strokes:
            self.strokes[-1].append((point, width))
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), 2.5)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._extend(event.position(), 2.5)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        width = 1.0 + 3.0 * max(0.0, min(1.0, event.pressure()))
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), width)
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position(), width)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()  # no synthesised mouse events after a pen

    def event(self, event: object) -> bool:  # touch screens
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QTouchEvent

        if isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                pos = points[0].position()
                if event.type() == QEvent.Type.TouchBegin:
                    self._begin(pos, 2.5)
                elif event.type() == QEvent.Type.TouchUpdate:
                    self._extend(pos, 2.5)
                else:
                    self._end()
            event.accept()
            return True
        return super().event(event)  # type: ignore[arg-type]

    # -- output -------------------------------------------------------------------------

    def clear(self) -> None:
        self.strokes.clear()
        self.update()
        self.changed.emit()

    def is_empty(self) -> bool:
        return not any(len(s) > 1 for s in self.strokes)

    def _paint_strokes(self, painter: QPainter, offset: QPointF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for stroke in self.strokes:
            for (a, wa), (b, _wb) in zip(stroke, stroke[1:], strict=False):
                painter.setPen(QPen(INK, wa, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                                    Qt.PenJoinStyle.RoundJoin))
                painter.drawLine(a - offset, b - offset)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.setPen(QPen(QColor(190, 190, 190), 1, Qt.PenStyle.DashLine))
        base = self.height() * 0.75
        painter.drawLine(QPointF(20, base), QPointF(self.width() - 20, base))
        self._paint_strokes(painter, QPointF(0, 0))
        painter.end()

    def bounds(self) -> QRectF:
        points = [p for s in self.strokes for p, _ in s]
        xs, ys = [p.x() for p in points], [p.y() for p in points]
        return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    def to_png(self, scale: float = 2.0) -> bytes:
        """The signature on a transparent background, cropped with a small margin."""
        if self.is_empty():
            raise ValueError("nothing drawn")
        box = self.bounds().adjusted(-6, -6, 6, 6)
        image = QImage(int(box.width() * scale) + 1, int(box.height() * scale) + 1,
                       QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.scale(scale, scale)
        self._paint_strokes(painter, box.topLeft())
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub says bytes; str works
        return bytes(data.data())


class SignatureDialog(QDialog):
    """Choose the signer, let them sign, keep the image for the case."""

    saved = Signal(str)

    def __init__(self, tasks: Tasks, user: object, case_pk: int,
                 signers: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signatureDialog")
        self.setWindowTitle(self.tr("采集签名"))
        self.tasks, self.user, self.case_pk = tasks, user, case_pk
        self.signer = QComboBox()
        self.signer.setObjectName("signerChoice")
        for key, label in signers:
            self.signer.addItem(label, key)
        self.pad = SignaturePad()
        note = QLabel(self.tr("请签名人在下方签名（鼠标、手写板或触摸屏）。采集的签名图像只作辅助，"
                              "不是法律意义上的电子签名；使用它的文书会标注“电子稿，以签章原件为准”。"))
        note.setWordWrap(True)
        clear = QPushButton(self.tr("重签"))
        clear.clicked.connect(self.pad.clear)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.pad.changed.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("签名人：")))
        layout.addWidget(self.signer)
        layout.addWidget(note)
        layout.addWidget(self.pad, 1)
        layout.addWidget(clear)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(
            not self.pad.is_empty())

    def save(self) -> None:
        if self.pad.is_empty():
            return
        png, key, pk, user = self.pad.to_png(), str(self.signer.currentData()), self.case_pk, \
            self.user

        def keep(station: object) -> str:
            from desktop.services import seal

            return seal.save_capture(station, pk, key, png, user)  # type: ignore[arg-type]

        def done(_digest: str) -> None:
            self.saved.emit(key)
            self.accept()

        self.tasks.run(keep, on_success=done, parent=self)
