"""单位信息库 (core, no Qt): a unit typed once is filled into every form that asks for it.

Each test is one thing a clerk relies on: what one form saved fills another at the
right places with values that pass its checks; an update lists its differences before
anything is written; the library file is private, journaled and never damaged by a
program that cannot use it; Excel goes out and comes back; the drafts that name a unit
are found.
"""

from __future__ import annotations

import copy
import datetime
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from yn_forms.core.datapath import get_at, set_at
from yn_forms.core.draft import save_draft
from yn_forms.core.units import (
    LIBRARY_FILE,
    SCHEMA_VERSION,
    Change,
    UnitConflict,
    UnitLibrary,
    UnitLibraryError,
    apply_unit,
    default_path,
    drafts_using,
    extract_unit,
    plan_fill,
    read_unit,
    read_xlsx,
    template_xlsx,
    unit_section,
)
from yn_forms.core.validation import validate
from yn_forms.core.years import last_three_years
from yn_forms.forms import get_form

LEAD = "云南锦川稀贵金属集团有限公司"  # 牵头单位 of the innovation-centre example
CONSUMER = "文山滇七生物科技股份有限公司"  # 申报企业 of the consumer-brand example
CONSUMER_CODE = "91532600MA6Q4B7N2J"
CODE_A, CODE_B = "91530000MA6K3T8R18", "91530400MA6N2Q7L50"  # valid codes of the consortium example


@pytest.fixture
def library(tmp_path):
    with UnitLibrary(tmp_path / "units" / LIBRARY_FILE) as lib:
        yield lib


def blank(form_id: str, pointer: str = "") -> dict[str, Any]:
    """A new draft of *form_id*, with an empty item at *pointer* when it is an item of a group."""
    form = get_form(form_id)
    data = form.model().model_dump(mode="json")
    if pointer and pointer.rsplit("/", 1)[-1].isdigit():
        section = unit_section(form, pointer)
        assert section is not None
        set_at(data, pointer.rsplit("/", 1)[0], [section.model().model_dump(mode="json")])
    return data


def field_problems(form_id: str, data: dict[str, Any], pointers: list[str]) -> list[str]:
    """The field checks (format, type, 字数) that fail at or under *pointers*."""
    return [f"{p.path}: {p.message}" for p in validate(get_form(form_id), data)
            if p.rule.startswith("field.") and p.rule != "field.required"
            and any(p.path == q or p.path.startswith(q + "/") for q in pointers)]


def lead_record() -> dict[str, Any]:
    form = get_form("innovation-centre")
    return extract_unit(form, form.example(), "/lead")


def consumer_record() -> dict[str, Any]:
    form = get_form("consumer-brand")
    return extract_unit(form, form.example(), "/enterprise")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- one form's unit fills another form ----------------------------------------------------------
def test_the_innovation_centre_lead_unit_is_read_whole_from_its_table():
    record = lead_record()
    assert record["name"] == LEAD
    assert record["head"] == "张明远" and record["contact"] == "孙丽华"
    assert record["contact_phone"] == "13577112233" and record["email"] == "sunlh@example.cn"
    assert record["staff_total"] == 3260 and record["registered_capital"] == "86000.00"
    assert record["sales"] == {"2023": "452310.50", "2024": "498760.20", "2025": "536120.80"}
    assert record["qualifications_other"] == "国家知识产权示范企业"
    assert record["main_products"].split("\n")[:2] == ["贵金属高纯材料", "贵金属电子浆料"]
    assert "credit_code" not in record  # 表2 does not ask for it


@pytest.mark.parametrize(("form_id", "pointer", "expected"), [
    ("consumer-brand", "/enterprise", {"name": LEAD, "contact": "孙丽华", "mobile": "13577112233"}),
    ("digital-scenario", "/applicant", {"name": LEAD, "contact": "孙丽华", "phone": "13577112233",
                                        "email": "sunlh@example.cn"}),
    ("innovation-consortium", "/units/0", {"name": LEAD}),
    ("innovation-centre", "/members/0", {"name": LEAD, "address": "昆明市高新区马金铺新材料产业园锦川路6号",
                                         "postcode": "650503", "contact_name": "孙丽华",
                                         "contact_post": "科技发展部部长", "contact_mobile": "13577112233",
                                         "contact_email": "sunlh@example.cn", "registered_capital": "86000.00",
                                         "staff_total": 3260, "rd_staff": 486, "intermediate_plus": 812,
                                         "senior_plus": 215,
                                         "main_products": "贵金属高纯材料\n贵金属电子浆料\n汽车尾气净化催化剂\n"
                                                          "贵金属精密合金材料\n贵金属二次资源回收服务"}),
])
def test_a_lead_unit_saved_from_the_innovation_centre_fills_another_form(library, form_id, pointer, expected):
    library.upsert(lead_record())
    stored = library.by_name(LEAD)
    assert stored is not None
    data = blank(form_id, pointer)
    changed = apply_unit(get_form(form_id), data, pointer, stored.record)
    want = {f"{pointer}/{key}": value for key, value in expected.items()}
    for where, value in want.items():
        assert get_at(data, where) == value, where
    assert set(want) <= set(changed)
    assert field_problems(form_id, data, changed) == []


