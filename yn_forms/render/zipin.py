"""Zip archives as enterprises send them, unpacked for reading: only what is read, never beyond a budget.

An application often arrives as one zip (企业A申报材料.zip: the Word attachments, the scans of
the 证明材料). A zip from outside is untrusted, like a replacement template (``render.docxguard``):

- **names**: a member is written only under the scratch folder, by its name's parts cleaned of
  ``..``, drive letters, absolute roots, backslashes and characters Windows forbids; a symbolic
  link is not followed or made. Windows tools (the Explorer's 发送到 › 压缩文件夹, older WinRAR)
  write Chinese names in GBK without the zip's UTF-8 flag, which Python reads as cp437 mojibake:
  such a name is read as UTF-8 if it is that, else as GB18030;
- **sizes** (zip bombs): the members' declared sizes, their compression ratio and their total are
  checked first, and every member is inflated in chunks and counted while it is written, so a
  header that lies gains nothing;
- **depth**: a zip inside the zip is unpacked too (enterprises zip their folders, departments zip
  the zips), a zip inside that one is refused.

Only the files an application is read from are unpacked — drafts, JSON, Word files (and the old
Word formats, to be named) — not the scans, which can be hundreds of megabytes. Each member not
unpacked for a reason the department should know (a password, a bomb, too deep) is a note.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from yn_forms.core.oserrors import os_reason
from yn_forms.render.docxguard import size_text

UNPACKED_SUFFIXES = (".ynform", ".json", ".docx", ".doc", ".wps", ".zip")
ARCHIVE_SUFFIXES = (".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz")
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one file inflated: the reader's own cap (core.inputfile)
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # what one zip may unpack (only the files read are unpacked)
MAX_RATIO = 200  # inflated : compressed, for members over RATIO_FROM (text compresses 5–30 times)
RATIO_FROM = 1024 * 1024
MAX_NAME = 120  # characters of one part of a name, as written on disk
MAX_FOLDERS = 12  # folders a member may sit in (as a folder given to the 汇总: render.intake.MAX_DEPTH)
_CHUNK = 1024 * 1024
_UTF8_FLAG = 0x800
_ENCRYPTED_FLAG = 0x1
_FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
_RESERVED = re.compile(r"(?i)con|prn|aux|nul|com[0-9]|lpt[0-9]")  # names Windows keeps for devices


class UnsafeZip(Exception):
    """The zip as a whole cannot be read; the message is for the clerk."""


@dataclass
class Unpacked:
    """What a zip unpacked to: its *root* under the scratch folder, the nested zips' roots, the notes."""

    root: Path
    nested: dict[Path, str] = field(default_factory=dict)  # a nested zip's root -> its name inside the zip
    notes: list[str] = field(default_factory=list)


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its writer meant it: UTF-8 when flagged, else UTF-8 or GBK bytes read back."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")  # how zipfile decoded the unflagged bytes: undone exactly
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def safe_parts(name: str) -> list[str]:
    """The parts of a member's name that may be written under the scratch folder: no root, no drive,
    no ``..`` or ``.``, no characters or names Windows forbids, none too long."""
    parts = []
    for i, part in enumerate(re.split(r"[\\/]+", name)):
        if i == 0 and re.fullmatch(r"[A-Za-z]:", part):
            continue  # C:\Users\… written by a careless tool: the drive is dropped
        part = _FORBIDDEN.sub("_", part).strip().rstrip(".")
        if part in ("", ".", ".."):
            continue
        if _RESERVED.fullmatch(part.split(".")[0]):
            part = "_" + part
        if len(part) > MAX_NAME:  # shortened, its suffix kept: 附件1….docx is still a Word file
            suffix = PurePosixPath(part).suffix[:10]
            part = part[: MAX_NAME - len(suffix)] + suffix
        parts.append(part)
    return parts


def _skipped_name(parts: list[str]) -> bool:
    """Not an application's file: macOS's resource forks, hidden files, Word's lock files."""
    return any(p == "__MACOSX" or p.startswith((".", "~$")) for p in parts)


