"""The form contract, checked when a form is registered.

A form is a declaration every layer reads, so a mistake in it (a misspelt ``kind``, a kind its
type cannot hold, a rule about a field that was renamed, a link to a place that does not exist) used to
surface as a blank input, a rule that silently never fired, or a wrong guess about
which field names a member unit. Registering a form now checks its declaration and
refuses it with a message naming the form and the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from yn_forms.core.enclosures import FIELD as ENCLOSURES
from yn_forms.core.fields import field_options, scalar_type, type_kind
from yn_forms.core.formdef import FieldNode, FormDefinition, is_list, model_of, node_at, walk_fields
from yn_forms.core.kinds import KINDS, RECORDS, SECTION, SECTIONS, VALUES, kind_of, shape_of
from yn_forms.core.problems import pointer as make_pointer


class FormContractError(Exception):
    """A form's declaration breaks the contract; the message names the form and the field."""


def _where(form: FormDefinition, node: FieldNode) -> str:
    return f"form {form.id!r}, field {'.'.join(node.path)} ({node.title})"


def _is_sections(node: FieldNode) -> bool:
    return is_list(node.annotation) and model_of(node.annotation) is not None


def _is_text_list(node: FieldNode) -> bool:
    return is_list(node.annotation) and model_of(node.annotation) is None and scalar_type(node.annotation) is str


def _is_text_field(model: type[BaseModel], name: str) -> bool:
    info = model.model_fields.get(name)
    return info is not None and scalar_type(info.annotation) is str and not is_list(info.annotation)


def check_form(form: FormDefinition) -> None:
    """Raise ``FormContractError`` for the first thing in *form*'s declaration that cannot work."""
    problems = list(contract_problems(form))
    if problems:
        raise FormContractError("; ".join(problems))


def contract_problems(form: FormDefinition) -> Iterable[str]:
    model = form.model
    for node in walk_fields(model):
        meta = node.meta
        where = _where(form, node)
        yield from _kind_problems(node, where)
        yield from _link_problems(form, node, where)
        for pointer in (meta.get("shown_when") or {}):
            if node_at(model, pointer) is None:
                yield f"{where}: shown_when names {pointer!r}, which is not a field"
        other = meta.get("other_of")
        if other and other not in _siblings(model, node):
            yield f"{where}: other_of names {other!r}, which is not a field beside it"
    for rule in form.rules:
        for pointer in (*rule.fields, *rule.needs):
            if node_at(model, pointer) is None:
                yield f"form {form.id!r}, rule {rule.id}: field {pointer!r} does not exist"
    if form.lead_unit is not None and node_at(model, form.lead_unit) is None:
        yield f"form {form.id!r}: lead_unit {form.lead_unit!r} is not a field"
    for pointer in form.title_fields:
        if node_at(model, pointer) is None:
            yield f"form {form.id!r}: title field {pointer!r} is not a field"
    yield from _enclosure_problems(form)
    if form.summary is not None:
        for column in form.summary.columns:
            for dotted in column.prints:
                if node_at(model, "/" + dotted.replace(".", "/").replace("[*]", "/0")) is None:
                    yield f"form {form.id!r}, summary column {column.header}: {dotted!r} is not a field"


#: how a refusal names what a field is annotated with
_SHAPES: dict[object, str] = {str: "text", bool: "yes or no", int: "a whole number", Decimal: "a number",
                              date: "a date", SECTION: "a section", SECTIONS: "a list of sections",
                              VALUES: "a list of values", RECORDS: "a list of records"}


def _kind_problems(node: FieldNode, where: str) -> Iterable[str]:
    """The field's kind is one of the table's and goes with its type; a list of sections says which it is."""
    declared, by_type = node.meta.get("kind"), type_kind(node.info)
    for name in (declared, by_type):
        if name is not None and name not in KINDS:
            yield f"{where}: unknown kind {name!r} (known: {', '.join(sorted(KINDS))})"
            return
    if declared is not None and by_type is not None and declared != by_type:
        yield f"{where}: declares kind {declared!r}, but its type is of kind {by_type!r}"
        return
    kind, shape = kind_of(node.info), shape_of(node.info)
    if shape not in kind.holds:
        needs = " or ".join(_SHAPES.get(h, str(h)) for h in kind.holds)
        yield f"{where}: kind {kind.name!r} needs {needs}, not {_SHAPES.get(shape, str(shape))}"
        return
    if kind.chosen and not field_options(node.info):
        yield f"{where}: kind {kind.name!r} needs options (a Literal type or options=)"
    if shape == SECTIONS and not kind.per_year:  # 近三年 is three fixed rows, not items a clerk names
        item = model_of(node.annotation)
        assert item is not None
        if declared is None and by_type is None:
            names = [k.name for k in KINDS.values() if SECTIONS in k.holds]
            listed = ", ".join(map(repr, names[:-1])) + f" or {names[-1]!r}"
            yield f"{where}: a list of sections must be kind {listed}, not None"
        key = node.meta.get("item_key")
        if not key:
            yield f"{where}: a list of sections must declare item_key (the field naming an item)"
        elif not _is_text_field(item, key):
            yield f"{where}: item_key {key!r} is not a text field of {item.__name__}"
        if not node.meta.get("item_noun"):
            yield f"{where}: a list of sections must declare item_noun (what one item is called)"


