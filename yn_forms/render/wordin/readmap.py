"""Where each template prints each field, and beside which label: the map a reader follows.

A template is read once, with python-docx and Jinja's own parser: every ``{{ … }}`` becomes
the data path it prints (loop variables resolved, ``*`` for “each item”), every
``box(field, '选项')`` the option it ticks, every ``{%p for t in paras(…) %}`` a
multi-paragraph answer, every ``{%tr for %}`` / ``{%p for %}`` over a list the rows or
tables repeated per item; the text around them stays as the labels and words to look
for. Nothing is listed by hand, so a replaced template is read the way it prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx import Document
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from jinja2 import Environment, TemplateSyntaxError, nodes

from yn_forms.core.datapath import KeyPath
from yn_forms.render.wordin.normal import key

_PIECES = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})", re.DOTALL)
_STATEMENT = re.compile(r"^\{%-?\s*(?:(?:p|tr|tc|r)\s+)?(.*?)\s*-?%\}$", re.DOTALL)
_FOR = re.compile(r"^for\s+(\w+)(?:\s*,\s*\w+)?\s+in\s+(.+)$", re.DOTALL)
_ENV = Environment()


@dataclass(frozen=True)
class Cond:
    """A value printed only while the field at *path* is (or is not) *value*."""

    path: KeyPath
    value: str
    equal: bool


@dataclass(frozen=True)
class Lit:
    text: str


@dataclass(frozen=True)
class Val:
    """A printed value; *targets* are (condition, path) pairs, the first whose condition holds wins."""

    targets: tuple[tuple[Cond | None, KeyPath], ...]
    empties: frozenset[str] = frozenset()  # what the template prints in place of nothing (“20  ”, “无”)
    # printed only where it differs from the field at *fallback*, between *prefix* and *suffix*
    # (“（2023年）” after a 利润 whose year is not its column's): unprinted, it is that field's value
    fallback: KeyPath | None = None
    prefix: str = ""
    suffix: str = ""

    @property
    def path(self) -> KeyPath:
        return self.targets[0][1]


@dataclass(frozen=True)
class Box:
    path: KeyPath
    option: str


@dataclass(frozen=True)
class Opt:
    """Words printed or not (“—” between two dates, “万元” after a filled amount)."""

    choices: tuple[str, ...]


Token = Lit | Val | Box | Opt


@dataclass(frozen=True)
class Cell:
    tokens: tuple[Token, ...] = ()
    text: KeyPath | None = None  # a multi-paragraph answer filling the cell
    label: str = ""  # the key of a cell holding words only (a cell of neither is a number or a statement)

    @property
    def fields(self) -> bool:
        return self.text is not None or any(isinstance(t, Val | Box) for t in self.tokens)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.cells if c.label)


@dataclass(frozen=True)
class RowLoop:
    path: KeyPath  # the list, its items one row group each
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class TableMap:
    rows: tuple[Row | RowLoop, ...]
    labels: frozenset[str]


@dataclass(frozen=True)
class Para:
    tokens: tuple[Token, ...]

    @property
    def words(self) -> list[str]:
        """The words printed with the values, as keys: what finds the paragraph."""
        return [k for t in self.tokens if isinstance(t, Lit) and len(k := key(t.text)) >= 2]


@dataclass(frozen=True)
class Block:
    """A multi-paragraph answer printed as paragraphs of the body."""

    path: KeyPath


@dataclass(frozen=True)
class Heading:
    label: str  # key of the printed words
    start: str = ""  # key of their first line: a heading typed without the notice's prompt under it


@dataclass(frozen=True)
class TableItem:
    table: TableMap


@dataclass(frozen=True)
class Loop:
    path: KeyPath  # a list of sections, its items printed one after another
    items: tuple[Item, ...]


Item = Heading | Para | Block | TableItem | Loop


@dataclass(frozen=True)
class Branch:
    """Items of an ``{%p if %}`` branch: printed for some data only, missed without complaint."""

    items: tuple[Item, ...]


@dataclass(frozen=True)
class DocumentMap:
    name: str  # the template's file name
    title: str  # the attachment's title, e.g. 云南省制造业创新中心创建申报书
    items: tuple[Item | Branch, ...]
    tables: tuple[TableMap, ...] = field(default=())


def _flatten(items: tuple[Any, ...]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, Branch | Loop):
            out += _flatten(item.items)
        else:
            out.append(item)
    return out


class _Scope:
    """Names a template expression may use: loop variables bound to paths, the form's sections."""

    def __init__(self, top: frozenset[str], names: dict[str, KeyPath | None] | None = None) -> None:
        self.top = top
        self.names = names or {}

    def bind(self, name: str, path: KeyPath | None) -> _Scope:
        return _Scope(self.top, {**self.names, name: path})

    def path(self, node: nodes.Node) -> KeyPath | None:
        if isinstance(node, nodes.Name):
            if node.name in self.names:
                return self.names[node.name]
            return (node.name,) if node.name in self.top else None
        if isinstance(node, nodes.Getattr):
            base = self.path(node.node)
            return None if base is None else (*base, node.attr)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            base = self.path(node.node)
            return None if base is None else (*base, node.arg.value)
        return None


