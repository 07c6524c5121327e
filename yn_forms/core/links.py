"""Facts the attachments print in several places, typed once.

The 创新中心 prints its lead unit on the 封面, in 表1 and in 表2; a clerk used to type it
three times, and a copy left empty made validation say 请填写 and the paper print a blank.
A form now declares such places as one fact (``field(same_as=…)``, ``field(names_of=…)``)
and this module decides, for any draft, what each place holds:

- a place left empty takes the value of the first filled place of its fact, in printed
  order — in validation, in the documents and in the wizard (shown as following it);
- a place typed differently keeps what was typed, and the form's consistency rules speak;
- a list of names declared ``names_of`` a list of sections (表1's 参与单位 and the 表3
  members) repeats the names of those items while it is left empty.

The raw draft is never changed: ``resolve`` returns the effective data beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from yn_forms.core.datapath import get_at
from yn_forms.core.formdef import FormDefinition, model_of, node_at, pattern_of, walk_fields
from yn_forms.core.items import item_key_of
from yn_forms.core.problems import Problem, list_index, split_pointer
from yn_forms.core.problems import pointer as make_pointer


@dataclass(frozen=True)
class Fact:
    """One fact and every place it is printed, in printed order (concrete pointers)."""

    places: tuple[str, ...]


@dataclass(frozen=True)
class NamesList:
    """A list of text that repeats the names of a list of sections while left empty."""

    pointer: str  # the list of text (表1 参与单位)
    source: str  # the list of sections (表3 成员单位)
    key: str  # the field of an item that holds its name


@dataclass
class Links:
    facts: list[Fact] = field(default_factory=list)
    names: list[NamesList] = field(default_factory=list)
    #: model path of a field -> the list of sections whose names it offers (``choices_from``)
    choices: dict[tuple[str, ...], str] = field(default_factory=dict)
    _by_place: dict[str, Fact] = field(default_factory=dict)

    def fact_of(self, pointer: str) -> Fact | None:
        return self._by_place.get(pointer)

    def names_list(self, pointer: str) -> NamesList | None:
        return next((n for n in self.names if n.pointer == pointer), None)

    def dependents(self, pointer: str) -> set[str]:
        """The places whose effective value a write at *pointer* can change (besides itself)."""
        out: set[str] = set()
        for fact in self.facts:
            if any(_related(pointer, place) for place in fact.places):
                out.update(fact.places)
        for names in self.names:
            if _related(pointer, names.pointer) or _names_changed(pointer, names):
                out.add(names.pointer)
        return out

    @property
    def empty(self) -> bool:
        return not self.facts and not self.names


def _related(changed: str, place: str) -> bool:
    return changed == place or place.startswith(changed + "/") or changed.startswith(place + "/") or not changed


def _names_changed(pointer: str, names: NamesList) -> bool:
    """Whether a write at *pointer* can change the names of *names*'s source list: the list, an item,
    or an item's name (a member's 电话 typed does not change 表1's list of names)."""
    if not pointer.startswith(names.source + "/"):
        return _related(pointer, names.source)
    rest = split_pointer(pointer[len(names.source):])
    return len(rest) < 2 or rest[1] == names.key


_CACHE: dict[type[BaseModel], Links] = {}


def links_of(form: FormDefinition) -> Links:
    """The form's links, read once from its declaration."""
    found = _CACHE.get(form.model)
    if found is None:
        found = _CACHE[form.model] = _read_links(form.model)
    return found


def _read_links(model: type[BaseModel]) -> Links:
    links = Links()
    order = {node.path: i for i, node in enumerate(walk_fields(model))}
    groups: list[set[str]] = []
    for node in walk_fields(model):
        meta = node.meta
        pointer = make_pointer(node.path)
        if meta.get("same_as"):
            pair = {pointer, meta["same_as"]}
            joined = [g for g in groups if g & pair]
            for g in joined:
                groups.remove(g)
                pair |= g
            groups.append(pair)
        if meta.get("names_of"):
            source = meta["names_of"]
            links.names.append(NamesList(pointer, source, item_key_of(model, source)))
        if meta.get("choices_from") or meta.get("completes_from"):
            links.choices[node.path] = meta.get("choices_from") or meta["completes_from"]
    for group in groups:
        places = tuple(sorted(group, key=lambda p: order.get(pattern_of(p), len(order))))
        fact = Fact(places)
        links.facts.append(fact)
        for place in places:
            links._by_place[place] = fact
    return links


