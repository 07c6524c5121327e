"""Words inside one cell or paragraph of a filled document, read by the tokens its template printed there.

A value is what stands between the words printed before and after it (or a choice of words, a
prefix such as “（”); a tick is the mark before an option's words (■, √, ✓ or ☑), or one after
them where nothing is before. What one document says is gathered in a ``Reading``, by the
concrete path of each field (``concrete``: loop variables resolved to the item's index).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from yn_forms.core.datapath import KeyPath
from yn_forms.render.wordin.normal import BOXES, TICKS, Normal, key
from yn_forms.render.wordin.readmap import Box, Cell, Cond, Lit, Opt, Token, Val

TICKS_AFTER = frozenset("√✓✔")


@dataclass
class Reading:
    """What one document said: values by concrete path, ticks, places not found."""

    values: dict[KeyPath, str] = field(default_factory=dict)
    ticks: dict[KeyPath, dict[str, bool]] = field(default_factory=dict)
    fallbacks: dict[KeyPath, KeyPath] = field(default_factory=dict)  # unprinted: the value of that path
    chosen: list[tuple[tuple[tuple[Cond | None, KeyPath], ...], str]] = field(default_factory=list)
    missed: list[KeyPath] = field(default_factory=list)
    anchors: int = 0  # headings and tables of the map
    found: int = 0  # of which found in the document

    @property
    def score(self) -> float:
        return self.found / self.anchors if self.anchors else 0.0

    def value(self, path: KeyPath, text: str) -> None:
        if text or path not in self.values:
            self.values.setdefault(path, "")
            if text and not self.values[path]:
                self.values[path] = text


def concrete(path: KeyPath, indexes: tuple[int, ...]) -> KeyPath:
    """*path* with each ``*`` replaced by the index of its loop, outermost first."""
    out, rest = [], list(indexes)
    for part in path:
        out.append(rest.pop(0) if part == "*" and rest else part)
    return tuple(out)


def _first_word(text: str) -> str:
    word = text.strip().split()[0] if text.strip() else ""
    return key(word).rstrip("(（:：。")


def _box_labels(tokens: tuple[Token, ...]) -> list[tuple[Box, str]]:
    out = []
    for i, token in enumerate(tokens):
        if isinstance(token, Box):
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            label = _first_word(after.text) if isinstance(after, Lit) else ""
            out.append((token, label or key(token.option)))
    return out


def _read_boxes(tokens: tuple[Token, ...], text: str, indexes: tuple[int, ...], reading: Reading) -> None:
    boxes = _box_labels(tokens)
    taken: list[tuple[int, int]] = []  # the stretches of text an option's words were found in
    results: dict[tuple[KeyPath, str], list[str]] = {}
    for box, label in sorted(boxes, key=lambda b: -len(b[1])):
        marks = results.setdefault((box.path, box.option), [])
        start = 0
        while label and (at := text.find(label, start)) >= 0:
            start = at + 1
            end = at + len(label)
            if any(at < done_end and done_at < end for done_at, done_end in taken):
                continue
            taken.append((at, end))
            before = text[at - 1] if at else ""
            after = text[end] if end < len(text) else ""
            # the mark before an option is its own; one after it counts only where nothing is before
            # (“□创新示范企业 √高新技术企业”: the √ is the next option's)
            marks.append("ticked" if before in TICKS else "unticked" if before in BOXES
                         else "ticked" if after in TICKS_AFTER else "unmarked")
            break
    no_boxes = not any(box in text for box in BOXES)
    for (path, option), marks in results.items():
        ticked = "ticked" in marks or (no_boxes and "unmarked" in marks)
        options = reading.ticks.setdefault(concrete(path, indexes), {})
        options[option] = options.get(option, False) or ticked


def _literal(tokens: tuple[Token, ...], start: int, step: int) -> tuple[str, Token | None]:
    """The words next to token *start* (before it: step -1, after: +1) and the token past them."""
    words: list[str] = []
    i = start + step
    while 0 <= i < len(tokens) and isinstance(tokens[i], Lit):
        words.append(tokens[i].text)
        i += step
    if step < 0:
        words.reverse()
    return Normal.of("".join(words)).text, tokens[i] if 0 <= i < len(tokens) else None


def _find_after(text: str, anchor: str, cursor: int) -> int | None:
    """Where the words *anchor* end, from *cursor*; shorter and shorter tails of it tried."""
    anchor = anchor.strip("\n")
    if not anchor:
        return cursor
    for cut in range(len(anchor) - min(2, len(anchor)) + 1):
        at = text.find(anchor[cut:], cursor)
        if at >= 0:
            return at + len(anchor) - cut
    return None


def _find_before(text: str, anchor: str, start: int) -> int | None:
    """Where the words *anchor* begin, from *start*: the words, their heads, then their tails."""
    anchor = anchor.strip("\n") or anchor
    if not anchor:
        return None
    for size in range(len(anchor), 0, -1):
        at = text.find(anchor[:size], start)
        if at >= 0:
            return at
    for cut in range(1, len(anchor) - 1):
        at = text.find(anchor[cut:], start)
        if at >= 0:
            return at
    return None


def _start(token: Val, tokens: tuple[Token, ...], i: int, text: str, cursor: int) -> int | None:
    """Where the value of token *i* begins: after the words printed before it (a choice of words, or
    the value's own “（” prefix); None where they are not in the text."""
    if token.prefix:
        prefix = Normal.of(token.prefix).text
        return text.find(prefix, cursor) + len(prefix) if text.find(prefix, cursor) >= 0 else None
    before, previous = _literal(tokens, i, -1)
    if isinstance(previous, Opt) and not before:
        found = next((s for c in previous.choices if (s := _find_after(text, key(c), cursor)) is not None), None)
        if found is not None:
            return found
    return _find_after(text, before, cursor)


def _end(token: Val, tokens: tuple[Token, ...], i: int, text: str, start: int) -> int:
    """Where the value of token *i* ends: at the words printed after it (the last of them when they close
    the cell, “（CMA）”), at a printed choice or the next option, else at the end of the text."""
    after, following = _literal(tokens, i, +1)
    if token.suffix:
        after = Normal.of(token.suffix).text
    ends: list[int | None] = []
    if after and following is None:
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        at = text.rfind(after.strip("\n")[:1], start, line_end) if after.strip("\n") else -1
        ends.append(at if at >= 0 else _find_before(text, after, start))
    elif after:
        ends.append(_find_before(text, after, start))
    if isinstance(following, Opt):
        ends += [text.find(key(c), start) for c in following.choices if key(c)]
    if isinstance(following, Val) and following.prefix:
        ends.append(text.find(Normal.of(following.prefix).text, start))
    if isinstance(following, Box):
        label = next((lab for b, lab in _box_labels(tokens) if b is following), "")
        ends.append(text.find(label, start) if label else -1)
    found = [e for e in ends if e is not None and e >= start]
    return min(found) if found else len(text)


def _read_values(tokens: tuple[Token, ...], normal: Normal, indexes: tuple[int, ...], reading: Reading) -> None:
    """Each value of a cell or paragraph, left to right, between the words printed around it."""
    text, cursor = normal.text, 0
    for i, token in enumerate(tokens):
        if not isinstance(token, Val):
            continue
        start = _start(token, tokens, i, text, cursor)
        if start is None:
            if token.fallback is not None:  # not printed: the same as the field it is compared with
                reading.fallbacks[concrete(token.path, indexes)] = concrete(token.fallback, indexes)
            elif not token.prefix:
                reading.missed.append(concrete(token.path, indexes))
            continue
        end = _end(token, tokens, i, text, start)
        value = normal.span(start, end).strip().strip("\u3000")
        if isinstance(tokens[i + 1] if i + 1 < len(tokens) else None, Box):
            value = value.rstrip("".join(TICKS | BOXES)).strip()
        cursor = end
        _store(token, value, indexes, reading)


def _store(token: Val, value: str, indexes: tuple[int, ...], reading: Reading) -> None:
    if token.empties and key(value) in token.empties:
        value = ""
    if len(token.targets) > 1:
        reading.chosen.append((tuple((c if c is None else Cond(concrete(c.path, indexes), c.value, c.equal),
                                      concrete(p, indexes)) for c, p in token.targets), value))
    else:
        reading.value(concrete(token.path, indexes), value)


def read_tokens(tokens: tuple[Token, ...], original: str, indexes: tuple[int, ...], reading: Reading) -> None:
    normal = Normal.of(original)
    _read_boxes(tokens, normal.text, indexes, reading)
    _read_values(tokens, normal, indexes, reading)


def cell_paragraphs(text: str) -> str:
    """A cell's text as its paragraphs, blank ones dropped."""
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def cell_fields(cell: Cell) -> Iterator[KeyPath]:
    """The fields a cell of the template prints."""
    if cell.text is not None:
        yield cell.text
    for token in cell.tokens:
        if isinstance(token, Val | Box):
            yield token.path


def read_cell(cell: Cell, text: str, indexes: tuple[int, ...], reading: Reading) -> None:
    if cell.text is not None:
        reading.value(concrete(cell.text, indexes), cell_paragraphs(text))
    else:
        read_tokens(cell.tokens, text, indexes, reading)
