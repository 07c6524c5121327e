"""Where a draft's 证明材料 files live, and how they travel with it.

A draft ``申报.ynform`` keeps its files in the folder beside it, ``申报.证明材料/``: copying or
moving the draft and that folder together takes the enclosures along (a draft sent alone opens
with its files named as missing, never silently without them). A draft not saved yet keeps them
in a staging folder of the user data folder (``staging/<token>/``) until it is saved.

The store holds each file under a name made from its content — the first 16 hex digits of its
SHA-256, then the clerk's own file name (``3fa4c1d2e5f60718-营业执照.jpg``) — and never changes a
file once it is there. So saving copies only what is new, two windows saving one draft copy the
same bytes under the same name, 另存为 into a folder with another draft's files cannot mix them
up, and undoing a 删除 finds the file still there. Nothing is deleted from beside a draft.

The store is the app's own folder, but it arrives from elsewhere with the draft (e-mail, a USB
stick, a zip): it must not become the way to read or overwrite a file outside it. A record's
file name is a plain name in the folder (no path, no ``..``), a symbolic link or junction in its
place — or as the folder itself — is refused, never followed, and files are read through
``core.inputfile``'s checks (regular files only, a size cap). A file is written to a temporary
file in the folder, flushed to disk, and only then given its name: a save killed while copying
leaves the previous draft and every file it names as they were.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from yn_forms.core.inputfile import LINK as LINKED
from yn_forms.core.inputfile import MISSING, InputFileError, is_link, open_regular, size_text
from yn_forms.core.oserrors import os_reason, sync_folder

STORE_SUFFIX = ".证明材料"
# The largest realistic enclosure is a scan of a hundred pages or more (a 组建协议 with every member's
# signature page, at 300 dpi): a few tens of MB; a scanner's 200 pages in grey are about 100 MB. Every
# 证明材料 of one application together is bound within 128 MB (``render.enclosures``: binding holds about
# twice their bytes in memory), so no one file may be larger: one limit, from attaching to binding.
MAX_FILE_BYTES = 128 * 1024 * 1024
# A bound application has a handful of items, each a few files; a scan page by page as pictures is a
# few hundred. Beyond this a draft is not an application but a way to make the app read files forever.
MAX_ENCLOSURES = 500
TEMP_PREFIX = ".yn-enclosure-"
STAGING = "staging"
#: a record's type: the file name ending it is kept under
EXTENSIONS = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png", "tiff": ".tif", "docx": ".docx"}
_CHUNK = 1024 * 1024
_UNSAFE = re.compile(r'[\x00-\x1f\x7f\\/:*?"<>|]')
_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?")  # Windows' device names
_HEX = re.compile(r"[0-9a-f]{64}")

# why a record's file cannot be used (FileIssue.kind)
MISSING_FILE, CHANGED, LINK, NAME, UNREADABLE = "missing", "changed", "link", "name", "unreadable"
NOT_SAVED, INVALID = "unsaved", "invalid"


def store_folder(draft_path: Path) -> Path:
    """The folder of *draft_path*'s files: ``<stem>.证明材料`` beside it. Through a symbolic link the
    target's, where a save writes the draft (``core.draft.atomic_write``)."""
    path = Path(draft_path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    return path.with_name(path.stem + STORE_SUFFIX)


def staging_root() -> Path:
    from yn_forms.paths import user_data_dir

    return user_data_dir() / STAGING


def is_store_name(file: str) -> bool:
    """Whether *file* may be a file of a store: one plain name in the folder, nothing that reaches
    outside it (a separator, ``..``), hides (a leading dot: the store's own temporary files) or that
    Windows cannot hold (a device name, a trailing dot or space)."""
    return (isinstance(file, str) and 0 < len(file) <= 200 and not _UNSAFE.search(file)
            and not file.startswith(".") and not file.endswith((".", " ")) and not _RESERVED.fullmatch(file))


def is_digest(text: Any) -> bool:
    return isinstance(text, str) and bool(_HEX.fullmatch(text))


def store_name(sha256: str, original: str, type_: str) -> str:
    """The name a file of content *sha256* is kept under: its digest's first 16 hex digits, then the
    clerk's file name (characters a file name cannot hold made ``_``), ending as its type does."""
    stem = _UNSAFE.sub("_", Path(original.replace("\\", "/")).stem).strip(". ")[:60] or "文件"
    return f"{sha256[:16]}-{stem}{EXTENSIONS.get(type_, '')}"


@dataclass(frozen=True)
class FileIssue:
    """Why the file of the record at *index* of ``/enclosures`` cannot be used, in Chinese."""

    index: int
    record: dict[str, Any]
    kind: str
    reason: str

    @property
    def message(self) -> str:
        title, name = self.record.get("title") or "（未命名）", self.record.get("name") or self.record.get("file")
        return f"证明材料“{_clipped(title)}”的文件“{_clipped(name)}”{self.reason}"


def _clipped(value: Any, limit: int = 60) -> str:
    """A title or name as a message quotes it: a record's 100,000-character title would fill the clerk's screen."""
    text = str(value if value is not None else "")
    return text if len(text) <= limit else text[:limit - 1] + "…"


class EnclosureError(Exception):
    """Files of the draft's enclosures that cannot be used; the message names every one, in Chinese."""

    def __init__(self, issues: list[FileIssue] | str) -> None:
        self.issues = issues if isinstance(issues, list) else []
        super().__init__(issues if isinstance(issues, str) else "；".join(i.message for i in issues))


class _Refused(Exception):
    """A file the store will not read or write; *reason* follows the file's name in a message."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind, self.reason = kind, reason


@dataclass(frozen=True)
class Digest:
    size: int
    sha256: str


class Inspection(Protocol):
    """What reading an enclosure file found (``render.enclosures.inspect`` gives one)."""

    type: str
    pages: int
    size: int
    sha256: str


#: digests of files already read, by (file, device, inode, size, modification time): the wizard asks on
#: every check, and a file's digest changes only with it
_DIGESTS: dict[tuple[Any, ...], str] = {}


def _hash_open(handle: BinaryIO, path: Path) -> Digest:
    info = os.fstat(handle.fileno())
    key = (str(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    known = _DIGESTS.get(key)
    if known is not None:
        return Digest(info.st_size, known)
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise _Refused(UNREADABLE, f"太大（超过 {size_text(MAX_FILE_BYTES)}）")
    if len(_DIGESTS) > 4096:
        _DIGESTS.clear()
    _DIGESTS[key] = digest.hexdigest()
    return Digest(size, _DIGESTS[key])


_CHANGED = "在添加后被改动过（大小或内容与添加时不同），请核对后删除并重新添加"


def _open_stored(folder: Path, file: str) -> BinaryIO:
    """*file* of a store's *folder* opened for reading: a plain name, neither it nor the folder a link."""
    if not is_store_name(file):
        raise _Refused(NAME, f"记录的存放文件名“{file}”无效（只能是证明材料文件夹中的一个文件），未读取")
    try:
        if is_link(os.lstat(folder)):
            raise _Refused(LINK, f"所在的文件夹“{folder.name}”是一个链接（快捷方式），不予读取")
        return open_regular(folder / file, MAX_FILE_BYTES, follow_links=False, cap="证明材料每个文件不能超过")
    except FileNotFoundError:
        raise _Refused(MISSING_FILE, "找不到") from None
    except InputFileError as exc:
        kind = MISSING_FILE if exc.kind == MISSING else LINK if exc.kind == LINKED else UNREADABLE
        raise _Refused(kind, exc.reason) from None


class EnclosureStore:
    """The folder a draft's files are in, and the folders they may still be found in (``also``): the
    draft's own folder before 另存为, the staging folder of a draft saved for the first time. A file not in
    the folder (yet) is looked for there — a record brought back by 撤销 after a save finds its file, and
    the next save brings it along. A file that is in the folder is judged there alone: it is what travels."""

    def __init__(self, folder: Path, also: Iterable[Path] = ()) -> None:
        self.folder = Path(folder)
        self.also = tuple(Path(f) for f in also if Path(f) != Path(folder))

    @classmethod
    def beside(cls, draft_path: Path, also: Iterable[Path] = ()) -> EnclosureStore:
        """The store of the draft at *draft_path* (saved, or about to be)."""
        return cls(store_folder(draft_path), also)

    @classmethod
    def staging(cls, token: str) -> EnclosureStore:
        """The store of a draft not saved yet, by a token of the window's own (its autosave's name)."""
        if not is_store_name(token):
            raise ValueError(f"not a staging token: {token!r}")
        return cls(staging_root() / token)

    def discard(self) -> None:
        """A staging folder no longer needed (its draft saved elsewhere and closed, or thrown away).
        Only a staging folder is ever removed: nothing beside a draft is."""
        if self.folder.parent != staging_root():
            return
        try:
            linked = is_link(os.lstat(self.folder))
        except OSError:
            return
        if not linked:
            shutil.rmtree(self.folder, ignore_errors=True)

    # --- reading ------------------------------------------------------------------------------------
    def locate(self, index: int, record: dict[str, Any]) -> tuple[Path | None, FileIssue | None]:
        """Where the record's file is, as it was when attached (size and SHA-256); or why it cannot be used."""
        file = record.get("file")
        here = is_store_name(file) and os.path.lexists(self.folder / file)
        folders = (self.folder,) if here else (self.folder, *self.also)
        first: _Refused | None = None
        for folder in folders:
            try:
                with _open_stored(folder, file) as handle:
                    digest = _hash_open(handle, folder / file)
            except _Refused as refused:
                first = first if first is not None and first.kind != MISSING_FILE else refused
                continue
            except OSError as exc:
                first = _Refused(UNREADABLE, f"无法读取：{os_reason(exc)}")
                continue
            if digest == Digest(record.get("size"), record.get("sha256")):  # type: ignore[arg-type]
                return folder / file, None
            first = _Refused(CHANGED, _CHANGED)
            break
        if first is None or first.kind == MISSING_FILE:
            first = _Refused(MISSING_FILE, f"找不到（应在文件夹“{self.folder.name}”中，文件名 {file}；"
                                           "草稿应与这个文件夹一起复制或移动）")
        return None, FileIssue(index, record, first.kind, first.reason)

    # --- writing ------------------------------------------------------------------------------------
    def add(self, source: Path, *, item: str, title: str, inspected: Inspection) -> dict[str, Any]:
        """*source* copied into the store, and the record of it (``/enclosures``'s shape, ready for
        ``core.operations.attach_enclosure``). *inspected* is what reading the file found
        (``render.enclosures.inspect``: its type and pages); its size and SHA-256 must still be the
        file's, or the file changed in between (``EnclosureError``)."""
        source = Path(source)
        if inspected.type not in EXTENSIONS:
            raise ValueError(f"not an enclosure type: {inspected.type!r}")
        try:
            with open_regular(source, MAX_FILE_BYTES, cap="证明材料每个文件不能超过") as handle:
                digest, file = self._copy_in(handle, source.name, inspected.type,
                                             expect=Digest(inspected.size, inspected.sha256))
        except InputFileError as exc:
            raise EnclosureError(f"无法添加“{source.name}”：{exc.reason}") from None
        except _Refused as refused:
            raise EnclosureError(f"无法添加“{source.name}”：{refused.reason}") from None
        if file is None:
            raise EnclosureError(f"无法添加“{source.name}”：文件在读取时被改动了，请稍后再试")
        return {"item": item, "title": title, "name": source.name, "file": file, "size": digest.size,
                "sha256": digest.sha256, "pages": inspected.pages, "type": inspected.type}

    def bring(self, records: Iterable[tuple[int, dict[str, Any]]], sources: Iterable[Path]) -> list[FileIssue]:
        """Before a draft is written here: each file its *records* name (index, record) put in the folder,
        copied from the first of *sources* (folders) that holds it as attached. A file here already is
        left as it is (validation names it if it changed); what is found nowhere, or cannot be put here
        (the folder is a link), is returned, and the draft is still written — the clerk's typing is never
        held back by a scan. Only a failure to write (a full disk) raises, an ``OSError``."""
        left: list[FileIssue] = []
        sources = [Path(s) for s in sources if Path(s) != self.folder]
        cleaned = False
        for index, record in records:
            file = record["file"]
            if is_store_name(file) and os.path.lexists(self.folder / file):
                continue
            if not cleaned:
                self.clean_stale()
                cleaned = True
            try:
                self._bring_one(record, sources)
            except _Refused as refused:
                left.append(FileIssue(index, record, refused.kind, refused.reason))
        return left

    def _bring_one(self, record: dict[str, Any], sources: list[Path]) -> None:
        """The record's file copied here from the first of *sources* holding it as attached (``_Refused``:
        why not)."""
        first: _Refused | None = None
        for folder in sources:
            try:
                with _open_stored(folder, record["file"]) as handle:
                    _digest, named = self._copy_in(handle, record["name"], record["type"], record["file"],
                                                   Digest(record["size"], record["sha256"]))
            except _Refused as refused:
                first = first if first is not None and first.kind != MISSING_FILE else refused
                continue
            if named is not None:
                return
            first = _Refused(CHANGED, "在添加后被改动过（大小或内容与添加时不同），未随草稿保存")
        if first is None or first.kind == MISSING_FILE:
            first = _Refused(MISSING_FILE, "找不到，未能随草稿一起保存")
        raise first

    def _ready_folder(self) -> Path:
        folder = self.folder
        folder.mkdir(parents=folder.parent == staging_root(), exist_ok=True)
        if is_link(os.lstat(folder)):
            raise _Refused(LINK, f"未能保存：证明材料文件夹“{folder.name}”是一个链接（快捷方式），不会写入其中")
        return folder

    def _copy_in(self, handle: BinaryIO, original: str, type_: str, name: str | None = None,
                 expect: Digest | None = None) -> tuple[Digest, str | None]:
        """The bytes of *handle* written into the folder under *name* (or the name their digest gives),
        flushed to disk before they get it. Bytes other than *expect* get no name (None): they are not
        the file that was attached. A file of the name there already is kept, never replaced."""
        folder = self._ready_folder()
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".part", dir=folder)
        try:
            digest, size = hashlib.sha256(), 0
            with os.fdopen(fd, "wb") as out:
                while chunk := handle.read(_CHUNK):
                    size += len(chunk)
                    if size > MAX_FILE_BYTES:
                        raise _Refused(UNREADABLE, f"太大（超过 {size_text(MAX_FILE_BYTES)}）")
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            result = Digest(size, digest.hexdigest())
            if expect is not None and result != expect:
                return result, None
            with contextlib.suppress(OSError):
                os.chmod(temp, 0o644)
            file = name or store_name(result.sha256, original, type_)
            _give_name(temp, folder / file, result)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        sync_folder(folder)
        return result, file

    def clean_stale(self, older_than: float = 60.0) -> None:
        """Temporary files a killed save left in the folder (a save takes far less than a minute)."""
        cutoff = time.time() - older_than
        with contextlib.suppress(OSError):
            for candidate in self.folder.glob(TEMP_PREFIX + "*.part"):
                with contextlib.suppress(OSError):
                    if candidate.lstat().st_mtime < cutoff:
                        candidate.unlink()

    def __repr__(self) -> str:
        return f"EnclosureStore({str(self.folder)!r}, also={[str(f) for f in self.also]!r})"


def _give_name(temp: str, final: Path, digest: Digest) -> None:
    """The finished temporary file takes its name. A file of that name there already (another window's
    save, the same file attached twice) is kept when it holds the same bytes, and is never replaced:
    one holding others is refused."""
    try:
        os.link(temp, final)  # fails where a file (or a link) of the name exists: nothing is replaced
        return
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links (FAT, exFAT: a USB stick)
        if not os.path.lexists(final):
            os.replace(temp, final)
            return
    with _open_stored(final.parent, final.name) as handle:
        there = _hash_open(handle, final)
    if there != digest:
        raise _Refused(CHANGED, f"未能保存：证明材料文件夹中已有内容不同的同名文件“{final.name}”，未替换")


def file_records(data: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, record) of every record of *data*'s ``/enclosures`` that names a file (not a paper one) and
    has what copying it needs; validation reports the others."""
    records = data.get("enclosures") if isinstance(data, dict) else None
    if not isinstance(records, list):
        return
    for index, record in enumerate(records[:MAX_ENCLOSURES]):
        if (isinstance(record, dict) and record.get("type") in EXTENSIONS
                and all(isinstance(record.get(key), str) for key in ("file", "name", "sha256"))
                and type(record.get("size")) is int):
            yield index, record
