"""Draft files: what the clerk saves comes back unchanged, bad files are refused, saving never tears a draft."""

from __future__ import annotations

import dataclasses
import errno
import inspect
import json
import os
import random
import re
import signal
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from process_helpers import kill_while_working

from yn_forms.core import draft as draft_module
from yn_forms.core.draft import (
    DRAFT_FORMAT,
    TEMP_PREFIX,
    DraftError,
    clean_stale_temp_files,
    load_for_form,
    read_input,
    save_draft,
)
from yn_forms.forms.innovation_centre import DEFINITION

FORM_NAME = "云南省制造业创新中心创建申报"


def tricky_data() -> dict:
    data = DEFINITION.example()
    data["basic"]["research"] = "第一行\r\n第二行\x00\x07\x1b\x0b\x0c结尾\t😀👨\u200d👩\u200d👧𠀀"
    data["cover"]["centre_name"] = "{{ cover.centre_name }} {% if x %}{# #}"
    data["plan"]["foundation"] = "引号\"和反斜杠\\以及\u2028行分隔符\u3000全角空格"
    data["future_section"] = {"nested": [1, 2.5, None, True, {"x": "{{ }}"}], "empty": {}}
    data["members"][0]["unknown_member_key"] = ["保留"]
    return data


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------- round trip


def test_round_trip_keeps_every_value(tmp_path):
    path = tmp_path / "申报.ynform"
    data = tricky_data()
    expected = json.loads(json.dumps(data))
    save_draft(path, DEFINITION, data)
    loaded = load_for_form(path, DEFINITION)
    assert loaded.data == expected
    assert loaded.form_id == "innovation-centre"
    assert loaded.schema_version == DEFINITION.schema_version
    assert loaded.migrated_from is None
    assert read_input(path).data == expected
    assert data == expected  # saving does not touch the caller's data


def test_draft_file_layout(tmp_path):
    path = tmp_path / "申报.ynform"
    save_draft(path, DEFINITION, DEFINITION.example())
    document = json.loads(path.read_bytes().decode("utf-8"))
    assert set(document) == {"format", "form", "schema_version", "saved_at", "data"}
    assert document["format"] == DRAFT_FORMAT == "yn-forms/draft"
    assert document["form"] == "innovation-centre"
    assert document["schema_version"] == DEFINITION.schema_version
    assert document["data"] == DEFINITION.example()
    saved_at = datetime.fromisoformat(document["saved_at"])
    assert saved_at.tzinfo is not None
    assert abs(datetime.now().astimezone() - saved_at) < timedelta(minutes=5)
    assert read_input(path).saved_at == document["saved_at"]
    # the Chinese stays readable in the file, not \\uXXXX escapes
    assert "云南锦川稀贵金属集团有限公司" in path.read_text(encoding="utf-8")


def test_saving_again_replaces_the_draft_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "申报.ynform"
    save_draft(path, DEFINITION, {"version": 1})
    save_draft(path, DEFINITION, {"version": 2})
    assert read_input(path).data == {"version": 2}
    assert folder_listing(tmp_path) == ["申报.ynform"]


def test_bare_json_data_is_read_as_data_without_a_form(tmp_path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps(DEFINITION.example(), ensure_ascii=False), encoding="utf-8")
    loaded = load_for_form(path, DEFINITION)
    assert loaded.form_id is None
    assert loaded.data == DEFINITION.example()
    assert loaded.schema_version is None


def test_utf8_with_bom_is_read(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"cover": {"leader": "张明远"}}, ensure_ascii=False).encode())
    assert read_input(path).data == {"cover": {"leader": "张明远"}}


def test_text_with_a_lone_surrogate_can_be_saved(tmp_path):
    path = tmp_path / "申报.ynform"
    data = {"cover": {"centre_name": "名称\ud800"}}
    save_draft(path, DEFINITION, data)
    assert read_input(path).data == data


# ---------------------------------------------------------------- unreadable files


