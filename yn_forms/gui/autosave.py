"""Autosave files in the user data folder, and finding them again after a crash.

An autosave is a normal draft plus a note of which file it belongs to; it is
removed when the user saves or closes cleanly, so any autosave found at start-up
is work a crash would otherwise have lost. Each autosave is held by a lock file
while its window lives: a second copy of the app must not offer to "recover" the
draft that the first copy is still editing. Qt's lock notices a dead owner, so a
crash frees the autosave for recovery.

A draft not saved yet keeps its 证明材料 files in a staging folder named after its autosave
(``core.enclosure_store``: ``staging/<autosave's name>/``). The two live and die together:
a crash leaves both, so the recovered draft finds its files; closing the draft, or 丢弃 of a
recovery, removes both; a staging folder whose autosave is gone and not held by any window
(a crash before the first autosave) is removed at the next start.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLockFile

from yn_forms.core.draft import DraftError, atomic_write, draft_document, read_input
from yn_forms.core.enclosure_store import EnclosureStore, staging_root
from yn_forms.core.inputfile import InputFileError, read_json
from yn_forms.paths import user_data_dir

if TYPE_CHECKING:  # for hints only: the draft file needs no form built
    from yn_forms.core.formdef import FormDefinition


def autosave_dir() -> Path:
    folder = user_data_dir() / "autosave"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Recovery:
    path: Path
    form_id: str
    data: dict[str, Any]
    saved_at: str
    original: str | None
    folders: tuple[Path, ...] = ()  # where its 证明材料 files were looked for (gui.draft_files), besides staging


def _lock_for(path: Path) -> QLockFile:
    lock = QLockFile(str(path) + ".lock")
    lock.setStaleLockTime(0)  # only a dead owner makes a lock stale, never its age
    return lock


class Autosaver:
    def __init__(self, form: FormDefinition, path: Path | None = None) -> None:
        self.form = form
        self.path = path or autosave_dir() / f"{form.id}-{uuid.uuid4().hex[:12]}.ynform"
        self.lock = _lock_for(self.path)
        self.lock.tryLock(0)

    @property
    def token(self) -> str:
        """The name of this draft's staging folder of 证明材料 (its autosave's, so a recovery finds it)."""
        return staging_token(self.path)

    def save(self, data: dict[str, Any], original: Path | None, folders: Iterable[Path] = ()) -> None:
        """*folders*: where the draft's 证明材料 files may be (a recovered draft finds them there again)."""
        document = draft_document(self.form, data)
        document["autosave_of"] = str(original) if original else None
        document["enclosure_folders"] = [str(folder) for folder in folders]
        atomic_write(self.path, json.dumps(document, ensure_ascii=True, indent=1).encode("ascii"))

    def clear(self) -> None:
        """The draft is as saved again (its changes undone): nothing to recover, the lock kept."""
        with contextlib.suppress(OSError):
            self.path.unlink()

    def discard(self) -> None:
        """The draft is closed: its autosave and its staging folder go (what was saved is beside the draft)."""
        self.clear()
        EnclosureStore.staging(self.token).discard()
        self.lock.unlock()


def staging_token(autosave: Path) -> str:
    return autosave.stem


def find_recoveries() -> list[Recovery]:
    found = []
    for path in sorted(autosave_dir().glob("*.ynform")):
        lock = _lock_for(path)
        if not lock.tryLock(0):
            continue  # its window is still open, in another copy of the app
        lock.unlock()
        try:
            loaded = read_input(path)
            raw = read_json(path)  # the same checked reader as the draft's
        except (DraftError, InputFileError):
            continue
        folders = raw.get("enclosure_folders")
        folders = tuple(Path(f) for f in folders if isinstance(f, str) and f) if isinstance(folders, list) else ()
        if loaded.form_id:
            found.append(Recovery(path, loaded.form_id, loaded.data, loaded.saved_at or "", raw.get("autosave_of"),
                                  folders))
    return found


def still_its_file(recovery: Recovery) -> Path | None:
    """The draft file a recovery goes back to: its original, unless that is gone or was saved after the
    autosave was made (then the autosave is the older of the two, and opening it over the file would
    offer to replace newer work: it opens as an unsaved draft instead)."""
    if not recovery.original:
        return None
    original = Path(recovery.original)
    try:
        saved = datetime.fromisoformat(recovery.saved_at).timestamp()
        return original if original.is_file() and original.stat().st_mtime <= saved + 1 else None
    except (ValueError, OSError):
        return None


def discard_recovery(recovery: Recovery) -> None:
    """The user chose not to restore: the autosave goes, so it is not offered at every start, and the
    证明材料 it had staged with it."""
    with contextlib.suppress(OSError):
        recovery.path.unlink()
    EnclosureStore.staging(staging_token(recovery.path)).discard()


def clean_orphan_staging() -> None:
    """Staging folders of drafts no window holds and no autosave can bring back (the app was killed before
    the draft's first autosave): their files belong to nothing any more."""
    with contextlib.suppress(OSError):
        for folder in staging_root().iterdir():
            autosave = autosave_dir() / f"{folder.name}.ynform"
            if autosave.exists():
                continue
            lock = _lock_for(autosave)
            if lock.tryLock(0):  # no window of any copy of the app holds this draft
                lock.unlock()
                with contextlib.suppress(ValueError):
                    EnclosureStore.staging(folder.name).discard()
