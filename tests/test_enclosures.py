"""证明材料: what each form declares, the draft's records, the files beside the draft and how they travel,
what validation says of them, and the store refusing to be a way to files elsewhere."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import os
import random
import shutil
import signal
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from process_helpers import kill_while_working

from yn_forms.cli import main
from yn_forms.core.draft import load_for_form, read_input, save_draft
from yn_forms.core.enclosure_store import (
    STORE_SUFFIX,
    TEMP_PREFIX,
    EnclosureError,
    EnclosureStore,
    staging_root,
    store_folder,
)
from yn_forms.core.enclosures import (
    MAX_ENCLOSURES,
    declared,
    enclosure_parts,
    file_issues,
    groups,
    item_titled,
    neighbour,
    paper_record,
)
from yn_forms.core.formcheck import FormContractError, check_form
from yn_forms.core.formdef import Enclosure, Submission
from yn_forms.core.progress import section_states
from yn_forms.core.schema import form_schema
from yn_forms.core.validation import has_errors, validate
from yn_forms.forms import FORMS, get_form
from yn_forms.forms.innovation_centre.migrations import enclosures_on_paper

CENTRE = get_form("innovation-centre")
CONSORTIUM = get_form("innovation-consortium")
BRAND = get_form("consumer-brand")
CERTIFICATE, COOPERATION = (e.key for e in declared(CENTRE))


@dataclass(frozen=True)
class Inspected:
    """What ``render.enclosures.inspect`` gives; the tests make it by hand."""

    type: str
    pages: int
    size: int
    sha256: str


def inspected(path: Path, type_: str = "pdf", pages: int = 1) -> Inspected:
    raw = path.read_bytes()
    return Inspected(type_, pages, len(raw), hashlib.sha256(raw).hexdigest())


def scan(folder: Path, name: str, content: bytes | None = None) -> Path:
    """A file the clerk picks from anywhere on the disk."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if content is not None else f"%PDF-1.4 {name}\n".encode() * 50)
    return path


def attach(store: EnclosureStore, path: Path, item: str = CERTIFICATE, title: str = "") -> dict:
    title = title or next((e.title for e in declared(CENTRE) if e.key == item), "自加材料")
    return store.add(path, item=item, title=title, inspected=inspected(path))


def centre_with(*records: dict) -> dict:
    data = copy.deepcopy(CENTRE.example())
    data["enclosures"] = [copy.deepcopy(r) for r in records]
    return data


# --- what the forms declare ---------------------------------------------------------------------------


def test_every_form_declares_its_enclosures_with_the_notices_clause():
    centre = {e.title: e for e in declared(CENTRE)}
    assert list(centre) == ["创新中心独立法人资格证书复印件", "成员单位之间相关合作协议、资金组建方案、各项规章制度等"]
    assert all(e.required and e.clause == "《工作方案》四(一)1" for e in centre.values())
    agreement, recommendation = declared(CONSORTIUM)
    assert agreement.required and agreement.scan and agreement.clause == "《工作方案》五(三)"
    assert not recommendation.required and recommendation.clause == "《工作方案》五(五)"
    assert "推荐意见" in recommendation.proves
    licence, trademark, regional = declared(BRAND)
    assert not regional.required and regional.clause == "《通知》二(一)2" and "地域标识明显" in regional.proves
    assert not licence.required and "依法注册登记" in licence.proves and "独立法人资格" in licence.proves
    assert not trademark.required and "拥有商标所有权且在有效期内" in trademark.proves
    scenario = {e.key: e for e in declared(get_form("digital-scenario"))}
    assert scenario["ip_licence"].clause == "《通知》三(二)4" and "授权许可" in scenario["ip_licence"].proves
    for form in FORMS.values():  # each suggested item says what it proves, in the notice's words
        assert all(e.required or e.proves for e in declared(form))
        assert item_titled(form, declared(form)[0].title) == declared(form)[0]