_KEY = re.compile(r"[a-z][a-z0-9_]*")


def _enclosure_problems(form: FormDefinition) -> Iterable[str]:
    """Each declared 证明材料 has a key of its own, its title and clause, and says what a suggested one
    proves; a form that declares any keeps them in a field ``enclosures`` of that kind."""
    enclosures = form.submission.enclosures if form.submission is not None else ()
    keys = [e.key for e in enclosures]
    for enclosure in enclosures:
        where = f"form {form.id!r}, enclosure {enclosure.key!r}"
        if not _KEY.fullmatch(enclosure.key):
            yield f"{where}: a key is a lower-case ASCII identifier (it is kept in drafts)"
        if keys.count(enclosure.key) > 1:
            yield f"{where}: two enclosures have this key"
        if not enclosure.title.strip() or not enclosure.clause.strip():
            yield f"{where}: an enclosure needs its title and the notice's clause"
        if not enclosure.required and not enclosure.proves.strip():
            yield f"{where}: a suggested enclosure says what it proves"
        for pointer, _value in enclosure.shown_when:
            if node_at(form.model, pointer) is None:
                yield f"{where}: shown_when names {pointer!r}, which is not a field"
    info = form.model.model_fields.get(ENCLOSURES)
    if info is not None and kind_of(info).name != ENCLOSURES:
        yield f"form {form.id!r}: field {ENCLOSURES!r} is of kind {kind_of(info).name!r}, not {ENCLOSURES!r}"
    elif info is None and enclosures:
        yield f"form {form.id!r}: declares enclosures, but its model has no field {ENCLOSURES!r} to keep them"


def _siblings(model: type[BaseModel], node: FieldNode) -> set[str]:
    parent = model
    for part in node.path[:-1]:
        if part == "*":
            continue
        found = model_of(parent.model_fields[part].annotation)
        if found is None:
            return set()
        parent = found
    return set(parent.model_fields)


def _link_problems(form: FormDefinition, node: FieldNode, where: str) -> Iterable[str]:
    model, meta = form.model, node.meta
    same = meta.get("same_as")
    if same:
        target = node_at(model, same)
        if "*" in node.path:
            yield f"{where}: same_as is for a field in one place; a field of every list item cannot be one fact"
        if target is None:
            yield f"{where}: same_as names {same!r}, which is not a field"
        elif make_pointer(node.path) == same:
            yield f"{where}: same_as names the field itself"
        elif scalar_type(target.annotation) is not scalar_type(node.annotation) or \
                is_list(target.annotation) != is_list(node.annotation):
            yield f"{where}: same_as {same!r} holds another type of value"
    for key in ("names_of", "choices_from"):
        source = meta.get(key)
        if not source:
            continue
        target = node_at(model, source)
        if target is None or not _is_sections(target) or make_pointer(target.path) != source:
            yield f"{where}: {key} names {source!r}, which is not a list of sections"
        elif not target.meta.get("item_key"):
            yield f"{where}: {key} names {source!r}, whose items declare no item_key"
    completes = meta.get("completes_from")
    if completes and not ((target := node_at(model, completes)) is not None and _is_text_list(target)
                          and make_pointer(target.path) == completes):
        yield f"{where}: completes_from names {completes!r}, which is not a list of text"
    if meta.get("names_of") and not (is_list(node.annotation) and scalar_type(node.annotation) is str):
        yield f"{where}: names_of needs a list of text"


def register(*forms: FormDefinition) -> dict[str, FormDefinition]:
    """The registry of *forms* by id, each checked; a duplicate id is an error too."""
    registry: dict[str, FormDefinition] = {}
    for form in forms:
        if form.id in registry:
            raise FormContractError(f"two forms have the id {form.id!r}")
        check_form(form)
        registry[form.id] = form
    return registry
