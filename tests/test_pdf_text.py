"""Not one character lost on the way to paper: the text of every .docx against the text of its PDF.

LibreOffice once dropped a “、”, “；” or “，” that ended a justified line (it read the documents
as allowing hanging punctuation). Every document of every form is converted — the example, and
the example with its prose replaced by text dense with Chinese punctuation — and each character
of the Word file must be in the PDF's text (``pdftotext``), whitespace aside.

The check boxes once printed in two sizes on one line (the first □ of a line from a fallback
font): every □ and ☑ of every PDF must come out in one font at one size.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from docx_helpers import docx_text

from yn_forms.forms import FORMS
from yn_forms.render.documents import fill_documents
from yn_forms.render.pdf import convert_to_pdf

pytestmark = [pytest.mark.office,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is needed")]

# prose with a mark every two or three characters, so that line after line ends on one
DENSE = "研发、中试、量产；标准，专利，新品。“平台”、（中心）；《方案》：资金、人才，成果；"


def dense(value: str, shift: int) -> str:
    """Text as long as *value* (so every limit still holds), dense with punctuation, ending in “。”;
    *shift* starts each text elsewhere in the pattern, so that lines break at ever other places."""
    start = shift % len(DENSE)
    text = (DENSE[start:] + DENSE * (len(value) // len(DENSE) + 1))[: max(len(value) - 1, 1)]
    return text + "。"


def densified(data: Any, count: list[int] | None = None) -> Any:
    """*data* with every piece of prose (20 characters or more, not a name or a number) made dense."""
    count = [0] if count is None else count
    if isinstance(data, dict):
        return {key: densified(value, count) for key, value in data.items()}
    if isinstance(data, list):
        return [densified(value, count) for value in data]
    if isinstance(data, str) and len(data) >= 20 and not re.fullmatch(r"[\w（）()]+", data):
        count[0] += 1
        return dense(data, 5 * count[0])
    return data


def characters(text: str) -> Counter[str]:
    return Counter(re.sub(r"\s", "", text))


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def filled(variant: str, folder: Path) -> list[Path]:
    """Every document of every form, filled with its example (*variant* ``dense``: made dense); a dense one's
    name begins ``dense-``, as the examples' PDFs are made in the same folder."""
    written: list[Path] = []
    for form in FORMS.values():
        data = copy.deepcopy(form.example())
        for path in fill_documents(form, densified(data) if variant == "dense" else data, folder / variant / form.id):
            written.append(path if variant == "example" else path.rename(path.with_name(f"{variant}-{path.name}")))
    return written


def lengthened(folder: Path) -> list[Path]:
    """The 消费名品 申报书 with its first answer 20 to 25 lines longer: each heading in turn near a page's foot."""
    from yn_forms.forms import get_form

    form = get_form("consumer-brand")
    written = []
    for extra in range(20, 26):  # 23 more lines left “三、市场竞争力” alone before the fix
        data = copy.deepcopy(form.example())
        data["criteria"]["innovation"] += "".join(f"\n补充说明第{n}条。" for n in range(extra))
        [document] = fill_documents(form, data, folder / str(extra))
        written.append(document.rename(folder / f"申报书-{extra}.docx"))
    return written


@pytest.fixture(scope="module")
def converted(tmp_path_factory, module_shared_pdfs) -> dict[str, tuple[list[Path], list[Path]]]:
    """The examples, the examples made dense and the lengthened 申报书: each Word file and its PDF, by set, all
    from one LibreOffice call (its start costs more than a document)."""
    folder = tmp_path_factory.mktemp("printed")
    sets = {"example": filled("example", folder), "dense": filled("dense", folder), "longer": lengthened(folder)}
    written = [path for paths in sets.values() for path in paths]
    pdfs = convert_to_pdf(written, folder / "pdf")
    assert len(pdfs) == len(written)
    made = iter(pdfs)
    return {name: (paths, [next(made) for _ in paths]) for name, paths in sets.items()}


@pytest.fixture(scope="module")
def examples(converted) -> tuple[list[Path], list[Path]]:
    return converted["example"]


@pytest.mark.parametrize("variant", ["example", "dense"])
def test_every_character_of_every_document_reaches_the_pdf(variant, converted):
    written, pdfs = converted[variant]
    punctuation = 0
    for document, pdf in zip(written, pdfs, strict=True):
        typed = characters(docx_text(document))
        punctuation += sum(typed[mark] for mark in "，、；。：“”（）《》")
        missing = typed - characters(pdf_text(pdf))
        assert not missing, f"{document.name}: {dict(missing)} missing from the PDF"
    assert punctuation > (1000 if variant == "dense" else 500)  # the case this is about was exercised


def test_every_check_box_prints_in_one_font_and_size(examples):
    """What the PDF draws each □/☑ with, read from its text operators: one font for every box,
    and one size for the boxes of one line (a cover's boxes are as large as its 三号 text)."""
    from pypdf import PdfReader

    fonts: set[str] = set()
    sizes_by_line: dict[tuple[str, int, float], set[float]] = {}
    for pdf in examples[1]:
        for number, page in enumerate(PdfReader(pdf).pages):
            def visit(text: str, cm: Any, tm: Any, font: Any, size: float, number: int = number,
                      pdf: Path = pdf) -> None:
                if not any(ch in "□☑" for ch in text):
                    return
                fonts.add(str(font.get("/BaseFont", "")).split("+")[-1] if font else "")
                y = round(tm[5] * cm[3] + cm[5], 0)
                sizes_by_line.setdefault((pdf.name, number, y), set()).add(round(size * abs(tm[0] or 1), 1))

            page.extract_text(visitor_text=visit)
    assert len(fonts) == 1, f"check boxes drawn in {sorted(fonts)}"
    lines = [key for key, sizes in sizes_by_line.items() if len(sizes) > 1]
    assert not lines, f"boxes of two sizes on one line: {lines}"
    assert len(sizes_by_line) > 20  # the boxes of every document were looked at


HEADING_STYLES = ("YN H1", "YN H2", "YN Table Title")


def headings(document: Path) -> list[str]:
    """The text of every heading of *document*, whitespace removed (a heading with its prompt is one)."""
    from docx import Document

    return [re.sub(r"\s", "", p.text) for p in Document(str(document)).paragraphs
            if p.style is not None and p.style.name in HEADING_STYLES and p.text.strip()]


def stranded(document: Path, pdf: Path) -> list[str]:
    """Headings that end a page of *pdf*: their text is on the next page."""
    text = re.sub(r"—\d+—", "", re.sub(r"[^\S\f]", "", pdf_text(pdf)))  # whitespace and page numbers out
    out, position = [], 0
    for heading in headings(document):
        found = text.find(heading, position)
        assert found >= 0, heading
        position = found + len(heading)
        if text[position:position + 1] == "\f" and text[position + 1:].strip("\f"):
            out.append(heading)
    return out


def test_no_heading_is_left_alone_at_the_foot_of_a_page(examples, converted):
    """LibreOffice once left “四、品牌影响力” alone at the foot of page 1 of the 消费名品 申报书
    (its keep-with-next unheeded on the first page after the cover). Every example, and the
    申报书 with its first answer longer line by line, so that each heading in turn comes near
    the foot of a page: no heading ends a page."""
    for document, pdf in zip(*examples, strict=True):
        if document.suffix == ".docx":
            assert stranded(document, pdf) == [], document.name
    written, pdfs = converted["longer"]  # 申报书-20 to 申报书-25
    for document, pdf in zip(written, pdfs, strict=True):
        assert stranded(document, pdf) == [], document.name
