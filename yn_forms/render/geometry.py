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


def table_cells(styles: Styles, tbl: _Element, wanted: Callable[[_Element], bool] | None = None) -> Iterator[Cell]:
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
            yield Cell(tc, width, _margins(styles, tbl, tc, table_margins), height, exact, _is_line(tc, has_grid))
