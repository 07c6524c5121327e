"""Reading produced Word files the way a reviewer looks at them: tables as rows of cell texts."""

from __future__ import annotations

from pathlib import Path

from docx import Document


def open_docx(path: Path):
    return Document(str(path))


def rows(table) -> list[list[str]]:
    """Cell texts per row, a merged cell listed once per row."""
    out = []
    for row in table.rows:
        seen, texts = set(), []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            texts.append(cell.text)
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
