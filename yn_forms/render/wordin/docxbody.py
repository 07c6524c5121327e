"""The body of a filled .docx, read as it is parsed: each paragraph's text and each table's cells, no tree kept.

python-docx builds the whole XML tree of a document before anything is read from it, a hundred
bytes and more per element: the 64 MB of markup a filled file may hold took gigabytes. Here the
main document part is parsed as it is inflated (``lxml.etree.iterparse``); every element, when it
ends, is turned into what the reader keeps — its text, added to its run, the run's to its
paragraph, the paragraph's to the body or its cell — and dropped from the tree. Memory then
follows the text read, whatever the markup around it, and the number of elements is capped
(``MAX_ELEMENTS``) so that time is bounded too.

What is read is what a walk of python-docx's tree read: the body's own paragraphs and tables;
a paragraph's runs, also those inside links, tracked insertions, smart tags and simple fields
(with every run inside those, text boxes included, in document order); a run's text, tabs and
line breaks; a table's rows and cells as drawn (a cell merged down reads as the one above);
nothing inside content controls, text boxes of plain runs, or tables nested in cells.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import IO, Any

from lxml import etree

from yn_forms.render.wordin.filled import Filled
from yn_forms.render.wordin.stopping import checkpoint

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT, BODY, P, R, TBL, TR, TC, TCPR = (f"{W}{n}" for n in ("document", "body", "p", "r", "tbl", "tr", "tc", "tcPr"))
GRID_SPAN, V_MERGE, VAL = f"{W}gridSpan", f"{W}vMerge", f"{W}val"
#: what each part of a run gives its text (a w:t its own)
RUN_PARTS = {f"{W}t": None, f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n"}
#: elements of a paragraph whose runs are the paragraph's too
RUN_HOLDERS = frozenset({f"{W}hyperlink", f"{W}ins", f"{W}smartTag", f"{W}fldSimple"})
MAX_ELEMENTS = 2_000_000  # a filled application of 20 units has 20,000; a 500-page one well under a million
STEP = 5_000  # elements read between two checks for a stop
PIECE = 1 << 20  # bytes of markup parsed, at most, between two checks for a stop

_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_MAIN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_SMALL_XML = etree.XMLParser(resolve_entities=False, no_network=True)
_NOTHING: tuple[Any, Any, Any] = (None, None, None)


class TooMuchMarkup(Exception):
    """More elements than any filled application holds."""


def read_filled(data: bytes) -> Filled:
    """The body of the Word document *data* (a .docx package), as the reader needs it.

    Refuses as python-docx refused, with the same exceptions: ``zipfile.BadZipFile`` for no zip,
    ``KeyError`` for a part or relationship missing, ``ValueError`` for a package that is no Word
    document, lxml's ``XMLSyntaxError`` for broken XML; ``TooMuchMarkup`` beyond ``MAX_ELEMENTS``."""
    checkpoint()  # after the package was checked by inflating it, which takes a while on 64 MB
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(main_part(archive)) as stream:
        return Filled(_Body().read(_Checked(stream)))


