"""成员单位数据包 (``.ynpack``): one member unit's table, sent out by the lead unit and returned filled in.

A lead unit collects the 成员单位基本信息表 of 3–20 units. Retyping them from
e-mails and printouts is where names drift and digits go missing, so the lead
sends each unit a *request* packet holding just that unit's item; the unit opens
it in this app, fills it with the same inputs and checks as the lead has, and
saves a *reply* packet; the lead imports the reply, sees field by field what
changed and accepts it into the application.

A packet is UTF-8 JSON::

    {"format": "yn-forms/packet", "form": ID, "schema_version": N, "kind": "request"|"reply",
     "pointer": "/members/2", "item_path": ["members", "*"], "title": "3、成员单位基本信息表 — …",
     "sender": …, "lead": …, "key": …, "waived": [[rule, path], …], "created_at": ISO-8601,
     "data": {...}, "sha256": …}

``sha256`` is taken over a canonical JSON of everything else, so a packet damaged
in an e-mail client, cut short, or edited by hand without the app is refused rather
than imported with a silently wrong digit. It is unkeyed — anyone can edit a packet
and compute it again — so it detects accident, not forgery: what protects the lead's
draft is that a reply changes nothing until the lead has seen every changed field
(``reply_changes``, through ``core.changes``) and accepted, and that its data is validated
like anything typed.

Which lists can be sent is read from the form definition: every list of section
items declared ``kind="group"`` (``core.items.group_lists``) — no form names its own
packets. The member's side checks the item in a minimal document (the rest of the
application is not in the packet: the other units' figures are not theirs to see).
The few rule problems that only arise because the rest is missing — e.g. “not among
the units listed in 表1” — are computed by the lead when sending and listed in
``waived``; the lead's own validation still runs them after the import.

The member list can also be taken from an Excel sheet (``core.member_sheet``).
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from yn_forms.core.changes import FieldChange, item_changes
from yn_forms.core.datapath import get_at, set_at
from yn_forms.core.draft import DraftError, atomic_write, migrate
from yn_forms.core.formdef import FieldNode, FormDefinition, node_at
from yn_forms.core.inputfile import (
    EMPTY,
    ENCODING,
    MISSING,
    SYNTAX,
    TOO_LARGE,
    UNREADABLE,
    InputFileError,
    decode,
    parse,
    read_regular,
)
from yn_forms.core.items import ItemLookupError, item_model, item_name_at, item_node, item_title, split_item
from yn_forms.core.links import resolve
from yn_forms.core.problems import Problem
from yn_forms.core.problems import pointer as make_pointer
from yn_forms.core.validation import validate

PACKET_FORMAT = "yn-forms/packet"
PACKET_KINDS = ("request", "reply")
#: no member list comes near this; a bigger index in a packet is damage, not a unit (and would cost memory)
MAX_ITEMS = 1000

# A packet holds one unit's table. The example's 成员单位 is 1.3 KB as a packet and has 45 keys and lists
# of at most 3 entries (近三年); one with ~5,000 characters in each of its long text fields is ~40 KB.
# The caps below stand far above that (a hundred times the size and the keys, hundreds of
# times the longest list), so no real reply meets them, while a damaged or crafted one — 100,000
# extra keys, a 近三年 of 300,000 entries — is refused by name before it is compared or shown: such
# replies froze the wizard for 20–30 s building their dialog, and nothing in them is a unit's data.
MAX_PACKET_BYTES = 4 * 1024 * 1024
MAX_PACKET_KEYS = 5_000  # every key of the unit's data, at every level
MAX_PACKET_LIST = 1_000  # entries of any one list in it
UNCHANGED = "草稿未作任何改动。"


class PacketError(Exception):
    """A packet that cannot be used as it is; the message says why, in Chinese, and nothing was changed."""


class ItemGone(PacketError):
    """The reply is for an item the lead's draft no longer has: it can still be added as a new one."""


def _sent_item(form: FormDefinition, pointer: str) -> FieldNode:
    """The group list the packet's item belongs to (``core.items.item_node``), refused in the packet's words."""
    try:
        return item_node(form, pointer)
    except ItemLookupError:
        raise PacketError(f"数据包指向的位置“{pointer}”不是本表单中可发送的成员单位") from None


def lead_name(form: FormDefinition, data: dict[str, Any]) -> str:
    """The lead unit's name, from the field the form declares as naming it (typed there or on a
    place that repeats it: ``core.links``)."""
    if form.lead_unit is None:
        return ""
    value = get_at(resolve(form, data).data, form.lead_unit)
    return value.strip() if isinstance(value, str) else ""


# --- checks on the member's side ------------------------------------------------------------


