"""A 证明材料 file from the clerk: what it is, how many pages it binds into, whether it can be bound.

Every enclosure comes from outside — a phone photo, a scanner's PDF or TIFF, a certificate
downloaded from some government site, a Word file — and is read as untrusted input, in one
place (``read_enclosure``; ``inspect`` is what the wizard remembers of it), before anything
is built from it:

- through the project's one reader of outside files (``core.inputfile.read_regular``):
  regular files only (a FIFO refused, never waited on), at most ``MAX_FILE_BYTES``, read
  once — every later check and the pack itself work on those bytes, so the file cannot
  change in between;
- the type is told by the bytes, not the name: PDF, JPEG, PNG, TIFF (a multi-page scan binds
  one page per frame) and DOCX. Files clerks often have instead — an old .doc, a Word file
  with a password or macros, an iPhone's HEIC, an OFD, an Excel sheet, a zip — are named
  with what to do about them;
- a picture's size is read from its header and refused over ``MAX_PIXELS`` before a single
  pixel is decoded (a decompression bomb of a few kilobytes claims gigapixels); then its
  data is read to the end — a JPEG decoded at 1/8 of its size, a PNG's chunks and their
  checksums, each TIFF frame — so a truncated photo is refused now, not printed half grey;
- a PDF that needs a password to open, or that cannot be read, is refused; one with
  restrictions only (an owner password: anyone may open it) is bound. At most ``MAX_PAGES``
  pages, each with a sane page box and contents that decode (pypdf's own caps bound what a
  stream may inflate to). What a PDF may do besides print — links, JavaScript, forms,
  attached files — never reaches the pack (``render.pack.cleaning``);
- a DOCX gets the checks of a replaced template (``render.docxguard``): parts that inflate to
  a sane size, nothing LibreOffice would fetch from outside while converting it. A hyperlink
  is allowed — nothing follows it, and the pack keeps its text, not the link.

Nothing here opens a URL or another file: pypdf and Pillow read from the bytes in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import logging
import re
import struct
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from pypdf import PasswordType, PdfReader
from pypdf.generic import ArrayObject

from yn_forms.core.enclosure_store import MAX_FILE_BYTES as STORED_FILE_BYTES
from yn_forms.core.inputfile import InputFileError, read_regular, size_text
from yn_forms.render.docxguard import UnsafeDocx, check_archive, outside_references
from yn_forms.render.wordkind import other_word_kind

PDF, JPEG, PNG, TIFF, DOCX = "pdf", "jpeg", "png", "tiff", "docx"
PICTURES = (JPEG, PNG, TIFF)
TYPE_NAMES = {PDF: "PDF", JPEG: "JPEG 图片", PNG: "PNG 图片", TIFF: "TIFF 图片", DOCX: "Word 文档"}
ACCEPTED = "PDF、JPG/JPEG、PNG、TIFF 图片和 Word（.docx）文件"

# Every 证明材料 of one application together, and so any one of them: binding holds about twice
# their bytes in memory (the files as read, the pages as bound), so 128 MB keeps the app within
# 500 MB (bench/pack.py). A scanner's 200 pages at 300 dpi in grey are about 100 MB; a phone photo
# 3–15 MB.
MAX_TOTAL_BYTES = 128 * 1024 * 1024
MAX_FILE_BYTES = STORED_FILE_BYTES  # the store's own limit (core.enclosure_store): one limit throughout
# A 200-megapixel phone (16,320 × 12,240) is the largest real camera; A4 at 600 dpi is 35 M.
MAX_PIXELS = 200_000_000
# Pages of one PDF, frames of one TIFF: a thick bound contract is a few hundred.
MAX_PAGES = 1000
# A page box beyond PDF's own limit (200 inches) is no page anyone prints.
MAX_PAGE_POINTS = 14_400

# Pillow refuses pictures over twice its own limit (89 M) with an error of its own; ours is checked
# first, on the header, with a message naming the file, so Pillow's is set beyond it.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class EnclosureFileError(Exception):
    """A file that cannot be bound: the message names it and says why, in words a clerk acts on."""

    def __init__(self, path: Path, reason: str, name: str = "") -> None:
        super().__init__(f"证明材料“{name or Path(path).name}”无法使用：{reason}")
        self.path = Path(path)
        self.reason = reason


@dataclass(frozen=True)
class Inspected:
    """What the draft remembers of an attached file (``core.enclosures``' record)."""

    type: str  # PDF, JPEG, PNG, TIFF or DOCX
    pages: int  # pages it binds into; a DOCX's as Word last counted them (0: not recorded)
    size: int  # bytes
    sha256: str  # hex


@dataclass
class Enclosure:
    """One file, read and checked: its bytes, and for a PDF its open reader."""

    path: Path
    type: str
    data: bytes
    pages: int
    reader: PdfReader | None = None
    label: str = ""  # the clerk's own name of a file a draft keeps under another (``core.enclosure_store``)

    @property
    def name(self) -> str:
        return self.label or self.path.name

    @property
    def inspected(self) -> Inspected:
        return Inspected(self.type, self.pages, len(self.data), hashlib.sha256(self.data).hexdigest())


def inspect(path: Path) -> Inspected:
    """Type, pages, size and SHA-256 of *path*, once it is known to bind; ``EnclosureFileError`` if not."""
    return read_enclosure(path).inspected


def read_enclosure(path: Path, name: str = "") -> Enclosure:
    """*path* read once and checked as the module says; ``EnclosureFileError`` names it and why not. *name*: what
    the clerk calls the file (a draft keeps it under its digest and name: ``core.enclosure_store``), for the
    bookmark and the refusal."""
    try:
        enclosure = _read(Path(path))
    except EnclosureFileError as exc:
        if name:
            raise EnclosureFileError(exc.path, exc.reason, name) from None
        raise
    enclosure.label = name
    return enclosure


def _read(path: Path) -> Enclosure:
    try:
        data = read_regular(path, MAX_FILE_BYTES, "证明材料每个文件不能超过")
    except InputFileError as exc:
        raise EnclosureFileError(path, exc.reason) from None
    if not data.strip():
        raise EnclosureFileError(path, "文件是空的")
    kind = sniff(data)
    if kind is None:
        raise EnclosureFileError(path, _not_accepted(data))
    with _quiet():
        if kind == PDF:
            reader, pages = _check_pdf(path, data)
            return Enclosure(path, kind, data, pages, reader)
        if kind == DOCX:
            return Enclosure(path, kind, data, _check_docx(path, data))
        return Enclosure(path, kind, data, _check_picture(path, data, kind))


def read_all(paths: list[Path], names: Sequence[str] = ()) -> list[Enclosure]:
    """Every file of *paths* (called *names* by the clerk, where given) read and checked, the total within
    ``MAX_TOTAL_BYTES``; the first refusal raises."""
    read: list[Enclosure] = []
    total = 0
    for path, name in itertools.zip_longest(paths, names[:len(paths)], fillvalue=""):
        enclosure = read_enclosure(path, name)
        total += len(enclosure.data)
        if total > MAX_TOTAL_BYTES:
            raise EnclosureFileError(path, f"证明材料合计已超过 {size_text(MAX_TOTAL_BYTES)}（到此文件为 "
                                           f"{size_text(total)}），请压缩或减少扫描件后再装订", name)
        read.append(enclosure)
    return read


# --------------------------------------------------------------------------- the type, from the bytes

def sniff(data: bytes) -> str | None:
    """PDF, JPEG, PNG, TIFF or DOCX by the file's first bytes (a DOCX by its package's content types)."""
    if b"%PDF-" in data[:1024]:  # readers accept a header anywhere in the first kilobyte
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    if data.startswith(b"PK\x03\x04") and _package_kind(data) == "docx":
        return DOCX
    return None


_PACKAGE_TYPES = (  # content type in [Content_Types].xml → what it is
    ("wordprocessingml.document.main+xml", "docx"),
    ("ms-word.document.macroEnabled", "docm"),
    ("wordprocessingml.template", "dotx"),
    ("ms-word.template.macroEnabled", "dotx"),
    ("spreadsheetml", "xlsx"),
    ("ms-excel", "xlsx"),
    ("presentationml", "pptx"),
    ("ms-powerpoint", "pptx"),
)


def _package_kind(data: bytes) -> str:
    """What a zip holds: an Office package by its content types, an OFD by its entry file, or just a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > 1024 * 1024:
                    return "zip"
                types = archive.read(info).decode("utf-8", "replace")
                return next((kind for key, kind in _PACKAGE_TYPES if key in types), "zip")
            if "OFD.xml" in names:
                return "ofd"
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, RuntimeError, NotImplementedError):
        return "broken-zip"
    return "zip"


_OTHER_FILES = (  # leading bytes → what the clerk has, and what to do
    (b"GIF8", "这是 GIF 图片，请另存为 JPG 或 PNG 后添加"),
    (b"BM", "这是 BMP 图片，请另存为 JPG 或 PNG 后添加"),
    (b"{\\rtf", "这是 RTF 文档，请在 Word/WPS 中另存为 .docx 或导出为 PDF 后添加"),
    (b"Rar!", "这是压缩包（RAR），请解压后逐个添加其中的文件"),
    (b"7z\xbc\xaf", "这是压缩包（7z），请解压后逐个添加其中的文件"),
)
_ZIP_KINDS = {
    "docm": "这是含宏的 Word 文件（.docm），请在 Word/WPS 中另存为 .docx 或导出为 PDF 后添加",
    "dotx": "这是 Word 模板（.dotx），请在 Word/WPS 中另存为 .docx 或导出为 PDF 后添加",
    "xlsx": "这是 Excel 表格，请在 Excel/WPS 中导出为 PDF 后添加",
    "pptx": "这是 PowerPoint 演示文稿，请导出为 PDF 后添加",
    "ofd": "这是 OFD 版式文件（电子证照、电子发票常用），请用 OFD 阅读器导出或打印为 PDF 后添加",
    "zip": "这是压缩包（ZIP），请解压后逐个添加其中的文件",
    "broken-zip": "文件已损坏（看起来是 Word 文档或压缩包，但无法打开）",
}


def _not_accepted(data: bytes) -> str:
    """Why *data* is not bound, and what the clerk can do: the file types clerks meet, each named."""
    if data.startswith(b"PK\x03\x04"):
        return _ZIP_KINDS.get(_package_kind(data), _ZIP_KINDS["zip"])
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file: an old Office file or an encrypted new one
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            return "文件设有打开密码，请在 Word/WPS 中去除密码后另存，或导出为 PDF 后添加"
        return "这是旧版 Office 文件（如 .doc），请在 Word/WPS 中另存为 .docx 或导出为 PDF 后添加"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"hevc"):
        return "这是 HEIC 图片（苹果手机的照片格式），请导出为 JPG 后添加（手机设置 › 相机 › 格式 › 兼容性最佳）"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "这是 WebP 图片，请另存为 JPG 或 PNG 后添加"
    for head, reason in _OTHER_FILES:
        if data.startswith(head):
            return reason
    return f"不是可以装订的文件类型（可以添加 {ACCEPTED}）"


# --------------------------------------------------------------------------- pictures

def open_picture(data: bytes) -> Image.Image:
    """The picture of *data*, not yet decoded (Pillow reads the header only)."""
    return Image.open(io.BytesIO(data))


def frames(image: Image.Image) -> Iterator[Image.Image]:
    """Each frame of *image* in turn (a TIFF's pages; one for the others), the same object moved on."""
    count = getattr(image, "n_frames", 1) if image.format == "TIFF" else 1
    for index in range(count):
        if index:
            image.seek(index)
        yield image


def _check_picture(path: Path, data: bytes, kind: str) -> int:
    """The number of pages the picture binds into, once every frame is known to be whole and of a sane size."""
    try:
        image = open_picture(data)
        count = getattr(image, "n_frames", 1) if kind == TIFF else 1
        if count > MAX_PAGES:
            raise EnclosureFileError(path, f"TIFF 图片有 {count} 页，超过每个文件 {MAX_PAGES} 页的上限，"
                                           "请拆分后分别添加")
        for frame in frames(image):
            _check_pixels(path, frame)
            if kind == JPEG:  # decoded at 1/8 of its size: every byte of the image data is still read
                frame.draft(None, (max(1, frame.width // 8), max(1, frame.height // 8)))
                frame.load()
            elif kind == PNG:  # the chunks and their checksums, to IEND, without inflating the pixels
                frame.verify()
            else:
                frame.load()
        return count
    except EnclosureFileError:
        raise
    except Image.DecompressionBombError:
        raise EnclosureFileError(path, f"图片像素过多，超过 {MAX_PIXELS // 1_000_000} 百万像素的上限"
                                       "（可能是恶意构造的文件），请缩小后再添加") from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, KeyError, TypeError, struct.error):
        raise EnclosureFileError(path, f"{TYPE_NAMES[kind]}不完整或已损坏（可能在传输时被截断），"
                                       "请重新导出、扫描或拍摄后添加") from None


def _check_pixels(path: Path, frame: Image.Image) -> None:
    width, height = frame.size
    if width <= 0 or height <= 0:
        raise EnclosureFileError(path, "图片的尺寸无效（宽或高为 0）")
    if width * height > MAX_PIXELS:
        raise EnclosureFileError(path, f"图片有 {width}×{height}，约 {width * height / 1e6:,.0f} 百万像素，超过 "
                                       f"{MAX_PIXELS // 1_000_000} 百万像素的上限（可能是恶意构造的文件），"
                                       "请缩小后再添加")


# --------------------------------------------------------------------------- PDFs

def _check_pdf(path: Path, data: bytes) -> tuple[PdfReader, int]:
    """The PDF opened, with its page count, once it opens without a password and each page reads."""
    try:
        # read through a buffer: pypdf asks a BytesIO for its buffer, which makes it copy the whole file
        reader = PdfReader(io.BufferedReader(io.BytesIO(data)), strict=False)  # type: ignore[arg-type]
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise EnclosureFileError(path, "PDF 设有打开密码（已加密），请用 PDF 软件去除密码后另存，"
                                           "或重新扫描、导出后添加")
        count = len(reader.pages)
    except EnclosureFileError:
        raise
    except Exception as exc:  # a hostile or damaged PDF can make pypdf fail anywhere
        raise EnclosureFileError(path, _pdf_broken(exc)) from None
    if count == 0:
        raise EnclosureFileError(path, "PDF 中没有页面")
    if count > MAX_PAGES:
        raise EnclosureFileError(path, f"PDF 有 {count} 页，超过每个文件 {MAX_PAGES} 页的上限，请拆分后分别添加")
    for number, page in enumerate(reader.pages, 1):
        try:
            _check_page(page)
        except Exception as exc:  # as above
            raise EnclosureFileError(path, _pdf_broken(exc, number)) from None
    return reader, count


def _check_page(page: Any) -> None:
    box = page.cropbox
    width, height = float(box.width), float(box.height)
    if not (0 < abs(width) <= MAX_PAGE_POINTS and 0 < abs(height) <= MAX_PAGE_POINTS):
        raise ValueError(f"page box {width}×{height}")
    contents = page.get("/Contents")
    if contents is not None:
        contents = contents.get_object()
        for stream in contents if isinstance(contents, ArrayObject) else [contents]:
            stream.get_object().get_data()
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            ref.get_object()  # a picture's bytes are read as they are, never decoded here


def _pdf_broken(exc: Exception, page: int = 0) -> str:
    where = f"第 {page} 页" if page else "文件"
    if type(exc).__name__ == "LimitReachedError":
        return f"PDF {where}中的内容解压后过大（可能是恶意构造的文件）"
    if type(exc).__name__ in ("DependencyError", "FileNotDecryptedError"):
        return "PDF 已加密，无法读取，请用 PDF 软件去除加密后另存，或重新扫描、导出后添加"
    return f"PDF 已损坏或不完整，{where}无法读取，请重新扫描、导出或下载后添加"


# --------------------------------------------------------------------------- Word files

_APP_PAGES = re.compile(rb"<(?:\w+:)?Pages>\s*(\d+)\s*<")


def _check_docx(path: Path, data: bytes) -> int:
    """Pages as Word last counted them (LibreOffice counts again when it converts), once the file is safe."""
    from docx import Document as open_document

    try:
        check_archive(data)
        document = open_document(io.BytesIO(data))
    except UnsafeDocx as exc:
        raise EnclosureFileError(path, str(exc)) from None
    except Exception:  # python-docx on a damaged package — or on a sound .docm/.dotx renamed
        kind = other_word_kind(data)
        if kind is not None:
            raise EnclosureFileError(path, f"这是{kind}，只是扩展名被改成了 .docx，请在 Word/WPS 中另存为"
                                           "“Word 文档（.docx）”或导出为 PDF 后添加") from None
        raise EnclosureFileError(path, "Word 文档已损坏，无法打开，请在 Word/WPS 中另存后添加") from None
    outside = outside_references(document.part.package, hyperlinks=False)
    if outside:
        raise EnclosureFileError(path, "文档中有从外部取内容的部分（" + "；".join(outside[:3]) +
                                 "），本程序不联网，请在 Word/WPS 中删除这些内容或导出为 PDF 后添加")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            app = archive.read("docProps/app.xml")[:1024 * 1024]
        except KeyError:
            return 0
    found = _APP_PAGES.search(app)
    return int(found.group(1)) if found else 0


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pypdf and Pillow report what they repair as warnings; the clerk hears only what refuses a file."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
