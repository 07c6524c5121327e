"""成员单位数据包 and the member sheet, without Qt: lead → member → lead, and every way a file can be wrong.

The lead sends one unit its own table, the unit answers, the lead sees what changed
field by field and takes it in. A packet that is damaged, edited, of another form,
of a newer program or of the wrong kind is refused with a message the clerk can act
on, and refusing changes nothing. The Excel member list lands in the list with its
bad cells named by row and column.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from yn_forms.core.datapath import get_at
from yn_forms.core.document import DraftDocument
from yn_forms.core.items import ItemLookupError, item_node, item_title, list_node
from yn_forms.core.member_sheet import SheetError, import_members_xlsx, write_members_template
from yn_forms.core.operations import accept_reply
from yn_forms.core.packets import (
    PACKET_FORMAT,
    ItemGone,
    PacketError,
    add_as_new,
    checksum,
    item_problems,
    lead_name,
    locate,
    make_reply,
    make_request,
    read_packet,
    reply_changes,
    waived_rules,
    with_checksum,
    write_packet,
)
from yn_forms.core.validation import validate
from yn_forms.forms import get_form

MEMBER = 1  # 云南滇峰电子材料股份有限公司, the 2nd table of the example
POINTER = f"/members/{MEMBER}"


def apply_reply(data: dict, packet, target: str | None = None) -> dict:
    """A copy of *data* with the reply taken in, as the lead's 接受 does it: one step of a draft document."""
    document = DraftDocument(copy.deepcopy(data))
    target = target or locate(data, packet)
    changes = reply_changes(data, packet, target)
    accept_reply(document, packet.form, packet.list_pointer, target, [(c.path, c.new) for c in changes], packet.data,
                 packet.key)
    return document.data


@pytest.fixture
def sent(centre, example, tmp_path) -> Path:
    """The lead's request for the 2nd member unit of the example, as the file that goes out by e-mail."""
    path = tmp_path / "云南滇峰电子材料股份有限公司-数据包.ynpack"
    write_packet(path, make_request(centre, example, POINTER, lead_name(centre, example)))
    return path


def answer(centre, request: Path, change, tmp_path: Path) -> Path:
    """The member opens the request, changes its item with *change*, saves the reply."""
    packet = read_packet(request, centre, expect="request")
    item = copy.deepcopy(packet.data)
    change(item)
    path = tmp_path / "回复.ynpack"
    write_packet(path, make_reply(packet, item))
    return path


def errors(form, data) -> list[str]:
    return [f"{p.path} {p.message}" for p in validate(form, data) if p.is_error]


# --- the round trip ----------------------------------------------------------------------------


def test_lead_member_lead_round_trip(centre, example, sent, tmp_path):
    request = read_packet(sent, centre, expect="request")
    assert request.kind == "request" and request.pointer == POINTER
    assert request.title == "3、成员单位基本信息表 — 云南滇峰电子材料股份有限公司"
    assert request.lead == "云南锦川稀贵金属集团有限公司" == example["cover"]["lead_unit"]
    assert request.data == example["members"][MEMBER]  # prefilled with what the lead has, and only that
    assert item_problems(centre, request.pointer, request.data, request.waived) == []

    def fill(item):
        item["phone"] = "0877-2099999"
        item["staff_total"] = 300
        item["sales"][2]["value"] = "52000.00"
        item["economic_type"]["company_form"] = "有限责任公司"
        item["rd_recognitions"] = ["省级以上企业技术中心", "省级以上重点实验室", "高新技术企业"]

    reply_path = answer(centre, sent, fill, tmp_path)
    reply = read_packet(reply_path, centre, expect="reply")
    assert reply.kind == "reply" and reply.lead == request.lead and reply.sender == "云南滇峰电子材料股份有限公司"

    old = example["members"][MEMBER]
    assert locate(example, reply) == POINTER
    changes = reply_changes(example, reply)
    # field by field, in the printed order, with the official label, what the lead has and what the unit typed
    assert [(c.path, c.label, c.old_text, c.new_text) for c in changes] == [
        (f"{POINTER}/phone", "电话", "0877-2012345", "0877-2099999"),
        (f"{POINTER}/economic_type/company_form", "经济类型·企业组织形式", "股份有限公司", "有限责任公司"),
        (f"{POINTER}/staff_total", "职工总数", "265 人", "300 人"),
        (f"{POINTER}/sales", "近三年销售收入(万元)", "2025年 51236.88（万元）", "2025年 52000.00（万元）"),
        (f"{POINTER}/rd_recognitions", "研发机构认定情况", "省级以上企业技术中心、高新技术企业",
         "省级以上企业技术中心、省级以上重点实验室、高新技术企业"),
    ]
    assert changes[2].old == 265 and changes[2].new == 300
    assert changes[3].new == [*old["sales"][:2], {"year": 2025, "value": "52000.00"}]  # the whole figure is taken

    before = copy.deepcopy(example)
    merged = apply_reply(example, reply)
    assert example == before  # the lead's draft is only changed by taking the result
    member = get_at(merged, POINTER)
    assert member["phone"] == "0877-2099999" and member["staff_total"] == 300
    assert member["sales"][2] == {"year": 2025, "value": "52000.00"} and member["sales"][:2] == old["sales"][:2]
    assert member["economic_type"] == {**old["economic_type"], "company_form": "有限责任公司"}
    assert errors(centre, merged) == []
    for i, other in enumerate(example["members"]):  # the other units are as they were
        if i != MEMBER:
            assert merged["members"][i] == other
    assert {k: v for k, v in merged.items() if k != "members"} == {k: v for k, v in example.items() if k != "members"}


