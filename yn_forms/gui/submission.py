"""The whole submission in the wizard: the bound 申报材料 as 生成申报材料, 预览 and 盖章扫描件… make it.

The bound PDF is one more step of the production path (``render.pack.step.PackStep``), handed to
``render.documents.produce`` with the documents: one LibreOffice call converts the documents as the
pack binds them, the 目录, the Word 证明材料 and — ``document_pdfs`` — the documents' own PDFs, so
生成申报材料 costs one call with the pack as it did without it. The 证明材料 are the draft's, read
from its store (``gui.draft_files``) and checked before anything is made; one that cannot be bound
(missing, changed since attached, refused) leaves the pack out, and the documents and their PDFs
are made as before, the note saying why there is no 装订版. Without LibreOffice the Word files are
written and the note says why there is no PDF — as without the pack.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yn_forms.core.enclosure_store import EnclosureStore
from yn_forms.core.formdef import FormDefinition

if TYPE_CHECKING:
    from yn_forms.render.documents import Produced
    from yn_forms.render.fonts import FontReport
    from yn_forms.render.pack.parts import BoundItem, Replacement
    from yn_forms.render.pack.step import PackStep

#: the upload copy's size limit the clerk is offered first (MB, as online systems state them)
DEFAULT_UPLOAD_MB = 10.0
UPLOAD_KEY, UPLOAD_MB_KEY = "generate/upload", "generate/upload_mb"


def bound_items(form: FormDefinition, data: dict[str, Any],
                store: EnclosureStore | None) -> tuple[list[BoundItem], str]:
    """The draft's 证明材料 read and checked for binding, and "" — or none, and why they cannot be bound."""
    from yn_forms.core.enclosures import EnclosureError, enclosure_parts
    from yn_forms.render.enclosures import EnclosureFileError
    from yn_forms.render.pack.parts import read_parts

    try:
        parts = enclosure_parts(form, data, None, store=store) if store is not None else []
        return read_parts(parts), ""
    except EnclosureError as exc:
        if not exc.issues:
            return [], str(exc).rstrip("。") + "。"
        names = "、".join(f"“{i.record.get('name') or i.record.get('file')}”" for i in exc.issues[:4])
        more = f"等 {len(exc.issues)} 个文件" if len(exc.issues) > 4 else ""
        return [], f"证明材料{names}{more}找不到或已改动，请在“证明材料”页处理后再生成（详见该页和“审核”页）。"
    except EnclosureFileError as exc:
        return [], str(exc).rstrip("。") + "。"


def pack_step(form: FormDefinition, folder: Path, items: Sequence[BoundItem], *,
              soffice: str | os.PathLike[str] | None, upload_mb: float | None = None,
              replacements: Sequence[Replacement] = (), document_pdfs: bool = True,
              first: Callable[[Path], None] | None = None) -> PackStep:
    """The bound PDF of *form* in *folder* under its name (``render.pack.PACK_NAME``), the documents' own PDFs
    with it, and with *upload_mb* the copy for upload beside it; *first* hears of the 目录 and the first
    document's pages while the rest converts (预览)."""
    from yn_forms.render.pack import PACK_NAME, UPLOAD_NAME
    from yn_forms.render.pack.step import PackStep

    return PackStep(form, folder / PACK_NAME.format(name=form.name), items, replacements=replacements,
                    soffice=soffice, document_pdfs=document_pdfs,
                    upload=folder / UPLOAD_NAME.format(name=form.name) if upload_mb else None, upload_mb=upload_mb,
                    first=first)


def pack_of(produced: Produced) -> PackStep | None:
    from yn_forms.render.pack.step import PackStep

    return produced.of(PackStep)


def bound_pdf(produced: Produced) -> Path | None:
    """The bound PDF the production wrote, if it did."""
    step = pack_of(produced)
    return step.out if step is not None and step.failure is None and step.bound is not None else None


def upload_pdf(produced: Produced) -> Path | None:
    step = pack_of(produced)
    return step.upload if bound_pdf(produced) is not None and step.upload_bound is not None else None


def own_pdfs(produced: Produced) -> list[Path]:
    """The documents' own PDFs: made with the pack, or by the PDF step when there was none."""
    step = pack_of(produced)
    return list(step.pdfs) if step is not None else produced.pdfs


def pdf_note(produced: Produced) -> str:
    """Why the PDFs asked for — or the bound one, when the documents' own were made — were not made ("" when
    they were). Without LibreOffice it says what 生成申报材料 always said: the Word files are there, and how to
    point at LibreOffice."""
    from yn_forms.render.pack.step import OFFICE
    from yn_forms.render.pdf import MISSING_OFFICE

    step = pack_of(produced)
    if step is None:
        return produced.pdf_note
    if step.failure is None:
        return ""
    return MISSING_OFFICE if step.failure.kind == OFFICE else step.failure.message


def fonts(produced: Produced) -> FontReport | None:
    step = pack_of(produced)
    return step.fonts if step is not None else produced.fonts


def binding_order(produced: Produced) -> list[str] | None:
    """The 打印清单's 装订顺序 as the bound PDF has it — the 目录, each part with the page it starts on — then
    the items handed in on paper, numbered as the 目录 lists them; None without a bound PDF (the notice's order
    stands)."""
    from yn_forms.render.pack.contents import bound_entries

    step = pack_of(produced)
    if bound_pdf(produced) is None:
        return None
    bound = step.bound
    order = [f"目录（{bound.contents_pages} 页）"]
    entries = step.entries()
    starts = zip(bound_entries(entries), bound.starts, strict=True)
    order += [f"{entry.title}（第 {start} 页起）" for entry, start in starts]
    order += [f"{entry.title}（纸质件另附）" for entry in entries if entry.paper]
    return order
