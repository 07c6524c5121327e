"""A place in a draft, as a JSON Pointer or as its steps, read and written by one walker."""

from __future__ import annotations

import pytest

from yn_forms.core.datapath import get_at, get_in, set_at, set_in
from yn_forms.core.items import ItemLookupError, item_index, split_item
from yn_forms.core.problems import parent_pointer


def test_a_place_as_its_steps_is_the_place_its_pointer_names():
    data = {"members": [{"name": "甲"}, {"name": "乙"}], "a/b": {"~": 1}}
    assert get_in(data, ("members", 1, "name")) == get_at(data, "/members/1/name") == "乙"
    assert get_in(data, ("a/b", "~")) == get_at(data, "/a~1b/~0") == 1
    assert get_in(data, ("members", 2, "name"), "无") == get_at(data, "/members/2/name", "无") == "无"
    assert get_in(data, ("members", "name")) is None  # a key where the list wants an index
    assert get_in(data, ()) is data


def test_writing_by_steps_makes_the_items_a_new_draft_would_have():
    made = []
    data: dict = {}
    set_in(data, ("members", 2, "name"), "丙", fill=lambda list_path: made.append(list_path) or {"name": ""})
    assert data == {"members": [{"name": ""}, {"name": ""}, {"name": "丙"}]}
    assert made == [("members",)] * 3
    plain: dict = {}
    set_at(plain, "/members/2/name", "丙")
    assert plain == {"members": [{}, {}, {"name": "丙"}]}
    with pytest.raises(ValueError, match="not a list index"):
        set_in(plain, ("members", "name"), "丁")


def test_an_item_and_its_list_are_found_by_tokens_not_by_splitting_text():
    assert split_item("/members/2") == ("/members", 2)
    assert split_item("/a~1b/0") == ("/a~1b", 0)
    assert item_index("/members", "/members/2/contact/mobile") == 2
    assert item_index("/members", "/members") is None and item_index("/members", "/membersx/1") is None
    assert parent_pointer("/a~1b/c") == "/a~1b" and parent_pointer("/cover") == ""
    with pytest.raises(ItemLookupError):
        split_item("/members/01")
