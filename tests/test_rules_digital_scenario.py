"""Rules of the notice's 三(二) for a “数字三品” case: one change to a clean application, one problem.

The shipped example passes every rule (the passing case); each test below changes
one thing as a clerk would and asserts the rule, where it points and the message
citing its clause, then undoes it the way a clerk would fix it. The last test makes
sure no rule is left without a failing case.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from rule_helpers import failing

from yn_forms.core.validation import has_errors, validate
from yn_forms.core.years import last_three_years
from yn_forms.forms.digital_scenario import DEFINITION
from yn_forms.forms.digital_scenario.example import APPLICANT, APPLICANT_CODE, PARTNER, PARTNER_CODE
from yn_forms.forms.digital_scenario.model import AIMS, CONDITIONS, DIRECTIONS, INDUSTRIES, IP_STATEMENTS

OTHER_CODE = "91532300MA6L8B4C19"  # a third, valid Yunnan code (532300 楚雄州)


@pytest.fixture
def data() -> dict:
    return DEFINITION.example()


fails = failing(DEFINITION)




#: the notice's 二(二) and 三(二), word for word (《关于组织开展2025年消费名品方阵推荐申报工作的通知》)
NOTICE_TEXT = Path(__file__).parent / "fixtures" / "notices" / "consumer-brand-2025-digital-cases.txt"


def test_the_industries_directions_and_aims_are_the_notices_words():
    directions, conditions = [line for line in NOTICE_TEXT.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("#")]
    assert directions.split("面向", 1)[1].split("等重点行业", 1)[0].split("、") == INDUSTRIES
    assert directions.split("挖掘培育基于", 1)[1].split("等新模式新场景", 1)[0].split("、") == DIRECTIONS
    assert directions.split("围绕", 1)[1].split("三大方向", 1)[0].split("、") == AIMS
    statement = conditions.split("4.", 1)[1].removesuffix("。")
    assert [unicodedata.normalize("NFKC", s) for s in IP_STATEMENTS] == [statement]


# ---------------------------------------------------------------- 三(二)2 one direction, at most 3 units


def test_two_directions_are_refused(data):
    data["scenario"]["directions"] = [DIRECTIONS[4], DIRECTIONS[7]]
    (problem,) = fails(data, "DS-ONE-DIRECTION")
    assert problem.path == "/scenario/directions" and problem.is_error
    assert problem.message == ("每个申报主体只能申报1个方向，现勾选了2个：面向透明消费的质量追溯管理、"
                               "数字全域营销助力优质品牌推广（《通知》三(二)2）")
    data["scenario"]["directions"] = [DIRECTIONS[7]]
    assert validate(DEFINITION, data) == []


def test_no_direction_is_an_error_too(data):
    data["scenario"]["directions"] = []
    problems = validate(DEFINITION, data)
    assert [(p.path, p.rule, p.message) for p in problems] == [
        ("/scenario/directions", "DS-ONE-DIRECTION",
         "请勾选1个应用场景方向：每个申报主体只能申报1个方向（《通知》三(二)2）")]  # one problem, not two


def test_a_direction_not_in_the_notice_is_refused(data):
    data["scenario"]["directions"] = ["智能工厂"]
    problems = validate(DEFINITION, data)
    assert problems[0].path == "/scenario/directions/0" and problems[0].is_error
    assert "消费数据驱动产品设计创新" in problems[0].message


def test_more_than_three_units_in_all(data):
    data["joint_units"].append({"name": "普洱茶山物流有限公司", "credit_code": OTHER_CODE, "role": "冷链仓储"})
    assert validate(DEFINITION, data) == []  # the applicant and two others: 3 in all
    data["joint_units"].append({"name": "云南茶马古道电子商务有限公司", "credit_code": ""})
    (problem,) = fails(data, "DS-MAX-UNITS")
    assert problem.path == "/joint_units" and problem.is_error
    assert problem.message == ("联合申报单位数量不超过3家：申报主体和3家联合申报单位共4家，联合申报单位最多列2家"
                               "（《通知》三(二)2）")


def test_blank_joint_rows_are_not_counted(data):
    data["joint_units"] += [{"name": " ", "credit_code": ""}, {"name": "", "credit_code": ""}]
    assert not [p for p in validate(DEFINITION, data) if p.rule == "DS-MAX-UNITS"]


def test_the_applicant_is_not_its_own_joint_unit(data):
    data["joint_units"].append({"name": APPLICANT, "credit_code": APPLICANT_CODE})
    problems = fails(data, "DS-UNIQUE-UNITS")
    assert [(p.path, p.message) for p in problems] == [
        ("/joint_units/1/name", f"“{APPLICANT}”是申报主体，联合申报单位只列其他单位（《通知》三(二)2）"),
        ("/joint_units/1/credit_code",
         f"统一社会信用代码{APPLICANT_CODE}与申报主体相同，联合申报单位只列其他单位（《通知》三(二)2）")]


def test_a_joint_unit_listed_twice(data):
    data["joint_units"].append({"name": PARTNER, "credit_code": OTHER_CODE})
    data["joint_units"].append({"name": "普洱茶山物流有限公司", "credit_code": PARTNER_CODE})
    problems = fails(data, "DS-UNIQUE-UNITS")
    assert {p.path for p in problems} == {"/joint_units/0/name", "/joint_units/1/name",
                                          "/joint_units/0/credit_code", "/joint_units/2/credit_code"}
    assert f"联合申报单位“{PARTNER}”列出了2次（《通知》三(二)2）" in {p.message for p in problems}
    data["joint_units"][1]["name"] = "普洱茶山包装有限公司"
    data["joint_units"][2]["credit_code"] = ""
    assert not [p for p in validate(DEFINITION, data) if p.rule == "DS-UNIQUE-UNITS"]


def test_joint_units_are_optional(data):
    data["joint_units"] = []
    assert validate(DEFINITION, data) == []


def test_a_joint_unit_needs_a_valid_code(data):
    data["joint_units"][0]["credit_code"] = PARTNER_CODE[:-1] + "0"
    problems = validate(DEFINITION, data)
    assert [(p.path, p.message) for p in problems] == [
        ("/joint_units/0/credit_code", "统一社会信用代码校验位不正确，请核对营业执照")]


# ---------------------------------------------------------------- 三(二)1 the applicant


def test_a_company_younger_than_three_years(data):
    today = date.today()
    founded = today - timedelta(days=3 * 365 - 30)
    data["applicant"]["founded"] = founded.isoformat()
    (problem,) = fails(data, "DS-OPERATING-YEARS")
    assert problem.path == "/applicant/founded" and problem.is_error
    assert problem.message == ("申报主体应近3年经营状况良好："
                               f"成立时间{founded.year}年{founded.month}月{founded.day}日，"
                               f"至填报日期{today.year}年{today.month}月{today.day}日未满3年（《通知》三(二)1）")


def test_three_full_years_to_the_day_are_enough(data):
    data["cover"]["fill_date"] = "2026-06-30"
    data["applicant"]["revenue"] = [{"year": y, "value": "100"} for y in (2023, 2024, 2025)]
    data["applicant"]["founded"] = "2023-06-30"
    assert validate(DEFINITION, data) == []
    data["applicant"]["founded"] = "2023-07-01"
    assert fails(data, "DS-OPERATING-YEARS")


def test_founded_on_29_february(data):
    data["cover"]["fill_date"] = "2027-02-28"
    data["applicant"]["revenue"] = [{"year": y, "value": "100"} for y in (2024, 2025, 2026)]
    data["applicant"]["founded"] = "2024-02-29"
    assert fails(data, "DS-OPERATING-YEARS")  # three years after 29 Feb 2024 is 1 March 2027
    data["cover"]["fill_date"] = "2027-03-01"
    assert validate(DEFINITION, data) == []


def test_revenue_years_are_the_last_three_complete_years(data):
    y = date.today().year
    data["applicant"]["revenue"] = [{"year": y - 4 + i, "value": "100"} for i in range(3)]
    (problem,) = fails(data, "DS-RECENT-YEARS")
    want = "、".join(str(x) for x in last_three_years())
    assert problem.path == "/applicant/revenue" and problem.is_error
    assert problem.message == f"近3年营业收入的年度为{y - 4}、{y - 3}、{y - 2}，近3年应为{want}（《通知》三(二)1）"


def test_revenue_years_follow_the_fill_date(data):
    next_year = date.today().year + 1
    data["cover"]["fill_date"] = f"{next_year}-01-05"
    (problem,) = fails(data, "DS-RECENT-YEARS")
    want = "、".join(str(x) for x in last_three_years(date(next_year, 1, 5)))
    assert problem.message.endswith(f"近3年应为{want}（《通知》三(二)1）")


def test_a_missing_revenue_year(data):
    data["applicant"]["revenue"] = data["applicant"]["revenue"][:2]
    (problem,) = fails(data, "DS-RECENT-YEARS")
    assert problem.message == "近3年营业收入应填写3个年度（《通知》三(二)1）"


def test_unticked_conditions_are_warnings(data):
    data["applicant"]["conditions"] = CONDITIONS[:2]
    problems = fails(data, "DS-CONDITIONS")
    assert [p.message for p in problems] == [  # one message for the group, naming each box not ticked
        "请确认申报主体符合以下条件并勾选：近3年经营状况良好；在信用、质量、安全和环保等方面无不良记录（《通知》三(二)1）"]
    assert all(p.severity == "warning" and p.path == "/applicant/conditions" for p in problems)
    assert not has_errors(validate(DEFINITION, data))


def test_applicant_type_is_one_of_the_two(data):
    data["applicant"]["subject_type"] = "事业单位"
    problems = validate(DEFINITION, data)
    assert [p.path for p in problems] == ["/applicant/subject_type"]
    assert "消费品企业" in problems[0].message and "互联网平台企业" in problems[0].message


# ---------------------------------------------------------------- 三(二)4 知识产权, the cover


def test_ip_statement_must_be_ticked(data):
    data["declaration"]["ip"] = []
    (problem,) = fails(data, "DS-IP")
    assert problem.path == "/declaration/ip" and problem.is_error
    assert problem.message == f"须确认并勾选：{IP_STATEMENTS[0]}（《通知》三(二)4）"
    data["declaration"]["ip"] = list(IP_STATEMENTS)
    assert validate(DEFINITION, data) == []


def test_cover_names_the_applicant(data):
    data["cover"]["unit"] = "云南澜茗普洱茶业有限公司"
    (problem,) = fails(data, "DS-COVER-UNIT")
    assert problem.path == "/cover/unit" and problem.is_error
    assert problem.message == (f"封面申报单位“云南澜茗普洱茶业有限公司”与申报主体单位名称“{APPLICANT}”不一致"
                               "（附件2 封面、申报主体基本情况）")


def test_a_fresh_draft_reports_what_is_missing_without_crashing():
    problems = validate(DEFINITION, {})
    rules = {p.rule for p in problems}
    assert "field.required" in rules and "DS-ONE-DIRECTION" in rules and "DS-IP" in rules
    assert "DS-OPERATING-YEARS" not in rules and "DS-COVER-UNIT" not in rules  # nothing to compare yet



def test_the_applicant_answers_for_truth_and_completeness(data):
    """《通知》四 如实填写, 五(二) 真实性、完整性: an undertaking not ticked is an error, as the 知识产权 one."""
    data["declaration"]["truth"] = []
    (problem,) = fails(data, "DS-TRUTH")
    assert problem.is_error and problem.path == "/declaration/truth"
    assert problem.message.startswith("须确认并勾选：本单位对所填报内容及提交材料的真实性、完整性负责")


def test_each_joint_unit_states_its_part_and_the_applicant_its_prefecture(data):
    data["joint_units"][0]["role"] = ""
    data["applicant"]["prefecture"] = None
    blanks = {p.path: p.message for p in validate(DEFINITION, data) if p.is_blank}
    assert blanks == {"/joint_units/0/role": f"请填写“{data['joint_units'][0]['name']}”的分工",
                      "/applicant/prefecture": "请选择所在州（市）"}
