"""Filled attachments in, one draft's data out: opening each file, knowing which attachment it is.

A file is refused with a sentence the clerk can act on — an old .doc, a password, a damaged
file, another form's attachment (named), a blank one — before anything is read into a draft.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.opc.exceptions import PackageNotFoundError

from yn_forms.core.datapath import get_in
from yn_forms.core.formdef import FormDefinition
from yn_forms.core.inputfile import MISSING, InputFileError, read_regular
from yn_forms.core.items import item_noun
from yn_forms.core.operations import new_item
from yn_forms.core.problems import pointer, pointer_parts
from yn_forms.core.wording import describe, lookup_in
from yn_forms.render.docxguard import DeclaresDtd, UnsafeDocx, check_archive
from yn_forms.render.templates import document_templates
from yn_forms.render.wordin.docxbody import TooMuchMarkup, read_filled
from yn_forms.render.wordin.filled import Filled
from yn_forms.render.wordin.keptmap import document_map
from yn_forms.render.wordin.reader import could_be, read_document
from yn_forms.render.wordin.readmap import DocumentMap
from yn_forms.render.wordin.stopping import Stopped
from yn_forms.render.wordin.values import assemble, says_anything
from yn_forms.render.wordin.words import Reading
from yn_forms.render.wordkind import other_word_kind, refusal

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
DOCUMENT_BUDGET = 64 << 20  # bytes of word/document.xml unpacked
PACKAGE_BUDGET = 256 << 20  # bytes of the whole package unpacked
RECOGNISED = 0.5  # share of an attachment's headings and tables a file must show to be taken for it


class WordImportError(Exception):
    """A file that cannot be imported; the message says why, in Chinese, naming the file."""


class NotThisForm(WordImportError):
    """A readable file that is not an attachment of the form asked for; *other* is the form it belongs to,
    when it is one of ours (the command line then says which command would read it)."""

    def __init__(self, message: str, other: str | None = None) -> None:
        super().__init__(message)
        self.other = other


@dataclass
class Unread:
    pointer: str
    label: str  # the field as the form names it


@dataclass
class WordImport:
    data: dict[str, Any]
    unread: list[Unread] = field(default_factory=list)
    read: list[tuple[Path, str]] = field(default_factory=list)  # each file and the attachment it is
    readings: list[Reading] = field(default_factory=list)

    def found(self, ptr: str) -> bool:
        """Whether the files said anything at *ptr* or inside it (an empty cell counts: it was there)."""
        parts = pointer_parts(ptr)
        for reading in self.readings:
            paths = [*reading.values, *reading.ticks, *(p for targets, _ in reading.chosen for _, p in targets),
                     *reading.fallbacks]
            if any(path[:len(parts)] == parts for path in paths):
                return True
        return False


def open_filled(path: Path) -> Filled:
    """A .docx as the reader needs it; anything else refused with the reason.

    Read through the project's one file reader (regular files only, 64 MB at most: a pipe is
    not waited on) and the templates' zip check, with a filled application's own caps."""
    name = path.name
    try:
        data = read_regular(path)
    except InputFileError as exc:
        reason = f"找不到文件：{path}" if exc.kind == MISSING else f"无法读取“{name}”：{exc.reason}"
        raise WordImportError(reason) from None
    suffix = path.suffix.lower()
    if suffix == ".wps":
        raise WordImportError(f"“{name}”是 WPS 文字格式（.wps），无法直接读取。请先在 WPS 中另存为 .docx 再导入。")
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED in data:
            raise WordImportError(f"“{name}”设有打开密码，无法读取。请在 Word/WPS 中打开它，"
                                  "取消密码后另存为 .docx 再导入。")
        raise WordImportError(f"“{name}”是旧版 Word 文件（.doc），无法直接读取。"
                              "请先在 Word/WPS 中另存为 .docx 再导入。")
    renamed = suffix == ".doc" and data.startswith(b"PK\x03\x04")  # a .docx renamed: read as what it is
    if suffix == ".doc" and not renamed:
        raise WordImportError(f"“{name}”不是有效的 .doc 文件。请在 Word/WPS 中另存为 .docx 再导入。")
    if suffix != ".docx" and not renamed:
        raise WordImportError(f"“{name}”不是 Word 文件（.docx），无法导入。请选择填好的申报材料 .docx 文件。")
    try:
        check_archive(data, xml_cap=DOCUMENT_BUDGET, total_cap=PACKAGE_BUDGET)
    except DeclaresDtd as exc:
        raise WordImportError(f"“{name}”不能读取：{exc}。") from None
    except UnsafeDocx as exc:  # a filled 申报书 of 20 units is well under a megabyte unpacked
        raise WordImportError(f"“{name}”解压后过大（{exc}），不像填好的申报材料，未读取。") from None
    try:
        return read_filled(data)
    except TooMuchMarkup as exc:
        raise WordImportError(f"“{name}”中的格式标记超过 {exc} 个，不像填好的申报材料，未读取。") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError):
        kind = other_word_kind(data)  # a .docm or .dotx renamed: sound, and named for what it is
        if kind is not None:
            raise WordImportError(refusal(name, kind)) from None
        raise WordImportError(f"“{name}”已损坏或不是有效的 Word 文件（.docx），无法读取。"
                              "请在 Word/WPS 中打开并重新保存后再试。") from None
    except Stopped:
        raise
    except Exception:  # lxml and zip errors of a truncated file come in many classes
        raise WordImportError(f"“{name}”已损坏，无法读取。请在 Word/WPS 中打开并重新保存后再试。") from None


def open_attachment(path: Path) -> Filled:
    """A filled attachment opened, or refused; a template (its ``{{ }}`` tags still in it) is no filled one."""
    filled = open_filled(path)
    if filled.has_template_syntax():
        raise WordImportError(f"“{path.name}”是模板文件（含 {{{{ }}}} 占位符），不是填好的申报材料。")
    return filled


def reading_maps(form: FormDefinition, override_dir: Path | None = None) -> list[DocumentMap]:
    """The reading map of each Word attachment of *form*, from the templates in use (a replaced template
    is read the way it prints; one that cannot be read is reported, naming it)."""
    top = frozenset(form.model.model_fields)
    maps = []
    for source in document_templates(form, override_dir):
        try:
            maps.append(document_map(source.path, source.name, source.title, top))
        except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError):
            raise WordImportError(f"{source.label}“{source.name}”无法读取，不能据此识别填好的附件。"
                                  f"请修改或删除此文件（{source.path}）。") from None
    return maps


def recognised(maps: list[DocumentMap], filled: Filled) -> list[tuple[DocumentMap, Reading]]:
    """Each attachment the file is (most often one; a whole application saved as one file, several). Only the
    maps whose headings and tables the file may show are read (``could_be``): a file of another form, or of
    none, is not read through by each map of every form."""
    readings = [(m, read_document(m, filled)) for m in maps if could_be(m, filled, RECOGNISED)]
    return [(m, r) for m, r in readings if r.score >= RECOGNISED]


def other_form(filled: Filled, forms: Mapping[str, FormDefinition], besides: Sequence[str]
               ) -> tuple[FormDefinition, DocumentMap] | None:
    """The form (of the registry *forms*, other than those *besides*) whose attachment *filled* is, if any."""
    for other_id in forms:
        if other_id in besides:
            continue
        other = forms[other_id]
        found = recognised(reading_maps(other), filled)
        if found:
            return other, found[0][0]
    return None


def import_documents(form: FormDefinition, paths: Sequence[Path], forms: Mapping[str, FormDefinition],
                     override_dir: Path | None = None) -> WordImport:
    """Read every file of *paths* as an attachment of *form*; raises ``WordImportError`` at the first
    file that cannot be used, before anything is returned (nothing half-imported)."""
    maps = reading_maps(form, override_dir)
    blank = assemble(form, [])[0]
    readings: list[Reading] = []
    read: list[tuple[Path, str]] = []
    for path in paths:
        path = Path(path)
        filled = open_attachment(path)
        found = recognised(maps, filled)
        if not found:
            other = other_form(filled, forms, (form.id,))
            if other is not None:
                raise NotThisForm(
                    f"“{path.name}”是“{other[0].name}”的附件（{other[1].title}），不是“{form.name}”的。",
                    other[0].id)
            titles = "、".join(m.title for m in maps)
            raise NotThisForm(f"“{path.name}”不是“{form.name}”的附件（{titles}）：其中找不到这些附件的标题和表格。")
        filled_parts = [(doc, reading) for doc, reading in found if says_anything(reading, blank)]
        if not filled_parts:
            titles = "、".join(doc.title for doc, _ in found)
            raise WordImportError(f"“{path.name}”（{titles}）中没有填写任何内容，可能是空白的申报表。")
        for doc, reading in filled_parts:
            readings.append(reading)
            read.append((path, doc.title))
    return assembled(form, readings, read)


def assembled(form: FormDefinition, readings: list[Reading], read: list[tuple[Path, str]]) -> WordImport:
    """The draft data *readings* give, with the places none of them could read named as the form names them."""
    data, missed = assemble(form, readings)
    lookup = lookup_in(data)
    unread = [Unread(pointer(p), describe(form.model, p, lookup)) for p in missed]
    return WordImport(data, unread, read, readings)


def import_items(form: FormDefinition, list_pointer: str, paths: Sequence[Path],
                 override_dir: Path | None = None) -> tuple[list[Any], list[tuple[Path, int]]]:
    """The items of the list at *list_pointer* (成员单位) that *paths* hold — one 表3 or one unit's part per
    file, or several — and how many each file gave. A file giving none is refused, naming the table."""
    maps = reading_maps(form, override_dir)
    parts = pointer_parts(list_pointer)
    items: list[Any] = []
    counts: list[tuple[Path, int]] = []
    for path in paths:
        path = Path(path)
        filled = open_attachment(path)
        readings = [r for r in (read_document(m, filled) for m in maps)
                    if any(p[:len(parts)] == parts for p in (*r.values, *r.ticks))]
        found = get_in(assemble(form, readings)[0], parts, []) if readings else []
        empty = new_item(form, list_pointer)
        mine = [item for item in (found if isinstance(found, list) else []) if item != empty]
        if not mine:
            raise WordImportError(f"“{path.name}”中没有找到填写了内容的{item_noun(form, list_pointer)}表格。")
        items += mine
        counts.append((path, len(mine)))
    return items, counts
