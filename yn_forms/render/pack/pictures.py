"""A picture as pages of the pack: upright, on A4, within margins.

A phone stores a photo as its sensor saw it and says in the EXIF orientation how to turn it
(a portrait photo is a landscape picture with orientation 6); scanners write it in TIFF
frames too. The page shows the picture the way the clerk saw it on the phone: turned (and
mirrored, for orientations 2, 4, 5, 7) by the transformation it is drawn with, so a JPEG is
kept as its own bytes — a 4 MB photo is not decoded and encoded again, and loses nothing.
The page is A4 in the picture's orientation (a landscape 营业执照 on a landscape page), the
picture as large as fits within the margins, the foot clear for the page number.

``Quality`` says how pictures are stored. As given (``AS_GIVEN``): a JPEG's own bytes, any
other picture without loss. For the copy that goes online (``--max-mb``) a picture is
downsampled to at most ``dpi`` at the size it prints and encoded as JPEG; ``render.pack.fitting``
chooses the quality.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from yn_forms.render.enclosures import JPEG, Enclosure, frames, open_picture

rl_config.useA85 = 0  # pictures stored as they are, not grown by a quarter in ASCII85 (reportlab's default)

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
MARGIN = 15 * MM
FOOT = 22 * MM  # the page number stands at 14 mm: the picture ends above it
ORIENTATION = 0x0112
TURNED = (5, 6, 7, 8)  # orientations shown with width and height swapped
UPRIGHT = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
           5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
           8: Image.Transpose.ROTATE_90}  # a decoded picture turned as its orientation says


@dataclass(frozen=True)
class Quality:
    """How pictures are stored: as given (*dpi* None), or at most *dpi* at printed size, as JPEG of *jpeg*."""

    dpi: int | None = None
    jpeg: int = 85

    def describe(self) -> str:
        return "原样" if self.dpi is None else f"每英寸 {self.dpi} 点、JPEG 质量 {self.jpeg}"


AS_GIVEN = Quality()


def picture_pages(enclosure: Enclosure, quality: Quality = AS_GIVEN) -> PdfReader:
    """One A4 page per frame of *enclosure* (a JPEG, PNG or TIFF read by ``render.enclosures``)."""
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=1, initialFontName="Times-Roman")  # the only font the pack names
    image = open_picture(enclosure.data)
    with tempfile.TemporaryDirectory(prefix="yn-picture-") as folder:
        for index, frame in enumerate(frames(image)):
            if frame.format != "JPEG":  # decoded now: a PNG's EXIF is read by decoding, which must not fail quietly
                frame.load()
            orientation = orientation_of(frame)
            width, height = frame.size
            shown = (height, width) if orientation in TURNED else (width, height)
            page, box = layout(shown)
            canvas.setPageSize(page)
            source, orientation = _source(frame, enclosure, quality, shown, box, orientation)
            if isinstance(source, bytes):  # a JPEG: reportlab keeps the bytes of a .jpg it is given by name
                path = Path(folder) / f"{index}.jpg"
                path.write_bytes(source)
                source = str(path)
            canvas.saveState()
            canvas.transform(*placement(orientation, box))
            canvas.drawImage(source, 0, 0, 1, 1)
            canvas.restoreState()
            canvas.showPage()
    canvas.save()
    return PdfReader(io.BufferedReader(out))  # type: ignore[arg-type]  # as render.enclosures reads a PDF


def layout(shown: tuple[int, int]) -> tuple[tuple[float, float], tuple[float, float, float, float]]:
    """The page (A4, turned to the picture's orientation) and the box (x, y, width, height) the picture fills."""
    width, height = shown
    page = (A4[1], A4[0]) if width > height else A4
    room_w, room_h = page[0] - 2 * MARGIN, page[1] - MARGIN - FOOT
    scale = min(room_w / width, room_h / height)
    box_w, box_h = width * scale, height * scale
    return page, ((page[0] - box_w) / 2, FOOT + (room_h - box_h) / 2, box_w, box_h)


def placement(orientation: int, box: tuple[float, float, float, float]) -> tuple[float, ...]:
    """The matrix drawing the stored picture (PDF's unit square) into *box* the way EXIF *orientation* shows it.

    Orientation as TIFF/EXIF define it: 1 as stored; 2 mirrored; 3 turned half round; 4 flipped;
    5 transposed; 6 to be turned a quarter clockwise; 7 transversed; 8 a quarter anticlockwise.
    """
    x, y, w, h = box
    return {
        2: (-w, 0, 0, h, x + w, y),
        3: (-w, 0, 0, -h, x + w, y + h),
        4: (w, 0, 0, -h, x, y + h),
        5: (0, -h, -w, 0, x + w, y + h),
        6: (0, -h, w, 0, x, y + h),
        7: (0, h, w, 0, x, y),
        8: (0, h, -w, 0, x + w, y),
    }.get(orientation, (w, 0, 0, h, x, y))


def orientation_of(frame: Image.Image) -> int:
    """The EXIF orientation of *frame* (1 when it has none, or a damaged one)."""
    try:
        value = frame.getexif().get(ORIENTATION, 1)
    except Exception:  # a damaged EXIF block: the picture is shown as stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _source(frame: Image.Image, enclosure: Enclosure, quality: Quality, shown: tuple[int, int],
            box: tuple[float, float, float, float], orientation: int) -> tuple[ImageReader | bytes, int]:
    """What to draw — JPEG bytes, or a picture reportlab stores without loss — and the orientation left to
    apply: a JPEG's own bytes when they can stay, else the frame decoded, turned upright, downsampled for
    *quality* and encoded again. (Handed a picture, reportlab decodes it whole even to name it.)"""
    if quality.dpi is None and enclosure.type == JPEG and frame.mode in ("L", "RGB"):
        return enclosure.data, orientation
    target = None
    if quality.dpi is not None:
        inches = (box[2] / 72, box[3] / 72)
        target = (max(1, round(inches[0] * quality.dpi)), max(1, round(inches[1] * quality.dpi)))
        if target[0] >= shown[0]:
            target = None  # already at or below the resolution asked for
    if target is not None and frame.format == "JPEG":
        stored = (target[1], target[0]) if orientation in TURNED else target
        frame.draft("RGB" if frame.mode == "RGB" else None, stored)  # decoded at 1/2, 1/4 or 1/8 where enough
    picture = plain(frame)
    if orientation in UPRIGHT:
        picture = picture.transpose(UPRIGHT[orientation])
    if target is not None and picture.width > target[0]:
        picture = picture.resize(target, Image.Resampling.BICUBIC, reducing_gap=2.0)
    if quality.dpi is None and enclosure.type != JPEG:
        return ImageReader(picture), 1  # without loss: reportlab stores it deflated
    encoded = io.BytesIO()
    picture.save(encoded, "JPEG", quality=quality.jpeg if quality.dpi is not None else 95, optimize=True)
    return encoded.getvalue(), 1


def plain(frame: Image.Image) -> Image.Image:
    """A picture (a frame) as greyscale or RGB on white: what a JPEG or a page holds (no alpha, palette,
    16 bits or CMYK)."""
    mode = frame.mode
    if mode in ("L", "RGB"):
        return frame.copy() if frame.format == "TIFF" else frame
    if mode == "1":
        return frame.convert("L")
    if mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        return frame.point(lambda value: value * (1 / 256)).convert("L")
    if mode in ("LA", "La", "PA", "P", "RGBA", "RGBa") or "transparency" in frame.info:
        rgba = frame.convert("RGBA")
        white = Image.new("RGB", rgba.size, "white")
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return frame.convert("RGB")
