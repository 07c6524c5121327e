"""Reading maps kept between runs (``render.wordin.keptmap``): a kept map reads as a fresh one, a changed
template is read afresh, and no entry this user did not sign is unpickled."""

from __future__ import annotations

import hashlib
import hmac
import pickle
import shutil
from pathlib import Path

import pytest

from yn_forms.forms import get_form
from yn_forms.render.templates import document_templates
from yn_forms.render.wordin import keptmap, readmap

RAN: list[str] = []


class Planted:
    def __reduce__(self):
        return (RAN.append, ("unpickled",))


@pytest.fixture
def template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, frozenset[str]]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    keptmap._kept.cache_clear()
    form = get_form("innovation-centre")
    source = document_templates(form)[0]
    copy = tmp_path / "t.docx"
    shutil.copyfile(source.path, copy)
    return copy, frozenset(form.model.model_fields)


def _map(path: Path, top: frozenset[str]) -> readmap.DocumentMap:
    keptmap._kept.cache_clear()  # as in the next run
    return keptmap.document_map(path, "附件1", "附件1", top)


def test_a_kept_map_reads_as_a_fresh_one(template, monkeypatch: pytest.MonkeyPatch) -> None:
    path, top = template
    fresh = readmap.document_map(path, "附件1", "附件1", top)
    assert _map(path, top) == fresh
    monkeypatch.setattr(readmap, "document_map", lambda *_a: pytest.fail("read again"))
    assert _map(path, top) == fresh


def test_a_replaced_template_is_read_afresh(template, tmp_path: Path) -> None:
    path, top = template
    first = _map(path, top)
    other = document_templates(get_form("innovation-centre"))[1]
    shutil.copyfile(other.path, path)  # the same file name, another template
    assert _map(path, top) == readmap.document_map(other.path, "附件1", "附件1", top) != first


def test_an_entry_not_signed_here_is_never_unpickled(template, tmp_path: Path) -> None:
    path, top = template
    fresh = _map(path, top)
    [entry] = (tmp_path / "cache").rglob("*.kept")
    key = bytes.fromhex(entry.stem)
    planted = pickle.dumps(Planted())
    for signature in (b"\0" * 32, hmac.new(b"k" * 32, key + planted, hashlib.sha256).digest()):
        entry.write_bytes(signature + planted)
        assert _map(path, top) == fresh
    assert RAN == []
