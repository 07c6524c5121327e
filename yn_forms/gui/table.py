"""A small table of the attachment (科研团队, 创新平台, 项目) as an editable grid.

A field declared ``list[RowSection]`` with ``kind="table"`` is printed as a table:
one column per field of the row model, one row per item. The clerk fills it like
the printed table, cell by cell; each cell takes the input its field would take
anywhere else (万元 with 2 places, whole counts, the printed options, YYYY-MM), and
the value goes back as the same JSON the CLI reads, so a draft saved here validates
and fills like any other. Nothing here knows which form it is showing, nor writes the
draft itself: a cell typed and a row added are announced (``cell_edited``,
``rows_requested``) and the binding turns them into steps of the draft document.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.formdef import FieldNode, model_of, options_of
from yn_forms.core.kinds import Kind, kind_of
from yn_forms.core.problems import Problem, list_index, split_pointer
from yn_forms.gui.editor_map import CHOICE, SUGGEST, EditorEntry, editor_entry
from yn_forms.gui.editors import Editor, offer, prepare_line_edit, problem_lines
from yn_forms.gui.palette import ERROR_BACKGROUND, WARNING_BACKGROUND

#: cell backgrounds of a problem, as light as the problem texts beside a field are strong
MARK_COLORS = {"error": QColor(ERROR_BACKGROUND), "warning": QColor(WARNING_BACKGROUND)}
EMPTY_ROWS_SHOWN = 3  # an empty table still looks like the printed one: a header and a few rows
MAX_CELL_TEXT = 420  # a long answer wraps in its cell rather than taking the whole table

Index = QModelIndex | QPersistentModelIndex


def describe(item: QTableWidgetItem) -> None:
    """What a screen reader says after a cell's name (“姓名 第2行”): its value, then its problems."""
    problems = item.toolTip()
    item.setData(Qt.ItemDataRole.AccessibleDescriptionRole,
                 (item.text() or "（空）") + ("\n" + problems if problems else ""))


@dataclass(frozen=True)
class Column:
    """One field of the row model: what its cells take (its kind's input, ``editor_map``) and how its header reads."""

    key: str
    node: FieldNode
    kind: Kind
    entry: EditorEntry
    options: tuple[str, ...]

    @property
    def narrow(self) -> bool:
        """Short answers alike (a number, a month, an option) get their header's width; the names and
        units share what is left, so 5–7 columns fit the page."""
        return self.entry.line.short or self.entry.cell == CHOICE

    @property
    def header(self) -> str:
        unit = self.node.meta.get("unit")
        title = self.node.title
        return f"{title}（{unit}）" if unit and unit not in title else title

    def text(self, value: Any) -> str:
        """What a cell of this column shows for a value (a month as the form prints it)."""
        return self.kind.shown(value)

    def value(self, text: str) -> Any:
        """The JSON value of *text* typed or chosen in a cell of this column (the empty option: none chosen)."""
        if self.entry.cell == CHOICE:
            return text or None
        return self.kind.parse(text)


def columns_of(node: FieldNode, model: type[BaseModel]) -> list[Column]:
    """The columns of a table field, in the printed order of the row model's fields."""
    columns = []
    for key, info in model.model_fields.items():
        cell = FieldNode((*node.path, "*", key), info, info.annotation)
        kind, entry = kind_of(info), editor_entry(cell)
        if not entry.cell:
            raise TypeError(f"{node.title}·{cell.title}: a table cell cannot hold a {kind.name!r} field")
        columns.append(Column(key, cell, kind, entry, tuple(options_of(cell))))
    return columns


