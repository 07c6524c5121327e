"""生成申报材料: the wizard's front end of the production path (``render.documents.produce``).

The clerk is asked whether to go on while the data has errors and where to write, the
documents (and their PDFs) are produced off the GUI thread with a 取消 button, and what was
written and found is told in the result dialog: the files, the templates when one of the
clerk's own was used, the fields no template prints, the empty pages and stray rows, and the
fonts the PDFs are printed with — what ``yn-forms fill`` prints on stderr. Values too wide for
their cell are told on the 审核 page before generating, as the fit check runs there.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from yn_forms.core.formdef import FormDefinition
from yn_forms.gui.clerk import clerk
from yn_forms.gui.tasks import Report, run_task

if TYPE_CHECKING:
    from yn_forms.render.documents import Produced


@dataclass
class Generated:
    """One 生成申报材料: the folder, and what the production wrote and found there."""

    folder: Path
    produced: Produced

    @property
    def paths(self) -> list[Path]:
        """Every file written: the Word files, then their PDFs."""
        return [*self.produced.documents, *self.produced.pdfs]

    @property
    def text(self) -> str:
        """What the result dialog says: the files, then what the clerk should know of them."""
        produced, paths = self.produced, self.paths
        lines = [f"已生成 {len(paths)} 个文件，保存在：{self.folder}", *(f"  {p.name}" for p in paths)]
        if produced.pdf_note:
            lines += ["", f"未生成 PDF：{produced.pdf_note}"]
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
    if produced.fonts is not None:
        if produced.fonts.summary():
            notes.append(f"PDF 中 {produced.fonts.summary()}。")
        notes += produced.fonts.warnings()
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
                       failed: Callable[[], None], status: Callable[[str], None]) -> None:
    """Produce the documents of *data* in *folder* — with *pdf*, their PDFs in one LibreOffice call, as
    ``fill --pdf`` does — off the GUI thread, then tell the clerk. *done* hears of what was written
    before the clerk is told; *failed* when nothing was (a failure, told to the clerk, or 取消, said on
    the *status* line: the clerk asked for it, no box to close)."""
    from yn_forms.render.docx import RenderError
    from yn_forms.render.output import OutputError
    from yn_forms.render.templates import TemplateMissing

    def work(report: Report) -> Generated:
        from yn_forms.render.documents import produce

        return Generated(folder, produce(form, data, folder, pdf=pdf, soffice=soffice, report=report,
                                         stop=report.stopped))

    def generated(result: Generated) -> None:
        done(result)
        clerk().show_written(parent, "已生成", result.text, "打开申报书", result.produced.documents[0], folder)

    def not_generated(message: str) -> None:
        failed()
        clerk().warn(parent, "生成失败", message)

    busy = "正在生成申报材料（Word 文件和 PDF）…" if pdf else "正在生成申报材料…"
    def stopped() -> None:
        failed()
        status("已取消生成申报材料，没有写出任何文件。")

    run_task(parent, work, on_done=generated, on_failed=not_generated, on_stopped=stopped, busy=busy,
             title="生成申报材料", expected=(OutputError, TemplateMissing, RenderError), cancellable=True)
