"""What arrives at the 州市 desk that is not a tidy application: zips from outside, odd folders, odd files.

Each is read as far as it can be, and everything that cannot be read is a line saying why, in Chinese,
while the rest is read and summarised (``render.intake``, ``render.zipin``, ``core.screening``).
"""

from __future__ import annotations

import copy
import os
import stat
import zipfile
from pathlib import Path

import pytest
from batch_helpers import centre_application
from desk_helpers import GbkName, word_folder, write_json

import yn_forms.render.intake as intake
from yn_forms.core.screening import FAILS, INCOMPLETE, MEETS, Identity, duplicates, screen
from yn_forms.core.validation import validate
from yn_forms.forms import FORMS, get_form
from yn_forms.render.desk import read_received
from yn_forms.render.zipin import member_name, safe_parts


@pytest.fixture
def form():
    return get_form("innovation-centre")


def read(form, *paths: Path):
    received = read_received(form, list(paths), forms=FORMS)
    return received.items


def lines(items) -> str:
    return "\n".join([*(i.reason or "" for i in items if i.skipped), *(n for i in items for n in i.notes)])


# --- zips ------------------------------------------------------------------------------------------------

def test_names_reaching_outside_are_written_inside_and_read(form, tmp_path):
    archive = tmp_path / "收件" / "外来.zip"
    archive.parent.mkdir()
    data = centre_application(form, "云南省光电子信息制造业创新中心")
    text = __import__("json").dumps(data, ensure_ascii=False)
    with zipfile.ZipFile(archive, "w") as z:
        for name in ("../../逃逸.json", "/根目录/绝对.json", "C:\\Users\\张三\\桌面\\盘符.json", "正常/./../点.json"):
            z.writestr(name, text)
    items = read(form, archive.parent)
    assert [i.shown for i in items] == ["外来.zip › Users/张三/桌面/盘符.json", "外来.zip › 根目录/绝对.json",
                                        "外来.zip › 正常/点.json", "外来.zip › 逃逸.json"]
    assert {i.path for i in items} == {archive}  # what the clerk has: the zip, never the folder it was unpacked in
    assert all(not i.skipped for i in items)
    assert not list(tmp_path.rglob("逃逸.json")) and not Path("/根目录").exists()
    assert safe_parts("a/../../b/CON.json") == ["a", "b", "_CON.json"]
    assert safe_parts("x/" + "长" * 200 + ".docx")[-1].endswith(".docx")


def test_gbk_names_without_the_utf8_flag_are_read_as_written(tmp_path):
    archive = tmp_path / "申报.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(GbkName("云南锦川/附件1-申报书.docx"), b"x")
        z.writestr("云南锦川/说明.json", b"{}")  # flagged UTF-8 by zipfile itself
    with zipfile.ZipFile(archive) as z:
        assert [member_name(i) for i in z.infolist()] == ["云南锦川/附件1-申报书.docx", "云南锦川/说明.json"]
        assert z.infolist()[0].filename != "云南锦川/附件1-申报书.docx"  # what Python alone reads: cp437


def test_a_member_inflating_far_beyond_its_size_is_refused_unread(form, tmp_path):
    archive = tmp_path / "炸弹.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("企业/附件1.docx", b"\0" * (60 * 1024 * 1024))  # 60 MB of nothing in a few kilobytes
        z.writestr("企业/申报.json", "{")
    assert archive.stat().st_size < 200_000
    items = read(form, archive)
    assert "“炸弹.zip › 企业/附件1.docx”" in lines(items) and "可能是恶意构造的压缩文件" in lines(items)
    assert not list(tmp_path.rglob("附件1.docx"))


def test_a_zip_inside_a_zip_is_read_one_level_down_and_no_further(form, tmp_path):
    docs = word_folder(form, form.example(), tmp_path / "企业A")
    inner = tmp_path / "企业A.zip"
    with zipfile.ZipFile(inner, "w") as z:
        for doc in docs:
            z.write(doc, f"企业A/{doc.name}")
    deepest = tmp_path / "更深.zip"
    with zipfile.ZipFile(deepest, "w") as z:
        z.write(inner, "更深/企业A.zip")
    outer = tmp_path / "全州.zip"
    with zipfile.ZipFile(outer, "w") as z:
        z.write(inner, "昆明/企业A.zip")
        z.write(deepest, "昆明/更深.zip")
    items = read(form, outer)
    used = [i for i in items if not i.skipped]
    assert [i.shown for i in used] == ["全州.zip › 昆明/企业A.zip › 企业A/"]
    assert used[0].word and used[0].cells[0] == form.example()["cover"]["centre_name"]
    assert "“全州.zip › 昆明/更深.zip › 更深/企业A.zip”是压缩包中的压缩包中的压缩包，未读取" in lines(items)


