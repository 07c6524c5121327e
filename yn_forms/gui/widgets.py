"""Small widgets every page shares: titles, button rows, and a line of text that never grows."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget


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
        suffix = f"（另有 {more} 条，见提示或“审核”页）" if more else ""
        width = max(self.width() - self.fontMetrics().horizontalAdvance(suffix), 40)
        self.setText(self.fontMetrics().elidedText(first, Qt.TextElideMode.ElideRight, width) + suffix)
        self.setToolTip(self.full if (more or self.text() != self.full) else "")

    def sizeHint(self) -> QSize:
        return QSize(100, self.fontMetrics().height() + 2)
