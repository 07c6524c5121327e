"""Files a clerk attaches, made in the tests: photos with an EXIF orientation, scans, PDFs that act, bad files."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

A4 = (595.2756, 841.8898)


def photo(path: Path, size: tuple[int, int] = (400, 200), orientation: int | None = None, quality: int = 90,
          noise: bool = False) -> Path:
    """A photo as a phone stores it: left half red, right half blue, a green stripe along its stored top.

    *noise* makes it as hard to compress as a real photo (a 4000×3000 one is then about 4–7 MB).
    """
    if noise:
        image = Image.merge("RGB", [Image.effect_noise(size, 60).convert("L"),
                                    Image.linear_gradient("L").resize(size),
                                    Image.effect_noise(size, 40).convert("L")])
    else:
        image = Image.new("RGB", size, "red")
        draw = ImageDraw.Draw(image)
        draw.rectangle([size[0] // 2, 0, size[0], size[1]], fill="blue")
        draw.rectangle([0, 0, size[0], size[1] // 10], fill="lime")
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    image.save(path, "JPEG", quality=quality, exif=exif.tobytes())
    return path


def pdf(path: Path, pages: int = 2, marker: str = "SCAN", size: tuple[float, float] = A4) -> Path:
    """A PDF of *pages* pages, each saying “<marker> page n” (text pdftotext reads)."""
    canvas = Canvas(str(path), pagesize=size)
    for number in range(1, pages + 1):
        canvas.setFont("Helvetica", 24)
        canvas.drawString(72, size[1] - 120, f"{marker} page {number}")
        canvas.showPage()
    canvas.save()
    return path


def acting_pdf(path: Path) -> Path:
    """A PDF that would act when opened: a link, JavaScript on opening, an attached file, a filled form field."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.setFont("Helvetica", 18)
    canvas.drawString(72, 700, "CERTIFICATE TEXT")
    canvas.linkURL("https://example.com/track", (72, 650, 300, 680), relative=0)
    canvas.acroForm.textfield(name="holder", value="FIELD-VALUE-42", x=72, y=560, width=300, height=30,
                              borderStyle="inset", forceBorder=True)
    canvas.showPage()
    canvas.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(out.getvalue())))
    try:
        from pypdf.actions import JavaScript
    except ImportError:  # pypdf before 6
        writer.add_js("app.alert('opened');")
    else:
        writer.add_open_action(JavaScript("app.alert('opened');"))
    writer.add_attachment("secret.txt", b"attached data")
    writer.write(path)
    return path


def encrypted_pdf(path: Path, user: str = "secret") -> Path:
    writer = PdfWriter(clone_from=PdfReader(pdf(path, 1)))
    writer.encrypt(user_password=user, owner_password="owner-only", algorithm="RC4-128")
    writer.write(path)
    return path


def blank_pdf(path: Path, pages: int) -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(*A4)
    writer.write(path)
    return path


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG that claims *width*×*height* pixels in a few hundred bytes: a decompression bomb's header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
                     + chunk(b"IEND", b""))
    return path


def jpeg_claiming(path: Path, width: int, height: int) -> Path:
    """A small JPEG whose frame header claims *width*×*height* (at most 65,535 each)."""
    data = bytearray(photo(path).read_bytes())
    at = data.index(b"\xff\xc0") + 5  # marker, length (2), precision (1), then height and width
    data[at:at + 4] = struct.pack(">HH", height, width)
    path.write_bytes(bytes(data))
    return path


def truncated(source: Path, path: Path, keep: float = 0.5) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def tiff(path: Path, frames: int = 3, size: tuple[int, int] = (300, 400)) -> Path:
    """A multi-page scan: *frames* grey pages, each with a darker band lower the further it is."""
    pages = []
    for index in range(frames):
        page = Image.new("L", size, 255)
        ImageDraw.Draw(page).rectangle([0, index * 40, size[0], index * 40 + 30], fill=0)
        pages.append(page)
    pages[0].save(path, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate")
    return path


def page_texts(path: Path) -> list[str]:
    """Each page's text as pdftotext reads it."""
    text = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


FOOT = re.compile(r"—\s*(\d+)\s*—")


def foot_numbers(text: str) -> list[int]:
    """The page numbers “— n —” in a page's text."""
    return [int(n) for n in FOOT.findall(text)]


def render(path: Path, page: int, dpi: int = 20) -> Image.Image:
    """Page *page* (1-based) as pdftoppm draws it."""
    out = subprocess.run([shutil.which("pdftoppm") or "pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page),
                          "-png", str(path)], check=True, capture_output=True).stdout
    return Image.open(io.BytesIO(out)).convert("RGB")


def png_with_bad_data(path: Path) -> Path:
    """A PNG whose chunks and checksums are whole but whose pixel data does not inflate: passes every check
    short of decoding it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"not deflate data" * 8)
                     + chunk(b"IEND", b""))
    return path
