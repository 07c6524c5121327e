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
from yn_forms.gui.enclosures_page import EnclosuresEditor
from yn_forms.gui.table import TableEditor

register_editor("table", EditorEntry(lambda node, pointer: TableEditor(node, pointer), wide=True))
register_editor("enclosures", EditorEntry(lambda node, pointer: EnclosuresEditor(node, pointer), wide=True))


def make_editor(node: FieldNode, pointer: str) -> Editor:
    """The input for *node*, bound later to the draft at *pointer* (``binding.Binding``)."""
    return editor_entry(node).make(node, pointer)
