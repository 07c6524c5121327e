"""The wizard's input for each field kind, keyed by the kinds' names (``core.kinds``): one entry a kind.

An entry says which input a field of the kind gets on a page, whether and how it stands in a
table's cell, and how a value typed in one line is helped along (what may be typed, an example
in the empty box, how wide it is). ``gui.inputs.make_editor``, ``gui.table`` and ``gui.pages``
read this map and nothing else; ``register_editor`` adds the input of a new kind. The kinds that
are the wizard's structure rather than an input — a ``section`` (a page or a box of fields) and
a ``group`` (the member list) — are built by ``gui.pages``; a ``table``'s input, whose cells are
this map's inputs, is registered by ``gui.inputs``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from yn_forms.core.formdef import FieldNode, options_of
from yn_forms.core.kinds import kind_of
from yn_forms.gui.editors import (
    AMOUNT_LINE,
    PLAIN_LINE,
    ChoiceEditor,
    Editor,
    LineEditor,
    LineStyle,
    MultiEditor,
    SuggestEditor,
    TextEditor,
    YearsEditor,
)

#: what a table's cell of a kind is: typed in one line, one option picked, or a name picked or typed
LINE, CHOICE, SUGGEST = "line", "choice", "suggest"


def typed_line(style: LineStyle = PLAIN_LINE) -> Callable[[FieldNode, str], Editor]:
    """A one-line input reading what is typed as the field's own kind reads text."""
    def make(node: FieldNode, pointer: str) -> Editor:
        return LineEditor(node, pointer, kind_of(node.info).name, style=style)

    return make


@dataclass(frozen=True)
class EditorEntry:
    """The input of one kind."""

    make: Callable[[FieldNode, str], Editor]  # the input of a field on a page, bound later at its pointer
    cell: str = ""  # how a table's cell takes it (LINE, CHOICE, SUGGEST); "": it cannot be a column
    line: LineStyle = field(default_factory=LineStyle)  # how a value typed in one line (a page or a cell) is helped
    wide: bool = False  # it takes the page's width, under its label (a long answer, check boxes, a table)
    grows: bool = False  # a page that is this one answer lets it grow with the window

    @classmethod
    def typed(cls, style: LineStyle = PLAIN_LINE) -> EditorEntry:
        """A kind typed in one line, on a page and in a table's cell alike."""
        return cls(typed_line(style), LINE, style)


_COUNT = LineStyle(r"\d{0,8}", short=True, sample="9999")

EDITORS: dict[str, EditorEntry] = {
    "line": EditorEntry.typed(),
    "text": EditorEntry(lambda node, pointer: TextEditor(node, pointer), LINE, wide=True, grows=True),
    "list": EditorEntry(lambda node, pointer: TextEditor(node, pointer, as_list=True), wide=True, grows=True),
    "multi": EditorEntry(lambda node, pointer: MultiEditor(node, pointer, options_of(node)), wide=True),
    "choice": EditorEntry(lambda node, pointer: ChoiceEditor(node, pointer, options_of(node)), CHOICE),
    "suggest": EditorEntry(lambda node, pointer: SuggestEditor(node, pointer, options_of(node)), SUGGEST),
    "money": EditorEntry.typed(AMOUNT_LINE),
    "percent": EditorEntry.typed(AMOUNT_LINE),
    "count": EditorEntry.typed(_COUNT),
    "year": EditorEntry.typed(_COUNT),
    # the placeholder one example, whole in the box; the other ways to type it its tooltip
    "date": EditorEntry.typed(LineStyle(placeholder="如 2019年5月6日", short=True, sample="2026年12月31日",
                                        calendar=True, tidy=True, ways="也可写作 2019-05-06 或 2019.5.6")),
    "year_month": EditorEntry.typed(LineStyle(placeholder="如 2026年11月", short=True, sample="2026年12月",
                                              tidy=True, ways="也可写作 2026-11 或 2026.11")),
    "years": EditorEntry(lambda node, pointer: YearsEditor(node, pointer)),
}


def register_editor(kind: str, entry: EditorEntry) -> EditorEntry:
    """The input of fields of *kind* (a kind of ``core.kinds``), from now on, wherever one is shown."""
    EDITORS[kind] = entry
    return entry


def has_editor(node: FieldNode) -> bool:
    """Whether the wizard has an input for *node*: a kind added without one yet is shown on its page as not
    fillable here, rather than failing the page."""
    return bool(node.meta.get("choices_from")) or kind_of(node.info).name in EDITORS


def editor_entry(node: FieldNode) -> EditorEntry:
    """The input a field gets, read from its declaration alone: its kind's; a field offering the names of
    the application's own units (``choices_from``) picks one or takes what is typed; one declared
    ``completes_from`` keeps its kind's line, which offers the names as they are typed."""
    if node.meta.get("choices_from"):
        return EDITORS["suggest"]
    kind = kind_of(node.info).name
    entry = EDITORS.get(kind)
    if entry is None:
        raise TypeError(f"{node.title}: no input is registered for kind {kind!r} (gui.editor_map.register_editor)")
    return entry
