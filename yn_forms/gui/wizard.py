"""The wizard for one draft: side list of sections, generated pages, review page, buttons.

It owns the draft's data (a plain dict, as the CLI reads it), re-validates a
moment after each keystroke, shows a field's problems once the user has left it,
and keeps the side list's 已完成 / 有问题 / 未开始 up to date.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.conditions import hidden_pointers, is_hidden
from yn_forms.core.datapath import get_at, set_at
from yn_forms.core.formdef import FieldNode, FormDefinition, walk_fields
from yn_forms.core.problems import Problem
from yn_forms.core.progress import completeness, section_states
from yn_forms.core.validation import OTHER_OPTIONS, validate
from yn_forms.gui.editors import Editor
from yn_forms.gui.pages import POINTER_PROPERTY, FieldRow, GroupEditor, SectionPage, heading, problems_by_row

REVIEW_TITLE = "审核"
# the style sheet's padding (4 + 4) and left border (3) of a side-list item (app.STYLE; the border is
# there, transparent, when not selected, so a title wraps alike selected or not)
SECTION_ITEM_INSET = 11
SECTION_TEXT_PADDING = 14
STATE_COLORS = {"done": "#2e7d32", "problems": "#c62828", "empty": "#757575", "skipped": "#9e9e9e"}
STATE_MARKS = {"done": "✔", "problems": "✖", "empty": "○", "skipped": "–"}


class SectionItemDelegate(QStyledItemDelegate):
    """Side-list items as tall as their wrapped titles.

    Qt measures a wrapped item without the style sheet's padding, so a long official
    title (四、牵头和成员单位已建并正在运行的…) would lose its last lines and its state
    behind an ellipsis; this measures the text in the width it is really drawn in.
    """

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        view = self.parent()
        # the style draws the text inside a margin of its focus frame's width + 1 on each side
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        width = max(view.viewport().width() - SECTION_ITEM_INSET - 2 * margin, 80)
        bounds = item.fontMetrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, item.text)
        return QSize(width, bounds.height() + SECTION_TEXT_PADDING)


class _FitSignals(QObject):
    done = Signal(list)


class _FitWorker(QRunnable):
    """Render the templates to find values too wide for their cells; a third of a second, so not on the GUI thread."""

    def __init__(self, form: FormDefinition, data: dict[str, Any]) -> None:
        super().__init__()
        self.form, self.data = form, data
        self.signals = _FitSignals()

    def run(self) -> None:
        from yn_forms.render.fit import fit_problems

        try:
            problems = fit_problems(self.form, self.data)
        except Exception:  # a broken user template is reported when generating; here it only hides hints
            problems = []
        self.signals.done.emit(problems)


class ReviewPage(QWidget):
    """All errors and warnings by section, each a click away; eligibility as a checklist."""

    jump = Signal(str)

    def __init__(self, form: FormDefinition) -> None:
        super().__init__()
        self.form = form
        self.problems: list[Problem] = []
        self.fit: list[Problem] = []
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
            item = QTreeWidgetItem([("错误 · " if p.is_error else "警告 · ") + p.title, p.message])
            item.setData(0, Qt.ItemDataRole.UserRole, p.path)
            item.setForeground(0, QColor("#c62828" if p.is_error else "#b26a00"))
            item.setToolTip(1, p.message)
            section.addChild(item)
        section.setExpanded(True)

    def show_fit(self, problems: list[Problem]) -> None:
        """Fit-before-print warnings, found by rendering the templates (in the background)."""
        self.fit = problems
        self.show_problems(self.problems)

    def show_problems(self, problems: list[Problem]) -> None:
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
        failed = {p.rule for p in problems}
        for rule in self.form.rules:
            ok = rule.id not in failed
            item = QTreeWidgetItem([rule.summary, rule.clause, "✔ 符合" if ok else ("✖ 不符合" if rule.severity ==
                                                                                   "error" else "⚠ 请核对")])
            item.setForeground(2, QColor("#2e7d32" if ok else "#c62828"))
            if not ok:
                item.setData(0, Qt.ItemDataRole.UserRole, rule.fields[0])
            self.checklist.addTopLevelItem(item)


class Wizard(QWidget):
    """Pages for every section of *form*, bound to *data*."""

    modified = Signal()
    page_changed = Signal(int)
    fit_checked = Signal(int)  # how many fit-before-print warnings the 审核 page now shows

    def __init__(self, form: FormDefinition, data: dict[str, Any]) -> None:
        super().__init__()
        self.form = form
        self.data = data
        self.problems: list[Problem] = []
        self.touched: set[str] = set()
        self.conditional = any(node.meta.get("shown_when") for node in walk_fields(form.model))
        self.show_all = False
        self.validate_timer = QTimer(self)
        self.validate_timer.setSingleShot(True)
        self.validate_timer.setInterval(250)
        self.validate_timer.timeout.connect(self.revalidate)

        self.sections = QListWidget()
        self.sections.setAccessibleName("章节")
        self.sections.setObjectName("sections")
        self.sections.setMinimumWidth(230)
        # long official titles (四、牵头和成员单位已建并正在运行的…) wrap instead of scrolling sideways
        self.sections.setWordWrap(True)
        self.sections.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.sections.setItemDelegate(SectionItemDelegate(self.sections))
        self.stack = QStackedWidget()
        self.pages: list[SectionPage] = []
        for name, info in form.model.model_fields.items():
            node = FieldNode((name,), info, info.annotation)
            page = SectionPage(name, node, self._bind, self.value)
            self.pages.append(page)
            self.stack.addWidget(page)
            self.sections.addItem(QListWidgetItem(info.title or name))
        self.review = ReviewPage(form)
        self.review.jump.connect(self.go_to_pointer)
        self.review.checklist.itemClicked.connect(self.review._activated)
        self.stack.addWidget(self.review)
        self.sections.addItem(QListWidgetItem(REVIEW_TITLE))
        for page in self.pages:  # not self.findChildren: the pages are not parented to us yet
            for group in page.findChildren(GroupEditor):
                self._adopt_group(group)

        self.progress = QProgressBar()
        self.progress.setFormat("完成 %p%")
        self.progress.setAccessibleName("完成进度")
        self.back_button = QPushButton("上一步")
        self.next_button = QPushButton("下一步")
        self.save_button = QPushButton("保存")
        self.preview_button = QPushButton("预览")
        self.preview_button.setToolTip("用 LibreOffice 生成 PDF，查看打印效果、打印，并核对签字盖章处")
        self.generate_button = QPushButton("生成申报材料")
        self.generate_button.setObjectName("primary")
        self.back_button.clicked.connect(lambda: self.go_to(self._neighbour(-1)))
        self.next_button.clicked.connect(lambda: self.go_to(self._neighbour(1)))
        self.sections.currentRowChanged.connect(self.go_to)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(form.name))
        side_layout.addWidget(self.sections, 1)
        side_layout.addWidget(self.progress)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.generate_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.sections.setCurrentRow(0)
        self._enable_other_texts()
        self.revalidate()

    # --- data binding -------------------------------------------------------------
    def value(self, pointer: str) -> Any:
        return get_at(self.data, pointer)

    def set_value(self, pointer: str, value: Any) -> None:
        set_at(self.data, pointer, value)
        self.modified.emit()
        self._enable_other_texts()
        for group in self.findChildren(GroupEditor):
            if pointer.startswith(group.pointer + "/") and pointer.endswith("/name"):
                group.rename_current()
        self.validate_timer.start()

    def _bind(self, editor: Editor) -> None:
        editor.load(self.value(editor.pointer))
        editor.edited.connect(lambda v, p=editor.pointer: self.set_value(p, v))
        editor.left.connect(lambda p=editor.pointer: self._left(p))

    def _adopt_group(self, group: GroupEditor) -> None:
        group.setter = self.set_value
        group.changed.connect(self.revalidate)
        group.shown.connect(self._enable_other_texts)

    def _enable_other_texts(self) -> None:
        """A 其他/其它 text can be typed only while its option is ticked (the printed brackets stay empty)."""
        for row in self.findChildren(FieldRow):
            choice = row.editor.node.meta.get("other_of")
            if not choice:
                continue
            chosen = self.value(row.pointer.rsplit("/", 1)[0] + "/" + choice)
            values = chosen if isinstance(chosen, list) else [chosen]
            row.editor.setEnabled(any(v in OTHER_OPTIONS for v in values))

    def _left(self, pointer: str) -> None:
        self.touched.add(pointer)
        self.revalidate()

    # --- validation -----------------------------------------------------------------
    def revalidate(self) -> None:
        self.validate_timer.stop()
        self.problems = validate(self.form, self.data)
        self._show_beside_fields()
        states = section_states(self.form, self.data, self.problems)
        for i, state in enumerate(states):
            item = self.sections.item(i)
            item.setHidden(state.state == "skipped")  # a section of the other kind of application
            item.setText(f"{state.title}\n    {STATE_MARKS[state.state]} {state.label}")
            item.setForeground(QColor(STATE_COLORS[state.state]))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{state.title} {state.label}")
        self._apply_conditions()
        self.progress.setValue(completeness(self.form, self.data, self.problems))
        self.review.show_problems(self.problems)

    def _apply_conditions(self) -> None:
        """Show only the fields that apply to the kind of application chosen (``shown_when``)."""
        if not self.conditional:
            return
        hidden = hidden_pointers(self.form.model, self.data)
        for page in self.pages:
            for widget in page.findChildren(QWidget):
                pointer = widget.property(POINTER_PROPERTY)
                if pointer:
                    widget.setVisible(not is_hidden(pointer, hidden))

    def _show_beside_fields(self) -> None:
        rows = self.findChildren(FieldRow)
        by_pointer = problems_by_row(rows, self.problems)
        for row in rows:
            visible = self.show_all or row.pointer in self.touched
            row.show_problems(by_pointer[row.pointer] if visible else [])

    # --- navigation -----------------------------------------------------------------
    def go_to(self, index: int) -> None:
        if not 0 <= index < self.stack.count():
            return
        if index == self.stack.count() - 1:  # the review page reveals every problem
            self.show_all = True
            self.revalidate()
            self.check_fit()
        changed = index != self.stack.currentIndex()
        self.stack.setCurrentIndex(index)
        self.sections.blockSignals(True)
        self.sections.setCurrentRow(index)
        self.sections.blockSignals(False)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < self.stack.count() - 1)
        if changed:
            self.page_changed.emit(index)

    def check_fit(self) -> None:
        """Start the fit-before-print check; its warnings join the 审核 page when ready."""
        worker = _FitWorker(self.form, copy.deepcopy(self.data))
        worker.signals.done.connect(self._fit_done)
        self._fit_worker = worker
        QThreadPool.globalInstance().start(worker)

    def _fit_done(self, problems: list[Problem]) -> None:
        self.review.show_fit(problems)
        self.fit_checked.emit(len(problems))

    def _neighbour(self, step: int) -> int:
        """The next page in *step*'s direction that applies (hidden sections are passed over)."""
        index = self.stack.currentIndex() + step
        while 0 <= index < self.sections.count() and self.sections.item(index).isHidden():
            index += step
        return index

    def go_to_pointer(self, pointer: str) -> None:
        """Show the page of *pointer* and put the cursor in its input (selecting a list item first)."""
        section = pointer.lstrip("/").split("/")[0]
        names = list(self.form.model.model_fields)
        if section not in names:
            return
        self.go_to(names.index(section))
        page = self.pages[names.index(section)]
        parts = pointer.lstrip("/").split("/")
        for group in page.findChildren(GroupEditor):
            gparts = group.pointer.lstrip("/").split("/")
            if parts[: len(gparts)] == gparts and len(parts) > len(gparts) and parts[len(gparts)].isdigit():
                group.list.setCurrentRow(int(parts[len(gparts)]))
        self.touched.add(pointer)
        self._show_beside_fields()
        best = None
        for row in page.findChildren(FieldRow):
            if pointer == row.pointer or pointer.startswith(row.pointer + "/") or row.pointer.startswith(pointer):
                best = row
                break
        if best is not None:
            page.ensureWidgetVisible(best)
            best.editor.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
            if hasattr(best.editor, "focus_pointer"):  # a table puts the cursor on the very cell
                best.editor.focus_pointer(pointer)

    def current_index(self) -> int:
        return self.stack.currentIndex()


def wizard_of(widget: QWidget) -> Wizard | None:
    """The wizard an input or a button sits in: the page-level tools (unit bar, packet buttons)
    are built by the pages, before and without a reference to the wizard that shows them."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, Wizard):
        parent = parent.parentWidget()
    return parent

