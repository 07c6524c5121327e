"""The facts the library keeps about a unit, and how a value of each is told good, equal or changed.

A record is a plain mapping of the keys in ``FACTS``; every layer (the SQLite file,
the Excel sheet, the forms' fields) speaks it, so this module is the vocabulary
they share and holds no storage or form logic of its own.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, Protocol, TypeVar

from yn_forms.core import checks
from yn_forms.core.dates import parse_day
from yn_forms.core.kinds import KINDS
from yn_forms.core.text import printable

#: the kinds of value the library keeps (``fact_value``)
_STORED = frozenset({"line", "text", "money", "percent", "count", "date", "multi", "years"})


@dataclass(frozen=True)
class Fact:
    """One thing the forms ask about a unit.

    ``kind`` is a field kind (``core.kinds``), and says how the library keeps the value:
    ``line`` (one line of text), ``text`` (several lines, one item a line; a list field of
    a form is its lines), ``money`` and ``percent`` (text with two decimals), ``count``
    (int), ``date`` (YYYY-MM-DD), ``multi`` (list of options) or ``years`` ({"2024":
    "123.45"}: a 近三年 figure, any number of years, so that next year's form still finds
    the two years it shares with this one). ``check`` names the format check of
    ``core.checks`` the value must pass to be stored.
    """

    key: str
    label: str
    kind: str = "line"
    group: str = "基本信息"
    check: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in _STORED:
            raise ValueError(f"fact {self.key!r}: the library keeps no {self.kind!r} (kinds: {sorted(_STORED)})")

    @property
    def per_year(self) -> bool:
        """A 近三年 figure: kept, listed and merged year by year."""
        return KINDS[self.kind].per_year

    @property
    def numeric(self) -> bool:
        """A number: an Excel sheet holds it as one."""
        return KINDS[self.kind].numeric


_BASIC, _CONTACT, _SCALE, _BUSINESS, _FIGURES = "基本信息", "负责人与联系人", "性质与规模", "业务与资质", "经营数据"

FACTS: tuple[Fact, ...] = (
    Fact("name", "单位名称"),
    Fact("credit_code", "统一社会信用代码", check="credit_code"),
    Fact("address", "地址"),
    Fact("registered_address", "注册地址"),
    Fact("postcode", "邮编", check="postcode"),
    Fact("founded", "成立时间", "date"),
    Fact("legal_rep", "法定代表人"),
    Fact("nationality", "国籍"),
    Fact("phone", "单位电话", check="phone"),
    Fact("authority", "主管单位"),
    Fact("industry", "行业领域"),
    Fact("head", "企业负责人", group=_CONTACT),
    Fact("head_post", "企业负责人职务", group=_CONTACT),
    Fact("head_phone", "企业负责人电话", group=_CONTACT, check="phone"),
    Fact("contact", "联系人", group=_CONTACT),
    Fact("contact_post", "联系人职务", group=_CONTACT),
    Fact("contact_mobile", "联系人手机", group=_CONTACT, check="mobile"),
    Fact("contact_phone", "联系人电话", group=_CONTACT, check="phone"),
    Fact("email", "电子邮箱", group=_CONTACT, check="email"),
    Fact("qq", "QQ号码", group=_CONTACT, check="qq"),
    Fact("nature", "单位性质", group=_SCALE),
    Fact("nature_other", "其他单位性质", group=_SCALE),
    Fact("ownership", "经济类型", group=_SCALE),
    Fact("company_form", "企业组织形式", group=_SCALE),
    Fact("ownership_other", "其它经济类型", group=_SCALE),
    Fact("registered_capital", "注册资金（万元）", "money", _SCALE),
    Fact("foreign_share", "外资比例（%）", "percent", _SCALE),
    Fact("total_assets", "资产总额（万元）", "money", _SCALE),
    Fact("fixed_assets", "固定资产（万元）", "money", _SCALE),
    Fact("staff_total", "职工总数", "count", _SCALE),
    Fact("rd_staff", "研发人员数", "count", _SCALE),
    Fact("intermediate_plus", "中级以上职称人数", "count", _SCALE),
    Fact("senior_plus", "高级以上职称人数", "count", _SCALE),
    Fact("main_business", "主营业务（主要行业或领域）", "text", _BUSINESS),
    Fact("main_products", "主要产品或服务", "text", _BUSINESS),
    Fact("advantages", "比较优势", "text", _BUSINESS),
    Fact("qualifications", "现有资质情况", "multi", _BUSINESS),
    Fact("qualifications_other", "其它资质", group=_BUSINESS),
    Fact("rd_recognitions", "研发机构认定情况", "multi", _BUSINESS),
    Fact("rd_recognitions_other", "其它研发机构认定", group=_BUSINESS),
    Fact("sales", "销售收入（万元）", "years", _FIGURES),
    Fact("revenue", "营业收入（万元）", "years", _FIGURES),
    Fact("rd_spend", "R&D投入（万元）", "years", _FIGURES),
    Fact("profit", "利润（万元）", "years", _FIGURES),
    Fact("tax", "纳税（万元）", "years", _FIGURES),
)
FACT_BY_KEY: dict[str, Fact] = {f.key: f for f in FACTS}
GROUPS: tuple[str, ...] = (_BASIC, _CONTACT, _SCALE, _BUSINESS, _FIGURES)

_CHECKS: dict[str, Callable[[str], str]] = {
    "credit_code": checks.check_credit_code,
    "postcode": checks.check_postcode,
    "phone": checks.check_phone,
    "mobile": checks.check_mobile,
    "email": checks.check_email,
    "qq": checks.check_qq,
}
MULTI_SEPARATORS = re.compile(r"[、,，;；\n]+")


class UnitLibraryError(Exception):
    """The library cannot do what was asked; the message says why, in Chinese."""


class UnitConflict(UnitLibraryError):
    """The record would take the name or code of another unit in the library."""


class Change(NamedTuple):
    """One line of “what will change”: the fact's label, the library's value, the new value."""

    label: str
    old: str
    new: str


Record = dict[str, Any]


def is_empty(value: Any) -> bool:
    """Nothing said: a fact with such a value is left out of a record and never overwrites one."""
    return value is None or value == "" or value == [] or value == {} or (isinstance(value, str) and not value.strip())


def name_key(name: str) -> str:
    """How two spellings of one unit's name are told equal: NFKC (（）→()), no spaces or control
    characters (a name pasted from a PDF), case-folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", printable(name or ""))).casefold()


