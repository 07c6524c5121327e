"""Reading produced Word files the way a reviewer looks at them: tables as rows of cell texts."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docx import Document
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(path: Path):
    return Document(str(path))


def cell_text(cell) -> str:
    """A cell's paragraphs one a line; a label set on two lines (“中心牵头单位／负责人”,
    a line break inside a paragraph of the label style) reads as the one label it is."""
    return "\n".join(p.text.replace("\n", "") if p.style is not None and p.style.name == "YN Cell" else p.text
                     for p in cell.paragraphs)


def rows(table) -> list[list[str]]:
    """Cell texts per row, a merged cell listed once per row."""
    out = []
    for row in table.rows:
        seen, texts = set(), []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            texts.append(cell_text(cell))
        out.append(texts)
    return out


def cell_after(table, label: str, nth: int = 0) -> str:
    """The text of the cell right of the *nth* cell whose text is *label*."""
    found = 0
    for texts in rows(table):
        for i, text in enumerate(texts):
            if text.strip() == label:
                if found == nth:
                    return texts[i + 1]
                found += 1
    raise AssertionError(f"label {label!r} not found")


def labels_in_order(table) -> list[str]:
    return [t.strip() for texts in rows(table) for t in texts if t.strip()]


def assert_in_order(haystack: list[str], needles: list[str]) -> None:
    pos = 0
    for needle in needles:
        try:
            pos = haystack.index(needle, pos) + 1
        except ValueError:
            raise AssertionError(f"{needle!r} missing or out of order after position {pos}") from None


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for texts in rows(table):
            parts += texts
    return "\n".join(parts)


def docx_text(path: Path) -> str:
    """Every paragraph of the body, headers and footers (tables, nested tables and text boxes too)."""
    lines: list[str] = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                continue
            root = etree.fromstring(package.read(name))
            for para in root.iter(W + "p"):
                parts = []
                for node in para.iter(W + "t", W + "tab", W + "br"):
                    parts.append(node.text or "" if node.tag == W + "t" else "\t" if node.tag == W + "tab" else "\n")
                lines.append("".join(parts))
    return "\n".join(lines)
