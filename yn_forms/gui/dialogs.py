"""Qt's own dialogs as the clerk meets them: message boxes and questions with the app's Chinese buttons,
file dialogs that fit the screen and write their dates in Chinese.

What ``gui.clerk.Clerk`` shows, imported with the first box it shows: a window paints without them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QIdentityProxyModel, QLocale, QModelIndex, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFileSystemModel,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTreeView,
    QWidget,
)

from yn_forms.gui.widgets import fit_to_screen


class ChineseDates(QIdentityProxyModel):
    """The 修改日期 column of Qt's own file dialog as a Chinese reader writes dates (2026/11/27 19:54).

    Qt writes it in the system's locale, which on a Linux desktop without a Chinese locale gives
    “27 11 2026 19:54”, cut to “27 11 2…6”; the app's own locale is Chinese.
    """

    DATE_COLUMN = 3

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self.sourceModel()
        if role == Qt.ItemDataRole.DisplayRole and index.column() == self.DATE_COLUMN and \
                isinstance(source, QFileSystemModel):
            return QLocale().toString(source.lastModified(self.mapToSource(index)), QLocale.FormatType.ShortFormat)
        return super().data(index, role)


def needs_chinese_dates() -> bool:
    """Whether Qt's own file dialog would write dates in another language: Windows and macOS show the
    system's native dialog (in the system's language), so only a non-Chinese Linux desktop is helped."""
    return sys.platform.startswith("linux") and QLocale.system().language() != QLocale.Language.Chinese


def file_dialog(parent: QWidget | None, title: str, folder: Path, file_filter: str) -> QFileDialog:
    """A file dialog that fits the screen and writes its dates in Chinese where Qt's own dialog is used."""
    dialog = QFileDialog(parent, title, str(folder), file_filter)
    if needs_chinese_dates():
        dialog.setProxyModel(ChineseDates(dialog))  # Qt's own dialog (the native one takes no model)
    fit_to_screen(dialog, 900, 560)
    show_whole_columns(dialog)
    return dialog


def show_whole_columns(dialog: QFileDialog) -> None:
    """Qt's own dialog lists files in columns of fixed widths, cutting “10.5 KiB” to “10....KiB” and
    纯文本文档 to “纯...档”: the size, type and date take what their texts need, the name the rest, and a
    name too long is cut in its middle (its start and its extension stay)."""
    view = dialog.findChild(QTreeView, "treeView")
    if view is None:  # the system's own dialog
        return
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)


#: a message box's text is not wrapped before this width: Chinese wraps between any two characters, and a
#: narrow box broke words (“25项信/息”, “的 1/项。”)
MESSAGE_WIDTH = 560


def roomy(box: QMessageBox) -> QMessageBox:
    """*box* with its text on lines as long as they are, up to ``MESSAGE_WIDTH``, before they wrap."""
    label = box.findChild(QLabel, "qt_msgbox_label")
    if label is not None:
        widest = max((label.fontMetrics().horizontalAdvance(line) for line in box.text().splitlines()), default=0)
        label.setMinimumWidth(min(widest + 8, MESSAGE_WIDTH))
    return box


def back_to(parent: QWidget | None) -> None:
    """After a box closes, the window it was over has the keys again. A box shown right after a busy dialog
    (生成申报材料's result) was over a window the window manager may hand the focus back to when it closes —
    the busy dialog, gone by then — and the app's window would be left without the keys (no Ctrl+P, no Tab)."""
    if parent is not None and QApplication.activeWindow() is None:
        parent.window().activateWindow()


def chosen(dialog: QFileDialog) -> list[Path]:
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    back_to(dialog.parentWidget())
    return [Path(name) for name in dialog.selectedFiles()] if accepted else []


def tell(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)
    back_to(parent)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)
    back_to(parent)


def ask(parent: QWidget | None, title: str, text: str, choices: list[str], labels: list[str], warning: bool) -> str:
    """A question with the app's own Chinese button texts (*labels*, with their access letters); the first is
    the default, and closing the box (Esc) means the last."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question
    box = roomy(QMessageBox(icon, title, text, parent=parent))
    buttons = [box.addButton(text, QMessageBox.ButtonRole.ActionRole) for text in labels]
    for button, choice in zip(buttons, choices, strict=True):
        button.setAccessibleName(choice)
    box.setDefaultButton(buttons[0])
    box.setEscapeButton(buttons[-1])
    box.exec()
    back_to(parent)
    clicked = box.clickedButton()
    return choices[buttons.index(clicked)] if clicked in buttons else choices[-1]


def text(parent: QWidget | None, title: str, label: str, value: str) -> str | None:
    """A line the clerk types (a title of their own), or None when they cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(value)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setOkButtonText("确定")
    dialog.setCancelButtonText("取消")
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    back_to(parent)
    return dialog.textValue() if accepted else None


def number(parent: QWidget | None, title: str, label: str, value: float, low: float, high: float,
           decimals: int) -> float | None:
    """A number the clerk gives (a size limit), within *low*–*high*; None when they cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setInputMode(QInputDialog.InputMode.DoubleInput)
    dialog.setDoubleRange(low, high)
    dialog.setDoubleDecimals(decimals)
    dialog.setDoubleValue(value)
    dialog.setOkButtonText("确定")
    dialog.setCancelButtonText("取消")
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    back_to(parent)
    return dialog.doubleValue() if accepted else None


def save_path(parent: QWidget | None, title: str, suggested: Path, file_filter: str) -> Path | None:
    dialog = file_dialog(parent, title, suggested.parent, file_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.selectFile(str(suggested))
    return next(iter(chosen(dialog)), None)


def open_paths(parent: QWidget | None, title: str, folder: Path, file_filter: str, many: bool) -> list[Path]:
    dialog = file_dialog(parent, title, folder, file_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile)
    return chosen(dialog)


def folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    dialog = file_dialog(parent, title, start, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    return next(iter(chosen(dialog)), None)


def open_file(path: Path) -> bool:
    """Open *path* with the program the system has for it; False when there is none."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def written(parent: QWidget | None, title: str, text: str, open_label: str, informative: str,
            details: str) -> str:
    """What was written, with 打开… (the file), 打开文件夹 and 关闭: "file", "folder" or "" for what was chosen."""
    box = roomy(QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent))
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    open_file = box.addButton(open_label, QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton("打开文件夹", QMessageBox.ButtonRole.ActionRole)
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    back_to(parent)
    return "file" if box.clickedButton() is open_file else "folder" if box.clickedButton() is open_folder else ""
