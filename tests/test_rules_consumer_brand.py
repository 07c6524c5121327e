"""云南消费名品: the type switch (企业品牌 / 区域品牌) and the rules of 三(一), failing and passing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from brand_examples import region_example
from rule_helpers import failing

from yn_forms.core.progress import completeness, section_states
from yn_forms.core.validation import has_errors, validate
from yn_forms.forms.consumer_brand import DEFINITION


@pytest.fixture
def data() -> dict:
    return DEFINITION.example()


@pytest.fixture
def region() -> dict:
    return region_example()


fails = failing(DEFINITION)


def test_both_kinds_of_example_pass(data, region):
    assert validate(DEFINITION, data) == []
    assert validate(DEFINITION, region) == []


# ---------------------------------------------------------------- the type switch


def test_a_region_brand_is_not_asked_for_company_sections(region):
    """The company sections are empty in a 区域品牌 and nobody asks for them."""
    region["enterprise"] = {}
    region["brand"] = {}
    assert validate(DEFINITION, region) == []
    states = {s.name: s.label for s in section_states(DEFINITION, region, [])}
    assert states["enterprise"] == states["brand"] == states["operations"] == "不适用"
    assert states["region"] == "已完成"
    assert completeness(DEFINITION, region, []) == 100


def test_switching_kind_keeps_the_other_kinds_data_but_asks_for_the_new_one(data):
    data["basics"]["brand_type"] = "区域品牌"
    data["basics"]["direction"] = "历史经典"  # 培育方向 belongs to 企业品牌: kept, not checked
    problems = validate(DEFINITION, data)
    assert {p.path for p in problems} >= {"/region/government", "/region/brand_name", "/region/contact"}
    assert not any(p.path.startswith(("/enterprise", "/brand", "/operations", "/basics/direction")) for p in problems)
    assert data["enterprise"]["name"] == "文山滇七生物科技股份有限公司"  # nothing typed is dropped


def test_no_kind_chosen_asks_for_the_kind_first(data):
    data["basics"]["brand_type"] = None
    problems = validate(DEFINITION, data)
    assert [(p.path, p.message) for p in problems] == [("/basics/brand_type", "请选择申报类型")]


def test_an_invalid_credit_code_in_the_other_kinds_section_does_not_block(region):
    region["enterprise"]["credit_code"] = "123"
    assert validate(DEFINITION, region) == []


def test_enterprise_credit_code_is_checked(data):
    data["enterprise"]["credit_code"] = "91532600MA6Q4B7N2K"
    problems = validate(DEFINITION, data)
    assert [(p.path, p.message) for p in problems] == [
        ("/enterprise/credit_code", "统一社会信用代码校验位不正确，请核对营业执照")]


# ---------------------------------------------------------------- 企业品牌


def test_expired_trademark(data):
    data["brand"]["trademark_valid_until"] = (date.today() - timedelta(days=1)).isoformat()
    (problem,) = fails(data, "CB-TRADEMARK-VALID")
    assert problem.is_error and problem.path == "/brand/trademark_valid_until"
    assert problem.message.endswith("在填报日期已过期；申报品牌应拥有商标所有权且在有效期内（《通知》三(一)1）")
    data["brand"]["trademark_valid_until"] = date.today().isoformat()
    assert validate(DEFINITION, data) == []


def test_company_younger_than_three_years(data):
    today = date.today()
    data["enterprise"]["founded"] = (today - timedelta(days=365 * 3 - 30)).isoformat()
    (problem,) = fails(data, "CB-THREE-YEARS")
    assert "不满3年" in problem.message
    data["enterprise"]["founded"] = date(today.year - 4, 1, 1).isoformat()
    assert validate(DEFINITION, data) == []


def test_unticked_conditions_of_an_enterprise(data):
    data["enterprise"]["declarations"] = data["enterprise"]["declarations"][:2]
    data["brand"]["own_brand"] = []
    problems = fails(data, "CB-ENTERPRISE-CONDITIONS")
    assert [p.path for p in problems] == ["/enterprise/declarations", "/brand/own_brand"]
    assert problems[0].message.startswith("须符合基本条件：在信用、质量、安全和环保等方面无不良记录")


def test_operating_years_are_the_last_three(data):
    data["operations"]["tax"][0]["year"] -= 1
    (problem,) = fails(data, "CB-OPERATING-YEARS")
    assert problem.path == "/operations/tax" and problem.severity == "warning"


# ---------------------------------------------------------------- 区域品牌


def test_region_applicant_is_a_government(region):
    region["region"]["government"] = "宣威市火腿行业协会"
    (problem,) = fails(region, "CB-REGION-GOVERNMENT")
    assert problem.is_error and "应为人民政府" in problem.message


@pytest.mark.parametrize("name, ok", [("宣威火腿", True), ("文山三七", True), ("西双版纳普洱茶", True),
                                      ("石林乳饼", True), ("云南小粒咖啡", True), ("好味火腿", False),
                                      ("斗南花卉", False)])
def test_region_brand_begins_with_a_yunnan_place(region, name, ok):
    region["region"]["brand_name"] = name
    problems = [p for p in validate(DEFINITION, region) if p.rule == "CB-REGION-NAME"]
    if ok:
        assert problems == []
    else:
        (problem,) = fails(region, "CB-REGION-NAME")
        assert problem.severity == "warning" and "地名+产品" in problem.message
        assert not has_errors(validate(DEFINITION, region))


def test_region_without_the_safety_declaration(region):
    region["region"]["declarations"] = []
    (problem,) = fails(region, "CB-REGION-CONDITIONS")
    assert problem.message.startswith("须符合基本条件：近3年无重大质量安全等事故")



def test_a_classic_brand_must_tell_its_history(data):
    """《通知》二(一)1: the 历史经典 direction is judged on the brand's 历史文化底蕴; another direction is not."""
    data["brand"]["history"] = ""
    assert validate(DEFINITION, data) == []  # 时代优品: not asked
    data["basics"]["direction"] = "历史经典"
    (problem,) = fails(data, "CB-HISTORY")
    assert problem.is_error and problem.path == "/brand/history" and "历史文化底蕴" in problem.message


def test_new_fields_are_checked_like_the_others(data, region):
    data["enterprise"]["email"] = "wanglp@"
    data["brand"]["founded_year"] = 98
    region["region"]["credit_code"] = "11530381015190005D"
    region["region"]["email"] = ""
    by_path = {p.path: p for p in validate(DEFINITION, data) + validate(DEFINITION, region)}
    assert {"/enterprise/email", "/brand/founded_year", "/region/credit_code", "/region/email"} <= set(by_path)
    assert by_path["/region/credit_code"].message == "统一社会信用代码校验位不正确，请核对营业执照"
    assert by_path["/region/email"].message.startswith("请填写电子邮箱")


def test_a_region_brand_without_its_mark_number_is_a_warning(region):
    region["region"]["mark_no"] = " "
    (problem,) = fails(region, "CB-REGION-MARK")
    assert problem.severity == "warning" and "地理标志证明商标或集体商标" in problem.message
    assert not has_errors(validate(DEFINITION, region))
    region["basics"]["brand_type"] = "企业品牌"
    assert not [p for p in validate(DEFINITION, region) if p.rule == "CB-REGION-MARK"]


def test_the_rank_is_the_prefectures_and_not_asked_of_the_applicant(data):
    assert data["basics"].get("rank") is None and validate(DEFINITION, data) == []
    data["basics"]["rank"] = 0
    assert [p.path for p in validate(DEFINITION, data)] == ["/basics/rank"]
