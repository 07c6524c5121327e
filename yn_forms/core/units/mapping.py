"""Which parts of a form describe a unit, and how a record goes into them and comes out.

The forms declare which of their fields hold which fact (``field(unit_key=...)``), so
reading a unit out of a draft and filling one in needs no code per form. Only
values a field accepts are moved: a mistyped 统一社会信用代码 is not carried into
the library, and a library value the field would refuse is passed over and said.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from yn_forms.core.datapath import get_at, set_at
from yn_forms.core.fields import field_options
from yn_forms.core.formdef import FormDefinition, is_list, model_of
from yn_forms.core.kinds import kind_of
from yn_forms.core.links import resolve
from yn_forms.core.problems import list_index, parent_pointer, split_pointer
from yn_forms.core.problems import pointer as make_pointer
from yn_forms.core.unit_keys import names_a_unit, unit_keys
from yn_forms.core.units.facts import (
    FACT_BY_KEY,
    Fact,
    Record,
    display,
    fact_value,
    is_empty,
    money_text,
)


@dataclass(frozen=True)
class UnitField:
    """A field of a unit section that holds a fact; *path* is relative to the section."""

    path: tuple[str, ...]
    keys: tuple[str, ...]
    info: FieldInfo

    @property
    def title(self) -> str:
        return self.info.title or self.path[-1]

    @property
    def fact(self) -> Fact:
        return FACT_BY_KEY[self.keys[0]]


def unit_fields(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[UnitField]:
    """The fields of *model* that hold facts, in printed order, nested sections (经济类型) included."""
    found: list[UnitField] = []
    for name, info in model.model_fields.items():
        keys = unit_keys(info)
        if keys:
            found.append(UnitField((*prefix, name), keys, info))
            continue
        sub = model_of(info.annotation)
        if sub is not None and not is_list(info.annotation):
            found += unit_fields(sub, (*prefix, name))
    return found


@dataclass(frozen=True)
class UnitSection:
    """A place in a form that describes one unit: ``/lead``, each ``/members/*``, each ``/joint_units/*``.

    A sibling section that holds facts but does not say which unit it is (消费名品's
    近3年经营状况 beside 申报企业基本情况) completes the one unit section beside it: its
    ``companions`` are read and filled together with it.
    """

    pattern: str  # JSON Pointer with * for “each item”
    title: str
    model: type[BaseModel]
    kind: str  # "section", "item" (one of a repeatable group) or "row" (a row of a table)
    companions: tuple[str, ...] = ()


def unit_sections(form: FormDefinition) -> list[UnitSection]:
    return _sections(form.model, "")


def _sections(model: type[BaseModel], base: str) -> list[UnitSection]:
    found: list[UnitSection] = []
    singles: list[tuple[str, FieldInfo, type[BaseModel]]] = []
    partial: list[str] = []
    for name, info in model.model_fields.items():
        sub = model_of(info.annotation)
        if sub is None:
            continue
        many = is_list(info.annotation)
        pointer = f"{base}/{name}" + ("/*" if many else "")
        if names_a_unit(sub):
            kind = ("row" if kind_of(info).in_rows else "item") if many else "section"
            found.append(UnitSection(pointer, info.title or name, sub, kind))
            if not many:
                singles.append((name, info, sub))
        elif not many and unit_fields(sub):
            partial.append(name)
        else:
            found += _sections(sub, pointer)
    if len(singles) == 1 and partial:
        lone = next(s for s in found if s.pattern == f"{base}/{singles[0][0]}")
        found[found.index(lone)] = UnitSection(lone.pattern, lone.title, lone.model, lone.kind, tuple(partial))
    return found


def _pattern(pointer: str) -> str:
    return make_pointer(["*" if list_index(p) is not None else p for p in split_pointer(pointer)])


def unit_section(form: FormDefinition, pointer: str) -> UnitSection | None:
    """The unit section at *pointer* (``/members/2``), or None when it does not describe a unit."""
    wanted = _pattern(pointer)
    return next((s for s in unit_sections(form) if s.pattern == wanted), None)


def _places(form: FormDefinition, pointer: str) -> Iterator[tuple[str, UnitField]]:
    """(pointer of the field, field) for every fact-holding field of the unit section at *pointer*."""
    section = unit_section(form, pointer)
    if section is None:
        raise ValueError(f"{pointer} is not a unit section of {form.id}")
    for f in unit_fields(section.model):
        yield pointer + make_pointer(f.path), f
    parent = parent_pointer(pointer)
    parent_model = form.model
    for part in split_pointer(parent):
        if list_index(part) is None:
            parent_model = model_of(parent_model.model_fields[part].annotation) or parent_model
    for companion in section.companions:
        sub = model_of(parent_model.model_fields[companion].annotation)
        for f in unit_fields(sub) if sub is not None else []:
            yield f"{parent}/{companion}/" + "/".join(f.path), f


_ADAPTERS: dict[int, tuple[FieldInfo, TypeAdapter[Any]]] = {}


def _adapter(info: FieldInfo) -> TypeAdapter[Any]:
    """The field's own type with its own checks (the metadata pydantic lifted off ``Annotated``)."""
    cached = _ADAPTERS.get(id(info))
    if cached is None or cached[0] is not info:
        annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        cached = (info, TypeAdapter(annotation))
        _ADAPTERS[id(info)] = cached
    return cached[1]


def _accepts(info: FieldInfo, value: Any) -> tuple[bool, Any, str]:
    """Whether the field takes *value*: (ok, the value as the draft keeps it, why not)."""
    adapter = _adapter(info)
    try:
        parsed = adapter.validate_python(value)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        msg = str(error.get("msg", ""))
        return False, None, msg if any("\u4e00" <= c <= "\u9fff" for c in msg) else "不符合本表的要求"
    return True, adapter.dump_python(parsed, mode="json"), ""


def _years_of(value: Any) -> dict[str, str]:
    years: dict[str, str] = {}
    for item in value if isinstance(value, list) else []:
        if not isinstance(item, dict) or is_empty(item.get("year")) or is_empty(item.get("value")):
            continue
        try:
            years[str(int(item["year"]))] = money_text(item["value"])
        except (InvalidOperation, ValueError, TypeError):
            continue
    return years


def _read_field(f: UnitField, value: Any) -> Any:
    """A form's value of *f* as the library keeps its fact (raises ValueError when it cannot be)."""
    if f.fact.per_year:
        return _years_of(value)
    ok, value, why = _accepts(f.info, value)
    if not ok:
        raise ValueError(why)
    if is_empty(value):
        return None
    return fact_value(f.fact, value)


@dataclass
class Extraction:
    record: Record
    skipped: list[tuple[str, str]]  # (field title, why) of values that were not taken


def read_unit(form: FormDefinition, data: dict[str, Any], pointer: str) -> Extraction:
    """The record of the unit at *pointer*, and the fields left out because their values are wrong.

    Only values the form itself accepts are taken: a mistyped 统一社会信用代码 is not
    carried into the library and from there into the next form. A field left empty because
    it repeats a fact typed elsewhere (表2's 单位名称 following the cover) gives that value.
    """
    data = resolve(form, data).data
    record: Record = {}
    skipped: list[tuple[str, str]] = []
    for where, f in _places(form, pointer):
        value = get_at(data, where)
        if is_empty(value):
            continue
        try:
            kept = _read_field(f, value)
        except ValueError as exc:
            skipped.append((f.title, str(exc)))
            continue
        if is_empty(kept):
            continue
        key = f.keys[0]
        if FACT_BY_KEY[key].per_year and key in record:
            record[key] = {**record[key], **kept}
        else:
            record.setdefault(key, kept)
    return Extraction(record, skipped)


def extract_unit(form: FormDefinition, data: dict[str, Any], pointer: str) -> Record:
    """The library record of the unit section at *pointer* (values the form rejects are left out)."""
    return read_unit(form, data, pointer).record


@dataclass(frozen=True)
class FieldChange:
    """One field a fill would change: where, its label, the value now and the value filled in."""

    pointer: str
    title: str
    old: Any
    new: Any


@dataclass
class FillPlan:
    changes: list[FieldChange]
    skipped: list[tuple[str, str]]  # (field title, why) of facts the field would not take

    @property
    def overwrites(self) -> list[FieldChange]:
        """The changes that replace something already typed (the wizard asks before those)."""
        return [c for c in self.changes if not _blank(c.old)]


def _blank(value: Any) -> bool:
    if isinstance(value, list) and value and all(isinstance(i, dict) and "year" in i for i in value):
        return all(is_empty(i.get("value")) for i in value)
    return is_empty(value)


def _form_value(f: UnitField, key: str, stored: Any, current: Any) -> Any:
    """What the form's field would hold for *stored* of *key* (before the field's own check)."""
    kind = FACT_BY_KEY[key].kind
    if FACT_BY_KEY[key].per_year:
        items = [dict(i) if isinstance(i, dict) else i for i in (current if isinstance(current, list) else [])]
        for item in items:
            if isinstance(item, dict) and str(item.get("year")) in stored:
                item["value"] = stored[str(item["year"])]
        return items
    annotation_is_list = is_list(f.info.annotation)
    if kind == "multi":
        options = field_options(f.info) or None
        chosen = [v for v in stored if options is None or v in options]
        return chosen if annotation_is_list else (chosen[0] if chosen else None)
    if annotation_is_list:
        return [line for line in str(stored).split("\n") if line.strip()]
    return stored


def _same(f: UnitField, old: Any, new: Any) -> bool:
    try:
        return _read_field(f, old) == _read_field(f, new)
    except ValueError:
        return False


def plan_fill(form: FormDefinition, data: dict[str, Any], pointer: str, record: Record) -> FillPlan:
    """Which fields of the unit section at *pointer* filling *record* would change, field by field.

    Only facts the record has are written: a fact it lacks never clears a field. A fact
    the field would refuse (a mobile number for a 固定电话, an option the form does not
    print) is passed over and listed in ``skipped``; a field with fallbacks tries them
    in order.
    """
    changes: list[FieldChange] = []
    skipped: list[tuple[str, str]] = []
    for where, f in _places(form, pointer):
        current = get_at(data, where)
        reasons: list[str] = []
        for key in f.keys:
            stored = record.get(key)
            if is_empty(stored):
                continue
            candidate = _form_value(f, key, stored, current)
            ok, value, why = _accepts(f.info, candidate)
            if not ok:
                shown = display(FACT_BY_KEY[key], stored)
                shown = shown if len(shown) <= 40 else shown[:40] + "…"  # a reason, not the whole text
                reasons.append(f"库中的“{FACT_BY_KEY[key].label}”{shown}：{why}")
                continue
            if FACT_BY_KEY[key].kind == "multi" and not value and stored:
                reasons.append(f"库中的“{FACT_BY_KEY[key].label}”不是本表的选项")
                continue
            if FACT_BY_KEY[key].per_year:
                value = candidate  # keep the draft's own shape of the list; only the amounts change
            if not _same(f, current, value) or (is_empty(current) and not is_empty(value)):
                changes.append(FieldChange(where, f.title, current, value))
            reasons = []
            break
        if reasons:
            skipped.append((f.title, "；".join(reasons)))
    return FillPlan(changes, skipped)


def apply_unit(form: FormDefinition, data: dict[str, Any], pointer: str, record: Record) -> list[str]:
    """Fill the unit section at *pointer* of *data* from *record*; the pointers of the fields changed."""
    plan = plan_fill(form, data, pointer, record)
    for change in plan.changes:
        set_at(data, change.pointer, change.new)
    return [c.pointer for c in plan.changes]

