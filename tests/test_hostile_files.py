"""Hostile files handed to the app: absurd nesting, pipes and devices, huge files, NaN.

Every file the clerk names — a draft, a bare JSON application, a member's packet, a file
of a 汇总 folder — is read through ``core.inputfile`` first. What it refuses is refused with
a Chinese reason and exit 2, the file is left as it was, and nothing is written.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pydantic import BaseModel

from yn_forms.cli import main
from yn_forms.core import inputfile
from yn_forms.core.datapath import get_at
from yn_forms.core.document import DraftDocument
from yn_forms.core.draft import DraftError, read_input, save_draft
from yn_forms.core.operations import accept_reply
from yn_forms.core.packets import (
    PacketError,
    lead_name,
    locate,
    make_request,
    read_packet,
    reply_changes,
    with_checksum,
    write_packet,
)
from yn_forms.core.problems import list_index
from yn_forms.forms import FORMS, get_form

ROOT = Path(__file__).resolve().parent.parent
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pipes and /dev/zero are POSIX's")
TOO_DEEP = f"数据嵌套超过 {inputfile.MAX_DEPTH} 层，不是本程序的申报数据"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def nested(depth: int, leaf: typing.Any = "v") -> typing.Any:
    for _ in range(depth):
        leaf = [leaf]
    return leaf


def cli_process(*argv: str, timeout: float = 60, memory: int | None = None) -> subprocess.CompletedProcess:
    """``yn-forms`` in a process of its own: a hang is a timeout, not a stuck test run; *memory* caps
    its address space, so that reading without end is a MemoryError, not a machine out of memory."""
    def limit() -> None:
        if memory:
            import resource  # POSIX only, like the pipes and devices these tests hand over

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "yn_forms", *argv], capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout, env=env, preexec_fn=limit, check=False)


# --- nesting -----------------------------------------------------------------------------------


def model_depth(annotation: typing.Any) -> int:
    """How many containers deep a form's data can go (a model is a dict, a list is a list)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return 1 + max((model_depth(f.annotation) for f in annotation.model_fields.values()), default=0)
    args = typing.get_args(annotation)
    own = 1 if typing.get_origin(annotation) in (list, tuple, dict) else 0
    return own + max((model_depth(a) for a in args), default=0)


def test_the_depth_limit_leaves_a_wide_margin_over_every_form():
    deepest = max(model_depth(get_form(form_id).model) for form_id in FORMS)
    assert deepest == 5  # 创新中心: data › members › member › sales › a year
    assert inputfile.MAX_DEPTH >= 4 * (deepest + 1)  # a draft or a packet wraps the data once more
    assert inputfile.MAX_DEPTH * 8 < sys.getrecursionlimit()  # and recursive walks stay far from the limit


@pytest.mark.parametrize("argv", [["validate"], ["validate", "--json"], ["fill", "-o", "OUT"]])
def test_json_nested_500_deep_is_refused_by_the_cli(capsys, tmp_path, argv):
    path = tmp_path / "嵌套.json"
    path.write_text(json.dumps({"cover": {"centre_name": "x", "industry": nested(500)}}), encoding="utf-8")
    assert path.stat().st_size < 4000
    before = path.read_bytes()
    command = [argv[0], "innovation-centre", str(path), *[str(tmp_path / "out") if a == "OUT" else a for a in argv[1:]]]
    code, out, err = run(capsys, *command)
    assert code == 2 and out == ""
    assert err == f"错误：{TOO_DEEP}，无法读取：{path}\n"
    assert path.read_bytes() == before and not (tmp_path / "out").exists()


def test_nesting_up_to_the_limit_is_read_and_one_level_more_is_not(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"x": nested(inputfile.MAX_DEPTH - 1)}), encoding="utf-8")
    assert read_input(path).data["x"] == nested(inputfile.MAX_DEPTH - 1)
    path.write_text(json.dumps({"x": nested(inputfile.MAX_DEPTH)}), encoding="utf-8")
    with pytest.raises(DraftError, match="数据嵌套超过"):
        read_input(path)


