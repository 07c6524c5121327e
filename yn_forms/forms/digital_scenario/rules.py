"""Rules of the notice's 三(二) 申报条件 for a “数字三品” 应用场景典型案例, and the book's consistency.

The notice says 只能 (one direction), 不超过 (3 units) and 应/归属…无…不涉及 (the
applicant's standing, the 知识产权 statement): those are errors. The clerk's ticks
of the 三(二)1 conditions are a reminder to check them before the book goes to the
州（市）, so an unticked one is a warning; the facts behind them that the form can
see (成立满3年, the 近3年 years) are checked as errors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from yn_forms.core.rules import RuleSet, Violation, unticked
from yn_forms.core.years import founded_long_enough, last_three_years, recent_years_problem
from yn_forms.forms.digital_scenario.model import CONDITIONS, IP_STATEMENTS, NOTICE, TRUTH, DigitalScenario

MAX_UNITS = 3  # 三(二)2 联合申报单位数量不超过3家, the applicant included
OPERATING_YEARS = 3  # 三(二)1 近3年经营状况良好

rules = RuleSet()


def reference_day(d: DigitalScenario) -> date:
    """The day the book speaks of: its 填报日期, or today while that is not filled."""
    return d.cover.fill_date or date.today()


def joint_units(d: DigitalScenario) -> list[tuple[int, str, str]]:
    """(index, name, code) of the joint-unit rows that are filled in (blank rows ignored)."""
    return [(i, u.name.strip(), u.credit_code) for i, u in enumerate(d.joint_units)
            if u.name.strip() or u.credit_code]



def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@rules.add(id="DS-ONE-DIRECTION", severity="error", fields=["/scenario/directions"], clause=NOTICE + "三(二)2",
           summary="每个申报主体只能申报1个应用场景方向")
def one_direction(d: DigitalScenario) -> Iterator[Violation]:
    chosen = d.scenario.directions
    if not chosen:
        yield Violation("请勾选1个应用场景方向：每个申报主体只能申报1个方向")
    elif len(chosen) > 1:
        yield Violation(f"每个申报主体只能申报1个方向，现勾选了{len(chosen)}个：{'、'.join(chosen)}")


@rules.add(id="DS-MAX-UNITS", severity="error", fields=["/joint_units"], clause=NOTICE + "三(二)2",
           summary="联合申报单位数量不超过3家（含申报主体）")
def max_units(d: DigitalScenario) -> Iterator[Violation]:
    others = len(joint_units(d))
    if 1 + others > MAX_UNITS:
        yield Violation(f"联合申报单位数量不超过{MAX_UNITS}家：申报主体和{others}家联合申报单位共{1 + others}家，"
                        f"联合申报单位最多列{MAX_UNITS - 1}家")


@rules.add(id="DS-UNIQUE-UNITS", severity="error", fields=["/joint_units"], clause=NOTICE + "三(二)2",
           summary="联合申报单位是申报主体以外的单位，每家只列一次")
def unique_units(d: DigitalScenario) -> Iterator[Violation]:
    own_name, own_code = d.applicant.name.strip(), d.applicant.credit_code
    rows = joint_units(d)
    names = Counter(name for _, name, _ in rows if name)
    codes = Counter(code for _, _, code in rows if code)
    for i, name, code in rows:
        if name and name == own_name:
            yield Violation(f"“{name}”是申报主体，联合申报单位只列其他单位", f"/joint_units/{i}/name")
        elif name and names[name] > 1:
            yield Violation(f"联合申报单位“{name}”列出了{names[name]}次", f"/joint_units/{i}/name")
        if code and code == own_code:
            yield Violation(f"统一社会信用代码{code}与申报主体相同，联合申报单位只列其他单位",
                            f"/joint_units/{i}/credit_code")
        elif code and codes[code] > 1:
            yield Violation(f"统一社会信用代码{code}在联合申报单位中重复出现", f"/joint_units/{i}/credit_code")


@rules.add(id="DS-COVER-UNIT", severity="error", fields=["/cover/unit"], clause="附件2 封面、申报主体基本情况",
           summary="封面的申报单位与申报主体的单位名称一致")
def cover_unit(d: DigitalScenario) -> Iterator[Violation]:
    cover, name = d.cover.unit.strip(), d.applicant.name.strip()
    if cover and name and cover != name:
        yield Violation(f"封面申报单位“{cover}”与申报主体单位名称“{name}”不一致")


@rules.add(id="DS-IP", severity="error", fields=["/declaration/ip"], clause=NOTICE + "三(二)4",
           summary="知识产权归属申报主体或已获授权许可，无纠纷，不涉及国家秘密、商业秘密")
def ip_statement(d: DigitalScenario) -> Iterator[Violation]:
    yield from unticked(d.declaration.ip, IP_STATEMENTS, "须确认并勾选：")


@rules.add(id="DS-TRUTH", severity="error", fields=["/declaration/truth"], clause=NOTICE + "四、五(二)",
           summary="申报单位对所填报内容及提交材料的真实性、完整性负责")
def truth_statement(d: DigitalScenario) -> Iterator[Violation]:
    yield from unticked(d.declaration.truth, TRUTH, "须确认并勾选：")


@rules.add(id="DS-OPERATING-YEARS", severity="error", fields=["/applicant/founded"], clause=NOTICE + "三(二)1",
           summary="申报主体近3年经营状况良好（至填报日期成立满3年）")
def operating_years(d: DigitalScenario) -> Iterator[Violation]:
    founded, on = d.applicant.founded, reference_day(d)
    if founded is not None and not founded_long_enough(founded, on, OPERATING_YEARS):
        yield Violation(f"申报主体应近3年经营状况良好：成立时间{_day(founded)}，至填报日期{_day(on)}未满3年")


@rules.add(id="DS-RECENT-YEARS", severity="error", fields=["/applicant/revenue"], clause=NOTICE + "三(二)1",
           summary="近3年营业收入为填报日期前最近3个完整年度", needs=["/applicant/revenue/*/value"])
def recent_years(d: DigitalScenario) -> Iterator[Violation]:
    problem = recent_years_problem("近3年营业收入", [y.year for y in d.applicant.revenue],
                                   last_three_years(reference_day(d)), term="近3年")
    if problem:
        yield Violation(problem)


@rules.add(id="DS-CONDITIONS", severity="warning", fields=["/applicant/conditions"], clause=NOTICE + "三(二)1",
           summary="申报主体符合三(二)1的基本条件")
def conditions(d: DigitalScenario) -> Iterator[Violation]:
    yield from unticked(d.applicant.conditions, CONDITIONS, "请确认申报主体符合以下条件并勾选：")
