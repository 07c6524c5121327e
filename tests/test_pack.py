"""``yn-forms pack``: the bound 申报材料, checked from the PDF alone (pypdf and pdftotext), as a reviewer meets it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document
from pack_helpers import (
    acting_pdf,
    blank_pdf,
    encrypted_pdf,
    foot_numbers,
    jpeg_claiming,
    page_texts,
    pdf,
    photo,
    png_header_only,
    png_with_bad_data,
    render,
    tiff,
    truncated,
)
from pypdf import PdfReader

from yn_forms.cli import main
from yn_forms.forms import get_form

#: a document converted once in the run: the pack's tests read its pages, they do not watch LibreOffice (test_pdf.py)
pytestmark = pytest.mark.usefixtures("shared_pdfs")
POPPLER = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
                             reason="pdftotext and pdftoppm (poppler) are needed")
LEGAL, AGREEMENTS = "创新中心独立法人资格证书复印件", "成员单位之间相关合作协议、资金组建方案、各项规章制度等"
OWN, ON_PAPER = "其他说明材料", "原件核验说明"


def pack(argv: list[str], capsys) -> tuple[int, str]:
    code = main(["pack", *argv])
    return code, capsys.readouterr().err


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def contents_numbers(text: str) -> dict[str, int]:
    """The 目录 as pdftotext reads it: each entry's beginning (up to its leader) → the page number after it."""
    entries: dict[str, int] = {}
    pending = ""
    for line in text.splitlines():
        found = re.match(r"^\s*(.*?)\.{2,}\s*(\d+)\s*$", line)
        if found:
            entries[re.sub(r"\s+", "", pending + found.group(1))] = int(found.group(2))
            pending = ""
        elif line.strip().endswith("纸质件另附"):  # an item on paper: no page
            pending = ""
        elif line.strip() and line.strip() not in ("目录", "证明材料"):
            pending += line.strip()
    return entries


# --------------------------------------------------------------------------- bad files: refused before anything is made

def written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD_FILES = {
    "encrypted pdf": lambda d: encrypted_pdf(d / "加密的执照.pdf"),
    "broken pdf": lambda d: truncated(pdf(d / "完整.pdf", 5), d / "损坏的协议.pdf", 0.4),
    "empty picture": lambda d: written(d / "空的照片.jpg", b""),
    "truncated picture": lambda d: truncated(photo(d / "p.jpg", (600, 400), noise=True), d / "截断的照片.jpg"),
    "pixel bomb": lambda d: png_header_only(d / "像素炸弹.png", 50_000, 50_000),
    "jpeg bomb": lambda d: jpeg_claiming(d / "超大照片.jpg", 60_000, 60_000),
    "type not accepted": lambda d: written(d / "说明.txt", "文字".encode()),
    "missing file": lambda d: d / "不存在的扫描件.pdf",
}


@pytest.mark.parametrize("make", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_enclosure_is_refused_by_name_and_nothing_is_written(make, tmp_path, example, write_json, capsys):
    bad = make(tmp_path)
    out = tmp_path / "out" / "申报材料.pdf"
    code, err = pack(["innovation-centre", str(write_json(example)), "-o", str(out), "--enclosure", f"{LEGAL}={bad}"],
                     capsys)
    assert code == 2, err
    assert f"证明材料“{bad.name}”无法使用：" in err and "未生成任何文件" in err and "Traceback" not in err
    assert not out.exists() and not [p for p in tmp_path.rglob("*") if p.name.startswith(".yn-")]


def test_a_pdf_over_the_page_cap_is_refused(tmp_path, example, write_json, capsys):
    from yn_forms.render.enclosures import MAX_PAGES

    thick = blank_pdf(tmp_path / "厚厚的合同.pdf", MAX_PAGES + 1)
    out = tmp_path / "申报材料.pdf"
    code, err = pack(["innovation-centre", str(write_json(example)), "-o", str(out), "--enclosure", f"合同={thick}"],
                     capsys)
    assert code == 2
    assert f"“厚厚的合同.pdf”无法使用：PDF 有 {MAX_PAGES + 1} 页，超过每个文件 {MAX_PAGES} 页的上限" in err
    assert not out.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="a named pipe is POSIX's")
