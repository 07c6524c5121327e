"""On paper as a typesetter would set it, read from the PDFs LibreOffice prints.

Every form's example, a stressed 创新中心 application (names of 30–40 characters, four-character
personal names, seven-character 职务, 19 member units) and the 汇总表 of each are converted in one
LibreOffice call. From the PDF's text and positions alone (``pdftotext -bbox-layout``): no line
holds one character under a longer line of its cell or paragraph; the stressed cover is one page;
no page of a 汇总表 holds only its headers; nothing of a 汇总表 prints smaller than 9 pt.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from print_helpers import lone_lines, page_texts, smallest_sizes, stressed_centre

from yn_forms.forms import FORMS
from yn_forms.render.documents import fill_documents
from yn_forms.render.pdf import convert_to_pdf
from yn_forms.render.summary import write_summary_file

pytestmark = [pytest.mark.office, pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is needed")]

DEPARTMENT = "西双版纳傣族自治州工业和信息化局"
#: so many short applications that the rows end a page and the 填表人 line would stand alone on the next
PAGE_FULL = 28


def _many(form_id: str, count: int) -> list[dict]:
    form = FORMS[form_id]
    out = []
    for i in range(count):
        data = copy.deepcopy(form.example())
        data["cover"]["centre_name"] = f"云南省第{i + 1:02d}号制造业创新中心"
        out.append(data)
    return out


@pytest.fixture(scope="module")
def printed(tmp_path_factory, module_shared_pdfs) -> dict[str, Path]:
    """Every document and 汇总表 as PDF, by a name of its own, from one LibreOffice call."""
    folder = tmp_path_factory.mktemp("print")
    files: dict[str, Path] = {}
    centre = FORMS["innovation-centre"]
    stressed = stressed_centre(centre.example())
    for form in FORMS.values():
        for path in fill_documents(form, form.example(), folder / form.id):
            files[f"{form.id}/{path.stem}"] = path
    for path in fill_documents(centre, stressed, folder / "stressed"):
        renamed = path.with_name(f"stressed-{path.name}")
        path.rename(renamed)
        files[f"stressed/{path.stem}"] = renamed
    for form in FORMS.values():
        if form.summary is None:
            continue
        applications = [form.example()] + ([stressed] if form is centre else [])
        path = folder / "summary" / f"汇总表-{form.id}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_summary_file(form, applications, path, department=DEPARTMENT)
        files[f"summary/{form.id}"] = path
    path = folder / "summary" / "汇总表-page-full.xlsx"
    write_summary_file(centre, _many("innovation-centre", PAGE_FULL), path, department=DEPARTMENT)
    files["summary/page-full"] = path
    pdfs = convert_to_pdf(list(files.values()), folder / "pdf")
    return dict(zip(files, pdfs, strict=True))


def test_no_line_holds_one_character_under_a_longer_one(printed):
    """表1's 创新中心名称, 联合体's name, the 协议's 签章 units, 表3's four-character names and 职务, the
    方案's paragraphs (孤字) and the 汇总表's 州（市） once left one character alone on a line."""
    found = [line for pdf in printed.values() for line in lone_lines(pdf)]
    assert found == []
    assert len(printed) >= 12  # every document of every form, the stressed application and the 汇总表


def test_the_stressed_cover_is_one_page(printed):
    pdf = next(pdf for key, pdf in printed.items() if key.startswith("stressed/附件1"))
    pages = page_texts(pdf)
    assert "云南省工业和信息化厅制" in pages[0] and pages[0].endswith("月")  # its foot: the department, the month
    assert "创新中心创建基本信息表" not in pages[0]
    assert "创新中心创建基本信息表" in pages[1]
    stressed = stressed_centre(FORMS["innovation-centre"].example())
    for key in ("centre_name", "industry", "lead_unit", "email"):
        rest = iter(pages[0])  # every long value on the cover, whole (its lines may interleave with a label)
        assert all(ch in rest for ch in stressed["cover"][key]), key


def test_no_page_of_a_summary_holds_only_its_headers(printed):
    """Each page carries an application's row; the page where the rows fill the page exactly included."""
    summaries = {key: pdf for key, pdf in printed.items() if key.startswith("summary/")}
    centre = FORMS["innovation-centre"].example()
    names = {"innovation-centre": [centre["cover"]["centre_name"], stressed_centre(centre)["cover"]["centre_name"]],
             "page-full": [f"云南省第{i + 1:02d}号制造业创新中心" for i in range(PAGE_FULL)]}
    for key, pdf in summaries.items():
        pages = page_texts(pdf)
        wanted = names.get(key.split("/")[1])
        if wanted is None:
            continue
        for number, page in enumerate(pages, 1):
            assert any(name in page for name in wanted), f"{key} p.{number} holds no application: {page[:80]}"
    assert len(page_texts(summaries["summary/page-full"])) >= 2


def test_a_summary_prints_at_nine_points_or_more(printed):
    for key, pdf in printed.items():
        if key.startswith("summary/"):
            assert min(smallest_sizes(pdf)) >= 9.0, key
