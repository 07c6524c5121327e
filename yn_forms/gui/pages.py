"""Wizard pages generated from a form's model: rows of label, input, help and problems.

A page is built for a section model at a base pointer; nested sections become
group boxes, a repeatable group (the member units) becomes a list with its own
editor for the selected item. Nothing here knows which form it is showing, nor who
shows it: the page context (``gui.context``) brings the document and the tools.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.document import Event
from yn_forms.core.formdef import FieldNode, is_list, model_of
from yn_forms.core.items import item_index, item_name
from yn_forms.core.kinds import kind_of
from yn_forms.core.operations import add_item, copy_item, move_item, remove_item
from yn_forms.core.problems import Problem, parent_pointer
from yn_forms.gui.context import PageContext
from yn_forms.gui.editor_map import editor_entry, has_editor
from yn_forms.gui.editors import Editor, problem_lines
from yn_forms.gui.inputs import make_editor
from yn_forms.gui.palette import REQUIRED_MARK, colour_style, problems_colour
from yn_forms.gui.widgets import OneLine, heading


@cache
def help_width() -> int:
    """The room a “?” button takes beside an input, with the layout's spacing before it."""
    probe = QToolButton()
    probe.setText("?")
    return probe.sizeHint().width() + QHBoxLayout().spacing() + 1


class FieldRow(QWidget):
    """An input with its help (the “?” button, or F1 in the input) and one line for its problems.

    The problem line is always there, empty while there is nothing to say: a problem shown
    as the clerk leaves the field fills it, and nothing on the page moves under the mouse.
    Several problems show the first, with the others in its tooltip and on 审核.
    """

    def __init__(self, editor: Editor, help_text: str | None) -> None:
        super().__init__()
        self.editor = editor
        self.pointer = editor.pointer
        self.help_text = help_text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        line = QHBoxLayout()
        line.addWidget(editor, 1)
        if not help_text:  # the inputs of a page end in one line, with a “?” or without
            line.addSpacing(help_width())
        if help_text:
            button = QToolButton()
            button.setText("?")
            button.setToolTip(f"{help_text}\n（在填写框中按 F1 也可查看）")
            button.setAccessibleName(f"{editor.node.title} 说明")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F1 shows it from the keyboard
            button.clicked.connect(self.show_help)
            self.help_button = button
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(line)
        # F1's guidance opens here, under the input, pushing the next rows down rather than covering the
        # next field's value as a tooltip did; it closes as the clerk leaves the field (or presses F1 again)
        self.help_label = QLabel()
        self.help_label.setObjectName("fieldHelp")
        self.help_label.setWordWrap(True)
        self.help_label.setTextFormat(Qt.TextFormat.PlainText)
        self.help_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # its look is the app's style sheet's (gui.app.STYLE, QLabel#fieldHelp): a style sheet of its own, on each
        # row, had Qt work out a style for every row's label as the page was built
        self.help_label.hide()
        layout.addWidget(self.help_label)
        editor.left.connect(self.hide_help)
        self.problem_label = OneLine()
        self.problem_label.setObjectName("problem")
        layout.addWidget(self.problem_label)

    @property
    def shown_help(self) -> str:
        """The guidance open under the input, "" when none is."""
        return self.help_label.text() if not self.help_label.isHidden() else ""

    def show_help(self) -> None:
        """The field's guidance under it; a field without any says so, rather than F1 doing nothing."""
        if self.shown_help:
            self.hide_help()
            return
        self.help_label.setText(self.help_text or f"“{self.editor.node.title}”按表格要求如实填写，没有其他说明。")
        self.help_label.setAccessibleName(f"{self.editor.node.title} 说明")
        self.help_label.show()

    def hide_help(self) -> None:
        self.help_label.hide()

    def show_problems(self, problems: list[Problem]) -> None:
        if hasattr(self.editor, "mark_problems"):  # a table marks the cells themselves too
            self.editor.mark_problems(problems)
        if not problems or getattr(self.editor, "shows_own_problems", False):  # the 证明材料 page: in each box
            self.problem_label.set_full_text("")
            return
        self.problem_label.setStyleSheet(colour_style(problems_colour(problems)))
        self.problem_label.set_full_text("\n".join(problem_lines(problems)))