def test_a_reply_with_an_error_brings_it_into_the_lead_draft_where_it_is_flagged(centre, example, sent, tmp_path):
    def fill(item):
        item["contact_mobile"] = "1388888"

    reply = read_packet(answer(centre, sent, fill, tmp_path), centre, expect="reply")
    merged = apply_reply(example, reply)
    assert [p.path for p in validate(centre, merged) if p.is_error] == [f"{POINTER}/contact_mobile"]


def test_numbers_written_differently_are_no_change(centre, example, sent, tmp_path):
    """5000 and 5000.00 are the same 万元: the lead is not asked to accept what is not a change."""
    assert example["members"][MEMBER]["total_assets"] == "38600.00"

    def fill(item):
        item["total_assets"] = "38600"
        item["foreign_share"] = 0
        item["contact_post"] = "科技部部长 "

    reply = read_packet(answer(centre, sent, fill, tmp_path), centre, expect="reply")
    assert [c.label for c in reply_changes(example, reply)] == ["职务"]  # a space typed is still typed


def test_other_years_are_shown_whole(centre, example, sent, tmp_path):
    """A unit that answers for other years changes the whole figure: both sides are shown in full."""
    def fill(item):
        item["sales"] = [{"year": y, "value": "100"} for y in (2022, 2023, 2024)]

    reply = read_packet(answer(centre, sent, fill, tmp_path), centre, expect="reply")
    [change] = reply_changes(example, reply)
    assert change.old_text.startswith("2023年 ") and change.old_text.count("年 ") == 3
    assert change.new_text == "2022年 100；2023年 100；2024年 100（万元）"


def test_the_consortium_unit_list_is_sent_too(tmp_path):
    form = get_form("innovation-consortium")
    data = form.example()
    path = tmp_path / "unit.ynpack"
    write_packet(path, make_request(form, data, "/units/1", lead_name(form, data)))
    packet = read_packet(path, form, expect="request")
    assert packet.data == data["units"][1] and packet.lead == data["units"][0]["name"]
    item = copy.deepcopy(packet.data)
    item["legal_rep"] = "王新"
    write_packet(path, make_reply(packet, item))
    reply = read_packet(path, form, expect="reply")
    assert [(c.path, c.label, c.old_text, c.new_text) for c in reply_changes(data, reply)] == [
        ("/units/1/legal_rep", "法定代表人", data["units"][1]["legal_rep"], "王新")]
    assert apply_reply(data, reply)["units"][1]["legal_rep"] == "王新"


