"""One application's Word attachments as a 州市 department receives them: a folder of files, read whole.

``yn-forms import`` refuses everything at the first file it cannot use: the clerk is making one
draft and must know. A department reading forty folders the week before the deadline needs the
opposite: what can be read is read, and each file that cannot is named with its reason (an old
.doc, a password, another form's attachment, a blank form) while the rest of the folder still
makes its application. Only what would make the application wrong is refused whole: two files
that are the same attachment (two 附件1 — which one counts?), or nothing filled at all.

A folder may hold the applications of several forms a 汇总表 lists (a 消费名品 申报书 and a
“数字三品” case of the same enterprise): each form's files make one application of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from yn_forms.core.formdef import FormDefinition
from yn_forms.render.wordin.importer import (
    WordImport,
    WordImportError,
    assembled,
    open_attachment,
    other_form,
    reading_maps,
    recognised,
)
from yn_forms.render.wordin.readmap import DocumentMap
from yn_forms.render.wordin.values import assemble, says_anything
from yn_forms.render.wordin.words import Reading


@dataclass
class FolderApplication:
    """The files of one form in a folder: read into *imported*, or refused whole with *refused*."""

    form: FormDefinition
    files: list[Path]
    imported: WordImport | None = None
    refused: str | None = None


@dataclass
class FolderReading:
    applications: list[FolderApplication] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # each file not read, with its reason (Chinese)


def read_folder(forms: Sequence[FormDefinition], paths: Sequence[Path], registry: Mapping[str, FormDefinition],
                override_dir: Path | None = None) -> FolderReading:
    """The applications the Word files *paths* make, for the forms *forms* (the 汇总表's own form first,
    then the forms it lists too); a file that is none of theirs, or cannot be read, is a note."""
    maps = {form.id: reading_maps(form, override_dir) for form in forms}
    found: dict[str, list[tuple[Path, list[tuple[DocumentMap, Reading]]]]] = {}
    notes: list[str] = []
    for path in paths:
        try:
            filled = open_attachment(path)
        except WordImportError as exc:
            notes.append(f"{exc}" if str(exc).endswith("。") else f"{exc}。")
            continue
        form = next((f for f in forms if (parts := recognised(maps[f.id], filled))), None)
        if form is None:
            notes.append(_not_ours(path, forms, other_form(filled, registry, [f.id for f in forms])))
            continue
        found.setdefault(form.id, []).append((path, parts))
    reading = FolderReading(notes=notes)
    for form in forms:
        if form.id in found:
            reading.applications.append(_application(form, found[form.id], reading.notes))
    return reading


def _not_ours(path: Path, forms: Sequence[FormDefinition],
              other: tuple[FormDefinition, DocumentMap] | None) -> str:
    if other is not None:
        return f"“{path.name}”是“{other[0].name}”的附件（{other[1].title}），不是“{forms[0].name}”的，未读取。"
    return f"“{path.name}”不是“{forms[0].name}”的附件（其中找不到附件的标题和表格），未读取。"


def _application(form: FormDefinition, files: list[tuple[Path, list[tuple[DocumentMap, Reading]]]],
                 notes: list[str]) -> FolderApplication:
    """One form's files as one application: two files of the same attachment refuse it, blank files are notes."""
    paths = [path for path, _ in files]
    where: dict[str, list[Path]] = {}
    for path, parts in files:
        for document, _ in parts:
            where.setdefault(document.name, [])
            if path not in where[document.name]:
                where[document.name].append(path)
    for document_name, holders in where.items():
        if len(holders) > 1:
            title = next(d.title for _, parts in files for d, _ in parts if d.name == document_name)
            names = "、".join(f"“{p.name}”" for p in holders)
            return FolderApplication(form, paths, refused=f"同一文件夹中有 {len(holders)} 份“{title}”（{names}），"
                                     "无法判断以哪一份为准。请把每份申报的附件放在各自的文件夹中。")
    blank = assemble(form, [])[0]
    readings: list[Reading] = []
    read: list[tuple[Path, str]] = []
    for path, parts in files:
        filled = [(document, r) for document, r in parts if says_anything(r, blank)]
        if not filled:
            titles = "、".join(document.title for document, _ in parts)
            notes.append(f"“{path.name}”（{titles}）中没有填写任何内容，可能是空白的申报表，未读取。")
        for document, r in filled:
            readings.append(r)
            read.append((path, document.title))
    if not readings:
        return FolderApplication(form, paths, refused="其中的附件都没有填写内容")
    return FolderApplication(form, paths, imported=assembled(form, readings, read))