def test_a_fifo_named_as_an_enclosure_is_refused_at_once(tmp_path, example, write_json, capsys):
    os.mkfifo(tmp_path / "管道.jpg")
    start = time.perf_counter()
    code, err = pack(["innovation-centre", str(write_json(example)), "-o", str(tmp_path / "a.pdf"),
                      "--enclosure", f"{LEGAL}={tmp_path / '管道.jpg'}"], capsys)
    assert code == 2 and "“管道.jpg”无法使用：这不是普通文件" in err
    assert time.perf_counter() - start < 5


def test_a_scan_of_the_wrong_page_count_is_refused_saying_how_it_differs(tmp_path, example, write_json, capsys):
    scan = pdf(tmp_path / "盖章页.pdf", 3, "STAMPED")
    out = tmp_path / "申报材料.pdf"
    code, err = pack(["innovation-centre", str(write_json(example)), "-o", str(out), "--replace", f"2-3={scan}"],
                     capsys)
    assert code == 2 and "“盖章页.pdf”无法使用：扫描件有 3 页，替换第 2–3 页需要 2 页（多 1 页）" in err
    code, err = pack(["innovation-centre", str(write_json(example)), "-o", str(out), "--replace", f"2-5={scan}"],
                     capsys)
    assert code == 2 and "替换第 2–5 页需要 4 页（少 1 页）" in err
    assert not out.exists()


@pytest.mark.parametrize("spec", ["3", "a=b.pdf", "0=x.pdf", "6-5=x.pdf"])
def test_a_replace_that_is_not_pages_equals_file_is_a_usage_error(spec, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["pack", "innovation-centre", "x.json", "-o", "a.pdf", "--replace", spec])
    assert caught.value.code == 2 and "--replace" in capsys.readouterr().err


def test_an_enclosure_without_a_title_is_a_usage_error(capsys):
    with pytest.raises(SystemExit):
        main(["pack", "innovation-centre", "x.json", "-o", "a.pdf", "--enclosure", "执照.jpg"])
    assert "标题=文件" in capsys.readouterr().err


def test_data_with_errors_writes_nothing_unless_allowed(tmp_path, example, write_json, capsys):
    example["cover"]["centre_name"] = ""
    out = tmp_path / "申报材料.pdf"
    code, err = pack(["innovation-centre", str(write_json(example)), "-o", str(out)], capsys)
    assert code == 1 and "--allow-incomplete" in err and not out.exists()


# --------------------------------------------------------------------------- the pack itself

@pytest.fixture(scope="module")
def bound(tmp_path_factory, module_shared_pdfs) -> tuple[Path, dict[str, Path], list[int]]:
    """The 创新中心 example bound with a turned phone photo, a TIFF, a 2-page PDF, a Word file and a PDF that
    acts; and the page count of each document as ``fill --pdf`` converts it alone."""
    import json

    folder = tmp_path_factory.mktemp("pack")
    word = Document()
    word.add_paragraph("合作协议正文 WORDFILE")
    word.save(folder / "合作协议.docx")
    files = {
        "photo": photo(folder / "法人证书.jpg", (400, 200), orientation=6),
        "pdf": pdf(folder / "资金组建方案.pdf", 2, "FUNDING"),
        "docx": folder / "合作协议.docx",
        "acting": acting_pdf(folder / "规章制度.pdf"),
        "tiff": tiff(folder / "扫描件.tif", 3),
    }
    from yn_forms.core.enclosures import paper_record

    application = get_form("innovation-centre").example()  # its two items marked 纸质件另附, bound here all the same
    application["enclosures"].append(paper_record(ON_PAPER))  # one of the clerk's own goes on paper only
    data = folder / "centre.json"
    data.write_text(json.dumps(application, ensure_ascii=False), encoding="utf-8")
    out = folder / "申报材料（装订版）.pdf"
    code = main(["pack", "innovation-centre", str(data), "-o", str(out),
                 "--enclosure", f"{OWN}={files['tiff']}",
                 "--enclosure", f"{AGREEMENTS}={files['pdf']}",
                 "--enclosure", f"{LEGAL}={files['photo']}",
                 "--enclosure", f"{AGREEMENTS}={files['docx']}",
                 "--enclosure", f"{AGREEMENTS}={files['acting']}"])
    assert code == 0
    alone = folder / "fill"
    assert main(["fill", "innovation-centre", str(data), "-o", str(alone), "--pdf"]) == 0
    pages = [len(PdfReader(path).pages) for path in sorted(alone.glob("*.pdf"))]
    return out, files, pages


