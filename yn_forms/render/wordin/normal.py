"""Text compared the way a reader compares it, with the way back to what was written.

A label typed by hand differs from the attachment's in ways nobody reading the paper
notices: full-width or half-width colons and brackets, spaces inside (“所 属 领 域”), a
line break, 髙 for 高. Values must still be taken exactly as written, so the normal form
keeps, for each of its characters, where it came from in the original text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

#: characters a clerk uses for one another in labels (the attachments print 髙级 and 高级 alike)
VARIANTS = str.maketrans({"髙": "高", "：": ":", "∶": ":"})
#: marks that tick an option, before or after it
TICKS = frozenset("☑■√✓✔☒⊠▣✗×")
#: marks of an option left unticked
BOXES = frozenset("□☐◻")


@cache
def _normal_char(char: str) -> str:
    """One character as compared (a document has a few hundred distinct ones: each worked out once)."""
    if char == "\n":
        return "\n"
    if char.isspace() or char in "\u200b\ufeff":
        return ""
    return "".join(c for c in unicodedata.normalize("NFKC", char).translate(VARIANTS) if not c.isspace())


def _chars(text: str) -> list[tuple[str, int]]:
    return [(normal, index) for index, char in enumerate(text) for normal in _normal_char(char)]


@dataclass(frozen=True)
class Normal:
    """*original* with spaces dropped and variants unified (line breaks kept); ``span`` maps back."""

    original: str
    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> Normal:
        chars = _chars(original)
        return cls(original, "".join(c for c, _ in chars), tuple(i for _, i in chars))

    def span(self, start: int, end: int) -> str:
        """The original text behind normal characters ``start:end``, spaces inside kept."""
        if start >= end:
            return ""
        return self.original[self.origin[start]:self.origin[end - 1] + 1]


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """A label as compared: no spaces or line breaks, variants unified, a closing colon dropped."""
    return Normal.of(text).text.replace("\n", "").rstrip(":")
