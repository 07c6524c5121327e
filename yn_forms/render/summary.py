"""The 汇总表 a 州市 department sends: many applications, one row each, and what to tell about it.

``yn-forms summary`` and the 汇总表 dialog both write through ``write_summary_file`` and tell
the clerk from what it returns (``SummaryWritten``): the file, the rows on each sheet, and
each value too long for an Excel cell — written cut — named by the file it came from.
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
from yn_forms.render.output import OutputError, write_all
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


def summary_rows(form: FormDefinition, models: Sequence[BaseModel], part: str | None = None) -> list[list[str]]:
    """The cells of each application's row; *part* names another form listed on a sheet of its own."""
    assert form.summary is not None
    found = form.summary.part(part) if part is not None else None
    columns = found.columns if found is not None else form.summary.columns
    return [[str(col.value(m) or "") for col in columns] for m in models]


Application = BatchItem | dict[str, Any] | BaseModel  # one row of the 汇总表 (see ``write_summary_file``)


def _rows_by_form(form: FormDefinition, applications: Sequence[Application]) -> dict[str, list[tuple[BaseModel, str]]]:
    """Each application's model and how the clerk knows it (its file, else its row), by the form it is listed as."""
    found: dict[str, list[tuple[BaseModel, str]]] = {}
    for application in applications:
        if isinstance(application, BatchItem):
            if not application.skipped and application.model is not None and application.form_id is not None:
                found.setdefault(application.form_id, []).append((application.model, application.path.name))
            continue
        model = application if isinstance(application, BaseModel) else lenient_model(form, application)[0]
        own = found.setdefault(form.id, [])
        own.append((model, f"第{len(own) + 1}份申报"))
    return found


def write_summary_file(form: FormDefinition, applications: Sequence[Application], out: Path, *, department: str = "",
                       filler: str = "", on: date | None = None, templates_dir: Path | None = None) -> SummaryWritten:
    """The 汇总表 of *applications*, one row each, written atomically to *out*.

    An application read by ``core.batch`` (a ``BatchItem``) keeps the model its validation
    built and is listed on the sheet of the form it was read as — *form*'s own, or another
    form's that the 汇总表 lists too (``Summary.parts``: the 方阵's 数字三品 cases), each sheet
    numbered from 1 — and a value of it cut to fit its cell is named by its file. Data or a
    model is one of *form*'s own applications, named by its row. Skipped files are left out.
    """
    if form.summary is None:
        raise OutputError(f"表单“{form.name}”没有汇总表")
    by_form = _rows_by_form(form, applications)
    when = on or date.today()
    template = template_path(form.id, form.summary.template, templates_dir)
    placeholders = {"department": department, "filler": filler,
                    "date": f"{when.year}年{when.month}月{when.day}日"}
    sheets = [form.id, *(part.form_id for part in form.summary.parts)]
    rows = [[model for model, _ in by_form.get(form_id, [])] for form_id in sheets]
    cuts: list[Any] = []

    def writer(tmp: Path) -> None:
        from yn_forms.render.xlsx import write_summary  # openpyxl (and numpy through it): not for ``fill``

        parts = [(part.sheet, summary_rows(form, models, part.form_id))
                 for part, models in zip(form.summary.parts, rows[1:], strict=True)]
        cuts[:] = write_summary(template, summary_rows(form, rows[0]), tmp, placeholders, parts)  # the last try's

    write_all([(Path(out), writer)])
    notes = []
    for cut in cuts:
        named = by_form.get(sheets[cut.part], []) if cut.part < len(sheets) else []
        notes.append(cut.describe(named[cut.index][1] if cut.index < len(named) else f"第{cut.index + 1}份申报"))
    parts = [PartRows(part.sheet, entry(part.form_id).name, len(models))
             for part, models in zip(form.summary.parts, rows[1:], strict=True) if models]
    return SummaryWritten(Path(out), sum(len(models) for models in rows), parts, notes)
