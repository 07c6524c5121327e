"""What an application encloses: the 证明材料 a form declares, and what the draft keeps of them.

A form declares the items its notice asks for, or the app suggests (``core.formdef.Enclosure`` in
``Submission.enclosures``). The draft keeps, under ``/enclosures``, one record a file (in binding
order within its item), or one record saying an item is handed in on paper:

    {"item": "legal_person_certificate", "title": "创新中心独立法人资格证书复印件",
     "name": "法人证书.pdf", "file": "3fa4c1d2e5f60718-法人证书.pdf", "size": 482113,
     "sha256": "3fa4…", "pages": 2, "type": "pdf"}

``item`` is the declared key, or "" for an item the clerk added (``title`` is then theirs); ``file``
names the file in the draft's store (``core.enclosure_store``), ``size`` and ``sha256`` are what it
was when attached; ``type`` is ``pdf``, ``jpeg``, ``png``, ``tiff`` or ``docx`` — or ``paper``: the
clerk hands this item in on paper, bound by hand (no file, and nothing in the bound PDF).

Every form's root model has the field (``enclosures: Enclosures = enclosures_field()``), of the
kind ``enclosures``: validation judges the records, the JSON Schema states them, the wizard's side
list and 审核 count their problems like any section's. A required item that applies and has no
record is reported like a blank — still to do, with its clause — but as a warning: the documents
can be made without it (the signed 组建协议 is scanned after they are printed), only the bound
submission is incomplete.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

from yn_forms.core.datapath import get_at
from yn_forms.core.enclosure_store import (
    INVALID,
    MAX_ENCLOSURES,
    NOT_SAVED,
    EnclosureError,
    EnclosureStore,
    FileIssue,
    is_digest,
    is_store_name,
)
from yn_forms.core.fields import OfKind, field
from yn_forms.core.formdef import Enclosure, FormDefinition
from yn_forms.core.problems import ENCLOSURE_RULE, Problem

FIELD = "enclosures"
POINTER = "/" + FIELD
TITLE = "证明材料"
PAPER = "paper"
FILE_TYPES = ("pdf", "jpeg", "png", "tiff", "docx")


class EnclosureRecord(TypedDict):
    """One attached file, or one item handed in on paper (see the module's notes)."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]

    item: Annotated[str, Field(title="材料项目")]
    title: Annotated[str, Field(title="材料名称")]
    name: Annotated[str, Field(title="原文件名")]
    file: Annotated[str, Field(title="存放文件名")]
    size: Annotated[int, Field(ge=0, title="字节数")]
    sha256: Annotated[str, Field(title="SHA-256")]
    pages: Annotated[int, Field(ge=0, title="页数")]
    type: Annotated[Literal["pdf", "jpeg", "png", "tiff", "docx", "paper"], Field(title="类型")]


def _check_record(record: EnclosureRecord) -> EnclosureRecord:
    """A record that names its item and, unless it is a paper one, a file of the store with its digest:
    a file name reaching outside the store (``../../etc/passwd``) is refused here, before anything reads it."""
    title = record["title"].strip()
    shown = title or record["name"] or "（未命名）"
    if not title or len(title) > 200:
        raise PydanticCustomError("enclosure_title", "证明材料“{name}”缺少名称或名称过长", {"name": shown})
    if record["type"] == PAPER:
        if record["file"] or record["size"] or record["sha256"]:
            raise PydanticCustomError("enclosure_paper", "纸质材料“{title}”不应带有文件", {"title": shown})
        return record
    if not is_store_name(record["file"]):
        raise PydanticCustomError("enclosure_file",
                                  "证明材料“{title}”的文件名“{file}”无效：只能是证明材料文件夹中的一个文件",
                                  {"title": shown, "file": record["file"]})
    if not is_digest(record["sha256"]) or len(record["name"]) > 255:
        raise PydanticCustomError("enclosure_digest", "证明材料“{title}”的文件记录不完整（原文件名或 SHA-256 无效）",
                                  {"title": shown})
    return record


#: the type of the ``enclosures`` field of every form's root model
Enclosures = Annotated[list[Annotated[EnclosureRecord, AfterValidator(_check_record)]],
                       Field(max_length=MAX_ENCLOSURES), OfKind("enclosures")]

_RECORD = TypeAdapter(Annotated[EnclosureRecord, AfterValidator(_check_record)])


def enclosures_field() -> Any:
    """The ``enclosures`` field every form's root model declares last: not printed in any attachment,
    bound after the documents."""
    return field(TITLE, default_factory=list, required=False, printed=False,
                 help="随申报材料提交的证明材料：扫描件、照片或 PDF，按顺序装订在申报材料之后；"
                      "只交纸质件的，注明纸质件另附。")


# --- declarations -----------------------------------------------------------------------------------


def declared(form: FormDefinition) -> tuple[Enclosure, ...]:
    """The items *form* declares, in binding order."""
    return form.submission.enclosures if form.submission is not None else ()


def declared_item(form: FormDefinition, key: str) -> Enclosure | None:
    return next((e for e in declared(form) if e.key == key), None)


def item_titled(form: FormDefinition, title: str) -> Enclosure | None:
    """The declared item called *title* (``yn-forms pack --enclosure TITLE=FILE``), or None: the clerk's own."""
    return next((e for e in declared(form) if e.title == title.strip()), None)


def applies(enclosure: Enclosure, data: Any) -> bool:
    """Whether *enclosure* belongs to this application (an 企业品牌's 营业执照, not a 区域品牌's)."""
    return all(get_at(data, pointer) == value for pointer, value in enclosure.shown_when)


def records(data: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, record) of each record of ``/enclosures`` that is one (validation reports the others)."""
    found = data.get(FIELD) if isinstance(data, dict) else None
    if not isinstance(found, list):
        return
    for index, record in enumerate(found[:MAX_ENCLOSURES]):
        if isinstance(record, dict) and _well_formed(record):
            yield index, record


def _malformed(data: Any) -> Iterator[tuple[int, Any]]:
    found = data.get(FIELD) if isinstance(data, dict) else None
    if isinstance(found, list):
        yield from ((i, r) for i, r in enumerate(found[:MAX_ENCLOSURES])
                    if not isinstance(r, dict) or not _well_formed(r))


def _well_formed(record: dict[str, Any]) -> bool:
    try:
        _RECORD.validate_python(record)
    except ValidationError:
        return False
    return True


def missing(form: FormDefinition, data: Any) -> list[Enclosure]:
    """The required items that apply and have nothing yet: no file, nor a note that the paper goes with it."""
    given = {record["item"] for _index, record in records(data)}
    return [e for e in declared(form) if e.required and e.key not in given and applies(e, data)]


def blank_problems(form: FormDefinition, data: Any) -> list[Problem]:
    """A 待填写 of each required item still missing, with its clause (a warning: see the module's notes).
    A form whose model keeps no enclosures asks for none (``core.formcheck`` refuses one that declares any)."""
    if FIELD not in form.model.model_fields:
        return []
    return [Problem(POINTER, TITLE, "warning", f"须随申报材料提交“{e.title}”"
                    f"{'（签字盖章后的扫描件）' if e.scan else ''}：请添加文件，或注明纸质件另附（{e.clause}）",
                    ENCLOSURE_RULE) for e in missing(form, data)]


# --- records ----------------------------------------------------------------------------------------


def paper_record(title: str, item: str = "") -> dict[str, Any]:
    """The record of an item handed in on paper only (纸质件另附)."""
    return {"item": item, "title": title, "name": "", "file": "", "size": 0, "sha256": "", "pages": 0, "type": PAPER}


def paper_titles(form: FormDefinition, data: Any) -> list[str]:
    """The titles of the items handed in on paper (纸质件另附), each once, in the draft's order — not a declared
    item this application has no need of (a 区域品牌's certificate marked on an 企业品牌's draft)."""
    titles = []
    for _index, record in records(data):
        item = declared_item(form, record["item"]) if record["item"] else None
        if record["type"] == PAPER and record["title"] and (item is None or applies(item, data)):
            titles.append(str(record["title"]))
    return list(dict.fromkeys(titles))


def on_paper(*items: Enclosure) -> list[dict[str, Any]]:
    """The records of declared *items* handed in on paper (an example application's)."""
    return [paper_record(e.title, e.key) for e in items]


def record_label(record: Any) -> str:
    """How a step of undo names a record: its file's own name, or the item's title and 纸质件."""
    if not isinstance(record, dict):
        return TITLE
    if record.get("type") == PAPER:
        return f"{record.get('title') or TITLE}（纸质件）"
    return str(record.get("name") or record.get("file") or record.get("title") or TITLE)


def same_item(a: Any, b: Any) -> bool:
    """Whether two records belong to one item: the same declared key, or the same title of the clerk's own."""
    if not isinstance(a, dict) or not isinstance(b, dict):
        return False
    return a.get("item") == b.get("item") and (bool(a.get("item")) or a.get("title") == b.get("title"))


def neighbour(data: Any, index: int, step: int) -> int | None:
    """Where 上移 (*step* -1) or 下移 (+1) takes the record at *index*: the place of the nearest record of
    its own item that way, or None at its item's end."""
    found = data.get(FIELD) if isinstance(data, dict) else None
    if not isinstance(found, list) or not 0 <= index < len(found):
        return None
    other = index + step
    while 0 <= other < len(found):
        if same_item(found[other], found[index]):
            return other
        other += step
    return None


# --- binding ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """One item's records in binding order."""

    title: str
    item: str  # the declared key, or "" for the clerk's own
    records: tuple[tuple[int, dict[str, Any]], ...]


def groups(form: FormDefinition, data: Any) -> list[Group]:
    """The items in binding order: the declared ones (that apply) as declared, then the clerk's own in the
    order they were first added; each with its records in list order. A record of an item the form does
    not declare (a later version renamed it) is bound with the clerk's own, under its title."""
    keys = {e.key for e in declared(form)}
    found = list(records(data))
    out = [Group(e.title, e.key, tuple((i, r) for i, r in found if r["item"] == e.key))
           for e in declared(form) if applies(e, data)]
    own: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for index, record in found:
        if record["item"] not in keys:
            own.setdefault(record["title"].strip(), []).append((index, record))
    return [g for g in out if g.records] + [Group(title, "", tuple(items)) for title, items in own.items()]


@dataclass(frozen=True)
class EnclosurePart:
    """One item of the bound pack: its title (the 目录's line and bookmark) and its files, in order."""

    title: str
    item: str
    files: list[Path]
    names: list[str] = dataclasses.field(default_factory=list)  # each file's own name, as the clerk attached it


def _store(draft_path: Path | None, store: EnclosureStore | None) -> EnclosureStore | None:
    return store if store is not None else EnclosureStore.beside(draft_path) if draft_path is not None else None


def file_issues(form: FormDefinition, data: Any, draft_path: Path | None,
                store: EnclosureStore | None = None) -> list[FileIssue]:
    """Every record's file that is missing, changed since attached, or may not be read (a link), in
    binding order; *store* (the wizard's, with the folders files may still be in) before *draft_path*'s."""
    return _located(form, data, _store(draft_path, store))[1]


def _located(form: FormDefinition, data: Any,
             store: EnclosureStore | None) -> tuple[list[EnclosurePart], list[FileIssue]]:
    parts: list[EnclosurePart] = []
    issues = [FileIssue(index, record if isinstance(record, dict) else {}, INVALID,
                        "的记录无效（见“证明材料”的错误），未读取") for index, record in _malformed(data)]
    for group in groups(form, data):
        files, names = [], []
        for index, record in group.records:
            if record["type"] == PAPER:
                continue
            if store is None:
                issues.append(FileIssue(index, record, NOT_SAVED, "找不到：草稿尚未保存，文件不在任何文件夹中"))
                continue
            path, issue = store.locate(index, record)
            if issue is not None:
                issues.append(issue)
            elif path is not None:
                files.append(path)
                names.append(record["name"] or path.name)
        if files:
            parts.append(EnclosurePart(group.title, group.item, files, names))
    return parts, issues


def enclosure_parts(form: FormDefinition, data: Any, draft_path: Path | None, *,
                    store: EnclosureStore | None = None) -> list[EnclosurePart]:
    """The enclosures to bind after the documents, in binding order (declared items as declared, then the
    clerk's own), each file checked to be the one attached; ``EnclosureError`` names every file that is
    not. Items handed in on paper have no part. The files are in the store beside *draft_path* (a draft
    or a JSON file), or in *store* (the wizard's, for a draft not saved yet)."""
    listed = data.get(FIELD) if isinstance(data, dict) else None
    if isinstance(listed, list) and len(listed) > MAX_ENCLOSURES:
        raise EnclosureError(f"证明材料超过 {MAX_ENCLOSURES} 项（现有 {len(listed)} 项），不予装订")
    parts, issues = _located(form, data, _store(draft_path, store))
    if issues:
        raise EnclosureError(issues)
    return parts


def file_problems(form: FormDefinition, data: Any, draft_path: Path | None,
                  store: EnclosureStore | None = None) -> list[Problem]:
    """Each missing or changed file as an error on its record, naming it."""
    return [Problem(f"{POINTER}/{issue.index}", TITLE, "error", issue.message, f"enclosure.{issue.kind}")
            for issue in file_issues(form, data, draft_path, store) if issue.kind != INVALID]  # validation's


def with_file_problems(problems: list[Problem], form: FormDefinition, data: Any,
                       draft_path: Path | None) -> list[Problem]:
    """*problems* (``core.validation.validate``'s) and the files' problems, errors first as validation orders them."""
    found = problems + file_problems(form, data, draft_path)
    return sorted(found, key=lambda p: 0 if p.is_error else 1)
