"""The one shape every problem takes, from a field check or a rule, for the CLI and the wizard."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


BLANK_RULE = "field.required"  # the rule of a required field left empty
# a required 证明材料 not attached yet: still to do, like a blank, but a warning — the documents can be made
# without it, only the bound submission is incomplete (``core.enclosures``)
ENCLOSURE_RULE = "enclosure.required"
# a template the 审核 page's fit check could not render (refused by its budget, broken): 生成 refuses it too
TEMPLATE_RULE = "template.unusable"


@dataclass(frozen=True)
class Problem:
    path: str  # JSON Pointer into the data ("" is the whole document)
    title: str  # the official label of the field it points at
    severity: Severity
    message: str  # Chinese, shown to the user as it stands
    rule: str  # a rule id, or "field.<code>" for a field-level check

    def as_json(self) -> dict[str, str]:
        return asdict(self)

    @property
    def is_blank(self) -> bool:
        """A required field not filled yet, or a required 证明材料 not attached yet: still to do, not a
        mistake (待填写 / 未填写, not red). The first is an error, the second a warning."""
        return self.rule in (BLANK_RULE, ENCLOSURE_RULE)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def pointer(parts: tuple[object, ...] | list[object]) -> str:
    """JSON Pointer (RFC 6901) for a location given as keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def parent_pointer(ptr: str) -> str:
    """The pointer of what holds *ptr*'s last step (``/members/2/name`` → ``/members/2``; the root's is "")."""
    return pointer(split_pointer(ptr)[:-1])


def split_pointer(ptr: str) -> list[str]:
    """The reference tokens of a JSON Pointer, unescaped (RFC 6901: ``~1`` is “/”, ``~0`` is “~”, in that order)."""
    if not ptr:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in ptr.removeprefix("/").split("/")]


_INDEX = re.compile("0|[1-9][0-9]*")  # RFC 6901's array-index; [0-9] is ASCII alone, unlike \d or isdigit()


def list_index(part: str) -> int | None:
    """The list index a pointer token names, or None for a key.

    Every reader of pointers asks here. ``str.isdigit`` took “²” and “３” for digits
    (``int`` then failed on them: a traceback opening a packet), and “01” is not an index either.
    """
    return int(part) if _INDEX.fullmatch(part) else None


def pointer_parts(ptr: str) -> tuple[str | int, ...]:
    """A pointer as keys and list indexes: ``/members/2/name`` is ``("members", 2, "name")``."""
    return tuple(index if (index := list_index(part)) is not None else part for part in split_pointer(ptr))
