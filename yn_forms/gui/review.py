"""The 审核 page: every problem by section, each a click away from its field, and the notice's conditions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.formdef import FormDefinition
from yn_forms.core.links import following, section_name
from yn_forms.core.problems import TEMPLATE_RULE, Problem, pointer_parts
from yn_forms.core.progress import Condition
from yn_forms.core.wording import describe, lookup_in
from yn_forms.gui.palette import ERROR, MUTED, OK, WARNING, problems_colour
from yn_forms.gui.widgets import MarkedSplitter, WrappingDelegate, heading

CONDITION_COLOURS = {"ok": OK, "fails": ERROR, "check": WARNING, "pending": MUTED}
CONDITION_ROWS_KEPT = 3  # rows of the conditions always in sight below however many problems


def content_height(tree: QTreeWidget) -> int:
    """The height *tree* needs to show every expanded row whole (wrapped texts included), header and frame."""
    tree.doItemsLayout()
    height = tree.header().sizeHint().height() if not tree.isHeaderHidden() else 0
    iterator = QTreeWidgetItemIterator(tree)
    while item := iterator.value():
        height += tree.visualItemRect(item).height()
        iterator += 1
    return height + 2 * tree.frameWidth() + 2


def _loc(path: str) -> tuple[Any, ...]:
    return pointer_parts(path)


class ReviewPage(QWidget):
    """All errors and warnings by section, each a click away; eligibility as a checklist."""

    jump = Signal(str)

    def __init__(self, form: FormDefinition) -> None:
        super().__init__()
        self.form = form
        self.problems: list[Problem] = []
        self.fit: list[Problem] = []
        self.conditions: list[Condition] = []
        self.data: Any = {}
        self.typed: Any = {}
        layout = QVBoxLayout(self)
        layout.addWidget(heading("审核"))
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["问题", "说明"])
        self.tree.setAccessibleName("问题列表")
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        self.checklist = QTreeWidget()
        self.checklist.setHeaderLabels(["条件", "依据", "状态"])
        self.checklist.setAccessibleName("申报条件")
        self.checklist.setRootIsDecorated(False)
        self.checklist.itemClicked.connect(self._activated)
        for tree in (self.tree, self.checklist):  # long texts wrap in their cells instead of being cut
            WrappingDelegate(tree)
            tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(0, 300)
        self.checklist.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.checklist.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.checklist.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.checklist.setColumnWidth(1, 200)
        conditions_box = QWidget()
        below = QVBoxLayout(conditions_box)
        below.setContentsMargins(0, 6, 0, 0)
        below.addWidget(QLabel("申报条件（依据通知）"))
        below.addWidget(self.checklist, 1)
        self.conditions_box = conditions_box
        # the two lists share the page, each sized to what it holds, the problems first; the clerk may move
        # the (marked) line between them, and then it stays where they put it
        self.split = MarkedSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.tree)
        self.split.addWidget(conditions_box)
        self.split.setChildrenCollapsible(False)
        self.split.splitterMoved.connect(self._moved)
        self.user_sized = False
        self._balancing = False
        layout.addWidget(self.split, 1)
        self.tree.header().sectionResized.connect(lambda *_args: self._balance_later())

    def _moved(self, *_args: int) -> None:
        if not self._balancing:
            self.user_sized = True

    def _balance_later(self) -> None:
        QTimer.singleShot(0, self, self.balance)  # with the page as context: not called once it is gone

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._balance_later()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._balance_later()

    def balance(self) -> None:
        """The problems get the height their rows need (wrapped, whole) and the conditions the rest, but never
        fewer than a few of their rows; a draft without problems shows its conditions."""
        total = self.split.height() - self.split.handleWidth()
        if self.user_sized or total <= 0 or not self.isVisible():
            return
        label = self.conditions_box.height() - self.checklist.height() if self.checklist.height() else 30
        below = label + content_height(self.checklist)
        row = max(self.checklist.sizeHintForRow(0), self.fontMetrics().height() + 4)
        kept = min(below, label + self.checklist.header().sizeHint().height() + row * CONDITION_ROWS_KEPT + 4)
        wanted = content_height(self.tree) if self.tree.topLevelItemCount() else 0
        top = max(min(wanted, total - kept), min(total // 4, wanted), row * 2)
        self._balancing = True
        self.split.setSizes([top, total - top])
        self._balancing = False

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        pointer = item.data(0, Qt.ItemDataRole.UserRole)
        if pointer is not None:
            self.jump.emit(pointer)

    def _add_group(self, title: str, problems: list[Problem]) -> None:
        if not problems:
            return
        section = QTreeWidgetItem([title, ""])
        self.tree.addTopLevelItem(section)
        for p in problems:
            blank = p.is_blank  # not filled yet: to do, not a mistake
            kind = "未填写" if blank else "错误" if p.is_error else "警告"
            typed = self.typed_at(p.path)
            where = self._where(p) + (f"（在{section_name(self.form, typed)}填写）" if typed != p.path else "")
            item = QTreeWidgetItem([f"{kind} · {where}", p.message])
            item.setData(0, Qt.ItemDataRole.UserRole, typed)
            item.setForeground(0, QColor(problems_colour([p])))
            item.setToolTip(0, item.text(0))
            item.setToolTip(1, p.message)
            section.addChild(item)
        section.setExpanded(True)

    def typed_at(self, pointer: str) -> str:
        """Where the value at *pointer* is typed: a place that repeats another (表1's Email, the cover's)
        leads to the one the clerk filled in, not to an empty box showing “同封面：…”."""
        found = following(self.form, self.typed, pointer) if pointer else None
        return found.source if found is not None else pointer

    def _where(self, problem: Problem) -> str:
        """The field as the form names it, with the member it belongs to (“昆明铂瑞…”的电话)."""
        if not problem.path:
            return problem.title
        return describe(self.form.model, _loc(problem.path), lookup_in(self.data)) or problem.title

    def show_fit(self, problems: list[Problem]) -> None:
        """Fit-before-print warnings, found by rendering the templates (in the background)."""
        self.fit = problems
        self.show_problems(self.problems, self.conditions, self.data)

    def show_problems(self, problems: list[Problem], conditions: list[Condition] | None = None,
                      data: Any = None, typed: Any = None) -> None:
        """Every problem by section, and the notice's conditions (*conditions*, from ``core.progress``);
        *data*, the draft with its repeated places filled in, names the places; *typed*, the draft as
        typed, says where a repeated value was typed."""
        self.conditions = conditions if conditions is not None else self.conditions
        self.data = data if data is not None else self.data
        self.typed = typed if typed is not None else self.typed
        blanks = sum(p.is_blank for p in problems)
        errors = sum(p.is_error and not p.is_blank for p in problems)  # a 证明材料 to attach is a blank, not an error
        warnings = len(problems) - blanks - errors
        parts = (f"{blanks} 项未填写" if blanks else "", f"{errors} 个错误" if errors else "",
                 f"{warnings} 个警告" if warnings else "")
        counts = "，".join(part for part in parts if part)
        unusable = [p for p in self.fit if p.rule == TEMPLATE_RULE]  # a template 生成 would refuse, and why
        fit_notes = [p for p in self.fit if p.rule != TEMPLATE_RULE]
        fit = f"打印检查有 {len(fit_notes)} 处提醒，请在下方核对。" if fit_notes else ""
        summary = (f"还有 {counts}。点击问题可跳到对应的填写项。{fit}" if problems
                   else f"没有发现填写问题，可以生成申报材料。{fit}")
        if unusable:  # never “可以生成” when 生成 would refuse a template
            summary = (f"有 {len(unusable)} 个模板无法使用（见“模板无法使用”），修正或删除后才能生成申报材料。"
                       + (f"另有 {counts}。" if problems else ""))
        self.summary.setText(summary)
        self.problems = problems
        self.tree.clear()
        for name, info in self.form.model.model_fields.items():
            mine = [p for p in problems if p.path == f"/{name}" or p.path.startswith(f"/{name}/")]
            self._add_group(f"{info.title}（{len(mine)}）", mine)
        self._add_group(f"模板无法使用（{len(unusable)}）", unusable)
        self._add_group(f"打印检查：可能超出表格宽度（{len(fit_notes)}）", fit_notes)
        self.checklist.clear()
        for condition in self.conditions:
            rule = condition.rule
            item = QTreeWidgetItem([rule.summary, rule.clause, condition.label])
            item.setForeground(2, QColor(CONDITION_COLOURS[condition.state]))
            item.setToolTip(0, rule.summary)
            item.setToolTip(1, rule.clause)
            if condition.state != "ok":
                item.setData(0, Qt.ItemDataRole.UserRole, rule.fields[0])
            self.checklist.addTopLevelItem(item)
        if not self.conditions:
            self.checklist.addTopLevelItem(QTreeWidgetItem(["选择申报类型后，这里列出该类型的申报条件。", "", ""]))
        self._balance_later()


