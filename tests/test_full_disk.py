"""A full disk mid-write: a clear Chinese message, the previous files untouched, no leftovers.

A real full disk cannot be made in a test without root, so the write fails the way
the operating system reports it (``OSError(ENOSPC)``) at the point it would: while
the document is being written, or when the draft's data is flushed to disk.
"""

from __future__ import annotations

import errno
import os

import pytest

from yn_forms.cli import main
from yn_forms.core.draft import TEMP_PREFIX, read_input, save_draft
from yn_forms.core.operations import edit_field
from yn_forms.forms import get_form

NO_SPACE = OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.slow
def test_fill_on_a_full_disk_keeps_the_previous_documents(capsys, tmp_path, example, write_json, monkeypatch):
    out = tmp_path / "out"
    assert main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    capsys.readouterr()

    import yn_forms.render.documents as documents

    real = documents.save_document

    def fills_the_disk(doc, target):
        real(doc, target)
        with open(target, "r+b") as handle:  # the disk filled up part-way through this file
            handle.truncate(1000)
        raise NO_SPACE

    monkeypatch.setattr(documents, "save_document", fills_the_disk)
    example["cover"]["leader"] = "新负责人"
    code = main(["fill", "innovation-centre", str(write_json(example)), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 3
    assert "磁盘已满" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no half file, no temp file


def test_saving_a_draft_on_a_full_disk_keeps_the_previous_draft(tmp_path, monkeypatch):
    form = get_form("innovation-centre")
    path = tmp_path / "申报.ynform"
    save_draft(path, form, form.example())
    before = path.read_bytes()

    def no_space(_fd):
        raise NO_SPACE

    monkeypatch.setattr(os, "fsync", no_space)
    changed = form.example()
    changed["cover"]["leader"] = "新负责人"
    try:
        save_draft(path, form, changed)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    else:
        raise AssertionError("a failed save must be reported")
    assert path.read_bytes() == before
    assert list(tmp_path.glob(TEMP_PREFIX + "*")) == []


def test_the_wizard_says_the_disk_is_full_and_keeps_the_draft(window, tmp_path, monkeypatch, clerk):
    form = get_form("innovation-centre")
    path = tmp_path / "申报.ynform"
    save_draft(path, form, form.example())
    before = path.read_bytes()
    assert window.open_path(path)
    edit_field(window.wizard.document, form, "/cover/leader", "新负责人")

    def no_space(_fd):
        raise NO_SPACE

    monkeypatch.setattr(os, "fsync", no_space)
    assert not window.save()
    assert "磁盘已满" in clerk.last_warning and "原有文件未被改动" in clerk.last_warning
    assert window.isWindowModified()  # what was typed is still there, still unsaved
    assert window.wizard.data["cover"]["leader"] == "新负责人"
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert read_input(path).data == form.example()
