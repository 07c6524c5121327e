"""The run's shared conversions (tests/shared_pdfs.py) give a PDF only for the very input LibreOffice converted."""

from __future__ import annotations

import zipfile
from pathlib import Path

from shared_pdfs import SharedPdfs


def word_file(path: Path, text: str, written: tuple[int, ...] = (2026, 1, 1, 0, 0, 0)) -> Path:
    """A Word file's one part, stamped *written* (as python-docx stamps each part with the time it saves)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("word/document.xml", written), text)
    return path


class FakeOffice:
    """Writes each file's content into its "PDF", and remembers which files it was given."""

    def __init__(self) -> None:
        self.given: list[list[str]] = []

    def __call__(self, exe, files, work, timeout, converted=None):
        self.given.append([f.name for f in files])
        made = []
        for index, file in enumerate(files):
            with zipfile.ZipFile(file) as archive:
                (work / (file.stem + ".pdf")).write_bytes(b"%PDF-" + archive.read("word/document.xml"))
            made.append(work / (file.stem + ".pdf"))
            if converted is not None:
                converted(index, made[-1])
        return made


def test_only_the_inputs_not_converted_before_reach_libreoffice_and_each_pdf_is_its_own(tmp_path):
    exe = tmp_path / "soffice"
    exe.write_text("#!/bin/sh\n")
    shared, office = SharedPdfs(tmp_path / "cache"), FakeOffice()
    shared.folder.mkdir()
    a, b = word_file(tmp_path / "a.docx", "A"), word_file(tmp_path / "b.docx", "B")
    work = tmp_path / "work"
    work.mkdir()
    shared.run(office, exe, [a, b], work, 60)
    later = (2026, 1, 1, 0, 0, 8)  # filled again a little later: the same content is the same input
    again = word_file(tmp_path / "again" / "a.docx", "A", later)
    changed = word_file(tmp_path / "again" / "b.docx", "B changed", later)
    told: list[int] = []
    made = shared.run(office, exe, [changed, again], work, 60, lambda index, pdf: told.append(index))
    assert office.given == [["a.docx", "b.docx"], ["b.docx"]]  # the changed one only
    assert [p.read_bytes() for p in made] == [b"%PDF-B changed", b"%PDF-A"] and sorted(told) == [0, 1]
    assert (shared.converted, shared.hits) == (3, 1)
    renamed = word_file(tmp_path / "c.docx", "A")  # the same content by another name: LibreOffice may title it so
    shared.run(office, exe, [renamed], work, 60)
    assert office.given[-1] == ["c.docx"]
