"""The changes a clerk makes to a draft, each one named, undoable step of the draft document.

The wizard's inputs, the member list, the unit library, a packet reply and an Excel
import all change the draft through these functions and nothing else, so every change
is one entry of 编辑 › 撤销 with a name the clerk recognises (“删除成员单位“昆明铂瑞精密
合金有限公司””), and undo takes the clerk back to where it happened (``Step.focus``).
They are Qt-free: the property tests drive exactly what the wizard drives.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from yn_forms.core.document import DraftDocument, Step
from yn_forms.core.enclosures import POINTER as ENCLOSURES
from yn_forms.core.enclosures import record_label
from yn_forms.core.formdef import FormDefinition, model_of, node_at
from yn_forms.core.items import item_index, item_label, item_noun, place_label


def edit_field(document: DraftDocument, form: FormDefinition, pointer: str, value: Any, *, typing: bool = True,
               origin: Any = None) -> bool:
    """What the clerk typed or chose in one field. Keystrokes in a field make one step until it is left;
    a click on an option is a step of its own."""
    verb = "填写" if typing else "选择"
    where = place_label(form, document.data, pointer).rstrip("。")  # “（二）建设创新中心的意义。”
    return document.set(pointer, value, label=f"{verb}“{where}”",
                        typing=typing, origin=origin)


def new_item(form: FormDefinition, list_pointer: str) -> dict[str, Any]:
    """A new, empty item of the list at *list_pointer*, as a new draft starts its sections."""
    node = node_at(form.model, list_pointer)
    model = model_of(node.annotation) if node is not None else None
    return model().model_dump(mode="json") if model is not None else {}


def _items(document: DraftDocument, list_pointer: str) -> list[Any]:
    items = document.get(list_pointer)
    return items if isinstance(items, list) else []


def add_item(document: DraftDocument, form: FormDefinition, list_pointer: str, item: Any = None) -> int:
    """Append a new item (or *item*); returns its index."""
    index = len(_items(document, list_pointer))
    with document.step(f"添加{item_noun(form, list_pointer)}", focus=f"{list_pointer}/{index}"):
        document.insert(list_pointer, index, item if item is not None else new_item(form, list_pointer))
    return index


def remove_item(document: DraftDocument, form: FormDefinition, list_pointer: str, index: int) -> str:
    """Delete the item at *index*; returns the step's name (“删除成员单位“…””) for the status line."""
    label = f"删除{item_noun(form, list_pointer)}“{item_label(form, document.data, f'{list_pointer}/{index}')}”"
    with document.step(label, focus=f"{list_pointer}/{index}"):
        document.remove(list_pointer, index)
    return label


def move_item(document: DraftDocument, form: FormDefinition, list_pointer: str, index: int, to: int) -> bool:
    """Move the item at *index* to *to* (上移 / 下移); False when there is nowhere to go."""
    count = len(_items(document, list_pointer))
    if not (0 <= index < count and 0 <= to < count) or index == to:
        return False
    verb = "上移" if to < index else "下移"
    label = f"{verb}{item_noun(form, list_pointer)}“{item_label(form, document.data, f'{list_pointer}/{index}')}”"
    with document.step(label, focus=f"{list_pointer}/{to}"):
        document.move(list_pointer, index, to)
    return True


def copy_item(document: DraftDocument, form: FormDefinition, list_pointer: str, index: int) -> int:
    """Insert a copy of the item at *index* right after it; returns the copy's index."""
    item = copy.deepcopy(_items(document, list_pointer)[index])
    label = f"复制{item_noun(form, list_pointer)}“{item_label(form, document.data, f'{list_pointer}/{index}')}”"
    with document.step(label, focus=f"{list_pointer}/{index + 1}"):
        document.insert(list_pointer, index + 1, item)
    return index + 1


def paste_rows(document: DraftDocument, form: FormDefinition, list_pointer: str, first: int,
               rows: list[dict[str, Any]]) -> Step | None:
    """A block pasted into a table (rows copied from Excel, or one cell's text): the cells from row *first*
    on, rows added below where the block goes past the last one, as one step."""
    node = node_at(form.model, list_pointer)
    where = node.title if node is not None else item_noun(form, list_pointer)
    with document.step(f"粘贴到“{where}”（{len(rows)}行）", focus=f"{list_pointer}/{first}") as step:
        for offset, values in enumerate(rows):
            index = first + offset
            if index >= len(_items(document, list_pointer)):
                document.insert(list_pointer, index, new_item(form, list_pointer))
            for key, value in values.items():
                document.set(f"{list_pointer}/{index}/{key}", copy.deepcopy(value))
    return step if step.edits else None


def write_values(document: DraftDocument, label: str, focus: str, values: Iterable[tuple[str, Any]],
                 *, new_item_at: tuple[str, Any] | None = None) -> Step | None:
    """Several fields written as one step (a unit filled from the library, a reply accepted);
    *new_item_at* (list pointer, item) first appends the item the values go into."""
    with document.step(label, focus=focus) as step:
        if new_item_at is not None:
            list_pointer, item = new_item_at
            document.insert(list_pointer, len(_items(document, list_pointer)), item)
        for pointer, value in values:
            document.set(pointer, copy.deepcopy(value))
    return step if step.edits else None


