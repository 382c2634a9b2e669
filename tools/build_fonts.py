"""Build the document fonts in ``resources/fonts/`` from their published sources.

reportlab embeds TrueType (``glyf``) outlines only, and the free Simplified-Chinese fonts
fit for a legal document are CFF OpenType.  This script converts them once; its outputs are
committed, so neither a build nor a station ever runs it.  Run it again only to change a
font (it needs Debian's ``texlive-lang-chinese`` and ``fonts-noto-cjk(-extra)``):

    python tools/build_fonts.py

Outputs (each beside its licence; sources and digests in ``resources/fonts/fonts.json``):

* ``FandolFang-Regular.ttf`` — the 仿宋 body: FandolFang 0.3 (GPL-3 with the font
  exception; its source ``FandolFang-Regular.otf`` ships beside it, unchanged).  Layout
  features are dropped (CJK body text needs none; ``locl`` would pull in other locales).
* ``NotoSerifSC-Black-Subset.ttf`` — the heavy serif title standing in for 小标宋: Noto
  Serif CJK SC Black (OFL-1.1), subset to GB 2312, ASCII and punctuation.
* ``NotoSerifSC-Regular-Supplement.ttf`` — rare characters FandolFang lacks (names such
  as 堃喆珺): Noto Serif CJK SC Regular (OFL-1.1) subset to every BMP character it has and
  FandolFang does not (Hangul left out).  GPL and OFL glyphs stay in separate files.

The conversion is fontTools' cu2qu (cubic to quadratic, max error 1 unit of 1000).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "fonts"
FANDOL = Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf")
NOTO_BLACK = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Black.ttc")
NOTO_REGULAR = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
NOTO_SC_FACE = 2  # the TTC's faces are JP, KR, SC, TC
MAX_ERR = 1.0


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def gb2312() -> set[int]:
    """Every character of GB 2312 (rows 0xA1-0xF7, cells 0xA1-0xFE)."""
    chars: set[int] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((hi, lo)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return chars


def to_truetype(font: TTFont) -> None:
    """Replace the font's CFF outlines by TrueType ones (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and reportlab needs none
    font.sfntVersion = "\000\001\000\000"


def subset_font(source: Path, unicodes: set[int] | None, *, face: int = -1) -> TTFont:
    """The font with only ``unicodes`` (all when None) and no layout features."""
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_bounds = True
    options.drop_tables += ["VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "BASE"]
    options.font_number = face
    font = subset.load_font(str(source), options, lazy=False)
    if unicodes is None:
        unicodes = set(font.getBestCmap())
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    return font


def build(name: str, source: Path, unicodes: set[int] | None, *, face: int = -1) -> dict:
    started = time.monotonic()
    font = subset_font(source, unicodes, face=face)
    to_truetype(font)
    target = OUT / name
    font.save(str(target))
    count = len(font.getBestCmap())
    print(f"{name}: {count} characters, {target.stat().st_size / 1e6:.1f} MB, "
          f"{time.monotonic() - started:.0f} s")
    return {"file": name, "source": source.name, "source_sha256": sha256(source),
            "face": face if face >= 0 else None, "characters": count,
            "sha256": sha256(target)}


def main() -> int:
    for source in (FANDOL, NOTO_BLACK, NOTO_REGULAR):
        if not source.is_file():
            print(f"missing {source}: apt-get install texlive-lang-chinese fonts-noto-cjk "
                  "fonts-noto-cjk-extra", file=sys.stderr)
            return 1
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FANDOL, OUT / FANDOL.name)  # the GPL's corresponding source
    fandol = set(TTFont(str(FANDOL), lazy=True).getBestCmap())
    ascii_and_punct = set(range(0x20, 0x7F)) | set(range(0x2010, 0x2070)) \
        | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    noto_sc = set(TTFont(str(NOTO_REGULAR), fontNumber=NOTO_SC_FACE, lazy=True).getBestCmap())
    hangul = set(range(0x1100, 0x1200)) | set(range(0x3130, 0x3190)) \
        | set(range(0xAC00, 0xD7B0))
    supplement = {c for c in noto_sc if c < 0x10000 and c not in hangul} - fandol
    built = [
        build("FandolFang-Regular.ttf", FANDOL, None),
        build("NotoSerifSC-Black-Subset.ttf", NOTO_BLACK, gb2312() | ascii_and_punct,
              face=NOTO_SC_FACE),
        build("NotoSerifSC-Regular-Supplement.ttf", NOTO_REGULAR, supplement,
              face=NOTO_SC_FACE),
    ]
    record = {"tool": "tools/build_fonts.py", "max_err": MAX_ERR, "fonts": built,
              "fandol_source": {"file": FANDOL.name, "sha256": sha256(FANDOL)}}
    (OUT / "fonts.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n",
                                    encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
