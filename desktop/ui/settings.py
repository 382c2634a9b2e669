"""The desktop's own preferences (font size, idle lock, language, window geometry).

Kept beside the station's data (``desktop.ini``) rather than in the registry, so a portable
install and every test carry their own; nothing here is secret or legal data.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from desktop.paths import Paths
from desktop.ui.fonts import DEFAULT_SIZE, SIZES

IDLE_CHOICES = (0, 5, 10, 15, 30, 60)  # minutes; 0 = never lock
DEFAULT_IDLE = 15
LANGUAGES = ("zh_CN", "en")


class Settings:
    """Typed access to the preferences file of one data folder."""

    def __init__(self, paths: Paths) -> None:
        self._q = QSettings(str(paths.root / "desktop.ini"), QSettings.Format.IniFormat)

    def _int(self, key: str, default: int, allowed: tuple[int, ...]) -> int:
        try:
            value = int(self._q.value(key, default))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return default
        return value if value in allowed else default

    @property
    def font_size(self) -> int:
        """Interface font size in points."""
        return self._int("ui/font_size", DEFAULT_SIZE, SIZES)

    @font_size.setter
    def font_size(self, value: int) -> None:
        self._q.setValue("ui/font_size", int(value))

    @property
    def idle_minutes(self) -> int:
        """Minutes without input before the window locks (0: never)."""
        return self._int("ui/idle_minutes", DEFAULT_IDLE, IDLE_CHOICES)

    @idle_minutes.setter
    def idle_minutes(self, value: int) -> None:
        self._q.setValue("ui/idle_minutes", int(value))

    @property
    def language(self) -> str:
        """``zh_CN`` (default) or ``en`` (for reviewers)."""
        value = str(self._q.value("ui/language", "zh_CN"))
        return value if value in LANGUAGES else "zh_CN"

    @language.setter
    def language(self, value: str) -> None:
        self._q.setValue("ui/language", value)

    @property
    def last_login(self) -> str:
        """The login name last used on this PC (offered again; never a password)."""
        return str(self._q.value("ui/last_login", ""))

    @last_login.setter
    def last_login(self, value: str) -> None:
        self._q.setValue("ui/last_login", value)

    @property
    def org_name(self) -> str:
        """The organisation's name as last opened here: the login window shows it at once,
        before the station has finished opening."""
        return str(self._q.value("ui/org_name", ""))

    @org_name.setter
    def org_name(self, value: str) -> None:
        self._q.setValue("ui/org_name", value)

    def geometry(self, name: str) -> QByteArray | None:
        """A window's saved geometry."""
        value = self._q.value(f"geometry/{name}")
        return value if isinstance(value, QByteArray) else None

    def save_geometry(self, name: str, value: QByteArray) -> None:
        """Remember a window's geometry."""
        self._q.setValue(f"geometry/{name}", value)

    def sync(self) -> None:
        """Write the file now."""
        self._q.sync()
