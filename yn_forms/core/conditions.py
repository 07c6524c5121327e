"""Fields that apply only to one kind of application (``field(shown_when=…)``).

A 区域品牌 is declared by a 人民政府, an 企业品牌 by a company: the two ask for
different sections. Data of the kind not chosen stays in the draft (switching back
loses nothing) but is not asked for, not validated and not counted as missing.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from yn_forms.core.datapath import get_at
from yn_forms.core.fields import field_meta
from yn_forms.core.formdef import is_list, model_of


def applies(meta: dict[str, Any], data: Any) -> bool:
    """Whether a field with this metadata applies to *data* (the whole draft)."""
    condition = meta.get("shown_when")
    if not condition:
        return True
    return all(get_at(data, pointer) == value for pointer, value in condition.items())


def hidden_pointers(model: type[BaseModel], data: Any, base: str = "") -> list[str]:
    """JSON Pointers of the fields that do not apply to *data*; conditions inside list items are not supported."""
    if not _conditional(model):  # most forms have none: the 州市 desk asks this of every application
        return []
    hidden: list[str] = []
    for name, info in model.model_fields.items():
        pointer = f"{base}/{name}"
        if not applies(field_meta(info), data):
            hidden.append(pointer)
            continue
        sub = model_of(info.annotation)
        if sub is not None and not is_list(info.annotation):
            hidden += hidden_pointers(sub, data, pointer)
    return hidden


@lru_cache(maxsize=256)
def _conditional(model: type[BaseModel]) -> bool:
    """Whether any field of *model*, or of a section inside it (not of list items), says ``shown_when``."""
    for info in model.model_fields.values():
        if field_meta(info).get("shown_when"):
            return True
        sub = model_of(info.annotation)
        if sub is not None and not is_list(info.annotation) and _conditional(sub):
            return True
    return False


def is_hidden(path: str, hidden: list[str]) -> bool:
    return any(path == h or path.startswith(h + "/") for h in hidden)


def title_of(form: Any, data: Any) -> str:
    """The application's name: its first filled title field among those that apply. A 区域品牌 keeps the
    企业品牌's section it was switched from (switching back loses nothing), and its name must not be the
    hidden brand's."""
    if not isinstance(data, dict):
        return ""
    hidden = hidden_pointers(form.model, data)
    for pointer in form.title_fields:
        value = get_at(data, pointer)
        if isinstance(value, str) and value.strip() and not is_hidden(pointer, hidden):
            return value.strip()
    return ""