class _Checked(io.RawIOBase):
    """The part's bytes as the parser asks for them, with a check for a stop every ``PIECE`` bytes: a few
    elements of millions of characters each are parsed for seconds between two elements' ends."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__()
        self.stream, self.count = stream, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(min(size, PIECE) if size >= 0 else PIECE)
        self.count += len(data)
        if self.count >= PIECE:
            self.count = 0
            checkpoint()
        return data


def main_part(archive: zipfile.ZipFile) -> str:
    """The zip member of the package's main document, once it is known to be a Word document's."""
    rels: dict[str, etree._Element] = {}
    try:
        package_rels = etree.fromstring(archive.read("_rels/.rels"), _SMALL_XML)
    except KeyError:
        package_rels = None
    for rel in package_rels.iterchildren(_RELS) if package_rels is not None else ():
        rels[rel.get("Id", "")] = rel
    main = [rel for rel in rels.values() if rel.get("Type") == _MAIN]
    if not main:
        raise KeyError("no main document")
    if len(main) > 1 or main[0].get("TargetMode") == "External":
        raise ValueError("no single main document in the package")
    partname = posixpath.normpath(posixpath.join("/", main[0].get("Target", "")))
    types = etree.fromstring(archive.read("[Content_Types].xml"), _SMALL_XML)
    overrides = {o.get("PartName", "").lower(): o.get("ContentType") for o in types.iterchildren(f"{_TYPES}Override")}
    defaults = {d.get("Extension", "").lower(): d.get("ContentType") for d in types.iterchildren(f"{_TYPES}Default")}
    extension = posixpath.splitext(partname)[1][1:].lower()
    content_type = overrides.get(partname.lower(), defaults.get(extension))
    if content_type is None:
        raise KeyError(partname)
    if content_type != _WORD_MAIN:
        raise ValueError(f"not a Word document: {content_type}")
    return partname[1:]


class _Body:
    """The state of one reading: what each open run, paragraph, cell, row and table has gathered."""

    def __init__(self) -> None:
        self.elements: list[tuple[str, Any]] = []
        self.body: Any = None  # the document's body, once seen; False once it has ended
        self.runs: dict[Any, list[str]] = {}  # each open run's own text so far
        self.pending: dict[Any, list[str]] = {}  # the texts of runs inside a run read with it, for its end
        self.context: dict[Any, tuple[Any, Any, Any]] = {}  # see _context
        self.pieces: list[str] = []  # the open paragraph's runs' texts
        self.cell: list[str] = []  # the open cell's paragraphs' texts
        self.span: str | None = None  # the open cell's gridSpan and vMerge (the first of each, in its first tcPr)
        self.merge: str | None = None
        self.props_done = self.span_done = self.merge_done = False
        self.row: list[str] = []
        self.column = 0
        self.rows: list[list[str]] = []
        self.above: dict[int, str] = {}  # grid column -> text of the cell starting there, for vertical merges
        self.last_row: Any = None  # the body table's row and cell last known as such
        self.last_cell: Any = None

    def read(self, stream: IO[bytes]) -> list[tuple[str, Any]]:
        handlers = {R: self._run, P: self._paragraph, GRID_SPAN: self._cell_property, V_MERGE: self._cell_property,
                    TCPR: self._properties, TC: self._cell, TR: self._row, TBL: self._table, BODY: self._body}
        runs, forget = self.runs, self.context.pop
        count, next_check, root = 0, STEP, None
        for event, element in etree.iterparse(stream, events=("end", "comment", "pi"), remove_blank_text=True,
                                              resolve_entities=False, no_network=True):
            count += 1
            if count == next_check:
                if count > MAX_ELEMENTS:
                    raise TooMuchMarkup(MAX_ELEMENTS)
                checkpoint()
                next_check += STEP
            parent = element.getparent()
            if event == "end":
                tag = element.tag
                part = RUN_PARTS.get(tag, False)
                if part is not False:
                    if parent is not None and parent.tag == R:  # a run's own text, tab or line break
                        runs.setdefault(parent, []).append(part or element.text or "")
                else:
                    handler = handlers.get(tag)
                    if handler is not None:
                        handler(element, parent)
                    forget(element, None)
            if parent is None:
                root = element if event == "end" else root
            elif parent[0] is element:
                del parent[0]  # everything before it is gone already: it is the first
            else:
                parent.remove(element)
        if root is None or root.tag != DOCUMENT or self.body is None:
            raise ValueError("no document body")
        return self.elements

    def _paragraph(self, paragraph: Any, parent: Any) -> None:
        if self._reading(parent):
            text, self.pieces = "".join(self.pieces), []
            if self._is_body(parent):
                self.elements.append(("p", text))
            else:
                self.cell.append(text)

    def _cell_property(self, element: Any, parent: Any) -> None:
        """The first gridSpan and vMerge of a body table's cell's first tcPr: how it spans and merges."""
        if parent is None or parent.tag != TCPR or self.props_done or not self._body_cell(parent.getparent()):
            return
        if element.tag == GRID_SPAN and not self.span_done:
            self.span, self.span_done = element.get(VAL, "1"), True
        elif element.tag == V_MERGE and not self.merge_done:
            self.merge, self.merge_done = element.get(VAL, "continue"), True

    def _properties(self, element: Any, parent: Any) -> None:
        self.props_done = self.props_done or self._body_cell(parent)

    def _cell(self, cell: Any, parent: Any) -> None:
        if self._body_row(parent):
            self._cell_ends()

    def _row(self, row: Any, parent: Any) -> None:
        if self._body_row(row):
            self.rows.append(self.row)
            self.row, self.column = [], 0

    def _table(self, table: Any, parent: Any) -> None:
        if parent is not None and self._is_body(parent):
            self.elements.append(("t", self.rows))
            self.rows, self.above = [], {}

    def _body(self, body: Any, parent: Any) -> None:
        if parent is not None and parent.getparent() is None and self.body in (None, body):
            self.body = False  # the first body has ended: another is not read

    def _run(self, run: Any, parent: Any) -> None:
        """A run ends: its text goes to its paragraph, or to the run it is inside, if the paragraph reads it."""
        text = "".join(self.runs.pop(run, ()))
        inner = self.pending.pop(run, ())
        paragraph, top, holder_run = self._context(parent) if parent is not None else _NOTHING
        if paragraph is None or (top is not None and top.tag not in RUN_HOLDERS):
            return  # outside any paragraph read, or inside a run of its own (a text box): not read
        text += "".join(inner)
        if top is None or holder_run is None:
            self.pieces.append(text)
        else:  # inside a run of a link: read after that run's own text, as a walk of the link reads it
            self.pending.setdefault(holder_run, []).append(text)

    def _context(self, node: Any) -> tuple[Any, Any, Any]:
        """For runs inside *node*: the paragraph read around them (None: none), the child of that paragraph
        they are inside (None: the paragraph itself), and the innermost run around them (None: none).
        Worked out once for each open element (a run inside 200 levels costs one step, not 200)."""
        found = self.context.get(node)
        if found is not None:
            return found
        if node.tag == P and self._reading(node.getparent()):
            found = (node, None, None)
        else:
            parent = node.getparent()
            paragraph, top, run = self._context(parent) if parent is not None else _NOTHING
            found = _NOTHING if paragraph is None else (paragraph, node if top is None else top,
                                                       node if node.tag == R else run)
        self.context[node] = found
        return found

    def _is_body(self, node: Any) -> bool:
        if self.body is None and node is not None and node.tag == BODY:
            root = node.getparent()
            if root is not None and root.getparent() is None and root.tag == DOCUMENT:
                self.body = node
        return node is not None and node is self.body

    def _reading(self, parent: Any) -> bool:
        """Whether a paragraph inside *parent* is read: one of the body, or of a cell of a body's table."""
        return parent is not None and (self._is_body(parent) or self._body_cell(parent))

    def _body_cell(self, node: Any) -> bool:
        if node is self.last_cell:
            return True
        if node is None or node.tag != TC or not self._body_row(node.getparent()):
            return False
        self.last_cell = node  # asked again for each of its paragraphs and runs
        return True

    def _body_row(self, node: Any) -> bool:
        if node is self.last_row:
            return True
        if node is None or node.tag != TR:
            return False
        table = node.getparent()
        if table is None or table.tag != TBL or not self._is_body(table.getparent()):
            return False
        self.last_row = node
        return True

    def _cell_ends(self) -> None:
        span = int(self.span) if self.span is not None else 1
        if self.merge == "continue":
            text = self.above.get(self.column, "")
        else:
            text = self.above[self.column] = "\n".join(self.cell)
        self.row.append(text)
        self.column += span
        self.cell, self.span, self.merge = [], None, None
        self.props_done = self.span_done = self.merge_done = False
