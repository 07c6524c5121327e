"""From a form's data to its official documents: the one production path every front end takes.

``produce`` is what ``yn-forms fill``, the wizard's 生成申报材料 and 预览 call; each tells what it
returns in its own way (stderr; the result dialog; the preview). On the way:

1. the templates in use are found (``render.templates``) and, where one is replaced, verified
   against the form once (``render.contract.verify_templates``): a broken one is refused before
   anything is written, and the fields no template prints any more are listed;
2. each document is rendered once (``render.steps.render_document``) and shown to the steps as
   rendered and as typeset — the fit check (``render.fit``) and the layout check
   (``render.layout``) read it there — then all are written, or none (``render.output``);
3. the steps that work on the written files run: the PDFs and their fonts (``PdfStep``).

What the checks and products find comes back in the result (``Produced``), never through lists
handed in to be filled. A later product (the bound submission pack, a 州市 desk reading the Word
files) is one more ``Step`` handed to ``produce``, not another chain. Progress (*report*) and a
request to stop (*stop*) pass through, as ``gui.tasks.run_task`` gives them.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from yn_forms.core.formdef import FormDefinition
from yn_forms.core.problems import Problem
from yn_forms.core.validation import Judgement, judge
from yn_forms.render.context import build_context
from yn_forms.render.contract import ReplacementCheck, TemplateVariable, check_replacement, verify_templates
from yn_forms.render.docx import RenderError, TemplateUnreadable
from yn_forms.render.fit import FitCheck
from yn_forms.render.layout import LayoutCheck, LayoutFinding
from yn_forms.render.marks import marked_context
from yn_forms.render.output import together, write_all
from yn_forms.render.steps import Report, Step, Stop, Written, render_document, save_document
from yn_forms.render.templates import TemplateSource, document_templates

if TYPE_CHECKING:  # the PDFs' and fonts' modules are imported by the production that asks for PDFs
    from yn_forms.render.fonts import FontReport

S = TypeVar("S", bound=Step)


class Cancelled(Exception):
    """Whoever started the production asked it to stop before the Word files were in place: none was written."""

    def __init__(self) -> None:
        super().__init__("已取消，没有生成任何文件。")


class PdfStep(Step):
    """The PDFs of the written Word files, in one LibreOffice call, and what LibreOffice will print
    them with (``render.fonts``: substituted fonts, empty boxes).

    The Word files are in place by then, so LibreOffice missing or a conversion failing is a
    ``note``, not a failure of the production; so is a stop asked before LibreOffice starts.
    """

    def __init__(self, soffice: str | os.PathLike[str] | None = None) -> None:
        self.soffice = soffice
        self.pdfs: list[Path] = []
        self.fonts: FontReport | None = None  # None: LibreOffice was not found, nothing was checked
        self.note = ""  # why there are no PDFs, when there are none

    def written(self, files: Written) -> None:
        from yn_forms.render import pdf
        from yn_forms.render.fonts import font_report

        try:
            soffice = pdf.require_soffice(self.soffice)
            self.fonts = font_report(files.documents)
            if files.stopped():
                self.note = "已取消。"
                return
            self.pdfs = pdf.convert_to_pdf(files.documents, files.folder, soffice=soffice)
        except pdf.PdfError as exc:
            self.note = str(exc)


@dataclass
class Produced:
    """What one production wrote and found; every front end tells the clerk from this."""

    folder: Path
    documents: list[Path]  # the Word files, in document order
    templates: list[TemplateSource]  # the template of each document, in the same order
    lost: list[TemplateVariable]  # fields no template in use prints (a replaced template dropped them)
    steps: list[Step]

    def of(self, kind: type[S]) -> S | None:
        """The step of that kind the production ran, with what it found; None when it did not run."""
        return next((step for step in self.steps if isinstance(step, kind)), None)

    @property
    def replaced(self) -> bool:
        """Whether a template of the clerk's own was used (then every document's template is named)."""
        return not all(source.builtin for source in self.templates)

    @property
    def fit(self) -> list[Problem]:
        """Values wider than their single-line cell (``render.fit``)."""
        check = self.of(FitCheck)
        return check.problems() if check is not None else []

    @property
    def layout(self) -> list[LayoutFinding]:
        """Empty pages and stray blank rows (``render.layout``)."""
        check = self.of(LayoutCheck)
        return list(check.found) if check is not None else []

    @property
    def pdfs(self) -> list[Path]:
        step = self.of(PdfStep)
        return list(step.pdfs) if step is not None else []

    @property
    def pdf_note(self) -> str:
        """Why the PDFs asked for were not made ("" when they were, or were not asked for)."""
        step = self.of(PdfStep)
        return step.note if step is not None else ""

    @property
    def fonts(self) -> FontReport | None:
        """The fonts LibreOffice prints the PDFs with; None without PDFs asked for, or without LibreOffice."""
        step = self.of(PdfStep)
        return step.fonts if step is not None else None


def produce(form: FormDefinition, data: dict[str, Any], folder: Path, *, templates_dir: Path | None = None,
            judgement: Judgement | None = None, pdf: bool = False, soffice: str | os.PathLike[str] | None = None,
            checks: bool = True, steps: Sequence[Step] = (), report: Report | None = None,
            stop: Stop | None = None) -> Produced:
    """Write every document of *form* into *folder* — and, with *pdf*, their PDFs — and say what was found.

    *checks*: the fit and layout checks ride on the render (off: the documents alone). *steps*
    run after the path's own, in order. A caller that has validated *data* already passes its
    *judgement* (``core.validation.judge``) rather than have it judged twice.

    Raises ``TemplateMissing``, ``RenderError`` (a replaced template refused, with its
    ``TemplateBroken``, ``TemplateUnreadable``…) and ``OutputError`` before any file is in place,
    and ``Cancelled`` when *stop* says so before the Word files are in place.
    """
    folder = Path(folder)
    stopped: Stop = stop or (lambda: False)
    told: Report = report or (lambda _done, _total: None)
    chain: list[Step] = [*([FitCheck(form), LayoutCheck()] if checks else []), *([PdfStep(soffice)] if pdf else []),
                         *steps]
    sources = document_templates(form, templates_dir)
    lost = verify_templates(form, sources)
    if judgement is None:
        judgement = judge(form, data)  # places that repeat a fact print its value (core.links)
    context, marked = _context(form, judgement, any(step.marks for step in chain))
    total = len(sources) + sum(step.works_on_files for step in chain)
    done = 0
    told(done, total)

    def writer(source: TemplateSource, name: str) -> Callable[[Path], None]:
        def write(temp: Path) -> None:
            nonlocal done
            if stopped():
                raise Cancelled()
            save_document(render_document(source.path, context, chain, name=name, marked=marked), temp)
            done += 1
            told(done, total)
        return write

    with together():  # the Word files and their PDFs (or the pack): a kill before the end undoes them all
        written = write_all([(folder / document.output, writer(source, document.output))
                             for document, source in zip(form.documents, sources, strict=True)])
        files = Written(written, folder, stopped, data)
        for step in chain:
            if step.works_on_files:
                step.written(files)
                done += 1
                told(done, total)
    return Produced(folder, written, sources, lost, chain)


def fill_documents(form: FormDefinition, data: dict[str, Any], out_dir: Path, templates_dir: Path | None = None,
                   judgement: Judgement | None = None) -> list[Path]:
    """The Word files of *form* in *out_dir*, and nothing else: ``produce`` without its checks."""
    return produce(form, data, out_dir, templates_dir=templates_dir, judgement=judgement, checks=False).documents


def _context(form: FormDefinition, judgement: Judgement, marks: bool) -> tuple[dict[str, Any], bool]:
    """The template context of *judgement*, marked when *marks* asks and the data allows (``render.marks``)."""
    context = build_context(form, judgement.model, judgement.resolution.data, judgement.errors)
    marked = marked_context(form, context) if marks else None
    return (marked, True) if marked is not None else (context, False)


def check_replacement_renders(form: FormDefinition, file: Path, templates_dir: Path | None = None) -> ReplacementCheck:
    """``check-template``: the contract check, then *file* rendered with the form's example the way
    ``fill`` renders it (the sandbox, its budget, the check of what it wrote, the fit check).

    A template that only fails when it runs — Python internals reached through a format string,
    a loop or a number too large — is approved by no reading of its tags; rendering it is the only
    way for the verdict to be ``fill``'s. Raises ``TemplateUnreadable`` (and its ``TemplateUnsafe``)
    as ``fill`` would refuse the file before rendering; other render errors are listed as errors.
    """
    from yn_forms.render.fit_labels import LabelCheck

    result = check_replacement(form, file, templates_dir)
    if result.summary_template or result.replaces is None or result.errors:
        return result
    check, labels = FitCheck(form), LabelCheck()
    context, marked = _context(form, judge(form, form.example()), marks=True)
    with tempfile.TemporaryDirectory(prefix="yn-check-") as folder:
        try:
            save_document(render_document(file, context, [check, labels], marked=marked),
                          Path(folder) / "check.docx")
        except TemplateUnreadable:
            raise
        except RenderError as exc:
            result.errors.append(str(exc))
            return result
    result.hints = [f"按示例数据，“{p.title}”{p.message}" for p in check.problems()]
    result.hints += [f"标签排版：{found.message}" for found in labels.found]
    return result
