"""The print pack: what to bind in which order, how many copies, and every place to sign or stamp.

The places are read from the generated documents rather than listed by hand:
whatever the template prints — a 牵头单位（盖章） line, a 推荐单位审核意见 block, a row
per member unit in the agreement's seal table — is what the clerk must see signed
and stamped before handing the pack in. A replaced template brings its own places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docx import Document as open_document

from yn_forms.core.formdef import FormDefinition

MARKS = ("盖章", "签章", "签字", "签名")
_MARK = re.compile("|".join(MARKS))
_BLANK = re.compile(r"[\s\u3000:：]+")
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")  # a section title such as 八、所有成员单位签章 is not a place


@dataclass(frozen=True)
class SealPlace:
    document: str  # the file the place is in
    where: str  # the row or block it belongs to, as printed
    what: str  # the line to sign or stamp, as printed

    def describe(self) -> str:
        return f"{self.document}：{self.where + ' — ' if self.where else ''}{self.what}"


@dataclass(frozen=True)
class PrintPack:
    order: list[str]  # documents, then enclosures, in binding order
    copies: str
    how: str
    places: list[SealPlace]


def _tidy(text: str) -> str:
    return _BLANK.sub(" ", text).strip()


def _lines(text: str) -> list[str]:
    return [_tidy(line) for line in text.split("\n") if _MARK.search(line)]


def seal_places(docx: Path) -> list[SealPlace]:
    """Every line of *docx* that asks for a signature or a seal, with the row or block it sits in."""
    doc = open_document(str(docx))
    places: list[SealPlace] = []
    for paragraph in doc.paragraphs:
        if _HEADING.match(paragraph.text.strip()):
            continue
        for line in _lines(paragraph.text):
            places.append(SealPlace(docx.name, "", line))
    for table in doc.tables:
        places += _table_places(docx.name, table)
    return places


def _table_places(document: str, table) -> list[SealPlace]:
    """Rows with a signature line in a cell; or, under a header naming 签字/盖章 columns, each filled row."""
    places: list[SealPlace] = []
    rows = [_unique_cells(row) for row in table.rows]
    header_marks: list[tuple[int, str]] = []
    for r, cells in enumerate(rows):
        texts = [c.text for c in cells]
        if r == 0 and any(_MARK.fullmatch(_tidy(t).split("（")[-1].rstrip("）")) for t in texts if t):
            header_marks = [(i, _tidy(t)) for i, t in enumerate(texts) if _MARK.search(t)]
            continue
        if header_marks:
            label = next((_tidy(t) for t in texts[1:] if _tidy(t)), "")
            if label and all(i < len(texts) and not _tidy(texts[i]) for i, _ in header_marks):
                places.append(SealPlace(document, label, "、".join(mark for _, mark in header_marks)))
            continue
        label = next((_label(c) for c, t in zip(cells, texts, strict=True) if _tidy(t) and not _MARK.search(t)), "")
        for text in texts:
            for line in _lines(text):
                places.append(SealPlace(document, label, line))
    return places


def _label(cell) -> str:
    """A label as it reads: one set on two lines by hand (推荐单位／审核意见) is one label."""
    return _tidy(" ".join(p.text.replace("\n", "") for p in cell.paragraphs))


def _unique_cells(row) -> list:
    seen, cells = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def print_pack(form: FormDefinition, documents: list[Path]) -> PrintPack:
    """The pack for generated *documents* of *form*, in the notice's order."""
    submission = form.submission
    order = [p.name for p in documents] + [e.listed for e in (submission.enclosures if submission else ())]
    if submission is None:
        copies, how = "通知未规定份数，请按受理部门要求准备", ""
    elif submission.copies is None:
        copies, how = f"通知未规定纸质材料份数，请按受理部门要求准备（{submission.clause}）", submission.how
    else:
        copies, how = f"{submission.copies}份（{submission.clause}）", submission.how
    places = [place for path in documents if path.suffix.lower() == ".docx" for place in seal_places(path)]
    return PrintPack(order, copies, how, places)
