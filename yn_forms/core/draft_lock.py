"""One writer per draft: a lock file beside a draft that is open for editing, as Word's ``~$`` file.

The lock is ``.~lock.<draft's name>#`` beside the draft (the form LibreOffice uses): the leading
dot hides it on Linux and macOS, and Windows is told to hide it too; the trailing ``#`` keeps it
out of every ``*.ynform`` filter and folder scan. It says who holds the draft — the user, the
computer, the process and since when — so a second window, another copy of the app or a
colleague on a shared folder is told who has it open before editing over it.

A lock is made with ``O_EXCL`` (two windows racing for a draft: one wins), refreshed while its
window lives (its file's time is the heartbeat) and removed when the draft is closed. A lock is
stale, and may be taken over, when the process named in it is gone from this computer, or when
it has not been refreshed for ``STALE_SECONDS`` (a crash on another computer, a laptop put to
sleep): nothing else a second writer could check across a shared folder.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import getpass
import json
import os
import socket
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from yn_forms.core.inputfile import InputFileError, open_regular

LOCK_FORMAT = "yn-forms/lock"
LOCK_PREFIX, LOCK_SUFFIX = ".~lock.", "#"
STALE_SECONDS = 30 * 60  # a live window refreshes its lock every 30 s; clocks of a shared folder may differ by minutes
MAX_LOCK_BYTES = 4096  # a lock file is a few lines; anything larger is read no further


def lock_path(draft: Path) -> Path:
    """The lock file of *draft*: beside the file a save writes (a symbolic link's target, as
    ``core.draft.atomic_write`` writes it), so a link and its target share one lock."""
    path = Path(draft)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    return path.with_name(LOCK_PREFIX + path.name + LOCK_SUFFIX)


@dataclass(frozen=True)
class LockInfo:
    """Who holds a draft, as its lock file says."""

    user: str
    host: str
    pid: int
    since: datetime | None
    token: str  # this lock's own id: a window removes only a lock that is still its own
    touched: float = 0.0  # the lock file's modification time: the holder's last heartbeat

    @property
    def same_host(self) -> bool:
        return self.host == _host()

    def describe(self) -> str:
        """Who and since when, in a clerk's words: “张三（电脑 PC-01，进程 1234，自今天 19:42 起）”."""
        since = f"，自{when_text(self.since)}起" if self.since is not None else ""
        if not self.host and not self.user:  # a lock being written this moment, or garbled
            return f"不知是谁（锁文件无法读出，自{when_text(datetime.fromtimestamp(self.touched))}起）"
        where = "本机" if self.same_host else f"电脑 {self.host or '未知'}"
        return f"{self.user or '未知用户'}（{where}，进程 {self.pid}{since}）"