def code_key(code: str) -> str:
    """A 统一社会信用代码 as the library indexes it: half-width, upper case, no spaces or dashes."""
    return re.sub(r"[\s-]+", "", unicodedata.normalize("NFKC", printable(code or ""))).upper()


def search_keys(text: str) -> tuple[str, str]:
    """(part of a name, start of a code) that *text* finds a unit by: the library's search and the
    units page's filter both judge a search text through this, so the two find the same units."""
    return name_key(text.strip()), code_key(text.strip())


class Searchable(Protocol):
    """A unit as a list searches it: its ``name_key`` and its code ("" when it has none)."""

    @property
    def name_key(self) -> str: ...

    @property
    def code(self) -> str: ...


S = TypeVar("S", bound=Searchable)


def found_among(keys: tuple[str, str], units: Iterable[S]) -> list[S]:
    """The units *keys* (``search_keys``) finds, in their order.

    One comprehension and no call per unit: the units page runs it over ten thousand
    units at every keystroke, within the frame the clerk's typing allows.
    """
    part, start = keys
    if not part:
        return list(units)  # the search box emptied: every unit
    return [u for u in units if part in u.name_key or (u.code and u.code.startswith(start))]


def money_text(value: Any) -> str:
    """万元 as the forms print them: two decimals (raises on what is not a number)."""
    number = Decimal(str(value).strip().replace(",", ""))
    if not number.is_finite() or number < 0:
        raise InvalidOperation(str(value))
    return f"{number:.2f}"


def fact_value(fact: Fact, value: Any) -> Any:
    """*value* (typed, read from Excel, or from a form) as the library keeps *fact*; raises ValueError.

    Control characters are dropped from text: they cannot stand in an Excel or Word
    file, so a name keeping them would not survive an export and would come back as
    a second unit.
    """
    kind = fact.kind
    if kind in ("line", "text"):
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a 邮编 that Excel turned into a number
        if isinstance(value, list):
            value = "\n".join(str(v).strip() for v in value if str(v).strip())
        value = printable(str(value))
        text = value.strip() if kind == "line" else "\n".join(
            line.strip() for line in value.split("\n") if line.strip())
        if fact.check and text:
            try:
                text = _CHECKS[fact.check](unicodedata.normalize("NFKC", text))
            except checks.FieldError as exc:
                raise ValueError(exc.message) from None
        return text
    if kind in ("money", "percent"):
        try:
            text = money_text(value)
        except (InvalidOperation, ValueError):
            raise ValueError("应填写数字（不能为负）") from None
        if kind == "percent" and Decimal(text) > 100:
            raise ValueError("不能大于100")
        return text
    if kind == "count":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if isinstance(value, bool) or not re.fullmatch(r"\d{1,8}", text):
            raise ValueError("应填写整数")
        return int(text)
    if kind == "date":
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.isoformat()
        day = parse_day(str(value))  # as on paper (2006年8月18日, 2006.8.18) or ISO
        if day is None:
            raise ValueError("请填写有效的日期（年、月、日），如 2006年8月18日")
        return day.isoformat()
    if kind == "multi":
        items = value if isinstance(value, list) else MULTI_SEPARATORS.split(str(value))
        return [printable(str(v)).strip() for v in items if printable(str(v)).strip()]
    if kind == "years":
        if not isinstance(value, dict):
            raise ValueError("应为各年度的金额")
        years: dict[str, str] = {}
        for year, amount in value.items():
            if not re.fullmatch(r"\d{4}", str(year).strip()):
                raise ValueError(f"年度“{year}”应为4位数字")
            if is_empty(amount):
                continue
            try:
                years[str(year).strip()] = money_text(amount)
            except (InvalidOperation, ValueError):
                raise ValueError(f"{year}年应填写数字（不能为负）") from None
        return dict(sorted(years.items()))
    raise ValueError(f"unknown kind {kind}")