def test_an_encrypted_member_a_link_and_other_archives_are_named(form, tmp_path):
    archive = tmp_path / "收件" / "企业B.zip"
    archive.parent.mkdir()
    locked = tmp_path / "收件" / "企业E.zip"
    with zipfile.ZipFile(locked, "w") as z:
        z.writestr("企业E/附件1.docx", b"encrypted bytes")
    raw = bytearray(locked.read_bytes())  # marked encrypted as a tool with a password writes it (zipfile cannot)
    for signature, flag in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        raw[at + flag] |= 0x1
    locked.write_bytes(bytes(raw))
    with zipfile.ZipFile(archive, "w") as z:
        link = zipfile.ZipInfo("企业B/申报.json")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/passwd")
        z.writestr("企业B/旧材料.rar", b"Rar!")
    (archive.parent / "企业C.rar").write_bytes(b"Rar!\x1a\x07")
    (archive.parent / "企业D.zip").write_bytes(b"PK\x03\x04broken")
    items = read(form, archive.parent)
    told = lines(items)
    assert "“企业E.zip › 企业E/附件1.docx”设有解压密码，无法读取" in told
    assert "“企业B.zip › 企业B/申报.json”是符号链接，未读取" in told
    assert "“企业B.zip › 企业B/旧材料.rar”是 RAR 压缩包，本程序只能读取 .zip" in told
    assert "“企业C.rar”是 RAR 压缩包" in told and "“企业D.zip”已损坏或不是有效的 .zip 压缩包" in told
    assert all(i.skipped for i in items)


# --- folders ------------------------------------------------------------------------------------------------

def test_a_folder_that_cannot_be_opened_is_named_and_the_others_read(form, tmp_path, monkeypatch):
    write_json(form.example(), tmp_path / "收件" / "申报1.json")
    word_folder(form, form.example(), tmp_path / "收件" / "企业A")
    locked = tmp_path / "收件" / "企业B"
    locked.mkdir()
    real = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(intake.os, "scandir", scandir)
    items = read(form, tmp_path / "收件")
    assert [i.shown for i in items] == ["企业A/", "企业B/", "申报1.json"]
    assert items[1].skipped and items[1].reason.startswith("无法读取文件夹“企业B/”：")
    assert not items[0].skipped and not items[2].skipped


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads any folder")
def test_a_folder_without_permission_is_named(form, tmp_path):
    write_json(form.example(), tmp_path / "收件" / "申报1.json")
    locked = tmp_path / "收件" / "企业B"
    locked.mkdir()
    locked.chmod(0)
    try:
        items = read(form, tmp_path / "收件")
    finally:
        locked.chmod(0o755)
    assert items[0].skipped and "企业B" in items[0].reason


@pytest.mark.slow
def test_ten_thousand_files_in_a_folder(form, tmp_path):
    """A folder of 10,000 Word files is no application's: one line says so at once; 10,000 scans beside one
    application are passed over."""
    many = tmp_path / "全部附件"
    many.mkdir()
    for i in range(10_000):
        (many / f"附件{i}.docx").touch()
    scans = tmp_path / "扫描件"
    scans.mkdir()
    for i in range(10_000):
        (scans / f"营业执照{i}.jpg").touch()
    write_json(form.example(), scans / "申报.json")
    items = read(form, many, scans)
    assert [i.shown for i in items] == ["全部附件/", "申报.json"]
    assert items[0].skipped and "有 10,000 个 Word 文件，不像一份申报的附件" in items[0].reason
    assert not items[1].skipped


def test_old_formats_and_other_files_beside_the_attachments(form, tmp_path):
    folder = tmp_path / "企业A"
    word_folder(form, form.example(), folder)
    (folder / "承诺书.wps").write_bytes(b"WPS")
    (folder / "营业执照.pdf").write_bytes(b"%PDF")
    (folder / "~$附件1.docx").write_bytes(b"lock")
    (folder / "说明.docx").write_bytes(b"not a zip")
    items = read(form, folder)
    assert len(items) == 1 and not items[0].skipped
    assert [n.split("”")[0] for n in items[0].notes] == ["“承诺书.wps", "“说明.docx"]
    assert "WPS" in items[0].notes[0] and "另存为 .docx" in items[0].notes[0]


# --- the 初审 of one application, and what applications share ----------------------------------------------

