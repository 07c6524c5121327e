"""The registry of forms. A new form is one more entry here, in ``yn_forms.catalog`` and its templates.

A form is built (its pydantic models, the check libraries its fields use) the first time
it is asked for, and checked then (``core.formcheck``): ``fill innovation-centre`` does not
build the other three. Iterating the registry builds them all, in the catalogue's order.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING

from yn_forms.catalog import CATALOG

if TYPE_CHECKING:  # importing the registry builds nothing: pydantic comes with the first form built
    from yn_forms.core.formdef import FormDefinition

def _build(form_id: str) -> FormDefinition:
    """The definition of *form_id*, its package imported now. The imports are written out, not
    module names held in strings, so that a bundler (PyInstaller) finds every form."""
    if form_id == "innovation-centre":
        from yn_forms.forms.innovation_centre import DEFINITION
    elif form_id == "innovation-consortium":
        from yn_forms.forms.innovation_consortium import DEFINITION
    elif form_id == "consumer-brand":
        from yn_forms.forms.consumer_brand import DEFINITION
    elif form_id == "digital-scenario":
        from yn_forms.forms.digital_scenario import DEFINITION
    else:
        raise KeyError(form_id)
    return DEFINITION


#: the forms the registry knows, in the catalogue's order
IDS: tuple[str, ...] = tuple(entry.id for entry in CATALOG)


class _Registry(MutableMapping[str, "FormDefinition"]):
    """Every form by id, each built and checked when first asked for. A definition may be put in
    place of a registered one (a test standing in a newer version of a form)."""

    def __init__(self) -> None:
        self._built: dict[str, FormDefinition] = {}

    def __getitem__(self, form_id: str) -> FormDefinition:
        form = self._built.get(form_id)
        if form is None:
            if form_id not in IDS:
                raise KeyError(form_id)
            from yn_forms.core.formcheck import check_form

            form = _build(form_id)
            if form.id != form_id:
                raise RuntimeError(f"the form registered as {form_id!r} defines {form.id!r}")
            check_form(form)
            self._built[form_id] = form
        return form

    def __setitem__(self, form_id: str, form: FormDefinition) -> None:
        if form_id not in IDS:
            raise KeyError(f"{form_id!r} is not in the catalogue of forms")
        self._built[form_id] = form

    def __delitem__(self, form_id: str) -> None:
        self._built.pop(form_id, None)  # built again from its module when next asked for

    def __iter__(self) -> Iterator[str]:
        return iter(IDS)

    def __len__(self) -> int:
        return len(IDS)

    def __contains__(self, form_id: object) -> bool:
        return form_id in IDS

    def __reduce__(self) -> tuple[object, tuple[()]]:
        """Pickled, the registry is the registry of the process it arrives in (a worker of the 州市 desk's
        pool is handed it with its work, and builds its forms itself)."""
        return registry, ()


def registry() -> MutableMapping[str, FormDefinition]:
    """The registry (what a pickled one becomes)."""
    return FORMS


#: every form, its declaration checked as it is built (``core.formcheck``)
FORMS: MutableMapping[str, FormDefinition] = _Registry()


class UnknownForm(KeyError):
    pass


def get_form(form_id: str) -> FormDefinition:
    try:
        return FORMS[form_id]
    except KeyError:
        raise UnknownForm(form_id) from None
