"""Field types and the metadata that makes one pydantic model drive everything.

A form's model is built from these types; ``field()`` attaches what the wizard,
the validator and the JSON Schema need (official label, kind, help from the
notice, 字数 limit, whether it is required). Every type accepts “not filled yet”
(empty text, ``None``, empty list) so a half-finished draft always loads; whether a
value is required is judged by the validator, not by parsing.
"""

from __future__ import annotations

import typing
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from yn_forms.core import checks
from yn_forms.core.dates import parse_day
from yn_forms.core.wordcount import count_words
from yn_forms.core.years import last_three_years


@dataclass(frozen=True)
class OfKind:
    """Put in a type's ``Annotated[...]``: the kind (``core.kinds``) every field of that type is.

    A month is text to pydantic; ``YearMonth`` says it is a ``year_month``, so its fields need
    no ``kind=`` and ``core.formcheck`` refuses one declaring another kind.
    """

    name: str


def _optional_check(check: Callable[[str], str]) -> Callable[[str], str]:
    def run(value: str) -> str:
        if not value.strip():
            return ""
        try:
            # full-width letters and digits typed with a Chinese IME are the same code
            return check(unicodedata.normalize("NFKC", value))
        except checks.FieldError as exc:
            raise PydanticCustomError(exc.code, exc.message) from None

    return run


CreditCode = Annotated[str, AfterValidator(_optional_check(checks.check_credit_code))]
Mobile = Annotated[str, AfterValidator(_optional_check(checks.check_mobile))]
Landline = Annotated[str, AfterValidator(_optional_check(checks.check_landline))]
Phone = Annotated[str, AfterValidator(_optional_check(checks.check_phone))]
Email = Annotated[str, AfterValidator(_optional_check(checks.check_email))]
Postcode = Annotated[str, AfterValidator(_optional_check(checks.check_postcode))]
QQ = Annotated[str, AfterValidator(_optional_check(checks.check_qq))]
YearMonth = Annotated[str, AfterValidator(_optional_check(checks.check_year_month)), OfKind("year_month")]

# 万元 with two decimals; never negative (a loss is entered in its own field).
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2), OfKind("percent")]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
def _as_day(value: Any) -> Any:
    """A date typed the paper way (2019年5月6日, 2019.5.6, 20190506) read as the date it names; anything
    else is left for pydantic to judge (and report)."""
    if isinstance(value, str) and value.strip():
        parsed = parse_day(value)
        if parsed is not None:
            return parsed
    return value


Day = Annotated[date, BeforeValidator(_as_day)]


def word_limited(limit: int) -> Any:
    """Text type limited to *limit* 字 as Word counts them (“N字以内 / 限N字”)."""

    def run(value: str) -> str:
        words = count_words(value)
        if words > limit:
            raise PydanticCustomError(
                "word_limit",
                "超出字数限制：限{limit}字，现为{words}字",
                {"limit": limit, "words": words},
            )
        return value

    return Annotated[str, AfterValidator(run)]


def field(
    title: str,
    *,
    default: Any = "",
    default_factory: Callable[[], Any] | None = None,
    kind: str | None = None,
    help: str | None = None,
    required: bool = True,
    max_words: int | None = None,
    options: list[str] | None = None,
    unit: str | None = None,
    printed: bool = True,
    other_of: str | None = None,
    shown_when: dict[str, str] | None = None,
    unit_key: str | tuple[str, ...] | None = None,
    same_as: str | None = None,
    names_of: str | None = None,
    choices_from: str | None = None,
    completes_from: str | None = None,
    item_key: str | None = None,
    item_noun: str | None = None,
    nav: str | None = None,
    prompt: str | None = None,
) -> Any:
    """Declare one field with its official label and the metadata every layer reads.

    ``kind`` (``core.kinds``) is given only where the type cannot tell it: ``"text"`` (an
    answer of several lines, not one), ``"suggest"`` (free text with ``options`` offered),
    ``"table"`` or ``"group"`` (a list of sections), ``"year"``; a ``YearMonth``, a ``Day``,
    ``Money``, a ``Literal`` are their kinds already.

    ``printed=False`` marks data that no official attachment prints (a checklist
    for the clerk); the template-contract test accepts those and only those.
    ``other_of`` names the choice field whose 其他/其它 option this text explains.
    ``shown_when`` ({JSON Pointer: value}) makes a field or section apply only while the
    field at the pointer has that value (企业品牌 / 区域品牌): otherwise it is kept in the
    draft but neither asked for, checked nor counted.
    ``unit_key`` names the fact of the 单位信息库 (``core.units.FACTS``) this field holds
    (``unit`` is taken: it is the measure, 万元); a tuple lists fallbacks to fill from, in
    order, when the first fact is missing or does not fit the field (联系电话 from 手机).

    Facts the attachments print in several places are typed once (``core.links``):
    ``same_as`` (a JSON Pointer) makes this field the same fact as the field there — whichever
    of them is left empty takes the other's value in validation, the documents and the
    wizard; ``names_of`` (a pointer to a list of sections) makes a list of text repeat the
    names of that list's items (表1's 参与单位 are the 表3 members) while it is left empty;
    ``choices_from`` offers the names of that list's items to pick from (a 依托单位 is one of
    the application's own units), still editable; ``completes_from`` (a pointer to a list of
    text) offers its lines as the field is typed (a 表3 member's name from 表1's 参与单位), the
    field keeping its own input.

    A list of sections (``kind="group"`` or ``"table"``) names its items through
    ``item_key`` (the field holding an item's name: the list shows it, undo and packets
    speak of the item by it) and ``item_noun`` (what one item is called: 成员单位, 项目).
    ``nav`` is a section's name in the wizard's side list when its official title is a sentence
    (“四、牵头和成员单位已建并正在运行的…创新平台(含…)” is listed as “四、创新平台”).
    ``prompt`` is what an answer is to cover, in the notice's words: the document prints it
    under the answer's heading, and the wizard shows it in the empty answer box.
    """
    extra: dict[str, Any] = {"required": required, "printed": printed}
    for key, value in (("kind", kind), ("help", help), ("max_words", max_words),
                       ("options", options), ("unit", unit), ("other_of", other_of),
                       ("shown_when", shown_when),
                       ("unit_key", list(unit_key) if isinstance(unit_key, tuple) else unit_key),
                       ("same_as", same_as), ("names_of", names_of), ("choices_from", choices_from),
                       ("completes_from", completes_from),
                       ("item_key", item_key), ("item_noun", item_noun), ("nav", nav),
                       ("prompt", prompt)):
        if value is not None:
            extra[key] = value
    schema_extra = {f"x-{k}": v for k, v in extra.items()}
    if default_factory is not None:
        return Field(default_factory=default_factory, title=title, json_schema_extra=schema_extra)
    return Field(default=default, title=title, json_schema_extra=schema_extra)


