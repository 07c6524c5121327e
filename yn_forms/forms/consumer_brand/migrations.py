"""Drafts the 消费名品 form's earlier versions saved, brought up to this one (``FormDefinition.migrations``)."""

from __future__ import annotations

import copy
from typing import Any


def products_for_both_kinds(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 → 2. Version 1 asked a 区域品牌 alone for its 主要产品 (``region.products``); 《通知》三(一)3
    judges both kinds on their 主要产品 and its 市场占有率, now asked of both in ``market``. A region's
    products move there; anything else (the version's new fields: 电子邮箱, 品牌创立时间, 荣誉及认可, the
    region's 统一社会信用代码, 推荐排序) starts empty and is asked for. A value that is not text stays where
    it was, reported as an unknown field and kept: nothing typed is lost."""
    region = data.get("region")
    if not isinstance(region, dict) or "products" not in region:
        return data
    products = region["products"]
    market = data.get("market", {})
    if not isinstance(products, str) or not isinstance(market, dict):
        return data
    if products.strip() and str(market.get("products", "")).strip():
        return data  # both given (a hand-edited file): the region's stays beside it rather than be dropped
    data = copy.deepcopy(data)
    del data["region"]["products"]
    if products.strip():
        data.setdefault("market", {})["products"] = products
    return data
