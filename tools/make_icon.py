"""Draw the application icon: ``python -m tools.make_icon`` (needs Pillow).

A blue rounded square (the wizard's selection blue) with the character 申 (申报)
in white, drawn from rectangles rather than from a font, so the files come out
the same on every machine. Writes ``resources/icons/yn-forms.png`` (256 px, for
the window and the README) and ``resources/icons/yn-forms.ico`` (16–256 px, for
the Windows executables); both are committed, this script is how they were made.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
UNIT = 256  # the drawing below is on a 256 x 256 grid
SUPERSAMPLE = 4
BACKGROUND = (21, 101, 192, 255)  # #1565c0
BORDER = (13, 71, 161, 255)  # #0d47a1
GLYPH = (255, 255, 255, 255)

# 申: a box with three bars (日) and one stroke through its middle, longer below than above.
STROKE = 20
BOX = (56, 64, 200, 172)  # left, top, right, bottom (outer edges)
STEM = (128 - STROKE // 2, 26, 128 + STROKE // 2, 232)


def glyph_rectangles() -> list[tuple[int, int, int, int]]:
    left, top, right, bottom = BOX
    middle = (top + bottom) // 2
    half = STROKE // 2
    return [
        (left, top, left + STROKE, bottom),  # left side
        (right - STROKE, top, right, bottom),  # right side
        (left, top, right, top + STROKE),  # top bar
        (left, middle - half, right, middle + half),  # middle bar
        (left, bottom - STROKE, right, bottom),  # bottom bar
        STEM,
    ]


def draw(size: int) -> Image.Image:
    """The icon at ``size`` pixels, drawn large and scaled down so small sizes stay smooth."""
    big = UNIT * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    s = SUPERSAMPLE
    pen.rounded_rectangle((4 * s, 4 * s, (UNIT - 4) * s - 1, (UNIT - 4) * s - 1), radius=44 * s,
                          fill=BACKGROUND, outline=BORDER, width=6 * s)
    for left, top, right, bottom in glyph_rectangles():
        pen.rectangle((left * s, top * s, right * s - 1, bottom * s - 1), fill=GLYPH)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ICONS
    out.mkdir(parents=True, exist_ok=True)
    images = [draw(size) for size in ICO_SIZES]
    png, ico = out / "yn-forms.png", out / "yn-forms.ico"
    images[-1].save(png, optimize=True)
    images[-1].save(ico, sizes=[(n, n) for n in ICO_SIZES], append_images=images[:-1])
    for path in (png, ico):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
