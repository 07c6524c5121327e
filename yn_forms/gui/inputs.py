"""The input for a field, chosen from its declaration alone: its kind's entry of ``editor_map``.

Its own module so that the single inputs (``editors``), their map (``editor_map``) and the
table (``table``, whose cells are inputs of the map) depend on each other in one direction
only: the table's own entry is added here, above all three, as is the 证明材料 page's
(``enclosures_page``), which is one input of the map too.
"""

from __future__ import annotations

from yn_forms.core.formdef import FieldNode
from yn_forms.gui.editor_map import EditorEntry, editor_entry, register_editor
from yn_forms.gui.editors import Editor


def _table(node: FieldNode, pointer: str) -> Editor:
    """A table's input, its module imported with the first page that has one (a first page without a table
    paints without it)."""
    from yn_forms.gui.table import TableEditor

    return TableEditor(node, pointer)


def _enclosures(node: FieldNode, pointer: str) -> Editor:
    """The 证明材料 list, its module (and the thumbnails') imported when its page is built."""
    from yn_forms.gui.enclosures_page import EnclosuresEditor

    return EnclosuresEditor(node, pointer)


register_editor("table", EditorEntry(_table, wide=True))
register_editor("enclosures", EditorEntry(_enclosures, wide=True))


def make_editor(node: FieldNode, pointer: str) -> Editor:
    """The input for *node*, bound later to the draft at *pointer* (``binding.Binding``)."""
    return editor_entry(node).make(node, pointer)
