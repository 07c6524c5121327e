"""Binding: the 目录, the documents and the 证明材料 into one PDF, numbered, bookmarked and labelled.

The pages come as LibreOffice made them (the 目录 and the documents, without their own
numbers: ``render.pack.footers``, ``render.pack.own_numbers``), as the clerk's PDFs have them (each page cleaned of what
acts: ``render.pack.cleaning``), and as pictures placed on A4 (``render.pack.pictures``).
pypdf puts them together and adds what a reviewer navigates by:

- a page number at the foot of every page after the 目录, from 1 (``render.pack.numbers``);
  the 目录's column of start pages, read from the same count;
- page labels equal to the printed numbers (a viewer's page box shows “3” where the paper
  says “— 3 —”), the 目录's pages labelled 目录;
- a bookmark per document and per 证明材料 item, and under an item one per file when it has
  several; the viewer opens with them shown;
- the pages the clerk scanned after stamping (``--replace``) in place of those pages.

Only pages are taken from the clerk's PDFs, never their catalogue: no opening action, no
document JavaScript, no attached files, no form comes along.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import DecodedStreamObject, Fit

from yn_forms.render.enclosures import JPEG, Enclosure, open_picture
from yn_forms.render.pack import CONTENTS_LABEL
from yn_forms.render.pack.cleaning import add_clean
from yn_forms.render.pack.contents import NumberPlace
from yn_forms.render.pack.numbers import Stamp, contents_numbers, foot_numbers, foot_text, lay_over
from yn_forms.render.pack.parts import Replacement
from yn_forms.render.pack.pictures import A4, AS_GIVEN, FOOT, TURNED, Quality, layout, orientation_of, picture_pages
from yn_forms.render.pack.shrinking import Estimate, Picture, pictures, shrink


class ReplacementOutside(Exception):
    """A ``--replace`` names pages the pack does not have; the message says how many it has."""


class Unbindable(Exception):
    """A file that passed ``render.enclosures``' checks and still could not be bound (a damaged picture's
    data, a page pypdf cannot copy): named, as a refusal."""

    def __init__(self, name: str) -> None:
        super().__init__(f"证明材料“{name}”无法装订：文件中有无法处理的内容（可能已损坏），请重新扫描、导出或另存后添加")


@dataclass
class Source:
    """One file of a part: pages as they are (*reader*) or a picture made into pages at the quality asked."""

    name: str
    reader: PdfReader | None = None
    picture: Enclosure | None = None
    own: bool = False  # a document of the application: its pages are kept exactly as LibreOffice made them
    size: int = 0  # bytes of the file its pages come from (a picture's: its own)
    #: an own document's pages drawn without their foot's text (``render.pack.own_numbers``), None where as made
    contents: list[bytes | None] | None = None

    @property
    def count(self) -> int:
        return len(self.reader.pages) if self.reader is not None else self.picture.pages

    def open(self, quality: Quality) -> PdfReader:
        """The pages, as a reader: the file's, or a picture's made at *quality*."""
        return self.reader if self.reader is not None else picture_pages(self.picture, quality)

    def done(self, reader: PdfReader) -> None:
        """A picture's pages are copied into the pack whole; pypdf keeps their reader alive, not its bytes."""
        if self.picture is not None:
            reader.stream.close()

    @staticmethod
    def of(enclosure: Enclosure, converted: tuple[PdfReader, int] | None = None) -> Source:
        """A 证明材料 file: its PDF as read, a DOCX as LibreOffice converted it (its reader and bytes), a picture
        as itself."""
        if converted is not None:
            return Source(enclosure.name, reader=converted[0], size=converted[1])
        if enclosure.reader is not None:
            return Source(enclosure.name, reader=enclosure.reader, size=len(enclosure.data))
        return Source(enclosure.name, picture=enclosure, size=len(enclosure.data))


@dataclass
class Section:
    """A part of the pack as the 目录 lists it: a document, or a 证明材料 item, with its files."""

    title: str
    sources: list[Source]
    item: bool = False


@dataclass
class Bound:
    """What was bound: pages of the 目录, every part's first page (printed number), the pages after the 目录."""

    contents_pages: int
    starts: list[int]
    pages: int
    quality: Quality = AS_GIVEN
    sizes: list[int] = field(default_factory=list)  # each part's bytes, roughly (its pictures and contents)


