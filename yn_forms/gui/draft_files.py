"""Where the open draft's 证明材料 files are kept, as the window opens, saves and closes drafts.

A draft saved to a file keeps them in the folder beside it (``申报.证明材料/``); a draft in no file
yet, in the staging folder named after its autosave (``gui.autosave``), which a recovery after a
crash finds again. Files a draft may still name are looked for in the folders it came through:
the staging folder after the first 保存, the old draft's folder after 另存为, the original draft's
folder for a recovered autosave, the folder beside a JSON file opened as a draft. 保存 brings
them all beside the draft (``core.draft.save_draft``) and says what it could not find.

The object holds no reference to the window: the wizard asks it for the store (``store``)
whenever it needs one, and sees the folder change with 另存为.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yn_forms.core.enclosure_store import MISSING_FILE, EnclosureStore, FileIssue, store_folder

if TYPE_CHECKING:
    from yn_forms.core.document import DraftDocument
    from yn_forms.core.formdef import FormDefinition

#: files a message names one by one; the others are counted
LISTED = 8


class DraftFiles:
    """The store of one open draft: beside *path* once it has one, else the staging folder of *token*."""

    def __init__(self, token: str, path: Path | None = None, also: Iterable[Path] = ()) -> None:
        self.staging = EnclosureStore.staging(token).folder
        self.path = path
        self.also = [Path(folder) for folder in also]

    def store(self) -> EnclosureStore:
        """Where files are added now, and looked for."""
        if self.path is None:
            return EnclosureStore(self.staging, also=self.also)
        return EnclosureStore.beside(self.path, also=[*self.also, self.staging])

    def sources(self) -> list[Path]:
        """Every folder 保存 may bring a file from."""
        store = self.store()
        return [store.folder, *store.also]

    def saved(self, path: Path) -> None:
        """The draft is now the file at *path*: the folder it was beside before stays a place to look."""
        if self.path is not None and store_folder(self.path) != store_folder(path):
            self.also.insert(0, store_folder(self.path))
        self.path = path


def issues_text(issues: list[FileIssue]) -> str:
    """The files named one a line, with their item and why (at most ``LISTED``, then how many more); where a
    missing file should be is said once, by the caller."""
    lines = []
    for issue in issues[:LISTED]:
        name = issue.record.get("name") or issue.record.get("file") or "（未命名）"
        why = "找不到" if issue.kind == MISSING_FILE else issue.reason
        lines.append(f"· {name}（{issue.record.get('title') or '证明材料'}）：{why}")
    if len(issues) > LISTED:
        lines.append(f"……另有 {len(issues) - LISTED} 个文件")
    return "\n".join(lines)


def missing_files_text(form: FormDefinition, data: dict[str, Any], path: Path, store: EnclosureStore | None) -> str:
    """What a draft opened without its folder of 证明材料 (sent alone, moved apart) says of every file it
    lacks; '' when it lacks none."""
    from yn_forms.core.enclosures import file_issues

    issues = file_issues(form, data, path, store)
    if not issues:
        return ""
    return (f"草稿已打开，但有 {len(issues)} 个证明材料文件找不到或已改动：\n{issues_text(issues)}\n\n"
            f"草稿应与文件夹“{store_folder(path).name}”（在草稿旁边）一起复制或移动。"
            "这些文件也列在“证明材料”页和“审核”页中。")


def draft_name(form: FormDefinition, document: DraftDocument) -> str:
    """A new draft is named after the application (创新中心名称, 案例名称…), as the clerk would."""
    from yn_forms.core.conditions import title_of  # pydantic: not before a draft is open (the start window)

    title = title_of(form, document.data)  # the title field that applies (a 区域品牌's own brand)
    return (re.sub(r'[\\/:*?"<>|]+', "", title)[:60] or "申报草稿") if title else "申报草稿"
