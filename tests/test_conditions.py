"""The notice's conditions on the 审核 page: 待填写 until their inputs are filled, and only the chosen kind's."""

from __future__ import annotations

import copy

from brand_examples import region_example

from yn_forms.core.progress import conditions
from yn_forms.core.validation import validate
from yn_forms.forms import FORMS, get_form


def states(form_id: str, data: dict) -> dict[str, str]:
    form = get_form(form_id)
    return {c.rule.id: c.state for c in conditions(form, data, validate(form, data))}


def test_a_new_application_meets_no_condition_it_has_no_inputs_for():
    centre = states("innovation-centre", get_form("innovation-centre").model().model_dump(mode="json"))
    for rule in ("IC-ASSETS", "IC-STAFF-TITLES", "IC-STAFF-DEGREES", "IC-MIN-FUNDS", "IC-UNIT-COUNTS"):
        assert centre[rule] == "pending", rule  # 待填写, never ✔ 符合 over empty fields


def test_the_examples_meet_every_condition():
    for form_id, form in FORMS.items():
        assert set(states(form_id, form.example()).values()) == {"ok"}, form_id


def test_a_condition_with_its_inputs_filled_is_judged():
    data = copy.deepcopy(get_form("innovation-centre").example())
    data["members"][0]["fixed_assets"] = "999999.00"  # more than its 资产总额
    assert states("innovation-centre", data)["IC-ASSETS"] == "fails"
    data["members"][0]["fixed_assets"] = None
    assert states("innovation-centre", data)["IC-ASSETS"] == "pending"
    data = copy.deepcopy(get_form("innovation-centre").example())
    data["members"][0]["sales"][0]["year"] = 2019
    assert states("innovation-centre", data)["IC-RECENT-YEARS"] == "check"  # a warning: 请核对


def test_only_the_conditions_of_the_chosen_kind_of_brand_are_listed():
    enterprise = states("consumer-brand", get_form("consumer-brand").example())
    assert "CB-REGION-GOVERNMENT" not in enterprise and "CB-TRADEMARK-VALID" in enterprise
    region = region_example()
    region["region"]["government"] = ""
    listed = states("consumer-brand", region)
    assert "CB-TRADEMARK-VALID" not in listed and listed["CB-REGION-GOVERNMENT"] == "pending"


def test_an_empty_application_meets_only_what_it_need_not_fill():
    for form_id, form in FORMS.items():
        found = states(form_id, form.model().model_dump(mode="json"))
        met = {rule for rule, state in found.items() if state == "ok"}
        # only conditions on optional tables nobody has to fill (联合申报单位, 创新平台, 项目) hold when empty
        allowed = {"DS-MAX-UNITS", "DS-UNIQUE-UNITS", "CON-PLATFORM-HOST", "CON-PROJECT-FUNDING",
                   "CON-PROJECT-PERIOD", "CON-PROJECT-UNDERTAKER"}
        assert met <= allowed, (form_id, met - allowed)
        assert "fails" not in found.values(), form_id  # nothing is “不符合” before it is filled


def test_a_regional_brand_is_named_by_its_own_brand_not_the_hidden_enterprise_one():
    """A 区域品牌 switched from an 企业品牌 keeps that section (switching back loses nothing); the 初审 and
    the draft's file name once called the 宣威火腿 application “滇七”, and the desk took it for a duplicate."""
    from yn_forms.core.conditions import title_of
    from yn_forms.core.screening import identity

    form = get_form("consumer-brand")
    region = region_example()
    assert region["brand"]["name"] == "滇七"  # the enterprise section is still there
    assert title_of(form, region) == "宣威火腿"
    assert identity(form, region, form.model.model_validate(region)).name == "宣威火腿"
    assert title_of(form, form.example()) == "滇七"