def _truncated_draft(tmp_path: Path) -> bytes:
    full = tmp_path / "full.ynform"
    save_draft(full, DEFINITION, DEFINITION.example())
    raw = full.read_bytes()
    full.unlink()
    return raw[: len(raw) // 2]


CORRUPT = "文件已损坏或不完整（第"


@pytest.mark.parametrize("kind, content, message", [
    ("corrupt", lambda tmp: b'{"format": "yn-forms/draft", "form": "innovation-centre",, }', CORRUPT),
    ("truncated", _truncated_draft, CORRUPT),
    ("empty", lambda tmp: b"", "文件是空的："),
    ("blank", lambda tmp: b" \r\n\t ", "文件是空的："),
    ("json list", lambda tmp: b"[1, 2, 3]", "文件内容不是一份申报数据（应为 JSON 对象）："),
    ("json string", lambda tmp: '"申报书"'.encode(), "文件内容不是一份申报数据（应为 JSON 对象）："),
    ("binary", lambda tmp: bytes(range(256)) * 8, "文件不是 UTF-8 编码的 JSON，无法读取："),
    ("gbk", lambda tmp: '{"name": "云南"}'.encode("gbk"), "文件不是 UTF-8 编码的 JSON，无法读取："),
    ("no data", lambda tmp: json.dumps({"format": DRAFT_FORMAT, "form": "innovation-centre",
                                        "schema_version": 1}).encode(),
     "草稿文件缺少表单标识或数据，无法打开："),
    ("no form", lambda tmp: json.dumps({"format": DRAFT_FORMAT, "schema_version": 1, "data": {}}).encode(),
     "草稿文件缺少表单标识或数据，无法打开："),
    ("version 0", lambda tmp: json.dumps({"format": DRAFT_FORMAT, "form": "innovation-centre",
                                          "schema_version": 0, "data": {}}).encode(),
     "草稿文件的版本号无效："),
    ("version text", lambda tmp: json.dumps({"format": DRAFT_FORMAT, "form": "innovation-centre",
                                             "schema_version": "1", "data": {}}).encode(),
     "草稿文件的版本号无效："),
    ("other yn-forms file", lambda tmp: json.dumps({"format": "yn-forms/settings", "data": {}}).encode(),
     "这不是申报草稿（格式为 yn-forms/settings）："),
])
def test_unusable_file_is_refused_in_chinese_and_left_untouched(tmp_path, kind, content, message):
    path = tmp_path / "申报.ynform"
    raw = content(tmp_path)
    path.write_bytes(raw)
    for reader in (read_input, lambda p: load_for_form(p, DEFINITION)):
        with pytest.raises(DraftError) as info:
            reader(path)
        text = str(info.value)
        assert text.startswith(message)
        assert text.endswith(f"：{path}")
    assert path.read_bytes() == raw
    assert folder_listing(tmp_path) == ["申报.ynform"]


def test_truncated_draft_names_the_place_of_the_damage(tmp_path):
    path = tmp_path / "申报.ynform"
    path.write_bytes(b'{\n  "format": "yn-forms/draft",\n  "data": {"cover": ')
    with pytest.raises(DraftError) as info:
        read_input(path)
    assert str(info.value) == f"文件已损坏或不完整（第3行第21列附近 JSON 格式错误）：{path}"


@pytest.mark.parametrize("content", [
    "[" * 100_000,
    '{"a": ' * 5_000 + "1" + "}" * 5_000,
    '{"a": ' + "1" * 5_000 + "}",
], ids=["deep-array", "deep-valid-object", "huge-integer"])
def test_pathological_json_is_refused_with_draft_error(tmp_path, content):
    path = tmp_path / "申报.ynform"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DraftError):
        read_input(path)


def test_missing_file_is_refused_and_not_created(tmp_path):
    path = tmp_path / "没有这个文件.ynform"
    with pytest.raises(DraftError) as info:
        load_for_form(path, DEFINITION)
    assert str(info.value) == f"找不到文件：{path}"
    assert not path.exists()


def test_folder_is_refused(tmp_path):
    path = tmp_path / "申报.ynform"
    path.mkdir()
    with pytest.raises(DraftError) as info:
        read_input(path)
    if os.name == "posix":
        assert str(info.value) == f"这是一个文件夹，不是草稿文件：{path}"
    else:
        assert str(path) in str(info.value)
    assert path.is_dir()


# ---------------------------------------------------------------- which form, which version


