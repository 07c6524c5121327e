"""``convert_to_pdf`` tells of each PDF as soon as LibreOffice has written it, while the rest converts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from yn_forms.render.pdf import convert_to_pdf

#: a LibreOffice that says what it converts as LibreOffice does (“convert A -> B using filter : …”), writes a PDF
#: for each file, and before the last waits until it is let go on (or for ever)
FAKE = '''#!{python}
import sys, time
from pathlib import Path
args = sys.argv[1:]
outdir = Path(args[args.index("--outdir") + 1])
files = args[args.index("--outdir") + 2:]
for number, name in enumerate(files):
    target = outdir / (Path(name).stem + ".pdf")
    print(f"convert {{name}} -> {{target}} using filter : writer_pdf_Export", flush=True)
    while number == len(files) - 1 and not Path({marker!r}).exists():
        time.sleep(0.02)
    target.write_bytes(b"%PDF-1.4 " + name.encode())
'''


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX script stands in for LibreOffice")
def test_each_pdf_is_told_of_before_the_last_file_is_converted(tmp_path):
    marker = tmp_path / "go-on"
    fake = tmp_path / "soffice"
    fake.write_text(FAKE.format(python=sys.executable, marker=str(marker)), encoding="utf-8")
    fake.chmod(0o755)
    files = [tmp_path / f"{name}.docx" for name in ("附件1", "目录", "附件2")]
    for file in files:
        file.write_bytes(b"docx")
    told: list[tuple[int, str, bytes]] = []

    def converted(index: int, pdf: Path) -> None:
        told.append((index, pdf.name, pdf.read_bytes()))
        if index == 1:
            marker.touch()  # the last file converts only after the first two were told of

    made = convert_to_pdf(files, tmp_path / "out", soffice=fake, timeout=30, converted=converted)
    assert [name for _, name, _ in told] == ["附件1.pdf", "目录.pdf", "附件2.pdf"]
    assert [index for index, _, _ in told] == [0, 1, 2] and all(data.startswith(b"%PDF-") for *_, data in told)
    assert [path.name for path in made] == ["附件1.pdf", "目录.pdf", "附件2.pdf"] and all(p.exists() for p in made)


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX script stands in for LibreOffice")
def test_a_hung_libreoffice_is_killed_at_the_deadline_while_telling_of_pdfs(tmp_path):
    from yn_forms.render.pdf import PdfError

    fake = tmp_path / "soffice"
    fake.write_text(FAKE.format(python=sys.executable, marker=str(tmp_path / "never")), encoding="utf-8")
    fake.chmod(0o755)
    files = [tmp_path / "附件1.docx", tmp_path / "附件2.docx"]
    for file in files:
        file.write_bytes(b"docx")
    told = []
    with pytest.raises(PdfError, match="没有完成转换"):
        convert_to_pdf(files, tmp_path / "out", soffice=fake, timeout=3,
                       converted=lambda index, pdf: told.append(index))
    assert told == [0]  # the first was told of; nothing is left in the folder of the one that hung
    assert not list((tmp_path / "out").glob("*.pdf"))
