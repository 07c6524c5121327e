"""What the readings of one document share: its tables' cells measured once, the paragraphs already
known to fit, its tables' rows read once.

Three readings go over every table of a rendered document: the fit check (``render.fit``, the
document as rendered, its values marked), the setting of its lines (``render.fitting``, once the
marks are out) and the layout check (``render.layout``, as it will be saved). A large application
has thousands of cells, and each reading measured all of them again. Between the fit check and the
setting only the marks leave the text (``render.marks.strip_marks``), the check boxes get runs of
their own and a page start gets an empty paragraph of the body (``render.typesetting``): no cell
changes its width, margins or height, and no paragraph the width of what it prints. Between the
setting and the layout check, the rows of a list are only kept together (``render.layout_rows``):
their texts and shapes stay. So:

- ``Measured.cells`` — a table's cells, measured (``render.geometry.table_cells``) once;
- ``Measured.settled`` — the paragraphs the fit check found sure to fit with room to spare
  (``render.fitting.one_line_to_spare``): the setting does not measure them again;
- ``Measured.rows`` — a table's rows read (``render.layout_rows.read_rows``) once, by the typesetting,
  for the layout check.

**Twin tables.** The member tables of a large application are one table of the template printed a
hundred times: the same rows, cells, labels and check boxes, only the values differ. While the
document is marked (the fit check), a table whose XML is that of an earlier one once the marked values
are taken out (``twins``) is that table's twin: its cells are measured as the first one's are, and what
the readings find of a cell holding no value, in the twin and in the model, (its text, how it sets, its
check boxes' runs) is found once for all the twins (``Measured.model``, ``static``, ``model_cell``).
What happens to such a cell after the fit check — its boxes given runs of their own, its lines set —
is decided by that same XML alone, so it stays the same in every twin.

Kept for a document as long as python-docx's ``Document`` of it lives (``measured``), never longer.
"""

from __future__ import annotations

import re
from typing import Any
from weakref import WeakKeyDictionary

from lxml.etree import _Element, tostring

from yn_forms.render.geometry import Cell, table_cells
from yn_forms.render.layout_rows import Rows, read_rows
from yn_forms.render.mark_chars import CLOSE, OPEN, SEP
from yn_forms.render.wordstyles import Styles, qn

_W_TBL, _W_TR, _W_TC = qn("w:tbl"), qn("w:tr"), qn("w:tc")
# a marked value, marks and all, within its text (a value printed with line breaks spans elements: kept)
_VALUE = re.compile(f"{OPEN}\\d*{SEP}[^{CLOSE}<]*{CLOSE}")