def fill_from_unit(document: DraftDocument, form: FormDefinition, pointer: str, changes: Iterable[tuple[str, Any]],
                   unit_name: str, *, new_row: str | None = None) -> Step | None:
    """A unit's facts from the 单位信息库 written into the section at *pointer*; *new_row* (a table's
    list pointer) first adds the row they go into."""
    return write_values(document, f"从单位库填入“{unit_name}”", pointer, changes,
                        new_item_at=(new_row, new_item(form, new_row)) if new_row else None)


def accept_reply(document: DraftDocument, form: FormDefinition, list_pointer: str, target: str | None,
                 changes: Iterable[tuple[str, Any]], item: Any, unit_name: str) -> str:
    """A member's reply taken in: its changed fields at *target*, or the whole *item* added as a new
    one when *target* is None. Returns where the item now stands."""
    label = f"接受数据包“{unit_name}”"
    if target is None:
        index = len(_items(document, list_pointer))
        target = f"{list_pointer}/{index}"
        with document.step(label, focus=target):
            document.insert(list_pointer, index, item)
        return target
    write_values(document, label, target, changes)
    return target


def import_items(document: DraftDocument, form: FormDefinition, list_pointer: str, items: list[Any],
                 source: str, values: Iterable[tuple[str, Any]] = ()) -> int:
    """Items read from a sheet or Word files appended to the list, and *values* written into units
    listed already (the same unit sent again, ``core.changes.merge_plan``), as one step; returns
    the index of the first item appended."""
    first = len(_items(document, list_pointer))
    noun = item_noun(form, list_pointer)
    values = list(values)
    updated = len({item_index(list_pointer, pointer) for pointer, _value in values})
    count = f"{len(items)}项" if not updated else f"新增{len(items)}项，更新{updated}项"
    focus = f"{list_pointer}/{first}" if items else values[0][0] if values else list_pointer
    with document.step(f"从“{source}”导入{noun}（{count}）", focus=focus):
        for offset, item in enumerate(items):
            document.insert(list_pointer, first + offset, item)
        for pointer, value in values:
            document.set(pointer, copy.deepcopy(value))
    return first


def import_word(document: DraftDocument, form: FormDefinition, changes: Iterable[tuple[str, Any]],
                source: str) -> Step | None:
    """What filled Word attachments say, taken into the draft as one step (“从 Word 导入…”), after the clerk
    saw the differences; *source* names the files."""
    values = list(changes)
    return write_values(document, f"从 Word 导入“{source}”", values[0][0] if values else "", values)


def attach_enclosure(document: DraftDocument, form: FormDefinition, record: dict[str, Any],
                     at: int | None = None) -> int:
    """A 证明材料 record (a file put in the store, ``EnclosureStore.add``, or an item on paper,
    ``core.enclosures.paper_record``) added at *at*, by default last (its item's last file); returns
    its index. “添加证明材料“营业执照.jpg””."""
    count = len(_items(document, ENCLOSURES))
    index = count if at is None else max(0, min(at, count))
    with document.step(f"添加证明材料“{record_label(record)}”", focus=f"{ENCLOSURES}/{index}"):
        document.insert(ENCLOSURES, index, copy.deepcopy(record))
    return index


def attach_enclosures(document: DraftDocument, form: FormDefinition, records: list[dict[str, Any]]) -> list[int]:
    """Several records added last, in order, as one step (files chosen or dropped together: one 撤销 takes
    them all back); returns their indexes. “添加证明材料“营业执照.jpg”等 3 个文件”."""
    if len(records) == 1:
        return [attach_enclosure(document, form, records[0])]
    count = len(_items(document, ENCLOSURES))
    label = f"添加证明材料“{record_label(records[0])}”等 {len(records)} 个文件"
    with document.step(label, focus=f"{ENCLOSURES}/{count}"):
        for offset, record in enumerate(records):
            document.insert(ENCLOSURES, count + offset, copy.deepcopy(record))
    return list(range(count, count + len(records)))


def remove_enclosure(document: DraftDocument, form: FormDefinition, index: int) -> str:
    """The record at *index* taken out (its file stays in the store, for 撤销); returns the step's name."""
    label = f"删除证明材料“{record_label(_items(document, ENCLOSURES)[index])}”"
    with document.step(label, focus=f"{ENCLOSURES}/{index}"):
        document.remove(ENCLOSURES, index)
    return label


def move_enclosure(document: DraftDocument, form: FormDefinition, index: int, to: int) -> bool:
    """The record at *index* moved to *to* (上移 / 下移: ``core.enclosures.neighbour`` says where, within
    its item); False when there is nowhere to go."""
    items = _items(document, ENCLOSURES)
    if not (0 <= index < len(items) and 0 <= to < len(items)) or index == to:
        return False
    label = f"{'上移' if to < index else '下移'}证明材料“{record_label(items[index])}”"
    with document.step(label, focus=f"{ENCLOSURES}/{to}"):
        document.move(ENCLOSURES, index, to)
    return True
