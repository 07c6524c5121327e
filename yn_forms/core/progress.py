"""How far a draft has come, per section and overall: for the wizard's side list and recent files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from yn_forms.core.conditions import hidden_pointers
from yn_forms.core.formdef import FormDefinition
from yn_forms.core.problems import Problem

State = Literal["empty", "problems", "done", "skipped"]


@dataclass(frozen=True)
class SectionState:
    name: str
    title: str
    state: State
    errors: int
    warnings: int

    @property
    def label(self) -> str:
        if self.state == "problems":
            return f"有问题（{self.errors}）"
        if self.state == "skipped":
            return "不适用"
        return "未开始" if self.state == "empty" else "已完成"


def _has_content(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_content(v) for k, v in value.items() if k != "year")
    if isinstance(value, list):
        return any(_has_content(v) for v in value)
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


def section_states(form: FormDefinition, data: dict[str, Any], problems: list[Problem]) -> list[SectionState]:
    states = []
    hidden = hidden_pointers(form.model, data)
    for name, info in form.model.model_fields.items():
        prefix = f"/{name}"
        if prefix in hidden:
            states.append(SectionState(name, info.title or name, "skipped", 0, 0))
            continue
        mine = [p for p in problems if p.path == prefix or p.path.startswith(prefix + "/")]
        errors = sum(p.is_error for p in mine)
        warnings = len(mine) - errors
        if not _has_content(data.get(name)):
            state: State = "empty"
        elif errors:
            state = "problems"
        else:
            state = "done"
        states.append(SectionState(name, info.title or name, state, errors, warnings))
    return states


def completeness(form: FormDefinition, data: dict[str, Any], problems: list[Problem]) -> int:
    """Percent of sections finished without errors, for the recent-drafts list."""
    states = [s for s in section_states(form, data, problems) if s.state != "skipped"]
    return round(100 * sum(s.state == "done" for s in states) / max(len(states), 1))
