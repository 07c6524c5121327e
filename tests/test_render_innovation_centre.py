"""The produced 附件1/附件2 look like the attachments and carry every value in its cell."""

from __future__ import annotations

import zipfile

import pytest
from docx_helpers import all_text, assert_in_order, cell_after, labels_in_order, open_docx, rows

from yn_forms.core.years import last_three_years
from yn_forms.render.documents import fill_documents


@pytest.fixture(scope="module")
def filled(centre, tmp_path_factory):
    """The example's attachments, filled once: the tests read them (``example`` is the same data)."""
    paths = fill_documents(centre, centre.example(), tmp_path_factory.mktemp("out"))
    return {p.name[:3]: p for p in paths}


def test_writes_both_attachments_named_after_them(filled):
    assert sorted(p.name for p in filled.values()) == [
        "附件1-云南省制造业创新中心创建申报书.docx",
        "附件2-云南省制造业创新中心建设方案计划书.docx",
    ]


def test_cover_as_printed(filled, example):
    doc = open_docx(filled["附件1"])
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert_in_order(texts, ["附件1", "云南省制造业创新中心创建", "申 报 书", "云南省工业和信息化厅制"])
    cover = doc.tables[0]
    assert [r[1].strip() for r in rows(cover)] == [
        "创新中心名称：", "所 属 领 域：", "牵 头 单 位：", "负  责  人：", "手      机：", "Email："]
    values = [r[2] for r in rows(cover)]
    c = example["cover"]
    assert values == [c["centre_name"], c["industry"], c["lead_unit"], c["leader"], c["mobile"], c["email"]]
    year, month = c["fill_month"].split("-")
    assert f"{int(year)}年{int(month)}月" in texts


@pytest.mark.slow
def test_table1_labels_in_printed_order_and_values_in_cells(filled, example):
    doc = open_docx(filled["附件1"])
    t1 = doc.tables[1]
    assert_in_order(labels_in_order(t1), [
        "创新中心名称", "所属领域", "成员单位数", "企业", "高校", "科研院所", "前期组建总投入", "成员单位名称",
        "1", "牵头单位", "2", "参与单位", "3", "4", "5", "中心通讯地址", "邮编", "传真",
        "中心牵头单位负责人", "姓    名", "移动电话", "单位及职务", "电子邮箱",
        "中心研发团队负责人", "中心日常工作联系人", "预期成果类型", "预期知识产权", "预期技术标准制定",
        "中心人数", "主要研发内容(200字以内)"])
    b = example["basic"]
    assert cell_after(t1, "所属领域") == example["cover"]["industry"]
    assert cell_after(t1, "企业") == "3"
    assert cell_after(t1, "前期组建总投入") == "3580.00万元"
    assert cell_after(t1, "牵头单位") == b["lead_unit_name"]
    # one row per participant, numbered from 2, the label 参与单位 printed once (merged)
    member_rows = [r for r in rows(t1) if r[1].strip() in {"2", "3", "4", "5"}]
    assert [r[-1] for r in member_rows] == b["participants"]
    with zipfile.ZipFile(filled["附件1"]) as z:
        assert z.read("word/document.xml").decode().count(">参与单位<") == 1
    assert cell_after(t1, "邮编") == b["postcode"]
    assert cell_after(t1, "移动电话", 1) == b["rd_head"]["mobile"]
    assert cell_after(t1, "电子邮箱", 2) == b["daily_contact"]["email"]
    outcomes = cell_after(t1, "预期成果类型")
    assert "☑专利" in outcomes and "☑新工艺" in outcomes and "□新装置" in outcomes and "□其他" in outcomes
    assert cell_after(t1, "预期知识产权") == "获得国外发明专利2项，国内发明专利25项，其他18项。"
    standards = cell_after(t1, "预期技术标准制定")
    assert "□国际标准" in standards and "☑国家标准" in standards
    staff = next(r for r in rows(t1) if r[0] == "中心人数")
    assert staff[1].startswith("86人。") and staff[2] == "高级32人，中级30人，初级16人，其他8人"
    assert cell_after(t1, "主要研发内容(200字以内)") == b["research"]


