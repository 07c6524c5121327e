"""The registry of forms. A new form is one more import here and its templates."""

from __future__ import annotations

from yn_forms.core.formcheck import register
from yn_forms.core.formdef import FormDefinition
from yn_forms.forms.consumer_brand import DEFINITION as CONSUMER_BRAND
from yn_forms.forms.digital_scenario import DEFINITION as DIGITAL_SCENARIO
from yn_forms.forms.innovation_centre import DEFINITION as INNOVATION_CENTRE
from yn_forms.forms.innovation_consortium import DEFINITION as INNOVATION_CONSORTIUM

#: every form, its declaration checked as it is registered (``core.formcheck``)
FORMS: dict[str, FormDefinition] = register(INNOVATION_CENTRE, INNOVATION_CONSORTIUM, CONSUMER_BRAND, DIGITAL_SCENARIO)


class UnknownForm(KeyError):
    pass


def get_form(form_id: str) -> FormDefinition:
    try:
        return FORMS[form_id]
    except KeyError:
        raise UnknownForm(form_id) from None
