"""Driving the real widgets as a clerk does; shared by the GUI tests and the crash script they run."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget


def find(root: QWidget, name: str, kind=QWidget) -> QWidget:
    """The visible input whose accessible name is *name* (the field's official label)."""
    matches = [w for w in root.findChildren(kind) if w.accessibleName() == name and w.isVisibleTo(root)]
    assert matches, f"no input named {name!r}"
    return matches[0]


def type_into(widget: QWidget, text: str) -> None:
    """Type as a clerk does: keys for ASCII, an input-method commit for Chinese (as a Pinyin IME sends it).

    QTest.keyClicks cannot send non-Latin-1 text (Qt's testlib asserts), so Chinese
    arrives the way an IME delivers it: a commit string.
    """
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.selectAll()
        QTest.keyClick(widget, Qt.Key.Key_Delete)
    type_text(widget, text)
    widget.clearFocus()


def type_text(widget: QWidget, text: str) -> None:
    """Keys for ASCII, an input-method commit for anything else, into the focused *widget*."""
    if text.isascii():
        QTest.keyClicks(widget, text)
    else:
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)


def click_option(button: QWidget) -> None:
    """Click a radio button or check box on its indicator, where a user clicks."""
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
