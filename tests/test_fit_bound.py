"""The width bound that lets the fit check and the setting pass over values sure to fit: a true bound.

Most values of a large application are far shorter than their cells; the fit check and the typesetting
skip them on a bound read without following each run (``render.fitting.one_line_to_spare``). A bound
that said “fits” of a value that does not would hide a warning or leave a line of one character.
"""

from __future__ import annotations

import random

from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Cm, Pt, Twips
from lxml import etree

from yn_forms.render.fit import fit_problems
from yn_forms.render.fitting import SLACK_PT, Place, Setting, cover_setting, one_line_to_spare, setting_for
from yn_forms.render.measure import WIDEST_EM, char_em, indents_pt, runs_text
from yn_forms.render.wordstyles import Styles

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PIECES = ["云南", "锦川", "有限公司", "（", "）", "。", "，", "13888812345", "0871-6745", "abc", "ABC", " ",
           "wxl@example.cn", "□", "☑", "\u3000", "R&D", "2024年", "—", "%"]


def test_no_character_is_estimated_wider_than_the_widest():
    assert max(char_em(chr(code)) for code in range(0x10000) if not 0xD800 <= code <= 0xDFFF) == WIDEST_EM


def _paragraph(rng: random.Random) -> etree._Element:
    """A paragraph of a few runs, some with a size of their own, perhaps indented, perhaps broken."""
    p = etree.Element(f"{{{W}}}p", nsmap={"w": W})
    if rng.random() < 0.5:
        ppr = etree.SubElement(p, f"{{{W}}}pPr")
        ind = etree.SubElement(ppr, f"{{{W}}}ind")
        ind.set(f"{{{W}}}left", str(rng.choice([0, 120, 240])))
        ind.set(f"{{{W}}}firstLine" if rng.random() < 0.7 else f"{{{W}}}hanging", str(rng.choice([0, 210, 420])))
    for _ in range(rng.randint(1, 4)):
        run = etree.SubElement(p, f"{{{W}}}r")
        if rng.random() < 0.6:
            rpr = etree.SubElement(run, f"{{{W}}}rPr")
            etree.SubElement(rpr, f"{{{W}}}sz").set(f"{{{W}}}val", str(rng.choice([18, 21, 24, 28, 32])))
        for _ in range(rng.randint(1, 3)):
            t = etree.SubElement(run, f"{{{W}}}t")
            t.text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.15:
            etree.SubElement(run, f"{{{W}}}br")
    return p


def _lines_pt(chars: list[tuple[str, float]]) -> list[float]:
    widths = [0.0]
    for ch, size in chars:
        if ch == "\n":
            widths.append(0.0)
        else:
            widths[-1] += char_em(ch) * size
    return widths


def test_a_paragraph_the_bound_passes_over_fits_and_one_just_over_is_measured():
    """Whatever the bound passes over is set as it is and fits its cell on every line (the fit check measures
    each line against the first one's indent); a paragraph a hundredth of a point too wide to fit with the
    slack a setting keeps is never passed over."""
    rng = random.Random(28)
    styles = Styles(None)
    passed = 0
    for _ in range(1500):
        p = _paragraph(rng)
        chars = runs_text(styles, p)
        size = max(size for _, size in chars)
        sides, first = indents_pt(styles, p, size)
        lines = _lines_pt(chars)
        needed = max(width + (first if n == 0 else max(first, 0.0)) for n, width in enumerate(lines))
        assert not one_line_to_spare(styles, p, needed + sides + SLACK_PT - 0.01)
        inner = rng.uniform(20.0, 400.0)
        if not one_line_to_spare(styles, p, inner, breaks=len(lines) == 1):
            continue
        passed += 1
        assert needed <= inner - sides - SLACK_PT
        for prose in (True, False):
            assert setting_for(chars, Place(inner - sides, first, prose)) == Setting()
        if len(lines) == 1:
            assert cover_setting(chars, inner - sides - first, 40.0) == Setting()
    assert passed > 300  # the bound does pass over values, or it would save nothing


def _one_cell_template(path, width_twips: int) -> None:
    """A table of one exact row (what does not fit is cut off): 单位名称 and the value at 五号, as the whole
    document is (the bound is then the value's very width)."""
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    row = table.rows[0]
    row.height, row.height_rule = Cm(0.6), WD_ROW_HEIGHT_RULE.EXACTLY
    row.cells[0].text = "单位名称"
    row.cells[1].text = "{{ lead.name }}"
    row.cells[1].paragraphs[0].runs[0].font.size = Pt(10.5)
    for cell in row.cells:
        cell.width = Twips(width_twips)
    doc.save(str(path))


def test_a_value_a_twentieth_of_a_point_wider_than_its_cell_is_warned(centre, example, tmp_path):
    """Seven characters at 五号 are 73.5 pt; a cell of 1,685 twips less its margins (2 × 108) holds 73.45."""
    example["lead"]["name"] = "云南锦川集团司"
    over, exact, roomy = tmp_path / "over.docx", tmp_path / "exact.docx", tmp_path / "roomy.docx"
    _one_cell_template(over, 1685)
    _one_cell_template(exact, 1686)
    _one_cell_template(roomy, 1699)  # room to spare: passed over by the bound
    found = {p.path: p for p in fit_problems(centre, example, [over])}
    assert "/lead/name" in found and "超出表格宽度" in found["/lead/name"].message
    assert fit_problems(centre, example, [exact]) == []
    assert fit_problems(centre, example, [roomy]) == []
