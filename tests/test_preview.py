"""预览 and 打印: PDF pages in the wizard, printing through Qt, and the print pack's checklist."""

from __future__ import annotations

import re
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from yn_forms.core.draft import save_draft
from yn_forms.forms import get_form
from yn_forms.gui.preview import PreviewDialog, PrintPackWidget, print_pdfs
from yn_forms.gui.window_context import shown_dialog
from yn_forms.render.documents import fill_documents
from yn_forms.render.printpack import print_pack


def pdf_pages(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


@pytest.fixture
def consortium():
    return get_form("innovation-consortium")


def test_print_pack_lists_order_copies_and_every_place_to_sign(consortium, tmp_path):
    data = consortium.example()
    pack = print_pack(consortium, fill_documents(consortium, data, tmp_path))
    assert pack.order == ["附件1-云南省创新联合体组建申请表.docx", "附件2-云南省创新联合体组建协议.docx",
                          "附件3-云南省创新联合体建设方案.docx",  # then the 证明材料 the notice asks for, or suggested
                          "全体成员单位签字盖章的组建协议", "推荐单位推荐意见（建议提供）"]
    assert pack.copies.startswith("通知未规定纸质材料份数")
    places = [p.describe() for p in pack.places]
    assert "附件1-云南省创新联合体组建申请表.docx：牵头单位意见 — 牵头单位法人（签章） 牵头单位（盖章）" in places
    assert "附件1-云南省创新联合体组建申请表.docx：推荐单位审核意见 — （盖章）" in places
    for unit in data["units"]:  # the agreement is signed and sealed by every unit
        assert f"附件2-云南省创新联合体组建协议.docx：{unit['name']} — 法定代表人（签字）、单位（盖章）" in places
    assert not any("八、所有成员单位签章" in p for p in places)  # a heading is not a place


@pytest.mark.slow
def test_print_pack_copies_and_enclosures_from_the_notice(tmp_path):
    brand = get_form("consumer-brand")
    pack = print_pack(brand, fill_documents(brand, brand.example(), tmp_path / "b"))
    assert pack.copies == "1份（《通知》四、五(三)）"
    centre = get_form("innovation-centre")
    pack = print_pack(centre, fill_documents(centre, centre.example(), tmp_path / "c"))
    assert pack.order[-2:] == ["创新中心独立法人资格证书复印件",
                               "成员单位之间相关合作协议、资金组建方案、各项规章制度等"]


def test_ticks_of_the_checklist_are_kept(consortium, qtbot, tmp_path):
    pack = print_pack(consortium, fill_documents(consortium, consortium.example(), tmp_path))
    widget = PrintPackWidget(pack, "print_pack/test")
    qtbot.addWidget(widget)
    widget.checklist.item(0).setCheckState(Qt.CheckState.Checked)
    assert widget.status.text() == f"已核对 1/{len(pack.places)} 处"
    again = PrintPackWidget(pack, "print_pack/test")
    qtbot.addWidget(again)
    assert again.ticked() == [pack.places[0].describe()]


@pytest.mark.usefixtures("shared_pdfs")  # the documents converted once in the run
@pytest.mark.office
def test_preview_shows_every_page_and_prints_them(window, consortium, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "c.ynform"
    save_draft(path, consortium, consortium.example())
    window.open_path(path)
    with qtbot.waitSignal(window.previewed, timeout=120_000) as signal:
        window.wizard.preview_button.click()
    bound, *pdfs = signal.args[0]  # the bound 申报材料 first, then each document's own PDF
    dialog = shown_dialog(window, PreviewDialog)
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs[0] == f"装订版（{pdf_pages(bound)}页）" and tabs[-1] == "打印清单"
    assert tabs[1] == f"附件1（{pdf_pages(pdfs[0])}页）" and dialog.tabs.tabToolTip(1) == pdfs[0].stem
    assert bound.name == f"{consortium.name}-申报材料（装订版）.pdf"
    # the 组建协议 goes on paper (the example says so): the 目录 lists it with no page, the 打印清单 as the 目录 does
    contents = subprocess.run(["pdftotext", "-l", "1", str(bound), "-"], capture_output=True, text=True,
                              check=True).stdout
    assert re.search(r"（1）全体成员单位签字盖章的组建协议\s+纸质件另附", contents), contents
    assert dialog.pack.pack.order[-1] == "（1）全体成员单位签字盖章的组建协议（纸质件另附）"
    # a page indicator — the PDF's count, as 打印's page range takes it, and what the paper says — and zoom
    assert dialog.page_label.text().startswith("第 1 页（目录） / 共 ")
    dialog.zoom(dialog.ZOOM_STEP)
    assert dialog.current_view().zoomMode() == dialog.current_view().ZoomMode.Custom
    assert dialog.page_label.text().endswith("%")
    dialog.fit_width()
    assert dialog.fit_buttons[dialog.current_view().ZoomMode.FitToWidth].isChecked()
    assert dialog.tabs.count() == len(consortium.documents) + 2
    assert len(pdfs) == len(consortium.documents)
    # 打印 sends the bound PDF: the 目录 and every document (the 组建协议's 证明材料 goes on paper, as the example says)
    assert dialog.pdfs == [bound] and dialog.page_count() == pdf_pages(bound) == 1 + sum(pdf_pages(p) for p in pdfs)
    total = sum(pdf_pages(p) for p in pdfs)
    assert total >= 10
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdfs(pdfs, printer) == total
    assert pdf_pages(tmp_path / "printed.pdf") == total
    # printed to a file: the pages' text, not pictures of them, and a PDF of the documents' own size
    text = subprocess.run(["pdftotext", str(tmp_path / "printed.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert consortium.example()["cover"]["name"] in text
    assert (tmp_path / "printed.pdf").stat().st_size < 2 * sum(p.stat().st_size for p in pdfs)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(6, 8)  # counted over the whole pack: last page of 附件1, first two of 附件2
    assert print_pdfs(pdfs, printer) == 3
    assert pdf_pages(tmp_path / "range.pdf") == 3
    # 打印… proposes the application's own name for 打印到文件, in a Chinese dialog
    asked = {}

    def print_dialog(self):
        asked.update(file=self.printer().outputFileName(), title=self.windowTitle())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintDialog, "exec", print_dialog)
    dialog.print_pages()
    assert asked == {"file": str(tmp_path / f"{consortium.name}-申报材料.pdf"), "title": "打印申报材料"}


def one_page_pdf(path):
    from PySide6.QtGui import QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    painter = QPainter(writer)
    painter.drawText(100, 100, "page")
    painter.end()
    return path


def test_print_to_file_proposes_the_drafts_folder_says_where_and_offers_the_folder(consortium, qtbot, tmp_path,
                                                                                   monkeypatch, clerk):
    private = tmp_path / "preview-x"
    private.mkdir()
    pdf = one_page_pdf(private / "附件1.pdf")
    drafts = tmp_path / "我的申报"
    drafts.mkdir()
    dialog = PreviewDialog(consortium, [], [pdf], "print_pack/t", folder=drafts)
    qtbot.addWidget(dialog)
    asked = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: asked.append(self.printer().outputFileName()) or
                        QDialog.DialogCode.Rejected)
    dialog.print_pages()
    assert asked == [str(drafts / f"{consortium.name}-申报材料.pdf")]  # not the preview's private folder
    elsewhere = tmp_path / "打印"
    elsewhere.mkdir()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(elsewhere / "申报材料.pdf"))
    dialog.print_to(printer)
    assert (elsewhere / "申报材料.pdf").exists()
    kind, title, text = clerk.said[-1]  # said where, with 打开 PDF and 打开文件夹 (show_written)
    assert (kind, title) == ("written", "打印到文件") and str(elsewhere / "申报材料.pdf") in text
    assert str(elsewhere / "申报材料.pdf") in dialog.status.text()
    # an unsaved draft: the folder last printed to is proposed
    unsaved = PreviewDialog(consortium, [], [pdf], "print_pack/t")
    qtbot.addWidget(unsaved)
    unsaved.print_pages()
    assert asked[-1] == str(elsewhere / f"{consortium.name}-申报材料.pdf")


def test_a_whole_page_and_the_page_width_each_said_once(consortium, qtbot, tmp_path):
    from PySide6.QtPdfWidgets import QPdfView

    pdf = one_page_pdf(tmp_path / "附件1.pdf")
    dialog = PreviewDialog(consortium, [], [pdf], "print_pack/t")
    qtbot.addWidget(dialog)
    dialog.resize(1000, 650)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.current_view()
    whole, width = dialog.fit_buttons[QPdfView.ZoomMode.FitInView], dialog.fit_buttons[QPdfView.ZoomMode.FitToWidth]
    assert width.isChecked() and not whole.isChecked()  # the pages open fitted to the width
    assert "适合宽度" not in dialog.page_label.text()  # said by the button held down, not again beside it
    whole.click()
    assert whole.isChecked() and not width.isChecked()
    zoom = dialog.shown_zoom(view)
    page = view.document().pagePointSize(0) * dialog.logicalDpiY() / 72
    margins = view.documentMargins()
    assert page.height() * zoom + margins.top() + margins.bottom() <= view.viewport().height() + 1  # all in sight
    assert dialog.page_label.text().endswith(f"{zoom:.0%}")
    dialog.zoom(dialog.ZOOM_STEP)  # zoomed from what is shown: neither fit held down
    assert abs(view.zoomFactor() - zoom * dialog.ZOOM_STEP) < 0.01 and not whole.isChecked() and not width.isChecked()


def test_preview_without_libreoffice_says_so_and_keeps_the_word_files(window, consortium, qtbot, tmp_path,
                                                                        monkeypatch, clerk):
    monkeypatch.setattr("yn_forms.render.pdf.find_soffice", lambda *a, **k: None)
    path = tmp_path / "c.ynform"
    save_draft(path, consortium, consortium.example())
    window.open_path(path)
    clerk.answers.append("用 Word/WPS 打开")
    with qtbot.waitSignal(window.previewed, timeout=60_000) as signal:
        window.preview()
    assert signal.args[0] == []
    kind, title, text = clerk.said[-1]  # offered to open the Word files instead
    assert (kind, title) == ("ask", "无法预览") and "未找到 LibreOffice" in text and "Word 或 WPS" in text
    assert [p.suffix for p in clerk.opened] == [".docx"] and clerk.opened[0].exists()
