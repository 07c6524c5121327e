"""Odd and hostile input: a 100,000-character paste, formula-like text, and hostile templates.

What the clerk pastes is kept exactly (the draft), printed as typed (the documents and
the 汇总表, never evaluated), and a replacement template from elsewhere can read the
form's fields and nothing else: it runs within a budget of time and size that nothing in
it escapes, may not reach outside the machine, may not inflate beyond any template's size,
and ``check-template`` gives it the verdict ``fill`` gives.
"""

from __future__ import annotations

import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx_helpers import all_text, open_docx
from gui_helpers import find
from openpyxl import load_workbook
from PySide6.QtWidgets import QPlainTextEdit

import yn_forms.render.budget as budget
from yn_forms.cli import main
from yn_forms.core.datapath import set_at
from yn_forms.core.draft import read_input
from yn_forms.core.validation import lenient_model
from yn_forms.forms import get_form
from yn_forms.render.summary import summary_rows, write_summary_file

sys.path.insert(0, str(Path(__file__).parent))
from hostile_docx import OUTSIDE, inflating, reaching_out, zip_bomb
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


@pytest.mark.slow
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
    out = write_summary_file(form, [data], tmp_path / "汇总表.xlsx").path
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


@pytest.mark.slow
@pytest.mark.parametrize("tag", INJECTIONS)
def test_template_injection_is_refused_and_nothing_is_written(capsys, tmp_path, example, write_json, tag):
    folder = make_template(tmp_path / "tpl", replace=("{{ cover.centre_name }}", tag)).parent
    out = tmp_path / "out"
    code = main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out), "--templates", str(folder)])
    err = capsys.readouterr().err
    assert code == 2
    assert "模板" in err and ("不允许" in err or "过大" in err)
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.slow
def test_a_template_cannot_read_files_or_the_environment(capsys, tmp_path, example, write_json):
    """Even helpers passed to the template give no way out: their globals are unreachable."""
    for i, tag in enumerate(["{{ paras.__globals__['__builtins__'] }}", "{{ pad.__code__ }}"]):
        folder = make_template(tmp_path / f"t{i}", replace=("{{ cover.centre_name }}", tag)).parent
        assert main(["fill", "innovation-centre", str(write_json(example)), "-o", str(tmp_path / f"o{i}"),
                     "--templates", str(folder)]) == 2
    assert "不允许" in capsys.readouterr().err



# --- a budget nothing inside a template escapes ------------------------------------------------

BUDGET_ATTACKS = {
    "a helper's width": "{{ blank('', 10**9) }}",
    "a helper's row count": "{% for r in pad([], 10**9) %}{{ r }}{% endfor %}",
    "a filter's width": "{{ 'a'|center(10**9) }}",
    "a format width": "{{ '%0999999999d'|format(1) }}",
    "a format method's width": "{{ '{:>999999999}'.format('a') }}",
    "a % width": "{{ '%999999999s' % 'a' }}",
    "replacing the empty string": "{{ ('x' * 99999)|replace('', 'y' * 99999) }}",
    "chained powers": "{{ ((10**64)**64)**64 }}",
    "a list of long strings, repeated": "{{ (['x' * 99999] * 99999)|join }}",
    "joining long strings": "{{ " + " ~ ".join(["('x' * 99999)"] * 1001) + " }}",
    "nested loops printing": "{% for i in range(99999) %}{% for j in range(99999) %}{{ 'x' * 99999 }}"
                             "{% endfor %}{% endfor %}",
    "nested loops printing nothing": "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}"
                                     "{% endfor %}",
    "a loop of literal text": "{% for i in range(99999) %}{% for j in range(99999) %}xxxxxxxxxx{% endfor %}"
                              "{% endfor %}",
    "a loop calling itself": "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}",
    "a long separator": "{{ ('x' * 99999)|list|join('y' * 99999) }}",
    "a long separator, as a method": "{{ ('y' * 99999).join(('x' * 99999)|list) }}",
    "a wide indent of many lines": "{{ ('x\\n' * 50000)|indent(99999) }}",
    "a long wrap string": "{{ ('x ' * 50000)|wordwrap(1, wrapstring='y' * 99999) }}",
    "a width as a format argument": "{{ '{:{}}'.format('a', 999999999) }}",
}


