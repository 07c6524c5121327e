"""Reading one filled document by its reading map: labels found by their text, values beside them.

The filled document may come from the app (same rows, same cells) or from a clerk's Word or
WPS (cells merged or split, other widths, ■ or √ for ☑, 是 for a tick, spaces in labels, a
heading typed without the notice's prompt). So nothing is found by position alone: tables by
the labels they hold, rows by their labels in order, a value by the label on its left (or
its place in a row of values), and words inside a cell by the words printed around them.
What cannot be found is recorded, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from yn_forms.core.datapath import KeyPath
from yn_forms.render.wordin.normal import key
from yn_forms.render.wordin.readmap import (
    Block,
    Box,
    Branch,
    DocumentMap,
    Heading,
    Lit,
    Loop,
    Opt,
    Para,
    Row,
    RowLoop,
    TableItem,
    TableMap,
    Val,
)
from yn_forms.render.wordin.words import Reading, cell_fields, cell_paragraphs, concrete, read_cell, read_tokens

_PLACEHOLDER = re.compile(r"\{\{\s*[A-Za-z_]\w*(\.\w+|\[)|\{%-?\s*(p|tr|tc)\s")
MATCH = 0.5  # share of a table's (or row's) labels that must be found to take it for the template's


@dataclass
class Filled:
    """A filled .docx reduced to what reading needs: body paragraphs and tables' cell texts."""

    elements: list[tuple[str, Any]]  # ("p", text) or ("t", rows of cell texts)
    _keys: dict[int, set[str]] = field(default_factory=dict)  # each table's cell keys, worked out once

    def table_keys(self, index: int) -> set[str]:
        if index not in self._keys:
            self._keys[index] = {key(c) for row in self.elements[index][1] for c in row}
        return self._keys[index]

    @classmethod
    def of(cls, document: Any) -> Filled:
        elements: list[tuple[str, Any]] = []
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                elements.append(("p", _paragraph_text(child)))
            elif tag == "tbl":
                elements.append(("t", _table_rows(child)))
        return cls(elements)

    def has_template_syntax(self) -> bool:
        """A template, not a filled copy: its placeholders name fields (``{{ cover.name }}``), which no
        clerk types (a value “{{” typed in a field is printed, and is not one)."""
        return any(_PLACEHOLDER.search(text) for text in self.texts())

    def texts(self) -> Iterator[str]:
        for kind, content in self.elements:
            if kind == "p":
                yield content
            else:
                yield from (cell for row in content for cell in row)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RUN_HOLDERS = {f"{_W}hyperlink", f"{_W}ins", f"{_W}smartTag", f"{_W}fldSimple"}


def _run_text(run: Any) -> str:
    out = []
    for part in run:
        tag = part.tag
        if tag == f"{_W}t":
            out.append(part.text or "")
        elif tag == f"{_W}tab":
            out.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
    return "".join(out)


def _paragraph_text(p: Any) -> str:
    """A paragraph's text as Word shows it (runs, also inside links and tracked insertions), read from the
    XML directly: python-docx's objects cost more than the reading itself on a 20-unit application."""
    out = []
    for child in p:
        if child.tag == f"{_W}r":
            out.append(_run_text(child))
        elif child.tag in _RUN_HOLDERS:
            out += [_run_text(r) for r in child.iter(f"{_W}r")]
    return "".join(out)


def _cell_text(tc: Any) -> str:
    return "\n".join(_paragraph_text(p) for p in tc.iterchildren(f"{_W}p"))