def test_a_verdict_follows_the_notice(form):
    example = form.example()
    assert screen(form, example, validate(form, example)).verdict == MEETS
    blank = copy.deepcopy(example)
    blank["summary"]["research_direction"] = ""
    judged = screen(form, blank, validate(form, blank), absent=lambda p: p == "/summary/research_direction")
    assert judged.verdict == INCOMPLETE and judged.missing == ["研发方向"] and judged.unprinted == ["研发方向"]
    assert judged.lines == ["待补充1项：研发方向（Word 文件中未读到）"]
    assert judged.first == "/summary/research_direction"
    wrong = copy.deepcopy(example)
    wrong["cover"]["mobile"] = "1388888"
    judged = screen(form, wrong, validate(form, wrong))
    assert judged.verdict == INCOMPLETE and judged.corrections[0].startswith("手机：")
    short = copy.deepcopy(example)
    short["basic"]["participants"] = short["basic"]["participants"][:1]
    short["members"] = short["members"][:1]
    judged = screen(form, short, validate(form, short))
    assert judged.verdict == FAILS and judged.unmet[0].summary == "组建单位不少于3家"
    assert judged.unmet[0].clause == "《工作方案》三(二)2" and judged.first == judged.unmet[0].pointer


def test_shared_names_are_found_as_a_person_compares_them():
    found = duplicates([Identity("云南 滇七", "云南ＡＢ公司", "91530100MA6L0X1U2U"), Identity("滇八", "云南AB公司", ""),
                        Identity("云南滇七", "别的公司", "91530100MA6L0X1U2U"), None])
    assert {(s.what, s.indexes) for s in found} == {("统一社会信用代码", (0, 2)), ("申报单位", (0, 1)),
                                                    ("名称", (0, 2))}


def test_missing_enclosures_make_an_application_incomplete_and_get_their_column(form, tmp_path, monkeypatch):
    """The one place the 初审 asks about 证明材料 (``core.screening.missing_enclosures``): once drafts carry their
    enclosures, what one declares required and lacks is 待补充, in a column of its own on the 初审 sheet."""
    from openpyxl import load_workbook

    import yn_forms.core.screening as screening
    from yn_forms.render.summary import write_summary_file

    write_json(centre_application(form, "创新中心甲"), tmp_path / "收件" / "1-甲.json")
    write_json(centre_application(form, "创新中心乙"), tmp_path / "收件" / "2-乙.json")
    monkeypatch.setattr(screening, "missing_enclosures",
                        lambda _form, data: ["营业执照复印件"] if data["cover"]["centre_name"] == "创新中心甲" else [])
    items = read(form, tmp_path / "收件")
    assert [i.screening.verdict for i in items] == [INCOMPLETE, MEETS]
    assert items[0].screening.lines == ["缺少证明材料：营业执照复印件"]
    ws = load_workbook(write_summary_file(form, items, tmp_path / "汇总.xlsx").path)["初审"]
    assert [ws.cell(4, c).value for c in range(8, 11)] == ["证明材料", "重复申报", "来源"]
    assert [ws.cell(r, 8).value for r in (5, 6)] == ["营业执照复印件", "齐全"]


def test_a_draft_without_its_required_enclosures_is_incomplete_and_word_files_are_not_judged_on_them(form, tmp_path):
    """A draft carries its 证明材料 (attached, or noted as handed in on paper): one that carries neither for a
    required item is 待补充 and says which; Word attachments carry none, so a Word application is not judged on
    them — and the 证明材料 warning is told once, in its column, not again among the blanks."""
    from yn_forms.render.documents import fill_documents

    bare = centre_application(form, "创新中心甲")
    bare["enclosures"] = []
    write_json(bare, tmp_path / "收件" / "1-甲.json")
    write_json(centre_application(form, "创新中心乙"), tmp_path / "收件" / "2-乙.json")
    word = centre_application(form, "创新中心丙")
    word["enclosures"] = []
    fill_documents(form, word, tmp_path / "收件" / "3-丙")
    items = read(form, tmp_path / "收件")
    by_name = {i.path.name: i.screening for i in items}
    first = by_name["1-甲.json"]
    assert first.verdict == INCOMPLETE
    both = ["创新中心独立法人资格证书复印件", "成员单位之间相关合作协议、资金组建方案、各项规章制度等"]
    assert first.enclosures == both
    assert f"缺少证明材料：{'、'.join(both)}" in first.lines
    assert not any("证明材料" in m for m in first.missing)
    assert by_name["2-乙.json"].enclosures == [] and by_name["2-乙.json"].verdict == MEETS
    assert by_name["3-丙"].enclosures is None
    from openpyxl import load_workbook

    from yn_forms.render.summary import write_summary_file

    ws = load_workbook(write_summary_file(form, items, tmp_path / "汇总.xlsx").path)["初审"]
    assert [ws.cell(4, 8).value, *(ws.cell(r, 8).value for r in (5, 6, 7))] == [
        "证明材料", "创新中心独立法人资格证书复印件、成员单位之间相关合作协议、资金组建方案、各项规章制度等", "齐全",
        "Word 文件不含，另行核对"]
