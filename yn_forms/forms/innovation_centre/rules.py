"""Rules of 《云南省制造业创新中心培育创建工作方案》 and the consistency of 附件1."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from yn_forms.core.rules import RuleSet, Violation
from yn_forms.core.years import last_three_years, recent_years_problem, reference_date
from yn_forms.forms.innovation_centre.model import PLAN, InnovationCentre

rules = RuleSet()


def listed_units(d: InnovationCentre) -> list[str]:
    """成员单位名称 of 表1: the lead unit first, then the participants (blank rows ignored)."""
    names = [d.basic.lead_unit_name.strip()] if d.basic.lead_unit_name.strip() else []
    return names + [p.strip() for p in d.basic.participants if p.strip()]


@rules.add(id="IC-MIN-UNITS", severity="error", fields=["/basic/participants"],
           clause=PLAN + "三(二)2", summary="组建单位不少于3家")
def min_units(d: InnovationCentre) -> Iterator[Violation]:
    # judged once a participant is listed: the lead unit alone (typed on the cover) is a start, not a
    # shortfall — the empty 表3 asks for the members, whose names fill the 参与单位
    if not any(p.strip() for p in d.basic.participants):
        return
    count = len(listed_units(d))
    if count < 3:
        yield Violation(f"组建单位不少于3家（含牵头单位），现只列出{count}家")


@rules.add(id="IC-MIN-FUNDS", severity="error", fields=["/basic/investment"],
           clause=PLAN + "三(二)3", summary="全部组建资金（含研发设备）不少于1000万元")
def min_funds(d: InnovationCentre) -> Iterator[Violation]:
    if d.basic.investment is not None and d.basic.investment < Decimal(1000):
        yield Violation(f"全部组建资金（含研发设备）不少于1000万元，现为{d.basic.investment}万元")


@rules.add(id="IC-UNIT-COUNTS", severity="error", fields=["/basic/member_counts"],
           clause="附件1 表1", summary="成员单位数（企业、高校、科研院所）合计等于所列成员单位",
           needs=["/basic/member_counts/enterprises", "/basic/member_counts/universities",
                  "/basic/member_counts/institutes", "/basic/participants"])
def unit_counts(d: InnovationCentre) -> Iterator[Violation]:
    c = d.basic.member_counts
    if None in (c.enterprises, c.universities, c.institutes) or not listed_units(d):
        return
    total = c.enterprises + c.universities + c.institutes
    listed = len(listed_units(d))
    if total != listed:
        lead = int(bool(d.basic.lead_unit_name.strip()))  # 表3 lists the participants: the lead unit is said
        yield Violation(f"成员单位数合计{total}家（企业{c.enterprises}、高校{c.universities}、"
                        f"科研院所{c.institutes}），与所列成员单位{listed}家（牵头单位{lead}家、"
                        f"参与单位{listed - lead}家）不一致")


def _breakdown(total: int | None, parts: dict[str, int | None], what: str) -> Iterator[Violation]:
    if total is None or any(v is None for v in parts.values()):
        return
    got = sum(v for v in parts.values() if v is not None)
    if got != total:
        detail = "、".join(f"{k}{v}" for k, v in parts.items())
        yield Violation(f"{what}合计{got}人（{detail}），与中心人数{total}人不一致")


@rules.add(id="IC-STAFF-TITLES", severity="error", fields=["/basic/staff/total"],
           clause="附件1 表1", summary="按职称分列的人数合计等于中心人数",
           needs=[f"/basic/staff/{k}" for k in ("total", "senior", "intermediate", "junior", "other_title")])
def staff_titles(d: InnovationCentre) -> Iterator[Violation]:
    s = d.basic.staff
    yield from _breakdown(s.total, {"高级": s.senior, "中级": s.intermediate, "初级": s.junior,
                                    "其他": s.other_title}, "按职称")


@rules.add(id="IC-STAFF-DEGREES", severity="error", fields=["/basic/staff/total"],
           clause="附件1 表1", summary="按学位分列的人数合计等于中心人数",
           needs=[f"/basic/staff/{k}" for k in ("total", "doctor", "master", "bachelor", "other_degree")])
def staff_degrees(d: InnovationCentre) -> Iterator[Violation]:
    s = d.basic.staff
    yield from _breakdown(s.total, {"博士": s.doctor, "硕士": s.master, "学士": s.bachelor,
                                    "其他": s.other_degree}, "按学位")


def _headcount(prefix: str, total: int | None, middle: int | None, senior: int | None,
               rd: int | None, labels: tuple[str, str, str, str]) -> Iterator[Violation]:
    total_l, middle_l, senior_l, rd_l = labels
    if senior is not None and middle is not None and senior > middle:
        yield Violation(f"{senior_l}（{senior}）不能多于{middle_l}（{middle}）", f"{prefix}/senior_plus")
    if middle is not None and total is not None and middle > total:
        yield Violation(f"{middle_l}（{middle}）不能多于{total_l}（{total}）", f"{prefix}/intermediate_plus")
    if rd is not None and total is not None and rd > total:
        yield Violation(f"{rd_l}（{rd}）不能多于{total_l}（{total}）", f"{prefix}/rd_staff")


@rules.add(id="IC-HEADCOUNT", severity="error", fields=["/lead/staff_total"],
           clause="附件1 表2、表3", summary="髙级以上 ≤ 中级以上 ≤ 员工总数，研发人员 ≤ 员工总数",
           needs=["/lead/staff_total", "/lead/intermediate_plus", "/lead/senior_plus", "/lead/rd_staff"])
def headcount(d: InnovationCentre) -> Iterator[Violation]:
    lead = d.lead
    yield from _headcount("/lead", lead.staff_total, lead.intermediate_plus, lead.senior_plus,
                          lead.rd_staff, ("员工总人数", "中级以上职称人数", "髙级以上职称人数", "研发人员人数"))
    for i, m in enumerate(d.members):
        yield from _headcount(f"/members/{i}", m.staff_total, m.intermediate_plus, m.senior_plus,
                              m.rd_staff, ("职工总数", "中级以上职称人员数", "髙级以上职称人员数", "研发人员数"))


@rules.add(id="IC-ASSETS", severity="error", fields=["/members"],
           clause="附件1 表3", summary="固定资产不超过资产总额",
           needs=["/members/*/total_assets", "/members/*/fixed_assets"])
def assets(d: InnovationCentre) -> Iterator[Violation]:
    for i, m in enumerate(d.members):
        if m.fixed_assets is not None and m.total_assets is not None and m.fixed_assets > m.total_assets:
            yield Violation(f"{m.name or f'第{i + 1}家成员单位'}：固定资产（{m.fixed_assets}万元）"
                            f"不能大于资产总额（{m.total_assets}万元）", f"/members/{i}/fixed_assets")


@rules.add(id="IC-LEAD-NAME", severity="error", fields=["/basic/lead_unit_name"],
           clause="附件1 封面、表1、表2", summary="牵头单位在封面、表1、表2中名称一致",
           needs=["/cover/lead_unit"])
def lead_name(d: InnovationCentre) -> Iterator[Violation]:
    names = {"封面": d.cover.lead_unit.strip(), "表1": d.basic.lead_unit_name.strip(),
             "表2": d.lead.name.strip()}
    filled = {k: v for k, v in names.items() if v}
    if len(set(filled.values())) > 1:
        detail = "；".join(f"{k}为“{v}”" for k, v in filled.items())
        yield Violation(f"牵头单位名称不一致：{detail}")


@rules.add(id="IC-MEMBER-TABLES", severity="warning", fields=["/members"],
           clause="附件1 表3", summary="每家参与单位填写一张成员单位基本信息表",
           needs=["/members/*/name", "/basic/participants"])
def member_tables(d: InnovationCentre) -> Iterator[Violation]:
    listed = listed_units(d)
    tabled = {m.name.strip() for m in d.members if m.name.strip()}
    listed_set = set(listed)
    for name in listed[1:]:
        if name not in tabled:
            yield Violation(f"参与单位“{name}”还没有填写表3 成员单位基本信息表")
    for i, m in enumerate(d.members):
        if m.name.strip() and m.name.strip() not in listed_set:
            yield Violation(f"表3中的“{m.name.strip()}”不在表1所列成员单位中，请核对名称",
                            f"/members/{i}/name")


@rules.add(id="IC-RECENT-YEARS", severity="warning", fields=["/lead/sales"],
           clause="附件1 表2、表3", summary="近三年为填报前最近三个完整年度",
           needs=["/lead/sales/*/value", "/members/*/sales/*/value"])
def recent_years(d: InnovationCentre) -> Iterator[Violation]:
    expected = last_three_years(reference_date(d.cover.fill_month))
    tables = [("/lead/sales", lambda: "表2 近三年销售收入", d.lead.sales)]
    for i, m in enumerate(d.members):
        unit = m.name or f"第{i + 1}家成员单位"
        tables += [(f"/members/{i}/sales", lambda u=unit: f"{u} 近三年销售收入", m.sales),
                   (f"/members/{i}/rd_spend", lambda u=unit: f"{u} 近三年R&D投入", m.rd_spend)]
    for path, label, triple in tables:
        years = [y.year for y in triple]
        if years != expected:  # the label is worded only for a table that needs it
            problem = recent_years_problem(label(), years, expected)
            if problem:
                yield Violation(problem, path)


@rules.add(id="IC-ECONOMIC-FORM", severity="error", fields=["/members"],
           clause="附件1 表3 经济类型", summary="经济类型选定后在括号内选择企业组织形式",
           needs=["/members/*/economic_type/ownership"])
def economic_form(d: InnovationCentre) -> Iterator[Violation]:
    for i, m in enumerate(d.members):
        e = m.economic_type
        if e.ownership and e.ownership != "其它" and not e.company_form:
            yield Violation(f"“{e.ownership}”后请选择企业组织形式",
                            f"/members/{i}/economic_type/company_form")
