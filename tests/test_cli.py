"""The command line's contract (README › Command line): commands, exit codes, JSON problems, bad input."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from yn_forms.cli import main
from yn_forms.core.draft import save_draft
from yn_forms.forms import get_form


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_module_entry_point_lists_forms():
    proc = subprocess.run([sys.executable, "-m", "yn_forms", "list"], capture_output=True, text=True,
                          encoding="utf-8", check=False)
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[:2] == ["innovation-centre\t云南省制造业创新中心创建申报",
                         "innovation-consortium\t云南省创新联合体组建申请"]
    assert "consumer-brand\t云南消费名品申报" in lines


def test_schema_titles_are_official_labels(capsys):
    code, out, _ = run(capsys, "schema", "innovation-centre")
    schema = json.loads(out)
    assert code == 0
    cover = schema["$defs"]["Cover"]
    assert [p["title"] for p in cover["properties"].values()] == [
        "创新中心名称", "所属领域", "牵头单位", "负责人", "手机", "Email", "填报年月"]
    assert cover["required"] == list(cover["properties"])
    assert "有色及稀贵金属" in cover["properties"]["industry"]["x-options"]
    assert schema["$defs"]["BasicInfo"]["properties"]["research"]["x-max_words"] == 200


@pytest.mark.parametrize("form_id, documents", [
    ("innovation-centre", ["附件1-云南省制造业创新中心创建申报书.docx",
                           "附件2-云南省制造业创新中心建设方案计划书.docx"]),
    ("innovation-consortium", ["附件1-云南省创新联合体组建申请表.docx", "附件2-云南省创新联合体组建协议.docx",
                               "附件3-云南省创新联合体建设方案.docx"]),
    ("consumer-brand", ["附件1-云南消费名品申报书.docx"]),
    ("digital-scenario", ["附件2-云南“数字三品”应用场景典型案例申报书.docx"]),
])
def test_example_validates_and_fills(capsys, tmp_path, form_id, documents):
    code, out, _ = run(capsys, "example", form_id)
    assert code == 0
    data = tmp_path / "a.json"
    data.write_text(out, encoding="utf-8")
    assert run(capsys, "validate", form_id, str(data))[0] == 0
    code, out, _ = run(capsys, "fill", form_id, str(data), "-o", str(tmp_path / "out"))
    assert code == 0
    written = [Path(line) for line in out.splitlines()]
    assert [p.name for p in written] == documents
    assert all(p.stat().st_size > 10_000 for p in written)


def test_consortium_schema_and_a_bad_credit_code(capsys, tmp_path):
    schema = json.loads(run(capsys, "schema", "innovation-consortium")[1])
    unit = schema["$defs"]["Unit"]["properties"]
    assert unit["credit_code"]["title"] == "统一社会信用代码"
    assert schema["properties"]["goals"]["x-max_words"] == 500
    data = json.loads(run(capsys, "example", "innovation-consortium")[1])
    data["units"][1]["credit_code"] = "91530400MA6N2Q7L51"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "validate", "innovation-consortium", str(path), "--json")
    assert code == 1
    assert json.loads(out) == [{"path": "/units/1/credit_code", "title": "统一社会信用代码", "severity": "error",
                                "message": "统一社会信用代码校验位不正确，请核对营业执照",
                                "rule": "field.uscc_checksum"}]


def test_summary_of_a_form_without_one_writes_its_screening_alone(capsys, tmp_path):
    """004 has no 汇总表: the 推荐单位 gets the 初审 of the 创新联合体 it received, named after the form."""
    from openpyxl import load_workbook

    data = tmp_path / "c.json"
    data.write_text(run(capsys, "example", "innovation-consortium")[1], encoding="utf-8")
    code, out, err = run(capsys, "summary", "innovation-consortium", str(data), "-o", str(tmp_path) + "/")
    written = tmp_path / "云南省创新联合体组建申请初审表.xlsx"
    assert code == 0 and out.strip() == str(written)
    assert load_workbook(written).sheetnames == ["初审"]
    assert "初审：符合 1 份" in err


def test_validate_json_problem_format(capsys, example, write_json):
    example["cover"]["mobile"] = "1388888"
    example["basic"]["research"] = "字" * 10_000
    code, out, _ = run(capsys, "validate", "innovation-centre", str(write_json(example)), "--json")
    assert code == 1
    problems = json.loads(out)
    assert all(set(p) == {"path", "title", "severity", "message", "rule"} for p in problems)
    by_path = {p["path"]: p for p in problems}
    assert by_path["/cover/mobile"]["title"] == "手机"
    assert by_path["/cover/mobile"]["severity"] == "error"
    assert by_path["/basic/research"]["message"] == "超出字数限制：限200字，现为10000字"


def test_warnings_alone_exit_zero(capsys, example, write_json):
    example["enclosures"] = []  # the 证明材料 of 四(一)1 still to attach: to do, but the documents can be made
    code, out, _ = run(capsys, "validate", "innovation-centre", str(write_json(example)))
    assert code == 0
    assert "警告" in out and "创新中心独立法人资格证书复印件" in out


@pytest.mark.parametrize("content, fragment", [
    ('{"cover": {"centre_name": "x"', "文件已损坏或不完整"),
    ("", "文件是空的"),
    ("[1, 2]", "不是一份申报数据"),
    (b"\xfe\x00garbage\xff", "不是 UTF-8"),
    (b"\xff\xfe\x00garbage", "文件已损坏或不完整"),  # a UTF-16 byte order mark, then no JSON
])
def test_bad_files_exit_2_with_chinese_message(capsys, tmp_path, content, fragment):
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = path.read_bytes()
    code, _, err = run(capsys, "validate", "innovation-centre", str(path))
    assert code == 2 and fragment in err
    assert path.read_bytes() == before
    code, _, err = run(capsys, "fill", "innovation-centre", str(path), "-o", str(tmp_path / "o"))
    assert code == 2 and not (tmp_path / "o").exists()


def test_draft_of_another_form_is_refused(capsys, tmp_path, centre, example):
    path = tmp_path / "x.ynform"
    save_draft(path, centre, example)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["form"] = "innovation-consortium"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "validate", "innovation-centre", str(path))
    assert code == 2 and "innovation-consortium" in err


def test_a_draft_file_is_accepted_like_bare_json(capsys, tmp_path, centre, example):
    path = tmp_path / "a.ynform"
    save_draft(path, centre, example)
    assert run(capsys, "validate", "innovation-centre", str(path))[0] == 0


def test_unknown_form_and_usage(capsys, write_json, example):
    code, _, err = run(capsys, "validate", "no-such-form", str(write_json(example)))
    assert code == 2 and "innovation-centre" in err
    with pytest.raises(SystemExit) as exc:
        main(["fill", "innovation-centre"])
    assert exc.value.code == 2


def test_unknown_fields_are_kept_and_reported(capsys, tmp_path, centre, example):
    example["cover"]["slogan"] = "创新驱动"
    example["extra_section"] = {"a": 1}
    draft = tmp_path / "d.ynform"
    save_draft(draft, centre, example)
    before = draft.read_bytes()
    code, out, _ = run(capsys, "validate", "innovation-centre", str(draft), "--json")
    paths = {p["path"]: p for p in json.loads(out)}
    assert code == 0
    assert paths["/cover/slogan"]["severity"] == "warning" and "已原样保留" in paths["/cover/slogan"]["message"]
    assert "/extra_section" in paths
    assert run(capsys, "fill", "innovation-centre", str(draft), "-o", str(tmp_path / "o"))[0] == 0
    assert draft.read_bytes() == before


def test_fill_refuses_errors_unless_incomplete_allowed(capsys, tmp_path, example, write_json):
    example["basic"]["investment"] = "800"
    data = write_json(example)
    code, out, err = run(capsys, "fill", "innovation-centre", str(data), "-o", str(tmp_path / "out"))
    assert code == 1 and "全部组建资金（含研发设备）不少于1000万元" in err and out == ""
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    code, out, _ = run(capsys, "fill", "innovation-centre", str(data), "-o", str(tmp_path / "out"),
                       "--allow-incomplete")
    assert code == 0 and len(out.splitlines()) == 2


def test_output_folder_that_cannot_be_created(capsys, tmp_path, example, write_json):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "fill", "innovation-centre", str(write_json(example)), "-o", str(blocker / "sub"))
    assert code == 3 and "无法创建输出文件夹" in err


def _fill_once(capsys, tmp_path, data) -> list[Path]:
    code, out, _ = run(capsys, "fill", "innovation-centre", str(data), "-o", str(tmp_path / "out"))
    assert code == 0
    return [Path(p) for p in out.splitlines()]


def test_read_only_output_is_refused_and_left_alone(capsys, tmp_path, example, write_json):
    data = write_json(example)
    _first, second = _fill_once(capsys, tmp_path, data)
    before = second.read_bytes()
    second.chmod(0o444)
    example["cover"]["leader"] = "新负责人"
    code, _, err = run(capsys, "fill", "innovation-centre", str(write_json(example)), "-o", str(tmp_path / "out"))
    assert code == 3 and "只读" in err
    assert second.read_bytes() == before
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".yn-out-")]


def test_output_open_in_word_is_refused(capsys, tmp_path, example, write_json):
    data = write_json(example)
    first, _ = _fill_once(capsys, tmp_path, data)
    before = first.read_bytes()
    (first.parent / ("~$" + first.name[2:])).write_bytes(b"owner")  # Word's owner file
    code, _, err = run(capsys, "fill", "innovation-centre", str(data), "-o", str(tmp_path / "out"))
    assert code == 3 and "正被 Word 或 WPS 打开" in err
    assert first.read_bytes() == before


@pytest.mark.slow
def test_locked_file_on_replace_leaves_nothing_half_written(capsys, tmp_path, example, write_json, monkeypatch):
    """Windows refuses to replace a file another program holds; simulate that refusal."""
    data = write_json(example)
    first, second = _fill_once(capsys, tmp_path, data)
    snapshot = {p: p.read_bytes() for p in (first, second)}
    real_replace = os.replace

    def refuse(src, dst):  # Windows: a file held open can be neither replaced nor renamed
        if second in (Path(src), Path(dst)):
            raise PermissionError(13, "The process cannot access the file")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse)
    example["cover"]["leader"] = "另一人"
    code, _, err = run(capsys, "fill", "innovation-centre", str(write_json(example)), "-o", str(tmp_path / "out"))
    assert code == 3 and "占用" in err
    assert second.read_bytes() == snapshot[second]
    assert first.read_bytes() == snapshot[first]  # put back: never a new 附件1 beside an old 附件2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in snapshot)


def test_summary_command(capsys, tmp_path, example, write_json):
    a = write_json(example, "a.json")
    b = write_json(example, "b.json")
    out = tmp_path / "s.xlsx"
    code, stdout, _ = run(capsys, "summary", "innovation-centre", str(a), str(b), "-o", str(out),
                          "--department", "玉溪市工业和信息化局", "--filler", "李四 13888888888",
                          "--date", "2026-11-20")
    assert code == 0 and stdout.strip() == str(out)
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws["B5"].value == ws["B6"].value == example["cover"]["centre_name"]
    assert ws["A7"].value == "3" and ws["B7"].value is None  # the attachment's third numbered row, blank
    assert "2026年11月20日" in ws["A8"].value


def test_summary_skips_a_broken_file_and_says_so(capsys, tmp_path, example, write_json):
    good = write_json(example, "good.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"cover": ', encoding="utf-8")
    out = tmp_path / "s.xlsx"
    code, _, err = run(capsys, "summary", "innovation-centre", str(good), str(broken), "-o", str(out))
    assert code == 2 and "已跳过" in err and "broken.json" in err
    assert out.is_file()


def test_summary_of_a_folder_skips_the_broken_file_and_names_it(capsys, tmp_path, centre):
    """A department's folder: one row per usable application, in file-name order; exit 2 names the bad file."""
    from batch_helpers import CENTRE_NAMES, WITH_ERRORS_NAME, write_broken, write_good, write_with_errors
    from openpyxl import load_workbook

    folder = tmp_path / "收件箱"
    write_good(folder, centre)
    write_with_errors(folder, centre)
    broken = write_broken(folder, centre)
    out = tmp_path / "汇总.xlsx"
    code, stdout, err = run(capsys, "summary", "innovation-centre", str(folder), "-o", str(out),
                            "--department", "曲靖市工业和信息化局", "--filler", "张三 0874-3123456",
                            "--date", "2026-11-20")
    assert code == 2  # README: for summary, some files were skipped; the 汇总表 is written all the same
    assert stdout.strip() == str(out)
    assert "已跳过：文件已损坏或不完整" in err and str(broken) in err
    assert "申报7-未完成.ynform 有" in err and "仍列入汇总表" in err
    assert "共汇总 7 份申报（其中 1 份有错误），跳过 1 个文件" in err
    ws = load_workbook(out).active
    assert ws["A3"].value == "州市工业和信息化主管部门（盖章）：曲靖市工业和信息化局"
    assert ws["B4"].value == "创新中心名称"
    # 申报1, 2, 3, 5, 申报7-未完成, 8, 10: natural order of the file names, the broken 申报4 left out
    names = [CENTRE_NAMES[1], CENTRE_NAMES[2], CENTRE_NAMES[3], CENTRE_NAMES[5], WITH_ERRORS_NAME,
             CENTRE_NAMES[8], CENTRE_NAMES[10]]
    assert [ws.cell(5 + i, 1).value for i in range(len(names))] == [str(i + 1) for i in range(len(names))]
    assert [ws.cell(5 + i, 2).value for i in range(len(names))] == names
    assert ws.cell(5 + len(names), 1).value == "填表人及联系电话：张三 0874-3123456        填表日期：2026年11月20日"
    assert ws.max_row == 5 + len(names)


