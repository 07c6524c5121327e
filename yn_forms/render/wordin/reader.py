"""Reading one filled document by its reading map: labels found by their text, values beside them.

The filled document may come from the app (same rows, same cells) or from a clerk's Word or
WPS (cells merged or split, other widths, ■ or √ for ☑, 是 for a tick, spaces in labels, a
heading typed without the notice's prompt). So nothing is found by position alone: tables by
the labels they hold, rows by their labels in order, a value by the label on its left (or
its place in a row of values), and words inside a cell by the words printed around them.
What cannot be found is recorded, never guessed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

from yn_forms.core.datapath import KeyPath
from yn_forms.render.wordin.filled import Filled
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
from yn_forms.render.wordin.stopping import checkpoint
from yn_forms.render.wordin.words import Reading, cell_fields, cell_paragraphs, concrete, read_cell, read_tokens

MATCH = 0.5  # share of a table's (or row's) labels that must be found to take it for the template's


def _recall(labels: frozenset[str] | tuple[str, ...], found: set[str]) -> float:
    wanted = set(labels)
    return len(wanted & found) / len(wanted) if wanted else 0.0


# --- tables ----------------------------------------------------------------------------------


def _beside(label: str, occurrence: int, offset: int, keys: list[str]) -> int | None:
    """The cell *offset* cells right of the *occurrence*-th cell reading *label*, if there is one."""
    places = [i for i, k in enumerate(keys) if k == label or (k.startswith(label) and len(k) < len(label) + 3)]
    if len(places) > occurrence and places[occurrence] + offset < len(keys):
        return places[occurrence] + offset
    return None


def _read_row(row: Row, filled: list[str], keys: list[str], indexes: tuple[int, ...], reading: Reading,
              spill: tuple[list[str], list[str]] | None = None) -> None:
    """Read *row*'s cells in the filled row (its cells' texts and *keys*): cell for cell when the row has the
    template's shape, else each by the label on its left (in *spill*, the row below, when a clerk broke one
    row in two)."""
    same_shape = len(filled) == len(row.cells)
    for j, cell in enumerate(row.cells):
        if not cell.fields:
            continue
        source, source_keys, target = filled, keys, (j if same_shape else None)
        if target is None:
            anchor = next((a for a in range(j - 1, -1, -1) if row.cells[a].label), None)
            if anchor is None:
                target = j if j < len(filled) else None
            else:
                label = row.cells[anchor].label
                occurrence = sum(1 for c in row.cells[:anchor] if c.label == label)
                target = _beside(label, occurrence, j - anchor, keys)
                if target is None and spill is not None:
                    (source, source_keys), target = spill, _beside(label, 0, j - anchor, spill[1])
        if target is None:
            reading.missed += [concrete(p, indexes) for p in cell_fields(cell)]
            continue
        _read_in_row(row, j, source[target], source_keys[target], indexes, reading)


def _read_in_row(row: Row, j: int, text: str, text_key: str, indexes: tuple[int, ...], reading: Reading) -> None:
    """Cell *j* of *row* read from *text* (whose key is *text_key*); the words of the next cell typed into it
    (“…有限公司（盖章）”) are not part of the value."""
    cell = row.cells[j]
    after = row.cells[j + 1].label if j + 1 < len(row.cells) else ""
    if after and cell.tokens and text_key.endswith(after) and text_key != after:
        read_tokens((*cell.tokens, Lit(after)), text, indexes, reading)
    else:
        read_cell(cell, text, indexes, reading)


def _lines(table: TableMap, filled: Filled) -> Iterator[tuple[Row, int, int | None]]:
    """Each cell of *table* meant for a value, with the paragraph “标签：内容” typed for it, if any."""
    for row in table.rows:
        if not isinstance(row, Row):
            continue
        for j, cell in enumerate(row.cells):
            label = next((row.cells[a].label for a in range(j - 1, -1, -1) if row.cells[a].label), "")
            if cell.fields and label:
                checkpoint()  # each label looked for through the whole text
                yield row, j, filled.keys.line(label)


def _typed_as_lines(table: TableMap, filled: Filled) -> bool:
    """Whether most of *table*'s labels are typed as lines in *filled*."""
    found = [at is not None for _, _, at in _lines(table, filled)]
    return bool(found) and sum(found) * 2 >= len(found)


