"""Inputs bound to the draft document: they show it, write to it, and repaint from its events.

An input shows the value at its pointer. What the clerk types becomes a step of the
document (``core.operations``); any change made anywhere else — undo, the unit
library, a packet reply, an Excel import, another input of the same fact — reaches
the input through the document's events, and it repaints itself. Nobody reloads
inputs by hand. An input that repeats a fact typed elsewhere (``core.links``) shows
that value greyed while it is empty (“同封面：…”), and a 其他 text is open only while
its 其他 is ticked.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeGuard

from yn_forms.core.document import DraftDocument, Event
from yn_forms.core.enclosure_store import EnclosureStore
from yn_forms.core.formdef import FormDefinition
from yn_forms.core.links import choice_names, following, links_of, section_name
from yn_forms.core.operations import (
    add_item,
    attach_enclosures,
    edit_field,
    move_enclosure,
    move_item,
    paste_rows,
    remove_enclosure,
    remove_item,
)
from yn_forms.core.problems import parent_pointer
from yn_forms.core.validation import OTHER_OPTIONS
from yn_forms.gui.editors import Editor

if TYPE_CHECKING:
    from yn_forms.gui.enclosures_page import EnclosuresEditor
    from yn_forms.gui.table import TableEditor

#: a following hint shows this much of a long text (the whole of it is the tooltip)
HINT_CHARS = 60


def _is_a(editor: Editor, module: str, name: str) -> bool:
    """Whether *editor* is *module*'s class *name*, asked without importing *module*: a table or the 证明材料
    list is made only once its module is imported (``gui.inputs``), and a first page with neither paints
    without them."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(editor, getattr(loaded, name))


def _is_table(editor: Editor) -> TypeGuard[TableEditor]:
    return _is_a(editor, "yn_forms.gui.table", "TableEditor")


def _is_enclosures(editor: Editor) -> TypeGuard[EnclosuresEditor]:
    return _is_a(editor, "yn_forms.gui.enclosures_page", "EnclosuresEditor")


