"""Reading a file the clerk hands to the app: a draft, a bare application, a packet, a sheet.

Every such file comes from outside — e-mail, a USB stick, another program — so it is
read as untrusted input, in one place, before any code walks it (``read_regular`` for
any file, ``read_json`` for the JSON ones):

- only a regular file is read. A FIFO would block ``open`` until some writer came
  (``validate`` hung forever), a device such as ``/dev/zero`` never ends;
- a file larger than ``MAX_BYTES`` is refused with its size before it is read;
- nesting deeper than ``MAX_DEPTH`` is refused. Copying, validating and comparing data
  all recurse, and a 3 KB file nested 500 deep ran them into Python's recursion limit;
- ``NaN``, ``Infinity`` and numbers too large for a float (``1e999``) are refused with
  where they are: Python's json accepts them, and they printed as “nan万元”.

Each reader words the refusal for its own kind of file (``InputFileError.kind``), so a
draft says 文件 and a packet says 数据包, but what is refused is the same everywhere.
"""

from __future__ import annotations

import codecs
import errno
import json
import math
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

from yn_forms.core.oserrors import is_dir, os_reason
from yn_forms.core.problems import pointer

# The largest realistic application — an innovation centre of 300 member units, each with
# ~3,000 characters of 主营业务 and as many of 主导产品 — is 5.9 MB as a draft and 11.3 MB as an
# autosave (which escapes every CJK character as \uXXXX). 64 MiB is more than five times that,
# and still parses in well under a second: anything bigger is not an application.
MAX_BYTES = 64 * 1024 * 1024

# The deepest form nests 5 levels (创新中心: data › members › member › sales › year), a draft
# or a packet adds one around it. 32 leaves room for forms to come, while every recursive walk
# over the data (copy, validation, comparison; a few frames a level) stays far inside Python's
# limit of 1,000 frames, also under a GUI's own call stack.
MAX_DEPTH = 32

MISSING, FOLDER, NOT_REGULAR, UNREADABLE, TOO_LARGE = "missing", "folder", "not_regular", "unreadable", "too_large"
ENCODING, EMPTY, SYNTAX, TOO_DEEP, BAD_NUMBER = "encoding", "empty", "syntax", "too_deep", "bad_number"


class InputFileError(Exception):
    """Why a file cannot be used. *reason* is Chinese and names no file: each reader adds its own."""

    def __init__(self, kind: str, reason: str, line: int = 0, column: int = 0) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.line = line
        self.column = column


class _BadNumber:
    """What the parser puts where the file has NaN, Infinity or an overflowing number: found afterwards
    by the walk that checks the depth, which knows where it is."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _float(text: str) -> float | _BadNumber:
    value = float(text)
    return value if math.isfinite(value) else _BadNumber(text)


def size_text(size: int) -> str:
    """A file size as Explorer shows it."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


LINK = "link"  # a symbolic link (or a Windows junction) where a file of the app's own store belongs


#: the bit of a Windows reparse tag marking a point that stands for another name (a link, a junction)
_NAME_SURROGATE = 0x20000000


def is_link(info: os.stat_result) -> bool:
    """A symbolic link, or a Windows junction, which ``S_ISLNK`` does not see (``os.lstat``'s reparse tag).
    A cloud file (OneDrive's files on demand) is a reparse point too, but no other name: not a link."""
    return stat.S_ISLNK(info.st_mode) or bool(getattr(info, "st_reparse_tag", 0) & _NAME_SURROGATE)


