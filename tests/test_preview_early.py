"""预览 shows the 目录 and the first document as soon as LibreOffice has converted them, and the rest when it comes,
the page the clerk reads staying where it is — tried with a LibreOffice made slow (``YN_FORMS_SOFFICE``)."""

from __future__ import annotations

import shutil
import sys

import pytest
from PySide6.QtCore import QPoint, QPointF

from yn_forms.core.draft import save_draft
from yn_forms.forms import get_form
from yn_forms.gui.preview import PreviewDialog
from yn_forms.gui.window_context import shown_dialog

#: converts one file at a time with the real LibreOffice, saying so as LibreOffice does, and waits before the
#: third file (the first document and the 目录 are done by then) until the test lets it go on
SLOW = '''#!{python}
import os, subprocess, sys, time
from pathlib import Path
args = sys.argv[1:]
outdir = args[args.index("--outdir") + 1]
options = [a for a in args if a.startswith("-env:")] + ["--headless", "--norestore", "--convert-to", "pdf"]
files = args[args.index("--outdir") + 2:]
for number, name in enumerate(files):
    target = Path(outdir) / (Path(name).stem + ".pdf")
    print(f"convert {{name}} -> {{target}} using filter : writer_pdf_Export", flush=True)
    while number == 2 and not Path({marker!r}).exists():
        time.sleep(0.05)
    subprocess.run([{real!r}, *options, "--outdir", outdir, name], stdout=subprocess.DEVNULL, check=True)
'''


@pytest.mark.office
def test_preview_shows_the_first_pages_before_the_last_document_is_converted(window, qtbot, tmp_path, monkeypatch):
    real = shutil.which("soffice") or shutil.which("libreoffice")
    if real is None:
        pytest.skip("LibreOffice is needed")
    marker = tmp_path / "go-on"
    slow = tmp_path / "slow-soffice"
    slow.write_text(SLOW.format(python=sys.executable, real=real, marker=str(marker)), encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setenv("YN_FORMS_SOFFICE", str(slow))
    form = get_form("innovation-consortium")  # three documents: the third waits
    path = tmp_path / "c.ynform"
    save_draft(path, form, form.example())
    window.open_path(path)
    window.wizard.preview_button.click()
    qtbot.waitUntil(lambda: shown_dialog(window, PreviewDialog) is not None, timeout=120_000)
    dialog = shown_dialog(window, PreviewDialog)
    assert not marker.exists() and dialog.pending  # shown while the last document has not been converted
    first = dialog.documents[0].pageCount()
    assert first >= 2  # the 目录 and 附件1
    assert dialog.tabs.count() == 1 and dialog.tabs.tabText(0) == f"装订版（{first}页，其余转换中）"
    assert not dialog.print_button.isEnabled() and "正在转换其余文件" in dialog.status.text()
    view = dialog.views[0]
    view.pageNavigator().jump(1, QPointF(), view.pageNavigator().currentZoom())  # the clerk reads 附件1's cover
    qtbot.wait(100)

    def on_screen() -> int:  # where the page read stands on the screen: the view's top less how far it is scrolled
        return view.mapTo(dialog, QPoint(0, 0)).y() - view.verticalScrollBar().value()

    place = on_screen()
    assert view.verticalScrollBar().value() > 0
    assert dialog.page_label.text().startswith(f"第 2 页（页脚 1） / 共 {first} 页")  # its foot says — 1 —
    with qtbot.waitSignal(window.previewed, timeout=120_000) as signal:
        marker.touch()
    bound, *pdfs = signal.args[0]
    qtbot.wait(100)
    assert shown_dialog(window, PreviewDialog) is dialog and not dialog.pending
    total = dialog.documents[0].pageCount()
    assert total > first and dialog.tabs.tabText(0) == f"装订版（{total}页）"
    assert on_screen() == place  # no jump: the page read stays where it was (the notes above it or not)
    assert dialog.page_label.text().startswith(f"第 2 页（页脚 1） / 共 {total} 页")  # the page count updated
    assert dialog.tabs.count() == len(form.documents) + 2 and dialog.tabs.tabText(len(pdfs) + 1) == "打印清单"
    assert dialog.print_button.isEnabled() and dialog.status.text() == "" and dialog.pdfs == [bound]
