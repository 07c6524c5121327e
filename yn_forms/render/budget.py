"""What one rendered document may spend — time, printed text, what its operations make, memory —
and how each is measured.

A template from elsewhere must not be able to hurt, whatever the data it is filled with, so no
limit depends on a branch being taken: every loop step, call, filter and operator is metered as
it runs (``render.sandbox`` puts the meters in), against one ``Budget`` per rendered document:

- **time**: the deadline is looked at every few hundred steps, and work over many items counts
  a step per item (a filter over 100,000 items is 100,000 steps);
- **printed text**: what the document's parts print, in the bytes it takes once joined
  (characters × the width of the widest one: one Chinese character makes the whole text two
  bytes a character) plus each printed value's own object;
- **what operations make**: every list, string or number a filter, call or operator returns is
  counted in bytes as it is made (the container and each item in it), and nothing made is
  ever given back: so all a template holds at once is within ``MAX_MADE``, and no operation
  starts whose result could pass what is left;
- **items**: no collection a template makes or walks through has more than ``MAX_ITEMS``;
- **memory**: the process's own size (``render.memory``) is looked at with the clock and
  whenever another few megabytes have been made; growth past ``MEMORY_CEILING`` since the
  render began stops it, whatever caused it. A template from elsewhere renders in a worker
  process whose memory and time the system caps besides (``render.walls``).

The shipped templates at 300 member units use a small part of each (``tests/test_hostile_input.py``).
Exceeding any limit raises ``BudgetExceeded``, a Jinja ``SecurityError`` whose message is the
Chinese sentence the clerk reads, naming the limit.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2.exceptions import SecurityError

from yn_forms.render.memory import resident_bytes

MB = 1024 * 1024
RENDER_SECONDS = 30.0  # one document; the largest shipped one takes about 2 s at 300 member units
MAX_OUTPUT = 48 * MB  # bytes of printed text (300 member units: about 13 MB)
MAX_MADE = 128 * MB  # bytes all operations of one document make together (300 member units: under 1 MB)
MEMORY_CEILING = 384 * MB  # growth of the process while one document renders
MAX_ITEMS = 100_000  # items of any one list, map, join, range or repeat
MAX_COUNT = 100_000  # a width, a number of rows or of repeats a call or filter is asked for
MAX_GROWTH = 2_000_000  # characters one operation may add to what it was given (repeat, replace, tabs)
MAX_TAGS = 5_000  # Jinja tags in one part of a template (built-in: under 200); compiling costs ~10 KB each
MAX_EXPONENT = 64
MAX_INT_BITS = 1024  # integers arithmetic may make (a 万元 amount needs under 64)
PIECE_BYTES = 64  # a printed value: its string object and its place among the pieces joined
_LOOK_EVERY = 256  # steps between looks at the clock and the memory (a look costs more than a step)
_LOOK_AFTER = 8 * MB  # bytes made between looks at the memory


class BudgetExceeded(SecurityError):
    """A template asked for more time, output or size than any form needs; the message is for the clerk."""


def too_big(what: str) -> BudgetExceeded:
    return BudgetExceeded(f"模板要生成的内容过大（{what}），已拒绝")


def megabytes(count: int) -> str:
    return f"{count / MB:g} MB" if count % MB == 0 else f"{count / MB:.1f} MB"


@dataclass(frozen=True)
class Limits:
    """The limits of one render, read when it starts (a worker process is handed them)."""

    seconds: float
    output: int
    made: int
    memory: int


def stopped(kind: str, given: Limits) -> str:
    """Why a render was stopped (*kind*: "time" or "memory"), naming the limit; said the same whether the
    budget saw it or the worker process was stopped by the system (``render.walls``)."""
    if kind == "time":
        return f"模板运行超过 {given.seconds:g} 秒仍未完成（循环或计算过多），已停止"
    return f"模板运行时占用的内存超过 {megabytes(given.memory)}，已停止"


def limits() -> Limits:
    """The limits now in force (read from this module each time: a test may change them)."""
    return Limits(RENDER_SECONDS, MAX_OUTPUT, MAX_MADE, MEMORY_CEILING)


class Budget:
    """What one rendered document may spend, and what it has spent."""

    def __init__(self, given: Limits) -> None:
        self.limits = given
        self.seconds = given.seconds
        self.deadline = time.monotonic() + given.seconds
        self.output = given.output
        self.chars = 0  # characters printed
        self.kind = 1  # bytes a character of the joined text takes: 1, 2 or 4
        self.overhead = 0  # bytes of the printed pieces' own objects
        self.made = 0
        self.started_at = resident_bytes()
        self._steps = 0
        self._next_look = _LOOK_EVERY
        self._made_at_look = 0

    # --- time ---------------------------------------------------------------------------------
    def step(self, count: int = 1) -> None:
        """*count* steps of work done (an item of a loop, a call, an operator)."""
        self._steps += count
        if self._steps >= self._next_look:
            self._next_look = self._steps + _LOOK_EVERY
            self.look()

    def look(self) -> None:
        """The clock and the process's memory, now."""
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(stopped("time", self.limits))
        self._made_at_look = self.made
        if self.started_at is not None:
            now = resident_bytes()
            if now is not None and now - self.started_at > self.limits.memory:
                raise BudgetExceeded(stopped("memory", self.limits))

    # --- printed text -------------------------------------------------------------------------
    @property
    def output_used(self) -> int:
        return self.chars * self.kind + self.overhead

    def print_text(self, chars: int, kind: int = 1, pieces: int = 1, piece_bytes: int = PIECE_BYTES) -> None:
        """*chars* more characters printed, in *pieces* pieces, the widest *kind* bytes a character."""
        self.chars += chars
        self.kind = max(self.kind, kind)
        self.overhead += pieces * piece_bytes
        if self.output_used > self.output:
            raise too_big(f"生成的文字超过 {megabytes(self.output)}")

    def fits(self, chars: int) -> None:
        """Refuse now what would print more than is left, before it is turned into text."""
        if chars > self.output_left():
            raise too_big(f"生成的文字超过 {megabytes(self.output)}")

    def output_left(self) -> int:
        """About how many more characters may print."""
        return max(0, (self.output - self.output_used) // self.kind)

    # --- what operations make -----------------------------------------------------------------
    def make(self, size: int) -> None:
        """*size* bytes made by an operation (never given back)."""
        self.made += size
        if self.made > self.limits.made:
            raise too_big(f"模板运算生成的数据超过 {megabytes(self.limits.made)}")
        if self.made - self._made_at_look > _LOOK_AFTER:
            self.look()

    def made_left(self) -> int:
        return self.limits.made - self.made


_current: ContextVar[Budget | None] = ContextVar("yn_forms_render_budget", default=None)


@contextlib.contextmanager
def render_budget(given: Limits | None = None) -> Iterator[Budget]:
    """The budget of one rendered document (every part of it): the one already running, when a render
    is inside one (the production path opens it before the template is read); renders in other
    threads have their own."""
    running = _current.get()
    if running is not None:
        yield running
        return
    budget = Budget(given or limits())
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


def current() -> Budget | None:
    return _current.get()


def step(count: int = 1) -> None:
    budget = _current.get()
    if budget is not None:
        budget.step(count)


def make(size: int) -> None:
    budget = _current.get()
    if budget is not None:
        budget.make(size)


def made_left() -> int:
    budget = _current.get()
    return budget.made_left() if budget is not None else MAX_MADE


# --- measures -------------------------------------------------------------------------------------

_COLLECTIONS = (list, tuple, set, frozenset, dict)


def text_kind(text: str) -> int:
    """Bytes a character of *text* takes in memory (1, 2 or 4): the widest character decides."""
    if text.isascii():
        return 1
    if len(text) > 256:  # the object's size says it without reading the text
        return min((1, 2, 4), key=lambda kind: abs(sys.getsizeof(text) - kind * (len(text) + 1) - 80))
    widest = ord(max(text))
    return 1 if widest < 0x100 else 2 if widest < 0x10000 else 4


def count_items(value: Any) -> None:
    """No collection of more than ``MAX_ITEMS`` (a text is not counted: it is measured in bytes)."""
    if isinstance(value, (*_COLLECTIONS, range)) and len(value) > MAX_ITEMS:
        raise too_big(f"一个列表有 {len(value):,} 项，超过 {MAX_ITEMS:,} 项")


def made_size(value: Any) -> int:
    """The bytes *value* holds: the object, and for a collection each item in it (one level — a
    collection inside was counted when it was made). Items shared with the data count too: the
    measure is never below what was made."""
    if isinstance(value, str | bytes | bytearray | int | float):
        return sys.getsizeof(value)
    if isinstance(value, _COLLECTIONS):
        count_items(value)
        if isinstance(value, dict):
            keys, values = sum(map(sys.getsizeof, value.keys())), sum(map(sys.getsizeof, value.values()))
            return sys.getsizeof(value) + keys + values
        return sys.getsizeof(value) + sum(map(sys.getsizeof, value))
    return 64


def weight(value: Any, limit: int = 1 << 62) -> int:
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
