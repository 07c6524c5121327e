"""Reading a 证明材料 file (render.enclosures): what it is, how many pages, and every bad file refused by name."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from pack_helpers import (
    blank_pdf,
    encrypted_pdf,
    jpeg_claiming,
    pdf,
    photo,
    png_header_only,
    tiff,
    truncated,
)

from yn_forms.render import enclosures
from yn_forms.render.enclosures import EnclosureFileError, inspect, read_all, read_enclosure


def refusal(path: Path) -> str:
    with pytest.raises(EnclosureFileError) as caught:
        inspect(path)
    message = str(caught.value)
    assert f"“{path.name}”" in message, message
    return message


# --------------------------------------------------------------------------- what a good file is

def test_a_photo_is_one_page_with_its_size_and_checksum(tmp_path):
    path = photo(tmp_path / "营业执照.jpg", orientation=6)
    found = inspect(path)
    data = path.read_bytes()
    assert (found.type, found.pages, found.size) == ("jpeg", 1, len(data))
    assert found.sha256 == hashlib.sha256(data).hexdigest()


def test_a_pdf_binds_its_pages_and_a_tiff_its_frames(tmp_path):
    assert inspect(pdf(tmp_path / "协议.pdf", 3)).pages == 3
    assert (inspect(tiff(tmp_path / "扫描.tif", 4)).type, inspect(tmp_path / "扫描.tif").pages) == ("tiff", 4)


def test_the_type_is_read_from_the_bytes_not_the_name(tmp_path):
    path = photo(tmp_path / "执照.png")  # a JPEG under a PNG's name
    assert inspect(path).type == "jpeg"


def test_a_word_file_is_counted_as_word_last_counted_it(tmp_path):
    document = Document()
    document.add_paragraph("章程")
    document.save(tmp_path / "章程.docx")
    with zipfile.ZipFile(tmp_path / "章程.docx") as source, zipfile.ZipFile(tmp_path / "计数.docx", "w") as out:
        for item in source.infolist():
            if item.filename != "docProps/app.xml":
                out.writestr(item, source.read(item))
        out.writestr("docProps/app.xml", '<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/'
                                         'officeDocument/2006/extended-properties"><Pages>7</Pages></Properties>')
    assert inspect(tmp_path / "章程.docx").type == "docx"
    assert inspect(tmp_path / "计数.docx").pages == 7


def test_a_pdf_with_restrictions_only_binds(tmp_path):
    """An owner password alone restricts printing or copying; anyone may open the file, and so may the pack."""
    assert inspect(encrypted_pdf(tmp_path / "电子证照.pdf", user="")).pages == 1


def test_a_word_file_may_hold_a_hyperlink_but_not_a_linked_picture(tmp_path):
    document = Document()
    paragraph = document.add_paragraph("官网：")
    paragraph.part.relate_to("https://example.com", RT.HYPERLINK, is_external=True)
    document.save(tmp_path / "有链接.docx")
    assert inspect(tmp_path / "有链接.docx").type == "docx"
    document.part.relate_to("https://example.com/logo.png", RT.IMAGE, is_external=True)
    document.save(tmp_path / "外部图片.docx")
    assert "外部" in refusal(tmp_path / "外部图片.docx")


# --------------------------------------------------------------------------- every bad file, by name

def test_an_encrypted_pdf_is_refused(tmp_path):
    assert "密码" in refusal(encrypted_pdf(tmp_path / "加密.pdf"))


def test_a_broken_pdf_is_refused(tmp_path):
    (tmp_path / "损坏.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    assert "损坏" in refusal(tmp_path / "损坏.pdf")


def test_a_truncated_pdf_is_refused(tmp_path):
    source = pdf(tmp_path / "完整.pdf", 6)
    assert "损坏" in refusal(truncated(source, tmp_path / "截断.pdf", 0.4))


def test_a_pdf_over_the_page_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(enclosures, "MAX_PAGES", 3)
    assert inspect(blank_pdf(tmp_path / "三页.pdf", 3)).pages == 3
    assert "4 页，超过每个文件 3 页" in refusal(blank_pdf(tmp_path / "四页.pdf", 4))


def test_an_empty_file_is_refused(tmp_path):
    (tmp_path / "空.jpg").write_bytes(b"")
    assert "空" in refusal(tmp_path / "空.jpg")


@pytest.mark.parametrize("keep", [0.5, 0.99])
def test_a_truncated_photo_is_refused(tmp_path, keep):
    source = photo(tmp_path / "原.jpg", (800, 600), noise=True)
    assert "不完整" in refusal(truncated(source, tmp_path / "截断.jpg", keep))


def test_a_truncated_png_is_refused(tmp_path):
    source = tmp_path / "原.png"
    photo(tmp_path / "原.jpg", (300, 200))
    from PIL import Image

    Image.open(tmp_path / "原.jpg").save(source)
    assert "不完整" in refusal(truncated(source, tmp_path / "截断.png", 0.7))


@pytest.mark.parametrize("make", [lambda p: png_header_only(p.with_suffix(".png"), 100_000, 100_000),
                                  lambda p: jpeg_claiming(p.with_suffix(".jpg"), 65_000, 65_000),
                                  lambda p: png_header_only(p.with_suffix(".png"), 20_000, 10_001)],
                         ids=["png 10 G pixels", "jpeg 4 G pixels", "png just over the cap"])
def test_a_pixel_bomb_is_refused_on_its_header_at_once(tmp_path, make):
    path = make(tmp_path / "炸弹")
    start = time.perf_counter()
    message = refusal(path)
    assert time.perf_counter() - start < 0.5
    assert "百万像素" in message and "200 百万像素的上限" in message


@pytest.mark.slow
def test_a_pixel_bomb_is_refused_without_large_memory(tmp_path):
    """Decoded, 20,000 × 20,000 pixels would take 1.2 GB; refused on its header, the process stays small."""
    path = png_header_only(tmp_path / "炸弹.png", 20_000, 20_000)
    code = ("import resource, sys\n"
            "from pathlib import Path\n"
            "from yn_forms.render.enclosures import inspect, EnclosureFileError\n"
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            f"try:\n    inspect(Path({str(path)!r}))\nexcept EnclosureFileError:\n    pass\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n")
    if sys.platform == "win32":  # pragma: no cover
        pytest.skip("resource is POSIX's")
    grown_kb = int(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                                  cwd=Path(__file__).resolve().parents[1]).stdout)
    assert grown_kb < 20_000


@pytest.mark.parametrize(("content", "words"), [
    (b"just some notes\n", "不是可以装订的文件类型"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Office"),
    (b"\0\0\0\x18ftypheic" + b"\0" * 100, "HEIC"),
    (b"GIF89a" + b"\0" * 100, "GIF"),
])
def test_a_type_not_accepted_is_named(tmp_path, content, words):
    path = tmp_path / "材料.bin"
    path.write_bytes(content)
    assert words in refusal(path)


def test_an_excel_sheet_and_a_zip_are_told_apart(tmp_path):
    from openpyxl import Workbook

    Workbook().save(tmp_path / "清单.xlsx")
    assert "Excel" in refusal(tmp_path / "清单.xlsx")
    with zipfile.ZipFile(tmp_path / "材料.zip", "w") as archive:
        archive.writestr("a.txt", "x")
    assert "解压" in refusal(tmp_path / "材料.zip")


def test_a_missing_file_and_a_folder_are_refused(tmp_path):
    assert "找不到" in refusal(tmp_path / "不存在.pdf")
    (tmp_path / "文件夹.pdf").mkdir()
    assert "文件夹" in refusal(tmp_path / "文件夹.pdf")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="a named pipe is POSIX's")
def test_a_fifo_is_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "管道.pdf")
    start = time.perf_counter()
    assert "管道" in refusal(tmp_path / "管道.pdf")
    assert time.perf_counter() - start < 1


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(enclosures, "MAX_FILE_BYTES", 1000)
    path = pdf(tmp_path / "大.pdf", 3)
    assert "证明材料每个文件不能超过" in refusal(path)


def test_the_enclosures_together_have_a_cap(tmp_path, monkeypatch):
    paths = [pdf(tmp_path / f"{n}.pdf", 1) for n in range(3)]
    monkeypatch.setattr(enclosures, "MAX_TOTAL_BYTES", sum(p.stat().st_size for p in paths[:2]))
    assert len(read_all(paths[:2])) == 2
    with pytest.raises(EnclosureFileError) as caught:
        read_all(paths)
    assert "“2.pdf”" in str(caught.value) and "合计" in str(caught.value)


def test_a_file_is_read_once(tmp_path):
    """What is bound is what was checked: the bytes read, not the file read again later."""
    path = photo(tmp_path / "照片.jpg")
    read = read_enclosure(path)
    path.write_bytes(b"changed")
    assert read.data[:3] == b"\xff\xd8\xff" and read.inspected.type == "jpeg"
