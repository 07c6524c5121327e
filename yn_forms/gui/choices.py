"""What the clerk chose for the files 生成申报材料 writes, remembered between sittings: PDFs or not, the
copy for upload and its size limit, where LibreOffice is.

The window's 文件 menu shows them (同时生成 PDF, 同时生成网上提交版（不超过 10 MB）…) and its 工具 menu
LibreOffice 位置…; they are kept in the app's settings, so the clerk chooses once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from yn_forms.gui.clerk import clerk
from yn_forms.render.soffice import find_soffice

PDF_KEY, SOFFICE_KEY = "generate/pdf", "soffice"
UPLOAD_KEY, UPLOAD_MB_KEY = "generate/upload", "generate/upload_mb"
DEFAULT_UPLOAD_MB = 10.0  # what online systems most often state; the clerk sets their own
UPLOAD_TEXT = "同时生成网上提交版(&U)…"


class OutputChoices:
    """The remembered choices, and the two checkable menu items that show them."""

    def __init__(self, settings: QSettings, pdf: QAction, upload: QAction) -> None:
        self.settings, self.pdf_action, self.upload_action = settings, pdf, upload
        pdf.setCheckable(True)
        pdf.setChecked(self._pdf_default())
        upload.setCheckable(True)
        self._show_upload()

    @property
    def pdf(self) -> bool:
        return self.pdf_action.isChecked()

    @property
    def soffice(self) -> str | None:
        value = self.settings.value(SOFFICE_KEY, None)
        return str(value) if value else None

    @property
    def upload_mb(self) -> float | None:
        """The upload copy's limit in MB, or None when the clerk wants no upload copy."""
        if str(self.settings.value(UPLOAD_KEY, "false")).lower() not in ("true", "1"):
            return None
        return self._limit()

    def _limit(self) -> float:
        try:
            return float(self.settings.value(UPLOAD_MB_KEY, DEFAULT_UPLOAD_MB))
        except (TypeError, ValueError):
            return DEFAULT_UPLOAD_MB

    def _pdf_default(self) -> bool:
        """On when the clerk has not said otherwise and LibreOffice is found; the clerk's choice is remembered."""
        chosen = self.settings.value(PDF_KEY, None)
        if chosen is not None:
            return str(chosen).lower() in ("true", "1")
        return find_soffice(self.soffice) is not None

    def remember_pdf(self) -> None:
        self.settings.setValue(PDF_KEY, self.pdf_action.isChecked())

    def choose_upload(self, parent: QWidget) -> None:
        """同时生成网上提交版…: ticked, the size limit is asked (the last one offered) and kept; unticked, off."""
        if self.upload_action.isChecked():
            limit = clerk().number(parent, "网上提交版", "网上申报系统允许上传的文件大小上限（MB）：\n"
                                   "生成申报材料时，另生成一份不超过此大小的装订版 PDF（图片适当压缩，"
                                   "按打印尺寸不低于每英寸 150 点）。", self._limit(), 0.5, 1000.0)
            if limit is not None:
                self.settings.setValue(UPLOAD_MB_KEY, limit)
            self.settings.setValue(UPLOAD_KEY, limit is not None)
        else:
            self.settings.setValue(UPLOAD_KEY, False)
        self._show_upload()

    def _show_upload(self) -> None:
        """The menu item says the limit chosen: “同时生成网上提交版（不超过 10 MB）…”."""
        limit = self.upload_mb
        self.upload_action.setChecked(limit is not None)
        shown = UPLOAD_TEXT.replace("(&U)", f"（不超过 {limit:g} MB）(&U)") if limit else UPLOAD_TEXT
        self.upload_action.setText(shown)

    def choose_soffice(self, parent: QWidget) -> None:
        """Let the clerk point at LibreOffice when it is installed somewhere the search does not look."""
        current = find_soffice(self.soffice)
        path = clerk().open_path(parent, "选择 LibreOffice 程序（soffice）", current.parent if current else Path.home(),
                                 "LibreOffice (soffice soffice.exe soffice.bin);;所有文件 (*)")
        if path is not None:
            self.settings.setValue(SOFFICE_KEY, str(path))