def test_the_member_table_takes_the_years_of_sales_into_the_right_years(library):
    library.upsert(lead_record())
    data = blank("innovation-centre", "/members/0")
    apply_unit(get_form("innovation-centre"), data, "/members/0", library.by_name(LEAD).record)
    assert [(i["year"], i["value"]) for i in data["members"][0]["sales"]] == \
        [(2023, "452310.50"), (2024, "498760.20"), (2025, "536120.80")]
    assert [i["value"] for i in data["members"][0]["rd_spend"]] == [None, None, None]  # 表2 has no R&D


def test_a_consumer_brand_enterprise_with_its_code_and_figures_fills_the_digital_scenario_applicant(library):
    record = consumer_record()
    assert record["revenue"]["2024"] == "58120.50"  # read from 近3年经营状况, the companion section
    library.upsert(record)
    form = get_form("digital-scenario")
    data = blank("digital-scenario")
    changed = apply_unit(form, data, "/applicant", library.by_code(CONSUMER_CODE).record)
    applicant = data["applicant"]
    assert (applicant["name"], applicant["credit_code"], applicant["legal_rep"], applicant["founded"]) == \
        (CONSUMER, CONSUMER_CODE, "陆文斌", "2008-04-16")
    assert applicant["address"] == "云南省文山州文山市三七产业园区七花路8号"
    assert applicant["phone"] == "0876-2123456"  # 联系电话 takes the 固定电话 first
    assert {i["year"]: i["value"] for i in applicant["revenue"]} == \
        {2023: "52360.00", 2024: "58120.50", 2025: "63480.20"}
    assert field_problems("digital-scenario", data, changed) == []
    # and a row of the consortium's table, and of the 联合申报单位 table
    consortium = blank("innovation-consortium", "/units/0")
    apply_unit(get_form("innovation-consortium"), consortium, "/units/0", record)
    assert {k: consortium["units"][0][k] for k in ("name", "credit_code", "legal_rep")} == \
        {"name": CONSUMER, "credit_code": CONSUMER_CODE, "legal_rep": "陆文斌"}
    joint = blank("digital-scenario", "/joint_units/0")
    apply_unit(form, joint, "/joint_units/0", record)
    assert joint["joint_units"][0] == {**joint["joint_units"][0], "name": CONSUMER, "credit_code": CONSUMER_CODE}


def test_a_fact_the_field_refuses_is_passed_over_and_said_why(library):
    # 表2's 联系人电话 is a mobile number: it fits 手机 but not the 固定电话 of the 消费名品 form
    plan = plan_fill(get_form("consumer-brand"), blank("consumer-brand"), "/enterprise", lead_record())
    assert "/enterprise/phone" not in [c.pointer for c in plan.changes]
    assert [title for title, _why in plan.skipped] == ["固定电话"]
    assert "区号" in plan.skipped[0][1]


def test_a_fact_the_record_lacks_never_clears_a_field():
    form = get_form("consumer-brand")
    data = form.example()
    before = copy.deepcopy(data)
    changed = apply_unit(form, data, "/enterprise", {"name": CONSUMER, "contact": "赵新"})
    assert changed == ["/enterprise/contact"]
    assert data["enterprise"]["contact"] == "赵新"
    data["enterprise"]["contact"] = before["enterprise"]["contact"]
    assert data == before  # 代码, 地址, 电话, 近3年 figures: all as they were


def test_filling_over_typed_values_lists_each_field_with_its_old_and_new_value():
    form = get_form("consumer-brand")
    data = form.example()
    record = {**consumer_record(), "contact": "赵新", "legal_rep": "陆文斌", "revenue": {"2025": "70000.00"}}
    plan = plan_fill(form, data, "/enterprise", record)
    by_pointer = {c.pointer: c for c in plan.changes}
    assert set(by_pointer) == {"/enterprise/contact", "/operations/revenue"}
    assert (by_pointer["/enterprise/contact"].title, by_pointer["/enterprise/contact"].old,
            by_pointer["/enterprise/contact"].new) == ("联系人", "王丽萍", "赵新")
    assert [c.pointer for c in plan.overwrites] == ["/enterprise/contact", "/operations/revenue"]
    assert data == form.example()  # planning writes nothing into the draft