@pytest.mark.office
@POPPLER
def test_the_pack_has_a_contents_page_then_every_page_of_every_part(bound):
    """目录, 附件1 and 附件2 paginated as they are alone, then the items: the notice's two in its order (the
    photo; the PDF, the Word file and the PDF that acts), then the clerk's own (the TIFF's 3 frames)."""
    out, _, pages = bound
    texts = page_texts(out)
    word_pages = sum("WORDFILE" in text for text in texts)
    assert word_pages == 1
    assert len(PdfReader(out).pages) == 1 + sum(pages) + 1 + (2 + word_pages + 1) + 3
    starts = list(contents_numbers(texts[0]).values())
    assert starts == [1, 1 + pages[0], 1 + sum(pages), 2 + sum(pages), 2 + sum(pages) + 2 + word_pages + 1]


@pytest.mark.office
@POPPLER
def test_every_page_after_the_contents_shows_its_number_once(bound):
    out, _, _ = bound
    texts = page_texts(out)
    for index, text in enumerate(texts[1:], 1):
        assert foot_numbers(text) == [index], (index, text[-200:])


@pytest.mark.office
@POPPLER
def test_each_contents_entry_is_the_page_its_part_starts_on(bound):
    out, _, _ = bound
    reader = PdfReader(out)
    texts = page_texts(out)
    numbers = contents_numbers(texts[0])
    assert list(numbers) == ["附件1云南省制造业创新中心创建申报书", "附件2云南省制造业创新中心建设方案计划书",
                             f"（1）{LEGAL}", f"（2）{AGREEMENTS}", f"（3）{OWN}"]
    starts = list(numbers.values())
    assert starts == sorted(starts) and starts[0] == 1
    assert re.search(r"^\s*附件\s*1\s*$", texts[starts[0]], re.M)  # a cover's first line (pdftotext: 附件 1)
    assert re.search(r"^\s*附件\s*2\s*$", texts[starts[1]], re.M)
    assert "FUNDING page 1" in texts[starts[3]] and "FUNDING page 1" not in texts[starts[3] - 1]
    assert reader.page_labels[0] == "目录"
    assert reader.page_labels[1:] == [str(n) for n in range(1, len(reader.pages))]
    # the page a part starts on is the one its bookmark opens (the 目录 is one page: index = printed number)
    top = [(title, index) for depth, title, index in outline(reader) if depth == 0]
    assert top[0] == ("目录", 0)
    assert [index for _, index in top[1:]] == starts
    assert [re.sub(r"\s+", "", title) for title, _ in top[1:]] == list(numbers)


@pytest.mark.office
@POPPLER
def test_an_item_handed_in_on_paper_is_in_the_contents_with_no_page(bound):
    """An item only on paper is listed after the bound ones, 纸质件另附 at the margin where a number would stand;
    an item bound and also marked 纸质件另附 is listed once, with its page; no bookmark leads to paper."""
    out, _, _ = bound
    contents = page_texts(out)[0]
    line = next(line for line in contents.splitlines() if ON_PAPER in line)
    assert re.fullmatch(rf"\s*（4）{ON_PAPER}\s+纸质件另附\s*", line), line
    assert contents.count("纸质件另附") == 1 and ".." not in line
    assert contents.index(OWN) < contents.index(ON_PAPER)
    assert ON_PAPER not in [title for _, title, _ in outline(PdfReader(out))]


