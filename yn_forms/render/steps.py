"""The steps of the production path: what a check or a product sees of the documents, and when.

Everything done with an application's documents besides writing them — the fit check, the
layout check, the PDFs and their fonts, later the bound submission pack or a 州市 desk reading
the Word files — is a ``Step`` of the one production path (``render.documents.produce``), not a
chain of its own that renders or reads the templates again. A step may look at each document
at two moments of its one render, and at the files once all are written:

1. ``rendered`` — as the template rendered it, before typesetting. A step that sets ``marks``
   sees there where each value of the data printed (``Rendered.marks``, ``render.marks``);
   the marks are taken out after this moment.
2. ``finished`` — typeset, exactly as it will be saved.
3. ``written`` — every Word file in place (all of them, or none: ``render.output``).

A step keeps what it finds and says it through its own attributes; the path hands the steps
back in its result (``Produced.of``). ``render_document`` is the render every path takes —
``fill``, 生成申报材料, 预览, ``check-template`` and the 审核 page's fit check.

A template that is not one of the app's own is read and rendered in the worker process
(``render.walls``): the rendered file comes back as bytes, checked (``render.docxguard``) before
it is opened here for the steps, and a worker stopped by its deadline or memory ceiling is told as
the limit it hit. The built-in templates render here, within the same budget.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docxtpl import DocxTemplate

from yn_forms.render.budget import Limits, limits, render_budget, stopped
from yn_forms.render.docx import (
    DAMAGED_DOCX,
    RENDERED_PROPERTIES,
    RenderError,
    jinja_env,
    open_template,
    read_template,
    render_template,
)
from yn_forms.render.docxguard import UnsafeDocx, check_archive
from yn_forms.render.marks import Loc, Markers, strip_marks
from yn_forms.render.output import save_zipped
from yn_forms.render.templates import is_builtin
from yn_forms.render.typesetting import typeset
from yn_forms.render.walls import WallHit, WorkerUnavailable, run_walled

RENDERED_XML_BYTES = 64 * 1024 * 1024  # one XML part of a rendered document (300 member units: 7.6 MB)

Report = Callable[[int, int], None]  # (done, total): how far the path has gone
Stop = Callable[[], bool]  # True once whoever started the path wants it to stop


@dataclass
class Rendered:
    """One document of the application during its render."""

    name: str  # the document's file name (附件1-….docx): how findings name it
    template: Path
    doc: DocxTemplate
    marks: list[Loc] | None = None  # the place in the data of each marked value, by its index; None: not marked


@dataclass(frozen=True)
class Written:
    """The Word files of one production, all in place."""

    documents: list[Path]
    folder: Path
    stopped: Stop  # a long step (LibreOffice) asks before it starts
    data: Any = None  # the application they were written from (the pack's 目录 names its items on paper)


class Step:
    """A check or product riding on the production path; a step overrides the moments it needs."""

    marks: ClassVar[bool] = False  # True: the render marks where each value prints, for ``rendered``

    def rendered(self, document: Rendered) -> None:
        """The document as rendered, before typesetting (marked when some step asked)."""

    def finished(self, document: Rendered) -> None:
        """The document typeset, as it will be saved."""

    def written(self, files: Written) -> None:
        """Every Word file written and in place."""

    @property
    def works_on_files(self) -> bool:
        """Whether the step does anything once the files are written (it counts in the progress then)."""
        return type(self).written is not Step.written


def render_document(template: Path, context: dict[str, Any], steps: Sequence[Step], *, name: str = "",
                    marked: bool = False, fit: bool = True) -> DocxTemplate:
    """Render *template* once, show it to *steps* as rendered and as typeset, and hand it back to be saved.

    *marked*: *context* is a marked context (``render.marks.marked_context``) and the render marks
    where each value prints; the marks are gone from the document handed back. *fit*: set the lines
    (``render.fitting``) — left out only where the document is read and never saved (the 审核 page's
    fit check, which judges the values itself). A broken template
    raises ``RenderError`` (``render.docx``) before any step sees anything.
    """
    doc, locs = _render(template, context, marked)
    document = Rendered(name or template.name, template, doc, locs)
    for step in steps:
        step.rendered(document)
    if locs is not None:
        strip_marks(doc)
    typeset(doc, fit=fit)
    for step in steps:
        step.finished(document)
    return doc


def save_document(doc: DocxTemplate, out: Path) -> None:
    """Write a rendered document; an ``OSError`` (a full disk) is the caller's to report."""
    save_zipped(doc.save, out)


def _render(template: Path, context: dict[str, Any], marked: bool) -> tuple[DocxTemplate, list[Loc] | None]:
    """The rendered document (with its marks, when *marked*), and the places of the marked values."""
    given = limits()
    if is_builtin(template):
        with render_budget(given):  # from before the template is read: its memory counts too
            return render_opened(template, open_template(template, read_template(template)), context, marked)
    data = read_template(template)
    try:
        rendered, locs = run_walled(rendered_bytes, template, data, context, marked, given, seconds=given.seconds,
                                    memory=given.memory)
    except WorkerUnavailable:  # no process to spare: here, within the budget alone
        with render_budget(given):
            return render_opened(template, open_template(template, data), context, marked)
    except WallHit as hit:
        raise RenderError(f"模板“{template.name}”有误：{stopped(hit.kind, given)}。文件：{template}") from None
    return _reopened(template, rendered), locs


def render_opened(template: Path, doc: DocxTemplate, context: dict[str, Any],
                  marked: bool) -> tuple[DocxTemplate, list[Loc] | None]:
    markers = Markers() if marked else None
    render_template(template, doc, context, markers.env if markers is not None else jinja_env())
    return doc, markers.locs if markers is not None else None


def rendered_bytes(template: Path, data: bytes, context: dict[str, Any], marked: bool,
                   given: Limits) -> tuple[bytes, list[Loc] | None]:
    """In the worker process: the template whose bytes are *data*, rendered within *given*, as a file."""
    with render_budget(given):
        doc, locs = render_opened(template, open_template(template, data), context, marked)
        out = io.BytesIO()
        doc.docx.save(out)
    return out.getvalue(), locs


def _reopened(template: Path, rendered: bytes) -> DocxTemplate:
    """The worker's rendered file, opened here once its parts are known to be of a sane size."""
    try:
        check_archive(rendered, xml_cap=RENDERED_XML_BYTES, total_cap=4 * RENDERED_XML_BYTES, ratio=False)
        doc = DocxTemplate(io.BytesIO(rendered))
        doc.init_docx()
    except UnsafeDocx as exc:
        raise RenderError(f"模板“{template.name}”生成的文档过大：{exc}。文件：{template}") from None
    except DAMAGED_DOCX:
        raise RenderError(f"模板“{template.name}”中的部分内容已损坏，无法生成。文件：{template}") from None
    doc.is_rendered = True  # saved as it is, not rendered again from the template
    props = doc.docx.core_properties
    for name in RENDERED_PROPERTIES:  # set again as the render set them: an empty one ``<x></x>``, as rendered
        setattr(props, name, getattr(props, name))  # here, not the ``<x/>`` reading the file back gives
    return doc
