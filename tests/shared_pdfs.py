"""One LibreOffice conversion for the run, shared by the tests that only read what it printed.

Many tests convert the very same documents (a form's example filled, the pack's copies of them) and then read
the PDF: its pages, its text, its numbers. LibreOffice takes seconds each time; the PDF of the same input is the
same. A test that asks for ``shared_pdfs`` converts through a cache: the first conversion of an input runs
LibreOffice, an identical input later in the run (on either xdist worker) gets a copy of what it printed.

Identical means: the same ``soffice`` (its resolved path, size and time), each file's name and its content —
for a Word file the parts inside it, in order (python-docx stamps the zip entries with the time they were
written: two fills of the same data differ only there), for anything else its bytes. The cache lives in the
run's temporary folder (``tmp_path_factory``'s, shared by the workers), so every run converts afresh.

The seam is ``render.pdf._run_soffice``: the one place every conversion passes, after the output folder's checks
and before the PDFs are moved into place, so everything around LibreOffice still runs as it would. Tests that
watch LibreOffice itself (its profile, its process, a timeout, a fake soffice, the network) do not ask for it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest


def _content_digest(path: Path) -> str:
    """The file's content as LibreOffice reads it: a zip's parts (names and bytes, not their time stamps)."""
    digest = hashlib.sha256()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                digest.update(info.filename.encode() + b"\0" + hashlib.sha256(archive.read(info)).digest())
        return "zip:" + digest.hexdigest()
    digest.update(path.read_bytes())
    return "raw:" + digest.hexdigest()


def _office_identity(exe: Path) -> str:
    real = Path(os.path.realpath(exe))
    found = real.stat()
    return f"{real}|{found.st_size}|{found.st_mtime_ns}"


def conversion_key(exe: Path, file: Path) -> str:
    """The cache's name for *file* converted by *exe*: one file at a time, since LibreOffice converts each file
    of a call on its own (the PDF of a file does not depend on the others in the call)."""
    digest = hashlib.sha256(f"{_office_identity(exe)}|{file.name}|{_content_digest(file)}".encode())
    return digest.hexdigest()


class SharedPdfs:
    """A folder of PDFs by :func:`conversion_key`, and how many files were served from it or converted."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.converted = 0

    def run(self, real: Callable[..., list[Path]], exe: Path, files: list[Path], work: Path, timeout: float,
            converted: Callable[[int, Path], None] | None = None) -> list[Path]:
        """``_run_soffice``: the files converted before from the cache, the others by LibreOffice in one call."""
        cached = [self.folder / f"{conversion_key(exe, f)}.pdf" for f in files]
        missing = [index for index, c in enumerate(cached) if not c.is_file()]
        if missing:
            def told(index: int, pdf: Path) -> None:
                if converted is not None:
                    converted(missing[index], pdf)

            made = real(exe, [files[i] for i in missing], work, timeout, told if converted else None)
            self.converted += len(missing)
            for pdf, index in zip(made, missing, strict=True):
                temp = cached[index].with_name(f"{cached[index].name}.{os.getpid()}.part")
                shutil.copyfile(pdf, temp)
                os.replace(temp, cached[index])  # whole or not at all, should the other worker read it now
        self.hits += len(files) - len(missing)
        made = [work / (f.stem + ".pdf") for f in files]
        for index, (source, pdf) in enumerate(zip(cached, made, strict=True)):
            if index not in missing:
                shutil.copyfile(source, pdf)
                if converted is not None:
                    converted(index, pdf)
        return made


@pytest.fixture(scope="session")
def _shared_pdf_folder(tmp_path_factory) -> Path:
    """One folder for both xdist workers: the parent of each worker's own base temp (``popen-gw0`` and so on)."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if base.name.startswith("popen-gw") else base
    folder = root / "shared-pdfs"
    with contextlib.suppress(FileExistsError):
        folder.mkdir()
    return folder


@pytest.fixture
def shared_pdfs(_shared_pdf_folder, monkeypatch) -> SharedPdfs:
    """Conversions of inputs converted before in this run come from the cache (see the module's docstring)."""
    import yn_forms.render.pdf as pdf_module

    shared = SharedPdfs(_shared_pdf_folder)
    real = pdf_module._run_soffice
    monkeypatch.setattr(pdf_module, "_run_soffice", lambda *args, **kwargs: shared.run(real, *args, **kwargs))
    return shared


@pytest.fixture(scope="module")
def module_shared_pdfs(_shared_pdf_folder):
    """:func:`shared_pdfs` for a module's own fixtures (made once for the file)."""
    import yn_forms.render.pdf as pdf_module

    shared = SharedPdfs(_shared_pdf_folder)
    real = pdf_module._run_soffice
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_module, "_run_soffice", lambda *args, **kwargs: shared.run(real, *args, **kwargs))
        yield shared
