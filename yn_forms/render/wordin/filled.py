"""A filled .docx as the reader sees it: body paragraphs and tables' cell texts, and a way to find labels.

The reader looks for each heading, paragraph and label of an attachment's map in the file,
from where the last one was found; a file of hundreds of thousands of paragraphs must not
be walked in Python once per label. So every paragraph's key (``normal.key``) is worked
out once and all are kept in one string, each between two NULs (a character no XML text
may hold): a label is then looked for by ``str.find``, in C, over all paragraphs at once,
and the paragraph a hit falls in by bisection.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from yn_forms.render.wordin.normal import key
from yn_forms.render.wordin.stopping import checkpoint

_PLACEHOLDER = re.compile(r"\{\{\s*[A-Za-z_]\w*(\.\w+|\[)|\{%-?\s*(p|tr|tc)\s")
_STEP = 2000  # paragraphs or rows keyed between two checks for a stop
_CHECK_EVERY = 4 << 20  # characters looked through between two checks (a paragraph or cell counted as 100 more)


class _Keys:
    """Every paragraph's key, in document order, between NULs: ``text[seps[n] + 1:seps[n + 1]]`` is the key
    of the *n*-th paragraph, which is body element number ``elements[n]``."""

    def __init__(self, elements: list[tuple[str, Any]]) -> None:
        self.elements = array("q")
        self.seps = array("q", [0])
        parts = ["\0"]
        end = 0
        for i, (kind, text) in enumerate(elements):
            if kind != "p":
                continue
            if len(self.elements) % _STEP == 0:
                checkpoint()
            k = key(text)
            parts += (k, "\0")
            end += len(k) + 1
            self.elements.append(i)
            self.seps.append(end)
        checkpoint()
        self.text = "".join(parts)

    def start(self, cursor: int) -> int:
        """Where to look from for paragraphs at or after body element *cursor*."""
        return self.seps[bisect_left(self.elements, cursor)]

    def paragraph(self, at: int) -> int:
        """The paragraph a hit at *at* falls in."""
        return bisect_right(self.seps, at) - 1

    def heading(self, label: str, start: str, cursor: int) -> int | None:
        """The first paragraph from *cursor* whose key is *label*, or begins with *start* and is no longer."""
        off = self.start(cursor)
        best = self.text.find(f"\0{label}\0", off)
        if start:
            probe, at = f"\0{start}", self.text.find(f"\0{start}", off)
            while at >= 0 and (best < 0 or at < best):
                n = self.paragraph(at)
                if self.seps[n + 1] - at - 1 <= len(label):
                    best = at
                    break
                at = self.text.find(probe, self.seps[n + 1])
        return None if best < 0 else self.elements[self.paragraph(best)]

    def words(self, words: list[str], cursor: int) -> int | None:
        """The first paragraph from *cursor* whose key holds *words* in that order (none overlapping)."""
        text, off = self.text, self.start(cursor)
        while True:
            checkpoint()
            last = -1  # no paragraph before the last first hit of a word can hold them all
            for word in words:
                at = text.find(word, off)
                if at < 0:
                    return None
                last = max(last, self.paragraph(at))
            at, end = self.seps[last], self.seps[last + 1]
            for word in words:
                at = text.find(word, at, end)
                if at < 0:
                    break
                at += len(word)
            else:
                return self.elements[last]
            off = end

    def line(self, label: str) -> int | None:
        """The first paragraph whose key begins “*label*:” (a table's label typed as a line)."""
        at = self.text.find(f"\0{label}:")
        return None if at < 0 else self.elements[self.paragraph(at)]


@dataclass
class Filled:
    """A filled .docx reduced to what reading needs: body paragraphs and tables' cell texts
    (``docxbody.read_filled`` reads them)."""

    elements: list[tuple[str, Any]]  # ("p", text) or ("t", rows of cell texts)
    _cells: dict[int, list[list[str]]] = field(default_factory=dict)  # each table's cell keys, by row
    _sets: dict[int, set[str]] = field(default_factory=dict)  # each table's cell keys, together

    def cell_keys(self, index: int) -> list[list[str]]:
        """The keys of the cells of table *index*, row by row (worked out once: a cell may be long)."""
        if index not in self._cells:
            rows = self._cells[index] = []
            for n, row in enumerate(self.elements[index][1]):
                if n % _STEP == 0:
                    checkpoint()
                rows.append([key(c) for c in row])
        return self._cells[index]

    def table_keys(self, index: int) -> set[str]:
        if index not in self._sets:
            self._sets[index] = {k for row in self.cell_keys(index) for k in row}
        return self._sets[index]

    @cached_property
    def tables(self) -> list[int]:
        """The body elements that are tables."""
        return [i for i, (kind, _) in enumerate(self.elements) if kind == "t"]

    @cached_property
    def keys(self) -> _Keys:
        """The paragraphs' keys, worked out once for every map tried on the file."""
        return _Keys(self.elements)

    def has_template_syntax(self) -> bool:
        """A template, not a filled copy: its placeholders name fields (``{{ cover.name }}``), which no
        clerk types (a value “{{” typed in a field is printed, and is not one)."""
        return any(_PLACEHOLDER.search(text) for text in self.texts())

    def texts(self) -> Iterator[str]:
        """Every paragraph's and cell's text; a stop may come after every few million characters looked through."""
        size = 0
        for kind, content in self.elements:
            for text in (content,) if kind == "p" else (cell for row in content for cell in row):
                size += len(text) + 100
                if size > _CHECK_EVERY:
                    size = 0
                    checkpoint()
                yield text