def test_a_value_the_form_rejects_is_not_carried_into_the_library():
    form = get_form("consumer-brand")
    data = form.example()
    data["enterprise"]["credit_code"] = "91532600MA6Q4B7N2X"  # wrong check digit
    data["enterprise"]["mobile"] = "1388"
    extraction = read_unit(form, data, "/enterprise")
    assert "credit_code" not in extraction.record and "contact_mobile" not in extraction.record
    assert sorted(title for title, _ in extraction.skipped) == ["手机", "统一社会信用代码"]


# --- updates: the differences first, nothing written until confirmed ---------------------------
def test_an_update_lists_its_differences_field_by_field_before_anything_is_written(library):
    unit, plan = library.upsert(lead_record())
    assert plan.is_new and len(plan.changes) == len(lead_record()) + 2  # 销售收入 is a line per year
    newer = {**lead_record(), "contact": "周敏", "email": "zhoumin@example.cn",
             "sales": {"2025": "540000.00", "2026": "580000.00"}}
    folder = library.path.parent
    before = files_of(folder)
    planned = library.plan(newer)
    assert planned.existing is not None and planned.existing.id == unit.id
    assert planned.changes == [
        Change("联系人", "孙丽华", "周敏"),
        Change("电子邮箱", "sunlh@example.cn", "zhoumin@example.cn"),
        Change("2025年销售收入（万元）", "536120.80", "540000.00"),
        Change("2026年销售收入（万元）", "", "580000.00"),
    ]
    assert files_of(folder) == before  # a plan is only a plan
    assert library.get(unit.id).record == unit.record
    stored, done = library.upsert(newer)
    assert done.changes == planned.changes
    assert stored.record["contact"] == "周敏"
    assert stored.record["sales"] == {"2023": "452310.50", "2024": "498760.20", "2025": "540000.00",
                                      "2026": "580000.00"}
    assert len(library.units()) == 1


def test_saving_from_a_form_that_asks_less_keeps_what_the_library_knows(library):
    library.upsert(lead_record())
    form = get_form("innovation-consortium")
    data = blank("innovation-consortium", "/units/0")
    data["units"][0].update(name=LEAD, credit_code=CODE_A, legal_rep="张明远")
    plan = library.plan(extract_unit(form, data, "/units/0"))
    assert plan.changes == [Change("统一社会信用代码", "", CODE_A), Change("法定代表人", "", "张明远")]
    stored, _ = library.upsert(extract_unit(form, data, "/units/0"))
    assert stored.record["industry"] == "有色金属冶炼和压延加工业"  # not asked by the consortium: kept
    assert stored.record["sales"]["2023"] == "452310.50"


def test_saving_the_same_values_again_changes_nothing(library):
    unit, _ = library.upsert(lead_record())
    again, plan = library.upsert(lead_record())
    assert plan.changes == [] and not plan.is_new
    assert again.updated_at == unit.updated_at


def test_a_record_with_bad_values_is_refused_whole_with_reasons(library):
    with pytest.raises(UnitLibraryError) as caught:
        library.plan({"name": "云南甲公司", "postcode": "12", "staff_total": "很多", "founded": "去年"})
    message = str(caught.value)
    assert "邮编" in message and "职工总数" in message and "成立时间" in message
    with pytest.raises(UnitLibraryError, match="单位名称"):
        library.upsert({"contact": "无名"})
    assert library.units() == []


# --- identity: 统一社会信用代码, else the name --------------------------------------------------
def test_a_unit_is_known_by_its_code_even_when_renamed(library):
    unit, _ = library.upsert({"name": "云南甲有限公司", "credit_code": CODE_A})
    renamed, plan = library.upsert({"name": "云南甲集团有限公司", "credit_code": CODE_A.lower()})
    assert renamed.id == unit.id
    assert plan.changes == [Change("单位名称", "云南甲有限公司", "云南甲集团有限公司")]
    assert library.by_code(f" {CODE_A[:6]}-{CODE_A[6:]} ").id == unit.id
    assert library.by_name("云南甲有限公司") is None


def test_a_unit_is_known_by_its_name_with_full_or_half_width_brackets(library):
    unit, _ = library.upsert({"name": "云南锦川（集团）有限公司", "contact": "孙丽华"})
    for spelling in ("云南锦川(集团)有限公司", " 云南锦川 （集团） 有限公司", "云南锦川（集团）有限公司"):
        assert library.match({"name": spelling}).id == unit.id, spelling
        assert library.by_name(spelling).id == unit.id
    same, plan = library.upsert({"name": "云南锦川(集团)有限公司", "contact": "周敏"})
    assert same.id == unit.id and len(library.units()) == 1
    assert same.name == "云南锦川（集团）有限公司"  # the spelling the library has is kept
    assert plan.changes == [Change("联系人", "孙丽华", "周敏")]
    assert [u.id for u in library.search("(集团)")] == [unit.id]


