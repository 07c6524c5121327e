"""The list of the 单位信息库 page: every unit read once, filtered and sorted in memory, drawn by a view.

A library of thousands of units must filter as fast as the clerk types. The old list
re-filled a table widget and measured every cell on each keystroke (98 s at 1,000
units). Here each unit's cells and search keys are worked out once, when it is read
or saved; a keystroke only runs ``found_among`` over those keys (narrowing the rows
already shown when the text grows) and tells the view that the rows changed; the view
draws the few rows on screen, with fixed row heights and column widths set once.
Saving or deleting a unit moves, inserts or removes its one row.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QCollatorSortKey,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from yn_forms.core.units import Record, StoredUnit, code_key, found_among, name_key, search_keys

#: (facts shown, the first one present; header) of the list's columns, then 更新时间
COLUMNS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("name",), "单位名称"), (("credit_code",), "统一社会信用代码"), (("legal_rep",), "法定代表人"),
    (("contact",), "联系人"), (("contact_mobile", "contact_phone"), "联系人电话"))
HEADERS: tuple[str, ...] = (*(label for _keys, label in COLUMNS), "更新时间")
#: a typical value of each column but the name, which its width is measured on (not every row's text)
SAMPLES: tuple[str, ...] = ("", "91530000MA6K3T8R18", "欧阳明远", "欧阳丽华", "0871-63512345", "2026-11-27 12:00:00")

#: columns of Chinese text, sorted as a Chinese reader looks them up (by pinyin: 保山 昆明 丽江 … 云南), not
#: by code point (临沧 丽江 云南 保山 …); codes, phone numbers and times sort as they read
COLLATED = frozenset({0, 2, 3})
_COLLATOR = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))

Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()


def _cell(record: Record, keys: tuple[str, ...]) -> str:
    return next((str(record[k]) for k in keys if record.get(k) not in (None, "")), "")


@dataclass(frozen=True, slots=True)
class _Row:
    """One unit as the list shows and finds it: its cells and its search keys, worked out once."""

    unit: StoredUnit
    cells: tuple[str, ...]
    name_key: str
    code: str
    order: QCollatorSortKey  # the name's place in pinyin order

    @classmethod
    def of(cls, unit: StoredUnit) -> _Row:
        cells = (*(_cell(unit.record, keys) for keys, _label in COLUMNS), unit.updated_at.replace("T", " "))
        return cls(unit, cells, name_key(unit.name), code_key(unit.credit_code), _COLLATOR.sortKey(cells[0]))


class UnitListModel(QAbstractTableModel):
    """The units, in the order of the sorted column, those the search text finds shown.

    ``rows`` holds every unit in order; ``shown`` those the filter lets through, in the
    same order. ``Qt.ItemDataRole.UserRole`` of any cell is the unit's id.
    """

    def __init__(self, units: Iterable[StoredUnit] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keys = search_keys("")
        self._column, self._order = 0, Qt.SortOrder.AscendingOrder
        self.rows: list[_Row] = []
        self.shown: list[_Row] = []
        self.load(units)

    # --- what the view asks --------------------------------------------------------------
    def rowCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.shown[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return row.cells[0]  # a long name is cut at the column's edge: the whole of it on hover
        if role == Qt.ItemDataRole.UserRole:
            return row.unit.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a column's header: the units by that column (then by name), both ways."""
        if (column, order) == (self._column, self._order):
            return  # the rows are kept in this order as units are saved: nothing to do
        self._column, self._order = column, order
        self.beginResetModel()
        self.rows.sort(key=self._sort_key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.shown = found_among(self._keys, self.rows)
        self.endResetModel()

    # --- what the page does ----------------------------------------------------------------
    def load(self, units: Iterable[StoredUnit]) -> None:
        """Every unit anew (the page opened, an Excel import done)."""
        self.beginResetModel()
        self.rows = sorted((_Row.of(u) for u in units), key=self._sort_key,
                           reverse=self._order == Qt.SortOrder.DescendingOrder)
        self.shown = found_among(self._keys, self.rows)
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Show the units *text* finds (part of the name, or the start of the code; all when empty).

        Text that only grew finds a subset of what is shown, so only the shown rows are
        looked at again: typing a name a character at a time gets cheaper as it goes.
        """
        keys = search_keys(text)
        if keys == self._keys:
            return
        narrower = keys[0].startswith(self._keys[0]) and keys[1].startswith(self._keys[1])
        self._keys = keys
        self.beginResetModel()
        self.shown = found_among(keys, self.shown if narrower else self.rows)
        self.endResetModel()

    def put(self, unit: StoredUnit) -> int | None:
        """*unit* added or saved: its one row inserted, changed or moved; its shown row number, or None."""
        self.remove(unit.id)
        row = _Row.of(unit)
        self.rows.insert(self._position(self.rows, row), row)
        if not found_among(self._keys, [row]):
            return None
        at = self._position(self.shown, row)
        self.beginInsertRows(_NO_INDEX, at, at)
        self.shown.insert(at, row)
        self.endInsertRows()
        return at

    def remove(self, unit_id: int) -> None:
        """The unit's row gone (deleted, or about to be put back where its new values sort it)."""
        self.rows = [r for r in self.rows if r.unit.id != unit_id] if self._has(unit_id) else self.rows
        at = self.row_of(unit_id)
        if at is not None:
            self.beginRemoveRows(_NO_INDEX, at, at)
            del self.shown[at]
            self.endRemoveRows()

    def unit_at(self, row: int) -> StoredUnit | None:
        return self.shown[row].unit if 0 <= row < len(self.shown) else None

    def row_of(self, unit_id: int) -> int | None:
        """The shown row of the unit, or None when the filter hides it (or it is not in the list)."""
        return next((i for i, r in enumerate(self.shown) if r.unit.id == unit_id), None)

    def names(self) -> list[str]:
        """The names shown, top to bottom (for the tests and a screen reader's summary)."""
        return [r.cells[0] for r in self.shown]

    @property
    def total(self) -> int:
        return len(self.rows)

    # --- order and filter ----------------------------------------------------------------
    def _has(self, unit_id: int) -> bool:
        return any(r.unit.id == unit_id for r in self.rows)

    def _sort_key(self, row: _Row) -> tuple[Any, ...]:
        if self._column == 0:
            return row.order, row.name_key, row.unit.id
        text = row.cells[self._column]
        return _COLLATOR.sortKey(text) if self._column in COLLATED else text, row.order, row.unit.id

    def _position(self, rows: list[_Row], row: _Row) -> int:
        """Where *row* goes in *rows*, which are in the list's order."""
        if self._order == Qt.SortOrder.DescendingOrder:  # bisect wants ascending keys: search the reversed order
            return len(rows) - bisect_left(rows[::-1], self._sort_key(row), key=self._sort_key)
        return bisect_left(rows, self._sort_key(row), key=self._sort_key)


class UnitListView(QTableView):
    """The table of units: whole rows selected one at a time, Enter to edit, Delete to delete.

    Row heights are fixed and column widths are set from the headers and a typical
    value once, never measured over every row; the clerk may drag them wider.
    """

    edit_requested = Signal()
    delete_requested = Signal()

    def __init__(self, model: UnitListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName("单位列表")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        columns = self.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        columns.setHighlightSections(False)
        metrics = self.fontMetrics()
        for column in range(1, len(HEADERS)):
            widest = max(metrics.horizontalAdvance(HEADERS[column]) + 36,  # room for the sort arrow
                         metrics.horizontalAdvance(SAMPLES[column]) + 20)
            self.setColumnWidth(column, widest)
        columns.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.doubleClicked.connect(lambda _index: self.edit_requested.emit())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        actions: dict[int, Callable[[], None]] = {
            Qt.Key.Key_Return: self.edit_requested.emit, Qt.Key.Key_Enter: self.edit_requested.emit,
            Qt.Key.Key_Delete: self.delete_requested.emit}
        action = actions.get(event.key())
        if action is not None and self.selectionModel().hasSelection():
            action()
            return
        super().keyPressEvent(event)