_PARSED: dict[str, nodes.Node | None] = {}  # expression source -> its syntax tree


def _parse_all(sources: list[str]) -> None:
    """Parse a template's expressions in one go (one Jinja parse costs as much as a hundred expressions in it);
    a template with a broken one falls back to one parse each, where only that one fails."""
    todo = [s for s in dict.fromkeys(sources) if s not in _PARSED]
    if not todo:
        return
    try:
        body = _ENV.parse("".join("{{ " + s + " }}\x00" for s in todo)).body
    except TemplateSyntaxError:
        return
    found = [n for out in body if isinstance(out, nodes.Output) for n in out.nodes
             if not isinstance(n, nodes.TemplateData)]
    if len(found) == len(todo):
        _PARSED.update(zip(todo, found, strict=True))


def _expression(source: str) -> nodes.Node | None:
    if source not in _PARSED:
        try:
            output = _ENV.parse("{{ " + source + " }}").body[0]
            _PARSED[source] = output.nodes[0] if isinstance(output, nodes.Output) and output.nodes else None
        except TemplateSyntaxError:
            _PARSED[source] = None
    return _PARSED[source]


def _consts(node: nodes.Node | None) -> tuple[str, ...] | None:
    """The words an expression of constants prints (None: it prints something else)."""
    if node is None:
        return ("",)
    if isinstance(node, nodes.Const):
        return (str(node.value),) if isinstance(node.value, str | int) else ("",)
    if isinstance(node, nodes.CondExpr):
        a, b = _consts(node.expr1), _consts(node.expr2)
        return None if a is None or b is None else (*a, *b)
    return None


def _condition(test: nodes.Node, scope: _Scope) -> Cond | None:
    if isinstance(test, nodes.Compare) and len(test.ops) == 1 and isinstance(test.ops[0].expr, nodes.Const):
        path, op = scope.path(test.expr), test.ops[0].op
        if path is not None and op in ("eq", "ne"):
            return Cond(path, str(test.ops[0].expr.value), op == "eq")
    return None


def _token(node: nodes.Node, scope: _Scope) -> Token | None:
    """What one ``{{ … }}`` prints, as the reader needs it; None for what carries no field (a number)."""
    path = scope.path(node)
    if path is not None:
        return Val(((None, path),))
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.args:
        first = node.args[0]
        if isinstance(first, nodes.CondExpr):  # box(a if … else '', '选项'): the option belongs to a
            first = first.expr1
        target = scope.path(first)
        if node.node.name == "box" and len(node.args) == 2 and isinstance(node.args[1], nodes.Const):
            return Box(target, str(node.args[1].value)) if target is not None else None
        if node.node.name == "blank" and target is not None:
            return Val(((None, target),))
        return None
    if isinstance(node, nodes.Or):
        inner, words = _token(node.left, scope), _consts(node.right)
        if isinstance(inner, Val) and words is not None:
            return Val(inner.targets, frozenset(key(w) for w in words))
        return None
    if isinstance(node, nodes.CondExpr):
        differing = _differing(node, scope)
        if differing is not None:
            return differing
        words = _consts(node)
        if words is not None:
            return Opt(tuple(w for w in words if w))
        first, second = scope.path(node.expr1), scope.path(node.expr2) if node.expr2 is not None else None
        if first is not None and second is not None:
            cond = _condition(node.test, scope)
            if cond is not None:
                return Val(((cond, first), (Cond(cond.path, cond.value, not cond.equal), second)))
        if first is not None:
            otherwise = _consts(node.expr2)
            return Val(((None, first),), frozenset(key(w) for w in otherwise or ()))
    return None


