"""Loading many applications at once, for the 汇总表 a 州市 department fills.

A department receives drafts (.ynform) and JSON files by e-mail or on a USB stick,
and some of them will be damaged, empty, another form's draft or not an application
at all. Each file is judged on its own: a bad one becomes a row that says why it was
skipped, in Chinese, and never stops the others. A usable one is validated once; the
model that validation built is kept so that the 汇总表 prints its row from it instead
of building it again (for 1,000 applications that is the difference that matters).

``yn-forms summary`` and the GUI's 汇总表 page both load through ``load_many``, so
they agree on which files are used and why the others are not.

A folder is scanned for ``*.ynform`` and ``*.json`` files in name order (申报2 before
申报10), not into its subfolders unless asked (``recursive=True``; the GUI has a
check box): a department that keeps each enterprise's mail in a folder of its own can
ask for them, one that keeps its own notes in a subfolder is not surprised.
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from yn_forms.core.draft import DRAFT_SUFFIX, DraftError, ForeignDraft, load_for_form
from yn_forms.core.formdef import FormDefinition
from yn_forms.core.links import Resolution
from yn_forms.core.oserrors import os_reason
from yn_forms.core.problems import Problem
from yn_forms.core.recognise import fits, foreign_reason
from yn_forms.core.screening import Identity, Screening
from yn_forms.core.validation import judge

SCANNED_SUFFIXES = (DRAFT_SUFFIX, ".json")


_PACKED = "_packed_data"  # where a handed-over item keeps its data until asked for it


@dataclass
class BatchItem:
    """One file handed to the summary: its data and problems, or why it is skipped."""

    path: Path
    data: dict[str, Any] | None  # None: skipped, see reason
    reason: str | None  # why the file is skipped (Chinese), None when it is used
    problems: list[Problem] = field(default_factory=list)
    saved_at: str | None = None  # the draft's own 保存时间, else the file's modification time
    migrated_from: int | None = None  # an older schema_version the data was upgraded from
    model: BaseModel | None = field(default=None, repr=False)  # the model validation built
    form_id: str | None = None  # the form it was read as: the summary's own, or one of its parts'
    source: str = ""  # how the clerk knows it, when not by its file's name: 企业A/ (Word files), 企业A.zip › …
    # --- what the 州市 desk adds (render.desk) --------------------------------------------------------
    word: bool = False  # read from Word files: the wizard opens it as a new draft, not read-only
    notes: list[str] = field(default_factory=list)  # files of it that could not be read, each with why
    cells: list[str] | None = field(default=None, repr=False)  # its 汇总表 row, worked out as it was read
    screening: Screening | None = None  # the 初审
    identity: Identity | None = None  # its name, 申报单位 and that unit's code
    duplicates: list[str] = field(default_factory=list)  # other applications sharing them, named
    number: int = 0  # its 序号 in the 汇总表 and the 初审 (each form's applications counted on their own)
    key: str = ""  # the same file or folder handed in again is this one (render.intake)
    # the data with its linked places filled, as validation saw them: the 初审 reads it, then lets it go
    resolution: Resolution | None = field(default=None, repr=False)

    def __iter__(self):
        """``path, data, reason, problems = item``: the four things every caller needs."""
        return iter((self.path, self.data, self.reason, self.problems))

    def __getstate__(self) -> dict[str, Any]:
        """As a worker process hands it back (``render.desk``): the data packed in one marshal string, unpacked
        where it is first asked for. Pickled as objects, a thousand applications' data cost the worker and this
        process ≈ 0.5 s of CPU between them, and a summary never looks at it again (the wizard does, to open one)."""
        state = self.__dict__.copy()
        if state.get("data") is not None:
            try:
                state[_PACKED] = marshal.dumps(state.pop("data"))
            except ValueError:  # not plain JSON values (never from a file or a Word folder): as it is
                state["data"] = self.data
        return state

    def __getattr__(self, name: str) -> Any:
        """The data, unpacked when first asked for (see ``__getstate__``)."""
        packed = self.__dict__.pop(_PACKED, None) if name == "data" else None
        if packed is None:
            raise AttributeError(name)
        self.data = marshal.loads(packed)
        return self.data

    @property
    def shown(self) -> str:
        """Where it came from, as the clerk knows it: the folder of Word files, the zip, the file."""
        return self.source or self.path.name

    @property
    def skipped(self) -> bool:
        return _PACKED not in self.__dict__ and self.data is None  # packed: there is data, left packed

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def short_reason(self) -> str:
        """The reason without the path most messages end with: the table shows the file already."""
        reason = self.reason or ""
        for tail in (f"：{self.path}", f" {self.path}"):
            if reason.endswith(tail):
                return reason[: -len(tail)]
        return reason

    @property
    def status(self) -> str:
        """无问题 / 3个错误 / 2个警告 / 已跳过：原因 — what the 状态 column says."""
        if self.skipped:
            return f"已跳过：{self.short_reason}"
        if self.errors:
            return f"{self.errors}个错误" + (f"，{self.warnings}个警告" if self.warnings else "")
        return f"{self.warnings}个警告" if self.warnings else "无问题"


def natural_key(path: Path) -> list[Any]:
    """申报2 before 申报10, as Windows Explorer orders them."""
    return [(0, int(part), "") if part.isdecimal() else (1, 0, part.lower())
            for part in re.split(r"(\d+)", path.name)]


def _is_candidate(path: Path) -> bool:
    """An application file in a scanned folder: not a hidden file, not an office lock file."""
    return (path.suffix.lower() in SCANNED_SUFFIXES and not path.name.startswith((".", "~$"))
            and path.is_file())


def scan_folder(folder: Path, recursive: bool = False) -> list[Path]:
    """The ``*.ynform`` and ``*.json`` files in *folder* (and its subfolders if *recursive*), in name order."""
    found = folder.rglob("*") if recursive else folder.iterdir()
    files = [p for p in found if _is_candidate(p)]
    return sorted(files, key=lambda p: (natural_key(p.parent) if recursive else [], natural_key(p)))


def _foreign_draft(form: FormDefinition, form_id: str, forms: Mapping[str, FormDefinition]) -> str:
    """Another form's draft, named as the clerk knows it (the draft file only holds its id)."""
    other = forms.get(form_id)
    whose = f"“{other.name}”" if other is not None else f"另一种申报表（{form_id}）"
    return f"这是{whose}的申报草稿，不是“{form.name}”的"


