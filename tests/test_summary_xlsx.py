"""附件3 汇总表: one row per application, printed A4 landscape with the header on every page."""

from __future__ import annotations

import copy
from datetime import date

from openpyxl import load_workbook

from yn_forms.render.documents import write_summary_file


def test_summary_rows_header_and_footer(centre, example, tmp_path):
    second = copy.deepcopy(example)
    second["cover"]["centre_name"] = "云南省绿色食品制造业创新中心"
    second["lead"]["products"][0] = "=HYPERLINK(\"http://x\")"
    second["summary"]["research_direction"] = "+1 高原特色食品精深加工"
    out = write_summary_file(centre, [example, second], tmp_path / "汇总.xlsx", department="昆明市工业和信息化局",
                             filler="王芳 0871-63512345", on=date(2026, 11, 23))
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
    assert ws["A7"].value == "填表人及联系电话：王芳 0871-63512345        填表日期：2026年11月23日"
    assert ws.max_row == 7
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$4:$4"
    assert ws["B5"].border.left.style == "thin"


def test_summary_of_many_keeps_every_application(centre, example, tmp_path):
    datas = []
    for i in range(120):
        d = copy.deepcopy(example)
        d["cover"]["centre_name"] = f"创新中心{i:03d}"
        datas.append(d)
    ws = load_workbook(write_summary_file(centre, datas, tmp_path / "s.xlsx")).active
    names = [ws.cell(r, 2).value for r in range(5, 125)]
    assert names == [f"创新中心{i:03d}" for i in range(120)]
    assert ws.cell(125, 1).value.startswith("填表人及联系电话：")
