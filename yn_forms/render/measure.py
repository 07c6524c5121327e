"""How wide and how tall printed text is, estimated from the document's own properties.

Widths are estimated per character class (``char_em``), in em of the run's font size: good
enough to warn before print (``render.fit``), not a typesetter. Heights and indents follow the
paragraph's properties as Word resolves them (``render.wordstyles``), worked out once per
paragraph style and own properties: a large application has thousands of cells in a few styles.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from lxml.etree import _Element

from yn_forms.render.wordstyles import W_VAL, Styles, attr, int_value, properties_key, qn

_W_RPR = qn("w:rPr")

DEFAULT_SIZE_PT = 10.0  # Word's size when no style says otherwise
LINE_EM = 1.15  # a single line, in em of the font size (Times New Roman/宋体)
TWIPS_PER_PT = 20
CM_PER_PT = 2.54 / 72

_NARROW = frozenset(".,:;'!|()[]{}-/`\"")  # about a third of an em in Times New Roman
_WIDE_ASCII = frozenset("@%&#~^*+=<>_$?\\")
_BLANK = re.compile(r"[\s\u3000]*")


@cache  # a document measures the same few thousand characters again and again
def char_em(ch: str) -> float:
    """Printed width of one character in em of its font size.

    CJK ideographs, kana, full-width forms and the punctuation a Chinese font sets
    full width (“” —— 、 ①, East Asian width W, F or A) take 1 em; Latin letters and
    digits about half (capitals a little more); a space a quarter.
    """
    if ch == " ":
        return 0.25
    if ch == "\t" or ch in "☐☑□":  # the check boxes print about as wide as a Chinese character
        return 1.0
    if "0" <= ch <= "9" or "a" <= ch <= "z":
        return 0.5
    if "A" <= ch <= "Z":
        return 0.67
    if ch in _NARROW:
        return 0.33
    if ch in _WIDE_ASCII:
        return 0.6
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cf", "Mn", "Cc"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
        return 1.0
    return 0.5


def is_blank(text: str) -> bool:
    """Whether *text* prints nothing (spaces, full-width spaces, line ends)."""
    return _BLANK.fullmatch(text) is not None


def breaks_between(ch: str) -> bool:
    """Whether Word may wrap a line at *ch*: at spaces and around every CJK character.

    A run of anything else — digits, Latin letters, ``-@._`` — is one word to Word: a phone
    number, an e-mail address, a 统一社会信用代码. Wider than the line, it is split mid-way.
    (Word may also wrap after a hyphen; a phone number split there is misread all the same.)
    """
    return ch.isspace() or char_em(ch) >= 1.0


def widest_word_pt(value: list[tuple[str, float]]) -> float:
    """The widest run of (character, width) that Word would not wrap inside (``breaks_between``)."""
    widest = run = 0.0
    for ch, width in value:
        run = 0.0 if breaks_between(ch) else run + width
        widest = max(widest, run)
    return widest


_W_R, _W_T, _W_TAB, _W_BR, _W_CR, _W_NBH, _W_SZ, _W_RSTYLE = (
    qn("w:r"), qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen"), qn("w:sz"), qn("w:rStyle"))
_W_TYPE = qn("w:type")
_PRINTED = (_W_T, _W_TAB, _W_BR, _W_CR, _W_NBH)
#: the widest any character is estimated (``char_em``): a CJK character, a check box, a tab
WIDEST_EM = 1.0


def _run_size(styles: Styles, run: _Element, p: _Element, style: str | None) -> float:
    rpr = run.find(_W_RPR)
    key = ("run", style, properties_key(rpr))

    def compute() -> float:
        value = attr(styles.rpr_chain(run, p), "w:sz", "w:val")
        return int_value(value) / 2 if value is not None else DEFAULT_SIZE_PT

    return styles.remembered(key, compute)


def runs_text(styles: Styles, p: _Element) -> list[tuple[str, float]]:
    """(character, font size) for every character printed by *p*, ``\\n`` for a line break."""
    out: list[tuple[str, float]] = []
    style = styles.paragraph_style(p)
    for run in p.iter(_W_R):
        size = _run_size(styles, run, p, style)
        for child in run.iterchildren(*_PRINTED):
            tag = child.tag
            if tag == _W_T:
                out += [(ch, size) for ch in (child.text or "")]
            elif tag == _W_TAB:
                out.append(("\t", size))
            elif tag == _W_NBH:
                out.append(("-", size))
            elif child.get(_W_TYPE) in (None, "textWrapping"):
                out.append(("\n", size))
    return out


def _style_size(styles: Styles, style: str | None) -> float:
    """The size of a run of paragraph style *style* that sets none of its own (nor a character style)."""
    def compute() -> float:
        chain = [x for s in styles.chain(style) if (x := s.find(_W_RPR)) is not None]
        value = attr(chain + ([styles.doc_rpr] if styles.doc_rpr is not None else []), "w:sz", "w:val")
        return int_value(value) / 2 if value is not None else DEFAULT_SIZE_PT

    return styles.remembered(("style size", style), compute)


@dataclass(frozen=True)
class Bound:
    """What bounds the width a paragraph prints, read without following each run's properties."""

    lines: list[str]  # the text of its ``w:t``, split at its line breaks
    others_em: list[float]  # what each line prints besides (tabs, hyphens), in em at most
    size_pt: float  # no run of it is larger
    indents_pt: tuple[float, float] | None  # its indents (``indents_pt``) if they do not depend on its size


