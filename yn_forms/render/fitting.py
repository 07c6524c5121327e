"""Fit before print, set rather than warned: no line of one character, covers on their one page.

A typesetter never leaves a cell's value with one character on its last line (“…有限公” / “司”)
nor a paragraph ending in a line of one character before its closing mark (孤字, “…基础较” /
“好。”). Each paragraph of a rendered document is wrapped as it will print (``render.measure``:
the cell's width less its margins and indents, or the page's text width) and, where its last
line would hold one character, it is set so that it does not:

1. its character spacing condensed a little (at most ``MAX_CONDENSE_EM`` of its size) — the
   lone character joins the line above, and a cell's row keeps its height;
2. in running prose (a paragraph of the page, a running-text cell), first spaced a little wider
   (at most ``MAX_EXPAND_EM``), which takes a second character down to the last line and keeps
   the paragraph's height, so nothing after it moves;
3. one step smaller (五号 → 小五, never below ``MIN_SIZE_PT``, 小五), condensed as in 1 if need be.

A cell's value holding a word a little wider than the cell — an e-mail address, a phone number
with its extension, which Word would split mid-way — is condensed or set one step smaller in the
same way (``word_setting``), so the word prints whole on its line.

Where none of these is enough, the paragraph is left as it is and ``lone_setting`` says so:
the fit check (``render.fit``) then warns on 审核 naming the field and what to shorten.

**Cover lines.** A value on a cover's line (a cell with only its bottom border, exact 40 pt
lines) that does not fit its line at 三号 is set one step smaller at a time (down to 小四) on
its one line, or on two lines at half the line's pitch (down to 五号), so the line stays as
tall as the cover lays it out and the cover stays on its one page. What does not fit even then
is the fit check's warning.

Widths are estimated as the fit check estimates them (``char_em``): exact for Chinese text,
close for Latin letters and digits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from lxml.etree import _Element

from yn_forms.render.geometry import Cell, table_cells
from yn_forms.render.measure import (
    NO_LINE_START,
    TWIPS_PER_PT,
    Bound,
    char_em,
    indents_pt,
    is_blank,
    printed_bound,
    runs_text,
    text_em,
    widest_word_pt,
    wrap_lines,
)
from yn_forms.render.measured import Measured
from yn_forms.render.wordstyles import Styles, attr, int_value, qn

#: the Chinese font sizes, largest first (初号 … 小五): “one step smaller” goes down this list
SIZE_STEPS = (42.0, 36.0, 26.0, 24.0, 22.0, 18.0, 16.0, 15.0, 14.0, 12.0, 10.5, 9.0)
MIN_SIZE_PT = 9.0  # 小五: nothing is set smaller
MAX_CONDENSE_EM = 0.1  # “a little”: a tenth of the size, 1 pt at 五号
MAX_EXPAND_EM = 0.06
COVER_ONE_LINE_MIN_PT = 12.0  # 小四: a cover value on its one line
COVER_TWO_LINES_MIN_PT = 10.5  # 五号: a cover value on two lines within its line's pitch
_STEPS_EM = (0.02, 0.04, 0.06, 0.08, 0.1)
SLACK_PT = 0.6  # a setting must fit with this to spare: the widths are estimates, and LibreOffice rounds

_W_R, _W_RPR, _W_T, _W_P = qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:p")
# where spacing and size stand among a run's properties (ECMA-376 CT_RPr order)
_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
              "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
              "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_RANK = {qn(tag): n for n, tag in enumerate(_RPR_ORDER)}


@dataclass(frozen=True)
class Setting:
    """How a paragraph is set: its size (None: as it is) and the spacing added to each character, in pt."""

    size_pt: float | None = None
    spacing_pt: float = 0.0
    line_pt: float | None = None  # an exact line pitch (a cover value on two lines)


def _visible(line: str) -> str:
    return "".join(ch for ch in line if not ch.isspace() and ch not in NO_LINE_START)


def ends_alone(lines: list[str], hard_breaks: int = 0) -> bool:
    """Whether the last line of *lines* holds one character (closing marks aside) under another line."""
    if len(lines) <= hard_breaks + 1:
        return False
    return len(_visible(lines[-1])) == 1


def _resized(chars: list[tuple[str, float]], size_pt: float | None) -> list[tuple[str, float]]:
    return chars if size_pt is None else [(ch, size_pt) for ch, _ in chars]


def lone_setting(chars: list[tuple[str, float]], room_pt: float, first_pt: float = 0.0, *,
                 prose: bool = False) -> Setting | None:
    """The setting that keeps *chars* from ending on a line of one character in *room_pt*.

    ``Setting()`` when nothing needs doing; None when no setting within the limits helps (the
    value is too long for its cell by about a character: the fit check asks to shorten it).
    """
    if first_pt + sum(char_em(ch) * size for ch, size in chars) <= room_pt - SLACK_PT:
        return Setting()  # one line, with room to spare: most values
    hard = sum(1 for ch, _ in chars if ch == "\n")
    lines = wrap_lines(chars, room_pt, first_pt=first_pt)
    tight = wrap_lines(chars, room_pt - SLACK_PT, first_pt=first_pt)  # a line that only just fits may not
    if not (ends_alone(lines, hard) or ends_alone(tight, hard)) or "\n" in "".join(ch for ch, _ in chars[-1:]):
        return Setting()
    size = max(size for _, size in chars)
    # running prose is first spaced a little wider: a character more comes down to the last line and
    # the paragraph keeps its height, so nothing after it moves; then condensed, as a cell's value is
    tries = [Setting(spacing_pt=round(step * size, 2)) for step in _STEPS_EM if prose and step <= MAX_EXPAND_EM]
    tries += [Setting(spacing_pt=-round(step * size, 2)) for step in _STEPS_EM]
    smaller = next((s for s in SIZE_STEPS if s < size), None)
    if smaller is not None and smaller >= MIN_SIZE_PT:
        tries += [Setting(smaller, -round(step * smaller, 2)) for step in (0.0, *_STEPS_EM)]
    # Latin letters, digits and spaces are estimated, and LibreOffice spaces them from Chinese text:
    # a setting must hold however much wider or narrower their lines turn out
    latin = sum(char_em(ch) < 1.0 for ch, _ in chars)
    spare = SLACK_PT if not latin else max(SLACK_PT, 0.3 * size)
    for setting in tries:
        resized = _resized(chars, setting.size_pt)
        again = [wrap_lines(resized, room_pt + delta, first_pt=first_pt, adjust_pt=setting.spacing_pt)
                 for delta in (-spare, spare)]
        if any(ends_alone(lines_, hard) for lines_ in again):
            continue
        if not prose and len(again[0]) > max(len(lines), len(tight)):
            continue  # a cell's row keeps its height
        return setting
    return None


def word_setting(chars: list[tuple[str, float]], room_pt: float, first_pt: float = 0.0) -> Setting | None:
    """A cell's value holding a word a little wider than the cell — an e-mail address, a phone number with its
    extension, which Word would split mid-way and a reader misread — condensed or set one step smaller as
    ``lone_setting`` would, so the word stays whole on its line; ``Setting()`` when every word fits, None when
    nothing within the limits makes it fit (the fit check warns)."""
    room = room_pt - max(first_pt, 0.0)
    size = max(size for _, size in chars)
    latin = any(char_em(ch) < 1.0 for ch, _ in chars)
    spare = SLACK_PT if not latin else max(SLACK_PT, 0.3 * size)  # Latin widths are estimates: hold either way

    def widest(setting: Setting) -> float:
        resized = _resized(chars, setting.size_pt)
        return widest_word_pt([(ch, char_em(ch) * s + setting.spacing_pt) for ch, s in resized])

    if widest(Setting()) <= room:
        return Setting()
    hard = sum(1 for ch, _ in chars if ch == "\n")
    lines = len(wrap_lines(chars, room_pt, first_pt=first_pt))
    tries = [Setting(spacing_pt=-round(step * size, 2)) for step in _STEPS_EM]
    smaller = next((s for s in SIZE_STEPS if s < size), None)
    if smaller is not None and smaller >= MIN_SIZE_PT:
        tries += [Setting(smaller, -round(step * smaller, 2)) for step in (0.0, *_STEPS_EM)]
    for setting in tries:
        if widest(setting) > room - spare:
            continue
        again = wrap_lines(_resized(chars, setting.size_pt), room_pt - spare, first_pt=first_pt,
                           adjust_pt=setting.spacing_pt)
        if len(again) <= lines and not ends_alone(again, hard):  # the row grows no taller for it
            return setting
    return None


def cover_setting(chars: list[tuple[str, float]], room_pt: float, line_pt: float) -> Setting | None:
    """A cover value on one line: ``Setting()`` when it fits, a smaller size on its one line or on two
    lines within the line's pitch *line_pt*, None when even that is not enough. A value holding a word
    that must not be split (an e-mail address) stays on one line down to 五号 before it is split."""
    if len(wrap_lines(chars, room_pt)) <= 1:
        return Setting()
    size = max(size for _, size in chars)
    one_line_min = COVER_ONE_LINE_MIN_PT
    if widest_word_pt([(ch, char_em(ch) * size) for ch, _ in chars]) > room_pt:
        one_line_min = COVER_TWO_LINES_MIN_PT
    for step in SIZE_STEPS:
        if step >= size or step < one_line_min:
            continue
        if len(wrap_lines(_resized(chars, step), room_pt - SLACK_PT)) <= 1:
            return Setting(step)
    for step in SIZE_STEPS:
        if step >= size or step < COVER_TWO_LINES_MIN_PT or step * 1.15 > line_pt / 2:
            continue
        lines = wrap_lines(_resized(chars, step), room_pt - SLACK_PT)
        if len(lines) <= 2 and not ends_alone(lines):
            return Setting(step, line_pt=line_pt / 2)
    return None


# --- applying a setting ---------------------------------------------------------------------------


def _put(rpr: _Element, tag: str, value: str) -> None:
    name = qn(tag)
    element = rpr.find(name)
    if element is None:
        element = rpr.makeelement(name, {})
        rank = _RANK[name]
        after = [child for child in rpr if _RANK.get(child.tag, -1) < rank]
        if after:
            after[-1].addnext(element)
        else:
            rpr.insert(0, element)
    element.set(qn("w:val"), value)


def apply_setting(p: _Element, setting: Setting) -> None:
    """Set every run of *p* at *setting*'s size and character spacing (and its line pitch, if any)."""
    for run in p.iter(_W_R):
        rpr = run.find(_W_RPR)
        if rpr is None:
            rpr = run.makeelement(_W_RPR, {})
            run.insert(0, rpr)
        if setting.spacing_pt:
            _put(rpr, "w:spacing", str(round(setting.spacing_pt * TWIPS_PER_PT)))
        if setting.size_pt is not None:
            half_points = str(round(setting.size_pt * 2))
            _put(rpr, "w:sz", half_points)
            _put(rpr, "w:szCs", half_points)
    if setting.line_pt is not None:
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = p.makeelement(qn("w:pPr"), {})
            p.insert(0, ppr)
        spacing = ppr.find(qn("w:spacing"))
        if spacing is None:
            spacing = ppr.makeelement(qn("w:spacing"), {})
            order = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
                     "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
                     "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
                     "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid")
            before = [child for child in ppr if child.tag in {qn(tag) for tag in order}]
            if before:
                before[-1].addnext(spacing)
            else:
                ppr.insert(0, spacing)
        spacing.set(qn("w:line"), str(round(setting.line_pt * TWIPS_PER_PT)))
        spacing.set(qn("w:lineRule"), "exact")