def test_summary_of_only_unusable_files_writes_nothing(capsys, tmp_path, centre):
    from batch_helpers import write_broken

    broken = write_broken(tmp_path, centre)
    out = tmp_path / "汇总.xlsx"
    code, _, err = run(capsys, "summary", "innovation-centre", str(broken), str(tmp_path / "空"), "-o", str(out))
    assert code == 2 and "没有可汇总的申报数据" in err and broken.name in err
    assert not out.exists()


def test_summary_into_an_unwritable_place_exits_3(capsys, tmp_path, example, write_json):
    taken = tmp_path / "汇总.xlsx"
    taken.mkdir()  # as good as a file another program holds: the name cannot be written
    code, _, err = run(capsys, "summary", "innovation-centre", str(write_json(example)), "-o", str(taken))
    assert code == 3 and "被一个文件夹占用" in err
    assert list(taken.iterdir()) == [] and not list(tmp_path.glob(".yn-out-*"))


@pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter")
def test_outputs_are_readable_by_colleagues_like_any_new_file(capsys, tmp_path, example, write_json):
    old = os.umask(0o022)
    try:
        code, out, _ = run(capsys, "fill", "innovation-centre", str(write_json(example)), "-o", str(tmp_path / "out"))
    finally:
        os.umask(old)
    assert code == 0
    for line in out.splitlines():
        assert oct(Path(line).stat().st_mode & 0o777) == oct(0o644)


