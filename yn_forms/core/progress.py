"""How far a draft has come, per section and overall: for the wizard's side list and recent files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from yn_forms.core.conditions import hidden_pointers, is_hidden
from yn_forms.core.fields import field_meta
from yn_forms.core.formdef import FormDefinition, node_at
from yn_forms.core.kinds import kind_of
from yn_forms.core.links import Resolution, is_empty, resolve
from yn_forms.core.problems import Problem, list_index, split_pointer
from yn_forms.core.rules import Rule

State = Literal["empty", "problems", "todo", "warnings", "done", "skipped"]


@dataclass(frozen=True)
class SectionState:
    name: str
    title: str
    state: State
    errors: int  # every error, the blanks of fields among them
    warnings: int  # every warning, a 证明材料 still to attach among them
    blanks: int = 0

    @property
    def label(self) -> str:
        # the number is the one the 审核 page shows for the section: every problem, blanks, errors, warnings;
        # a section with only blanks is still to do (待填写), red 有问题 is for what is wrong
        total = self.errors + self.warnings
        if self.state == "problems":
            return f"有问题（{total}）"
        if self.state == "todo":
            return f"待填写（{total}）"
        if self.state == "warnings":
            return f"请核对（{self.warnings}）"
        if self.state == "skipped":
            return "不适用"
        if self.state == "empty":
            return f"未开始（{total}项待填）" if total else "未开始"
        return "已完成"


def nav_title(info: Any) -> str:
    """A section's name in the side list: its declared ``nav``, else its official title."""
    return field_meta(info).get("nav") or info.title or ""


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
            states.append(SectionState(name, nav_title(info), "skipped", 0, 0))
            continue
        mine = by_section.get(name, [])
        errors = sum(p.is_error for p in mine)
        blanks = sum(p.is_blank for p in mine)  # a 证明材料 still to attach is one too, as a warning
        warnings = len(mine) - errors
        if not content(name):
            state: State = "empty"
        elif any(p.is_error and not p.is_blank for p in mine):
            state = "problems"
        elif blanks:
            state = "todo"
        elif warnings:
            state = "warnings"
        else:
            state = "done"
        states.append(SectionState(name, nav_title(info), state, errors, warnings, blanks))
    return states


def completeness(form: FormDefinition, data: dict[str, Any], problems: list[Problem]) -> int:
    """Percent of sections finished without errors, for the recent-drafts list."""
    return completeness_of(section_states(form, data, problems))


def completeness_of(states: list[SectionState]) -> int:
    applying = [s for s in states if s.state != "skipped"]
    return round(100 * sum(s.state in ("done", "warnings") for s in applying) / max(len(applying), 1))


ConditionState = Literal["ok", "fails", "check", "pending"]
CONDITION_LABELS = {"ok": "✔ 符合", "fails": "✖ 不符合", "check": "⚠ 请核对", "pending": "○ 待填写"}


@dataclass(frozen=True)
class Condition:
    """One of the notice's conditions (a rule) and where the application stands on it."""

    rule: Rule
    state: ConditionState

    @property
    def label(self) -> str:
        return CONDITION_LABELS[self.state]


def conditions(form: FormDefinition, data: Any, problems: list[Problem],
               resolution: Resolution | None = None) -> list[Condition]:
    """The notice's conditions as the 审核 page lists them: a condition whose inputs are not all filled is
    待填写, not 符合; a condition about the other kind of application (区域品牌 for an 企业品牌) is left out.
    *resolution*: *data* with its linked places filled, when validation has worked it out already."""
    resolved = (resolution or resolve(form, data)).data if isinstance(data, dict) else {}
    hidden = hidden_pointers(form.model, data) if isinstance(data, dict) else []
    failed = {p.rule for p in problems}
    found = []
    for rule in form.rules:
        inputs = rule.inputs
        if inputs and all(is_hidden(_fixed_part(pattern), hidden) for pattern in inputs):
            continue
        if not all(_filled(form, resolved, pattern) for pattern in inputs):
            state: ConditionState = "pending"  # judged once what it needs is filled, not “符合” before
        elif rule.id in failed:
            state = "fails" if rule.severity == "error" else "check"
        else:
            state = "ok"
        found.append(Condition(rule, state))
    return found


def _fixed_part(pattern: str) -> str:
    return pattern.split("/*", 1)[0]


def _filled(form: FormDefinition, data: Any, pattern: str) -> bool:
    """Whether every value *pattern* names is filled (``*``: each item). What the form does not require
    counts as given when left empty — a 联合申报单位 table nobody uses, a condition on the items of an
    empty 创新平台 list holds for none — while a required list (成员单位) must have an item."""
    values = _values(data, _parts(pattern))
    if not values:
        listed = node_at(form.model, pattern.split("/*", 1)[0])
        return listed is not None and not listed.meta.get("required", True)
    if all(is_empty(value) for value in values):  # an optional table left empty (not a box left unticked)
        node = node_at(form.model, pattern)
        return node is not None and kind_of(node.info).in_rows and not node.meta.get("required", True)
    return all(not is_empty(value) for value in values)


@lru_cache(maxsize=1024)
def _parts(pattern: str) -> tuple[str, ...]:
    """A rule's input pattern split once: the 初审 of a thousand applications asks the same few hundred."""
    return tuple(split_pointer(pattern))


def _values(current: Any, parts: tuple[str, ...] | list[str]) -> list[Any]:
    if not parts:
        return [current]
    head, rest = parts[0], parts[1:]
    if head == "*":
        items = current if isinstance(current, list) else []
        return [value for item in items for value in _values(item, rest)]  # no items: no values
    if isinstance(current, dict):
        return _values(current.get(head), rest)
    if isinstance(current, list) and (index := list_index(head)) is not None and index < len(current):
        return _values(current[index], rest)
    return [None]