# --- the paragraphs of a document -----------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a paragraph prints: the width of its lines, its first line's own indent, how it may be set."""

    room_pt: float
    first_pt: float
    prose: bool  # running text: may be spaced wider, its lines may grow
    cover_line_pt: float | None = None  # a value on a cover's line, of this pitch


PROSE_STYLES = frozenset({"YN Cell Text"})  # running text in a cell


def settable(styles: Styles, p: _Element, chars: list[tuple[str, float]]) -> list[tuple[str, float]] | None:
    """*chars*, printed by *p*, or None when it is not a paragraph of plain text to set (spread over
    its line, or holding tabs)."""
    spread = styles.remembered(("spread", styles.paragraph_key(p)), lambda: float(
        attr(styles.ppr_chain(p), "w:jc", "w:val") in ("distribute", "both-distribute")))
    if spread:
        return None  # spread over its line by design (a cover's labels)
    text = "".join(ch for ch, _ in chars)
    if not chars or "\t" in text or is_blank(text):
        return None
    return chars


def _text_width_pt(sect: _Element | None) -> float:
    if sect is None:
        return 0.0
    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    if size is None or margins is None:
        return 0.0
    return (int_value(size.get(qn("w:w"))) - int_value(margins.get(qn("w:left")))
            - int_value(margins.get(qn("w:right")))) / TWIPS_PER_PT


