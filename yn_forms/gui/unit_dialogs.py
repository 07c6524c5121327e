"""The dialogs of the 单位信息库 shared by the unit bar and the units page: choose a unit, see what changes.

Both are opened window-modal with ``open()`` rather than ``exec()``: the flow goes
on from their signals, so the tests (and a screen reader) drive the real dialogs
without nested event loops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yn_forms.gui.clerk import clerk
from yn_forms.gui.palette import ERROR, OK, WARNING, colour_style
from yn_forms.gui.widgets import fit_to_screen

if TYPE_CHECKING:
    from yn_forms.core.units import UnitLibrary

FILL_TEXT = "从单位库填入…"
SAVE_TEXT = "保存到单位库"
EMPTY_TEXT = "（空）"
OK_COLOR, ERROR_COLOR = OK, ERROR


def page_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")  # styled as a page title by the app's style sheet
    label.setWordWrap(True)
    return label


def tool_button(text: str, slot: Callable[[], None], tip: str | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(text)
    if tip:
        button.setToolTip(tip)
        button.setAccessibleDescription(tip)
    button.clicked.connect(slot)
    return button


def open_library(parent: QWidget | None = None) -> UnitLibrary | None:
    """The library in the user data folder, or None after telling the clerk why it cannot be opened.

    The library (``core.units``: its SQLite file, the reading and filling of records) is imported here, when
    the clerk first uses a 单位库 button: a page with the bar does not pay for it when it is built."""
    from yn_forms.core.units import UnitLibrary, UnitLibraryError

    try:
        return UnitLibrary()
    except UnitLibraryError as exc:
        clerk().warn(parent, "单位信息库", str(exc))
        return None


def shown(value: Any) -> str:
    """A value of a draft as a list of changes shows it (a 近三年 figure year by year)."""
    if value is None or value == "" or value == []:
        return EMPTY_TEXT
    if isinstance(value, list) and all(isinstance(i, dict) and "year" in i for i in value):
        parts = [f"{i.get('year')}年 {i.get('value')}" for i in value if i.get("value") not in (None, "")]
        return "；".join(parts) or EMPTY_TEXT
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…（共{len(text)}字）"


# --- dialogs ------------------------------------------------------------------------------
class ChangesDialog(QDialog):
    """What an action would change, one row a field, before it is done: 覆盖保存 / 填入 or 取消."""

    def __init__(self, parent: QWidget | None, title: str, intro: str, headers: list[str],
                 rows: list[tuple[str, ...]], accept_text: str, note: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(len(rows), len(headers))
        self.table.setAccessibleName("将要改变的内容")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(clip(text, 120))  # a pasted 10,000-character text: a few lines, not a page
                item.setToolTip(clip(text, 2000))
                if c == len(row) - 1 and len(row) > 2:
                    item.setForeground(Qt.GlobalColor.darkBlue)  # the value that will stand afterwards
                self.table.setItem(r, c, item)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a list to read, not a grid to edit
        layout.addWidget(self.table, 1)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(colour_style(WARNING))
        self.note.setVisible(bool(note))
        layout.addWidget(self.note)
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.accept_button.setAccessibleName(accept_text)
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAccessibleName("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.accept_button.setDefault(True)
        self._fit_height()

    def _fit_height(self, width: int = 680) -> None:
        """As tall as its rows, so a short list has no empty grid under it; a long one scrolls.

        The rows are measured at the widths the columns will have: before the dialog is
        shown the stretched columns are still narrow, and a wrapped value would be measured
        ten times its height.
        """
        self.table.setMinimumWidth(width)
        header = self.table.horizontalHeader()
        self.table.resizeColumnToContents(0)
        first = min(self.table.columnWidth(0), width // 3)
        others = max(1, self.table.columnCount() - 1)
        rest = (width - first - 2 * self.table.frameWidth()) // others
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, first)
        for column in range(1, self.table.columnCount()):
            self.table.setColumnWidth(column, rest)
        self.table.resizeRowsToContents()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(1, self.table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        grid = self.table.horizontalHeader().sizeHint().height() + rows + 2 * self.table.frameWidth() + 2
        if grid <= 420:
            self.table.setFixedHeight(max(grid, 60))
        else:
            self.table.setMinimumHeight(420)  # a long import: the list scrolls
        fit_to_screen(self, max(720, self.width()), min(self.sizeHint().height(), 640))

    def rows(self) -> list[list[str]]:
        """The table as text, for the tests and for a screen reader's summary."""
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]


