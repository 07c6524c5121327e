"""Rules of the 2025 消费名品 notice, 三(一) 申报条件, for both kinds of brand.

Each rule looks at the kind chosen: the sections of the other kind are kept in
the draft but are not checked (see ``shown_when`` in the model).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from yn_forms.core.places import leading_place
from yn_forms.core.rules import RuleSet, Violation, unticked
from yn_forms.core.years import founded_long_enough, last_three_years, recent_years_problem
from yn_forms.forms.consumer_brand.model import (
    CLASSIC,
    ENTERPRISE,
    ENTERPRISE_DECLARATIONS,
    MARK_TITLE,
    NOTICE,
    OWN_BRAND,
    REGION,
    REGION_DECLARATIONS,
    ConsumerBrand,
)

GOVERNMENT_SUFFIX = "人民政府"
rules = RuleSet()


def _reference(d: ConsumerBrand) -> date:
    return d.basics.fill_date or date.today()


@rules.add(id="CB-TRADEMARK-VALID", severity="error", fields=["/brand/trademark_valid_until"],
           clause=NOTICE + "三(一)1", summary="企业品牌：商标在有效期内")
def trademark_valid(d: ConsumerBrand) -> Iterator[Violation]:
    until = d.brand.trademark_valid_until
    if d.basics.brand_type == ENTERPRISE and until is not None and until < _reference(d):
        yield Violation(f"商标有效期至{until:%Y-%m-%d}，在填报日期已过期；申报品牌应拥有商标所有权且在有效期内")


@rules.add(id="CB-THREE-YEARS", severity="error", fields=["/enterprise/founded"], clause=NOTICE + "三(一)1",
           summary="企业品牌：成立满3年，近3年经营状况良好")
def three_years_operating(d: ConsumerBrand) -> Iterator[Violation]:
    founded = d.enterprise.founded
    if d.basics.brand_type == ENTERPRISE and founded is not None and not founded_long_enough(founded, _reference(d)):
        yield Violation(f"企业成立于{founded:%Y-%m-%d}，到填报日期不满3年；须近3年经营状况良好")


@rules.add(id="CB-ENTERPRISE-CONDITIONS", severity="error", fields=["/enterprise/declarations"],
           clause=NOTICE + "三(一)1", summary="企业品牌：独立法人、经营良好、无不良记录、自主品牌")
def enterprise_conditions(d: ConsumerBrand) -> Iterator[Violation]:
    if d.basics.brand_type != ENTERPRISE:
        return
    yield from unticked(d.enterprise.declarations, ENTERPRISE_DECLARATIONS, "须符合基本条件：")
    if OWN_BRAND[0] not in d.brand.own_brand:
        yield Violation(f"须{OWN_BRAND[0]}", "/brand/own_brand")


@rules.add(id="CB-OPERATING-YEARS", severity="warning", fields=["/operations/revenue"], clause=NOTICE + "三(一)1",
           summary="近3年为填报前最近三个完整年度", needs=["/operations/revenue/*/value"])
def operating_years(d: ConsumerBrand) -> Iterator[Violation]:
    if d.basics.brand_type != ENTERPRISE:
        return
    expected = last_three_years(_reference(d))
    for name, label in (("revenue", "营业收入"), ("profit", "利润"), ("tax", "纳税")):
        problem = recent_years_problem(label, [y.year for y in getattr(d.operations, name)], expected, term="近3年")
        if problem:
            yield Violation(problem, f"/operations/{name}")


@rules.add(id="CB-REGION-GOVERNMENT", severity="error", fields=["/region/government"], clause=NOTICE + "三(一)1",
           summary="区域品牌：申报主体为城市或主产区所在地人民政府")
def region_government(d: ConsumerBrand) -> Iterator[Violation]:
    name = d.region.government.strip()
    if d.basics.brand_type == REGION and name and not name.endswith(GOVERNMENT_SUFFIX):
        yield Violation(f"区域品牌的申报主体应为人民政府（如“文山市人民政府”），现为“{name}”")


@rules.add(id="CB-REGION-NAME", severity="warning", fields=["/region/brand_name"], clause=NOTICE + "二(一)2",
           summary="区域品牌一般以“地名+产品”命名")
def region_name(d: ConsumerBrand) -> Iterator[Violation]:
    name = d.region.brand_name.strip()
    if d.basics.brand_type == REGION and name and leading_place(name) is None:
        yield Violation(f"“{name}”不以云南省的州（市）、县（市、区）名开头；区域品牌一般以“地名+产品”命名")


@rules.add(id="CB-REGION-CONDITIONS", severity="error", fields=["/region/declarations"], clause=NOTICE + "三(一)1",
           summary="区域品牌：近3年无重大质量安全等事故")
def region_conditions(d: ConsumerBrand) -> Iterator[Violation]:
    if d.basics.brand_type == REGION:
        yield from unticked(d.region.declarations, REGION_DECLARATIONS, "须符合基本条件：")


@rules.add(id="CB-HISTORY", severity="error", fields=["/brand/history"], clause=NOTICE + "二(一)1",
           summary="历史经典方向：写明品牌的历史文化底蕴")
def classic_history(d: ConsumerBrand) -> Iterator[Violation]:
    if d.basics.brand_type == ENTERPRISE and d.basics.direction == CLASSIC and not d.brand.history.strip():
        yield Violation("选择了历史经典方向，须填写品牌历史文化底蕴：历史经典方向注重历史文化底蕴，"
                        "是历史悠久、至今仍具有强大生命力和影响力的经典品牌")


@rules.add(id="CB-REGION-MARK", severity="warning", fields=["/region/mark_no"], clause=NOTICE + "二(一)2",
           summary="区域品牌：地理标志证明商标或集体商标的注册号")
def region_mark(d: ConsumerBrand) -> Iterator[Violation]:
    if d.basics.brand_type == REGION and not d.region.mark_no.strip():
        yield Violation(f"未填{MARK_TITLE}：区域品牌一般以“地名+产品”命名，地域标识明显；"
                        "已注册地理标志证明商标或集体商标的请填写注册号，没有的请在推荐前说明")
