"""What the two reconstructed 2025 attachments (附件1 消费名品, 附件2 “数字三品”) print alike."""

from __future__ import annotations

from tools.templatekit import Cell, L, Row, T

#: 《通知》五(二): what the 州（市） department answers for when it recommends, in both books' 推荐意见
VOUCHED = "本单位已对申报材料逐一审核，对所推荐申报材料的真实性、完整性、规范性负责。"


def numbered_rows(headers: list[str], items: str, cells: list[Cell], *, least: int = 3) -> list[Row]:
    """A numbered list as a table (序号 first): the header row, then a row for each of *items* (a template
    expression; ``x`` in *cells* is the item, empty on a padding row), at least *least* rows in all, so a
    book printed blank still has lines to write in by hand (应用成效指标, 荣誉及认可, 证明材料清单)."""
    return [
        Row([L("序号"), *(L(h) for h in headers)], header=True, height_cm=0.9),
        T(f"{{%tr for x in pad({items}, {least}) %}}"),
        Row([L("{{ loop.index }}"), *cells], height_cm=0.9),
        T("{%tr endfor %}"),
    ]