class Measured:
    """The shared readings of one document (see the module's docstring)."""

    def __init__(self) -> None:
        self._cells: dict[_Element, list[Cell]] = {}
        self._rows: dict[_Element, Rows] = {}
        self.settled: set[_Element] = set()
        self._model: dict[_Element, _Element] = {}  # a twin table -> the first of its kind (``twins``)
        self._places: dict[_Element, list[tuple[int, int]]] = {}  # a model's cells: (row, cell of the row)
        self.holding: set[_Element] | None = None  # the cells a value prints in, as the fit check found them
        # how the paragraphs of a cell of no value set (``render.fitting.paragraph_places``), by its model table
        # and its place among the table's cells: (paragraph, where it prints, what) of those that may need it
        self.cell_places: dict[tuple[_Element, int], list[tuple[int, Any, list[tuple[str, float]]]]] = {}
        # what bounds each paragraph of a model table's value cells (``render.measure.printed_bound``), by the
        # model, the cell's place among its cells and the paragraph's in the cell: a twin's reads only its text
        self.bounds: dict[tuple[_Element, int, int], Any] = {}
        self._model_cells: dict[_Element, _Element] | None = None  # ``model_cell``, worked out once
        self._held: dict[_Element, list[list[bool]]] = {}  # a model's cells that print a value, by row

    def twins(self, body: _Element, holding: set[_Element]) -> None:
        """Pair each table of the marked *body* with the first one identical to it but for its values;
        *holding*: the cells a value prints in. Once per document, while its values are marked."""
        if self.holding is not None:
            return
        self.holding = holding
        first: dict[str, _Element] = {}
        for tbl in body.iter(_W_TBL):
            model = first.setdefault(_VALUE.sub("", tostring(tbl, encoding=str, with_tail=False)), tbl)
            if model is not tbl:
                self._model[tbl] = model

    def model(self, tbl: _Element) -> _Element:
        """The first table of *tbl*'s kind (*tbl* itself when it has no earlier twin)."""
        return self._model.get(tbl, tbl)

    def cells(self, styles: Styles, tbl: _Element) -> list[Cell]:
        """Every cell of *tbl* that holds content, measured (``table_cells``), once; a twin's as its model's."""
        known = self._cells.get(tbl)
        if known is None:
            model = self._model.get(tbl)
            if model is None:
                known = self._cells[tbl] = list(table_cells(styles, tbl))
            else:
                at = _cell_grid(tbl)
                known = self._cells[tbl] = [
                    Cell(at[r][i], cell.width_twips, cell.margin_twips, cell.height_twips, cell.exact, cell.line)
                    for cell, (r, i) in zip(self.cells(styles, model), self._placed(model), strict=True)]
        return known

    def _placed(self, model: _Element) -> list[tuple[int, int]]:
        """Where each of *model*'s measured cells stands: its row, and its place among the row's cells."""
        known = self._places.get(model)
        if known is None:
            index = {tc: (r, i) for r, row in enumerate(_cell_grid(model)) for i, tc in enumerate(row)}
            known = self._places[model] = [index[cell.tc] for cell in self._cells[model]]
        return known

    def model_cell(self, tc: _Element) -> _Element | None:
        """The cell of the model table that *tc*, a cell of no value of a twin table, is a copy of (as the
        fit check found the document); None for any other cell."""
        if self._model_cells is None:
            self._model_cells = {}
            for tbl, model in self._model.items():
                if tbl in self._cells and model in self._cells and self.holding is not None:
                    # a cell of no value in both: the model's may print a value where the twin prints none
                    # (“{{ capital }}万元” left empty reads as “万元” in both once the values are out)
                    self._model_cells.update((cell.tc, same.tc) for cell, same
                                             in zip(self._cells[tbl], self._cells[model], strict=True)
                                             if cell.tc not in self.holding and same.tc not in self.holding)
        return self._model_cells.get(tc)

    def static(self, tc: _Element) -> bool:
        """Whether *tc* prints no value of the data (so it is as in every twin of its table); False when
        the fit check has not told."""
        return self.holding is not None and tc not in self.holding

    def rows(self, tbl: _Element) -> Rows:
        """The rows of *tbl* with their cells' texts and their shapes (``read_rows``), once; a twin's cells
        that hold no value read as its model's."""
        known = self._rows.get(tbl)
        if known is None:
            model = self._model.get(tbl)
            if model is None or self.holding is None:
                known = self._rows[tbl] = read_rows(tbl)
            else:
                held = self._held.get(model)
                if held is None:  # the model's cells that print a value: a twin's there are read, value or not
                    held = self._held[model] = [[tc in self.holding for tc in row] for row in _cell_grid(model)]
                known = self._rows[tbl] = read_rows(tbl, like=(self.rows(model), held, self.holding))
        return known


def _cell_grid(tbl: _Element) -> list[list[_Element]]:
    """The cells of each row of *tbl*, as ``table_cells`` reads them."""
    return [list(tr.iterchildren(_W_TC)) for tr in tbl.iterchildren(_W_TR)]


_OF: WeakKeyDictionary[_Element, Measured] = WeakKeyDictionary()


def measured(document: Any) -> Measured:
    """The shared readings of *document* (python-docx's ``Document`` of a rendered template), kept by
    its root element: python-docx holds that one as long as the document lives."""
    root = document.element
    known = _OF.get(root)
    if known is None:
        known = _OF[root] = Measured()
    return known
