"""字数 as Word's 字数统计 reports it, and the “200字以内” limit of 表1 主要研发内容."""

from __future__ import annotations

import copy

import pytest

from yn_forms.core.problems import Problem
from yn_forms.core.validation import validate
from yn_forms.core.wordcount import count_words
from yn_forms.forms.innovation_centre import DEFINITION


@pytest.mark.parametrize("text, words", [
    ("", 0),
    ("中文", 2),
    ("ISO9001", 1),
    ("采用ISO9001标准", 5),
    ("你好，世界！", 6),  # full-width punctuation counts one each
    ("、。：；？（）【】《》", 11),
    ("“引号”", 4),
    ("——", 2),
    ("hello world", 2),
    ("hello, world", 2),
    ("3.5%", 1),
    ("增长3.5%以上", 5),
    ("中文English中文", 5),
    ("𠀀", 1),  # U+20000, CJK Extension B
    ("𠀀𠀁𪚥", 3),
])
def test_count_matches_word(text, words):
    assert count_words(text) == words


@pytest.mark.parametrize("text", ["   ", "\n", "\r\n", "\t", "\u3000", " \u3000\n\t "])
def test_spaces_and_line_breaks_count_nothing(text):
    assert count_words(text) == 0


def test_spaces_and_line_breaks_between_characters_count_nothing():
    assert count_words("第一段\n\n第二段\u3000结束 ") == count_words("第一段第二段结束") == 8
    assert count_words("hello\nworld") == 2


@pytest.mark.parametrize("text, words", [
    ("👍", 1),
    ("👍👍", 1),  # adjacent emoji are one run, like a word
    ("好👍好", 3),
    ("OK👍", 1),
])
def test_emoji_counts_as_part_of_a_run(text, words):
    assert count_words(text) == words


EXTENSION_H = "\U00031350"  # first ideograph of CJK Extension H (Unicode 15.0)



def test_extension_h_ideograph_counts_one():
    assert count_words(EXTENSION_H) == 1
    assert count_words("姓" + EXTENSION_H) == 2


@pytest.mark.parametrize("text", ["co\u00adoperation", "👨\u200d👩\u200d👧"])
def test_format_characters_do_not_split_a_run(text):
    assert count_words(text) == 1


# ---------------------------------------------------------------- the 200字 limit in the form

RESEARCH_PATH = "/basic/research"
RESEARCH_TITLE = "主要研发内容(200字以内)"


def with_research(text: str) -> dict:
    data = DEFINITION.example()
    data["basic"]["research"] = text
    return data


def test_example_research_text_is_within_the_limit():
    assert count_words(DEFINITION.example()["basic"]["research"]) <= 200


def test_exactly_200_characters_pass():
    assert validate(DEFINITION, with_research("研" * 200)) == []


def test_201_characters_are_one_error_with_both_figures():
    assert validate(DEFINITION, with_research("研" * 201)) == [
        Problem(RESEARCH_PATH, RESEARCH_TITLE, "error", "超出字数限制：限200字，现为201字", "field.word_limit")]


def test_limit_is_judged_by_word_count_not_by_length():
    text = "研" * 197 + " ISO9001 GB/T 19001"  # len() is 216, Word counts 200
    assert len(text) > 200
    assert count_words(text) == 200
    assert validate(DEFINITION, with_research(text)) == []
    assert validate(DEFINITION, with_research(text + "。")) == [
        Problem(RESEARCH_PATH, RESEARCH_TITLE, "error", "超出字数限制：限200字，现为201字", "field.word_limit")]


def test_line_breaks_and_spaces_do_not_use_up_the_limit():
    text = "\n\n".join(["研" * 50] * 4) + "   \n"
    assert validate(DEFINITION, with_research(text)) == []


def test_long_paste_is_reported_and_nothing_is_cut():
    pasted = ("围绕贵金属功能材料开展研发，" * 800)[:10_000]
    assert len(pasted) == 10_000
    data = with_research(pasted)
    before = copy.deepcopy(data)
    problems = validate(DEFINITION, data)
    assert problems == [Problem(RESEARCH_PATH, RESEARCH_TITLE, "error",
                                f"超出字数限制：限200字，现为{count_words(pasted)}字", "field.word_limit")]
    assert count_words(pasted) == 10_000
    assert data == before
    assert data["basic"]["research"] == pasted
