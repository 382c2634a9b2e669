"""Previews of attached files: images through Qt, the first page of a PDF through PDFium
(pypdfium2).  Rendering runs off the GUI thread and hands back a QImage (safe outside the
GUI thread, unlike a QPixmap)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QImageReader

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp"}
MAX_PIXELS = 40_000_000  # a phone photo is ~12 MP; refuse decompression bombs

_PDFIUM_FORMATS = {
    "RGB": QImage.Format.Format_RGB888, "RGBA": QImage.Format.Format_RGBA8888,
    "RGBX": QImage.Format.Format_RGBX8888, "BGR": QImage.Format.Format_BGR888,
    "BGRA": QImage.Format.Format_ARGB32, "BGRX": QImage.Format.Format_RGB32,
    "L": QImage.Format.Format_Grayscale8,
}


def can_preview(filename: str) -> bool:
    """Whether a file of this name gets a preview."""
    suffix = Path(filename).suffix.lower()
    return suffix in IMAGE_SUFFIXES or suffix == ".pdf"


def render(path: Path, filename: str, width: int) -> QImage | None:
    """A preview ``width`` pixels wide (at most), or None when the file cannot be shown."""
    suffix = Path(filename).suffix.lower()
    try:
        if suffix == ".pdf":
            return _pdf_page(path, width)
        if suffix in IMAGE_SUFFIXES:
            return _image(path, width)
    except Exception as exc:  # a damaged or hostile file: no preview, never a crash
        log.info("no preview of %s: %s", filename, exc)
    return None


def _image(path: Path, width: int) -> QImage | None:
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid():
        if size.width() * size.height() > MAX_PIXELS:
            return None
        if size.width() > width:
            reader.setScaledSize(size.scaled(width, 10**6, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image


def _pdf_page(path: Path, width: int) -> QImage | None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        if len(pdf) == 0:
            return None
        page = pdf[0]
        scale = width / max(page.get_width(), 1.0)
        bitmap = page.render(scale=scale, rev_byteorder=True)
        fmt = _PDFIUM_FORMATS.get(bitmap.mode)
        if fmt is None:
            return None
        image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, fmt)
        return image.copy()  # own the pixels before PDFium's buffer goes
    finally:
        pdf.close()



def pdf_pages(path: Path, dpi: int, *, limit: int = 200) -> list[QImage]:
    """Every page of a PDF as an image at ``dpi`` (for printing; run off the GUI thread).

    PDFium draws what Qt's own PDF module leaves out (signature appearances, form fields).
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    pages: list[QImage] = []
    try:
        pdf.init_forms()
        for index in range(min(len(pdf), limit)):
            bitmap = pdf[index].render(scale=dpi / 72, rev_byteorder=True, may_draw_forms=True)
            fmt = _PDFIUM_FORMATS.get(bitmap.mode)
            if fmt is None:
                raise ValueError(f"unexpected bitmap mode {bitmap.mode}")
            pages.append(QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height,
                                bitmap.stride, fmt).copy())
    finally:
        pdf.close()
    return pages
