"""Which of the clerk's drafts name a unit: shown on the units page before a unit is changed or deleted."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yn_forms.core.units.facts import Record, code_key, name_key


@dataclass(frozen=True)
class DraftUse:
    """A draft that names the unit, and where: the units page lists it and opens it on a click."""

    path: Path
    form_id: str | None
    places: tuple[str, ...]  # JSON Pointers where the unit's name or code is written


def _strings(value: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """(JSON Pointer, text) of every string in a draft's data, however deep."""
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, pointer + "/" + str(key).replace("~", "~0").replace("/", "~1"))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{pointer}/{i}")


def drafts_using(record: Record, paths: Iterable[Path]) -> list[DraftUse]:
    """The drafts among *paths* that name the unit (its code, or its exact name) anywhere.

    The library does not keep a list of its own: the drafts are the clerk's files, moved
    and copied outside the app; the GUI passes the recent drafts it knows of. An
    unreadable file is passed over.
    """
    from yn_forms.core.draft import DraftError, read_input

    code, name = code_key(record.get("credit_code", "")), name_key(record.get("name", ""))
    found: list[DraftUse] = []
    for path in paths:
        try:
            loaded = read_input(Path(path))
        except DraftError:
            continue
        places = tuple(p for p, s in _strings(loaded.data)
                       if (code and code_key(s) == code) or (name and name_key(s) == name))
        if places:
            found.append(DraftUse(Path(path), loaded.form_id, places))
    return found
