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

_IN_USE = "文件被占用（正被其他程序使用），请关闭该程序后重试"
_REASONS = {
    errno.ENOSPC: "磁盘已满，请清理磁盘或换一个位置",
    errno.EDQUOT: "磁盘配额已用完，请清理空间或换一个位置",
    errno.EROFS: "所在磁盘是只读的（如光盘或写保护的U盘），请换一个位置",
    errno.EACCES: "权限不足，或文件正被其他程序占用",
    errno.EPERM: "权限不足，或文件正被其他程序占用",
    errno.ENAMETOOLONG: "文件名太长（或路径太长），请缩短文件名或换一个较短的文件夹",
    errno.EFBIG: "文件太大，超出该磁盘允许的大小",
    errno.EIO: "读写磁盘出错（磁盘或U盘可能已损坏或被拔出）",
    errno.ENOENT: "没有这个文件或文件夹",
    errno.ENOTDIR: "路径中有一级不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EEXIST: "已有同名的文件或文件夹",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.EBUSY: _IN_USE,
    errno.ETXTBSY: _IN_USE,
    errno.ELOOP: "符号链接（快捷方式）层层相套或指向自身",
    errno.EINVAL: "文件名无效（含有系统不允许的字符）",
    errno.EMFILE: "同时打开的文件太多，请关闭一些程序后重试",
    errno.ENFILE: "同时打开的文件太多，请关闭一些程序后重试",
    errno.EXDEV: "不能在两个磁盘之间直接移动，请换一个位置",
    errno.ENXIO: "设备不存在或未连接",
    errno.ENODEV: "设备不存在或未连接",
    errno.ENOMEM: "内存不足，请关闭一些程序后重试",
    errno.ETIMEDOUT: "网络位置连接超时，请检查网络后重试",
    errno.EHOSTUNREACH: "无法连接网络位置，请检查网络后重试",
    errno.ENETUNREACH: "无法连接网络位置，请检查网络后重试",
    errno.ESTALE: "网络上的文件已失效，请重新打开所在文件夹",
}
_WINDOWS_REASONS = {  # Windows' own error numbers, where they say more than the errno they map to
    32: _IN_USE,  # ERROR_SHARING_VIOLATION
    33: _IN_USE,  # ERROR_LOCK_VIOLATION
    206: _REASONS[errno.ENAMETOOLONG],  # ERROR_FILENAME_EXCED_RANGE
    123: _REASONS[errno.EINVAL],  # ERROR_INVALID_NAME
    53: "找不到网络路径，请检查网络或共享文件夹的地址",  # ERROR_BAD_NETPATH
}


def os_reason(exc: OSError) -> str:
    """A short Chinese reason for *exc*, fit to follow “无法保存……：”.

    The one table of the app's wording for operating-system errors: every command and the wizard
    word them through it. An error not in the table is still said in Chinese, with the system's
    name for it in brackets (for whoever helps the clerk)."""
    if isinstance(exc, ReadOnlyFile):
        return "文件是只读的，请取消只读属性或另存为其他文件"
    winerror = getattr(exc, "winerror", None)
    if winerror in _WINDOWS_REASONS:
        return _WINDOWS_REASONS[winerror]
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    name = errno.errorcode.get(exc.errno, "") if isinstance(exc.errno, int) else ""
    detail = "，".join(part for part in (name, exc.strerror or "") if part) or type(exc).__name__
    return f"操作系统报告了错误（{detail}）"


def describe(exc: OSError, doing: str = "无法访问") -> str:
    """*exc* as a sentence naming the file it is about: “无法访问“名称”：原因”."""
    name = exc.filename if exc.filename is not None else ""
    shown = f"“{os.fsdecode(name)}”" if name != "" else ""
    return f"{doing}{shown}：{os_reason(exc)}"


def is_dir(path: str | os.PathLike[str]) -> bool:
    """``Path.is_dir`` that answers False for a path that cannot be looked at (a name too long, a
    folder without permission), where Python raises for some errors and not others."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def output_problem(path: str | os.PathLike[str]) -> str | None:
    """Why *path* cannot be written as an output, in Chinese; None if nothing is known against it.

    A symbolic link whose target does not exist is refused: writing “through” it would create a
    file where the link points — perhaps a folder of someone else's — not where the clerk looked.
    A name the system cannot take (too long, invalid) is refused before any work is done."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        info = None
    except OSError as exc:
        return describe(exc, "无法写入")
    except ValueError:  # an embedded NUL
        return f"无法写入“{path}”：{_REASONS[errno.EINVAL]}"
    if info is not None and stat.S_ISLNK(info.st_mode):
        try:
            os.stat(path)
        except OSError:
            return (f"“{path}”是一个符号链接（快捷方式），它指向的位置不存在；"
                    "不会写到它指向的地方，请换一个文件名或文件夹")
    return None


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