def _modified(path: Path) -> str | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).astimezone().isoformat(timespec="seconds")
    except (OSError, ValueError, OverflowError):
        return None


def load_one(form: FormDefinition, path: Path, forms: Mapping[str, FormDefinition] | None = None) -> BatchItem:
    """Read and validate one file; every failure becomes a skipped item with its reason.

    *forms* (the registry, ``yn_forms.forms.FORMS``; core does not import it) lets the
    reason name the form another draft or data file belongs to.
    """
    path = Path(path)
    forms = forms or {}
    parts = part_forms(form, forms)
    try:
        loaded = load_for_form(path, form)
    except ForeignDraft as exc:
        if exc.form_id in parts:  # a 数字三品 case handed to the 方阵's 汇总表
            return load_one(parts[exc.form_id], path, forms)
        return BatchItem(path, None, f"{_foreign_draft(form, exc.form_id, forms)}：{path}")
    except DraftError as exc:
        return BatchItem(path, None, str(exc))
    except RecursionError:  # a migration step meeting absurdly nested data
        return BatchItem(path, None, f"文件已损坏或不是申报数据，无法读取：{path}")
    if loaded.form_id is None:
        foreign = foreign_reason(form, loaded.data, forms)
        if foreign is not None:
            other = next((f for f in parts.values() if loaded.data and fits(f, loaded.data)), None)
            if other is not None:
                return load_one(other, path, forms)
            return BatchItem(path, None, f"{foreign}：{path}")
    try:
        judgement = judge(form, loaded.data)
    except Exception as exc:  # a bug met by one odd file must not stop a summary of hundreds
        return BatchItem(path, None, f"检查此文件时出现意外错误（{type(exc).__name__}：{exc}）：{path}")
    return BatchItem(path, loaded.data, None, judgement.problems, loaded.saved_at or _modified(path),
                     loaded.migrated_from, judgement.model, form.id, resolution=judgement.resolution)


def part_forms(form: FormDefinition, forms: Mapping[str, FormDefinition]) -> dict[str, FormDefinition]:
    """The other forms whose applications *form*'s 汇总表 lists too (the 方阵's 数字三品 cases)."""
    summary = form.summary
    return {p.form_id: forms[p.form_id] for p in (summary.parts if summary else ()) if p.form_id in forms}


def items_by_form(items: Iterable[BatchItem]) -> dict[str, list[BatchItem]]:
    """The used items, grouped by the form each was read as, in order: the rows of each sheet of
    the 汇总表, so that a row (a value cut to fit its cell) can be traced to its file."""
    out: dict[str, list[BatchItem]] = {}
    for item in items:
        if not item.skipped and item.model is not None and item.form_id is not None:
            out.setdefault(item.form_id, []).append(item)
    return out


def models_by_form(items: Iterable[BatchItem]) -> dict[str, list[BaseModel]]:
    """The models of the used items, grouped by the form each was read as, in order."""
    return {form_id: [item.model for item in used if item.model is not None]
            for form_id, used in items_by_form(items).items()}



def same_file_key(path: Path) -> str:
    """The same file added twice (by name and through its folder) is one application, not two rows."""
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return str(Path(path).absolute())


def expand(paths: Iterable[Path], recursive: bool = False) -> list[Path | BatchItem]:
    """Files as given and the files of each folder, each file once; a folder with none is an item saying so."""
    out: list[Path | BatchItem] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = same_file_key(path)
        if key not in seen:
            seen.add(key)
            out.append(path)

    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            add(path)
            continue
        try:
            files = scan_folder(path, recursive)
        except OSError as exc:
            out.append(BatchItem(path, None, f"无法读取文件夹 {path}：{os_reason(exc)}"))
            continue
        if not files:
            out.append(BatchItem(path, None, f"文件夹中没有申报文件（*{DRAFT_SUFFIX}、*.json）：{path}"))
        for file in files:
            add(file)
    return out


def load_many(form: FormDefinition, paths: Iterable[Path], recursive: bool = False,
              forms: Mapping[str, FormDefinition] | None = None) -> list[BatchItem]:
    """Every file of *paths* (folders scanned, see the module doc) read and validated, in order.

    Never raises for a bad file: each one is an item with ``data=None`` and its reason.
    *forms* is the registry, so that another form's file is named (see ``load_one``).
    """
    return [entry if isinstance(entry, BatchItem) else load_one(form, entry, forms)
            for entry in expand(paths, recursive)]
