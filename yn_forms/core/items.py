"""The lists of section items a form declares, how their items name themselves, and how a place
in a draft is named to the clerk.

A list of sections declares ``item_key`` (the field that holds an item's name) and
``item_noun`` (what one item is called). The member list, the undo menu
(“撤销 删除成员单位“昆明铂瑞精密合金有限公司””), packets and messages all name an item
through these, never by guessing a field called ``name`` or the first text field.

The lists declared ``kind="group"`` (the member units) are the ones a packet, an Excel sheet or
Word files fill one item at a time; ``group_lists`` finds them from the form definition, so no
form names its own. A pointer that addresses none of them is an ``ItemLookupError``: each caller
words the refusal its own way (a packet, a sheet).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from yn_forms.core.datapath import get_at
from yn_forms.core.formdef import FieldNode, FormDefinition, is_list, model_of, node_at, walk_fields
from yn_forms.core.kinds import kind_of
from yn_forms.core.problems import list_index, split_pointer
from yn_forms.core.problems import pointer as make_pointer


class ItemLookupError(LookupError):
    """A pointer that addresses no list of section items of the form, or no item of one."""


def group_lists(form: FormDefinition) -> list[FieldNode]:
    """Every list of section items of kind ``group`` (the member units), top level or nested."""
    return [node for node in walk_fields(form.model)
            if is_list(node.annotation) and model_of(node.annotation) is not None
            and kind_of(node.info).members]


def _matches(parts: list[str], pattern: tuple[str, ...]) -> bool:
    """Whether pointer *parts* fit a model path where ``*`` stands for a list index."""
    return len(parts) == len(pattern) and all(
        list_index(p) is not None if want == "*" else p == want for p, want in zip(parts, pattern, strict=True))


def list_node(form: FormDefinition, list_pointer: str) -> FieldNode:
    """The group list that *list_pointer* (``/members``) addresses."""
    parts = split_pointer(list_pointer)
    for node in group_lists(form):
        if _matches(parts, node.path):
            return node
    raise ItemLookupError(f"{list_pointer!r} is no list of section items of form {form.id!r}")


def item_node(form: FormDefinition, pointer: str) -> FieldNode:
    """The group list that the item at *pointer* (``/members/2``) belongs to."""
    parts = split_pointer(pointer)
    for node in group_lists(form):
        if _matches(parts, (*node.path, "*")):
            return node
    raise ItemLookupError(f"{pointer!r} is no item of a list of section items of form {form.id!r}")


def item_model(form: FormDefinition, pointer: str) -> type[BaseModel]:
    """The model of the item at *pointer* (``/members/2``)."""
    model = model_of(item_node(form, pointer).annotation)
    assert model is not None  # group_lists only yields lists of models
    return model


def split_item(pointer: str) -> tuple[str, int]:
    """The list and the index of an item's pointer: ``/members/2`` is ``("/members", 2)``."""
    parts = split_pointer(pointer)
    number = list_index(parts[-1]) if parts else None
    if number is None:
        raise ItemLookupError(f"{pointer!r} does not end in a list index")
    return make_pointer(parts[:-1]), number


def item_key_of(model: type[BaseModel], list_pointer: str) -> str:
    """The field that names an item of the list at *list_pointer* (declared ``item_key``)."""
    node = node_at(model, list_pointer)
    key = node.meta.get("item_key") if node is not None else None
    if not key:
        raise KeyError(f"{list_pointer} declares no item_key")
    return key


def item_noun(form: FormDefinition, list_pointer: str) -> str:
    node = node_at(form.model, list_pointer)
    return (node.meta.get("item_noun") if node is not None else None) or "项"


def item_name(form: FormDefinition, list_pointer: str, item: Any) -> str:
    """The name an item bears (its ``item_key`` field), stripped; "" when it has none yet."""
    value = item.get(item_key_of(form.model, list_pointer)) if isinstance(item, dict) else None
    return value.strip() if isinstance(value, str) else ""


def item_index(list_pointer: str, pointer: str) -> int | None:
    """The index of the item of the list at *list_pointer* that *pointer* is or lies inside
    (``/members/2/name`` in ``/members``: 2); None for a pointer elsewhere."""
    parts, inside = split_pointer(list_pointer), split_pointer(pointer)
    if len(inside) <= len(parts) or inside[:len(parts)] != parts:
        return None
    return list_index(inside[len(parts)])


def item_name_at(form: FormDefinition, pointer: str, item: Any) -> str:
    """The name *item* bears as the item at *pointer* (``/members/2``): ``item_name`` of its list."""
    return item_name(form, split_item(pointer)[0], item)


def item_title(form: FormDefinition, pointer: str, item: Any) -> str:
    """“3、成员单位基本信息表 — 云南澜沧理工学院”: the item's table and its name (“第3项” before it has one)."""
    name = item_name_at(form, pointer, item)
    return f"{item_node(form, pointer).title} — {name or f'第{split_item(pointer)[1] + 1}项'}"


def item_label(form: FormDefinition, data: Any, item_pointer: str) -> str:
    """An item as the clerk knows it: its name, or “第3项” before it has one."""
    list_pointer, index = split_item(item_pointer)
    return item_name(form, list_pointer, get_at(data, item_pointer)) or f"第{index + 1}项"


def place_label(form: FormDefinition, data: Any, pointer: str) -> str:
    """A field named as the form prints it, with the item it belongs to: “手机（昆明铂瑞精密合金有限公司）”."""
    node = node_at(form.model, pointer)
    if node is None:
        return pointer
    title = node.title
    parts = split_pointer(pointer)
    owners = []
    for depth, part in enumerate(parts[:-1]):
        if list_index(part) is not None:
            list_pointer = make_pointer(parts[:depth])
            owner = node_at(form.model, list_pointer)
            if owner is not None and owner.meta.get("item_key"):
                owners.append(item_label(form, data, f"{list_pointer}/{part}"))
    return f"{title}（{'·'.join(owners)}）" if owners else title
