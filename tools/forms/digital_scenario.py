"""Authors templates/digital-scenario/: 附件2 云南“数字三品”应用场景典型案例申报书.

The notice of 2025-06-13 (《关于组织开展2025年消费名品方阵推荐申报工作的通知》) names this
attachment but does not print it, so this layout is reconstructed from the notice's own words — 二(二) for
the 重点行业, the ten 应用场景方向 and the “三品”, 三(二) for the applicant, the
joint units, the case and the 知识产权 statement, 四 for the applicant's seal and
the 州（市） recommendation. The document properties say so; a clerk holding the
official attachment can replace this template with a file of the same name.
Template helpers available at render time: box(), blank(), paras(), pad().
"""

from __future__ import annotations

from pathlib import Path

from tools.forms.reconstructed import VOUCHED, numbered_rows
from tools.templatekit import (
    DATE_LINE,
    Cell,
    L,
    Part,
    Row,
    T,
    TableSpec,
    V,
    add_table,
    boxes,
    cover_page,
    field_title,
    grid_row,
    new_document,
    new_section,
    page_numbers,
    para,
    save,
    seal_cell,
    text_block,
    union_grid,
)
from yn_forms.forms.digital_scenario import FILE, TITLE
from yn_forms.forms.digital_scenario.model import (
    AIMS,
    CONDITIONS,
    DIRECTIONS,
    INDUSTRIES,
    IP_STATEMENTS,
    SUBJECT_TYPES,
    TRUTH,
    Applicant,
    Case,
    Cover,
    DigitalScenario,
    JointUnit,
    Scenario,
)

NOTE = ("《关于组织开展2025年消费名品方阵推荐申报工作的通知》（云南省工业和信息化厅，2025年6月13日）的附件2"
        "未随通知原文公开，本格式依据通知二(二)推荐方向、三(二)申报条件和四填报形式的表述编制；"
        "持有官方附件的，可用同名模板替换。由云南申报材料填报助手（yn-forms）生成。")

# 一、基本信息: every row is one of these shapes, on one grid (cm)
PAIR = [3.3, 4.4, 2.8, 5.1]  # label, value, label, value (an 18-character code fits the first value)
YEARS = [3.3, 1.4, 2.7, 1.4, 2.7, 1.4, 2.7]  # label, then year and amount three times
UNITS = [3.3, 1.0, 4.1, 4.4, 2.8]  # 联合申报单位: label, 序号, 单位名称, 统一社会信用代码, 分工
TWO = [3.3, 5.5, 6.8]  # 应用场景方向: two options a row, the two longest names fall on the right
WIDE = [3.3, 12.3]  # label, value across the table
GRID = union_grid(PAIR, YEARS, UNITS, TWO, WIDE)

CASE_NUMBERS = ["（一）", "（二）", "（三）", "（四）", "（五）"]
SIGNATURE = "法定代表人（签字）：            申报单位（盖章）："


def _wide(label: str, value: Cell) -> Row:
    return grid_row(GRID, WIDE, [L(label), value], height_cm=0.9)


def _pair(label1: str, value1: str, label2: str, value2: str) -> Row:
    return grid_row(GRID, PAIR, [L(label1), V(value1), L(label2), V(value2)], height_cm=0.9)


def _a(name: str) -> str:
    """A field of the applicant, as a template expression."""
    return f"{{{{ applicant.{name} }}}}"


def _applicant_rows() -> list[Row]:
    def t(name: str) -> str:
        return field_title(Applicant, name)

    revenue = [L([t("revenue"), "（万元）"])]
    for i in range(3):
        revenue += [L(f"{{{{ applicant.revenue[{i}].year or '20  ' }}}}年"),
                    L(f"{{{{ applicant.revenue[{i}].value }}}}")]
    return [
        _wide(field_title(Cover, "case_name"), V("{{ cover.case_name }}")),
        _wide(t("subject_type"), V(boxes("applicant.subject_type", SUBJECT_TYPES, sep="      "))),
        _wide(t("name"), V(_a("name"))),
        _pair(t("credit_code"), _a("credit_code"), t("founded"), _a("founded")),
        _wide(t("address"), V(_a("address"))),
        _wide(t("prefecture"), V(_a("prefecture"))),
        _pair(t("legal_rep"), _a("legal_rep"), t("contact"), _a("contact")),
        _pair(t("phone"), _a("phone"), t("email"), _a("email")),
        grid_row(GRID, YEARS, revenue, height_cm=0.9),
        _wide(t("conditions"), V([boxes("applicant.conditions", [c]) for c in CONDITIONS])),
    ]