class FieldBox(QGroupBox):
    """A box of fields judged together (成员单位数: 企业, 高校, 科研院所): what is wrong with the box as a
    whole — its parts do not add up to the members listed — is said under it, in words that wrap. Before,
    such a problem was counted on the side list and named on 审核, but shown nowhere on the page."""

    def __init__(self, title: str, pointer: str) -> None:
        super().__init__(plain_title(title))
        self.pointer = pointer
        mark_pointer(self, pointer)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.hide()

    def show_problems(self, problems: list[Problem]) -> None:
        self.problem_label.setVisible(bool(problems))
        self.problem_label.setStyleSheet(colour_style(problems_colour(problems)) if problems else "")
        self.problem_label.setText("\n".join(problem_lines(problems)))
        self.problem_label.setAccessibleDescription(self.problem_label.text())


#: how wide a page grows on a large screen (inputs 1,100 px wide are hard to read)
PAGE_MAX_WIDTH = 900
#: a label's offset from the top of its row, to stand level with a one-line input
LABEL_TOP = 3
#: room under a label: one of three lines (联合体内已建并正在运行的国家级…) does not touch the next row's
LABEL_BOTTOM = 8
#: the member list beside a member's table: wide enough for a unit's name, narrow enough for 1024×700
LIST_WIDTH = 210


def problems_by_row(rows: list[FieldRow | FieldBox], problems: list[Problem]) -> dict[str, list[Problem]]:
    """Each problem under the input it belongs to; one inside a field (one year of 近三年, one
    row of a table) goes to the nearest enclosing input."""
    by_pointer: dict[str, list[Problem]] = {row.pointer: [] for row in rows}
    for problem in problems:
        pointer = problem.path
        while pointer and pointer not in by_pointer:
            pointer = parent_pointer(pointer)
        if pointer:
            by_pointer[pointer].append(problem)
    return by_pointer


def field_row(node: FieldNode, pointer: str, context: PageContext, help_text: str | None) -> FieldRow:
    """The input of one field, bound to the draft at its pointer, with its help and its problems."""
    editor = make_editor(node, pointer)
    context.binding.bind(editor)
    return FieldRow(editor, help_text)


POINTER_PROPERTY = "yn_pointer"


def mark_pointer(widget: QWidget, pointer: str) -> QWidget:
    """Tag a label, input or box with its field, so the wizard can hide fields that do not apply."""
    widget.setProperty(POINTER_PROPERTY, pointer)
    return widget


def plain_title(text: str) -> str:
    """A title as a Qt widget shows it: an & is printed, not turned into a keyboard shortcut (R&D)."""
    return text.replace("&", "&&")


#: a short bracket in a label (a unit, 万元; a 职称 or 学位 kind): at 125 % “近三年R&D投入(万元)” broke as “(万 / 元)”
SHORT_BRACKET = re.compile(r"[（(][^()（）]{1,4}[)）]")
WORD_JOINER = "\u2060"  # no line break here (UAX #14 class WJ), and nothing drawn


def keep_brackets_whole(text: str) -> str:
    """A label whose short brackets wrap as one piece, onto the next line if they must."""
    return SHORT_BRACKET.sub(lambda m: WORD_JOINER.join(m.group(0)), text)


def _label(node: FieldNode) -> QLabel:
    # rich text (for the red *) with a buddy: Qt still reads an “&” of the shown text as a shortcut mark,
    # so it is doubled as in plain text, then escaped as HTML — “近三年R&D投入” keeps its &
    text = html.escape(keep_brackets_whole(plain_title(node.title)))
    text += REQUIRED_MARK if node.meta.get("required") else ""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setContentsMargins(0, LABEL_TOP, 0, LABEL_BOTTOM)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def no_input() -> QLabel:
    """What stands where a field's kind has no input in this version of the wizard."""
    label = QLabel("这一版本的向导还不能在这里填写。")
    label.setObjectName("pageHint")
    label.setWordWrap(True)
    return label


