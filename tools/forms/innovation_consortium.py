"""Authors templates/innovation-consortium/: 附件1 组建申请表, 附件2 组建协议, 附件3 建设方案.

Layout follows the attachments of 《云南省创新联合体建设管理工作方案(试行)》 row by row.
Section titles are the fields' titles, which are copied from the
attachments. Template helpers available at render time: box(), blank(), paras(), pad().
"""

from __future__ import annotations

from pathlib import Path

from docx.shared import Pt

from tools.templatekit import (
    Cell,
    L,
    Row,
    T,
    TableSpec,
    Text,
    V,
    add_table,
    cover_page,
    field_title,
    joint,
    new_document,
    new_section,
    outline_document,
    page_numbers,
    para,
    para_loop,
    save,
    seal_cell,
    spans,
    text_block,
    union_grid,
)
from yn_forms.forms.innovation_consortium.model import Agreement, InnovationConsortium, Plan

NOTE = ("依据《云南省创新联合体建设管理工作方案(试行)》（云南省科学技术厅，2022）附件制作；"
        "由云南申报材料填报助手（yn-forms）生成。")

COVER_FIELDS = [
    ("创新联合体名称：", "{{ cover.name }}"),
    ("产业领域：", "{{ cover.industry }}"),
    ("牵头单位", "{{ cover.lead_unit }}", "（盖章）"),
    ("联系人：", "{{ cover.contact }}"),
    ("联系电话：", "{{ cover.phone }}"),
    ("填报日期：", "{{ cover.fill_date }}"),
]

INDENT = "\u3000\u3000"  # two full-width spaces: a unit's details under its name

NOTES = [
    "一、联合体牵头单位须加盖法人公章。",
    "二、产业领域指联合体所涉及我传统特色优势产业、战略性新兴产业",
    "三、成员总数包括牵头和成员单位数。",
    "联合体组建申请表需附《云南省创新联合体组建协议》和《云南省创新联合体建设方案》",
    "统一通过云南省科技管理信息系统申报",
]


def _cover(doc, mark: str, title: str, footer: list[str]) -> None:
    cover_page(doc, mark=mark, titles=[title], fields=COVER_FIELDS, footer=footer,
               label_cm=4.9, suffix_cm=1.9, indent_cm=0.05)  # 8.7 cm of line: a 15-字 unit name


def _heading(text: str, span: int, header: bool = False) -> Row:
    """A section title across the whole table (kept with the rows below it)."""
    return Row([V(text, span, style="YN Cell Heading")], height_cm=0.9, header=header)


def _text_rows(name: str, span: int, height_cm: float) -> list[Row]:
    """一/二/七: the title, then the answer in one tall cell that may run onto the next page."""
    return [_heading(field_title(InnovationConsortium, name), span),
            Row([V(para_loop(name), span, style="YN Cell Text", top=True)], height_cm=height_cm,
                cant_split=False)]


# The rows above 一 pair a label with a value twice; the 成员总数 row holds eight cells.
PAIRS = [3.9, 4.1, 3.6, 4.0]
COUNTS = [2.5, 1.0, 2.5, 1.0, 3.3, 1.0, 3.3, 1.0]
PLATFORM_COUNT = [11.6, 4.0]
GRID = union_grid(PAIRS, COUNTS, PLATFORM_COUNT)


def _pair_row(label1: str, value1: Cell, label2: str, value2: Cell) -> Row:
    s = spans(GRID, PAIRS)
    value1.span, value2.span = s[1], s[3]
    return Row([L(label1, s[0]), value1, L(label2, s[2]), value2], height_cm=0.9)


