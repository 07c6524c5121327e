"""The pack's page numbers, printed as text: one at the foot of every page after the 目录, and
the 目录's own column of start pages.

A number is text (a reader can search for it, pdftotext reads it), drawn by reportlab on a
page of its own and laid over the pack's page by pypdf. It stands where the documents print
theirs — “— n —”, centred, in Times New Roman at 14 pt, its baseline 39.4 pt above the
foot (the templates' footer sits 34 pt above it; LibreOffice sets the line there) — so a
document page of the pack looks as it does alone, with the pack's number in place of its
own (``render.pack.footers`` takes those out). Times-Roman is one of PDF's standard fonts:
every reader has it, nothing is embedded for a few digits.

A page replaced by the clerk's scan of it after stamping (``--replace``) already shows its
number, printed and scanned with the page; its number is then laid over invisibly (text
render mode 3, as scanners lay their recognised text), so the page still says its number to
a search and to pdftotext, and the paper shows it once.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PageObject, PdfReader, Transformation
from reportlab.pdfgen.canvas import Canvas

from yn_forms.render.pack.contents import NUMBER_SIZE, NumberPlace, number_right

FONT = "Times-Roman"
FOOT_SIZE = 14.0
FOOT_BASELINE = 39.4
A4_HEIGHT = 841.89
INVISIBLE = 3  # PDF text render mode: neither filled nor stroked


def foot_text(number: int) -> str:
    return f"— {number} —"


@dataclass(frozen=True)
class Stamp:
    """A number for one page: the page's visible size, the text, and whether it only speaks to search."""

    width: float
    height: float
    text: str
    hidden: bool = False


def foot_numbers(stamps: Sequence[Stamp]) -> PdfReader:
    """One page per stamp, its size, the number centred at the foot."""
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=1, initialFontName=FONT)
    for stamp in stamps:
        canvas.setPageSize((stamp.width, stamp.height))
        scale = min(1.0, stamp.height / A4_HEIGHT * 2)  # a page under half of A4's height (a card) gets a smaller one
        text = canvas.beginText()
        text.setFont(FONT, FOOT_SIZE * scale)
        if stamp.hidden:
            text.setTextRenderMode(INVISIBLE)
        width = canvas.stringWidth(stamp.text, FONT, FOOT_SIZE * scale)
        text.setTextOrigin((stamp.width - width) / 2, FOOT_BASELINE * scale)
        text.textOut(stamp.text)
        canvas.drawText(text)
        canvas.showPage()
    canvas.save()
    return PdfReader(out)


def contents_numbers(sizes: Sequence[tuple[float, float]], places: Sequence[NumberPlace],
                     numbers: Sequence[int]) -> PdfReader:
    """The 目录's numbers: a page per 目录 page, each number right-aligned at the margin on its entry's line."""
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=1, initialFontName=FONT)
    for index, size in enumerate(sizes):
        canvas.setPageSize(size)
        canvas.setFont(FONT, NUMBER_SIZE)
        for place, number in zip(places, numbers, strict=True):
            if place.page == index:
                canvas.drawRightString(number_right(), place.baseline, str(number))
        canvas.showPage()
    canvas.save()
    return PdfReader(out)


def lay_over(page: PageObject, overlay: PageObject) -> None:
    """*overlay* drawn over *page*, its origin at the corner of what *page* shows (its crop box)."""
    box = page.cropbox
    page.merge_transformed_page(overlay, Transformation().translate(float(box.left), float(box.bottom)))
