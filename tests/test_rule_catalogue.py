"""What holds for the rules of every form: a clean example, cited clauses, a failing case each."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from yn_forms.core.validation import validate
from yn_forms.forms import FORMS

RULE_TESTS = sorted(Path(__file__).parent.glob("test_rules_*.py"))


@pytest.mark.parametrize("form", FORMS.values(), ids=list(FORMS))
def test_the_example_has_no_problems_at_all(form):
    assert validate(form, form.example()) == []


@pytest.mark.parametrize("form", FORMS.values(), ids=list(FORMS))
def test_every_rule_has_an_id_a_clause_and_a_checklist_line(form):
    ids = [rule.id for rule in form.rules]
    assert len(ids) == len(set(ids))
    for rule in form.rules:
        assert rule.clause and rule.summary, rule.id


@pytest.mark.parametrize("form", FORMS.values(), ids=list(FORMS))
def test_every_rule_is_made_to_fail_by_some_test(form):
    """Each rule id is named as a string by a rule test (read from the sources, so test order does not matter)."""
    named = set()
    for path in RULE_TESTS:
        named |= set(re.findall(r'"([A-Z]+(?:-[A-Z0-9]+)+)"', path.read_text(encoding="utf-8")))
    assert {rule.id for rule in form.rules} - named == set()
