"""The table of a changes dialog (``gui.changes``): 字段 / 原有内容 / the new content, as a model and a view.

A member's reply or a Word file may differ from the draft in thousands of fields, or in one value of
megabytes. A ``QTableWidget`` made an item per cell and sized every row to its wrapped text on the GUI
thread: a reply of 100,000 extra keys kept the wizard frozen for 28 s, a 近三年 of 300,000 entries
for 19 s (one cell laid out again and again). Here the view asks the model only for the cells it
paints. Up to ``SIZED_ROWS`` rows each row is as tall as its text, as before (a normal reply reads as it
did); beyond, every row has the same height of two lines, the rest elided, and the row under the
cursor is shown whole in a pane below the table. A value longer than ``SHOWN_CHARS`` is shortened in
its cell and its tooltip, and the pane shows it whole (up to ``DETAIL_CHARS``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPlainTextEdit, QTableView, QWidget

from yn_forms.gui.palette import NEW_BACKGROUND

#: rows sized to their wrapped text; each costs a text layout per cell, so a few hundred stay quick
SIZED_ROWS = 300
#: lines of a row of fixed height (a longer value is elided and shown whole in the pane)
FIXED_LINES = 2
#: lines of the pane showing a row whole (it scrolls for more)
DETAIL_LINES = 5
#: characters of a value in its cell; a unit's longest text (主营业务) is well within it
SHOWN_CHARS = 2_000
#: characters of a value in its tooltip: a tooltip taller than the screen is no help
TIP_CHARS = 800
#: characters of a value in the pane: a text box over megabytes lays them out slowly
DETAIL_CHARS = 100_000

Index = QModelIndex | QPersistentModelIndex
ROLES = frozenset((Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
                   Qt.ItemDataRole.BackgroundRole))


def lines_height(widget: QWidget, lines: int) -> int:
    """The height of *lines* lines of Chinese text in *widget*'s font: the Chinese glyphs come from a fallback
    font whose lines are taller than the widget's own font says (18 px against 14 at the default size),
    so a row sized by ``lineSpacing`` cut its last line in half."""
    sample = "\n".join("字" * lines)
    return widget.fontMetrics().boundingRect(QRect(0, 0, 10_000, 10_000), int(Qt.AlignmentFlag.AlignLeft),
                                             sample).height()


def shortened(text: str, limit: int) -> str:
    """*text* cut to *limit* characters, saying how long it is: the clerk knows the rest is there."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}……（共 {len(text):,} 字，只显示前 {limit:,} 字）"


class ChangesModel(QAbstractTableModel):
    """The changes (``core.changes.FieldChange``-like: ``label``, ``old_text``, ``new_text``), one a row."""

    def __init__(self, changes: list[Any], headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.changes = changes
        self.headers = headers
        self.new_background = QColor(NEW_BACKGROUND)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.changes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def text(self, row: int, column: int) -> str:
        """The whole text of a cell."""
        change = self.changes[row]
        return (change.label, change.old_text, change.new_text)[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES or not index.isValid():  # the view asks for many roles of every cell it paints
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return shortened(self.text(index.row(), index.column()), SHOWN_CHARS)
        if role == Qt.ItemDataRole.ToolTipRole:
            return shortened(self.text(index.row(), index.column()), TIP_CHARS)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 2:
            return self.new_background
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class ChangeTable(QTableView):
    """The read-only view of a ``ChangesModel``: rows sized to their text when few, of one height when many."""

    def __init__(self, changes: list[Any], headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(ChangesModel(changes, headers, self))
        self.setAccessibleName("修改内容")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setVisible(False)
        # a row taller than the view can be read through, not skipped past
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(120)
        header.setResizeContentsPrecision(SIZED_ROWS)  # 字段 as wide as its longest label among so many rows
        self.sized = len(changes) <= SIZED_ROWS
        # a value too long for its cell is shown whole below, as all rows are when they are many
        self.wants_detail = not self.sized or any(
            len(text) > SHOWN_CHARS for c in changes for text in (c.label, c.old_text, c.new_text))
        if self.wants_detail:
            self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        else:
            self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a read-only list: no cell frame to puzzle over
        if self.sized:
            # wrapped rows are as tall as their text at the columns' real widths, known only once shown
            header.sectionResized.connect(lambda *_: self.resizeRowsToContents())
            self.resizeRowsToContents()
        else:
            rows = self.verticalHeader()
            rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            rows.setDefaultSectionSize(lines_height(self, FIXED_LINES) + 3)

    @property
    def changes_model(self) -> ChangesModel:
        model = self.model()
        assert isinstance(model, ChangesModel)
        return model

    def fit_rows(self) -> int:
        """Rows sized at the columns' present widths (when few); the height all rows take."""
        if not self.sized:
            return self.verticalHeader().defaultSectionSize() * self.changes_model.rowCount()
        self.resizeRowsToContents()
        return sum(self.rowHeight(r) for r in range(self.changes_model.rowCount()))

    def cells(self) -> list[list[str]]:
        """Every cell's whole text, row by row (tests, and what a screen reader would read)."""
        model = self.changes_model
        return [[model.text(r, c) for c in range(model.columnCount())] for r in range(model.rowCount())]


class ChangeDetail(QPlainTextEdit):
    """The row under the cursor of a ``ChangeTable``, each column's whole text under its header."""

    def __init__(self, table: ChangeTable) -> None:
        super().__init__()
        self.table = table
        self.setReadOnly(True)
        self.setAccessibleName("所选修改的完整内容")
        self.setPlaceholderText("选中上表中的一行，这里显示它的完整内容")
        self.setMaximumHeight(lines_height(self, DETAIL_LINES) + 12)
        table.selectionModel().currentRowChanged.connect(lambda current, _previous: self.show_row(current.row()))
        if table.changes_model.rowCount():
            table.selectRow(0)

    def show_row(self, row: int) -> None:
        model = self.table.changes_model
        if not 0 <= row < model.rowCount():
            self.clear()
            return
        self.setPlainText("\n".join(f"{model.headers[c]}：{shortened(model.text(row, c), DETAIL_CHARS)}"
                                    for c in range(model.columnCount())))
