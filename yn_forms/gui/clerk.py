"""The one place through which the app asks and tells the clerk.

Every message box, question and file dialog of the app goes through ``clerk()``:
the real ``Clerk`` shows Qt's dialogs (in Chinese), and ``ScriptedClerk`` — installed
by the tests and by ``yn-forms gui --screenshot`` — answers from a script and
records what it was told, without a modal box waiting for a click. Widgets never
ask whether they run "headless"; they ask the clerk.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
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


#: access letters of the app's usual answers (Alt+N: 不保存), as Windows writes them: 保存(&S)
ACCESS_KEYS = {"保存": "S", "不保存": "N", "取消": "C", "关闭": "C", "确定": "O", "是": "Y", "否": "N",
               "打开文件夹": "F", "覆盖": "R", "重试": "R", "恢复": "R", "丢弃": "D", "以后再说": "L", "删除": "D",
               "另存为": "A"}


def with_access_keys(choices: list[str]) -> list[str]:
    """The buttons' texts with their access letters, each letter used once in a box."""
    used: set[str] = set()
    texts = []
    for choice in choices:
        key = ACCESS_KEYS.get(choice)
        if key is None or key in used or "&" in choice:
            texts.append(choice)
            continue
        used.add(key)
        texts.append(f"{choice}(&{key})")
    return texts


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


def _back_to(parent: QWidget | None) -> None:
    """After a box closes, the window it was over has the keys again. A box shown right after a busy dialog
    (生成申报材料's result) was over a window the window manager may hand the focus back to when it closes —
    the busy dialog, gone by then — and the app's window would be left without the keys (no Ctrl+P, no Tab)."""
    if parent is not None and QApplication.activeWindow() is None:
        parent.window().activateWindow()


def _chosen(dialog: QFileDialog) -> list[Path]:
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    _back_to(dialog.parentWidget())
    return [Path(name) for name in dialog.selectedFiles()] if accepted else []


