"""Why a file could not be read or written, in the words a clerk acts on.

Python's ``strerror`` comes from the C library in the system's language — on a
Chinese Windows it is Chinese, on the build machine it is English — and names the
error, not the remedy. The common causes get a fixed Chinese reason that says what
to do; anything else falls back to the system's text.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

_REASONS = {
    errno.ENOSPC: "磁盘空间不足，请清理磁盘或换一个位置",
    errno.EDQUOT: "磁盘配额已用完，请清理空间或换一个位置",
    errno.EROFS: "所在磁盘是只读的（如光盘或写保护的U盘），请换一个位置",
    errno.EACCES: "没有权限，或文件正被其他程序占用",
    errno.EPERM: "没有权限，或文件正被其他程序占用",
    errno.ENAMETOOLONG: "文件名或路径太长，请缩短文件名或换一个较短的文件夹",
    errno.EFBIG: "文件太大，超出该磁盘允许的大小",
    errno.EIO: "读写磁盘出错（磁盘或U盘可能已损坏或被拔出）",
}


def os_reason(exc: OSError) -> str:
    """A short Chinese reason for *exc*, fit to follow “无法保存……：”."""
    if isinstance(exc, ReadOnlyFile):
        return "文件是只读的，请取消只读属性或另存为其他文件"
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return exc.strerror or str(exc)


def is_read_only(path: Path) -> bool:
    """Whether the file at *path* is marked read-only (Windows' 只读 attribute, or no write bit for
    its owner). Read from the mode, not ``os.access``: an administrator or root may write anything,
    but a file the clerk marked read-only is still not to be replaced."""
    try:
        return not os.stat(path).st_mode & stat.S_IWUSR
    except OSError:
        return False


class ReadOnlyFile(PermissionError):
    """Replacing a file marked read-only was refused; ``str()`` says so in Chinese, naming the file."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EACCES, "文件是只读的", str(path))
        self.path = Path(path)

    def __str__(self) -> str:
        return f"文件“{self.path.name}”是只读的，没有保存，原有文件未被改动"


def sync_folder(folder: Path) -> None:
    """Flush *folder*'s entries to disk where the platform allows, so a file just renamed into it keeps
    its name through a power cut (a best effort: nothing to tell the clerk when it cannot be done)."""
    if hasattr(os, "O_DIRECTORY"):
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
