"""JSON Schema of a form: pydantic's schema plus what a complete application requires.

Drafts may be partial, so the model itself accepts missing values; the published
schema states which fields an application must have (``required``), with every
field's ``title`` the label printed on the official form.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from yn_forms.core.formdef import FormDefinition, model_of
from yn_forms.core.kinds import kind_of


def _mark_required(node: Any) -> None:
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            required = [name for name, prop in props.items()
                        if isinstance(prop, dict) and prop.get("x-required")
                        and not prop.get("x-other_of")]
            if required:
                node["required"] = required
        for value in node.values():
            _mark_required(value)
    elif isinstance(node, list):
        for value in node:
            _mark_required(value)


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [node["$ref"]] if isinstance(node.get("$ref"), str) else [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def _state_kinds(model: type[BaseModel], node: dict[str, Any], schema: dict[str, Any], done: set[str]) -> None:
    """``x-kind`` on every field whose kind its JSON type does not say (``Kind.in_schema``), also where the
    kind follows from the field's type rather than a ``kind=``: a ``YearMonth`` is a ``year_month``."""
    properties = node.get("properties", {})
    for name, info in model.model_fields.items():
        prop = properties.get(name)
        if not isinstance(prop, dict):
            continue
        kind = kind_of(info)
        if kind.in_schema and "x-kind" not in prop:
            prop["x-kind"] = kind.name
            ordered = dict(sorted(prop.items()))  # in the order pydantic writes a field's keys
            prop.clear()
            prop.update(ordered)
        sub = model_of(info.annotation)
        refs = _refs(prop)
        if sub is not None and refs and refs[0] not in done:
            done.add(refs[0])
            target = schema["$defs"][refs[0].rsplit("/", 1)[-1]]
            _state_kinds(sub, target, schema, done)


def form_schema(form: FormDefinition) -> dict[str, Any]:
    schema = form.model.model_json_schema()
    _state_kinds(form.model, schema, schema, set())
    _mark_required(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"yn-forms:{form.id}:v{form.schema_version}"
    schema["title"] = form.name
    schema["x-form-id"] = form.id
    schema["x-schema-version"] = form.schema_version
    return schema
