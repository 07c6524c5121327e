"""Dates and months as clerks type them, and as the forms print them.

A clerk types a date the way it is written on paper — “2019年5月6日”, “2019.5.6”,
“2019/05/06”, “20190506” — or copies an ISO date from another file; a month as
“2026年11月”, “2026.11”, “202611”. All of them are understood; the draft keeps the
ISO form (2019-05-06, 2026-11) the command line reads, and the wizard shows the value
the way the attachment prints it (2019年5月6日, 2026年11月).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_DAY = re.compile(r"(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*(?:月|[-./])\s*(\d{1,2})\s*日?")
_DAY_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH = re.compile(r"(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*月?")
_MONTH_DIGITS = re.compile(r"(\d{4})(\d{2})")


def _normal(text: str) -> str:
    # full-width digits and punctuation typed with a Chinese IME are the same characters
    return unicodedata.normalize("NFKC", text).strip()


def parse_day(text: str) -> date | None:
    """The date *text* names, or None when it names none."""
    cleaned = _normal(text)
    match = _DAY.fullmatch(cleaned) or _DAY_DIGITS.fullmatch(cleaned)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def parse_month(text: str) -> str | None:
    """The month *text* names as ``YYYY-MM``, or None."""
    cleaned = _normal(text)
    match = _MONTH.fullmatch(cleaned) or _MONTH_DIGITS.fullmatch(cleaned)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"


def show_day(value: str) -> str:
    """An ISO date as the form prints it (2019年5月6日); anything else as it stands."""
    day = parse_day(value) if isinstance(value, str) else None
    return f"{day.year}年{day.month}月{day.day}日" if day else value


def show_month(value: str) -> str:
    month = parse_month(value) if isinstance(value, str) else None
    if month is None:
        return value
    year, number = month.split("-")
    return f"{int(year)}年{int(number)}月"