@pytest.mark.slow
def test_table2_lead_unit(filled, example):
    doc = open_docx(filled["附件1"])
    t2 = doc.tables[2]
    lead = example["lead"]
    assert_in_order(labels_in_order(t2), [
        "单位名称", "行业领域", "地址", "邮编", "主管单位", "企业负责人", "职务", "电话", "联系人", "Email",
        "QQ号码", "注册资金", "单位性质", "员工总人数", "中级以上职称人数", "研发人员人数", "髙级以上职称人数",
        "近三年销售收入(单位：万元)", "现有资质情况", "主要产品或服务", "比较优势"])
    assert cell_after(t2, "单位名称") == lead["name"]
    assert cell_after(t2, "QQ号码") == lead["qq"]
    assert cell_after(t2, "注册资金") == "86000.00万元"
    nature = cell_after(t2, "单位性质")
    assert "☑国有控股企业" in nature and "□国有企业" in nature
    years = last_three_years()
    sales_row = next(r for r in rows(t2) if r[0] == f"{years[0]}年")
    assert sales_row == [f"{years[0]}年", "452310.50", f"{years[1]}年", "498760.20", f"{years[2]}年", "536120.80"]
    quals = cell_after(t2, "现有资质情况")
    assert "☑其它（国家知识产权示范企业）" in quals and "□创新示范企业" in quals
    product_rows = [r[1] for r in rows(t2) if r[0] == "主要产品或服务"]
    assert len(product_rows) == 8  # the printed blank's eight rows are kept
    assert product_rows[: len(lead["products"])] == lead["products"]
    assert [r[1] for r in rows(t2) if r[0] == "比较优势"][:4] == lead["advantages"]


def starts_page(paragraph) -> bool:
    """A page starts at *paragraph*: its own 段前分页, or that of the empty paragraph of no height
    the documents put right before a heading that starts a page (see ``render.typesetting``)."""
    if paragraph.paragraph_format.page_break_before:
        return True
    before = paragraph._p.getprevious()
    from docx.text.paragraph import Paragraph

    return (before is not None and before.tag == paragraph._p.tag and not Paragraph(before, None).text
            and bool(Paragraph(before, None).paragraph_format.page_break_before))


@pytest.mark.slow
def test_one_member_table_per_unit_each_on_a_new_page(filled, example):
    doc = open_docx(filled["附件1"])
    member_tables = doc.tables[3:]
    assert len(member_tables) == len(example["members"]) == 4
    headings = [p for p in doc.paragraphs if p.text.startswith("3、成员单位基本信息表")]
    assert len(headings) == 4 and all(starts_page(p) for p in headings)
    t2_heading = next(p for p in doc.paragraphs if p.text == "2、牵头单位信息表")
    assert starts_page(t2_heading)
    for table, member in zip(member_tables, example["members"], strict=True):
        assert cell_after(table, "单位名称") == member["name"]
        assert cell_after(table, "手机") == member["contact_mobile"]
        assert cell_after(table, "Email") == member["contact_email"]
        assert_in_order(labels_in_order(table), [
            "单位名称", "地址", "邮编", "法人代表", "国籍", "电话", "联系人", "职务", "手机", "Email",
            "注册成立时间", "注册地址", "注册资金", "外资比例（%）", "资产总额", "固定资产", "经济类型", "职工总数",
            "中级以上职称人员数", "研发人员数", "髙级以上职称人员数", "近三年销售收入(万元)", "近三年R&D投入(万元)",
            "研发机构认定情况", "主营业务\n（主要行业或领域）", "主导产品或服务"])
    first = member_tables[0]
    assert cell_after(first, "注册成立时间") == "2006年8月18日"
    economic = cell_after(first, "经济类型").split("\n")
    assert economic[3].startswith("☑民营企业") and "☑有限责任公司" in economic[3]
    assert all("☑" not in line for i, line in enumerate(economic) if i != 3)
    university = member_tables[2]
    assert "☑其它（请说明：事业单位（高等学校））" in cell_after(university, "经济类型")


