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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document as open_docx

from yn_forms.core.formdef import FormDefinition
from yn_forms.core.validation import judge
from yn_forms.render.context import build_context
from yn_forms.render.docx import RenderError
from yn_forms.render.fit import TEXT_STYLES
from yn_forms.render.geometry import table_cells
from yn_forms.render.layout import document_layout_problems
from yn_forms.render.marks import CLOSE, OPEN, SEP, marked_context
from yn_forms.render.measure import (
    CM_PER_PT,
    NO_LINE_START,
    TWIPS_PER_PT,
    char_em,
    indent_pt,
    runs_text,
    wrap_lines,
)
from yn_forms.render.pdf import PdfError
from yn_forms.render.steps import Rendered, Step, render_document
from yn_forms.render.templates import document_templates
from yn_forms.render.wordstyles import Styles, qn


def text_width_em(text: str) -> float:
    """Width of *text* in em (see ``char_em``)."""
    return sum(char_em(ch) for ch in text)


# --- labels that break badly -------------------------------------------------------------------


SHORT_LABEL = 12  # characters: a label this short is set by hand where it breaks, as the attachment does


@dataclass(frozen=True)
class LabelBreak:
    """A label of a table cell that wraps badly: a short label broken where the template
    did not break it (中心日常工/作联系人), or any label leaving one character alone on its
    last line (创新中心名/称)."""

    document: str  # the template's file name
    label: str
    lines: tuple[str, ...]
    room_cm: float

    @property
    def lone(self) -> bool:
        return len(_visible(self.lines[-1])) == 1

    @property
    def message(self) -> str:
        shown = "／".join(self.lines)
        if self.lone:
            why = f"最后一行只剩“{_visible(self.lines[-1])}”一个字"
        else:
            why = "在词语中间自动换行"
        return (f"{self.document}：表格中的“{self.label}”在 {self.room_cm:.1f} 厘米宽的格内排成“{shown}”，"
                f"{why}；请加宽这一列，或在合适处手动换行。")


def _visible(line: str) -> str:
    return "".join(ch for ch in line if not ch.isspace() and ch not in NO_LINE_START)


def label_breaks(form: FormDefinition, data: dict[str, Any], templates: list[Path] | None = None) -> list[LabelBreak]:
    """The labels (the template's own text in table cells) that wrap badly in print.

    The attachments set a label on one line, or break it by hand between words
    (“中心牵头单位／负责人”); they never leave one character alone (“创新中心名／称”).
    Measured as values are (``char_em``, the cell's width, margins and indents), on the
    template rendered with *data*, so labels printed by loops and conditions count too.
    Running-text cells (“YN Cell Text”) are prose, and a long label (a sentence heading a
    section) may wrap freely except for leaving one character alone.
    """
    judgement = judge(form, data)
    context = marked_context(form, build_context(form, judgement.model, judgement.resolution.data, judgement.errors))
    assert context is not None
    check = _LabelCheck()
    for path in templates if templates is not None else [s.path for s in document_templates(form)]:
        try:
            render_document(Path(path), context, [check], marked=True)
        except RenderError:
            continue  # ``fill`` reports a template that cannot be rendered
    return check.found


class _LabelCheck(Step):
    """``label_breaks`` on each document as rendered, its values still marked (so passed over)."""

    marks = True

    def __init__(self) -> None:
        self.found: list[LabelBreak] = []

    def rendered(self, document: Rendered) -> None:
        body, styles = document.doc.docx.element.body, Styles(document.doc.docx.styles.element)
        seen: set[tuple[str, float]] = set()
        for tbl in body.iter(qn("w:tbl")):
            for cell in table_cells(styles, tbl):
                for p in cell.tc.findall(qn("w:p")):
                    if styles.name(styles.paragraph_style(p)) in TEXT_STYLES:
                        continue
                    chars = runs_text(styles, p)
                    if not chars or any(ch in (OPEN, SEP, CLOSE) for ch, _ in chars):
                        continue
                    text = "".join(ch for ch, _ in chars)
                    size = max(size for _, size in chars)
                    room = (cell.width_twips - cell.margin_twips) / TWIPS_PER_PT - indent_pt(styles, p, size)
                    lines = wrap_lines(chars, room)
                    hard = text.split("\n")
                    if len(lines) == len(hard) or (text, room) in seen:
                        continue
                    short = max(len(_visible(line)) for line in hard) <= SHORT_LABEL
                    if short or len(_visible(lines[-1])) == 1:
                        seen.add((text, room))
                        self.found.append(LabelBreak(document.template.name, text.replace("\n", "").strip(),
                                                     tuple(lines), room * CM_PER_PT))


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