def test_draft_of_another_form_is_refused_naming_both_forms(tmp_path):
    other = dataclasses.replace(DEFINITION, id="tech-centre", name="省级企业技术中心认定申报")
    path = tmp_path / "其他.ynform"
    save_draft(path, other, {"cover": {"centre_name": "某中心"}})
    raw = path.read_bytes()
    assert read_input(path).form_id == "tech-centre"
    with pytest.raises(DraftError) as info:
        load_for_form(path, DEFINITION)
    assert str(info.value) == f"这是表单“tech-centre”的草稿，不能作为“{FORM_NAME}”（innovation-centre）打开"
    assert path.read_bytes() == raw


def test_draft_from_a_newer_program_is_refused(tmp_path):
    version = DEFINITION.schema_version
    newer = dataclasses.replace(DEFINITION, schema_version=version + 2,
                                migrations={**DEFINITION.migrations, version: dict, version + 1: dict})
    path = tmp_path / "申报.ynform"
    save_draft(path, newer, DEFINITION.example())
    raw = path.read_bytes()
    with pytest.raises(DraftError) as info:
        load_for_form(path, DEFINITION)
    assert "请升级程序" in str(info.value)
    assert str(info.value) == (f"草稿由更新版本的程序保存（数据版本 {version + 2}，本程序支持到 {version}），"
                               f"请升级程序后再打开：{path}")
    assert path.read_bytes() == raw


def _rename_leader(data: dict) -> dict:
    """v1 -> v2 of an imagined schema: ``cover.leader`` becomes ``cover.head``."""
    data = dict(data)
    cover = dict(data.get("cover", {}))
    cover["head"] = cover.pop("leader", "")
    data["cover"] = cover
    return data


def test_old_draft_is_migrated_when_opened(tmp_path):
    path = tmp_path / "申报.ynform"
    save_draft(path, DEFINITION, DEFINITION.example())
    raw = path.read_bytes()
    version = DEFINITION.schema_version
    after = dataclasses.replace(DEFINITION, schema_version=version + 1,
                                migrations={**DEFINITION.migrations, version: _rename_leader})
    loaded = load_for_form(path, after)
    assert loaded.migrated_from == version
    assert loaded.schema_version == version + 1
    assert loaded.data["cover"]["head"] == "张明远"
    assert "leader" not in loaded.data["cover"]
    assert loaded.data["basic"] == DEFINITION.example()["basic"]
    assert path.read_bytes() == raw  # opening never rewrites the file


def test_migration_steps_run_in_order(tmp_path):
    path = tmp_path / "申报.ynform"
    save_draft(path, DEFINITION, {"steps": []})
    version = DEFINITION.schema_version
    later = dataclasses.replace(DEFINITION, schema_version=version + 2, migrations={
        version + 1: lambda d: {"steps": [*d["steps"], "second"]},
        version: lambda d: {"steps": [*d["steps"], "first"]},
    })
    loaded = load_for_form(path, later)
    assert loaded.data == {"steps": ["first", "second"]}
    assert loaded.migrated_from == version
    assert loaded.schema_version == version + 2


def test_current_draft_is_not_migrated(tmp_path):
    path = tmp_path / "申报.ynform"
    v2 = dataclasses.replace(DEFINITION, schema_version=2, migrations={1: _rename_leader})
    save_draft(path, v2, {"cover": {"leader": "张明远"}})
    loaded = load_for_form(path, v2)
    assert loaded.migrated_from is None
    assert loaded.data == {"cover": {"leader": "张明远"}}


def test_missing_migration_step_is_reported(tmp_path):
    path = tmp_path / "申报.ynform"
    save_draft(path, DEFINITION, {})
    v3 = dataclasses.replace(DEFINITION, schema_version=3, migrations={1: dict})
    with pytest.raises(DraftError) as info:
        load_for_form(path, v3)
    assert str(info.value) == f"无法把数据版本 2 升级到 3：缺少迁移步骤：{path}"