def test_fonts_page_size_and_page_numbers(filled):
    doc = open_docx(filled["附件1"])
    section = doc.sections[-1]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    with zipfile.ZipFile(filled["附件1"]) as z:
        styles = z.read("word/styles.xml").decode()
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    for font in ("宋体", "黑体", "仿宋"):
        assert f'w:eastAsia="{font}"' in styles
    assert any("PAGE" in f for f in footers)


def test_plan_headings_follow_the_outline_and_keep_paragraphs(filled, example):
    doc = open_docx(filled["附件2"])
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert_in_order(texts, [
        "附件2", "云南省制造业创新中心建设方案计划书", example["cover"]["centre_name"],
        "一、建设背景和必要性", "（一）有色及稀贵金属产业发展概况。", "（二）建设创新中心的意义。", "二、现有基础",
        "三、建设思路", "（一）定位与功能。", "（二）技术领域及研发方向。", "（三）建设目标。", "（四）建设内容。",
        "四、组建方式", "五、运营机制与内部考核方式", "（一）运行机制。", "（二）内部考核方式。",
        "六、建设周期及空间选址", "（一）建设周期。", "（二）空间选址。", "七、资金方案", "八、保障措施"])
    overview = example["plan"]["background"]["industry_overview"].split("\n")
    start = texts.index(overview[0])
    assert texts[start: start + 3] == overview  # each typed paragraph is its own paragraph
    assert texts[-1] == example["plan"]["safeguards"]


HOSTILE = "A&B <tag> {{ cover.leader }} {% if 1 %}x{% endif %} {_{ }_} \u200f\u05d0 😀 𠀀 \\n"


def test_hostile_text_prints_literally(centre, example, tmp_path):
    example["cover"]["centre_name"] = HOSTILE
    example["lead"]["products"][0] = "=SUM(A1)"
    example["basic"]["address"] = "第一行\n第二行"
    example["plan"]["foundation"] = "响铃\x07换页\x0c退格\x08结束"
    paths = fill_documents(centre, example, tmp_path)
    doc = open_docx(paths[0])
    text = all_text(doc)
    assert HOSTILE in text
    assert "=SUM(A1)" in text
    t1 = doc.tables[1]
    assert cell_after(t1, "中心通讯地址") == "第一行\n第二行"
    plan = all_text(open_docx(paths[1]))
    assert "响铃换页退格结束" in plan


def test_ten_thousand_characters_are_printed_whole(centre, example, tmp_path):
    long_text = "研" * 10_000
    example["basic"]["research"] = long_text
    paths = fill_documents(centre, example, tmp_path)
    assert cell_after(open_docx(paths[0]).tables[1], "主要研发内容(200字以内)") == long_text


def test_invalid_values_are_printed_as_typed(centre, example, tmp_path):
    example["cover"]["mobile"] = "1388881234"  # one digit short
    example["basic"]["investment"] = "约3500"
    paths = fill_documents(centre, example, tmp_path)
    doc = open_docx(paths[0])
    assert [r[2] for r in rows(doc.tables[0])][4] == "1388881234"
    assert cell_after(doc.tables[1], "前期组建总投入") == "约3500万元"


def test_empty_draft_renders_the_blank_form(centre, tmp_path):
    paths = fill_documents(centre, {}, tmp_path)
    doc = open_docx(paths[0])
    t1 = doc.tables[1]
    assert cell_after(t1, "创新中心名称") == ""
    assert "□专利" in cell_after(t1, "预期成果类型")
    assert len(doc.tables) == 3  # no member tables without members


def test_check_boxes_have_runs_of_their_own_in_one_symbol_font(filled):
    """Word and LibreOffice pick a box's font from the text around it; in a run of its own in
    one font (all four font slots) every □/☑ prints alike, and the text reads as before."""
    from docx.oxml.ns import qn

    from yn_forms.render.typesetting import BOX_FONT

    doc = open_docx(filled["附件1"])
    boxes = 0
    for run in doc.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if not any(ch in "□☑" for ch in text):
            continue
        boxes += len(text)
        assert set(text) <= {"□", "☑"}, text
        fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {BOX_FONT}
    assert boxes > 40
    outcomes = cell_after(doc.tables[1], "预期成果类型")
    assert "☑专利" in outcomes and "□新装置" in outcomes  # split into runs, read as one line