def _differing(node: nodes.CondExpr, scope: _Scope) -> Val | None:
    """``('（' ~ a ~ '年）') if a != b``: *a* printed in its words only where it is not *b*."""
    test = node.test
    if not (isinstance(test, nodes.Compare) and len(test.ops) == 1 and test.ops[0].op == "ne"
            and node.expr2 is None and isinstance(node.expr1, nodes.Concat)):
        return None
    own, other = scope.path(test.expr), scope.path(test.ops[0].expr)
    parts = node.expr1.nodes
    paths = [i for i, part in enumerate(parts) if scope.path(part) is not None]
    if own is None or other is None or len(paths) != 1 or scope.path(parts[paths[0]]) != own:
        return None
    words = [p.value for p in parts if isinstance(p, nodes.Const) and isinstance(p.value, str)]
    if len(words) != len(parts) - 1:
        return None
    prefix = "".join(p.value for p in parts[:paths[0]])
    suffix = "".join(p.value for p in parts[paths[0] + 1:])
    return Val(((None, own),), fallback=other, prefix=prefix, suffix=suffix)


def _statement(piece: str) -> str | None:
    match = _STATEMENT.match(piece)
    return match.group(1).strip() if match and piece.startswith("{%") else None


def _tokens(text: str, scope: _Scope) -> tuple[list[Token], list[str]]:
    """A paragraph's tokens and the statements (``for …``, ``endfor``, ``if …``) it holds."""
    tokens: list[Token] = []
    statements: list[str] = []
    for piece in _PIECES.split(text):
        if not piece:
            continue
        statement = _statement(piece)
        if statement is not None:
            statements.append(statement)
        elif piece.startswith("{{") and piece.endswith("}}"):
            node = _expression(piece[2:-2])
            token = _token(node, scope) if node is not None else None
            if token is not None:
                tokens.append(token)
        else:
            tokens.append(Lit(piece))
    return tokens, statements


def _loop(statement: str, scope: _Scope) -> tuple[str, KeyPath | None, bool] | None:
    """(variable, list path, whether it splits a text into paragraphs) of a ``for`` statement."""
    match = _FOR.match(statement)
    if not match:
        return None
    node = _expression(match.group(2))
    if isinstance(node, nodes.Or):
        node = node.left
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.args:
        first = node.args[0]
        inner = scope.path(first.expr1 if isinstance(first, nodes.CondExpr) else first)
        if node.node.name == "paras":
            return match.group(1), inner, True
        return match.group(1), None if inner is None else (*inner, "*"), False
    path = scope.path(node) if node is not None else None
    return match.group(1), None if path is None else (*path, "*"), False


def _cell(cell: _Cell, scope: _Scope) -> Cell:
    tokens: list[Token] = []
    for paragraph in cell.paragraphs:
        found, statements = _tokens(paragraph.text, scope)
        for st in statements:
            loop = _loop(st, scope)
            if loop is not None and loop[2] and loop[1] is not None:
                return Cell(text=loop[1])
        if found and tokens:
            tokens.append(Lit("\n"))
        tokens += found
    if any(isinstance(t, Val | Box) for t in tokens):
        return Cell(tuple(tokens))
    words = key("".join(t.text for t in tokens if isinstance(t, Lit)))
    return Cell(label=words)


def distinct_cells(row: Any) -> list[_Cell]:
    """A row's cells, one per cell as drawn (a cell spanning columns counted once)."""
    out: list[_Cell] = []
    for cell in row.cells:
        if not out or out[-1]._tc is not cell._tc:
            out.append(cell)
    return out


