"""The 汇总表 a 州市 department sends: many applications, one row each, and what to tell about it.

``yn-forms summary`` and the 汇总表 dialog both write through ``write_summary_file`` and tell
the clerk from what it returns (``SummaryWritten``): the file, the rows on each sheet, whether
the 初审 sheet was added, and each value too long for an Excel cell — written cut — named by the
file it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from yn_forms.catalog import entry
from yn_forms.core.batch import BatchItem
from yn_forms.core.formdef import FormDefinition
from yn_forms.core.validation import lenient_model
from yn_forms.render.output import OutputError, save_zipped, write_all
from yn_forms.render.screening_sheet import Section
from yn_forms.render.templates import template_path


@dataclass(frozen=True)
class PartRows:
    """Another form's applications listed on a sheet of their own (``Summary.parts``)."""

    sheet: str
    name: str  # the form's name, as the catalogue gives it
    rows: int

    @property
    def note(self) -> str:
        return f"{self.rows} 份“{self.name}”列在“{self.sheet}”工作表"


@dataclass
class SummaryWritten:
    """What writing a 汇总表 did: where it is, what it lists, what it had to cut."""

    path: Path
    rows: int  # applications listed, on every sheet
    parts: list[PartRows] = field(default_factory=list)  # the other forms' sheets that list any
    cut_notes: list[str] = field(default_factory=list)  # each value written cut to fit its cell
    screened: bool = False  # a sheet 初审 lists the applications judged (alone, for a form without a 汇总表)


def summary_rows(form: FormDefinition, models: Sequence[BaseModel], part: str | None = None) -> list[list[str]]:
    """The cells of each application's row; *part* names another form listed on a sheet of its own."""
    assert form.summary is not None
    found = form.summary.part(part) if part is not None else None
    columns = found.columns if found is not None else form.summary.columns
    return [[str(col.value(m) or "") for col in columns] for m in models]


Application = BatchItem | dict[str, Any] | BaseModel  # one row of the 汇总表 (see ``write_summary_file``)
Row = tuple[BaseModel | list[str], str]  # a row's model, or its cells worked out as it was read; how it is named


def _rows_by_form(form: FormDefinition, applications: Sequence[Application]) -> dict[str, list[Row]]:
    """Each application's model or cells and how the clerk knows it (its file, else its row), by the form it is
    listed as."""
    found: dict[str, list[Row]] = {}
    for application in applications:
        if isinstance(application, BatchItem):
            kept = application.cells if application.cells is not None else application.model
            if not application.skipped and kept is not None and application.form_id is not None:
                found.setdefault(application.form_id, []).append((kept, application.shown))
            continue
        model = application if isinstance(application, BaseModel) else lenient_model(form, application)[0]
        own = found.setdefault(form.id, [])
        own.append((model, f"第{len(own) + 1}份申报"))
    return found


def _cells(form: FormDefinition, rows: list[Row], part: str | None) -> list[list[str]]:
    models = [kept for kept, _ in rows if isinstance(kept, BaseModel)]
    computed = iter(summary_rows(form, models, part))
    return [kept if isinstance(kept, list) else next(computed) for kept, _ in rows]


def screening_output(form: FormDefinition) -> str:
    """The file name of the workbook a form without a 汇总表 gets: its 初审 alone."""
    return f"{form.name}初审表.xlsx"


def _sections(form: FormDefinition, applications: Sequence[Application]) -> list[Section]:
    """The judged applications by form, the form's own first, each as the catalogue names it."""
    judged = [a for a in applications if isinstance(a, BatchItem) and not a.skipped and a.screening is not None]
    forms = [form.id, *(part.form_id for part in form.summary.parts)] if form.summary else [form.id]
    return [Section(entry(form_id).name, [a for a in judged if a.form_id == form_id]) for form_id in forms
            if form_id == form.id or any(a.form_id == form_id for a in judged)]


def write_summary_file(form: FormDefinition, applications: Sequence[Application], out: Path, *, department: str = "",
                       filler: str = "", on: date | None = None, templates_dir: Path | None = None) -> SummaryWritten:
    """The 汇总表 of *applications*, one row each, written atomically to *out*.

    An application read by ``core.batch`` (a ``BatchItem``) keeps the model its validation
    built (or, read by ``render.desk``, its row's cells) and is listed on the sheet of the form
    it was read as — *form*'s own, or another form's that the 汇总表 lists too (``Summary.parts``:
    the 方阵's 数字三品 cases), each sheet numbered from 1 — and a value of it cut to fit its cell
    is named by its file. Data or a model is one of *form*'s own applications, named by its row.

    Items judged at the desk (their ``screening`` set) are listed again on a sheet 初审, in the same
    order, with the skipped items below them; each 汇总表 row then says where it came from, outside
    the print area. A form without a 汇总表 (the 创新联合体) gets the 初审 alone.
    """
    when = on or date.today()
    sections = _sections(form, applications)
    judged = any(section.items for section in sections)
    skipped = [a for a in applications if isinstance(a, BatchItem) and a.skipped]

    def screening(wb: Any) -> None:
        from yn_forms.render.screening_sheet import add_screening_sheet

        add_screening_sheet(wb, form.name, sections, skipped, department=department, on=when)

    if form.summary is None:
        if not judged:
            raise OutputError(f"表单“{form.name}”没有汇总表")

        def alone(tmp: Path) -> None:
            from openpyxl import Workbook

            wb = Workbook()
            wb.remove(wb.active)
            screening(wb)
            save_zipped(wb.save, tmp)

        write_all([(Path(out), alone)])
        return SummaryWritten(Path(out), sum(len(s.items) for s in sections), screened=True)
    by_form = _rows_by_form(form, applications)
    template = template_path(form.id, form.summary.template, templates_dir)
    placeholders = {"department": department, "filler": filler,
                    "date": f"{when.year}年{when.month}月{when.day}日"}
    sheets = [form.id, *(part.form_id for part in form.summary.parts)]
    rows = [by_form.get(form_id, []) for form_id in sheets]
    sources = [[name for _, name in sheet] for sheet in rows] if judged else None
    cuts: list[Any] = []

    def writer(tmp: Path) -> None:
        from yn_forms.render.xlsx import write_summary  # openpyxl (and numpy through it): not for ``fill``

        parts = [(part.sheet, _cells(form, sheet, part.form_id))
                 for part, sheet in zip(form.summary.parts, rows[1:], strict=True)]
        cuts[:] = write_summary(template, _cells(form, rows[0], None), tmp, placeholders, parts,  # the last try's
                                sources=sources, finish=screening if judged else None)

    write_all([(Path(out), writer)])
    notes = []
    for cut in cuts:
        named = by_form.get(sheets[cut.part], []) if cut.part < len(sheets) else []
        notes.append(cut.describe(named[cut.index][1] if cut.index < len(named) else f"第{cut.index + 1}份申报"))
    parts = [PartRows(part.sheet, entry(part.form_id).name, len(sheet))
             for part, sheet in zip(form.summary.parts, rows[1:], strict=True) if sheet]
    return SummaryWritten(Path(out), sum(len(sheet) for sheet in rows), parts, notes, screened=judged)
