"""预览 and 打印: the application as it will print — the bound 申报材料 first, then one tab per document —
and the print pack.

The pages shown are LibreOffice's PDF of the generated documents — the same files the clerk
hands in — rendered by QtPdf. The first tab is the bound PDF (``gui.submission``: the 目录, the
documents and the 证明材料, numbered at their feet) with its bookmarks beside it; 打印 sends exactly
its pages through Qt's print dialog (copies, duplex, page range), in Chinese like the rest of
the app, and the 打印清单 follows its order. Where no bound PDF could be made (a 证明材料 file
missing) the documents' PDFs are shown and printed, the note saying why. 盖章扫描件… puts the
stamped pages in (``gui.stamped``) and the tab shows the result. Without LibreOffice there is
nothing to show: the clerk is told so plainly and can open the Word files in Word/WPS to print them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPoint, QPointF, QSettings, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPainter, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtPdf import QPdfBookmarkModel, QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.enclosure_store import EnclosureStore
from yn_forms.core.formdef import FormDefinition
from yn_forms.gui import submission
from yn_forms.gui.clerk import clerk
from yn_forms.gui.generation import print_notes
from yn_forms.gui.print_checklist import PrintPackWidget
from yn_forms.gui.tasks import Report, run_task
from yn_forms.gui.widgets import WrappingDelegate, fit_to_screen
from yn_forms.paths import user_data_dir
from yn_forms.render.pack import CONTENTS_LABEL
from yn_forms.render.printing import PRINT_DPI, PrintError, lp_command, send_to_printer, write_pages
from yn_forms.render.printpack import print_pack

if TYPE_CHECKING:
    from yn_forms.render.documents import Produced

PREVIEW_KEEP_SECONDS = 24 * 3600
PRINT_FOLDER_KEY = "print/folder"  # the folder 打印到文件 last wrote to, proposed again
PRINT_DIALOG_WIDTH = 680
PENDING = "正在转换其余文件（LibreOffice）…完成后显示全部页面，目录补上页码。"


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
    """Print the pages of *pdfs*, in order, as *printer* was set up; returns the number of pages sent.

    The page range counts over the whole pack. To a file, the chosen pages of the generated PDFs are
    copied (their text kept); to a printer through CUPS, that PDF is handed to ``lp``; elsewhere the
    pages are painted at a printer's usual resolution (``PRINT_DPI``).
    """
    first, last = printer.fromPage(), printer.toPage()  # 0, 0 means all pages
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        return write_pages(pdfs, Path(printer.outputFileName()), first, last)
    if lp_command() is not None and printer.printerName():
        with tempfile.TemporaryDirectory(prefix="yn-print-") as folder:
            pack = Path(folder) / f"{printer.docName() or '申报材料'}.pdf"
            count = write_pages(pdfs, pack, first, last)
            send_to_printer(pack, printer.printerName(), printer.copyCount())
            return count
    return paint_pdfs(pdfs, printer)


def paint_pdfs(pdfs: list[Path], printer: QPrinter) -> int:
    """Paint the pages onto *printer* (a printer without CUPS), centred on the printable area."""
    printer.setResolution(min(printer.resolution(), PRINT_DPI))
    first, last = printer.fromPage(), printer.toPage()
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


class PreviewDialog(QDialog):
    """The bound PDF with its bookmarks (when there is one), the pages of every document with zoom and a page
    indicator, a 打印清单 tab, 打印… and 盖章扫描件…"""

    ZOOM_STEP = 1.25
    BOUND_TITLE = "装订版"

    def __init__(self, form: FormDefinition, documents: list[Path], pdfs: list[Path], key: str,
                 parent: QWidget | None = None, *, notes: Sequence[str] = (), bound: Path | None = None,
                 order: list[str] | None = None, stamp: Callable[[], None] | None = None,
                 folder: Path | None = None, pending: bool = False) -> None:
        super().__init__(parent)
        self.form, self.key = form, key
        self.pending = pending  # *bound* is the 目录 and the first document: the rest is converting (``complete``)
        self.setWindowTitle(f"预览 — {form.name}")
        self.print_name = f"{form.name}-申报材料"
        self.draft_folder = folder  # where 打印到文件 proposes to write: the draft's own folder
        fit_to_screen(self, 1000, 820)
        self.pdfs = [bound] if bound is not None else pdfs  # what 打印 sends: the bound PDF holds everything
        self.documents: list[QPdfDocument] = []
        self.views: list[QPdfView] = []
        self.bookmarks: QTreeView | None = None
        self.whole_page: set[QPdfView] = set()  # the views showing a whole page (整页)
        self.tabs = QTabWidget()
        if bound is not None:
            view = self._view(bound)
            self.bookmarks = self._bookmarks(view)
            split = QSplitter()
            split.addWidget(self.bookmarks)
            split.addWidget(view)
            split.setStretchFactor(1, 1)
            split.setSizes([220, 780])
            self.tabs.addTab(split, self._bound_title())
        self.pack: PrintPackWidget | None = None
        self._document_tabs(pdfs)
        if not pending:
            self._pack_tab(documents, order)
        self.tabs.currentChanged.connect(lambda _index: self._show_page())

        tools = QHBoxLayout()
        self.fit_buttons: dict[QPdfView.ZoomMode, QPushButton] = {}
        for text, tip, keys, slot, mode in (
                ("缩小", "缩小（Ctrl+-）", "Ctrl+-", lambda: self.zoom(1 / self.ZOOM_STEP), None),
                ("放大", "放大（Ctrl+=）", "Ctrl+=", lambda: self.zoom(self.ZOOM_STEP), None),
                ("整页", "一页完整显示在窗口中（Ctrl+1）", "Ctrl+1", self.fit_page, QPdfView.ZoomMode.FitInView),
                ("适合宽度", "页宽适合窗口（Ctrl+0）", "Ctrl+0", self.fit_width, QPdfView.ZoomMode.FitToWidth)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAccessibleName(text)
            button.clicked.connect(slot)
            QShortcut(QKeySequence(keys), self, activated=slot)
            tools.addWidget(button)
            if mode is not None:  # the way the pages are fitted shows as the button held down, said once
                button.setCheckable(True)
                self.fit_buttons[mode] = button
        tools.addStretch(1)
        self.page_label = QLabel()
        self.page_label.setAccessibleName("页码")
        tools.addWidget(self.page_label)

        buttons = QDialogButtonBox()
        self.print_button = QPushButton("打印…")
        self.print_button.setAccessibleName("打印")
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.stamp_button = QPushButton("盖章扫描件…")
        self.stamp_button.setToolTip("盖章、签字后扫描的页面放进装订版，替换原来的那几页（网上提交的文件即显示印章）")
        self.stamp_button.setVisible(stamp is not None and bound is not None)
        for button in (self.print_button, self.stamp_button):  # 打印 sends the whole pack, once it is there
            button.setEnabled(not pending)
        if stamp is not None:
            self.stamp_button.clicked.connect(stamp)
        buttons.addButton(self.stamp_button, QDialogButtonBox.ButtonRole.ActionRole)
        folder = QPushButton("打开文件夹")
        buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(self.print_pages)
        folder.clicked.connect(lambda: clerk().open_file(self.pdfs[0].parent))
        buttons.rejected.connect(self.reject)
        self.status = QLabel(PENDING if pending else "")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        # what the production found (empty pages, stray rows, the fonts): above the pages they are about
        self.notes = QLabel("\n".join(f"⚠ {note}" for note in notes))
        self.notes.setAccessibleName("打印前请留意")
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.setVisible(bool(notes))
        layout.addWidget(self.notes)
        layout.addLayout(tools)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self._show_page()

    def _document_tabs(self, pdfs: Sequence[Path]) -> None:
        """A tab of each document's own PDF, before the 打印清单's."""
        for path in pdfs:
            view = self._view(path)
            label, _, rest = path.stem.partition("-")  # 附件1（6页）: a tab of each fits beside the 装订版's
            at = self.tabs.count() - (1 if self.pack is not None else 0)
            index = self.tabs.insertTab(at, view, f"{label if rest and label.startswith('附件') else path.stem}"
                                                  f"（{view.document().pageCount()}页）")
            self.tabs.setTabToolTip(index, path.stem)

    def _pack_tab(self, documents: list[Path], order: list[str] | None) -> None:
        pack = print_pack(self.form, documents)
        self.pack = PrintPackWidget(dataclasses.replace(pack, order=order) if order else pack, self.key)
        self.tabs.addTab(self.pack, "打印清单")

    def complete(self, documents: list[Path], pdfs: list[Path], bound: Path, *, notes: Sequence[str] = (),
                 order: list[str] | None = None) -> None:
        """The rest converted: the whole bound PDF in place of its first pages — the page shown stays where it
        is on the screen (the 目录 and the first document come first in both) — its page count, the documents'
        tabs, the 打印清单, and 打印."""
        view = self.views[0]
        top = view.mapTo(self, QPoint(0, 0)).y()
        place = (view.verticalScrollBar().value(), view.horizontalScrollBar().value())
        self.pending = False
        self._reload(bound)
        self._document_tabs(pdfs)
        self._pack_tab(documents, order)
        self.notes.setText("\n".join(f"⚠ {note}" for note in notes))
        self.notes.setVisible(bool(notes))
        for button in (self.print_button, self.stamp_button):
            button.setEnabled(True)
        self.status.setText("")
        self.layout().activate()
        # the notes above push the pages down: scrolled as far, what the clerk reads stays where it was on the screen
        place = (place[0] + view.mapTo(self, QPoint(0, 0)).y() - top, place[1])
        self._keep_place(view, place)
        QTimer.singleShot(0, self, lambda: self._keep_place(view, place))  # again, once the view has laid it out
        self._show_page()

    @staticmethod
    def _keep_place(view: QPdfView, place: tuple[int, int]) -> None:
        with contextlib.suppress(RuntimeError):  # closed meanwhile
            view.verticalScrollBar().setValue(place[0])
            view.horizontalScrollBar().setValue(place[1])

    def _reload(self, path: Path) -> None:
        document = self.documents[0]
        document.close()
        document.load(str(path))
        self.pdfs = [path]
        self.tabs.setTabText(0, self._bound_title())

    def _view(self, path: Path) -> QPdfView:
        document = QPdfDocument(self)
        document.load(str(path))
        view = QPdfView()
        view.setDocument(document)
        view.setPageMode(QPdfView.PageMode.MultiPage)
        view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        view.setAccessibleName(path.stem)
        view.pageNavigator().currentPageChanged.connect(lambda _page: self._show_page())
        self.documents.append(document)
        self.views.append(view)
        return view

    def _bookmarks(self, view: QPdfView) -> QTreeView:
        """The bound PDF's bookmarks — the 目录, each document, each 证明材料 and its files — a click away."""
        tree = QTreeView()
        tree.setAccessibleName("书签")
        tree.setHeaderHidden(True)
        WrappingDelegate(tree)  # a long title (成员单位之间相关合作协议、资金组建方案…) on two lines, not cut
        model = QPdfBookmarkModel(tree)
        model.setDocument(view.document())
        tree.setModel(model)
        tree.expandAll()
        model.modelReset.connect(tree.expandAll)
        tree.activated.connect(lambda index: self._jump(view, index))
        tree.clicked.connect(lambda index: self._jump(view, index))
        return tree

    def _jump(self, view: QPdfView, index: QModelIndex) -> None:
        page = index.data(int(QPdfBookmarkModel.Role.Page.value))
        if isinstance(page, int) and page >= 0:
            view.pageNavigator().jump(page, QPointF(), view.pageNavigator().currentZoom())
            self._show_page()

    def _bound_title(self) -> str:
        more = "，其余转换中" if self.pending else ""
        return f"{self.BOUND_TITLE}（{self.documents[0].pageCount()}页{more}）"

    def show_bound(self, path: Path) -> None:
        """The bound PDF written again (盖章扫描件…): shown, and printed, in place of the one made for the preview."""
        if self.bookmarks is None:
            return
        self._reload(path)
        self.tabs.setCurrentIndex(0)
        self._show_page()

    def current_view(self) -> QPdfView | None:
        index = self.tabs.currentIndex()
        return self.views[index] if 0 <= index < len(self.views) else None

    def shown_zoom(self, view: QPdfView) -> float:
        """The zoom the pages are shown at, also when they are fitted to the width (Qt keeps 1.0 then)."""
        if view.zoomMode() != QPdfView.ZoomMode.FitToWidth:
            return view.zoomFactor()
        margins = view.documentMargins()
        return (view.viewport().width() - margins.left() - margins.right()) / self._page_size(view).width()

    def _page_size(self, view: QPdfView) -> QSizeF:
        """The current page's size on the screen at 100 %."""
        page = view.document().pagePointSize(view.pageNavigator().currentPage())
        return QSizeF((page.width() or 595) * self.logicalDpiX() / 72, (page.height() or 842) * self.logicalDpiY() / 72)

    def zoom(self, factor: float) -> None:
        view = self.current_view()
        if view is None:
            return
        self.whole_page.discard(view)
        if view.zoomMode() != QPdfView.ZoomMode.Custom:  # from a fitted page: start at what is shown
            view.setZoomFactor(self.shown_zoom(view))
            view.setZoomMode(QPdfView.ZoomMode.Custom)
        view.setZoomFactor(min(max(view.zoomFactor() * factor, 0.25), 5.0))
        self._show_page()

    def fit_width(self) -> None:
        view = self.current_view()
        if view is not None:
            self.whole_page.discard(view)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self._show_page()

    def fit_page(self) -> None:
        """整页: a whole page in the window, to see how it is laid out (the text is read at 适合宽度). Qt's own
        “fit in view” leaves the page's foot below the window's edge (it forgets the margins): the zoom is
        worked out here, and again as the window changes size."""
        view = self.current_view()
        if view is not None:
            self.whole_page.add(view)
            self._fit_whole(view)
            self._show_page()

    def _fit_whole(self, view: QPdfView) -> None:
        margins, size, area = view.documentMargins(), self._page_size(view), view.viewport().size()
        zoom = min((area.width() - margins.left() - margins.right()) / size.width(),
                   (area.height() - margins.top() - margins.bottom()) / size.height())
        page = view.pageNavigator().currentPage()
        view.setZoomMode(QPdfView.ZoomMode.Custom)
        view.setZoomFactor(max(zoom, 0.05))
        view.pageNavigator().jump(page, QPointF(), view.zoomFactor())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._refit)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._refit)

    def _refit(self) -> None:
        with contextlib.suppress(RuntimeError):  # the dialog closed before the turn of the event loop
            view = self.current_view()
            if view is not None and view in self.whole_page:
                self._fit_whole(view)
            self._show_page()

    def _show_page(self) -> None:
        # a view's page changes as its document closes, while the dialog is being deleted: nothing to show
        with contextlib.suppress(RuntimeError):
            self._show_page_now()

    def _show_page_now(self) -> None:
        view = self.current_view()
        if view is None:
            self.page_label.setText("")
            for button in self.fit_buttons.values():
                button.setChecked(False)
            return
        total = view.document().pageCount()
        current = view.pageNavigator().currentPage() + 1
        whole = view in self.whole_page
        self.fit_buttons[QPdfView.ZoomMode.FitInView].setChecked(whole)
        self.fit_buttons[QPdfView.ZoomMode.FitToWidth].setChecked(view.zoomMode() == QPdfView.ZoomMode.FitToWidth)
        printed = _printed(view.document().pageLabel(current - 1), current)
        self.page_label.setText(f"第 {current} 页{printed} / 共 {total} 页　{self.shown_zoom(view):.0%}")

    def page_count(self) -> int:
        """Pages 打印 sends: the bound PDF's, or every document's."""
        return self.documents[0].pageCount() if self.bookmarks is not None else \
            sum(document.pageCount() for document in self.documents)

    def print_folder(self) -> Path:
        """Where 打印到文件 proposes to write: the draft's folder, else the folder last printed to, else the
        clerk's home — never the preview's private folder, which nobody finds and which is deleted after a day."""
        last = str(QSettings("yn-forms", "yn-forms").value(PRINT_FOLDER_KEY, "") or "")
        for folder in (self.draft_folder, Path(last) if last else None):
            if folder is not None and folder.is_dir():
                return folder
        return Path.home()

    def print_pages(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.print_name)
        # “打印到文件” proposes the application's own name in a folder the clerk knows, not “print.pdf”
        printer.setOutputFileName(str(self.print_folder() / f"{self.print_name}.pdf"))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印申报材料")
        dialog.setMinimumWidth(min(PRINT_DIALOG_WIDTH, self.width()))  # 输出文件 shown with its folder, not its end
        dialog.setMinMax(1, max(self.page_count(), 1))
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Send the pages as *printer* was set up in the dialog; a file written is named, with 打开文件夹."""
        to_file = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and bool(printer.outputFileName())
        try:
            sent = print_pdfs(self.pdfs, printer)
        except (PrintError, OSError) as exc:
            clerk().warn(self, "打印失败", str(exc))
            return
        if not to_file:
            where = f"打印机“{printer.printerName()}”" if printer.printerName() else "打印机"
            self.status.setText(f"已发送 {sent} 页到{where}。")
            return
        written = Path(printer.outputFileName()).absolute()
        QSettings("yn-forms", "yn-forms").setValue(PRINT_FOLDER_KEY, str(written.parent))
        self.status.setText(f"已打印到文件：{written}")
        clerk().show_written(self, "打印到文件", f"已将 {sent} 页写入 PDF 文件：", "打开 PDF", written,
                             written.parent, informative=str(written))


class _Early(QObject):
    """The first pages, from the work's thread to the GUI's."""

    arrived = Signal(object)


def start_preview(parent: QWidget, form: FormDefinition, data: dict[str, Any], *,
                  soffice: str | os.PathLike[str] | None, pack_key: str,
                  shown: Callable[[PreviewDialog, list[Path]], None], failed: Callable[[], None],
                  store: EnclosureStore | None = None, stamp: Callable[[], None] | None = None,
                  draft_folder: Path | None = None) -> None:
    """预览 from the wizard: the production path (``render.documents.produce``) writes the documents in a
    private folder, and in one LibreOffice call the bound PDF (the 证明材料 from *store*) and the documents'
    own PDFs (``gui.submission``), off the GUI thread; the pages are shown with what the clerk should know
    of them (empty pages, stray rows, the fonts, why there is no bound PDF), or the failure is explained.

    The 目录 and the first document are converted first: as soon as they are, the dialog opens on them
    (the busy dialog goes) and the rest fills in when it is converted — the whole bound PDF in their place,
    the page the clerk reads left where it is (``PreviewDialog.complete``). Closing the dialog before then
    stops the work. *shown* hears of the dialog and its PDFs (the bound one first) once they are all there;
    *failed* when there is none. *pack_key* keeps the 打印清单's ticks (per draft); *stamp* is 盖章扫描件…;
    *draft_folder* is where 打印到文件 proposes to write."""
    folder = preview_folder()
    early = _Early(parent)
    opened: list[PreviewDialog] = []  # the dialog opened on the first pages, while the rest converts

    def work(report: Report) -> tuple[Produced, str]:
        from yn_forms.render.documents import produce

        items, unbound = submission.bound_items(form, data, store)
        steps = [] if unbound else [submission.pack_step(form, folder, items, soffice=soffice,
                                                         first=early.arrived.emit)]
        return produce(form, data, folder, pdf=not steps, soffice=soffice, steps=steps, report=report,
                       stop=report.stopped), unbound

    def arrived(path: Path) -> None:
        if not task.running or task.cancelled or opened:
            return
        dialog = PreviewDialog(form, [], [], pack_key, parent, bound=path, stamp=stamp, folder=draft_folder,
                               pending=True)
        opened.append(dialog)
        dialog.finished.connect(lambda _result: _stop(dialog))
        task.quiet()
        dialog.show()
        dialog.activateWindow()

    def _stop(dialog: PreviewDialog) -> None:
        if dialog.pending and task.running:  # closed before the rest came: no need to make it
            task.cancelled = True

    def done(result: tuple[Produced, str]) -> None:
        produced, unbound = result
        pdfs, bound = submission.own_pdfs(produced), submission.bound_pdf(produced)
        early.deleteLater()
        dialog = opened[0] if opened else None
        if dialog is not None and dialog.isHidden():  # the clerk closed it before the rest came
            failed()
            return
        if dialog is not None and bound is None:  # the pack failed after its first pages: shown as without one
            dialog.close()
            dialog = None
        if not pdfs and bound is None:  # LibreOffice missing or failing: the Word files are there to open
            _failed(parent, submission.pdf_note(produced), produced.documents, failed)
            return
        notes = print_notes(produced)
        if unbound or bound is None:
            notes.append(f"未生成装订版：{unbound or submission.pdf_note(produced)}")
        order = submission.binding_order(produced)
        if dialog is not None:
            dialog.complete(produced.documents, pdfs, bound, notes=notes, order=order)
        else:
            dialog = PreviewDialog(form, produced.documents, pdfs, pack_key, parent, notes=notes, bound=bound,
                                   order=order, stamp=stamp, folder=draft_folder)
        shown(dialog, [bound, *pdfs] if bound is not None else pdfs)
        dialog.show()
        dialog.activateWindow()  # the keys go to it (Esc, Ctrl+=), not to the window the busy dialog was over

    def not_made(message: str) -> None:
        for dialog in opened:
            dialog.close()
        _failed(parent, message, [], failed)

    def stopped() -> None:
        for dialog in opened:
            dialog.close()
        failed()

    from yn_forms.render.docx import RenderError
    from yn_forms.render.output import OutputError
    from yn_forms.render.templates import TemplateMissing

    early.arrived.connect(arrived, Qt.ConnectionType.QueuedConnection)
    # a refused template (broken, too costly, reaching outside) is told as it is, not as an accident
    task = run_task(parent, work, on_done=done, on_failed=not_made, on_stopped=stopped,
                    busy="正在生成预览（LibreOffice 转换为 PDF 并装订）…", title="预览",
                    expected=(RenderError, OutputError, TemplateMissing), cancellable=True)


def _failed(parent: QWidget, message: str, documents: list[Path], failed: Callable[[], None]) -> None:
    failed()
    if not documents:
        clerk().warn(parent, "无法预览", message)
        return
    if clerk().ask(parent, "无法预览", message, ["用 Word/WPS 打开", "关闭"], warning=True) == "用 Word/WPS 打开" \
            and not clerk().open_file(documents[0]):
        clerk().warn(parent, "无法预览", f"没有找到可以打开 Word 文件的程序。文件在：{documents[0]}")


def _printed(label: str, page: int) -> str:
    """What the paper calls *page* (its PDF label: the bound PDF's 目录, then the numbers at the feet), beside
    the PDF's own count that 打印's page range uses; nothing where the two agree."""
    if label.startswith(CONTENTS_LABEL):
        return f"（{CONTENTS_LABEL}）"
    return f"（页脚 {label}）" if label and label != str(page) else ""