def test_nesting_beyond_what_json_itself_parses_is_refused_alike(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"x": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(DraftError, match="数据嵌套超过"):
        read_input(path)


def test_the_desktop_app_refuses_a_deeply_nested_draft(window, clerk, tmp_path):
    path = tmp_path / "嵌套.ynform"
    document = {"format": "yn-forms/draft", "form": "innovation-centre", "schema_version": 1,
                "data": {"cover": {"centre_name": nested(500)}}}
    path.write_text(json.dumps(document), encoding="utf-8")
    assert window.open_path(path) is False
    assert clerk.last_warning == f"{TOO_DEEP}，无法读取：{path}"
    assert window.wizard is None


@pytest.fixture
def request_packet(centre, example, tmp_path) -> dict:
    path = tmp_path / "请求.ynpack"
    write_packet(path, make_request(centre, example, "/members/1", lead_name(centre, example)))
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_reply_nested_450_deep_is_refused_on_import(centre, request_packet, tmp_path):
    reply = copy.deepcopy(request_packet)
    reply["kind"] = "reply"
    reply["data"]["main_products"] = nested(450)
    path = tmp_path / "回复.ynpack"
    path.write_text(json.dumps(with_checksum(reply)), encoding="utf-8")
    with pytest.raises(PacketError) as refused:
        read_packet(path, centre, expect="reply")
    assert str(refused.value) == f"数据包“回复.ynpack”不能导入：{TOO_DEEP}"


def test_an_unsealed_packet_nested_986_deep_is_refused_when_opened(window, clerk, request_packet, tmp_path):
    packet = copy.deepcopy(request_packet)
    packet["data"]["main_products"] = "__DEEP__"
    path = tmp_path / "请求.ynpack"  # written as text: json.dumps itself cannot go 986 deep under pytest
    path.write_text(json.dumps(packet).replace('"__DEEP__"', "[" * 986 + '"v"' + "]" * 986), encoding="utf-8")
    assert window.open_path(path) is False
    assert clerk.last_warning == f"数据包“请求.ynpack”不能导入：{TOO_DEEP}"


# --- what is not a regular file, and what is too large -------------------------------------------


@POSIX
@pytest.mark.parametrize("command", ["validate", "summary"])
def test_a_fifo_named_as_the_data_file_is_refused_at_once(tmp_path, command):
    fifo = tmp_path / "管道.json"
    os.mkfifo(fifo)
    output = ["-o", str(tmp_path / "汇总.xlsx")] if command == "summary" else []
    argv = [command, "innovation-centre", str(fifo), *output]
    proc = cli_process(*argv, timeout=30)
    assert proc.returncode == 2
    assert f"这不是普通文件（而是设备、管道或套接字），无法读取：{fifo}" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "汇总.xlsx").exists()


@POSIX
def test_dev_zero_is_refused_not_read_without_end():
    proc = cli_process("validate", "innovation-centre", "/dev/zero", timeout=60, memory=1536 * 1024 * 1024)
    assert proc.returncode == 2, proc.stderr[-500:]
    assert proc.stderr == "错误：这不是普通文件（而是设备、管道或套接字），无法读取：/dev/zero\n"


def test_a_file_larger_than_any_application_is_refused_with_its_size(capsys, tmp_path):
    path = tmp_path / "巨大.json"
    with path.open("wb") as handle:  # sparse: 70 MB on paper, nothing on the disk
        handle.truncate(70 * 1024 * 1024)
    code, out, err = run(capsys, "validate", "innovation-centre", str(path))
    assert code == 2 and out == ""
    assert err == f"错误：文件太大（70.0 MB），申报数据文件不会超过 64.0 MB，无法读取：{path}\n"


