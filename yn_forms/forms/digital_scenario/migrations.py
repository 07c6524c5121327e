"""Drafts the “数字三品” form's earlier versions saved, brought up to this one (``FormDefinition.migrations``)."""

from __future__ import annotations

from typing import Any


def new_fields_only(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 → 2 adds what a 州（市） looks for and version 1 lacked: the applicant's 所在州（市）, its
    undertaking of 真实性、完整性 (《通知》五(二)) and each joint unit's 分工. Nothing moves and nothing is
    guessed: the 州（市） is not read off the 统一社会信用代码 (a unit registered in one 州（市） may apply in
    another) and an undertaking is the applicant's to give, so the new fields start empty and are asked for."""
    return data
