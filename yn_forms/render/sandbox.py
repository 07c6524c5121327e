"""The Jinja environment user templates run in: no Python internals, no runaway output.

A replacement template is a Word file a clerk may have been sent by anyone. Jinja's
sandbox already refuses ``__class__``-style attributes in calls, but on its own it
prints such an attribute as an empty string, and it lets ``'a' * 10**9`` or
``10**10**10`` exhaust memory and time. Here an unsafe attribute is an error the
clerk is told about, and repetition and powers are capped far above anything a form
needs (a printed form is a few thousand characters a field).
"""

from __future__ import annotations

from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

MAX_REPEAT = 100_000  # characters or items a `*` may produce
MAX_EXPONENT = 64


class FormSandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe.")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int) and len(seq) * count > MAX_REPEAT:
                    raise SecurityError("repetition result is too large.")
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise SecurityError("power exponent is too large.")
        return super().call_binop(context, operator, left, right)
