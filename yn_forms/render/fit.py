"""Fit before print: what will not come out of the printer as the official form lays it out.

A clerk sees the data in the wizard, not the paper. Two things go wrong only on paper:

1. **A short answer wider than its cell** (``fit_problems``) — a phone number with an
   extension in a 2.2 cm cell, a long unit name on the cover's underlined line, a
   统一社会信用代码 in a narrow column. Word wraps it (the row grows and the page of the
   official form moves) or, in a row of exact height, cuts it off. Warned as
   ``Problem(severity="warning", rule="print.fit")`` pointing at the field.
2. **Empty pages and stray blank rows** (``layout_problems`` on a produced .docx,
   ``empty_pages`` on its PDF) — two page breaks with nothing between, or a member unit
   left all blank in the data that prints as an empty row in the middle of a list.

How the fit check finds where each field prints: each template is rendered by docxtpl
exactly as ``fill`` renders it, but every string of the context remembers its place in
the data (its JSON Pointer) and prints between invisible markers. The rendered document
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

Widths are estimated per character class (``char_em``), in em of the run's font size:
good enough to warn before print, not a typesetter. A warning is given only when the
value makes the difference: a cell whose fixed text alone already overflows is the
template's business, not the clerk's.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from lxml.etree import _Element, tostring
from markupsafe import Markup

from yn_forms.core.formdef import FormDefinition
from yn_forms.core.problems import Problem, pointer
from yn_forms.core.validation import judge, title_at
from yn_forms.render.context import build_context
from yn_forms.render.docx import RenderError, jinja_env, load_template, render_docx, render_template
from yn_forms.render.pdf import PdfError
from yn_forms.render.sandbox import FormSandbox
from yn_forms.render.templates import document_templates
from yn_forms.render.wordstyles import Styles, attr, int_value, qn

_W_T = qn("w:t")
_W_VAL = qn("w:val")
_W_RPR = qn("w:rPr")
_W_TCPR = qn("w:tcPr")

RULE = "print.fit"
TEXT_STYLES = frozenset({"YN Cell Text"})  # running text in a cell: wraps by design
DEFAULT_CELL_MARGIN = 108  # twips; Word's default left/right cell margin (0.19 cm)
DEFAULT_SIZE_PT = 10.0  # Word's size when no style says otherwise
LINE_EM = 1.15  # a single line, in em of the font size (Times New Roman/宋体)
TWIPS_PER_PT = 20
CM_PER_PT = 2.54 / 72

# markers around each traced value in the rendered XML: private-use characters, valid in XML
OPEN, SEP, CLOSE = "\ue000", "\ue001", "\ue002"
_NO_MARKERS = str.maketrans("", "", OPEN + SEP + CLOSE)
_BLANK = re.compile(r"[\s\u3000]*")

# --- measuring text -----------------------------------------------------------------------------

_NARROW = frozenset(".,:;'!|()[]{}-/`\"")  # about a third of an em in Times New Roman
_WIDE_ASCII = frozenset("@%&#~^*+=<>_$?\\")


def char_em(ch: str) -> float:
    """Printed width of one character in em of its font size.

    CJK ideographs, kana, full-width forms and the punctuation a Chinese font sets
    full width (“” —— 、 ①, East Asian width W, F or A) take 1 em; Latin letters and
    digits about half (capitals a little more); a space a quarter.
    """
    if ch == " ":
        return 0.25
    if ch == "\t" or ch in "☐☑□":  # the check boxes print about as wide as a Chinese character
        return 1.0
    if "0" <= ch <= "9" or "a" <= ch <= "z":
        return 0.5
    if "A" <= ch <= "Z":
        return 0.67
    if ch in _NARROW:
        return 0.33
    if ch in _WIDE_ASCII:
        return 0.6
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cf", "Mn", "Cc"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
        return 1.0
    return 0.5


def text_width_em(text: str) -> float:
    """Width of *text* in em (see ``char_em``)."""
    return sum(char_em(ch) for ch in text)


def _run_size(styles: Styles, run: _Element, p: _Element) -> float:
    rpr = run.find(_W_RPR)
    key = ("run", styles.paragraph_style(p), tostring(rpr) if rpr is not None else b"")

    def compute() -> float:
        value = attr(styles.rpr_chain(run, p), "w:sz", "w:val")
        return int_value(value) / 2 if value is not None else DEFAULT_SIZE_PT

    return styles.remembered(key, compute)


def _per_paragraph_key(measure: Callable[..., float]) -> Callable[..., float]:
    """*measure* (styles, paragraph, *args) worked out once per paragraph key and arguments."""
    def remembered(styles: Styles, p: _Element, *args: float) -> float:
        return styles.remembered((measure.__name__, styles.paragraph_key(p), *args),
                                 lambda: measure(styles, p, *args))
    return remembered


@_per_paragraph_key
def _paragraph_size(styles: Styles, p: _Element) -> float:
    """The size of the paragraph mark: what an empty paragraph is as tall as."""
    chain = [x for x in [p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")] if x is not None]
    chain += [x for s in styles.chain(styles.paragraph_style(p)) if (x := s.find(qn("w:rPr"))) is not None]
    chain += [styles.doc_rpr] if styles.doc_rpr is not None else []
    value = attr(chain, "w:sz", "w:val")
    return int_value(value) / 2 if value is not None else DEFAULT_SIZE_PT


@_per_paragraph_key
def _line_pt(styles: Styles, p: _Element, size_pt: float) -> float:
    """Height of one line of the paragraph, in points."""
    chain = styles.ppr_chain(p)
    line = attr(chain, "w:spacing", "w:line")
    rule = attr(chain, "w:spacing", "w:lineRule") or "auto"
    natural = size_pt * LINE_EM
    if line is None:
        return natural
    if rule == "exact":
        return int_value(line) / TWIPS_PER_PT
    if rule == "atLeast":
        return max(natural, int_value(line) / TWIPS_PER_PT)
    return natural * int_value(line, 240) / 240


@_per_paragraph_key
def _paragraph_height_pt(styles: Styles, p: _Element) -> float:
    """One line plus the spacing before and after: what the paragraph takes at the least."""
    chain = styles.ppr_chain(p)
    spacing = sum(int_value(attr(chain, "w:spacing", side)) for side in ("w:before", "w:after")) / TWIPS_PER_PT
    return _line_pt(styles, p, _paragraph_size(styles, p)) + spacing


@_per_paragraph_key
def _indent_pt(styles: Styles, p: _Element, size_pt: float) -> float:
    """Left + right indentation and the first line's own indent, taken from the first line's width."""
    chain = styles.ppr_chain(p)

    def side(chars: tuple[str, ...], twips: tuple[str, ...]) -> float:
        in_chars = attr(chain, "w:ind", *chars)
        if in_chars is not None and int_value(in_chars):
            return int_value(in_chars) / 100 * size_pt
        return int_value(attr(chain, "w:ind", *twips)) / TWIPS_PER_PT

    left = side(("w:leftChars", "w:startChars"), ("w:left", "w:start"))
    right = side(("w:rightChars", "w:endChars"), ("w:right", "w:end"))
    first = side(("w:firstLineChars",), ("w:firstLine",)) - side(("w:hangingChars",), ("w:hanging",))
    return left + right + first


# --- tables: where each cell is, how wide and how tall ----------------------------------------


@dataclass
class _Cell:
    tc: _Element
    width_twips: int  # the cell's own width, before margins
    margin_twips: int  # left + right cell margins
    height_twips: int  # the rows it covers (vertical merges summed); 0: no height set
    exact: bool  # a row of exact height: what does not fit is cut off
    line: bool  # a line to write on (only a bottom border, as on a cover): wrapping breaks the line


def _table_margins(styles: Styles, tbl: _Element) -> list[_Element]:
    """Where a table sets its cells' margins: its own ``tblCellMar``, then its style's, nearest first."""
    containers: list[_Element] = []
    tbl_pr = tbl.find(qn("w:tblPr"))
    if tbl_pr is not None:
        found = tbl_pr.find(qn("w:tblCellMar"))
        if found is not None:
            containers.append(found)
        style = tbl_pr.find(qn("w:tblStyle"))
        for s in styles.chain(style.get(_W_VAL) if style is not None else None):
            found = s.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
            if found is not None:
                containers.append(found)
    return containers


def _margins(styles: Styles, tbl: _Element, tc: _Element, table: list[_Element] | None = None) -> int:
    """Left + right margin of *tc*: its own ``tcMar``, the table's, the table style's, or Word's default
    (*table*: the table's part, ``_table_margins``, when the caller has it already)."""
    tc_pr = tc.find(_W_TCPR)
    own = tc_pr.find(qn("w:tcMar")) if tc_pr is not None else None
    containers = ([own] if own is not None else []) + (table if table is not None else _table_margins(styles, tbl))
    total = 0
    for names in (("w:left", "w:start"), ("w:right", "w:end")):
        value = DEFAULT_CELL_MARGIN
        for container in containers:
            element = next((e for n in names if (e := container.find(qn(n))) is not None), None)
            if element is not None:
                value = int_value(element.get(qn("w:w")), DEFAULT_CELL_MARGIN)
                break
        total += value
    return total


def _row_height(tr: _Element) -> tuple[int, bool]:
    """The row's height in twips (0: none set) and whether it is exact."""
    height = tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
    if height is None or height.get(qn("w:hRule")) == "auto":
        return 0, False
    return int_value(height.get(qn("w:val"))), height.get(qn("w:hRule")) == "exact"


def _drawn(borders: _Element | None, sides: tuple[str, ...]) -> bool:
    """Whether *borders* draws any of *sides* (``nil``/``none`` draw nothing)."""
    if borders is None:
        return False
    return any((b := borders.find(qn(f"w:{side}"))) is not None and b.get(qn("w:val")) not in ("nil", "none")
               for side in sides)


_ALL_SIDES = ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV")


def _table_has_grid(styles: Styles, tbl: _Element) -> bool:
    """Whether the table draws borders of its own (directly or through its style, e.g. “Table Grid”)."""
    tbl_pr = tbl.find(qn("w:tblPr"))
    if tbl_pr is None:
        return False
    if _drawn(tbl_pr.find(qn("w:tblBorders")), _ALL_SIDES):
        return True
    style = tbl_pr.find(qn("w:tblStyle"))
    return any(_drawn(s.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}"), _ALL_SIDES)
               for s in styles.chain(style.get(qn("w:val")) if style is not None else None))


def _is_line(tc: _Element, grid: bool) -> bool:
    """A value written on a line: the cell draws its bottom border and no other, in a table without borders."""
    borders = tc.find(f"{qn('w:tcPr')}/{qn('w:tcBorders')}")
    return (not grid and _drawn(borders, ("bottom",))
            and not _drawn(borders, ("top", "left", "start", "right", "end")))


def _cell_property(tc: _Element, name: str) -> _Element | None:
    tc_pr = tc.find(_W_TCPR)
    return tc_pr.find(name) if tc_pr is not None else None


def _table_cells(styles: Styles, tbl: _Element, wanted: Callable[[_Element], bool] | None = None) -> Iterator[_Cell]:
    """Every cell of *tbl* that holds content (continuations of a vertical merge are folded into
    the cell that starts it), with its width and the height of the rows it covers; only those
    *wanted* says yes to, when given (measuring a cell is the costly part)."""
    grid = [int_value(c.get(qn("w:w"))) for c in tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")]
    has_grid = _table_has_grid(styles, tbl)
    table_margins = _table_margins(styles, tbl)
    rows = tbl.findall(qn("w:tr"))
    v_merge, grid_span, tc_w = qn("w:vMerge"), qn("w:gridSpan"), qn("w:tcW")
    placed: list[dict[int, tuple[_Element, int]]] = []  # per row: grid column -> (tc, span)
    for tr in rows:
        before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
        col = int_value(before.get(_W_VAL)) if before is not None else 0
        here: dict[int, tuple[_Element, int]] = {}
        for tc in tr.findall(qn("w:tc")):
            span_el = _cell_property(tc, grid_span)
            span = max(1, int_value(span_el.get(_W_VAL), 1)) if span_el is not None else 1
            here[col] = (tc, span)
            col += span
        placed.append(here)
    for r, here in enumerate(placed):
        for col, (tc, span) in here.items():
            merge = _cell_property(tc, v_merge)
            if merge is not None and merge.get(_W_VAL) != "restart":
                continue  # a continuation: printed as part of the cell above
            if wanted is not None and not wanted(tc):
                continue
            height, exact = _row_height(rows[r])
            if merge is not None:
                for below in range(r + 1, len(rows)):
                    nxt = placed[below].get(col)
                    cont = _cell_property(nxt[0], v_merge) if nxt else None
                    if cont is None or cont.get(_W_VAL) == "restart":
                        break
                    more, more_exact = _row_height(rows[below])
                    height, exact = height + more, exact or more_exact
            width_el = _cell_property(tc, tc_w)
            width = 0
            if width_el is not None and width_el.get(qn("w:type"), "dxa") == "dxa":
                width = int_value(width_el.get(qn("w:w")))
            if not width and col + span <= len(grid):
                width = sum(grid[col:col + span])
            yield _Cell(tc, width, _margins(styles, tbl, tc, table_margins), height, exact, _is_line(tc, has_grid))


# --- the rendered text of a paragraph, with the values it holds ------------------------------


@dataclass
class _Line:
    """One printed line of a paragraph: its width, and the traced values it holds."""

    width_pt: float = 0.0
    static_pt: float = 0.0  # the width without the traced values
    values: dict[int, list[tuple[str, float]]] = field(default_factory=dict)  # marker -> (char, width)


def _runs_text(styles: Styles, p: _Element) -> list[tuple[str, float]]:
    """(character, font size) for every character printed by *p*, ``\\n`` for a line break."""
    out: list[tuple[str, float]] = []
    for run in p.iter(qn("w:r")):
        size = _run_size(styles, run, p)
        for child in run:
            if child.tag == qn("w:t"):
                out += [(ch, size) for ch in (child.text or "")]
            elif child.tag == qn("w:tab"):
                out.append(("\t", size))
            elif child.tag in (qn("w:br"), qn("w:cr")) and child.get(qn("w:type")) in (None, "textWrapping"):
                out.append(("\n", size))
            elif child.tag == qn("w:noBreakHyphen"):
                out.append(("-", size))
    return out


def _lines(chars: list[tuple[str, float]]) -> list[_Line]:
    """Split at line breaks; measure each line and the traced values between the markers in it."""
    lines = [_Line()]
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
        elif ch == "\n":
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


def _breaks_between(ch: str) -> bool:
    """Whether Word may wrap a line at *ch*: at spaces and around every CJK character.

    A run of anything else — digits, Latin letters, ``-@._`` — is one word to Word: a phone
    number, an e-mail address, a 统一社会信用代码. Wider than the line, it is split mid-way.
    (Word may also wrap after a hyphen; a phone number split there is misread all the same.)
    """
    return ch.isspace() or char_em(ch) >= 1.0


def _widest_word_pt(value: list[tuple[str, float]]) -> float:
    widest = run = 0.0
    for ch, width in value:
        run = 0.0 if _breaks_between(ch) else run + width
        widest = max(widest, run)
    return widest


# --- tracing the context ----------------------------------------------------------------------


class _Traced(str):
    """A string of the template context that remembers where in the data it came from.

    Behaves as the plain string everywhere a template uses it (comparisons in ``box()``,
    ``pad()``, ``blank()``, conditions); only printing it leaves a marker behind.
    """

    loc: tuple[Any, ...]

    def __new__(cls, value: str, loc: tuple[Any, ...]) -> _Traced:
        obj = super().__new__(cls, value)
        obj.loc = loc
        return obj

    def __str__(self) -> str:  # ``blank()`` calls str(): keep the trace
        return self


def _trace(value: Any, loc: tuple[Any, ...]) -> Any:
    if isinstance(value, dict):
        return {k: _trace(v, (*loc, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_trace(v, (*loc, i)) for i, v in enumerate(value)]
    if isinstance(value, str) and value:
        return _Traced(value, loc)
    return value


def _traced_context(form: FormDefinition, context: dict[str, Any]) -> dict[str, Any]:
    """*context* with every string of the form's data remembering its place (the helpers as they are)."""
    fields = set(form.model.model_fields)
    return {k: (_trace(v, (k,)) if k in fields else v) for k, v in context.items()}


class _Markers:
    """The Jinja environment of a traced render and the places of the values it printed."""

    def __init__(self) -> None:
        self.locs: list[tuple[Any, ...]] = []
        self._index: dict[tuple[Any, ...], int] = {}
        plain: Callable[[Any], Markup] = jinja_env().plain_finalize  # the escaping ``fill`` prints with
        self.env = FormSandbox(autoescape=True, finalize=self._finalize)
        self._plain = plain

    def _finalize(self, value: Any) -> Markup:
        if not isinstance(value, _Traced):
            return self._plain(value)
        # a plain copy (the escaping must not see the trace), without characters that would read as markers
        text = str.__str__(value).translate(_NO_MARKERS)
        if _is_blank(text):
            return self._plain(text)
        index = self._index.get(value.loc)
        if index is None:
            index = self._index[value.loc] = len(self.locs)
            self.locs.append(value.loc)
        return Markup(f"{OPEN}{index}{SEP}") + self._plain(text) + Markup(CLOSE)


# --- the fit check ------------------------------------------------------------------------------


@dataclass
class _Overflow:
    loc: tuple[Any, ...]
    needed_pt: float
    room_pt: float


def _overflows(body: _Element, styles: Styles, locs: list[tuple[Any, ...]]) -> Iterator[_Overflow]:
    """The traced values that will not print as laid out, in the single-line cells of *body*.

    In a row of exact height and on a line to write on, any value that makes its line wider
    than the cell; in a row that grows, a value with a word (number, e-mail, code) wider
    than the cell, which wrapping would split. CJK text that wraps in a growing row stays
    readable, as on a form filled in by hand, and is not warned.
    """
    for tbl in body.iter(qn("w:tbl")):
        for cell in _table_cells(styles, tbl, _holds_a_value):
            paragraphs = cell.tc.findall(qn("w:p"))
            used_pt = sum(_paragraph_height_pt(styles, p) for p in paragraphs)
            for p in paragraphs:
                chars = _runs_text(styles, p)
                if not any(ch == OPEN for ch, _ in chars):
                    continue
                if styles.name(styles.paragraph_style(p)) in TEXT_STYLES:
                    continue
                size = max(size for _, size in chars)
                if cell.height_twips / TWIPS_PER_PT - used_pt >= _line_pt(styles, p, size):
                    continue  # room for another line: the cell may wrap by design
                room = (cell.width_twips - cell.margin_twips) / TWIPS_PER_PT - _indent_pt(styles, p, size)
                for line in _lines(chars):
                    if not line.values or line.width_pt <= room or line.static_pt > room:
                        continue
                    if cell.exact or cell.line:
                        culprits = {i: sum(w for _, w in v) for i, v in line.values.items()}
                    else:
                        culprits = {i: w for i, v in line.values.items() if (w := _widest_word_pt(v)) > room}
                    if not culprits:
                        continue
                    widest = max(culprits, key=lambda i: culprits[i])
                    if 0 <= widest < len(locs):
                        yield _Overflow(locs[widest], line.width_pt, max(room, 0.0))


def _holds_a_value(tc: _Element) -> bool:
    """Whether a value of the data prints in the cell (its marker is there): only those are measured."""
    return any(t.text and OPEN in t.text for t in tc.iter(_W_T))


def _message(needed_pt: float, room_pt: float) -> str:
    needed, room = f"{needed_pt * CM_PER_PT:.1f}", f"{room_pt * CM_PER_PT:.1f}"
    if needed == room:
        needed, room = f"{needed_pt * CM_PER_PT:.2f}", f"{room_pt * CM_PER_PT:.2f}"
    return (f"打印时可能超出表格宽度：约需 {needed} 厘米，格内只有 {room} 厘米（将自动换行或被截断），"
            "请缩写或在Word中调整。")


def _traced_renders(form: FormDefinition, data: dict[str, Any],
                    templates: list[Path] | None) -> Iterator[tuple[Path, _Element, Styles, list[tuple[Any, ...]]]]:
    """Each template rendered as ``fill`` renders it, every printed value between markers.

    A template that cannot be rendered is passed over: ``fill`` reports it, and advice
    must never stop the output.
    """
    judgement = judge(form, data)
    traced = _traced_context(form, build_context(form, judgement.model, judgement.resolution.data, judgement.errors))
    paths = templates if templates is not None else [s.path for s in document_templates(form)]
    for path in paths:
        markers = _Markers()
        try:
            doc = load_template(Path(path))
            render_template(Path(path), doc, traced, markers.env)
        except RenderError:
            continue
        yield Path(path), doc.docx.element.body, Styles(doc.docx.styles.element), markers.locs


def _keep_worst(worst: dict[tuple[Any, ...], _Overflow], found: _Overflow) -> None:
    """One warning per field, at the place it overflows most."""
    known = worst.get(found.loc)
    if known is None or found.needed_pt - found.room_pt > known.needed_pt - known.room_pt:
        worst[found.loc] = found


def _as_problems(form: FormDefinition, worst: dict[tuple[Any, ...], _Overflow]) -> list[Problem]:
    return [Problem(pointer(loc), title_at(form.model, loc), "warning", _message(o.needed_pt, o.room_pt), RULE)
            for loc, o in worst.items()]


def fit_problems(form: FormDefinition, data: dict[str, Any], templates: list[Path] | None = None) -> list[Problem]:
    """Warnings for the values that will not fit their single-line cell when printed.

    *templates* default to the documents ``fill`` would write (a replaced template
    included). One warning per field, at the narrowest place it overflows, in the
    order the documents print them. ``fill`` gets the same from ``FitCheck`` without
    rendering a second time.
    """
    worst: dict[tuple[Any, ...], _Overflow] = {}
    for _path, body, styles, locs in _traced_renders(form, data, templates):
        for found in _overflows(body, styles, locs):
            _keep_worst(worst, found)
    return _as_problems(form, worst)


_MARKS = re.compile(f"{OPEN}\\d*{SEP}|{CLOSE}")


def _holds_marker_characters(value: Any) -> bool:
    if isinstance(value, str):
        return any(ch in value for ch in (OPEN, SEP, CLOSE))
    if isinstance(value, dict):
        return any(_holds_marker_characters(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_holds_marker_characters(v) for v in value)
    return False


def strip_marks(doc: Any) -> None:
    """Take the fit check's marks out of every rendered part: the text is then exactly what a
    render without them prints."""
    for part in doc.docx.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None:
            continue
        for t in element.iter(_W_T):
            if t.text and (OPEN in t.text or CLOSE in t.text):
                t.text = _MARKS.sub("", t.text)


class FitCheck:
    """The fit check riding on the render that writes the documents (``fill``).

    Rendering a template is most of what the check costs; ``fill`` renders each one
    anyway. With this, that one render marks where each value prints, the check reads the
    rendered document, and the marks are taken out before it is saved — a document
    identical to one rendered without them. Data that itself holds the marks' private-use
    characters is rendered plainly and not checked, so it is printed as typed.
    """

    def __init__(self, form: FormDefinition, context: dict[str, Any]) -> None:
        self.form = form
        fields = set(form.model.model_fields)
        self.enabled = not _holds_marker_characters({k: v for k, v in context.items() if k in fields})
        self.context = _traced_context(form, context) if self.enabled else context
        self._worst: dict[tuple[Any, ...], _Overflow] = {}
        self.layout: list[tuple[str, str]] = []  # (document, sentence): empty pages, stray blank rows

    def render(self, template: Path, out: Path, name: str = "") -> None:
        """``render_docx`` of *template* into *out*, checked on the way; *name* is the document's
        file name, for the layout check's sentences."""

        def finished(doc: Any) -> None:
            self.layout += [(name, m) for m in document_layout_problems(doc.docx.element.body,
                                                                        doc.docx.styles.element)]

        if not self.enabled:
            render_docx(template, self.context, out, finished=finished)
            return
        markers = _Markers()

        def inspect(doc: Any) -> None:
            for found in _overflows(doc.docx.element.body, Styles(doc.docx.styles.element), markers.locs):
                _keep_worst(self._worst, found)
            strip_marks(doc)

        render_docx(template, self.context, out, env=markers.env, inspect=inspect, finished=finished)

    def problems(self) -> list[Problem]:
        return _as_problems(self.form, self._worst)


# --- labels that break badly -------------------------------------------------------------------

_NO_LINE_START = frozenset("，。、；：？！）》」』”’】〕…—,.;:?!)]}%")  # Chinese line-breaking rules (禁则)
_NO_LINE_END = frozenset("（《「『“‘【〔([{")


def _tokens(chars: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The pieces a line may break between, with their widths: each CJK character (with the
    punctuation that may not start or end a line held to it), a Latin word, a space."""
    tokens: list[list[Any]] = []
    glue_next = False
    for ch, size in chars:
        width = char_em(ch) * size
        if tokens and (glue_next or ch in _NO_LINE_START
                       or not (_breaks_between(ch) or _breaks_between(tokens[-1][0][-1]))):
            tokens[-1][0] += ch
            tokens[-1][1] += width
        else:
            tokens.append([ch, width])
        glue_next = ch in _NO_LINE_END
    return [(text, width) for text, width in tokens]


def wrap_lines(chars: list[tuple[str, float]], room_pt: float) -> list[str]:
    """How a paragraph of (character, size) pairs wraps in *room_pt*: the text of each line.

    Greedy, as Word and LibreOffice fill a line; a piece wider than the line is split
    between characters. Hard line breaks (``\\n``) start a new line.
    """
    hard_lines: list[list[tuple[str, float]]] = [[]]
    for ch, size in chars:
        if ch == "\n":
            hard_lines.append([])
        else:
            hard_lines[-1].append((ch, size))
    lines: list[str] = []
    for segment in hard_lines:
        line, used = "", 0.0
        for text, width in _tokens(segment):
            if line.strip() and used + width > room_pt + 0.01:
                lines.append(line)
                line, used = "", 0.0
                if text.isspace():
                    continue  # a space at the break is not printed
            if len(text) > 1 and width > room_pt:  # a word wider than the line: split between characters
                for ch in text:
                    w = char_em(ch) * segment[0][1]
                    if line.strip() and used + w > room_pt + 0.01:
                        lines.append(line)
                        line, used = "", 0.0
                    line, used = line + ch, used + w
                continue
            line += text
            used += width
        lines.append(line)
    return [line.rstrip() for line in lines]


SHORT_LABEL = 12  # characters: a label this short is set by hand where it breaks, as the attachment does


@dataclass(frozen=True)
class LabelBreak:
    """A label of a table cell that wraps badly: a short label broken where the template
    did not break it (中心日常工/作联系人), or any label leaving one character alone on its
    last line (创新中心名/称)."""

    document: str  # the template's file name
    label: str
    lines: tuple[str, ...]
    room_cm: float

    @property
    def lone(self) -> bool:
        return len(_visible(self.lines[-1])) == 1

    @property
    def message(self) -> str:
        shown = "／".join(self.lines)
        if self.lone:
            why = f"最后一行只剩“{_visible(self.lines[-1])}”一个字"
        else:
            why = "在词语中间自动换行"
        return (f"{self.document}：表格中的“{self.label}”在 {self.room_cm:.1f} 厘米宽的格内排成“{shown}”，"
                f"{why}；请加宽这一列，或在合适处手动换行。")


def _visible(line: str) -> str:
    return "".join(ch for ch in line if not ch.isspace() and ch not in _NO_LINE_START)


def label_breaks(form: FormDefinition, data: dict[str, Any], templates: list[Path] | None = None) -> list[LabelBreak]:
    """The labels (the template's own text in table cells) that wrap badly in print.

    The attachments set a label on one line, or break it by hand between words
    (“中心牵头单位／负责人”); they never leave one character alone (“创新中心名／称”).
    Measured as values are (``char_em``, the cell's width, margins and indents), on the
    template rendered with *data*, so labels printed by loops and conditions count too.
    Running-text cells (“YN Cell Text”) are prose, and a long label (a sentence heading a
    section) may wrap freely except for leaving one character alone.
    """
    found: list[LabelBreak] = []
    for path, body, styles, _locs in _traced_renders(form, data, templates):
        seen: set[tuple[str, float]] = set()
        for tbl in body.iter(qn("w:tbl")):
            for cell in _table_cells(styles, tbl):
                for p in cell.tc.findall(qn("w:p")):
                    if styles.name(styles.paragraph_style(p)) in TEXT_STYLES:
                        continue
                    chars = _runs_text(styles, p)
                    if not chars or any(ch in (OPEN, SEP, CLOSE) for ch, _ in chars):
                        continue
                    text = "".join(ch for ch, _ in chars)
                    size = max(size for _, size in chars)
                    room = (cell.width_twips - cell.margin_twips) / TWIPS_PER_PT - _indent_pt(styles, p, size)
                    lines = wrap_lines(chars, room)
                    hard = text.split("\n")
                    if len(lines) == len(hard) or (text, room) in seen:
                        continue
                    short = max(len(_visible(line)) for line in hard) <= SHORT_LABEL
                    if short or len(_visible(lines[-1])) == 1:
                        seen.add((text, room))
                        found.append(LabelBreak(path.name, text.replace("\n", "").strip(), tuple(lines),
                                                room * CM_PER_PT))
    return found


# --- empty pages and stray blank rows in a produced document -----------------------------------


def _short(text: str, limit: int = 20) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _visible_text(element: _Element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _is_blank(text: str) -> bool:
    return _BLANK.fullmatch(text) is not None


_DRAWN = (qn("w:drawing"), qn("w:pict"), qn("w:object"))


def _page_events(body: _Element, styles: Styles) -> Iterator[tuple[str, str]]:
    """The body as a sequence of ("content", text) and ("break", kind), in print order.

    A page starts at a hard page break, at a paragraph with 段前分页 (``pageBreakBefore``,
    direct or from its style) and after a section break whose next section starts a new page.
    """
    sections = [s for s in body.iter(qn("w:sectPr"))]
    section_of = {id(s): i for i, s in enumerate(sections)}

    def blocks(parent: _Element) -> Iterator[_Element]:
        for child in parent:
            if child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from blocks(content)
            elif child.tag in (qn("w:p"), qn("w:tbl")):
                yield child

    for block in blocks(body):
        if block.tag == qn("w:tbl"):
            yield "content", _visible_text(block) or "表格"
            continue
        if styles.toggle(block, "w:pageBreakBefore"):
            yield "break", "段前分页"
        for run in block.iter(qn("w:r")):
            for child in run:
                if child.tag == qn("w:t") and not _is_blank(child.text or ""):
                    yield "content", child.text or ""
                elif child.tag == qn("w:br") and child.get(qn("w:type")) == "page":
                    yield "break", "分页符"
                elif child.tag in _DRAWN:
                    yield "content", "图片"
        sect = block.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if sect is not None:
            following = section_of.get(id(sect), len(sections)) + 1
            kind = None
            if following < len(sections):
                found = sections[following].find(qn("w:type"))
                kind = found.get(qn("w:val")) if found is not None else "nextPage"
            if kind not in (None, "continuous", "nextColumn"):
                yield "break", "分节符"


def _empty_page_messages(body: _Element, styles: Styles) -> list[str]:
    messages = []
    last_text: str | None = None  # None: the top of the document, which starts the first page
    pending: str | None = "文档开头"
    for event, value in _page_events(body, styles):
        if event == "content":
            pending, last_text = None, value
            continue
        if pending is not None:
            where = "文档开头" if last_text is None else f"“{_short(last_text)}”之后"
            messages.append(f"{where}连续分页（{pending}、{value}），中间没有内容，打印时会多出一张空白页。")
        pending = value
    if pending is not None and last_text is not None:
        messages.append(f"文档末尾（“{_short(last_text)}”之后）还有{pending}，打印时最后会多出一张空白页。")
    return messages


_SERIAL = re.compile(r"\d{1,3}[.、]?")


def _cell_texts(tr: _Element) -> list[str]:
    """The printed text of each cell of a row; a continued vertical merge prints nothing of its own."""
    out = []
    for tc in tr.findall(qn("w:tc")):
        merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
        continued = merge is not None and merge.get(qn("w:val")) != "restart"
        text = " ".join(_visible_text(p) for p in tc.findall(qn("w:p")))
        out.append("" if continued else text.strip(" \u3000\t\n"))
    return out


def _shape(tr: _Element) -> tuple[int, ...]:
    spans = []
    for tc in tr.findall(qn("w:tc")):
        span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        spans.append(int_value(span.get(qn("w:val")), 1) if span is not None else 1)
    return tuple(spans)


def _starts_group(tr: _Element) -> bool:
    return any(m.get(qn("w:val")) == "restart" for m in tr.iter(qn("w:vMerge")))


def _stray_row_messages(body: _Element) -> list[str]:
    """Empty rows in the middle of a list: an item of the data with nothing filled in.

    Rows are grouped into runs of the same shape (cells and spans) that no new vertically
    merged label starts — one printed list each. A row with no text but a serial number
    (序号) is blank; it is stray when a filled row of its run follows it. The rows ``pad()``
    adds to keep the official number of rows come after the last item, so they never are.
    """
    messages = []
    for t, tbl in enumerate(body.iter(qn("w:tbl")), 1):
        rows = tbl.findall(qn("w:tr"))
        # each row's shape, texts and group start read once: a list of hundreds of rows is scanned
        # forward from every blank row, which must not read the rows again each time
        shapes = [_shape(tr) for tr in rows]
        texts_of = [_cell_texts(tr) for tr in rows]
        starts = [_starts_group(tr) for tr in rows]
        title = ""
        previous = tbl.getprevious()
        if previous is not None and previous.tag == qn("w:p"):
            title = _visible_text(previous).strip()
        if not title and rows:
            title = next((text for text in texts_of[0] if text), "")
        run_start = 0
        run_end = 0
        for r in range(len(rows)):
            if r and (shapes[r] != shapes[r - 1] or starts[r]):
                run_start = r
            texts = texts_of[r]
            filled = [x for x in texts if x and not _SERIAL.fullmatch(x)]
            if filled or all(texts) or len(texts) < 2:
                continue
            if run_end <= r:  # the end of this run of rows, found once per run
                run_end = r + 1
                while run_end < len(rows) and shapes[run_end] == shapes[r] and not starts[run_end]:
                    run_end += 1
            later = any(x and not _SERIAL.fullmatch(x) for row in texts_of[r + 1:run_end] for x in row)
            if not later:
                continue
            before = next((x for row in reversed(texts_of[run_start:r]) for x in row
                           if x and not _SERIAL.fullmatch(x)), "")
            where = f"，在“{_short(before)}”一行之后" if before else ""
            name = f"（“{_short(title)}”）" if title else ""
            messages.append(f"第{t}个表格{name}第{r + 1}行是空行{where}：数据中有一项什么也没有填写，"
                            "打印出来是一行空白；请删除这一项或把它填写完整。")
    return messages


def layout_problems(docx_path: Path) -> list[str]:
    """Empty pages and stray blank rows in a produced .docx, as sentences for the clerk.

    Read from the document itself, so it judges exactly what will be printed: consecutive
    page starts with nothing between (two page breaks, a 段前分页 paragraph at the top of a
    section that starts a new page anyway, a page break at the very end), and a list row
    left blank between filled rows.
    """
    doc = open_docx(str(docx_path))
    return document_layout_problems(doc.element.body, doc.styles.element)


def document_layout_problems(body: _Element, styles_element: _Element) -> list[str]:
    """``layout_problems`` of a document in memory: ``fill`` asks it of each document just
    before saving it, instead of reading the written file back."""
    return _empty_page_messages(body, Styles(styles_element)) + _stray_row_messages(body)


_PAGE_NUMBER = re.compile(r"[—–\-－·]*(?:第?\d{1,3}页?(?:共\d{1,3}页)?|\d{1,3}/\d{1,3})[—–\-－·]*")


def is_blank_page_text(text: str) -> bool:
    """True for a page that prints nothing but perhaps its page number (“— 3 —”, “第3页”)."""
    compact = re.sub(r"\s+", "", text)
    return not compact or _PAGE_NUMBER.fullmatch(compact) is not None


def empty_pages(pdf_path: Path, *, pdftotext: str | None = None) -> list[int]:
    """Numbers (from 1) of the pages of a PDF that carry no text but their page number.

    Uses poppler's ``pdftotext`` once for the whole file: it ends every page with a form
    feed, which is the same as asking page by page with ``-f N -l N``, in one process.
    Raises ``PdfError`` when pdftotext is missing or cannot read the file. A page holding
    only a picture counts as empty; these forms have none.
    """
    exe = pdftotext or shutil.which("pdftotext")
    if exe is None:
        raise PdfError("找不到 pdftotext（poppler-utils），无法检查 PDF 中的空白页。")
    try:
        proc = subprocess.run([exe, "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PdfError(f"pdftotext 无法读取 {pdf_path}：{exc}") from None
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip()
        raise PdfError(f"pdftotext 无法读取 {pdf_path}：{detail}")
    pages = proc.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # what follows the last page's form feed
    return [n for n, text in enumerate(pages, 1) if is_blank_page_text(text)]
