"""The 初审 sheet: one row per application received, in the 汇总表's order with its 序号, and its verdict.

It is the department's own working sheet, beside the official 汇总表 in the same workbook (or alone,
for the 创新联合体, which has no 汇总表): what each application is, whether it meets the notice
(``core.screening``: 符合 / 不符合 / 待补充), each unmet condition with its clause, what is still to fill
in or correct, what to check, applications sharing a unit or a name, and where each came from. Below
the rows, the files that could not be read, each with why. It prints A4 landscape, its header on
every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from yn_forms.core.batch import BatchItem
from yn_forms.core.screening import FAILS, INCOMPLETE, MEETS
from yn_forms.core.text import printable
from yn_forms.render.xlsx import EXCEL_CELL_LIMIT, put_text, row_height

SHEET = "初审"
FILLS = {MEETS: "E2EFDA", INCOMPLETE: "FFF2CC", FAILS: "F8CBAD"}  # green, amber, red: the wizard's palette, pale
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BODY = Font(name="宋体", size=10)
_WRAP = Alignment(vertical="top", wrap_text=True)
LEGEND = ("结论：符合——未发现不符合申报通知条件之处；待补充——有栏目未填写或需更正，或有条件待相关栏目填写后才能判断；"
          "不符合——有不符合申报通知条件之处（列出条件及条款）。本表由程序按申报通知的条件核对申报材料生成，供初审参考，"
          "不代替审核意见。")


@dataclass(frozen=True)
class Column:
    header: str
    width: float


# widths in Excel's character units: about 145 in all, what A4 landscape holds at 10 pt without shrinking
COLUMNS = (Column("序号", 5), Column("名称", 18), Column("申报单位", 16), Column("结论", 7),
           Column("不符合的条件（条款）", 28), Column("待补充或需更正", 26), Column("请核对", 16))
ENCLOSURES = Column("证明材料", 14)  # only when some application carries enclosures to check
TAIL = (Column("重复申报", 15), Column("来源", 14))


@dataclass
class Section:
    """The applications of one form, listed under its name when the 汇总表 lists several forms."""

    title: str
    items: Sequence[BatchItem]


def _cell_text(lines: Sequence[str]) -> str:
    return "\n".join(f"{i}. {line}" if len(lines) > 1 else line for i, line in enumerate(lines, start=1))


def _cells(item: BatchItem, enclosures: bool) -> list[str]:
    screening, ident = item.screening, item.identity
    assert screening is not None
    to_fill = ([f"待补充{screening.missing_text}"] if screening.missing else []) \
        + [f"需更正：{c}" for c in screening.corrections] \
        + [f"待判断：{p}" for p in screening.pending]
    if screening.enclosures and not enclosures:
        to_fill.append(f"缺少证明材料：{'、'.join(screening.enclosures)}")
    cells = [str(item.number), ident.name if ident else "", ident.applicant if ident else "", screening.verdict,
             _cell_text([u.text for u in screening.unmet]), _cell_text(to_fill),
             _cell_text([u.text for u in screening.advice])]
    if enclosures:
        # None: read from Word files, which carry no 证明材料 — said so, not left blank as if all were there
        cells.append("Word 文件不含，另行核对" if screening.enclosures is None
                     else "、".join(screening.enclosures) or "齐全")
    return [*cells, _cell_text(item.duplicates), item.shown]


def add_screening_sheet(wb: Workbook, title: str, sections: Sequence[Section], skipped: Sequence[BatchItem], *,
                        department: str = "", on: date | None = None) -> Worksheet:
    """The 初审 sheet of *sections* (each form's applications, judged) and the *skipped* files, added to *wb*."""
    ws = wb.create_sheet(SHEET)
    items = [item for section in sections for item in section.items if item.screening is not None]
    enclosures = any(item.screening.enclosures is not None for item in items if item.screening is not None)
    columns = [*COLUMNS, *((ENCLOSURES,) if enclosures else ()), *TAIL]
    last = get_column_letter(len(columns))
    for n, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(n)].width = column.width
    when = on or date.today()
    counts = {v: sum(1 for i in items if i.screening is not None and i.screening.verdict == v)
              for v in (MEETS, INCOMPLETE, FAILS)}
    _merged(ws, 1, last, f"{title}初审表", Font(name="黑体", size=16), Alignment(horizontal="center"), 28)
    told = "，".join(f"{v} {n} 份" for v, n in counts.items() if n)
    day = f"{when.year}年{when.month}月{when.day}日"
    line = (f"州（市）工业和信息化主管部门：{department or ' ' * 10}　　初审日期：{day}"
            f"　　共 {len(items)} 份申报{'：' + told if told else ''}")
    _merged(ws, 2, last, line, Font(name="宋体", size=11), Alignment(vertical="center"), 20)
    _merged(ws, 3, last, LEGEND, Font(name="宋体", size=9, color="606060"), _WRAP,
            row_height([sum(c.width for c in columns) * 1.1], [LEGEND], 18) * 0.85)
    header = 4
    for n, column in enumerate(columns, start=1):
        cell = ws.cell(header, n, column.header)
        cell.font = Font(name="黑体", size=10)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    ws.row_dimensions[header].height = 22
    widths = [c.width for c in columns]
    styles = _Styles()
    row = header + 1
    for section in sections:
        judged = [item for item in section.items if item.screening is not None]
        if len(sections) > 1:
            _merged(ws, row, last, f"{section.title}（{len(judged)} 份）", Font(name="黑体", size=10),
                    Alignment(vertical="center"), 20, border=True)
            row += 1
        for item in judged:
            values = _cells(item, enclosures)
            for n, value in enumerate(values, start=1):
                cell = ws.cell(row, n)
                put_text(cell, printable(value)[:EXCEL_CELL_LIMIT])
                styles.put(cell, item.screening.verdict if n == 4 else "number" if n == 1 else "body")
            ws.row_dimensions[row].height = row_height(widths[1:], values[1:], 18)
            row += 1
    # what could not be read: whole files and folders, and files beside an application's attachments
    unread = [*skipped, *(item for item in items if item.notes)]
    if unread:
        row += 1
        count = len(skipped) + sum(len(item.notes) for item in items)
        _merged(ws, row, last, f"未能读取、未列入的文件（{count} 个）", Font(name="黑体", size=10),
                Alignment(vertical="center"), 20)
        row += 1
        for item in unread:
            reason = printable(item.short_reason or item.reason or "") if item.skipped else ""
            notes = [printable(note) for note in item.notes]
            source = ws.cell(row, 2, printable(item.shown))
            source.font, source.alignment = _BODY, _WRAP
            told = [line for line in (reason, *notes) if line]
            _merged(ws, row, last, "\n".join(told), _BODY, _WRAP, row_height([sum(widths[2:])], told, 18), first=3)
            row += 1
    ws.freeze_panes = ws.cell(header + 1, 1)
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    return ws


class _Styles:
    """Each kind of cell styled once, the others given a copy of its style array: setting fonts and borders
    cell by cell hashes them against the workbook's style tables every time (most of a 1,000-row sheet)."""

    def __init__(self) -> None:
        self.made: dict[str, StyleArray] = {}

    def put(self, cell: Cell, kind: str) -> None:
        made = self.made.get(kind)
        if made is not None:
            cell._style = copy(made)
            return
        cell.font, cell.border = _BODY, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="top") if kind not in ("body",) else _WRAP
        if kind in FILLS:
            cell.fill = PatternFill("solid", fgColor=FILLS[kind])
        self.made[kind] = copy(cell._style)


def _merged(ws: Worksheet, row: int, last: str, text: str, font: Font, alignment: Alignment, height: float,
            border: bool = False, first: int = 1) -> None:
    start = f"{get_column_letter(first)}{row}"
    cell = ws[start]
    cell.value = printable(text)
    cell.data_type = "s"
    cell.font, cell.alignment = font, alignment
    ws.merge_cells(f"{start}:{last}{row}")
    if border:
        for column in range(first, ws[f"{last}{row}"].column + 1):
            ws.cell(row, column).border = _BORDER
    ws.row_dimensions[row].height = height