@pytest.mark.parametrize("text", [
    "第一行\r\n第二行\x00\x07\x1b\x0b\x0c结尾\t😀👨\u200d👩\u200d👧𠀀 {{ x }} & <b> =1+1",
    "研发" * 5000,  # 10,000 characters
    "孤立代理\ud800对",  # a lone surrogate pasted from a broken file
])
def test_any_text_survives_the_round_trip_exactly(centre, example, sent, tmp_path, text):
    def fill(item):
        item["main_products"] = text

    reply_path = answer(centre, sent, fill, tmp_path)
    reply = read_packet(reply_path, centre, expect="reply")
    assert reply.data["main_products"] == text
    [change] = reply_changes(example, reply)
    assert change.new == text and change.label == "主导产品或服务"
    assert apply_reply(example, reply)["members"][MEMBER]["main_products"] == text


# --- the member checks with the wizard's rules ----------------------------------------------------


def test_member_problems_are_the_wizards_problems_for_that_item(centre, example):
    example["members"][MEMBER].update(contact_mobile="1388888", postcode="65000", contact_email="a@",
                                      staff_total=-3, name="")
    example["members"][MEMBER]["sales"][1]["value"] = None
    in_draft = sorted((p.rule, p.path, p.message, p.severity) for p in validate(centre, example)
                      if p.path.startswith(POINTER + "/") or p.path == POINTER)
    alone = sorted((p.rule, p.path, p.message, p.severity)
                   for p in item_problems(centre, POINTER, example["members"][MEMBER],
                                          waived_rules(centre, example, POINTER)))
    assert alone == in_draft
    assert {path.rsplit("/", 1)[1] for _, path, _, _ in alone} >= {"contact_mobile", "postcode", "contact_email",
                                                                   "staff_total", "name"}


def test_rules_that_need_the_rest_of_the_application_are_waived_for_the_member(centre, example, tmp_path):
    """近三年 is judged against the lead's 填报年月, which is not in the packet: the member is not blamed for it."""
    example["cover"]["fill_month"] = "2025-06"
    for table in [example["lead"]["sales"], *(m[k] for m in example["members"] for k in ("sales", "rd_spend"))]:
        for year, row in zip((2022, 2023, 2024), table, strict=True):
            row["year"] = year
    assert validate(centre, example) == []
    alone = item_problems(centre, POINTER, example["members"][MEMBER])
    assert {p.rule for p in alone} == {"IC-RECENT-YEARS"}  # judged against today, not the lead's month
    path = tmp_path / "p.ynpack"
    write_packet(path, make_request(centre, example, POINTER, "牵头"))
    packet = read_packet(path, centre)
    assert ("IC-RECENT-YEARS", "/sales") in packet.waived
    assert item_problems(centre, POINTER, packet.data, packet.waived) == []


def test_a_member_alone_is_not_blamed_for_the_lead_list_of_names(centre, example):
    """表1's 参与单位 left empty repeat the 表3 names, so a member's table alone is never “not listed”."""
    example["members"][MEMBER]["name"] = "改名后的成员单位有限公司"
    in_draft = [p for p in validate(centre, example) if p.path == f"{POINTER}/name"]
    assert [p.rule for p in in_draft] == ["IC-MEMBER-TABLES"]  # the lead typed 表1 with the old name
    assert item_problems(centre, POINTER, example["members"][MEMBER]) == []


# --- files that are refused ------------------------------------------------------------------------


def test_a_tampered_packet_is_refused_and_nothing_changes(centre, example, sent, tmp_path):
    reply_path = answer(centre, sent, lambda item: item.update(phone="0871-65990001"), tmp_path)
    raw = reply_path.read_bytes()
    assert raw.count(b"0871-65990001") == 1
    tampered = raw.replace(b"0871-65990001", b"0871-65990009")  # one byte of the data
    reply_path.write_bytes(tampered)
    before = copy.deepcopy(example)
    with pytest.raises(PacketError, match="校验不通过") as refused:
        read_packet(reply_path, centre, expect="reply")
    assert "回复.ynpack" in str(refused.value) and "被改动或已损坏" in str(refused.value)
    assert reply_path.read_bytes() == tampered and example == before


def test_the_checksum_covers_every_part_of_the_packet(centre, example):
    packet = make_request(centre, example, POINTER, "牵头")
    assert packet["sha256"] == checksum(packet)
    for key in ("pointer", "kind", "form", "lead", "waived", "data"):
        changed = copy.deepcopy(packet)
        changed[key] = "x" if key != "data" else {**packet["data"], "name": "别的单位"}
        assert checksum(changed) != packet["sha256"], key


