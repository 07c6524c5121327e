"""Redraws the README's printed examples: pages of the example documents as LibreOffice prints them.

Run from the repository: ``python scripts/readme_printed.py`` (needs LibreOffice and pdftoppm).
Each picture is the page of an example's PDF that holds a given heading, so the script keeps
picking the right page when the layout before it changes.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from yn_forms.forms import get_form
from yn_forms.render.documents import fill_documents
from yn_forms.render.pdf import convert_to_pdf

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
# picture -> (form, document, a text on the page, resolution in dpi)
PICTURES = {
    "innovation-centre-table1.png": ("innovation-centre", "附件1", "1、创新中心创建基本信息表", 60),
    "innovation-consortium-table.png": ("innovation-consortium", "附件1", "一、技术创新目标", 90),
}


def _page_with(pdf: Path, text: str) -> int:
    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    return next(n for n, page in enumerate(pages, 1) if text in page)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for picture, (form_id, document, text, dpi) in PICTURES.items():
            form = get_form(form_id)
            written = fill_documents(form, form.example(), Path(tmp) / form_id)
            [docx] = [p for p in written if p.name.startswith(document)]
            [pdf] = convert_to_pdf([docx], Path(tmp) / f"{form_id}-pdf")
            page = _page_with(pdf, text)
            stem = Path(tmp) / picture.removesuffix(".png")
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                            str(pdf), str(stem)], check=True)
            (IMAGES / picture).write_bytes(stem.with_suffix(".png").read_bytes())
            print(IMAGES / picture)
    return 0


if __name__ == "__main__":
    sys.exit(main())
