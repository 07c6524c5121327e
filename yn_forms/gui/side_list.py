"""The wizard's side list of sections: each item its title and, below it, its state (○ 未开始（7项待填）).

Two lines an item take room: a form of thirteen sections at 125 % on a 768-pixel screen showed them
down to 七 and hid the rest below a scroll bar. When the two-line items do not all fit, each state
goes on its title's line, at its right, as its mark and count (○ 7项待填, ✖ 2个问题; the whole state its tooltip) —
the items' texts unchanged (a screen reader reads them whole), drawn in half the height.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

# the style sheet's padding (4 + 4) and left border (3) of a side-list item (app.STYLE; the border is
# there, transparent, when not selected, so a title wraps alike selected or not)
SECTION_ITEM_INSET = 11
SECTION_TEXT_PADDING = 14
COMPACT_PADDING = 11  # one line an item: the style sheet's padding (5 + 5) and border (1), no more
SELECTED_TEXT = "#0d47a1"  # app.STYLE's colour of the selected section
STATE_GAP = 8  # between a title and its state on one line
MAX_HEIGHTS = 2000  # item heights remembered (texts × widths): far more than one list at one width holds

Index = QModelIndex | QPersistentModelIndex


# what a count counts, on the title's line: a bare "◐ 3" left the clerk guessing three of what
COUNTED = {"待填写": "项待填", "有问题": "个问题", "请核对": "项待核对"}


def short_state(state: str) -> str:
    """A state on its title's line: its mark and what it counts (○ 未开始（7项待填） → ○ 7项待填,
    ◐ 待填写（4） → ◐ 4项待填, ✖ 有问题（2） → ✖ 2个问题); the whole of it is the item's tooltip."""
    mark, _, rest = state.strip().partition(" ")
    if "（" not in rest:
        return mark
    word, _, count = rest.partition("（")
    count = count[:count.rfind("）")]
    return f"{mark} {count}{COUNTED.get(word, '')}" if count else mark


class SectionList(QListWidget):
    """The side list, knowing its viewport's size from the viewport's own resize events.

    Its items are measured in the viewport's width, asked hundreds of times while they are laid out. Asked
    of Qt (``viewport()``), the viewport — a widget Qt made, never seen by Python before — is the first
    such widget of a new draft's window, and PySide finds its Python class by readying every widget class
    it has (their enums made): a fortieth of the first paint, for a number.
    """

    viewport_resized = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._viewport: QSize | None = None

    def viewport_size(self) -> QSize:
        """The viewport's size; before it is first laid out, the room it would have without scroll bars."""
        return self._viewport if self._viewport is not None else self.maximumViewportSize()

    def laid_out(self) -> bool:
        """Whether the viewport has had its room: the items are laid out again once it has."""
        return self._viewport is not None

    def resizeEvent(self, event: QResizeEvent) -> None:
        # a scroll area's resize events are its viewport's (the list's own size is not the room it draws in)
        super().resizeEvent(event)
        self._viewport = event.size()
        self.viewport_resized.emit()


class SectionItemDelegate(QStyledItemDelegate):
    """Side-list items as tall as their wrapped titles, on one line each when two lines would not fit.

    Qt measures a wrapped item without the style sheet's padding, so a long official
    title (四、牵头和成员单位已建并正在运行的…) would lose its last lines and its state
    behind an ellipsis; this measures the text in the width it is really drawn in.
    """

    def __init__(self, view: SectionList) -> None:
        super().__init__(view)
        self.view = view
        self.compact = False
        # Qt asks a wrapped list's items for their size hundreds of times while it lays them out (327
        # times for eight items as a draft opens): each height is measured once per text, width and form
        self._heights: dict[tuple[str, int, bool], int] = {}
        self._margin: int | None = None  # the style's focus-frame margin, asked once per style
        view.viewport_resized.connect(self._check_later)
        view.installEventFilter(self)  # its letters or style changed
        view.model().dataChanged.connect(lambda *_args: self._check_later())
        view.model().rowsInserted.connect(lambda *_args: self._check_later())

    def _width(self) -> int:
        view = self.view
        if self._margin is None:
            # the style draws the text inside a margin of its focus frame's width + 1 on each side
            self._margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        return max(view.viewport_size().width() - SECTION_ITEM_INSET - 2 * self._margin, 80)

    def _height(self, text: str, compact: bool) -> int:
        width = self._width()
        key = (text, width, compact)
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > MAX_HEIGHTS:  # the side list dragged through many widths
                self._heights.clear()
            height = self._heights[key] = self._measured(text, width, compact)
        return height

    def _measured(self, text: str, width: int, compact: bool) -> int:
        metrics = self.view.fontMetrics()
        title, _, state = text.partition("\n")
        if compact:
            width -= metrics.horizontalAdvance(short_state(state)) + STATE_GAP if state.strip() else 0
            text = title
        bounds = metrics.boundingRect(QRect(0, 0, max(width, 40), 10_000), Qt.TextFlag.TextWordWrap, text)
        return bounds.height() + (COMPACT_PADDING if compact else SECTION_TEXT_PADDING)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        text = str(index.data() or "")
        if not self.view.laid_out():  # asked again in the width it is drawn in: a line a line until then
            return QSize(self._width(), (text.count("\n") + 1) * self.view.fontMetrics().height())
        return QSize(self._width(), self._height(text, self.compact))

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem,
                  index: Index) -> bool:
        text = str(index.data() or "")
        if self.compact and "\n" in text and event.type() == QEvent.Type.ToolTip:
            title, _, state = text.partition("\n")
            QToolTip.showText(event.globalPos(), f"{title}：{state.strip()}", view)
            return True
        return super().helpEvent(event, view, option, index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange):  # measured again in the new letters
            self._heights.clear()
            self._margin = None
            self._check_later()
        return False

    def _check_later(self) -> None:
        QTimer.singleShot(0, self, self.check)

    def check(self) -> None:
        """One line an item when the two-line items would not all be in sight."""
        with contextlib.suppress(RuntimeError):  # the list went before the turn of the event loop
            view = self.view
            shown = [str(view.item(row).text()) for row in range(view.count()) if not view.item(row).isHidden()]
            compact = sum(self._height(text, False) for text in shown) > view.viewport_size().height()
            if compact != self.compact:
                self.compact = compact
                view.doItemsLayout()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        title, _, state = str(index.data() or "").partition("\n")
        if not self.compact or not state.strip():
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        colour = QColor(SELECTED_TEXT) if item.state & QStyle.StateFlag.State_Selected else \
            item.palette.color(item.palette.ColorRole.Text)
        item.text = ""  # the background, the border of the selected one, as the style draws them
        style = item.widget.style() if item.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, item.widget)
        state = short_state(state)
        right = item.fontMetrics.horizontalAdvance(state)
        painter.save()
        painter.setPen(colour)
        left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) | int(Qt.TextFlag.TextWordWrap)
        painter.drawText(area.adjusted(0, 0, -(right + STATE_GAP), 0), left, title)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), state)
        painter.restore()
