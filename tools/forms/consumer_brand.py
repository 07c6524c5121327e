"""Authors templates/consumer-brand/: 附件1 云南消费名品申报书 and 附件3 推荐汇总表.

The notice of 2025-06-13 names its attachments but does not print them,
so this layout is reconstructed from the notice's own words: 申报类型 and 培育方向
from 二(一), the applicant's facts and 基本条件 from 三(一)1, the four criteria from
三(一)2–5 (荣誉及认可 under 品牌影响力), the 证明材料清单 from the draft's enclosures, and the 州（市）
recommendation with its 推荐排序 from 五(一)(二). The document properties say
so; a user holding the official attachment can replace this template (see README).
Template helpers available at render time: box(), blank(), paras(), pad().
"""

from __future__ import annotations

from pathlib import Path

from tools.forms.reconstructed import VOUCHED, numbered_rows
from tools.templatekit import (
    L,
    Row,
    TableSpec,
    V,
    add_table,
    boxes,
    cover_page,
    field_title,
    heading_with_prompt,
    new_document,
    new_section,
    page_numbers,
    para,
    para_loop,
    save,
    seal_cell,
    text_block,
)
from tools.xlsxkit import SummarySheetSpec, build_summary_sheet
from yn_forms.forms.consumer_brand.model import (
    BRAND_TYPES,
    DIRECTIONS,
    ENTERPRISE_DECLARATIONS,
    OWN_BRAND,
    REGION,
    REGION_DECLARATIONS,
    Basics,
    Brand,
    Criteria,
    Enterprise,
    Honour,
    Market,
    Region,
    criteria_prompt,
)
from yn_forms.forms.digital_scenario import SUMMARY_PART as DIGITAL_CASES

NOTE = ("《关于组织开展2025年消费名品方阵推荐申报工作的通知》（云南省工业和信息化厅，2025年6月13日）的附件1"
        "未随通知原文公开，本格式依据通知中申报范围、推荐方向、申报条件、填报形式的表述编制；持有官方附件的，"
        "可用同名模板替换。由云南申报材料填报助手（yn-forms）生成。")

IS_REGION = f"basics.brand_type == '{REGION}'"
APPLICANT = f"{{{{ region.government if {IS_REGION} else enterprise.name }}}}"
BRAND_NAME = f"{{{{ region.brand_name if {IS_REGION} else brand.name }}}}"

# label / value / label / value on a 15.6 cm line
WIDTHS = [3.2, 4.6, 3.0, 4.8]


def _cover(doc) -> None:
    cover_page(
        doc, mark="附件1", titles=["云南消费名品申报书"],
        fields=[
            ("申报类型：", boxes("basics.brand_type", BRAND_TYPES, sep="    ")),
            ("品牌名称：", BRAND_NAME),
            ("申报单位", APPLICANT, "（盖章）"),
            ("所在州（市）：", "{{ basics.prefecture }}"),
            ("填报日期：", "{{ basics.fill_date or '年    月    日' }}"),
        ],
        footer=["云南省工业和信息化厅制", "2025年"], label_cm=4.2, suffix_cm=1.9, indent_cm=0.05)


def _row(label1: str, value1: str, label2: str, value2: str) -> Row:
    return Row([L(label1), V(value1), L(label2), V(value2)], height_cm=0.9)


def _wide(label: str, value: str | list[str]) -> Row:
    return Row([L(label), V(value, 3)], height_cm=0.9)


def _year(var: str) -> str:
    return f"{{{{ {var} }}}}{{{{ '年' if {var} }}}}"


def _market_rows() -> list[Row]:
    """主要产品 and its 市场占有率 (《通知》三(一)3), asked of both kinds."""
    return [_wide(field_title(Market, name), f"{{{{ market.{name} }}}}") for name in ("products", "market_share")]


def _years_rows(section: str) -> list[Row]:
    """近3年经营状况: a row of years, then one row per figure (万元)."""
    rows = [Row([L("近3年经营状况\n（万元）"),
                 *[L(f"{{{{ {section}.revenue[{i}].year }}}}年") for i in range(3)]], height_cm=0.9)]
    for name, label in (("revenue", "营业收入"), ("profit", "利润"), ("tax", "纳税")):
        rows.append(Row([L(label), *[L(_figure(f"{section}.{name}[{i}]", f"{section}.revenue[{i}]"))
                                     for i in range(3)]], height_cm=0.9))
    return rows


