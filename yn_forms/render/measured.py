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

Kept for a document as long as python-docx's ``Document`` of it lives (``measured``), never longer.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from lxml.etree import _Element

from yn_forms.render.geometry import Cell, table_cells
from yn_forms.render.layout_rows import Rows, read_rows
from yn_forms.render.wordstyles import Styles


class Measured:
    """The shared readings of one document (see the module's docstring)."""

    def __init__(self) -> None:
        self._cells: dict[_Element, list[Cell]] = {}
        self._rows: dict[_Element, Rows] = {}
        self.settled: set[_Element] = set()

    def cells(self, styles: Styles, tbl: _Element) -> list[Cell]:
        """Every cell of *tbl* that holds content, measured (``table_cells``), once."""
        known = self._cells.get(tbl)
        if known is None:
            known = self._cells[tbl] = list(table_cells(styles, tbl))
        return known

    def rows(self, tbl: _Element) -> Rows:
        """The rows of *tbl* with their cells' texts and their shapes (``read_rows``), once."""
        known = self._rows.get(tbl)
        if known is None:
            known = self._rows[tbl] = read_rows(tbl)
        return known


_OF: WeakKeyDictionary[_Element, Measured] = WeakKeyDictionary()


def measured(document: Any) -> Measured:
    """The shared readings of *document* (python-docx's ``Document`` of a rendered template), kept by
    its root element: python-docx holds that one as long as the document lives."""
    root = document.element
    known = _OF.get(root)
    if known is None:
        known = _OF[root] = Measured()
    return known
