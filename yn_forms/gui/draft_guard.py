"""One writer per draft, as the window opens, saves and closes it.

At open the draft is locked (``core.draft_lock``); a draft another window, another copy of the
app or a colleague on a shared folder holds is not opened for editing unasked: the clerk is told
who has it and since when, and chooses 只读打开 / 仍然打开 / 取消. A stale lock (its app crashed)
is taken over with a word in the status bar. At every save the file is looked at first
(``core.draft_stamp``): a draft changed on disk since this window read or wrote it is never
overwritten unasked — 另存为… / 覆盖 / 取消, with when and which fields. The lock follows the
draft to its new file at 另存为, and goes when the draft is closed.
"""

from __future__ import annotations

import contextlib
import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yn_forms.core.enclosure_store import EnclosureStore
from yn_forms.gui.clerk import clerk

# the lock and the file's stamp (``core.draft_lock``: sockets, the user's name; ``core.draft_stamp``) are
# imported when a draft file is opened or saved: a new draft's window paints without them
if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from yn_forms.core.draft_lock import DraftLock, LockInfo
    from yn_forms.core.draft_stamp import DiskStamp
    from yn_forms.core.formdef import FormDefinition

HELD_TITLE = "草稿正在另一窗口编辑"
READ_ONLY, ANYWAY, CANCEL = "只读打开", "仍然打开", "取消"
CHANGED_TITLE = "草稿已在别处修改"
SAVE_AS, OVERWRITE = "另存为…", "覆盖"
WRITE = "write"  # before_save's verdict: go on and write


@dataclass
class DraftGuard:
    """The open draft's lock and the file as this window last read or wrote it. *path* None: a draft in
    no file yet; *lock* None: the draft is held by another (read-only, or 仍然打开) or its folder takes
    no lock file (a read-only share)."""

    path: Path | None
    lock: DraftLock | None = None
    read_only: bool = False
    held_by: LockInfo | None = None  # who held the draft when it was opened without the lock
    stamp: DiskStamp | None = None
    known: dict[str, Any] = field(default_factory=dict)  # the data as read or last saved

    def remember(self, stamp: DiskStamp | None, data: dict[str, Any]) -> None:
        """The file as read (*stamp* taken before reading: a change after it is seen at the next save)."""
        self.stamp, self.known = stamp, copy.deepcopy(data)

    def banner(self) -> str | None:
        """What a draft held elsewhere and opened read-only says above its pages (None: the wizard's own)."""
        if not self.read_only or self.held_by is None:
            return None
        return (f"只读查看：此草稿正由 {self.held_by.describe()}在另一窗口编辑，这里的修改不会保存。需要修改时，"
                "点“作为新草稿修改”，另存为一个新文件；或等对方关闭后重新打开。")

    def viewed_store(self) -> EnclosureStore | None:
        """The 证明材料 of a draft looked at read-only: beside it, only read."""
        return EnclosureStore.beside(self.path) if self.read_only and self.path is not None else None

    def refresh(self) -> None:
        """The lock's heartbeat (every autosave tick): others see this window is alive. A draft opened with
        仍然打开 takes the lock once its holder has closed it, so a third window is told of this one."""
        if self.lock is not None:
            self.lock.refresh()
        elif self.path is not None and not self.read_only:
            from yn_forms.core.draft_lock import DraftLock, Held

            with contextlib.suppress(Held, OSError):
                self.lock, self.held_by = DraftLock.acquire(self.path), None

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def before_save(self, parent: QWidget, path: Path, form: FormDefinition) -> str:
        """Whether writing the draft to *path* may go on (``WRITE``), or the clerk chose ``SAVE_AS`` or
        ``CANCEL``."""
        from yn_forms.core.draft_lock import holder, lock_path, when_text
        from yn_forms.core.draft_stamp import changed_fields, changed_on_disk

        if self.path is None or path != self.path:  # a new file (另存为): not one another window is editing
            held = holder(path)
            if held is None or (self.lock is not None and lock_path(path) == self.lock.path):
                return WRITE
            return clerk().ask(parent, HELD_TITLE, f"“{path.name}”正在另一窗口编辑：{held.describe()}。\n"
                               "保存到它会覆盖对方正在编辑的草稿。请换一个文件名。", [SAVE_AS, CANCEL], warning=True)
        change = changed_on_disk(path, self.stamp)
        if change is None:
            return WRITE
        if change.when is None:
            text = (f"草稿文件“{path.name}”已不在原处（在本窗口打开或上次保存之后被移动、改名或删除）。\n\n"
                    f"{OVERWRITE}：在原处重新保存本窗口的内容。\n{SAVE_AS}：保存到另一个文件。")
        else:
            fields = changed_fields(form, self.known, path)
            who = holder(path)
            by = f"此草稿现在也由 {who.describe()}打开着。" if who is not None and self.lock is None else ""
            listed = ("\n\n改动的内容：\n" + "\n".join(f"· {line}" for line in fields)) if fields else ""
            text = (f"草稿文件“{path.name}”在本窗口打开或上次保存之后，于{when_text(change.when)}被改动过"
                    f"（另一窗口、另一程序或同事）。{by}{listed}\n\n"
                    f"{OVERWRITE}：用本窗口的内容替换它，上面的改动将丢失。\n"
                    f"{SAVE_AS}：把本窗口的内容保存为另一个文件，两份都保留。\n{CANCEL}：暂不保存。")
        answer = clerk().ask(parent, CHANGED_TITLE, text, [SAVE_AS, OVERWRITE, CANCEL], warning=True)
        return WRITE if answer == OVERWRITE else answer

    def saved(self, path: Path, data: dict[str, Any]) -> None:
        """The draft was written to *path*: the lock moves there (另存为), the file is known as written."""
        from yn_forms.core.draft_lock import DraftLock, Held
        from yn_forms.core.draft_stamp import stamp_of

        if path != self.path or self.lock is None:
            try:
                self.lock = self.lock.move_to(path) if self.lock is not None else DraftLock.acquire(path)
                self.held_by = None
            except (Held, OSError):
                pass  # another window holds the file (仍然打开), or the folder takes no lock: saves still look first
        self.path = path
        self.remember(stamp_of(path), data)