def printed_bound(styles: Styles, p: _Element, like: Bound | None = None) -> Bound | None:
    """What bounds the width *p* prints (``Bound``): at most the ``char_em`` of its characters, each at
    the largest size it names or its style gives. None when a run has a character style: that one is read
    in full (``runs_text``). *like*: the bound of a paragraph whose XML is *p*'s but for the text of a value
    (its place in a twin table, ``render.measured``): of a paragraph of one line, only the text is read."""
    if like is not None and len(like.lines) == 1:
        return Bound(["".join(p.itertext(_W_T, with_tail=False))], like.others_em, like.size_pt, like.indents_pt)
    key = styles.paragraph_key(p)
    found = styles.remembered(("bound", key), lambda: (_style_size(styles, key[0]), fixed_indents_pt(styles, p)))
    size, indents = found
    others = 0.0
    breaks = False
    for element in p.iter(_W_SZ, _W_RSTYLE, _W_TAB, _W_BR, _W_CR, _W_NBH):
        tag = element.tag
        if tag == _W_SZ:
            value = element.get(W_VAL)
            if value is not None:
                size = max(size, int_value(value) / 2)
        elif tag in (_W_TAB, _W_NBH):
            others += WIDEST_EM
        elif tag == _W_RSTYLE:
            return None
        else:
            breaks = True
    if not breaks:
        return Bound(["".join(p.itertext(_W_T, with_tail=False))], [others], size, indents)
    lines, extra = [""], [0.0]  # a label of a few lines: each line is bounded on its own
    for element in p.iter(_W_T, _W_TAB, _W_BR, _W_CR, _W_NBH):
        tag = element.tag
        if tag == _W_T:
            lines[-1] += element.text or ""
        elif tag in (_W_TAB, _W_NBH):
            extra[-1] += WIDEST_EM
        elif element.get(_W_TYPE) in (None, "textWrapping"):  # as ``runs_text`` reads a break
            lines.append("")
            extra.append(0.0)
    return Bound(lines, extra, size, indents)


def text_em(text: str) -> float:
    """The width of *text* in em of its size (``char_em`` of each character)."""
    return sum(map(char_em, text))


def _per_paragraph_key(measure: Callable[..., Any]) -> Callable[..., Any]:
    """*measure* (styles, paragraph, *args) worked out once per paragraph key and arguments."""
    def remembered(styles: Styles, p: _Element, *args: float) -> Any:
        return styles.remembered((measure.__name__, styles.paragraph_key(p), *args),
                                 lambda: measure(styles, p, *args))
    return remembered


@_per_paragraph_key
def _paragraph_size(styles: Styles, p: _Element) -> float:
    """The size of the paragraph mark: what an empty paragraph is as tall as."""
    chain = [x for x in [p.find(f"{qn('w:pPr')}/{qn('w:rPr')}")] if x is not None]
    chain += [x for s in styles.chain(styles.paragraph_style(p)) if (x := s.find(qn("w:rPr"))) is not None]
    chain += [styles.doc_rpr] if styles.doc_rpr is not None else []
    value = attr(chain, "w:sz", "w:val")
    return int_value(value) / 2 if value is not None else DEFAULT_SIZE_PT


@_per_paragraph_key
def line_pt(styles: Styles, p: _Element, size_pt: float) -> float:
    """Height of one line of the paragraph, in points."""
    chain = styles.ppr_chain(p)
    line = attr(chain, "w:spacing", "w:line")
    rule = attr(chain, "w:spacing", "w:lineRule") or "auto"
    natural = size_pt * LINE_EM
    if line is None:
        return natural
    if rule == "exact":
        return int_value(line) / TWIPS_PER_PT
    if rule == "atLeast":
        return max(natural, int_value(line) / TWIPS_PER_PT)
    return natural * int_value(line, 240) / 240


