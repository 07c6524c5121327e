"""The 审核 page: every problem by section, each a click away from its field, and the notice's conditions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from yn_forms.core.formdef import FormDefinition
from yn_forms.core.problems import Problem, split_pointer
from yn_forms.core.progress import Condition
from yn_forms.core.wording import describe, lookup_in
from yn_forms.gui.palette import ERROR, MUTED, OK, WARNING, problem_colour
from yn_forms.gui.widgets import heading

CONDITION_COLOURS = {"ok": OK, "fails": ERROR, "check": WARNING, "pending": MUTED}


def _loc(path: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in split_pointer(path))


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
        layout = QVBoxLayout(self)
        layout.addWidget(heading("审核"))
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["问题", "说明"])
        self.tree.setColumnWidth(0, 260)
        self.tree.setAccessibleName("问题列表")
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        layout.addWidget(self.tree, 2)
        layout.addWidget(QLabel("申报条件（依据通知）"))
        self.checklist = QTreeWidget()
        self.checklist.setHeaderLabels(["条件", "依据", "状态"])
        self.checklist.setColumnWidth(0, 380)
        self.checklist.setAccessibleName("申报条件")
        self.checklist.itemClicked.connect(self._activated)
        layout.addWidget(self.checklist, 1)

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
            item = QTreeWidgetItem([("错误 · " if p.is_error else "警告 · ") + self._where(p), p.message])
            item.setData(0, Qt.ItemDataRole.UserRole, p.path)
            item.setForeground(0, QColor(problem_colour(p.is_error)))
            item.setToolTip(1, p.message)
            section.addChild(item)
        section.setExpanded(True)

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
                      data: Any = None) -> None:
        """Every problem by section, and the notice's conditions (*conditions*, from ``core.progress``);
        *data*, the draft, names the places."""
        self.conditions = conditions if conditions is not None else self.conditions
        self.data = data if data is not None else self.data
        errors = sum(p.is_error for p in problems)
        self.summary.setText(f"共 {errors} 个错误，{len(problems) - errors} 个警告。点击问题可跳到对应的填写项。"
                             if problems else "没有发现问题，可以生成申报材料。")
        self.problems = problems
        self.tree.clear()
        for name, info in self.form.model.model_fields.items():
            mine = [p for p in problems if p.path == f"/{name}" or p.path.startswith(f"/{name}/")]
            self._add_group(f"{info.title}（{len(mine)}）", mine)
        self._add_group(f"打印检查：可能超出表格宽度（{len(self.fit)}）", self.fit)
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


