"""Rules of 《云南省创新联合体建设管理工作方案(试行)》 and the consistency of 附件1.

The 方案 says 须/应/不低于 for registration in Yunnan, the 2:1 self-raised funds
and the signed agreement (errors); 原则上/一般 for one consortium per lead unit
and the 3–5 year life (warnings). Table 六 is the list of the consortium's units:
every other table that names a unit is checked against it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from yn_forms.core.checks import division_code
from yn_forms.core.rules import RuleSet, Violation, unticked
from yn_forms.core.years import last_three_years
from yn_forms.forms.innovation_consortium.model import CONFIRMATIONS, PLAN, InnovationConsortium

YUNNAN_DIVISION = "53"  # GB/T 2260: 云南省 530000
MIN_PROJECT_FUNDING = Decimal(200)
SELF_FUNDING_RATIO = 2
DURATION_YEARS = range(3, 6)

rules = RuleSet()


def unit_names(d: InnovationConsortium) -> list[str]:
    """Names in 六, the lead first; blank rows ignored."""
    return [u.name.strip() for u in d.units if u.name.strip()]


def _reference(d: InnovationConsortium) -> date:
    return d.cover.fill_date or date.today()


@rules.add(id="CON-LEAD-YUNNAN", severity="error", fields=["/units/0/credit_code"], clause=PLAN + "四(一)1",
           summary="牵头单位为云南省内注册的单位（统一社会信用代码的行政区划码为53开头）")
def lead_in_yunnan(d: InnovationConsortium) -> Iterator[Violation]:
    if d.units and d.units[0].credit_code:
        division = division_code(d.units[0].credit_code)
        if not division.startswith(YUNNAN_DIVISION):
            yield Violation(f"牵头单位应为云南省内注册的单位，其统一社会信用代码中的行政区划码为{division}，"
                            "不是云南省（53开头）")


@rules.add(id="CON-LEAD-FIRST", severity="error", fields=["/units/0/name"], clause="附件1 封面、六",
           summary="“六”中第1家为牵头单位，名称与封面一致")
def lead_first(d: InnovationConsortium) -> Iterator[Violation]:
    lead = d.cover.lead_unit.strip()
    if lead and d.units and d.units[0].name.strip() and d.units[0].name.strip() != lead:
        yield Violation(f"“六”中第1家单位应为封面所填牵头单位“{lead}”，现为“{d.units[0].name.strip()}”")


@rules.add(id="CON-UNIQUE-UNITS", severity="error", fields=["/units"], clause="附件1 六",
           summary="每家单位只列一次",
           needs=["/units/*/name"])
def unique_units(d: InnovationConsortium) -> Iterator[Violation]:
    names = Counter(unit_names(d))
    codes = Counter(u.credit_code for u in d.units if u.credit_code)
    for i, unit in enumerate(d.units):
        if unit.name.strip() and names[unit.name.strip()] > 1:
            yield Violation(f"“{unit.name.strip()}”列出了{names[unit.name.strip()]}次", f"/units/{i}/name")
        if unit.credit_code and codes[unit.credit_code] > 1:
            yield Violation(f"统一社会信用代码{unit.credit_code}重复出现", f"/units/{i}/credit_code")


@rules.add(id="CON-MEMBER-TOTAL", severity="error", fields=["/table/member_total"], clause="附件1 填表说明三",
           summary="成员总数包括牵头和成员单位数，等于“六”中所列单位数",
           needs=["/table/member_total", "/units/*/name"])
def member_total(d: InnovationConsortium) -> Iterator[Violation]:
    listed = len(unit_names(d))
    if d.table.member_total is not None and listed and d.table.member_total != listed:
        yield Violation(f"成员总数包括牵头和成员单位数：“六”中列出{listed}家，成员总数填写为{d.table.member_total}")


@rules.add(id="CON-KIND-COUNTS", severity="error", fields=["/table/member_total"], clause="附件1 组建申请表",
           summary="企业、高等学校、研究机构数量之和等于成员总数",
           needs=["/table/member_total", "/table/enterprises", "/table/universities", "/table/institutes"])
def kind_counts(d: InnovationConsortium) -> Iterator[Violation]:
    t = d.table
    kinds = (t.enterprises, t.universities, t.institutes)
    if t.member_total is not None and all(k is not None for k in kinds) and sum(kinds) != t.member_total:
        yield Violation(f"企业{t.enterprises}个、高等学校{t.universities}个、研究机构{t.institutes}个，"
                        f"合计{sum(kinds)}个，与成员总数{t.member_total}个不符")


@rules.add(id="CON-PLATFORM-COUNTS", severity="error", fields=["/table/national_platforms"],
           clause="附件1 组建申请表、四", summary="国家级、省级创新平台数量与“四”中所列平台一致",
           needs=["/table/national_platforms", "/table/provincial_platforms"])
def platform_counts(d: InnovationConsortium) -> Iterator[Violation]:
    listed = Counter(p.level for p in d.platforms if p.name.strip())
    for level, typed, path in (("国家级", d.table.national_platforms, "/table/national_platforms"),
                               ("省级", d.table.provincial_platforms, "/table/provincial_platforms")):
        if typed is not None and typed != listed[level]:
            yield Violation(f"{level}创新平台数量填写为{typed}个，“四”中列出{listed[level]}个", path)


@rules.add(id="CON-PLATFORM-HOST", severity="warning", fields=["/platforms"], clause="附件1 四",
           summary="创新平台的依托单位是联合体的牵头或成员单位",
           needs=["/platforms/*/host"])
def platform_host(d: InnovationConsortium) -> Iterator[Violation]:
    names = set(unit_names(d))
    for i, p in enumerate(d.platforms):
        if names and p.host.strip() and p.host.strip() not in names:
            yield Violation(f"依托单位“{p.host.strip()}”不在“六”所列单位中，请核对名称", f"/platforms/{i}/host")


@rules.add(id="CON-LEAD-PLATFORM", severity="warning", fields=["/platforms"], clause=PLAN + "四(一)2",
           summary="牵头单位建有省部级及以上科技创新平台",
           needs=["/cover/lead_unit"])
def lead_platform(d: InnovationConsortium) -> Iterator[Violation]:
    lead = d.cover.lead_unit.strip()
    if lead and not any(p.host.strip() == lead for p in d.platforms):
        yield Violation(f"牵头单位应建有省部级及以上科技创新平台，“四”中没有依托“{lead}”的平台")


@rules.add(id="CON-PROJECT-FUNDING", severity="error", fields=["/projects"], clause="附件1 五",
           summary="所列项目财政支持200万元及以上",
           needs=["/projects/*/funding"])
def project_funding(d: InnovationConsortium) -> Iterator[Violation]:
    for i, p in enumerate(d.projects):
        if p.funding is not None and p.funding < MIN_PROJECT_FUNDING:
            yield Violation(f"“五”只列财政支持200万及以上的项目，“{p.name.strip() or f'第{i + 1}行'}”为"
                            f"{p.funding}万元", f"/projects/{i}/funding")


@rules.add(id="CON-PROJECT-PERIOD", severity="error", fields=["/projects"], clause="附件1 五",
           summary="所列项目为近三年承担的项目，实施期起止正确",
           needs=["/projects/*/start", "/projects/*/end"])
def project_period(d: InnovationConsortium) -> Iterator[Violation]:
    reference = _reference(d)
    first_year = last_three_years(reference)[0]
    now = f"{reference.year:04d}-{reference.month:02d}"
    for i, p in enumerate(d.projects):
        label = p.name.strip() or f"第{i + 1}行"
        if p.start and p.end and p.start > p.end:
            yield Violation(f"“{label}”的实施期起{p.start}晚于止{p.end}", f"/projects/{i}/start")
        elif p.end and p.end < f"{first_year:04d}-01":
            yield Violation(f"“{label}”于{p.end}结束，不是近三年（{first_year}年以来）承担的项目",
                            f"/projects/{i}/end")
        elif p.start and p.start > now:
            yield Violation(f"“{label}”的实施期起{p.start}晚于填报日期，尚未承担", f"/projects/{i}/start")


@rules.add(id="CON-PROJECT-UNDERTAKER", severity="warning", fields=["/projects"], clause="附件1 五",
           summary="项目承担单位是联合体的牵头或成员单位",
           needs=["/projects/*/undertaker"])
def project_undertaker(d: InnovationConsortium) -> Iterator[Violation]:
    names = set(unit_names(d))
    for i, p in enumerate(d.projects):
        if names and p.undertaker.strip() and p.undertaker.strip() not in names:
            yield Violation(f"承担单位“{p.undertaker.strip()}”不在“六”所列单位中，请核对名称",
                            f"/projects/{i}/undertaker")


@rules.add(id="CON-CHIEF-EXPERT", severity="warning", fields=["/team"], clause="附件1 二、三",
           summary="推荐首席专家列入科研团队",
           needs=["/table/chief_expert", "/team/*/name"])
def chief_expert_in_team(d: InnovationConsortium) -> Iterator[Violation]:
    expert = d.table.chief_expert.strip()
    if expert and d.team and expert not in {m.name.strip() for m in d.team}:
        yield Violation(f"推荐首席专家“{expert}”没有列入“三、科研团队情况”")


@rules.add(id="CON-SELF-FUNDING", severity="error", fields=["/eligibility/self_funds"], clause=PLAN + "四(四)",
           summary="自筹经费与财政经费之比不低于2:1",
           needs=["/eligibility/fiscal_funds", "/eligibility/self_funds"])
def self_funding(d: InnovationConsortium) -> Iterator[Violation]:
    e = d.eligibility
    if e.fiscal_funds is not None and e.self_funds is not None and e.self_funds < SELF_FUNDING_RATIO * e.fiscal_funds:
        yield Violation(f"自筹经费应不低于财政经费的2倍：拟申请财政经费{e.fiscal_funds}万元，"
                        f"自筹经费至少{SELF_FUNDING_RATIO * e.fiscal_funds:.2f}万元，现为{e.self_funds}万元")


@rules.add(id="CON-DURATION", severity="warning", fields=["/eligibility/duration_years"], clause=PLAN + "八(二)",
           summary="存续期一般为3—5年")
def duration(d: InnovationConsortium) -> Iterator[Violation]:
    years = d.eligibility.duration_years
    if years is not None and years not in DURATION_YEARS:
        yield Violation(f"存续期原则上与承担项目任务周期一致，一般为3—5年，现为{years}年")


@rules.add(id="CON-AGREEMENT-DATE", severity="warning", fields=["/table/effective_date"], clause=PLAN + "五(三)",
           summary="组建协议在申报前签署生效")
def agreement_date(d: InnovationConsortium) -> Iterator[Violation]:
    effective = d.table.effective_date
    if effective is not None and effective > _reference(d):
        yield Violation(f"联合体协议生效时间{effective:%Y-%m-%d}晚于填报日期；协议须全体成员单位签署、盖章后生效")


@rules.add(id="CON-CONFIRMATIONS", severity="warning", fields=["/eligibility/confirmations"],
           clause=PLAN + "四(一)3、四(四)、五(三)", summary="申报前确认事项")
def confirmations(d: InnovationConsortium) -> Iterator[Violation]:
    yield from unticked(d.eligibility.confirmations, CONFIRMATIONS, "请确认：")