def paragraph_places(body: _Element, styles: Styles,
                     kept: Measured | None = None) -> list[tuple[_Element, Place, list[tuple[str, float]]]]:
    """Every paragraph of *body* that prints in a width known from the document and may need setting,
    with where it prints and what: the page's paragraphs (in their section's text width) and those of
    table cells (the cell's width); not those sure to fit with room to spare (``one_line_to_spare``).
    *kept*: the cells the fit check measured and the paragraphs it found sure to fit (``render.measured``)."""
    places: list[tuple[_Element, Place, list[tuple[str, float]]]] = []
    final = body.find(qn("w:sectPr"))
    pending: list[_Element] = []
    for block in body:
        if block.tag != qn("w:p"):
            continue
        pending.append(block)
        sect = block.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if sect is not None:
            places += _page_places(styles, pending, _text_width_pt(sect))
            pending = []
    places += _page_places(styles, pending, _text_width_pt(final))
    settled = kept.settled if kept is not None else set()
    for tbl in body.iter(qn("w:tbl")):
        model = kept.model(tbl) if kept is not None else tbl
        for n, cell in enumerate(kept.cells(styles, tbl) if kept is not None else table_cells(styles, tbl)):
            static = kept is not None and kept.static(cell.tc)
            if static:  # a cell of no value sets as the same cell of the table's first twin (``render.measured``)
                shared = kept.cell_places.get((model, n))  # type: ignore[union-attr]
                if shared is not None:
                    if shared:
                        paragraphs = list(cell.tc.iterchildren(_W_P))
                        places += [(paragraphs[j], place, chars) for j, place, chars in shared]
                    continue
            found: list[tuple[int, Place, list[tuple[str, float]]]] = []
            inner_pt = (cell.width_twips - cell.margin_twips) / TWIPS_PER_PT
            has_text: bool | None = None  # read once a paragraph of the cell is not known to fit
            for j, p in enumerate(cell.tc.iterchildren(_W_P)):
                if p in settled:
                    continue
                if has_text is None:
                    has_text = _has_text(cell.tc)
                if not has_text:
                    break
                if one_line_to_spare(styles, p, inner_pt, breaks=not cell.line):
                    continue
                chars = runs_text(styles, p)
                if chars:
                    place = cell_place(styles, cell, p, chars)
                    places.append((p, place, chars))
                    found.append((j, place, chars))
            if static:
                kept.cell_places[(model, n)] = found  # type: ignore[union-attr]
    return places