QUICK_SECONDS = 1.0  # an attack that only costs time spins until then (in check-template, then in fill)
HARMLESS_SECONDS = 2.0  # a template that may be approved renders the whole 附件1 in it, on a loaded machine too


@pytest.fixture
def quick_deadline(monkeypatch):
    """The render deadline shortened, so that the attacks that only cost time end in a test's time."""
    monkeypatch.setattr(budget, "RENDER_SECONDS", QUICK_SECONDS)


def _nothing_in(folder: Path) -> bool:
    """Nothing left in the output folder: no document, and no temporary ``.yn-out-*`` file either."""
    return not folder.exists() or list(folder.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("tag", list(BUDGET_ATTACKS.values()), ids=list(BUDGET_ATTACKS))
def test_a_template_exceeding_the_budget_is_refused_and_leaves_nothing(capsys, tmp_path, example, write_json, tag,
                                                                       quick_deadline):
    folder = make_template(tmp_path / "tpl", replace=("{{ cover.centre_name }}", tag)).parent
    out = tmp_path / "out"
    started = time.monotonic()
    code = main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out), "--templates", str(folder)])
    err = capsys.readouterr().err
    assert code == 2, err[-500:]
    assert "Traceback" not in err and "MemoryError" not in err
    assert "附件1-云南省制造业创新中心创建申报书.docx" in err
    # refused by the budget itself; only a template recursing into itself is stopped by Python's own limit
    expected = ("嵌套过深",) if "recursive" in tag else ("模板要生成的内容过大（", "秒仍未完成")
    assert any(word in err for word in expected), err[-500:]
    assert _nothing_in(out)
    assert time.monotonic() - started < 20  # the deadline (1 s here) and the caps, not the machine, end it


@pytest.mark.slow
def test_the_budget_says_how_long_it_allowed(capsys, tmp_path, example, write_json, quick_deadline):
    tag = BUDGET_ATTACKS["nested loops printing nothing"]
    folder = make_template(tmp_path / "tpl", replace=("{{ cover.centre_name }}", tag)).parent
    main(["fill", "innovation-centre", str(write_json(example)), "-o", str(tmp_path / "out"), "--templates",
          str(folder)])
    assert f"模板运行超过 {QUICK_SECONDS:g} 秒仍未完成（循环或计算过多），已停止" in capsys.readouterr().err


@pytest.mark.slow
def test_the_budget_holds_back_what_a_template_makes_not_what_the_clerk_typed(capsys, tmp_path, example,
                                                                            write_json):
    """A 2,500,000-character answer (more than any one operation may add) through a filter is printed."""
    example["basic"]["research"] = "云南" * 1_250_000
    tag = "{{ basic.research|replace('云', '雲')|upper }}{{ cover.centre_name }}"
    folder = make_template(tmp_path / "tpl", replace=("{{ cover.centre_name }}", tag)).parent
    code = main(["fill", "innovation-centre", str(write_json(example)), "-o", str(tmp_path / "out"),
                 "--templates", str(folder), "--allow-incomplete"])
    assert code == 0, capsys.readouterr().err[-500:]
    with zipfile.ZipFile(tmp_path / "out" / "附件1-云南省制造业创新中心创建申报书.docx") as docx:
        assert "雲南" * 1_250_000 in docx.read("word/document.xml").decode("utf-8")