def _figure(item: str, header: str) -> str:
    """A year's figure; its own year in brackets when it is not the column's (a slip the rules warn of)."""
    return (f"{{{{ {item}.value }}}}"
            f"{{{{ ('（' ~ {item}.year ~ '年）') if {item}.year != {header}.year }}}}")


def _enterprise_table(doc) -> None:
    e, b = "enterprise", "brand"
    spec = TableSpec(WIDTHS)
    spec.rows += [
        _wide("申报类型", boxes("basics.brand_type", BRAND_TYPES, sep="    ")),
        _row("所在州（市）", "{{ basics.prefecture }}", "重点领域", "{{ basics.key_field }}"),
        _wide("培育方向", boxes("basics.direction", DIRECTIONS, sep="    ")),
        _wide("企业名称", f"{{{{ {e}.name }}}}"),
        _row("统一社会信用代码", f"{{{{ {e}.credit_code }}}}", "成立时间", f"{{{{ {e}.founded }}}}"),
        _wide("注册地址", f"{{{{ {e}.address }}}}"),
        _row("法定代表人", f"{{{{ {e}.legal_rep }}}}", "联系人", f"{{{{ {e}.contact }}}}"),
        _row("手机", f"{{{{ {e}.mobile }}}}", "固定电话", f"{{{{ {e}.phone }}}}"),
        _wide(field_title(Enterprise, "email"), f"{{{{ {e}.email }}}}"),
        _row("品牌名称", f"{{{{ {b}.name }}}}", "商标注册号", f"{{{{ {b}.trademark_no }}}}"),
        _row("商标有效期至", f"{{{{ {b}.trademark_valid_until }}}}", "自主创建",
             f"{{{{ box({b}.own_brand, '{OWN_BRAND[0]}') }}}}是"),
        _wide(field_title(Brand, "founded_year"), _year(f"{b}.founded_year")),
        Row([L(field_title(Brand, "history")), V(para_loop(f"{b}.history"), 3, style="YN Cell Text")],
            height_cm=2.7),
        *_market_rows(),
        *_years_rows("operations"),
        _wide("基本条件", [f"{{{{ box({e}.declarations, '{d}') }}}}{d}" for d in ENTERPRISE_DECLARATIONS]),
    ]
    add_table(doc, spec)


def _region_table(doc) -> None:
    r = "region"
    spec = TableSpec(WIDTHS)
    spec.rows += [
        _wide("申报类型", boxes("basics.brand_type", BRAND_TYPES, sep="    ")),
        _row("所在州（市）", "{{ basics.prefecture }}", "重点领域", "{{ basics.key_field }}"),
        _wide("申报主体（人民政府）", f"{{{{ {r}.government }}}}"),
        _row(field_title(Region, "credit_code"), f"{{{{ {r}.credit_code }}}}",
             "区域品牌名称", f"{{{{ {r}.brand_name }}}}"),
        _row(field_title(Region, "mark_no"), f"{{{{ {r}.mark_no }}}}", "区域品牌产业年产值",
             f"{{{{ {r}.output_value }}}}{{{{ '万元' if {r}.output_value }}}}"),
        *_market_rows(),
        _row("联系人", f"{{{{ {r}.contact }}}}", "手机", f"{{{{ {r}.mobile }}}}"),
        _row("固定电话", f"{{{{ {r}.phone }}}}", field_title(Region, "email"), f"{{{{ {r}.email }}}}"),
        _wide("基本条件", [f"{{{{ box({r}.declarations, '{d}') }}}}{d}" for d in REGION_DECLARATIONS]),
    ]
    add_table(doc, spec)


CRITERIA = ("innovation", "competitiveness", "influence", "culture")


def _criteria(doc) -> None:
    """Each criterion under its heading, with what it is judged on (《通知》三(一)2–5) as its prompt;
    品牌影响力 with the table of the brand's 荣誉及认可 under it."""
    for number, name in zip("二三四五", CRITERIA, strict=True):
        heading_with_prompt(doc, f"{number}、{field_title(Criteria, name)}", criteria_prompt(name))
        text_block(doc, f"criteria.{name}")
        if name == "influence":
            _honours(doc)