@pytest.mark.parametrize("enclosure, refused", [
    (Enclosure("营业执照", "营业执照", "《通知》三(一)1", proves="x"), "lower-case ASCII identifier"),
    (Enclosure("licence", "营业执照", "", proves="x"), "title and the notice's clause"),
    (Enclosure("licence", "营业执照", "《通知》三(一)1"), "says what it proves"),
    (Enclosure("licence", "营业执照", "《通知》", proves="x", shown_when=(("/basics/kind", "企业"),)),
     "shown_when names '/basics/kind'"),
])
def test_a_broken_declaration_is_refused_when_the_form_is_registered(enclosure, refused):
    form = dataclasses.replace(BRAND, submission=dataclasses.replace(BRAND.submission, enclosures=(enclosure,)))
    with pytest.raises(FormContractError, match=refused):
        check_form(form)
    twice = dataclasses.replace(BRAND, submission=Submission("", "", enclosures=(declared(BRAND)[0],) * 2))
    with pytest.raises(FormContractError, match="two enclosures have this key"):
        check_form(twice)


def test_the_schema_states_the_records_and_their_kind():
    schema = form_schema(CENTRE)
    prop = schema["properties"]["enclosures"]
    assert prop["x-kind"] == "enclosures" and prop["x-printed"] is False and prop["maxItems"] == MAX_ENCLOSURES
    record = schema["$defs"]["EnclosureRecord"]
    assert set(record["required"]) == {"item", "title", "name", "file", "size", "sha256", "pages", "type"}
    assert record["properties"]["type"]["enum"] == ["pdf", "jpeg", "png", "tiff", "docx", "paper"]
    assert "attachments" not in schema["properties"]


# --- validation --------------------------------------------------------------------------------------


def test_a_required_item_not_attached_is_still_to_do_and_the_documents_can_be_made():
    data = copy.deepcopy(CONSORTIUM.example())
    data["enclosures"] = []
    problems = validate(CONSORTIUM, data)
    assert [(p.path, p.severity, p.message) for p in problems] == [
        ("/enclosures", "warning", "须随申报材料提交“全体成员单位签字盖章的组建协议”（签字盖章后的扫描件）："
                                   "请添加文件，或注明纸质件另附（《工作方案》五(三)）")]
    assert problems[0].is_blank and not has_errors(problems)  # 待填写, not red; fill still writes the documents
    states = {s.name: s for s in section_states(CONSORTIUM, data, problems)}
    assert states["enclosures"].label == "未开始（1项待填）"
    data["enclosures"] = [paper_record("推荐单位推荐意见", "recommendation")]  # something, not what is required
    states = {s.name: s for s in section_states(CONSORTIUM, data, validate(CONSORTIUM, data))}
    assert states["enclosures"].state == "todo" and states["enclosures"].label == "待填写（1）"


def test_a_blank_beside_a_mistake_is_a_problem_and_counts_once():
    data = centre_with(paper_record("创新中心独立法人资格证书复印件", CERTIFICATE),
                       {**paper_record("合作协议"), "file": "../../etc/passwd"})
    problems = validate(CENTRE, data)
    mine = [p for p in problems if p.path.startswith("/enclosures")]
    assert [(p.path, p.severity, p.is_blank) for p in mine] == [("/enclosures/1", "error", False),
                                                                ("/enclosures", "warning", True)]
    state = next(s for s in section_states(CENTRE, data, problems) if s.name == "enclosures")
    assert state.state == "problems" and state.label == "有问题（2）"


def test_suggested_items_ask_for_nothing_and_each_brand_type_gets_its_own():
    data = copy.deepcopy(BRAND.example())
    data["enclosures"] = []
    assert validate(BRAND, data) == []
    region = copy.deepcopy(data)
    region["basics"]["brand_type"] = "区域品牌"
    assert [g.item for g in groups(BRAND, {**data, "enclosures": BRAND.example()["enclosures"]})] == [
        "business_licence", "trademark_certificate"]
    assert [g.item for g in groups(BRAND, {**region, "enclosures": BRAND.example()["enclosures"]})] == [
        "regional_mark_certificate"]  # not an 企业品牌's items
    assert not [p for p in validate(BRAND, region) if p.path.startswith("/enclosures")]  # a suggestion asks nothing