def test_the_contents_lists_items_on_paper_where_the_notice_does(tmp_path):
    """A declared item on paper stands in the notice's order among the bound ones, numbered with them; the clerk's
    own on paper after the clerk's own bound; leaders (and so page numbers) only for what is bound."""
    from docx import Document as Read

    from yn_forms.render.pack.contents import bound_entries, write_contents
    from yn_forms.render.pack.parts import BoundItem
    from yn_forms.render.pack.step import PackStep

    step = PackStep(get_form("innovation-centre"), tmp_path / "装订版.pdf", [BoundItem(AGREEMENTS, "a"),
                                                                            BoundItem(OWN, "")])
    step.on_paper = [ON_PAPER, LEGAL]
    entries = step.entries()
    assert [e.title for e in entries[2:]] == [f"（1）{LEGAL}", f"（2）{AGREEMENTS}", f"（3）{OWN}", f"（4）{ON_PAPER}"]
    assert [e.title for e in bound_entries(entries)[2:]] == [f"（2）{AGREEMENTS}", f"（3）{OWN}"]
    paragraphs = Read(str(write_contents(entries, tmp_path / "目录.docx"))).paragraphs
    legal = next(p for p in paragraphs if LEGAL in p.text)
    assert legal.text.endswith("\t纸质件另附")
    assert [stop.leader for stop in legal.paragraph_format.tab_stops] != [stop.leader for stop in next(
        p for p in paragraphs if AGREEMENTS in p.text).paragraph_format.tab_stops]


@pytest.mark.office
def test_an_item_of_several_files_has_a_bookmark_per_file(bound):
    out, files, _ = bound
    marks = outline(PdfReader(out))
    under = [title for depth, title, _ in marks if depth == 1]
    assert under == [files["pdf"].name, files["docx"].name, files["acting"].name]


@pytest.mark.office
@POPPLER
def test_a_turned_photo_stands_upright_on_a4(bound):
    """Stored landscape with orientation 6, the photo shows portrait: red above blue, its stripe on the right."""
    out, _, _ = bound
    reader = PdfReader(out)
    starts = list(contents_numbers(page_texts(out)[0]).values())
    page = reader.pages[starts[2]]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    image = render(out, starts[2] + 1, dpi=20)
    width, height = image.size

    def colour(x: float, y: float) -> str:
        r, g, b = image.getpixel((int(x * width), int(y * height)))
        return "red" if r > 150 > g and b < 100 else "blue" if b > 150 > r else "green" if g > 150 > r else "other"

    # the picture (200 × 400 as shown) fills the height between the margins: x 19–81 %, y 5–93 % of the page
    assert (colour(0.45, 0.25), colour(0.45, 0.75), colour(0.78, 0.5), colour(0.22, 0.25)) == ("red", "blue", "green",
                                                                                                "red")


@pytest.mark.office
@POPPLER
def test_documents_stay_text_and_pictures_are_pages_of_a4(bound):
    out, _, _ = bound
    texts = page_texts(out)
    assert "创新中心名称" in texts[1] and "云南锦川稀贵金属集团有限公司" in texts[1]
    reader = PdfReader(out)
    tiff_pages = reader.pages[-3:]
    assert all(round(float(p.mediabox.height)) == 842 for p in tiff_pages)
    assert reader.metadata.title == "云南省制造业创新中心创建申报材料（装订版）" and reader.page_mode == "/UseOutlines"


