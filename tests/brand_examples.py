"""The 消费名品 example turned into a 区域品牌, for the tests of both kinds of application."""

from __future__ import annotations

from typing import Any

from yn_forms.forms.consumer_brand.example import example


def region_example() -> dict[str, Any]:
    """The same application turned into a 区域品牌 declared by a 人民政府."""
    data = example()
    data["basics"].update(brand_type="区域品牌", direction=None, key_field="食品", prefecture="曲靖市")
    data["region"] = {"government": "宣威市人民政府", "brand_name": "宣威火腿", "products": "宣威火腿及火腿制品",
                      "contact": "张建国", "mobile": "13577412345", "phone": "0874-7123456",
                      "declarations": ["近3年无重大质量安全等事故"], "output_value": "450000.00"}
    return data
