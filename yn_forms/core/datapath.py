"""Reading and writing a draft's data by JSON Pointer.

The wizard binds each input to the pointer of its field (the same pointers the
validator reports), so a problem, a widget and a value always meet at one address.
Writing creates the dicts and list items on the way, as a half-filled draft lacks them.
"""

from __future__ import annotations

import itertools
from typing import Any

from yn_forms.core.problems import list_index, split_pointer


def _index(part: str, ptr: str) -> int:
    index = list_index(part)
    if index is None:
        raise ValueError(f"{ptr}: {part!r} is not a list index")
    return index


def get_at(data: Any, ptr: str, default: Any = None) -> Any:
    current = data
    for part in split_pointer(ptr):
        if isinstance(current, dict):
            if part not in current:
                return default
            current = current[part]
        elif isinstance(current, list) and (index := list_index(part)) is not None and index < len(current):
            current = current[index]
        else:
            return default
    return current


def set_at(data: dict[str, Any], ptr: str, value: Any) -> None:
    parts = split_pointer(ptr)
    if not parts:
        raise ValueError("cannot replace the whole document")
    current: Any = data
    for part, nxt in itertools.pairwise(parts):
        child_default: Any = [] if list_index(nxt) is not None else {}
        if isinstance(current, list):
            index = _index(part, ptr)
            while len(current) <= index:
                current.append({} if list_index(nxt) is None else [])
            if not isinstance(current[index], dict | list):
                current[index] = child_default
            current = current[index]
        else:
            if not isinstance(current.get(part), dict | list):
                current[part] = child_default
            current = current[part]
    last = parts[-1]
    if isinstance(current, list):
        index = _index(last, ptr)
        while len(current) <= index:
            current.append(None)
        current[index] = value
    else:
        current[last] = value