def unpack(archive: Path, scratch: Path, label: str, depth: int = 0) -> Unpacked:
    """Unpack the files an application is read from out of *archive* into a new folder under *scratch*.

    *label* is how the clerk knows the archive (its name, or “外层.zip › 内层.zip”). Raises
    ``UnsafeZip`` when the archive as a whole cannot be read; a member that cannot is a note."""
    try:
        handle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise UnsafeZip(f"“{label}”已损坏或不是有效的 .zip 压缩包，无法读取") from None
    except OSError as exc:
        raise UnsafeZip(f"无法读取“{label}”：{os_reason(exc)}") from None
    with handle:
        infos = handle.infolist()
        if len(infos) > MAX_MEMBERS:
            raise UnsafeZip(f"“{label}”中有 {len(infos):,} 个文件，超过允许的 {MAX_MEMBERS:,} 个，未读取")
        root = _new_folder(scratch, archive.stem)
        unpacked = Unpacked(root)
        total = 0
        taken: set[Path] = set()
        for info in infos:
            name = member_name(info)
            parts = safe_parts(name)
            if info.is_dir() or not parts or _skipped_name(parts):
                continue
            suffix = PurePosixPath(parts[-1]).suffix.lower()
            if len(parts) - 1 > MAX_FOLDERS and suffix in UNPACKED_SUFFIXES:
                unpacked.notes.append(f"“{label} › {'/'.join(parts[:3])}/…/{parts[-1]}”在压缩包中的文件夹层次过深"
                                      f"（{len(parts) - 1} 层，超过 {MAX_FOLDERS} 层），未读取。")
                continue
            shown = f"{label} › {'/'.join(parts)}"
            if suffix in ARCHIVE_SUFFIXES:
                unpacked.notes.append(f"“{shown}”是 {suffix[1:].upper()} 压缩包，本程序只能读取 .zip。"
                                      "请解压后添加其中的文件夹。")
                continue
            if suffix not in UNPACKED_SUFFIXES:
                continue  # scans of 证明材料 and the like: not read here
            if suffix == ".zip" and depth >= 1:
                unpacked.notes.append(f"“{shown}”是压缩包中的压缩包中的压缩包，未读取（只展开一层内嵌的压缩包）。"
                                      "请解压后添加其中的文件夹。")
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                unpacked.notes.append(f"“{shown}”是符号链接，未读取。")
                continue
            if info.flag_bits & _ENCRYPTED_FLAG:
                unpacked.notes.append(f"“{shown}”设有解压密码，无法读取。请解压后添加文件夹。")
                continue
            problem = _declared_problem(info, shown)
            if problem is not None:
                unpacked.notes.append(problem)
                continue
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise UnsafeZip(f"“{label}”解压后超过 {size_text(MAX_TOTAL_BYTES)}，可能是恶意构造的压缩文件，未读取")
            target = _target(root, parts, taken)
            problem = _write_member(handle, info, target, shown)
            if problem is not None:
                unpacked.notes.append(problem)
                continue
            if suffix == ".zip":
                try:
                    inner = unpack(target, scratch, shown, depth + 1)
                except UnsafeZip as exc:
                    unpacked.notes.append(f"{exc}。")
                else:
                    unpacked.nested[inner.root] = shown
                    unpacked.nested.update(inner.nested)
                    unpacked.notes += inner.notes
                target.unlink(missing_ok=True)
    return unpacked


def _new_folder(scratch: Path, stem: str) -> Path:
    base = safe_parts(stem)[:1] or ["zip"]
    for n in range(1, 100_000):
        folder = scratch / f"{n:04d}-{base[0]}"
        try:
            folder.mkdir(parents=True)
        except FileExistsError:
            continue
        return folder
    raise UnsafeZip("临时文件夹中的文件过多")  # pragma: no cover


def _target(root: Path, parts: list[str], taken: set[Path]) -> Path:
    """Where a member is written: under *root* by its cleaned parts; a name met twice gets (2), (3)…"""
    target = root.joinpath(*parts)
    stem, suffix = target.stem, target.suffix
    n = 2
    while target in taken:
        target = target.with_name(f"{stem}({n}){suffix}")
        n += 1
    taken.add(target)
    if root.resolve() not in target.resolve().parents:  # cannot happen with cleaned parts; checked anyway
        raise UnsafeZip(f"压缩包中的文件名“{'/'.join(parts)}”指向压缩包以外，未读取")
    return target


def _declared_problem(info: zipfile.ZipInfo, shown: str) -> str | None:
    if info.file_size > MAX_MEMBER_BYTES:
        return (f"“{shown}”解压后有 {size_text(info.file_size)}，超过允许的 {size_text(MAX_MEMBER_BYTES)}，"
                "不像申报材料，未读取。")
    if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return (f"“{shown}”压缩比异常（{size_text(info.compress_size)} 解压后为 {size_text(info.file_size)}），"
                "可能是恶意构造的压缩文件，未读取。")
    return None


def _write_member(handle: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, shown: str) -> str | None:
    """Inflate one member into *target*, counting as it goes; a member that lies about its size or is damaged
    leaves nothing behind and is a note."""
    target.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    try:
        with handle.open(info) as source, open(target, "xb") as out:
            while chunk := source.read(_CHUNK):
                count += len(chunk)
                if count > MAX_MEMBER_BYTES:
                    raise _TooLarge
                out.write(chunk)
    except _TooLarge:
        target.unlink(missing_ok=True)
        return f"“{shown}”解压后超过 {size_text(MAX_MEMBER_BYTES)}，可能是恶意构造的压缩文件，未读取。"
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, ValueError, RuntimeError):
        target.unlink(missing_ok=True)
        return f"“{shown}”在压缩包中已损坏，无法解压。"
    except OSError as exc:
        target.unlink(missing_ok=True)
        return f"“{shown}”无法解压：{os_reason(exc)}。"
    return None


class _TooLarge(Exception):
    pass
