"""From a form's data to its official documents: the one path the CLI and the GUI share."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from yn_forms.core.batch import BatchItem, items_by_form
from yn_forms.core.formdef import FormDefinition
from yn_forms.core.problems import Problem
from yn_forms.core.validation import Judgement, judge, lenient_model
from yn_forms.render.context import build_context
from yn_forms.render.contract import ReplacementCheck, check_replacement, verify_templates
from yn_forms.render.docx import RenderError, TemplateUnreadable, render_docx
from yn_forms.render.fit import FitCheck
from yn_forms.render.output import OutputError, write_all
from yn_forms.render.templates import document_templates, template_path

if TYPE_CHECKING:  # openpyxl is imported when a 汇总表 is written, not for ``fill``
    from yn_forms.render.xlsx import CutCell


def fill_documents(form: FormDefinition, data: dict[str, Any], out_dir: Path,
                   templates_dir: Path | None = None, fit: list[Problem] | None = None,
                   judgement: Judgement | None = None, layout: list[tuple[str, str]] | None = None) -> list[Path]:
    """Write every document of *form* into *out_dir*; returns their paths.

    A replaced template (user folder or *templates_dir*) is checked against the
    form first and refused with ``RenderError`` before anything is written. Given a
    *fit* list, the fit-before-print warnings (``render.fit``) are added to it, found on
    the same render that writes each document; given a *layout* list, (file name, sentence)
    for each empty page and stray blank row (``render.fit.layout_problems``), read from each
    document as it is saved. A caller that has validated *data* already
    passes its *judgement* (``core.validation.judge``) rather than have it judged twice.
    """
    if judgement is None:
        judgement = judge(form, data)  # places that repeat a fact print its value (core.links)
    context = _context(form, judgement)
    sources = document_templates(form, templates_dir)
    verify_templates(form, sources)
    check = FitCheck(form, context) if fit is not None or layout is not None else None
    jobs = []
    for document, source in zip(form.documents, sources, strict=True):

        def writer(tmp: Path, template: Path = source.path, name: str = document.output) -> None:
            if check is not None:
                check.render(template, tmp, name)
            else:
                render_docx(template, context, tmp)

        jobs.append((Path(out_dir) / document.output, writer))
    written = write_all(jobs)
    if check is not None and fit is not None:
        fit.extend(check.problems())
    if check is not None and layout is not None:
        layout.extend(check.layout)
    return written


def _context(form: FormDefinition, judgement: Judgement) -> dict[str, Any]:
    return build_context(form, judgement.model, judgement.resolution.data, judgement.errors)


def check_replacement_renders(form: FormDefinition, file: Path, templates_dir: Path | None = None) -> ReplacementCheck:
    """``check-template``: the contract check, then *file* rendered with the form's example the way
    ``fill`` renders it (the sandbox, its budget, the check of what it wrote, the fit check).

    A template that only fails when it runs — Python internals reached through a format string,
    a loop or a number too large — is approved by no reading of its tags; rendering it is the only
    way for the verdict to be ``fill``'s. Raises ``TemplateUnreadable`` (and its ``TemplateUnsafe``)
    as ``fill`` would refuse the file before rendering; other render errors are listed as errors.
    """
    result = check_replacement(form, file, templates_dir)
    if result.summary_template or result.replaces is None or result.errors:
        return result
    check = FitCheck(form, _context(form, judge(form, form.example())))
    with tempfile.TemporaryDirectory(prefix="yn-check-") as folder:
        try:
            check.render(file, Path(folder) / "check.docx")
        except TemplateUnreadable:
            raise
        except RenderError as exc:
            result.errors.append(str(exc))
            return result
    result.hints = [f"按示例数据，“{p.title}”{p.message}" for p in check.problems()]
    return result


def summary_rows(form: FormDefinition, models: Sequence[BaseModel], part: str | None = None) -> list[list[str]]:
    """The cells of each application's row; *part* names another form listed on a sheet of its own."""
    assert form.summary is not None
    found = form.summary.part(part) if part is not None else None
    columns = found.columns if found is not None else form.summary.columns
    return [[str(col.value(m) or "") for col in columns] for m in models]


def write_summary_file(form: FormDefinition, datas: Sequence[dict[str, Any] | BaseModel], out: Path, *,
                       department: str = "", filler: str = "", on: date | None = None,
                       templates_dir: Path | None = None,
                       parts: Mapping[str, Sequence[BaseModel]] | None = None,
                       cut: list[CutCell] | None = None) -> Path:
    """The 汇总表 of *datas*, one row each, written atomically to *out*.

    An item may be a model already built (``core.batch.load_many`` keeps the one
    validation made), so a summary of many applications builds each model once.
    *parts* holds the models of the other forms the 汇总表 lists (``Summary.parts``: the
    方阵's 数字三品 cases), by form id; each part fills its own sheet, numbered from 1.
    *cut* receives the values too long for an Excel cell, written cut (``render.xlsx.CutCell``).
    """
    if form.summary is None:
        raise OutputError(f"表单“{form.name}”没有汇总表")
    models = [d if isinstance(d, BaseModel) else lenient_model(form, d)[0] for d in datas]
    rows = summary_rows(form, models)
    when = on or date.today()
    template = template_path(form.id, form.summary.template, templates_dir)
    placeholders = {"department": department, "filler": filler,
                    "date": f"{when.year}年{when.month}月{when.day}日"}

    sheets = [(part.sheet, summary_rows(form, (parts or {}).get(part.form_id, ()), part.form_id))
              for part in form.summary.parts]

    def writer(tmp: Path) -> None:
        from yn_forms.render.xlsx import write_summary  # openpyxl (and numpy through it): not for ``fill``

        cuts = write_summary(template, rows, tmp, placeholders, sheets)
        if cut is not None:
            cut[:] = cuts  # the last attempt's, should the writer be run again

    write_all([(Path(out), writer)])
    return Path(out)


def cut_notes(form: FormDefinition, items: Iterable[BatchItem], cuts: Iterable[CutCell]) -> list[str]:
    """What the clerk is told of each value cut to fit its cell, the application named by its file —
    the one they would open to shorten it. *items* are those the 汇总表 was written from."""
    sheets = [form.id, *(part.form_id for part in (form.summary.parts if form.summary else ()))]
    rows = items_by_form(items)
    notes = []
    for cut in cuts:
        used = rows.get(sheets[cut.part], []) if cut.part < len(sheets) else []
        notes.append(cut.describe(used[cut.index].path.name if cut.index < len(used) else f"第{cut.index + 1}份申报"))
    return notes
