"""The form contract, checked when a form is registered: a mistake in a declaration names the form and the field."""

from __future__ import annotations

import dataclasses

import pytest

from yn_forms.core.fields import Day, Section, YearMonth, field
from yn_forms.core.formcheck import FormContractError, check_form, register
from yn_forms.core.formdef import Summary, SummaryColumn
from yn_forms.core.rules import RuleSet, Violation
from yn_forms.core.validation import validate
from yn_forms.forms import FORMS, get_form

CENTRE = get_form("innovation-centre")


def form_of(model, rules: RuleSet | None = None, **changes):
    return dataclasses.replace(CENTRE, id="test-form", model=model, rules=rules or RuleSet(), summary=None,
                               derived=None, lead_unit=None, title_fields=(), submission=None, **changes)


def refusal(model) -> str:
    """What registering a form of *model* is refused with (every problem of its declaration)."""
    with pytest.raises(FormContractError) as refused:
        check_form(form_of(model))
    return str(refused.value)


class Member(Section):
    name: str = field("单位名称")
    phone: str = field("电话")


def test_the_registered_forms_keep_the_contract():
    for form in FORMS.values():
        check_form(form)


def test_a_misspelt_kind_is_refused_naming_the_form_and_the_field():
    class Cover(Section):
        research: str = field("主要研发内容", kind="txet")

    class Root(Section):
        cover: Cover = field("封面", default_factory=Cover)

    with pytest.raises(FormContractError, match=r"form 'test-form', field cover\.research \(主要研发内容\): "
                                                r"unknown kind 'txet'"):
        register(form_of(Root))


def test_a_year_month_declared_another_kind_is_refused_naming_the_form_and_the_field():
    class Platform(Section):
        built: YearMonth = field("建设时间", kind="date")

    class Root(Section):
        platforms: list[Platform] = field("创新平台", default_factory=list, kind="table", item_key="built",
                                          item_noun="创新平台")

    with pytest.raises(FormContractError, match=r"form 'test-form', field platforms\.\*\.built \(建设时间\): "
                                                r"declares kind 'date', but its type is of kind 'year_month'"):
        register(form_of(Root))


def test_a_kind_its_type_cannot_hold_is_refused():
    class Root(Section):
        founded: Day | None = field("成立时间", default=None, kind="year_month")
        level: str = field("级别", kind="choice")
        members: list[Member] = field("成员单位", default_factory=list, item_key="name", item_noun="成员单位")

    message = refusal(Root)
    assert "field founded (成立时间): kind 'year_month' needs text, not a date" in message
    assert "field level (级别): kind 'choice' needs options (a Literal type or options=)" in message
    assert "field members (成员单位): a list of sections must be kind 'years', 'table' or 'group', not None" in message


def test_a_list_of_items_must_say_which_field_names_an_item():
    class Root(Section):
        members: list[Member] = field("成员单位", default_factory=list, kind="group")

    with pytest.raises(FormContractError, match=r"members .*must declare item_key"):
        check_form(form_of(Root))

    class Wrong(Section):
        members: list[Member] = field("成员单位", default_factory=list, kind="group", item_key="nmae",
                                      item_noun="成员单位")

    with pytest.raises(FormContractError, match="item_key 'nmae' is not a text field of Member"):
        check_form(form_of(Wrong))


def test_a_rule_about_a_field_that_does_not_exist_is_refused():
    class Root(Section):
        members: list[Member] = field("成员单位", default_factory=list, kind="group", item_key="name",
                                      item_noun="成员单位")

    rules = RuleSet()

    @rules.add(id="T-RULE", severity="error", fields=["/members/0/fax"], clause="", summary="")
    def check(_model):
        return ()

    with pytest.raises(FormContractError, match=r"rule T-RULE: field '/members/0/fax' does not exist"):
        check_form(form_of(Root, rules))


def test_a_rule_reporting_a_place_that_does_not_exist_is_a_contract_error_not_a_lost_problem():
    class Root(Section):
        members: list[Member] = field("成员单位", default_factory=list, kind="group", item_key="name",
                                      item_noun="成员单位")

    rules = RuleSet()

    @rules.add(id="T-BAD-PATH", severity="error", fields=["/members"], clause="", summary="")
    def check(_model):
        yield Violation("某个问题", "/members/0/mobile")

    form = form_of(Root, rules)
    check_form(form)  # its declared fields are fine
    with pytest.raises(FormContractError, match="T-BAD-PATH reported '/members/0/mobile'"):
        validate(form, {"members": [{"name": "甲"}]})


def test_links_must_point_at_fields_of_the_same_kind():
    class Cover(Section):
        lead: str = field("牵头单位", same_as="/nowhere")
        count: int | None = field("家数", default=None, same_as="/cover/lead")

    class Root(Section):
        cover: Cover = field("封面", default_factory=Cover)
        names: list[str] = field("参与单位", default_factory=list, kind="list", names_of="/cover")

    message = refusal(Root)
    assert "same_as names '/nowhere', which is not a field" in message
    assert "same_as '/cover/lead' holds another type of value" in message
    assert "names_of names '/cover', which is not a list of sections" in message


def test_two_forms_cannot_share_an_id():
    with pytest.raises(FormContractError, match="two forms have the id 'innovation-centre'"):
        register(CENTRE, CENTRE)


def test_a_summary_column_names_its_field_once_and_reads_it_from_there():
    class Unit(Section):
        name: str = field("单位名称")

    class Cover(Section):
        title: str | None = field("名称", default=None)
        units: list[Unit] = field("单位", default_factory=list, kind="group", item_key="name", item_noun="单位")

    class Root(Section):
        cover: Cover = field("封面", default_factory=Cover)

    units = SummaryColumn("单位", "cover.units.name")
    model = Root.model_validate({"cover": {"units": [{"name": "甲"}, {"name": ""}, {"name": "乙"}]}})
    assert (SummaryColumn("名称", "cover.title").value(model), units.value(model)) == ("", "甲、乙")
    assert units.prints == ("cover.units.name",)
    counted = SummaryColumn("家数", compute=lambda d: str(len(d.cover.units)), reads=("cover.units.name",))
    assert counted.value(model) == "3" and counted.prints == ("cover.units.name",)
    summary = Summary(template="汇总表.xlsx", output="汇总表.xlsx", columns=(SummaryColumn("名称", "cover.titel"),))
    with pytest.raises(FormContractError, match=r"summary column 名称: 'cover\.titel' is not a field"):
        check_form(dataclasses.replace(form_of(Root), summary=summary))
    with pytest.raises(ValueError, match="a computed column names the fields it reads"):
        SummaryColumn("家数", compute=lambda d: "")
    with pytest.raises(ValueError, match="one of the two"):
        SummaryColumn("名称", "cover.title", compute=lambda d: "")
