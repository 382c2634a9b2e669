"""The one lookup for bundled resources (works from a checkout and a frozen build)."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from desktop.domain.calendar import HolidayCalendar
from desktop.domain.errors import ValidationError

log = logging.getLogger(__name__)


def base_dir() -> Path:
    """The folder that holds resources/ and forms/ (``sys._MEIPASS`` when frozen)."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else Path(__file__).resolve().parent.parent


def resource(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource('holidays', '2026.json')``."""
    return base_dir().joinpath("resources", *parts)


def load_holiday_calendar(local_dir: Path | None = None) -> HolidayCalendar:
    """Bundled holiday calendars, then the station's own files (a later file wins a year).

    Raises:
        ValidationError: a file is not valid JSON or breaks the format; names the file.
    """
    files = sorted(resource("holidays").glob("*.json"))
    if local_dir is not None and local_dir.is_dir():
        files += sorted(local_dir.glob("*.json"))
    docs = []
    for path in files:
        try:
            docs.append(json.loads(path.read_text(encoding="utf-8-sig")))  # Notepad adds a BOM
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValidationError(f"节假日文件无法读取：{path.name}",
                                  f"holiday file unreadable: {exc}", str(path)) from exc
    return HolidayCalendar.from_documents(docs)
