"""云南消费名品申报书 for both kinds of brand, and the 州（市） 推荐汇总表."""

from __future__ import annotations

from datetime import date

import pytest
from brand_examples import region_example
from docx_helpers import all_text, assert_in_order, cell_after, labels_in_order, open_docx, rows
from openpyxl import load_workbook

from yn_forms.core.years import last_three_years
from yn_forms.forms.consumer_brand import DEFINITION
from yn_forms.render.documents import fill_documents
from yn_forms.render.summary import write_summary_file


@pytest.fixture(scope="module")
def enterprise() -> dict:
    return DEFINITION.example()


@pytest.fixture(scope="module")
def region() -> dict:
    return region_example()


def render(data: dict, folder):
    (path,) = fill_documents(DEFINITION, data, folder)
    assert path.name == "附件1-云南消费名品申报书.docx"
    return open_docx(path)


def test_document_says_where_its_layout_comes_from(enterprise, tmp_path):
    props = render(enterprise, tmp_path).core_properties
    assert props.title == "云南消费名品申报书" and props.subject == "附件1"
    assert "未随通知原文公开" in props.comments and "可用同名模板替换" in props.comments


def test_enterprise_brand_cover_and_table(enterprise, tmp_path):
    doc = render(enterprise, tmp_path)
    cover = rows(doc.tables[0])
    assert [r[1].strip() for r in cover] == ["申报类型：", "品牌名称：", "申报单位", "所在州（市）：", "填报日期："]
    assert [r[2] for r in cover][:4] == ["☑企业品牌    □区域品牌", "滇七", "文山滇七生物科技股份有限公司",
                                         "文山壮族苗族自治州"]
    assert cover[2][3] == "（盖章）"
    table = doc.tables[1]
    assert_in_order(labels_in_order(table), [
        "申报类型", "所在州（市）", "重点领域", "培育方向", "企业名称", "统一社会信用代码", "成立时间", "注册地址",
        "法定代表人", "联系人", "手机", "固定电话", "电子邮箱", "品牌名称", "商标注册号", "商标有效期至", "自主创建",
        "品牌创立时间", "品牌历史文化底蕴", "主要产品", "市场占有率",
        "近3年经营状况（万元）", "营业收入", "利润", "纳税", "基本条件"])
    e = enterprise["enterprise"]
    assert cell_after(table, "培育方向") == "□历史经典    ☑时代优品    □潮流新锐"
    assert cell_after(table, "统一社会信用代码") == e["credit_code"]
    assert cell_after(table, "成立时间") == "2008年4月16日"
    assert cell_after(table, "商标注册号") == enterprise["brand"]["trademark_no"]
    assert cell_after(table, "自主创建") == "☑是"
    assert cell_after(table, "电子邮箱") == e["email"]
    assert cell_after(table, "品牌创立时间") == "1998年"
    assert cell_after(table, "品牌历史文化底蕴").split("\n") == enterprise["brand"]["history"].split("\n")
    assert cell_after(table, "主要产品") == enterprise["market"]["products"]
    assert cell_after(table, "市场占有率") == enterprise["market"]["market_share"]
    years = next(r for r in rows(table) if r[0] == "近3年经营状况（万元）")
    assert years[1:] == [f"{y}年" for y in last_three_years()]
    profit = next(r for r in rows(table) if r[0] == "利润")
    assert profit[1:] == [v["value"] for v in enterprise["operations"]["profit"]]
    assert cell_after(table, "基本条件").split("\n") == [
        "☑依法注册登记，具有独立法人资格", "☑近3年经营状况良好", "☑在信用、质量、安全和环保等方面无不良记录"]
    assert "区域品牌名称" not in all_text(doc)  # the other kind's table is not printed


def test_criteria_and_opinion_blocks(enterprise, tmp_path):
    doc = render(enterprise, tmp_path)
    texts = [p.text.split("\n")[0] for p in doc.paragraphs if p.text.strip()]  # a heading's first line
    c = enterprise["criteria"]
    assert_in_order(texts, ["一、基本情况", "二、产品创新力", c["innovation"], "三、市场竞争力", c["competitiveness"],
                            "四、品牌影响力", c["influence"], "荣誉及认可", "五、文化赋能力", c["culture"],
                            "六、证明材料清单", "七、申报单位及推荐单位意见"])
    opinions = rows(doc.tables[-1])
    assert [r[0] for r in opinions] == ["申报单位意见", "州（市）工业和信息化主管部门推荐意见"]
    assert "申报单位（盖章）" in opinions[0][1] and "年    月    日" in opinions[1][1]
    assert "推荐排序：第    位" in opinions[1][1]  # the 州（市） writes it in by hand
    honours = rows(doc.tables[2])
    assert honours[0] == ["序号", "荣誉名称", "授予单位", "获得时间"]
    assert honours[1:3] == [[str(i), h["name"], h["awarded_by"], f"{h['year']}年"]
                            for i, h in enumerate(c["honours"], 1)]
    assert honours[3] == ["3", "", "", ""]  # a row left to write in by hand


