"""How a rendered table's rows read (their printed text, their shape), and its lists kept together on paper.

``render.layout`` reads the rows to find stray blank ones; here a list's blank rows never continue
a table on a page of their own.

The attachments number a list's rows (序号 1–7) and the documents keep that many, blank after the
last item (``pad()``). When the page ends after the last filled row, the table went on at the top
of the next page with its repeated headers over nothing but blank numbered rows — a page a reader
turns to for nothing. The last filled row and the blank rows after it are kept together
(keep-with-next on their paragraphs, as Word and LibreOffice keep rows together), so a table
continued on a new page carries at least one real row.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.etree import _Element

from yn_forms.render.wordstyles import int_value, qn

_W_TR, _W_P, _W_PPR, _W_T, _W_TC = qn("w:tr"), qn("w:p"), qn("w:pPr"), qn("w:t"), qn("w:tc")
_W_TCPR, _W_VMERGE, _W_GRID_SPAN, _W_VAL = qn("w:tcPr"), qn("w:vMerge"), qn("w:gridSpan"), qn("w:val")
# where keepNext stands among a paragraph's properties (ECMA-376 CT_PPrBase order): after pStyle only
_KEEP_NEXT = qn("w:keepNext")


_SERIAL = re.compile(r"\d{1,3}[.、]?")


def visible_text(element: _Element) -> str:
    """The text *element* prints (its ``w:t``), as typed."""
    return "".join(element.itertext(_W_T, with_tail=False))


def is_serial(text: str) -> bool:
    """Whether *text* is only a row's serial number (序号)."""
    return _SERIAL.fullmatch(text) is not None


Rows = tuple[list[_Element], list[list[str]], list[tuple[int, ...]]]


def read_rows(tbl: _Element, like: tuple[Rows, list[list[bool]], set[_Element]] | None = None) -> Rows:
    """The rows of *tbl*; the printed text of each one's cells (a continued vertical merge prints nothing
    of its own); and each one's shape, its cells by the grid columns each spans (rows of one shape print
    one list). Read in one walk of each cell: a list of hundreds of rows is read by the typesetting and
    by the layout check. *like*: a table *tbl* is the twin of (``render.measured``), read; which of its
    cells print a value, by row; and the cells that print a value: only the cells printing a value here
    or there are read, the others read as that table's."""
    rows = tbl.findall(_W_TR)
    if like is not None:
        (_, known, shapes), held_there, holding = like
        texts = []
        for tr, model, there in zip(rows, known, held_there, strict=True):
            cells = list(tr.iterchildren(_W_TC))
            held = [i for i, tc in enumerate(cells) if there[i] or tc in holding]
            if held:
                model = list(model)
                for i in held:  # a cell its model prints text in continues no merge: its properties are the same
                    model[i] = _cell_text(cells[i]) if model[i] else _cell_reading(cells[i])[0]
            texts.append(model)
        return rows, texts, shapes
    readings = [_row_reading(tr) for tr in rows]
    return rows, [texts for texts, _ in readings], [shape for _, shape in readings]


def _row_reading(tr: _Element) -> tuple[list[str], tuple[int, ...]]:
    texts, spans = [], []
    for tc in tr.iterchildren(_W_TC):
        text, span = _cell_reading(tc)
        texts.append(text)
        spans.append(span)
    return texts, tuple(spans)


def _cell_reading(tc: _Element) -> tuple[str, int]:
    """What the cell prints (nothing when it continues a vertical merge) and how many grid columns it spans."""
    merge = span = None
    tc_pr = tc.find(_W_TCPR)
    if tc_pr is not None:
        for child in tc_pr.iterchildren(_W_VMERGE, _W_GRID_SPAN):
            if child.tag == _W_VMERGE:
                merge = merge if merge is not None else child
            elif span is None:
                span = child
    continued = merge is not None and merge.get(_W_VAL) != "restart"
    return "" if continued else _cell_text(tc), int_value(span.get(_W_VAL), 1) if span is not None else 1


def _cell_text(tc: _Element) -> str:
    return " ".join(visible_text(p) for p in tc.iterchildren(_W_P)).strip(" \u3000\t\n")


def _blank(texts: list[str]) -> bool:
    return all(not text or is_serial(text) for text in texts)


def _keep_with_next(tr: _Element) -> None:
    for p in tr.iter(_W_P):
        ppr = p.find(_W_PPR)
        if ppr is None:
            ppr = p.makeelement(_W_PPR, {})
            p.insert(0, ppr)
        if ppr.find(_KEEP_NEXT) is not None:
            continue
        keep = ppr.makeelement(_KEEP_NEXT, {})
        style = ppr.find(qn("w:pStyle"))
        if style is not None:
            style.addnext(keep)
        else:
            ppr.insert(0, keep)


def keep_blank_rows_with_an_item(body: _Element, rows_of: Callable[[_Element], Rows] = read_rows) -> None:
    """In every table of *body*, the last filled row of a list kept on the page of the blank rows after it
    (*rows_of*: how a table's rows are read, ``read_rows`` or a reading kept for the layout check)."""
    for tbl in body.iter(qn("w:tbl")):
        rows, texts, shapes = rows_of(tbl)
        r = 1
        while r < len(rows):
            if not (_blank(texts[r]) and len(texts[r]) > 1 and not _blank(texts[r - 1])
                    and shapes[r] == shapes[r - 1] and rows[r - 1].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None):
                r += 1
                continue
            end = r
            while end < len(rows) and shapes[end] == shapes[r] and _blank(texts[end]):
                end += 1
            for k in range(r - 1, end - 1):
                _keep_with_next(rows[k])
            r = end