@pytest.mark.office
@POPPLER
def test_what_a_pdf_would_do_is_not_kept_but_what_it_prints_is(bound):
    out, _, _ = bound
    raw = out.read_bytes()
    for acting in (b"/JavaScript", b"/JS", b"/URI", b"/EmbeddedFile", b"/AcroForm", b"/Annots", b"/OpenAction",
                   b"/Launch", b"/AA"):
        assert acting not in raw, acting
    texts = page_texts(out)
    page = next(text for text in texts if "CERTIFICATE TEXT" in text)
    assert "FIELD-VALUE-42" in page  # the filled field's appearance, drawn into the page


@pytest.mark.office
def test_the_documents_as_fill_writes_them_are_untouched_by_packing(tmp_path, example, write_json):
    """The pack takes the page numbers out of its own copies of the documents, never of the clerk's files."""
    from yn_forms.render.pack.footers import unnumbered_copy

    folder = tmp_path / "fill"
    assert main(["fill", "innovation-centre", str(write_json(example)), "-o", str(folder)]) == 0
    document = next(folder.glob("附件1*.docx"))
    before = document.read_bytes()
    copy = unnumbered_copy(document, tmp_path / "copy.docx")
    assert document.read_bytes() == before
    import zipfile

    with zipfile.ZipFile(copy) as archive:
        footer = archive.read("word/footer1.xml").decode()
    assert "PAGE" not in footer and "YNFooter" in footer


# --------------------------------------------------------------------------- the copy for upload, and the stamped scans

@pytest.fixture(scope="module")
def photo_heavy(tmp_path_factory):
    """A phone's 4–7 MB photo, made once for the file (a noisy 12-megapixel JPEG takes a while): only read."""
    return photo(tmp_path_factory.mktemp("heavy") / "营业执照.jpg", (4000, 3000), orientation=6, noise=True)


@pytest.mark.office
@pytest.mark.slow
def test_max_mb_is_honoured_and_pictures_stay_at_150_dpi_or_finer(tmp_path, example, write_json, photo_heavy, capsys):
    out = tmp_path / "网上提交.pdf"
    assert photo_heavy.stat().st_size > 4_000_000
    code, err = pack(["innovation-centre", str(write_json(example)), "-o", str(out), "--max-mb", "2",
                      "--enclosure", f"{LEGAL}={photo_heavy}"], capsys)
    assert code == 0, err
    assert out.stat().st_size <= 2_000_000 and "图片已压缩为每英寸" in err
    reader = PdfReader(out)
    page = next(p for p in reader.pages if p.images)
    (image,) = page.images
    printed_inches = max(float(page.mediabox.width), float(page.mediabox.height)) / 72
    assert max(image.image.size) / printed_inches >= 150


@pytest.mark.office
def test_max_mb_that_cannot_be_met_names_the_largest_part_and_keeps_the_old_file(tmp_path, example, write_json,
                                                                                 photo_heavy, capsys):
    out = tmp_path / "网上提交.pdf"
    out.write_bytes(b"%PDF- an older pack")
    code, err = pack(["innovation-centre", str(write_json(example)), "-o", str(out), "--max-mb", "0.05",
                      "--enclosure", f"{LEGAL}={photo_heavy}"], capsys)
    assert code == 3
    assert "超过限制的 0.05 MB" in err and f"（1）{LEGAL}（约" in err.split("占用最多的是：")[1].split("；")[0]
    assert out.read_bytes() == b"%PDF- an older pack"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".yn-")]


@pytest.mark.office
@POPPLER
def test_stamped_pages_scanned_take_the_place_of_those_pages(tmp_path, example, write_json, capsys):
    scan = pdf(tmp_path / "盖章页.pdf", 2, "STAMPED")
    out = tmp_path / "盖章后.pdf"
    code, err = pack(["innovation-centre", str(write_json(example)), "-o", str(out), "--replace", f"2-3={scan}"],
                     capsys)
    assert code == 0, err
    texts = page_texts(out)
    assert "STAMPED page 1" in texts[2] and "STAMPED page 2" in texts[3] and "STAMPED" not in texts[1] + texts[4]
    # the number is still there for a search — the scan shows it as printed — and drawn only once: invisibly
    assert foot_numbers(texts[2]) == [2] and foot_numbers(texts[3]) == [3]
    foot = render(out, 3, dpi=30)
    band = foot.crop((0, int(foot.height * 0.92), foot.width, foot.height))
    assert min(low for low, _ in band.getextrema()) > 200  # nothing printed at the scan's foot
    assert PdfReader(out).page_labels[2:4] == ["2", "3"]


