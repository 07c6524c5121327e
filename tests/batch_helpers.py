"""A 州市 department's inbox: good drafts, a draft with errors and the files that are not applications.

Shared by the core, CLI and GUI tests of the 汇总表 (and the screenshot of its page), so
that all three judge the same folder.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from yn_forms.core.draft import draft_document, save_draft
from yn_forms.core.formdef import FormDefinition

# centre names as 州市 departments receive them; 申报2 sorts before 申报10 (natural order)
CENTRE_NAMES = {
    1: "云南省稀贵金属新材料制造业创新中心",
    2: "云南省绿色铝精深加工制造业创新中心",
    3: "云南省高原特色食品制造业创新中心",
    5: "云南省生物医药制造业创新中心",
    8: "云南省光电子信息制造业创新中心",
    10: "云南省新能源电池材料制造业创新中心",
}
WITH_ERRORS_NAME = "云南省数字化装备制造业创新中心"


def centre_application(form: FormDefinition, name: str) -> dict[str, Any]:
    """The example application under another centre name, led by a unit of its own (the 州市 desk names two
    applications of one 牵头单位 as possible duplicates)."""
    data = copy.deepcopy(form.example())
    data["cover"]["centre_name"] = name
    lead = name.removeprefix("云南省").removesuffix("制造业创新中心") + "产业集团有限公司"
    data["cover"]["lead_unit"] = data["basic"]["lead_unit_name"] = data["lead"]["name"] = f"云南{lead}"
    return data


def write_good(folder: Path, form: FormDefinition, names: dict[int, str] = CENTRE_NAMES) -> list[Path]:
    """One complete draft per name, ``申报{n}.ynform``; returned in natural order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, name in sorted(names.items()):
        path = folder / f"申报{number}.ynform"
        save_draft(path, form, centre_application(form, name))
        paths.append(path)
    return paths


def write_with_errors(folder: Path, form: FormDefinition, name: str = WITH_ERRORS_NAME) -> Path:
    """A draft a unit sent before it was finished: a bad mobile number and no 牵头单位 table (errors)."""
    data = centre_application(form, name)
    data["cover"]["mobile"] = "1388888"
    data.pop("lead")
    path = folder / "申报7-未完成.ynform"
    save_draft(path, form, data)
    return path


def write_broken(folder: Path, form: FormDefinition, name: str = "申报4-传输中断.ynform") -> Path:
    """A draft cut off in the middle (a mail attachment that did not arrive whole)."""
    text = json.dumps(draft_document(form, centre_application(form, "截断的中心")), ensure_ascii=False)
    path = folder / name
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    return path
