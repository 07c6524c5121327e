"""The 创新联合体 attachments: labels as printed, in order, and every value in its cell."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from docx_helpers import all_text, assert_in_order, cell_after, labels_in_order, open_docx, rows

from yn_forms.forms.innovation_consortium import DEFINITION
from yn_forms.render.documents import fill_documents


@pytest.fixture(scope="module")
def example() -> dict:
    return DEFINITION.example()


@pytest.fixture(scope="module")
def filled(example, tmp_path_factory):
    paths = fill_documents(DEFINITION, example, tmp_path_factory.mktemp("out"))
    return {p.name[:3]: open_docx(p) for p in paths}


def section_table(doc, title_start: str):
    """The table whose first row is the section title starting with *title_start*."""
    for table in doc.tables:
        if rows(table) and rows(table)[0][0].startswith(title_start):
            return table
    raise AssertionError(f"no table titled {title_start}")


def test_cover_and_instructions(filled, example):
    doc = filled["附件1"]
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert_in_order(texts, ["附件1", "云南省创新联合体组建申请表", "云南省科学技术厅", "2022", "填表说明",
                            "一、联合体牵头单位须加盖法人公章。",
                            "二、产业领域指联合体所涉及我传统特色优势产业、战略性新兴产业",
                            "三、成员总数包括牵头和成员单位数。"])
    cover = rows(doc.tables[0])
    assert [r[1].strip() for r in cover] == ["创新联合体名称：", "产业领域：", "牵头单位", "联系人：", "联系电话：",
                                             "填报日期："]
    c = example["cover"]
    day = date.fromisoformat(c["fill_date"])
    assert [r[2] for r in cover] == [c["name"], c["industry"], c["lead_unit"], c["contact"], c["phone"],
                                     f"{day.year}年{day.month}月{day.day}日"]
    assert cover[2][3] == "（盖章）"


def test_main_table_in_printed_order(filled, example):
    table = filled["附件1"].tables[1]
    assert_in_order(labels_in_order(table), [
        "创新联合体名称", "联合体协议生效时间", "产业领域", "联合体牵头单位", "推荐首席专家(科学家)", "职务/职称",
        "联合体内已建并正在运行的国家级各类创新平台数量", "联合体内已建并正在运行的省级各类创新平台数量",
        "联系人", "联系方式", "成员总数(个)", "企业数量(个)", "高等学校数量(个)", "研究机构数量(个)",
        "一、技术创新目标(拟解决的关键核心技术问题等,限500字)",
        "二、推荐首席专家(科学家)科研简历(含取得的代表性创新成果、主要学术任职等)"])
    t = example["table"]
    assert cell_after(table, "创新联合体名称") == example["cover"]["name"]
    assert cell_after(table, "联合体牵头单位") == example["cover"]["lead_unit"]
    assert cell_after(table, "推荐首席专家(科学家)") == t["chief_expert"]
    assert cell_after(table, "职务/职称") == t["chief_expert_title"]
    assert cell_after(table, "联合体内已建并正在运行的国家级各类创新平台数量") == "1"
    assert cell_after(table, "联合体内已建并正在运行的省级各类创新平台数量") == "3"
    assert cell_after(table, "联系方式") == example["cover"]["phone"]
    assert [cell_after(table, k) for k in ("成员总数(个)", "企业数量(个)", "高等学校数量(个)", "研究机构数量(个)")] \
        == ["5", "3", "1", "1"]
    texts = [r[0] for r in rows(table)]
    goals = texts.index("一、技术创新目标(拟解决的关键核心技术问题等,限500字)")
    assert texts[goals + 1] == example["goals"]  # paragraphs kept, one per line typed


@pytest.mark.slow
def test_team_platform_and_project_tables(filled, example):
    doc = filled["附件1"]
    team = rows(section_table(doc, "三、科研团队情况"))
    assert team[1] == ["姓名", "年龄", "职务/职称", "从事专业", "工作单位"]
    people = example["team"]
    assert team[2:2 + len(people)] == [[m["name"], str(m["age"]), m["title"], m["speciality"], m["employer"]]
                                       for m in people]
    assert len(team) - 2 >= 10 and all(not any(r) for r in team[2 + len(people):])  # the blank keeps its rows

    platforms = rows(section_table(doc, "四、牵头和成员单位已建并正在运行的省级及以上创新平台"))
    assert platforms[1] == ["序号", "平台名称", "学科/产业领域", "国家/省级", "建设时间", "依托单位"]
    assert platforms[2] == ["1", "轻金属清洁冶金国家地方联合工程研究中心", "有色金属冶金", "国家级", "2013年6月",
                            example["cover"]["lead_unit"]]
    assert [r[0] for r in platforms[2:]] == [str(i) for i in range(1, 8)]

    projects = rows(section_table(doc, "五、牵头和成员单位近三年承担的省级及以上科技计划项目(财政支持200万及以上)"))
    assert projects[1] == ["序号", "项目名称", "产业领域", "级别(国家级/省级)", "实施期", "承担单位"]
    p = example["projects"][1]
    y0, m0 = (int(x) for x in p["start"].split("-"))
    y1, m1 = (int(x) for x in p["end"].split("-"))
    assert projects[3] == ["2", p["name"], p["industry"], "省级", f"{y0}年{m0}月—{y1}年{m1}月", p["undertaker"]]
    assert "500.00" not in all_text(doc)  # 财政支持 is for checking only: the table has no such column


def test_units_table_and_opinion_blocks(filled, example):
    doc = filled["附件1"]
    units = rows(section_table(doc, "六、牵头和成员单位在行业(或领域)中地位的简要说明"))
    assert units[1] == ["序号", "牵头和成员单位名称\n及统一社会信用代码",
                        "在行业(或领域)中的地位,在联合体内分工(限200字)"]
    for i, unit in enumerate(example["units"]):
        assert units[2 + i] == [str(i + 1), f"{unit['name']}\n{unit['credit_code']}", unit["role"]]
    assert len(units) - 2 >= 8
    last = rows(section_table(doc, "七、创新联合体已具备的合作基础、开展活动和取得的实效(限500字)"))
    assert last[1] == [example["cooperation"]]
    assert [r[0] for r in last[2:]] == ["牵头单位意见", "推荐单位审核意见", "云南省科技厅审核意见"]
    lead_opinion = last[2][1]
    assert "我单位已对申报材料进行了认真审查,确认所提供材料的真实性,并对此负责。" in lead_opinion
    for mark in ("牵头单位法人（签章）", "牵头单位（盖章）", "年    月    日"):
        assert mark in lead_opinion
    assert all("（盖章）" in r[1] and "年    月    日" in r[1] for r in last[3:])


def test_agreement_parties_sections_and_seal_table(filled, example):
    doc = filled["附件2"]
    texts = [p.text.strip() for p in doc.paragraphs if p.text.strip()]
    assert_in_order(texts, ["附件2", "云南省创新联合体组建协议", "云南省科学技术厅制"])
    preamble = next(t for t in texts if t.startswith("为推动"))
    assert preamble == ("为推动云南省绿色铝科技创新、技术进步和成果转化,依据云南省绿色铝产业目前实际情况和省绿色铝"
                        "重大科技专项要求,成立云南省绿色铝创新联合体,经所有成员单位同意,签署联合组建协议,内容如下。")
    a = example["agreement"]
    assert_in_order(texts, [
        "一、牵头和成员单位", f"牵头单位：{example['units'][0]['name']}",
        f"统一社会信用代码：{example['units'][0]['credit_code']}", f"法定代表人：{example['units'][0]['legal_rep']}",
        f"成员单位：{example['units'][1]['name']}",
        "二、技术创新目标(拟解决的关键核心技术问题等)", example["goals"].split("\n")[0],
        "三、任务具体分工", a["division"].split("\n")[0],
        "四、各成员单位的责权利(明确创新联合体解散时各成员单位的权责分配)", a["rights"].split("\n")[1],
        "五、科技成果和知识产权归属、许可使用和转化收益分配办法", a["ip"],
        "六、科研诚信追究方式", a["integrity"],
        "七、违约责任追究方式", a["breach"].split("\n")[1],
        "八、所有成员单位签章"])
    seals = rows(doc.tables[-1])
    assert seals[0] == ["序号", "单位名称", "法定代表人（签字）", "单位（盖章）", "日期"]
    assert [r[1] for r in seals[1:]] == [u["name"] for u in example["units"]]
    assert all(r[2] == "" and r[3] == "" for r in seals[1:])  # left for signatures and seals


def test_plan_has_the_seven_outline_sections(filled, example):
    texts = [p.text.strip() for p in filled["附件3"].paragraphs if p.text.strip()]
    p = example["plan"]
    assert_in_order(texts, [
        "附件3", "云南省创新联合体建设方案", example["cover"]["name"],
        "一、建设意义及必要性", p["significance"], "二、建设基础和优势", p["foundation"],
        "三、建设思路和目标", *p["approach"].split("\n"), "四、重点任务", p["tasks"],
        "五、组织架构和运行机制", p["organisation"], "六、保障措施", p["safeguards"], "七、进度计划", p["schedule"]])


@pytest.mark.slow
def test_many_members_and_hostile_text(example, tmp_path):
    """20 units and a long team table still come out whole; typed markup prints literally."""
    data = copy.deepcopy(example)
    extra = copy.deepcopy(data["units"][1])
    for i in range(15):
        unit = dict(extra, name=f"成员单位{i:02d} <&> {{{{ x }}}}", credit_code="")
        data["units"].append(unit)
    data["team"] = data["team"] * 5
    (app, agreement, _plan) = (open_docx(p) for p in fill_documents(DEFINITION, data, tmp_path))
    units = rows(section_table(app, "六、"))
    assert units[2 + 19][1].startswith("成员单位14 <&> {{ x }}")
    assert len(rows(section_table(app, "三、"))) == 2 + 30
    assert [r[1] for r in rows(agreement.tables[-1])[1:]][-1] == "成员单位14 <&> {{ x }}"