def item_problems(form: FormDefinition, pointer: str, item: Any,
                  waived: tuple[tuple[str, str], ...] | list[tuple[str, str]] = ()) -> list[Problem]:
    """The problems of one item, checked with the form's own validation in a minimal document.

    The item stands at its own index (a rule about the 1st unit still applies to the
    1st) with empty items before it, whose problems are not reported; *waived*
    (rule, path inside the item) pairs are the ones that only arise because the
    rest of the application is missing.
    """
    document = form.model().model_dump(mode="json")
    list_pointer, index = split_item(pointer)
    set_at(document, list_pointer, [{} for _ in range(index)] + [copy.deepcopy(item)])
    skip = {(rule, path) for rule, path in waived}
    return [p for p in validate(form, document)
            if _under(p.path, pointer) and (p.rule, p.path[len(pointer):]) not in skip]


def waived_rules(form: FormDefinition, data: dict[str, Any], pointer: str) -> list[tuple[str, str]]:
    """Rule problems the item shows alone but not inside the lead's application (they need the rest)."""
    item = get_at(data, pointer)
    in_place = {(p.rule, p.path[len(pointer):]) for p in validate(form, data) if _under(p.path, pointer)}
    alone = {(p.rule, p.path[len(pointer):]) for p in item_problems(form, pointer, item)
             if not p.rule.startswith("field.")}
    return sorted(alone - in_place)


def _under(path: str, pointer: str) -> bool:
    return path == pointer or path.startswith(pointer + "/")


# --- packets --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Packet:
    """A packet read and checked: its checksum held, it is this form's, its data is this version's."""

    form: FormDefinition
    kind: str
    pointer: str  # where the item stood in the lead's draft when the request was made
    item_path: tuple[str, ...]
    title: str
    sender: str
    lead: str  # the lead unit that asked
    key: str  # the item's name when the request was made: finds it again if the list was reordered
    waived: tuple[tuple[str, str], ...]
    created_at: str
    data: dict[str, Any]
    checksum: str
    migrated_from: int | None = None
    path: Path | None = None

    @property
    def model(self) -> type[BaseModel]:
        return item_model(self.form, self.pointer)

    @property
    def list_pointer(self) -> str:
        return split_item(self.pointer)[0]


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def make_request(form: FormDefinition, data: dict[str, Any], pointer: str, sender: str) -> dict[str, Any]:
    """A request packet asking the unit at *pointer* for its own table, prefilled with what the lead has."""
    node = _sent_item(form, pointer)
    item = get_at(data, pointer)
    if not isinstance(item, dict):
        raise PacketError(f"草稿中没有第{split_item(pointer)[1] + 1}项，无法生成数据包")
    packet = {
        "format": PACKET_FORMAT,
        "form": form.id,
        "schema_version": form.schema_version,
        "kind": "request",
        "pointer": pointer,
        "item_path": [*node.path, "*"],
        "title": item_title(form, pointer, item),
        "sender": sender,
        "lead": sender,
        "key": item_name_at(form, pointer, item),
        "waived": [list(pair) for pair in waived_rules(form, data, pointer)],
        "created_at": _now(),
        "data": copy.deepcopy(item),
    }
    return with_checksum(packet)


def make_reply(packet: Packet, item: dict[str, Any]) -> dict[str, Any]:
    """The member's answer to *packet* (a request, or its own reply saved earlier and reopened)."""
    reply = {
        "format": PACKET_FORMAT,
        "form": packet.form.id,
        "schema_version": packet.form.schema_version,
        "kind": "reply",
        "pointer": packet.pointer,
        "item_path": list(packet.item_path),
        "title": item_title(packet.form, packet.pointer, item),
        "sender": item_name_at(packet.form, packet.pointer, item) or packet.key,
        "lead": packet.lead,
        "key": packet.key,
        "waived": [list(pair) for pair in packet.waived],
        "created_at": _now(),
        "data": copy.deepcopy(item),
    }
    return with_checksum(reply)