class Clerk:
    """The person at the keyboard, reached through Qt's own dialogs."""

    def tell(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)
        _back_to(parent)

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)
        _back_to(parent)

    def ask(self, parent: QWidget | None, title: str, text: str, choices: list[str], *,
            warning: bool = False) -> str:
        """A question with the app's own Chinese button texts; the first is the default, and closing
        the box (Esc) means the last."""
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question
        box = roomy(QMessageBox(icon, title, text, parent=parent))
        buttons = [box.addButton(text, QMessageBox.ButtonRole.ActionRole) for text in with_access_keys(choices)]
        for button, choice in zip(buttons, choices, strict=True):
            button.setAccessibleName(choice)
        box.setDefaultButton(buttons[0])
        box.setEscapeButton(buttons[-1])
        box.exec()
        _back_to(parent)
        clicked = box.clickedButton()
        return choices[buttons.index(clicked)] if clicked in buttons else choices[-1]

    def text(self, parent: QWidget | None, title: str, label: str, value: str = "") -> str | None:
        """A line the clerk types (a title of their own), or None when they cancelled."""
        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(value)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setOkButtonText("确定")
        dialog.setCancelButtonText("取消")
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        _back_to(parent)
        return dialog.textValue() if accepted else None

    def number(self, parent: QWidget | None, title: str, label: str, value: float, low: float, high: float,
               decimals: int = 1) -> float | None:
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
        _back_to(parent)
        return dialog.doubleValue() if accepted else None

    def save_path(self, parent: QWidget | None, title: str, suggested: Path, file_filter: str) -> Path | None:
        dialog = file_dialog(parent, title, suggested.parent, file_filter)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(str(suggested))
        return next(iter(_chosen(dialog)), None)

    def open_path(self, parent: QWidget | None, title: str, folder: Path, file_filter: str) -> Path | None:
        dialog = file_dialog(parent, title, folder, file_filter)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        return next(iter(_chosen(dialog)), None)

    def open_paths(self, parent: QWidget | None, title: str, folder: Path, file_filter: str) -> list[Path]:
        dialog = file_dialog(parent, title, folder, file_filter)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        return _chosen(dialog)

    def folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None:
        dialog = file_dialog(parent, title, start, "")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        return next(iter(_chosen(dialog)), None)

    def open_file(self, path: Path) -> bool:
        """Open *path* with the program the system has for it; False when there is none."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def show_written(self, parent: QWidget | None, title: str, text: str, open_label: str, file: Path,
                     folder: Path, *, informative: str = "", details: str = "") -> None:
        """What was written, with 打开… (the file), 打开文件夹 and 关闭: the next thing the clerk does
        after generating is look at the file."""
        box = roomy(QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent))
        if informative:
            box.setInformativeText(informative)
        if details:
            box.setDetailedText(details)
        open_file = box.addButton(open_label, QMessageBox.ButtonRole.AcceptRole)
        open_folder = box.addButton("打开文件夹", QMessageBox.ButtonRole.ActionRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        _back_to(parent)
        target = file if box.clickedButton() is open_file else folder if box.clickedButton() is open_folder else None
        if target is not None and not self.open_file(target):
            self.warn(parent, title, f"没有找到可以打开“{target.name}”的程序。文件在：{target}")


@dataclass
class ScriptedClerk(Clerk):
    """A clerk who answers from a script and remembers everything said: the tests' clerk, and the one
    of a ``--screenshot`` run, where nobody is there to click.

    ``answers`` are taken in order by ``ask`` (a question nobody scripted is answered with its
    last choice, as if the box were closed); ``paths`` by the file dialogs, ``texts`` by ``text`` and
    ``number`` (none scripted: cancelled).
    """

    answers: list[str] = field(default_factory=list)
    paths: list[Path | list[Path] | None] = field(default_factory=list)
    texts: list[str | None] = field(default_factory=list)
    said: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, title, text)
    echo: Callable[[str], None] | None = None  # where warnings also go (stderr for --screenshot)
    opened: list[Path] = field(default_factory=list)

    def _say(self, kind: str, title: str, text: str) -> None:
        self.said.append((kind, title, text))
        if self.echo is not None and kind == "warn":
            self.echo(f"{title}：{text}")

    @property
    def last_warning(self) -> str:
        return next((text for kind, _t, text in reversed(self.said) if kind == "warn"), "")

    @property
    def last_info(self) -> str:
        return next((text for kind, _t, text in reversed(self.said) if kind in ("tell", "written")), "")

    def questions(self) -> list[str]:
        return [title for kind, title, _text in self.said if kind == "ask"]

    def tell(self, parent: QWidget | None, title: str, text: str) -> None:
        self._say("tell", title, text)

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        self._say("warn", title, text)

    def ask(self, parent: QWidget | None, title: str, text: str, choices: list[str], *,
            warning: bool = False) -> str:
        self._say("ask", title, text)
        answer = self.answers.pop(0) if self.answers else choices[-1]
        if answer not in choices:
            raise AssertionError(f"scripted answer {answer!r} is not one of {choices} ({title})")
        return answer

    def text(self, parent: QWidget | None, title: str, label: str, value: str = "") -> str | None:
        self._say("text", title, label)
        return self.texts.pop(0) if self.texts else None

    def number(self, parent: QWidget | None, title: str, label: str, value: float, low: float, high: float,
               decimals: int = 1) -> float | None:
        self._say("number", title, label)
        given = self.texts.pop(0) if self.texts else None
        return None if given is None else min(max(float(given), low), high)

    def _path(self) -> Path | list[Path] | None:
        return self.paths.pop(0) if self.paths else None

    def save_path(self, parent: QWidget | None, title: str, suggested: Path, file_filter: str) -> Path | None:
        self._say("save_path", title, str(suggested))
        found = self._path()
        return found if isinstance(found, Path) or found is None else found[0]

    def open_path(self, parent: QWidget | None, title: str, folder: Path, file_filter: str) -> Path | None:
        self._say("open_path", title, str(folder))
        found = self._path()
        return found if isinstance(found, Path) or found is None else found[0]

    def open_paths(self, parent: QWidget | None, title: str, folder: Path, file_filter: str) -> list[Path]:
        self._say("open_path", title, str(folder))
        found = self._path()
        return [] if found is None else [found] if isinstance(found, Path) else list(found)

    def folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None:
        self._say("folder", title, str(start))
        found = self._path()
        return found if isinstance(found, Path) or found is None else found[0]

    def open_file(self, path: Path) -> bool:
        self.opened.append(path)
        return True

    def show_written(self, parent: QWidget | None, title: str, text: str, open_label: str, file: Path,
                     folder: Path, *, informative: str = "", details: str = "") -> None:
        self._say("written", title, "\n".join(part for part in (text, informative, details) if part))


_current: Clerk = Clerk()


def clerk() -> Clerk:
    """The clerk the app speaks to now."""
    return _current


def use_clerk(new: Clerk) -> Clerk:
    """Speak to *new* from now on; returns the clerk spoken to before."""
    global _current
    previous, _current = _current, new
    return previous


def stderr_clerk() -> ScriptedClerk:
    """The clerk of a run nobody watches (``--screenshot``): warnings go to stderr, questions are closed."""
    return ScriptedClerk(echo=lambda text: sys.stderr.write(f"错误：{text}\n"))
