"""附件3 汇总表: one row per application, printed A4 landscape with the header on every page."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from yn_forms.render.summary import write_summary_file


def test_summary_rows_header_and_footer(centre, example, tmp_path):
    second = copy.deepcopy(example)
    second["cover"]["centre_name"] = "云南省绿色食品制造业创新中心"
    second["lead"]["products"][0] = "=HYPERLINK(\"http://x\")"
    second["summary"]["research_direction"] = "+1 高原特色食品精深加工"
    out = write_summary_file(centre, [example, second], tmp_path / "汇总.xlsx", department="昆明市工业和信息化局",
                             filler="王芳 0871-63512345", on=date(2026, 11, 23)).path
    ws = load_workbook(out).active
    assert ws["A1"].value == "附件3"
    assert ws["A2"].value == "云南省制造业创新中心创建申报汇总表"
    assert ws["A3"].value == "州市工业和信息化主管部门（盖章）：昆明市工业和信息化局"
    header = [c.value for c in ws[4]]
    assert header == ["序号", "创新中心名称", "创新中心牵头单位", "创新中心成员单位", "所属领域", "研发方向",
                      "联系人", "联系电话"]
    first = [c.value for c in ws[5]]
    assert first == ["1", example["cover"]["centre_name"], example["cover"]["lead_unit"],
                     "、".join(example["basic"]["participants"]), "有色及稀贵金属",
                     example["summary"]["research_direction"], "孙丽华", "13577112233"]
    assert ws["A6"].value == "2" and ws["B6"].value == "云南省绿色食品制造业创新中心"
    # formula-like text stays text
    assert ws["F6"].value == "+1 高原特色食品精深加工" and ws["F6"].data_type == "s"
    # the attachment's three numbered rows stay, the third empty but ruled
    assert ws["A7"].value == "3" and ws["B7"].value in (None, "") and ws["B7"].border.left.style == "thin"
    assert ws["A8"].value == "填表人及联系电话：王芳 0871-63512345        填表日期：2026年11月23日"
    assert ws.max_row == 8
    # landscape A3 (eight columns do not fit A4's width at 9 pt), at a fixed scale: 11 pt prints at 9 pt or more
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 8
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and 11 * ws.page_setup.scale / 100 >= 9
    assert ws.print_title_rows == "$4:$4"
    assert ws["B5"].border.left.style == "thin"


def test_summary_of_many_keeps_every_application(centre, example, tmp_path):
    datas = []
    for i in range(120):
        d = copy.deepcopy(example)
        d["cover"]["centre_name"] = f"创新中心{i:03d}"
        datas.append(d)
    ws = load_workbook(write_summary_file(centre, datas, tmp_path / "s.xlsx").path).active
    names = [ws.cell(r, 2).value for r in range(5, 125)]
    assert names == [f"创新中心{i:03d}" for i in range(120)]
    assert ws.cell(125, 1).value.startswith("填表人及联系电话：")


@pytest.mark.parametrize("form_id", ["innovation-centre", "consumer-brand"])
def test_every_data_cell_looks_like_the_templates_row(form_id, tmp_path):
    """The rows take the template's data-row style (copied as style arrays for speed): 宋体 11, thin
    borders all round, 序号 centred and the rest left, wrapped, text format ``@``; rows grow with text."""
    from yn_forms.forms import get_form
    from yn_forms.render.templates import template_path

    form = get_form(form_id)
    datas = [copy.deepcopy(form.example()) for _ in range(30)]
    out = write_summary_file(form, datas, tmp_path / "s.xlsx", department="大理州工业和信息化局",
                             filler="赵六 0872-2123456", on=date(2026, 11, 23)).path
    template_wb = load_workbook(template_path(form.id, form.summary.template, None))
    proto = template_wb.active
    wb = load_workbook(out)
    ws = wb.active
    ncols = len(form.summary.columns) + 1
    last = 4 + len(datas)
    for r in range(5, last + 1):
        assert ws.row_dimensions[r].height >= proto.row_dimensions[5].height
        for c in range(1, ncols + 1):
            cell, model = ws.cell(r, c), proto.cell(5, c)
            # a column the applicant leaves empty (推荐排序, the 州（市）'s) is an empty text cell
            assert (cell.data_type == "s" or cell.value is None) and cell.number_format == "@"
            assert (cell.font.name, cell.font.sz, cell.font.b) == (model.font.name, model.font.sz, model.font.b)
            assert [getattr(cell.border, side).style for side in ("left", "right", "top", "bottom")] == ["thin"] * 4
            assert (cell.alignment.horizontal, cell.alignment.vertical, cell.alignment.wrap_text) == \
                (model.alignment.horizontal, model.alignment.vertical, True)
    assert ws.cell(5, 1).alignment.horizontal == "center" and ws.cell(5, 2).alignment.horizontal == "left"
    # the header above and the footer below keep their own look
    assert ws.cell(4, 2).font.name == "黑体" and ws.row_dimensions[4].height == proto.row_dimensions[4].height
    footer = ws.cell(last + 1, 1)
    assert footer.value.startswith("填表人及联系电话：赵六 0872-2123456")
    assert (footer.font.name, footer.font.sz) == ("仿宋", 14.0) and footer.border.left.style is None
    assert f"A{last + 1}:{get_column_letter(ncols)}{last + 1}" in {str(m) for m in ws.merged_cells.ranges}
    assert ws.column_dimensions["B"].width == proto.column_dimensions["B"].width
    # rows share their column's style: the workbook's style table does not grow with the number of rows
    assert len(wb._cell_styles) <= len(template_wb._cell_styles) + ncols


def test_a_long_value_makes_its_row_taller(centre, example, tmp_path):
    long = copy.deepcopy(example)
    long["summary"]["research_direction"] = "高原特色农产品精深加工关键技术研究与产业化应用" * 6
    ws = load_workbook(write_summary_file(centre, [example, long], tmp_path / "s.xlsx").path).active
    short_height, long_height = ws.row_dimensions[5].height, ws.row_dimensions[6].height
    assert long_height > 2 * short_height


def test_a_value_that_would_leave_one_character_alone_is_indented():
    """33 characters in a column of 16 a line leave “司” alone; one level of indent makes it 15 a line."""
    from yn_forms.render.xlsx import lone_indent

    lead = "云南锦川稀贵金属新材料集团股份有限公司昆明高新技术产业开发区分公司"
    assert lone_indent(lead, 26, 11) == 1
    assert lone_indent(lead[:-1], 26, 11) == 0  # ends on two characters: left as it is
    assert lone_indent("云南锦川稀贵金属集团有限公司", 26, 11) == 0  # one line


def test_a_summary_of_json_files_loads_no_word_library(centre, example, tmp_path):
    """`summary` of JSON applications writes the 汇总表 without python-docx, docxtpl or Jinja (≈ 0.1 s of imports a
    department pays on every summary): the typesetting it shares with the documents reads its styles alone."""
    import json
    import subprocess
    import sys

    files = []
    for n in range(2):
        path = tmp_path / f"{n}.json"
        path.write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
        files.append(str(path))
    probe = ("import sys\nfrom yn_forms.cli import main\n"
             f"code = main(['summary', 'innovation-centre', *{files!r}, '-o', {str(tmp_path / 'h.xlsx')!r}])\n"
             "print('CODE', code, 'WORD', [m for m in ('docx', 'docxtpl', 'jinja2') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "CODE 0 WORD []", done.stderr[-500:]
    assert (tmp_path / "h.xlsx").is_file()