def _basic(doc) -> None:
    """The rows above 一, then 一 and 二."""
    t = "table"
    full = len(GRID)
    platform = spans(GRID, PLATFORM_COUNT)
    counts = spans(GRID, COUNTS)
    count_cells = [("成员总数(个)", "member_total"), ("企业数量(个)", "enterprises"),
                   ("高等学校数量(个)", "universities"), ("研究机构数量(个)", "institutes")]
    spec = TableSpec(GRID)
    spec.rows += [
        _pair_row("创新联合体名称", V("{{ cover.name }}"),
                  "联合体协议生效时间", L(f"{{{{ {t}.effective_date or '年    月    日' }}}}")),
        _pair_row("产业领域", V("{{ cover.industry }}"), "联合体牵头单位", V("{{ cover.lead_unit }}")),
        _pair_row("推荐首席专家(科学家)", V(f"{{{{ {t}.chief_expert }}}}"),
                  "职务/职称", V(f"{{{{ {t}.chief_expert_title }}}}")),
        Row([L("联合体内已建并正在运行的国家级各类创新平台数量", platform[0]),
             L(f"{{{{ {t}.national_platforms }}}}", platform[1])], height_cm=0.9),
        Row([L("联合体内已建并正在运行的省级各类创新平台数量", platform[0]),
             L(f"{{{{ {t}.provincial_platforms }}}}", platform[1])], height_cm=0.9),
        _pair_row("联系人", V("{{ cover.contact }}"), "联系方式", V("{{ cover.phone }}")),
        Row([cell for i, (label, name) in enumerate(count_cells)
             for cell in (L(label, counts[2 * i]), L(f"{{{{ {t}.{name} }}}}", counts[2 * i + 1]))],
            height_cm=0.9),
        *_text_rows("goals", full, 8.0),
        *_text_rows("expert_cv", full, 6.5),
    ]
    add_table(doc, spec)


def _item(name: str) -> str:
    """A field of a list item; the blank rows that pad() adds are "" (whose .title is a str method)."""
    return f"{{{{ x.{name} if x }}}}"


def _list_table(doc, name: str, widths: list[float], header: list[Text], rows: str, cells: list[Cell],
                height_cm: float = 0.75) -> None:
    """三/四/五/六: title and column header repeated on each page, one row per item of *rows*."""
    span = len(widths)
    spec = TableSpec(widths)
    spec.rows += [
        _heading(field_title(InnovationConsortium, name), span, header=True),
        Row([L(h) for h in header], header=True),
        T(f"{{%tr for x in {rows} %}}"),
        Row(cells, height_cm=height_cm),  # an item is never split across two pages
        T("{%tr endfor %}"),
    ]
    joint(doc)
    add_table(doc, spec)


def _lists(doc) -> None:
    _list_table(doc, "team", [2.2, 1.3, 3.2, 3.4, 5.5],
                ["姓名", "年龄", "职务/职称", "从事专业", "工作单位"], "pad(team, 10)",
                [L(_item("name")), L(_item("age")), L(_item("title")), L(_item("speciality")),
                 L(_item("employer"))])
    _list_table(doc, "platforms", [1.1, 4.0, 2.8, 1.9, 2.4, 3.4],
                ["序号", "平台名称", "学科/产业领域", "国家/省级", "建设时间", "依托单位"], "pad(platforms, 7)",
                [L("{{ loop.index }}"), V(_item("name")), L(_item("discipline")), L(_item("level")),
                 L(_item("built")), L(_item("host"))])
    _list_table(doc, "projects", [1.1, 3.7, 2.3, 2.5, 3.1, 2.9],
                ["序号", "项目名称", "产业领域", "级别\n(国家级/省级)", "实施期", "承担单位"], "pad(projects, 7)",
                [L("{{ loop.index }}"), V(_item("name")), L(_item("industry")), L(_item("level")),
                 L("{{ x.start if x }}{{ '—' if x and (x.start or x.end) }}{{ x.end if x }}"),
                 L(_item("undertaker"))])
    _list_table(doc, "units", [1.1, 5.8, 8.7],
                ["序号", ["牵头和成员单位名称", "及统一社会信用代码"],
                 "在行业(或领域)中的地位,在联合体内分工(限200字)"], "pad(units, 8)",
                [L("{{ loop.index }}"), L([_item("name"), _item("credit_code")]),
                 V(para_loop("x.role if x else ''"), style="YN Cell Text")], height_cm=1.1)


