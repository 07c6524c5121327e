"""Writing output files so that the user never finds a half-written document.

Every document is first written to a temporary file beside its destination; only
when all of them are complete are they moved into place. Before that, each
destination is checked: a folder that cannot be written, a read-only file, or a
file Word/WPS holds open is reported in plain Chinese and nothing is touched.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from yn_forms.core.oserrors import is_read_only, os_reason, output_problem
from yn_forms.render.output_run import (
    Move,
    RunLock,
    Unfinished,
    remove_journals,
    replay,
    sweep,
    turn_back,
    write_journal,
)


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
    problem = output_problem(path)  # a name too long, a link to nowhere
    if problem:
        raise OutputError(problem)
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"无法创建输出文件夹 {folder}：{os_reason(exc)}") from None
        except RecursionError:  # pathlib makes each missing parent by recursion
            raise OutputError(f"无法创建输出文件夹：文件夹层次过深（{len(folder.parts)} 层），"
                              "请换一个较浅的文件夹") from None
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


def save_zipped(save: Callable[[BinaryIO], object], path: Path) -> None:
    """Have *save* write a Word or Excel file (a zip) in memory, then write its bytes to *path*.

    python-docx and openpyxl leave their ``ZipFile`` open when a write fails; on a full disk its
    ``__del__`` then fails again and Python prints “Exception ignored in ZipFile.__del__” and a
    traceback after the clerk's message. Built in memory (a document is a few megabytes at most),
    a full disk fails one plain write, reported once."""
    buffer = io.BytesIO()
    save(buffer)
    with open(path, "wb") as f:
        f.write(buffer.getbuffer())


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
    """Run each ``writer(temp_path)`` and move the results into place together: all or none.

    The files a dead run left in these folders are cleaned up first (``render.output_run``). If any
    writer fails, every temporary file is removed and the folder is untouched (moves happen only after
    all documents are written); if a move fails, the files already moved are put back; if the process
    is killed while moving, the next run finishes the moves from the journal.
    """
    for path, _ in jobs:
        check_destination(path)
    folders = list(dict.fromkeys(path.parent for path, _ in jobs))
    for folder in folders:
        try:
            sweep(folder, strict=True)
        except Unfinished as exc:
            raise OutputError(f"上次生成在移入文件时被中断，现在无法完成：“{exc.move.dest}”：{os_reason(exc.error)}。"
                              "请关闭正在使用它的程序后重试。") from None
    together = _together.get()
    try:
        run = together.lock(folders) if together is not None else RunLock(folders)
    except OSError as exc:
        raise OutputError(f"无法在文件夹 {folders[0]} 中写入文件：{os_reason(exc)}。请换一个输出文件夹。") from None
    moves: list[Move] = []
    with contextlib.nullcontext() if together is not None else run:
        try:
            for path, writer in jobs:
                temp = run.name("out", path.parent, path.suffix)
                try:
                    os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                except OSError as exc:
                    raise OutputError(
                        f"无法在文件夹 {path.parent} 中写入文件：{os_reason(exc)}。请换一个输出文件夹。"
                    ) from None
                backup = run.name("old", path.parent, path.suffix)
                moves.append(Move(str(path.parent), temp.name, path.name, backup.name, path.exists()))
                try:
                    writer(temp)
                    _flush(temp)
                except OSError as exc:
                    raise OutputError(f"写入“{path.name}”失败：{os_reason(exc)}") from None
            _move_into_place(run, moves, together)
        finally:
            for move in moves:
                with contextlib.suppress(OSError):
                    (Path(move.folder) / move.temp).unlink()
    return [path for path, _ in jobs]


def _flush(path: Path) -> None:
    """Make the finished file's bytes durable before the journal says it may replace the old one."""
    with contextlib.suppress(OSError), open(path, "rb+") as f:
        os.fsync(f.fileno())


def _move_into_place(run: RunLock, moves: list[Move], together: _Together | None = None) -> None:
    """Move every finished file to its destination, or none of them.

    The moves are journaled first; each file being replaced is moved aside, then the new one moved in.
    If a move fails (Windows refuses to replace a file Word holds open), the journal is turned back and
    the ones already moved are put back, so the folder never holds this run's 附件1 beside the last
    run's 附件2 — nor after a kill, once the next run has replayed the journal. Inside
    :func:`together`, the journal says to undo every move of the production so far until it ends.
    """
    for move in moves:
        _give_normal_mode(Path(move.folder) / move.temp, Path(move.folder) / move.dest)
    earlier = together.moves if together is not None else []
    try:
        journals = write_journal(run, [*earlier, *moves], back=together is not None)
    except OSError as exc:
        remove_journals([Path(m.folder) / f".yn-journal-{run.token}-part" for m in moves])
        raise OutputError(f"无法在文件夹 {moves[0].folder} 中写入文件：{os_reason(exc)}；"
                          "已有的文件都未改动。") from None
    failed = replay(moves, "forward", clean=together is None)
    if not failed:
        if together is None:
            remove_journals(journals)
        else:
            together.moved(moves, journals)
        return
    move, exc = failed[0]
    if together is None:
        journals = turn_back(journals)
        if not replay(moves, "back"):
            remove_journals(journals)
    elif replay(moves, "back"):
        together.stuck = True  # the journal, left, has the next run undo the whole production
    else:
        with contextlib.suppress(OSError):  # as before this call (if it cannot be written: undone, harmless)
            journals = write_journal(run, earlier, back=True) if earlier else journals
        together.moved([], journals)
    if isinstance(exc, PermissionError):
        raise OutputError(f"文件“{move.dest}”正被 Word、WPS 或其他程序占用，无法覆盖。"
                          "请关闭该文件后重试；已有的文件都未改动。")
    raise OutputError(f"无法保存“{move.dest}”：{os_reason(exc)}；已有的文件都未改动。")


class _Together:
    """The moves of one production so far: undone if it is killed before it ends (see :func:`together`)."""

    def __init__(self) -> None:
        self.run: RunLock | None = None
        self.moves: list[Move] = []
        self.journals: list[Path] = []
        self.stuck = False  # a move could be neither made nor undone: the next run undoes them all

    def lock(self, folders: list[Path]) -> RunLock:
        if self.run is None:
            self.run = RunLock(folders)
        else:
            self.run.extend(folders)
        return self.run

    def moved(self, moves: list[Move], journals: list[Path]) -> None:
        self.moves = [*self.moves, *moves]
        self.journals = journals if self.moves else []
        if not self.moves:
            remove_journals(journals)

    def end(self) -> None:
        """Keep every move: the journal removed (the moment the production is done), then the old files."""
        if not self.stuck:
            remove_journals(self.journals)
            replay(self.moves, "forward")  # all done: this removes what was moved aside
        if self.run is not None:
            self.run.close()


_together: contextvars.ContextVar[_Together | None] = contextvars.ContextVar("_together", default=None)


@contextlib.contextmanager
def together() -> Iterator[None]:
    """Every :func:`write_all` inside is part of one production: the Word files and then their PDFs (or
    the pack), moved in by separate calls, are all kept when it ends — also when it ends with an
    error, as the files in place are the clerk's — but a kill before its end leaves, once the next run
    has replayed the journal, the folder as it was before the production began: all old or all new."""
    if _together.get() is not None:
        yield
        return
    current = _Together()
    token = _together.set(current)
    try:
        yield
    finally:
        _together.reset(token)
        current.end()