def open_regular(path: Path, max_bytes: int = MAX_BYTES, *, follow_links: bool = True,
                 cap: str = "申报数据文件不会超过") -> BinaryIO:
    """*path* opened for reading if it is a regular file no larger than *max_bytes*; ``InputFileError``
    says why not.

    Opened without blocking (a FIFO opens at once and is then refused by ``fstat``). With
    *follow_links* False a symbolic link is refused rather than followed (``O_NOFOLLOW``; where the
    system has none, the link is looked for before opening and the file opened compared with it):
    a folder of the app's own files must not become a way to read a file elsewhere. *cap* words the
    limit for the kind of file read (a 证明材料 scan may be larger than any application).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    before = None
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
        try:
            before = os.lstat(path)
        except FileNotFoundError:
            raise InputFileError(MISSING, "找不到文件") from None
        except OSError as exc:
            raise InputFileError(UNREADABLE, os_reason(exc)) from None
        if is_link(before):
            raise InputFileError(LINK, "这是一个链接（快捷方式），不予读取")
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputFileError(MISSING, "找不到文件") from None
    except OSError as exc:
        if is_dir(path):  # Windows refuses to open a folder at all
            raise InputFileError(FOLDER, "这是一个文件夹") from None
        if not follow_links and exc.errno == errno.ELOOP:  # made a link since it was looked at
            raise InputFileError(LINK, "这是一个链接（快捷方式），不予读取") from None
        raise InputFileError(UNREADABLE, os_reason(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputFileError(FOLDER, "这是一个文件夹")
        if not stat.S_ISREG(info.st_mode):
            raise InputFileError(NOT_REGULAR, "这不是普通文件（而是设备、管道或套接字）")
        if before is not None and (before.st_dev, before.st_ino) != (info.st_dev, info.st_ino):
            raise InputFileError(LINK, "文件在读取时被替换，不予读取")
        if info.st_size > max_bytes:
            raise InputFileError(TOO_LARGE, f"文件太大（{size_text(info.st_size)}），{cap} {size_text(max_bytes)}")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, limit: int = MAX_BYTES, cap: str = "申报数据文件不会超过") -> bytes:
    """The bytes of *path* if it is a regular file no larger than *limit* (``open_regular``), read no
    further than the limit (a file growing while read cannot run on)."""
    try:
        with open_regular(path, limit, cap=cap) as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = handle.read(size + 1)  # read(n) allocates n bytes: not the limit for every file
            if len(raw) > size:  # it grew while being read: on, up to the limit
                raw += handle.read(limit + 1 - len(raw))
    except OSError as exc:
        raise InputFileError(UNREADABLE, os_reason(exc)) from None
    if len(raw) > limit:
        raise InputFileError(TOO_LARGE, f"文件太大（超过 {size_text(limit)}），{cap} {size_text(limit)}")
    return raw


def decode(raw: bytes) -> str:
    """UTF-8 (with or without its byte order mark), or UTF-16 with one: what Windows PowerShell's
    “>” writes (``yn-forms example > a.json``)."""
    encoding = "utf-16" if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise InputFileError(ENCODING, "文件不是 UTF-8 编码的 JSON") from None


def parse(text: str) -> Any:
    """The JSON value of *text*, checked for depth and numbers (see the module's notes)."""
    if not text.strip():
        raise InputFileError(EMPTY, "文件是空的")
    try:
        value = json.loads(text, parse_constant=_BadNumber, parse_float=_float)
    except json.JSONDecodeError as exc:
        raise InputFileError(SYNTAX, f"文件已损坏或不完整（第{exc.lineno}行第{exc.colno}列附近 JSON 格式错误）",
                            exc.lineno, exc.colno) from None
    except RecursionError:
        raise InputFileError(TOO_DEEP, _too_deep()) from None
    except ValueError:  # an integer of thousands of digits (Python refuses to convert it)
        raise InputFileError(BAD_NUMBER, "文件中有位数过多的数字，不是有效的申报数据") from None
    check(value)
    return value


def _too_deep() -> str:
    return f"数据嵌套超过 {MAX_DEPTH} 层，不是本程序的申报数据"


def check(value: Any) -> None:
    """Refuse nesting beyond ``MAX_DEPTH`` and the numbers ``parse`` marked, naming where they are.

    Iterative, so that the check itself cannot meet the recursion limit it guards against; it only
    visits containers' children (a summary reads a thousand files), and finds the path of a bad
    number in a second walk, once one is known to be there.
    """
    stack: list[tuple[Any, int]] = [(value, 1)] if type(value) in (dict, list) else []
    bad = type(value) is _BadNumber
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputFileError(TOO_DEEP, _too_deep())
        for child in current.values() if type(current) is dict else current:
            kind = type(child)
            if kind is dict or kind is list:
                stack.append((child, depth + 1))
            elif kind is _BadNumber:
                bad = True
    if bad:
        parts, number = _find_bad_number(value)
        raise InputFileError(BAD_NUMBER, f"“{pointer(parts) or '/'}”处的 {number.text} 不是有效的数字"
                                         "（JSON 中的 NaN、Infinity 或超出范围的数）")


def _find_bad_number(value: Any) -> tuple[tuple[Any, ...], _BadNumber]:
    """Where the first marked number is (the data is known to hold one, and to be shallow)."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, ())]
    while stack:
        current, parts = stack.pop()
        if isinstance(current, _BadNumber):
            return parts, current
        if isinstance(current, dict | list):
            children = list(current.items() if isinstance(current, dict) else enumerate(current))
            stack.extend((child, (*parts, key)) for key, child in reversed(children))
    raise AssertionError("check() saw a bad number that is not there")


def read_json(path: Path) -> Any:
    """Read, decode, parse and check the JSON file *path*; ``InputFileError`` says why not."""
    return parse(decode(read_regular(Path(path))))
