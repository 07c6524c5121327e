"""Printing the generated PDFs as they are: their text, not pictures of their pages.

Printing used to paint every page as a 1200-dpi picture: printing to a file took 45 s
and gave a 49 MB PDF with no text in it. The PDFs LibreOffice wrote already are what
is to be printed, so

- “print to file” copies the chosen pages of the pack into one PDF (text kept, seconds);
- on a system with CUPS (Linux, macOS) the chosen pages go to the printer as that PDF
  through ``lp``, which sends text and fonts, not bitmaps;
- elsewhere (Windows) the pages are drawn for the printer at a resolution a laser
  printer uses, not the highest one Qt offers.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from yn_forms.core.oserrors import os_reason
from yn_forms.render.output import write_all

#: what pages painted for a printer are drawn at (dots per inch): sharp on paper, fast to send
PRINT_DPI = 300
LP_TIMEOUT = 60.0


class PrintError(Exception):
    """The pages could not be printed; the message says why, in Chinese."""


def page_count(pdfs: Sequence[Path]) -> int:
    return sum(len(PdfReader(str(p)).pages) for p in pdfs)


def write_pages(pdfs: Sequence[Path], out: Path, first: int = 0, last: int = 0) -> int:
    """Pages *first*..*last* (counted over the whole pack, from 1; 0, 0 for all) of *pdfs*, in order,
    into one PDF at *out*, written whole or not at all; returns how many pages it holds."""
    writer = PdfWriter()
    number = 0
    for path in pdfs:
        for page in PdfReader(str(path)).pages:
            number += 1
            if first and not first <= number <= last:
                continue
            writer.add_page(page)
    count = len(writer.pages)

    def save(tmp: Path) -> None:
        with open(tmp, "wb") as handle:
            writer.write(handle)

    write_all([(Path(out), save)])
    return count


def lp_command() -> str | None:
    """CUPS' ``lp``, where the system has it (Linux, macOS)."""
    return shutil.which("lp")


def send_to_printer(pdf: Path, printer: str, copies: int = 1) -> None:
    """Hand *pdf* to the printer named *printer* through CUPS; ``PrintError`` if it was not taken."""
    lp = lp_command()
    if lp is None:
        raise PrintError("本机没有 CUPS 打印服务（lp），无法直接发送 PDF")
    command = [lp, "-d", printer, "-n", str(max(copies, 1)), "-t", pdf.stem, str(pdf)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=LP_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise PrintError(f"无法把文件交给打印机“{printer}”：打印服务在 {LP_TIMEOUT:g} 秒内没有回应") from None
    except OSError as exc:
        raise PrintError(f"无法把文件交给打印机“{printer}”：{os_reason(exc)}") from None
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["未知原因"]
        raise PrintError(f"打印机“{printer}”没有接受打印任务：{reason[0]}")