def test_the_enclosure_list_is_what_the_draft_encloses(enterprise, tmp_path):
    """六、证明材料清单 lists the items of /enclosures as the 证明材料 page keeps them, not a list typed again."""
    data = {**enterprise, "enclosures": [
        *enterprise["enclosures"][1:],
        {"item": "", "title": "中华老字号证书", "name": "老字号.pdf", "file": "0123456789abcdef-老字号.pdf",
         "size": 1000, "sha256": "0" * 64, "pages": 2, "type": "pdf"},
        {"item": "", "title": "中华老字号证书", "name": "老字号2.pdf", "file": "0123456789abcdef-老字号2.pdf",
         "size": 1000, "sha256": "1" * 64, "pages": 1, "type": "pdf"}],
        "basics": {**enterprise["basics"], "rank": 2}}
    doc = render(data, tmp_path)
    listed = next(t for t in doc.tables if rows(t)[0] == ["序号", "材料名称", "提交形式"])
    assert rows(listed)[1:] == [["1", "商标注册证", "纸质件另附"], ["2", "中华老字号证书", "电子文件2份，共3页"],
                                ["3", "", ""]]
    assert "推荐排序：第2位" in rows(doc.tables[-1])[1][1]


@pytest.mark.parametrize("kind", ["enterprise", "region"])
def test_each_criterion_prints_what_it_is_judged_on_under_its_heading(kind, enterprise, region, tmp_path):
    """《通知》三(一)2–5, point by point, as the prompt of each section, for both kinds of brand."""
    doc = render(enterprise if kind == "enterprise" else region, tmp_path)
    headed = {p.text.split("\n")[0]: p.text.split("\n")[1].strip() for p in doc.paragraphs if "\n" in p.text}
    assert headed == {
        "二、产品创新力": "（请围绕主要产品技术水平；高端化、智能化、绿色化水平；自主创新能力等方面填写。）",
        "三、市场竞争力": ("（请围绕主要产品市场占有率；质量管理水平；产业优势特色；产业链完整程度；"
                    "产业根植性等方面填写。）"),
        "四、品牌影响力": "（请围绕品牌培育管理体系；品牌影响力；美誉度；消费者认可程度等方面填写。）",
        "五、文化赋能力": "（请围绕工业设计水平；与传统文化融合；品牌独特性；文化赋能性等方面填写。）",
    }
    prompt = next(p for p in doc.paragraphs if p.text.startswith("二、产品创新力"))
    from docx.oxml.ns import qn

    prompt_run = prompt.runs[-1]
    assert prompt_run.font.size.pt == 14 and prompt_run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "楷体"
    assert prompt.style.name == "YN H1"  # one paragraph: the heading never parts from its prompt


def test_region_brand_prints_the_government_table(region, tmp_path):
    doc = render(region, tmp_path)
    cover = rows(doc.tables[0])
    assert [r[2] for r in cover][:3] == ["□企业品牌    ☑区域品牌", "宣威火腿", "宣威市人民政府"]
    table = doc.tables[1]
    assert_in_order(labels_in_order(table), ["申报类型", "所在州（市）", "重点领域", "申报主体（人民政府）",
                                             "统一社会信用代码", "区域品牌名称", "地理标志／集体商标注册号",
                                             "区域品牌产业年产值", "主要产品", "市场占有率", "联系人", "手机",
                                             "固定电话", "电子邮箱", "基本条件"])
    assert cell_after(table, "申报主体（人民政府）") == "宣威市人民政府"
    r = region["region"]
    assert cell_after(table, "统一社会信用代码") == r["credit_code"]
    assert cell_after(table, "地理标志／集体商标注册号") == r["mark_no"]
    assert cell_after(table, "电子邮箱") == r["email"]
    assert cell_after(table, "主要产品") == region["market"]["products"]
    assert cell_after(table, "区域品牌产业年产值") == "450000.00万元"
    assert cell_after(table, "基本条件") == "☑近3年无重大质量安全等事故"
    text = all_text(doc)
    assert "企业名称" not in text and "培育方向" not in text and "文山滇七" not in text  # the company's data stays out


def test_summary_of_both_kinds(enterprise, region, tmp_path):
    out = write_summary_file(DEFINITION, [enterprise, region], tmp_path / "汇总.xlsx",
                             department="文山州工业和信息化局", filler="李明 0876-2123456", on=date(2026, 11, 23)).path
    ws = load_workbook(out).active
    assert ws["A1"].value == "附件3" and ws["A2"].value == "云南消费名品方阵推荐汇总表"
    assert ws["A3"].value == "州（市）工业和信息化主管部门（盖章）：文山州工业和信息化局"
    assert [c.value for c in ws[4]] == ["序号", "州（市）", "申报类型", "品牌名称", "申报主体", "统一社会信用代码",
                                        "重点领域", "培育方向", "联系人", "联系电话", "推荐排序"]
    assert [c.value for c in ws[5]] == ["1", "文山壮族苗族自治州", "企业品牌", "滇七", "文山滇七生物科技股份有限公司",
                                        "91532600MA6Q4B7N2J", "医药", "时代优品", "王丽萍", "13988765432", None]
    assert [c.value or "" for c in ws[6]] == ["2", "曲靖市", "区域品牌", "宣威火腿", "宣威市人民政府",
                                              region["region"]["credit_code"], "食品", "", "张建国", "13577412345", ""]
    assert ws["A7"].value == "3" and ws["B7"].value is None  # the template's third numbered row stays
    assert ws["A8"].value == "填表人及联系电话：李明 0876-2123456        填表日期：2026年11月23日"
