"""The copy that goes online (``--max-mb``): the 证明材料's pictures stored coarser until the pack fits.

Online systems take one PDF within a size limit; what makes a pack large is its scans and
photos, never the documents' text. A picture of a clerk's PDF is stored again — no finer
than the dpi asked at the size it prints, as JPEG — only where that makes it smaller; its
printed size is taken as its page's (a scan fills its page), so a smaller picture (a logo)
is only ever kept finer than asked. (Pictures given as files are placed again at the
quality asked: ``render.pack.pictures``.)

Each level of ``render.pack.step.LEVELS`` costs decoding every picture of the pack, so a
level is not tried blind: a few of the pictures, spread over their bytes, are stored at
each level first (``Estimate``), straight from the files before any pack is built, and
the pack is built at the first level whose estimate fits. A JPEG is decoded at 1/2, 1/4
or 1/8 of its size where that is enough for the dpi asked.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image
from pypdf import PageObject
from pypdf.generic import NameObject, NumberObject, StreamObject

from yn_forms.render.pack.pictures import Quality, plain

SAMPLES = 6
_DROPPED = ("/DecodeParms", "/Decode", "/Mask", "/Filter", "/ColorSpace", "/BitsPerComponent")


@dataclass
class Picture:
    """A picture of the pack: its stored bytes and pixels, the longer side (inches) it prints at, how to decode it."""

    stored: bytes
    width: int
    height: int
    inches: float
    jpeg: bool  # the stored bytes are a plain JPEG Pillow reads as it is
    decode: Callable[[], Image.Image]
    stream: StreamObject | None = None  # where it is stored in a page, to store it again


def pictures(page: PageObject) -> list[Picture]:
    """The images drawn by *page* itself (a scan's page, a picture's), image masks left out."""
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is None:
        return []
    box = page.cropbox
    inches = max(abs(float(box.width)), abs(float(box.height))) / 72
    found = []
    for name, ref in xobjects.get_object().items():
        stream = ref.get_object()
        if isinstance(stream, StreamObject) and stream.get("/Subtype") == "/Image" and not stream.get("/ImageMask"):
            filters = stream.get("/Filter")
            filters = [filters] if isinstance(filters, str) else list(filters or [])
            found.append(Picture(stream._data,  # the bytes as the file holds them (pypdf keeps them undecoded)
                                 int(stream["/Width"]), int(stream["/Height"]), inches,
                                 filters == ["/DCTDecode"] and "/Decode" not in stream,
                                 lambda page=page, name=name: page.images[name].image, stream))
    return found


def shrink(page: PageObject, quality: Quality) -> None:
    """*page*'s pictures stored at *quality* where that is smaller (a page of the writer: changed in place)."""
    if quality.dpi is None:
        return
    for picture in pictures(page):
        try:
            found = smaller(picture, quality)
        except Exception:  # a picture pypdf or Pillow cannot decode is kept as it is
            continue
        if found is not None and picture.stream is not None:
            _store(picture.stream, *found)


def smaller(picture: Picture, quality: Quality) -> tuple[bytes, Image.Image] | None:
    """The picture as JPEG at *quality*, when it is finer than asked and smaller that way; else None."""
    dpi = max(picture.width, picture.height) / picture.inches
    if quality.dpi is None or dpi <= quality.dpi * 1.05:
        return None
    scale = quality.dpi / dpi
    target = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    if picture.jpeg:
        image = Image.open(io.BytesIO(picture.stored))
        image.draft(image.mode if image.mode in ("L", "RGB") else None, target)  # decoded no larger than needed
    else:
        image = picture.decode()
    image = plain(image).resize(target, Image.Resampling.BICUBIC, reducing_gap=2.0)
    encoded = io.BytesIO()
    image.save(encoded, "JPEG", quality=quality.jpeg)
    return (encoded.getvalue(), image) if encoded.tell() < len(picture.stored) else None


def _store(stream: StreamObject, data: bytes, image: Image.Image) -> None:
    """*stream* made to hold the JPEG *data* of *image* (its soft mask, if any, still applies)."""
    for key in _DROPPED:
        if key in stream:
            del stream[NameObject(key)]
    stream[NameObject("/Filter")] = NameObject("/DCTDecode")
    stream[NameObject("/ColorSpace")] = NameObject("/DeviceGray" if image.mode == "L" else "/DeviceRGB")
    stream[NameObject("/BitsPerComponent")] = NumberObject(8)
    stream[NameObject("/Width")] = NumberObject(image.width)
    stream[NameObject("/Height")] = NumberObject(image.height)
    stream._data = data  # pypdf writes a stream's stored bytes as they are


class Estimate:
    """What the pack's pictures weigh, and a few of them (spread evenly over their bytes) to try each level on."""

    def __init__(self, every: list[Picture]) -> None:
        self.stored = sum(len(p.stored) for p in every)
        if len(every) <= SAMPLES:
            self.samples = list(every)
            return
        step = self.stored / SAMPLES
        self.samples, reached, next_at = [], 0, step / 2
        for picture in every:
            reached += len(picture.stored)
            if reached >= next_at:
                self.samples.append(picture)
                next_at += step

    def ratio(self, quality: Quality) -> float:
        """How much the pictures would weigh at *quality*, as a share of what they weigh now (from the samples)."""
        before = sum(len(p.stored) for p in self.samples)
        if not before:
            return 1.0
        after = 0
        for picture in self.samples:
            try:
                found = smaller(picture, quality)
            except Exception:  # as shrink: kept as it is
                found = None
            after += len(found[0]) if found is not None else len(picture.stored)
        return after / before
