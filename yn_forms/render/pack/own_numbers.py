"""The documents' own page numbers taken off their PDF pages, for the pack to print its own.

A document prints “— n —” at its foot, counted within the document; bound, its pages carry the
pack's numbers, counted through the whole pack (``render.pack.numbers``), in the same place. The
pages the pack binds are the pages of the clerk's own PDFs — LibreOffice converts each document
once — with the text of their foot taken out: every text object (``BT`` … ``ET``) drawn upright
with its baseline in the band below the body's bottom margin, which holds nothing but the
footer (``render.pack.footers.foot_band`` says when a document's footer is its page number alone,
and how high the band is). Lines, pictures and the body's text are left as they are, byte for byte.

The content stream is scanned rather than parsed into pypdf's operations: only the operators
that place and show text (``BT``, ``ET``, ``Td``, ``TD``, ``Tm``, ``T*``, ``TL``, ``Tj``…) and the
graphics state's matrix (``q``, ``Q``, ``cm``) matter — literal strings and comments are stepped
over, since what they hold is not operators — and a full parse of a page of tables costs more
than the LibreOffice work it spares. Whatever the scan is not sure of — an inline image, a text
object partly in the band, a foot of more than one line — makes it give the document up
(``None``), and the caller converts that document's pack copy as it did before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pypdf import PageObject, PdfReader

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: one line: the baselines of a foot's text objects differ by less than this (pt)
SAME_LINE = 1.0

_SPACE = rb"\x00\t\n\x0c\r "
_NUMBER = rb"[+-]?(?:\d+\.?\d*|\.\d+)"
#: the operators that place text or change the matrix, with the numbers before them; and where a literal string
#: or a comment starts, to be stepped over (what they hold is not operators)
_SCAN = re.compile(rb"(?P<skip>[(%])"
                   rb"|(?:(?<=[" + _SPACE + rb")>\]}])|^)(?P<args>(?:" + _NUMBER + rb"[" + _SPACE + rb"]+){0,6})"
                   rb"(?P<op>cm|BT|ET|Td|TD|Tm|TL|T\*|Tj|TJ|'|\"|BI|q|Q)(?=[" + _SPACE + rb"()<>\[\]{}/%]|$)")
_STRING_PART = re.compile(rb"[()\\]")
_LINE_END = re.compile(rb"[\r\n]")
_SHOWS = {b"Tj", b"TJ", b"'", b'"'}


class Unsure(Exception):
    """The page holds something the tokenizer does not take apart with certainty."""


def without_foot_text(reader: PdfReader, band: float) -> list[bytes | None] | None:
    """Each page's content with its foot's text taken out (None for a page whose foot has none), or None
    when any page cannot be done with certainty (see the module's notes)."""
    found: list[bytes | None] = []
    for page in reader.pages:
        try:
            found.append(_page_without_foot(page, band))
        except Unsure:
            return None
    return found


def _page_without_foot(page: PageObject, band: float) -> bytes | None:
    contents = page.get_contents()
    if contents is None:
        return None
    data = contents.get_data()
    spans = foot_spans(data, float(page.mediabox.bottom) + band)
    if not spans:
        return None
    kept, at = [], 0
    for start, end in spans:
        kept.append(data[at:start])
        at = end
    kept.append(data[at:])
    return b"".join(kept)


def foot_spans(data: bytes, limit: float) -> list[tuple[int, int]]:
    """The byte spans of the text objects of *data* drawn upright with every baseline under *limit* (page
    space), all on one line; raises ``Unsure``."""
    spans: list[tuple[int, int]] = []
    baselines: list[float] = []
    ctm, stack = IDENTITY, []
    leading = 0.0
    block_start = -1
    tlm = tm = IDENTITY
    shown: list[tuple[float, bool]] = []  # each text shown in the object: its baseline, whether upright
    pos = 0
    while True:
        match = _SCAN.search(data, pos)
        if match is None:
            break
        pos = match.end()
        skip, args, op = match.groups()
        if skip == b"(":
            pos = _string_end(data, pos)
            continue
        if skip == b"%":
            line_end = _LINE_END.search(data, pos)
            pos = line_end.end() if line_end else len(data)
            continue
        numbers = [float(n) for n in args.split()] if args else []
        if op == b"q":
            stack.append((ctm, leading))
        elif op == b"Q":
            if stack:
                ctm, leading = stack.pop()
        elif op == b"cm" and len(numbers) == 6:
            ctm = _times(numbers, ctm)
        elif op == b"BT":
            block_start, tlm, tm, shown = match.start("op"), IDENTITY, IDENTITY, []
        elif op in (b"Td", b"TD") and len(numbers) >= 2:
            tx, ty = numbers[-2:]
            if op == b"TD":
                leading = -ty
            tlm = tm = _times((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
        elif op == b"Tm" and len(numbers) == 6:
            tlm = tm = tuple(numbers)  # type: ignore[assignment]
        elif op == b"TL" and numbers:
            leading = numbers[-1]
        elif op in (b"T*", b"'", b'"'):
            tlm = tm = _times((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
        elif op == b"BI":
            raise Unsure()  # an inline image's data is not operators
        if op in _SHOWS:
            where = _times(tm, ctm)
            shown.append((where[5], where[1] == 0 and where[2] == 0 and where[0] > 0 and where[3] > 0))
        elif op == b"ET":
            low = [upright and baseline < limit for baseline, upright in shown]
            if shown and all(low):
                spans.append((block_start, match.end("op")))
                baselines += [baseline for baseline, _ in shown]
            elif any(low):
                raise Unsure()  # part of a text object in the foot, part above it
            block_start = -1
    if baselines and max(baselines) - min(baselines) > SAME_LINE:
        raise Unsure()
    return spans


def _string_end(data: bytes, pos: int) -> int:
    """The end of a literal string whose “(” ends at *pos*: nested brackets balanced, escapes skipped."""
    depth = 1
    while depth:
        found = _STRING_PART.search(data, pos)
        if found is None:
            raise Unsure()
        char = found.group()
        pos = found.end()
        if char == b"\\":
            pos += 1
        elif char == b"(":
            depth += 1
        else:
            depth -= 1
    return pos


def _times(m: Sequence[float], n: Sequence[float]) -> Matrix:
    """m × n, matrices as PDF writes them (a b c d e f)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)
