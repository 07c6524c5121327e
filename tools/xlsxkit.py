"""Authoring kit for 汇总表 templates: title, stamp line, header row, blank rows, footer.

The run-time writer (``yn_forms.render.xlsx``) relies only on conventions a person
editing the sheet in Excel keeps naturally: the header row is the row whose first
cell reads 序号; data rows follow it; the footer row is the first row below whose
first cell starts with 填表人. ``{department}``, ``{filler}`` and ``{date}`` in any
cell are replaced when the summary is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from tools.templatekit import reproducible_zip

THIN = Side(style="thin", color="000000")
# Printing: landscape, at a fixed scale so that the 11-pt data prints at 9 pt (小五) or more.
# ``COLUMN_CM`` is how wide LibreOffice prints one unit of column width at 100 % (measured on
# these sheets). A sheet whose columns do not fit A4's width at ``MIN_SCALE`` prints on A3, one
# page wide (its title, department line and columns read across one sheet of paper, as 附件3 is).
SIDE_MARGIN_IN, TOP_MARGIN_IN = 0.6, 0.8
PAPER_WIDTH_CM = {"A4": 29.7, "A3": 42.0}  # landscape
COLUMN_CM = 0.25
MIN_SCALE = 85  # per cent: 11 pt prints at 9.35 pt
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass
class SummarySheetSpec:
    title: str
    mark: str
    department_line: str
    headers: list[str]
    widths: list[float]
    footer: str
    blank_rows: int = 3
    sheet: str = "汇总表"


def build_summary_sheet(path: Path, spec: SummarySheetSpec, *more: SummarySheetSpec) -> None:
    """A 汇总表 workbook: *spec* on the first sheet, each of *more* (another form's part of the
    same 汇总表, e.g. the 方阵's 数字三品 cases) on a sheet of its own after it."""
    wb = Workbook()
    _sheet(wb.active, spec)
    for extra in more:
        _sheet(wb.create_sheet(), extra)
    wb.active = 0
    wb.properties.title = spec.title
    wb.properties.creator = "yn-forms"
    wb.properties.created = wb.properties.modified = datetime(2020, 1, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    reproducible_zip(path)


def _sheet(ws, spec: SummarySheetSpec) -> None:
    ws.title = spec.sheet
    ncols = len(spec.headers)
    last = get_column_letter(ncols)
    ws["A1"] = spec.mark
    ws["A1"].font = Font(name="黑体", size=14)
    ws["A2"] = spec.title
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].font = Font(name="方正小标宋简体", size=20)
    ws["A2"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[2].height = 36
    ws["A3"] = spec.department_line + "{department}"
    ws.merge_cells(f"A3:{last}3")
    ws["A3"].font = Font(name="仿宋", size=14)
    ws.row_dimensions[3].height = 26
    for col, (header, width) in enumerate(zip(spec.headers, spec.widths, strict=True), start=1):
        cell = ws.cell(row=4, column=col, value=header)
        cell.font = Font(name="黑体", size=12)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = GRID
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[4].height = 32
    for r in range(5, 5 + spec.blank_rows):
        ws.cell(row=r, column=1, value=r - 4)
        for col in range(1, ncols + 1):
            cell = ws.cell(row=r, column=col)
            cell.font = Font(name="宋体", size=11)
            cell.alignment = Alignment(horizontal="center" if col == 1 else "left",
                                       vertical="center", wrap_text=True)
            cell.border = GRID
        ws.row_dimensions[r].height = 30
    footer_row = 5 + spec.blank_rows
    ws.cell(row=footer_row, column=1, value=spec.footer)
    ws.merge_cells(f"A{footer_row}:{last}{footer_row}")
    ws.cell(row=footer_row, column=1).font = Font(name="仿宋", size=14)
    ws.cell(row=footer_row, column=1).alignment = Alignment(vertical="center")
    ws.row_dimensions[footer_row].height = 30
    _paper(ws, spec)
    ws.page_margins = PageMargins(left=SIDE_MARGIN_IN, right=SIDE_MARGIN_IN, top=TOP_MARGIN_IN, bottom=TOP_MARGIN_IN)
    ws.print_title_rows = "4:4"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _paper(ws, spec: SummarySheetSpec) -> None:
    """Landscape A4 at a fixed scale no smaller than ``MIN_SCALE``, as large as one page's width
    allows; A3 where A4 would need a smaller scale."""
    natural_cm = sum(spec.widths) * COLUMN_CM
    fitting = [(paper, min(100, int((width - 2 * SIDE_MARGIN_IN * 2.54) / natural_cm * 100)))
               for paper, width in PAPER_WIDTH_CM.items()]
    paper, scale = next(((p, s) for p, s in fitting if s >= MIN_SCALE), fitting[-1])
    assert scale >= MIN_SCALE, f"{spec.sheet}: the columns are too wide even for A3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if paper == "A3" else ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = scale
