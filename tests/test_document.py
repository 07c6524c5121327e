"""The draft document: every change through it, undone and redone exactly, announced to its watchers."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yn_forms.core.document import DraftDocument, Event
from yn_forms.core.enclosures import neighbour, paper_record
from yn_forms.core.operations import (
    accept_reply,
    add_item,
    attach_enclosure,
    copy_item,
    edit_field,
    fill_from_unit,
    import_items,
    move_enclosure,
    move_item,
    new_item,
    remove_enclosure,
    remove_item,
)
from yn_forms.core.packets import Packet, reply_changes
from yn_forms.core.units import plan_fill
from yn_forms.forms import get_form

CENTRE = get_form("innovation-centre")


def test_a_write_and_its_undo_give_back_the_exact_data_even_where_keys_were_missing():
    document = DraftDocument({"cover": {"leader": "张三"}})
    document.set("/basic/lead_head/name", "李四")
    document.set("/members/2/name", "丙公司")  # the list and two empty items created on the way
    assert document.data["members"] == [{}, {}, {"name": "丙公司"}]
    document.undo()
    document.undo()
    assert document.data == {"cover": {"leader": "张三"}}
    document.redo()
    document.redo()
    assert document.data["basic"] == {"lead_head": {"name": "李四"}}
    assert document.data["members"][2] == {"name": "丙公司"}


def test_keystrokes_in_one_field_are_one_step_until_the_field_is_left():
    document = DraftDocument({"cover": {"leader": ""}})
    for text in ("张", "张明", "张明远"):
        edit_field(document, CENTRE, "/cover/leader", text)
    assert document.undo_label == "填写“负责人”"
    document.end_typing()  # the clerk left the field and came back
    edit_field(document, CENTRE, "/cover/leader", "张明远1")
    document.undo()
    assert document.data["cover"]["leader"] == "张明远"
    document.undo()
    assert document.data["cover"]["leader"] == "" and not document.can_undo


def test_a_step_is_announced_once_and_a_failed_one_is_rolled_back():
    document = DraftDocument(copy.deepcopy(CENTRE.example()))
    before = copy.deepcopy(document.data)
    events: list[Event] = []
    document.subscribe(events.append)
    with pytest.raises(RuntimeError), document.step("坏的一步"):
        document.set("/cover/leader", "王五")
        document.remove("/members", 0)
        raise RuntimeError("halfway")
    assert document.data == before and not document.can_undo
    events.clear()
    with document.step("两处修改", focus="/cover"):
        document.set("/cover/leader", "王五")
        document.set("/cover/mobile", "13900000000")
    assert len(events) == 1 and set(events[0].pointers) == {"/cover/leader", "/cover/mobile"}
    assert document.undo_label == "两处修改"


def test_watchers_hear_of_writes_at_above_and_below_their_pointer():
    document = DraftDocument(copy.deepcopy(CENTRE.example()))
    heard: dict[str, int] = {"/members/1/name": 0, "/members": 0, "/cover/leader": 0}
    watches = [document.watch(p, lambda _e, p=p: heard.__setitem__(p, heard[p] + 1)) for p in heard]
    document.set("/members/1/name", "新名称")  # itself, and the list above it
    remove_item(document, CENTRE, "/members", 0)  # the list, and every item's field below it
    assert heard == {"/members/1/name": 2, "/members": 2, "/cover/leader": 0}
    watches[0].cancel()
    document.undo()
    assert heard["/members/1/name"] == 2 and heard["/members"] == 3


def test_undo_back_to_the_saved_state_is_clean_again():
    document = DraftDocument({"cover": {"leader": "甲"}})
    assert document.is_clean
    edit_field(document, CENTRE, "/cover/leader", "乙")
    assert not document.is_clean
    document.mark_clean()
    edit_field(document, CENTRE, "/cover/mobile", "1")
    document.undo()
    assert document.is_clean
    document.undo()
    assert not document.is_clean
    edit_field(document, CENTRE, "/cover/email", "x")  # a new branch: the saved state is gone for good
    assert not document.is_clean


def test_member_operations_are_named_after_the_member():
    document = DraftDocument(copy.deepcopy(CENTRE.example()))
    name = document.data["members"][0]["name"]
    assert remove_item(document, CENTRE, "/members", 0) == f"删除成员单位“{name}”"
    assert document.undo_label == f"删除成员单位“{name}”"
    step = document.undo()
    assert step.focus == "/members/0" and document.data["members"][0]["name"] == name
    copy_item(document, CENTRE, "/members", 1)
    assert document.undo_label.startswith("复制成员单位“")
    move_item(document, CENTRE, "/members", 2, 1)
    assert document.undo_label.startswith("上移成员单位“")
    add_item(document, CENTRE, "/members")
    assert document.undo_label == "添加成员单位"
    remove_item(document, CENTRE, "/members", len(document.data["members"]) - 1)
    assert document.undo_label == f"删除成员单位“第{len(document.data['members']) + 1}项”"


def _file_record(name: str, item: str = "") -> dict:
    return {"item": item, "title": "营业执照" if not item else "创新中心独立法人资格证书复印件", "name": name,
            "file": f"0123456789abcdef-{name}", "size": 10, "sha256": "0" * 64, "pages": 1, "type": "jpeg"}


def test_enclosure_operations_are_named_after_the_file_and_undone_exactly():
    document = DraftDocument(copy.deepcopy(CENTRE.example()))
    before = copy.deepcopy(document.data)
    assert attach_enclosure(document, CENTRE, _file_record("营业执照.jpg")) == 2
    assert document.undo_label == "添加证明材料“营业执照.jpg”"
    attach_enclosure(document, CENTRE, paper_record("获奖证书"), at=0)
    assert document.undo_label == "添加证明材料“获奖证书（纸质件）”"
    assert move_enclosure(document, CENTRE, 3, 0) and document.undo_label == "上移证明材料“营业执照.jpg”"
    assert not move_enclosure(document, CENTRE, 0, 0) and not move_enclosure(document, CENTRE, 0, 9)
    assert remove_enclosure(document, CENTRE, 0) == "删除证明材料“营业执照.jpg”"
    step = document.undo()
    assert step.focus == "/enclosures/0" and document.data["enclosures"][0]["name"] == "营业执照.jpg"
    while document.can_undo:
        document.undo()
    assert document.data == before


# --- any sequence of edits, then as many undos -------------------------------------------------------

MEMBER_FIELDS = ["name", "address", "postcode", "phone", "contact_name", "main_business"]
TOP_FIELDS = ["/cover/leader", "/cover/lead_unit", "/basic/address", "/lead/name", "/plan/foundation",
              "/basic/research", "/summary/research_direction"]
text = st.text(alphabet=st.sampled_from(list("云南锦川甲乙丙0123456789 -（）\n\x07")), max_size=12)
RECORD = {"name": "云南测试有限公司", "address": "昆明市五华区", "postcode": "650000", "legal_rep": "赵一",
          "phone": "0871-65990001", "contact": "钱二", "contact_mobile": "13800000001"}


def _member_pointer(data, index, field) -> str | None:
    members = data.get("members") or []
    return f"/members/{index % len(members)}/{field}" if members else None


edits = st.lists(st.one_of(
    st.tuples(st.just("type"), st.sampled_from(TOP_FIELDS), text),
    st.tuples(st.just("type_member"), st.integers(0, 50), st.sampled_from(MEMBER_FIELDS), text),
    st.tuples(st.just("add"), st.booleans()),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("move"), st.integers(0, 50), st.integers(0, 50)),
    st.tuples(st.just("copy"), st.integers(0, 50)),
    st.tuples(st.just("fill"), st.sampled_from(["/lead", "member"]), st.integers(0, 50)),
    st.tuples(st.just("reply"), st.integers(0, 50), text, st.booleans()),
    st.tuples(st.just("import"), st.integers(1, 3), text),
    st.tuples(st.just("attach"), st.integers(0, 50), st.booleans(), text),
    st.tuples(st.just("unattach"), st.integers(0, 50)),
    st.tuples(st.just("reorder"), st.integers(0, 50), st.booleans()),
), min_size=1, max_size=12)


def _apply(document: DraftDocument, edit: tuple) -> None:
    kind, *args = edit
    members = document.data.get("members") or []
    count = len(members)
    if kind == "type":
        edit_field(document, CENTRE, args[0], args[1])
        document.end_typing()
    elif kind == "type_member" and count:
        for stroke in (args[2][:1], args[2]):  # two keystrokes, one step
            edit_field(document, CENTRE, f"/members/{args[0] % count}/{args[1]}", stroke)
        document.end_typing()
    elif kind == "add":
        add_item(document, CENTRE, "/members")
    elif kind == "delete" and count:
        remove_item(document, CENTRE, "/members", args[0] % count)
    elif kind == "move" and count:
        move_item(document, CENTRE, "/members", args[0] % count, args[1] % count)
    elif kind == "copy" and count:
        copy_item(document, CENTRE, "/members", args[0] % count)
    elif kind == "fill":
        pointer = "/lead" if args[0] == "/lead" or not count else f"/members/{args[1] % count}"
        plan = plan_fill(CENTRE, document.data, pointer, RECORD)
        fill_from_unit(document, CENTRE, pointer, [(c.pointer, c.new) for c in plan.changes], RECORD["name"])
    elif kind == "reply" and count:
        pointer = f"/members/{args[0] % count}"
        item = {**copy.deepcopy(document.get(pointer) or {}), "contact_name": args[1], "phone": "0871-65990002"}
        packet = Packet(CENTRE, "reply", pointer, ("members", "*"), "", "", "", "", (), "", item, "")
        changes = reply_changes(document.data, packet, pointer)
        target = None if args[2] else pointer
        accept_reply(document, CENTRE, "/members", target, [(c.path, c.new) for c in changes], item, "某单位")
    elif kind == "import":
        items = [{**new_item(CENTRE, "/members"), "name": f"{args[1]}导入{i}"} for i in range(args[0])]
        import_items(document, CENTRE, "/members", items, "成员单位.xlsx")
    elif kind in ("attach", "unattach", "reorder"):
        _apply_enclosure(document, kind, args)


def _apply_enclosure(document: DraftDocument, kind: str, args: list) -> None:
    """What the 证明材料 page does: a file or a paper item added anywhere, one taken out, 上移 / 下移."""
    count = len(document.data.get("enclosures") or [])
    if kind == "attach":
        record = (paper_record(args[2] or "自加材料") if args[1]
                  else _file_record(f"{args[2]}.jpg", "legal_person_certificate"))
        attach_enclosure(document, CENTRE, record, at=args[0] % (count + 1))
    elif kind == "unattach" and count:
        remove_enclosure(document, CENTRE, args[0] % count)
    elif kind == "reorder" and count:
        index = args[0] % count
        to = neighbour(document.data, index, -1 if args[1] else 1)
        if to is not None:
            move_enclosure(document, CENTRE, index, to)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_any_edits_undone_give_back_the_original_and_redone_the_edited(sequence):
    original = copy.deepcopy(CENTRE.example())
    document = DraftDocument(copy.deepcopy(original))
    for edit in sequence:
        _apply(document, edit)
    edited = copy.deepcopy(document.data)
    steps = 0
    while document.can_undo:
        document.undo()
        steps += 1
    assert document.data == original
    for _ in range(steps):
        document.redo()
    assert document.data == edited
    assert not document.can_redo
