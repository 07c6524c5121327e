"""The Jinja environment user templates run in: no Python internals, and a budget nothing escapes.

A replacement template is a Word file a clerk may have been sent by anyone. Jinja's
sandbox already refuses ``__class__``-style attributes in calls, but on its own it
prints such an attribute as an empty string, and it lets ``'a' * 10**9``,
``blank('', 10**9)``, ``'a'|center(10**9)``, nested loops or ``((10**64)**64)**64``
exhaust memory and time. Here an unsafe attribute is an error the clerk is told
about, and every way a template makes work is metered against one ``Budget`` per
rendered document:

- every loop step, call and arithmetic operation counts, and the deadline is looked at
  as they happen (a loop of literal text alone counts too: each ``for`` iterates
  through a meter the compiler puts in);
- everything printed, at any depth (macros and ``{% set %}`` blocks included) — values as
  they pass ``finalize``, literal text wherever it can repeat — is counted against the
  output allowance before it is turned into text;
- a number that says how much to make (a width, a row count, a repeat) is capped
  before anything is made, and so are integers that arithmetic would make huge.

The caps are far above anything a printed form needs, and they hold back what a template
*makes*, not what the clerk typed: one operation may add ``MAX_GROWTH`` characters, while a
whole value (the data's own text included) may reach ``MAX_VALUE``. The shipped templates
with 300 member units print under a quarter of the output allowance and take a small part of
the time allowed (``tests/test_hostile_input.py``).
Exceeding any of them raises ``BudgetExceeded``, a Jinja ``SecurityError`` whose
message is already the Chinese sentence the clerk reads.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from functools import wraps
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import pass_context

MAX_REPEAT = 100_000  # characters or items a `*` may produce
MAX_EXPONENT = 64
MAX_COUNT = 100_000  # a width, a number of rows or of repeats a call or filter is asked for
MAX_GROWTH = 2_000_000  # characters one operation may add to what it was given (repeat, replace, tabs)
MAX_VALUE = 100_000_000  # characters of any one value a template handles, the data's own text included
MAX_INT_BITS = 1024  # integers arithmetic may make (a 万元 amount needs under 64)
RENDER_SECONDS = 30.0  # one document; the largest shipped one takes about 2 s at 300 member units
MAX_OUTPUT = 40_000_000  # characters one document's parts may print (300 member units: under 6 million);
# what is printed is then parsed and typeset, about 20 s and 700 MB at this size
_CHECK_CLOCK_EVERY = 256  # steps between looks at the clock (a look costs more than a step)

#: filters whose numeric arguments say how much to make
SIZING_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "batch", "slice"})
#: filters that turn their value into text (a list is measured before it is)
TEXT_FILTERS = frozenset({"join", "string", "pprint", "tojson", "format", "e", "escape", "forceescape",
                          "center", "indent", "wordwrap", "truncate", "replace", "upper", "lower", "title",
                          "capitalize", "trim", "striptags", "urlize", "urlencode", "xmlattr", "wordcount"})
# a width or precision written in a format string: "%999999999d", "{:>999999999}", "{0:.{1}f}"
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\d*|\*)(?:\.(\d*|\*))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}")
_DIGITS = re.compile(r"\d+")


class BudgetExceeded(SecurityError):
    """A template asked for more time, output or size than any form needs; the message is for the clerk."""


def _too_big(what: str) -> BudgetExceeded:
    return BudgetExceeded(f"模板要生成的内容过大（{what}），已拒绝")


class Budget:
    """What one rendered document may spend: a deadline and an output allowance."""

    def __init__(self, seconds: float, output: int) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.output_left = output
        self.output = output
        self._steps = 0

    def step(self) -> None:
        self._steps += 1
        if self._steps % _CHECK_CLOCK_EVERY == 0 and time.monotonic() > self.deadline:
            raise BudgetExceeded(f"模板运行超过 {self.seconds:g} 秒仍未完成（循环或计算过多），已停止")

    def spend(self, chars: int) -> None:
        self.output_left -= chars
        if self.output_left < 0:
            raise _too_big(f"生成的文字超过 {self.output:,} 个字符")


_current: ContextVar[Budget | None] = ContextVar("yn_forms_render_budget", default=None)


@contextlib.contextmanager
def render_budget(seconds: float | None = None, output: int | None = None) -> Iterator[Budget]:
    """The budget of one rendered document (every part of it); renders in other threads have their own."""
    budget = Budget(RENDER_SECONDS if seconds is None else seconds, MAX_OUTPUT if output is None else output)
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


def _step() -> None:
    budget = _current.get()
    if budget is not None:
        budget.step()


def weight(value: Any, limit: int = MAX_VALUE) -> int:
    """About how many characters *value* prints as, counting no further than just past *limit*.

    Nested lists are walked (a list of the same long string repeated prints it every time),
    and the walk stops as soon as *limit* is passed, so measuring a huge value is cheap.
    """
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, dict):
            total += 2 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, int) and not isinstance(item, bool):
            total += item.bit_length() // 3 + 1
        else:
            total += 8
        if total > limit:
            return total
    return total


def _check_text(value: Any, what: str) -> None:
    """A whole value within ``MAX_VALUE``: far above any application's own text, so only what a template
    piled up trips it (what one operation adds is held to ``MAX_GROWTH`` where it is made)."""
    if weight(value) > MAX_VALUE:
        raise _too_big(f"{what}超过 {MAX_VALUE:,} 个字符")


def _check_count(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_COUNT:
        raise _too_big(f"数量 {_short_number(value)} 超过 {MAX_COUNT:,}")


def _short_number(value: int) -> str:
    if value.bit_length() > 64:
        return f"约 2 的 {value.bit_length()} 次方"
    return f"{value:,}"


def _check_format_string(text: str) -> None:
    """No width or precision in a format string asks for more than ``MAX_COUNT`` characters."""
    numbers = [n for spec in _PERCENT_SPEC.findall(text) for n in spec if n.isdigit()]
    numbers += [n for spec in _BRACE_SPEC.findall(text) for n in _DIGITS.findall(spec)]
    for number in numbers:
        if len(number) > 6 or int(number) > MAX_COUNT:
            raise _too_big(f"格式宽度 {number} 过大")


def _check_int_result(value: Any) -> Any:
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise _too_big(f"数值超过 {MAX_INT_BITS} 位")
    return value


@pass_context
def _metered(_context: Any, iterable: Iterable[Any]) -> Iterator[Any]:
    """What every ``for`` of a template iterates through: each step counts against the budget."""
    budget = _current.get()
    if budget is None:
        yield from iterable
        return
    for item in iterable:
        budget.step()
        yield item


@pass_context
def _printed(_context: Any, value: Any) -> Any:
    """Around a printed expression Jinja could fold into a constant: it then stays a value computed when
    rendering, so it passes ``finalize`` and is counted there (a filter taking the context never folds)."""
    _step()
    return value


def _counted(finalize: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    """*finalize* (what every value printed at run time passes through) spending the value's size first."""

    def counted(value: Any) -> Any:
        budget = _current.get()
        if budget is not None:
            budget.step()
            budget.spend(value.__len__() if isinstance(value, str) else weight(value, budget.output_left + 1))
        return value if finalize is None else finalize(value)

    return counted