def _table_rows(tbl: Any) -> list[list[str]]:
    """Each row's cells as drawn (a cell spanning columns once); a cell merged down from the one above
    reads as that one, as python-docx's ``row.cells`` does."""
    rows: list[list[str]] = []
    above: dict[int, str] = {}  # grid column -> text of the cell starting there, for vertical merges
    for tr in tbl.iterchildren(f"{_W}tr"):
        row: list[str] = []
        column = 0
        for tc in tr.iterchildren(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            span, merge = 1, None
            if props is not None:
                grid = props.find(f"{_W}gridSpan")
                span = int(grid.get(f"{_W}val", "1")) if grid is not None else 1
                vmerge = props.find(f"{_W}vMerge")
                merge = None if vmerge is None else vmerge.get(f"{_W}val", "continue")
            if merge == "continue":
                text = above.get(column, "")
            else:
                text = _cell_text(tc)
                above[column] = text
            row.append(text)
            column += span
        rows.append(row)
    return rows


def _recall(labels: frozenset[str] | tuple[str, ...], found: set[str]) -> float:
    wanted = set(labels)
    return len(wanted & found) / len(wanted) if wanted else 0.0


# --- tables ----------------------------------------------------------------------------------


def _row_keys(row: list[str]) -> set[str]:
    return {key(cell) for cell in row}


def _beside(label: str, occurrence: int, offset: int, filled: list[str]) -> int | None:
    """The cell *offset* cells right of the *occurrence*-th cell reading *label*, if there is one."""
    places = [i for i, k in enumerate(key(c) for c in filled)
              if k == label or (k.startswith(label) and len(k) < len(label) + 3)]
    if len(places) > occurrence and places[occurrence] + offset < len(filled):
        return places[occurrence] + offset
    return None


def _read_row(row: Row, filled: list[str], indexes: tuple[int, ...], reading: Reading,
              spill: list[str] | None = None) -> None:
    """Read *row*'s cells in the filled row: cell for cell when the row has the template's shape, else
    each by the label on its left (in *spill*, the row below, when a clerk broke one row in two)."""
    same_shape = len(filled) == len(row.cells)
    for j, cell in enumerate(row.cells):
        if not cell.fields:
            continue
        source, target = filled, (j if same_shape else None)
        if target is None:
            anchor = next((a for a in range(j - 1, -1, -1) if row.cells[a].label), None)
            if anchor is None:
                target = j if j < len(filled) else None
            else:
                label = row.cells[anchor].label
                occurrence = sum(1 for c in row.cells[:anchor] if c.label == label)
                target = _beside(label, occurrence, j - anchor, filled)
                if target is None and spill is not None:
                    source, target = spill, _beside(label, 0, j - anchor, spill)
        if target is None:
            reading.missed += [concrete(p, indexes) for p in cell_fields(cell)]
            continue
        _read_in_row(row, j, source[target], indexes, reading)


def _read_in_row(row: Row, j: int, text: str, indexes: tuple[int, ...], reading: Reading) -> None:
    """Cell *j* of *row* read from *text*; the words of the next cell typed into it (“…有限公司（盖章）”)
    are not part of the value."""
    cell = row.cells[j]
    after = row.cells[j + 1].label if j + 1 < len(row.cells) else ""
    if after and cell.tokens and key(text).endswith(after) and key(text) != after:
        read_tokens((*cell.tokens, Lit(after)), text, indexes, reading)
    else:
        read_cell(cell, text, indexes, reading)


def _read_lines(table: TableMap, elements: list[tuple[str, Any]], reading: Reading) -> bool:
    """A table typed as lines “标签：内容” (a cover filled on its underlines): each value after its label.
    True when most of its labels were found so."""
    lines = [(key(text), text) for kind, text in elements if kind == "p"]
    found = total = 0
    for row in table.rows:
        if not isinstance(row, Row):
            continue
        for j, cell in enumerate(row.cells):
            label = next((row.cells[a].label for a in range(j - 1, -1, -1) if row.cells[a].label), "")
            if not cell.fields or not label:
                continue
            total += 1
            line = next((text for k, text in lines if k.startswith(label + ":")), None)
            if line is None:
                reading.missed += list(cell_fields(cell))
                continue
            found += 1
            colon = min((i for i in (line.find("："), line.find(":"), line.find("∶")) if i >= 0), default=-1)
            _read_in_row(row, j, line[colon + 1:].strip().strip("_\u3000 "), (), reading)
    return total > 0 and found * 2 >= total


def _row_empty(row: list[str]) -> bool:
    return not any(key(c) for c in row)


def read_table(table: TableMap, rows: list[list[str]], indexes: tuple[int, ...], reading: Reading) -> None:
    at = 0
    template = list(table.rows)
    for n, row in enumerate(template):
        if isinstance(row, RowLoop):
            end = len(rows)
            for later in template[n + 1:]:
                first = later.rows[0] if isinstance(later, RowLoop) and later.rows else later
                found = _match_row(first, rows, at) if isinstance(first, Row) and first.labels else None
                if found is not None:  # the first later row found closes the list (a row deleted is skipped)
                    end = found
                    break
            item = 0
            for filled in rows[at:end]:
                if _row_empty(filled) or not _has_value(row.rows[0], filled):
                    continue
                _read_row(row.rows[0], filled, (*indexes, item), reading)
                item += 1
            at = end
            continue
        if row.labels:
            found = _match_row(row, rows, at)
            previous = template[n - 1] if n else None
            if found is None and isinstance(previous, Row) and previous.labels == row.labels and at:
                found = at - 1  # the template's two rows under one label, typed as one row
            if found is None:
                reading.missed += [concrete(p, indexes) for c in row.cells for p in cell_fields(c)]
                continue
            at = found
        if at >= len(rows):
            reading.missed += [concrete(p, indexes) for c in row.cells for p in cell_fields(c)]
            continue
        _read_row(row, rows[at], indexes, reading, _spill(template, n, rows, at))
        at += 1


def _spill(template: list[Row | RowLoop], n: int, rows: list[list[str]], at: int) -> list[str] | None:
    """The row below the one read, when no later row of the template is found in it."""
    if at + 1 >= len(rows):
        return None
    later = next((r for r in template[n + 1:] if isinstance(r, Row) and r.labels), None)
    if later is not None and _recall(later.labels, _row_keys(rows[at + 1])) >= MATCH:
        return None
    return rows[at + 1]


def _has_value(row: Row, filled: list[str]) -> bool:
    """A row of a list holds an item when a cell meant for a value has something in it."""
    labels = {c.label for c in row.cells if c.label}
    return any(key(text) and key(text) not in labels and not key(text).isdigit() for text in filled)


def _match_row(row: Row, rows: list[list[str]], start: int) -> int | None:
    for i in range(start, len(rows)):
        if _recall(row.labels, _row_keys(rows[i])) >= MATCH:
            return i
    return None


# --- the body --------------------------------------------------------------------------------


def _walk(items: tuple[Any, ...], optional: bool = False) -> Iterator[tuple[Any, bool]]:
    for item in items:
        if isinstance(item, Branch):
            yield from _walk(item.items, True)
        else:
            yield item, optional


def _heading_at(heading: Heading, text: str) -> bool:
    k = key(text)
    return bool(k) and (k == heading.label or k == heading.start
                        or (bool(heading.start) and k.startswith(heading.start) and len(k) <= len(heading.label)))


def _para_at(para: Para, text: str) -> bool:
    words, k, at = para.words, key(text), 0
    for word in words:
        found = k.find(word, at)
        if found < 0:
            return False
        at = found + len(word)
    return bool(words)


def _fields_of(items: tuple[Any, ...]) -> Iterator[KeyPath]:
    for item, _ in _walk(items):
        if isinstance(item, Block):
            yield item.path
        elif isinstance(item, Para):
            yield from (t.path for t in item.tokens if isinstance(t, Val | Box))
        elif isinstance(item, TableItem):
            for row in item.table.rows:
                if isinstance(row, Row):
                    yield from (p for c in row.cells for p in cell_fields(c))


def read_document(doc: DocumentMap, filled: Filled) -> Reading:
    reading = Reading()
    elements = filled.elements
    owner: dict[int, TableMap] = {}
    for i, (kind, _rows) in enumerate(elements):
        if kind == "t":
            found = filled.table_keys(i)
            scores = [(_recall(t.labels, found), n) for n, t in enumerate(doc.tables)]
            best = max(scores, default=(0.0, -1))
            if best[0] >= MATCH:
                owner[i] = doc.tables[best[1]]
    flat = list(_walk(doc.items))
    positions: list[int | None] = []
    cursor = 0
    for item, optional in flat:
        found: int | None = None
        if isinstance(item, Heading):
            found = next((i for i in range(cursor, len(elements))
                          if elements[i][0] == "p" and _heading_at(item, elements[i][1])), None)
        elif isinstance(item, Para) and item.words:
            found = next((i for i in range(cursor, len(elements))
                          if elements[i][0] == "p" and _para_at(item, elements[i][1])), None)
        elif isinstance(item, TableItem):
            found = next((i for i in range(cursor, len(elements)) if owner.get(i) is item.table), None)
        elif isinstance(item, Loop):
            tables = [i.table for i, _ in _walk(item.items) if isinstance(i, TableItem)]
            if tables:
                hits = [i for i in range(cursor, len(elements)) if owner.get(i) is tables[0]]
                for n, at in enumerate(hits):
                    read_table(tables[0], elements[at][1], (n,), reading)
                found = hits[-1] if hits else None
                positions.append(found)
                if found is not None:
                    cursor = found + 1
                continue
        typed_as_lines = False
        if isinstance(item, TableItem):
            if found is not None:
                read_table(item.table, elements[found][1], (), reading)
            elif not optional:
                typed_as_lines = _read_lines(item.table, elements, reading)
        if isinstance(item, Heading | TableItem) and not optional:
            reading.anchors += 1
            reading.found += found is not None or typed_as_lines
        elif isinstance(item, Para) and item.words:
            if found is not None:
                read_tokens(item.tokens, elements[found][1], (), reading)
            elif not optional:
                reading.missed += list(_fields_of((item,)))
        positions.append(found)
        if found is not None:
            cursor = found + 1
    _read_gaps(flat, positions, elements, reading)
    return reading


def _read_gaps(flat: list[tuple[Any, bool]], positions: list[int | None], elements: list[tuple[str, Any]],
               reading: Reading) -> None:
    """Answers and lone values between the headings that were found: each takes the paragraphs of its gap."""
    for n, (item, optional) in enumerate(flat):
        gap_item = isinstance(item, Block) or (isinstance(item, Para) and not item.words) or (
            isinstance(item, Loop) and not any(isinstance(i, TableItem) for i, _ in _walk(item.items)))
        if not gap_item:
            continue
        before = next((positions[m] for m in range(n - 1, -1, -1) if positions[m] is not None), -1)
        after = next((positions[m] for m in range(n + 1, len(flat)) if positions[m] is not None), len(elements))
        texts = [elements[i][1] for i in range(before + 1, after) if elements[i][0] == "p" and elements[i][1].strip()]
        if before == -1 and after == len(elements):
            if not optional:
                reading.missed += list(_fields_of((item,)))
            continue
        if isinstance(item, Block):
            reading.value(item.path, cell_paragraphs("\n".join(texts)))
        elif isinstance(item, Para):
            if texts:
                read_tokens(item.tokens, texts[0], (), reading)
            elif not optional:
                reading.missed += list(_fields_of((item,)))
        else:
            _read_paragraph_loop(item, texts, reading)


def _read_paragraph_loop(loop: Loop, texts: list[str], reading: Reading) -> None:
    """A list printed as a few paragraphs per item (牵头单位：… / 统一社会信用代码：…): an item starts
    at a paragraph that reads like the first of them."""
    paras = [i for i in loop.items if isinstance(i, Para)]
    heads = [_lead_words(p) for p in paras]
    item, last = -1, len(paras)
    for text in texts:
        k = key(text)
        which = next((j for j, words in enumerate(heads) if any(w and k.startswith(w) for w in words)), None)
        if which is None:
            continue
        if which <= last - 1 or item < 0:
            item += 1 if which == 0 or item < 0 else 0
        last = which + 1
        read_tokens(paras[which].tokens, text, (item,), reading)


def _lead_words(para: Para) -> list[str]:
    """The words a paragraph of a list item starts with (each printed choice, then the label)."""
    starts = [""]
    for token in para.tokens:
        if isinstance(token, Lit):
            starts = [s + key(token.text) for s in starts]
        elif isinstance(token, Opt):
            starts = [s + key(c) for s in starts for c in token.choices]
        else:
            break
    return [s for s in starts if s]
