"""A complete, valid 企业品牌 application (and a 区域品牌 variant) for ``yn-forms example`` and the tests.

The company, brand and people are invented; the 统一社会信用代码 is well-formed
(文山州 division code, correct check digit) but belongs to no one; so is the 人民政府's of the
区域品牌 variant (宣威市 division code).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from yn_forms.core.enclosures import on_paper
from yn_forms.core.years import last_three_years
from yn_forms.forms.consumer_brand.model import ENCLOSURES

REGION_CODE = "11530381015190005C"  # 11: 机关; 530381 宣威市


def _years(values: list[str]) -> list[dict[str, Any]]:
    return [{"year": y, "value": v} for y, v in zip(last_three_years(), values, strict=True)]


CRITERIA = {
    "innovation": "建有省级企业技术中心，拥有发明专利12件，三七总皂苷提取纯化技术达到国内领先水平。",
    "competitiveness": "主导产品三七粉、三七花茶省内市场占有率居前，通过ISO 9001质量管理体系认证，"
                       "形成种植、加工、销售完整产业链。",
    "influence": "品牌创立于1998年，获评“云南省著名商标”，线上线下年销售覆盖全国28个省份。",
    "culture": "产品包装融入壮族、苗族传统纹样，与非物质文化遗产传承人合作开发文创礼盒。",
}

HONOURS = (
    {"name": "云南省著名商标", "awarded_by": "云南省工商行政管理局", "year": 2012},
    {"name": "云南省重点培育和发展的国际知名品牌", "awarded_by": "云南省商务厅", "year": 2019},
)


def example() -> dict[str, Any]:
    today = date.today()
    return {
        "basics": {"brand_type": "企业品牌", "prefecture": "文山壮族苗族自治州", "key_field": "医药",
                   "direction": "时代优品", "fill_date": today.isoformat()},
        "enterprise": {
            "name": "文山滇七生物科技股份有限公司",
            "credit_code": "91532600MA6Q4B7N2J",
            "address": "云南省文山州文山市三七产业园区七花路8号",
            "founded": "2008-04-16",
            "legal_rep": "陆文斌",
            "contact": "王丽萍",
            "mobile": "13988765432",
            "phone": "0876-2123456",
            "email": "wanglp@dianqi-bio.com",
            "declarations": ["依法注册登记，具有独立法人资格", "近3年经营状况良好",
                             "在信用、质量、安全和环保等方面无不良记录"],
        },
        "brand": {"name": "滇七", "trademark_no": "1234567",
                  "trademark_valid_until": date(today.year + 6, 3, 27).isoformat(),
                  "own_brand": ["自主创建申报品牌，拥有商标所有权且在有效期内"],
                  "founded_year": 1998,
                  "history": ("“滇七”品牌创立于1998年，源自文山三七传统炮制技艺，历经种植合作社、"
                              "饮片加工厂到现代生物科技企业的发展。\n"
                              "品牌传承三七“生打熟补”的用药文化，至今产品覆盖全国28个省份。")},
        "market": {"products": "三七粉、三七花茶、三七总皂苷提取物",
                   "market_share": "三七粉省内市场占有率约18%（2025年）"},
        "operations": {"revenue": _years(["52360.00", "58120.50", "63480.20"]),
                       "profit": _years(["4120.00", "4680.30", "5230.80"]),
                       "tax": _years(["2310.00", "2560.40", "2890.10"])},
        "region": {"government": "", "credit_code": "", "brand_name": "", "mark_no": "", "contact": "", "mobile": "",
                   "phone": "", "email": "", "declarations": [], "output_value": None},
        "criteria": {**CRITERIA, "honours": [dict(h) for h in HONOURS]},
        "enclosures": on_paper(*ENCLOSURES),
    }


def region_example() -> dict[str, Any]:
    """The same application turned into a 区域品牌 declared by a 人民政府: the other kind, for the tests
    and the README's picture of it."""
    data = example()
    data["basics"].update(brand_type="区域品牌", direction=None, key_field="食品", prefecture="曲靖市")
    data["region"] = {"government": "宣威市人民政府", "credit_code": REGION_CODE, "brand_name": "宣威火腿",
                      "mark_no": "1234568", "contact": "张建国", "mobile": "13577412345", "phone": "0874-7123456",
                      "email": "xwhtui@xuanwei.gov.cn", "declarations": ["近3年无重大质量安全等事故"],
                      "output_value": "450000.00"}
    data["market"] = {"products": "宣威火腿及火腿制品", "market_share": "宣威火腿占全省火腿产量约40%（2025年）"}
    data["criteria"]["honours"] = [{"name": "国家地理标志保护产品", "awarded_by": "原国家质量监督检验检疫总局",
                                    "year": 2001}]
    return data
