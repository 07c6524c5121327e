"""The Jinja environment user templates run in: no Python internals, and a budget nothing escapes.

A replacement template is a Word file a clerk may have been sent by anyone. Jinja's
sandbox already refuses ``__class__``-style attributes in calls, but on its own it
prints such an attribute as an empty string, lets a template change the lists it is
handed, and lets ``'a' * 10**9``, ``blank('', 10**9)``, ``([range(99999)] * 99999)|map('list')|list``,
``'x'|wordwrap(1)`` on a long word, nested loops or ``((10**64)**64)**64`` exhaust memory
and time. Here an unsafe attribute is an error the clerk is told about, nothing the
template is handed can be changed (``append``, ``update``… are refused as unsafe), and
every way a template makes work is metered against the one ``Budget`` of the rendered
document (``render.budget``):

- every loop step, call, filter and arithmetic operation counts, and a filter over many
  items counts a step per item; the deadline and the process's memory are looked at as
  they happen (a loop of literal text alone counts too: each ``for`` iterates through a
  meter the compiler puts in);
- everything printed, at any depth (macros and ``{% set %}`` blocks included) — values as
  they pass ``finalize``, literal text wherever it can repeat — is counted against the
  output allowance before it is turned into text;
- everything a filter, call or operator makes is counted as it is made, and no operation
  starts whose result could pass what is left: a list or text it would make is measured
  from what it is given first (a text filter makes at most a few characters for each it is given);
  the items of a lazy result (``map``, ``select``, ``batch``…) are counted one by one as they
  are drawn; no collection holds more than ``MAX_ITEMS``;
- a number that says how much to make (a width, a row count, a repeat) is capped
  before anything is made, and so are integers that arithmetic would make huge;
- ``wordwrap``, whose long-word splitting copies the rest of the word at every line, is
  refused when that copying would be large and otherwise counts it as it goes;
- a template part may hold at most ``MAX_TAGS`` tags (compiling costs memory per tag).

The caps are far above anything a printed form needs, and they hold back what a template
*makes*, not what the clerk typed: one operation may add ``MAX_GROWTH`` characters, while the
data's own text passes any filter as long as what the filter makes stays within the budget.
Exceeding any of them raises ``BudgetExceeded``, a Jinja ``SecurityError`` whose
message is already the Chinese sentence the clerk reads.
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sized
from functools import wraps
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment, modifies_known_mutable
from jinja2.utils import pass_context, pass_environment

from yn_forms.core.text import paragraphs
from yn_forms.render.budget import (
    MAX_COUNT,
    MAX_EXPONENT,
    MAX_GROWTH,
    MAX_INT_BITS,
    MAX_ITEMS,
    MAX_MADE,
    MAX_TAGS,
    BudgetExceeded,
    count_items,
    current,
    made_left,
    made_size,
    make,
    megabytes,
    step,
    text_kind,
    too_big,
    weight,
)
from yn_forms.render.compiled import KeptCompiles

__all__ = ["BudgetExceeded", "FormSandbox"]

#: characters a text filter may make for each it is given (escaping ``"`` as ``&#34;``, a character as
#: ``\ud83d\ude00`` in JSON or ``%F0%9F%98%80`` in a URL, ``ß`` upper-cased as ``SS``); 1 for the others
EXPANSION = {"e": 6, "escape": 6, "forceescape": 6, "xmlattr": 6, "tojson": 12, "urlencode": 12, "urlize": 16,
             "upper": 3, "lower": 3, "title": 3, "capitalize": 3, "pprint": 10, "string": 10}
BREAK_CHARS = 48  # what a line break in printed text becomes: ``</w:t><w:br/><w:t xml:space="preserve">``
LISTING_CHARS = 1_024  # what a tab or page break becomes, with the run's and paragraph's properties
WRAP_WORK = 200_000_000  # characters ``wordwrap`` may copy splitting long words (a second or so)

#: filters whose numeric arguments say how much to make
SIZING_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "batch", "slice"})
#: filters that turn their value into text (measured before, as what they make)
TEXT_FILTERS = frozenset({"join", "string", "pprint", "tojson", "format", "e", "escape", "forceescape",
                          "center", "indent", "wordwrap", "truncate", "replace", "upper", "lower", "title",
                          "capitalize", "trim", "striptags", "urlize", "urlencode", "xmlattr", "wordcount"})
#: filters that walk their value item by item (a text character by character) and may keep every item
ITEM_FILTERS = frozenset({"list", "sort", "unique", "batch", "slice", "groupby", "dictsort", "items", "join", "sum",
                          "map", "select", "reject", "selectattr", "rejectattr", "min", "max", "reverse"})
#: attributes refused on top of Jinja's: bytes (no form needs them, and their methods are not metered)
_BYTES_METHODS = frozenset({"encode", "to_bytes"})
# a width or precision written in a format string: "%999999999d", "{:>999999999}", "{0:.{1}f}"
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\d*|\*)(?:\.(\d*|\*))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}")
_DIGITS = re.compile(r"\d+")
# "{:{}}".format('a', 10**9): a width given as an argument
_NESTED_WIDTH = re.compile(r"\{[^{}]*:[^{}]*\{")


def _check_text(value: Any, what: str, factor: int = 1) -> None:
    """What a text operation makes from *value* — at most *factor* characters for each it is given, as
    wide as the widest of them — fits what is left of the budget."""
    left = made_left()
    if isinstance(value, str):
        size = factor * len(value) * text_kind(value)
    else:
        size = factor * 2 * weight(value, left // (2 * factor) + 1)
    if size > left:
        budget = current()
        limit = budget.limits.made if budget is not None else MAX_MADE
        raise too_big(f"{what}过长，处理后将超过模板运算允许的 {megabytes(limit)}")


def _check_count(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_COUNT:
        raise too_big(f"数量 {_short_number(value)} 超过 {MAX_COUNT:,}")


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
            raise too_big(f"格式宽度 {number} 过大")


def _check_int_result(value: Any) -> Any:
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise too_big(f"数值超过 {MAX_INT_BITS} 位")
    return value


def _made(result: Any) -> Any:
    """*result* counted as made; a lazy one counted item by item as it is drawn."""
    if isinstance(result, Iterator) and not isinstance(result, Counted):
        return Counted(result)
    make(made_size(result))
    return result


class Counted:
    """A lazy result (``map``, ``select``, ``batch``…) that counts each item it gives: a step, what the
    item holds, and at most ``MAX_ITEMS`` of them."""

    def __init__(self, items: Iterable[Any]) -> None:
        self._items = iter(items)
        self._given = 0

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        item = next(self._items)
        self._given += 1
        if self._given > MAX_ITEMS:
            raise too_big(f"一个列表超过 {MAX_ITEMS:,} 项")
        step()
        make(sys.getsizeof(item))  # a list in it was counted when it was made
        return item


def _drawn(value: Any) -> Any:
    """A lazy value drawn into a list (counted) before a filter walks it; anything else as it is."""
    if isinstance(value, Iterator):
        items = list(value if isinstance(value, Counted) else Counted(value))
        make(made_size(items))
        return items
    return value


def _walked(value: Any, text_items: bool) -> None:
    """A value a filter will walk item by item: at most ``MAX_ITEMS`` items (a text's characters
    when *text_items*), each a step of the budget."""
    if isinstance(value, str):
        if text_items and len(value) > MAX_ITEMS:
            raise too_big(f"要逐字处理的文字有 {len(value):,} 个字符，超过 {MAX_ITEMS:,}")
        step(len(value) // 64)
    elif isinstance(value, Sized):
        count_items(value)
        step(len(value))


@pass_context
def _metered(_context: Any, iterable: Iterable[Any]) -> Iterator[Any]:
    """What every ``for`` of a template iterates through: each step counts against the budget."""
    budget = current()
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
    step()
    return value


def _counted(finalize: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    """*finalize* (what every value printed at run time passes through) spending the value's size first,
    and what escaping (or marking) adds after."""

    def counted(value: Any) -> Any:
        budget = current()
        if budget is None:
            return value if finalize is None else finalize(value)
        budget.step()
        if isinstance(value, str):  # counted before escaping copies it, and what escaping adds after
            budget.print_text(len(value), text_kind(value))
            result = value if finalize is None else finalize(value)
            if isinstance(result, str):
                added = max(0, len(result) - len(value)) + listing(result)
                if added:
                    budget.print_text(added, text_kind(result), pieces=0)
            return result
        budget.fits(weight(value, budget.output_left() + 1))  # refused before it is turned into text
        result = value if finalize is None else finalize(value)
        if isinstance(result, str):
            budget.print_text(len(result) + listing(result), text_kind(result))
        return result

    return counted


def listing(text: str) -> int:
    """What docxtpl adds to printed text after the render: each line break in it becomes a break
    element, and each tab (``\\t``), ``\\a`` and page break (``\\f``) closes its run and opens new ones with
    a copy of the run's and paragraph's properties (``DocxTemplate.resolve_listing``). Counted
    for properties of up to ``LISTING_CHARS`` together (the shipped templates: under 450); a
    template with longer ones renders in the worker process, whose memory the system caps."""
    if not any(mark in text for mark in "\n\t\a\f"):
        return 0
    return BREAK_CHARS * text.count("\n") + LISTING_CHARS * (text.count("\t") + text.count("\a") + text.count("\f"))


@pass_context
def _printed_text(_context: Any, value: Any, chars: int, kind: int) -> str:
    """The literal text of an output, counted once per ``Output`` (kept a constant for speed)."""
    budget = current()
    if budget is not None:
        budget.step()
        budget.print_text(chars, kind, piece_bytes=8)  # constants: only their place among the pieces
    return ""


@pass_context
def _joined(context: Any, parts: list[Any]) -> str:
    """``a ~ b ~ …`` measured before it is joined: parts each within bounds may add up to too much."""
    step()
    _check_text(parts, "拼接的文字")
    return _made((markup_join if context.eval_ctx.autoescape else str_join)(parts))


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
    literal = [n.data for n in output.nodes if isinstance(n, nodes.TemplateData)]
    if repeated and literal:
        chars = sum(len(data) + listing(data) - BREAK_CHARS * data.count("\n<w:p") for data in literal)
        kind = max(map(text_kind, literal))
        children.append(nodes.Filter(nodes.Const(""), _PRINTED_TEXT, [nodes.Const(chars), nodes.Const(kind)], [],
                                     None, None, lineno=output.lineno))
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
    """*func* with its sizes checked before it runs, and what it makes counted as it is made."""
    sizing, text, items = name in SIZING_FILTERS, name in TEXT_FILTERS, name in ITEM_FILTERS
    passes = hasattr(func, "jinja_pass_arg")  # context, eval context or environment comes first
    first = 1 if passes else 0  # where the filtered value is among the arguments

    @wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        step()
        if len(args) > first:
            args = (*args[:first], _drawn(args[first]), *args[first + 1:])
        values = args[first:]  # the filtered value, then the filter's own arguments
        if sizing:
            for value in (*values[1:], *kwargs.values()):
                _check_count(value)
        if values:
            if items:
                _walked(values[0], text_items=name not in ("reverse", "min", "max"))
            if text:
                _check_text(values[0], "文字", EXPANSION.get(name, 1))
        if name == "format" and values and isinstance(values[0], str):
            _check_format_string(values[0])
        if name in _GROWTH_CHECKS and values:
            _GROWTH_CHECKS[name](*values, **kwargs)
        return _made(func(*args, **kwargs))

    return guarded


def _check_growth(added: int, what: str) -> None:
    if added > MAX_GROWTH:
        raise too_big(f"{what}会增加超过 {MAX_GROWTH:,} 个字符")


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
    if isinstance(value, str) and isinstance(width, int) and kwargs.get("break_long_words", break_long_words):
        _check_wrap_work(value, max(width, 1))


def _check_wrap_work(text: str, width: int) -> None:
    """Splitting a word longer than *width* copies the rest of it at every line (Python's ``textwrap``):
    about len²/(2·width) characters a word. Refused when that is more than ``WRAP_WORK``."""
    work = 0
    for word in re.finditer(rf"\S{{{width + 1},}}", text):
        length = word.end() - word.start()
        work += length * length // (2 * width)
        if work > WRAP_WORK:
            raise too_big(f"自动换行要把 {length:,} 个字符长的词按宽度 {width} 逐行切开，计算量过大")


def _replace_growth(value: Any = "", old: Any = "", new: Any = "", *_: Any, **__: Any) -> None:
    if isinstance(value, str) and isinstance(old, str) and isinstance(new, str):
        times = value.count(old) if old else len(value) + 1
        if times * max(0, len(new) - len(old)) > MAX_GROWTH:
            raise too_big(f"替换会增加超过 {MAX_GROWTH:,} 个字符")


def _join_growth(value: Any, d: Any = "", *_: Any, **kwargs: Any) -> None:
    separator = kwargs.get("d", d)
    if isinstance(separator, str) and hasattr(value, "__len__"):
        _check_growth(len(value) * len(separator), "拼接")


def _tojson_growth(value: Any, indent: Any = None, *_: Any, **kwargs: Any) -> None:
    indent = kwargs.get("indent", indent)
    if (isinstance(indent, int) and indent > 16) or (isinstance(indent, str) and len(indent) > 16):
        raise too_big("缩进过大")


def _sum_growth(value: Any, attribute: Any = None, start: Any = 0, *_: Any, **kwargs: Any) -> None:
    """Summing lists joins them: the joined list is measured first."""
    start = kwargs.get("start", start)
    if isinstance(value, Sized) and isinstance(start, list | tuple):
        total = len(start) + sum(len(item) for item in value if isinstance(item, Sized))  # type: ignore[union-attr]
        if total > MAX_ITEMS:
            raise too_big(f"求和得到的列表有 {total:,} 项，超过 {MAX_ITEMS:,} 项")


#: filters whose result grows with their value times an argument, checked before they run
_GROWTH_CHECKS: dict[str, Callable[..., None]] = {"indent": _indent_growth, "wordwrap": _wordwrap_growth,
                                                   "join": _join_growth, "tojson": _tojson_growth,
                                                   "replace": _replace_growth, "sum": _sum_growth}


class _SteppedWrapper(textwrap.TextWrapper):
    """``textwrap``'s wrapper counting its work: the chunks it walks, and the copy each long-word split makes."""

    def _split_chunks(self, text: str) -> list[str]:
        chunks = super()._split_chunks(text)
        step(len(chunks))
        return chunks

    def _handle_long_word(self, reversed_chunks: list[str], cur_line: list[str], cur_len: int, width: int) -> None:
        step(1 + len(reversed_chunks[-1]) // 1024)
        super()._handle_long_word(reversed_chunks, cur_line, cur_len, width)


@pass_environment
def _wordwrap(environment: Any, s: str, width: int = 79, break_long_words: bool = True, wrapstring: str | None = None,
              break_on_hyphens: bool = True) -> str:
    """Jinja's ``wordwrap`` (the same lines), through the counting wrapper."""
    if wrapstring is None:
        wrapstring = environment.newline_sequence
    wrapper = _SteppedWrapper(width=width, expand_tabs=False, replace_whitespace=False,
                              break_long_words=break_long_words, break_on_hyphens=break_on_hyphens)
    return wrapstring.join([wrapstring.join(wrapper.wrap(line)) for line in s.splitlines()])


class FormSandbox(KeptCompiles, SandboxedEnvironment):
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # a template prints values, never raw Word XML: ``|safe`` would let it write any field or link
        self.filters.pop("safe", None)
        self.globals.pop("lipsum", None)  # lipsum(n=…) makes text of any size; no form needs it
        self.filters["wordwrap"] = _wordwrap
        self.filters = {name: _guarded_filter(name, func) for name, func in self.filters.items()}
        self.filters.update({_METER: _metered, _PRINTED: _printed, _PRINTED_TEXT: _printed_text, _JOINED: _joined})
        self.plain_finalize = self.finalize  # for an environment printing through this one's (the fit check's)
        self.finalize = _counted(self.finalize)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """At most ``MAX_TAGS`` tags, counted before anything is parsed or compiled."""
        tags = source.count("{{") + source.count("{%")
        if tags > MAX_TAGS:
            raise too_big(f"模板的一部分中有 {tags:,} 个标签，超过 {MAX_TAGS:,} 个")
        return super()._parse(source, name, filename)

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        """Every template compiled here carries its meters; ``env.parse`` (the contract check reads
        the tree) stays plain."""
        return super()._generate(_meter_tree(source), name, filename, defer_init=defer_init)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's rule, and nothing that changes what the template was handed (``append``, ``update``…:
        a list grown in a loop would be memory no meter sees) nor reaches bytes."""
        if not super().is_safe_attribute(obj, attr, value) or modifies_known_mutable(obj, attr):
            return False
        return attr not in _BYTES_METHODS and not isinstance(obj, bytes | bytearray | memoryview)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe.")

    def getitem(self, obj: Any, argument: Any) -> Any:
        value = super().getitem(obj, argument)
        if isinstance(argument, slice):  # a copy of part of a list or text
            step()
            return _made(value)
        return value

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        step()
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | bytes | list | tuple) and isinstance(count, int):
                    if len(seq) * count > MAX_ITEMS or weight(seq) * count > MAX_GROWTH:
                        raise too_big(f"重复 {_short_number(count)} 次的结果超过 {MAX_ITEMS:,} 项或 "
                                      f"{MAX_GROWTH:,} 个字符")
            if _both_ints(left, right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise too_big(f"数值超过 {MAX_INT_BITS} 位")
        elif operator == "**":
            if isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
                raise too_big(f"指数 {_short_number(right) if isinstance(right, int) else right} 超过 {MAX_EXPONENT}")
            if _both_ints(left, right) and right > 0 and abs(left) > 1 \
                    and left.bit_length() * right > MAX_INT_BITS:
                raise too_big(f"数值超过 {MAX_INT_BITS} 位")
        elif operator == "+":
            if isinstance(left, list | tuple) and isinstance(right, list | tuple):
                _check_pieces(len(left) + len(right), "拼接的列表")
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                _check_text([left, right], "拼接的文字")
        elif operator == "%" and isinstance(left, str):
            _check_format_string(left)
            for value in right if isinstance(right, tuple) else (right,):
                if "*" in left:  # "%*d": the width is an argument
                    _check_count(value)
            _check_text([left, right], "格式化的文字", 10)
        return _made(_check_int_result(super().call_binop(context, operator, left, right)))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        step()
        args = tuple(_drawn(value) for value in args)
        target = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(target, "__self__", None)
        name = getattr(target, "__name__", "")
        formats = name in ("format", "format_map") and isinstance(owner, str)
        if not formats or _NESTED_WIDTH.search(owner):  # a format's arguments are values, unless widths
            for value in (*args, *kwargs.values()):
                _check_count(value)
        for value in (*args, *kwargs.values()):
            if isinstance(value, Sized) and not isinstance(value, str):
                count_items(value)
                step(len(value))
        if target is paragraphs and args and isinstance(args[0], str):
            _check_pieces(args[0].count("\n"), "段落")
        if isinstance(owner, str):
            _check_str_method(owner, name, args)
        elif isinstance(owner, list | tuple | set | frozenset | dict):
            total = len(owner) + sum(len(value) for value in args if isinstance(value, Sized))
            _check_pieces(total, "结果")
        result = super().call(__context, __obj, *args, **kwargs)
        return _made(_check_int_result(result))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str) and getattr(value, "__name__", "") in ("format", "format_map"):
            _check_format_string(owner)
        return super().wrap_str_format(value)


def _check_pieces(count: int, what: str) -> None:
    if count > MAX_ITEMS:
        raise too_big(f"{what}将有 {count:,} 项，超过 {MAX_ITEMS:,} 项")


def _check_str_method(owner: str, name: str, args: tuple[Any, ...]) -> None:
    """A text method's result measured from its text and arguments before it runs."""
    if name == "replace":
        _replace_growth(owner, *args[:2])
    elif name == "expandtabs" and args and isinstance(args[0], int):
        if owner.count("\t") * args[0] > MAX_GROWTH:
            raise too_big("展开的制表符过多")
    elif name == "join" and args:
        _check_text(args[0], "拼接的文字")
        if hasattr(args[0], "__len__"):
            _check_growth(len(owner) * len(args[0]), "拼接")
    elif name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        _check_growth(len(owner) * max(longest - 1, 0), "替换")
    elif name in ("split", "rsplit"):
        separator = args[0] if args else None
        pieces = owner.count(separator) if isinstance(separator, str) and separator else len(owner) // 2
        _check_pieces(pieces + 1, "拆分的结果")
    elif name == "splitlines":
        _check_pieces(owner.count("\n") + owner.count("\r") + 1, "拆分的结果")
    _check_text(owner, "文字", 3)


def _both_ints(left: Any, right: Any) -> bool:
    return isinstance(left, int) and isinstance(right, int) and not isinstance(left, bool | float)