class CellDelegate(QStyledItemDelegate):
    """The one delegate of a table: each cell's input is picked from its column's field.

    A cell commits as it is typed, like every other input of the wizard, so a draft
    saved (Ctrl+S) while a cell is still open holds what is on screen.
    """

    def __init__(self, owner: TableEditor) -> None:
        super().__init__(owner)
        self.owner = owner

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = self.owner.columns[index.column()]
        self.owner.editing = (index.row(), index.column(), self.owner.cell_value(index.row(), index.column()))
        if column.entry.cell in (CHOICE, SUGGEST):
            combo = QComboBox(parent)
            combo.installEventFilter(self.owner)  # the draft's Ctrl+Z, not the cell's
            if column.entry.cell == CHOICE:
                combo.addItem("")  # “not chosen”, as the printed 国家/省级 left blank
                combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
                combo.addItems(self.owner.column_options(column))
            else:
                combo.setEditable(True)
                combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                combo.addItems(self.owner.column_options(column))
                offer(combo)
                # connected once filled: filling it is not the clerk's typing
                combo.editTextChanged.connect(lambda _t, c=combo: self.commitData.emit(c))
            widget: QWidget = combo
        else:
            edit = QLineEdit(parent)
            edit.installEventFilter(self.owner)
            prepare_line_edit(edit, column.entry.line)
            edit.textEdited.connect(lambda _t, e=edit: self.commitData.emit(e))
            widget = edit
        widget.setAccessibleName(self.owner.cell_name(index.row(), index.column()))
        return widget

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        text = self.owner.columns[index.column()].text(self.owner.cell_value(index.row(), index.column()))
        if isinstance(editor, QComboBox):
            if editor.isEditable():
                if editor.currentText() != text:
                    editor.blockSignals(True)  # showing the cell's value is not an edit to commit
                    editor.setEditText(text)
                    editor.blockSignals(False)
                return
            if editor.findText(text) < 0:  # a value from a file that is not an option: shown, kept
                editor.addItem(text)
            editor.setCurrentIndex(editor.findText(text))
        elif isinstance(editor, QLineEdit) and editor.text() != text:
            # only when it differs: a problem mark set on the cell must not move the cursor
            editor.setText(text)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        text = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
        self.owner.commit_cell(index.row(), index.column(), text)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        # a wrapped cell can be tall: the editor keeps one line's height at the top of the cell
        rect = option.rect
        rect.setHeight(min(rect.height(), editor.sizeHint().height()))
        editor.setGeometry(rect)


def pasted_block(text: str) -> list[list[str]]:
    """Rows of cells from the clipboard: tab-separated lines as Excel and WPS copy them (a cell holding a
    line break or a tab comes in quotes), or one cell's text."""
    text = text.replace("\r\n", "\n").rstrip("\n")
    if not text:
        return []
    if "\t" not in text and '"' not in text:
        return [[line] for line in text.split("\n")]
    return [row for row in csv.reader(io.StringIO(text), delimiter="\t") if row] or [[text]]


class Grid(QTableWidget):
    """The cells of a table; Tab walks them in reading order and leaves after the last one.

    Qt's table wraps Tab from the last cell round to the first, which traps a keyboard
    user in the table; after the last cell Tab goes on (to 添加行), as everywhere else.
    Ctrl+V on a selected cell pastes into it (and, for a block copied from Excel, the cells
    right of it and below, rows added as needed): ``paste`` tells its owner the text.
    """

    paste = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste) and self.state() != QAbstractItemView.State.EditingState:
            self.paste.emit(QGuiApplication.clipboard().text())
            event.accept()
            return
        super().keyPressEvent(event)

    def _at_edge(self, forward: bool) -> bool:
        if self.rowCount() == 0:
            return True
        if forward:
            return self.currentRow() == self.rowCount() - 1 and self.currentColumn() == self.columnCount() - 1
        return self.currentRow() <= 0 and self.currentColumn() <= 0

    def focusNextPrevChild(self, forward: bool) -> bool:
        if self._at_edge(forward):
            return QWidget.focusNextPrevChild(self, forward)
        return super().focusNextPrevChild(forward)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        forward = hint == QAbstractItemDelegate.EndEditHint.EditNextItem
        if (forward or hint == QAbstractItemDelegate.EndEditHint.EditPreviousItem) and self._at_edge(forward):
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            QWidget.focusNextPrevChild(self, forward)
            return
        super().closeEditor(editor, hint)