def test_the_largest_realistic_application_is_well_under_the_size_limit(centre, example, tmp_path):
    """300 member units with 3,000 characters in each of their two long texts, as the autosave
    writes it (every CJK character escaped): under a fifth of the limit, and it opens."""
    long = "云南省稀贵金属新材料研发与产业化，" * 176
    example["members"] = [{**copy.deepcopy(example["members"][0]), "name": f"成员单位{i}", "main_business": long,
                           "main_products": long} for i in range(300)]
    document = {"format": "yn-forms/draft", "form": centre.id, "schema_version": 1, "data": example}
    path = tmp_path / "300.ynform"
    path.write_bytes(json.dumps(document, ensure_ascii=True, indent=1).encode("ascii"))
    assert path.stat().st_size * 5 < inputfile.MAX_BYTES
    assert len(read_input(path).data["members"]) == 300


# --- numbers JSON should not hold ---------------------------------------------------------------


@pytest.mark.parametrize("literal, where", [
    ("NaN", "/basic/investment"), ("Infinity", "/basic/investment"),
    ("-Infinity", "/members/0/staff_total"), ("1e999", "/members/0/staff_total"),
])
def test_nan_and_infinity_are_refused_when_read(capsys, tmp_path, example, literal, where):
    marker = "__NUMBER__"
    parts = where.strip("/").split("/")
    target = example
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    target[parts[-1]] = marker
    path = tmp_path / "数字.json"
    path.write_text(json.dumps(example, ensure_ascii=False).replace(f'"{marker}"', literal), encoding="utf-8")
    code, out, err = run(capsys, "fill", "innovation-centre", str(path), "-o", str(tmp_path / "out"),
                         "--allow-incomplete")
    assert code == 2 and out == ""
    assert err == (f"错误：“{where}”处的 {literal} 不是有效的数字（JSON 中的 NaN、Infinity 或超出范围的数），"
                   f"无法读取：{path}\n")
    assert not (tmp_path / "out").exists()


# --- a 汇总 folder -------------------------------------------------------------------------------


def test_a_newer_draft_in_a_summary_folder_is_named(capsys, tmp_path, centre, example):
    folder = tmp_path / "收件"
    folder.mkdir()
    (folder / "申报1.json").write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
    newer = folder / "新版本程序保存.ynform"
    newer.write_text(json.dumps({"format": "yn-forms/draft", "form": centre.id, "schema_version": 99,
                                 "data": example}, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "summary", centre.id, str(folder), "-o", str(tmp_path / "汇总.xlsx"))
    assert code == 2 and out == f"{tmp_path / '汇总.xlsx'}\n"
    assert (f"已跳过：草稿由更新版本的程序保存（数据版本 99，本程序支持到 {centre.schema_version}），"
            f"请升级程序后再打开：{newer}\n" in err)


# --- a lone surrogate ----------------------------------------------------------------------------

BROKEN_NAME = "云南测试\ud800公司"  # valid JSON ("\ud800"), but half of a character


def broken_name_file(example, tmp_path) -> Path:
    example["cover"]["lead_unit"] = BROKEN_NAME
    path = tmp_path / "残缺.json"
    path.write_text(json.dumps(example, ensure_ascii=True), encoding="ascii")
    return path


BROKEN_PROBLEM = ("错误\t/cover/lead_unit\t牵头单位：含有残缺的字符（U+D800，通常来自损坏的文件或转换出错的数据），"
                  "请删除后重新输入这段文字\n")


def test_a_lone_surrogate_is_an_error_on_its_field(capsys, tmp_path, example):
    path = broken_name_file(example, tmp_path)
    code, out, err = run(capsys, "validate", "innovation-centre", str(path))
    assert code == 1 and err == ""
    assert out.startswith(BROKEN_PROBLEM)
    assert "封面为“云南测试\\ud800公司”" in out  # the name itself, printed with the broken character escaped
    code, out, err = run(capsys, "fill", "innovation-centre", str(path), "-o", str(tmp_path / "out"))
    assert code == 1 and out == "" and BROKEN_PROBLEM in err and not (tmp_path / "out").exists()


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "ascii"])
@pytest.mark.parametrize("argv", [["validate"], ["validate", "--json"], ["fill", "-o", "OUT"],
                                  ["fill", "-o", "OUT", "--allow-incomplete"]])
