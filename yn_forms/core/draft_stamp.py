"""Whether a draft changed on disk since this window opened or last saved it.

A save replaces the draft file whole; a window that saves over a file another window (or a
colleague, or a copy from a USB stick) changed since would silently undo their work. So the
window remembers the file as it read or wrote it — size, modification time and SHA-256 — and
before replacing it looks again: the content's hash decides (a file touched or copied back
unchanged is no change; a change that kept the size and the time is one). What changed is said field by field,
from the two documents (``core.changes``).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yn_forms.core.draft import DraftError, load_for_form
from yn_forms.core.inputfile import InputFileError, open_regular

if TYPE_CHECKING:
    from yn_forms.core.formdef import FormDefinition

CHUNK = 1 << 20
LISTED_FIELDS = 8  # fields a message names; the others are counted


@dataclass(frozen=True)
class DiskStamp:
    """A draft file as it was on disk."""

    size: int
    mtime_ns: int
    sha256: str


def stamp_of(path: Path) -> DiskStamp | None:
    """*path* as it is now; None when there is no file, or none a draft could be (a folder, a pipe, a file
    over the size of any draft: opening it says why)."""
    digest = hashlib.sha256()
    try:
        with open_regular(path) as handle:
            info = os.fstat(handle.fileno())
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except (InputFileError, OSError):
        return None
    return DiskStamp(info.st_size, info.st_mtime_ns, digest.hexdigest())


@dataclass(frozen=True)
class DiskChange:
    """The draft file differs from the one this window knew: since *when*, or gone (*when* None)."""

    when: datetime | None
    stamp: DiskStamp | None


def changed_on_disk(path: Path, known: DiskStamp | None) -> DiskChange | None:
    """What became of *path* since it was *known*; None when it is as it was. A file this window never
    saw (*known* None: a new file) has nothing to compare with. A file gone since is a change too:
    the clerk is told before the draft is written anew where it was (moved away on purpose?)."""
    if known is None:
        return None
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return DiskChange(None, None)
    except OSError:
        return None  # cannot be looked at: the save itself says why
    # size and time alike are not proof enough (a file system that keeps time in 2-second steps, a copy
    # that keeps the time): the content decides, and a draft is read in milliseconds
    now = stamp_of(path)
    if now is None or now.sha256 == known.sha256:
        return None
    return DiskChange(datetime.fromtimestamp(info.st_mtime_ns / 1e9), now)


def changed_fields(form: FormDefinition, before: dict[str, Any], path: Path) -> list[str]:
    """The fields the draft at *path* now holds otherwise than *before* (the data as this window read or
    saved it), each “label：old → new”; [] when the file cannot be read as this form's draft."""
    from yn_forms.core.changes import item_changes  # the forms' models: only when a change is to be named

    try:
        loaded = load_for_form(path, form)
    except DraftError:
        return []
    try:
        changes = item_changes(form.model, before, loaded.data)
    except Exception:  # naming the fields is a courtesy: odd data on disk must never stop the question
        return []
    lines = [f"{change.label}：{_short(change.old_text)} → {_short(change.new_text)}"
             for change in changes[:LISTED_FIELDS]]
    if len(changes) > LISTED_FIELDS:
        lines.append(f"……另有 {len(changes) - LISTED_FIELDS} 项")
    return lines


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
