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


def test_a_region_brand_of_version_1_keeps_its_products_for_both_kinds():
    """消费名品 v1 → v2: a 区域品牌's 主要产品 moves to 主要产品及市场占有率 (《通知》三(一)3 asks both kinds);
    the new fields (统一社会信用代码 of the 人民政府, 地理标志／集体商标注册号, 电子邮箱, 市场占有率) are asked for."""
    from yn_forms.core.validation import validate

    form = get_form("consumer-brand")
    source = FIXTURES / "consumer-brand-v1-region.ynform"
    old = read_input(source).data
    loaded = load_for_form(source, form)
    assert loaded.migrated_from == 1
    assert loaded.data["market"] == {"products": old["region"]["products"]}
    assert "products" not in loaded.data["region"]
    assert loaded.data["region"] == {k: v for k, v in old["region"].items() if k != "products"}
    asked = {p.path for p in validate(form, loaded.data) if p.is_blank}
    assert asked == {"/region/credit_code", "/region/email", "/market/market_share"}


def test_a_hand_edited_v1_region_with_both_products_keeps_them_both():
    from yn_forms.forms.consumer_brand.migrations import products_for_both_kinds

    data = {"region": {"products": "火腿"}, "market": {"products": "宣威火腿"}}
    assert products_for_both_kinds(data) == data  # nothing dropped: the region's is reported as unknown, kept


def test_a_digital_case_of_version_1_is_asked_for_what_version_2_added():
    """数字三品 v1 → v2 keeps every value and guesses nothing: the 所在州（市）, the undertaking of 真实性、完整性
    (《通知》五(二)) and each joint unit's 分工 are asked for, as blanks to fill, when it opens."""
    from yn_forms.core.validation import validate

    form = get_form("digital-scenario")
    source = fixture(form.id, 1)
    loaded = load_for_form(source, form)
    assert loaded.migrated_from == 1 and loaded.data == read_input(source).data
    problems = validate(form, loaded.data)
    blanks = {p.path for p in problems if p.is_blank}
    assert {"/applicant/prefecture"} | {f"/joint_units/{i}/role" for i in range(len(loaded.data["joint_units"]))} \
        <= blanks
    assert any(p.path == "/declaration/truth" and p.rule == "DS-TRUTH" for p in problems)