# ---------------------------------------------------------------- atomic save


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_failed_save_keeps_the_previous_draft_byte_for_byte(tmp_path, monkeypatch, failing):
    path = tmp_path / "申报.ynform"
    save_draft(path, DEFINITION, DEFINITION.example())
    before = path.read_bytes()

    def disk_error(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(draft_module.os, failing, disk_error)
    changed = DEFINITION.example()
    changed["cover"]["leader"] = "新负责人"
    with pytest.raises(OSError):
        save_draft(path, DEFINITION, changed)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert folder_listing(tmp_path) == ["申报.ynform"]


def test_failed_first_save_creates_nothing(tmp_path, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(draft_module.os, "fsync", disk_full)
    with pytest.raises(OSError):
        save_draft(tmp_path / "申报.ynform", DEFINITION, DEFINITION.example())
    monkeypatch.undo()
    assert folder_listing(tmp_path) == []


def test_unserialisable_data_keeps_the_previous_draft(tmp_path):
    path = tmp_path / "申报.ynform"
    save_draft(path, DEFINITION, {"ok": True})
    before = path.read_bytes()
    with pytest.raises(TypeError):
        save_draft(path, DEFINITION, {"bad": {1, 2}})
    assert path.read_bytes() == before
    assert folder_listing(tmp_path) == ["申报.ynform"]


def test_clean_stale_temp_files_removes_only_leftovers(tmp_path):
    path = tmp_path / "申报.ynform"
    save_draft(path, DEFINITION, {"ok": True})
    before = path.read_bytes()
    leftovers = [tmp_path / f"{TEMP_PREFIX}abc123.part", tmp_path / f"{TEMP_PREFIX}zz.part"]
    for leftover in leftovers:
        leftover.write_bytes(b'{"format": "yn-forms/dr')
    (tmp_path / "notes.part").write_text("keep", encoding="utf-8")
    (tmp_path / "other.ynform").write_text("{}", encoding="utf-8")
    assert sorted(clean_stale_temp_files(tmp_path)) == sorted(leftovers)
    assert folder_listing(tmp_path) == sorted(["notes.part", "other.ynform", "申报.ynform"])
    assert path.read_bytes() == before
    assert clean_stale_temp_files(tmp_path) == []


def payload(marker: str) -> dict:
    """About 2 MB of data that can be rebuilt from its marker alone; sizes differ between versions."""
    size = 600_000 + (sum(map(ord, marker)) % 13) * 10_000
    return {"marker": marker, "blob": "云" * size + marker, "tail": {"marker": marker}}


SAVER = textwrap.dedent('''
    import sys
    from pathlib import Path
    from yn_forms.core.draft import save_draft
    from yn_forms.forms.innovation_centre import DEFINITION

    {payload}

    path, round_no = Path(sys.argv[1]), int(sys.argv[2])
    sys.stdout.write("ready\\n")
    sys.stdout.flush()
    i = 0
    while True:
        save_draft(path, DEFINITION, payload(f"{{round_no}}-{{i}}"))
        i += 1
''').format(payload=inspect.getsource(payload))


def _order(marker: str) -> tuple[int, int]:
    if marker == "initial":
        return (-1, -1)
    match = re.fullmatch(r"(\d+)-(\d+)", marker)
    assert match, marker
    return int(match.group(1)), int(match.group(2))


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix" or not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_draft_survives_the_saving_process_being_killed(tmp_path):
    path = tmp_path / "申报.ynform"
    save_draft(path, DEFINITION, payload("initial"))
    rng = random.Random(20260101)
    last = _order("initial")
    markers = []
    for round_no in range(15):
        returncode = kill_while_working(SAVER, [str(path), str(round_no)], tmp_path, rng, 0.35)
        assert returncode == -signal.SIGKILL
        loaded = read_input(path)  # must parse: never a torn file
        marker = loaded.data["marker"]
        assert loaded.data == payload(marker)  # exactly one whole version, nothing mixed
        order = _order(marker)
        assert order[0] <= round_no
        assert order >= last, "an older version came back after a newer one"
        last = order
        markers.append(marker)
    assert any(m != "initial" for m in markers), "no save completed; the test proved nothing"
    leftovers = sorted(tmp_path.glob(TEMP_PREFIX + "*"))
    assert sorted(clean_stale_temp_files(tmp_path)) == leftovers
    assert folder_listing(tmp_path) == ["申报.ynform"]
    assert read_input(path).data == payload(markers[-1])
