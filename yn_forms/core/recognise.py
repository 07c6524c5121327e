"""Which form a bare JSON application belongs to, read from its content.

A draft file names its form; a bare JSON object (what ``yn-forms example`` writes, or a
department's export) does not. Its sections and their fields are the form's own words
(``cover.centre_name`` only the 创新中心 has), so the form is recognised when exactly
one registered form has every section and field the data uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yn_forms.core.enclosures import FIELD as ENCLOSURES
from yn_forms.core.formdef import FormDefinition, model_of


def fits(form: FormDefinition, data: dict[str, Any]) -> bool:
    """Whether every section of *data*, and every field of a section that is an object, is *form*'s."""
    fields = form.model.model_fields
    for key, value in data.items():
        if key not in fields:
            return False
        section = model_of(fields[key].annotation)
        if section is not None and isinstance(value, dict) and any(k not in section.model_fields for k in value):
            return False
    return True


def recognise(data: Any, forms: Mapping[str, FormDefinition]) -> FormDefinition | None:
    """The one form *data* fits, or None (it fits none, or several: a bare cover is ambiguous)."""
    if not isinstance(data, dict) or not data:
        return None
    found = [form for form in forms.values() if fits(form, data)]
    return found[0] if len(found) == 1 else None


def foreign_reason(form: FormDefinition, data: dict[str, Any], forms: Mapping[str, FormDefinition]) -> str | None:
    """Why a bare JSON object is not an application of *form*, or None when it is one.

    Without this, another form's data would be judged as an empty application with a list
    of missing fields — a clerk or a department would rather be told whose it is. An
    application with an extra key of its own (notes a clerk added) still counts: its
    unknown fields become warnings, as in the wizard.
    """
    if not data:
        return "文件中没有任何申报内容"
    if all(key in form.model.model_fields for key in data):
        return None
    other = next((f for f in forms.values() if f.id != form.id and fits(f, data)), None)
    if other is not None:
        return f"这是“{other.name}”的申报数据，不是“{form.name}”的"
    if not any(key in form.model.model_fields and key != ENCLOSURES for key in data):  # every form has 证明材料
        return f"文件中没有“{form.name}”的任何栏目，不是这种申报的数据"
    return None