def one_line_to_spare(styles: Styles, p: _Element, inner_pt: float, *, breaks: bool = True,
                      printed: Callable[[str], str] | None = None, bound: Bound | None = None) -> bool:
    """Whether *p* is sure to print with ``SLACK_PT`` to spare on each of its lines in *inner_pt* (its
    cell's width less the margins, or the page's text width) — all of it on one, or its line breaks
    where *breaks* allows them (not on a cover's line): then it can neither end on a line of one
    character nor be wider than its cell, and nothing more of it is read (most values of a large
    application). A true bound (``printed_bound``): each character's width at the paragraph's largest
    size. *printed*: the text of its ``w:t`` as it prints (the fit check's marks print nothing). *bound*: its
    ``printed_bound``, when the caller has it."""
    if bound is None:
        bound = printed_bound(styles, p)
    if bound is None or (len(bound.lines) > 1 and not breaks):
        return False
    if bound.indents_pt is None:
        return False
    sides, first = bound.indents_pt
    room = inner_pt - sides - SLACK_PT - _ROUNDING
    for n, (line, others) in enumerate(zip(bound.lines, bound.others_em, strict=True)):
        text = line if printed is None else printed(line)
        # the fit check measures every line against the first one's indent
        if (first if n == 0 else max(first, 0.0)) + (text_em(text) + others) * bound.size_pt > room:
            return False
    return True