@pytest.mark.parametrize("record, says", [
    ({**paper_record("法人证书"), "type": "pdf", "file": "../../etc/passwd", "sha256": "0" * 64},
     "文件名“../../etc/passwd”无效"),
    ({**paper_record("法人证书"), "type": "pdf", "file": "/etc/passwd", "sha256": "0" * 64}, "无效"),
    ({**paper_record("法人证书"), "type": "pdf", "file": "..\\secret.pdf", "sha256": "0" * 64}, "无效"),
    ({**paper_record("法人证书"), "type": "pdf", "file": "a.pdf", "sha256": "不是摘要"}, "SHA-256 无效"),
    ({**paper_record("法人证书"), "file": "a.pdf"}, "纸质材料“法人证书”不应带有文件"),
    ({**paper_record(""), "type": "paper"}, "缺少名称"),
    ({**paper_record("法人证书"), "type": "exe"}, "请从以下选项中选择"),
    ({**paper_record("法人证书"), "size": "很大"}, "应填写整数"),
    ({**paper_record("法人证书"), "note": "x"}, "未识别的字段"),
])
def test_a_broken_record_is_named_on_its_place(record, says):
    problems = [p for p in validate(CENTRE, centre_with(record)) if p.path.startswith("/enclosures/0")]
    assert problems and says in problems[0].message


@pytest.mark.parametrize("junk", [None, "x", 7, {"a": 1}, [1], [None], [{}], [[{"item": ""}]], ["纸质件"],
                                  [{"item": 1, "title": [], "type": None}]])
def test_junk_where_the_records_belong_is_reported_never_a_crash(junk, tmp_path):
    data = centre_with()
    data["enclosures"] = junk
    problems = validate(CENTRE, data)
    assert any(p.path.startswith("/enclosures") and p.is_error for p in problems)
    try:
        enclosure_parts(CENTRE, data, tmp_path / "d.ynform")
    except EnclosureError as refused:
        assert "记录无效" in str(refused)
    save_draft(tmp_path / "d.ynform", CENTRE, data)  # saving what was typed never fails on it


def test_a_huge_number_of_records_is_refused_without_reading_them(tmp_path):
    record = {**paper_record("法人证书"), "type": "pdf", "file": "a.pdf", "sha256": "0" * 64, "size": 1}
    data = centre_with()
    data["enclosures"] = [record] * 100_000
    problems = validate(CENTRE, data)
    assert any(p.path == "/enclosures" and f"最多{MAX_ENCLOSURES}项" in p.message for p in problems)
    with pytest.raises(EnclosureError, match=f"超过 {MAX_ENCLOSURES} 项"):
        enclosure_parts(CENTRE, data, tmp_path / "d.ynform")
    assert len(file_issues(CENTRE, data, tmp_path / "d.ynform")) == MAX_ENCLOSURES  # no more files looked for


# --- the store: files beside the draft -------------------------------------------------------------------


def test_an_attached_file_is_kept_beside_the_draft_under_its_content_and_its_name(tmp_path):
    source = scan(tmp_path / "桌面", "法人证书.pdf")
    draft = tmp_path / "申报.ynform"
    store = EnclosureStore.beside(draft)
    record = attach(store, source)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert record == {"item": CERTIFICATE, "title": "创新中心独立法人资格证书复印件", "name": "法人证书.pdf",
                      "file": f"{digest[:16]}-法人证书.pdf", "size": source.stat().st_size, "sha256": digest,
                      "pages": 1, "type": "pdf"}
    assert store.folder == tmp_path / f"申报{STORE_SUFFIX}"
    assert (store.folder / record["file"]).read_bytes() == source.read_bytes()
    assert attach(store, source) == record  # the same file twice: one copy
    assert sorted(os.listdir(store.folder)) == [record["file"]]
    changed = inspected(source)
    source.write_bytes(b"changed meanwhile")
    with pytest.raises(EnclosureError, match="文件在读取时被改动了"):
        store.add(source, item=CERTIFICATE, title="x", inspected=changed)


def test_a_draft_saved_for_the_first_time_takes_its_files_from_staging(tmp_path):
    staging = EnclosureStore.staging("innovation-centre-abc123")
    assert staging.folder.parent == staging_root()
    record = attach(staging, scan(tmp_path, "法人证书.pdf"))
    data = centre_with(record)
    draft = tmp_path / "存档" / "申报.ynform"
    draft.parent.mkdir()
    assert save_draft(draft, CENTRE, data, enclosures_from=[staging.folder]) == []
    (part,) = enclosure_parts(CENTRE, data, draft)
    assert part.files == [store_folder(draft) / record["file"]]
    assert part.names == ["法人证书.pdf"]  # the pack's bookmark names the file as the clerk attached it
    staging.discard()
    assert not staging.folder.exists()
    EnclosureStore.beside(draft).discard()  # only a staging folder is ever removed
    assert store_folder(draft).exists()


