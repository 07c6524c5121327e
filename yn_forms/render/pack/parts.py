"""What the pack binds after the documents: the 证明材料 items, each with its files in binding order.

An item is what the 目录 lists and a bookmark names: a declared 证明材料 of the form
(``Submission.enclosures``) or one the clerk added. The files a draft keeps come as
``core.enclosures.enclosure_parts`` gives them (in the draft's order); ``--enclosure TITLE=FILE``
adds more, joined to them by ``combine``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from yn_forms.render.enclosures import DOCX, Enclosure, EnclosureFileError, read_all, read_enclosure

_PAGES = re.compile(r"^\s*(\d+)\s*(?:[-–—~～]\s*(\d+))?\s*$")


class Part(Protocol):
    """An item to bind: ``core.enclosures.EnclosurePart`` and ``EnclosureGroup`` both are one."""

    title: str
    item: str
    files: Sequence[Path]


@dataclass(frozen=True)
class EnclosureGroup:
    """One 证明材料 item: its title as the 目录 names it, its files in binding order."""

    title: str
    files: tuple[Path, ...]
    item: str = ""  # the form's key of a declared item; "" for one of the clerk's own


@dataclass
class BoundItem:
    """An item whose files are read and checked, ready to bind."""

    title: str
    item: str
    files: list[Enclosure] = field(default_factory=list)


def group_enclosures(pairs: Sequence[tuple[str, Path]], declared: Sequence[str] = ()) -> list[EnclosureGroup]:
    """``--enclosure TITLE=FILE`` pairs as items: the form's *declared* titles first, in the notice's
    order, then the clerk's own, in the order first given; an item's files in the order given."""
    return combine([], pairs, [("", title) for title in declared])


def combine(stored: Sequence[Part], pairs: Sequence[tuple[str, Path]],
            declared: Sequence[tuple[str, str]] = ()) -> list[EnclosureGroup]:
    """The draft's own items (*stored*, in its binding order) with the ``--enclosure`` *pairs* joined to them.

    A pair names an item by its title: a declared one's (*declared*: (key, title) in the notice's
    order) or one of the draft's own, whose files it follows; any other title is a new item of the
    clerk's own. Declared items come first, in the notice's order, then the clerk's own — the draft's
    before those named only on the command line.
    """
    files: dict[str, list[Path]] = {}
    keys: dict[str, str] = {title: key for key, title in declared}
    for part in stored:
        files.setdefault(part.title, []).extend(Path(f) for f in part.files)
        keys.setdefault(part.title, part.item)
    for title, path in pairs:
        files.setdefault(title.strip(), []).append(Path(path))
    titles = [title for _key, title in declared]
    order = [t for t in titles if t in files] + [t for t in files if t not in titles]
    return [EnclosureGroup(title, tuple(files[title]), keys.get(title, "")) for title in order]


def read_parts(parts: Sequence[Part]) -> list[BoundItem]:
    """Every file of *parts* read and checked (``render.enclosures``); the first bad one raises
    ``EnclosureFileError`` naming it, before anything is converted or written. A part that says what the
    clerk calls its files (``names``: a draft keeps them under their digest) has them bookmarked so."""
    names = [name for part in parts for name in _names(part)]
    read = iter(read_all([path for part in parts for path in part.files], names))
    return [BoundItem(part.title, part.item, [next(read) for _ in part.files]) for part in parts if part.files]


def _names(part: Part) -> list[str]:
    given = list(getattr(part, "names", ()) or ())
    return given + [""] * (len(part.files) - len(given))


@dataclass(frozen=True)
class Replacement:
    """``--replace PAGES=FILE``: the scan of pack pages *first*–*last* (printed numbers) after stamping."""

    first: int
    last: int
    scan: Enclosure

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def pages_text(self) -> str:
        return f"第 {self.first} 页" if self.first == self.last else f"第 {self.first}–{self.last} 页"


def page_range(text: str) -> tuple[int, int] | None:
    """A page (``3``) or pages (``5-6``) of the pack, as its feet number them; None when *text* is no page
    number at all, ``ValueError`` (saying why, in Chinese) when it is no range of pages."""
    found = _PAGES.match(text)
    if found is None:
        return None
    first = int(found.group(1))
    last = int(found.group(2) or first)
    if first < 1 or last < first:
        raise ValueError(f"“{text}”不是有效的页码范围（页码从 1 起，前小后大，如 5-6）")
    return first, last


def read_replacements(specs: Sequence[tuple[int, int, Path]]) -> list[Replacement]:
    """The scans of ``--replace``, read and checked: a PDF or pictures, as many pages as they replace,
    no page replaced twice. ``EnclosureFileError`` names the scan and says how it differs."""
    done: list[Replacement] = []
    for first, last, path in sorted(specs, key=lambda spec: spec[0]):
        scan = read_enclosure(path)
        replacement = Replacement(first, last, scan)
        if scan.type == DOCX:
            raise EnclosureFileError(path, "盖章扫描件应为 PDF 或图片（扫描或拍照所得），不能是 Word 文档")
        if scan.pages != replacement.count:
            more = scan.pages - replacement.count
            raise EnclosureFileError(path, f"扫描件有 {scan.pages} 页，替换{replacement.pages_text}需要 "
                                           f"{replacement.count} 页（{'多' if more > 0 else '少'} {abs(more)} 页）")
        if done and done[-1].last >= first:
            raise EnclosureFileError(path, f"要替换的{replacement.pages_text}与“{done[-1].scan.name}”替换的"
                                           f"{done[-1].pages_text}重叠，同一页只能替换一次")
        done.append(replacement)
    return done