class ChooseUnitDialog(QDialog):
    """Search the library by name or code and pick a unit: ``chosen`` carries its record."""

    chosen = Signal(dict)

    def __init__(self, parent: QWidget | None, library: UnitLibrary, initial: str = "", target: str = "") -> None:
        super().__init__(parent)
        self.library = library
        self.setWindowTitle("从单位库填入")
        self.setAccessibleName("从单位库填入")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        fit_to_screen(self, 620, 420)
        layout = QVBoxLayout(self)
        where = f"选择要填入“{target}”的单位。" if target else ""
        prompt = QLabel(where + "输入单位名称的一部分，或统一社会信用代码的前几位查找：")
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.search = QLineEdit()
        self.search.setAccessibleName("查找单位")
        self.search.setPlaceholderText("如：锦川 或 91530")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.results = QListWidget()
        self.results.setAccessibleName("单位信息库中的单位")
        self.results.setSpacing(2)
        self.results.setUniformItemSizes(True)  # every result is two lines: measured once, not a hundred times a key
        layout.addWidget(self.results, 1)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.damaged = QLabel()  # rows of the library that could not be read: not offered, and said so
        self.damaged.setWordWrap(True)
        self.damaged.setStyleSheet(colour_style(WARNING))
        self.damaged.hide()
        layout.addWidget(self.damaged)
        buttons = QDialogButtonBox()
        self.fill_button = buttons.addButton("填入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.fill_button.setAccessibleName("填入")
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAccessibleName("取消")
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.refresh)
        self.results.itemActivated.connect(lambda _item: self._choose())
        self.results.currentRowChanged.connect(lambda row: self.fill_button.setEnabled(row >= 0))
        if initial and library.search(initial):
            self.search.setText(initial)  # the unit typed in the form so far, if the library knows it
        self.refresh()

    def refresh(self) -> None:
        from yn_forms.core.units import UnitLibraryError

        text = self.search.text()
        self.results.clear()
        try:
            found = self.library.search(text)
        except UnitLibraryError as exc:  # busy (another program writing it) or damaged since it was opened
            self.fill_button.setEnabled(False)
            self.empty.setText(f"{exc}\n请稍后再输入一次查找内容。")
            self.empty.setVisible(True)
            return
        for unit in found:
            details = [unit.credit_code or "无统一社会信用代码"]
            details += [f"{label} {unit.record[key]}" for key, label in (("legal_rep", "法定代表人"),
                                                                         ("contact", "联系人"))
                        if unit.record.get(key)]
            item = QListWidgetItem(f"{unit.name}\n    " + " · ".join(details))
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, unit.describe())
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        self.fill_button.setEnabled(bool(found))
        if not found:
            self.empty.setText("没有找到。" if text.strip() else
                               "单位信息库还是空的。填好一家单位后点“保存到单位库”，"
                               "或在 工具 › 单位信息库… 中从 Excel 导入。")
        self.empty.setVisible(not found)
        bad = len(self.library.damaged)
        self.damaged.setText(f"单位库中有 {bad} 条记录已损坏，未列出（详见 工具 › 单位信息库…）。" if bad else "")
        self.damaged.setVisible(bool(bad))

    def _choose(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        unit = self.library.get(int(item.data(Qt.ItemDataRole.UserRole)))
        if unit is None:
            return
        self.accept()
        self.chosen.emit(unit.record)
