"""Facts typed once: the places a form prints one fact, and what a place left empty shows (core.links).

For every form, the facts that repeat are listed here as the clerk meets them; for each,
the copies are left empty and the command line must still say “no errors” and print the
very same documents as when every copy was typed.
"""

from __future__ import annotations

import copy
import json

import pytest
from docx_helpers import all_text, open_docx

from yn_forms.cli import main
from yn_forms.core.datapath import get_at, set_at
from yn_forms.core.links import links_of, resolve
from yn_forms.core.validation import validate
from yn_forms.forms import FORMS, get_form

#: form -> every fact printed in more than one place, its places in printed order (the first is typed)
FACTS = {
    "innovation-centre": [
        ("/cover/lead_unit", "/basic/lead_unit_name", "/lead/name"),  # 封面, 表1, 表2
        ("/cover/leader", "/basic/lead_head/name"),  # 负责人: 封面 and 表1
        ("/cover/mobile", "/basic/lead_head/mobile"),
        ("/cover/email", "/basic/lead_head/email"),
    ],
    "innovation-consortium": [("/cover/lead_unit", "/units/0/name")],  # 封面 and the first unit of 六
    "consumer-brand": [],
    "digital-scenario": [
        ("/cover/unit", "/applicant/name"),  # 申报单位 on the cover and in 申报主体基本情况
        ("/cover/contact", "/applicant/contact"),
        ("/cover/phone", "/applicant/phone"),
    ],
}
#: form -> (list of names, the list of sections it repeats)
NAME_LISTS = {"innovation-centre": [("/basic/participants", "/members")]}


def test_every_form_declares_exactly_the_facts_that_repeat():
    for form_id, form in FORMS.items():
        links = links_of(form)
        assert sorted(f.places for f in links.facts) == sorted(FACTS[form_id]), form_id
        assert [(n.pointer, n.source) for n in links.names] == NAME_LISTS.get(form_id, []), form_id


def consistent_example(form_id: str) -> dict:
    """The form's example with every copy holding its fact's value, as a clerk typing each copy would."""
    data = copy.deepcopy(get_form(form_id).example())
    for places in FACTS[form_id]:
        for place in places[1:]:
            set_at(data, place, copy.deepcopy(get_at(data, places[0])))
    return data


def fill(capsys, tmp_path, form_id: str, data: dict, name: str) -> tuple[int, str, list[str]]:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code = main(["validate", form_id, str(path)])
    out, _ = capsys.readouterr()
    assert main(["fill", form_id, str(path), "-o", str(tmp_path / name)]) == 0
    written = capsys.readouterr()[0].split()
    return code, out, [all_text(open_docx(p)) for p in written]


@pytest.mark.slow
@pytest.mark.parametrize("form_id", [f for f in FACTS if FACTS[f] or NAME_LISTS.get(f)])
def test_copies_left_empty_validate_and_print_as_if_typed(capsys, tmp_path, form_id):
    typed = consistent_example(form_id)
    code, _, everywhere = fill(capsys, tmp_path, form_id, typed, "typed")
    assert code == 0
    once = copy.deepcopy(typed)
    for places in FACTS[form_id]:
        for place in places[1:]:
            set_at(once, place, "")
    for pointer, _source in NAME_LISTS.get(form_id, []):
        set_at(once, pointer, [])
    code, out, printed = fill(capsys, tmp_path, form_id, once, "once")
    assert code == 0 and "共 0 个错误" in out  # no 请填写 for a copy left empty
    assert printed == everywhere  # every value printed everywhere it was before, character for character
    for places in FACTS[form_id]:
        value = get_at(typed, places[0])
        assert all(text.count(value) >= 1 for text in printed[:1]), places


@pytest.mark.parametrize("form_id", [f for f in FACTS if FACTS[f]])
def test_a_fact_typed_only_at_a_later_place_fills_the_earlier_ones(form_id):
    """Filled from the unit library on 表2 or 申报主体基本情况, the cover follows too."""
    form = get_form(form_id)
    data = consistent_example(form_id)
    for places in FACTS[form_id]:
        set_at(data, places[0], "")
    resolved = resolve(form, data)
    for places in FACTS[form_id]:
        assert get_at(resolved.data, places[0]) == get_at(data, places[-1])
        assert resolved.follows[places[0]] == places[1]
    assert validate(form, data) == []


def test_a_copy_typed_differently_is_kept_and_the_rule_speaks():
    form = get_form("innovation-centre")
    data = consistent_example("innovation-centre")
    data["lead"]["name"] = "云南锦川稀贵金属集团股份有限公司"
    problems = validate(form, data)
    assert [p.rule for p in problems] == ["IC-LEAD-NAME"]
    assert "表2为“云南锦川稀贵金属集团股份有限公司”" in problems[0].message
    assert data["lead"]["name"] == "云南锦川稀贵金属集团股份有限公司"  # kept as typed
    consortium = get_form("innovation-consortium")
    data = copy.deepcopy(consortium.example())
    data["units"][0]["name"] = "另一家单位"
    assert "CON-LEAD-FIRST" in {p.rule for p in validate(consortium, data)}


def test_a_fact_nobody_typed_is_asked_for_once_at_its_first_place():
    form = get_form("innovation-centre")
    data = consistent_example("innovation-centre")
    for place in FACTS["innovation-centre"][0]:
        set_at(data, place, "  ")
    required = [p for p in validate(form, data) if p.rule == "field.required"]
    assert [(p.path, p.message) for p in required] == [("/cover/lead_unit", "请填写牵头单位")]


def test_a_wrong_value_is_reported_where_it_was_typed_not_at_every_copy():
    form = get_form("innovation-centre")
    data = consistent_example("innovation-centre")
    data["cover"]["mobile"] = "1388888"
    data["basic"]["lead_head"]["mobile"] = ""
    assert [p.path for p in validate(form, data)] == ["/cover/mobile"]


def test_an_empty_list_of_participants_repeats_the_member_names_while_a_typed_one_is_kept():
    form = get_form("innovation-centre")
    data = copy.deepcopy(form.example())
    names = [m["name"] for m in data["members"]]
    data["basic"]["participants"] = []
    assert get_at(resolve(form, data).data, "/basic/participants") == names
    data["members"][0]["name"] = "改了名的单位"
    assert get_at(resolve(form, data).data, "/basic/participants")[0] == "改了名的单位"
    data["basic"]["participants"] = ["只写了一家"]
    assert get_at(resolve(form, data).data, "/basic/participants") == ["只写了一家"]


def test_the_json_schema_shows_the_links(capsys):
    assert main(["schema", "innovation-centre"]) == 0
    schema = json.loads(capsys.readouterr()[0])
    defs = schema["$defs"]
    assert defs["BasicInfo"]["properties"]["lead_unit_name"]["x-same_as"] == "/cover/lead_unit"
    assert defs["LeadUnit"]["properties"]["name"]["x-same_as"] == "/cover/lead_unit"
    assert defs["Cover"]["properties"]["leader"]["x-same_as"] == "/basic/lead_head/name"
    assert defs["BasicInfo"]["properties"]["participants"]["x-names_of"] == "/members"
    assert schema["properties"]["members"]["x-item_key"] == "name"
    assert main(["schema", "innovation-consortium"]) == 0
    consortium = json.loads(capsys.readouterr()[0])["$defs"]
    assert consortium["Cover"]["properties"]["lead_unit"]["x-same_as"] == "/units/0/name"
    assert consortium["Platform"]["properties"]["host"]["x-choices_from"] == "/units"