def _table(table: Table, scope: _Scope) -> TableMap:
    rows: list[Row | RowLoop] = []
    loop: tuple[KeyPath, _Scope, list[Row]] | None = None
    for row in table.rows:
        cells = distinct_cells(row)
        text = "".join(c.text for c in cells)
        statements = [s for piece in _PIECES.findall(text) if piece.replace(" ", "").startswith("{%tr")
                      and (s := _statement(piece)) is not None]
        head = next((s for s in statements if s.startswith("for")), None)
        if head is not None and loop is None:
            found = _loop(head, scope)
            if found is not None and found[1] is not None:
                loop = (found[1], scope.bind(found[0], found[1]), [])
            continue
        if any(s.startswith("endfor") for s in statements):
            if loop is not None:
                rows.append(RowLoop(loop[0], tuple(loop[2])))
            loop = None
            continue
        current = loop[1] if loop is not None else scope
        made = Row(tuple(_cell(c, current) for c in cells))
        (loop[2] if loop is not None else rows).append(made)
    return TableMap(tuple(rows), _identifying(rows))


def _identifying(rows: list[Row | RowLoop]) -> frozenset[str]:
    """The labels that tell the table apart: its title row, the labels beside values, a list's column
    heads — not the 盖章 and 意见 rows a clerk may leave out."""
    labels: set[str] = set()
    for n, row in enumerate(rows):
        if not isinstance(row, Row):
            continue
        has_fields = any(c.fields for c in row.cells)
        heads_list = n + 1 < len(rows) and isinstance(rows[n + 1], RowLoop)
        if has_fields or heads_list or (n == 0 and row.labels):
            labels.update(row.labels)
    return frozenset(labels)


def _body(document: Any, scope: _Scope) -> tuple[Any, ...]:
    """The body's items, loops and ``{%p if %}`` branches nested as the template writes them."""
    stack: list[tuple[str, Any, list[Any]]] = [("root", None, [])]
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        top_kind, top_data, items = stack[-1]
        current = top_data[1] if top_kind == "loop" else (top_data if top_kind == "text" else None)
        inner = current if isinstance(current, _Scope) else _innermost(stack, scope)
        if tag == "tbl":
            items.append(TableItem(_table(Table(child, document), inner)))
            continue
        if tag != "p":
            continue
        text = Paragraph(child, document).text
        tokens, statements = _tokens(text, inner)
        for st in statements:
            if st.startswith("for"):
                found = _loop(st, inner)
                var, path, text_loop = found if found is not None else ("", None, False)
                if text_loop:
                    stack.append(("text", path, []))
                else:
                    stack.append(("loop", (path, inner.bind(var, path)), []))
            elif st.startswith("endfor") and len(stack) > 1:
                kind, data, done = stack.pop()
                if kind == "text":
                    if data is not None:
                        stack[-1][2].append(Block(data))
                elif data[0] is not None:
                    stack[-1][2].append(Loop(data[0], tuple(done)))
                else:
                    stack[-1][2].extend(done)
            elif st.startswith("if"):
                stack.append(("if", None, []))
            elif st.startswith(("else", "elif")) and stack[-1][0] == "if":
                _, _, done = stack.pop()
                stack[-1][2].append(Branch(tuple(done)))
                stack.append(("if", None, []))
            elif st.startswith("endif") and stack[-1][0] == "if" and len(stack) > 1:
                _, _, done = stack.pop()
                stack[-1][2].append(Branch(tuple(done)))
        if statements or stack[-1][0] == "text":
            continue
        if any(isinstance(t, Val | Box) for t in tokens):
            stack[-1][2].append(Para(tuple(tokens)))
        elif (label := key(text)):
            stack[-1][2].append(Heading(label, key(text.strip().split("\n")[0])))
    return tuple(stack[0][2])


def _innermost(stack: list[tuple[str, Any, list[Any]]], scope: _Scope) -> _Scope:
    for kind, data, _ in reversed(stack):
        if kind == "loop":
            return data[1]
    return scope


def _tables(items: tuple[Any, ...]) -> tuple[TableMap, ...]:
    return tuple(i.table for i in _flatten(items) if isinstance(i, TableItem))


@lru_cache(maxsize=32)
def _read_template(path: str, mtime: float, name: str, title: str, top: frozenset[str]) -> DocumentMap:
    document = Document(path)
    text = "".join(document.element.body.itertext())
    _parse_all([piece[2:-2] for piece in _PIECES.findall(text) if piece.startswith("{{")])
    items = _body(document, _Scope(top))
    return DocumentMap(name, title, items, _tables(items))


def document_map(path: Path, name: str, title: str, top: frozenset[str]) -> DocumentMap:
    """The reading map of one template (read once per file version)."""
    return _read_template(str(path), path.stat().st_mtime, name, title, top)
