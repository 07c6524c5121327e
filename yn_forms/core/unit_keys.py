"""Which facts of the 单位信息库 a form's field holds, and whether a section says which unit it is.

Read from the form's declaration alone (``field(unit_key=...)``), apart from the library
(``core.units``, its SQLite file and the reading and filling of records): a page asks whether it
gets the 单位库 bar when it is built, and pays for the library only when the clerk uses the bar.
"""

from __future__ import annotations

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from yn_forms.core.fields import field_meta

IDENTITY_KEYS = ("name", "credit_code")


def unit_keys(info: FieldInfo) -> tuple[str, ...]:
    """The facts a field holds, first the one it is saved as, then fallbacks to fill it from."""
    keys = field_meta(info).get("unit_key")
    if keys is None:
        return ()
    return (keys,) if isinstance(keys, str) else tuple(keys)


def names_a_unit(model: type[BaseModel]) -> bool:
    """A unit section: one that says which unit it is (its 单位名称 or 统一社会信用代码)."""
    return any((keys := unit_keys(info)) and keys[0] in IDENTITY_KEYS for info in model.model_fields.values())