def checksum(packet: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of everything but the checksum (ASCII, sorted keys, no spaces)."""
    body = {k: v for k, v in packet.items() if k != "sha256"}
    canonical = json.dumps(body, ensure_ascii=True, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def with_checksum(packet: dict[str, Any]) -> dict[str, Any]:
    """*packet* with its ``sha256`` worked out afresh (a stale one dropped)."""
    return {**{k: v for k, v in packet.items() if k != "sha256"}, "sha256": checksum(packet)}


def write_packet(path: Path, packet: dict[str, Any]) -> None:
    """Write *packet* (checksum renewed) so that the file is the old one or the new one, never half."""
    checked = with_checksum(packet)
    try:
        content = json.dumps(checked, ensure_ascii=False, indent=2).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate pasted from a broken file: \u escapes keep it exactly
        content = json.dumps(checked, ensure_ascii=True, indent=2).encode("ascii")
    atomic_write(Path(path), content)


def _packet_message(exc: InputFileError, path: Path) -> str:
    """A refusal in the packet's words: what the clerk asks the member unit to do about it."""
    name = Path(path).name
    if exc.kind == MISSING:
        return f"找不到数据包：{path}"
    if exc.kind == UNREADABLE:
        return f"无法读取数据包 {path}：{exc.reason}"
    if exc.kind == ENCODING:
        return f"“{name}”不是本程序生成的数据包（不是 UTF-8 编码的 JSON），不能导入"
    if exc.kind in (EMPTY, SYNTAX):
        return f"数据包“{name}”已损坏或不完整（可能在传送中被截断），不能导入。请对方重新发送"
    if exc.kind == TOO_LARGE:
        return f"数据包“{name}”{exc.reason.removeprefix('文件')}，不能导入。{UNCHANGED}"
    return f"数据包“{name}”不能导入：{exc.reason}"


def _load(path: Path) -> dict[str, Any]:
    """The JSON object of a packet file whose checksum holds."""
    name = Path(path).name
    try:
        obj = parse(decode(read_regular(Path(path), MAX_PACKET_BYTES, cap="一家单位填写的数据包不会超过")))
    except InputFileError as exc:
        raise PacketError(_packet_message(exc, path)) from None
    if not isinstance(obj, dict) or obj.get("format") != PACKET_FORMAT:
        raise PacketError(f"“{name}”不是成员单位数据包，不能导入")
    stated = obj.get("sha256")
    if not isinstance(stated, str) or not stated:
        raise PacketError(f"数据包“{name}”缺少校验码，可能不是本程序生成的，不能导入")
    if checksum(obj) != stated.lower():  # NaN and Infinity were refused by read_json
        raise PacketError(f"数据包“{name}”校验不通过：内容在生成后被改动或已损坏，不能导入。"
                          "请对方用本程序重新保存后再发送")
    return obj


def packet_form_id(path: Path) -> str:
    """Which form a packet belongs to, so the app can open it without being told."""
    form_id = _load(path).get("form")
    if not isinstance(form_id, str) or not form_id:
        raise PacketError(f"数据包“{Path(path).name}”缺少表单标识，不能导入")
    return form_id


def _check_bounds(form: FormDefinition, pointer: str, data: dict[str, Any], name: str) -> None:
    """Refuse a unit's data beyond ``MAX_PACKET_KEYS`` keys or with a list beyond ``MAX_PACKET_LIST``
    entries, saying which limit and, for a list, which field (iterative: the data is at most
    ``core.inputfile.MAX_DEPTH`` deep but may be wide)."""
    keys = 0
    stack: list[tuple[Any, str]] = [(data, pointer)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            keys += len(value)
            stack.extend((child, where + make_pointer((key,))) for key, child in value.items()
                         if isinstance(child, dict | list))
        elif len(value) > MAX_PACKET_LIST:
            raise PacketError(f"数据包“{name}”中“{_field_title(form, where)}”一栏有 {len(value):,} 项，"
                              f"一家单位的表中任何一栏都不会超过 {MAX_PACKET_LIST:,} 项，不能导入。{UNCHANGED}")
        else:
            stack.extend((child, f"{where}/{i}") for i, child in enumerate(value) if isinstance(child, dict | list))
    if keys > MAX_PACKET_KEYS:
        raise PacketError(f"数据包“{name}”中的字段太多（{keys:,} 个），一家单位的表不会超过 {MAX_PACKET_KEYS:,} 个"
                          f"字段，不能导入。{UNCHANGED}")


def _field_title(form: FormDefinition, where: str) -> str:
    """The official label of the field at *where*, or its key when the form has no such field."""
    node = node_at(form.model, where)
    return (node.info.title if node is not None and node.info.title else None) or where.rsplit("/", 1)[-1]


def read_packet(path: Path, form: FormDefinition, expect: str | None = None) -> Packet:
    """Read and check a packet for *form*; older versions are migrated, anything doubtful refused.

    *expect* ``"reply"`` refuses the lead's own request, imported by mistake before the
    unit answered; ``"request"`` refuses a unit's answer where a request to fill is wanted.
    """
    if expect not in (None, *PACKET_KINDS):
        raise ValueError(f"expect must be one of {PACKET_KINDS} or None, not {expect!r}")
    obj = _load(path)
    name = Path(path).name
    if obj.get("form") != form.id:
        raise PacketError(f"数据包“{name}”属于另一种申报表（{obj.get('form') or '未注明'}），"
                          f"不能导入“{form.name}”")
    version = obj.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PacketError(f"数据包“{name}”的数据版本号无效，不能导入")
    if version > form.schema_version:
        raise PacketError(f"数据包“{name}”由更新版本的程序生成（数据版本 {version}，本程序支持到 "
                          f"{form.schema_version}），请升级程序后再导入")
    kind, pointer, data = obj.get("kind"), obj.get("pointer"), obj.get("data")
    if kind not in PACKET_KINDS or not isinstance(pointer, str) or not isinstance(data, dict):
        raise PacketError(f"数据包“{name}”缺少类型、位置或数据，不能导入")
    if expect == "reply" and kind == "request":
        raise PacketError(f"“{name}”是发给成员单位的数据包，还没有成员单位填写的内容。"
                          "请导入成员单位填写后发回的回复数据包")
    if expect == "request" and kind == "reply":
        raise PacketError(f"“{name}”是成员单位填好发回的回复数据包，应由牵头单位在成员单位列表中"
                          "点“导入数据包…”导入")
    node = _sent_item(form, pointer)  # its last token is a list index (core.problems.list_index)
    if split_item(pointer)[1] >= MAX_ITEMS:
        raise PacketError(f"数据包“{name}”指向的位置“{pointer}”无效，不能导入")
    _check_bounds(form, pointer, data, name)
    if tuple(obj.get("item_path") or ()) != (*node.path, "*"):
        raise PacketError(f"数据包“{name}”的位置与内容不符，不能导入")
    migrated_from = None
    if version < form.schema_version:
        document: dict[str, Any] = {}
        set_at(document, pointer, data)
        try:
            document = migrate(form, document, version)
        except DraftError as exc:
            raise PacketError(f"数据包“{name}”是旧版本的数据，无法升级：{exc}") from None
        data = get_at(document, pointer)
        if not isinstance(data, dict):
            raise PacketError(f"数据包“{name}”是旧版本的数据，升级后找不到原来的内容，不能导入")
        migrated_from = version
    waived = tuple((str(pair[0]), str(pair[1])) for pair in obj.get("waived") or ()
                   if isinstance(pair, list | tuple) and len(pair) == 2)
    return Packet(form=form, kind=kind, pointer=pointer, item_path=(*node.path, "*"),
                  title=str(obj.get("title") or ""), sender=str(obj.get("sender") or ""),
                  lead=str(obj.get("lead") or ""), key=str(obj.get("key") or ""), waived=waived,
                  created_at=str(obj.get("created_at") or ""), data=data, checksum=obj["sha256"],
                  migrated_from=migrated_from, path=Path(path))


# --- the lead's side: where the reply goes, and what it changes -----------------------------


def locate(data: dict[str, Any], packet: Packet) -> str:
    """Where the reply's item is in the lead's draft now.

    Normally where it was sent from; if the list was reordered since, the item of
    the same name; if the place is gone, ``ItemGone`` (the dialog offers to add it).
    """
    list_pointer, index = split_item(packet.pointer)
    items = get_at(data, list_pointer)
    items = items if isinstance(items, list) else []

    def name(i: int) -> str:
        return item_name_at(packet.form, packet.pointer, items[i])

    if index < len(items) and (not packet.key or name(index) == packet.key):
        return packet.pointer
    same = [i for i in range(len(items)) if packet.key and name(i) == packet.key]
    if len(same) == 1:
        return f"{list_pointer}/{same[0]}"
    if index < len(items):
        return packet.pointer  # renamed since it was sent: the diff shows the name for the lead to judge
    who = packet.key or packet.sender or "该单位"
    raise ItemGone(f"当前草稿中已没有数据包对应的第{index + 1}项（{who}），可以把它作为新的一项添加")


def reply_changes(data: dict[str, Any], packet: Packet, target: str | None = None) -> list[FieldChange]:
    """The changes *packet* brings to the item at *target* (``locate`` by default); paths are absolute."""
    target = target or locate(data, packet)
    return [c._replace(path=target + c.path)
            for c in item_changes(packet.model, get_at(data, target), packet.data)]


def add_as_new(data: dict[str, Any], packet: Packet) -> tuple[dict[str, Any], str]:
    """A copy of *data* with the reply's item appended to its list, and where it now stands."""
    result = copy.deepcopy(data)
    items = get_at(result, packet.list_pointer)
    items = list(items) if isinstance(items, list) else []
    items.append(copy.deepcopy(packet.data))
    set_at(result, packet.list_pointer, items)
    return result, f"{packet.list_pointer}/{len(items) - 1}"