_META: dict[int, tuple[Any, dict[str, Any]]] = {}


def field_meta(info: Any) -> dict[str, Any]:
    """The metadata ``field()`` attached, without the ``x-`` prefix (shared: read it, never change it).

    Every layer asks this of every field on every check, so it is worked out once per field.
    """
    hit = _META.get(id(info))
    if hit is not None and hit[0] is info:
        return hit[1]
    extra = info.json_schema_extra or {}
    meta = {k[2:]: v for k, v in extra.items() if k.startswith("x-")} if isinstance(extra, dict) else {}
    _META[id(info)] = (info, meta)
    return meta


class Section(BaseModel):
    """Base of every model in a form: unknown keys are reported, extra text is not trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, validate_default=False)


class YearValue(Section):
    """One year of a 近三年 figure."""

    year: int | None = field("年度", default=None, kind="year")
    value: Money | None = field("金额", default=None, unit="万元")


#: 近三年: a figure of three years, one amount each (a new draft starts it with ``three_years``)
Years = Annotated[list[YearValue], OfKind("years")]


def three_years() -> list[YearValue]:
    """A 近三年 figure as a new draft starts it: the years filled in, the amounts blank."""
    return [YearValue(year=y) for y in last_three_years()]


def stated_kind(info: FieldInfo) -> str | None:
    """The kind a field states: its ``kind=``, else the kind its type names (``OfKind``); None when it
    states none and its kind follows from its type alone (``core.kinds.kind_of``)."""
    return field_meta(info).get("kind") or type_kind(info)


def type_kind(info: FieldInfo) -> str | None:
    """The kind the field's type names (an ``OfKind`` in its ``Annotated``, also under ``| None``), or None."""
    marks = [*info.metadata, *_marks(info.annotation)]
    return next((mark.name for mark in marks if isinstance(mark, OfKind)), None)


def _marks(annotation: Any) -> list[Any]:
    found = []
    for arg in typing.get_args(annotation):
        found += [arg] if isinstance(arg, OfKind) else _marks(arg)
    return found


def scalar_type(annotation: Any) -> Any:
    """The plain type under ``Annotated[Decimal, …] | None`` and the like (Money is a Decimal):
    what decides how a value is typed, compared, read from Excel and printed."""
    if annotation in (bool, int, str, Decimal, date):
        return annotation
    for arg in typing.get_args(annotation):
        found = scalar_type(arg)
        if found is not None:
            return found
    return None


def literal_options(annotation: Any) -> list[str]:
    """The values of the ``Literal`` inside *annotation* (``Literal[...] | None``, a list of them)."""
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in typing.get_args(annotation)]
    return [option for arg in typing.get_args(annotation) for option in literal_options(arg)]


def field_options(info: FieldInfo) -> list[str]:
    """The printed options of a choice: its declared ``options``, else its ``Literal`` values.

    One reading for the wizard's inputs, the template contract, the unit library and
    the member sheet, so an option is spelt the same everywhere.
    """
    return list(field_meta(info).get("options") or literal_options(info.annotation))