def test_a_unit_first_saved_by_name_gets_its_code_on_the_same_record(library):
    unit, _ = library.upsert({"name": LEAD, "contact": "孙丽华"})  # from 表2, which has no code
    with_code, plan = library.upsert({"name": LEAD, "credit_code": CODE_A})
    assert with_code.id == unit.id and with_code.credit_code == CODE_A
    assert plan.changes == [Change("统一社会信用代码", "", CODE_A)]
    assert with_code.record["contact"] == "孙丽华"


def test_two_units_never_share_a_name_or_a_code(library):
    library.upsert({"name": "云南甲公司", "credit_code": CODE_A})
    library.upsert({"name": "云南乙公司", "credit_code": CODE_B})
    with pytest.raises(UnitConflict, match="云南乙公司"):
        library.plan({"name": "云南乙公司", "credit_code": CODE_A})  # 甲's code under 乙's name
    with pytest.raises(UnitConflict, match="另一家单位"):
        library.upsert({"name": "云南甲公司", "credit_code": "91530800MA6PK2L7XJ"})  # same name, another code
    assert sorted(u.name for u in library.units()) == ["云南乙公司", "云南甲公司"]
    assert library.by_code(CODE_A).name == "云南甲公司"


def test_search_by_part_of_the_name_or_the_start_of_the_code(library):
    library.upsert({"name": "云南锦川稀贵金属集团有限公司", "credit_code": CODE_A})
    library.upsert({"name": "昆明铂瑞精密合金有限公司", "credit_code": CODE_B})
    library.upsert({"name": "100%_纯\\公司"})
    assert [u.name for u in library.search("锦川")] == ["云南锦川稀贵金属集团有限公司"]
    assert [u.name for u in library.search("915304")] == ["昆明铂瑞精密合金有限公司"]
    assert [u.name for u in library.search("%_纯\\")] == ["100%_纯\\公司"]  # LIKE wildcards are literal
    assert library.search("%") == library.search("100%")
    assert len(library.search("")) == 3


# --- rows damaged outside the app ------------------------------------------------------------
def damage(library: UnitLibrary, name: str, data: str) -> None:
    """Overwrite a unit's stored data behind the library's back, as another program or a bad disk would."""
    with sqlite3.connect(library.path) as conn:
        conn.execute("UPDATE units SET data=? WHERE name=?", (data, name))
    conn.close()


DAMAGES = {  # what another program might leave in a row, and the reason the clerk is given
    "broken JSON": ('{"name": "云南', "内容无法读取"),
    "a list": ('["云南甲公司", 1]', "内容不是一条单位记录"),
    "a string": ('"云南甲公司"', "内容不是一条单位记录"),
    "null": ("null", "内容不是一条单位记录"),
    "no name": ('{"contact": "孙丽华"}', "缺少单位名称"),
    "a number as the name": ('{"name": 5}', "缺少单位名称"),
    "an unknown key": ('{"name": "云南甲公司", "x": 1}', "未知的项目“x”"),
    "money that is no amount": (
        '{"name": "云南甲公司", "registered_capital": "很多"}', "“注册资金（万元）”的值无法识别"),
    "NaN": ('{"name": "云南甲公司", "registered_capital": NaN}', "“注册资金（万元）”的值无法识别"),
    "years as a list": ('{"name": "云南甲公司", "sales": [1, 2]}', "“销售收入（万元）”的值无法识别"),
    "a count as text": ('{"name": "云南甲公司", "staff_total": "12"}', "“职工总数”的值无法识别"),
    "options as text": ('{"name": "云南甲公司", "qualifications": "高新技术企业"}', "“现有资质情况”的值无法识别"),
    "deep nesting": ("[" * 100_000 + "]" * 100_000, "内容"),
}


