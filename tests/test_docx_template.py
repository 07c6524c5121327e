"""The render's docxtpl template: where its shortcuts apply and where they do not, the document is docxtpl's own."""

from __future__ import annotations

import hashlib
import hmac
import io

import pytest
from docx import Document
from docxtpl import DocxTemplate
from lxml import etree

from yn_forms.render.docx_template import PATCHED, FormTemplate


def _template(rows: list[list[str]], spans: dict[tuple[int, int], int] | None = None) -> bytes:
    """A Word file holding one table of *rows* (cell texts; *spans*: cells merged across columns)."""
    doc = Document()
    doc.add_paragraph("{{ intro }}")
    width = max(len(row) for row in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for (r, c), span in (spans or {}).items():
        table.cell(r, c).merge(table.cell(r, c + span - 1))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _rendered(cls: type[DocxTemplate], data: bytes, context: dict) -> bytes:
    doc = cls(io.BytesIO(data))
    doc.render(context, autoescape=True)
    return etree.tostring(doc.docx.element.body, encoding="utf-8")


COLUMNS = [["{%tc for x in xs %}", "{{ x }}", "{%tc endfor %}"], ["a", "b", "c"]]


@pytest.mark.parametrize("xs", [["1", "2", "3", "4", "5"], ["1"], [], ["1", "2", "3"]],
                         ids=["more columns than the grid", "fewer", "none", "as many"])
def test_a_table_whose_loop_changes_its_columns_gets_docxtpls_grid(xs):
    data = _template(COLUMNS)
    ours, theirs = _rendered(FormTemplate, data, {"xs": xs, "intro": ""}), _rendered(DocxTemplate, data,
                                                                                     {"xs": xs, "intro": ""})
    assert ours == theirs
    grid = etree.fromstring(ours).findall(".//{*}gridCol")
    assert len(grid) == 3 if len(xs) <= 3 else len(grid) == len(xs)  # a loop of fewer columns keeps the widest row's


def test_merged_cells_and_a_table_that_matches_its_grid_are_left_as_docxtpl_leaves_them():
    data = _template([["{{ a }}", "", "c"], ["x", "y", "z"]], spans={(0, 0): 2})
    context = {"a": "甲", "intro": "说明"}
    assert _rendered(FormTemplate, data, context) == _rendered(DocxTemplate, data, context)


@pytest.mark.parametrize("intro", ["第一行\n第二行", "甲\t乙", "分页\f之后", "段\a落", "平常的文字"])
def test_breaks_tabs_and_page_breaks_in_a_value_become_words_elements_as_docxtpl_makes_them(intro):
    data = _template([["{{ intro }}", "b"]])
    ours = _rendered(FormTemplate, data, {"intro": intro})
    assert ours == _rendered(DocxTemplate, data, {"intro": intro})
    if "\n" in intro:
        assert b"<w:br/>" in ours


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "yn-forms" / PATCHED


SPLIT = [["{{ a }}", "{%tc for x in xs %}", "{{ x }}", "{%tc endfor %}"]]


def _split_tag_template() -> bytes:
    """A template whose tag Word split over three runs, as a clerk's edit leaves it."""
    doc = Document()
    p = doc.add_paragraph()
    for piece in ("{{ ", "intro", " }}"):
        p.add_run(piece)
    table = doc.add_table(rows=1, cols=4)
    for c, text in enumerate(SPLIT[0]):
        table.cell(0, c).text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_part_cleaned_once_renders_the_same_from_what_was_kept(cache, monkeypatch):
    data, context = _split_tag_template(), {"intro": "说明", "a": "甲", "xs": ["1", "2"]}
    first = _rendered(FormTemplate, data, context)
    assert first == _rendered(DocxTemplate, data, context) and "说明" in first.decode()
    assert len(list(cache.rglob("*.kept"))) >= 1

    def refuse(*_args):
        raise AssertionError("cleaned again")
    monkeypatch.setattr(DocxTemplate, "patch_xml", refuse)
    assert _rendered(FormTemplate, data, context) == first


def test_a_changed_part_is_cleaned_afresh_and_a_planted_entry_is_never_used(cache):
    data = _split_tag_template()
    _rendered(FormTemplate, data, {"intro": "", "a": "", "xs": []})
    entries = sorted(cache.rglob("*.kept"))
    for entry in entries:  # the same text, signed under a secret not this user's
        key = bytes.fromhex(entry.stem)
        planted = entry.read_bytes()[32:].replace(b"{{ intro }}", b"{{ 'HACKED' }}").replace(b"{{intro}}", b"HACKED")
        entry.write_bytes(hmac.new(b"x" * 32, key + planted, hashlib.sha256).digest() + planted)
    assert b"HACKED" not in _rendered(FormTemplate, data, {"intro": "说明", "a": "甲", "xs": ["1"]})
    other = _template([["{{ a }}乙", "b"]])
    assert b"\xe7\x94\xb2\xe4\xb9\x99" in _rendered(FormTemplate, other, {"intro": "", "a": "甲"})  # 甲乙