@pytest.mark.office
def test_a_replace_beyond_the_last_page_is_refused(tmp_path, example, write_json, capsys):
    scan = pdf(tmp_path / "盖章页.pdf", 1)
    out = tmp_path / "a.pdf"
    code, err = pack(["innovation-centre", str(write_json(example)), "-o", str(out), "--replace", f"500={scan}"],
                     capsys)
    assert code == 2 and "没有第 500 页" in err and "未生成装订版 PDF" in err and not out.exists()


@pytest.mark.office
@pytest.mark.slow
@pytest.mark.parametrize("form_id", ["innovation-centre", "innovation-consortium", "consumer-brand",
                                     "digital-scenario"])
def test_every_form_packs(form_id, tmp_path, capsys):
    import json

    form = get_form(form_id)
    data = tmp_path / "data.json"
    data.write_text(json.dumps(form.example(), ensure_ascii=False), encoding="utf-8")
    enclosure = pdf(tmp_path / "营业执照.pdf", 1, "LICENCE")
    out = tmp_path / "out"
    out.mkdir()
    code, err = pack([form_id, str(data), "-o", f"{out}/", "--enclosure", f"营业执照={enclosure}"], capsys)
    assert code == 0, err
    (written,) = out.iterdir()
    assert written.name == f"{form.name}-申报材料（装订版）.pdf"
    texts = page_texts(written)
    assert [foot_numbers(text) for text in texts[1:]] == [[n] for n in range(1, len(texts))]
    numbers = contents_numbers(texts[0])
    assert len(numbers) == len(form.documents) + 1
    # the example's items handed in on paper are listed too, each in its place in the notice's order, with no page
    from yn_forms.core.enclosures import paper_titles

    on_paper = [title for title in paper_titles(form, form.example()) if title != "营业执照"]
    assert texts[0].count("纸质件另附") == len(on_paper)
    (licence,) = [title for title in numbers if title.endswith("）营业执照")]
    assert "LICENCE page 1" in texts[numbers[licence]]


def test_without_libreoffice_the_pack_is_not_made_and_says_why(tmp_path, example, write_json, capsys, monkeypatch):
    monkeypatch.setenv("YN_FORMS_SOFFICE", str(tmp_path / "nowhere"))
    monkeypatch.setattr("yn_forms.render.pdf.find_soffice", lambda configured=None, **_: None)
    out = tmp_path / "a.pdf"
    code, err = pack(["innovation-centre", str(write_json(example)), "-o", str(out)], capsys)
    assert code == 3 and "未找到 LibreOffice，无法生成装订版 PDF" in err and not out.exists()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")
