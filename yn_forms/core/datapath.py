"""Reading and writing a draft's data by JSON Pointer.

The wizard binds each input to the pointer of its field (the same pointers the
validator reports), so a problem, a widget and a value always meet at one address.
Writing creates the dicts and list items on the way, as a half-filled draft lacks them.
"""

from __future__ import annotations

import itertools
from typing import Any

from yn_forms.core.problems import split_pointer


def get_at(data: Any, ptr: str, default: Any = None) -> Any:
    current = data
    for part in split_pointer(ptr):
        if isinstance(current, dict):
            if part not in current:
                return default
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return default
    return current


def set_at(data: dict[str, Any], ptr: str, value: Any) -> None:
    parts = split_pointer(ptr)
    if not parts:
        raise ValueError("cannot replace the whole document")
    current: Any = data
    for part, nxt in itertools.pairwise(parts):
        child_default: Any = [] if nxt.isdigit() else {}
        if isinstance(current, list):
            index = int(part)
            while len(current) <= index:
                current.append({} if not nxt.isdigit() else [])
            if not isinstance(current[index], dict | list):
                current[index] = child_default
            current = current[index]
        else:
            if not isinstance(current.get(part), dict | list):
                current[part] = child_default
            current = current[part]
    last = parts[-1]
    if isinstance(current, list):
        index = int(last)
        while len(current) <= index:
            current.append(None)
        current[index] = value
    else:
        current[last] = value
