"""Writing output files so that the user never finds a half-written document.

Every document is first written to a temporary file beside its destination; only
when all of them are complete are they moved into place. Before that, each
destination is checked: a folder that cannot be written, a read-only file, or a
file Word/WPS holds open is reported in plain Chinese and nothing is touched.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from yn_forms.core.oserrors import is_read_only, os_reason


class OutputError(Exception):
    """An output could not be written; the message tells the clerk what to do."""


def office_lock_files(path: Path) -> list[Path]:
    """Owner files Word and WPS create beside a document they have open (``~$name.docx``)."""
    name = path.name
    candidates = {path.with_name("~$" + name)}
    if len(name) > 2:
        candidates.add(path.with_name("~$" + name[2:]))
    if len(name) > 1:
        candidates.add(path.with_name("~$" + name[1:]))
    return [c for c in candidates if c.exists()]


def check_destination(path: Path) -> None:
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"无法创建输出文件夹 {folder}：{os_reason(exc)}") from None
    if not folder.is_dir():
        raise OutputError(f"输出位置不是文件夹：{folder}")
    if path.exists():
        if path.is_dir():
            raise OutputError(f"输出文件名被一个文件夹占用：{path}")
        if is_read_only(path):
            raise OutputError(f"文件“{path.name}”是只读的，无法覆盖。请取消只读属性，或换一个输出文件夹。")
        if office_lock_files(path):
            raise OutputError(f"文件“{path.name}”正被 Word 或 WPS 打开，请先关闭该文件再生成。")
        try:
            with open(path, "r+b"):
                pass
        except PermissionError:
            raise OutputError(f"文件“{path.name}”正被其他程序占用或没有写入权限，请关闭后重试。") from None
        except OSError as exc:
            raise OutputError(f"无法写入文件“{path.name}”：{os_reason(exc)}") from None


def _default_mode() -> int:
    """What a newly created file gets (0666 less the umask); ``mkstemp`` would leave 0600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _give_normal_mode(temp: Path, path: Path) -> None:
    """An output replacing a file keeps that file's mode; a new one gets the usual mode, so a
    colleague on a shared folder can open it (mkstemp's 0600 would lock them out)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else _default_mode()
        os.chmod(temp, mode)


def write_all(jobs: list[tuple[Path, Callable[[Path], None]]]) -> list[Path]:
    """Run each ``writer(temp_path)`` and move the results into place together.

    If any writer or move fails, every temporary file is removed and the files
    already at the destinations are left as they were (moves happen only after
    all documents rendered).
    """
    for path, _ in jobs:
        check_destination(path)
    temps: list[tuple[Path, Path]] = []
    try:
        for path, writer in jobs:
            try:
                fd, name = tempfile.mkstemp(prefix=".yn-out-", suffix=path.suffix, dir=path.parent)
            except OSError as exc:
                raise OutputError(
                    f"无法在文件夹 {path.parent} 中写入文件：{os_reason(exc)}。请换一个输出文件夹。"
                ) from None
            os.close(fd)
            temps.append((Path(name), path))
            try:
                writer(Path(name))
            except OSError as exc:
                raise OutputError(f"写入“{path.name}”失败：{os_reason(exc)}") from None
        _move_into_place(temps)
    finally:
        for temp, _ in temps:
            with contextlib.suppress(OSError):
                temp.unlink()
    return [path for path, _ in jobs]


def _move_into_place(temps: list[tuple[Path, Path]]) -> None:
    """Move every finished file to its destination, or none of them.

    Each file being replaced is first moved aside; if a later move fails (Windows
    refuses to replace a file Word holds open), the ones already moved are put back,
    so the folder never holds this run's 附件1 beside the last run's 附件2.
    """
    done: list[tuple[Path, Path | None]] = []
    try:
        for temp, path in temps:
            _give_normal_mode(temp, path)
            backup = None
            if path.exists():
                backup = path.with_name(f".yn-old-{os.getpid()}-{len(done)}{path.suffix}")
                os.replace(path, backup)
            try:
                os.replace(temp, path)
            except OSError:
                if backup is not None:
                    os.replace(backup, path)
                raise
            done.append((path, backup))
    except OSError as exc:
        for path, backup in reversed(done):
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, path)
                else:
                    path.unlink()
        if isinstance(exc, PermissionError):
            raise OutputError(f"文件“{path.name}”正被 Word、WPS 或其他程序占用，无法覆盖。"
                              "请关闭该文件后重试；已有的文件都未改动。") from None
        raise OutputError(f"无法保存“{path.name}”：{os_reason(exc)}；已有的文件都未改动。") from None
    for _, backup in done:
        if backup is not None:
            with contextlib.suppress(OSError):
                backup.unlink()