def clean_record(raw: dict[str, Any]) -> tuple[Record, list[str]]:
    """A record in the library's own shapes, and what is wrong with *raw* (one Chinese line each).

    Every value is checked as the forms check it (统一社会信用代码 with its check digit,
    邮编, phone numbers, numbers, dates), so the library only ever hands the forms values
    they accept. Empty values are left out; unknown keys are refused, not silently kept.
    """
    record: Record = {}
    problems: list[str] = []
    for key, value in raw.items():
        fact = FACT_BY_KEY.get(key)
        if fact is None:
            problems.append(f"未知的项目：{key}")
            continue
        if is_empty(value):
            continue
        try:
            cleaned = fact_value(fact, value)
        except ValueError as exc:
            message = str(exc)
            problems.append(message if message.startswith(fact.label) else f"{fact.label}：{message}")
            continue
        if not is_empty(cleaned):
            record[key] = cleaned
    if not record.get("name"):
        problems.insert(0, "单位名称：不能为空")
    return record, problems


_AMOUNT = re.compile(r"\d+\.\d\d")  # what ``money_text`` writes
_YEAR = re.compile(r"\d{4}")


def _kept_as(kind: str, value: Any) -> bool:
    """Whether *value* has the shape ``fact_value`` gives a fact of *kind* (the shape, not the format checks)."""
    if kind in ("line", "text", "date"):
        return isinstance(value, str)
    if kind in ("money", "percent"):
        return isinstance(value, str) and _AMOUNT.fullmatch(value) is not None
    if kind == "count":
        return type(value) is int and value >= 0
    if kind == "multi":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "years":
        return isinstance(value, dict) and all(
            isinstance(y, str) and _YEAR.fullmatch(y) and isinstance(v, str) and _AMOUNT.fullmatch(v)
            for y, v in value.items())
    return False


def record_problem(data: Any) -> str | None:
    """What keeps *data*, read back from the library file, from being a record; None when it is one.

    The file may have been changed by another program or damaged on disk. Only the
    shapes are checked — cheap enough for every row of a list of ten thousand — since
    the values were checked in full (``clean_record``) when they were stored; a row
    that fails is reported and passed over, so it never reaches a list, a sheet or a form.
    """
    if not isinstance(data, dict):
        return "内容不是一条单位记录"
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        return "缺少单位名称"
    for key, value in data.items():
        fact = FACT_BY_KEY.get(key)
        if fact is None:
            return f"未知的项目“{key}”"
        if not _kept_as(fact.kind, value):
            return f"“{fact.label}”的值无法识别"
    return None


def display(fact: Fact, value: Any) -> str:
    """A value as the clerk reads it in a list of changes or a cell."""
    if is_empty(value):
        return ""
    if fact.kind == "multi":
        return "、".join(value)
    if fact.per_year:
        return "；".join(f"{y}年 {v}" for y, v in value.items())
    return str(value)


def changes_between(old: Record, new: Record) -> list[Change]:
    """What turns *old* into *new*, fact by fact in the catalogue's order; a 近三年 figure year by year."""
    out: list[Change] = []
    for fact in FACTS:
        before, after = old.get(fact.key), new.get(fact.key)
        if fact.per_year:
            before, after = before or {}, after or {}
            for year in sorted(set(before) | set(after)):
                if before.get(year) != after.get(year):
                    out.append(Change(f"{year}年{fact.label}", before.get(year) or "", after.get(year) or ""))
        elif (before if not is_empty(before) else None) != (after if not is_empty(after) else None):
            out.append(Change(fact.label, display(fact, before), display(fact, after)))
    return out


def merge(old: Record, new: Record) -> Record:
    """*new* laid over *old*: what *new* does not say is kept; a 近三年 figure is merged year by year."""
    merged = json.loads(json.dumps(old))
    for key, value in new.items():
        if is_empty(value):
            continue
        if FACT_BY_KEY[key].per_year:
            merged[key] = dict(sorted({**merged.get(key, {}), **value}.items()))
        elif key == "name" and name_key(value) == name_key(merged.get("name", "")):
            continue  # （集团） typed as (集团): the same name; the library keeps the spelling it has
        else:
            merged[key] = value
    return merged

