"""How the items of a list name themselves, and how a place in a draft is named to the clerk.

A list of sections declares ``item_key`` (the field that holds an item's name) and
``item_noun`` (what one item is called). The member list, the undo menu
(“撤销 删除成员单位“昆明铂瑞精密合金有限公司””), packets and messages all name an item
through these, never by guessing a field called ``name`` or the first text field.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from yn_forms.core.datapath import get_at
from yn_forms.core.formdef import FormDefinition, node_at
from yn_forms.core.problems import list_index, split_pointer


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


def item_label(form: FormDefinition, data: Any, item_pointer: str) -> str:
    """An item as the clerk knows it: its name, or “第3项” before it has one."""
    list_pointer, _, index = item_pointer.rpartition("/")
    return item_name(form, list_pointer, get_at(data, item_pointer)) or f"第{int(index) + 1}项"


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
            list_pointer = "/" + "/".join(parts[:depth])
            owner = node_at(form.model, list_pointer)
            if owner is not None and owner.meta.get("item_key"):
                owners.append(item_label(form, data, f"{list_pointer}/{part}"))
    return f"{title}（{'·'.join(owners)}）" if owners else title
