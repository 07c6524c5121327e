"""Text compared the way a reader compares it, with the way back to what was written.

A label typed by hand differs from the attachment's in ways nobody reading the paper
notices: full-width or half-width colons and brackets, spaces inside (“所 属 领 域”), a
line break, 髙 for 高. Values must still be taken exactly as written, so the normal form
keeps the way back to where each of its characters came from in the original text.

A filled file may hold tens of millions of characters (a pasted book, or an attack), so
both cost a small multiple of the text and no Python object per character: the normal
form is made by ``str.translate`` in C, each distinct character worked out once; the way
back is worked out only for the two ends of a value taken, by walking one block of the
original from a table of where each block's normal text begins.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from yn_forms.render.wordin.stopping import checkpoint

#: characters a clerk uses for one another in labels (the attachments print 髙级 and 高级 alike)
VARIANTS = str.maketrans({"髙": "高", "：": ":", "∶": ":"})
#: marks that tick an option, before or after it
TICKS = frozenset("☑■√✓✔☒⊠▣✗×")
#: marks of an option left unticked
BOXES = frozenset("□☐◻")
CHUNK = 1 << 20  # characters normalised at a time: a stop asked for is honoured between chunks
BLOCK = 4096  # characters of the original walked at most to find where a normal character came from
KEPT = 256  # longest text whose key is remembered (labels and cells; never a pasted book)


@cache
def _normal_char(char: str) -> str:
    """One character as compared (a document has a few hundred distinct ones: each worked out once)."""
    if char == "\n":
        return "\n"
    if char.isspace() or char in "\u200b\ufeff":
        return ""
    return "".join(c for c in unicodedata.normalize("NFKC", char).translate(VARIANTS) if not c.isspace())


class _Table(dict[int, str]):
    """``_normal_char`` as ``str.translate`` asks for it: by code point, filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _normal_char(chr(code))
        return value


_TABLE = _Table()
#: ASCII is its own NFKC form: only its white space (a line break apart) goes
_ASCII_SPACES = bytes(c for c in range(128) if chr(c).isspace() and chr(c) != "\n")


def _normalise(text: str) -> str:
    if text.isascii():
        return text.encode("ascii").translate(None, _ASCII_SPACES).decode("ascii")
    return text.translate(_TABLE)


def normalise(text: str) -> str:
    """*text* with spaces dropped and variants unified (line breaks kept), character by character."""
    if len(text) <= CHUNK:
        return _normalise(text)
    parts = []
    for at in range(0, len(text), CHUNK):
        checkpoint()
        parts.append(_normalise(text[at:at + CHUNK]))
    return "".join(parts)


@dataclass(frozen=True)
class Normal:
    """*original* with spaces dropped and variants unified (line breaks kept); ``span`` maps back."""

    original: str
    text: str

    @classmethod
    def of(cls, original: str) -> Normal:
        return cls(original, normalise(original))

    def span(self, start: int, end: int) -> str:
        """The original text behind normal characters ``start:end``, spaces inside kept."""
        if start >= end:
            return ""
        return self.original[self._origin(start):self._origin(end - 1) + 1]

    @cached_property
    def _blocks(self) -> list[int]:
        """Where the normal text of each ``BLOCK`` of the original begins (worked out on the first span)."""
        if len(self.original) <= BLOCK:
            return [0]
        starts, count = [], 0
        for at in range(0, len(self.original), BLOCK):
            if at % CHUNK == 0:
                checkpoint()
            starts.append(count)
            count += len(_normalise(self.original[at:at + BLOCK]))
        return starts

    def _origin(self, index: int) -> int:
        """Where in the original normal character *index* came from."""
        block = bisect_right(self._blocks, index) - 1
        count = self._blocks[block]
        for at in range(block * BLOCK, len(self.original)):
            count += len(_TABLE[ord(self.original[at])])
            if count > index:
                return at
        raise IndexError(index)


def _key(text: str) -> str:
    normal = normalise(text)
    if len(normal) > CHUNK:  # each copy of a pasted book takes a while: a stop may come between them
        checkpoint()
    return normal.replace("\n", "").rstrip(":")


@lru_cache(maxsize=8192)
def _kept_key(text: str) -> str:
    return _key(text)


def key(text: str) -> str:
    """A label as compared: no spaces or line breaks, variants unified, a closing colon dropped."""
    return _kept_key(text) if len(text) <= KEPT else _key(text)