def build_fields(model: type[BaseModel], base: str, context: PageContext, prefix: tuple[str, ...] = ()) -> QWidget:
    """A widget with one row per field of *model* (in printed order) bound under *base*."""
    widget = QWidget()
    form = QFormLayout(widget)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    # a label stands level with its input, not with the input and its problem line together
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setVerticalSpacing(2)
    for name, info in model.model_fields.items():
        node = FieldNode((*prefix, name), info, info.annotation)
        pointer = f"{base}/{name}"
        sub = model_of(info.annotation)
        if sub is not None and is_list(info.annotation) and kind_of(info).members:
            form.addRow(mark_pointer(GroupEditor(node, sub, pointer, context), pointer))
        elif sub is not None and not is_list(info.annotation):
            box = FieldBox(node.title, pointer)
            inner = QVBoxLayout(box)
            inner.addWidget(build_fields(sub, pointer, context, node.path))
            inner.addWidget(box.problem_label)
            form.addRow(box)
        elif not has_editor(node):
            form.addRow(mark_pointer(_label(node), pointer), mark_pointer(no_input(), pointer))
        else:
            row = mark_pointer(field_row(node, pointer, context, node.meta.get("help")), pointer)
            label = mark_pointer(_label(node), pointer)
            label.setBuddy(row.editor.focus_target())
            if editor_entry(node).wide:  # a long answer, check boxes, a table: under its label, the page's width
                form.addRow(label)
                form.addRow(row)
            else:
                form.addRow(label, row)
    return widget


class SectionPage(QScrollArea):
    """One wizard page: a section of the official attachment."""

    def __init__(self, name: str, node: FieldNode, context: PageContext) -> None:
        super().__init__()
        self.name = name
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(heading(node.title))
        if node.meta.get("help"):
            hint = QLabel(node.meta["help"])
            hint.setWordWrap(True)
            hint.setObjectName("pageHint")
            layout.addWidget(hint)
        sub = model_of(node.annotation)
        kind = kind_of(node.info)
        grows = False
        # 从单位库填入 / 保存到单位库 (a repeatable group has them on each of its items)
        if sub is not None and not kind.members:
            tools = context.section_tools(context, sub, f"/{name}", node.title, kind.in_rows)
            if tools is not None:
                layout.addWidget(tools)
        if (sub is None or kind.in_rows) and not has_editor(node):
            layout.addWidget(no_input())
        elif sub is None or kind.in_rows:
            # a section that is one answer (一、技术创新目标) or one table: the heading is its label
            # and the help is shown above, so the row carries neither; a long answer grows with the window
            grows = editor_entry(node).grows
            layout.addWidget(field_row(node, f"/{name}", context, None), 1 if grows else 0)
        elif is_list(node.annotation):
            layout.addWidget(GroupEditor(node, sub, f"/{name}", context))
        else:
            layout.addWidget(build_fields(sub, f"/{name}", context, (name,)))
        if not grows:
            layout.addStretch(1)
        # on a large screen the inputs keep a readable width instead of running across it
        body.setMaximumWidth(PAGE_MAX_WIDTH)
        self.setWidget(body)

    def rows(self) -> list[FieldRow]:
        return self.findChildren(FieldRow)


