"""The organisation's seal image: checked, made transparent, cropped (Pillow).

Only a scan of the organisation's own seal is ever used; the program never draws a seal
(DOMAIN.md §4(c)).  A scan on a white background has the white made transparent.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from desktop.domain.errors import ValidationError

MAX_BYTES = 10 * 1024 * 1024
MIN_SIDE, MAX_SIDE = 150, 6000
WHITE = 225  # channels all above this count as paper
DEFAULT_MM = 42.0
PLACED_SIDE = 600  # pixels kept: every document embeds the image
MIN_MM, MAX_MM = 20.0, 60.0


@dataclass(frozen=True)
class SealImage:
    """A seal image ready to place: PNG bytes with an alpha channel."""

    png: bytes
    width: int
    height: int
    made_transparent: bool


def prepare(data: bytes, where: str = "seal") -> SealImage:
    """Check a seal scan and return it as a cropped RGBA PNG.

    Raises:
        ValidationError: not an image, too small or large, or nothing that looks like a
            seal on it (blank, or a photograph with no background).
    """
    from PIL import Image, ImageChops

    from desktop.documents.images import open_image

    if len(data) > MAX_BYTES:
        raise ValidationError("印章图片超过 10 MB", "seal image larger than 10 MB", where)
    img = open_image(data, where)
    if img.format not in ("PNG", "JPEG", "BMP", "TIFF"):
        raise ValidationError("请使用 PNG 或 JPG 格式的印章扫描件",
                              f"unsupported image format {img.format}", where)
    w, h = img.size
    if min(w, h) < MIN_SIDE or max(w, h) > MAX_SIDE:
        raise ValidationError(f"印章图片尺寸应在 {MIN_SIDE}–{MAX_SIDE} 像素之间（现为 {w}×{h}）",
                              f"seal image must be {MIN_SIDE}-{MAX_SIDE} px a side ({w}x{h})",
                              where)
    rgba = img.convert("RGBA")
    alpha = rgba.getchannel("A")
    made_transparent = alpha.getextrema()[0] == 255  # fully opaque: a scan on paper
    if made_transparent:
        # Paper is where every channel is near white; everything else is ink.
        white = rgba.convert("RGB").point(lambda v: 255 if v > WHITE else 0)
        wr, wg, wb = white.split()
        alpha = ImageChops.invert(ImageChops.multiply(ImageChops.multiply(wr, wg), wb))
        rgba.putalpha(alpha)
    box = alpha.point(lambda v: 255 if v > 24 else 0).getbbox()
    if box is None:
        raise ValidationError("图片上没有可用的印章图案（全是空白）",
                              "the image holds no seal (it is blank)", where)
    rgba = rgba.crop(box)
    cw, ch = rgba.size
    inked = rgba.getchannel("A").point(lambda v: 255 if v > 24 else 0).histogram()[255] \
        / float(cw * ch)
    if inked > 0.75:
        raise ValidationError("图片不像印章扫描件：没有可去除的白色背景。"
                              "请使用白底扫描件或透明背景 PNG",
                              "does not look like a seal scan: no background to remove", where)
    if min(cw, ch) < MIN_SIDE // 2 or not 0.4 <= cw / ch <= 2.5:
        raise ValidationError("印章图案过小或形状异常，请重新扫描",
                              "the seal on the image is too small or oddly shaped", where)
    if max(cw, ch) > PLACED_SIDE:  # more than a 42 mm seal needs at ~360 dpi
        scale = PLACED_SIDE / max(cw, ch)
        rgba = rgba.resize((max(1, round(cw * scale)), max(1, round(ch * scale))),
                           Image.Resampling.LANCZOS)
        cw, ch = rgba.size
    out = io.BytesIO()
    rgba.save(out, format="PNG", optimize=True)
    return SealImage(out.getvalue(), cw, ch, made_transparent)


def check_size_mm(value: float | str, where: str = "seal_mm") -> float:
    """The seal's printed diameter in millimetres (20-60; 42 is usual)."""
    try:
        mm = float(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError("印章尺寸应为毫米数，例如 42", "seal size must be millimetres",
                              where) from exc
    if not MIN_MM <= mm <= MAX_MM:
        raise ValidationError(f"印章尺寸应在 {MIN_MM:.0f}–{MAX_MM:.0f} 毫米之间",
                              f"seal size must be {MIN_MM:.0f}-{MAX_MM:.0f} mm", where)
    return mm
