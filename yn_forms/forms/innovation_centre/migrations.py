"""Drafts the 创新中心 form's earlier versions saved, brought up to this one (``FormDefinition.migrations``)."""

from __future__ import annotations

import copy
from typing import Any

from yn_forms.core.enclosures import FIELD, paper_record
from yn_forms.forms.innovation_centre.model import ENCLOSURES


def enclosures_on_paper(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 → 2. Version 1 had a tick-list of the 相关证明材料 of 四(一)1, ``attachments.supplied``,
    ticked by the clerk once the paper was ready; the enclosures are now items the draft keeps files
    of (``/enclosures``). Each ticked option becomes its item handed in on paper (纸质件另附), so the
    clerk is not asked again for what was ready; an option typed otherwise becomes an item of the
    clerk's own under that text. What cannot be carried over (anything but text in the list, other
    keys) stays under ``attachments``, reported as an unknown field and kept: nothing typed is lost."""
    attachments = data.get("attachments")
    existing = data.get(FIELD, [])
    if not isinstance(attachments, dict) or not isinstance(existing, list):
        return data
    data = copy.deepcopy(data)
    attachments = data["attachments"]
    supplied = attachments.get("supplied", [])
    if not isinstance(supplied, list):
        return data
    keys = {e.title: e.key for e in ENCLOSURES}
    records, left, seen = list(existing), [], set()
    for ticked in supplied:
        if not isinstance(ticked, str):
            left.append(ticked)
        elif ticked.strip() and ticked.strip() not in seen:
            seen.add(ticked.strip())
            records.append(paper_record(ticked.strip(), keys.get(ticked.strip(), "")))
    if left:
        attachments["supplied"] = left
    else:
        attachments.pop("supplied", None)
    if not attachments:
        del data["attachments"]
    if records:
        data[FIELD] = records
    return data
