"""Loading a department's inbox for the 汇总表 (core.batch): each bad file is a row with its reason, never fatal."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from batch_helpers import CENTRE_NAMES, WITH_ERRORS_NAME, write_broken, write_good, write_with_errors

from yn_forms.core.batch import BatchItem, expand, load_many, load_one, scan_folder
from yn_forms.core.draft import draft_document, save_draft
from yn_forms.forms import FORMS, get_form


@pytest.fixture
def inbox(tmp_path, centre) -> Path:
    """Good drafts, a draft with errors, and every kind of file that is not an application."""
    folder = tmp_path / "收件箱"
    write_good(folder, centre)
    write_with_errors(folder, centre)
    write_broken(folder, centre)
    brand = get_form("consumer-brand")
    save_draft(folder / "消费名品.ynform", brand, brand.example())  # another form's draft
    (folder / "package.json").write_text('{"name": "yn-forms", "version": "1.0.0"}', encoding="utf-8")
    (folder / "GBK编码.json").write_bytes(json.dumps({"cover": {"centre_name": "中心"}},
                                                   ensure_ascii=False).encode("gbk"))
    (folder / "空文件.ynform").write_bytes(b"")
    newer = draft_document(centre, centre.example())
    newer["schema_version"] = centre.schema_version + 1
    (folder / "新版本.ynform").write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
    (folder / "说明.txt").write_text("不是申报文件", encoding="utf-8")  # not scanned at all
    return folder


def by_name(items: list[BatchItem]) -> dict[str, BatchItem]:
    return {item.path.name: item for item in items}


def test_every_file_is_judged_and_the_bad_ones_are_skipped_with_a_reason(inbox, centre):
    items = by_name(load_many(centre, [inbox], forms=FORMS))
    assert "说明.txt" not in items
    used = [item for item in items.values() if not item.skipped]
    assert len(used) == len(CENTRE_NAMES) + 1
    for item in used:  # each usable file keeps the model its validation built, for its 汇总表 row
        assert item.reason is None and item.model is not None and item.data is not None
        assert item.model.cover.centre_name == item.data["cover"]["centre_name"]
    for name in (f"申报{n}.ynform" for n in CENTRE_NAMES):
        assert items[name].problems == [] and items[name].status == "无问题"
        assert items[name].saved_at  # the draft's own 保存时间
    expected = {
        "申报4-传输中断.ynform": "文件已损坏或不完整",
        "消费名品.ynform": "这是“云南消费名品申报”的申报草稿，不是“云南省制造业创新中心创建申报”的",
        "package.json": "文件中没有“云南省制造业创新中心创建申报”的任何栏目，不是这种申报的数据",
        "GBK编码.json": "文件不是 UTF-8 编码的 JSON，无法读取",
        "空文件.ynform": "文件是空的",
        "新版本.ynform": "草稿由更新版本的程序保存",
    }
    skipped = {name: item for name, item in items.items() if item.skipped}
    assert sorted(skipped) == sorted(expected)
    for name, reason in expected.items():
        item = skipped[name]
        assert item.data is None and item.model is None and item.problems == []
        assert item.short_reason.startswith(reason), item.reason
        assert str(item.path) not in item.short_reason  # the table shows the file already
        assert item.status == f"已跳过：{item.short_reason}"


def test_a_draft_with_errors_is_summarised_and_counts_its_errors(inbox, centre):
    item = by_name(load_many(centre, [inbox]))["申报7-未完成.ynform"]
    assert not item.skipped and item.model.cover.centre_name == WITH_ERRORS_NAME
    assert item.errors >= 2
    paths = [p.path for p in item.problems if p.is_error]
    assert "/cover/mobile" in paths and any(path.startswith("/lead") for path in paths)
    assert item.status.startswith(f"{item.errors}个错误")
    path, data, reason, problems = item  # the four things every caller needs
    assert path == item.path and data is item.data and reason is None and problems is item.problems


def test_files_come_in_natural_name_order_and_subfolders_only_when_asked(tmp_path, centre):
    names = {n: f"中心{n}" for n in (10, 2, 1, 21, 3)}
    write_good(tmp_path, centre, names)
    (tmp_path / ".hidden.json").write_text("{}", encoding="utf-8")
    (tmp_path / "~$申报1.ynform").write_text("", encoding="utf-8")  # a lock file Word/WPS leaves
    write_good(tmp_path / "子文件夹", centre, {5: "子文件夹里的中心"})
    assert [p.name for p in scan_folder(tmp_path)] == [f"申报{n}.ynform" for n in (1, 2, 3, 10, 21)]
    items = load_many(centre, [tmp_path])
    assert [item.model.cover.centre_name for item in items] == ["中心1", "中心2", "中心3", "中心10", "中心21"]
    deep = load_many(centre, [tmp_path], recursive=True)
    assert [item.path.name for item in deep][-1] == "申报5.ynform"
    assert len(deep) == 6


def test_a_file_named_twice_is_one_application(tmp_path, centre):
    first, *_ = write_good(tmp_path, centre, {1: "甲中心", 2: "乙中心"})
    items = load_many(centre, [first, tmp_path, tmp_path / "." / first.name])
    assert [item.path.name for item in items] == ["申报1.ynform", "申报2.ynform"]


def test_a_folder_without_applications_and_a_missing_file_are_items_not_errors(tmp_path, centre):
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    entries = expand([empty])
    assert len(entries) == 1 and isinstance(entries[0], BatchItem)
    assert "文件夹中没有申报文件" in entries[0].reason
    items = load_many(centre, [empty, tmp_path / "不存在.ynform"])
    assert [item.skipped for item in items] == [True, True]
    assert items[1].short_reason == "找不到文件"


@pytest.mark.parametrize("form_id", ["innovation-consortium", "digital-scenario", "consumer-brand"])
def test_another_forms_bare_data_is_named_not_summarised(tmp_path, centre, form_id):
    """Three forms have a ``cover``: sharing a section name does not make it this form's data."""
    other = get_form(form_id)
    path = tmp_path / "data.json"
    path.write_text(json.dumps(other.example(), ensure_ascii=False), encoding="utf-8")
    item = load_one(centre, path, FORMS)
    assert item.skipped and item.short_reason == f"这是“{other.name}”的申报数据，不是“{centre.name}”的"
    # without the registry the file is still refused when it has none of the form's sections
    if form_id == "consumer-brand":
        assert load_one(centre, path).skipped


