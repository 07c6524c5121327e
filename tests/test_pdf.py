"""A whole application to PDF through real LibreOffice, checked with a PDF text extractor."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from yn_forms.render.documents import fill_documents
from yn_forms.render.pdf import PdfError, convert_to_pdf, find_soffice

needs_libreoffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")


@needs_libreoffice
def test_application_converts_in_one_call_with_expected_pages(centre, example, tmp_path):
    docs = fill_documents(centre, example, tmp_path / "out")
    pdfs = convert_to_pdf(docs, tmp_path / "out")
    application = PdfReader(pdfs[0])
    # cover, 表1, 表2 and one 表3 per member unit
    assert len(application.pages) == 3 + len(example["members"])
    cover = application.pages[0].extract_text()
    assert "云南省制造业创新中心创建" in cover and example["cover"]["centre_name"] in cover.replace("\n", "")
    assert "☑" in application.pages[1].extract_text()
    plan_text = "".join(p.extract_text() for p in PdfReader(pdfs[1]).pages)
    assert "八、保障措施" in plan_text


def test_missing_libreoffice_is_reported_plainly(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("YN_FORMS_SOFFICE", raising=False)
    import yn_forms.render.pdf as pdf

    monkeypatch.setattr(pdf, "CANDIDATES_WINDOWS", [])
    monkeypatch.setattr(pdf, "CANDIDATES_MAC", [])
    with pytest.raises(PdfError, match="未找到 LibreOffice"):
        convert_to_pdf([tmp_path / "a.docx"], tmp_path)
