"""Rules of 《云南省创新联合体建设管理工作方案(试行)》: one change to a clean application, one problem.

The shipped example passes every rule (the passing case); each test below changes
one thing as a clerk would and asserts the rule, where it points and the message
citing its clause. The last test makes sure no rule is left without a failing case.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest
from rule_helpers import failing

from yn_forms.core.validation import has_errors, validate
from yn_forms.forms.innovation_consortium import DEFINITION
from yn_forms.forms.innovation_consortium.example import LEAD


@pytest.fixture
def data() -> dict:
    return DEFINITION.example()


fails = failing(DEFINITION)




# ---------------------------------------------------------------- 四 组建条件


def test_lead_registered_outside_yunnan_is_refused(data):
    data["units"][0]["credit_code"] = "91510100MA61R2K90E"  # a valid 四川 (51…) code
    (problem,) = fails(data, "CON-LEAD-YUNNAN")
    assert problem.path == "/units/0/credit_code" and problem.is_error
    assert problem.message == ("牵头单位应为云南省内注册的单位，其统一社会信用代码中的行政区划码为510100，"
                               "不是云南省（53开头）（《工作方案》四(一)1）")


def test_member_outside_yunnan_is_fine(data):
    data["units"][2]["credit_code"] = "91510100MA61R2K90E"
    assert validate(DEFINITION, data) == []


def test_a_mistyped_credit_code_is_a_field_error_not_a_yunnan_error(data):
    data["units"][0]["credit_code"] = "91530000MA6K3T8R19"
    problems = validate(DEFINITION, data)
    assert [(p.path, p.message) for p in problems] == [
        ("/units/0/credit_code", "统一社会信用代码校验位不正确，请核对营业执照")]


def test_self_raised_funds_below_two_to_one(data):
    data["eligibility"]["self_funds"] = "3999.99"
    (problem,) = fails(data, "CON-SELF-FUNDING")
    assert problem.path == "/eligibility/self_funds" and problem.is_error
    assert "至少4000.00万元，现为3999.99万元" in problem.message and problem.message.endswith("（《工作方案》四(四)）")
    data["eligibility"]["self_funds"] = "4000"
    assert validate(DEFINITION, data) == []


@pytest.mark.parametrize("years", [2, 6])
def test_life_outside_three_to_five_years_is_a_warning(data, years):
    data["eligibility"]["duration_years"] = years
    (problem,) = fails(data, "CON-DURATION")
    assert problem.severity == "warning"
    assert f"现为{years}年" in problem.message and "八(二)" in problem.message
    assert not has_errors(validate(DEFINITION, data))


def test_unticked_confirmation_is_a_warning(data):
    data["eligibility"]["confirmations"] = data["eligibility"]["confirmations"][1:]
    (problem,) = fails(data, "CON-CONFIRMATIONS")
    assert problem.message.startswith("请确认：牵头单位仅牵头组建本创新联合体")


def test_lead_without_a_platform_is_a_warning(data):
    data["platforms"] = [p for p in data["platforms"] if p["host"] != LEAD]
    data["table"]["national_platforms"] = 0
    (problem,) = fails(data, "CON-LEAD-PLATFORM")
    assert problem.severity == "warning" and "四(一)2" in problem.message


def test_agreement_taking_effect_after_the_declaration(data):
    data["table"]["effective_date"] = (date.today() + timedelta(days=3)).isoformat()
    (problem,) = fails(data, "CON-AGREEMENT-DATE")
    assert problem.path == "/table/effective_date" and problem.severity == "warning"


# ---------------------------------------------------------------- 附件1 consistency


def test_member_total_counts_lead_and_members(data):
    data["table"]["member_total"] = 4  # the members only, forgetting the lead
    data["table"]["enterprises"] = 2
    (problem,) = fails(data, "CON-MEMBER-TOTAL")
    assert problem.message == ("成员总数包括牵头和成员单位数：“六”中列出5家，成员总数填写为4（附件1 填表说明三）")


def test_counts_by_kind_add_up(data):
    data["table"]["universities"] = 2
    (problem,) = fails(data, "CON-KIND-COUNTS")
    assert problem.path == "/table/member_total"
    assert "合计6个，与成员总数5个不符" in problem.message


def test_platform_counts_match_table_four(data):
    data["table"]["provincial_platforms"] = 4
    (problem,) = fails(data, "CON-PLATFORM-COUNTS")
    assert problem.path == "/table/provincial_platforms"
    assert problem.message.startswith("省级创新平台数量填写为4个，“四”中列出3个")


def test_platform_host_must_be_a_unit(data):
    data["platforms"][1]["host"] = "云南澜沧理工大学"
    (problem,) = fails(data, "CON-PLATFORM-HOST")
    assert problem.path == "/platforms/1/host" and problem.severity == "warning"


def test_lead_first_and_named_as_on_the_cover(data):
    data["units"][0], data["units"][1] = data["units"][1], data["units"][0]
    (problem,) = fails(data, "CON-LEAD-FIRST")
    assert problem.path == "/units/0/name"
    assert f"应为封面所填牵头单位“{LEAD}”" in problem.message


def test_a_unit_listed_twice(data):
    data["units"].append(copy.deepcopy(data["units"][1]))
    data["table"]["member_total"] = 6
    data["table"]["enterprises"] = 4
    problems = fails(data, "CON-UNIQUE-UNITS")
    assert {p.path for p in problems} >= {"/units/5/name", "/units/5/credit_code"}


def test_project_below_two_million(data):
    data["projects"][1]["funding"] = "199.99"
    (problem,) = fails(data, "CON-PROJECT-FUNDING")
    assert problem.path == "/projects/1/funding" and problem.is_error
    assert "为199.99万元" in problem.message


def test_project_older_than_three_years(data):
    y = date.today().year
    data["projects"][0]["start"] = f"{y - 6}-01"
    data["projects"][0]["end"] = f"{y - 4}-12"
    (problem,) = fails(data, "CON-PROJECT-PERIOD")
    assert problem.path == "/projects/0/end"
    assert f"不是近三年（{y - 3}年以来）承担的项目" in problem.message


def test_project_period_reversed(data):
    data["projects"][2]["start"], data["projects"][2]["end"] = data["projects"][2]["end"], data["projects"][2]["start"]
    (problem,) = fails(data, "CON-PROJECT-PERIOD")
    assert problem.path == "/projects/2/start" and "晚于止" in problem.message


def test_project_not_started_yet(data):
    y = date.today().year
    data["projects"][2]["start"] = f"{y + 1}-01"
    (problem,) = fails(data, "CON-PROJECT-PERIOD")
    assert "尚未承担" in problem.message


def test_project_level_must_be_provincial_or_national(data):
    data["projects"][0]["level"] = "市级"
    problems = validate(DEFINITION, data)
    assert [p.path for p in problems] == ["/projects/0/level"]
    assert "国家级" in problems[0].message and "省级" in problems[0].message


def test_project_undertaker_must_be_a_unit(data):
    data["projects"][0]["undertaker"] = "云南某某公司"
    (problem,) = fails(data, "CON-PROJECT-UNDERTAKER")
    assert problem.path == "/projects/0/undertaker"


def test_chief_expert_belongs_to_the_team(data):
    data["table"]["chief_expert"] = "王志刚"
    (problem,) = fails(data, "CON-CHIEF-EXPERT")
    assert "王志刚" in problem.message and problem.severity == "warning"


# ---------------------------------------------------------------- word limits


@pytest.mark.parametrize("pointer, limit", [("goals", 500), ("cooperation", 500)])
def test_word_limits_of_one_and_seven(data, pointer, limit):
    data[pointer] = "字" * (limit + 1)
    problems = validate(DEFINITION, data)
    assert [(p.path, p.message) for p in problems] == [
        (f"/{pointer}", f"超出字数限制：限{limit}字，现为{limit + 1}字")]
    data[pointer] = "字" * limit
    assert validate(DEFINITION, data) == []


def test_word_limit_of_six(data):
    data["units"][3]["role"] = "研" * 201
    problems = validate(DEFINITION, data)
    assert [(p.path, p.message) for p in problems] == [("/units/3/role", "超出字数限制：限200字，现为201字")]

