"""Fill a 汇总表 template with one row per application.

The writer finds its places by what a person sees in the sheet (see
``tools/xlsxkit.py``): the 序号 header row, the data rows under it, the 填表人
footer. Every value is written as text, so a name starting with ``= + - @`` can
never become a formula.

An Excel cell holds at most 32,767 characters (WPS and LibreOffice keep to the same limit,
and openpyxl cuts a longer text there without a word). A value cut to fit is reported
(``CutCell``), so the department knows the 汇总表 does not hold all of it.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.pagebreak import Break

from yn_forms.core.text import printable
from yn_forms.core.wordcount import is_asian_char
from yn_forms.render.docxguard import UnsafeDocx, read_checked
from yn_forms.render.fitting import SLACK_PT, ends_alone
from yn_forms.render.measure import wrap_lines
from yn_forms.render.output import save_zipped

EXCEL_CELL_LIMIT = 32_767  # characters in one cell, in Excel, WPS and LibreOffice alike


class SummaryTemplateError(Exception):
    pass


@dataclass(frozen=True)
class CutCell:
    """A value longer than a cell holds, written cut to ``EXCEL_CELL_LIMIT`` characters."""

    sheet: str  # the worksheet, by its name
    part: int  # 0: the form's own sheet; n: the n-th of ``Summary.parts``
    index: int  # the application's row among that sheet's applications, from 0 (序号 − 1)
    column: str  # the column's header, as printed
    length: int  # the characters the value had

    def describe(self, application: str) -> str:
        """What the clerk is told, *application* being how they know it (its file's name)."""
        return (f"“{application}”的“{self.column}”有 {self.length:,} 个字符，超过 Excel 单元格最多能容纳的 "
                f"{EXCEL_CELL_LIMIT:,} 个字符，汇总表（“{self.sheet}”工作表第 {self.index + 1} 行）中只保留了前 "
                f"{EXCEL_CELL_LIMIT:,} 个")


def _set_text(cell, value: object) -> int:
    """Write *value* as text; the length it had if it was cut to fit the cell, else 0."""
    text = printable("" if value is None else str(value))
    cut = len(text) if len(text) > EXCEL_CELL_LIMIT else 0
    put_text(cell, text[:EXCEL_CELL_LIMIT])
    return cut


def put_text(cell, text: str) -> None:
    """*text* — already ``printable`` and within ``EXCEL_CELL_LIMIT`` — as the cell's string. Not through
    openpyxl's ``cell.value``, which searches every string again for the control characters ``printable``
    dropped (a regular expression per cell: a third of writing a 1,000-row 汇总表 and its 初审)."""
    cell._value = text
    cell.data_type = TYPE_STRING


def _replace(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", printable(value))
    return text


def _fill_placeholders(ws, last_row: int, values: dict[str, str]) -> None:
    """Replace {department} etc. above the data rows only: user data is never interpreted."""
    for row in ws.iter_rows(min_row=1, max_row=last_row):
        for cell in row:
            if isinstance(cell.value, str) and "{" in cell.value:
                _set_text(cell, _replace(cell.value, values))


@cache
def _char_width(ch: str) -> float:
    """One character's width; cached because is_asian_char walks a table of ranges and a
    summary of thousands of rows measures the same few thousand characters again and again."""
    return 2.0 if is_asian_char(ch) else 1.1


@lru_cache(maxsize=8192)
def _text_width(text: str) -> float:
    """Width in Excel's character units: a CJK character is about two digits wide. Remembered: the 初审's
    messages and a column's choices are the same in many rows."""
    return sum(map(_char_width, text))


def _column_widths(ws, ncols: int) -> list[float]:
    """The widths of the data columns B.., read once per sheet rather than once per cell."""
    return [ws.column_dimensions[get_column_letter(col)].width or 8.43 for col in range(2, ncols + 1)]


UNIT_PT = 7.0  # one unit of column width as LibreOffice prints it at 100 % (measured)
CELL_PADDING_PT = 4.0
INDENT_PT = 10.5  # one level of a cell's indent


@lru_cache(maxsize=4096)
def lone_indent(text: str, width: float, size_pt: float) -> int:
    """The indent (0–3 levels) that keeps a wrapped value from ending on a line of one character (一个
    字 alone under “…有限公”): one level narrows the lines by about a character. 0: none needed or none helps.
    Remembered: wrapping a long value eight times is most of a 汇总表 row, and rows repeat values (领域, 参与单位)."""
    if not text or "\n" in text:
        return 0
    room = width * UNIT_PT - CELL_PADDING_PT
    if len(text) * size_pt <= room - SLACK_PT:  # one line, whatever its characters (none wider than 1 em)
        return 0
    chars = [(ch, size_pt) for ch in text]
    for indent in range(4):
        lines = wrap_lines(chars, room - indent * INDENT_PT)
        tight = wrap_lines(chars, room - indent * INDENT_PT - SLACK_PT)
        if not ends_alone(lines) and not ends_alone(tight):
            return indent
    return 0


def row_height(widths: list[float], values: list[str], minimum: float | None) -> float:
    """Tall enough for the wrapped text: openpyxl cannot ask Excel to auto-fit a row."""
    lines = 1
    for width, value in zip(widths, values, strict=False):  # a template may have fewer columns
        for part in str(value).split("\n"):
            lines = max(lines, math.ceil(_text_width(part) / max(width - 1, 1)))
    return max(minimum or 15.0, lines * 14.5 + 4)


def write_summary(template: Path, rows: list[list[str]], out: Path, placeholders: dict[str, str],
                  sheets: Sequence[tuple[str, list[list[str]]]] = (), *,
                  sources: Sequence[Sequence[str]] | None = None,
                  finish: Callable[[Workbook], None] | None = None) -> list[CutCell]:
    """Fill the template's first sheet with *rows* and each named sheet of *sheets* with its
    rows (another form's part of the same 汇总表), every sheet with its own numbering.

    *sources* (per sheet, the first the form's own): where each row came from, written in a column
    after the official ones, outside the print area — the sheet prints as the attachment does.
    *finish* is handed the workbook before it is saved (the 初审 sheet). Returns the values cut to
    fit their cell."""
    try:
        wb = load_workbook(io.BytesIO(read_checked(template)))  # sizes checked before openpyxl inflates them
    except UnsafeDocx as exc:
        raise SummaryTemplateError(f"汇总表模板“{template.name}”不能使用：{exc}") from None
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, InvalidFileException) as exc:
        raise SummaryTemplateError(f"汇总表模板“{template.name}”不是有效的 Excel 文件（.xlsx），或文件已损坏：{exc}") \
            from None
    cuts = _fill_sheet(wb.worksheets[0], rows, placeholders, template, 0, sources[0] if sources else None)
    for part, (name, part_rows) in enumerate(sheets, start=1):
        if name in wb.sheetnames:
            cuts += _fill_sheet(wb[name], part_rows, placeholders, template, part,
                                sources[part] if sources and part < len(sources) else None)
        elif part_rows:
            raise SummaryTemplateError(f"汇总表模板“{template.name}”中没有“{name}”工作表，"
                                       f"无法列出其中的 {len(part_rows)} 份申报")
    if finish is not None:
        finish(wb)
    save_zipped(wb.save, Path(out))
    return cuts


def _fill_sheet(ws, rows: list[list[str]], placeholders: dict[str, str], template: Path, part: int,
                sources: Sequence[str] | None = None) -> list[CutCell]:
    header_row = next((c.row for c in ws["A"] if str(c.value or "").strip() == "序号"), None)
    if header_row is None:
        raise SummaryTemplateError(f"汇总表模板“{template.name}”的“{ws.title}”工作表中找不到“序号”表头行")
    footer_row = next((c.row for c in ws["A"] if c.row > header_row
                       and str(c.value or "").strip().startswith("填表人")), None)
    ncols = max(c.column for c in ws[header_row] if c.value not in (None, ""))
    # the blank's numbered rows (序号 1, 2, 3 on 附件3) stay, filled or not: the table keeps its shape
    blank_rows = footer_row - header_row - 1 if footer_row is not None else 0
    rows = rows + [[] for _ in range(blank_rows - len(rows))]
    proto = header_row + 1
    # Each data cell takes a copy of the prototype cell's style array (indexes into the workbook's
    # shared style tables) with the text format. Assigning Font/Alignment/Border objects instead
    # re-hashes them against those tables for every cell: most of the time of a 1,000-row summary.
    styles = []
    for c in range(1, ncols + 1):
        source = ws.cell(proto, c)  # the prototype row is deleted below, so it may be changed
        source.number_format = "@"
        styles.append(copy(source._style))
    aligned = [(copy(ws.cell(proto, c).alignment), ws.cell(proto, c).font.size or 11.0) for c in range(1, ncols + 1)]
    proto_height = ws.row_dimensions[proto].height
    footer = None
    if footer_row is not None:
        fcell = ws.cell(footer_row, 1)
        footer = (fcell.value, copy(fcell.font), copy(fcell.alignment), ws.row_dimensions[footer_row].height)
    for merged in list(ws.merged_cells.ranges):
        if merged.min_row > header_row:
            ws.unmerge_cells(str(merged))
    if ws.max_row > header_row:
        ws.delete_rows(header_row + 1, ws.max_row - header_row)
    widths = _column_widths(ws, ncols)
    headers = [str(ws.cell(header_row, c).value or get_column_letter(c)).strip() for c in range(1, ncols + 1)]
    cuts: list[CutCell] = []
    for i, values in enumerate(rows):
        r = header_row + 1 + i
        for c in range(1, ncols + 1):
            cell = ws.cell(r, c)
            if length := _set_text(cell, str(i + 1) if c == 1 else (values[c - 2] if c - 2 < len(values) else "")):
                cuts.append(CutCell(ws.title, part, i, headers[c - 1], length))
            cell._style = copy(styles[c - 1])
            if c > 1 and (indent := lone_indent(str(cell.value or ""), widths[c - 2], aligned[c - 1][1])):
                alignment = copy(aligned[c - 1][0])
                alignment.indent = indent
                cell.alignment = alignment
        ws.row_dimensions[r].height = row_height(widths, values, proto_height)
    if footer is not None:
        r = header_row + len(rows) + 1
        cell = ws.cell(r, 1)
        _set_text(cell, _replace(str(footer[0] or ""), placeholders))
        cell.font, cell.alignment = footer[1], footer[2]
        ws.row_dimensions[r].height = footer[3]
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
    _fill_placeholders(ws, header_row, placeholders)
    _keep_footer_with_a_row(ws, header_row, rows, footer is not None)
    if sources is not None:
        _source_column(ws, header_row, ncols, sources, header_row + len(rows) + (footer is not None))
    return cuts


_PAPER_PT = {9: (595.3, 841.9), 8: (841.9, 1190.6)}  # A4, A3 (short side, long side)


def _page_height_pt(ws) -> float:
    """How much of the sheet's own height one printed page holds, in points at 100 %."""
    short, long = _PAPER_PT.get(int(ws.page_setup.paperSize or 9), _PAPER_PT[9])
    height = short if ws.page_setup.orientation == "landscape" else long
    margins = ((ws.page_margins.top or 0.75) + (ws.page_margins.bottom or 0.75)) * 72
    scale = (ws.page_setup.scale or 100) / 100 if not ws.sheet_properties.pageSetUpPr.fitToPage else 1.0
    return (height - margins) / scale * 0.97  # a little to spare: LibreOffice rounds each row


def _keep_footer_with_a_row(ws, header_row: int, rows: list[list[str]], footer: bool) -> None:
    """A page never holds only the repeated header and the 填表人 line (and the blank numbered rows
    the attachment keeps): the rows are paged here, a page break where each page ends (a page a
    little shorter than LibreOffice's, so it breaks there too), and where the filled rows end a
    page the last of them goes over with the footer."""
    filled = [i for i, values in enumerate(rows) if any(str(v).strip() for v in values)]
    if not footer or not filled:
        return
    room = _page_height_pt(ws)

    def height(row: int) -> float:
        return ws.row_dimensions[row].height or 15.0

    used = sum(height(r) for r in range(1, header_row + 1))
    starts = [header_row + 1]  # the rows that start a page
    for r in range(header_row + 1, header_row + len(rows) + 2):
        if used + height(r) > room and r > starts[-1]:
            starts.append(r)
            used = height(header_row)
        used += height(r)
    last = header_row + 1 + filled[-1]
    if starts[-1] > last and last not in starts:
        starts[-1] = last
    for start in starts[1:]:
        ws.row_breaks.append(Break(id=start - 1))


SOURCE_HEADER = "来源（不打印）"
SOURCE_WIDTH = 28
_SOURCE_FONT = Font(name="宋体", size=9, color="808080")


def _source_column(ws, header_row: int, ncols: int, sources: Sequence[str], last_row: int) -> None:
    """Where each row came from, in the column after the official ones; the print area stops before it, so
    the sheet prints exactly as the attachment does (the official columns, from the title to the footer)."""
    column = ncols + 1
    ws.print_area = f"A1:{get_column_letter(ncols)}{last_row}"
    ws.column_dimensions[get_column_letter(column)].width = SOURCE_WIDTH
    header = ws.cell(header_row, column)
    _set_text(header, SOURCE_HEADER)
    header.font = Font(name="宋体", size=9, bold=True, color="808080")
    header.alignment = Alignment(vertical="center", wrap_text=True)
    styled: dict[tuple[int, ...], StyleArray] = {}  # a style array before -> after: each kind styled once
    for i, source in enumerate(sources):
        cell = ws.cell(header_row + 1 + i, column)
        _set_text(cell, source)
        before = tuple(cell._style or ())  # None: a new cell, not styled yet
        if before in styled:
            cell._style = copy(styled[before])
            continue
        cell.font = _SOURCE_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        styled[before] = copy(cell._style)