@pass_context
def _printed_text(_context: Any, value: Any, chars: int) -> str:
    """The literal text of an output, counted once per ``Output`` (kept a constant for speed)."""
    budget = _current.get()
    if budget is not None:
        budget.step()
        budget.spend(chars)
    return ""


@pass_context
def _joined(context: Any, parts: list[Any]) -> str:
    """``a ~ b ~ …`` measured before it is joined: parts each within bounds may add up to too much."""
    _step()
    _check_text(parts, "拼接的文字")
    return (markup_join if context.eval_ctx.autoescape else str_join)(parts)


_METER = "yn_metered"
_PRINTED = "yn_printed"
_PRINTED_TEXT = "yn_printed_text"
_JOINED = "yn_joined"


def _meter_tree(tree: nodes.Template) -> nodes.Template:
    """Put the meters into a parsed template: loops, ``~``, and what is printed where it can repeat.

    One walk, and no more meters than needed, since every template is compiled at each render:
    a value looked up in the data or returned by a call is counted by ``finalize``; only what
    Jinja could fold into a constant at compile time (``'x'|center(99999)``, which would then
    print without passing ``finalize``) gets a meter of its own, and literal text is counted
    only where it can repeat (in a loop, a macro, a call block).
    """
    _meter(tree, repeated=False)
    return tree