def test_bare_data_of_the_form_counts_even_incomplete_or_with_a_note(tmp_path, centre, example):
    part = tmp_path / "part.json"
    part.write_text(json.dumps({"cover": example["cover"]}, ensure_ascii=False), encoding="utf-8")
    noted = tmp_path / "noted.json"
    noted.write_text(json.dumps({**example, "备注": "已电话核实"}, ensure_ascii=False), encoding="utf-8")
    items = load_many(centre, [part, noted], forms=FORMS)
    assert [item.skipped for item in items] == [False, False]
    assert items[0].errors > 0  # the sections it lacks are errors, listed, and it is still summarised
    assert items[1].errors == 0 and items[1].warnings >= 1  # an unknown field is a warning, never dropped


def test_odd_json_is_skipped_never_fatal(tmp_path, centre):
    cases = {
        "list.json": "[1, 2, 3]",
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "number.json": "1" * 5000,
        "empty-object.json": "{}",
        "null-data.ynform": json.dumps({"format": "yn-forms/draft", "form": "innovation-centre",
                                        "schema_version": 1, "data": None}),
        "packet.json": json.dumps({"format": "yn-forms/packet", "data": {}}),
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    items = load_many(centre, [tmp_path], forms=FORMS)
    assert len(items) == len(cases)
    assert all(item.skipped and item.reason for item in items), [(i.path.name, i.status) for i in items]


@pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter")
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_skipped(tmp_path, centre):
    path, = write_good(tmp_path, centre, {1: "甲中心"})
    path.chmod(0)
    try:
        item = load_one(centre, path)
    finally:
        path.chmod(0o644)
    assert item.skipped and "无法读取文件" in item.reason


def test_a_superscript_in_a_file_name_sorts_without_a_traceback():
    from yn_forms.core.batch import natural_key

    names = ["申报1³2.docx", "申报10.docx", "申报2.docx"]
    assert [n for n in sorted(names, key=lambda n: natural_key(Path(n)))] == ["申报1³2.docx", "申报2.docx",
                                                                              "申报10.docx"]


def test_an_item_handed_back_by_a_worker_keeps_its_data_and_status(tmp_path, centre):
    """A worker process hands each item back pickled, its data packed until asked for: the summary never asks,
    the wizard opening the application gets the data as read; a skipped file stays skipped."""
    import pickle

    good = load_one(centre, write_good(tmp_path, centre)[0])
    handed = pickle.loads(pickle.dumps(good))
    assert not handed.skipped and handed.errors == good.errors
    assert handed.data == good.data and handed == good
    skipped = pickle.loads(pickle.dumps(BatchItem(tmp_path / "坏.json", None, "文件已损坏")))
    assert skipped.skipped and skipped.data is None and skipped.status == "已跳过：文件已损坏"
    odd = BatchItem(tmp_path / "a.json", {"cover": {"file": tmp_path}}, None)  # not JSON's values: kept as they are
    assert pickle.loads(pickle.dumps(odd)).data == {"cover": {"file": tmp_path}}
