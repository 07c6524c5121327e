"""LibreOffice profiles kept between conversions, one conversion at a time in each.

A LibreOffice started on an empty profile spends about half a second of CPU creating it, on
every PDF and every preview. The profiles live in the user cache folder and are reused; each is
held by an exclusive OS lock (``flock`` / ``msvcrt.locking``, released by the system if the
process dies) for as long as a conversion runs in it, because two LibreOffices sharing a profile
hang or convert each other's files. A second copy of the app converting at the same moment takes
the next profile of the pool; when every one is busy, or the cache cannot be written, the
conversion gets a throw-away profile as before. A profile whose LibreOffice had to be killed is
deleted, so that a half-written one is never reused.

A profile that only converts is told, before each conversion, that it has already met this version of
LibreOffice (``START_SETTINGS``). LibreOffice runs its graphics self-tests (``GraphicsRenderTests``:
a hundred drawings on the screen's backend, written to a log in the profile) whenever the profile's
last version is older than itself, and records the version only when its window opens: headless, it
never does, so every conversion paid for them — half of LibreOffice's CPU time for the two documents
of an application. What they draw never reaches a PDF: the PDFs are the same, pixel for pixel.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from yn_forms.paths import user_cache_dir

POOL = 4  # conversions that may run at once with a kept profile (two apps, preview and generate)
#: the version this profile last ran: above any LibreOffice's (it compares major × 10 + minor), so none sees an upgrade
LAST_VERSION = "99.9"
START_SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("/org.openoffice.Setup/Product", "ooSetupLastVersion", LAST_VERSION),
)


class Profile:
    """The folder a conversion runs LibreOffice in; ``discard()`` after it had to be killed."""

    def __init__(self, folder: Path, kept: bool) -> None:
        self.folder, self.kept = folder, kept
        self.discarded = False

    @property
    def uri(self) -> str:
        return self.folder.resolve().as_uri()

    def discard(self) -> None:
        self.discarded = True


def profiles_dir() -> Path:
    return user_cache_dir() / "libreoffice-profiles"


@contextlib.contextmanager
def profile() -> Iterator[Profile]:
    """A profile no other conversion is using, kept for the next one when possible."""
    held = _hold_one()
    if held is None:
        with tempfile.TemporaryDirectory(prefix="yn-forms-lo-", ignore_cleanup_errors=True) as folder:
            yield Profile(Path(folder), kept=False)
        return
    folder, handle = held
    current = Profile(folder, kept=True)
    try:
        yield current
    finally:
        if current.discarded:
            shutil.rmtree(folder, ignore_errors=True)
        _release(handle)


def _hold_one() -> tuple[Path, int] | None:
    root = profiles_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(root, 0o700)  # a profile holds the user's LibreOffice settings
    except OSError:
        return None
    for index in range(POOL):
        try:
            handle = os.open(root / f"{index}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return None
        if _try_lock(handle):
            return root / str(index), handle
        os.close(handle)
    return None


def _try_lock(handle: int) -> bool:
    try:
        if os.name == "nt":  # pragma: no cover  (Windows)
            import msvcrt

            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _release(handle: int) -> None:
    with contextlib.suppress(OSError):
        if os.name == "nt":  # pragma: no cover  (Windows)
            import msvcrt

            os.lseek(handle, 0, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_UN)
    with contextlib.suppress(OSError):
        os.close(handle)