@pytest.mark.slow
def test_the_shipped_templates_at_300_member_units_stay_well_inside_the_budget(tmp_path, monkeypatch):
    """A third of the output allowance, a hundredth of what operations may make and a fifth of the time
    are enough for 300 member units, with the fit check's marks (which print more)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from common import with_members

    from yn_forms.render.documents import produce

    spent: list[budget.Budget] = []

    class Watched(budget.Budget):
        def __init__(self, given: budget.Limits) -> None:
            super().__init__(given)
            spent.append(self)

    form = get_form("innovation-centre")
    monkeypatch.setattr(budget, "Budget", Watched)
    monkeypatch.setattr(budget, "MAX_OUTPUT", budget.MAX_OUTPUT // 3)
    monkeypatch.setattr(budget, "MAX_MADE", budget.MAX_MADE // 100)
    monkeypatch.setattr(budget, "RENDER_SECONDS", budget.RENDER_SECONDS / 5)
    produced = produce(form, with_members(form.example(), 300), tmp_path / "out")
    assert len(produced.documents) == len(form.documents) == len(spent)
    with zipfile.ZipFile(produced.documents[0]) as docx:
        assert "成员单位299" in docx.read("word/document.xml").decode("utf-8")  # the last of the 300 printed
    assert max(b.output_used for b in spent) > budget.MAX_OUTPUT // 2  # a test that could fail: not far inside


# --- check-template's verdict is fill's ---------------------------------------------------------

VERDICT_CASES = {
    **{f"injection {i}": tag for i, tag in enumerate(INJECTIONS)},
    "class through a format string": "{{ '{0.__class__}'.format('') }}",
    "a range too long": "{{ range(10**9) }}",
    **BUDGET_ATTACKS,
    "a plain field": "{{ cover.centre_name }}",
    "a filter": "{{ cover.centre_name|upper }}",
    "a short loop": "{% for i in range(3) %}{{ i }}{% endfor %}{{ cover.centre_name }}",
}


@pytest.mark.slow
@pytest.mark.parametrize("tag", list(VERDICT_CASES.values()), ids=list(VERDICT_CASES))
def test_check_template_approves_exactly_what_fill_accepts(capsys, tmp_path, example, write_json, tag,
                                                           quick_deadline, monkeypatch):
    if "cover.centre_name" in tag:
        monkeypatch.setattr(budget, "RENDER_SECONDS", HARMLESS_SECONDS)
    path = make_template(tmp_path / "tpl", replace=("{{ cover.centre_name }}", tag))
    checked = main(["check-template", "innovation-centre", str(path)])
    verdict = capsys.readouterr().out
    filled = main(["fill", "innovation-centre", str(write_json(example)), "-o", str(tmp_path / "out"),
                   "--templates", str(path.parent)])
    capsys.readouterr()
    assert (checked == 0) == (filled == 0), verdict[-800:]
    assert ("结论：可以使用" in verdict) == (filled == 0)
    if "cover.centre_name" not in tag:
        assert filled == 2 and checked == 1


# --- templates that reach outside the machine ------------------------------------------------------

URL = "http://198.51.100.7/tracker.png"  # TEST-NET-2: nothing answers there, and nothing may try


@pytest.mark.parametrize("kind", list(OUTSIDE))
def test_fill_refuses_a_template_that_reaches_outside_and_writes_nothing(capsys, tmp_path, example, write_json,
                                                                        kind):
    folder = reaching_out(tmp_path / "tpl", kind, URL).parent
    out = tmp_path / "out"
    code = main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out), "--templates", str(folder)])
    err = capsys.readouterr().err
    assert code == 2
    assert "指向本机以外的内容" in err and OUTSIDE[kind][1] in err, err[-800:]
    assert "198.51.100.7" in err  # the clerk is told what to look for in Word
    assert _nothing_in(out)


@pytest.mark.parametrize("kind", list(OUTSIDE))
def test_check_template_refuses_a_template_that_reaches_outside(capsys, tmp_path, kind):
    path = reaching_out(tmp_path / "tpl", kind, URL)
    code = main(["check-template", "innovation-centre", str(path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert "指向本机以外的内容" in err and OUTSIDE[kind][1] in err
    assert "可以使用" not in out


@pytest.mark.parametrize(("kind", "where"), [("linked image", "正文中"), ("INCLUDETEXT in the footer", "页脚中")])
def test_the_refusal_says_where_in_the_document_as_word_names_it(capsys, tmp_path, kind, where):
    path = reaching_out(tmp_path / "tpl", kind, URL)
    assert main(["check-template", "innovation-centre", str(path)]) == 2
    err = capsys.readouterr().err
    assert where in err and "/word/" not in err  # 正文, 页脚 — not the package's part names


def test_the_shipped_templates_reach_nothing_outside(capsys):
    from yn_forms.paths import builtin_templates_dir
    from yn_forms.render.docx import load_template
    from yn_forms.render.docxguard import outside_references

    templates = sorted(builtin_templates_dir().glob("*/*.docx"))
    assert len(templates) == 7
    for template in templates:
        assert outside_references(load_template(template).docx.part.package) == [], template.name


# --- zip bombs ----------------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_with_its_size_before_it_is_read(capsys, tmp_path, example, write_json):
    started = time.monotonic()
    path = zip_bomb(tmp_path / "tpl", inflated_mb=200)
    assert path.stat().st_size < 2_000_000  # 200 MB inflated, under 2 MB on disk
    out = tmp_path / "out"
    code = main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out), "--templates",
                 str(path.parent)])
    err = capsys.readouterr().err
    assert code == 2
    assert "“word/document.xml”解压后有 200.1 MB" in err and "恶意构造的压缩文件" in err, err[-500:]
    assert _nothing_in(out)
    assert main(["check-template", "innovation-centre", str(path)]) == 2
    assert "200.1 MB" in capsys.readouterr().err
    assert time.monotonic() - started < 10  # inflated and parsed, 200 MB would take far longer (and GBs)


@pytest.mark.slow
def test_a_zip_bomb_whose_header_lies_gains_nothing(capsys, tmp_path, example, write_json):
    path = zip_bomb(tmp_path / "tpl", inflated_mb=200, lie=True)
    out = tmp_path / "out"
    started = time.monotonic()
    code = main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out), "--templates",
                 str(path.parent)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "附件1-云南省制造业创新中心创建申报书.docx" in err
    assert _nothing_in(out)
    assert time.monotonic() - started < 10  # inflated and parsed, 200 MB would take far longer (and GBs)



def test_a_zip_bomb_as_the_summary_template_is_refused(capsys, tmp_path, example, write_json):
    from yn_forms.paths import builtin_templates_dir

    form = get_form("innovation-centre")
    path = inflating(tmp_path / "tpl", builtin_templates_dir() / form.id / form.summary.template,
                     "xl/worksheets/sheet1.xml", 100)
    out = tmp_path / "汇总表.xlsx"
    code = main(["summary", form.id, str(write_json(example)), "-o", str(out), "--templates", str(path.parent)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "“xl/worksheets/sheet1.xml”解压后有 100 MB" in err, err[-500:]
    assert not out.exists() and list(tmp_path.glob(".yn-out-*")) == []

@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")
def test_a_fill_stopped_by_sigterm_leaves_no_temporary_file(tmp_path, example, write_json):
    """``timeout`` or a scheduler stopping a slow fill: the half-written ``.yn-out-*`` goes with it."""
    import os
    import signal
    import subprocess

    tag = BUDGET_ATTACKS["nested loops printing nothing"]
    folder = make_template(tmp_path / "tpl", replace=("{{ cover.centre_name }}", tag)).parent
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.Popen([sys.executable, "-m", "yn_forms", "fill", "innovation-centre", str(write_json(example)),
                             "-o", str(out), "--templates", str(folder)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not (out.exists() and any(p.name.startswith(".yn-out-") for p in out.iterdir())) \
            and time.monotonic() < deadline:
        time.sleep(0.05)  # until the render has begun writing (its run lock comes first)
    assert any(p.name.startswith(".yn-out-") for p in out.iterdir())
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and b"Traceback" not in err
    assert list(out.iterdir()) == []
