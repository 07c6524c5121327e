"""Word table geometry: where each cell of a table is, how wide and how tall, and how it is drawn.

Read from the table's own XML as Word lays it out — the grid, spans (``gridSpan``), vertical
merges (``vMerge``, folded into the cell that starts them), ``gridBefore``, row heights and
their rule, cell margins (the cell's, the table's, the table style's, Word's default) and
borders — so a check of what prints in a cell (``render.fit``) measures the cell as printed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml.etree import _Element

from yn_forms.render.wordstyles import Styles, int_value, qn

_W_VAL = qn("w:val")
_W_TCPR = qn("w:tcPr")

DEFAULT_CELL_MARGIN = 108  # twips; Word's default left/right cell margin (0.19 cm)


@dataclass
class Cell:
    """A cell that holds content, measured as it prints."""

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


def _margin_total(containers: list[_Element]) -> int:
    """Left + right margin from *containers*, nearest first, else Word's default."""
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


def _is_line(borders: _Element | None, grid: bool) -> bool:
    """A value written on a line: the cell draws its bottom border and no other, in a table without borders."""
    return (not grid and _drawn(borders, ("bottom",))
            and not _drawn(borders, ("top", "left", "start", "right", "end")))


_W_GRID_SPAN, _W_V_MERGE, _W_TC_W, _W_TC_MAR, _W_TC_BORDERS = (
    qn("w:gridSpan"), qn("w:vMerge"), qn("w:tcW"), qn("w:tcMar"), qn("w:tcBorders"))
_CELL_PROPERTIES = (_W_GRID_SPAN, _W_V_MERGE, _W_TC_W, _W_TC_MAR, _W_TC_BORDERS)


def _cell_properties(tc: _Element) -> dict[str, _Element]:
    """The properties of *tc* a measure reads (the first of each), in one walk of its ``tcPr``: a large
    application has thousands of cells, and each look-up of a property is a walk of its own."""
    tc_pr = tc.find(_W_TCPR)
    found: dict[str, _Element] = {}
    if tc_pr is not None:
        for child in tc_pr.iterchildren(*_CELL_PROPERTIES):
            found.setdefault(child.tag, child)
    return found


def table_cells(styles: Styles, tbl: _Element, wanted: Callable[[_Element], bool] | None = None) -> Iterator[Cell]:
    """Every cell of *tbl* that holds content (continuations of a vertical merge are folded into
    the cell that starts it), with its width and the height of the rows it covers; only those
    *wanted* says yes to, when given (measuring a cell is the costly part)."""
    grid = [int_value(c.get(qn("w:w"))) for c in tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")]
    has_grid = _table_has_grid(styles, tbl)
    table_margins = _table_margins(styles, tbl)
    table_margin = _margin_total(table_margins)
    rows = tbl.findall(qn("w:tr"))
    heights: dict[int, tuple[int, bool]] = {}

    def row_height(r: int) -> tuple[int, bool]:
        known = heights.get(r)
        if known is None:
            known = heights[r] = _row_height(rows[r])
        return known

    # per row: grid column -> (tc, span, its properties)
    placed: list[dict[int, tuple[_Element, int, dict[str, _Element]]]] = []
    for tr in rows:
        before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
        col = int_value(before.get(_W_VAL)) if before is not None else 0
        here: dict[int, tuple[_Element, int, dict[str, _Element]]] = {}
        for tc in tr.iterchildren(qn("w:tc")):
            props = _cell_properties(tc)
            span_el = props.get(_W_GRID_SPAN)
            span = max(1, int_value(span_el.get(_W_VAL), 1)) if span_el is not None else 1
            here[col] = (tc, span, props)
            col += span
        placed.append(here)
    for r, here in enumerate(placed):
        for col, (tc, span, props) in here.items():
            merge = props.get(_W_V_MERGE)
            if merge is not None and merge.get(_W_VAL) != "restart":
                continue  # a continuation: printed as part of the cell above
            if wanted is not None and not wanted(tc):
                continue
            height, exact = row_height(r)
            if merge is not None:
                for below in range(r + 1, len(rows)):
                    nxt = placed[below].get(col)
                    cont = nxt[2].get(_W_V_MERGE) if nxt else None
                    if cont is None or cont.get(_W_VAL) == "restart":
                        break
                    more, more_exact = row_height(below)
                    height, exact = height + more, exact or more_exact
            width_el = props.get(_W_TC_W)
            width = 0
            if width_el is not None and width_el.get(qn("w:type"), "dxa") == "dxa":
                width = int_value(width_el.get(qn("w:w")))
            if not width and col + span <= len(grid):
                width = sum(grid[col:col + span])
            own = props.get(_W_TC_MAR)
            margin = _margin_total([own, *table_margins]) if own is not None else table_margin
            yield Cell(tc, width, margin, height, exact, _is_line(props.get(_W_TC_BORDERS), has_grid))
