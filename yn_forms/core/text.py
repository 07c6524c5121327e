"""Text clean-up shared by validation and rendering.

Word files are XML 1.0, which cannot hold most C0 control characters; a pasted
text may still carry them (from PDFs, web pages or Excel). The draft keeps the
text exactly as typed; only the printed copy drops what XML cannot carry, and the
validator warns the user about it first.
"""

from __future__ import annotations

import re

# Characters XML 1.0 forbids, plus the non-characters U+FFFE/U+FFFF and lone surrogates.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def has_unprintable(text: str) -> bool:
    return _XML_INVALID.search(text) is not None


def printable(text: str) -> str:
    """Text as it can stand in a Word or Excel file: line ends unified, control characters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_INVALID.sub("", text)


def paragraphs(text: str) -> list[str]:
    """Split a multi-line answer into the paragraphs the user typed (blank lines dropped)."""
    return [line.strip() for line in printable(text).split("\n") if line.strip()]
