"""The bundled CJK font, registered once so Chinese never shows as empty boxes.

A township PC may have no Chinese font Qt can find (and this project's CI machine has none
at all); the interface therefore always uses the font the package ships
(resources/fonts), at the size the user chose for older eyes.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop.resources import resource

log = logging.getLogger(__name__)

UI_FONT_FILE = ("fonts", "wqy-microhei.ttc")
FALLBACK_FAMILY = "WenQuanYi Micro Hei"
SIZES = (10, 11, 12, 14, 16)  # points; 11 is the default, 14–16 for older eyes
DEFAULT_SIZE = 11

_family: str | None = None


def register_fonts() -> str:
    """Register the bundled font with Qt (once) and return its family name."""
    global _family
    if _family is not None:
        return _family
    path = resource(*UI_FONT_FILE)
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.error("bundled font %s could not be registered; Chinese may show as boxes", path)
        _family = FALLBACK_FAMILY
    else:
        _family = families[0]
    return _family


def apply_font(app: QApplication, size: int = DEFAULT_SIZE) -> QFont:
    """Make the bundled font the application's font at ``size`` points."""
    font = QFont(register_fonts())
    font.setPointSize(size if size in SIZES else DEFAULT_SIZE)
    app.setFont(font)
    return font
