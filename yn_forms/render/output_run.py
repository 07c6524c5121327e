"""One run's files in an output folder, and the clean-up of runs that died there.

A run that writes into a folder first takes a *run lock* there, ``.yn-run-TOKEN``: a file it keeps
open and locked (``flock`` on POSIX, a byte-range lock on Windows) until it is done. Everything else
it puts in the folder carries the same token — ``.yn-out-TOKEN-N.docx`` (a document being written),
``.yn-old-TOKEN-N.docx`` (the file it replaces, moved aside), ``.yn-pdf-TOKEN`` (LibreOffice's work
folder), ``.yn-journal-TOKEN`` (the moves it is making). The operating system drops the lock when
the process ends, however it ends (kill -9, a crash, a power cut), so the next run can tell a dead
run's files from a live one's — a second window, or a colleague on a shared folder — without
trusting process ids, and removes only the dead run's (and those of older versions, which had no
lock). The clerk's own files never start with ``.yn-`` and are never touched.

The journal makes a set of moves all-or-nothing: it is written (complete, flushed, renamed into
place) only once every new file is finished, and says which way to go — forward (put the new files
in place) or back (put the old ones back). The live run and the next run replay it with the same
function, so a kill at any rename leaves the folder, at the next run, all old or all new.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

PREFIX = ".yn-"
_LOCK = ".yn-run-"
_JOURNAL = ".yn-journal-"
_BACK = "-back"
_OURS = re.compile(r"^\.yn-(?:out|old|pdf|journal|run)-([0-9A-Za-z_]+)")
_LOCK_AT = 4096  # Windows locks bytes, and refuses to read locked ones: lock past what the file holds
_YOUNG = 60.0  # an empty lock this young may be one being made (created, not yet locked)
_live: set[str] = set()  # this process's own runs: never tested by opening their lock again


@dataclass(frozen=True)
class Move:
    """One destination of a journal: the new file *temp* goes to *dest*; what was there goes to *backup*."""

    folder: str
    temp: str
    dest: str
    backup: str
    existed: bool


class RunLock:
    """This run's lock in each of its *folders* (one token for all); names its temporary files there;
    released (and the lock files removed) by :meth:`close`."""

    def __init__(self, folders: list[Path]) -> None:
        self.token = secrets.token_hex(6)
        self._count = 0
        self._held: list[tuple[Path, int]] = []
        _live.add(self.token)
        try:
            self.extend(folders)
        except OSError:
            self.close()
            raise

    def extend(self, folders: list[Path]) -> None:
        """Take this run's lock in *folders* too (those it does not hold yet)."""
        held = {path.parent for path, _ in self._held}
        for folder in dict.fromkeys(Path(f) for f in folders):
            if folder in held:
                continue
            path = folder / f"{_LOCK}{self.token}"
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            self._held.append((path, fd))
            _lock(fd)
            os.write(fd, f"{os.getpid()}\n".encode())  # non-empty: the lock is taken

    def name(self, kind: str, folder: Path, suffix: str = "") -> Path:
        """A fresh name in *folder* for this run's *kind* of file (``out``, ``old``, ``pdf``)."""
        self._count += 1
        return Path(folder) / f"{PREFIX}{kind}-{self.token}-{self._count}{suffix}"

    def close(self) -> None:
        for path, fd in self._held:
            with contextlib.suppress(OSError):
                _unlock(fd)
            with contextlib.suppress(OSError):
                os.close(fd)
            with contextlib.suppress(OSError):
                path.unlink()
        self._held = []
        _live.discard(self.token)

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _lock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt
        os.lseek(fd, _LOCK_AT, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # Windows only
        os.lseek(fd, 0, os.SEEK_SET)
    else:
        import fcntl
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt
        os.lseek(fd, _LOCK_AT, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]  # Windows only
    else:
        import fcntl
        fcntl.flock(fd, fcntl.LOCK_UN)


def _is_dead(lock: Path) -> bool:
    """Whether the run that made *lock* has ended: its lock can be taken, and it is not one being made."""
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False
    try:
        try:
            _lock(fd)
        except OSError:
            return False  # held: a live run
        with contextlib.suppress(OSError):
            _unlock(fd)
        info = os.fstat(fd)
        return info.st_size > 0 or time.time() - info.st_mtime > _YOUNG
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- the journal

def write_journal(lock: RunLock, moves: list[Move], *, back: bool = False) -> list[Path]:
    """Record *moves* as going forward (or, *back*, as to be undone), in every folder they touch; the
    journals' paths (an earlier journal of the run is replaced).

    Turning back is a rename (:func:`turn_back`), which needs no disk space: a full disk cannot stop
    a run from recording that it is undoing what it did."""
    text = json.dumps([m.__dict__ for m in moves], ensure_ascii=False)
    written = []
    for folder in dict.fromkeys(Path(m.folder) for m in moves):
        path = folder / f"{_JOURNAL}{lock.token}{_BACK if back else ''}"
        part = folder / f"{_JOURNAL}{lock.token}-part"
        with open(part, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(part, path)
        written.append(path)
    return written


def turn_back(journals: list[Path]) -> list[Path]:
    """Mark the journals as going back (the old files to be put back); the journals' new paths."""
    turned = []
    for path in journals:
        back = path.with_name(path.name + _BACK)
        with contextlib.suppress(OSError):
            os.replace(path, back)
            path = back
        turned.append(path)
    return turned


def remove_journals(journals: list[Path]) -> None:
    for path in journals:
        with contextlib.suppress(OSError):
            path.unlink()


def replay(moves: list[Move], direction: str, *, clean: bool = True) -> list[tuple[Move, OSError]]:
    """Bring every move to its *direction*'s end (``forward``: the new files in place; ``back``: the old
    ones) from wherever a run stopped; the moves that failed, each with its error (each is tried).
    Safe to repeat: each step looks at what is there before it renames. When all succeed (and
    *clean*), the files moved aside and any new file left over are removed."""
    errors: list[tuple[Move, OSError]] = []
    for m in moves:
        folder = Path(m.folder)
        temp, dest, backup = folder / m.temp, folder / m.dest, folder / m.backup
        try:
            if direction == "forward":
                if temp.exists():
                    if m.existed and not backup.exists() and dest.exists():
                        os.replace(dest, backup)
                    os.replace(temp, dest)
            elif backup.exists():
                os.replace(backup, dest)
            elif not temp.exists() and not m.existed:
                dest.unlink(missing_ok=True)  # the new file had been put where there was none
        except OSError as exc:
            errors.append((m, exc))
            if direction == "forward":
                break  # what is not yet moved stays as it was: going back has less to undo
    if not errors and clean:
        for m in moves:
            for name in (m.backup, m.temp):
                with contextlib.suppress(OSError):
                    (Path(m.folder) / name).unlink()
    return errors


class Unfinished(Exception):
    """A dead run's moves could not be finished (a file it moves is held open): writing over them now
    could mix its files with this run's once they are finished later."""

    def __init__(self, move: Move, error: OSError) -> None:
        super().__init__(move.dest)
        self.move, self.error = move, error


def _replay_journal(path: Path) -> tuple[Move, OSError] | None:
    """Finish the moves a dead run's journal at *path* records; the first that failed, if one did."""
    if path.name.endswith("-part"):
        return None  # never completed: nothing was moved by it
    try:
        moves = [Move(**m) for m in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return None
    direction = "back" if path.name.endswith(_BACK) else "forward"
    failed = replay(moves, direction)
    if failed:
        return failed[0]
    remove_journals([Path(m.folder) / path.name for m in moves])
    remove_journals([path])
    return None


# --------------------------------------------------------------------------- clean-up

def sweep(folder: Path, *, strict: bool = False) -> list[Path]:
    """Finish or undo the moves of dead runs in *folder* and remove every file they left; what was removed.

    A live run's files (its lock held) are left alone, as is anything not named as ours. Moves that
    cannot be finished now are left for the next run — or, *strict*, raise :class:`Unfinished` (a run
    about to write into the folder must not go on).
    """
    folder = Path(folder)
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.startswith(PREFIX)]
    except OSError:
        return []
    tokens: dict[str, list[str]] = {}
    for name in names:
        match = _OURS.match(name)
        if match:
            tokens.setdefault(match.group(1), []).append(name)
    removed: list[Path] = []
    for token, found in tokens.items():
        if token in _live:
            continue
        lock = f"{_LOCK}{token}"
        if lock in found and not _is_dead(folder / lock):
            continue
        failed = [f for f in (_replay_journal(folder / name) for name in found if name.startswith(_JOURNAL)) if f]
        if failed:
            if strict:
                raise Unfinished(*failed[0])
            continue  # a move could not be finished now (a file held open): the next run tries again
        for name in sorted(found, key=lambda n: n == lock):  # the lock last
            path = folder / name
            if _remove(path):
                removed.append(path)
    return removed


def _remove(path: Path) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, onerror=_writable_then_retry)
        else:
            try:
                path.unlink()
            except PermissionError:
                os.chmod(path, 0o600)  # Windows' read-only attribute stops an unlink
                path.unlink()
    except FileNotFoundError:
        return False
    except OSError:
        return False
    return True


def _writable_then_retry(func, path, _exc) -> None:
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)
        func(path)