def _meter(node: nodes.Node, repeated: bool) -> None:
    if isinstance(node, nodes.For):
        node.iter = nodes.Filter(node.iter, _METER, [], [], None, None, lineno=node.lineno)
    elif isinstance(node, nodes.Output):
        _meter_output(node, repeated)
    children = list(node.iter_child_nodes())
    if any(isinstance(child, nodes.Concat) for child in children):
        for field, value in node.iter_fields():
            if isinstance(value, nodes.Concat):
                setattr(node, field, _joined_node(value))
            elif isinstance(value, list):  # in place: a ``~`` inside a ``~`` keeps its list
                value[:] = [_joined_node(c) if isinstance(c, nodes.Concat) else c for c in value]
        children = list(node.iter_child_nodes())
    inner = repeated or isinstance(node, nodes.For | nodes.Macro | nodes.CallBlock)
    for child in children:
        _meter(child, inner)


def _meter_output(output: nodes.Output, repeated: bool) -> None:
    children: list[nodes.Expr] = [
        n if isinstance(n, nodes.TemplateData) or _never_constant(n)
        else nodes.Filter(n, _PRINTED, [], [], None, None, lineno=output.lineno)
        for n in output.nodes
    ]
    literal = sum(len(n.data) for n in output.nodes if isinstance(n, nodes.TemplateData))
    if repeated and literal:
        children.append(nodes.Filter(nodes.Const(""), _PRINTED_TEXT, [nodes.Const(literal)], [], None, None,
                                     lineno=output.lineno))
    output.nodes = children


def _never_constant(node: nodes.Node) -> bool:
    """A variable, an item or field of one, or a call: evaluated when rendering, so ``finalize`` sees it."""
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        node = node.node
    return isinstance(node, nodes.Name | nodes.Call)


def _joined_node(concat: nodes.Concat) -> nodes.Filter:
    return nodes.Filter(nodes.List(concat.nodes, lineno=concat.lineno), _JOINED, [], [], None, None,
                        lineno=concat.lineno)


def _guarded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """*func* with its sizes checked before it runs and its result after."""
    sizing, text = name in SIZING_FILTERS, name in TEXT_FILTERS

    passes = hasattr(func, "jinja_pass_arg")  # context, eval context or environment comes first

    @wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _step()
        values = args[1:] if passes else args  # the filtered value, then the filter's own arguments
        if sizing:
            for value in (*values[1:], *kwargs.values()):
                _check_count(value)
        if text and values:
            _check_text(values[0], "文字")
        if name == "format" and values and isinstance(values[0], str):
            _check_format_string(values[0])
        if name == "replace":
            _check_replace(*values)
        if name in _GROWTH_CHECKS and values:
            _GROWTH_CHECKS[name](*values, **kwargs)
        result = func(*args, **kwargs)
        if isinstance(result, str) and len(result) > MAX_VALUE:
            raise _too_big(f"结果超过 {MAX_VALUE:,} 个字符")
        return result

    return guarded


def _check_growth(added: int, what: str) -> None:
    if added > MAX_GROWTH:
        raise _too_big(f"{what}会增加超过 {MAX_GROWTH:,} 个字符")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str) else value if isinstance(value, int) else 0


def _indent_growth(value: Any, width: Any = 4, *_: Any, **kwargs: Any) -> None:
    lines = str(value).count("\n") + 1 if isinstance(value, str) else 1
    _check_growth(lines * _size(kwargs.get("width", width)), "缩进")


