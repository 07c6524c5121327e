"""Draft files (``.ynform``): reading any input the user hands us, and saving safely.

Saving writes a temporary file in the same folder, flushes it to disk and then
replaces the old draft in one step, so a crash or a power cut mid-save leaves
either the old draft or the new one — never a torn file. A file that cannot be
read is reported and never overwritten. The draft's 证明材料 files are put in the folder
beside it first (``core.enclosure_store``), so a draft on disk always finds the files it names.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yn_forms.core.enclosure_store import EnclosureStore, FileIssue, file_records
from yn_forms.core.inputfile import (
    BAD_NUMBER,
    ENCODING,
    FOLDER,
    NOT_REGULAR,
    TOO_DEEP,
    TOO_LARGE,
    UNREADABLE,
    InputFileError,
    read_json,
)
from yn_forms.core.oserrors import ReadOnlyFile, is_read_only, sync_folder

if TYPE_CHECKING:  # for hints only: the draft file needs no form built
    from yn_forms.core.formdef import FormDefinition

DRAFT_FORMAT = "yn-forms/draft"
DRAFT_SUFFIX = ".ynform"
PACKET_SUFFIX = ".ynpack"  # a member unit's data packet (core.packets): named here, where nothing heavy is imported
TEMP_PREFIX = ".ynform-tmp-"


class DraftError(Exception):
    """A file that cannot be used as it is; the message says why, in Chinese."""


class ForeignDraft(DraftError):
    """Another form's draft. ``form_id`` says whose, so a caller that knows the registry of
    forms (the 汇总表 page, ``yn-forms summary``) can name that form in Chinese."""

    def __init__(self, message: str, form_id: str) -> None:
        super().__init__(message)
        self.form_id = form_id


@dataclass
class LoadedInput:
    form_id: str | None  # None for a bare JSON data object
    data: dict[str, Any]
    schema_version: int | None
    saved_at: str | None
    migrated_from: int | None = None


def _draft_message(exc: InputFileError, path: Path) -> str:
    """A refusal as the draft's messages have always said it, the file named last."""
    if exc.kind == UNREADABLE:
        return f"无法读取文件 {path}：{exc.reason}"
    if exc.kind == FOLDER:
        return f"这是一个文件夹，不是草稿文件：{path}"
    if exc.kind in (NOT_REGULAR, TOO_LARGE, TOO_DEEP, BAD_NUMBER, ENCODING):
        return f"{exc.reason}，无法读取：{path}"
    return f"{exc.reason}：{path}"


def read_input(path: Path) -> LoadedInput:
    """Read a draft file or a bare JSON data object, without judging its content."""
    try:
        obj = read_json(path)
    except InputFileError as exc:
        raise DraftError(_draft_message(exc, path)) from None
    if not isinstance(obj, dict):
        raise DraftError(f"文件内容不是一份申报数据（应为 JSON 对象）：{path}")
    if obj.get("format") == DRAFT_FORMAT:
        data = obj.get("data")
        version = obj.get("schema_version")
        if not isinstance(data, dict) or not isinstance(obj.get("form"), str):
            raise DraftError(f"草稿文件缺少表单标识或数据，无法打开：{path}")
        if not isinstance(version, int) or version < 1:
            raise DraftError(f"草稿文件的版本号无效：{path}")
        return LoadedInput(obj["form"], data, version, obj.get("saved_at"))
    if "format" in obj and isinstance(obj["format"], str) and obj["format"].startswith("yn-forms/"):
        raise DraftError(f"这不是申报草稿（格式为 {obj['format']}）：{path}")
    return LoadedInput(None, obj, None, None)


