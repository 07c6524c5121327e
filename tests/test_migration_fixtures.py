"""Drafts saved by every released version open in this one with nothing lost.

``tests/fixtures/drafts/<form>-v<N>.ynform`` is a draft as version N of the program
wrote it, kept forever. When a form's ``schema_version`` goes up, the new version's
fixture is added beside the old ones and the old ones are never edited: the
migration must carry them. A fixture of an older version may have
``<form>-v<N>.expected.json`` beside it, the data it must become after migration.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yn_forms.core.draft import load_for_form, read_input, save_draft
from yn_forms.core.enclosure_store import store_folder
from yn_forms.core.enclosures import file_issues
from yn_forms.forms import FORMS, get_form

FIXTURES = Path(__file__).parent / "fixtures" / "drafts"
CASES = [(form_id, version) for form_id in FORMS for version in range(1, get_form(form_id).schema_version + 1)]


def fixture(form_id: str, version: int) -> Path:
    return FIXTURES / f"{form_id}-v{version}.ynform"


def copied(source: Path, folder: Path) -> Path:
    """A fixture and its 证明材料 in *folder*: a window opening a draft locks it (a lock file beside it), and
    two test processes must not hold the one kept in the repository at the same time."""
    import shutil

    shutil.copy2(source, folder / source.name)
    if store_folder(source).is_dir():
        shutil.copytree(store_folder(source), store_folder(folder / source.name))
    return folder / source.name


def expected(form_id: str, version: int) -> dict:
    """The data a fixture must become: its own data when it is of the current version."""
    after = FIXTURES / f"{form_id}-v{version}.expected.json"
    if after.exists():
        return json.loads(after.read_text(encoding="utf-8"))
    assert version == get_form(form_id).schema_version, f"{after.name} is missing: what must v{version} become?"
    return read_input(fixture(form_id, version)).data


def leaves(data, path=""):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, f"{path}/{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from leaves(value, f"{path}/{i}")
    else:
        yield path, data


@pytest.mark.parametrize(("form_id", "version"), CASES)
def test_a_fixture_exists_for_every_released_version(form_id, version):
    path = fixture(form_id, version)
    assert path.exists(), f"save a draft of {form_id} at schema_version {version} as {path.name}"
    assert read_input(path).schema_version == version


@pytest.mark.parametrize(("form_id", "version"), CASES)
def test_every_fixture_opens_with_every_value(form_id, version, tmp_path):
    form = get_form(form_id)
    loaded = load_for_form(fixture(form_id, version), form)
    assert loaded.schema_version == form.schema_version
    assert loaded.migrated_from == (None if version == form.schema_version else version)
    assert dict(leaves(loaded.data)) == dict(leaves(expected(form_id, version)))
    saved = tmp_path / "again.ynform"  # saved by this version, read back unchanged, with its 证明材料 files
    assert save_draft(saved, form, loaded.data, enclosures_from=[store_folder(fixture(form_id, version))]) == []
    assert read_input(saved).data == loaded.data
    assert file_issues(form, loaded.data, saved) == []


@pytest.mark.parametrize(("form_id", "version"), CASES)
def test_the_wizard_opens_every_fixture_and_saves_it_whole(window, form_id, version, tmp_path):
    source = copied(fixture(form_id, version), tmp_path)
    before = source.read_bytes()
    assert window.open_path(source)
    assert window.wizard.form.id == form_id
    target = tmp_path / "另存.ynform"
    assert window._save_to(target)
    assert read_input(target).data == expected(form_id, version)
    assert file_issues(window.form, read_input(target).data, target) == []  # 另存为 took the files along
    assert source.read_bytes() == before  # the old file is only read


def test_the_wizard_says_a_draft_was_upgraded_and_keeps_the_file(window, monkeypatch, tmp_path):
    """With a next schema version (an imagined one: 负责人 stored under a new name), the v1 fixture
    opens migrated, the status bar says so, and the old file is untouched until saved."""
    import dataclasses

    form = get_form("innovation-centre")

    def rename_leader(data: dict) -> dict:
        cover = dict(data.get("cover", {}))
        cover["leader_v2"] = cover.pop("leader", "")
        return {**data, "cover": cover}

    v2 = dataclasses.replace(form, schema_version=2, migrations={1: rename_leader})
    monkeypatch.setitem(FORMS, form.id, v2)
    source = copied(fixture(form.id, 1), tmp_path)
    before = source.read_bytes()
    assert window.open_path(source)
    assert "已升级到版本 2" in window.statusBar().currentMessage()
    old = read_input(source).data
    assert window.wizard.data["cover"]["leader_v2"] == old["cover"]["leader"]
    assert window.wizard.data["members"] == old["members"]
    assert source.read_bytes() == before