def test_a_draft_and_its_folder_copied_together_keep_working_and_a_draft_alone_names_what_is_missing(tmp_path):
    draft = tmp_path / "a" / "申报.ynform"
    draft.parent.mkdir()
    store = EnclosureStore.beside(draft)
    records = [attach(store, scan(tmp_path, "法人证书.jpg")),
               attach(store, scan(tmp_path, "合作协议.pdf"), COOPERATION)]
    data = centre_with(*records)
    save_draft(draft, CENTRE, data)
    other = tmp_path / "另一台电脑"
    other.mkdir()
    shutil.copy(draft, other)
    shutil.copytree(store_folder(draft), other / f"申报{STORE_SUFFIX}")
    moved = load_for_form(other / "申报.ynform", CENTRE).data
    assert [p.title for p in enclosure_parts(CENTRE, moved, other / "申报.ynform")] == [
        "创新中心独立法人资格证书复印件", "成员单位之间相关合作协议、资金组建方案、各项规章制度等"]
    alone = tmp_path / "只有草稿"
    alone.mkdir()
    shutil.copy(draft, alone)
    with pytest.raises(EnclosureError) as refused:
        enclosure_parts(CENTRE, moved, alone / "申报.ynform")
    assert "“法人证书.jpg”找不到（应在文件夹“申报.证明材料”中" in str(refused.value)
    assert "“合作协议.pdf”找不到" in str(refused.value)


def test_a_file_changed_or_deleted_since_attached_is_named_never_used(tmp_path, capsys):
    draft = tmp_path / "申报.ynform"
    store = EnclosureStore.beside(draft)
    first = attach(store, scan(tmp_path, "法人证书.pdf"))
    second = attach(store, scan(tmp_path, "协议.pdf"), COOPERATION)
    save_draft(draft, CENTRE, centre_with(first, second))
    (store.folder / first["file"]).write_bytes(b"another scan")
    (store.folder / second["file"]).unlink()
    code = main(["validate", "innovation-centre", str(draft)])
    out = capsys.readouterr().out
    assert code == 1
    assert ("错误\t/enclosures/0\t证明材料：证明材料“创新中心独立法人资格证书复印件”的文件“法人证书.pdf”"
            "在添加后被改动过") in out
    assert ("错误\t/enclosures/1\t证明材料：证明材料“成员单位之间相关合作协议、资金组建方案、各项规章制度等”"
            "的文件“协议.pdf”找不到") in out
    main(["validate", "innovation-centre", str(draft), "--json"])
    rules = [p["rule"] for p in json.loads(capsys.readouterr().out)]
    assert rules == ["enclosure.changed", "enclosure.missing"]


def test_validate_of_a_bare_json_looks_beside_it_and_a_draft_without_files_is_quiet(tmp_path, capsys):
    data = tmp_path / "申报.json"
    store = EnclosureStore.beside(data)
    data.write_text(json.dumps(centre_with(attach(store, scan(tmp_path, "法人证书.pdf"))), ensure_ascii=False),
                    encoding="utf-8")
    assert main(["validate", "innovation-centre", str(data)]) == 0
    assert store.folder == tmp_path / "申报.证明材料"
    capsys.readouterr()
    plain = tmp_path / "p.json"
    plain.write_text(json.dumps(CENTRE.example(), ensure_ascii=False), encoding="utf-8")
    assert main(["validate", "innovation-centre", str(plain)]) == 0
    assert not (tmp_path / f"p{STORE_SUFFIX}").exists()  # nothing made for a draft without files


def test_save_as_brings_the_files_and_undo_after_it_finds_a_removed_one(tmp_path):
    first = tmp_path / "一" / "申报.ynform"
    first.parent.mkdir()
    store = EnclosureStore.beside(first)
    kept = attach(store, scan(tmp_path, "法人证书.pdf"))
    removed = attach(store, scan(tmp_path, "协议.pdf"), COOPERATION)
    save_draft(first, CENTRE, centre_with(kept, removed))
    second = tmp_path / "二" / "另存.ynform"
    second.parent.mkdir()
    assert save_draft(second, CENTRE, centre_with(kept), enclosures_from=[store.folder]) == []
    assert sorted(os.listdir(store_folder(second))) == [kept["file"]]
    undone = centre_with(kept, removed)  # 撤销 brings the removed record back after 另存为
    now = EnclosureStore.beside(second, also=[store.folder])
    assert file_issues(CENTRE, undone, None, now) == []  # found where it still is
    assert save_draft(second, CENTRE, undone, enclosures_from=now.also) == []
    assert file_issues(CENTRE, undone, second) == []
    assert [i.kind for i in file_issues(CENTRE, undone, None)] == ["unsaved", "unsaved"]


