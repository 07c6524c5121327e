"""What the tests measure the printed documents with, beyond what the app itself checks.

The app warns of values too wide for their cell (``render.fit``) and of empty pages and stray
rows (``render.layout``) as it writes. The tests hold the templates to more: no label breaks
badly (``label_breaks``), a written file read back says what ``fill`` said (``layout_problems``),
and a PDF has no blank page (``empty_pages``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from docx import Document as open_docx

from yn_forms.core.formdef import FormDefinition
from yn_forms.core.validation import judge
from yn_forms.render.context import build_context
from yn_forms.render.docx import RenderError
from yn_forms.render.fit_labels import LabelBreak, LabelCheck
from yn_forms.render.layout import document_layout_problems
from yn_forms.render.marks import marked_context
from yn_forms.render.measure import char_em
from yn_forms.render.pdf import PdfError
from yn_forms.render.steps import render_document
from yn_forms.render.templates import document_templates


def text_width_em(text: str) -> float:
    """Width of *text* in em (see ``char_em``)."""
    return sum(char_em(ch) for ch in text)


# --- labels that break badly -------------------------------------------------------------------


def label_breaks(form: FormDefinition, data: dict[str, Any], templates: list[Path] | None = None) -> list[LabelBreak]:
    """The labels (the template's own text in table cells) that wrap badly in print, the templates
    rendered with *data* (``render.fit_labels``: what ``check-template`` says of a replacement)."""
    judgement = judge(form, data)
    context = marked_context(form, build_context(form, judgement.model, judgement.resolution.data, judgement.errors))
    assert context is not None
    check = LabelCheck()
    for path in templates if templates is not None else [s.path for s in document_templates(form)]:
        try:
            render_document(Path(path), context, [check], marked=True)
        except RenderError:
            continue  # ``fill`` reports a template that cannot be rendered
    return check.found


# --- empty pages and stray blank rows, read from a written file or its PDF -----------------------


def layout_problems(docx_path: Path) -> list[str]:
    """``render.layout``'s sentences for a .docx on disk (``fill`` reads each document as it saves it)."""
    doc = open_docx(str(docx_path))
    return document_layout_problems(doc.element.body, doc.styles.element)


_PAGE_NUMBER = re.compile(r"[—–\-－·]*(?:第?\d{1,3}页?(?:共\d{1,3}页)?|\d{1,3}/\d{1,3})[—–\-－·]*")


def is_blank_page_text(text: str) -> bool:
    """True for a page that prints nothing but perhaps its page number (“— 3 —”, “第3页”)."""
    compact = re.sub(r"\s+", "", text)
    return not compact or _PAGE_NUMBER.fullmatch(compact) is not None


def empty_pages(pdf_path: Path, *, pdftotext: str | None = None) -> list[int]:
    """Numbers (from 1) of the pages of a PDF that carry no text but their page number.

    Uses poppler's ``pdftotext`` once for the whole file: it ends every page with a form
    feed, which is the same as asking page by page with ``-f N -l N``, in one process.
    Raises ``PdfError`` when pdftotext is missing or cannot read the file. A page holding
    only a picture counts as empty; these forms have none.
    """
    exe = pdftotext or shutil.which("pdftotext")
    if exe is None:
        raise PdfError("找不到 pdftotext（poppler-utils），无法检查 PDF 中的空白页。")
    try:
        proc = subprocess.run([exe, "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PdfError(f"pdftotext 无法读取 {pdf_path}：{exc}") from None
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip()
        raise PdfError(f"pdftotext 无法读取 {pdf_path}：{detail}")
    pages = proc.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # what follows the last page's form feed
    return [n for n, text in enumerate(pages, 1) if is_blank_page_text(text)]
