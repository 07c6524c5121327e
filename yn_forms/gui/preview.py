"""预览 and 打印: the application as it will print, one tab per document, and the print pack.

The pages shown are LibreOffice's PDF of the generated documents — the same files
the clerk hands in — rendered by QtPdf; 打印 sends exactly those pages through Qt's
print dialog (copies, duplex, page range), in Chinese like the rest of the app.
Without LibreOffice there is nothing to show: the clerk is told so plainly and can
open the Word files in Word/WPS to print them there.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.formdef import FormDefinition
from yn_forms.gui.clerk import clerk
from yn_forms.gui.tasks import run_task
from yn_forms.paths import user_data_dir
from yn_forms.render.printpack import PrintPack, print_pack

PREVIEW_KEEP_SECONDS = 24 * 3600


def preview_folder() -> Path:
    """A fresh folder for one preview: the clerk's own output folders are never touched by it.

    Previews older than a day are removed here, so the user data folder does not fill up.
    """
    base = user_data_dir() / "preview"
    base.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in base.glob("preview-*"):
        with contextlib.suppress(OSError):
            if now - old.stat().st_mtime > PREVIEW_KEEP_SECONDS:
                shutil.rmtree(old)
    return Path(tempfile.mkdtemp(prefix="preview-", dir=base))


def print_pdfs(pdfs: list[Path], printer: QPrinter) -> int:
    """Paint the pages of *pdfs*, in order, onto *printer*; the page range counts over the whole pack.

    Returns the number of pages sent. Pages are rendered at the printer's
    resolution and centred on the printable area, keeping their proportions.
    """
    first, last = printer.fromPage(), printer.toPage()  # 0, 0 means all pages
    painter = QPainter()
    sent = 0
    number = 0
    try:
        for path in pdfs:
            document = QPdfDocument()
            document.load(str(path))
            for page in range(document.pageCount()):
                number += 1
                if first and not first <= number <= last:
                    continue
                if sent == 0:
                    if not painter.begin(printer):
                        return 0
                else:
                    printer.newPage()
                area = printer.pageLayout().paintRectPixels(printer.resolution())
                size = document.pagePointSize(page)
                scale = min(area.width() / size.width(), area.height() / size.height())
                image = document.render(page, (size * scale).toSize())
                offset = QPointF((area.width() - image.width()) / 2, (area.height() - image.height()) / 2)
                painter.drawImage(offset, image)
                sent += 1
    finally:
        if painter.isActive():
            painter.end()
    return sent


class PrintPackWidget(QWidget):
    """装订顺序, 份数, and every place to sign or stamp as a list to tick off before submission."""

    def __init__(self, pack: PrintPack, settings_key: str) -> None:
        super().__init__()
        self.pack = pack
        self.settings = QSettings("yn-forms", "yn-forms")
        self.key = settings_key
        layout = QVBoxLayout(self)
        order = "\n".join(f"{i}. {name}" for i, name in enumerate(pack.order, start=1))
        for title, text in (("装订顺序", order), ("份数", pack.copies), ("报送方式", pack.how)):
            if text:
                label = QLabel(f"<b>{title}</b>")
                body = QLabel(text)
                body.setWordWrap(True)
                body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                layout.addWidget(label)
                layout.addWidget(body)
        layout.addWidget(QLabel("<b>签字、盖章处</b>（逐项核对后勾选）"))
        self.checklist = QListWidget()
        self.checklist.setAccessibleName("签字盖章核对清单")
        ticked = set(self.settings.value(self.key, [], list) or [])
        for place in pack.places:
            item = QListWidgetItem(place.describe())
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if place.describe() in ticked else Qt.CheckState.Unchecked)
            self.checklist.addItem(item)
        if not pack.places:
            self.checklist.addItem("生成的文件中没有需要签字或盖章的地方。")
        self.checklist.itemChanged.connect(self._changed)
        layout.addWidget(self.checklist, 1)
        self.status = QLabel()
        layout.addWidget(self.status)
        self._changed()

    def ticked(self) -> list[str]:
        items = (self.checklist.item(i) for i in range(self.checklist.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    def _changed(self, _item: QListWidgetItem | None = None) -> None:
        done = self.ticked()
        self.settings.setValue(self.key, done)
        total = len(self.pack.places)
        self.status.setText(f"已核对 {len(done)}/{total} 处" + ("，可以报送。" if total and len(done) == total else ""))


class PreviewDialog(QDialog):
    """The pages of every document, a 打印清单 tab, and 打印…"""

    def __init__(self, form: FormDefinition, documents: list[Path], pdfs: list[Path], key: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"预览 — {form.name}")
        self.resize(1000, 820)
        self.pdfs = pdfs
        self.documents: list[QPdfDocument] = []
        self.tabs = QTabWidget()
        for path in pdfs:
            document = QPdfDocument(self)
            document.load(str(path))
            view = QPdfView()
            view.setDocument(document)
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            view.setAccessibleName(path.stem)
            self.documents.append(document)
            self.tabs.addTab(view, f"{path.stem}（{document.pageCount()}页）")
        self.pack = PrintPackWidget(print_pack(form, documents), key)
        self.tabs.addTab(self.pack, "打印清单")
        buttons = QDialogButtonBox()
        self.print_button = QPushButton("打印…")
        self.print_button.setAccessibleName("打印")
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        folder = QPushButton("打开文件夹")
        buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(self.print_pages)
        folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdfs[0].parent))))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def page_count(self) -> int:
        return sum(document.pageCount() for document in self.documents)

    def print_pages(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印申报材料")
        dialog.setMinMax(1, max(self.page_count(), 1))
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            print_pdfs(self.pdfs, printer)


def start_preview(window: Any) -> None:
    """预览 from the wizard: write the documents in a private folder and convert them to PDF in one
    LibreOffice call, off the GUI thread, then show the pages; a failure is explained."""
    if window.wizard is None:
        return
    import copy

    form, data = window.form, copy.deepcopy(window.wizard.data)
    folder = preview_folder()
    soffice = window.settings.value("soffice", None)
    written: list[Path] = []

    def work(_report: Any) -> tuple[list[Path], list[Path]]:
        from yn_forms.render.documents import fill_documents
        from yn_forms.render.pdf import convert_to_pdf, require_soffice

        written.extend(fill_documents(form, data, folder))
        return list(written), convert_to_pdf(written, folder, soffice=require_soffice(soffice))

    from yn_forms.render.pdf import PdfError

    run_task(window, work, on_done=lambda result: _show(window, *result),
             on_failed=lambda message: _failed(window, message, list(written)),
             busy="正在生成预览（LibreOffice 转换为 PDF）…", title="预览", expected=(PdfError,))


def _show(window: Any, documents: list[Path], pdfs: list[Path]) -> None:
    key = f"print_pack/{window.path or 'unsaved'}"
    window.preview_dialog = PreviewDialog(window.form, documents, pdfs, key, window)
    window.previewed.emit(pdfs)
    window.preview_dialog.show()


def _failed(window: Any, message: str, documents: list[Path]) -> None:
    window.previewed.emit([])
    if not documents:
        clerk().warn(window, "无法预览", message)
        return
    if clerk().ask(window, "无法预览", message, ["用 Word/WPS 打开", "关闭"], warning=True) == "用 Word/WPS 打开" \
            and not clerk().open_file(documents[0]):
        clerk().warn(window, "无法预览", f"没有找到可以打开 Word 文件的程序。文件在：{documents[0]}")
