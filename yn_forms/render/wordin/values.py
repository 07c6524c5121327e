"""What was read, turned back into a draft's data: the values a clerk would have typed.

Amounts lose the 万元 printed after them, counts their 人/家/项, dates and months go back to
the form the draft keeps (``core.dates``), ticks become the chosen options. Anything that
does not read as its type is kept exactly as written, so validation flags it as it would a
typed value; nothing is dropped and nothing is made up: a place not found stays empty.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from yn_forms.core.datapath import KeyPath, get_in, set_in
from yn_forms.core.fields import field_options
from yn_forms.core.formdef import FieldNode, FormDefinition, is_list, model_of, node_at
from yn_forms.core.kinds import kind_of
from yn_forms.core.links import is_empty, links_of, names_in
from yn_forms.core.operations import new_item
from yn_forms.core.problems import pointer, pointer_parts
from yn_forms.render.wordin.reader import Reading


def convert(node: FieldNode | None, text: str, item: bool = False) -> Any:
    """*text* as the draft keeps the field at *node* (its kind reads it); what does not read as its kind, as written."""
    if node is None or item:
        return text
    return kind_of(node.info).parse(text)


def _set(form: FormDefinition, data: dict[str, Any], path: KeyPath, value: Any) -> None:
    """Write *value* at *path*, list items on the way made as a new draft makes them."""
    set_in(data, path, value, fill=lambda list_path: _new_item(form, list_path))


@lru_cache(maxsize=4096)
def _field(model: type[BaseModel], pattern: tuple[Any, ...]) -> FieldNode | None:
    return node_at(model, "".join(f"/{p}" for p in pattern))


def field_at(form: FormDefinition, path: KeyPath) -> FieldNode | None:
    """The field at a concrete *path* (worked out once per field, whatever the index)."""
    return _field(form.model, tuple(0 if isinstance(p, int) else p for p in path))


def _new_item(form: FormDefinition, list_path: KeyPath) -> Any:
    """An item of the list at *list_path* as a new draft makes it: a section's fields, a year, a line."""
    node = field_at(form, list_path)
    return new_item(form, pointer(list_path)) if node is not None and model_of(node.annotation) is not None else ""


def _node(form: FormDefinition, path: KeyPath) -> tuple[FieldNode | None, bool]:
    """The field at *path*, and whether *path* is one line of a list of text."""
    node = field_at(form, path)
    if node is not None and isinstance(path[-1], int) and model_of(node.annotation) is None:
        return node, True
    return node, False


def assemble(form: FormDefinition, readings: list[Reading]) -> tuple[dict[str, Any], list[KeyPath]]:
    """The draft data of what *readings* say, and the places none of them could read."""
    data = form.model().model_dump(mode="json")
    values: dict[KeyPath, str] = {}
    ticks: dict[KeyPath, dict[str, bool]] = {}
    for reading in readings:
        for path, text in reading.values.items():
            if path not in values or (text.strip() and not values[path].strip()):
                values[path] = text
        for path, options in reading.ticks.items():
            merged = ticks.setdefault(path, {})
            for option, ticked in options.items():
                merged[option] = merged.get(option, False) or ticked
    lists: set[KeyPath] = set()
    for path, text in sorted(values.items(), key=lambda kv: tuple(str(p) for p in kv[0])):
        node, item = _node(form, path)
        if node is None:
            continue
        if item:
            lists.add(path[:-1])
        _set(form, data, path, convert(node, text, item))
    for path, options in ticks.items():
        node = field_at(form, path)
        if node is None:
            continue
        chosen = [o for o in field_options(node.info) if options.get(o)]
        if is_list(node.annotation):
            _set(form, data, path, chosen)
        elif len(chosen) == 1:
            _set(form, data, path, chosen[0])
    for reading in readings:
        for targets, text in reading.chosen:
            for cond, path in targets:
                if cond is None or _holds(data, cond.path, cond.value) == cond.equal:
                    if path not in values or not values[path].strip():
                        node, item = _node(form, path)
                        _set(form, data, path, convert(node, text, item))
                        values[path] = text
                    break
        for path, source in reading.fallbacks.items():
            if path not in values:
                _set(form, data, path, get_in(data, source))
    for path in lists:  # a list of text keeps the lines written, not the blank rows of the form
        found = get_in(data, path)
        if isinstance(found, list):
            _set(form, data, path, [line for line in found if isinstance(line, str) and line.strip()])
    missed = [p for r in readings for p in r.missed if p not in values and p not in ticks]
    _typed_once(form, data)
    return data, list(dict.fromkeys(missed))


def _holds(data: Any, path: KeyPath, value: str) -> bool:
    return get_in(data, path) == value


def _path(ptr: str) -> KeyPath:
    return pointer_parts(ptr)


def _typed_once(form: FormDefinition, data: dict[str, Any]) -> None:
    """A fact printed in several places is kept once: the copies that only repeat it are left empty to follow it,
    as a clerk typing the draft would have left them (``core.links``)."""
    links = links_of(form)
    for fact in links.facts:
        places = [(path, get_in(data, path)) for path in map(_path, fact.places)]
        source = next((v for _, v in places if not is_empty(v)), None)
        kept = False
        for path, value in places:
            if source is None or value != source:
                continue
            if kept:
                _set(form, data, path, "" if isinstance(value, str) else None)
            kept = True
    for names in links.names:
        current = get_in(data, _path(names.pointer))
        if isinstance(current, list) and current and current == names_in(data, names):
            _set(form, data, _path(names.pointer), [])


def says_anything(reading: Reading, blank: dict[str, Any]) -> bool:
    """Whether *reading* holds something a new draft does not (a printed 20  年 or 国籍 中国 is not)."""
    for path, text in reading.values.items():
        if text.strip() and str(get_in(blank, path)) != text.strip():
            return True
    return any(any(options.values()) for options in reading.ticks.values()) or any(
        text.strip() for _, text in reading.chosen)
