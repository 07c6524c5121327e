"""A conversion's LibreOffice starts without its graphics self-tests (half of its CPU time on an application)."""

from __future__ import annotations

import pytest
from docx import Document
from pypdf import PdfReader

import yn_forms.render.pdf as pdf
from yn_forms.render.pdf import convert_to_pdf, find_soffice
from yn_forms.render.profiles import profiles_dir

pytestmark = [pytest.mark.office, pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")]


@pytest.mark.parametrize("told", [True, False], ids=["profile told its version", "control: not told"])
def test_a_conversion_runs_no_graphics_self_tests(tmp_path, monkeypatch, told):
    """LibreOffice logs its self-tests in the profile (``GraphicsRenderTests.log``) each time it runs them; told that
    the profile has met its version, it runs none — and the PDF is made all the same."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # a fresh profile
    if not told:
        monkeypatch.setattr(pdf, "START_SETTINGS", ())
    document = Document()
    document.add_paragraph("创新中心 申报书")
    source = tmp_path / "a.docx"
    document.save(source)
    (made,) = convert_to_pdf([source], tmp_path / "out")
    assert "创新中心" in PdfReader(made).pages[0].extract_text()
    logs = list(profiles_dir().glob("*/user/GraphicsRenderTests.log"))
    assert (logs == []) is told
