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
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docxtpl import DocxTemplate

from yn_forms.render.docx import jinja_env, load_template, render_template
from yn_forms.render.marks import Loc, Markers, strip_marks
from yn_forms.render.output import save_zipped
from yn_forms.render.typesetting import typeset

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
                    marked: bool = False) -> DocxTemplate:
    """Render *template* once, show it to *steps* as rendered and as typeset, and hand it back to be saved.

    *marked*: *context* is a marked context (``render.marks.marked_context``) and the render marks
    where each value prints; the marks are gone from the document handed back. A broken template
    raises ``RenderError`` (``render.docx``) before any step sees anything.
    """
    markers = Markers() if marked else None
    doc = load_template(template)
    render_template(template, doc, context, markers.env if markers is not None else jinja_env())
    document = Rendered(name or template.name, template, doc, markers.locs if markers is not None else None)
    for step in steps:
        step.rendered(document)
    if markers is not None:
        strip_marks(doc)
    typeset(doc)
    for step in steps:
        step.finished(document)
    return doc


def save_document(doc: DocxTemplate, out: Path) -> None:
    """Write a rendered document; an ``OSError`` (a full disk) is the caller's to report."""
    save_zipped(doc.save, out)