def _joint_rows() -> list[Row]:
    """The other units of a joint application; a single “无” row when the case is not joint."""
    label = field_title(DigitalScenario, "joint_units")
    headers = [field_title(JointUnit, name) for name in ("name", "credit_code", "role")]
    return [
        grid_row(GRID, UNITS, [L(label, vmerge="restart"), L("序号"), *(L(h) for h in headers)], height_cm=0.9),
        T("{%tr for x in pad(joint_units, 1) %}"),
        grid_row(GRID, UNITS, [L("", vmerge="continue"), L("{{ loop.index if x }}"),
                               V("{{ x.name if x else '无' }}"), L("{{ x.credit_code if x }}"),
                               V("{{ x.role if x }}")], height_cm=0.9),
        T("{%tr endfor %}"),
    ]


def _scenario_rows() -> list[Row]:
    def t(name: str) -> str:
        return field_title(Scenario, name)

    var = "scenario.directions"
    pairs = [DIRECTIONS[i:i + 2] for i in range(0, len(DIRECTIONS), 2)]
    directions = [
        grid_row(GRID, TWO, [
            L([t("directions"), "（只能选1个）"] if i == 0 else "", vmerge="restart" if i == 0 else "continue"),
            *(V(f"{{{{ box({var}, '{option}') }}}}{option}") for option in pair)], height_cm=0.8)
        for i, pair in enumerate(pairs)]
    return [
        _wide(t("industry"), V([boxes("scenario.industry", INDUSTRIES[:3], sep="      "),
                                boxes("scenario.industry", INDUSTRIES[3:], sep="      ")])),
        *directions,
        _wide(t("aims"), V(boxes("scenario.aims", AIMS, sep="      "))),
    ]


def _basic(doc) -> None:
    para(doc, "一、基本信息", "YN H1")
    spec = TableSpec(GRID)
    spec.rows += [*_applicant_rows(), *_joint_rows(), *_scenario_rows()]
    add_table(doc, spec)


def _figures(doc) -> None:
    """成效 with figures: one row per measure, before and after; at least three rows, to write in by hand."""
    para(doc, field_title(Case, "figures"), "YN Table Title")
    spec = TableSpec([1.4, 6.6, 3.8, 3.8])
    spec.rows += numbered_rows(["指标", "应用前", "应用后"], "case.figures",
                               [V("{{ x.indicator if x }}"), L("{{ x.before if x }}"), L("{{ x.after if x }}")])
    add_table(doc, spec)
    para(doc, "", "YN Body")


def _case(doc) -> None:
    para(doc, "二、" + field_title(DigitalScenario, "case"), "YN H1", page_break_before=True)
    names = ["background", "solution", "mode", "results", "value"]
    for number, name in zip(CASE_NUMBERS, names, strict=True):
        para(doc, number + field_title(Case, name), "YN H2")
        text_block(doc, f"case.{name}")
        if name == "results":
            _figures(doc)


def _statement_cell() -> list[Part]:
    """The applicant's undertakings ticked or not (真实性、完整性, 知识产权), then room for the signature and
    seals: a 盖章 line of its own for each joint unit, named, so each seal goes beside its name."""
    ticks = [f"{{{{ box(declaration.{name}, '{text}') }}}}{text}。"
             for name, text in (("truth", TRUTH[0]), ("ip", IP_STATEMENTS[0]))]
    joint_seals: list[Part] = [("{%p for u in joint_units %}", "YN Cell Right"), "",
                               ("联合申报单位（盖章）：{{ u.name }}", "YN Cell Right"),
                               ("{%p endfor %}", "YN Cell Right")]
    parts = seal_cell(SIGNATURE, statement=ticks[1], room=4, more=joint_seals)
    parts.insert(1, (ticks[0], "YN Cell Text"))
    return parts


def _closing(doc) -> None:
    """三: the 知识产权 statement with the applicant's signature and seal, then the 州（市） recommendation."""
    para(doc, "三、声明及推荐意见", "YN H1")
    spec = TableSpec(WIDE)
    spec.rows += [
        Row([L(field_title(DigitalScenario, "declaration")), V(_statement_cell())], keep_with_next=True),
        Row([L("州（市）工业和\n信息化主管部门\n推荐意见"), V(seal_cell("（盖章）", statement=VOUCHED, room=7))]),
    ]
    add_table(doc, spec)


def build_book(path: Path) -> None:
    doc = new_document(TITLE, "附件2", NOTE)
    cover_page(
        doc, mark="附件2", titles=["云南“数字三品”应用场景", "典型案例申报书"],
        fields=[
            ("案例名称：", "{{ cover.case_name }}"),
            ("申报单位", "{{ cover.unit }}", "（盖章）"),
            ("联系人：", "{{ cover.contact }}"),
            ("联系电话：", "{{ cover.phone }}"),
            ("填报日期：", "{{ cover.fill_date or '" + DATE_LINE + "' }}"),
        ],
        footer=["云南省工业和信息化厅制", "2025年"], gaps=(2, 2, 4), label_cm=3.6, suffix_cm=1.9, indent_cm=0.05)
    body = new_section(doc)
    page_numbers(body, start=1)
    _basic(doc)
    _case(doc)
    _closing(doc)
    save(doc, path)


def build(folder: Path) -> list[Path]:
    out = [folder / FILE]
    build_book(out[0])
    return out
