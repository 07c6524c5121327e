"""What a form is: one declaration that the CLI, the wizard and the renderer all read.

Adding a form means writing its model (sections of ``field()``s), its rules, its
example and naming its documents here — no GUI or CLI code of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from yn_forms.core.fields import field_meta, field_options
from yn_forms.core.problems import list_index, split_pointer
from yn_forms.core.rules import RuleSet


@dataclass(frozen=True)
class Document:
    """One official attachment produced from a template in ``templates/<form-id>/``."""

    template: str  # file name of the template
    output: str  # file name written for the user, after the attachment
    title: str


@dataclass(frozen=True)
class SummaryColumn:
    """One column of a 汇总表: the field whose value it prints, named once by its dotted path, or a
    cell worked out from several fields.

    ``SummaryColumn("案例名称", "cover.case_name")``; through a list the items' values are joined
    with 、 (``"joint_units.name"``). A computed cell — the 成员单位 after the lead one, a field of
    the section the 申报类型 chose — gives *compute* and the fields it reads in *reads*, which
    the form contract checks and the template contract counts as printed.
    """

    header: str
    path: str = ""
    compute: Callable[[Any], Any] | None = None  # model -> cell text
    reads: tuple[str, ...] = ()  # with *compute*: the dotted field paths it prints

    def __post_init__(self) -> None:
        if bool(self.path) == (self.compute is not None):
            raise ValueError(f"summary column {self.header}: give a field path or compute, one of the two")
        if self.compute is not None and not self.reads:
            raise ValueError(f"summary column {self.header}: a computed column names the fields it reads")

    @property
    def prints(self) -> tuple[str, ...]:
        """The dotted field paths the column prints, for the form and template contracts."""
        return (self.path,) if self.path else self.reads

    def value(self, model: Any) -> Any:
        """The cell of *model*'s row."""
        return self.compute(model) if self.compute is not None else dotted_value(model, self.path)


def dotted_value(model: Any, dotted: str) -> Any:
    """What a 汇总表 cell prints of the field at *dotted* (``cover.case_name``) in *model*: an unfilled
    value empty, a list's values (``joint_units.name``: each item's) joined with 、, empty ones left out."""
    return _cell(model, tuple(dotted.split(".")))


def _cell(value: Any, names: tuple[str, ...]) -> Any:
    if isinstance(value, list):
        return "、".join(str(v) for v in (_cell(item, names) for item in value) if v)
    if not names:
        return "" if value is None else value
    return _cell(getattr(value, names[0]), names[1:])


@dataclass(frozen=True)
class SummaryPart:
    """Another form's applications listed in the same 汇总表, on a sheet of their own.

    The 消费名品 notice sends one 方阵推荐汇总表 for 消费名品 and “数字三品” cases alike;
    a case has other facts (案例名称, 应用场景方向), so it gets its own columns.
    """

    form_id: str
    sheet: str  # the worksheet of the template holding this part
    columns: tuple[SummaryColumn, ...]


@dataclass(frozen=True)
class Summary:
    """The 汇总表 a 州市 department fills from many applications (``yn-forms summary``)."""

    template: str
    output: str
    columns: tuple[SummaryColumn, ...]
    parts: tuple[SummaryPart, ...] = ()  # other forms listed in it, each on its own sheet

    def part(self, form_id: str) -> SummaryPart | None:
        return next((p for p in self.parts if p.form_id == form_id), None)


@dataclass(frozen=True)
class Enclosure:
    """One 证明材料 the notice asks to be handed in with the documents, or one the app suggests.

    The clerk attaches files to it (``core.enclosures``: the draft's ``/enclosures`` records name
    it by ``key``); the bound pack lists it under ``title`` after the documents, in declaration order.
    ``required`` items the notice names; a suggested one (``required=False``) says in ``proves``
    which of the notice's conditions it would prove. ``scan``: what is wanted is a copy signed and
    stamped on paper, scanned (the 组建协议). ``shown_when`` ({JSON Pointer: value}), as a field's:
    the item belongs to one kind of application only (企业品牌).
    """

    key: str  # stable ASCII id, kept in the draft's records
    title: str  # as the 目录 and the wizard name it, in the notice's words
    clause: str  # the notice's title and clause, as the rules cite them
    required: bool = False
    proves: str = ""  # what it proves: the condition, in the notice's words
    scan: bool = False
    shown_when: tuple[tuple[str, str], ...] = ()

    @property
    def listed(self) -> str:
        """Its line in the 打印清单's binding order: a suggested item says it is one."""
        return self.title if self.required else f"{self.title}（建议提供）"


