"""The 目录: every part of the pack with the page it starts on, set like the documents.

The 目录 is a Word file converted by LibreOffice with the documents, in the same call (one
start of LibreOffice is a second of the clerk's time): the same fonts as the documents'
own headings and text (黑体 for the title, 仿宋 with Times New Roman), the same A4 margins.
Its page numbers are not known then — they depend on how many pages LibreOffice makes of
each document — so each entry ends in a dotted leader to a tab stop short of the right
margin, and the numbers are set afterwards, right-aligned at the margin, on the line of
each entry's leader (``number_places`` finds them, one leader per entry, in order;
``render.pack.numbers`` prints them as text). The 目录's own length changes nothing: the
pack counts its pages from 1 after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from pypdf import PdfReader

from yn_forms.core.text import printable

TITLE = "目录"
ENCLOSURES_HEADING = "证明材料"
ON_PAPER = "纸质件另附"
# The templates' page: A4, their margins (top, right, bottom, left, in twips)
PAGE_TWIPS = (11906, 16838)
MARGINS_TWIPS = (1417, 1474, 1304, 1587)
NUMBER_SIZE = 16  # pt: the entries' size, 仿宋 三号 as the documents' text
NUMBER_COLUMN = 40  # pt between the leader's end and the right margin, where the number stands
ITEM_INDENT = 48  # pt: “（1）” hangs, an item's second line starts under its title
LATIN, TEXT, HEADING = "Times New Roman", "仿宋", "黑体"
_LEADER = re.compile(r"\.{2,}\s*$")


@dataclass(frozen=True)
class Entry:
    """One line of the 目录: a document (附件1　…) or a 证明材料 item (（1）…)."""

    title: str
    item: bool = False  # a 证明材料 item, listed under the heading 证明材料
    paper: bool = False  # an item handed in on paper: 纸质件另附 where a page number would stand, no leader


def bound_entries(entries: Sequence[Entry]) -> list[Entry]:
    """The entries with pages in the pack — each with a leader and a number — in order."""
    return [entry for entry in entries if not entry.paper]


@dataclass(frozen=True)
class NumberPlace:
    """Where an entry's page number goes: the 目录 page, and the baseline of its leader's line."""

    page: int
    baseline: float


def number_right() -> float:
    """The x (pt) the numbers end at: the right margin of the 目录's page."""
    return (PAGE_TWIPS[0] - MARGINS_TWIPS[1]) / 20


def write_contents(entries: Sequence[Entry], path: Path) -> Path:
    """The 目录 as a Word file at *path*, without its page numbers (see the module's notes)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = (Twips(v) for v in PAGE_TWIPS)
    top, right, bottom, left = (Twips(v) for v in MARGINS_TWIPS)
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = top, right, bottom, left
    width = section.page_width - section.left_margin - section.right_margin
    title = _paragraph(document, 36, WD_ALIGN_PARAGRAPH.CENTER, after=28)
    _run(title, TITLE, HEADING, 22)
    heading_done = False
    for entry in entries:
        if entry.item and not heading_done:
            _run(_paragraph(document, 28, before=14), ENCLOSURES_HEADING, HEADING, NUMBER_SIZE)
            heading_done = True
        paragraph = _paragraph(document, 28, after=6)
        form = paragraph.paragraph_format
        form.keep_together = True  # an entry on one page, its number beside its last line
        form.right_indent = Pt(NUMBER_COLUMN + NUMBER_SIZE)  # a title's last line leaves an em of leader at least
        if not entry.paper:
            form.tab_stops.add_tab_stop(width - Pt(NUMBER_COLUMN), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if entry.item:
            form.left_indent, form.first_line_indent = Pt(ITEM_INDENT), Pt(-ITEM_INDENT)
        if entry.paper:  # no leader (``number_places`` counts them): the words stand at the margin, no number follows
            form.right_indent = Pt((len(ON_PAPER) + 1) * NUMBER_SIZE)  # a long title wraps short of them
            form.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.SPACES)
            _run(paragraph, f"{_plain(entry.title)}\t{ON_PAPER}", TEXT, NUMBER_SIZE)
        else:
            _run(paragraph, _plain(entry.title) + "\t", TEXT, NUMBER_SIZE)
    document.save(str(path))
    return path


def number_places(contents: PdfReader, count: int) -> list[NumberPlace]:
    """The place of each of the *count* entries' numbers in the converted 目录, in order.

    LibreOffice draws a tab's leader as a run of dots of its own; each entry has exactly one,
    on its last line. Raises ``ValueError`` if the count differs (a LibreOffice that laid the
    leaders out otherwise): the pack is then not made, rather than made with wrong numbers.
    """
    places: dict[tuple[int, float], NumberPlace] = {}  # a leader read in pieces is still one line's
    for index, page in enumerate(contents.pages):
        def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: float, index: int = index) -> None:
            if _LEADER.search(text):
                baseline = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]  # the text matrix in page space
                places.setdefault((index, round(baseline, 1)), NumberPlace(index, baseline))

        page.extract_text(visitor_text=visit)
    if len(places) != count:
        raise ValueError(f"the 目录 has {len(places)} leaders for {count} entries")
    return list(places.values())


def _plain(title: str) -> str:
    """A title on one line as it can stand in a Word file (control characters dropped, as the documents drop
    them), its own dotted runs shortened, so that only the leaders are runs of dots."""
    text = " ".join(printable(title).split())
    return re.sub(r"\.{2,}", "…", text)


def _paragraph(document, line: float, align=None, *, before: float = 0, after: float = 0):
    paragraph = document.add_paragraph()
    form = paragraph.paragraph_format
    form.line_spacing = Pt(line)  # exactly, as the templates set their lines
    form.space_before, form.space_after = Pt(before), Pt(after)
    form.widow_control = False
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _run(paragraph, text: str, east_asian: str, size: float) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.name = LATIN
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), LATIN)
