"""Yunnan's 16 州（市） and their 129 县级 divisions (GB/T 2260, as of 2023).

A 区域品牌 is named 地名+产品 (《通知》二(一)2), e.g. 文山三七 or 宣威火腿: the
brand name should begin with one of these places, written in full or in the
short form people use (昆明 for 昆明市, 石林 for 石林彝族自治县).
"""

from __future__ import annotations

import re
from functools import lru_cache

PROVINCE = "云南"

DIVISIONS: dict[str, list[str]] = {
    "昆明市": ["五华区", "盘龙区", "官渡区", "西山区", "东川区", "呈贡区", "晋宁区", "富民县", "宜良县",
            "石林彝族自治县", "嵩明县", "禄劝彝族苗族自治县", "寻甸回族彝族自治县", "安宁市"],
    "曲靖市": ["麒麟区", "沾益区", "马龙区", "陆良县", "师宗县", "罗平县", "富源县", "会泽县", "宣威市"],
    "玉溪市": ["红塔区", "江川区", "通海县", "华宁县", "易门县", "峨山彝族自治县", "新平彝族傣族自治县",
            "元江哈尼族彝族傣族自治县", "澄江市"],
    "保山市": ["隆阳区", "施甸县", "龙陵县", "昌宁县", "腾冲市"],
    "昭通市": ["昭阳区", "鲁甸县", "巧家县", "盐津县", "大关县", "永善县", "绥江县", "镇雄县", "彝良县", "威信县",
            "水富市"],
    "丽江市": ["古城区", "玉龙纳西族自治县", "永胜县", "华坪县", "宁蒗彝族自治县"],
    "普洱市": ["思茅区", "宁洱哈尼族彝族自治县", "墨江哈尼族自治县", "景东彝族自治县", "景谷傣族彝族自治县",
            "镇沅彝族哈尼族拉祜族自治县", "江城哈尼族彝族自治县", "孟连傣族拉祜族佤族自治县", "澜沧拉祜族自治县",
            "西盟佤族自治县"],
    "临沧市": ["临翔区", "凤庆县", "云县", "永德县", "镇康县", "双江拉祜族佤族布朗族傣族自治县", "耿马傣族佤族自治县",
            "沧源佤族自治县"],
    "楚雄彝族自治州": ["楚雄市", "禄丰市", "双柏县", "牟定县", "南华县", "姚安县", "大姚县", "永仁县", "元谋县",
                "武定县"],
    "红河哈尼族彝族自治州": ["个旧市", "开远市", "蒙自市", "弥勒市", "屏边苗族自治县", "建水县", "石屏县", "泸西县",
                   "元阳县", "红河县", "金平苗族瑶族傣族自治县", "绿春县", "河口瑶族自治县"],
    "文山壮族苗族自治州": ["文山市", "砚山县", "西畴县", "麻栗坡县", "马关县", "丘北县", "广南县", "富宁县"],
    "西双版纳傣族自治州": ["景洪市", "勐海县", "勐腊县"],
    "大理白族自治州": ["大理市", "漾濞彝族自治县", "祥云县", "宾川县", "弥渡县", "南涧彝族自治县", "巍山彝族回族自治县",
                "永平县", "云龙县", "洱源县", "剑川县", "鹤庆县"],
    "德宏傣族景颇族自治州": ["瑞丽市", "芒市", "梁河县", "盈江县", "陇川县"],
    "怒江傈僳族自治州": ["泸水市", "福贡县", "贡山独龙族怒族自治县", "兰坪白族普米族自治县"],
    "迪庆藏族自治州": ["香格里拉市", "德钦县", "维西傈僳族自治县"],
}

PREFECTURES = list(DIVISIONS)

_PEOPLES = "彝|苗|回|傣|哈尼|纳西|拉祜|佤|布朗|白|景颇|傈僳|独龙|怒|普米|藏|壮|瑶"
_SUFFIX = re.compile(rf"((?:(?:{_PEOPLES})族)+自治(?:州|县)|市|县|区)$")


def short_name(place: str) -> str:
    """昆明市 → 昆明, 石林彝族自治县 → 石林; one-character stems (芒市, 云县) stay whole."""
    stem = _SUFFIX.sub("", place)
    return stem if len(stem) >= 2 else place


@lru_cache(maxsize=1)
def place_names() -> tuple[str, ...]:
    """Every way a brand may begin with a Yunnan place, longest first."""
    names = {PROVINCE}
    for prefecture, counties in DIVISIONS.items():
        for place in (prefecture, *counties):
            names |= {place, short_name(place)}
    return tuple(sorted(names, key=len, reverse=True))


def leading_place(name: str) -> str | None:
    """The Yunnan place a name begins with, or None."""
    text = name.strip()
    return next((p for p in place_names() if text.startswith(p)), None)
