"""Input widgets shared by the forms: an amount with its live 大写, a date that may be empty,
and the inline error (red) and warning (amber) labels that sit next to a field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.errors import ValidationError
from desktop.domain.money import parse_amount, to_daxie
from desktop.ui.i18n import said

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5300;"  # amber, dark enough to read on white
INVALID_STYLE = "QLineEdit { border: 1px solid #b00020; background: #fff0f0; }"


class ErrorLabel(QLabel):
    """A red line under a field; empty (and taking no space) while the field is fine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_error(self, text: str | None) -> None:
        """Show ``text``, or hide when None/empty."""
        self.setText(text or "")
        self.setVisible(bool(text))


class WarningLabel(ErrorLabel):
    """An amber line under a field: worth checking, but it does not stop saving."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(WARNING_STYLE)


def chinese_part(message: str) -> str:
    """The Chinese half of a core message written "中文 / English" (warnings are)."""
    return message.split(" / ", 1)[0].strip()


class AmountEdit(QWidget):
    """An amount in yuan as a person types it (¥1,680.32), with the 大写 shown live."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, required: bool = False) -> None:
        super().__init__(parent)
        self.required = required
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("金额（元），如 12,300.50"))
        self.daxie = QLabel()
        self.daxie.setObjectName("daxie")
        self.daxie.setStyleSheet("color: #555;")
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.daxie)
        layout.addWidget(self.error)
        self.edit.textChanged.connect(self._update)

    def _update(self) -> None:
        fen, problem = self.read()
        self.daxie.setText(self.tr("大写：{daxie}").format(daxie=to_daxie(fen))
                           if fen is not None else "")
        self.error.show_error(problem)
        self.edit.setStyleSheet(INVALID_STYLE if problem else "")
        self.changed.emit()

    def read(self) -> tuple[int | None, str | None]:
        """(amount in fen or None, the problem or None)."""
        text = self.edit.text().strip()
        if not text:
            return None, (self.tr("请填写金额") if self.required else None)
        try:
            return parse_amount(text), None
        except ValidationError as exc:
            return None, said(exc)

    def fen(self) -> int | None:
        """The amount in fen (None if empty or wrong)."""
        return self.read()[0]

    def set_fen(self, fen: int | None) -> None:
        """Show an amount."""
        self.edit.setText("" if fen is None else f"{fen / 100:.2f}")


class DateEdit(QDateEdit):
    """A day (YYYY-MM-DD) with a calendar; optionally empty (shown as 未填)."""

    EMPTY = QDate(1900, 1, 1)

    def __init__(self, day: date | None = None, *, optional: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.optional = optional
        if optional:
            self.setMinimumDate(self.EMPTY)
            self.setSpecialValueText(self.tr("未填"))
            self.setToolTip(self.tr("可以不填；已选的日期按 Delete 键清除"))
            # An empty day is 1900-01-01 inside: the calendar opens on this month instead
            # (watched on the popup, which is set to the day each time it shows).
            calendar = self.calendarWidget()
            (calendar.parentWidget() or calendar).installEventFilter(self)
        self.set_day(day)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Delete or Backspace on a chosen optional day empties it again."""
        if self.optional and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_day(None)
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show and self.day() is None:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return False

    def set_day(self, day: date | None) -> None:
        """Show ``day`` (None: empty when optional, else today)."""
        if day is None:
            self.setDate(self.EMPTY if self.optional else QDate.currentDate())
        else:
            self.setDate(QDate(day.year, day.month, day.day))

    def day(self) -> date | None:
        """The day chosen, or None when left empty."""
        if self.optional and self.date() == self.EMPTY:
            return None
        d = self.date()
        return date(d.year(), d.month(), d.day())

    def iso(self) -> str | None:
        """The day as ``YYYY-MM-DD`` or None."""
        day = self.day()
        return day.isoformat() if day else None
