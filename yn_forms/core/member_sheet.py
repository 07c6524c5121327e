"""The member list from an Excel sheet: a lead unit that already keeps its units in a spreadsheet types nothing twice.

The sheet's header row holds the item's official labels (any of them, in any
order; ``write_members_template`` writes an empty one with a 填写说明 sheet).
Each row becomes one item of the list. Every value is imported as the cell shows
it — also a wrong one, because a digit to correct in the wizard is less work than
a cell to retype — and every problem is reported with its row and column, so the
clerk can find the cell in Excel as well as the field in the wizard. What cannot
be imported at all (a column nobody knows, an empty row) is reported or skipped.

This is the other way, besides 数据包 (``core.packets``), of filling a member list
without retyping; it shares the list lookup and the checks of the wizard with it.
"""

from __future__ import annotations

import copy
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from yn_forms.core.datapath import get_at, set_at
from yn_forms.core.draft import atomic_write
from yn_forms.core.fields import YearValue, field_meta, field_options, scalar_type
from yn_forms.core.formdef import FormDefinition, is_list, model_of
from yn_forms.core.inputfile import MISSING, InputFileError, read_regular
from yn_forms.core.items import ItemLookupError, item_index, list_node
from yn_forms.core.kinds import SECTIONS, kind_of, shape_of
from yn_forms.core.validation import OTHER_OPTIONS, validate
from yn_forms.core.years import last_three_years

#: how many rows are searched for the header (a title or a note may stand above it)
HEADER_SEARCH_ROWS = 20
#: a typed value longer than this is not repeated in a problem line
MAX_SHOWN_VALUE = 30


class SheetError(Exception):
    """A sheet that cannot be imported at all; the message says why, in Chinese, and nothing was changed."""


@dataclass(frozen=True)
class Column:
    """One column of the member sheet: a field of the item (a 近三年 figure has one per year)."""

    header: str
    path: str  # pointer inside the item
    info: FieldInfo
    year: int | None = None


@dataclass(frozen=True)
class SheetProblem:
    """A cell to check, named as Excel names it (第3行 C列) so the clerk finds it in the sheet too."""

    row: int  # as Excel numbers it
    label: str  # the column's header; empty for a problem of the whole row
    message: str
    severity: str = "error"
    column: str = ""  # the column's letter
    value: str = ""  # what the cell held, when the message alone does not show it

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f" {self.column}列" if self.column else "")
        if self.label:
            where += f"（{self.label}）" if self.column else f" {self.label}"
        shown = f"“{self.value}”" if self.value and len(self.value) <= MAX_SHOWN_VALUE else ""
        return f"{where}{shown}：{self.message}"


def item_model(form: FormDefinition, list_pointer: str) -> type[BaseModel]:
    """The model of one row: the item of the member list at *list_pointer*."""
    try:
        model = model_of(list_node(form, list_pointer).annotation)
    except ItemLookupError:
        model = None
    if model is None:
        raise SheetError(f"“{list_pointer}”不是可以从表格导入的列表")
    return model


def _leaves(model: type[BaseModel], base: str = "", context: str = "") -> Iterator[tuple[str, str, str, FieldInfo]]:
    """(pointer inside the item, title, section title, info) of every answer of the item, in printed order."""
    for name, info in model.model_fields.items():
        sub = model_of(info.annotation)
        if sub is not None and not is_list(info.annotation):
            yield from _leaves(sub, f"{base}/{name}", info.title or name)
        else:
            yield f"{base}/{name}", info.title or name, context, info


def sheet_columns(model: type[BaseModel], years: list[int] | None = None) -> list[Column]:
    """The columns a member sheet may have: one per answer, titled with its official label."""
    years = years or last_three_years()
    # a list of sections is no cell, except 近三年: one column a year
    leaves = [leaf for leaf in _leaves(model) if shape_of(leaf[3]) != SECTIONS or kind_of(leaf[3]).per_year]
    titles = [title for _, title, _, _ in leaves]
    columns: list[Column] = []
    for path, title, context, info in leaves:
        header = f"{context}·{title}" if titles.count(title) > 1 and context else title
        if kind_of(info).per_year:
            columns += [Column(f"{header} {y}年", path, info, y) for y in years]
        else:
            columns.append(Column(header, path, info))
    return columns


