"""Printing the generated PDFs' own pages: a range over the pack, to a file, or to CUPS' lp."""

from __future__ import annotations

import os
import stat

import pytest
from pypdf import PdfReader, PdfWriter

from yn_forms.render.printing import PrintError, page_count, send_to_printer, write_pages


def pdf(path, pages: int, width: float = 595):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=width, height=842)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def test_a_range_counted_over_the_pack_is_copied_in_order(tmp_path):
    first, second = pdf(tmp_path / "a.pdf", 5, 595), pdf(tmp_path / "b.pdf", 3, 600)
    assert page_count([first, second]) == 8
    out = tmp_path / "out.pdf"
    assert write_pages([first, second], out, 5, 7) == 3  # the last page of 附件1, the first two of 附件2
    widths = [float(p.mediabox.width) for p in PdfReader(str(out)).pages]
    assert widths == [595, 600, 600]
    assert write_pages([first, second], out) == 8  # 0, 0: everything


@pytest.mark.skipif(os.name != "posix", reason="a stand-in lp is a shell script")
def test_the_pages_go_to_cups_as_a_pdf(tmp_path, monkeypatch):
    log = tmp_path / "lp.log"
    lp = tmp_path / "bin" / "lp"
    lp.parent.mkdir()
    lp.write_text(f'#!/bin/sh\necho "$@" > {log}\necho "request id is hp-1 (1 file(s))"\n', encoding="utf-8")
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{lp.parent}{os.pathsep}{os.environ['PATH']}")
    document = pdf(tmp_path / "申报材料.pdf", 2)
    send_to_printer(document, "办公室打印机", copies=2)
    assert log.read_text(encoding="utf-8").split() == ["-d", "办公室打印机", "-n", "2", "-t", "申报材料",
                                                       str(document)]
    lp.write_text("#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n", encoding="utf-8")
    with pytest.raises(PrintError, match="打印机“办公室打印机”没有接受打印任务：lp: The printer"):
        send_to_printer(document, "办公室打印机")