class Binding:
    """Binds inputs of one form to one document; ``left`` is told which field the clerk left. *store* says
    where the draft's 证明材料 files are (None: nowhere, an application looked at); *status* is the window's
    status line, told what a 删除 did."""

    def __init__(self, form: FormDefinition, document: DraftDocument,
                 left: Callable[[str], None] = lambda _pointer: None, read_only: bool = False,
                 store: Callable[[], EnclosureStore | None] = lambda: None,
                 status: Callable[[str], None] = lambda _text: None) -> None:
        self.form, self.document, self.left = form, document, left
        self.links = links_of(form)
        self.read_only = read_only  # an application looked at (the 州市 desk): inputs locked, nothing written
        self.store, self.status = store, status

    def bind(self, editor: Editor) -> None:
        document, pointer = self.document, editor.pointer
        if _is_enclosures(editor):
            editor.serve(self.form, document, self.store, self.read_only)
        editor.load(document.get(pointer))
        if self.read_only:
            from yn_forms.gui.readonly import lock

            lock(editor)
        elif _is_table(editor):
            editor.cell_edited.connect(lambda row, key, value, e=editor: self._cell(e, row, key, value))
            editor.rows_requested.connect(lambda action, row, to, e=editor: self._rows(e, action, row, to))
            editor.rows_pasted.connect(lambda first, rows, e=editor: paste_rows(document, self.form, e.pointer,
                                                                                first, rows))
        elif _is_enclosures(editor):
            editor.attach_requested.connect(self._attach)
            editor.remove_requested.connect(
                lambda index: self.status(f"已{remove_enclosure(document, self.form, index)}。按 Ctrl+Z 可撤销。"))
            editor.move_requested.connect(lambda index, to: move_enclosure(document, self.form, index, to))
        else:
            editor.edited.connect(lambda value, e=editor: edit_field(
                document, self.form, e.pointer, value, typing=not e.answered_by_click, origin=e))
        editor.left.connect(lambda e=editor: self._left(e))
        editor.boundary.connect(document.end_typing)
        places = self._related(editor)
        watches = [document.watch(pointer, lambda event, e=editor, h=bool(places): self._repaint(e, event, h))]
        if places:
            self._hint(editor)
            watches += [document.watch(p, lambda _event, e=editor: self._hint(e)) for p in places]
        other = editor.node.meta.get("other_of")
        if other:
            choice = f"{parent_pointer(pointer)}/{other}"
            self._open_other(editor, choice)
            watches.append(document.watch(choice, lambda _event, e=editor, c=choice: self._open_other(e, c)))
        for key, source in self._offers(editor):
            self._offer(editor, key, source)
            watches.append(document.watch(source, lambda _event, e=editor, k=key, s=source: self._offer(e, k, s)))
        for watch in watches:
            editor.destroyed.connect(watch.cancel)

    # --- writing --------------------------------------------------------------------
    def _left(self, editor: Editor) -> None:
        self.document.end_typing()  # the next keystroke in this field is a new step
        self.left(editor.pointer)

    def _cell(self, editor: TableEditor, row: int, key: str, value: Any) -> None:
        edit_field(self.document, self.form, f"{editor.pointer}/{row}/{key}", value, origin=editor)

    def _attach(self, records: list[dict[str, Any]]) -> None:
        attach_enclosures(self.document, self.form, records)
        self.status(f"已{self.document.undo_label}。")

    def _rows(self, editor: TableEditor, action: str, row: int, to: int) -> None:
        if action == "add":
            add_item(self.document, self.form, editor.pointer)
        elif action == "remove":
            remove_item(self.document, self.form, editor.pointer, row)
        elif action == "move":
            move_item(self.document, self.form, editor.pointer, row, to)

    # --- repainting -----------------------------------------------------------------
    def _repaint(self, editor: Editor, event: Event, hinted: bool) -> None:
        # an input shows what it has just written: loading it again would move the cursor
        if event.origin is not editor or event.reason != "edit":
            editor.load(self.document.get(editor.pointer))
        if hinted:
            self._hint(editor)

    def _related(self, editor: Editor) -> list[str]:
        """The places whose values this input may show while it is empty."""
        fact = self.links.fact_of(editor.pointer)
        if fact is not None:
            return [p for p in fact.places if p != editor.pointer]
        names = self.links.names_list(editor.pointer)
        return [names.source] if names is not None else []

    def _hint(self, editor: Editor) -> None:
        found = following(self.form, self.document.data, editor.pointer)
        if found is None:
            editor.show_following(None)
            return
        where = f"同{section_name(self.form, found.source)}"
        if isinstance(found.value, list):  # a list of names is shown as it would be typed: one a line
            editor.show_following(f"{where}：\n" + "\n".join(str(v) for v in found.value))
            return
        value = str(found.value)
        shown = value if len(value) <= HINT_CHARS else value[:HINT_CHARS] + "…"
        editor.show_following(f"{where}：{shown}")

    def _open_other(self, editor: Editor, choice: str) -> None:
        """A 其他/其它 text can be typed only while its option is ticked (the printed brackets stay empty)."""
        chosen = self.document.get(choice)
        values = chosen if isinstance(chosen, list) else [chosen]
        editor.setEnabled(any(v in OTHER_OPTIONS for v in values))

    def _offers(self, editor: Editor) -> list[tuple[str, str]]:
        """(column or "", source list) for the names this input offers (``choices_from``, ``completes_from``)."""
        path = tuple(editor.node.path)
        if _is_table(editor):
            return [(c.key, s) for c in editor.columns if (s := self.links.choices.get((*path, "*", c.key)))]
        source = self.links.choices.get(path)
        return [("", source)] if source else []

    def _offer(self, editor: Editor, key: str, source: str) -> None:
        names = choice_names(self.form, self.document.data, source)
        if _is_table(editor):
            editor.set_column_options(key, names)
        else:
            editor.set_options(names)