def test_printing_a_lone_surrogate_never_crashes(tmp_path, example, encoding, argv):
    path = broken_name_file(example, tmp_path)
    output = tmp_path / "out"
    command = [argv[0], "innovation-centre", str(path), *[str(output) if a == "OUT" else a for a in argv[1:]]]
    env_encoding = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "yn_forms", *command], capture_output=True, env=env_encoding,
                          timeout=120, check=False)
    stdout, stderr = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")  # the app writes UTF-8 always
    assert "Traceback" not in stderr
    if "--allow-incomplete" in argv:
        assert proc.returncode == 0 and BROKEN_PROBLEM in stderr
        assert len(list(output.glob("*.docx"))) == 2
    else:
        assert proc.returncode == 1
    if "--json" in argv:  # still JSON: the broken character is its escape, and reads back as it was
        problems = json.loads(stdout)
        assert problems[0]["path"] == "/cover/lead_unit" and problems[0]["rule"] == "field.broken_character"
        assert any(BROKEN_NAME in p["message"] for p in problems)
    elif argv == ["validate"]:
        assert stdout.startswith(BROKEN_PROBLEM)


# --- characters that reorder the text ------------------------------------------------------------


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                  "\u2069"])
def test_a_bidi_control_is_warned_like_other_control_characters(capsys, tmp_path, example, write_json, char):
    example["cover"]["centre_name"] = "云南省" + char + "稀贵金属新材料制造业创新中心"
    code, out, _ = run(capsys, "validate", "innovation-centre", str(write_json(example)))
    assert code == 0  # a warning: the text may be meant, but the clerk should look
    point = f"U+{ord(char):04X}"
    assert (f"警告\t/cover/centre_name\t创新中心名称：含有改变文字显示方向的控制字符（{point}），"
            "屏幕上和打印出的文字顺序可能与实际内容不同，请核对后删除\n") in out


def test_direction_marks_and_joiners_are_not_warned(capsys, example, write_json):
    """U+200E/U+200F only place neutral characters (Windows puts them in copied dates); U+200C/U+200D
    join emoji and scripts that need them: neither can make a name or a figure read differently."""
    example["cover"]["centre_name"] = "\u200e云南省稀贵金属新材料制造业创新中心\u200f👨\u200d👩\u200d👧\u200c"
    code, out, _ = run(capsys, "validate", "innovation-centre", str(write_json(example)))
    assert code == 0 and "centre_name" not in out


# --- pointers in packets -------------------------------------------------------------------------


@pytest.mark.parametrize("part, index", [("0", 0), ("12", 12), ("²", None), ("３", None), ("٣", None), ("01", None),
                                         ("-1", None), ("", None), ("1 ", None)])
def test_a_list_index_is_ascii_digits_as_rfc_6901_writes_them(part, index):
    assert list_index(part) == index
    assert get_at({"members": [{"name": "甲"}] * 13}, f"/members/{part}/name") == ("甲" if index is not None else None)


@pytest.mark.parametrize("bad", ["/members/²", "/members/３", "/members/01"])
def test_a_packet_pointing_at_a_non_ascii_index_is_refused(window, clerk, centre, request_packet, tmp_path, bad):
    packet = {**request_packet, "pointer": bad}
    path = tmp_path / "请求.ynpack"
    path.write_text(json.dumps(with_checksum(packet), ensure_ascii=False), encoding="utf-8")
    message = f"数据包指向的位置“{bad}”不是本表单中可发送的成员单位"
    with pytest.raises(PacketError, match=message):
        read_packet(path, centre)
    assert window.open_path(path) is False and clerk.last_warning == message


