"""The marked render: every value of the data prints between invisible marks naming its place.

A check of the printed document (``render.fit``) has to know which cell each value landed
in — after every ``{%tr for %}`` loop, ``pad()``, ``blank()``, condition and ``{% vm %}``
merge. Rather than read the Jinja tags a second time, each string of the context remembers its
place in the data (``Traced``) and the render's environment (``Markers``) prints it between
private-use characters holding the index of that place. The rendered document then says where
every value printed; the marks are taken out (``strip_marks``) before anything else sees it,
so the document saved is byte for byte that of a render without them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from yn_forms.core.formdef import FormDefinition
from yn_forms.render.docx import jinja_env
from yn_forms.render.mark_chars import CLOSE, OPEN, SEP
from yn_forms.render.measure import is_blank
from yn_forms.render.sandbox import FormSandbox
from yn_forms.render.wordstyles import qn

Loc = tuple[Any, ...]  # a place in the data: the keys and indexes leading to it

_NO_MARKERS = str.maketrans("", "", OPEN + SEP + CLOSE)
_MARKS = re.compile(f"{OPEN}\\d*{SEP}|{CLOSE}")
_W_T = qn("w:t")


class Traced(str):
    """A string of the template context that remembers where in the data it came from.

    Behaves as the plain string everywhere a template uses it (comparisons in ``box()``,
    ``pad()``, ``blank()``, conditions); only printing it leaves a mark behind.
    """

    loc: Loc

    def __new__(cls, value: str, loc: Loc) -> Traced:
        obj = super().__new__(cls, value)
        obj.loc = loc
        return obj

    def __str__(self) -> str:  # ``blank()`` calls str(): keep the trace
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # to the worker process rendering a template from elsewhere
        return Traced, (str.__str__(self), self.loc)


class _HoldsMarks(Exception):
    """A string of the data holds one of the marks' characters: the context is not marked."""


def _trace(value: Any, loc: Loc) -> Any:
    """*value* traced, in the same walk that looks for the marks' characters in it (``_HoldsMarks``)."""
    if isinstance(value, str):
        if OPEN in value or SEP in value or CLOSE in value:
            raise _HoldsMarks
        return Traced(value, loc) if value else value
    if isinstance(value, dict):
        return {k: _trace(v, (*loc, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_trace(v, (*loc, i)) for i, v in enumerate(value)]
    if isinstance(value, tuple):  # not traced, but looked into
        for item in value:
            _trace(item, loc)
    return value


def marked_context(form: FormDefinition, context: dict[str, Any]) -> dict[str, Any] | None:
    """*context* with every string of the form's data remembering its place (the helpers as they are);
    None when the data itself holds the marks' private-use characters: it is then rendered plainly
    and not checked, so it is printed as typed."""
    fields = set(form.model.model_fields)
    try:
        return {k: (_trace(v, (k,)) if k in fields else v) for k, v in context.items()}
    except _HoldsMarks:
        return None


class Markers:
    """The Jinja environment of one marked render and the places of the values it printed."""

    def __init__(self) -> None:
        self.locs: list[Loc] = []
        self._opening: dict[Loc, str] = {}  # the opening mark of each place printed, made once
        plain: Callable[[Any], Markup] = jinja_env().plain_finalize  # the escaping ``fill`` prints with
        self.env = FormSandbox(autoescape=True, finalize=self._finalize)
        self._plain = plain

    def _finalize(self, value: Any) -> Markup:
        if not isinstance(value, Traced):
            return self._plain(value)
        # a plain copy (the escaping must not see the trace), without characters that would read as marks
        text = str.__str__(value).translate(_NO_MARKERS)
        if is_blank(text):
            return self._plain(text)
        opening = self._opening.get(value.loc)
        if opening is None:
            opening = self._opening[value.loc] = f"{OPEN}{len(self.locs)}{SEP}"
            self.locs.append(value.loc)
        # the marks hold nothing to escape: one string made, not three joined by ``Markup.__add__`` (which
        # escapes each part again); ``str.__new__`` is ``Markup(...)`` of a plain string, without its checks
        return str.__new__(Markup, "".join((opening, self._plain(text), CLOSE)))


def strip_marks(doc: Any) -> None:
    """Take the marks out of every rendered part: the text is then exactly what a render without
    them prints."""
    for part in doc.docx.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None:
            continue
        for t in element.iter(_W_T):
            if t.text and (OPEN in t.text or CLOSE in t.text):
                t.text = _MARKS.sub("", t.text)
