"""What a round trip through the Word attachments must give back, derived from the template contract."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from pydantic import BaseModel

from yn_forms.core.datapath import get_at
from yn_forms.core.formdef import FormDefinition, is_list, model_of, walk_fields
from yn_forms.core.kinds import kind_of
from yn_forms.core.links import resolve
from yn_forms.core.problems import pointer
from yn_forms.core.text import paragraphs
from yn_forms.core.validation import lenient_model
from yn_forms.render.contract import check_templates, unprinted_fields
from yn_forms.render.templates import document_templates


def unprinted(form: FormDefinition) -> set[str]:
    """Dotted paths of the fields no Word attachment of *form* prints (the 汇总表 and checklists only)."""
    return set(_unprinted(form.id))


@cache
def _unprinted(form_id: str) -> frozenset[str]:
    """Read from the built-in templates once a run: every round trip compares against it."""
    from yn_forms.forms import get_form

    form = get_form(form_id)
    report = check_templates(form, [s.path for s in document_templates(form)], summary=False)
    checklist = {".".join(f.path) for f in walk_fields(form.model) if f.meta.get("printed") is False}
    return frozenset(unprinted_fields(form, report)) | checklist


@cache
def _fields(model: type[BaseModel]) -> dict[tuple[str, ...], Any]:
    """Every field of *model* by its path (the first of a path, as a walk meets them): a property test
    looks up each printed value's field, thousands a round trip."""
    found: dict[tuple[str, ...], Any] = {}
    for node in walk_fields(model):
        found.setdefault(node.path, node)
    return found


def _shown(form: FormDefinition, data: Any, ptr: str) -> bool:
    """False inside a section that does not apply (``shown_when``): its template branch is not printed."""
    parts = ptr.strip("/").split("/")
    for n in range(1, len(parts) + 1):
        path = tuple("*" if p.isdigit() else p for p in parts[:n])
        node = _fields(form.model).get(path)
        for when, value in ((node.meta.get("shown_when") or {}) if node else {}).items():
            if get_at(data, when) != value:
                return False
    return True


def _plain(value: Any, node: Any) -> Any:
    """A value as paper can carry it: texts by their printed paragraphs, amounts by their number,
    check boxes as a set (they print in the options' order, not the order clicked)."""
    if isinstance(value, str):
        try:
            return Decimal(value) if value.strip() and node is not None and "Decimal" in repr(node.annotation) else \
                "\n".join(paragraphs(value))
        except InvalidOperation:
            return "\n".join(paragraphs(value))
    if isinstance(value, list) and node is not None and kind_of(node.info).unordered:
        return frozenset(value)
    if isinstance(value, list) and node is not None and model_of(node.annotation) is None and is_list(node.annotation):
        return [v for v in ("\n".join(paragraphs(str(x))) for x in value) if v]
    return value


def printed_values(form: FormDefinition, data: dict[str, Any]) -> dict[str, Any]:
    """Every printed leaf of *data*'s effective values (links resolved, model-typed), by pointer."""
    skip = unprinted(form)
    model = lenient_model(form, resolve(form, data).data)[0].model_dump(mode="json")
    out: dict[str, Any] = {}

    def walk(value: Any, parts: tuple[Any, ...]) -> None:
        pattern = tuple("*" if isinstance(p, int) else p for p in parts)
        node = _fields(form.model).get(pattern) if parts else None
        if any(".".join(pattern[:n]) in skip for n in range(1, len(pattern) + 1)):
            return
        leaf_list = node is not None and model_of(node.annotation) is None
        if isinstance(value, dict) and not leaf_list:
            for k, v in value.items():
                walk(v, (*parts, k))
        elif isinstance(value, list) and not leaf_list:
            for i, v in enumerate(value):
                walk(v, (*parts, i))
        else:
            ptr = pointer(parts)
            if _shown(form, data, ptr):
                out[ptr] = _plain(value, node)

    walk(model, ())
    return out


def differences(form: FormDefinition, before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    a, b = printed_values(form, before), printed_values(form, after)
    return [(p, a.get(p), b.get(p)) for p in sorted(set(a) | set(b)) if a.get(p) != b.get(p)]
