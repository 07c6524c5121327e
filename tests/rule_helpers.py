"""Shared by the rule tests of every form: make one rule fire and get its problems."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yn_forms.core.formdef import FormDefinition
from yn_forms.core.problems import Problem
from yn_forms.core.validation import validate


def failing(form: FormDefinition) -> Callable[[dict[str, Any], str], list[Problem]]:
    """``fails(data, rule)``: the problems *rule* reports for *data* — there must be some."""

    def fails(data: dict[str, Any], rule: str) -> list[Problem]:
        found = [p for p in validate(form, data) if p.rule == rule]
        assert found, f"{rule} did not fire"
        return found

    return fails
