"""A member table printed again for each unit is measured once: the documents and warnings are as if each were
measured on its own."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from yn_forms.render import measured as measured_module
from yn_forms.render.documents import produce
from yn_forms.render.wordstyles import qn


@pytest.fixture
def with_members(monkeypatch):
    """The example grown to so many member units, as the benchmark grows it (``bench/common.py``)."""
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "bench"))
    from common import with_members

    return with_members


def _filled(form, data, folder):
    produced = produce(form, data, folder)
    parts = {}
    for document in produced.documents:
        with zipfile.ZipFile(document) as archive:
            parts |= {(document.name, name): archive.read(name) for name in archive.namelist()
                      if name.endswith(".xml")}
    return parts, [(p.path, p.message) for p in produced.fit], [f.message for f in produced.layout]


def test_twelve_member_tables_print_and_warn_as_when_each_is_measured_alone(centre, example, tmp_path,
                                                                            monkeypatch, with_members):
    data = with_members(example, 12)
    data["members"][7]["contact_post"] = "技术中心副主任"  # condensed onto its two lines, as in the first table
    data["members"][9]["contact_post"] = ("技术中心常务副主任兼总工程师" * 3)[:31]  # nothing helps: warned
    data["members"][10]["phone"] = "0871-67451001-8888/13888812345-13888812345"  # far wider than its cell: warned
    data["members"][11]["address"] = "昆明市高新区\n科高路1688号"  # a line break in a value
    data["members"][6] = {key: ("" if isinstance(value, str) else value) for key, value in data["members"][6].items()}
    twins = []
    pair = measured_module.Measured.twins

    def counted(self, body, holding):
        pair(self, body, holding)
        twins.append(sum(self.model(tbl) is not tbl for tbl in body.iter(qn("w:tbl"))))

    monkeypatch.setattr(measured_module.Measured, "twins", counted)
    shared, warned, layout = _filled(centre, data, tmp_path / "shared")
    assert max(twins) >= 5  # most member tables are a twin of an earlier one
    assert {path for path, _ in warned} >= {"/members/9/contact_post", "/members/10/phone"}
    assert "/members/7/contact_post" not in {path for path, _ in warned}

    monkeypatch.setattr(measured_module.Measured, "twins", lambda self, body, holding: None)
    alone, warned_alone, layout_alone = _filled(centre, data, tmp_path / "alone")
    assert (warned, layout) == (warned_alone, layout_alone)
    assert shared.keys() == alone.keys()
    assert [key for key in shared if shared[key] != alone[key]] == []


def test_a_twin_tables_cells_and_rows_read_as_its_own(centre, example, with_members):
    from yn_forms.core.validation import judge
    from yn_forms.render.documents import _context
    from yn_forms.render.fit import FitCheck
    from yn_forms.render.geometry import table_cells
    from yn_forms.render.layout_rows import read_rows
    from yn_forms.render.measured import measured
    from yn_forms.render.steps import render_document
    from yn_forms.render.templates import document_templates
    from yn_forms.render.wordstyles import Styles

    data = with_members(example, 8)
    data["members"][6]["contact_post"] = "技术中心副主任"
    context, marked = _context(centre, judge(centre, data), True)
    doc = render_document(document_templates(centre)[0].path, context, [FitCheck(centre)], marked=marked)
    kept, body = measured(doc.docx), doc.docx.element.body
    styles = Styles(doc.docx.styles.element)
    twins = [tbl for tbl in body.iter(qn("w:tbl")) if kept.model(tbl) is not tbl]
    assert len(twins) >= 3
    for tbl in twins:
        assert kept.rows(tbl)[1:] == read_rows(tbl)[1:]
        assert kept.cells(styles, tbl) == list(table_cells(styles, tbl))


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _table(text: str) -> str:
    return ('<w:tbl><w:tblGrid><w:gridCol w:w="4000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="4000" '
            f'w:type="dxa"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc></w:tr>'
            '</w:tbl>')


def test_a_value_printed_in_one_table_and_left_empty_in_its_twin_stays_its_own():
    """“☑其它（{{ other }}）” with a value in the first member table and none in the next: once the values
    are out both read “☑其它（）”, yet the second must print its own cell, not a copy of the first's."""
    from lxml import etree

    from yn_forms.render.fit import _cells_holding_a_value
    from yn_forms.render.layout_rows import read_rows
    from yn_forms.render.marks import CLOSE, OPEN, SEP
    from yn_forms.render.measured import Measured
    from yn_forms.render.typesetting import one_font_for_boxes
    from yn_forms.render.wordstyles import Styles

    body = etree.fromstring(f'<w:body xmlns:w="{W_NS}">' + _table(f"☑其它（{OPEN}0{SEP}事业单位{CLOSE}）")
                            + _table("☑其它（）") + "</w:body>")
    first, second = body.iter(qn("w:tbl"))
    kept = Measured()
    kept.twins(body, _cells_holding_a_value(body))
    assert kept.model(second) is first  # twins, by their XML without the values
    styles = Styles(None)
    assert [c.width_twips for c in kept.cells(styles, second)] == [4000]
    for t in body.iter(qn("w:t")):  # the marks out, as the render takes them out
        t.text = t.text.replace(f"{OPEN}0{SEP}", "").replace(CLOSE, "")
    one_font_for_boxes(body, kept)
    assert "".join(second.itertext()) == "☑其它（）"
    assert "".join(first.itertext()) == "☑其它（事业单位）"
    assert kept.rows(second)[1:] == read_rows(second)[1:]