def test_a_pack_stopped_by_sigterm_leaves_nothing(tmp_path, example, write_json):
    """Stopped while LibreOffice works: no pack, no temporary file beside it or in the temporary folder."""
    started = tmp_path / "started"
    soffice = tmp_path / "soffice"
    soffice.write_text(f"#!/bin/sh\ntouch {started}\nsleep 30\n")
    soffice.chmod(0o755)
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "YN_FORMS_SOFFICE": str(soffice),
           "TMPDIR": str(temp)}
    proc = subprocess.Popen([sys.executable, "-m", "yn_forms", "pack", "innovation-centre",
                             str(write_json(example)), "-o", str(out / "a.pdf"),
                             "--enclosure", f"执照={photo(tmp_path / 'p.jpg')}"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and b"Traceback" not in err
    assert list(out.iterdir()) == [] and list(temp.iterdir()) == []


# --------------------------------------------------------------------------- pieces, without LibreOffice

def test_items_come_in_the_notices_order_then_the_clerks_own_in_the_order_given(tmp_path):
    from yn_forms.render.pack.parts import group_enclosures

    a, b, c, d = (tmp_path / name for name in "abcd")
    groups = group_enclosures([("自拟", a), (AGREEMENTS, b), (LEGAL, c), ("自拟", d)], declared=[LEGAL, AGREEMENTS])
    assert [(g.title, g.files) for g in groups] == [(LEGAL, (c,)), (AGREEMENTS, (b,)), ("自拟", (a, d))]


def test_the_command_line_orders_items_by_the_forms_own_declaration(tmp_path):
    from yn_forms.cli_pack import read_inputs

    files = [pdf(tmp_path / f"{n}.pdf", 1) for n in range(3)]
    form = get_form("innovation-centre")
    inputs = read_inputs(form, form.example(), tmp_path / "a.json",
                         [("自拟", files[0]), (AGREEMENTS, files[1]), (LEGAL, files[2])], [])
    assert [item.title for item in inputs.items] == [LEGAL, AGREEMENTS, "自拟"]


def test_the_files_a_draft_keeps_are_bound_with_those_given_and_a_changed_one_is_refused(tmp_path):
    """A draft's own 证明材料 (in the folder beside it) are bound in the draft's order; ``--enclosure`` joins an
    item by its title (after the draft's files) or adds one of the clerk's own; a kept file changed since it
    was attached is named and nothing is bound."""
    from yn_forms.cli_pack import PackCommandError, read_inputs
    from yn_forms.core.draft import save_draft
    from yn_forms.core.enclosure_store import EnclosureStore
    from yn_forms.render.enclosures import inspect

    form = get_form("innovation-centre")
    draft = tmp_path / "申报.ynform"
    store = EnclosureStore.beside(draft)
    licence, contract, extra = (pdf(tmp_path / f"{name}.pdf", 1) for name in ("执照", "协议", "补充"))
    data = form.example()
    data["enclosures"] = [store.add(licence, item="legal_person_certificate", title=LEGAL, inspected=inspect(licence)),
                          store.add(contract, item="", title="自拟章程", inspected=inspect(contract))]
    save_draft(draft, form, data)
    inputs = read_inputs(form, data, draft, [(LEGAL, extra), ("另附", extra)], [])
    assert [(item.title, len(item.files)) for item in inputs.items] == [(LEGAL, 2), ("自拟章程", 1), ("另附", 1)]
    kept = store.folder / data["enclosures"][0]["file"]  # the licence as the store keeps it
    kept.write_bytes(kept.read_bytes() + b"%changed")
    with pytest.raises(PackCommandError) as refused:
        read_inputs(form, data, draft, [], [])
    assert "执照.pdf" in str(refused.value) and "未生成任何文件" in str(refused.value)


def test_page_fields_are_taken_out_of_headers_and_footers_and_nothing_else():
    from yn_forms.render.pack.footers import without_page_fields

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    footer = (f'<w:ftr {w}><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>第</w:t></w:r>'
              '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PA</w:instrText></w:r>'
              '<w:r><w:instrText>GE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
              '<w:p><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple></w:p>'
              '<w:p><w:r><w:instrText> PAGEREF _Toc1 </w:instrText></w:r><w:r><w:t>见第页</w:t></w:r></w:p>'
              '<w:p><w:r><w:t>云南省工业和信息化厅制</w:t></w:r></w:p></w:ftr>').encode()
    out = without_page_fields(footer).decode()
    assert "PA" not in out.replace("PAGEREF", "") and "NUMPAGES" not in out and "第<" not in out
    assert '<w:jc w:val="center"/>' in out and out.count("<w:p>") + out.count("<w:p/>") == 4
    assert "PAGEREF" in out and "云南省工业和信息化厅制" in out


@pytest.mark.office
@POPPLER
def test_a_page_of_the_clerks_pdf_is_set_above_the_foot(tmp_path, example, write_json, capsys):
    """A page of its own filled to its foot (a scan showing its own number there): the pack's number stays clear."""
    from reportlab.pdfgen.canvas import Canvas

    given = tmp_path / "满页.pdf"
    canvas = Canvas(str(given), pagesize=(595.2756, 841.8898))
    canvas.rect(0, 0, 595.2756, 50, stroke=0, fill=1)  # black to the very foot
    canvas.setFont("Times-Roman", 14)
    canvas.drawCentredString(297.6, 70, "OWN FOOT")
    canvas.showPage()
    canvas.save()
    out = tmp_path / "a.pdf"
    code, err = pack(["innovation-centre", str(write_json(example)), "-o", str(out), "--enclosure", f"满页={given}"],
                     capsys)
    assert code == 0, err
    last = len(PdfReader(out).pages)
    image = render(out, last, dpi=30)
    width, height = image.size
    corner = image.getpixel((int(width * 0.02), int(height * 0.99)))
    assert min(corner) > 200  # the black band moved up: nothing of the page under the pack's number
    assert foot_numbers(page_texts(out)[-1]) == [last - 1]


@pytest.mark.office
def test_the_documents_own_pdfs_can_come_from_the_same_libreoffice_call(tmp_path, example, monkeypatch):
    """生成申报材料 writes the documents' PDFs beside them and the pack: one start of LibreOffice for both."""
    import yn_forms.render.pack.step as step_module
    from yn_forms.render.documents import produce
    from yn_forms.render.pack.step import PackStep

    calls = []
    convert = step_module.convert_to_pdf

    def counting(files, *args, **kwargs):
        calls.append(files)
        return convert(files, *args, **kwargs)

    monkeypatch.setattr(step_module, "convert_to_pdf", counting)
    form = get_form("innovation-centre")
    step = PackStep(form, tmp_path / "pack.pdf", document_pdfs=True)
    result = produce(form, example, tmp_path / "out", steps=[step])
    assert step.failure is None and len(calls) == 1
    assert [p.name for p in step.pdfs] == [d.with_suffix(".pdf").name for d in result.documents]
    own = PdfReader(step.pdfs[0])
    assert "— 1 —" in own.pages[1].extract_text()  # the document alone keeps its own numbers
    assert len(PdfReader(tmp_path / "pack.pdf").pages) == 1 + sum(len(PdfReader(p).pages) for p in step.pdfs)


@pytest.mark.office
def test_a_picture_that_fails_only_when_decoded_is_refused_by_name(tmp_path, example, write_json, capsys):
    """Whole chunks, right checksums, data that does not inflate: it passes the checks, and binding says which."""
    bad = png_with_bad_data(tmp_path / "看似完好.png")
    out = tmp_path / "a.pdf"
    code, err = pack(["innovation-centre", str(write_json(example)), "-o", str(out), "--enclosure", f"执照={bad}"],
                     capsys)
    assert code == 2 and "证明材料“看似完好.png”无法装订" in err and "Traceback" not in err
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".yn-")]


def test_a_title_with_control_characters_is_written_into_the_contents_without_them(tmp_path):
    """A title typed or pasted with control characters (an item on paper is listed by its title alone) is set in
    the 目录 as the documents set text — the characters dropped — not refused by the Word file with a traceback."""
    from docx import Document as Read

    from yn_forms.render.pack.contents import Entry, write_contents

    entries = [Entry("附件1　申报书"), Entry("（1）原件\x01核验\x0b说明", item=True, paper=True)]
    paragraphs = [p.text for p in Read(str(write_contents(entries, tmp_path / "目录.docx"))).paragraphs]
    assert "（1）原件核验说明\t纸质件另附" in paragraphs
