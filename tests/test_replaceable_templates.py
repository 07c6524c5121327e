"""Replaceable templates (README › Using a new year's attachment): a user's file replaces the built-in one.

Covers the lookup as ``fill`` and the GUI use it (user folder, ``--templates``),
``template-fields`` (what a template may use), ``check-template`` (is a replacement
usable, what would it stop printing) and ``fill`` refusing a broken replacement
without writing anything.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx_helpers import all_text, open_docx

from yn_forms.cli import main
from yn_forms.core.draft import save_draft
from yn_forms.paths import builtin_templates_dir, user_templates_dir

FORM = "innovation-centre"
TABLES = "附件1-云南省制造业创新中心创建申报书.docx"
PLAN = "附件2-云南省制造业创新中心建设方案计划书.docx"
MARKER = "【本地模板2025】"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def make_template(folder: Path, name: str = TABLES, *, marker: str | None = MARKER,
                  replace: tuple[str, str] | None = None) -> Path:
    """A copy of the built-in template, with a visible marker and/or one tag rewritten."""
    folder.mkdir(parents=True, exist_ok=True)
    doc = Document(str(builtin_templates_dir() / FORM / name))
    if marker:
        doc.paragraphs[0].add_run(marker)
    if replace:
        old, new = replace
        runs = [run for p in _paragraphs(doc) for run in p.runs if old in run.text]
        assert runs, f"{old!r} not found in {name}"
        for run_ in runs:
            run_.text = run_.text.replace(old, new)
    path = folder / name
    doc.save(str(path))
    return path


def user_folder() -> Path:
    return user_templates_dir() / FORM


@pytest.fixture
def data_file(example, write_json) -> Path:
    return write_json(example)


def fill(capsys, data: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return run(capsys, "fill", FORM, str(data), "-o", str(out), *extra)


# --- which template is used -------------------------------------------------------------------


@pytest.mark.slow
def test_a_template_in_the_user_folder_is_used_by_fill(capsys, tmp_path, data_file):
    mine = make_template(user_folder())
    code, out, err = fill(capsys, data_file, tmp_path / "out")
    assert code == 0
    tables, plan = (Path(line) for line in out.splitlines())
    assert MARKER in all_text(open_docx(tables))
    assert MARKER not in all_text(open_docx(plan))
    assert f"{TABLES} 使用用户模板 {mine}" in err
    assert PLAN not in err  # the built-in one is not worth a note


@pytest.mark.slow
def test_templates_option_wins_over_the_user_folder(capsys, tmp_path, data_file):
    make_template(user_folder(), marker="【用户文件夹】")
    given = make_template(tmp_path / "given", marker="【指定文件夹】")
    code, out, err = fill(capsys, data_file, tmp_path / "out", "--templates", str(tmp_path / "given"))
    assert code == 0
    text = all_text(open_docx(Path(out.splitlines()[0])))
    assert "【指定文件夹】" in text and "【用户文件夹】" not in text
    assert f"使用指定模板 {given}" in err


def test_fill_opens_each_template_once_to_verify_it_and_once_to_render_it(capsys, tmp_path, data_file, monkeypatch):
    """One ``fill`` with a replaced 附件1 opened it five times and the built-in 附件2 three times (the
    check of the replacement and of the fields no template prints, each made twice, then the render):
    counted where the files are opened, whoever opens them."""
    import builtins
    import io
    import os

    given = make_template(tmp_path / "given").resolve()
    builtin_plan = (builtin_templates_dir() / FORM / PLAN).resolve()
    opened: list[Path] = []
    real_open = io.open

    def counting_open(file, *args, **kwargs):
        if isinstance(file, str | os.PathLike):
            opened.append(Path(file).resolve())
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)
    code, out, _ = fill(capsys, data_file, tmp_path / "out", "--templates", str(tmp_path / "given"))
    monkeypatch.undo()
    assert code == 0 and MARKER in all_text(open_docx(Path(out.splitlines()[0])))
    assert opened.count(given) == 2
    assert opened.count(builtin_plan) == 2


@pytest.mark.slow
def test_the_gui_uses_the_user_template_and_says_so(window, centre, example, qtbot, tmp_path, clerk):
    mine = make_template(user_folder())
    draft = tmp_path / "d.ynform"
    save_draft(draft, centre, example)
    assert window.open_path(draft)
    with qtbot.waitSignal(window.generated, timeout=30_000) as signal:
        window.write_documents(tmp_path / "out", with_pdf=False)
    written = signal.args[0]
    assert MARKER in all_text(open_docx(written[0]))
    kind, title, result = clerk.said[-1]
    assert (kind, title) == ("written", "已生成")
    assert f"{TABLES}：用户模板 {mine}" in result
    assert f"{PLAN}：内置模板" in result


def test_the_gui_refuses_a_broken_user_template_and_keeps_the_draft(window, centre, example, qtbot, tmp_path, clerk):
    make_template(user_folder(), replace=("{{ cover.centre_name }}", "{{ cover.centre_name }"))
    draft = tmp_path / "d.ynform"
    save_draft(draft, centre, example)
    window.open_path(draft)
    with qtbot.waitSignal(window.generated, timeout=30_000) as signal:
        window.write_documents(tmp_path / "out", with_pdf=False)
    assert signal.args[0] == []
    assert TABLES in clerk.last_warning and "语法错误" in clerk.last_warning
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    assert window.wizard.data == example


# --- template-fields ---------------------------------------------------------------------------


def test_template_fields_lists_paths_labels_types_and_options(capsys):
    code, out, _ = run(capsys, "template-fields", FORM)
    assert code == 0
    header = [line for line in out.splitlines() if line.startswith("#")]
    assert any("[*]" in line and "{%tr for x in members %}" in line for line in header)
    rows = {line.split("\t")[0]: line.split("\t") for line in out.splitlines() if "\t" in line}
    assert rows["cover.centre_name"] == ["cover.centre_name", "封面 › 创新中心名称", "文本", "打印"]
    ownership = rows["members[*].economic_type.ownership"]
    assert ownership[1] == "3、成员单位基本信息表 › 经济类型 › 经济类型"
    assert ownership[2] == "单选：国有独资企业 / 国有控股企业 / 非国有控股企业 / 民营企业 / 其它"
    assert rows["basic.outcomes"][2].startswith("多选：专利 / 技术标准")
    assert rows["basic.investment"][2].startswith("金额(万元)")
    assert rows["basic.research"][2].startswith("多行文本，限200字")
    assert rows["members[*].founded"][2].startswith("日期")
    assert rows["cover.fill_month"][2].startswith("年月")
    assert rows["members"][2].startswith("列表：每项含 单位名称")
    assert rows["enclosures"][2].startswith("证明材料") and rows["enclosures"][3].startswith("不打印")
    assert rows["units"][1].startswith("列表")  # the form's derived value
    assert rows["box(字段, '选项')"][1].endswith("否则印 □")
    assert {"blank(字段, 宽度=3)", "paras(字段)", "pad(列表, 行数)"} <= set(rows)
    paths = [line.split("\t")[0] for line in out.splitlines() if "\t" in line and "." in line.split("\t")[0]]
    assert paths.index("cover.centre_name") < paths.index("basic.investment") < paths.index("members[*].name")


def test_template_fields_as_json(capsys):
    code, out, _ = run(capsys, "template-fields", FORM, "--json")
    assert code == 0
    listing = json.loads(out)
    by_path = {v["path"]: v for v in listing["variables"]}
    assert by_path["cover.centre_name"]["title"] == "创新中心名称"
    assert by_path["members[*].economic_type.ownership"]["options"][0] == "国有独资企业"
    assert by_path["enclosures"]["printed"] is False
    assert [h["name"] for h in listing["helpers"]] == ["box", "blank", "paras", "pad"]
    assert listing["derived"][0]["name"] == "units"


# --- check-template ----------------------------------------------------------------------------


@pytest.mark.slow
def test_check_template_accepts_the_builtin_files(capsys):
    for name in (TABLES, PLAN, "附件3-云南省制造业创新中心创建申报汇总表.xlsx"):
        code, out, _ = run(capsys, "check-template", FORM, str(builtin_templates_dir() / FORM / name))
        assert code == 0, out
        assert "结论：可以使用" in out and "错误" not in out and "警告" not in out
    code, out, _ = run(capsys, "check-template", FORM, str(builtin_templates_dir() / FORM / TABLES))
    assert "当前使用内置模板" in out


def test_check_template_of_a_missing_file_or_form_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "check-template", FORM, str(tmp_path / TABLES))
    assert code == 2 and "找不到模板文件" in err
    code, _, err = run(capsys, "check-template", "no-such-form", str(tmp_path / TABLES))
    assert code == 2 and "没有表单" in err


def test_check_template_names_a_misspelt_variable(capsys, tmp_path):
    bad = make_template(tmp_path, replace=("{{ cover.centre_name }}", "{{ cover.centre_nmae }}"))
    code, out, _ = run(capsys, "check-template", FORM, str(bad))
    assert code == 1
    assert "cover.centre_nmae" in out and "是否应为 cover.centre_name" in out
    assert TABLES in out and "结论：不能使用" in out


def test_check_template_names_a_misspelt_loop_field_and_a_bad_option(capsys, tmp_path):
    bad = make_template(tmp_path, replace=("{{ m.legal_rep }}", "{{ m.legal_representative }}"))
    doc = Document(str(bad))
    doc.add_paragraph("{{ box(basic.outcomes, '新材料') }}")
    doc.save(str(bad))
    code, out, _ = run(capsys, "check-template", FORM, str(bad))
    assert code == 1
    assert "members[*].legal_representative" in out
    assert "box(basic.outcomes, '新材料')" in out and "专利" in out


@pytest.mark.slow
def test_check_template_lists_the_fields_a_replacement_no_longer_prints(capsys, tmp_path):
    thinner = make_template(tmp_path, replace=("{{ basic.address }}", "（见封面）"))
    code, out, _ = run(capsys, "check-template", FORM, str(thinner))
    assert code == 0  # usable, with a warning
    assert "警告" in out and "不再由任何模板打印" in out
    lost = [line.split("\t")[0].strip() for line in out.splitlines() if line.startswith("  ")]
    assert lost == ["basic.address"]
    assert "中心通讯地址" in out


def test_check_template_counts_the_other_templates_in_effect(capsys, tmp_path):
    """A field dropped from 附件2 but still printed by 附件1 is not lost (cover.industry is on both)."""
    plan = make_template(tmp_path, PLAN, replace=("cover.industry or 'XX'", "'XX'"))
    code, out, _ = run(capsys, "check-template", FORM, str(plan))
    assert code == 0
    assert "警告" not in out


def test_check_template_explains_a_syntax_error(capsys, tmp_path):
    bad = make_template(tmp_path, replace=("{{ cover.centre_name }}", "{{ cover.centre_name }"))
    code, out, err = run(capsys, "check-template", FORM, str(bad))
    assert code == 1
    assert f"模板“{TABLES}”有语法错误" in out and "标签里多了 }" in out
    assert "出错处" in out and "Traceback" not in out + err


@pytest.mark.parametrize("content", [b"not a word file", b"PK\x03\x04 truncated zip"])
def test_check_template_rejects_a_file_that_is_not_a_docx(capsys, tmp_path, content):
    bad = tmp_path / TABLES
    bad.write_bytes(content)
    code, _, err = run(capsys, "check-template", FORM, str(bad))
    assert code == 2
    assert "不是有效的 Word 文件" in err and TABLES in err


def test_check_template_rejects_a_damaged_docx(capsys, tmp_path):
    good = (builtin_templates_dir() / FORM / TABLES).read_bytes()
    bad = tmp_path / TABLES
    bad.write_bytes(good[: len(good) // 2])
    code, _, err = run(capsys, "check-template", FORM, str(bad))
    assert code == 2 and "不是有效的 Word 文件" in err


def test_check_template_explains_the_expected_file_names(capsys, tmp_path):
    renamed = tmp_path / "申报书2025.docx"
    shutil.copy(builtin_templates_dir() / FORM / TABLES, renamed)
    code, out, _ = run(capsys, "check-template", FORM, str(renamed))
    assert code == 1
    assert "不对应" in out and TABLES in out and PLAN in out


# --- fill refuses a broken replacement ---------------------------------------------------------


def damaged(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    good = (builtin_templates_dir() / FORM / TABLES).read_bytes()
    (folder / TABLES).write_bytes(good[: len(good) // 2])
    return folder / TABLES


BROKEN: dict[str, Callable[[Path], Path]] = {
    "syntax error": lambda folder: make_template(folder, replace=("{{ cover.centre_name }}", "{{ cover.centre_name }")),
    "misspelt variable": lambda folder: make_template(folder, replace=("{{ cover.leader }}", "{{ cover.leadr }}")),
    "misspelt helper": lambda folder: make_template(folder, replace=("{{ blank(basic.staff.total) }}",
                                                                     "{{ blnak(basic.staff.total) }}")),
    "damaged file": damaged,
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_fill_refuses_a_broken_user_template_and_writes_nothing(capsys, tmp_path, data_file, kind):
    broken = BROKEN[kind](user_folder())
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = fill(capsys, data_file, out_dir)
    assert code == 2
    assert TABLES in err and str(broken) in err
    assert "Traceback" not in err and out == ""
    assert list(out_dir.iterdir()) == []


def test_fill_refuses_a_broken_template_given_with_templates(capsys, tmp_path, data_file):
    make_template(tmp_path / "given", PLAN, replace=("{%p endfor %}", ""))
    code, _, err = fill(capsys, data_file, tmp_path / "out", "--templates", str(tmp_path / "given"))
    assert code == 2
    assert f"指定模板“{PLAN}”不能使用" in err and "endfor" in err
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


@pytest.mark.slow
def test_fill_warns_about_fields_a_user_template_does_not_print(capsys, tmp_path, data_file):
    make_template(user_folder(), replace=("{{ basic.address }}", ""))
    code, _, err = fill(capsys, data_file, tmp_path / "out")
    assert code == 0
    assert "警告：所用模板没有打印以下字段" in err and "basic.address" in err


def test_render_errors_of_a_template_name_the_file(tmp_path, centre, example):
    """The renderer itself, past the pre-check: docxtpl's syntax errors and damaged parts are RenderErrors."""
    from yn_forms.core.validation import lenient_model
    from yn_forms.render.context import build_context
    from yn_forms.render.docx import RenderError, TemplateUnreadable
    from yn_forms.render.steps import render_document

    model, errors = lenient_model(centre, example)
    context = build_context(centre, model, example, errors)
    broken = make_template(tmp_path / "a", replace=("{{ cover.centre_name }}", "{% if %}"))
    with pytest.raises(RenderError, match=f"{TABLES}.*语法错误"):
        render_document(broken, context, [])
    damaged = tmp_path / "b" / TABLES
    damaged.parent.mkdir()
    damaged.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip: no [Content_Types].xml
    with pytest.raises(TemplateUnreadable, match=TABLES):
        render_document(damaged, context, [])


def test_summary_with_a_damaged_user_template_is_refused_clearly(capsys, tmp_path, data_file, centre):
    folder = user_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / centre.summary.template).write_bytes(b"PK\x03\x04 not really a workbook")
    out = tmp_path / "s.xlsx"
    code, _, err = run(capsys, "summary", FORM, str(data_file), "-o", str(out))
    assert code == 2
    assert f"汇总表模板“{centre.summary.template}”不是有效的 Excel 文件" in err and "Traceback" not in err
    assert not out.exists()