@pytest.mark.parametrize("data,reason", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_row_is_reported_and_skipped_and_the_rest_still_work(library, tmp_path, data, reason):
    library.upsert({"name": "云南甲公司", "credit_code": CODE_A, "registered_capital": "100"})
    library.upsert({"name": "云南乙公司", "credit_code": CODE_B, "contact": "孙丽华", "sales": {"2024": "12.5"}})
    library.upsert({"name": "云南丙公司", "staff_total": 12})
    damage(library, "云南甲公司", data)
    assert [u.name for u in library.units()] == ["云南丙公司", "云南乙公司"]
    assert [u.name for u in library.search("云南")] == ["云南丙公司", "云南乙公司"]
    assert library.search("915300") == [] and [u.name for u in library.search("915304")] == ["云南乙公司"]
    [bad] = library.damaged.values()
    message = bad.damage_text()
    assert "云南甲公司" in message and "已损坏" in message and reason in message and "修复" in message
    sheet = tmp_path / "out.xlsx"
    assert library.export_xlsx(sheet) == 2
    assert sorted(r[0] for r in load_workbook(sheet)["单位信息库"].iter_rows(min_row=2, values_only=True)) == \
        ["云南丙公司", "云南乙公司"]
    # a form is filled from what the library lists, as the unit bar does: the damaged row is never offered
    form = get_form("digital-scenario")
    [found] = library.search("乙公司")
    plan = plan_fill(form, blank("digital-scenario"), "/applicant", found.record)
    assert {c.pointer: c.new for c in plan.changes}["/applicant/name"] == "云南乙公司"


def test_saving_a_damaged_unit_again_repairs_its_row(library, tmp_path):
    library.upsert({"name": "云南甲公司", "credit_code": CODE_A, "contact": "孙丽华"})
    damage(library, "云南甲公司", "[]")
    assert library.units() == [] and library.by_code(CODE_A).problem
    _unit, plan = library.upsert({"name": "云南甲公司", "credit_code": CODE_A, "legal_rep": "张明远"})
    assert not plan.is_new and "统一社会信用代码" in [c.label for c in plan.changes]
    assert [u.record for u in library.units()] == [
        {"name": "云南甲公司", "credit_code": CODE_A, "legal_rep": "张明远"}]
    assert library.damaged == {}
    damage(library, "云南甲公司", "{")  # from an Excel sheet as well
    sheet = tmp_path / "in.xlsx"
    with UnitLibrary(tmp_path / "other.sqlite3") as other:
        other.upsert({"name": "云南甲公司", "credit_code": CODE_A, "contact": "周敏"})
        other.export_xlsx(sheet)
    report = library.import_xlsx(sheet)
    assert (report.updated, report.errors) == (["云南甲公司"], [])
    assert library.by_code(CODE_A).record == {"name": "云南甲公司", "credit_code": CODE_A, "contact": "周敏"}


def test_deleting_a_damaged_unit_forgets_it(library):
    library.upsert({"name": "云南甲公司"})
    damage(library, "云南甲公司", "[]")
    library.units()
    [bad] = library.damaged
    assert library.delete(bad) and library.damaged == {} and library.count() == 0


def test_an_import_is_written_in_one_transaction(library, tmp_path):
    sheet = tmp_path / "many.xlsx"
    with UnitLibrary(tmp_path / "other.sqlite3") as other:
        other.upsert_many([{"name": f"云南测试{i:03d}有限公司", "contact": "孙丽华"} for i in range(300)])
        other.export_xlsx(sheet)
    statements: list[str] = []
    library.conn.set_trace_callback(statements.append)
    report = library.import_xlsx(sheet)
    library.conn.set_trace_callback(None)
    assert len(report.added) == 300 and statements.count("COMMIT") == 1
    assert library.count() == 300


def test_a_batch_reports_each_record_it_cannot_save_and_saves_the_rest(library):
    results = library.upsert_many([{"name": "云南甲公司", "credit_code": CODE_A}, {"name": ""},
                                   {"name": "云南甲公司", "credit_code": CODE_B},
                                   {"name": "云南甲公司", "contact": "孙丽华"}])
    assert [type(r).__name__ for r in results] == ["tuple", "UnitLibraryError", "UnitConflict", "tuple"]
    assert "单位名称" in str(results[1]) and "云南甲公司" in str(results[2])
    assert results[3][1].changes == [Change("联系人", "", "孙丽华")]  # the second sees the first
    assert [u.record for u in library.units()] == [{"name": "云南甲公司", "credit_code": CODE_A, "contact": "孙丽华"}]


# --- the file --------------------------------------------------------------------------------
def test_the_library_lives_in_the_user_data_folder(user_data_home):
    assert default_path().is_relative_to(user_data_home)
    with UnitLibrary() as lib:
        lib.upsert({"name": "云南甲公司"})
    assert default_path().exists()
    with UnitLibrary() as lib:
        assert [u.name for u in lib.units()] == ["云南甲公司"]


def test_the_file_is_created_with_its_schema_version_and_wal_journal(tmp_path):
    path = tmp_path / "new" / "folder" / LIBRARY_FILE
    with UnitLibrary(path) as lib:
        assert lib.journal_mode == "wal"
        lib.upsert({"name": "云南甲公司", "contact_mobile": "13888888888"})
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT name, credit_code FROM units").fetchall() == [("云南甲公司", None)]
    finally:
        conn.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_file_is_private_to_its_owner(tmp_path):
    path = tmp_path / LIBRARY_FILE
    with UnitLibrary(path) as lib:
        lib.upsert({"name": "云南甲公司", "contact": "孙丽华", "contact_mobile": "13577112233"})
        for name in os.listdir(tmp_path):  # the -wal and -shm files hold the same names and numbers
            assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name
    loose = tmp_path / "loose.sqlite3"
    UnitLibrary(loose).close()
    loose.chmod(0o644)
    UnitLibrary(loose).close()
    assert loose.stat().st_mode & 0o777 == 0o600


def _chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def test_a_file_from_a_newer_program_is_reported_and_left_untouched(tmp_path):
    path = tmp_path / LIBRARY_FILE
    conn = sqlite3.connect(path)  # as a newer release would write it (journal mode as it likes)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    conn.execute("CREATE TABLE units (id INTEGER PRIMARY KEY, data TEXT)")
    conn.execute("INSERT INTO units (data) VALUES ('{}')")
    conn.commit()
    conn.close()
    before = files_of(tmp_path)
    with pytest.raises(UnitLibraryError) as caught:
        UnitLibrary(path)
    assert "较新版本" in str(caught.value) and _chinese(str(caught.value))
    assert files_of(tmp_path) == before


def test_a_newer_file_in_wal_mode_is_left_untouched_too(tmp_path):
    path = tmp_path / LIBRARY_FILE
    with UnitLibrary(path) as lib:
        lib.upsert({"name": "云南甲公司"})
        lib.conn.execute("UPDATE schema_version SET version=?", (SCHEMA_VERSION + 5,))
    before = files_of(tmp_path)
    with pytest.raises(UnitLibraryError, match=f"版本 {SCHEMA_VERSION + 5}"):
        UnitLibrary(path)
    assert files_of(tmp_path) == before


def _damaged_page(path: Path) -> None:
    with UnitLibrary(path) as lib:
        for i in range(60):
            lib.upsert({"name": f"云南测试{i}号有限公司", "address": "昆明市" * 300})
    for extra in path.parent.glob(path.name + "-*"):
        extra.unlink()
    raw = bytearray(path.read_bytes())
    middle = len(raw) // 2
    raw[middle:middle + 3000] = b"\xa5" * 3000
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("damage", ["garbage", "truncated header", "damaged page", "empty database folder"])
def test_a_corrupt_file_is_reported_in_chinese_and_left_byte_for_byte(tmp_path, damage):
    path = tmp_path / LIBRARY_FILE
    if damage == "garbage":
        path.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 50)
    elif damage == "truncated header":
        path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00\x02\x02" + b"\x00" * 40)
    elif damage == "damaged page":
        _damaged_page(path)
    else:
        path.mkdir()
    before = files_of(tmp_path) if damage != "empty database folder" else {}
    with pytest.raises(UnitLibraryError) as caught:
        UnitLibrary(path)
    assert _chinese(str(caught.value)) and str(path) in str(caught.value)
    if damage != "empty database folder":
        assert files_of(tmp_path) == before