class GroupEditor(QWidget):
    """A repeatable group (成员单位): 添加 / 删除 / 上移 / 下移 / 复制, and the selected item's table.

    It writes through the draft's named steps and repaints from the draft's events, so an
    undone 删除 brings the member back here, and a unit added by an import or a packet
    reply appears without anyone reloading the list.
    """

    def __init__(self, node: FieldNode, model: type[BaseModel], pointer: str, context: PageContext) -> None:
        super().__init__()
        self.node, self.model, self.pointer, self.context = node, model, pointer, context
        self.form, self.document = context.form, context.document
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        side = QWidget()
        side.setFixedWidth(LIST_WIDTH)  # the member's table gets the rest, so 1024×700 needs no side scroll
        left = QVBoxLayout(side)
        left.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setAccessibleName(node.title)
        self.list.setMaximumHeight(360)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(4)
        for i, (text, slot, tip) in enumerate((
                ("添加", self.add, "添加一项，光标进入其第一栏"),
                ("删除", self.remove, "删除选中的一项（可按 Ctrl+Z 撤销）"),
                ("复制", self.duplicate, "复制选中的一项，放在它后面"), ("上移", self.up, "选中的一项上移一位"),
                ("下移", self.down, "选中的一项下移一位"))):
            button = QPushButton(text)
            button.setAccessibleName(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            grid.addWidget(button, i // 3, i % 3)
            self.buttons[text] = button
        left.addWidget(self.list)
        left.addLayout(grid)
        for button in self.buttons.values():  # an application looked at: its items are shown, not changed
            button.setHidden(context.binding.read_only)
        tools = context.group_tools(context, self)  # 发送/导入数据包, Excel
        if tools is not None:
            left.addLayout(tools)
        left.addStretch(1)
        layout.addWidget(side, 0, Qt.AlignmentFlag.AlignTop)
        self.detail = QVBoxLayout()
        layout.addLayout(self.detail, 1)
        self.current: QWidget | None = None
        self.shown_index = -1
        self.list.currentRowChanged.connect(self._show)
        watch = self.document.watch(pointer, self._changed)
        self.destroyed.connect(watch.cancel)
        self.refresh()

    def items(self) -> list[Any]:
        value = self.document.get(self.pointer)
        return value if isinstance(value, list) else []

    def _text(self, index: int, item: Any) -> str:
        return f"{index + 1}. {item_name(self.form, self.pointer, item) or '（未命名）'}"

    def refresh(self, select: int | None = None) -> None:
        items = self.items()
        self.list.blockSignals(True)
        self.list.clear()
        for i, item in enumerate(items):
            self.list.addItem(self._text(i, item))
        row = select if select is not None else (0 if items else -1)
        self.list.setCurrentRow(min(row, len(items) - 1))
        self.list.blockSignals(False)
        self._show(self.list.currentRow())

    def _changed(self, event: Event) -> None:
        """Repaint from the draft: a new list (added, removed, moved, undone) or one item renamed."""
        items = self.items()
        if all(p.startswith(self.pointer + "/") for p in event.pointers) and self.list.count() == len(items):
            for p in event.pointers:  # inside items: only their names may have changed
                index = item_index(self.pointer, p)
                if index is not None and index < len(items) and self.list.item(index) is not None:
                    self.list.item(index).setText(self._text(index, items[index]))
            return
        focus = event.step.focus if event.step is not None else ""
        select = self.list.currentRow()
        if (focused := item_index(self.pointer, focus)) is not None:
            select = focused
        select = max(min(select, len(items) - 1), 0 if items else -1)
        previous = self.shown_index
        self.list.blockSignals(True)
        self.list.clear()
        for i, item in enumerate(items):
            self.list.addItem(self._text(i, item))
        self.list.setCurrentRow(select)
        self.list.blockSignals(False)
        if select != previous or self.current is None:
            self._show(select)  # the inputs of an item still shown repaint themselves from the draft

    def _show(self, index: int) -> None:
        if self.current is not None:
            self.current.setParent(None)
            self.current.deleteLater()
            self.current = None
        self.shown_index = index
        if index < 0 or index >= len(self.items()):
            self.shown_index = -1
            noun = self.node.meta.get("item_noun") or "项"
            more = "，或从 Excel 表格、成员单位发回的数据包导入。" if self.buttons.get("导入数据包…") else "。"
            empty = QLabel(f"还没有{noun}。点“添加”新增一项{more}")
            empty.setObjectName("pageHint")
            empty.setWordWrap(True)
            empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.detail.addWidget(empty)
            self.current = empty
            return
        box = QGroupBox(plain_title(f"{self.node.title}（第{index + 1}项）"))
        inner = QVBoxLayout(box)
        tools = self.context.section_tools(self.context, self.model, f"{self.pointer}/{index}", box.title(), False)
        if tools is not None:
            inner.addWidget(tools)
        inner.addWidget(build_fields(self.model, f"{self.pointer}/{index}", self.context, (*self.node.path, "*")))
        self.detail.addWidget(box)
        box.show()  # a layout shows new children only on the next event loop turn
        self.current = box

    def select(self, index: int) -> None:
        """Show the item at *index* (a problem or an undone step there was clicked)."""
        if 0 <= index < self.list.count() and index != self.list.currentRow():
            self.list.setCurrentRow(index)

    def add(self) -> None:
        add_item(self.document, self.form, self.pointer)
        self.focus_first_input()

    def focus_first_input(self) -> None:
        """The cursor in the first input of the item shown: typing after 添加 fills the new unit."""
        rows = self.current.findChildren(FieldRow) if self.current is not None else []
        if rows:
            rows[0].editor.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)

    def remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.items()):
            label = remove_item(self.document, self.form, self.pointer, row)
            self.context.status(f"已{label}。按 Ctrl+Z 可撤销。")

    def _move(self, delta: int) -> None:
        row = self.list.currentRow()
        move_item(self.document, self.form, self.pointer, row, row + delta)

    def up(self) -> None:
        self._move(-1)

    def down(self) -> None:
        self._move(1)

    def duplicate(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.items()):
            copy_item(self.document, self.form, self.pointer, row)