def _wordwrap_growth(value: Any, width: Any = 79, break_long_words: Any = True, wrapstring: Any = None,
                     *_: Any, **kwargs: Any) -> None:
    wrapstring = kwargs.get("wrapstring", wrapstring)
    width = kwargs.get("width", width)
    if isinstance(value, str) and isinstance(wrapstring, str) and isinstance(width, int):
        _check_growth((len(value) // max(width, 1) + value.count("\n") + 1) * len(wrapstring), "换行")


def _join_growth(value: Any, d: Any = "", *_: Any, **kwargs: Any) -> None:
    separator = kwargs.get("d", d)
    if isinstance(separator, str) and hasattr(value, "__len__"):
        _check_growth(len(value) * len(separator), "拼接")


def _tojson_growth(value: Any, indent: Any = None, *_: Any, **kwargs: Any) -> None:
    indent = kwargs.get("indent", indent)
    if (isinstance(indent, int) and indent > 16) or (isinstance(indent, str) and len(indent) > 16):
        raise _too_big("缩进过大")


#: filters whose result grows with their value times an argument, checked before they run
_GROWTH_CHECKS: dict[str, Callable[..., None]] = {"indent": _indent_growth, "wordwrap": _wordwrap_growth,
                                                   "join": _join_growth, "tojson": _tojson_growth}
# "{:{}}".format('a', 10**9): a width given as an argument
_NESTED_WIDTH = re.compile(r"\{[^{}]*:[^{}]*\{")


def _check_replace(value: Any = "", old: Any = "", new: Any = "", *_: Any) -> None:
    if isinstance(value, str) and isinstance(old, str) and isinstance(new, str):
        times = value.count(old) if old else len(value) + 1
        if times * max(0, len(new) - len(old)) > MAX_GROWTH:
            raise _too_big(f"替换会增加超过 {MAX_GROWTH:,} 个字符")


class FormSandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # a template prints values, never raw Word XML: ``|safe`` would let it write any field or link
        self.filters.pop("safe", None)
        self.globals.pop("lipsum", None)  # lipsum(n=…) makes text of any size; no form needs it
        self.filters = {name: _guarded_filter(name, func) for name, func in self.filters.items()}
        self.filters.update({_METER: _metered, _PRINTED: _printed, _PRINTED_TEXT: _printed_text, _JOINED: _joined})
        self.plain_finalize = self.finalize  # for an environment printing through this one's (the fit check's)
        self.finalize = _counted(self.finalize)

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        """Every template compiled here carries its meters; ``env.parse`` (the contract check reads
        the tree) stays plain."""
        return super()._generate(_meter_tree(source), name, filename, defer_init=defer_init)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe.")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _step()
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int):
                    if len(seq) * count > MAX_REPEAT or weight(seq) * count > MAX_GROWTH:
                        raise _too_big(f"重复 {_short_number(count)} 次的结果超过 {MAX_REPEAT:,} 项或 "
                                       f"{MAX_GROWTH:,} 个字符")
            if _both_ints(left, right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise _too_big(f"数值超过 {MAX_INT_BITS} 位")
        elif operator == "**":
            if isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
                raise _too_big(f"指数 {_short_number(right) if isinstance(right, int) else right} 超过 {MAX_EXPONENT}")
            if _both_ints(left, right) and right > 0 and abs(left) > 1 \
                    and left.bit_length() * right > MAX_INT_BITS:
                raise _too_big(f"数值超过 {MAX_INT_BITS} 位")
        elif operator == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                if weight(left) + weight(right) > MAX_VALUE:
                    raise _too_big(f"拼接的文字超过 {MAX_VALUE:,} 个字符")
        elif operator == "%" and isinstance(left, str):
            _check_format_string(left)
            for value in right if isinstance(right, tuple) else (right,):
                if "*" in left:  # "%*d": the width is an argument
                    _check_count(value)
                _check_text(value, "格式化的文字")
        return _check_int_result(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _step()
        target = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(target, "__self__", None)
        formats = getattr(target, "__name__", "") in ("format", "format_map") and isinstance(owner, str)
        if not formats or _NESTED_WIDTH.search(owner):  # a format's arguments are values, unless widths
            for value in (*args, *kwargs.values()):
                _check_count(value)
        if isinstance(owner, str):
            name = getattr(target, "__name__", "")
            if name == "replace":
                _check_replace(owner, *args[:2])
            elif name == "expandtabs" and args and isinstance(args[0], int):
                if owner.count("\t") * args[0] > MAX_GROWTH:
                    raise _too_big("展开的制表符过多")
            elif name == "join" and args:
                _check_text(args[0], "拼接的文字")
                if hasattr(args[0], "__len__"):
                    _check_growth(len(owner) * len(args[0]), "拼接")
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, str) and len(result) > MAX_VALUE:
            raise _too_big(f"结果超过 {MAX_VALUE:,} 个字符")
        return _check_int_result(result)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str) and getattr(value, "__name__", "") in ("format", "format_map"):
            _check_format_string(owner)
        return super().wrap_str_format(value)


def _both_ints(left: Any, right: Any) -> bool:
    return isinstance(left, int) and isinstance(right, int) and not isinstance(left, bool | float)