def test_another_programs_database_is_not_taken_over(tmp_path):
    path = tmp_path / LIBRARY_FILE
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('张三')")
    conn.commit()
    conn.close()
    before = files_of(tmp_path)
    with pytest.raises(UnitLibraryError, match="不是单位库"):
        UnitLibrary(path)
    assert files_of(tmp_path) == before


def test_the_library_survives_reopening_and_two_connections(tmp_path):
    path = tmp_path / LIBRARY_FILE
    with UnitLibrary(path) as first, UnitLibrary(path) as second:
        first.upsert({"name": "云南甲公司"})
        assert [u.name for u in second.units()] == ["云南甲公司"]  # another window sees it at once
        second.upsert({"name": "云南甲公司", "contact": "孙丽华"})
        assert first.by_name("云南甲公司").record["contact"] == "孙丽华"


# --- Excel -----------------------------------------------------------------------------------
def realistic_units(library: UnitLibrary) -> None:
    centre = get_form("innovation-centre")
    library.upsert(lead_record())
    library.upsert(extract_unit(centre, centre.example(), "/members/0"))
    library.upsert(consumer_record())
    library.upsert({"name": "=HYPERLINK(\"http://x\")", "address": "+86 昆明", "contact": "@张三",
                    "qualifications": ["高新技术企业", "其它"], "main_business": "第一行\n第二行",
                    "foreign_share": "12.5", "founded": "2010-01-02"})


def test_excel_export_then_import_round_trips_every_fact(library, tmp_path):
    realistic_units(library)
    sheet = tmp_path / "单位信息库.xlsx"
    library.export_xlsx(sheet)
    with UnitLibrary(tmp_path / "other.sqlite3") as other:
        report = other.import_xlsx(sheet)
        assert (len(report.added), report.updated, report.errors, report.warnings) == (4, [], [], [])
        assert [u.record for u in other.units()] == [u.record for u in library.units()]
    again = library.import_xlsx(sheet)
    assert (again.added, again.updated, len(again.unchanged)) == ([], [], 4)