def test_saving_without_the_files_writes_the_draft_and_names_what_stayed_behind(tmp_path):
    record = attach(EnclosureStore(tmp_path / "别处"), scan(tmp_path, "法人证书.pdf"))
    draft = tmp_path / "申报.ynform"
    left = save_draft(draft, CENTRE, centre_with(record))
    assert [i.message for i in left] == [
        "证明材料“创新中心独立法人资格证书复印件”的文件“法人证书.pdf”找不到，未能随草稿一起保存"]
    assert read_input(draft).data["enclosures"] == [record]  # the typing is saved all the same


def test_a_different_file_under_the_same_name_is_never_replaced(tmp_path):
    staging = EnclosureStore(tmp_path / "暂存区")
    source = scan(tmp_path, "法人证书.pdf")
    record = attach(staging, source)
    draft = tmp_path / "另存.ynform"
    store_folder(draft).mkdir()
    (store_folder(draft) / record["file"]).write_bytes(b"another draft's file")
    save_draft(draft, CENTRE, centre_with(record), enclosures_from=[staging.folder])
    assert (store_folder(draft) / record["file"]).read_bytes() == b"another draft's file"
    assert [i.kind for i in file_issues(CENTRE, centre_with(record), draft)] == ["changed"]
    with pytest.raises(EnclosureError, match="已有内容不同的同名文件"):
        attach(EnclosureStore.beside(draft), source)  # attached there anew: refused, not overwritten
    assert (store_folder(draft) / record["file"]).read_bytes() == b"another draft's file"


# --- hostile files ---------------------------------------------------------------------------------


def _secret(tmp_path: Path) -> tuple[Path, dict]:
    """A file outside any store, and a record that would name it if the store followed anything."""
    secret = scan(tmp_path / "私人", "secret.pdf", b"%PDF-1.4 the clerk's private file\n")
    raw = secret.read_bytes()
    record = {"item": CERTIFICATE, "title": "创新中心独立法人资格证书复印件", "name": "secret.pdf",
              "file": "0123456789abcdef-secret.pdf", "size": len(raw), "sha256": hashlib.sha256(raw).hexdigest(),
              "pages": 1, "type": "pdf"}
    return secret, record


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="needs symbolic links")
def test_a_link_in_the_folder_or_as_the_folder_is_refused_not_followed(tmp_path):
    secret, record = _secret(tmp_path)
    draft = tmp_path / "收到的" / "申报.ynform"
    folder = store_folder(draft)
    folder.mkdir(parents=True)
    (folder / record["file"]).symlink_to(secret)
    data = centre_with(record)
    with pytest.raises(EnclosureError, match="链接"):
        enclosure_parts(CENTRE, data, draft)
    before = secret.read_bytes()
    source = scan(tmp_path, "新扫描.pdf")
    shutil.rmtree(folder)
    folder.symlink_to(secret.parent, target_is_directory=True)  # the folder itself a link to elsewhere
    (secret.parent / record["file"]).write_bytes(before)
    with pytest.raises(EnclosureError, match=r"文件夹“申报\.证明材料”是一个链接"):
        enclosure_parts(CENTRE, data, draft)
    with pytest.raises(EnclosureError, match="是一个链接"):
        attach(EnclosureStore.beside(draft), source)
    issues = save_draft(draft, CENTRE, centre_with({**record, **_named(source)}),
                        enclosures_from=[tmp_path / "x"])
    assert sorted(os.listdir(secret.parent)) == sorted(["secret.pdf", record["file"]])  # nothing written there
    assert secret.read_bytes() == before and issues


