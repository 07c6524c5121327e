"""The “数字三品” 申报书: labels as printed, in order, every value in its cell, and the □/☑ as chosen."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from docx_helpers import all_text, assert_in_order, cell_after, labels_in_order, open_docx, rows

from yn_forms.forms.digital_scenario import DEFINITION, FILE
from yn_forms.forms.digital_scenario.model import CONDITIONS, DIRECTIONS, INDUSTRIES, IP_STATEMENTS, TRUTH
from yn_forms.render.documents import fill_documents


@pytest.fixture(scope="module")
def example() -> dict:
    return DEFINITION.example()


def fill(data: dict, folder):
    (path,) = fill_documents(DEFINITION, data, folder)
    assert path.name == FILE
    return open_docx(path)


@pytest.fixture(scope="module")
def doc(example, tmp_path_factory):
    return fill(example, tmp_path_factory.mktemp("out"))


def basic_table(doc):
    """一、基本信息: the table that starts with 案例名称 (table 0 is the cover)."""
    return next(t for t in doc.tables if rows(t)[0][0] == "案例名称")


def test_document_properties_say_the_layout_is_reconstructed(doc):
    props = doc.core_properties
    assert props.title == "云南“数字三品”应用场景典型案例申报书" and props.subject == "附件2"
    assert "附件2未随通知原文公开" in props.comments and "二(二)" in props.comments and "三(二)" in props.comments


def test_cover(doc, example):
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert_in_order(texts, ["附件2", "云南“数字三品”应用场景", "典型案例申报书", "云南省工业和信息化厅制",
                            "2025年", "一、基本信息"])  # worded as the other books' covers
    cover = rows(doc.tables[0])
    assert [r[1].strip() for r in cover] == ["案例名称：", "申报单位", "联系人：", "联系电话：", "填报日期："]
    c = example["cover"]
    day = date.fromisoformat(c["fill_date"])
    assert [r[2] for r in cover] == [c["case_name"], c["unit"], c["contact"], c["phone"],
                                     f"{day.year}年{day.month}月{day.day}日"]
    assert cover[1][3] == "（盖章）"


def test_basic_table_labels_in_printed_order(doc):
    assert_in_order(labels_in_order(basic_table(doc)), [
        "案例名称", "申报主体类型", "单位名称", "统一社会信用代码", "成立时间", "注册地址", "法定代表人", "联系人",
        "联系电话", "电子邮箱", "近3年营业收入\n（万元）", "申报条件", "联合申报单位", "序号", "单位名称",
        "统一社会信用代码", "重点行业", "应用场景方向\n（只能选1个）", "三品方向"])


def test_applicant_values_in_their_cells(doc, example):
    table = basic_table(doc)
    a = example["applicant"]
    founded = date.fromisoformat(a["founded"])
    assert cell_after(table, "案例名称") == example["cover"]["case_name"]
    assert cell_after(table, "单位名称") == a["name"]
    assert cell_after(table, "统一社会信用代码") == a["credit_code"]
    assert cell_after(table, "成立时间") == f"{founded.year}年{founded.month}月{founded.day}日"
    assert cell_after(table, "注册地址") == a["address"]
    assert cell_after(table, "法定代表人") == a["legal_rep"]
    assert cell_after(table, "联系人") == a["contact"]
    assert cell_after(table, "联系电话") == a["phone"]
    assert cell_after(table, "电子邮箱") == a["email"]
    assert cell_after(table, "申报主体类型") == "☑消费品企业      □互联网平台企业"
    revenue = next(r for r in rows(table) if r[0].startswith("近3年营业收入"))
    assert revenue[1:] == [x for y in a["revenue"] for x in (f"{y['year']}年", y["value"])]
    assert cell_after(table, "申报条件") == "\n".join("☑" + c for c in CONDITIONS)


def test_joint_units_rows(doc, example):
    table = basic_table(doc)
    texts = rows(table)
    head = next(i for i, r in enumerate(texts) if r[0] == "联合申报单位")
    assert texts[head] == ["联合申报单位", "序号", "单位名称", "统一社会信用代码", "分工"]
    unit = example["joint_units"][0]
    assert texts[head + 1] == ["联合申报单位", "1", unit["name"], unit["credit_code"], unit["role"]]  # label merges
    assert texts[head + 2][0] == "重点行业"  # no stray blank row


def test_no_joint_units_print_one_row_saying_none(example, tmp_path):
    data = copy.deepcopy(example)
    data["joint_units"] = []
    texts = rows(basic_table(fill(data, tmp_path)))
    head = next(i for i, r in enumerate(texts) if r[0] == "联合申报单位")
    assert texts[head + 1] == ["联合申报单位", "", "无", "", ""]
    assert texts[head + 2][0] == "重点行业"


def test_two_joint_units(example, tmp_path):
    data = copy.deepcopy(example)
    data["joint_units"].append({"name": "普洱茶山物流有限公司", "credit_code": "91532300MA6L8B4C19",
                                "role": "冷链仓储"})
    doc = fill(data, tmp_path)
    texts = rows(basic_table(doc))
    head = next(i for i, r in enumerate(texts) if r[0] == "联合申报单位")
    first = data["joint_units"][0]
    assert [r[1:] for r in texts[head + 1:head + 3]] == [
        ["1", first["name"], first["credit_code"], first["role"]],
        ["2", "普洱茶山物流有限公司", "91532300MA6L8B4C19", "冷链仓储"]]
    statement = rows(doc.tables[-1])[0][1].split("\n")  # a 盖章 line of its own for each joint unit, named
    assert [line for line in statement if line.startswith("联合申报单位（盖章）")] == [
        f"联合申报单位（盖章）：{first['name']}", "联合申报单位（盖章）：普洱茶山物流有限公司"]


def test_all_ten_directions_print_with_the_chosen_one_ticked(doc, example):
    texts = rows(basic_table(doc))
    cells = [c for r in texts if r[0].startswith("应用场景方向") for c in r[1:]]
    assert [c[1:] for c in cells] == DIRECTIONS  # all ten, in the notice's order, two a row
    picked = example["scenario"]["directions"][0]
    assert [c[0] for c in cells] == ["☑" if d == picked else "□" for d in DIRECTIONS]


def test_industry_and_aims_boxes(doc, example):
    table = basic_table(doc)
    industry = cell_after(table, "重点行业")
    for option in INDUSTRIES:
        mark = "☑" if option == example["scenario"]["industry"] else "□"
        assert mark + option in industry
    assert cell_after(table, "三品方向") == "□增品种      ☑提品质      ☑创品牌"


def test_case_sections_in_order_with_the_figures_table(doc, example):
    texts = [p.text.strip() for p in doc.paragraphs if p.text.strip()]
    c = example["case"]
    assert_in_order(texts, [
        "二、案例内容",
        "（一）案例背景", *c["background"].split("\n"),
        "（二）解决方案", *c["solution"].split("\n"),
        "（三）应用模式", *c["mode"].split("\n"),
        "（四）应用成效", *c["results"].split("\n"), "应用成效指标",
        "（五）推广价值", *c["value"].split("\n"),
        "三、声明及推荐意见"])
    figures = rows(next(t for t in doc.tables if rows(t)[0] == ["序号", "指标", "应用前", "应用后"]))
    assert figures[1:] == [[str(i + 1), f["indicator"], f["before"], f["after"]] for i, f in enumerate(c["figures"])]


def test_no_figures_leave_three_rows_to_write_in(example, tmp_path):
    data = copy.deepcopy(example)
    data["case"]["figures"] = []
    doc = fill(data, tmp_path)
    figures = rows(next(t for t in doc.tables if rows(t)[0] == ["序号", "指标", "应用前", "应用后"]))
    assert figures[1:] == [["1", "", "", ""], ["2", "", "", ""], ["3", "", "", ""]]


def test_statement_signature_and_recommendation(doc):
    closing = rows(doc.tables[-1])
    assert [r[0] for r in closing] == ["申报单位声明", "州（市）工业和信息化主管部门推荐意见"]
    statement = closing[0][1]
    assert f"☑{TRUTH[0]}。" in statement and f"☑{IP_STATEMENTS[0]}。" in statement
    assert "对所推荐申报材料的真实性、完整性、规范性负责" in closing[1][1]  # 《通知》五(二), the 州（市）'s
    for mark in ("法定代表人（签字）", "申报单位（盖章）", "联合申报单位（盖章）", "年    月    日"):
        assert mark in statement
    assert "（盖章）" in closing[1][1] and "年    月    日" in closing[1][1]


def test_unticked_statement_prints_an_empty_box_and_no_joint_seal(example, tmp_path):
    data = copy.deepcopy(example)
    data["declaration"] = {"ip": [], "truth": []}
    data["joint_units"] = []
    statement = rows(fill(data, tmp_path).tables[-1])[0][1]
    assert f"□{IP_STATEMENTS[0]}。" in statement and f"□{TRUTH[0]}。" in statement
    assert "联合申报单位（盖章）" not in statement and "申报单位（盖章）" in statement


def test_two_directions_ticked_print_as_typed(example, tmp_path):
    """With --allow-incomplete a draft that breaks 只能申报1个方向 still prints exactly what was ticked."""
    data = copy.deepcopy(example)
    data["scenario"]["directions"] = [DIRECTIONS[0], DIRECTIONS[9]]
    texts = rows(basic_table(fill(data, tmp_path)))
    cells = [c for r in texts if r[0].startswith("应用场景方向") for c in r[1:]]
    assert [c[1:] for c in cells if c.startswith("☑")] == [DIRECTIONS[0], DIRECTIONS[9]]


def test_hostile_text_prints_literally(example, tmp_path):
    data = copy.deepcopy(example)
    data["case"]["background"] = "A&B <公司> {{ x }} {% if %}\n第二段"
    data["case"]["figures"][0]["indicator"] = "=1+1 <指标>"
    doc = fill(data, tmp_path)
    text = all_text(doc)
    assert "A&B <公司> {{ x }} {% if %}" in text and "=1+1 <指标>" in text
    assert "第二段" in [p.text for p in doc.paragraphs]
