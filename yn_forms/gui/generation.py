"""生成申报材料: the wizard's front end of the production path (``render.documents.produce``).

The clerk is asked whether to go on while the data has errors and where to write, the
documents (and, with PDFs, the bound 申报材料 with its 目录 and the documents' own PDFs, from one
LibreOffice call: ``gui.submission``; with 网上提交版, its smaller copy too) are produced off the
GUI thread with a 取消 button, and what was written and found is told in the result dialog: the
files, what the bound PDF holds, the templates when one of the clerk's own was used, the fields
no template prints, the empty pages and stray rows, and the fonts the PDFs are printed with —
what ``yn-forms fill`` and ``pack`` print on stderr. Values too wide for their cell are told on
the 审核 page before generating, as the fit check runs there.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from yn_forms.core.enclosure_store import EnclosureStore
from yn_forms.core.formdef import FormDefinition
from yn_forms.gui import submission
from yn_forms.gui.clerk import clerk
from yn_forms.gui.tasks import Report, run_task

if TYPE_CHECKING:
    from yn_forms.render.documents import Produced


@dataclass
class Generated:
    """One 生成申报材料: the folder, and what the production wrote and found there."""

    folder: Path
    produced: Produced
    unbound: str = ""  # why the 证明材料 could not be bound (then no 装订版, the PDFs as before)

    @property
    def bound(self) -> Path | None:
        return submission.bound_pdf(self.produced)

    @property
    def paths(self) -> list[Path]:
        """Every file written: the Word files, their PDFs, the bound PDF and its copy for upload."""
        made = [submission.bound_pdf(self.produced), submission.upload_pdf(self.produced)]
        return [*self.produced.documents, *submission.own_pdfs(self.produced), *(p for p in made if p is not None)]

    @property
    def text(self) -> str:
        """What the result dialog says: the files, then what the clerk should know of them."""
        produced, paths = self.produced, self.paths
        lines = [f"已生成 {len(paths)} 个文件，保存在：{self.folder}", *(f"  {p.name}" for p in paths)]
        step = submission.pack_of(produced)
        if self.bound is not None:
            lines += ["", f"{step.summary()}。"]
        if submission.pdf_note(produced):
            what = "装订版" if submission.own_pdfs(produced) else "PDF"
            lines += ["", f"未生成{what}：{submission.pdf_note(produced)}"]
        if self.unbound:
            lines += ["", f"未生成装订版：{self.unbound}"]
        if step is not None and step.upload_note:
            lines += ["", step.upload_note]
        if produced.replaced:  # the clerk's own template: say which file was used
            lines += ["", "所用模板：", *(s.describe() for s in produced.templates)]
        if produced.lost:
            lines += ["", "注意：所用模板没有打印以下内容，填写的内容不在生成的文件中：",
                      *(v.label for v in produced.lost)]
        notes = print_notes(produced)
        if notes:
            lines += ["", "打印前请留意：", *(f"  {note}" for note in notes)]
        return "\n".join(lines)


def print_notes(produced: Produced) -> list[str]:
    """The empty pages and stray rows of the documents and the fonts of their PDFs, one sentence each:
    what the result dialog and 预览 tell, and ``fill`` prints as 提示 and 警告."""
    notes = [f"{finding.document}：{finding.message}" for finding in produced.layout]
    found = submission.fonts(produced)
    if found is not None:
        if found.summary():
            notes.append(f"PDF 中 {found.summary()}。")
        notes += found.warnings()
    return notes


def ask_where(parent: QWidget, form: FormDefinition, data: dict[str, Any], start: Path,
              to_review: Callable[[], None]) -> Path | None:
    """The folder to write into, or None: the clerk chose to go back (taken to 审核 by *to_review*)
    while the data has errors, or closed the folder dialog."""
    from yn_forms.core.validation import has_errors, validate

    problems = validate(form, data)
    if has_errors(problems):
        answer = clerk().ask(parent, "还有错误", f"申报数据还有 {sum(p.is_error for p in problems)} 个错误，"
                             "正式材料不能生成。可以先生成草稿供内部审阅。", ["仍然生成草稿", "返回修改"],
                             warning=True)
        if answer != "仍然生成草稿":
            to_review()
            return None
    return clerk().folder(parent, "选择保存申报材料的文件夹", start)


def generate_documents(parent: QWidget, form: FormDefinition, data: dict[str, Any], folder: Path, *, pdf: bool,
                       soffice: str | os.PathLike[str] | None, done: Callable[[Generated], None],
                       failed: Callable[[], None], status: Callable[[str], None],
                       store: EnclosureStore | None = None, upload_mb: float | None = None) -> None:
    """Produce the documents of *data* in *folder* — with *pdf*, the bound 申报材料 (the 证明材料 in *store*)
    and the documents' PDFs in one LibreOffice call, and with *upload_mb* the bound PDF's copy for upload —
    off the GUI thread, then tell the clerk. *done* hears of what was written before the clerk is told;
    *failed* when nothing was (a failure, told to the clerk, or 取消, said on the *status* line: the clerk
    asked for it, no box to close)."""
    from yn_forms.render.docx import RenderError
    from yn_forms.render.output import OutputError
    from yn_forms.render.templates import TemplateMissing

    def work(report: Report) -> Generated:
        from yn_forms.render.documents import produce

        items, unbound = submission.bound_items(form, data, store) if pdf else ([], "")
        steps = [] if not pdf or unbound else [submission.pack_step(form, folder, items, soffice=soffice,
                                                                    upload_mb=upload_mb)]
        return Generated(folder, produce(form, data, folder, pdf=pdf and not steps, soffice=soffice, steps=steps,
                                         report=report, stop=report.stopped), unbound)

    def generated(result: Generated) -> None:
        done(result)
        bound = result.bound
        clerk().show_written(parent, "已生成", result.text, "打开装订版" if bound else "打开申报书",
                             bound or result.produced.documents[0], folder)

    def not_generated(message: str) -> None:
        failed()
        clerk().warn(parent, "生成失败", message)

    busy = "正在生成申报材料（Word 文件、PDF 和装订版）…" if pdf else "正在生成申报材料…"
    def stopped() -> None:
        failed()
        status("已取消生成申报材料，没有写出任何文件。")

    run_task(parent, work, on_done=generated, on_failed=not_generated, on_stopped=stopped, busy=busy,
             title="生成申报材料", expected=(OutputError, TemplateMissing, RenderError), cancellable=True)