def _altered(path: Path, **changes) -> bytes:
    """A packet altered and its checksum worked out again, as a newer program or a mix-up would produce it."""
    obj = json.loads(path.read_text(encoding="utf-8"))
    obj.update(changes)
    return json.dumps(with_checksum(obj), ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("make, expect, message", [
    (lambda p: b"", None, "已损坏或不完整"),
    (lambda p: p.read_bytes()[: len(p.read_bytes()) // 2], None, "已损坏或不完整（可能在传送中被截断）"),
    (lambda p: "这不是数据包".encode("gbk"), None, "不是 UTF-8 编码"),
    (lambda p: b"\x89PNG\r\n\x1a\n\x00\x00", None, "不是 UTF-8 编码"),
    (lambda p: b"[1, 2, 3]", None, "不是成员单位数据包"),
    (lambda p: json.dumps({"format": "yn-forms/draft", "form": "innovation-centre", "data": {}}).encode(), None,
     "不是成员单位数据包"),
    (lambda p: json.dumps({k: v for k, v in json.loads(p.read_text("utf-8")).items() if k != "sha256"},
                          ensure_ascii=False).encode(), None, "缺少校验码"),
    (lambda p: _altered(p, form="innovation-consortium"), None, "属于另一种申报表（innovation-consortium）"),
    (lambda p: _altered(p, schema_version=99), None,
     f"由更新版本的程序生成（数据版本 99，本程序支持到 {get_form('innovation-centre').schema_version}）"),
    (lambda p: _altered(p, schema_version="1"), None, "数据版本号无效"),
    (lambda p: _altered(p, pointer="/lead"), None, "不是本表单中可发送的成员单位"),
    (lambda p: _altered(p, pointer="/members/99999999999"), None, "位置“/members/99999999999”无效"),
    (lambda p: _altered(p, data=None), None, "缺少类型、位置或数据"),
    (lambda p: p.read_bytes(), "reply", "是发给成员单位的数据包，还没有成员单位填写的内容"),
    (lambda p: _altered(p, kind="reply"), "request", "是成员单位填好发回的回复数据包"),
])
def test_files_that_are_not_a_usable_packet_are_refused_with_a_reason(centre, example, sent, tmp_path, make,
                                                                       expect, message):
    bad = tmp_path / "收到的.ynpack"
    content = make(sent)
    bad.write_bytes(content)
    before = copy.deepcopy(example)
    with pytest.raises(PacketError) as refused:
        read_packet(bad, centre, expect=expect)
    assert message in str(refused.value)
    assert bad.read_bytes() == content and example == before  # nothing written, nothing changed


def test_a_missing_file_is_named(centre, tmp_path):
    with pytest.raises(PacketError, match="找不到数据包"):
        read_packet(tmp_path / "无.ynpack", centre)


def test_a_packet_of_one_form_is_refused_by_the_other(centre, example, sent):
    with pytest.raises(PacketError, match="属于另一种申报表（innovation-centre），不能导入“云南省创新联合体组建申请”"):
        read_packet(sent, get_form("innovation-consortium"))


# --- the list changed while the unit was filling ----------------------------------------------------


def _reply(centre, sent, tmp_path, **values):
    return read_packet(answer(centre, sent, lambda item: item.update(values), tmp_path), centre, expect="reply")


def test_a_reordered_list_finds_the_unit_by_its_name(centre, example, sent, tmp_path):
    reply = _reply(centre, sent, tmp_path, phone="0871-65990001")
    example["members"].reverse()
    target = locate(example, reply)
    assert target == f"/members/{len(example['members']) - 1 - MEMBER}"
    merged = apply_reply(example, reply)
    assert get_at(merged, target)["phone"] == "0871-65990001"
    assert [m["phone"] for i, m in enumerate(merged["members"]) if f"/members/{i}" != target] == \
        [m["phone"] for i, m in enumerate(example["members"]) if f"/members/{i}" != target]


def test_a_unit_renamed_by_the_lead_is_still_the_item_and_the_name_is_shown(centre, example, sent, tmp_path):
    reply = _reply(centre, sent, tmp_path, phone="0871-65990001")
    example["members"][MEMBER]["name"] = "云南滇峰电子材料有限公司"
    assert locate(example, reply) == POINTER
    labels = {c.label: (c.old_text, c.new_text) for c in reply_changes(example, reply)}
    assert labels == {"单位名称": ("云南滇峰电子材料有限公司", "云南滇峰电子材料股份有限公司"),
                      "电话": ("0877-2012345", "0871-65990001")}


def test_a_removed_unit_can_be_added_as_new(centre, example, sent, tmp_path):
    reply = _reply(centre, sent, tmp_path, phone="0871-65990001")
    del example["members"][MEMBER:]
    with pytest.raises(ItemGone) as gone:
        locate(example, reply)
    assert str(gone.value) == ("当前草稿中已没有数据包对应的第2项（云南滇峰电子材料股份有限公司），"
                               "可以把它作为新的一项添加")
    with pytest.raises(ItemGone):
        apply_reply(example, reply)
    before = copy.deepcopy(example)
    merged, where = add_as_new(example, reply)
    assert example == before
    assert where == f"/members/{MEMBER}" and get_at(merged, where) == reply.data
    assert merged["members"][:MEMBER] == example["members"]


# --- the member list from Excel ---------------------------------------------------------------------


def _sheet(centre, tmp_path, rows: list[dict[str, object]], extra_header: str | None = None) -> Path:
    """The exported template, filled in as a clerk would in Excel (one dict of header → cell per row)."""
    path = tmp_path / "成员单位.xlsx"
    headers = write_members_template(centre, "/members", path)
    book = load_workbook(path)
    sheet = book["成员单位"]
    if extra_header:
        sheet.cell(row=1, column=len(headers) + 1, value=extra_header)
    for r, row in enumerate(rows, start=2):
        for header, value in row.items():
            column = len(headers) + 1 if header == extra_header else headers.index(header) + 1
            sheet.cell(row=r, column=column, value=value)
    book.save(path)
    return path


def test_template_has_the_official_labels_and_a_help_sheet(centre, tmp_path):
    path = tmp_path / "模板.xlsx"
    headers = write_members_template(centre, "/members", path)
    book = load_workbook(path)
    assert book.sheetnames == ["成员单位", "填写说明"]
    assert [c.value for c in book["成员单位"][1]] == headers
    assert headers[:3] == ["单位名称", "地址", "邮编"]
    assert {"近三年销售收入(万元) 2023年", "近三年销售收入(万元) 2025年", "研发机构认定情况"} <= set(headers)
    help_rows = {r[0]: r[1] for r in book["填写说明"].iter_rows(values_only=True) if r[0]}
    assert "可多选" in help_rows["研发机构认定情况"] and "日期" in help_rows["注册成立时间"]


def test_excel_member_list_is_imported_and_bad_cells_are_named_by_row_and_column(centre, example, tmp_path):
    gone = example["members"].pop()  # listed in 表1, its table not yet typed: the sheet brings it
    good = {"单位名称": gone["name"], "地址": gone["address"], "邮编": gone["postcode"], "法人代表": gone["legal_rep"],
            "电话": gone["phone"], "联系人": gone["contact_name"], "职务": gone["contact_post"],
            "手机": int(gone["contact_mobile"]), "Email": gone["contact_email"],
            "注册成立时间": date.fromisoformat(gone["founded"]), "注册地址": gone["registered_address"],
            "注册资金": 5000.0, "资产总额": float(gone["total_assets"]),
            "职工总数": 300.0, "经济类型": "其他", "其它（请说明）": "事业单位",
            **{f"近三年销售收入(万元) {v['year']}年": float(v["value"]) for v in gone["sales"]},
            "研发机构认定情况": "省级以上重点实验室、高新技术企业",
            "主营业务（主要行业或领域）": "第一行\n第二行"}
    bad = {"单位名称": "昆明某某公司", "邮编": "65310", "职工总数": "三百", "手机": "1388888",
           "研发机构认定情况": "高新技术企业，国家级火星中心", "近三年销售收入(万元) 2024年": 1234.5}
    path = _sheet(centre, tmp_path, [good, {}, bad], extra_header="备注")
    before = copy.deepcopy(example)
    items, problems = import_members_xlsx(centre, "/members", path, data=example)
    assert example == before
    assert [i["name"] for i in items] == [gone["name"], "昆明某某公司"]  # the empty row 3 is skipped
    first = items[0]
    assert first["postcode"] == gone["postcode"] and first["contact_mobile"] == gone["contact_mobile"]
    assert first["founded"] == gone["founded"] and first["staff_total"] == 300
    assert first["registered_capital"] == "5000"
    assert first["economic_type"] == {"ownership": "其它", "company_form": None, "other": "事业单位"}  # 其他 typed
    assert first["rd_recognitions"] == ["省级以上重点实验室", "高新技术企业"]
    assert first["main_business"] == "第一行\n第二行"
    assert [y["year"] for y in first["sales"]] == [v["year"] for v in gone["sales"]]
    assert all(isinstance(y["value"], str) for y in first["sales"])
    assert not [p for p in problems if p.row == 2], problems  # nothing wrong with it in the lead's application

    headers = write_members_template(centre, "/members", tmp_path / "h.xlsx")

    def letter(header: str) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(headers.index(header) + 1)

    shown = {(p.row, p.column): str(p) for p in problems}
    assert shown[(1, "AH")] == "第1行 AH列：未识别的列“备注”，这一列没有导入"  # the column is skipped
    assert shown[(4, letter("邮编"))] == f"第4行 {letter('邮编')}列（邮编）“65310”：邮编应为6位数字，如 650000"
    assert shown[(4, letter("职工总数"))] == f"第4行 {letter('职工总数')}列（职工总数）“三百”：应填写整数"
    assert "手机号码不正确" in shown[(4, letter("手机"))]
    assert "请从以下选项中选择" in shown[(4, letter("研发机构认定情况"))]
    assert "不在表1所列成员单位中" in shown[(4, letter("单位名称"))]  # a real problem of this application
    # the missing years are reported in their own (empty) cells, not in the one that was filled
    assert (4, letter("近三年销售收入(万元) 2023年")) in shown and (4, letter("近三年销售收入(万元) 2025年")) in shown
    assert (4, letter("近三年销售收入(万元) 2024年")) not in shown
    assert all(p.row == 4 for p in problems if p.severity == "error")

    # every value was imported as typed: the wizard shows it and flags it where it belongs
    merged = copy.deepcopy(example)
    merged["members"] += items
    last = f"/members/{len(merged['members']) - 1}"
    flagged = {p.path for p in validate(centre, merged) if p.is_error}
    assert {f"{last}/postcode", f"{last}/staff_total", f"{last}/contact_mobile"} <= flagged
    assert get_at(merged, f"{last}/staff_total") == "三百"
    assert get_at(merged, f"{last}/rd_recognitions") == ["高新技术企业", "国家级火星中心"]


def test_excel_rows_are_checked_in_the_lead_application(centre, example, tmp_path):
    """A unit not among the names the lead typed in 表1 is flagged in the lead's application; alone, 表1
    would simply repeat the sheet's names (core.links), so the check needs the draft."""
    path = _sheet(centre, tmp_path, [{"单位名称": "表1中没有的单位有限公司"}])
    _, alone = import_members_xlsx(centre, "/members", path)
    _, in_draft = import_members_xlsx(centre, "/members", path, data=example)
    assert any("不在表1所列成员单位中" in p.message for p in in_draft)
    assert not any("不在表1所列成员单位中" in p.message for p in alone)


def test_a_sheet_without_the_labels_or_not_a_workbook_is_refused(centre, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["甲", "乙"])
    book.active.append([1, 2])
    path = tmp_path / "别的表.xlsx"
    book.save(path)
    with pytest.raises(SheetError, match="找不到表头：第一行应为表中的栏目名称，如 单位名称、地址"):
        import_members_xlsx(centre, "/members", path)
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SheetError, match=r"坏\.xlsx"):
        import_members_xlsx(centre, "/members", broken)
    with pytest.raises(SheetError, match="“/lead”不是可以从表格导入的列表"):
        import_members_xlsx(centre, "/lead", path)


def test_a_pointer_at_no_member_list_is_a_lookup_error_each_caller_words_its_own_way(centre, example):
    """The item lookups are the packets', the sheet's and the Word import's alike: they refuse with a
    lookup error of their own, which a packet and a sheet each turn into their own refusal."""
    table = list_node(centre, "/members").title
    assert item_node(centre, "/members/1").title == table
    assert item_title(centre, "/members/1", example["members"][1]) == f"{table} — 云南滇峰电子材料股份有限公司"
    assert item_title(centre, "/members/7", {}) == f"{table} — 第8项"
    for lookup, pointer in ((list_node, "/lead"), (item_node, "/members"), (item_node, "/lead/0")):
        with pytest.raises(ItemLookupError) as raised:
            lookup(centre, pointer)
        assert not isinstance(raised.value, PacketError)
    with pytest.raises(PacketError, match="数据包指向的位置“/lead/0”不是本表单中可发送的成员单位"):
        make_request(centre, example, "/lead/0", "牵头单位")


def test_the_consortium_unit_sheet_round_trips(tmp_path):
    form = get_form("innovation-consortium")
    data = form.example()
    fields = ("name", "credit_code", "legal_rep", "role")
    path = tmp_path / "units.xlsx"
    headers = write_members_template(form, "/units", path)
    assert headers == ["牵头和成员单位名称", "统一社会信用代码", "法定代表人",
                       "在行业(或领域)中的地位,在联合体内分工(限200字)"]
    book = load_workbook(path)
    for unit in data["units"]:
        book.active.append([unit[k] for k in fields])
    book.save(path)
    items, problems = import_members_xlsx(form, "/units", path, data={**data, "units": []})
    assert [{k: i[k] for k in fields} for i in items] == [{k: u[k] for k in fields} for u in data["units"]]
    assert problems == []


def test_packet_format_is_the_documented_one(centre, example, sent):
    obj = json.loads(sent.read_text(encoding="utf-8"))
    assert obj["format"] == PACKET_FORMAT == "yn-forms/packet"
    assert obj["form"] == "innovation-centre" and obj["schema_version"] == centre.schema_version
    assert obj["kind"] == "request" and obj["pointer"] == POINTER and obj["item_path"] == ["members", "*"]
    assert obj["sha256"] == checksum(obj)


def _count_keys(value) -> int:
    if isinstance(value, dict):
        return len(value) + sum(_count_keys(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count_keys(v) for v in value)
    return 0


def test_a_packet_at_its_limits_is_read_one_beyond_is_refused_by_name(centre, example, tmp_path):
    from yn_forms.core.packets import MAX_PACKET_KEYS, MAX_PACKET_LIST

    def written(change) -> Path:
        packet = make_request(centre, example, "/members/1", "牵头单位")
        change(packet["data"])
        path = tmp_path / "p.ynpack"
        write_packet(path, packet)
        return path

    def keys(extra: int):
        return lambda data: data.update({f"k{i}": "" for i in range(MAX_PACKET_KEYS - _count_keys(data) + extra)})

    def years(count: int):
        return lambda data: data.update(sales=[{"year": 2025, "value": "1"}] * count)

    assert len(read_packet(written(keys(0)), centre).data) > 1_000
    assert len(read_packet(written(years(MAX_PACKET_LIST)), centre).data["sales"]) == MAX_PACKET_LIST
    with pytest.raises(PacketError, match=f"字段太多（{MAX_PACKET_KEYS + 1:,} 个）"):
        read_packet(written(keys(1)), centre)
    with pytest.raises(PacketError, match=f"“近三年销售收入\\(万元\\)”一栏有 {MAX_PACKET_LIST + 1:,} 项"):
        read_packet(written(years(MAX_PACKET_LIST + 1)), centre)
    with pytest.raises(PacketError, match=re.escape("”太大（4.0 MB），一家单位填写的数据包不会超过 4.0 MB")):
        read_packet(written(lambda data: data.update(main_business="x" * (4 * 1024 * 1024))), centre)


def test_a_reply_s_differences_read_as_the_paper_prints_them():
    from yn_forms.core.changes import item_changes
    from yn_forms.core.items import item_model

    form = get_form("innovation-centre")
    old = copy.deepcopy(form.example()["members"][0])
    new = dict(old, founded="1954-08-01", registered_capital="120000", staff_total=5200)
    shown = {c.label: c.new_text for c in item_changes(item_model(form, "/members/0"), old, new)}
    assert shown == {"注册成立时间": "1954年8月1日", "注册资金": "120000 万元", "职工总数": "5200 人"}