def _normal(text: str) -> str:
    """A header or option as compared: full-width and half-width alike, spaces ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _match_column(header: str, columns: list[Column]) -> Column | None:
    wanted = _normal(header)
    for column in columns:
        if _normal(column.header) == wanted:
            return column
    year = re.search(r"(\d{4})\s*年?\s*$", header)
    if year:  # a 近三年 column of another set of years: same figure, the year it says
        stem = _normal(header[: year.start()])
        for column in columns:
            if column.year is not None and _normal(column.header).startswith(stem) and stem:
                return Column(header, column.path, column.info, int(year.group(1)))
    return None


def _as_option(text: str, options: list[str]) -> str:
    """The official spelling of an option typed with other widths, spaces or 其他/其它; else the text as typed."""
    def key(value: str) -> str:
        value = _normal(value)
        for other in OTHER_OPTIONS:
            value = value.replace(other, OTHER_OPTIONS[0])
        return value

    wanted = key(text)
    return next((option for option in options if key(option) == wanted), text)


def _number_text(value: int | float | Decimal) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return format(Decimal(str(value)), "f")


def _cell_value(raw: Any, info: FieldInfo) -> Any:
    """The JSON value the wizard would have stored for what the cell shows (the field's kind reads its
    text); what cannot be read is kept as text."""
    kind = kind_of(info)
    if isinstance(raw, datetime | date):
        text = kind.sheet_day(raw)
    elif isinstance(raw, bool):
        text = "是" if raw else "否"
    elif isinstance(raw, int | float | Decimal):
        if scalar_type(info.annotation) is int and float(raw).is_integer():
            return int(raw)
        text = _number_text(raw)
    else:
        text = str(raw)
    value = kind.from_sheet(text)
    options = field_options(info) if kind.chosen else []
    if not options:
        return value
    if isinstance(value, list):
        return [_as_option(str(part), options) for part in value]
    return _as_option(value, options) if isinstance(value, str) else value


def _load_sheet(path: Path) -> tuple[Any, Any]:
    """The first sheet twice: with the values Excel calculated, and with the formulas as written."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    name = Path(path).name
    try:
        raw = read_regular(Path(path))  # a pipe named as the sheet would hang openpyxl's open
    except InputFileError as exc:
        if exc.kind == MISSING:
            raise SheetError(f"找不到表格：{path}") from None
        raise SheetError(f"无法读取表格“{name}”：{exc.reason}") from None
    try:
        values = load_workbook(io.BytesIO(raw), data_only=True, read_only=False)
        formulas = load_workbook(io.BytesIO(raw), data_only=False, read_only=False)
    except (InvalidFileException, OSError, KeyError, ValueError, TypeError) as exc:
        raise SheetError(f"无法读取表格“{name}”：不是有效的 .xlsx 文件（{type(exc).__name__}）。"
                         "如为 .xls 或 WPS 格式，请先另存为 Excel 工作簿（.xlsx）") from None
    except Exception as exc:  # zipfile.BadZipFile and friends: a damaged file, never a crash
        raise SheetError(f"表格“{name}”已损坏，无法读取（{type(exc).__name__}）") from None
    return values.active, formulas.active