def _read_lines(table: TableMap, filled: Filled, reading: Reading) -> bool:
    """A table typed as lines “标签：内容” (a cover filled on its underlines): each value after its label.
    True when most of its labels were found so."""
    found = total = 0
    for row, j, at in _lines(table, filled):
        total += 1
        if at is None:
            reading.missed += list(cell_fields(row.cells[j]))
            continue
        found += 1
        line = filled.elements[at][1]
        colon = min((i for i in (line.find("："), line.find(":"), line.find("∶")) if i >= 0), default=-1)
        value = line[colon + 1:].strip().strip("_\u3000 ")
        _read_in_row(row, j, value, key(value), (), reading)
    return total > 0 and found * 2 >= total


def read_table(table: TableMap, rows: list[list[str]], keys: list[list[str]], indexes: tuple[int, ...],
               reading: Reading) -> None:
    """The filled table *rows* (its cells' texts, and their *keys*) read as the template's *table*."""
    at = 0
    template = list(table.rows)
    for n, row in enumerate(template):
        checkpoint()
        if isinstance(row, RowLoop):
            end = len(rows)
            for later in template[n + 1:]:
                first = later.rows[0] if isinstance(later, RowLoop) and later.rows else later
                found = _match_row(first, keys, at) if isinstance(first, Row) and first.labels else None
                if found is not None:  # the first later row found closes the list (a row deleted is skipped)
                    end = found
                    break
            item = 0
            for filled in range(at, end):
                if not any(keys[filled]) or not _has_value(row.rows[0], keys[filled]):
                    continue
                if item % 1000 == 999:
                    checkpoint()
                _read_row(row.rows[0], rows[filled], keys[filled], (*indexes, item), reading)
                item += 1
            at = end
            continue
        if row.labels:
            found = _match_row(row, keys, at)
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
        below = at + 1 if _spills(template, n, keys, at) else None
        _read_row(row, rows[at], keys[at], indexes, reading, None if below is None else (rows[below], keys[below]))
        at += 1


def _spills(template: list[Row | RowLoop], n: int, keys: list[list[str]], at: int) -> bool:
    """Whether the row below the one read may hold the rest of it: no later row of the template is found in it."""
    if at + 1 >= len(keys):
        return False
    later = next((r for r in template[n + 1:] if isinstance(r, Row) and r.labels), None)
    return later is None or _recall(later.labels, set(keys[at + 1])) < MATCH


def _has_value(row: Row, keys: list[str]) -> bool:
    """A row of a list holds an item when a cell meant for a value has something in it."""
    labels = {c.label for c in row.cells if c.label}
    return any(k and k not in labels and not k.isdigit() for k in keys)


def _match_row(row: Row, keys: list[list[str]], start: int) -> int | None:
    for i in range(start, len(keys)):
        if _recall(row.labels, set(keys[i])) >= MATCH:
            return i
    return None


# --- the body --------------------------------------------------------------------------------


def _walk(items: tuple[Any, ...], optional: bool = False) -> Iterator[tuple[Any, bool]]:
    for item in items:
        if isinstance(item, Branch):
            yield from _walk(item.items, True)
        else:
            yield item, optional


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


def _owners(doc: DocumentMap, filled: Filled) -> dict[int, TableMap]:
    """Each table of *filled* taken for one of *doc*'s: the one whose labels it shows most of."""
    owner: dict[int, TableMap] = {}
    for i in filled.tables:
        found = filled.table_keys(i)
        scores = [(_recall(t.labels, found), n) for n, t in enumerate(doc.tables)]
        best = max(scores, default=(0.0, -1))
        if best[0] >= MATCH:
            owner[i] = doc.tables[best[1]]
    return owner


