"""Property-based tests over every form: what is typed is printed, and nothing typed crashes.

The example data of a form is a valid application. Hypothesis replaces some of its
texts with arbitrary text — CJK of every plane, emoji, right-to-left marks, control
characters, template and Excel formula syntax — or puts arbitrary JSON anywhere in
it. Two properties:

- data that passes validation renders, and every text entered appears in the
  documents (as its printable paragraphs: the draft keeps control characters, the
  printed copy cannot) and in the 汇总表 as the literal text typed;
- data that fails validation never crashes ``validate`` or ``fill`` (documents of
  incomplete data are allowed, as 仍然生成草稿 does), and the wizard opens it.

Which texts are checked in the documents is learnt from the example itself: a text
field whose example value is printed must print whatever valid text replaces it.
"""

from __future__ import annotations

import copy
import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from docx_helpers import docx_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from yn_forms.core.datapath import get_at, set_at
from yn_forms.core.formdef import FormDefinition
from yn_forms.core.problems import pointer
from yn_forms.core.text import paragraphs
from yn_forms.core.validation import has_errors, lenient_model, validate
from yn_forms.forms import FORMS, get_form
from yn_forms.render.documents import fill_documents
from yn_forms.render.summary import write_summary_file

# Everything a clerk might paste: CJK (with Extension B, 𠀀), Latin, digits, full-width and
# ASCII punctuation, template and formula syntax, RTL marks, emoji with joiners, controls.
HOSTILE_PIECES = ["&", "<", ">", "{{", "}}", "{%", "%}", "{#", "=", "+", "-", "@", "'", '"', "\\",
                  "\u200f", "\u202e", "\u200d", "😀", "👨\u200d👩\u200d👧", "𠀀", "𪚥", "\t", "\n", "\x00", "\x07",
                  "\x1b", "\r\n", "　", "（", "）", "、", "。", "《", "》"]
TEXT = st.lists(
    st.one_of(st.text(min_size=1, max_size=6), st.sampled_from(HOSTILE_PIECES),
              st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=8)),
    min_size=1, max_size=8,
).map("".join)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)

pytestmark = pytest.mark.slow  # each property runs its case 12–15 times over: seconds each

# 15 cases of each form's property (were 25; each case is a whole fill);
# derandomized, so the same cases every run
PROPERTY = settings(max_examples=15, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def documents_text(form: FormDefinition, data: dict[str, Any], folder: Path) -> str:
    return "\n".join(docx_text(p) for p in fill_documents(form, data, folder))


def string_leaves(data: Any, parts: tuple[Any, ...] = ()) -> list[str]:
    """Pointers of the non-empty texts of *data*."""
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in string_leaves(value, (*parts, key))]
    if isinstance(data, list):
        return [p for i, value in enumerate(data) for p in string_leaves(value, (*parts, i))]
    return [pointer(parts)] if isinstance(data, str) and data.strip() else []


def leaves(data: Any, parts: tuple[Any, ...] = ()) -> list[str]:
    """Pointers of every value of *data*, containers included (not the root)."""
    found = [pointer(parts)] if parts else []
    if isinstance(data, dict):
        found += [p for key, value in data.items() for p in leaves(value, (*parts, key))]
    elif isinstance(data, list):
        found += [p for i, value in enumerate(data) for p in leaves(value, (*parts, i))]
    return found


@cache
def printed_texts(form_id: str, folder: str) -> tuple[str, ...]:
    """The text fields of the example that the documents print, each distinctive enough to judge."""
    form = get_form(form_id)
    example = form.example()
    text = documents_text(form, example, Path(folder))
    found = []
    for ptr in string_leaves(example):
        if ptr.startswith("/enclosures/"):  # a 证明材料清单 lists a declared item by its declared name
            continue
        lines = paragraphs(get_at(example, ptr))
        # a value like “是” or a bare year could be found anywhere; a long one proves it is printed
        if lines and all(len(line) >= 4 and line in text for line in lines):
            found.append(ptr)
    return tuple(found)


@pytest.fixture(scope="module")
def render_folder(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("examples"))


def test_every_form_prints_many_of_its_texts(render_folder):
    """The learnt list is what the properties below check; an empty one would check nothing."""
    for form_id in FORMS:
        assert len(printed_texts(form_id, render_folder)) >= 5, form_id


@pytest.mark.parametrize("form_id", list(FORMS))
@PROPERTY
@given(data=st.data())
def test_valid_text_is_printed_as_typed(form_id, data, tmp_path_factory, render_folder):
    form = get_form(form_id)
    candidates = printed_texts(form_id, render_folder)
    chosen = data.draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=4, unique=True))
    application = form.example()
    typed = {}
    for i, ptr in enumerate(chosen):
        # a marker makes each value unique, so finding it proves it is this field's text
        typed[ptr] = f"甲{i}乙" + data.draw(TEXT, label=ptr)
        set_at(application, ptr, typed[ptr])
    problems = validate(form, application)
    if has_errors(problems):
        # e.g. past a 字数 limit: refused with a message, never an exception
        assert all(p.message for p in problems)
        return
    text = documents_text(form, application, tmp_path_factory.mktemp("docs"))
    for ptr, value in typed.items():
        for line in paragraphs(value):
            assert line in text, (ptr, line)
    if form.summary is not None:
        model = lenient_model(form, application)[0]
        out = write_summary_file(form, [model], tmp_path_factory.mktemp("sum") / "汇总表.xlsx").path
        cells = {str(c.value) for row in load_workbook(out).active.iter_rows() for c in row if c.value is not None}
        for ptr, value in typed.items():
            if value.strip() and any(value.strip() == col_value for col_value in _summary_values(form, model)):
                assert any(value.strip() in cell for cell in cells), ptr


