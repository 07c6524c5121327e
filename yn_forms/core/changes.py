"""What items read from elsewhere change: field by field, and merged into a list.

A member's reply packet (``core.packets``), an Excel member sheet (``core.member_sheet``) and
filled Word attachments (``render.wordin``) all bring items the lead's draft may already hold.
Before anything is written the clerk sees every field that differs, with its official label
and as the attachment prints it (``item_changes``, ``display``), and an item named as a listed
unit is that unit sent again, not a second one (``merge_plan``). The dialog that shows the
changes is ``gui.changes``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from yn_forms.core.datapath import get_at
from yn_forms.core.fields import field_meta
from yn_forms.core.formdef import FormDefinition, is_list, model_of, node_at
from yn_forms.core.items import item_model, item_name
from yn_forms.core.kinds import kind_of
from yn_forms.core.problems import pointer as make_pointer

EMPTY_TEXT = "（空）"


class FieldChange(NamedTuple):
    """One field an item read from elsewhere changes: *path* is a pointer inside the item (from the
    data's root once the item is placed)."""

    path: str
    label: str
    old: Any
    new: Any
    old_text: str
    new_text: str


def _is_numeric(info: FieldInfo) -> bool:
    return kind_of(info).numeric


def _is_empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or (isinstance(value, str) and not value.strip())


def _norm(value: Any, numeric: bool) -> Any:
    """A value as compared: empty is empty however written, and 5000 is 5000.00 in a number field."""
    if _is_empty(value):
        return None
    if isinstance(value, dict):
        return {k: n for k, v in value.items() if (n := _norm(v, numeric)) is not None}
    if isinstance(value, list):
        return [_norm(v, numeric) for v in value]
    if numeric and isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            return Decimal(str(value).strip()).normalize()
        except InvalidOperation:
            return value
    return value


def _same(a: Any, b: Any, numeric: bool) -> bool:
    return _norm(a, numeric) == _norm(b, numeric)


def display(value: Any, info: FieldInfo | None = None) -> str:
    """A value as the clerk reads it in the diff: options joined with 、, 近三年 as years, units added."""
    meta = field_meta(info) if info is not None else {}
    kind = kind_of(info) if info is not None else None
    unit = meta.get("unit", "") if kind is None or kind.unit_shown else ""
    if _is_empty(value):
        return EMPTY_TEXT
    if kind is not None and kind.per_year and isinstance(value, list):
        parts = [f"{v.get('year')}年 {display(v.get('value'))}" for v in value if isinstance(v, dict)]
        return "；".join(parts) + (f"（{unit}）" if unit else "")
    if isinstance(value, list):
        if all(isinstance(v, dict) for v in value):  # a table: one line per row
            return "\n".join(" / ".join(display(c) for c in row.values()) for row in value)
        return "、".join(display(v) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{k}：{display(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "是" if value else "否"
    text = (kind.shown(value) if kind is not None else "") or str(value)  # a date as typed: 1954年8月1日
    return f"{text} {unit}" if unit else text


def _default(info: FieldInfo) -> Any:
    if info.default_factory is not None:
        made = info.default_factory()
        if isinstance(made, BaseModel):
            return made.model_dump(mode="json")
        if isinstance(made, list):
            return [m.model_dump(mode="json") if isinstance(m, BaseModel) else m for m in made]
        return made
    return info.default


def _changed_years(old: Any, new: Any) -> tuple[Any, Any]:
    """Of two 近三年 figures for the same years, only the years that differ: the one digit to check stands out."""
    def years(value: Any) -> list[Any] | None:
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            return [v.get("year") for v in value]
        return None

    if years(old) is None or years(old) != years(new):
        return old, new
    differ = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if not _same(a, b, True)]
    return [old[i] for i in differ], [new[i] for i in differ]


def _changes(model: type[BaseModel], old: dict[str, Any], new: dict[str, Any], base: str = "",
             context: str = "") -> Iterator[FieldChange]:
    """The changes under *base*; a key is escaped into its pointer (RFC 6901), for a reply's keys are
    the member's: “a/b” is one key, not b inside a."""
    for name, info in model.model_fields.items():
        title = info.title or name
        label = title if not context or context == title else f"{context}·{title}"
        sub = model_of(info.annotation)
        old_value, new_value = old.get(name), new.get(name, _default(info))
        if sub is not None and not is_list(info.annotation):
            yield from _changes(sub, old_value if isinstance(old_value, dict) else {},
                                new_value if isinstance(new_value, dict) else {}, base + make_pointer((name,)), title)
            continue
        if name not in new:  # an older reply without the field: keep what the lead has
            continue
        if not _same(old_value, new_value, _is_numeric(info)):
            old_shown, new_shown = _changed_years(old_value, new_value) if kind_of(info).per_year \
                else (old_value, new_value)
            yield FieldChange(base + make_pointer((name,)), label, old_value, new_value, display(old_shown, info),
                              display(new_shown, info))
    for name in new:  # keys the model does not know: kept and shown, never dropped on the way
        if name not in model.model_fields and not _same(old.get(name), new[name], False):
            yield FieldChange(base + make_pointer((name,)), f"未识别的字段“{name}”", old.get(name), new[name],
                              display(old.get(name)), display(new[name]))


def item_changes(model: type[BaseModel], old_item: Any, new_item: Any) -> list[FieldChange]:
    """Every field of the item that *new_item* changes, in printed order, with its official label."""
    return list(_changes(model, old_item if isinstance(old_item, dict) else {},
                         new_item if isinstance(new_item, dict) else {}))


class MergePlan(NamedTuple):
    """What items read from elsewhere (filled Word attachments) would do to a list."""

    changes: list[FieldChange]  # to units already listed; pointers from the data's root, labels name the unit
    fresh: list[Any]  # items no listed unit is named as: appended
    unchanged: list[str]  # names of listed units the files say nothing new about


def ticked_alike(form: FormDefinition, pointer: str, change: FieldChange) -> bool:
    """Check boxes ticked alike, in another order: the paper prints them in the options' order,
    not the order they were clicked, so a form read back from paper is no change."""
    node = node_at(form.model, pointer)
    return (node is not None and kind_of(node.info).unordered and isinstance(change.old, list)
            and isinstance(change.new, list) and sorted(map(str, change.old)) == sorted(map(str, change.new)))


def _says_nothing(form: FormDefinition, pointer: str, value: Any) -> bool:
    """A value a sheet or file leaves blank: empty text, nothing ticked, a 近三年 with its years but
    no amounts (a sheet's unfilled year columns)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    if isinstance(value, list | dict) and not value:
        return True
    node = node_at(form.model, pointer)
    if node is not None and kind_of(node.info).per_year and isinstance(value, list):
        return all(_says_nothing(form, "", row.get("value")) if isinstance(row, dict) else row is None
                   for row in value)
    return False


def merge_plan(form: FormDefinition, data: dict[str, Any], list_pointer: str, incoming: list[Any]) -> MergePlan:
    """*incoming* items against the list at *list_pointer*.

    An item named as a listed unit (its ``item_key``, spelled as the unit library compares
    names: NFKC, no spaces, any case) is that unit sent again — a member returning its
    表3 filled in — not a second unit: its fields that the file fills in and says otherwise
    are changes to it, shown before anything is written. What the file leaves empty
    never clears a field. Two listed units of one name: the first is meant.
    """
    from yn_forms.core.units.facts import name_key

    node = item_model(form, f"{list_pointer}/0")  # any index names the list's items
    listed = get_at(data, list_pointer)
    listed = listed if isinstance(listed, list) else []
    position: dict[str, int] = {}
    for i, item in enumerate(listed):
        key = name_key(str(item_name(form, list_pointer, item) or ""))
        if key:
            position.setdefault(key, i)
    plan = MergePlan([], [], [])
    for item in incoming:
        name = str(item_name(form, list_pointer, item) or "")
        at = position.get(name_key(name)) if name_key(name) else None
        if at is None:
            plan.fresh.append(item)
            continue
        where = f"{list_pointer}/{at}"
        said = [c for c in item_changes(node, listed[at], item)
                if not _says_nothing(form, where + c.path, c.new) and not ticked_alike(form, where + c.path, c)]
        plan.changes.extend(c._replace(path=where + c.path, label=f"{name}·{c.label}") for c in said)
        if not said:
            plan.unchanged.append(name)
    return plan
