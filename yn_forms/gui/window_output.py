"""The main window's products: 生成申报材料, 预览 and 盖章扫描件… — each handed to its own module
(``gui.generation``, ``gui.preview``, ``gui.stamped``) with what it needs: a copy of the data, the
draft's store of 证明材料 (``gui.draft_files``), the clerk's output choices (``gui.choices``).

A mixin of ``gui.window.MainWindow``, kept apart so that the window stays one module a reader can hold;
it reads the window's draft (``wizard``, ``form``, ``path``, ``files``, ``choices``, ``settings``) and
tells through its signals (``generated``, ``previewed``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yn_forms.core.enclosure_store import EnclosureStore

if TYPE_CHECKING:
    from yn_forms.gui.generation import Generated


class ProductCommands:
    """生成申报材料…, 预览和打印…, 盖章扫描件… of the window's open draft."""

    wizard: Any
    form: Any
    path: Path | None
    files: Any
    choices: Any
    settings: Any
    generated: Any
    previewed: Any
    show_status: Callable[[str], None]
    _last_folder: Callable[[], Path]

    def generate(self) -> None:
        """生成申报材料…: where to, then ``write_documents``."""
        if self.wizard is None:
            return
        from yn_forms.gui.generation import ask_where

        wizard = self.wizard
        folder = ask_where(self, self.form, wizard.data, self._last_folder(),
                           to_review=lambda: wizard.go_to(wizard.stack.count() - 1))
        if folder is not None:
            self.write_documents(folder)

    def preview(self) -> None:
        """预览和打印: the generated documents as PDF pages, the print dialog and the print pack."""
        if self.wizard is None:
            return
        from yn_forms.gui.preview import start_preview

        start_preview(self, self.form, copy.deepcopy(self.wizard.data), soffice=self.choices.soffice,
                      pack_key=f"print_pack/{self.path or 'unsaved'}", store=self._store(),
                      shown=lambda _dialog, pdfs: self.previewed.emit(pdfs), failed=lambda: self.previewed.emit([]),
                      stamp=self.stamped_scans, draft_folder=self.path.parent if self.path else None)

    def write_documents(self, folder: Path, with_pdf: bool | None = None) -> None:
        """Write the documents into *folder* (gui/generation.py); *with_pdf* defaults to 文件 › 同时生成 PDF."""
        from yn_forms.gui.generation import generate_documents

        generate_documents(self, self.form, copy.deepcopy(self.wizard.data), folder,
                           pdf=self.choices.pdf if with_pdf is None else with_pdf, soffice=self.choices.soffice,
                           done=self._generated, failed=lambda: self.generated.emit([]), status=self.show_status,
                           store=self._store(), upload_mb=self.choices.upload_mb)

    def _generated(self, result: Generated) -> None:
        self.settings.setValue(f"generated/{self.path or 'unsaved'}", str(result.folder))  # 盖章扫描件… writes there
        self.generated.emit(result.paths)
        self.show_status(f"已生成申报材料：{result.folder}")

    def stamped_scans(self) -> None:
        """盖章扫描件…: stamped pages scanned, put in place of those pages of the bound PDF (gui/stamped.py)."""
        if self.wizard is None:
            return
        from yn_forms.gui.preview import PreviewDialog
        from yn_forms.gui.stamped import open_stamped
        from yn_forms.gui.window_context import shown_dialog

        def written(path: Path) -> None:  # an open 预览 shows the pack with its stamps
            preview = shown_dialog(self, PreviewDialog)
            if preview is not None:
                preview.show_bound(path)

        key = str(self.path or "unsaved")
        open_stamped(self, self.form, copy.deepcopy(self.wizard.data), self.settings, key,
                     folder=Path(str(self.settings.value(f"generated/{key}", str(self._last_folder())))),
                     store=self._store(), soffice=self.choices.soffice, upload_mb=self.choices.upload_mb,
                     written=written)

    def _store(self) -> EnclosureStore | None:
        return self.files.store() if self.files is not None else None

