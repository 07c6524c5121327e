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
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


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


class Clerk:
    """The person at the keyboard, reached through Qt's own dialogs (``gui.dialogs``, imported with the first
    one shown: a window paints without them)."""

    def tell(self, parent: QWidget | None, title: str, text: str) -> None:
        _dialogs().tell(parent, title, text)

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        _dialogs().warn(parent, title, text)

    def ask(self, parent: QWidget | None, title: str, text: str, choices: list[str], *,
            warning: bool = False) -> str:
        """A question with the app's own Chinese button texts; the first is the default, and closing
        the box (Esc) means the last."""
        return _dialogs().ask(parent, title, text, choices, with_access_keys(choices), warning)

    def text(self, parent: QWidget | None, title: str, label: str, value: str = "") -> str | None:
        """A line the clerk types (a title of their own), or None when they cancelled."""
        return _dialogs().text(parent, title, label, value)

    def number(self, parent: QWidget | None, title: str, label: str, value: float, low: float, high: float,
               decimals: int = 1) -> float | None:
        """A number the clerk gives (a size limit), within *low*–*high*; None when they cancelled."""
        return _dialogs().number(parent, title, label, value, low, high, decimals)

    def save_path(self, parent: QWidget | None, title: str, suggested: Path, file_filter: str) -> Path | None:
        return _dialogs().save_path(parent, title, suggested, file_filter)

    def open_path(self, parent: QWidget | None, title: str, folder: Path, file_filter: str) -> Path | None:
        return next(iter(_dialogs().open_paths(parent, title, folder, file_filter, many=False)), None)

    def open_paths(self, parent: QWidget | None, title: str, folder: Path, file_filter: str) -> list[Path]:
        return _dialogs().open_paths(parent, title, folder, file_filter, many=True)

    def folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None:
        return _dialogs().folder(parent, title, start)

    def open_file(self, path: Path) -> bool:
        """Open *path* with the program the system has for it; False when there is none."""
        return _dialogs().open_file(path)

    def show_written(self, parent: QWidget | None, title: str, text: str, open_label: str, file: Path,
                     folder: Path, *, informative: str = "", details: str = "") -> None:
        """What was written, with 打开… (the file), 打开文件夹 and 关闭: the next thing the clerk does
        after generating is look at the file."""
        chosen = _dialogs().written(parent, title, text, open_label, informative, details)
        target = file if chosen == "file" else folder if chosen == "folder" else None
        if target is not None and not self.open_file(target):
            self.warn(parent, title, f"没有找到可以打开“{target.name}”的程序。文件在：{target}")


def _dialogs() -> ModuleType:
    from yn_forms.gui import dialogs

    return dialogs


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