def weigh(sections: Sequence[Section]) -> tuple[Estimate, int]:
    """The 证明材料's pictures as the files hold them, and roughly what the rest of the pack weighs: before
    any pack is built, to choose how coarse its pictures must be (``render.pack.shrinking``)."""
    every: list[Picture] = []
    others = 0
    for source in (source for section in sections for source in section.sources):
        if source.picture is not None:
            every.append(_as_picture(source.picture))
        elif source.own:
            others += source.size
        else:
            found = {id(p.stored): p for page in source.reader.pages for p in pictures(page)}
            every += found.values()
            others += max(0, source.size - sum(len(p.stored) for p in found.values()))
    return Estimate(every), others


def _as_picture(enclosure: Enclosure) -> Picture:
    """A picture file as its page will hold it: its bytes, at the size the page prints it."""
    image = open_picture(enclosure.data)
    width, height = image.size
    turned = orientation_of(image) in TURNED
    _, box = layout((height, width) if turned else (width, height))
    inches = max(box[2], box[3]) / 72
    return Picture(enclosure.data, width, height, inches, enclosure.type == JPEG and image.mode in ("L", "RGB"),
                   lambda: open_picture(enclosure.data))


def pages_after_contents(sections: Sequence[Section]) -> int:
    return sum(source.count for section in sections for source in section.sources)


def check_replacements(replacements: Sequence[Replacement], total: int) -> None:
    """Each replaced page is one the pack has (numbered 1 to *total* after the 目录)."""
    for replacement in replacements:
        if replacement.last > total or replacement.first < 1:
            raise ReplacementOutside(f"装订版目录之后共 {total} 页，没有{replacement.pages_text}，"
                                     f"无法用“{replacement.scan.name}”替换（页码按装订版页脚的页码计）")


def bind(contents: PdfReader, places: Sequence[NumberPlace], sections: Sequence[Section],
         replacements: Sequence[Replacement] = (), *, quality: Quality = AS_GIVEN,
         title: str = "") -> tuple[PdfWriter, Bound]:
    """The pack as a ``PdfWriter``, ready to write, and what it holds."""
    total = pages_after_contents(sections)
    check_replacements(replacements, total)
    scans = _scan_pages(replacements, quality)
    writer = PdfWriter()
    for page in contents.pages:
        writer.add_page(page)
    contents_count = len(contents.pages)
    stamps: list[Stamp] = []
    starts: list[int] = []
    sizes: list[int] = []
    number = 0
    marks: list[tuple[str, int, list[tuple[str, int]]]] = []  # bookmarks, added once their pages are in
    for section in sections:
        starts.append(number + 1)
        first_index = len(writer.pages)
        marks.append((section.title, first_index, []))
        for source in section.sources:
            if len(section.sources) > 1:
                marks[-1][2].append((source.name, len(writer.pages)))
            try:
                reader = source.open(quality)
                for index, page in enumerate(reader.pages):
                    number += 1
                    scan = scans.get(number)
                    added = _add(writer, scan if scan is not None else page, own=source.own and scan is None,
                                 above_foot=scan is None and source.reader is not None, quality=quality)
                    if scan is None and source.contents is not None and source.contents[index] is not None:
                        _draw(added, source.contents[index])
                    box = added.cropbox
                    stamps.append(Stamp(abs(float(box.width)), abs(float(box.height)), foot_text(number),
                                        hidden=scan is not None))
                source.done(reader)
            except Exception as exc:  # the clerk's file, read and checked, fails all the same: said, not a crash
                if source.own:
                    raise
                raise Unbindable(source.name) from exc
        sizes.append(_size(writer.pages[first_index:]))
    _stamp(writer, contents_count, stamps)
    numbers = contents_numbers([(float(p.mediabox.width), float(p.mediabox.height)) for p in contents.pages],
                               places, starts)
    for index in range(contents_count):
        lay_over(writer.pages[index], numbers.pages[index])
        writer.pages[index].compress_content_streams()
    writer.add_outline_item(title=CONTENTS_LABEL, page_number=0, fit=_top(writer, 0))
    for mark, index, files in marks:
        parent = writer.add_outline_item(title=mark, page_number=index, fit=_top(writer, index))
        for name, file_index in files:
            writer.add_outline_item(title=name, page_number=file_index, parent=parent, fit=_top(writer, file_index))
    _labels(writer, contents_count, number)
    writer.add_metadata({"/Title": title or CONTENTS_LABEL, "/Creator": "yn-forms"})
    writer.page_mode = "/UseOutlines"
    return writer, Bound(contents_count, starts, number, quality, sizes)


