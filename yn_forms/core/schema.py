"""JSON Schema of a form: pydantic's schema plus what a complete application requires.

Drafts may be partial, so the model itself accepts missing values; the published
schema states which fields an application must have (``required``), with every
field's ``title`` the label printed on the official form.
"""

from __future__ import annotations

from typing import Any

from yn_forms.core.formdef import FormDefinition


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


def form_schema(form: FormDefinition) -> dict[str, Any]:
    schema = form.model.model_json_schema()
    _mark_required(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"yn-forms:{form.id}:v{form.schema_version}"
    schema["title"] = form.name
    schema["x-form-id"] = form.id
    schema["x-schema-version"] = form.schema_version
    return schema