def _closing(doc) -> None:
    """七, then the 牵头单位 / 推荐单位 / 省科技厅 opinion blocks."""
    spec = TableSpec([2.6, 13.0])
    spec.rows += [
        *_text_rows("cooperation", 2, 8.0),
        Row([L("牵头单位意见"), V(seal_cell(
            "牵头单位法人（签章）          牵头单位（盖章）：",
            statement="我单位已对申报材料进行了认真审查,确认所提供材料的真实性,并对此负责。", room=3))],
            keep_with_next=True),
        Row([L("推荐单位\n审核意见"), V(seal_cell("（盖章）", room=6))], keep_with_next=True),
        Row([L("云南省科技厅\n审核意见"), V(seal_cell("（盖章）", room=6))]),
    ]
    joint(doc)
    add_table(doc, spec)


def build_application(path: Path) -> None:
    doc = new_document("云南省创新联合体组建申请表", "附件1", NOTE)
    _cover(doc, "附件1", "云南省创新联合体组建申请表", ["云南省科学技术厅", "2022"])
    para(doc, "填表说明", "YN Title", page_break_before=True).paragraph_format.space_after = Pt(28)
    for line in NOTES:
        para(doc, line, "YN Body")
    tables = new_section(doc)
    page_numbers(tables, start=1)
    para(doc, "云南省创新联合体组建申请表", "YN Title").paragraph_format.space_after = Pt(14)
    _basic(doc)
    _lists(doc)
    _closing(doc)
    save(doc, path)


def build_agreement(path: Path) -> None:
    doc = new_document("云南省创新联合体组建协议", "附件2", NOTE)
    _cover(doc, "附件2", "云南省创新联合体组建协议", ["云南省科学技术厅制"])
    body = new_section(doc)
    page_numbers(body, start=1)
    para(doc, "为推动云南省{{ blank(cover.industry, 4) }}科技创新、技术进步和成果转化,"
              "依据云南省{{ blank(cover.industry, 4) }}产业目前实际情况和"
              "省{{ blank(agreement.special_project, 4) }}重大科技专项要求,"
              "成立{{ blank(cover.name, 8) }},经所有成员单位同意,签署联合组建协议,内容如下。")
    para(doc, "一、牵头和成员单位", "YN H1")
    para(doc, "{%p for u in units %}")
    para(doc, "{{ '牵头单位' if loop.first else '成员单位' }}：{{ u.name }}")
    para(doc, f"{INDENT}统一社会信用代码：{{{{ u.credit_code }}}}")
    para(doc, f"{INDENT}法定代表人：{{{{ u.legal_rep }}}}")
    para(doc, "{%p endfor %}")
    para(doc, "二、技术创新目标(拟解决的关键核心技术问题等)", "YN H1")
    text_block(doc, "goals")
    for name in ("division", "rights", "ip", "integrity", "breach"):
        para(doc, field_title(Agreement, name), "YN H1")
        text_block(doc, f"agreement.{name}")
    para(doc, "八、所有成员单位签章", "YN H1")
    spec = TableSpec([1.1, 4.6, 3.6, 4.0, 2.3])
    spec.rows += [
        Row([L("序号"), L("单位名称"), L("法定代表人（签字）"), L("单位（盖章）"), L("日期")], header=True,
            height_cm=0.9),
        T("{%tr for u in pad(units, 3) %}"),
        Row([L("{{ loop.index }}"), L("{{ u.name if u }}"), L(""), L(""), L("年  月  日")], height_cm=3.0),
        T("{%tr endfor %}"),
    ]
    add_table(doc, spec)
    save(doc, path)


def build_plan(path: Path) -> None:
    doc = outline_document("云南省创新联合体建设方案", "附件3", NOTE, "{{ cover.name }}")
    for name in Plan.model_fields:
        para(doc, field_title(Plan, name), "YN H1")
        text_block(doc, f"plan.{name}")
    save(doc, path)


def build(folder: Path) -> list[Path]:
    out = [folder / "附件1-云南省创新联合体组建申请表.docx",
           folder / "附件2-云南省创新联合体组建协议.docx",
           folder / "附件3-云南省创新联合体建设方案.docx"]
    build_application(out[0])
    build_agreement(out[1])
    build_plan(out[2])
    return out