def when_text(moment: datetime) -> str:
    """A time a clerk reads at a glance: “今天 19:42 ”, “12月6日 09:05 ”, “2025年12月6日 09:05 ” (the space
    after it set off from the Chinese that follows, as before it: “于今天 19:42 被修改”)."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    today = datetime.now().astimezone() if local.tzinfo is not None else datetime.now()
    clock = f"{local:%H:%M}"
    if local.date() == today.date():
        return f"今天 {clock} "
    if local.year == today.year:
        return f"{local.month}月{local.day}日 {clock} "
    return f"{local.year}年{local.month}月{local.day}日 {clock} "


def _host() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return os.environ.get("USERNAME") or os.environ.get("USER") or ""


def read_lock(path: Path) -> LockInfo | None:
    """The lock at *path* (a lock file's path), or None when there is none. A lock that cannot be read
    (being written this very moment, or garbled) is one held by someone unknown, never no lock."""
    try:
        touched = os.lstat(path).st_mtime
    except OSError:
        return None
    try:  # a regular file, not followed through a link, never blocking on a pipe planted there
        with open_regular(path, MAX_LOCK_BYTES, follow_links=False) as handle:
            raw = json.loads(handle.read(MAX_LOCK_BYTES).decode("utf-8"))
    except (InputFileError, OSError, ValueError):
        raw = None
    if not isinstance(raw, dict) or raw.get("format") != LOCK_FORMAT:
        return LockInfo("", "", 0, None, "", touched)
    pid = raw.get("pid")
    try:
        since = datetime.fromisoformat(str(raw.get("since")))
    except ValueError:
        since = None
    return LockInfo(str(raw.get("user") or ""), str(raw.get("host") or ""), pid if isinstance(pid, int) else 0,
                    since, str(raw.get("token") or ""), touched)


def pid_alive(pid: int) -> bool:
    """Whether process *pid* still runs on this computer (an unknown answer counts as alive)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it runs, under another user
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def is_stale(info: LockInfo, now: float | None = None) -> bool:
    """Whether the holder of *info* is gone: its process has ended on this computer, or its lock has not
    been refreshed for ``STALE_SECONDS``."""
    if (now if now is not None else time.time()) - info.touched > STALE_SECONDS:
        return True
    return bool(info.host) and info.same_host and not pid_alive(info.pid)


def _hide(path: Path) -> None:
    """Windows: mark the lock hidden, as Word's ``~$`` files are (elsewhere its dot hides it)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        with contextlib.suppress(Exception):
            ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)  # type: ignore[attr-defined]


class Held(Exception):
    """The draft is held by a live lock: *info* says whose."""

    def __init__(self, info: LockInfo) -> None:
        super().__init__(info.describe())
        self.info = info


@dataclass
class DraftLock:
    """This process's lock on one draft, made by ``acquire``; *taken_over* names the stale lock it replaced."""

    draft: Path
    token: str
    taken_over: LockInfo | None = None

    @property
    def path(self) -> Path:
        return lock_path(self.draft)

    @classmethod
    def acquire(cls, draft: Path) -> DraftLock:
        """Lock *draft* for this process. Raises ``Held`` when a live lock is there (another window of
        this app counts: every window is its own writer), ``OSError`` when no lock can be written (a
        read-only folder: then nobody can save there either, and the caller opens the draft all the same)."""
        token = uuid.uuid4().hex
        content = json.dumps({"format": LOCK_FORMAT, "user": _user(), "host": _host(), "pid": os.getpid(),
                              "since": datetime.now().astimezone().isoformat(timespec="seconds"),
                              "token": token}, ensure_ascii=False).encode("utf-8")
        path = lock_path(draft)
        replaced = None
        for _attempt in range(3):  # a stale lock removed, then made ours; a racing window may win the second try
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
            except FileExistsError:
                info = read_lock(path)
                if info is None:
                    continue  # removed meanwhile
                if not is_stale(info):
                    raise Held(info) from None
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
                replaced = info
                continue
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(content)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(path)
                raise
            _hide(path)
            made = cls(Path(draft), token, replaced)
            _LIVE[token] = made
            return made
        raise OSError(errno.EEXIST, "草稿锁文件反复被占用", str(path))

    def owned(self) -> bool:
        """Whether the lock file there is still this one (not removed, not taken over as stale)."""
        info = read_lock(self.path)
        return info is not None and info.token == self.token

    def refresh(self) -> None:
        """The heartbeat: the lock's time brought to now, so others see a live holder. A lock removed by
        hand is written again; one taken over by someone else is theirs and left alone."""
        info = read_lock(self.path)
        if info is None:
            with contextlib.suppress(Held, OSError):
                again = DraftLock.acquire(self.draft)
                _LIVE.pop(again.token, None)
                _LIVE.pop(self.token, None)
                self.token = again.token
                _LIVE[self.token] = self
            return
        if info.token == self.token:
            with contextlib.suppress(OSError):
                os.utime(self.path)

    def release(self) -> None:
        """The draft is closed: the lock goes, if it is still ours."""
        _LIVE.pop(self.token, None)
        if self.owned():
            with contextlib.suppress(OSError):
                os.unlink(self.path)

    def move_to(self, draft: Path) -> DraftLock:
        """另存为: the new file locked, then the old one's lock released. Raises ``Held`` when the new file is
        held by another live writer (nothing is released then)."""
        if lock_path(draft) == self.path:
            self.draft = Path(draft)
            return self
        new = DraftLock.acquire(draft)
        self.release()
        return new


#: the locks this process holds, by token: released at exit, whatever way the app ends normally (a window
#: closed, the session ended, an error that quit the app) — the window's close is only the usual way
_LIVE: dict[str, DraftLock] = {}


@atexit.register
def _release_all() -> None:
    for lock in list(_LIVE.values()):
        lock.release()


def holder(draft: Path) -> LockInfo | None:
    """Who holds *draft* now, if anyone live does (a stale lock is no holder)."""
    info = read_lock(lock_path(draft))
    return None if info is None or is_stale(info) else info