def test_the_exported_sheet_is_readable_text_not_formulas(library, tmp_path):
    realistic_units(library)
    sheet = tmp_path / "out.xlsx"
    library.export_xlsx(sheet)
    book = load_workbook(sheet)
    rows = list(book["单位信息库"].iter_rows())
    header = [c.value for c in rows[0]]
    assert header[:3] == ["单位名称", "统一社会信用代码", "地址"]
    formula = next(row for row in rows if str(row[0].value).startswith("="))
    assert formula[0].data_type == "s" and formula[0].value == "=HYPERLINK(\"http://x\")"
    consumer = next(row for row in rows if row[0].value == CONSUMER)
    assert consumer[header.index("统一社会信用代码")].value == CONSUMER_CODE
    assert consumer[header.index("2024年营业收入（万元）")].value == pytest.approx(58120.50)
    assert "填写说明" in book.sheetnames


def test_the_template_the_app_provides_imports(library, tmp_path):
    template = tmp_path / "单位信息导入模板.xlsx"
    template_xlsx(template)
    book = load_workbook(template)
    sheet = book["单位信息库"]
    header = [c.value for c in sheet[1]]
    years = [str(y) for y in last_three_years()]
    assert f"{years[0]}年销售收入（万元）" in header and f"{years[-1]}年纳税（万元）" in header
    assert sheet.max_row == 1  # nothing to delete before typing
    row = [None] * len(header)  # as a clerk types it in Excel: numbers as numbers, a date as a date
    for label, value in (("单位名称", "云南澜茗普洱茶业股份有限公司"), ("统一社会信用代码", "91530800MA6PK2L7XJ"),
                         ("邮编", 665000), ("成立时间", datetime.datetime(2014, 4, 16)), ("职工总数", 210),
                         ("联系人手机", "13987654321"), ("现有资质情况", "高新技术企业、省级以上企业技术中心"),
                         (f"{years[1]}年营业收入（万元）", 31208.75), ("主要产品或服务", "普洱茶\n茶膏")):
        row[header.index(label)] = value
    sheet.append(row)
    book.save(template)
    report = library.import_xlsx(template)
    assert (report.added, report.errors) == (["云南澜茗普洱茶业股份有限公司"], [])
    unit = library.by_code("91530800MA6PK2L7XJ")
    assert unit.record == {
        "name": "云南澜茗普洱茶业股份有限公司", "credit_code": "91530800MA6PK2L7XJ", "postcode": "665000",
        "founded": "2014-04-16", "staff_total": 210, "contact_mobile": "13987654321",
        "qualifications": ["高新技术企业", "省级以上企业技术中心"], "revenue": {years[1]: "31208.75"},
        "main_products": "普洱茶\n茶膏"}


def test_bad_rows_of_an_import_are_reported_with_their_row_numbers_and_skipped(library, tmp_path):
    library.upsert({"name": "云南甲公司", "credit_code": CODE_A, "contact": "孙丽华"})
    path = tmp_path / "import.xlsx"
    template_xlsx(path)
    book = load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    sheet.cell(row=1, column=len(header) + 1, value="备注")

    def put(values: dict[str, Any]) -> None:
        row = [None] * len(header)
        for label, value in values.items():
            row[header.index(label)] = value
        sheet.append(row)

    put({"单位名称": "云南乙公司", "统一社会信用代码": CODE_B})  # row 2: good
    put({"单位名称": "云南丙公司", "统一社会信用代码": "91530000MA6K3T8R19"})  # row 3: check digit
    put({"联系人": "无名氏"})  # row 4: no name
    put({})  # row 5: empty, between units
    put({"单位名称": "云南丁公司", "职工总数": "很多", "邮编": "12"})  # row 6: two reasons
    put({"单位名称": "云南甲公司", "统一社会信用代码": CODE_B})  # row 7: 乙's code under 甲's name
    put({"单位名称": "云南甲公司", "联系人手机": "13888888888"})  # row 8: good, an update
    book.save(path)
    report = library.import_xlsx(path)
    assert report.added == ["云南乙公司"] and report.updated == ["云南甲公司"]
    assert [row for row, _ in report.errors] == [3, 4, 6, 7]
    reasons = dict(report.errors)
    assert "校验位" in reasons[3] and "单位名称" in reasons[4]
    assert "职工总数" in reasons[6] and "邮编" in reasons[6] and "云南甲公司" in reasons[7]
    assert report.warnings == ["未识别的列（已忽略）：备注"]
    summary = report.summary()
    assert "新增 1 家，更新 1 家" in summary and "未导入 4 行" in summary and "第6行：" in summary
    assert sorted(u.name for u in library.units()) == ["云南乙公司", "云南甲公司"]
    assert library.by_code(CODE_A).record == {"name": "云南甲公司", "credit_code": CODE_A, "contact": "孙丽华",
                                              "contact_mobile": "13888888888"}  # empty cells keep 联系人