def is_empty(value: Any) -> bool:
    """Nothing typed: what a place that follows its fact holds."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(isinstance(v, str) and not v.strip() for v in value)
    return False


def _place_exists(data: Any, pointer: str) -> bool:
    """Whether the place is part of this draft: a place inside a list item exists only with the item
    (“六”'s first unit before any unit is added does not); a missing section is there by default."""
    current = data
    for part in split_pointer(pointer)[:-1]:
        if isinstance(current, dict):
            current = current.get(part, {})
        elif isinstance(current, list) and (index := list_index(part)) is not None and index < len(current):
            current = current[index]
        else:
            return False
    return isinstance(current, dict)


def names_in(data: Any, names: NamesList) -> list[str]:
    items = get_at(data, names.source)
    if not isinstance(items, list):
        return []
    out = []
    for item in items:
        value = item.get(names.key) if isinstance(item, dict) else None
        if isinstance(value, str) and value.strip():
            out.append(value.strip())
    return out


@dataclass(frozen=True)
class Following:
    """An empty place showing its fact's value: what it shows and where that was typed."""

    value: Any
    source: str


def following(form: FormDefinition, data: Any, pointer: str) -> Following | None:
    """What the empty place at *pointer* takes from its fact, or None (typed, or nothing to take)."""
    links = links_of(form)
    if not is_empty(get_at(data, pointer)):
        return None
    fact = links.fact_of(pointer)
    if fact is not None:
        for place in fact.places:
            value = get_at(data, place)
            if place != pointer and _place_exists(data, place) and not is_empty(value):
                return Following(value, place)
        return None
    names = links.names_list(pointer)
    if names is not None and _place_exists(data, pointer):
        found = names_in(data, names)
        return Following(found, names.source) if found else None
    return None


@dataclass
class Resolution:
    """The effective data, and which places in it follow which (place -> where its value was typed)."""

    data: Any
    follows: dict[str, str]
    #: places of a fact nobody has filled yet, except the first: one 请填写 per fact, not one per place
    silent: set[str]


def resolve(form: FormDefinition, data: Any) -> Resolution:
    """*data* with every empty place holding its fact's value; *data* itself is left as it is."""
    links = links_of(form)
    if links.empty or not isinstance(data, dict):
        return Resolution(data, {}, set())
    writes: dict[str, Any] = {}
    follows: dict[str, str] = {}
    silent: set[str] = set()
    for fact in links.facts:
        present = [p for p in fact.places if _place_exists(data, p)]
        filled = [p for p in present if not is_empty(get_at(data, p))]
        if not filled:
            silent.update(present[1:])
            continue
        for place in present:
            if place not in filled:
                writes[place] = get_at(data, filled[0])
                follows[place] = filled[0]
    for names in links.names:
        if _place_exists(data, names.pointer) and is_empty(get_at(data, names.pointer)):
            found = names_in(data, names)
            if found:
                writes[names.pointer] = found
                follows[names.pointer] = names.source
    if not writes:
        return Resolution(data, {}, silent)
    return Resolution(_with_writes(data, writes), follows, silent)


def _with_writes(data: dict[str, Any], writes: dict[str, Any]) -> dict[str, Any]:
    """A copy of *data* sharing everything but the containers on the written paths."""
    root = dict(data)
    copied = {id(root)}
    for pointer, value in writes.items():
        parts = split_pointer(pointer)
        current: Any = root
        for part in parts[:-1]:
            key: Any = int(part) if isinstance(current, list) else part
            child = current[key] if isinstance(current, list) else current.get(part)
            if not isinstance(child, dict | list):
                child = {}
            if id(child) not in copied:
                child = list(child) if isinstance(child, list) else dict(child)
                copied.add(id(child))
            current[key] = child
            current = child
        last = parts[-1]
        if isinstance(current, list):
            current[int(last)] = value
        else:
            current[last] = value
    return root


def settle(problems: list[Problem], resolution: Resolution) -> list[Problem]:
    """The problems as the clerk should hear them: a place following its fact has the field problems
    of the place it follows (reported there, once), and an unfilled fact says 请填写 at its first place.
    The rules' problems stay wherever they are reported."""
    if not resolution.follows and not resolution.silent:
        return problems
    follows, silent = resolution.follows, resolution.silent

    def followed(path: str) -> bool:
        return path in follows or any(path.startswith(place + "/") for place in follows)

    return [p for p in problems
            if not (p.rule.startswith("field.") and followed(p.path))
            and not (p.is_blank and p.path in silent)]


def section_name(form: FormDefinition, pointer: str) -> str:
    """Where a place is, as short as the printed form calls it: 封面, 表1, “六”第1项, 表3."""
    parts = split_pointer(pointer)
    if not parts or parts[0] not in form.model.model_fields:
        return ""
    title = form.model.model_fields[parts[0]].title or parts[0]
    number = re.match(r"^(\d+)、", title)
    chinese = re.match(r"^([一二三四五六七八九十]+)、", title)
    name = f"表{number.group(1)}" if number else f"“{chinese.group(1)}”" if chinese else title
    if len(parts) > 1 and (index := list_index(parts[1])) is not None:
        name += f"第{index + 1}项"
    return name


def choice_names(form: FormDefinition, data: Any, source: str) -> list[str]:
    """The names of the items of the list at *source* — or, for a list of text, its lines — in order, each
    once."""
    node = node_at(form.model, source)
    if node is not None and model_of(node.annotation) is None:
        lines = get_at(data, source)
        found = [v.strip() for v in lines if isinstance(v, str) and v.strip()] if isinstance(lines, list) else []
    else:
        found = names_in(data, NamesList("", source, item_key_of(form.model, source)))
    seen: list[str] = []
    for name in found:
        if name not in seen:
            seen.append(name)
    return seen