@dataclass(frozen=True)
class Submission:
    """How the notice wants the paper handed in: what the print pack page tells the clerk."""

    how: str  # the notice's own words on submitting
    clause: str
    copies: int | None = None  # None: the notice names no number of copies
    enclosures: tuple[Enclosure, ...] = ()  # bound after the documents, in this order


@dataclass
class FormDefinition:
    id: str
    name: str  # 中文名称, printed by ``yn-forms list``
    department: str  # the issuing department
    description: str
    model: type[BaseModel]
    documents: tuple[Document, ...]
    rules: RuleSet
    example: Callable[[], dict[str, Any]]
    schema_version: int = 1
    # schema_version N -> function turning data of version N into version N+1
    migrations: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = field(default_factory=dict)
    summary: Summary | None = None
    # values a template needs that are derived from the data (e.g. the 近三年 years)
    derived: Callable[[Any], dict[str, Any]] | None = None
    submission: Submission | None = None
    # the field naming the lead unit (the sender of a member's data packet), where the form has one
    lead_unit: str | None = None
    # the fields that name the application, first filled wins: a new draft's file is named after it
    title_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldNode:
    """A field found by walking a model class: where it is and what it declares."""

    path: tuple[str, ...]  # names; "*" marks “each item of a list”
    info: FieldInfo
    annotation: Any

    @property
    def meta(self) -> dict[str, Any]:
        return field_meta(self.info)

    @property
    def title(self) -> str:
        return self.info.title or self.path[-1]


def options_of(node: FieldNode) -> list[str]:
    """The printed options of the field at *node* (``core.fields.field_options``): the wizard's inputs and
    the template contract offer and check the same spelling."""
    return field_options(node.info)


def model_of(annotation: Any) -> type[BaseModel] | None:
    """The model class inside ``Model``, ``list[Model]`` or ``Model | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = model_of(arg)
        if found is not None:
            return found
    return None


def is_list(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return True
    return any(is_list(a) for a in get_args(annotation) if get_origin(a) is not None)


def walk_fields(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> Iterator[FieldNode]:
    """Every field of *model*, depth first in declaration (= printed) order."""
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        yield FieldNode(path, info, info.annotation)
        sub = model_of(info.annotation)
        if sub is not None:
            inner = (*path, "*") if is_list(info.annotation) else path
            yield from walk_fields(sub, inner)


def pattern_of(pointer: str) -> tuple[str, ...]:
    """A pointer as a model path: list indexes become ``*`` (``/members/2/name`` → members, *, name)."""
    return tuple("*" if list_index(part) is not None else part for part in split_pointer(pointer))


def node_at(model: type[BaseModel], pointer: str) -> FieldNode | None:
    """The field a data pointer addresses (any list index standing for “each item”), or None."""
    return _node_at(model, pattern_of(pointer))


@lru_cache(maxsize=4096)
def _node_at(model: type[BaseModel], path: tuple[str, ...]) -> FieldNode | None:
    current: type[BaseModel] | None = model
    node: FieldNode | None = None
    done: list[str] = []
    rest = list(path)
    while rest:
        name = rest.pop(0)
        if current is None or name not in current.model_fields:
            return None
        info = current.model_fields[name]
        done.append(name)
        node = FieldNode(tuple(done), info, info.annotation)
        current = model_of(info.annotation)
        if is_list(info.annotation) and rest:
            if rest.pop(0) != "*":
                return None
            done.append("*")
            if not rest:
                return node  # one item of the list: the list's node speaks for it
    return node
