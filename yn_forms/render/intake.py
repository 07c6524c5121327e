"""What a 州市 department was sent, sorted into applications before anything is read.

Enterprises send drafts and JSON files, but mostly the Word attachments the notices ask for
(“电子文档（可编辑版本）”), one folder or one zip per enterprise. What the clerk hands over —
files, folders, zips — becomes a list of **entries**, one per application:

- a draft (.ynform) or JSON file is one application (in a folder given, only at its top level
  unless sub-folders are asked for, as ever: a department's own notes in a sub-folder stay out);
- the Word files (.docx, and the .doc/.wps to be named) of one folder are one application: those of
  the folder given itself, and of each folder under it, at any depth (企业A/, 企业A/电子版/);
- a zip is unpacked (``render.zipin``) and read the same way, everything inside it counting: what
  an enterprise zipped is what it sent; a zip inside it is unpacked too, one level;
- anything else (the scans of 证明材料, a spreadsheet) is not an application and is passed over.

What cannot be read as a whole — a folder the clerk may not open, a damaged zip, a RAR archive,
a folder of a thousand Word files — is an item saying why (``BatchItem`` with its reason), in the
order met, so that the 汇总表 lists the rest and the clerk is told about each.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from yn_forms.core.batch import SCANNED_SUFFIXES, BatchItem, natural_key, same_file_key
from yn_forms.core.oserrors import os_reason
from yn_forms.render.zipin import ARCHIVE_SUFFIXES, UnsafeZip, unpack

WORD_SUFFIXES = (".docx", ".doc", ".wps")
MAX_ATTACHMENTS = 40  # Word files one application may hold: 创新联合体 has 3 attachments, a few copies more
MAX_DEPTH = 12  # folders below the one given
KINDS = "Word 附件 .docx、*.ynform、*.json 或 .zip 压缩包"  # what an application arrives as, told when none is found


@dataclass(frozen=True)
class Entry:
    """One application to read: a draft or JSON file, or the Word files of one folder."""

    kind: str  # "file" or "word"
    files: tuple[Path, ...]  # the file, or the folder's Word files (unpacked under the scratch folder for a zip)
    origin: Path  # on the clerk's disk: the file, the folder, or the zip that holds it
    label: str  # how the clerk knows it: 申报1.json, 企业A/, 企业A.zip › 附件/
    key: str  # the same application handed in twice is read once

    @property
    def word(self) -> bool:
        return self.kind == "word"


@dataclass
class Intake:
    """The entries and the refusals, in order, and the scratch folder zips were unpacked into."""

    entries: list[Entry | BatchItem] = field(default_factory=list)
    scratch: Path | None = None

    def close(self) -> None:
        """Remove what the zips were unpacked to (the items read keep their data)."""
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def __enter__(self) -> Intake:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _is_hidden(name: str) -> bool:
    return name.startswith((".", "~$")) or name in ("__MACOSX", "Thumbs.db", "desktop.ini")


class _Gatherer:
    def __init__(self, recursive: bool, known: set[str]) -> None:
        self.recursive = recursive
        self.seen = known
        self.intake = Intake()
        self.found = 0  # entries and refusals met, those read before included

    def scratch(self) -> Path:
        if self.intake.scratch is None:
            self.intake.scratch = Path(tempfile.mkdtemp(prefix="yn-forms-received-"))
        return self.intake.scratch

    def add(self, entry: Entry | BatchItem) -> None:
        self.found += 1
        if isinstance(entry, BatchItem):
            self.intake.entries.append(entry)
        elif entry.key not in self.seen:
            self.seen.add(entry.key)
            self.intake.entries.append(entry)

    # --- what was handed over -------------------------------------------------------------
    def given(self, paths: Iterable[Path]) -> None:
        paths = [Path(p) for p in paths]
        word_files: dict[Path, list[Path]] = {}  # .docx given one by one: one application per folder
        for path in paths:
            if path.is_dir():
                before = self.found
                self.folder(path, path, f"{path.name}/", "", 0)
                if self.found == before:
                    self.add(BatchItem(path, None, f"文件夹中没有申报文件（{KINDS}）：{path}", source=f"{path.name}/"))
            elif path.suffix.lower() == ".zip":
                self.zip(path, path, path.name, 0)
            elif path.suffix.lower() in WORD_SUFFIXES:
                word_files.setdefault(path.parent, []).append(path)
            elif path.suffix.lower() in ARCHIVE_SUFFIXES:
                self.add(_archive_refused(path, path.name))
            else:
                self.add(Entry("file", (path,), path, path.name, same_file_key(path)))
        for folder, files in word_files.items():
            files = sorted(files, key=natural_key)
            label = files[0].name if len(files) == 1 else f"{folder.name}/（{len(files)} 个 Word 文件）"
            key = "word:" + "|".join(same_file_key(f) for f in files)
            self.add(Entry("word", tuple(files), files[0] if len(files) == 1 else folder, label, key))

    def folder(self, folder: Path, origin: Path, label: str, prefix: str, depth: int, zip_key: str = "") -> None:
        """*folder*'s applications, in name order: its Word files as one (labelled *label*), its drafts and JSON
        each, its zips, its sub-folders (their names after *prefix*). *origin* is what the clerk has on disk:
        the folder itself, or the zip it was unpacked from (*zip_key* says which; empty outside a zip)."""
        inside_zip = bool(zip_key)
        try:
            children = sorted(os.scandir(folder), key=lambda e: natural_key(Path(e.name)))
        except OSError as exc:
            self.add(BatchItem(origin, None, f"无法读取文件夹“{label}”：{os_reason(exc)}", source=label))
            return
        children = [c for c in children if not _is_hidden(c.name)]
        word = [Path(c.path) for c in children if Path(c.name).suffix.lower() in WORD_SUFFIXES and _is_file(c)]
        if len(word) > MAX_ATTACHMENTS:
            self.add(BatchItem(origin, None, f"文件夹“{label}”中有 {len(word):,} 个 Word 文件，不像一份申报的"
                               "附件，未读取。请把每份申报的附件放在各自的文件夹中", source=label))
        elif word:
            key = f"word:{zip_key}:{label}" if inside_zip else f"word:{same_file_key(folder)}"
            self.add(Entry("word", tuple(word), origin, label, key))
        for child in children:
            path, shown = Path(child.path), f"{prefix}{child.name}"
            if child.is_dir(follow_symlinks=False):
                if depth + 1 > MAX_DEPTH:
                    self.add(BatchItem(origin, None, f"文件夹“{shown}”的层次过深（超过 {MAX_DEPTH} 层），未读取",
                                       source=f"{shown}/"))
                else:
                    self.folder(path, origin if inside_zip else path, f"{shown}/", f"{shown}/", depth + 1, zip_key)
                continue
            suffix = path.suffix.lower()
            if suffix in SCANNED_SUFFIXES and (depth == 0 or self.recursive or inside_zip) and _is_file(child):
                key = f"file:{zip_key}:{shown}" if inside_zip else same_file_key(path)
                self.add(Entry("file", (path,), origin if inside_zip else path, shown, key))
            elif suffix == ".zip" and not inside_zip and _is_file(child):
                self.zip(path, path, shown, 0)
            elif suffix in ARCHIVE_SUFFIXES and not inside_zip:
                self.add(_archive_refused(path, shown))

    def zip(self, archive: Path, origin: Path, label: str, depth: int) -> None:
        """The applications a zip holds, read from what it unpacks to; the zip itself is their origin."""
        try:
            unpacked = unpack(archive, self.scratch(), label, depth)
        except UnsafeZip as exc:
            self.add(BatchItem(origin, None, str(exc), source=label))
            return
        before = self.found
        zip_key = same_file_key(origin)
        self.folder(unpacked.root, origin, label, f"{label} › ", 0, zip_key)
        for root, inner in unpacked.nested.items():  # a zip in the zip: read as a zip of its own, one level down
            self.folder(root, origin, inner, f"{inner} › ", 0, f"{zip_key}:{inner}")
        for note in unpacked.notes:
            self.add(BatchItem(origin, None, note.rstrip("。"), source=label))
        if self.found == before:
            self.add(BatchItem(origin, None, f"压缩包“{label}”中没有申报文件（{KINDS}）",
                               source=label))


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _archive_refused(path: Path, label: str) -> BatchItem:
    kind = path.suffix.lower()[1:].upper()
    return BatchItem(path, None, f"“{label}”是 {kind} 压缩包，本程序只能读取 .zip。请解压后添加其中的文件夹",
                     source=label)


def gather(paths: Iterable[Path], recursive: bool = False, known: set[str] | None = None) -> Intake:
    """The applications among *paths* (files, folders, zips) as entries, and what cannot be read as items.

    *known* holds the keys of entries already read (the 汇总表 page adding a folder again): they are left
    out, and the keys of the entries found are added to it. Close the result (or use it in ``with``) to
    remove what zips were unpacked to."""
    gatherer = _Gatherer(recursive, known if known is not None else set())
    try:
        gatherer.given(paths)
    except BaseException:
        gatherer.intake.close()
        raise
    return gatherer.intake