def claim(parent: QWidget, path: Path, current: DraftGuard | None, stamp: DiskStamp | None,
          data: dict[str, Any]) -> DraftGuard | None:
    """The guard of *path* about to be opened, read as *data* (its file as *stamp*), the clerk asked when
    another holds it; None: 取消. *current*: the window's guard now — a draft opened again in its own window
    keeps its lock."""
    guard = _claim(parent, path, current)
    if guard is not None:
        guard.remember(stamp, data)
    return guard


def _claim(parent: QWidget, path: Path, current: DraftGuard | None) -> DraftGuard | None:
    from yn_forms.core.draft_lock import DraftLock, Held, lock_path

    if current is not None and current.lock is not None and current.lock.path == lock_path(path) \
            and current.lock.owned():
        lock, current.lock = current.lock, None
        return DraftGuard(path, lock)
    try:
        lock = DraftLock.acquire(path)
    except Held as held:
        answer = clerk().ask(parent, HELD_TITLE, f"“{path.name}”正在另一窗口编辑：\n{held.info.describe()}。\n\n"
                             f"{READ_ONLY}：查看，不能保存修改。\n{ANYWAY}：也在这里编辑；保存时如果对方已保存过，"
                             "会先问你，不会悄悄覆盖。", [READ_ONLY, ANYWAY, CANCEL], warning=True)
        if answer == CANCEL:
            return None
        return DraftGuard(path, None, read_only=answer == READ_ONLY, held_by=held.info)
    except OSError:
        return DraftGuard(path)  # no lock can be written beside it (a read-only folder): saves still look first
    return DraftGuard(path, lock)


def taken_over_note(guard: DraftGuard) -> str:
    """A short word when the lock of a window that was not closed normally was taken over; else ''."""
    old = guard.lock.taken_over if guard.lock is not None else None
    if old is None:
        return ""
    return f"已接管 {old.describe()}留下的草稿锁：那个窗口没有正常关闭。"
