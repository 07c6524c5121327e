"""A place in a draft named as the printed form names it, for messages the clerk reads.

Messages used to read like data paths: “请填写“3、成员单位基本信息表（第1项）·近三年销售收入(万元)
（第1项）·金额””, “经济类型·经济类型”. Here a place is named the way the attachment
speaks of it: the year of a 近三年 figure and its own name (“2023年销售收入”), a member
unit by its name (“昆明铂瑞精密合金有限公司”的电话), a group once (中心牵头单位负责人的姓名),
and the section left out (the page, or the 审核 group, says it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from yn_forms.core.fields import field_meta
from yn_forms.core.formdef import is_list, model_of
from yn_forms.core.kinds import kind_of

Lookup = Callable[[tuple[Any, ...]], Any]  # the value at a location of the draft, or None

#: a 近三年 title's prefix and unit: “近三年销售收入(万元)” is spoken of as “2023年销售收入”
_YEARS_PREFIX = re.compile(r"^近(三|3)年")
_UNIT_SUFFIX = re.compile(r"[（(](单位：)?万元[)）]$")


def years_name(title: str) -> str:
    """“近三年销售收入(万元)” → “销售收入”, “近三年R&D投入(万元)” → “R&D投入”, “营业收入” as it is."""
    return _UNIT_SUFFIX.sub("", _YEARS_PREFIX.sub("", title)).strip() or title


def describe(model: type[BaseModel], loc: tuple[Any, ...], lookup: Lookup) -> str:
    """The field at *loc* named as the form names it (see the module's docstring)."""
    owners: list[str] = []
    current: type[BaseModel] | None = model
    leaf = ""
    index = 0
    while index < len(loc):
        part = loc[index]
        if current is None or isinstance(part, int) or str(part) not in current.model_fields:
            break
        info = current.model_fields[str(part)]
        title = info.title or str(part)
        meta = field_meta(info)
        sub = model_of(info.annotation)
        here = loc[: index + 1]
        following = loc[index + 1] if index + 1 < len(loc) else None
        if kind_of(info).per_year and isinstance(following, int):
            year = lookup((*here, following, "year"))
            name = years_name(title)
            if index + 2 < len(loc) and loc[index + 2] == "year":
                return _joined(owners, f"{name}的年度")
            return _joined(owners, f"{year}年{name}" if isinstance(year, int) else f"第{following + 1}年的{name}")
        if sub is not None and is_list(info.annotation) and isinstance(following, int):
            key = meta.get("item_key")
            name = lookup((*here, following, key)) if key else None
            noun = meta.get("item_noun") or "项"
            if isinstance(name, str) and name.strip():
                owners.append(f"“{name.strip()}”")
            else:
                owners.append(f"第{following + 1}行" if kind_of(info).in_rows else f"第{following + 1}项{noun}")
            if index + 2 >= len(loc):
                return _joined(owners[:-1], owners[-1])  # the item itself
            current, index = sub, index + 2
            continue
        if index + 1 >= len(loc) or sub is None:
            leaf = title
            if meta.get("unit") and owners and not owners[-1].startswith("“") and not owners[-1].startswith("第"):
                # a count in a group of counts: 成员单位数（企业）, not 成员单位数的企业
                leaf = f"{owners.pop()}（{title}）"
            break
        if index > 0 or len(loc) == 1:  # a top-level section is the page; a group inside it is named
            owners.append(title)
        current, index = sub, index + 1
    return _joined(owners, leaf)


def _joined(owners: list[str], leaf: str) -> str:
    names = [o for o in owners if o]
    if leaf and names and names[-1] == leaf:  # 经济类型 inside 经济类型: said once
        names = names[:-1]
    if not leaf:
        return "的".join(names)
    return "的".join([*names, leaf])


def lookup_in(data: Any) -> Lookup:
    """A lookup over a draft's data (a dict of dicts and lists)."""

    def lookup(loc: tuple[Any, ...]) -> Any:
        current = data
        for part in loc:
            if isinstance(current, dict) and not isinstance(part, int):
                current = current.get(part)
            elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
                current = current[part]
            else:
                return None
        return current

    return lookup