# --- the command line as a clerk meets it -----------------------------------------------------------


def test_usage_errors_are_chinese_with_the_command_usage(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["validate", "innovation-centre"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：yn-forms validate") and "错误：缺少必需的参数：FILE" in err
    assert "usage" not in err and "required" not in err
    with pytest.raises(SystemExit):
        main(["valdate"])
    err = capsys.readouterr().err
    assert "错误：参数 命令：没有“valdate”，可选：gui、list、schema" in err and "invalid choice" not in err
    with pytest.raises(SystemExit):
        main(["list", "--zz"])
    assert "错误：无法识别的参数：--zz" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["fill", "--help"])
    help_text = capsys.readouterr().out
    assert exited.value.code == 0 and help_text.startswith("用法：yn-forms fill")
    assert "参数：" in help_text and "选项：" in help_text and "显示帮助并退出" in help_text
    assert "show this help" not in help_text and "positional arguments" not in help_text


def test_version(capsys):
    from yn_forms import __version__

    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0 and capsys.readouterr().out.strip() == f"yn-forms {__version__}"


def test_another_forms_bare_json_is_named_not_judged_empty(capsys, tmp_path):
    code, out, _ = run(capsys, "example", "digital-scenario")
    data = tmp_path / "case.json"
    data.write_text(out, encoding="utf-8")
    code, out, err = run(capsys, "validate", "innovation-centre", str(data))
    assert code == 2 and out == ""
    assert "是“云南“数字三品”应用场景典型案例申报”的申报数据，不是“云南省制造业创新中心创建申报”的" in err
    assert "yn-forms validate digital-scenario" in err
    code, _, err = run(capsys, "fill", "innovation-centre", str(data), "-o", str(tmp_path / "out"))
    assert code == 2 and not (tmp_path / "out").exists()
    assert f"yn-forms fill digital-scenario {data} …" in err  # the command that was typed, not validate


def test_a_summary_made_again_says_it_replaced_the_old_one_and_takes_a_paper_date(capsys, tmp_path, example,
                                                                                  write_json):
    a = write_json(example, "a.json")
    out = tmp_path / "汇总.xlsx"
    code, _, err = run(capsys, "summary", "innovation-centre", str(a), "-o", str(out), "--date", "2026年12月7日")
    assert code == 0 and "已替换" not in err
    code, _, err = run(capsys, "summary", "innovation-centre", str(a), "-o", str(out), "--date", "2026.12.7")
    assert code == 0 and "提示：已替换原有的 汇总.xlsx" in err
    with pytest.raises(SystemExit) as refused:
        main(["summary", "innovation-centre", str(a), "-o", str(out), "--date", "12月7日"])
    assert refused.value.code == 2 and "日期应写作 2026年12月7日" in capsys.readouterr().err


def test_a_docx_renamed_to_doc_is_read_as_what_it_is(capsys, tmp_path, example, write_json):
    docs = tmp_path / "docs"
    run(capsys, "fill", "innovation-centre", str(write_json(example)), "-o", str(docs))
    renamed = tmp_path / "附件1.doc"
    renamed.write_bytes(next(docs.glob("附件1*.docx")).read_bytes())
    code, _, err = run(capsys, "import", "innovation-centre", str(renamed), "-o", str(tmp_path / "d.ynform"))
    assert (tmp_path / "d.ynform").is_file() and "不是有效的 .doc" not in err and code in (0, 1)


def test_summary_into_a_folder_or_a_name_without_xlsx(capsys, tmp_path, example, write_json):
    a = write_json(example, "a.json")
    folder = tmp_path / "sumdir"
    folder.mkdir()
    code, out, _ = run(capsys, "summary", "innovation-centre", str(a), "-o", str(folder) + "/")
    written = folder / "附件3-云南省制造业创新中心创建申报汇总表.xlsx"
    assert code == 0 and out.strip() == str(written) and written.is_file()
    code, out, _ = run(capsys, "summary", "innovation-centre", str(a), "-o", str(folder))
    assert code == 0 and out.strip() == str(written)  # an existing folder, even without the slash
    code, out, _ = run(capsys, "summary", "innovation-centre", str(a), "-o", str(tmp_path / "二〇二六年汇总"))
    assert code == 0 and out.strip() == str(tmp_path / "二〇二六年汇总.xlsx")
    code, _, err = run(capsys, "summary", "innovation-centre", str(a), "-o", str(tmp_path / "missing") + "/")
    assert code == 3 and "输出文件夹不存在" in err


@pytest.mark.slow
def test_a_screenshot_that_cannot_be_written_says_why(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "yn_forms", "gui", "--form", "innovation-centre", "--screenshot",
                           str(tmp_path / "no-such-folder" / "s.png")], capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 3
    assert "无法写入截图" in proc.stderr and "文件夹不存在" in proc.stderr


def test_example_to_a_file_is_utf8_json_and_opens(capsys, tmp_path):
    code, out, _ = run(capsys, "example", "consumer-brand", "-o", str(tmp_path / "示例"))
    written = tmp_path / "示例.json"
    assert code == 0 and out.strip() == str(written)
    data = json.loads(written.read_bytes().decode("utf-8"))  # UTF-8 whatever the console's encoding
    assert data == get_form("consumer-brand").example()
    assert run(capsys, "validate", "consumer-brand", str(written))[0] == 0
    taken = tmp_path / "占用.json"
    taken.mkdir()  # a folder where the file should go: refused with a reason, exit 3
    code, _, err = run(capsys, "example", "consumer-brand", "-o", str(taken))
    assert code == 3 and "文件夹" in err


def test_json_written_by_powershell_redirection_is_read(capsys, tmp_path):
    """``yn-forms example ID > a.json`` in Windows PowerShell 5 writes UTF-16 with a byte order mark."""
    path = tmp_path / "a.json"
    text = json.dumps(get_form("consumer-brand").example(), ensure_ascii=False, indent=2)
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert run(capsys, "validate", "consumer-brand", str(path))[0] == 0
    path.write_bytes(b"\xff\xfe" + b"\x00\xd8")  # a BOM, then a lone surrogate: refused, not a crash
    code, _, err = run(capsys, "validate", "consumer-brand", str(path))
    assert code == 2 and "无法读取" in err


def test_summary_of_the_fangzhen_lists_digital_cases_on_their_own_sheet(capsys, tmp_path):
    """The notice sends one 云南消费名品方阵推荐汇总表 for the whole 方阵: `summary consumer-brand`
    takes 数字三品 cases too — a draft of that form and a bare JSON of it — each on the cases'
    own sheet with their own columns; another form's file is still skipped and named."""
    from openpyxl import load_workbook

    folder = tmp_path / "收到的申报"
    folder.mkdir()
    brand = json.loads(run(capsys, "example", "consumer-brand")[1])
    case = json.loads(run(capsys, "example", "digital-scenario")[1])
    (folder / "1-滇七.json").write_text(json.dumps(brand, ensure_ascii=False), encoding="utf-8")
    (folder / "2-普洱茶.json").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    second = dict(case, cover=dict(case["cover"], case_name="鲜花饼个性化定制"))
    save_draft(folder / "3-鲜花饼.ynform", get_form("digital-scenario"), second)
    (folder / "4-创新中心.json").write_text(run(capsys, "example", "innovation-centre")[1], encoding="utf-8")
    out = tmp_path / "方阵.xlsx"
    code, stdout, err = run(capsys, "summary", "consumer-brand", str(folder), "-o", str(out))
    assert code == 2 and stdout.strip() == str(out)  # written; exit 2 names the skipped file
    assert "4-创新中心.json" in err and "2 份“云南“数字三品”应用场景典型案例申报”列在“数字三品典型案例”工作表" in err
    wb = load_workbook(out)
    brands, cases = wb["云南消费名品"], wb["数字三品典型案例"]
    assert [c.value for c in brands[5]][:4] == ["1", "文山壮族苗族自治州", "企业品牌", "滇七"]
    assert brands["B6"].value is None  # one brand; the rest of the attachment's numbered rows are blank
    # the official columns, then where each row came from, outside the print area
    assert [c.value for c in cases[4]] == ["序号", "州（市）", "案例名称", "申报主体", "统一社会信用代码",
                                           "申报主体类型", "联合申报单位", "重点行业", "应用场景方向", "三品方向",
                                           "联系人", "联系电话", "来源（不打印）"]
    assert [c.value for c in cases[5]] == ["1", "普洱市", case["cover"]["case_name"], case["applicant"]["name"],
                                           case["applicant"]["credit_code"], "消费品企业", "云南云岭数链科技有限公司",
                                           "特色食品", "面向透明消费的质量追溯管理", "提品质、创品牌",
                                           case["cover"]["contact"], case["cover"]["phone"], "2-普洱茶.json"]
    assert cases.print_area == "'数字三品典型案例'!$A$1:$L$8"
    assert cases["A6"].value == "2" and cases["C6"].value == "鲜花饼个性化定制"
    assert cases["A8"].value.startswith("填表人及联系电话")


def test_summary_of_digital_cases_alone_points_to_the_fangzhen(capsys, tmp_path):
    data = tmp_path / "c.json"
    data.write_text(run(capsys, "example", "digital-scenario")[1], encoding="utf-8")
    code, _, err = run(capsys, "summary", "digital-scenario", str(data), "-o", str(tmp_path / "s.xlsx"))
    assert code == 2 and "yn-forms summary consumer-brand" in err and "数字三品典型案例" in err


def test_list_prints_the_forms_without_building_them():
    """`yn-forms list` answers from the catalogue: the names of the registered forms, in order,
    with neither pydantic nor the check libraries imported (they were 90% of its time)."""
    from yn_forms.catalog import CATALOG
    from yn_forms.forms import FORMS

    assert [(e.id, e.name, e.department, e.description) for e in CATALOG] == [
        (f.id, f.name, f.department, f.description) for f in FORMS.values()]
    probe = ("import sys\nfrom yn_forms.cli import main\nmain(['list'])\n"
             "heavy = [m for m in ('pydantic', 'stdnum', 'phonenumbers', 'email_validator', 'openpyxl', 'docx')"
             " if m in sys.modules]\nprint('HEAVY', heavy)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[:-1] == [f"{f.id}\t{f.name}" for f in FORMS.values()]
    assert lines[-1] == "HEAVY []"