class TableEditor(Editor):
    """A ``kind="table"`` list of rows: 添加行 / 删除行 / 上移 / 下移, and cells edited in place."""

    cell_edited = Signal(int, str, object)  # row, the column's field, the value typed
    rows_requested = Signal(str, int, int)  # "add" / "remove" / "move", the row, where it goes
    rows_pasted = Signal(int, object)  # the first row, and each row's values by field (rows added as needed)

    def __init__(self, node: FieldNode, pointer: str, parent: QWidget | None = None) -> None:
        super().__init__(node, pointer, parent)
        model = model_of(node.annotation)
        if model is None:
            raise TypeError(f"{node.title}: kind='table' needs a list of sections")
        self.model = model
        self.columns = columns_of(node, model)
        self.rows: list[Any] = []
        self.names: dict[str, list[str]] = {}  # offered names of the columns that declare choices_from
        #: the cell being edited and its value before: Esc puts it back (cells commit as typed)
        self.editing: tuple[int, int, Any] | None = None
        # parented first, so Tab goes through the cells before the buttons above them: after the
        # last cell comes 添加行, as a clerk filling the table row by row needs next
        self.table = Grid(0, len(self.columns), self)
        self.table.setAccessibleName(node.title)
        self.table.setItemDelegate(CellDelegate(self))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.SelectedClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(True)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._set_up_columns()
        self.table.itemDelegate().closeEditor.connect(self._editor_closed)
        self.table.verticalHeader().sectionResized.connect(lambda *_: self._fit_height())
        # wrapped cells change height when the columns stretch with the window: measured again once
        # the layout has settled (Qt's own resize-to-contents misses widths set after the rows)
        self._rewrap = QTimer(self)
        self._rewrap.setSingleShot(True)
        self._rewrap.setInterval(0)
        self._rewrap.timeout.connect(self._fit_rows)
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self._rewrap.start())
        self.table.paste.connect(self.paste)
        self.report_leaving(self.table)

        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for text, slot in (("添加行", self.add_row), ("删除行", self.remove_row), ("上移", self.move_up),
                           ("下移", self.move_down)):
            button = QPushButton(text)
            button.setAccessibleName(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[text] = button
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self._fill()

    def _set_up_columns(self) -> None:
        header = self.table.horizontalHeader()
        wide = [i for i, c in enumerate(self.columns) if not c.narrow]
        for i, column in enumerate(self.columns):
            item = QTableWidgetItem(column.header)
            help_text = column.node.meta.get("help")
            if help_text:
                item.setToolTip(help_text)
            self.table.setHorizontalHeaderItem(i, item)
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
            if i not in wide:
                header.resizeSection(i, self._narrow_width(column))
        header.setStretchLastSection(False)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.setMinimumSectionSize(self.table.fontMetrics().height() + 12)  # a one-line row as tall as an input
        rows.setDefaultSectionSize(rows.minimumSectionSize())

    def _fit_columns(self) -> None:
        """Short answers (numbers, months, options) get their width; the text columns share the rest by
        how long their texts are — a unit's name gets room, a person's name does not need it — each at
        least as wide as its header, and a text wraps only when the page is too narrow for all of it."""
        available = self.table.viewport().width()
        if available <= 0:
            return
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        wide = [i for i, c in enumerate(self.columns) if not c.narrow]
        if not wide:
            return
        fixed = sum(self._narrow_width(c) for i, c in enumerate(self.columns) if i not in wide)
        least = {i: max(header.fontMetrics().horizontalAdvance(self.columns[i].header),
                        metrics.horizontalAdvance("四个汉字")) + 24 for i in wide}
        needs = {}
        for i in wide:
            texts = [self.columns[i].text(self.cell_value(r, i)) for r in range(len(self.rows))]
            needs[i] = max([least[i]] + [min(metrics.horizontalAdvance(t), MAX_CELL_TEXT) + 24 for t in texts])
        room = available - fixed - sum(least.values())
        extra = {i: needs[i] - least[i] for i in wide}
        wanted = sum(extra.values())
        for i in wide:
            if room <= 0:
                width = least[i]
            elif wanted <= room:  # everything fits on one line: the spare room goes to the text columns
                width = needs[i] + (room - wanted) // len(wide)
            else:
                width = least[i] + extra[i] * room // max(wanted, 1)
            header.resizeSection(i, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _narrow_width(self, column: Column) -> int:
        """Wide enough for the header, every option (and a combo box's arrow) or a typical value."""
        cells = self.table.fontMetrics()
        width = max([cells.horizontalAdvance(t) for t in (*column.options, column.entry.line.sample)]
                    + [self.table.horizontalHeader().fontMetrics().horizontalAdvance(column.header)])
        return width + (48 if column.entry.cell == CHOICE else 24)

    # --- values ------------------------------------------------------------------
    def cell_name(self, row: int, column: int) -> str:
        """What a screen reader (and a test) calls a cell: “姓名 第2行”."""
        return f"{self.columns[column].node.title} 第{row + 1}行"

    def column_options(self, column: Column) -> list[str]:
        """What a cell of *column* offers: its printed options, or the application's own units."""
        return self.names.get(column.key, list(column.options))

    def set_column_options(self, key: str, names: list[str]) -> None:
        self.names[key] = names

    def cell_value(self, row: int, column: int) -> Any:
        item = self.rows[row] if 0 <= row < len(self.rows) else None
        return item.get(self.columns[column].key) if isinstance(item, dict) else None

    def commit_cell(self, row: int, column: int, text: str) -> None:
        """Store what a cell's input holds; a cell merely opened and closed changes nothing. Spaces before
        and after go (nobody sees them; see LineEditor._trim)."""
        text = text.strip()
        if not 0 <= row < len(self.rows) or text == self.columns[column].text(self.cell_value(row, column)):
            return
        if not isinstance(self.rows[row], dict):
            self.rows[row] = {}
        value = self.columns[column].value(text)
        self.rows[row][self.columns[column].key] = value
        item = self.table.item(row, column)
        if item is not None:
            item.setText(self.columns[column].text(value))
            describe(item)
            self.table.resizeRowToContents(row)  # a longer answer wraps onto another line as it is typed
            self._fit_height()
        if not self._loading:
            self.cell_edited.emit(row, self.columns[column].key, copy.deepcopy(value))

    def _editor_closed(self, _editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """A cell is done: Esc undoes what was typed in it; either way the field counts as left."""
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache and self.editing is not None:
            row, column, before = self.editing
            self.commit_cell(row, column, self.columns[column].text(before))
        self.editing = None
        self.left.emit()

    def set_value(self, value: Any) -> None:
        # the items are copied: keys this table has no column for stay in the draft untouched
        self.rows = copy.deepcopy(value) if isinstance(value, list) else []
        self._fill(self.table.currentRow(), self.table.currentColumn())

    def _fill(self, current: int | None = None, column: int | None = None) -> None:
        self.table.setRowCount(len(self.rows))
        for row in range(len(self.rows)):
            for column in range(len(self.columns)):
                item = QTableWidgetItem(self.columns[column].text(self.cell_value(row, column)))
                item.setData(Qt.ItemDataRole.AccessibleTextRole, self.cell_name(row, column))
                if self.columns[column].entry.line.right:  # 万元 line up by their decimals, as in a ledger
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                describe(item)
                self.table.setItem(row, column, item)
        if current is not None and 0 <= current < len(self.rows):
            self.table.setCurrentCell(current, column if column is not None else max(self.table.currentColumn(), 0))
        self._fit_columns()
        self._fit_rows()
        QTimer.singleShot(0, self, self._refit)  # again once the page has its real width

    def _refit(self) -> None:
        with contextlib.suppress(RuntimeError):  # the table went before the turn of the event loop
            self._fit_columns()
            self._fit_rows()

    def _fit_rows(self) -> None:
        """Each row as tall as its wrapped text, and the table as tall as its rows."""
        self.table.resizeRowsToContents()
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as its rows (the page scrolls, not the table), and a few empty rows when empty."""
        table = self.table
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        rows += table.verticalHeader().defaultSectionSize() * max(EMPTY_ROWS_SHOWN - table.rowCount(), 0)
        scroll = table.horizontalScrollBar()
        extra = scroll.sizeHint().height() if scroll.isVisible() else 0
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth() + extra)

    def paste(self, text: str) -> None:
        """Cells pasted from the selected one on: each read as its column reads what is typed; columns past
        the last are dropped, rows past the last added — one step of the draft (``rows_pasted``)."""
        block = pasted_block(text)
        if not block or not self.isEnabled():
            return
        first = self.table.currentRow() if self.table.currentRow() >= 0 else len(self.rows)
        left = max(self.table.currentColumn(), 0)
        rows = []
        for cells in block:
            values = {}
            for offset, cell in enumerate(cells[:len(self.columns) - left]):
                column = self.columns[left + offset]
                values[column.key] = column.value(cell.strip())
            rows.append(values)
        self.rows_pasted.emit(first, rows)
        if first < self.table.rowCount():
            self.table.setCurrentCell(first, left)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- rows --------------------------------------------------------------------
    def _request(self, action: str, row: int, to: int, current: int, column: int | None = None) -> None:
        """Ask for a row change; the draft answers by loading the rows again, then the cursor goes to *current*."""
        self.rows_requested.emit(action, row, to)
        if 0 <= current < self.table.rowCount():
            self.table.setCurrentCell(current, column if column is not None else max(self.table.currentColumn(), 0))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_row(self) -> None:
        end = len(self.rows)
        self._request("add", end, end, end, 0)  # typing now fills the new row's first cell

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self._request("remove", row, row, min(row, len(self.rows) - 2))

    def _move(self, delta: int) -> None:
        row = self.table.currentRow()
        target = row + delta
        if 0 <= row < len(self.rows) and 0 <= target < len(self.rows):
            self._request("move", row, target, target)

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    # --- problems ----------------------------------------------------------------
    def _cell_at(self, pointer: str) -> tuple[int, int | None] | None:
        """Row and column of a pointer into this table (column ``None`` for a whole row)."""
        rest = split_pointer(pointer)[len(split_pointer(self.pointer)):]
        row = list_index(rest[0]) if rest else None
        if row is None:
            return None
        keys = [c.key for c in self.columns]
        return row, (keys.index(rest[1]) if len(rest) > 1 and rest[1] in keys else None)

    def mark_problems(self, problems: list[Problem]) -> None:
        """Colour the cells that have a problem; its message is the cell's tooltip.

        The wizard passes the problems it shows beside this table (those under its
        pointer, once the clerk has left it); problems of the table as a whole or of
        a row stay in the text beside it.
        """
        marks: dict[tuple[int, int], list[Problem]] = {}
        for problem in problems:
            cell = self._cell_at(problem.path)
            # a row nothing is typed in yet is not all pink: its blanks are marked once it is begun
            if cell is not None and cell[1] is not None and not (problem.is_blank and self._row_empty(cell[0])):
                marks.setdefault((cell[0], cell[1]), []).append(problem)
        for row in range(self.table.rowCount()):
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                if item is None:
                    continue
                mine = marks.get((row, column), [])
                if mine:
                    error = any(p.is_error for p in mine)
                    item.setBackground(MARK_COLORS["error" if error else "warning"])
                    item.setToolTip("\n".join(problem_lines(mine)))
                    describe(item)
                elif item.data(Qt.ItemDataRole.ToolTipRole) is not None:
                    item.setData(Qt.ItemDataRole.BackgroundRole, None)
                    item.setData(Qt.ItemDataRole.ToolTipRole, None)
                    describe(item)

    def _row_empty(self, row: int) -> bool:
        return all(self.cell_value(row, column) in (None, "", []) for column in range(len(self.columns)))

    def focus_pointer(self, pointer: str) -> None:
        """Put the cursor on the cell of *pointer* (a problem clicked on the review page)."""
        cell = self._cell_at(pointer)
        if cell is not None and cell[0] < self.table.rowCount():
            self.table.setCurrentCell(cell[0], cell[1] if cell[1] is not None else 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_target(self) -> QWidget:
        return self.table
