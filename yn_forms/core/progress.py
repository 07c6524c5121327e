"""How far a draft has come, per section and overall: for the wizard's side list and recent files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from yn_forms.core.conditions import hidden_pointers
from yn_forms.core.formdef import FormDefinition
from yn_forms.core.problems import Problem, split_pointer

State = Literal["empty", "problems", "warnings", "done", "skipped"]


@dataclass(frozen=True)
class SectionState:
    name: str
    title: str
    state: State
    errors: int
    warnings: int

    @property
    def label(self) -> str:
        # the number is the one the 审核 page shows for the section: every problem, errors and warnings
        if self.state == "problems":
            return f"有问题（{self.errors + self.warnings}）"
        if self.state == "warnings":
            return f"请核对（{self.warnings}）"
        if self.state == "skipped":
            return "不适用"
        return "未开始" if self.state == "empty" else "已完成"


def has_content(value: Any) -> bool:
    """Whether anything is typed in *value* (the years of an empty 近三年 are filled in, not typed)."""
    if isinstance(value, dict):
        return any(has_content(v) for k, v in value.items() if k != "year")
    if isinstance(value, list):
        return any(has_content(v) for v in value)
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


def section_states(form: FormDefinition, data: dict[str, Any], problems: list[Problem],
                   content: Callable[[str], bool] | None = None) -> list[SectionState]:
    """The state of every section; *content* answers whether a section holds anything (the wizard
    remembers it between keystrokes), by default it is looked at."""
    content = content or (lambda name: has_content(data.get(name)))
    by_section: dict[str, list[Problem]] = {}
    for problem in problems:
        by_section.setdefault(split_pointer(problem.path)[0] if problem.path else "", []).append(problem)
    states = []
    hidden = hidden_pointers(form.model, data)
    for name, info in form.model.model_fields.items():
        prefix = f"/{name}"
        if prefix in hidden:
            states.append(SectionState(name, info.title or name, "skipped", 0, 0))
            continue
        mine = by_section.get(name, [])
        errors = sum(p.is_error for p in mine)
        warnings = len(mine) - errors
        if not content(name):
            state: State = "empty"
        elif errors:
            state = "problems"
        elif warnings:
            state = "warnings"
        else:
            state = "done"
        states.append(SectionState(name, info.title or name, state, errors, warnings))
    return states


def completeness(form: FormDefinition, data: dict[str, Any], problems: list[Problem]) -> int:
    """Percent of sections finished without errors, for the recent-drafts list."""
    return completeness_of(section_states(form, data, problems))


def completeness_of(states: list[SectionState]) -> int:
    applying = [s for s in states if s.state != "skipped"]
    return round(100 * sum(s.state in ("done", "warnings") for s in applying) / max(len(applying), 1))
