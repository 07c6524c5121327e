"""单位信息库: the facts about a unit, typed once and filled into every form that asks.

A clerk describes the same companies again and again — as 牵头单位 of an innovation
centre, as a 成员单位 of a consortium, as the applicant of a 消费名品 or a 数字三品
case. The library keeps one canonical record per unit (a plain mapping of the keys
in ``FACTS``) in a local SQLite file in the user data folder, and the forms declare
which of their fields hold which fact (``field(unit_key=...)``), so filling and
saving need no code per form. One job a module:

- ``facts``: the catalogue of facts, and how values are checked, compared and merged;
- ``library``: the SQLite file — ``UnitLibrary`` stores records, shows what an update
  would change before it is written (``plan``), searches and deletes;
- ``sheet``: the Excel layout the library is exported to and imported from;
- ``mapping``: the forms — ``extract_unit`` reads a unit section into a record,
  ``plan_fill`` / ``apply_unit`` write a record into one (only the fields that map
  and fit; a fact the record lacks never clears a field);
- ``drafts``: which of the clerk's drafts name a unit.

Identity. A unit is known by its 统一社会信用代码 when it has one. The tables of the
innovation centre do not ask for the code, so a unit may also be stored and found
by its exact name (full-width and half-width brackets and spaces aside); a name is
therefore unique in the library too. When a unit first saved by name is saved
again with its code, the code is added to the same record.

Everything public is importable from here: ``from yn_forms.core.units import UnitLibrary``.
"""

from __future__ import annotations

from yn_forms.core.unit_keys import IDENTITY_KEYS
from yn_forms.core.units.drafts import DraftUse, drafts_using
from yn_forms.core.units.facts import (
    FACT_BY_KEY,
    FACTS,
    GROUPS,
    MULTI_SEPARATORS,
    Change,
    Fact,
    Record,
    UnitConflict,
    UnitLibraryError,
    changes_between,
    clean_record,
    code_key,
    display,
    fact_value,
    found_among,
    is_empty,
    merge,
    money_text,
    name_key,
    record_problem,
    search_keys,
)
from yn_forms.core.units.library import (
    LIBRARY_FILE,
    MIGRATIONS,
    SCHEMA_VERSION,
    Plan,
    StoredUnit,
    UnitLibrary,
    default_path,
)
from yn_forms.core.units.mapping import (
    Extraction,
    FieldChange,
    FillPlan,
    UnitField,
    UnitSection,
    apply_unit,
    extract_unit,
    names_a_unit,
    plan_fill,
    read_unit,
    unit_fields,
    unit_keys,
    unit_section,
    unit_sections,
)
from yn_forms.core.units.sheet import SHEET_TITLE, ImportReport, read_xlsx, template_xlsx, write_xlsx

__all__ = [
    "FACTS",
    "FACT_BY_KEY",
    "GROUPS",
    "IDENTITY_KEYS",
    "LIBRARY_FILE",
    "MIGRATIONS",
    "MULTI_SEPARATORS",
    "SCHEMA_VERSION",
    "SHEET_TITLE",
    "Change",
    "DraftUse",
    "Extraction",
    "Fact",
    "FieldChange",
    "FillPlan",
    "ImportReport",
    "Plan",
    "Record",
    "StoredUnit",
    "UnitConflict",
    "UnitField",
    "UnitLibrary",
    "UnitLibraryError",
    "UnitSection",
    "apply_unit",
    "changes_between",
    "clean_record",
    "code_key",
    "default_path",
    "display",
    "drafts_using",
    "extract_unit",
    "fact_value",
    "found_among",
    "is_empty",
    "merge",
    "money_text",
    "name_key",
    "names_a_unit",
    "plan_fill",
    "read_unit",
    "read_xlsx",
    "record_problem",
    "search_keys",
    "template_xlsx",
    "unit_fields",
    "unit_keys",
    "unit_section",
    "unit_sections",
    "write_xlsx",
]
