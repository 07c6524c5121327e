"""A numbered list printed as a table (序号 first), for the reconstructed 2025 attachments.

The rows the draft holds, then empty numbered rows up to a least number, so a book printed blank still
has lines to write in by hand (应用成效指标, 荣誉及认可, 证明材料清单).
"""

from __future__ import annotations

from tools.templatekit import Cell, L, Row, T


def numbered_rows(headers: list[str], items: str, cells: list[Cell], *, least: int = 3) -> list[Row]:
    """The header row, then one row for each of *items* (a template expression; ``x`` in *cells* is the
    item, empty on a padding row) and at least *least* rows in all."""
    return [
        Row([L("序号"), *(L(h) for h in headers)], header=True, height_cm=0.9),
        T(f"{{%tr for x in pad({items}, {least}) %}}"),
        Row([L("{{ loop.index }}"), *cells], height_cm=0.9),
        T("{%tr endfor %}"),
    ]
