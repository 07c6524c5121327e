"""Odd and hostile input: a 100,000-character paste, formula-like text, and template injection.

What the clerk pastes is kept exactly (the draft), printed as typed (the documents and
the 汇总表, never evaluated), and a replacement template from elsewhere can read the
form's fields and nothing else.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from docx_helpers import all_text, open_docx
from gui_helpers import find
from openpyxl import load_workbook
from PySide6.QtWidgets import QPlainTextEdit

from yn_forms.cli import main
from yn_forms.core.datapath import set_at
from yn_forms.core.draft import read_input
from yn_forms.core.validation import lenient_model
from yn_forms.forms import get_form
from yn_forms.render.documents import summary_rows, write_summary_file

sys.path.insert(0, str(Path(__file__).parent))
from test_replaceable_templates import make_template

# 100,000 characters of what a paste from a PDF or a web page brings along
PASTE = ("云南省稀贵金属 A&B <b>{{ x }}</b> {% if %} =1+1 \u200f\u05d0 😀 𠀀\t\x07\x0b第二行\r\n" * 2000)[:100_000]


def test_a_100000_character_paste_is_kept_exactly_and_flagged(window, tmp_path):
    window.new_draft("innovation-centre")
    wizard = window.wizard
    wizard.go_to(1)
    edit = find(wizard, "主要研发内容(200字以内)", QPlainTextEdit)
    edit.setFocus()
    edit.insertPlainText(PASTE)  # what Ctrl+V does
    assert edit.toPlainText() == PASTE.replace("\r\n", "\n")  # Qt makes \r\n one paragraph break
    value = wizard.data["basic"]["research"]
    assert value == edit.toPlainText()
    wizard.revalidate()
    messages = [p.message for p in wizard.problems if p.path == "/basic/research"]
    assert any("字" in m for m in messages)  # over its 字数 limit, said beside the field
    path = tmp_path / "长文本.ynform"
    assert window._save_to(path)
    assert read_input(path).data["basic"]["research"] == value


def test_a_100000_character_answer_still_prints(capsys, tmp_path, example, write_json):
    example["basic"]["research"] = PASTE
    code = main(["fill", "innovation-centre", str(write_json(example)), "-o", str(tmp_path / "out"),
                 "--allow-incomplete"])
    assert code == 0
    text = "\n".join(all_text(open_docx(p)) for p in (tmp_path / "out").glob("*.docx"))
    assert "云南省稀贵金属 A&B <b>{{ x }}</b> {% if %} =1+1 \u200f\u05d0 😀 𠀀\t第二行" in text  # controls dropped


@pytest.mark.parametrize("form_id", ["innovation-centre", "consumer-brand"])
@pytest.mark.parametrize("lead", ["=", "+", "-", "@"])
def test_formula_like_text_stays_text_in_the_summary(form_id, lead, tmp_path):
    """Every free text the 汇总表 prints, typed with a formula-like start, is a text cell."""
    form = get_form(form_id)
    data = form.example()
    printed = set(summary_rows(form, [lenient_model(form, data)[0]])[0])
    poisoned: dict[str, str] = {}

    def poison(node, path=""):
        if isinstance(node, dict):
            return {k: poison(v, f"{path}/{k}") for k, v in node.items()}
        if isinstance(node, list):
            return [poison(v, f"{path}/{i}") for i, v in enumerate(node)]
        if isinstance(node, str) and node in printed and node.strip():
            poisoned[path] = f"{lead}{node}"
            return poisoned[path]
        return node

    poison(data)
    kept = {}
    for path, text in poisoned.items():  # a 州市 or a choice cannot start with =
        alone = form.example()
        set_at(alone, path, text)
        # refused, or normalised (a credit code loses its separators): not printed as typed
        if text in summary_rows(form, [lenient_model(form, alone)[0]])[0]:
            kept[path] = text
    assert len(kept) >= 3
    for path, text in kept.items():
        set_at(data, path, text)
    texts = list(kept.values())
    out = write_summary_file(form, [data], tmp_path / "汇总表.xlsx")
    cells = [c for row in load_workbook(out).active.iter_rows() for c in row if isinstance(c.value, str)]
    for text in texts:
        hits = [c for c in cells if c.value == text]
        assert hits, text
        assert all(c.data_type == "s" for c in hits)  # a string cell: Excel shows it, never evaluates it


INJECTIONS = [
    "{{ box.__globals__ }}",
    "{{ cover.centre_name|attr('__class__') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ 'a' * 10**9 }}",
    "{{ 9 ** 999999 }}",
    "{{ range(10**9)|list }}",
]


@pytest.mark.parametrize("tag", INJECTIONS)
def test_template_injection_is_refused_and_nothing_is_written(capsys, tmp_path, example, write_json, tag):
    folder = make_template(tmp_path / "tpl", replace=("{{ cover.centre_name }}", tag)).parent
    out = tmp_path / "out"
    code = main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out), "--templates", str(folder)])
    err = capsys.readouterr().err
    assert code == 2
    assert "模板" in err and ("不允许" in err or "过大" in err)
    assert not out.exists() or list(out.iterdir()) == []


def test_a_template_cannot_read_files_or_the_environment(capsys, tmp_path, example, write_json):
    """Even helpers passed to the template give no way out: their globals are unreachable."""
    for i, tag in enumerate(["{{ paras.__globals__['__builtins__'] }}", "{{ pad.__code__ }}"]):
        folder = make_template(tmp_path / f"t{i}", replace=("{{ cover.centre_name }}", tag)).parent
        assert main(["fill", "innovation-centre", str(write_json(example)), "-o", str(tmp_path / f"o{i}"),
                     "--templates", str(folder)]) == 2
    assert "不允许" in capsys.readouterr().err

