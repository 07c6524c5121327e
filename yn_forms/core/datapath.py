"""Reading and writing a draft's data by JSON Pointer, or by the same place given as its steps.

The wizard binds each input to the pointer of its field (the same pointers the
validator reports), so a problem, a widget and a value always meet at one address.
Writing creates the dicts and list items on the way, as a half-filled draft lacks them.

A place may also come as a ``KeyPath``, a tuple of its steps — pydantic's error ``loc``,
a template's field, ``core.problems.pointer_parts`` of a pointer. Every walker of data,
of a template context or of a validator's working copy walks it here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from yn_forms.core.problems import list_index, split_pointer

#: a place as its steps: keys (str), list indexes (int) and, in a model's path, ``"*"`` for each
#: item of a list (``("members", 2, "name")``, ``("members", "*", "name")``)
KeyPath = tuple[Any, ...]

_ABSENT = object()


def _as_index(part: Any) -> int | None:
    """The list index a step names: an int (not a bool), or a pointer token of ASCII digits."""
    if isinstance(part, int) and not isinstance(part, bool):
        return part if part >= 0 else None
    return list_index(part) if isinstance(part, str) else None


def _index(part: Any, path: Any) -> int:
    index = _as_index(part)
    if index is None:
        raise ValueError(f"{path}: {part!r} is not a list index")
    return index


def _child(current: Any, part: Any) -> Any:
    """The value one step below *current*, or ``_ABSENT``."""
    if isinstance(current, dict):
        return current.get(part if isinstance(part, str) else str(part), _ABSENT)
    if isinstance(current, list) and (index := _as_index(part)) is not None and index < len(current):
        return current[index]
    return _ABSENT


def get_in(data: Any, path: Sequence[Any], default: Any = None) -> Any:
    """The value at *path* (keys and list indexes), or *default* where the data has no such place."""
    current = data
    for part in path:
        current = _child(current, part)
        if current is _ABSENT:
            return default
    return current


def get_at(data: Any, ptr: str, default: Any = None) -> Any:
    return get_in(data, split_pointer(ptr), default)


def _is_index(part: Any) -> bool:
    return _as_index(part) is not None


def set_in(data: Any, path: Sequence[Any], value: Any, fill: Callable[[KeyPath], Any] | None = None) -> None:
    """Write *value* at *path*, the dicts and lists on the way created.

    A list too short is grown to the index: with *fill*'s value for that list (given the
    list's path; a new draft's empty item), else with an empty container on the way and
    ``None`` at the end. A scalar standing where the path goes on is replaced by a container.
    """
    parts = tuple(path)
    if not parts:
        raise ValueError("cannot replace the whole document")
    current: Any = data
    for depth, (part, nxt) in enumerate(itertools.pairwise(parts)):
        child_default: Any = [] if _is_index(nxt) else {}
        if isinstance(current, list):
            index = _index(part, path)
            while len(current) <= index:
                current.append(fill(parts[:depth]) if fill is not None else ([] if _is_index(nxt) else {}))
            if not isinstance(current[index], dict | list):
                current[index] = child_default
            current = current[index]
        else:
            key = part if isinstance(part, str) else str(part)
            if not isinstance(current.get(key), dict | list):
                current[key] = child_default
            current = current[key]
    last = parts[-1]
    if isinstance(current, list):
        index = _index(last, path)
        while len(current) <= index:
            current.append(fill(parts[:-1]) if fill is not None else None)
        current[index] = value
    else:
        current[last if isinstance(last, str) else str(last)] = value


def set_at(data: dict[str, Any], ptr: str, value: Any) -> None:
    set_in(data, split_pointer(ptr), value)