def test_keys_with_slash_and_tilde_arrive_as_they_were_sent(centre, example, request_packet, tmp_path):
    reply = copy.deepcopy(request_packet)
    reply["kind"] = "reply"
    odd = {"a/b": "斜杠", "c~1d": "波浪号", "~": "单独的波浪号", "e~0/f": "都有"}
    reply["data"].update(odd)
    path = tmp_path / "回复.ynpack"
    path.write_text(json.dumps(with_checksum(reply), ensure_ascii=False), encoding="utf-8")
    packet = read_packet(path, centre, expect="reply")
    changes = reply_changes(example, packet)
    assert [(c.path, c.label) for c in changes] == [
        ("/members/1/a~1b", "未识别的字段“a/b”"), ("/members/1/c~01d", "未识别的字段“c~1d”"),
        ("/members/1/~0", "未识别的字段“~”"), ("/members/1/e~00~1f", "未识别的字段“e~0/f”")]
    document = DraftDocument(copy.deepcopy(example))
    accept_reply(document, centre, packet.list_pointer, locate(example, packet), [(c.path, c.new) for c in changes],
                 packet.data, packet.key)
    assert document.data["members"][1] == {**example["members"][1], **odd}  # nothing split, nothing renamed
    document.undo()
    assert document.data == example


# --- saving through a link, and over a read-only draft ------------------------------------------


@POSIX
def test_saving_through_a_symlink_updates_its_target_and_keeps_the_link(centre, example, tmp_path):
    real_folder = tmp_path / "共享盘"
    real_folder.mkdir()
    target = real_folder / "申报.ynform"
    save_draft(target, centre, {"cover": {"centre_name": "旧的名称"}})
    link = tmp_path / "桌面快捷方式.ynform"
    link.symlink_to(target)
    save_draft(link, centre, example)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert read_input(target).data == example  # the target is the new draft
    assert [p.name for p in real_folder.iterdir()] == ["申报.ynform"]  # written beside it, nothing left over
    assert sorted(p.name for p in tmp_path.iterdir()) == ["共享盘", "桌面快捷方式.ynform"]


def test_a_read_only_draft_is_not_overwritten(centre, example, tmp_path):
    path = tmp_path / "已报送.ynform"
    save_draft(path, centre, {"cover": {"centre_name": "已报送的名称"}})
    path.chmod(0o444)
    before = path.read_bytes()
    with pytest.raises(OSError) as refused:
        save_draft(path, centre, example)
    assert str(refused.value) == "文件“已报送.ynform”是只读的，没有保存，原有文件未被改动"
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["已报送.ynform"]


def _read_only_draft_changed(window, centre, example, tmp_path) -> tuple[Path, bytes]:
    """A draft marked read-only, opened in the wizard and changed: its path and its bytes before."""
    path = tmp_path / "已报送.ynform"
    save_draft(path, centre, example)
    path.chmod(0o444)
    before = path.read_bytes()
    assert window.open_path(path)
    window.wizard.document.set("/cover/centre_name", "改过的名称")
    return path, before


def test_the_wizard_refuses_a_read_only_draft_and_offers_save_as(window, clerk, centre, example, tmp_path):
    path, before = _read_only_draft_changed(window, centre, example, tmp_path)
    copy_path = tmp_path / "修改稿.ynform"
    clerk.answers = ["另存为…"]
    clerk.paths = [copy_path]
    assert window.save() is True
    asked = [text for kind, title, text in clerk.said if kind == "ask" and title == "草稿是只读的"]
    assert asked == ["文件“已报送.ynform”是只读的，没有保存，原有文件未被改动。\n可以另存为一个新的草稿文件。"]
    assert path.read_bytes() == before
    assert read_input(copy_path).data["cover"]["centre_name"] == "改过的名称" and window.path == copy_path
    window.wizard.document.set("/cover/centre_name", "又改了")  # saving the copy again: no question
    assert window.save() is True and len(clerk.questions()) == 1


def test_a_read_only_draft_left_as_it_is_when_the_clerk_cancels(window, clerk, centre, example, tmp_path):
    path, before = _read_only_draft_changed(window, centre, example, tmp_path)
    clerk.answers = ["取消"]
    assert window.save() is False
    assert path.read_bytes() == before and window.isWindowModified() and window.path == path


# --- a value longer than an Excel cell -----------------------------------------------------------

