"""An application looked at, not edited: the 州市 desk opens what an enterprise sent read-only.

The wizard shows it as it shows any draft — its pages, its problems beside the fields, the 审核
page — but every input is locked where it is made (``Binding.bind``): text can be read, selected
and copied, nothing can be typed, ticked or chosen, and the binding writes nothing to the draft.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

BANNER = ("只读查看：这是报送单位的申报，修改不会保存。需要更正时，点“作为新草稿修改”，"
          "在新草稿中修改并保存（原文件不变）。")


def lock(widget: QWidget) -> None:
    """Make *widget* and every input inside it show its value without taking any change."""
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox):
            child.setReadOnly(True)
        elif isinstance(child, QComboBox | QAbstractButton):
            child.setEnabled(False)
        elif isinstance(child, QAbstractItemView):
            child.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
