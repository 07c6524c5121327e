"""Text clean-up shared by validation and rendering.

Word files are XML 1.0, which cannot hold most C0 control characters; a pasted
text may still carry them (from PDFs, web pages or Excel). The draft keeps the
text exactly as typed; only the printed copy drops what XML cannot carry, and the
validator warns the user about it first.

Two other kinds of character are judged here, for validation to report on their field:

- a lone surrogate (``\ud800``: half of a character, which a damaged file or a broken
  converter leaves behind) is an error — the character it belonged to is lost, and a
  name printed without it is a wrong name on an official document;
- the bidirectional controls that reorder what follows them — embeddings and overrides
  U+202A–U+202E, isolates U+2066–U+2069 — are a warning: U+202E shows “1202” as “2021”
  on screen and on paper, so a figure or a name can read differently from what is stored.
  The marks U+200E/U+200F are not: they only set the direction of neutral characters next
  to them, cannot reorder letters or digits, and Windows itself puts them into copied
  dates. Nor are the joiners U+200C/U+200D, which emoji and some scripts need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from yn_forms.core.problems import Severity

# Characters XML 1.0 forbids, plus the non-characters U+FFFE/U+FFFF and lone surrogates.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


_SURROGATE = re.compile("[\ud800-\udfff]")
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ANY_ODD = re.compile(f"{_XML_INVALID.pattern}|{_BIDI_CONTROL.pattern}")  # one search for the common case: none


@dataclass(frozen=True)
class CharacterIssue:
    """What validation reports on a field whose text holds characters of one of the kinds above."""

    severity: Severity
    code: str  # the problem's rule is ``field.<code>``
    message: str


def _code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def character_issue(text: str) -> CharacterIssue | None:
    """The most serious odd character of *text*, if any (the module's notes say which are odd)."""
    if not _ANY_ODD.search(text):
        return None
    if match := _SURROGATE.search(text):
        return CharacterIssue("error", "broken_character",
                              f"含有残缺的字符（{_code_point(match.group())}，通常来自损坏的文件或转换出错的数据），"
                              "请删除后重新输入这段文字")
    if _XML_INVALID.search(text):
        return CharacterIssue("warning", "control_chars", "含有不可打印的控制字符，生成文档时将被删除")
    if match := _BIDI_CONTROL.search(text):
        return CharacterIssue("warning", "bidi_control",
                              f"含有改变文字显示方向的控制字符（{_code_point(match.group())}），"
                              "屏幕上和打印出的文字顺序可能与实际内容不同，请核对后删除")
    return None


def has_odd_characters(text: str) -> bool:
    """Whether *text* holds any character ``character_issue`` tells: one search, for the common case of none."""
    return _ANY_ODD.search(text) is not None


def printable(text: str) -> str:
    """Text as it can stand in a Word or Excel file: line ends unified, control characters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_INVALID.sub("", text)


def paragraphs(text: str) -> list[str]:
    """Split a multi-line answer into the paragraphs the user typed (blank lines dropped)."""
    return [line.strip() for line in printable(text).split("\n") if line.strip()]
