"""Draw the demo station's stand-in for a seal: resources/seal/demo-seal.png.

It is deliberately unlike any seal — a grey square with a dashed border, hatching and the
words 演示样章 / 非真实印章 — so no printed page could pass for a sealed one.  Real
stations import a scan of their own seal; the program never draws one.

    python tools/make_demo_seal.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "seal" / "demo-seal.png"
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
SIDE = 600
GREY = (110, 110, 110, 255)


def main() -> None:
    img = Image.new("RGBA", (SIDE, SIDE), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    for x in range(0, SIDE, 30):  # dashed square border
        for y0, y1 in ((0, 8), (SIDE - 8, SIDE)):
            d.rectangle([x, y0, x + 15, y1], fill=GREY)
            d.rectangle([y0, x, y1, x + 15], fill=GREY)
    for k in range(-SIDE, SIDE, 60):  # sparse hatching
        d.line([(k, SIDE), (k + SIDE, 0)], fill=(150, 150, 150, 140), width=3)
    big = ImageFont.truetype(str(FONT), 120)
    small = ImageFont.truetype(str(FONT), 56)
    for text, font, y in (("演示样章", big, 170), ("非真实印章", small, 330),
                          ("仅供演示培训", small, 400)):
        w = d.textlength(text, font=font)
        d.rectangle([(SIDE - w) / 2 - 10, y - 6, (SIDE + w) / 2 + 10, y + font.size + 14],
                    fill=(255, 255, 255, 230))
        d.text(((SIDE - w) / 2, y), text, font=font, fill=GREY)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    img.save(OUT, optimize=True)
    print(OUT, OUT.stat().st_size)


if __name__ == "__main__":
    main()