def test_a_windows_junction_is_a_link_and_a_onedrive_file_is_not():
    from types import SimpleNamespace

    from yn_forms.core.inputfile import is_link

    regular = 0o100644
    assert is_link(SimpleNamespace(st_mode=regular, st_reparse_tag=0xA0000003))  # a junction (mount point)
    assert is_link(SimpleNamespace(st_mode=regular, st_reparse_tag=0xA000000C))  # a symbolic link
    assert not is_link(SimpleNamespace(st_mode=regular, st_reparse_tag=0x9000701A))  # a cloud file on demand
    assert not is_link(SimpleNamespace(st_mode=regular))


def _named(source: Path) -> dict:
    raw = source.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    return {"file": f"{digest[:16]}-{source.stem}.pdf", "sha256": digest, "size": len(raw)}


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="needs symbolic links")
def test_a_link_where_a_file_is_to_be_saved_is_not_written_through(tmp_path):
    victim = scan(tmp_path / "私人", "重要.pdf", b"keep me")
    source = scan(tmp_path / "暂存", "法人证书.pdf")
    staging = EnclosureStore(tmp_path / "暂存区")
    record = attach(staging, source)
    draft = tmp_path / "申报.ynform"
    store_folder(draft).mkdir()
    (store_folder(draft) / record["file"]).symlink_to(victim)
    save_draft(draft, CENTRE, centre_with(record), enclosures_from=[staging.folder])
    assert victim.read_bytes() == b"keep me"
    assert [i.kind for i in file_issues(CENTRE, centre_with(record), draft)] == ["link"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_pipe_or_an_oversized_file_is_not_attached(tmp_path, monkeypatch):
    from yn_forms.core import enclosure_store

    pipe = tmp_path / "扫描.pdf"
    os.mkfifo(pipe)
    store = EnclosureStore.beside(tmp_path / "申报.ynform")
    with pytest.raises(EnclosureError, match="不是普通文件"):
        store.add(pipe, item="", title="x", inspected=Inspected("pdf", 1, 0, "0" * 64))
    big = scan(tmp_path, "大.pdf", b"x" * 5000)
    monkeypatch.setattr(enclosure_store, "MAX_FILE_BYTES", 4096)
    with pytest.raises(EnclosureError, match="文件太大"):
        attach(store, big)


def test_two_windows_saving_one_draft_at_once_keep_every_file(tmp_path):
    draft = tmp_path / "申报.ynform"
    shared = attach(EnclosureStore(tmp_path / "窗口一"), scan(tmp_path, "法人证书.pdf"))
    attach(EnclosureStore(tmp_path / "窗口二"), scan(tmp_path, "法人证书.pdf"))
    own = attach(EnclosureStore(tmp_path / "窗口二"), scan(tmp_path, "协议.pdf"), COOPERATION)
    windows = [(centre_with(shared), [tmp_path / "窗口一"]), (centre_with(shared, own), [tmp_path / "窗口二"])]
    failures: list[BaseException] = []

    def save(data, sources):
        try:
            for _ in range(15):
                assert save_draft(draft, CENTRE, data, enclosures_from=sources) == []
        except BaseException as exc:  # reported by the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=save, args=window) for window in windows]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert file_issues(CENTRE, read_input(draft).data, draft) == []  # whichever saved last, its files are there
    assert sorted(os.listdir(store_folder(draft))) == sorted([shared["file"], own["file"]])


# --- binding order -------------------------------------------------------------------------------------


def test_parts_are_bound_declared_items_first_then_the_clerks_own_and_paper_ones_not_at_all(tmp_path):
    draft = tmp_path / "申报.ynform"
    store = EnclosureStore.beside(draft)
    own_a = attach(store, scan(tmp_path, "获奖证书.png"), "", "获奖证书")
    coop = attach(store, scan(tmp_path, "协议2.pdf"), COOPERATION)
    coop_first = attach(store, scan(tmp_path, "协议1.pdf"), COOPERATION)
    own_b = attach(store, scan(tmp_path, "检测报告.pdf"), "", "检测报告")
    own_a2 = attach(store, scan(tmp_path, "获奖证书2.png"), "", "获奖证书")
    data = centre_with(own_a, coop_first, paper_record("创新中心独立法人资格证书复印件", CERTIFICATE), own_b, coop,
                       own_a2)
    parts = enclosure_parts(CENTRE, data, draft)
    assert [(p.title, [f.name.split("-", 1)[1] for f in p.files]) for p in parts] == [
        ("成员单位之间相关合作协议、资金组建方案、各项规章制度等", ["协议1.pdf", "协议2.pdf"]),
        ("获奖证书", ["获奖证书.pdf", "获奖证书2.pdf"]),
        ("检测报告", ["检测报告.pdf"])]
    assert [p.item for p in parts] == [COOPERATION, "", ""]


def test_up_and_down_stay_within_an_item():
    records = [paper_record("甲", CERTIFICATE), paper_record("乙", COOPERATION), paper_record("丙", CERTIFICATE)]
    data = {"enclosures": records}
    assert neighbour(data, 0, 1) == 2 and neighbour(data, 2, -1) == 0
    assert neighbour(data, 1, -1) is None and neighbour(data, 1, 1) is None and neighbour(data, 9, 1) is None


# --- the 创新中心's tick-list of version 1 ------------------------------------------------------------


def test_the_tick_list_becomes_items_on_paper_and_nothing_typed_is_lost():
    v1 = {"cover": {"centre_name": "中心"},
          "attachments": {"supplied": ["创新中心独立法人资格证书复印件", "自己加的一项",
                                       "创新中心独立法人资格证书复印件", 42], "note": "随后补交"}}
    v2 = enclosures_on_paper(v1)
    assert v2["enclosures"] == [paper_record("创新中心独立法人资格证书复印件", CERTIFICATE),
                                paper_record("自己加的一项")]
    assert v2["attachments"] == {"supplied": [42], "note": "随后补交"}  # kept: reported as unknown, not lost
    assert v1["attachments"]["supplied"][0] == "创新中心独立法人资格证书复印件"  # the old data untouched
    assert enclosures_on_paper({"attachments": {"supplied": []}}) == {}
    assert enclosures_on_paper({"cover": {}}) == {"cover": {}}
    odd = {"attachments": {"supplied": "法人证书"}}
    assert enclosures_on_paper(odd) == odd


# --- a save killed while it copies --------------------------------------------------------------------

SAVER = textwrap.dedent('''
    import hashlib, os, sys
    from pathlib import Path
    from yn_forms.core.draft import read_input, save_draft
    from yn_forms.core.enclosure_store import EnclosureStore
    from yn_forms.forms.innovation_centre import DEFINITION

    class Inspected:
        def __init__(self, raw):
            self.type, self.pages, self.size, self.sha256 = "pdf", 1, len(raw), hashlib.sha256(raw).hexdigest()

    draft, staging, round_no = Path(sys.argv[1]), EnclosureStore(Path(sys.argv[2])), int(sys.argv[3])
    records = read_input(draft).data["enclosures"]
    sys.stdout.write("ready\\n")
    sys.stdout.flush()
    for i in range(1000):
        source = staging.folder.parent / f"扫描{round_no}-{i}.pdf"
        source.write_bytes(os.urandom(3 * 1024 * 1024))
        records = records + [staging.add(source, item="", title="扫描件", inspected=Inspected(source.read_bytes()))]
        save_draft(draft, DEFINITION, {"enclosures": records}, enclosures_from=[staging.folder])
''')


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix" or not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_a_save_killed_while_copying_leaves_the_previous_draft_and_its_files_usable(tmp_path):
    draft = tmp_path / "申报.ynform"
    save_draft(draft, CENTRE, {"enclosures": []})
    (tmp_path / "暂存").mkdir()
    rng = random.Random(20261207)
    seen = []
    for round_no in range(8):
        kill_while_working(SAVER, [str(draft), str(tmp_path / "暂存" / "区"), str(round_no)], tmp_path, rng, 0.6)
        data = read_input(draft).data  # a whole draft, never a torn one…
        assert file_issues(CENTRE, data, draft) == []  # …and every file it names there, whole
        seen.append(len(data["enclosures"]))
    assert seen[-1] > 0, "no save completed; the test proved nothing"
    store = EnclosureStore.beside(draft)
    store.clean_stale(older_than=0)  # what a killed copy left is only its temporary files
    named = {r["file"] for r in read_input(draft).data["enclosures"]}
    assert not any(name.startswith(TEMP_PREFIX) for name in os.listdir(store.folder))
    assert named <= set(os.listdir(store.folder))


# --- what has nothing to do with enclosures ignores them ------------------------------------------------


@pytest.fixture
def with_files(tmp_path) -> tuple[Path, dict]:
    """A saved 创新中心 draft with a scan beside it and an item on paper."""
    draft = tmp_path / "申报.ynform"
    record = attach(EnclosureStore.beside(draft), scan(tmp_path, "法人证书.pdf"))
    data = centre_with(record, paper_record("成员单位之间相关合作协议、资金组建方案、各项规章制度等", COOPERATION))
    save_draft(draft, CENTRE, data)
    return draft, data


def test_a_member_packet_carries_its_unit_only_and_a_reply_leaves_the_enclosures_alone(with_files, tmp_path):
    from yn_forms.core.packets import lead_name, make_reply, make_request, read_packet, reply_changes, write_packet

    _draft, data = with_files
    sent = tmp_path / "成员.ynpack"
    write_packet(sent, make_request(CENTRE, data, "/members/0", lead_name(CENTRE, data)))
    assert "enclosures" not in sent.read_text(encoding="utf-8") and "法人证书" not in sent.read_text(encoding="utf-8")
    request = read_packet(sent, CENTRE, expect="request")
    back = tmp_path / "回复.ynpack"
    write_packet(back, make_reply(request, {**request.data, "phone": "0871-65990002"}))
    changes = reply_changes(data, read_packet(back, CENTRE, expect="reply"))
    assert [c.path for c in changes] == ["/members/0/phone"]


def test_a_summary_of_drafts_with_enclosures_lists_them_as_before(with_files, tmp_path):
    from yn_forms.core.batch import load_one
    from yn_forms.render.summary import write_summary_file

    draft, _data = with_files
    shutil.rmtree(store_folder(draft))  # a department gets the drafts without the scans: not its business
    item = load_one(CENTRE, draft, FORMS)
    assert not item.skipped and not has_errors(item.problems)
    written = write_summary_file(CENTRE, [item], tmp_path / "汇总.xlsx")
    assert written.rows == 1


def test_word_import_and_the_unit_library_leave_enclosures_out(with_files, tmp_path):
    from yn_forms.core.units import extract_unit, plan_fill
    from yn_forms.render.documents import fill_documents
    from yn_forms.render.wordin.importer import import_documents

    _draft, data = with_files
    result = import_documents(CENTRE, fill_documents(CENTRE, data, tmp_path / "文档"), FORMS)
    assert result.data.get("enclosures", []) == []  # an attachment prints no 证明材料 to read back
    assert not any(u.pointer.startswith("/enclosures") for u in result.unread)
    unit = extract_unit(CENTRE, data, "/lead")
    assert "enclosures" not in json.dumps(unit, ensure_ascii=False, default=str)
    plan = plan_fill(CENTRE, data, "/members/1", unit)
    assert plan.changes and not any(c.pointer.startswith("/enclosures") for c in plan.changes)


# --- the wizard (its 证明材料 page: tests/test_gui_enclosures.py) --------------------------------------


def test_the_wizard_lists_the_enclosures_still_to_do_and_builds_their_page(window, tmp_path):
    from yn_forms.gui.enclosures_page import EnclosuresEditor

    path = tmp_path / "申报.ynform"
    save_draft(path, CENTRE, centre_with())
    assert window.open_path(path)
    wiz = window.wizard
    last = wiz.sections.item(wiz.sections.count() - 2).text()
    assert last.startswith("证明材料") and last.endswith("○ 未开始（2项待填）")
    page = wiz.pages[-1]  # one box per item the notice asks for
    (editor,) = page.findChildren(EnclosuresEditor)
    assert [box.title() for box in editor.boxes.values()] == [e.title for e in CENTRE.submission.enclosures]
    wiz.go_to(wiz.stack.count() - 1)
    assert wiz.review.summary.text().startswith("还有 2 项未填写。")  # a blank, not an error: no “-2 个错误”
    group = wiz.review.tree.topLevelItem(0)
    assert group.text(0) == "证明材料（2）"
    assert group.child(0).text(0) == "未填写 · 证明材料" and "《工作方案》四(一)1" in group.child(0).text(1)


def test_a_records_huge_title_is_quoted_short_in_its_message():
    """A draft's 100,000-character title (a paste gone wrong, a hostile file) is quoted clipped, not in full."""
    from yn_forms.core.enclosure_store import FileIssue

    message = FileIssue(0, {"title": "长" * 100_000, "name": "扫描件.pdf"}, "invalid", "的记录无效").message
    assert message == f"证明材料“{'长' * 59}…”的文件“扫描件.pdf”的记录无效"