def _honours(doc) -> None:
    """荣誉及认可: one row a recognition; at least three rows, to write in by hand."""
    para(doc, field_title(Criteria, "honours"), "YN Table Title")
    spec = TableSpec([1.4, 7.0, 4.8, 2.4])
    spec.rows += numbered_rows(
        [field_title(Honour, n) for n in ("name", "awarded_by", "year")], "criteria.honours",
        [V("{{ x.name if x }}"), V("{{ x.awarded_by if x }}"), L("{{ x.year if x }}{{ '年' if x and x.year }}")])
    add_table(doc, spec)
    para(doc, "", "YN Body")


def _enclosure_list(doc) -> None:
    """六、证明材料清单: the items the draft encloses (its /enclosures, listed by the form's derived
    ``enclosure_list``), each with how it is handed in; three rows at least, to write in by hand."""
    para(doc, "六、证明材料清单", "YN H1")
    spec = TableSpec([1.4, 9.4, 4.8])
    spec.rows += numbered_rows(["材料名称", "提交形式"], "enclosure_list",
                               [V("{{ x.title if x }}"), L("{{ x.given if x }}")])
    add_table(doc, spec)


def _opinions(doc) -> None:
    para(doc, "七、申报单位及推荐单位意见", "YN H1", page_break_before=False)
    rank = field_title(Basics, "rank")
    opinion = seal_cell("（盖章）", statement=VOUCHED, room=3)  # the rank written last, above the seal
    opinion.insert(-3, (f"{rank}：第{{{{ basics.rank or '    ' }}}}位", "YN Cell Text"))
    spec = TableSpec([3.2, 12.4])
    spec.rows += [
        Row([L("申报单位意见"), V(seal_cell(
            "法定代表人（负责人）签字：          申报单位（盖章）：",
            statement="本单位对所填报内容及提交材料的真实性、完整性负责。", room=3))], keep_with_next=True),
        Row([L("州（市）工业和\n信息化主管部门\n" + "推荐意见"),
             V(opinion)]),
    ]
    add_table(doc, spec)


def build_application(path: Path) -> None:
    doc = new_document("云南消费名品申报书", "附件1", NOTE)
    _cover(doc)
    body = new_section(doc)
    page_numbers(body, start=1)
    para(doc, "一、基本情况", "YN H1")
    para(doc, f"{{%p if {IS_REGION} %}}", "YN Small")
    _region_table(doc)
    para(doc, "{%p else %}", "YN Small")
    _enterprise_table(doc)
    para(doc, "{%p endif %}", "YN Small")
    _criteria(doc)
    _enclosure_list(doc)
    _opinions(doc)
    save(doc, path)


def build_summary(path: Path) -> None:
    """附件3, one 汇总表 for the whole 方阵: 消费名品 on the first sheet, the “数字三品” cases,
    which have facts of their own (案例名称, 应用场景方向), on the second."""
    department = "州（市）工业和信息化主管部门（盖章）："
    footer = "填表人及联系电话：{filler}        填表日期：{date}"
    build_summary_sheet(path, SummarySheetSpec(
        title="云南消费名品方阵推荐汇总表",
        mark="附件3",
        department_line=department,
        headers=["序号", "州（市）", "申报类型", "品牌名称", "申报主体", "统一社会信用代码", "重点领域", "培育方向",
                 "联系人", "联系电话", "推荐排序"],
        widths=[6, 20, 10, 16, 28, 22, 10, 10, 10, 15, 9],
        footer=footer,
        blank_rows=3,
        sheet="云南消费名品",
    ), SummarySheetSpec(
        title="云南消费名品方阵推荐汇总表（“数字三品”应用场景典型案例）",
        mark="附件3",
        department_line=department,
        headers=["序号", *(c.header for c in DIGITAL_CASES.columns)],
        widths=[6, 14, 22, 22, 21, 12, 20, 10, 20, 12, 9, 14],  # A3 at 85 % or more: 183 units at most
        footer=footer,
        blank_rows=3,
        sheet=DIGITAL_CASES.sheet,
    ))


def build(folder: Path) -> list[Path]:
    out = [folder / "附件1-云南消费名品申报书.docx", folder / "附件3-云南消费名品方阵推荐汇总表.xlsx"]
    build_application(out[0])
    build_summary(out[1])
    return out