_ROUNDING = 1e-6  # the bound's sum and the exact one round differently in the last digits


def _has_text(tc: _Element) -> bool:
    """Whether the cell prints any text (most blank rows' cells do not: they are not measured). Text of
    XML white space alone prints nothing; a full-width space does."""
    return any(text.strip(" \t\r\n") for text in tc.itertext(_W_T, with_tail=False))


def cell_place(styles: Styles, cell: Cell, p: _Element, chars: list[tuple[str, float]]) -> Place:
    """Where paragraph *p* of *cell*, printing *chars*, sets its lines."""
    size = max((size for _, size in chars), default=10.5)
    sides, first = indents_pt(styles, p, size)
    line = None
    if cell.line:
        chain = styles.ppr_chain(p)
        if attr(chain, "w:spacing", "w:lineRule") == "exact":
            line = int_value(attr(chain, "w:spacing", "w:line")) / TWIPS_PER_PT or None
    prose = styles.name(styles.paragraph_style(p)) in PROSE_STYLES
    return Place((cell.width_twips - cell.margin_twips) / TWIPS_PER_PT - sides, first, prose, line)


def _page_places(styles: Styles, paragraphs: list[_Element],
                 width_pt: float) -> list[tuple[_Element, Place, list[tuple[str, float]]]]:
    if width_pt <= 0:
        return []
    out = []
    for p in paragraphs:
        if one_line_to_spare(styles, p, width_pt):
            continue
        chars = runs_text(styles, p)
        if not chars:
            continue
        sides, first = indents_pt(styles, p, max(size for _, size in chars))
        out.append((p, Place(width_pt - sides, first, True), chars))
    return out


#: a paragraph longer than this (six pages of prose) is left as it is: every setting tried wraps the whole of it
#: again, and a 100,000-character paste made ``fill`` take seconds a setting, minutes in all
MAX_SET_CHARS = 5_000


def setting_for(chars: list[tuple[str, float]], place: Place) -> Setting | None:
    """How a paragraph printing *chars* at *place* is set: ``Setting()`` as it is, None when nothing
    within the limits keeps its last line from holding one character."""
    if place.room_pt <= 0 or len(chars) > MAX_SET_CHARS:
        return Setting()
    return _setting_for(tuple(chars), place)


@lru_cache(maxsize=1024)
def _setting_for(chars: tuple[tuple[str, float], ...], place: Place) -> Setting | None:
    """``setting_for``, wrapped once for the fit check (the document as rendered) and the setting of
    its lines a moment later (the same paragraph, its marks out)."""
    if place.cover_line_pt:
        return cover_setting(list(chars), place.room_pt - place.first_pt, place.cover_line_pt)
    lone = lone_setting(list(chars), place.room_pt, place.first_pt, prose=place.prose)
    if lone != Setting() or place.prose:
        return lone
    whole = word_setting(list(chars), place.room_pt, place.first_pt)  # a cell's value: its words kept whole
    return whole if whole is not None else lone


def fit_paragraphs(body: _Element, styles_element: _Element, kept: Measured | None = None) -> None:
    """Set every paragraph of *body* so that none ends on a line of one character and every cover
    value keeps to its line, where the limits allow (see the module's docstring). *kept*: what the fit
    check measured of the document (``render.measured``)."""
    styles = Styles(styles_element)
    for p, place, chars in paragraph_places(body, styles, kept):
        plain = settable(styles, p, chars)
        setting = setting_for(plain, place) if plain is not None else None
        if setting is not None and setting != Setting():
            apply_setting(p, setting)
