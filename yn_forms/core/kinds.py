"""The one table of field kinds: what a field holds, and how its values are read, printed and told.

Every layer asks a field's kind the same questions: how text typed into it — in the wizard,
read back from a filled Word attachment, read from a cell of a member sheet — becomes the
draft's value; how the documents print it; how the wizard's input shows it; how a list of
differences tells it; whether it is compared as a number; how ``yn-forms template-fields``
describes it. Each kind answers them here, once (``KINDS``). The wizard's inputs are keyed by
the same names (``gui.editor_map``).

A field's kind follows from its type where the type tells it: ``Money`` is an amount,
``Count`` a count, ``Day`` a date, ``YearMonth`` a month, ``Years`` a 近三年 figure (a type
names its kind with ``core.fields.OfKind``), a ``Literal`` or ``options`` a choice, a list
of them check boxes, a list of text one item a line. ``field(kind=...)`` says what the type
cannot: a multi-line answer (``text``) rather than one line, a ``suggest`` list, a ``table``
or a ``group`` of sections, the ``year`` of a 近三年 amount. ``core.formcheck`` refuses a
field whose declared kind does not go with its type.

Adding a kind: one ``register(Kind(...))`` here or in the code that needs it, and one
``gui.editor_map.register_editor`` for its input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, get_args

from pydantic.fields import FieldInfo
from typing_extensions import is_typeddict

from yn_forms.core.dates import parse_day, parse_month, show_day, show_month
from yn_forms.core.fields import field_options, scalar_type, stated_kind
from yn_forms.core.formdef import is_list, model_of
from yn_forms.core.text import printable

#: what a field is annotated with, beside the plain types (str, int, Decimal, date, bool)
SECTION = "a section"  # one model: a page, or a box of fields on one
SECTIONS = "a list of sections"  # list[Model]
VALUES = "a list of values"  # list[str], list[Literal[...]]
RECORDS = "a list of records"  # list[TypedDict]: entries of a fixed shape the clerk does not type (证明材料)

_UNITS = re.compile(r"(万元|元|人|家|项|个|年|%|％)$")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


@dataclass(frozen=True)
class Description:
    """What ``yn-forms template-fields`` knows of a field when its kind names the field's type."""

    options: tuple[str, ...] = ()
    unit: str = ""
    max_words: int | None = None
    base: Any = None  # the plain Python type under the annotation (``scalar_type``)
    items: str = ""  # a list of sections: its item's fields, joined with 、
    loop: str = ""  # how a template loops over a list


# --- how values are read, printed and shown ------------------------------------------------------


def as_written(text: str) -> Any:
    """Text kept as typed: what a one-line answer holds."""
    return text


def _number_text(text: str) -> str:
    """A number as printed with its unit and separators (1,234.50万元), bare."""
    return _UNITS.sub("", re.sub(r"[\s,，]", "", text))


def parse_count(text: str) -> Any:
    """A whole number (its 人/家/项 dropped), ``None`` for nothing; other text as written, to be reported."""
    stripped = text.strip()
    if not stripped:
        return None
    number = _number_text(stripped)
    return int(number) if number.isdecimal() else text  # "³" is a digit to isdigit(), not to int()


def parse_amount(text: str) -> Any:
    """An amount kept as its digits (万元 and separators dropped), ``None`` for nothing; other text as written."""
    stripped = text.strip()
    if not stripped:
        return None
    number = _number_text(stripped)
    try:
        Decimal(number)
    except InvalidOperation:
        return text
    return number if _NUMBER.fullmatch(number) else text


def parse_date(text: str) -> Any:
    """A date written the paper way (2019年5月6日, 2019.5.6) as the ISO date the draft keeps."""
    stripped = text.strip()
    if not stripped:
        return None
    day = parse_day(stripped)
    return day.isoformat() if day is not None else text


def parse_year_month(text: str) -> Any:
    """A month written the paper way (2026年11月, 2026.11) as the ``YYYY-MM`` the draft keeps."""
    return parse_month(text) or text


