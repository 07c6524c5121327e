"""A received application as the 汇总表 page shows it: its row's cells, its state, its 初审 in full.

Kept apart from the dialog (``gui.summary_page``): what a row says is decided here from the item
alone (``core.batch.BatchItem`` as ``render.desk`` read and judged it) and the form it is listed in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidgetItem

from yn_forms.core.batch import BatchItem
from yn_forms.core.formdef import FormDefinition
from yn_forms.core.screening import FAILS, INCOMPLETE, MEETS
from yn_forms.forms import FORMS
from yn_forms.gui.palette import ERROR, MUTED, OK, TODO, WARNING, problems_colour

TOOLTIP_PROBLEMS = 8  # problems listed in a row's tooltip; the wizard shows them all
OK_COLOUR, WARNING_COLOUR, ERROR_COLOUR, SKIPPED_COLOUR = OK, WARNING, ERROR, MUTED
VERDICT_COLOURS = {MEETS: OK, INCOMPLETE: TODO, FAILS: ERROR}


def when(saved_at: str | None) -> str:
    return (saved_at or "")[:16].replace("T", " ")


def listed_in(form: FormDefinition) -> str:
    """What the applications are listed in: the 汇总表, or the 初审表 of a form without one."""
    return "汇总表" if form.summary is not None else "初审表"


def row_cells(form: FormDefinition, item: BatchItem) -> list[QTableWidgetItem]:
    """来源, 名称, 结论, 状态: the cells of *item*'s row, coloured, each with its tooltip."""
    file_cell = QTableWidgetItem(item.shown)
    saved = when(item.saved_at)
    file_cell.setToolTip(str(item.path) + (f"\n保存时间：{saved}" if saved else ""))
    name = item.identity.name if item.identity is not None else ""
    name_cell = QTableWidgetItem(name or ("—" if item.skipped else "（未填写）"))
    part = form.summary.part(item.form_id) if form.summary and item.form_id else None
    if part is not None:
        name_cell.setToolTip(f"{FORMS[part.form_id].name}：列在汇总表的“{part.sheet}”工作表")
    verdict = item.screening.verdict if item.screening is not None else "—"
    verdict_cell = QTableWidgetItem(verdict)
    verdict_cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    verdict_cell.setForeground(QBrush(QColor(VERDICT_COLOURS.get(verdict, SKIPPED_COLOUR))))
    verdict_cell.setToolTip("\n".join(item.screening.lines) if item.screening is not None else "未列入")
    state = QTableWidgetItem(state_text(item))
    state.setForeground(QBrush(QColor(colour(item))))
    state.setToolTip(state_tooltip(form, item))
    if item.skipped:
        for cell in (file_cell, name_cell):
            cell.setForeground(QBrush(QColor(SKIPPED_COLOUR)))
    return [file_cell, name_cell, verdict_cell, state]


def state_text(item: BatchItem) -> str:
    """无问题 / 3个错误 / 已跳过：…, and what else the clerk should know at a glance."""
    text = item.status
    if item.notes:
        text += f"，{len(item.notes)}个文件未读取"
    if item.duplicates:
        text += "，可能重复申报"
    return text


def colour(item: BatchItem) -> str:
    """As the wizard colours problems: red for what is wrong, amber for advice (and files not read, possible
    duplicates), blue when all that is left is to fill in (a Word application without its 研发方向)."""
    if item.skipped:
        return SKIPPED_COLOUR
    if item.problems:
        found = problems_colour(item.problems)
        return WARNING_COLOUR if found == TODO and (item.notes or item.duplicates) else found
    return WARNING_COLOUR if item.notes or item.duplicates else OK_COLOUR


def state_tooltip(form: FormDefinition, item: BatchItem) -> str:
    if item.skipped:
        return "\n".join([f"不列入{listed_in(form)}：{item.reason}", *item.notes])
    lines = [f"{'错误' if p.is_error else '警告'}：{p.title}：{p.message}" for p in item.problems[:TOOLTIP_PROBLEMS]]
    if len(item.problems) > TOOLTIP_PROBLEMS:
        lines.append(f"……共 {len(item.problems)} 个问题，在向导中打开此文件可逐项查看")
    if item.errors:
        lines.insert(0, f"有错误，仍列入{listed_in(form)}，请与报送单位核对：")
    lines += [f"未读取：{note}" for note in item.notes] + [f"可能重复申报：{d}" for d in item.duplicates]
    return "\n".join(lines) or "没有发现问题"


def describe(item: BatchItem) -> str:
    """Everything the desk knows of one application, as the details below the list show it."""
    ident = item.identity
    if item.skipped:
        return "\n".join([f"{item.shown}：未列入。{item.short_reason}", *item.notes])
    title = f"第{item.number}份：{(ident.name if ident else '') or '（未填写名称）'}"
    if ident is not None and ident.applicant:
        title += f"（{ident.applicant}）"
    lines = [f"{title}　来源：{item.shown}"]
    if item.screening is not None:
        lines.append(f"初审结论：{item.screening.verdict}"
                     + ("（未发现不符合申报通知条件之处）" if item.screening.verdict == MEETS else ""))
        lines += [f"  {line}" for line in item.screening.lines]
    lines += [f"  可能重复申报：{d}" for d in item.duplicates]
    lines += [f"  未读取的文件：{note}" for note in item.notes]
    lines.append("双击或点“在向导中打开”查看"
                 + ("（Word 附件读成的申报作为新草稿打开，可修改保存）" if item.word else "（只读）"))
    return "\n".join(lines)
