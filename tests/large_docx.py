"""Filled Word files made huge, as an attacker (or a clerk pasting a book) would make them.

Each is written straight into the zip (python-docx would take minutes to add 200,000 paragraphs)
from a filled 附件1 of the 创新中心, or from nothing: a paragraph of a few runs of millions of
characters, or a couple of hundred thousand short paragraphs, all within the import's size caps.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOCUMENT = "word/document.xml"


PIECE = 1 << 20  # characters written at a time


def gibberish(letters: str, seed: int = 25) -> str:
    """A megabyte of text that compresses about tenfold, as text does (the import refuses a part that
    compresses more than 200-fold as a zip bomb): random picks of a few random words."""
    rng = random.Random(seed)
    words = ["".join(rng.choices(letters, k=1024)) for _ in range(16)]
    return "".join(rng.choices(words, k=PIECE // 1024))


def long_runs(runs: int, chars: int, letters: str = "abcdefghijklmnopqrstuvwxyz") -> Iterable[bytes]:
    """One paragraph of *runs* runs, *chars* characters each (written in pieces: never one 60 MB string)."""
    yield b"<w:p>"
    yield from runs_of(runs, chars, letters)
    yield b"</w:p>"


def runs_of(runs: int, chars: int, letters: str = "abcdefghijklmnopqrstuvwxyz") -> Iterable[bytes]:
    """*runs* runs of *chars* characters each (within a paragraph: ``grown``). The XML parser takes no text
    of more than 10 MB in one piece: 9.5 million ASCII letters, or 3.3 million Chinese characters."""
    piece = gibberish(letters)
    for _ in range(runs):
        yield b"<w:r><w:t>"
        for at in range(0, chars, PIECE):
            yield piece[:min(chars - at, PIECE)].encode()
        yield b"</w:t></w:r>"


def short_paragraphs(count: int) -> Iterable[bytes]:
    """*count* short paragraphs of text, as a clerk's long appendix types them."""
    for start in range(0, count, 1000):
        yield "".join(f"<w:p><w:r><w:t>这是附录的第 {n} 段文字。</w:t></w:r></w:p>"
                      for n in range(start, min(start + 1000, count))).encode()


def appended(source: Path, target: Path, body: Iterable[bytes]) -> Path:
    """A copy of the .docx *source* at *target* with *body*'s XML added at the end of its body."""
    def at_end(data: bytes) -> int:
        at = data.rfind(b"<w:sectPr")
        return data.rfind(b"</w:body>") if at < 0 else at

    return _inserted(source, target, at_end, body)


def grown(source: Path, target: Path, after: str, runs: Iterable[bytes]) -> Path:
    """A copy of *source* with *runs* added to the paragraph (or cell) where the text *after* is printed,
    right after the run holding it: a value typed on and on."""
    return _inserted(source, target, lambda data: data.index(b"</w:r>", data.index(after.encode())) + 6, runs)


def _inserted(source: Path, target: Path, where: Callable[[bytes], int], xml: Iterable[bytes]) -> Path:
    """A copy of *source* at *target* with *xml* written into its document.xml at ``where(document.xml)``."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            data = original.read(info)
            if info.filename != DOCUMENT:
                out.writestr(info, data)
                continue
            at = where(data)
            with out.open(DOCUMENT, "w", force_zip64=True) as part:
                part.write(data[:at])
                for piece in xml:
                    part.write(piece)
                part.write(data[at:])
    return target


def only(target: Path, body: Iterable[bytes]) -> Path:
    """A .docx whose body is *body* alone (the smallest package Word and python-docx open)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml",
                     '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" '
                     'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                     'officedocument.wordprocessingml.document.main+xml"/></Types>')
        out.writestr("_rels/.rels",
                     '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        with out.open(DOCUMENT, "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>'.encode())
            for piece in body:
                part.write(piece)
            part.write(b"</w:body></w:document>")
    target.write_bytes(buffer.getvalue())
    return target
