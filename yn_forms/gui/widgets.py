"""Small widgets every page shares: titles, button rows, a line of text that never grows, wrapping cells."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QSplitterHandle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)


def heading(text: str, name: str = "pageTitle") -> QLabel:
    """A page or window title, styled by object name in the app's style sheet."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)  # an official title can be longer than the page is wide
    return label


def right_aligned(*widgets: QWidget) -> QHBoxLayout:
    """A row pushing its buttons to the right, as dialogs place them."""
    row = QHBoxLayout()
    row.addStretch(1)
    for widget in widgets:
        row.addWidget(widget)
    return row


class OneLine(QLabel):
    """One line of text, elided to the width it has, its whole text in the tooltip.

    Its height is one line whether or not it holds text, so text appearing in it (a problem
    shown as the clerk leaves a field) never moves anything under the mouse.
    """

    #: where the rest of several lines is to be read (a member's packet page has no 审核 page)
    more_hint = "见提示或“审核”页"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().height() + 2)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def set_full_text(self, text: str) -> None:
        self.full = text
        self.setToolTip(text if "\n" in text or self.fontMetrics().horizontalAdvance(text) > self.width() else "")
        self.setAccessibleDescription(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        first = self.full.split("\n", 1)[0]
        more = self.full.count("\n")
        suffix = f"（另有 {more} 条，{self.more_hint}）" if more else ""
        width = max(self.width() - self.fontMetrics().horizontalAdvance(suffix), 40)
        self.setText(self.fontMetrics().elidedText(first, Qt.TextElideMode.ElideRight, width) + suffix)
        self.setToolTip(self.full if (more or self.text() != self.full) else "")

    def sizeHint(self) -> QSize:
        return QSize(100, self.fontMetrics().height() + 2)


class WrappingDelegate(QStyledItemDelegate):
    """Cells of a tree whose long texts wrap onto more lines instead of being cut.

    A tree view asks its delegate for a row's height without saying how wide the column is, so
    word wrap never wraps there: this delegate measures each cell at its column's width, and the
    rows are measured again whenever a column changes width.
    """

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view
        view.setItemDelegate(self)
        view.setWordWrap(True)
        view.setUniformRowHeights(False)
        view.setTextElideMode(Qt.TextElideMode.ElideNone)
        view.header().sectionResized.connect(lambda *_args: view.doItemsLayout())

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if self.view.header().sectionResizeMode(index.column()) == QHeaderView.ResizeMode.ResizeToContents:
            return super().sizeHint(option, index)  # a column sized by its texts is not wrapped to its size
        width = self.view.columnWidth(index.column())
        if index.column() == 0:  # the first column also holds the tree's indentation and branch marks
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= self.view.indentation() * (depth + int(self.view.rootIsDecorated()))
        sized = QStyleOptionViewItem(option)
        sized.rect = QRect(0, 0, max(width, 40), 10_000)
        return super().sizeHint(sized, index)


class MarkedHandle(QSplitterHandle):
    """A splitter's line drawn as a grip (a row of dots), so the clerk sees there is something to drag."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().mid())
        centre = self.rect().center()
        vertical = self.orientation() == Qt.Orientation.Vertical  # the splitter's: a horizontal line
        for step in range(-3, 4):
            x, y = (centre.x() + step * 6, centre.y()) if vertical else (centre.x(), centre.y() + step * 6)
            painter.drawEllipse(x - 1, y - 1, 3, 3)
        painter.end()


class MarkedSplitter(QSplitter):
    """A splitter whose handle shows itself (dots, a resize cursor, a tooltip)."""

    def __init__(self, orientation: Qt.Orientation) -> None:
        super().__init__(orientation)
        self.setHandleWidth(9)

    def createHandle(self) -> QSplitterHandle:
        handle = MarkedHandle(self.orientation(), self)
        handle.setToolTip("拖动可调整上下两部分的高度")
        return handle


#: what a window's frame and title bar add around its contents, kept free on the screen
FRAME_ALLOWANCE = QSize(16, 48)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Size *widget* to *width* × *height*, or less where its screen is smaller: on a 1024×700 office
    screen a window must not open with its buttons below the screen's edge."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(width, height)
        return
    room = screen.availableGeometry().size() - FRAME_ALLOWANCE
    widget.resize(min(width, room.width()), min(height, room.height()))