def _shown(value: Any) -> str:
    """A cell's content as the clerk sees it in Excel, for a problem line."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        return _number_text(value)
    return str(value).strip()


def import_members_xlsx(form: FormDefinition, list_pointer: str, path: Path,
                        data: dict[str, Any] | None = None) -> tuple[list[dict[str, Any]], list[SheetProblem]]:
    """New items from a sheet whose header row holds the item's labels (any of them, in any order).

    Blank rows are skipped, and so are columns that are not the item's. Every value
    is imported as typed, also a wrong one: the problems name the row, column and
    field so the clerk can correct it in the wizard, where it is flagged again.
    The rows are checked inside *data* (the lead's draft), appended to the list as
    they will be, so a rule that compares with the rest of the application (a unit
    not named in 表1) speaks of the real application; without *data*, inside an
    empty one.
    """
    from openpyxl.utils import get_column_letter

    model = item_model(form, list_pointer)
    columns = sheet_columns(model)
    sheet, formulas = _load_sheet(path)
    rows = list(sheet.iter_rows(values_only=True))
    formula_rows = list(formulas.iter_rows(values_only=True))
    header_row, found = None, {}
    problems: list[SheetProblem] = []
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {c: column for c, cell in enumerate(row)
                 if isinstance(cell, str) and (column := _match_column(cell, columns)) is not None}
        if found:
            header_row = r
            for c, cell in enumerate(row):
                if c not in found and cell is not None and str(cell).strip():
                    problems.append(SheetProblem(r + 1, "", f"未识别的列“{str(cell).strip()}”，这一列没有导入",
                                                 "warning", get_column_letter(c + 1)))
            break
    if header_row is None:
        expected = "、".join(c.header for c in columns[:6])
        raise SheetError(f"表格“{Path(path).name}”中找不到表头：第一行应为表中的栏目名称，如 {expected} 等。"
                         "可先导出模板再填写")
    items: list[dict[str, Any]] = []
    sources: list[tuple[int, dict[str, tuple[int, str]]]] = []  # per item: its row, and per field its cell
    for r in range(header_row + 1, len(rows)):
        row = rows[r]
        cells: dict[int, Any] = {}
        for c in found:
            value = row[c] if c < len(row) else None
            formula = formula_rows[r][c] if r < len(formula_rows) and c < len(formula_rows[r]) else None
            if value is None and isinstance(formula, str) and formula.startswith("="):
                value = formula  # a formula Excel never calculated: kept as written, and reported
                problems.append(SheetProblem(r + 1, found[c].header, "单元格是没有计算结果的公式，已按原文导入",
                                             column=get_column_letter(c + 1), value=formula))
            if value is not None and not (isinstance(value, str) and not value.strip()):
                cells[c] = value
        if not cells:
            continue
        item = model().model_dump(mode="json")
        filled: dict[str, tuple[int, str]] = {}
        year_values: dict[str, dict[int, Any]] = {}
        for c, value in cells.items():
            column = found[c]
            if column.year is not None:
                year_value = _cell_value(value, YearValue.model_fields["value"])  # that year's amount
                year_values.setdefault(column.path, {})[column.year] = (
                    str(year_value) if isinstance(year_value, int) else year_value)
            else:
                set_at(item, column.path, _cell_value(value, column.info))
            filled.setdefault(column.path, (c, _shown(value)))
        for field_path, by_year in year_values.items():
            current = get_at(item, field_path) or []
            years = sorted({v.get("year") for v in current if isinstance(v, dict)} | set(by_year))
            set_at(item, field_path, [{"year": y, "value": by_year.get(y)} for y in years])
            for i, year in enumerate(years):  # a year's problem belongs in that year's cell, also an empty one
                c = next((c for c, col in found.items() if col.path == field_path and col.year == year), None)
                if c is not None:
                    filled[f"{field_path}/{i}"] = (c, _shown(row[c]) if c < len(row) and row[c] is not None else "")
        items.append(item)
        sources.append((r + 1, filled))
    problems += _row_problems(form, list_pointer, data, items, sources, found)
    return items, problems


def _row_problems(form: FormDefinition, list_pointer: str, data: dict[str, Any] | None,
                  items: list[dict[str, Any]], sources: list[tuple[int, dict[str, tuple[int, str]]]],
                  found: dict[int, Column]) -> list[SheetProblem]:
    """The wizard's problems of the imported rows, in the cells they come from (one validation for all rows)."""
    from openpyxl.utils import get_column_letter

    if not items:
        return []
    document = copy.deepcopy(data) if data is not None else form.model().model_dump(mode="json")
    existing = get_at(document, list_pointer)
    existing = list(existing) if isinstance(existing, list) else []
    set_at(document, list_pointer, [*existing, *copy.deepcopy(items)])
    problems: list[SheetProblem] = []
    for problem in validate(form, document):
        number = item_index(list_pointer, problem.path)
        if number is None or not len(existing) <= number < len(existing) + len(items):
            continue
        row, filled = sources[number - len(existing)]
        inner = problem.path[len(f"{list_pointer}/{number}"):]
        where = max((p for p in filled if inner == p or inner.startswith(p + "/")), key=len, default=None)
        if where is None:  # a field the sheet did not fill: the wizard shows it, the import report does not
            continue
        c, shown = filled[where]
        header = found[c].header
        label = header.rsplit(" ", 1)[0] if found[c].year is not None else header
        problems.append(SheetProblem(row, label, problem.message, problem.severity, get_column_letter(c + 1),
                                     shown))
    problems.sort(key=lambda p: p.row)
    return problems


def _help_line(column: Column) -> str:
    meta, kind = field_meta(column.info), kind_of(column.info)
    parts = []
    if meta.get("required"):
        parts.append("必填")
    if kind.sheet_hint:
        parts.append(kind.sheet_hint.format(options="、".join(field_options(column.info))))
    if meta.get("unit"):
        parts.append(f"单位：{meta['unit']}")
    return "；".join(parts)


def write_members_template(form: FormDefinition, list_pointer: str, path: Path) -> list[str]:
    """An empty member sheet: the header row the import reads, and a 填写说明 sheet; returns the headers."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns = sheet_columns(item_model(form, list_pointer))
    title = list_node(form, list_pointer).title
    book = Workbook()
    sheet = book.active
    sheet.title = "成员单位"
    help_sheet = book.create_sheet("填写说明")
    help_sheet.append(["栏目", "填写说明"])
    for c, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=c, value=column.header)
        cell.data_type = TYPE_STRING
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(c)].width = max(10, min(40, 2 * len(column.header) + 2))
        help_sheet.append([column.header, _help_line(column)])
    sheet.freeze_panes = "A2"
    help_sheet.column_dimensions["A"].width = 30
    help_sheet.column_dimensions["B"].width = 90
    help_sheet.append([])
    help_sheet.append(["", f"每行填写一家单位（{title}）。可以只保留需要的列，列的顺序不限；空行会被跳过。"])
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write(Path(path), buffer.getvalue())
    return [c.header for c in columns]