def _summary_values(form: FormDefinition, model: Any) -> list[str]:
    return [str(col.value(model) or "").strip() for col in form.summary.columns]


@pytest.mark.parametrize("form_id", list(FORMS))
@PROPERTY
@given(data=st.data())
def test_any_json_anywhere_never_crashes_validate_or_fill(form_id, data, tmp_path_factory):
    form = get_form(form_id)
    application = form.example()
    for _ in range(data.draw(st.integers(1, 4))):
        ptr = data.draw(st.sampled_from(leaves(application) or ["/x"]))
        set_at(application, ptr, data.draw(JSON))
    before = json.dumps(application, sort_keys=True, default=repr)
    problems = validate(form, application)
    assert all(isinstance(p.message, str) and p.message for p in problems)
    fill_documents(form, application, tmp_path_factory.mktemp("any"))  # 仍然生成草稿: never an exception
    assert json.dumps(application, sort_keys=True, default=repr) == before  # nothing typed was changed


@settings(PROPERTY, max_examples=12)  # each example builds every page of a wizard: the core ones run 15
@given(data=st.data())
def test_the_wizard_opens_any_json_and_shows_its_problems(window, clerk, data, tmp_path_factory):
    form_id = data.draw(st.sampled_from(list(FORMS)))
    form = get_form(form_id)
    application = copy.deepcopy(form.example())
    for _ in range(data.draw(st.integers(1, 3))):
        ptr = data.draw(st.sampled_from(leaves(application)))
        set_at(application, ptr, data.draw(JSON))
    path = tmp_path_factory.mktemp("wiz") / "申报.ynform"
    from yn_forms.core.draft import save_draft

    save_draft(path, form, application)
    window.wizard = None
    if not _finite(application):  # NaN or Infinity in a file is refused when read (core.inputfile)
        assert not window.open_path(path) and "不是有效的数字" in clerk.last_warning
        return
    assert window.open_path(path)
    wizard = window.wizard
    for index in range(len(wizard.pages)):
        wizard.go_to(index)
    assert wizard.data == application  # shown, not changed: what the clerk had stays


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    return all(_finite(v) for v in value) if isinstance(value, list) else True


# --- what a hostile file does to the command line ------------------------------------------------

# A lone surrogate is valid JSON (“\ud800”) and half of a character; the command line prints it.
SURROGATE_TEXT = st.lists(st.one_of(TEXT, st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)),
                          min_size=1, max_size=4).map("".join)


@st.composite
def hostile_fragment(draw) -> str:
    """JSON text for one value: nested up to well past Python's recursion limit, or text with lone
    surrogates, or any JSON (NaN and Infinity included). Text, because json.dumps cannot write the
    deepest ones from inside a test."""
    kind = draw(st.sampled_from(["deep", "surrogate", "json"]))
    if kind == "deep":
        depth = draw(st.integers(1, 1500))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"k": ', "}"), ('[{"k": ', "}]")]))
        return opener * depth + json.dumps(draw(SURROGATE_TEXT)) + closer * depth
    if kind == "surrogate":
        return json.dumps(draw(SURROGATE_TEXT))  # ensure_ascii: the surrogate as its escape
    return json.dumps(draw(JSON))


COMMANDS = [["validate"], ["validate", "--json"], ["fill", "-o", "OUT"], ["fill", "-o", "OUT", "--allow-incomplete"]]


@pytest.mark.parametrize("form_id", list(FORMS))
@settings(PROPERTY, max_examples=12)
@given(data=st.data())
def test_hostile_files_never_crash_the_command_line(form_id, data, tmp_path_factory, capsys):
    """Deep nesting and lone surrogates anywhere, through the CLI's own reading and printing:
    exit 0, 1 or 2 with its messages, never a traceback."""
    from yn_forms.cli import main

    application = get_form(form_id).example()
    fragments = {}
    for i in range(data.draw(st.integers(1, 3))):
        ptr = data.draw(st.sampled_from(leaves(application)))
        set_at(application, ptr, f"__HOSTILE{i}__")
        fragments[f'"__HOSTILE{i}__"'] = data.draw(hostile_fragment())
    text = json.dumps(application, ensure_ascii=True)
    for marker, fragment in fragments.items():
        text = text.replace(marker, fragment)
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "申报.json"
    path.write_text(text, encoding="ascii")
    command = data.draw(st.sampled_from(COMMANDS))
    argv = [command[0], form_id, str(path), *[str(folder / "out") if a == "OUT" else a for a in command[1:]]]
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (code, err[-500:])
    assert "Traceback" not in err
    if code == 2:
        assert err.startswith("错误：") and out == ""
    elif "--json" in command:
        assert isinstance(json.loads(out), list)  # still JSON, whatever the text held
    elif command[0] == "validate":
        assert re.search(r"共 \d+ 个错误，\d+ 个警告\n$", out)
    elif code == 1:
        assert err.startswith("数据有错误，未生成文件") and out == ""
    else:
        assert [Path(line).suffix for line in out.splitlines()] == [".docx"] * len(out.splitlines()) != []