def test_a_file_that_is_not_a_unit_sheet_is_refused_whole(library, tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("not excel", encoding="utf-8")
    with pytest.raises(UnitLibraryError, match="不是可读取的 Excel 文件"):
        library.import_xlsx(text)
    from openpyxl import Workbook

    other = tmp_path / "other.xlsx"
    book = Workbook()
    book.active.append(["姓名", "电话"])
    book.save(other)
    with pytest.raises(UnitLibraryError, match="单位名称"):
        read_xlsx(other)
    with pytest.raises(UnitLibraryError, match="找不到文件"):
        library.import_xlsx(tmp_path / "missing.xlsx")
    assert library.units() == []


def test_export_to_a_folder_that_cannot_be_written_is_reported(library, tmp_path):
    library.upsert({"name": "云南甲公司"})
    with pytest.raises(UnitLibraryError, match="无法写入"):
        library.export_xlsx(tmp_path / "missing" / "folder" / "out.xlsx")


# --- drafts that use a unit ------------------------------------------------------------------
def test_drafts_using_finds_the_drafts_that_name_a_unit(tmp_path):
    centre, brand = get_form("innovation-centre"), get_form("consumer-brand")
    centre_draft = tmp_path / "创新中心.ynform"
    save_draft(centre_draft, centre, centre.example())
    brand_draft = tmp_path / "消费名品.ynform"
    save_draft(brand_draft, brand, brand.example())
    renamed = brand.example()
    renamed["enterprise"]["name"] = "文山滇七（集团）"  # known by its code
    renamed_draft = tmp_path / "改名.ynform"
    save_draft(renamed_draft, brand, renamed)
    broken = tmp_path / "broken.ynform"
    broken.write_text("{", encoding="utf-8")
    paths = [centre_draft, brand_draft, renamed_draft, broken, tmp_path / "gone.ynform"]
    uses = drafts_using({"name": "云南锦川稀贵金属集团有限公司"}, paths)
    assert [u.path for u in uses] == [centre_draft]
    assert uses[0].form_id == "innovation-centre" and "/lead/name" in uses[0].places
    by_code = drafts_using({"name": "另一个名字", "credit_code": CONSUMER_CODE.lower()}, paths)
    assert [(u.path, u.places) for u in by_code] == [(brand_draft, ("/enterprise/credit_code",)),
                                                     (renamed_draft, ("/enterprise/credit_code",))]
    half_width = drafts_using({"name": "文山滇七(集团)"}, paths)
    assert [u.path for u in half_width] == [renamed_draft]
    assert drafts_using({"name": "云南无此公司"}, paths) == []


# --- what a clerk may paste -----------------------------------------------------------------
def test_control_characters_are_dropped_and_do_not_split_a_unit_in_two(library, tmp_path):
    unit, _ = library.upsert({"name": "云南戊\x00公司\x1b", "address": "昆明\x07市", "main_business": "茶\r\n咖啡\x0c"})
    assert unit.record == {"name": "云南戊公司", "address": "昆明市", "main_business": "茶\n咖啡"}
    same, plan = library.upsert({"name": "云南戊公司", "address": "昆明市"})
    assert same.id == unit.id and plan.changes == []
    assert library.match({"name": "云南戊\x08公司"}).id == unit.id
    sheet = tmp_path / "out.xlsx"
    library.export_xlsx(sheet)
    assert library.import_xlsx(sheet).unchanged == ["云南戊公司"]
    form = get_form("digital-scenario")
    data = blank("digital-scenario")
    data["applicant"]["name"] = "云南戊公司\x01"
    data["applicant"]["address"] = "昆明\x02市"
    assert extract_unit(form, data, "/applicant") == {"name": "云南戊公司", "registered_address": "昆明市"}


def test_ten_thousand_characters_are_kept_whole_everywhere(library, tmp_path):
    long_text = "滇" * 10_000
    lines = "\n".join(["产品" * 50] * 100)  # 100 lines, 10,000 characters
    unit, _ = library.upsert({"name": "云南长文本有限公司", "address": long_text, "main_products": lines})
    assert unit.record["address"] == long_text and unit.record["main_products"] == lines
    form = get_form("innovation-centre")
    data = blank("innovation-centre")
    apply_unit(form, data, "/lead", unit.record)
    assert data["lead"]["address"] == long_text and len(data["lead"]["products"]) == 100
    sheet = tmp_path / "long.xlsx"
    library.export_xlsx(sheet)
    with UnitLibrary(tmp_path / "other.sqlite3") as other:
        assert other.import_xlsx(sheet).errors == []
        assert other.by_name("云南长文本有限公司").record == unit.record
    assert library.search(long_text) == []
    assert drafts_using({"name": long_text}, []) == []
    with pytest.raises(UnitLibraryError):
        library.upsert({"name": "云南甲公司", "staff_total": "9" * 10_000})
