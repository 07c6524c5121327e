"""The draft as one document that owns every change: read and written by JSON Pointer, undoable.

Before this, each input wrote into the raw dict and patched its own view, and other
writers (the unit library, a packet reply, an Excel import) wrote behind the inputs'
backs and then asked for a reload. Here every writer goes through one object, which

- keeps the raw data exactly as typed (invalid input included: it is judged, not parsed);
- records each change as an invertible edit, grouped into named steps the clerk can undo
  and redo (“删除成员单位“昆明铂瑞精密合金有限公司””), so undo restores the exact data;
- tells its subscribers which pointers changed, so views repaint themselves from the
  document instead of being reloaded by whoever wrote.

It knows nothing of forms or Qt: the named operations the wizard offers (typing a field,
deleting a member, filling from the unit library) are built on it in ``core.operations``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from yn_forms.core.datapath import get_at, set_at
from yn_forms.core.problems import list_index, split_pointer
from yn_forms.core.problems import pointer as make_pointer


class _Missing:
    """A key that is not there (as opposed to one holding ``None``): undo must remove it again."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
#: how many steps undo reaches back; a long session of typing stays bounded in memory
MAX_STEPS = 1000


def _copy(value: Any) -> Any:
    return copy.deepcopy(value) if isinstance(value, dict | list) else value


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same type (1 is not True, 1 is not 1.0 in a draft a clerk typed)."""
    return type(a) is type(b) and a == b


@dataclass(frozen=True)
class Edit:
    """One invertible edit. ``kind`` is ``set`` (``before``/``after`` at ``pointer``; MISSING for no
    key), ``insert`` / ``remove`` (``item`` at ``index`` of the list at ``pointer``) or ``move``
    (the item at ``index`` of the list to ``to``)."""

    kind: str
    pointer: str
    before: Any = None
    after: Any = None
    index: int = 0
    to: int = 0
    item: Any = None

    def inverse(self) -> Edit:
        if self.kind == "set":
            return Edit("set", self.pointer, before=self.after, after=self.before)
        if self.kind == "insert":
            return Edit("remove", self.pointer, index=self.index, item=self.item)
        if self.kind == "remove":
            return Edit("insert", self.pointer, index=self.index, item=self.item)
        return Edit("move", self.pointer, index=self.to, to=self.index)


@dataclass
class Step:
    """A named, undoable group of edits; ``focus`` is where the clerk is taken on undo and redo."""

    label: str
    focus: str
    edits: list[Edit] = field(default_factory=list)
    typing: str | None = None  # the pointer being typed into while this step is still open


@dataclass(frozen=True)
class Event:
    """What changed: the pointers written (a list operation names the list), why, and who wrote it."""

    pointers: tuple[str, ...]
    reason: str  # "edit", "undo", "redo"
    origin: Any = None  # the writer (an input), so it need not repaint what it has just shown
    step: Step | None = None

    def touches(self, pointer: str) -> bool:
        """Whether *pointer*'s value may have changed: written itself, inside, or around it."""
        return any(touches(p, pointer) for p in self.pointers)


def touches(changed: str, pointer: str) -> bool:
    """Whether a write at *changed* can change the value at *pointer* (same, above or below it)."""
    return (changed == pointer or pointer.startswith(changed + "/") or changed.startswith(pointer + "/")
            or changed == "")


class Watch:
    """A subscription to one pointer; ``cancel`` when the view that asked for it goes away."""

    def __init__(self, document: DraftDocument, pointer: str, callback: Callable[[Event], None]) -> None:
        self.document, self.pointer, self.callback = document, pointer, callback
        self.active = True

    def cancel(self, *_args: Any) -> None:
        if self.active:
            self.active = False
            self.document._unwatch(self)


