"""Rules of 《云南省制造业创新中心培育创建工作方案》: one change to a clean application, one problem.

Every case starts from the shipped example (which has no problems at all), changes
one thing as a clerk would, and asserts the rule id, where it points and the message
citing the clause the rule enforces.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest

from yn_forms.core.problems import Problem
from yn_forms.core.validation import has_errors, validate
from yn_forms.core.years import last_three_years
from yn_forms.forms.innovation_centre import DEFINITION
from yn_forms.forms.innovation_centre.example import LEAD, PARTICIPANTS


@pytest.fixture
def data() -> dict:
    return DEFINITION.example()


def by_rule(problems: list[Problem], rule: str) -> list[Problem]:
    return [p for p in problems if p.rule == rule]



def test_validate_does_not_change_the_data(data):
    data["basic"]["investment"] = "abc"
    data["basic"]["participants"] = data["basic"]["participants"][:1]
    before = copy.deepcopy(data)
    validate(DEFINITION, data)
    assert data == before



# ---------------------------------------------------------------- 组建条件


def test_two_units_are_too_few(data):
    data["basic"]["participants"] = PARTICIPANTS[:1]
    assert by_rule(validate(DEFINITION, data), "IC-MIN-UNITS") == [
        Problem("/basic/participants", "参与单位", "error",
                "组建单位不少于3家（含牵头单位），现只列出2家（《工作方案》三(二)2）", "IC-MIN-UNITS")]


def test_the_lead_unit_alone_is_a_start_not_too_few_units_and_the_participants_are_asked_for_in_table_3():
    problems = validate(DEFINITION, {"cover": {"lead_unit": "云南甲公司"}})
    assert by_rule(problems, "IC-MIN-UNITS") == []  # not an error counted among 表1's blanks as the cover is typed
    assert not [p for p in problems if p.path == "/basic/participants"]  # no empty box inviting the names
    assert [p.message for p in problems if p.path == "/members"] == ["请填写3、成员单位基本信息表"]


def test_blank_participant_rows_do_not_count(data):
    data["basic"]["participants"] = [PARTICIPANTS[0], "  ", ""]
    [problem] = by_rule(validate(DEFINITION, data), "IC-MIN-UNITS")
    assert "《工作方案》三(二)2" in problem.message
    assert problem.message.startswith("组建单位不少于3家（含牵头单位），现只列出2家")


def test_three_units_are_enough(data):
    data["basic"]["participants"] = PARTICIPANTS[:2]
    data["basic"]["member_counts"] = {"enterprises": 3, "universities": 0, "institutes": 0}
    data["members"] = data["members"][:2]
    assert validate(DEFINITION, data) == []


def test_investment_under_ten_million_yuan_is_refused(data):
    data["basic"]["investment"] = "999.99"
    assert validate(DEFINITION, data) == [
        Problem("/basic/investment", "前期组建总投入", "error",
                "全部组建资金（含研发设备）不少于1000万元，现为999.99万元（《工作方案》三(二)3）", "IC-MIN-FUNDS")]


@pytest.mark.parametrize("amount", ["1000", "1000.00", 1000])
def test_investment_of_exactly_ten_million_yuan_passes(data, amount):
    data["basic"]["investment"] = amount
    assert validate(DEFINITION, data) == []


# ---------------------------------------------------------------- 表1 consistency


def test_unit_counts_by_kind_must_add_up_to_the_listed_units(data):
    data["basic"]["member_counts"]["enterprises"] = 4
    assert validate(DEFINITION, data) == [
        Problem("/basic/member_counts", "成员单位数", "error",
                "成员单位数合计6家（企业4、高校1、科研院所1），与所列成员单位5家（牵头单位1家、参与单位4家）不一致"
                "（附件1 表1）",
                "IC-UNIT-COUNTS")]


def test_staff_by_title_must_add_up(data):
    data["basic"]["staff"]["senior"] = 33
    assert validate(DEFINITION, data) == [
        Problem("/basic/staff/total", "中心人数", "error",
                "按职称合计87人（高级33、中级30、初级16、其他8），与中心人数86人不一致（附件1 表1）",
                "IC-STAFF-TITLES")]


def test_staff_by_degree_must_add_up(data):
    data["basic"]["staff"]["doctor"] = 20
    assert validate(DEFINITION, data) == [
        Problem("/basic/staff/total", "中心人数", "error",
                "按学位合计85人（博士20、硕士35、学士26、其他4），与中心人数86人不一致（附件1 表1）",
                "IC-STAFF-DEGREES")]


def test_changed_centre_total_breaks_both_breakdowns(data):
    data["basic"]["staff"]["total"] = 90
    assert [p.rule for p in validate(DEFINITION, data)] == ["IC-STAFF-TITLES", "IC-STAFF-DEGREES"]


# ---------------------------------------------------------------- 表2, 表3 figures


def test_lead_senior_staff_cannot_exceed_intermediate_plus(data):
    data["lead"]["senior_plus"] = 900
    assert validate(DEFINITION, data) == [
        Problem("/lead/senior_plus", "髙级以上职称人数", "error",
                "髙级以上职称人数（900）不能多于中级以上职称人数（812）（附件1 表2、表3）", "IC-HEADCOUNT")]


def test_lead_intermediate_plus_cannot_exceed_staff_total(data):
    data["lead"]["intermediate_plus"] = 3261
    assert validate(DEFINITION, data) == [
        Problem("/lead/intermediate_plus", "中级以上职称人数", "error",
                "中级以上职称人数（3261）不能多于员工总人数（3260）（附件1 表2、表3）", "IC-HEADCOUNT")]


def test_member_rd_staff_cannot_exceed_staff_total(data):
    data["members"][2]["rd_staff"] = 3000
    assert validate(DEFINITION, data) == [
        Problem("/members/2/rd_staff", "研发人员数", "error",
                "研发人员数（3000）不能多于职工总数（2860）（附件1 表2、表3）", "IC-HEADCOUNT")]


def test_equal_headcounts_are_allowed(data):
    lead = data["lead"]
    lead["senior_plus"] = lead["intermediate_plus"] = lead["rd_staff"] = lead["staff_total"]
    assert validate(DEFINITION, data) == []


def test_fixed_assets_cannot_exceed_total_assets(data):
    data["members"][1]["fixed_assets"] = "40000.00"
    assert validate(DEFINITION, data) == [
        Problem("/members/1/fixed_assets", "固定资产", "error",
                "云南滇峰电子材料股份有限公司：固定资产（40000.00万元）不能大于资产总额（38600.00万元）（附件1 表3）",
                "IC-ASSETS")]


def test_member_without_name_is_named_by_its_position(data):
    data["members"][1]["fixed_assets"] = "40000.00"
    data["members"][1]["name"] = ""
    [problem] = by_rule(validate(DEFINITION, data), "IC-ASSETS")
    assert problem.path == "/members/1/fixed_assets"
    assert problem.message.startswith("第2家成员单位：固定资产")


def test_ownership_needs_a_company_form(data):
    data["members"][0]["economic_type"]["company_form"] = None
    assert validate(DEFINITION, data) == [
        Problem("/members/0/economic_type/company_form", "企业组织形式", "error",
                "“民营企业”后请选择企业组织形式（附件1 表3 经济类型）",
                "IC-ECONOMIC-FORM")]


# ---------------------------------------------------------------- names across tables


def test_cover_lead_unit_differing_from_table_2_is_an_error(data):
    data["cover"]["lead_unit"] = "云南锦川稀贵金属集团股份有限公司"
    assert validate(DEFINITION, data) == [
        Problem("/basic/lead_unit_name", "牵头单位", "error",
                "牵头单位名称不一致：封面为“云南锦川稀贵金属集团股份有限公司”；"
                f"表1为“{LEAD}”；表2为“{LEAD}”（附件1 封面、表1、表2）", "IC-LEAD-NAME")]


def test_surrounding_spaces_do_not_make_names_differ(data):
    data["lead"]["name"] = f"  {LEAD} "
    assert validate(DEFINITION, data) == []


def test_participant_without_table_3_is_a_warning(data):
    del data["members"][3]
    assert validate(DEFINITION, data) == [
        Problem("/members", "3、成员单位基本信息表", "warning",
                f"参与单位“{PARTICIPANTS[3]}”还没有填写表3 成员单位基本信息表（附件1 表3）", "IC-MEMBER-TABLES")]


def test_table_3_of_an_unlisted_unit_is_a_warning_on_its_name(data):
    data["members"][1]["name"] = "云南滇峰电子材料有限公司"
    problems = by_rule(validate(DEFINITION, data), "IC-MEMBER-TABLES")
    assert Problem("/members/1/name", "单位名称", "warning",
                   "表3中的“云南滇峰电子材料有限公司”不在表1所列成员单位中，请核对名称（附件1 表3）",
                   "IC-MEMBER-TABLES") in problems
    assert not has_errors(validate(DEFINITION, data))


# ---------------------------------------------------------------- 近三年


def test_years_that_are_not_the_last_three_are_a_warning(data):
    data["lead"]["sales"] = [{"year": y, "value": "1000"} for y in (2019, 2020, 2021)]
    want = "、".join(str(y) for y in last_three_years())
    assert validate(DEFINITION, data) == [
        Problem("/lead/sales", "近三年销售收入(单位：万元)", "warning",
                f"表2 近三年销售收入的年度为2019、2020、2021，近三年应为{want}（附件1 表2、表3）",
                "IC-RECENT-YEARS")]


def test_missing_year_is_a_warning(data):
    data["members"][0]["rd_spend"] = data["members"][0]["rd_spend"][:2]
    assert validate(DEFINITION, data) == [
        Problem("/members/0/rd_spend", "近三年R&D投入(万元)", "warning",
                f"{PARTICIPANTS[0]} 近三年R&D投入应填写3个年度（附件1 表2、表3）", "IC-RECENT-YEARS")]


def test_last_three_years_follow_the_declaration_month(data):
    next_year = date.today().year + 1
    data["cover"]["fill_month"] = f"{next_year}-1"
    problems = validate(DEFINITION, data)
    # one warning for 表2 and two for each 表3
    assert [p.rule for p in problems] == ["IC-RECENT-YEARS"] * 9
    got = "、".join(str(y) for y in last_three_years())
    want = "、".join(str(y) for y in last_three_years(date(next_year, 1, 1)))
    assert problems[0] == Problem("/lead/sales", "近三年销售收入(单位：万元)", "warning",
                                  f"表2 近三年销售收入的年度为{got}，近三年应为{want}（附件1 表2、表3）",
                                  "IC-RECENT-YEARS")


# ---------------------------------------------------------------- supporting documents, 其他


def test_supporting_documents_not_attached_are_still_to_do_with_their_clause(data):
    data["enclosures"] = []
    problems = validate(DEFINITION, data)
    assert problems == [  # one a document, each a blank (待填写) that does not stop the documents
        Problem("/enclosures", "证明材料", "warning", f"须随申报材料提交“{title}”：请添加文件，或注明纸质件另附"
                "（《工作方案》四(一)1）", "enclosure.required")
        for title in ("创新中心独立法人资格证书复印件", "成员单位之间相关合作协议、资金组建方案、各项规章制度等")]
    assert all(p.is_blank for p in problems) and not has_errors(problems)


def test_a_document_handed_in_on_paper_is_given(data):
    data["enclosures"] = data["enclosures"][:1]
    assert [p.message for p in validate(DEFINITION, data)] == [
        "须随申报材料提交“成员单位之间相关合作协议、资金组建方案、各项规章制度等”：请添加文件，或注明纸质件另附"
        "（《工作方案》四(一)1）"]


def test_other_outcome_ticked_needs_its_text(data):
    data["basic"]["outcomes"].append("其他")
    assert validate(DEFINITION, data) == [
        Problem("/basic/outcomes_other", "其他成果类型", "error", "请填写其他成果类型", "field.required")]


def test_other_outcome_with_text_passes(data):
    data["basic"]["outcomes"].append("其他")
    data["basic"]["outcomes_other"] = "软件著作权"
    assert validate(DEFINITION, data) == []


# ---------------------------------------------------------------- odd input never crashes


def test_unknown_top_level_key_is_a_warning_and_kept(data):
    data["remarks"] = {"any": ["thing"]}
    assert validate(DEFINITION, data) == [
        Problem("/remarks", "remarks", "warning",
                "未识别的字段“remarks”：已原样保留在草稿中，但不会出现在生成的文档里", "field.unknown")]
    assert data["remarks"] == {"any": ["thing"]}


def test_unknown_nested_key_is_a_warning_too(data):
    data["members"][0]["note"] = "备注"
    assert validate(DEFINITION, data) == [
        Problem("/members/0/note", "note", "warning",
                "未识别的字段“note”：已原样保留在草稿中，但不会出现在生成的文档里", "field.unknown")]


@pytest.mark.parametrize("not_a_dict", [[], [DEFINITION.example()], None, "申报书", 42])
def test_input_that_is_not_an_object_gives_errors_not_exceptions(not_a_dict):
    problems = validate(DEFINITION, not_a_dict)
    assert problems[0] == Problem("", "", "error", "数据结构不正确", "field.dict_type")
    assert has_errors(problems)


@pytest.mark.parametrize("section", ["cover", "basic", "lead", "plan"])
def test_section_that_is_not_an_object_is_one_error(data, section):
    data[section] = ["wrong"]
    problems = validate(DEFINITION, data)
    assert Problem(f"/{section}", DEFINITION.model.model_fields[section].title, "error", "数据结构不正确",
                   "field.model_type") in problems


def test_type_error_in_one_field_lets_the_rules_run(data):
    data["basic"]["investment"] = "abc"
    data["cover"]["lead_unit"] = "X公司"
    assert validate(DEFINITION, data) == [
        Problem("/basic/investment", "前期组建总投入", "error", "应填写数字", "field.decimal_parsing"),
        Problem("/basic/lead_unit_name", "牵头单位", "error",
                f"牵头单位名称不一致：封面为“X公司”；表1为“{LEAD}”；表2为“{LEAD}”（附件1 封面、表1、表2）",
                "IC-LEAD-NAME"),
    ]


def test_negative_and_fractional_counts_are_field_errors(data):
    data["lead"]["staff_total"] = -1
    data["members"][0]["rd_staff"] = 1.5
    problems = validate(DEFINITION, data)
    assert Problem("/lead/staff_total", "员工总人数", "error", "不能小于0", "field.greater_than_equal") in problems
    assert Problem("/members/0/rd_staff", "研发人员数", "error", "应填写整数", "field.int_from_float") in problems


def test_rule_path_points_at_the_member_the_user_typed_after_a_broken_entry(data):
    data["members"].insert(0, None)  # e.g. an entry emptied by hand in the JSON
    data["members"][2]["fixed_assets"] = "40000.00"  # 云南滇峰电子材料股份有限公司
    [problem] = by_rule(validate(DEFINITION, data), "IC-ASSETS")
    assert problem.path == "/members/2/fixed_assets"


def test_value_outside_the_options_lists_them_in_chinese(data):
    data["lead"]["nature"] = "私营企业"
    [problem] = [p for p in validate(DEFINITION, data) if p.path == "/lead/nature"]
    assert problem.rule == "field.literal_error"
    assert problem.message == "请从以下选项中选择：国有企业、国有控股企业、外资企业、合资企业、民营企业、其他"