def could_be(doc: DocumentMap, filled: Filled, share: float) -> bool:
    """Whether *filled* may show *share* of *doc*'s headings and tables (a reading's ``score``), judged by
    cheap signs only: each heading looked up anywhere in the file, each table by its labels. Never False
    for a file a full reading would take for *doc*; a map without these signs is not worth reading."""
    anchors = possible = 0
    for item, optional in _walk(doc.items):
        if optional or not isinstance(item, Heading | TableItem):
            continue
        checkpoint()
        anchors += 1
        if isinstance(item, Heading):
            possible += filled.keys.heading(item.label, item.start, 0) is not None
        else:
            possible += (any(_recall(item.table.labels, filled.table_keys(i)) >= MATCH for i in filled.tables)
                         or _typed_as_lines(item.table, filled))
    return anchors > 0 and possible >= share * anchors


def read_document(doc: DocumentMap, filled: Filled) -> Reading:
    reading = Reading()
    elements = filled.elements
    owner = _owners(doc, filled)

    def tables_from(cursor: int) -> list[int]:
        return filled.tables[bisect_left(filled.tables, cursor):]

    flat = list(_walk(doc.items))
    positions: list[int | None] = []
    cursor = 0
    for item, optional in flat:
        checkpoint()
        found: int | None = None
        if isinstance(item, Heading):
            found = filled.keys.heading(item.label, item.start, cursor)
        elif isinstance(item, Para) and item.words:
            found = filled.keys.words(item.words, cursor)
        elif isinstance(item, TableItem):
            found = next((i for i in tables_from(cursor) if owner.get(i) is item.table), None)
        elif isinstance(item, Loop):
            tables = [i.table for i, _ in _walk(item.items) if isinstance(i, TableItem)]
            if tables:
                hits = [i for i in tables_from(cursor) if owner.get(i) is tables[0]]
                for n, at in enumerate(hits):
                    read_table(tables[0], elements[at][1], filled.cell_keys(at), (n,), reading)
                found = hits[-1] if hits else None
                positions.append(found)
                if found is not None:
                    cursor = found + 1
                continue
        typed_as_lines = False
        if isinstance(item, TableItem):
            if found is not None:
                read_table(item.table, elements[found][1], filled.cell_keys(found), (), reading)
            elif not optional:
                typed_as_lines = _read_lines(item.table, filled, reading)
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
    """Answers and lone values between the headings that were found: each takes the paragraphs of its gap.
    Items of one gap (headings around them not found) share its paragraphs and its text, gathered once:
    a gap of hundreds of thousands of paragraphs, or of one of millions of characters, is not copied
    for each of them."""
    gaps: dict[tuple[int, int], list[str]] = {}
    joined: dict[tuple[int, int], str] = {}
    for n, (item, optional) in enumerate(flat):
        gap_item = isinstance(item, Block) or (isinstance(item, Para) and not item.words) or (
            isinstance(item, Loop) and not any(isinstance(i, TableItem) for i, _ in _walk(item.items)))
        if not gap_item:
            continue
        before = next((positions[m] for m in range(n - 1, -1, -1) if positions[m] is not None), -1)
        after = next((positions[m] for m in range(n + 1, len(flat)) if positions[m] is not None), len(elements))
        if before == -1 and after == len(elements):
            if not optional:
                reading.missed += list(_fields_of((item,)))
            continue
        checkpoint()
        gap = (before, after)
        texts = gaps.get(gap)
        if texts is None:  # blank ones left out (``isspace``: no stripped copy of a long one)
            texts = gaps[gap] = [t for kind, t in elements[before + 1:after] if kind == "p" and t and not t.isspace()]
        if isinstance(item, Block):
            if gap not in joined:
                joined[gap] = cell_paragraphs("\n".join(texts))
            reading.value(item.path, joined[gap])
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
