"""The message after something was written: what it is, and a click to open it or its folder.

Generating the documents and the 汇总表 end the same way for the clerk — the next
thing they do is look at the file — so both offer the same buttons.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


def show_written(parent: QWidget, title: str, text: str, open_label: str, file: Path, folder: Path, *,
                 informative: str = "", details: str = "") -> None:
    """A modal note with 打开… (the file), 打开文件夹 and 关闭."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    open_file = box.addButton(open_label, QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton("打开文件夹", QMessageBox.ButtonRole.ActionRole)
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is open_file:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(file)))
    elif box.clickedButton() is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