@_per_paragraph_key
def paragraph_height_pt(styles: Styles, p: _Element) -> float:
    """One line plus the spacing before and after: what the paragraph takes at the least."""
    chain = styles.ppr_chain(p)
    spacing = sum(int_value(attr(chain, "w:spacing", side)) for side in ("w:before", "w:after")) / TWIPS_PER_PT
    return line_pt(styles, p, _paragraph_size(styles, p)) + spacing


def indent_pt(styles: Styles, p: _Element, size_pt: float) -> float:
    """Left + right indentation and the first line's own indent, taken from the first line's width."""
    return sum(indents_pt(styles, p, size_pt))


@_per_paragraph_key
def indents_pt(styles: Styles, p: _Element, size_pt: float) -> tuple[float, float]:
    """(left + right indentation, the first line's own indent less any hanging one), in points."""
    chain = styles.ppr_chain(p)

    def side(chars: tuple[str, ...], twips: tuple[str, ...]) -> float:
        in_chars = attr(chain, "w:ind", *chars)
        if in_chars is not None and int_value(in_chars):
            return int_value(in_chars) / 100 * size_pt
        return int_value(attr(chain, "w:ind", *twips)) / TWIPS_PER_PT

    left = side(("w:leftChars", "w:startChars"), ("w:left", "w:start"))
    right = side(("w:rightChars", "w:endChars"), ("w:right", "w:end"))
    first = side(("w:firstLineChars",), ("w:firstLine",)) - side(("w:hangingChars",), ("w:hanging",))
    return left + right, first


@_per_paragraph_key
def fixed_indents_pt(styles: Styles, p: _Element) -> tuple[float, float] | None:
    """The paragraph's indents (``indents_pt``) when they do not depend on its size (none in characters)."""
    one = indents_pt(styles, p, 1.0)
    return one if one == indents_pt(styles, p, 2.0) else None


# --- how a paragraph wraps ------------------------------------------------------------------------

#: marks that may not start a line, and those that may not end one (Chinese line-breaking rules, 禁则)
NO_LINE_START = frozenset("，。、；：？！）》」』”’】〕…—,.;:?!)]}%")
NO_LINE_END = frozenset("（《「『“‘【〔([{")


def _tokens(chars: list[tuple[str, float]], adjust_pt: float) -> list[tuple[str, float, float]]:
    """The pieces a line may break between, with their widths and size: each CJK character (with the
    punctuation that may not start or end a line held to it), a Latin word, a space."""
    tokens: list[list[Any]] = []
    glue_next = False
    for ch, size in chars:
        width = char_em(ch) * size + adjust_pt
        if tokens and (glue_next or ch in NO_LINE_START
                       or not (breaks_between(ch) or breaks_between(tokens[-1][0][-1]))):
            tokens[-1][0] += ch
            tokens[-1][1] += width
        else:
            tokens.append([ch, width, size])
        glue_next = ch in NO_LINE_END
    return [(text, width, size) for text, width, size in tokens]


def wrap_lines(chars: list[tuple[str, float]], room_pt: float, *, first_pt: float = 0.0,
               adjust_pt: float = 0.0) -> list[str]:
    """How a paragraph of (character, size) pairs wraps in *room_pt*: the text of each line.

    Greedy, as Word and LibreOffice fill a line; a piece wider than the line is split
    between characters. Hard line breaks (``\\n``) start a new line. *first_pt*: the first
    line's own indent; *adjust_pt*: the character spacing added to every character (negative
    when condensed).
    """
    hard_lines: list[list[tuple[str, float]]] = [[]]
    for ch, size in chars:
        if ch == "\n":
            hard_lines.append([])
        else:
            hard_lines[-1].append((ch, size))
    lines: list[str] = []
    for n, segment in enumerate(hard_lines):
        line, used = "", first_pt if n == 0 else 0.0
        for text, width, size in _tokens(segment, adjust_pt):
            if line.strip() and used + width > room_pt + 0.01:
                lines.append(line)
                line, used = "", 0.0
                if text.isspace():
                    continue  # a space at the break is not printed
            if len(text) > 1 and width > room_pt:  # a word wider than the line: split between characters
                for ch in text:
                    w = char_em(ch) * size + adjust_pt
                    if line.strip() and used + w > room_pt + 0.01:
                        lines.append(line)
                        line, used = "", 0.0
                    line, used = line + ch, used + w
                continue
            line += text
            used += width
        lines.append(line)
    return [line.rstrip() for line in lines]