def printed_value(value: Any) -> Any:
    """A checked value as the official form prints it: 万元 with two decimals, dates the Chinese way,
    nothing for an unfilled value, text cleaned of what a Word file cannot hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return printable(value)
    return value


def printed_month(value: Any) -> Any:
    """A month as printed: 2026年11月."""
    if isinstance(value, str) and value:
        year, _, month = value.partition("-")
        if year.isdecimal() and month.isdecimal():
            return f"{int(year)}年{int(month)}月"
    return printed_value(value)


def shown_value(value: Any) -> str:
    """A draft value as its input shows it; nothing for an unfilled one."""
    return "" if value is None else str(value)


def shown_day(value: Any) -> str:
    return "" if value is None else show_day(str(value))


def shown_month(value: Any) -> str:
    return "" if value is None else show_month(str(value))


def day_text(cell: date) -> str:
    """A cell Excel holds as a date, as text of the kind (an ISO date)."""
    return (cell.date() if isinstance(cell, datetime) else cell).isoformat()


def month_text(cell: date) -> str:
    return f"{cell.year:04d}-{cell.month:02d}"


def text_lines(text: str) -> str:
    """A multi-line answer as a sheet cell holds it: its lines kept, Windows line ends made plain."""
    return text.replace("\r\n", "\n")


# --- how template-fields names a kind -----------------------------------------------------------


def _line(d: Description) -> str:
    return "是/否" if d.base is bool else "文本"


def _text(d: Description) -> str:
    return "多行文本" + (f"，限{d.max_words}字" if d.max_words else "") + "（用 paras 分段）"


def _amount(d: Description) -> str:
    if d.unit == "万元":
        return "金额(万元)（印作 1234.50）"
    return f"数值({d.unit})" if d.unit else "数值"


def _count(d: Description) -> str:
    return f"整数({d.unit})" if d.unit else "整数"


# --- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of field: everything any layer needs to know to read, print and tell its values.

    ``parse`` turns text — typed into the wizard's line, read back from a Word attachment, read
    from a sheet's cell — into the draft's value; what does not read as the kind is kept as
    written, for validation to report (nothing typed is lost). ``printed`` turns a checked value
    into what the documents print, ``shown`` a draft value into what the wizard's input shows.
    """

    name: str
    #: what its fields are annotated with: plain types (str, int, Decimal, date, bool) or SECTION, SECTIONS, VALUES
    holds: tuple[Any, ...]
    #: its type in ``yn-forms template-fields``, in Chinese
    describe: Callable[[Description], str]
    parse: Callable[[str], Any] = as_written
    printed: Callable[[Any], Any] = printed_value
    shown: Callable[[Any], str] = shown_value
    #: a member sheet's cell text as the draft keeps it (a list: split into its items); None: ``parse`` of the
    #: stripped text
    sheet: Callable[[str], Any] | None = None
    #: a cell Excel holds as a date, as the kind's text
    sheet_day: Callable[[date], str] = day_text
    #: the 填写说明 of its column in a member sheet; ``{options}`` stands for the options joined with 、
    sheet_hint: str = ""
    numeric: bool = False  # compared as numbers: 5000 is 5000.00
    chosen: bool = False  # its answer is one or more of the field's options (请选择, not 请填写)
    unordered: bool = False  # options ticked alike in another order are the same answer
    unit_shown: bool = True  # a list of differences writes the field's unit after the value
    per_year: bool = False  # 近三年: one amount a year, compared, told, imported and named year by year
    least_items: int = 0  # a template may index this many items: fewer are printed blank
    members: bool = False  # a list of sections each printed on its own (成员单位): packets and imports name its items
    in_rows: bool = False  # a list of sections printed as one table, one row an item
    in_schema: bool = True  # the JSON Schema states it as ``x-kind`` (not the kinds a JSON type already says)

    @property
    def named_items(self) -> bool:
        """Its items are named by the field ``item_key`` and called ``item_noun`` (``core.items``)."""
        return self.members or self.in_rows

    def from_sheet(self, text: str) -> Any:
        """A member sheet's cell text as the draft keeps it."""
        return self.sheet(text) if self.sheet is not None else self.parse(text.strip())