def _top(writer: PdfWriter, index: int) -> Fit:
    """A bookmark's destination: the top of its page, at the zoom the reader has (a /Fit destination would make
    every viewer change its zoom, and QtPdf reads no place from it)."""
    return Fit.xyz(left=0, top=float(writer.pages[index].cropbox.top), zoom=0)


def _scan_pages(replacements: Sequence[Replacement], quality: Quality) -> dict[int, PageObject]:
    """Pack number → the scanned page that takes its place."""
    pages: dict[int, PageObject] = {}
    for replacement in replacements:
        try:
            for offset, page in enumerate(Source.of(replacement.scan).open(quality).pages):
                pages[replacement.first + offset] = page
        except Exception as exc:  # as a 证明材料 in bind
            raise Unbindable(replacement.scan.name) from exc
    return pages


def _add(writer: PdfWriter, page: PageObject, *, own: bool, above_foot: bool, quality: Quality) -> PageObject:
    """*page* into the pack: the application's own as LibreOffice made it; another's cleaned, upright and, where
    *above_foot*, set above the foot (``_above_foot``); its pictures stored at *quality*."""
    if own:
        return writer.add_page(page)
    added = add_clean(writer, page)
    if added.get("/Rotate", 0):
        added.transfer_rotation_to_content()  # the foot is the foot of the page as it is shown
    if above_foot:
        _above_foot(added)
    shrink(added, quality)
    return added


def _draw(page: PageObject, content: bytes) -> None:
    """*page* (in the pack) drawn by *content* in place of its own content stream, stored compressed as
    LibreOffice stores it (what the part weighs is counted before the pack is written: ``_size``)."""
    stream = DecodedStreamObject()
    stream.set_data(content)
    page.replace_contents(stream.flate_encode())


def _above_foot(page: PageObject) -> None:
    """A page of the clerk's PDF or Word file made a little smaller, its foot left free for the pack's number.

    Such a page often shows a number of its own at its foot — a contract printed, signed and
    scanned shows “— 4 —” where the pack prints “— 14 —”. Laid over it, the two would be
    unreadable; covering it would hide part of what the clerk hands in. So the page is drawn
    above a band as high as a picture's foot margin (``render.pack.pictures.FOOT``), centred,
    and its own number stands above the pack's.
    """
    box = page.cropbox
    left, bottom, width, height = float(box.left), float(box.bottom), float(box.width), float(box.height)
    band = min(FOOT, height * FOOT / A4[1])
    scale = (height - band) / height
    page.add_transformation(Transformation().translate(-left, -bottom).scale(scale, scale)
                            .translate(left + width * (1 - scale) / 2, bottom + band))


def _stamp(writer: PdfWriter, first: int, stamps: Sequence[Stamp]) -> None:
    overlays = foot_numbers(stamps)
    for offset, overlay in enumerate(overlays.pages):
        page = writer.pages[first + offset]
        lay_over(page, overlay)
        page.compress_content_streams()


def _labels(writer: PdfWriter, contents: int, numbered: int) -> None:
    if contents == 1:
        writer.set_page_label(0, 0, prefix=CONTENTS_LABEL)
    else:
        writer.set_page_label(0, contents - 1, style="/r", prefix=CONTENTS_LABEL)
    if numbered:
        writer.set_page_label(contents, contents + numbered - 1, style="/D", start=1)


def _size(pages: Sequence[PageObject]) -> int:
    """Roughly what *pages* weigh in the file: their pictures' and contents' stored bytes, each counted once."""
    seen: set[int] = set()
    total = 0
    for page in pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        refs = list(xobjects.get_object().values()) if xobjects is not None else []
        contents = page.get("/Contents")
        refs += [contents] if contents is not None else []
        for ref in refs:
            key = id(ref.get_object())
            if key not in seen:
                seen.add(key)
                total += len(getattr(ref.get_object(), "_data", b"") or b"")
    return total