class DraftDocument:
    """The raw data of one draft, every change to it, and who wants to hear of them."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.data: dict[str, Any] = data if data is not None else {}
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._open: Step | None = None  # a typing step that further keystrokes in its field join
        self._pending: Step | None = None  # the step being built by ``step()``
        self._subscribers: list[Callable[[Event], None]] = []
        self._watches: dict[str, list[Watch]] = {}
        self._clean: int | None = 0  # the history position of the saved file; None: unreachable
        self._position = 0  # steps done since the document was opened (undo lowers it)
        self.revision = 0  # grows with every change, undo and redo included

    # --- reading ----------------------------------------------------------------------
    def get(self, pointer: str, default: Any = None) -> Any:
        return get_at(self.data, pointer, default)

    def exists(self, pointer: str) -> bool:
        return get_at(self.data, pointer, MISSING) is not MISSING

    # --- subscribers ------------------------------------------------------------------
    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Hear of every change; returns the function that stops it."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def watch(self, pointer: str, callback: Callable[[Event], None]) -> Watch:
        """Hear of changes that can alter the value at *pointer*."""
        watch = Watch(self, pointer, callback)
        self._watches.setdefault(pointer, []).append(watch)
        return watch

    def _unwatch(self, watch: Watch) -> None:
        watches = self._watches.get(watch.pointer, [])
        if watch in watches:
            watches.remove(watch)
        if not watches:
            self._watches.pop(watch.pointer, None)

    def _notify(self, event: Event) -> None:
        self.revision += 1
        called: set[int] = set()
        for changed in event.pointers:
            # the pointer itself and everything above it ...
            parts = split_pointer(changed)
            for depth in range(len(parts), -1, -1):
                self._call(make_pointer(parts[:depth]), event, called)
            # ... and everything below it (a list replaced or reordered: each item's inputs)
            below = changed + "/"
            for watched in [w for w in self._watches if w.startswith(below)]:
                self._call(watched, event, called)
        for subscriber in list(self._subscribers):
            subscriber(event)

    def _call(self, pointer: str, event: Event, called: set[int]) -> None:
        for watch in list(self._watches.get(pointer, ())):
            if watch.active and id(watch) not in called:
                called.add(id(watch))
                watch.callback(event)

    # --- history ----------------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str:
        return self._undo[-1].label if self._undo else ""

    @property
    def redo_label(self) -> str:
        return self._redo[-1].label if self._redo else ""

    @property
    def is_clean(self) -> bool:
        """Whether the data is what was last saved (undoing back to it counts)."""
        return self._clean == self._position

    def mark_clean(self) -> None:
        """The data has just been saved."""
        self._clean = self._position
        self.end_typing()

    def mark_dirty(self) -> None:
        """The data differs from any file (a recovered autosave, a draft upgraded on opening)."""
        self._clean = None

    def end_typing(self) -> None:
        """End the typing step: the next keystroke in the same field starts a new one."""
        self._open = None

    def undo(self) -> Step | None:
        self.end_typing()
        if not self._undo:
            return None
        step = self._undo.pop()
        for edit in reversed(step.edits):
            self._apply(edit.inverse())
        self._redo.append(step)
        self._position -= 1
        self._notify(Event(tuple(_pointers(step.edits)), "undo", None, step))
        return step

    def redo(self) -> Step | None:
        self.end_typing()
        if not self._redo:
            return None
        step = self._redo.pop()
        for edit in step.edits:
            self._apply(edit)
        self._undo.append(step)
        self._position += 1
        self._notify(Event(tuple(_pointers(step.edits)), "redo", None, step))
        return step

    # --- writing ----------------------------------------------------------------------
    @contextmanager
    def step(self, label: str, focus: str = "", origin: Any = None) -> Iterator[Step]:
        """Group the writes inside into one undoable step, announced once at its end.

        Steps nest: an inner one joins the outer (a packet reply that adds a unit is one
        step, not two). A step that wrote nothing leaves no trace in the history, and one
        whose writer fails halfway is rolled back, as if it had never started.
        """
        if self._pending is not None:
            yield self._pending
            return
        self.end_typing()
        pending = self._pending = Step(label, focus)
        try:
            yield pending
        except BaseException:
            self._pending = None
            for edit in reversed(pending.edits):
                self._apply(edit.inverse())
            if pending.edits:
                self._notify(Event(tuple(_pointers(pending.edits)), "edit", origin))
            raise
        self._pending = None
        if pending.edits:
            self._push(pending)
            self._notify(Event(tuple(_pointers(pending.edits)), "edit", origin, pending))

    def set(self, pointer: str, value: Any, *, label: str = "", typing: bool = False, origin: Any = None) -> bool:
        """Write *value* at *pointer* (containers on the way are created); False if nothing changed.

        ``typing``: a keystroke. Keystrokes in one field join one step until ``end_typing`` (the
        clerk left the field) or any other change, so undo takes back the whole word typed.
        """
        if not split_pointer(pointer):
            raise ValueError("cannot replace the whole document")
        current = self.get(pointer, MISSING)
        if _same(current, value):
            return False
        anchor = self._anchor(pointer)
        before = _copy(self.get(anchor, MISSING))
        set_at(self.data, pointer, _copy(value))
        edit = Edit("set", anchor, before=before, after=_copy(self.get(anchor, MISSING)))
        if self._pending is not None:
            self._pending.edits.append(edit)
            return True
        open_step = self._open
        if typing and open_step is not None and open_step.typing == pointer and self._undo and \
                self._undo[-1] is open_step and not self._redo:
            first = open_step.edits[0]
            open_step.edits[0] = Edit("set", first.pointer, before=first.before,
                                      after=_copy(self.get(first.pointer, MISSING)))
            self._notify(Event((anchor,), "edit", origin, open_step))
            return True
        self.end_typing()
        step = Step(label or "修改", pointer, [edit], typing=pointer if typing else None)
        self._push(step)
        if typing:
            self._open = step
        self._notify(Event((anchor,), "edit", origin, step))
        return True

    def insert(self, pointer: str, index: int, item: Any) -> None:
        """Insert *item* at *index* of the list at *pointer* (created if missing)."""
        items = self.get(pointer)
        if not isinstance(items, list):
            self.set(pointer, [])
            items = self.get(pointer)
        index = max(0, min(index, len(items)))
        self._record(Edit("insert", pointer, index=index, item=_copy(item)))

    def remove(self, pointer: str, index: int) -> Any:
        """Remove and return the item at *index* of the list at *pointer*."""
        items = self.get(pointer)
        if not isinstance(items, list) or not 0 <= index < len(items):
            raise IndexError(f"{pointer}/{index}")
        item = _copy(items[index])
        self._record(Edit("remove", pointer, index=index, item=item))
        return item

    def move(self, pointer: str, index: int, to: int) -> None:
        """Move the item at *index* of the list at *pointer* so that it stands at *to*."""
        items = self.get(pointer)
        if not isinstance(items, list) or not (0 <= index < len(items) and 0 <= to < len(items)):
            raise IndexError(f"{pointer}/{index}")
        if index != to:
            self._record(Edit("move", pointer, index=index, to=to))

    def _record(self, edit: Edit) -> None:
        self._apply(edit)
        if self._pending is not None:
            self._pending.edits.append(edit)
            return
        self.end_typing()
        step = Step("修改", edit.pointer, [edit])
        self._push(step)
        self._notify(Event((edit.pointer,), "edit", None, step))

    def _push(self, step: Step) -> None:
        self._undo.append(step)
        if self._clean is not None and self._clean > self._position:
            self._clean = None  # the saved state was undone and a new change made: no way back to it
        self._position += 1
        self._redo.clear()
        if len(self._undo) > MAX_STEPS:
            del self._undo[0]
            if self._clean is not None:
                self._clean -= 1
            self._position -= 1

    # --- the mechanics --------------------------------------------------------------------
    def _anchor(self, pointer: str) -> str:
        """The highest pointer a write at *pointer* alters: itself, or the first container it has
        to create or replace on the way (so undo removes what the write made, and nothing else)."""
        parts = split_pointer(pointer)
        current: Any = self.data
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            if isinstance(current, dict):
                if part not in current:
                    return make_pointer(parts[: depth + 1])
                child = current[part]
            elif isinstance(current, list) and (index := list_index(part)) is not None:
                if index >= len(current):
                    return make_pointer(parts[:depth])  # the list grows: the whole list is the edit
                child = current[index]
            else:
                return make_pointer(parts[:depth])
            if last:
                return pointer
            if not isinstance(child, dict | list):
                return make_pointer(parts[: depth + 1])
            current = child
        return pointer

    def _apply(self, edit: Edit) -> None:
        if edit.kind == "set":
            if edit.after is MISSING:
                *above, key = split_pointer(edit.pointer)
                parent = self.get(make_pointer(above)) if above else self.data
                if isinstance(parent, dict):
                    parent.pop(key, None)
            else:
                set_at(self.data, edit.pointer, _copy(edit.after))
            return
        items = self.get(edit.pointer)
        if not isinstance(items, list):
            items = []
            set_at(self.data, edit.pointer, items)
        if edit.kind == "insert":
            items.insert(edit.index, _copy(edit.item))
        elif edit.kind == "remove":
            del items[edit.index]
        else:
            items.insert(edit.to, items.pop(edit.index))


def _pointers(edits: list[Edit]) -> list[str]:
    seen: list[str] = []
    for edit in edits:
        if edit.pointer not in seen:
            seen.append(edit.pointer)
    return seen
