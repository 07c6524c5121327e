"""The template context: the form's data as the official form prints it.

Numbers become the text written in the cell (万元 with two decimals), dates the
Chinese way, unfilled values empty, and text is cleaned of what a Word file cannot
hold. Lists stay lists (a template loops over member units or ticks boxes from
them). The helpers a template may call are defined here and nowhere else.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from yn_forms.core.datapath import KeyPath, get_in
from yn_forms.core.formdef import FormDefinition, model_of
from yn_forms.core.kinds import Kind, kind_of, printed_value
from yn_forms.core.text import paragraphs, printable

TICKED = "☑"
UNTICKED = "□"
FULL_WIDTH_SPACE = "\u3000"


def box(selected: Any, option: str) -> str:
    """☑ when *option* is the chosen value or among the chosen values, else □."""
    if isinstance(selected, list | tuple):
        return TICKED if option in selected else UNTICKED
    return TICKED if selected == option else UNTICKED


def blank(value: Any, width: int = 3) -> str:
    """The value, or a run of spaces so the printed blank stays writable by hand."""
    text = "" if value is None else str(value)
    return text if text.strip() else FULL_WIDTH_SPACE * width


def pad(items: list[Any], rows: int) -> list[Any]:
    """At least *rows* entries, so a printed list keeps the rows of the official blank."""
    items = [i for i in items if str(i).strip()]
    return items + [""] * max(0, rows - len(items))


HELPERS: dict[str, Any] = {"box": box, "blank": blank, "paras": paragraphs, "pad": pad}


def _format_leaf(value: Any, kind: Kind | None) -> Any:
    return kind.printed(value) if kind is not None else printed_value(value)


def _convert(model: BaseModel) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        kind = kind_of(info)
        out[name] = _convert_value(value, kind)
        blank = model_of(info.annotation)
        if kind.least_items and blank is not None:
            # templates may index [0] [1] [2] (the contract says 3 items): a draft that lost
            # its years still prints the three rows, blank
            out[name] += [_convert(blank())] * max(0, kind.least_items - len(out[name]))
    return out


def _convert_value(value: Any, kind: Kind | None) -> Any:
    if isinstance(value, BaseModel):
        return _convert(value)
    if isinstance(value, list):
        return [_convert_value(v, kind) for v in value]
    return _format_leaf(value, kind)


def _put(context: Any, loc: KeyPath, value: str) -> None:
    """Print *value* as typed in place of a leaf; a table or a list of 近三年 the template loops
    over keeps its shape (a number typed where the table was is dropped, not looped over)."""
    target = get_in(context, loc[:-1])
    if isinstance(target, dict) and loc[-1] in target:
        if not isinstance(target[loc[-1]], dict | list):
            target[loc[-1]] = value
    elif isinstance(target, list) and isinstance(loc[-1], int) and loc[-1] < len(target):
        if not isinstance(target[loc[-1]], dict | list):
            target[loc[-1]] = value


def build_context(form: FormDefinition, model: BaseModel, data: Any = None,
                  errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Context for the templates; values that failed their checks are printed as typed.

    A draft printed with ``--allow-incomplete`` must still show a 300字 answer or a
    mistyped phone number exactly as the user entered it: nothing typed is dropped
    from the paper just because it is not yet valid.
    """
    context = _convert(model)
    for error in errors or ():
        loc = tuple(error["loc"])
        raw = get_in(data, loc) if loc else None
        if isinstance(raw, str | int | float) and not isinstance(raw, bool) and error["type"] != "extra_forbidden":
            _put(context, loc, printable(str(raw)))
    if form.derived:
        for key, value in form.derived(model).items():
            context[key] = _convert_value(value, None)
    clash = set(context) & set(HELPERS)
    if clash:
        raise ValueError(f"form fields shadow template helpers: {sorted(clash)}")
    context.update(HELPERS)
    return context
