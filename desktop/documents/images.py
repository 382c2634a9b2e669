"""Opening images people hand in (seal scans, signed scans) without letting a hostile file
exhaust the machine: the size is checked before any pixel is decoded."""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

from desktop.domain.errors import ValidationError

MAX_PIXELS = 40_000_000  # a 600 dpi A4 scan is ~35 MP
MAX_PDF_PAGES = 20  # a signed document is a few pages; the code is on every page
MAX_RENDER_SIDE = 2500  # pixels: an A4 page at ~200 dpi, plenty to read a QR code


def open_image(source: bytes | Path, where: str) -> Any:
    """A loaded Pillow image.

    Raises:
        ValidationError: not an image Pillow reads, or larger than :data:`MAX_PIXELS`.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise ValidationError(f"图片过大（{w}×{h} 像素），请以 600 dpi 以下扫描",
                                      f"image too large ({w}x{h} px)", where)
            img.load()
            return img
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError("无法识别该图片（请使用 PDF、JPG 或 PNG 格式）",
                              f"not an image that can be read ({type(exc).__name__})",
                              where) from exc


def render_scale(width_pt: float, height_pt: float, dpi: int = 150) -> float:
    """The scale to render a PDF page at ``dpi``, capped so no side passes
    :data:`MAX_RENDER_SIDE` pixels (a page the size of a wall is not rendered at 150 dpi)."""
    side = max(width_pt, height_pt, 1.0)
    return min(dpi / 72, MAX_RENDER_SIDE / side)
