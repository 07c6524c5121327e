"""Checks across fields, each tied to the clause of the notice it enforces.

A rule is declared next to its form with ``@rules.add(...)``; it receives the
form's model (values that failed their own field check are blanked, so a rule
only sees well-formed data) and yields ``Violation``s. Whether it is an error or a
warning follows the notice: 须/应/不少于 make an error, advice makes a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from yn_forms.core.problems import Severity


@dataclass(frozen=True)
class Violation:
    message: str
    path: str | None = None  # defaults to the rule's first field


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    fields: tuple[str, ...]
    clause: str
    summary: str  # one line for the eligibility checklist, e.g. “组建单位不少于3家”
    check: Callable[[Any], Iterable[Violation]]
    #: what must be filled before the condition can be judged (``*`` for each item); by default its fields
    needs: tuple[str, ...] = ()

    @property
    def inputs(self) -> tuple[str, ...]:
        return self.needs or self.fields

    def run(self, model: Any) -> Iterator[tuple[str, str]]:
        """Yield (path, message citing the clause) for each violation."""
        for violation in self.check(model) or ():
            path = violation.path if violation.path is not None else self.fields[0]
            cite = f"（{self.clause}）" if self.clause else ""
            yield path, violation.message + cite


def unticked(chosen: Iterable[str], options: Iterable[str], say: str, path: str | None = None) -> Iterator[Violation]:
    """One message for a group of check boxes the notice wants ticked: every option not ticked, named
    once in that one message (a clerk reads one line per group, not one per box)."""
    ticked = set(chosen)
    missing = [option for option in options if option not in ticked]
    if missing:
        yield Violation(say + "；".join(missing), path)


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)

    def add(self, *, id: str, severity: Severity, fields: Iterable[str], clause: str,
            summary: str, needs: Iterable[str] = ()) -> Callable[[Callable[[Any], Iterable[Violation]]], Callable]:
        def register(check: Callable[[Any], Iterable[Violation]]) -> Callable:
            if any(r.id == id for r in self.rules):
                raise ValueError(f"duplicate rule id {id}")
            self.rules.append(Rule(id, severity, tuple(fields), clause, summary, check, tuple(needs)))
            return check

        return register

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)
