"""A complete, valid application (being written)."""

from __future__ import annotations

from typing import Any


def example() -> dict[str, Any]:
    return {}