def _split(separators: str) -> Callable[[str], list[str]]:
    def split(text: str) -> list[str]:
        return [part.strip() for part in re.split(separators, text) if part.strip()]

    return split


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    # one line of text: a name, a phone number
    Kind("line", (str, bool), _line, in_schema=False),
    # an answer of several lines, printed in paragraphs
    Kind("text", (str,), _text, sheet=text_lines),
    # a list of text, one item a line
    Kind("list", (VALUES,), lambda d: f"列表：每行一项文本（{d.loop}，或用 pad 补足行数）",
         sheet=_split(r"[\n]"), sheet_hint="每行一项（单元格内换行）"),
    # check boxes: some of the field's options
    Kind("multi", (VALUES,), lambda d: "多选：" + " / ".join(d.options), sheet=_split(r"[、,，;；\n]"),
         sheet_hint="可多选，用“、”分隔：{options}", chosen=True, unordered=True),
    # one of the field's options
    Kind("choice", (str,), lambda d: "单选：" + " / ".join(d.options),
         sheet_hint="从以下选项中选一项：{options}", chosen=True),
    # free text, with the notice's list offered
    Kind("suggest", (str,), lambda d: "文本（可从建议中选：" + " / ".join(d.options) + "）"),
    # 万元 with two decimals
    Kind("money", (Decimal,), _amount, parse_amount, numeric=True, in_schema=False),
    # a share in %, two decimals; its unit is in its label (外资比例（%）)
    Kind("percent", (Decimal,), _amount, parse_amount, numeric=True, unit_shown=False, in_schema=False),
    # a whole number of 人, 家, 项
    Kind("count", (int,), _count, parse_count, numeric=True, in_schema=False),
    Kind("date", (date,), lambda d: "日期（印作 2019年5月6日）", parse_date, shown=shown_day,
         sheet_hint="日期，如 2019-05-06"),
    # a month (填报年月, 建设时间), kept as YYYY-MM
    Kind("year_month", (str,), lambda d: "年月（印作 2026年11月）", parse_year_month, printed_month, shown_month,
         sheet_day=month_text, sheet_hint="年月，如 2026-11"),
    # the year of a 近三年 amount (filled in, not typed)
    Kind("year", (int,), lambda d: "年份", parse_count, numeric=True),
    # 近三年: three years, one amount each
    Kind("years", (SECTIONS,), lambda d: f"近三年：3 项，每项含 {d.items}（可写 [0] [1] [2]，或{d.loop}）",
         numeric=True, per_year=True, least_items=3),
    # a list of small rows printed as one table (科研团队)
    Kind("table", (SECTIONS,), lambda d: f"表格：每行含 {d.items}（{d.loop}）", in_rows=True),
    # a list of sections, one table each (成员单位)
    Kind("group", (SECTIONS,), lambda d: f"列表：每项含 {d.items}（{d.loop}）", members=True),
    # a section of fields: a page, or a box of fields on one
    Kind("section", (SECTION,), lambda d: "分组", in_schema=False),
    # the files enclosed with the application (core.enclosures): bound after the documents, never printed in them
    Kind("enclosures", (RECORDS,), lambda d: "证明材料：所附文件的记录（不打印，装订在申报材料之后）"),
)}


def register(kind: Kind) -> Kind:
    """Add *kind* to the table (a name already there is refused: a kind means one thing everywhere)."""
    if kind.name in KINDS:
        raise ValueError(f"there is a field kind {kind.name!r} already")
    KINDS[kind.name] = kind
    return kind


def shape_of(info: FieldInfo) -> Any:
    """What a field is annotated with, as ``Kind.holds`` names it."""
    annotation = info.annotation
    sub = model_of(annotation)
    if sub is not None:
        return SECTIONS if is_list(annotation) else SECTION
    if is_list(annotation):
        return RECORDS if _holds_records(annotation) else VALUES
    return scalar_type(annotation) or str  # a Literal's options are text


def _holds_records(annotation: Any) -> bool:
    """Whether a list's items are records of a fixed shape (a ``TypedDict``)."""
    return is_typeddict(annotation) or any(_holds_records(arg) for arg in get_args(annotation))


def inferred_kind(info: FieldInfo) -> Kind:
    """The kind a field's type gives when it states none: options are a choice (a list of them check
    boxes), a list of text one item a line, an amount ``money``, an int a ``count``, a date a ``date``."""
    shape = shape_of(info)
    if shape == SECTION:
        return KINDS["section"]
    if shape == SECTIONS:
        return KINDS["group"]
    if shape == VALUES:
        return KINDS["multi" if field_options(info) else "list"]
    if field_options(info):
        return KINDS["choice"]
    return KINDS[_PLAIN.get(shape, "line")]


#: the kind of a field of a plain type that states none
_PLAIN: dict[Any, str] = {Decimal: "money", int: "count", date: "date"}

_FOUND: dict[int, tuple[FieldInfo, Kind]] = {}


def kind_of(info: FieldInfo) -> Kind:
    """The field's kind: the one it states (``kind=``, or its type's ``OfKind``), else the one its type gives.

    Asked of every field on every keystroke's checks, so it is worked out once per field.
    """
    hit = _FOUND.get(id(info))
    if hit is not None and hit[0] is info:
        return hit[1]
    stated = stated_kind(info)
    kind = KINDS[stated] if stated is not None else inferred_kind(info)
    _FOUND[id(info)] = (info, kind)
    return kind
