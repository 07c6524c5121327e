"""The library's Excel layout: one unit a row under a header row of Chinese labels.

A clerk fills many units at once in Excel or WPS (from a list the 办公室 keeps), or
hands the library to a colleague; the same layout goes out (export, the blank
template) and comes back (import), so a sheet written here always reads back.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from yn_forms.core.inputfile import InputFileError, read_regular
from yn_forms.core.oserrors import os_reason
from yn_forms.core.units.facts import (
    FACTS,
    Fact,
    Record,
    UnitLibraryError,
    clean_record,
    display,
    is_empty,
    name_key,
)
from yn_forms.core.years import last_three_years

SHEET_TITLE = "单位信息库"


@dataclass
class ImportReport:
    """What an Excel import did: counts, and each refused row with its row number and reasons."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (Excel row number, message)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"新增 {len(self.added)} 家，更新 {len(self.updated)} 家，未变 {len(self.unchanged)} 家，"
                 f"未导入 {len(self.errors)} 行。"]
        lines += self.warnings
        lines += [f"第{row}行：{message}" for row, message in self.errors]
        return "\n".join(lines)


_YEAR_HEADER = re.compile(r"^\s*(\d{4})\s*年\s*(.+?)\s*$")


def _columns(records: list[Record]) -> list[tuple[str, Fact, str | None]]:
    """(header, fact, year) of every column: the facts in order, a 近三年 figure a column per year."""
    years = sorted({y for r in records for f in FACTS if f.per_year for y in r.get(f.key, {})}) \
        or [str(y) for y in last_three_years()]
    columns: list[tuple[str, Fact, str | None]] = []
    for fact in FACTS:
        if fact.per_year:
            columns += [(f"{year}年{fact.label}", fact, year) for year in years]
        else:
            columns.append((fact.label, fact, None))
    return columns


_NOTES = {
    "credit_code": "18位，见营业执照；没有的可空着，以单位名称识别",
    "founded": "日期，如 2006-08-18 或 2006年8月18日",
    "multi": "多项用“、”分隔，须与申报表中的选项文字一致",
    "text": "每项一行（单元格内换行）",
    "money": "单位万元，最多两位小数",
    "count": "整数",
}


def write_xlsx(path: Path, records: list[Record]) -> None:
    """The library's Excel layout: a header row of Chinese labels, one unit a row, and a 填写说明 sheet.

    Every text cell is written as text, so a name starting with ``= + - @`` stays the
    name typed and never becomes a formula. Written to a temporary file and moved into
    place, so a failure never leaves half a file.
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from yn_forms.core.draft import atomic_write
    from yn_forms.core.text import printable

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    columns = _columns(records)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F3")
    for col, (header, fact, _year) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=col, value=header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        wide = fact.kind == "text" or fact.key in ("name", "address", "registered_address", "main_business")
        column = sheet.column_dimensions[get_column_letter(col)]
        column.width = 36 if wide else 20 if fact.key == "credit_code" else 14
        if not fact.numeric:
            column.number_format = "@"  # typed into Excel, an 18-digit code would otherwise lose its last digits
    sheet.freeze_panes = "C2"
    for row, record in enumerate(records, start=2):
        for col, (_header, fact, year) in enumerate(columns, start=1):
            value = record.get(fact.key)
            if year is not None:
                value = (value or {}).get(year)
            if is_empty(value):
                continue
            cell = sheet.cell(row=row, column=col)
            if fact.numeric and fact.kind != "count":  # an amount, with two decimals
                cell.value = Decimal(value)
                cell.number_format = "0.00"
            elif fact.numeric:
                cell.value = int(value)
            else:
                cell.value = printable(display(fact, value))
                cell.data_type = TYPE_STRING
                if fact.kind == "text":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes = book.create_sheet("填写说明")
    notes.append(["列", "说明"])
    for cell in notes[1]:
        cell.font, cell.fill = bold, fill
    notes.append(["（全部）", "第1行是列名，请勿修改；每行一家单位。单位名称必填。导入时以统一社会信用代码"
                  "（没有的以单位名称）找到库中的单位并更新，空着的单元格保留库中原有内容；"
                  "有问题的行不导入，并列出行号和原因。文字列已设为文本格式，18位代码不会被 Excel 改成科学计数。"])
    for fact in FACTS:
        note = _NOTES.get(fact.key) or _NOTES.get(fact.kind, "")
        if fact.per_year:
            note = "每年一列，列名为“YYYY年" + fact.label + "”；可增加年度列。" + _NOTES["money"]
        notes.append([fact.label, note])
    notes.column_dimensions["A"].width = 28
    notes.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    try:
        atomic_write(Path(path), buffer.getvalue())
    except OSError as exc:
        raise UnitLibraryError(f"无法写入 {path}：{os_reason(exc)}（文件是否在 Excel/WPS 中打开？）") from None


def template_xlsx(path: Path) -> None:
    """The blank import template: the header row (with the last three years) and the 填写说明 sheet."""
    write_xlsx(path, [])


def _header_map(headers: list[Any]) -> tuple[dict[int, tuple[Fact, str | None]], list[str]]:
    by_label = {name_key(f.label): f for f in FACTS}
    by_label.update({name_key(f.key): f for f in FACTS})  # a sheet made by a script may use the keys
    mapping: dict[int, tuple[Fact, str | None]] = {}
    unknown: list[str] = []
    for col, header in enumerate(headers):
        text = str(header).strip() if header is not None else ""
        if not text:
            continue
        fact = by_label.get(name_key(text))
        if fact is not None and not fact.per_year:
            mapping[col] = (fact, None)
            continue
        match = _YEAR_HEADER.match(text)
        fact = by_label.get(name_key(match.group(2))) if match else None
        if match and fact is not None and fact.per_year:
            mapping[col] = (fact, match.group(1))
        else:
            unknown.append(text)
    return mapping, unknown


def read_xlsx(path: Path) -> tuple[list[tuple[int, Record]], ImportReport]:
    """The rows of a library sheet as (Excel row number, clean record), and a report with the bad rows.

    The sheet is the first one whose header row has a 单位名称 column. A whole file
    that is not such a sheet raises ``UnitLibraryError``; a bad row is only reported.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        raw = read_regular(Path(path))  # a pipe named as the sheet would hang openpyxl's open
    except InputFileError as exc:
        raise UnitLibraryError(f"{exc.reason}：{path}") from None
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise UnitLibraryError(f"不是可读取的 Excel 文件（.xlsx）：{path}（{exc}）") from None
    report = ImportReport()
    rows_out: list[tuple[int, Record]] = []
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            headers = list(next(rows, ()) or ())
            mapping, unknown = _header_map(headers)
            if not any(fact.key == "name" for fact, _ in mapping.values()):
                continue
            if unknown:
                report.warnings.append("未识别的列（已忽略）：" + "、".join(unknown))
            for row_number, row in enumerate(rows, start=2):
                raw: dict[str, Any] = {}
                for col, (fact, year) in mapping.items():
                    value = row[col] if col < len(row) else None
                    if is_empty(value):
                        continue
                    if year is not None:
                        raw.setdefault(fact.key, {})[year] = value
                    else:
                        raw[fact.key] = value
                if not raw:
                    continue  # an empty row between units
                record, problems = clean_record(raw)
                if problems:
                    report.errors.append((row_number, "；".join(problems)))
                else:
                    rows_out.append((row_number, record))
            return rows_out, report
    finally:
        book.close()
    raise UnitLibraryError(f"表格中没有找到“单位名称”列，不是单位信息表：{path}")