LONG = ("贵金属电子浆料、催化材料及高纯材料制备技术研究；" * 2000)[:40_000]


def test_a_value_over_an_excel_cell_is_cut_and_said_so(capsys, tmp_path, centre, example):
    folder = tmp_path / "收件"
    folder.mkdir()
    (folder / "申报1.json").write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
    example["summary"]["research_direction"] = LONG
    (folder / "申报2-很长.json").write_text(json.dumps(example, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "汇总.xlsx"
    code, stdout, err = run(capsys, "summary", centre.id, str(folder), "-o", str(out))
    assert code == 0 and stdout == f"{out}\n"
    ws = load_workbook(out).active
    assert ("警告：“申报2-很长.json”的“研发方向”有 40,000 个字符，超过 Excel 单元格最多能容纳的 32,767 个字符，"
            f"汇总表（“{ws.title}”工作表第 2 行）中只保留了前 32,767 个") in err.splitlines()
    assert ws["F6"].value == LONG[:32_767] and ws["F5"].value == centre.example()["summary"]["research_direction"]


@pytest.mark.slow
def test_the_summary_page_says_which_case_was_cut_on_its_own_sheet(window, qtbot, tmp_path):
    folder = tmp_path / "方阵"
    folder.mkdir()
    brand, case = get_form("consumer-brand").example(), get_form("digital-scenario").example()
    case["cover"]["contact"] = "张" * 33_000
    (folder / "1-品牌.json").write_text(json.dumps(brand, ensure_ascii=False), encoding="utf-8")
    (folder / "2-案例.json").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    from yn_forms.gui.summary_page import SummaryDialog

    window.open_summary()
    dialog = window.findChild(SummaryDialog)
    dialog.form_box.setCurrentIndex(dialog.form_box.findData("consumer-brand"))
    with qtbot.waitSignal(dialog.loaded, timeout=30_000):
        dialog.add_folder(folder)
    out = tmp_path / "方阵汇总.xlsx"
    with qtbot.waitSignal(dialog.generated, timeout=30_000):
        dialog.generate(out)
    assert ("以下 1 处内容超过 Excel 单元格的容量，汇总表中只保留了一部分：\n"
            "  “2-案例.json”的“联系人”有 33,000 个字符，超过 Excel 单元格最多能容纳的 32,767 个字符，"
            "汇总表（“数字三品典型案例”工作表第 1 行）中只保留了前 32,767 个") in dialog.last_result
    assert load_workbook(out)["数字三品典型案例"]["K5"].value == "张" * 32_767


@POSIX
def test_a_fifo_named_as_the_member_sheet_is_refused_at_once(centre, tmp_path):
    """The member list's Excel import reads through the same reader: openpyxl would wait on a pipe."""
    fifo = tmp_path / "成员单位.xlsx"
    os.mkfifo(fifo)
    script = ("from pathlib import Path; from yn_forms.forms import get_form; "
              "from yn_forms.core.member_sheet import SheetError, import_members_xlsx\n"
              f"try:\n    import_members_xlsx(get_form('innovation-centre'), '/members', Path({str(fifo)!r}))\n"
              "except SheetError as exc:\n    print(exc)")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8",
                          timeout=30, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert proc.stdout == "无法读取表格“成员单位.xlsx”：这不是普通文件（而是设备、管道或套接字）\n", proc.stderr[-300:]


@POSIX
def test_a_fifo_named_as_the_unit_library_sheet_is_refused_at_once(tmp_path):
    fifo = tmp_path / "单位.xlsx"
    os.mkfifo(fifo)
    script = ("from pathlib import Path; from yn_forms.core.units.sheet import read_xlsx\n"
              "from yn_forms.core.units.facts import UnitLibraryError\n"
              f"try:\n    read_xlsx(Path({str(fifo)!r}))\n"
              "except UnitLibraryError as exc:\n    print(exc)")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8",
                          timeout=30, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert proc.stdout == f"这不是普通文件（而是设备、管道或套接字）：{fifo}\n", proc.stderr[-300:]
