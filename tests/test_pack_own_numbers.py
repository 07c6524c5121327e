"""The pack binds the documents' own PDFs with their page numbers taken off: each document converted once, and
the bound pages as the clerk's PDFs show them but for the number at the foot."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pack_helpers import foot_numbers, render
from pypdf import PdfReader

from yn_forms.forms import get_form
from yn_forms.render.pack.footers import foot_band
from yn_forms.render.pack.own_numbers import Unsure, foot_spans

pytestmark = pytest.mark.usefixtures("shared_pdfs")  # each document converted once in the run (tests/shared_pdfs.py)
POPPLER = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
                             reason="pdftotext and pdftoppm (poppler) are needed")
FOOT = (b"q 0 0 0 rg\nBT\n279.6 39.389 Td /F2 14 Tf<2223>Tj\nET\nQ\n"  # “— 1”, as LibreOffice draws a footer
        b"q 0 0 0 rg\nBT\n297.1 39.389 Td /F2 14 Tf<01>Tj\nET\nQ\n")
BODY = b"q 0 0 0 rg\nBT\n153.3 145.789 Td /F3 10.5 Tf<8597D963>Tj\nET\nQ\n0.5 w 79.25 39.4 m 521.75 39.4 l S\n"


def without(data: bytes, limit: float = 65.2) -> bytes:
    kept, at = [], 0
    for start, end in foot_spans(data, limit):
        kept.append(data[at:start])
        at = end
    return b"".join([*kept, data[at:]])


def test_the_foot_text_goes_and_the_body_and_lines_stay_byte_for_byte():
    out = without(BODY + FOOT)
    assert out.startswith(BODY)  # the text above the foot and a rule drawn in the band, as they were
    assert b"<2223>" not in out and b"<01>" not in out and out.count(b"q 0 0 0 rg") == 3


def test_strings_and_comments_are_stepped_over_and_the_matrix_followed():
    tricky = (b"BT 100 300 Td (a (nested) \\) ET Q q BT 0 0 Td) Tj ET\n% BT 1 1 Td (x) Tj ET\n"
              b"q 1 0 0 1 0 700 cm BT 10 10 Td <41>Tj ET Q\n")  # drawn at 710 once the matrix is applied
    assert foot_spans(tricky, 65.2) == []
    lowered = b"q 1 0 0 1 0 -650 cm BT 100 700 Td <41>Tj ET Q\n"  # drawn at 50: in the foot
    assert without(lowered) == b"q 1 0 0 1 0 -650 cm  Q\n"


def test_turned_text_in_the_foot_is_not_taken_for_a_number():
    turned = b"BT 0 1 -1 0 30 40 Tm <41>Tj ET\n"
    assert foot_spans(turned, 65.2) == []


@pytest.mark.parametrize("content", [
    b"BT 100 40 Td <41>Tj 0 300 Td <42>Tj ET\n",  # one text object, part in the foot and part above
    FOOT + b"BT 100 20 Td <41>Tj ET\n",  # two lines in the foot: more than a page number
    b"BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI\n" + FOOT,  # an inline image: its bytes are not operators
])
def test_what_the_scan_is_not_sure_of_gives_the_page_up(content):
    with pytest.raises(Unsure):
        foot_spans(content, 65.2)


def _with_footer(source: Path, target: Path, footer: bytes) -> Path:
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "word/footer1.xml":
                data = footer(data) if callable(footer) else footer
            out.writestr(info, data)
    return target


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[Path]:
    from yn_forms.render.documents import fill_documents

    form = get_form("innovation-centre")
    return fill_documents(form, form.example(), tmp_path_factory.mktemp("docs"))


def test_a_footer_of_its_number_alone_gives_the_band_under_the_bottom_margin(documents, tmp_path):
    assert [foot_band(path) for path in documents] == [65.2, 65.2]  # 1304 twips
    signed = _with_footer(documents[0], tmp_path / "signed.docx", lambda xml: xml.replace(
        b"</w:ftr>", b"<w:p><w:r><w:t>\xe4\xba\x91\xe5\x8d\x97\xe7\x9c\x81\xe5\x88\xb6</w:t></w:r></w:p></w:ftr>"))
    assert foot_band(signed) is None  # a second line of text in the footer: converted unnumbered, as before
    pictured = _with_footer(documents[0], tmp_path / "pictured.docx", lambda xml: xml.replace(
        b"<w:r><w:t", b"<w:r><w:drawing/><w:t", 1))
    assert foot_band(pictured) is None


@pytest.mark.office
@POPPLER
def test_the_bound_documents_are_their_own_pdfs_with_the_packs_numbers(tmp_path):
    """One LibreOffice call, each document in it once; every bound page's text is its own PDF's page's, but for
    the number at its foot, and above the foot its pixels are the same."""
    import yn_forms.render.pack.step as step_module
    from yn_forms.render.documents import produce
    from yn_forms.render.pack.step import PackStep

    calls = []
    convert = step_module.convert_to_pdf

    def counting(files, *args, **kwargs):
        calls.append([Path(f).name for f in files])
        return convert(files, *args, **kwargs)

    form = get_form("innovation-centre")
    step = PackStep(form, tmp_path / "pack.pdf", document_pdfs=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(step_module, "convert_to_pdf", counting)
        result = produce(form, form.example(), tmp_path / "out", steps=[step])
    assert step.failure is None
    assert len(calls) == 1 and [name for name in calls[0] if name.endswith(".docx") and name.startswith("附件")] \
        == [path.name for path in result.documents]
    assert not [name for name in calls[0] if name.startswith("document-")]  # no second, unnumbered conversion
    bound = tmp_path / "pack.pdf"
    number = 0
    for pdf in step.pdfs:
        for page in range(1, len(PdfReader(pdf).pages) + 1):
            number += 1
            own, packed = _text(pdf, page), _text(bound, number + 1)
            assert foot_numbers(packed) == [number]
            assert _unnumbered(packed) == _unnumbered(own)
            mine, theirs = render(pdf, page, dpi=40), render(bound, number + 1, dpi=40)
            above = (0, 0, mine.width, int(mine.height * (1 - 70 / 842)))
            assert mine.crop(above).tobytes() == theirs.crop(above).tobytes()


@pytest.mark.office
@POPPLER
def test_a_document_whose_pdf_cannot_be_taken_apart_is_converted_unnumbered_after_all(tmp_path, monkeypatch):
    import yn_forms.render.pack.step as step_module
    from yn_forms.render.documents import produce
    from yn_forms.render.pack.step import PackStep

    monkeypatch.setattr(step_module, "without_foot_text", lambda reader, band: None)
    form = get_form("innovation-centre")
    step = PackStep(form, tmp_path / "pack.pdf", document_pdfs=True)
    produce(form, form.example(), tmp_path / "out", steps=[step])
    assert step.failure is None
    pages = len(PdfReader(tmp_path / "pack.pdf").pages)
    for number in range(1, pages):
        assert foot_numbers(_text(tmp_path / "pack.pdf", number + 1)) == [number]


def _text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def _unnumbered(text: str) -> list[str]:
    """The page's characters but its number and the spaces, in order (pdftotext's reading order of a page's
    blocks may change with what stands at its foot: the characters are compared, their places by the pixels)."""
    return sorted(re.sub(r"\s", "", re.sub(r"—\s*\d+\s*—", "", text)))


@pytest.mark.office
def test_a_footer_that_is_more_than_its_number_is_bound_from_an_unnumbered_copy(documents, tmp_path):
    """A template of the clerk's with its maker's name under the number: its number goes, the name stays."""
    from yn_forms.render.pack.step import _Plan
    from yn_forms.render.pdf import convert_to_pdf, require_soffice

    signed = _with_footer(documents[0], tmp_path / "signed.docx", lambda xml: xml.replace(
        b"</w:ftr>", "<w:p><w:r><w:t>云南省制</w:t></w:r></w:p></w:ftr>".encode()))
    plan = _Plan([signed, documents[1]], tmp_path, own_pdfs=False)
    assert [path.name for path in plan.converted] == ["document-1.docx", documents[1].name]
    plan.made(convert_to_pdf(plan.converted, tmp_path / "pdf", soffice=require_soffice()))
    copy, own = plan.sources(require_soffice())
    assert copy.contents is None and own.contents is not None
    text = copy.reader.pages[2].extract_text()
    assert "云南省制" in text and not foot_numbers(text)
