"""The input for a field, chosen from its declaration alone (``editors.input_kind``).

Its own module so that the single inputs (``editors``) and the table (``table``, whose
cells reuse the single inputs' line kinds) depend on each other in one direction only.
"""

from __future__ import annotations

from yn_forms.core.formdef import FieldNode, options_of
from yn_forms.gui.editors import (
    ChoiceEditor,
    Editor,
    LineEditor,
    MultiEditor,
    SuggestEditor,
    TextEditor,
    YearsEditor,
    input_kind,
)
from yn_forms.gui.table import TableEditor


def make_editor(node: FieldNode, pointer: str) -> Editor:
    """The input for *node*, bound later to the draft at *pointer* (``binding.Binding``)."""
    kind = input_kind(node)
    if kind == "table":
        return TableEditor(node, pointer)
    if kind == "years":
        return YearsEditor(node, pointer)
    if kind == "multi":
        return MultiEditor(node, pointer, options_of(node))
    if kind == "choice":
        return ChoiceEditor(node, pointer, options_of(node))
    if kind == "suggest":
        return SuggestEditor(node, pointer, options_of(node))
    if kind in ("list", "text"):
        return TextEditor(node, pointer, as_list=kind == "list")
    return LineEditor(node, pointer, kind)
