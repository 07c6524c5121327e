"""Fit before print: what will not come out of the printer as the official form lays it out.

A clerk sees the data in the wizard, not the paper. **A short answer wider than its cell**
goes wrong only on paper — a phone number with an extension in a 2.2 cm cell, a long unit
name on the cover's underlined line, a 统一社会信用代码 in a narrow column. Word wraps it (the
row grows and the page of the official form moves) or, in a row of exact height, cuts it
off. Warned as ``Problem(severity="warning", rule="print.fit")`` pointing at the field.
(Empty pages and stray blank rows are ``render.layout``'s.)

``FitCheck`` is a step of the production path: it reads the render that writes each
document (``fill``, 生成申报材料, 预览). ``fit_problems`` renders on its own, for the
wizard's 审核 page, through the same ``render.steps.render_document``.

How the fit check finds where each field prints: each template is rendered by docxtpl
exactly as ``fill`` renders it, but every string of the context remembers its place in
the data (its JSON Pointer) and prints between invisible marks (``render.marks``). The rendered document
then says, for every value, which cell it landed in — after every ``{%tr for %}`` loop,
``pad()``, ``blank()``, condition and ``{% vm %}`` merge — with that cell's own width,
margins, style and font size. Nothing reads the Jinja tags a second time, so what is
checked is what is printed, for built-in and replaced templates alike, and the loop
variables need no binding of their own (``render.contract`` stays the one Jinja walker).

Which cells are checked (the *single-line policy*): a paragraph in a table cell is
expected to stay on one line when the cell has no room for one more line of it — the
row's height (``trHeight``, summed over vertically merged rows; 0 when the row has none)
minus the height of the cell's paragraphs is less than that paragraph's line height. A
default 0.75 cm or 0.9 cm row at 五号 (10.5 pt) and the cover's 1.1 cm lines at 三号 with
40 pt exact spacing are single-line; a 1.1 cm row with one 五号 paragraph, or a tall
answer cell, has room to wrap and is not checked. Paragraphs in the “YN Cell Text” style
(the templates' running-text cells) and the paragraphs of ``paras()`` loops (multi-line
answers, which are not single strings of the data) are never checked. A line is
``1.15 em × the line multiple`` for auto spacing — about what Word gives for the
Times New Roman/宋体 pair of these templates — or the exact/at-least spacing in points.

When a single-line cell warns: in a row of **exact** height (the text is cut off) and on a
**line to write on** (a cell with only its bottom border, as on the covers: a second line
falls off the underline), whenever the value makes the line wider than the cell. In a row
that **grows** (the templates' “at least” rows) only when the value holds a word wider than
the cell — a phone number, e-mail address, 统一社会信用代码 or amount, which wrapping would
split mid-way and a reader would misread. Chinese text wraps between any two characters
and stays readable in a growing row, as on a form filled in by hand: an address on two
lines is not warned, since the clerk could not shorten it anyway.

**Set, not warned** (``render.fitting``): a value whose last line in its cell would hold one
character, or holding a word a little wider than its cell (an e-mail address), is condensed or
set one step smaller as the documents are written, and a cover value too long for its line is
set smaller on it. The fit check warns only where that is not
enough — the field, what its last line would hold, and that it must be shortened; for a cover
line, that the cover would run onto a second page.

Widths are estimated per character class (``render.measure.char_em``), in em of the run's font size:
good enough to warn before print, not a typesetter. A warning is given only when the
value makes the difference: a cell whose fixed text alone already overflows is the
template's business, not the clerk's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml.etree import _Element

from yn_forms.core.formdef import FormDefinition
from yn_forms.core.problems import TEMPLATE_RULE, Problem, pointer
from yn_forms.core.validation import judge, title_at
from yn_forms.render.context import build_context
from yn_forms.render.docx import RenderError
from yn_forms.render.fitting import Setting, cell_place, one_line_to_spare, settable, setting_for
from yn_forms.render.geometry import Cell, table_cells
from yn_forms.render.marks import CLOSE, OPEN, SEP, Loc, marked_context
from yn_forms.render.measure import (
    CM_PER_PT,
    TWIPS_PER_PT,
    char_em,
    indent_pt,
    line_pt,
    paragraph_height_pt,
    printed_bound,
    runs_text,
    widest_word_pt,
    wrap_lines,
)
from yn_forms.render.measured import Measured, measured
from yn_forms.render.steps import Rendered, Step, render_document
from yn_forms.render.templates import document_templates
from yn_forms.render.wordstyles import Styles, int_value, qn

_W_P, _W_T, _W_TC = qn("w:p"), qn("w:t"), qn("w:tc")

RULE = "print.fit"
TEXT_STYLES = frozenset({"YN Cell Text"})  # running text in a cell: wraps by design


# --- the rendered text of a paragraph, with the values it holds ------------------------------


@dataclass
class _Line:
    """One printed line of a paragraph: its width, and the traced values it holds."""

    width_pt: float = 0.0
    static_pt: float = 0.0  # the width without the traced values
    values: dict[int, list[tuple[str, float]]] = field(default_factory=dict)  # marker -> (char, width)


def _printed(chars: list[tuple[str, float]]) -> Iterator[tuple[str, float, int | None]]:
    """Each printed character of marked *chars*, its size and the marker of the value it belongs to
    (None: the template's own text); the marks themselves print nothing."""
    current: int | None = None  # marker index of the value being read
    index, state = "", "text"
    for ch, size in chars:
        if ch == OPEN:
            index, state = "", "index"
        elif state == "index":
            if ch == SEP:
                current, state = int_value(index, -1), "value"
            else:
                index += ch
        elif ch == CLOSE:
            current, state = None, "text"
        else:
            yield ch, size, current


def _lines(chars: list[tuple[str, float]]) -> list[_Line]:
    """Split at line breaks; measure each line and the traced values between the markers in it."""
    lines = [_Line()]
    for ch, size, current in _printed(chars):
        if ch == "\n":
            lines.append(_Line())
        else:
            width = char_em(ch) * size
            line = lines[-1]
            line.width_pt += width
            if current is None:
                line.static_pt += width
            else:
                line.values.setdefault(current, []).append((ch, width))
    return lines


# --- the fit check ------------------------------------------------------------------------------


@dataclass
class _Overflow:
    loc: Loc
    needed_pt: float
    room_pt: float


@dataclass
class _Lone:
    """A value ``render.fitting`` cannot keep from ending on a line of one character, or a cover value
    that does not fit its line even smaller."""

    loc: Loc
    last: str  # what its last line would hold
    cover: bool


def _lone(styles: Styles, cell: Cell, p: _Element, plain: list[tuple[str, float]], markers: list[int],
          locs: list[Loc]) -> _Lone | None:
    text = settable(styles, p, plain)
    if text is None or not markers or not 0 <= markers[-1] < len(locs):
        return None
    place = cell_place(styles, cell, p, text)
    if setting_for(text, place) is not None:
        return None
    last = wrap_lines(text, place.room_pt, first_pt=place.first_pt)[-1].strip()
    return _Lone(locs[markers[-1]], last, place.cover_line_pt is not None)


def _overflows(body: _Element, styles: Styles, locs: list[Loc],
               kept: Measured | None = None) -> Iterator[_Overflow | _Lone]:
    """The traced values that will not print as laid out, in the single-line cells of *body*; and
    (``_Lone``) those no setting keeps from ending on a line of one character, in any cell.

    In a row of exact height and on a line to write on, any value that makes its line wider
    than the cell; in a row that grows, a value with a word (number, e-mail, code) wider
    than the cell, which wrapping would split. CJK text that wraps in a growing row stays
    readable, as on a form filled in by hand, and is not warned.

    *kept*: the document's readings shared with its typesetting (``render.measured``): the cells are
    measured there once, and the paragraphs found sure to fit are not measured again.
    """
    settled = kept.settled if kept is not None else set()
    holding = _cells_holding_a_value(body)  # only those are measured
    if kept is not None:
        kept.twins(body, holding)  # tables printed again with other values: their cells measured once
    bounds = kept.bounds if kept is not None else {}
    for tbl in body.iter(qn("w:tbl")):
        model = kept.model(tbl) if kept is not None else tbl
        for n, cell in enumerate(kept.cells(styles, tbl) if kept is not None else table_cells(styles, tbl)):
            if cell.tc not in holding:
                continue
            paragraphs = cell.tc.findall(_W_P)
            inner_pt = (cell.width_twips - cell.margin_twips) / TWIPS_PER_PT
            used_pt: float | None = None  # the cell's paragraphs' height, once a value is measured
            for j, p in enumerate(paragraphs):
                # a twin's paragraph is its model's but for the values' text: that alone is read (``render.measured``)
                bound = printed_bound(styles, p, bounds.get((model, n, j)) if model is not tbl else None)
                if model is tbl:
                    bounds[(tbl, n, j)] = bound
                if one_line_to_spare(styles, p, inner_pt, breaks=not cell.line, printed=_unmarked, bound=bound):
                    settled.add(p)  # nothing of it can overflow or end alone (most values), nor need setting
                    continue
                chars = runs_text(styles, p)
                if not any(ch == OPEN for ch, _ in chars):
                    continue
                plain, markers = _plain(chars)
                lone = _lone(styles, cell, p, plain, markers, locs)
                if lone is not None:
                    yield lone
                if styles.name(styles.paragraph_style(p)) in TEXT_STYLES:
                    continue
                size = max(size for _, size in chars)
                if used_pt is None:
                    used_pt = sum(paragraph_height_pt(styles, q) for q in paragraphs)
                if cell.height_twips / TWIPS_PER_PT - used_pt >= line_pt(styles, p, size):
                    continue  # room for another line: the cell may wrap by design
                room = inner_pt - indent_pt(styles, p, size)
                if cell.line and cell_place(styles, cell, p, plain).cover_line_pt is not None:
                    continue  # set smaller on its line (``render.fitting``), or a ``_Lone`` above
                for line in _lines(chars):
                    if not line.values or line.width_pt <= room or line.static_pt > room:
                        continue
                    if cell.exact or cell.line:
                        culprits = {i: sum(w for _, w in v) for i, v in line.values.items()}
                    else:  # a word set condensed or smaller to stay whole (``render.fitting``) is not split
                        as_set = _set_widths(_setting(styles, cell, p, plain))
                        culprits = {i: w for i, v in line.values.items() if (w := widest_word_pt(v)) > room
                                    and widest_word_pt(as_set(v)) > room}
                    if not culprits:
                        continue
                    widest = max(culprits, key=lambda i: culprits[i])
                    if 0 <= widest < len(locs):
                        yield _Overflow(locs[widest], line.width_pt, max(room, 0.0))


def _setting(styles: Styles, cell: Cell, p: _Element, plain: list[tuple[str, float]]) -> Setting | None:
    """How ``render.fitting`` sets paragraph *p* as the document is written (None: as it is)."""
    text = settable(styles, p, plain)
    return setting_for(text, cell_place(styles, cell, p, text)) if text is not None else None


def _set_widths(setting: Setting | None) -> Callable[[list[tuple[str, float]]], list[tuple[str, float]]]:
    """(character, width) of a value as *setting* prints it: at its size, spaced by its spacing."""
    if setting is None or setting == Setting():
        return lambda value: value
    return lambda value: [(ch, (char_em(ch) * setting.size_pt if setting.size_pt else width) + setting.spacing_pt)
                          for ch, width in value]


_MARKS = re.compile(f"{OPEN}\\d*{SEP}|{CLOSE}")


def _unmarked(text: str) -> str:
    """Marked *text* as it prints: the marks print nothing (those ``_printed`` would read as marks, or fewer)."""
    return _MARKS.sub("", text)


def _plain(chars: list[tuple[str, float]]) -> tuple[list[tuple[str, float]], list[int]]:
    """*chars* without the marks, and the marker of each value, in the order they print."""
    plain: list[tuple[str, float]] = []
    markers: list[int] = []
    for ch, size, current in _printed(chars):
        plain.append((ch, size))
        if current is not None and (not markers or markers[-1] != current):
            markers.append(current)
    return plain, markers


def _lone_message(found: _Lone) -> str:
    if found.cover:
        return ("封面这一行放不下：缩小字号、分两行排仍超出这一行，封面会排到第二页；"
                "请缩短（如用规范简称），打印前改好。")
    return (f"打印时最后一行只剩“{found.last}”一个字：字距和字号已调到下限（不小于小五号）仍放不下；"
            "请删去一两个字或改写，使最后一行不只一个字。")


def _cells_holding_a_value(body: _Element) -> set[_Element]:
    """The cells a value of the data prints in (its marker is there), found from the text: a walk of the
    ``w:t`` is quicker than libxml2's XPath over every cell."""
    found: set[_Element] = set()
    for t in body.iter(_W_T):
        text = t.text if not len(t) else "".join(t.itertext())  # a ``w:t`` holds text alone (its string-value)
        if text and OPEN in text:
            found.update(t.iterancestors(_W_TC))
    return found


def _message(needed_pt: float, room_pt: float) -> str:
    needed, room = f"{needed_pt * CM_PER_PT:.1f}", f"{room_pt * CM_PER_PT:.1f}"
    if needed == room:
        needed, room = f"{needed_pt * CM_PER_PT:.2f}", f"{room_pt * CM_PER_PT:.2f}"
    return (f"打印时可能超出表格宽度：约需 {needed} 厘米，格内只有 {room} 厘米（将自动换行或被截断），"
            "请缩写或在Word中调整。")


def _keep_worst(worst: dict[Loc, _Overflow], found: _Overflow) -> None:
    """One warning per field, at the place it overflows most."""
    known = worst.get(found.loc)
    if known is None or found.needed_pt - found.room_pt > known.needed_pt - known.room_pt:
        worst[found.loc] = found


def _as_problems(form: FormDefinition, worst: dict[Loc, _Overflow]) -> list[Problem]:
    return [Problem(pointer(loc), title_at(form.model, loc), "warning", _message(o.needed_pt, o.room_pt), RULE)
            for loc, o in worst.items()]


def fit_problems(form: FormDefinition, data: dict[str, Any], templates: list[Path] | None = None) -> list[Problem]:
    """Warnings for the values that will not fit their single-line cell when printed.

    *templates* default to the documents ``fill`` would write (a replaced template
    included). One warning per field, at the narrowest place it overflows, in the
    order the documents print them. ``fill`` gets the same from its ``FitCheck`` step without
    rendering a second time. A template that cannot be rendered (broken, or refused by the
    budget every render keeps) comes first, as an error without a field (``TEMPLATE_RULE``): the
    审核 page says why 生成 will refuse it, before the clerk asks.
    """
    judgement = judge(form, data)
    context = marked_context(form, build_context(form, judgement.model, judgement.resolution.data,
                                                 judgement.errors))
    if context is None:  # the data holds the marks' characters: nothing can be told apart
        return []
    check = FitCheck(form)
    paths = templates if templates is not None else [s.path for s in document_templates(form)]
    unusable: list[Problem] = []
    for path in paths:
        try:
            render_document(Path(path), context, [check], marked=True, fit=False)
        except RenderError as exc:
            unusable.append(Problem("", Path(path).name, "error", str(exc), TEMPLATE_RULE))
    return unusable + check.problems()


class FitCheck(Step):
    """The fit check riding on the render that writes the documents (a step of the production path).

    Rendering a template is most of what the check costs; ``fill`` renders each one
    anyway. The render marks where each value prints, the check reads the rendered
    document, and the marks are taken out before it is saved — a document identical to one
    rendered without them. A render without marks (the data holds their characters) is not
    checked.
    """

    marks = True

    def __init__(self, form: FormDefinition) -> None:
        self.form = form
        self._worst: dict[Loc, _Overflow] = {}
        self._lone: dict[Loc, _Lone] = {}

    def rendered(self, document: Rendered) -> None:
        if document.marks is None:
            return
        docx = document.doc.docx
        body, styles = docx.element.body, Styles(docx.styles.element)
        for found in _overflows(body, styles, document.marks, measured(docx)):
            if isinstance(found, _Lone):
                self._lone.setdefault(found.loc, found)
            else:
                _keep_worst(self._worst, found)

    def problems(self) -> list[Problem]:
        """One warning per field, at the place it overflows most, in the order the documents print them;
        then the values that would end on a line of one character, once each."""
        lone = [Problem(pointer(loc), title_at(self.form.model, loc), "warning", _lone_message(found), RULE)
                for loc, found in self._lone.items() if loc not in self._worst]
        return _as_problems(self.form, self._worst) + lone