def load_for_form(path: Path, form: FormDefinition) -> LoadedInput:
    """Read *path* as data for *form*: refuse another form's draft, migrate old versions."""
    loaded = read_input(path)
    if loaded.form_id is not None and loaded.form_id != form.id:
        raise ForeignDraft(
            f"这是表单“{loaded.form_id}”的草稿，不能作为“{form.name}”（{form.id}）打开", loaded.form_id
        )
    if loaded.schema_version is not None:
        try:
            loaded.data = migrate(form, loaded.data, loaded.schema_version)
        except DraftError as exc:  # named like every other refusal: in a 汇总 folder of many it is one file
            raise DraftError(f"{exc}：{path}") from None
        if loaded.schema_version != form.schema_version:
            loaded.migrated_from = loaded.schema_version
            loaded.schema_version = form.schema_version
    return loaded


def migrate(form: FormDefinition, data: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring data of an older schema_version up to the form's current one, step by step."""
    if version > form.schema_version:
        raise DraftError(
            f"草稿由更新版本的程序保存（数据版本 {version}，本程序支持到 {form.schema_version}），"
            "请升级程序后再打开"
        )
    while version < form.schema_version:
        step = form.migrations.get(version)
        if step is None:
            raise DraftError(f"无法把数据版本 {version} 升级到 {version + 1}：缺少迁移步骤")
        data = step(data)
        version += 1
    return data


def draft_document(form: FormDefinition, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": DRAFT_FORMAT,
        "form": form.id,
        "schema_version": form.schema_version,
        "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "data": data,
    }


def save_draft(path: Path, form: FormDefinition, data: dict[str, Any],
               enclosures_from: Iterable[Path] = ()) -> list[FileIssue]:
    """Write the draft at *path*, its 证明材料 files first: each file its records name that is not yet in
    the folder beside *path* (``core.enclosure_store``) is copied there from the first folder of
    *enclosures_from* holding it (the staging folder of a draft never saved, the folder beside the
    draft before 另存为). Returns the files that could be found nowhere — the draft is written all the
    same, and validation names them. A failure while copying (a full disk) writes no draft."""
    document = draft_document(form, data)
    try:
        content = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    except UnicodeEncodeError:
        # a lone surrogate (pasted from a broken file) cannot be UTF-8; \u escapes keep it exactly
        content = json.dumps(document, ensure_ascii=True, indent=2).encode("ascii")
    left = EnclosureStore.beside(path).bring(file_records(data), enclosures_from)
    atomic_write(path, content)
    return left


def _written_path(path: Path) -> Path:
    """The file a save through *path* must replace: a symbolic link's target (links followed to the
    end), so the link stays a link and the file it points at is the one brought up to date."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def atomic_write(path: Path, content: bytes) -> None:
    """Write *content* to *path* so that readers see the old file or the new one, never half.

    The temporary file lives in the destination folder (``os.replace`` is only
    atomic within one file system) and is fsynced before the rename; the folder
    is fsynced after it where the platform allows, so the rename itself survives
    a power cut. Through a symbolic link the link's target is replaced, in the target's
    folder. A file marked read-only is not replaced (``ReadOnlyFile``, an ``OSError``):
    renaming over it would succeed, and silently undo what its owner meant.
    """
    path = _written_path(Path(path))
    if is_read_only(path):
        raise ReadOnlyFile(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".part", dir=folder)
    try:
        # mkstemp makes the file private (0600); keep the mode the draft had, or a normal one
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        with contextlib.suppress(OSError):
            os.chmod(tmp_name, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    sync_folder(folder)


def clean_stale_temp_files(folder: Path, older_than: float = 0.0) -> list[Path]:
    """Remove temporary files a killed save left behind; the drafts themselves are untouched.

    In a folder another copy of the app may be saving to right now (a shared drafts
    folder), pass *older_than* seconds: a save takes well under one, so a temporary
    file a minute old belongs to no save still running.
    """
    removed = []
    cutoff = time.time() - older_than
    for candidate in Path(folder).glob(TEMP_PREFIX + "*.part"):
        with contextlib.suppress(OSError):
            if older_than and candidate.stat().st_mtime > cutoff:
                continue
            candidate.unlink()
            removed.append(candidate)
    return removed
