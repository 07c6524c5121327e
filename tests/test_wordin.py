"""Filled Word attachments read back into a draft (``yn-forms import``): the round trip and the command.

Round trip: for every form, the documents the app fills — from the example and from random data
(texts, answers, amounts, dates, options, lists shuffled and shortened; every value valid for its
field, though the notice's rules across fields may object: they do not change what is printed) —
read back to the same value in every printed field. Not compared, because no Word
attachment prints them (derived from the template contract, ``wordin_helpers.unprinted``): the
汇总表's own column (创新中心 研发方向) and the checklists marked ``printed=False``; fields of a
section that does not apply (``shown_when``: a 区域品牌's table when 企业品牌 is chosen).
Values are compared as paper carries them: a text by its paragraphs, an amount by its number,
check boxes as a set (printed in the options' order).
"""

from __future__ import annotations

import copy
import json
import os
import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wordin_helpers import differences, unprinted

from yn_forms.cli import main
from yn_forms.core.datapath import get_at, set_at
from yn_forms.core.fields import field_options, scalar_type
from yn_forms.core.formdef import node_at
from yn_forms.core.kinds import kind_of
from yn_forms.core.validation import lenient_model
from yn_forms.forms import FORMS, get_form
from yn_forms.render.documents import fill_documents
from yn_forms.render.wordin.importer import import_documents

ROUND_TRIP = settings(max_examples=8, deadline=None, derandomize=True,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# what a clerk types: Chinese, Latin, digits and the punctuation of Chinese prose
LETTERS = [*"云南省昆明市稀贵金属材料研发中心有限公司技术标准ABCxyz0123456789，。、；（）-《》 ",
           # and what a clerk pastes: template and markup syntax, emoji, Extension B, RTL marks, tabs
           "{{", "}}", "{%", "&", "<", ">", "😀", "𠀀", "\u200f", "\t", "　", "□", "☑"]
WORDS = st.lists(st.sampled_from(LETTERS), min_size=1, max_size=24).map("".join).filter(lambda s: s.strip())
ANSWER = st.lists(WORDS, min_size=1, max_size=3).map("\n".join)


def _leaves(data, parts=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, (*parts, k))
    elif isinstance(data, list) and data and isinstance(data[0], dict):
        for i, v in enumerate(data):
            yield from _leaves(v, (*parts, i))
    else:
        yield "".join(f"/{p}" for p in parts)


def _round_trip(form, data, folder: Path):
    paths = fill_documents(form, data, folder)
    return import_documents(form, paths, FORMS)


@pytest.mark.slow
@pytest.mark.parametrize("form_id", list(FORMS))
def test_the_example_reads_back_field_for_field(form_id, tmp_path):
    form = get_form(form_id)
    example = form.example()
    result = _round_trip(form, example, tmp_path)
    assert differences(form, example, result.data) == []
    assert result.unread == []
    assert [title for _, title in result.read] == [d.title for d in form.documents]


def test_a_regional_brand_reads_back_into_its_own_section(tmp_path):
    from brand_examples import region_example

    form = get_form("consumer-brand")
    data = region_example()
    result = _round_trip(form, data, tmp_path)
    assert differences(form, data, result.data) == [] and result.unread == []
    # the cover's 品牌名称 and 申报单位 print the region's when 区域品牌 is ticked: read back there
    assert result.data["region"]["brand_name"] == "宣威火腿" and result.data["brand"]["name"] == ""
    assert result.data["enterprise"]["name"] == ""


def test_what_is_not_compared_is_what_no_attachment_prints():
    assert unprinted(get_form("innovation-centre")) == {"summary.research_direction", "enclosures"}
    assert unprinted(get_form("consumer-brand")) == {"enclosures"}  # every form's 证明材料: bound, not printed


@pytest.mark.slow
@pytest.mark.parametrize("form_id", list(FORMS))
@ROUND_TRIP
@given(data=st.data())
def test_random_valid_data_reads_back(form_id, data, tmp_path_factory):
    form = get_form(form_id)
    application = copy.deepcopy(form.example())
    rng = random.Random(data.draw(st.integers(0, 10**6), label="seed"))
    for list_pointer in ("/members", "/team", "/platforms", "/units", "/case/figures"):
        items = get_at(application, list_pointer)
        if isinstance(items, list) and len(items) > 1 and data.draw(st.booleans(), label=f"shuffle {list_pointer}"):
            rng.shuffle(items)
            if list_pointer == "/members":  # fewer units: the notice asks for 3 at least
                del items[rng.randint(min(3, len(items)), len(items)):]
    for ptr in list(_leaves(application)):
        node = node_at(form.model, ptr)
        if node is None or not data.draw(st.booleans(), label=ptr):
            continue
        kind, base, value = kind_of(node.info).name, scalar_type(node.annotation), get_at(application, ptr)
        if kind == "multi" and node.meta.get("required") is False:  # a required one has the notice's rules
            options = [o for o in field_options(node.info) if not o.startswith("其")]  # 其他 asks for its text
            set_at(application, ptr, sorted(rng.sample(options, rng.randint(0, len(options))), key=options.index))
        elif kind == "choice" and value:
            options = [o for o in field_options(node.info) if not o.startswith("其")]
            set_at(application, ptr, rng.choice(options))
        elif kind == "date" and value:
            set_at(application, ptr, f"{rng.randint(1990, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        elif base is Decimal and value is not None:
            top = 10**4 if node.meta.get("unit") == "%" else 10**9
            set_at(application, ptr, f"{Decimal(rng.randint(0, top)) / 100:.2f}")
        elif (node.annotation is str and not node.info.metadata and isinstance(value, str) and value
              and kind == "line" and not node.meta.get("same_as") and not node.meta.get("options")):
            set_at(application, ptr, "甲" + data.draw(WORDS, label=ptr).strip())
        elif kind == "text" and isinstance(value, str) and value:
            set_at(application, ptr, "乙" + data.draw(ANSWER, label=ptr).strip())
    if lenient_model(form, application)[1]:
        # a value that is not of its field's type prints as typed and reads back as typed; the property is
        # about values of the right types (the notice's rules across fields do not change what prints)
        return
    result = _round_trip(form, application, tmp_path_factory.mktemp("rt"))
    assert differences(form, application, result.data) == []


# --- the command ------------------------------------------------------------------------------


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def centre_docs(tmp_path_factory) -> list[Path]:
    form = get_form("innovation-centre")
    return fill_documents(form, form.example(), tmp_path_factory.mktemp("centre"))


def test_import_writes_a_draft_of_what_the_documents_say(capsys, tmp_path, centre_docs):
    out = tmp_path / "导入"
    code, stdout, stderr = run(capsys, "import", "innovation-centre", *map(str, centre_docs), "-o", str(out))
    draft = json.loads((tmp_path / "导入.ynform").read_text(encoding="utf-8"))
    assert draft["form"] == "innovation-centre" and draft["format"] == "yn-forms/draft"
    assert draft["data"]["cover"]["centre_name"] == "云南省稀贵金属新材料制造业创新中心"
    assert len(draft["data"]["members"]) == len(get_form("innovation-centre").example()["members"])
    assert stdout.strip() == str(tmp_path / "导入.ynform")
    assert "已读取：" in stderr and "（云南省制造业创新中心建设方案计划书）" in stderr
    # 研发方向 is asked by the 汇总表 only: the draft has an error, as ``validate`` would say (exit 1)
    assert code == 1 and "研发方向：请填写研发方向" in stderr


def test_import_keeps_a_wrong_credit_code_and_flags_it(capsys, tmp_path):
    form = get_form("digital-scenario")
    data = form.example()
    data["applicant"]["credit_code"] = "91530100MA6K0ABC12"  # check digit wrong
    docs = fill_documents(form, data, tmp_path / "docs")
    code, _, stderr = run(capsys, "import", "digital-scenario", *map(str, docs), "-o", str(tmp_path / "d.ynform"))
    draft = json.loads((tmp_path / "d.ynform").read_text(encoding="utf-8"))
    assert draft["data"]["applicant"]["credit_code"] == "91530100MA6K0ABC12"
    assert code == 1 and "/applicant/credit_code" in stderr and "统一社会信用代码" in stderr


def test_a_superscript_digit_in_a_number_cell_is_kept_as_typed_and_flagged(capsys, tmp_path, centre_docs):
    """"³" is a digit to str.isdigit() and not to int(): it once ended the import in a traceback."""
    from docx import Document

    staff = str(get_form("innovation-centre").example()["lead"]["staff_total"])
    doc = Document(str(centre_docs[0]))
    cells = [c for t in doc.tables for r in t.rows for c in r.cells if c.text.strip() == staff]
    assert cells, "the example's 员工总人数 is printed in a cell"
    cells[0].paragraphs[0].runs[0].text = "³"
    doc.save(str(tmp_path / "附件1.docx"))
    code, _, stderr = run(capsys, "import", "innovation-centre", str(tmp_path / "附件1.docx"),
                          "-o", str(tmp_path / "d.ynform"))
    draft = json.loads((tmp_path / "d.ynform").read_text(encoding="utf-8"))
    assert draft["data"]["lead"]["staff_total"] == "³"
    assert code == 1 and "员工总人数：应填写整数" in stderr and "Traceback" not in stderr


def test_import_lists_what_it_could_not_find_and_leaves_it_empty(capsys, tmp_path, centre_docs):
    from docx import Document

    doc = Document(str(centre_docs[0]))
    basic = doc.tables[1]
    row = next(r for r in basic.rows if r.cells[0].text == "中心通讯地址")
    row._tr.getparent().remove(row._tr)  # the clerk deleted the row of 中心通讯地址, 邮编 and 传真
    changed = tmp_path / "附件1.docx"
    doc.save(str(changed))
    code, _, stderr = run(capsys, "import", "innovation-centre", str(changed), "-o", str(tmp_path / "d.ynform"))
    draft = json.loads((tmp_path / "d.ynform").read_text(encoding="utf-8"))
    assert "以下 3 处在文件中没有找到，已留空" in stderr
    assert "传真\t/basic/fax" in stderr and "中心通讯地址\t/basic/address" in stderr
    assert draft["data"]["basic"]["fax"] == "" and draft["data"]["basic"]["address"] == ""
    assert draft["data"]["basic"]["participants"] == []  # the 参与单位 rows stop where they did (same as 表3)
    assert code == 1


def test_import_does_not_overwrite_an_existing_file(capsys, tmp_path, centre_docs):
    existing = tmp_path / "d.ynform"
    existing.write_text("mine", encoding="utf-8")
    code, _, stderr = run(capsys, "import", "innovation-centre", str(centre_docs[0]), "-o", str(existing))
    assert code == 2 and "已存在，未覆盖" in stderr
    assert existing.read_text(encoding="utf-8") == "mine"


# --- files that cannot be imported: a clear message, exit 2, nothing written ------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "wordin"


def _refused(capsys, tmp_path, form_id: str, *files: Path) -> str:
    out = tmp_path / "d.ynform"
    code, stdout, stderr = run(capsys, "import", form_id, *map(str, files), "-o", str(out))
    assert code == 2
    assert not out.exists() and stdout == ""
    assert "Traceback" not in stderr and "未写出草稿" in stderr
    return stderr


def test_a_file_that_is_not_word_is_refused(capsys, tmp_path, centre_docs):
    sheet = tmp_path / "汇总表.xlsx"
    sheet.write_bytes(centre_docs[0].read_bytes())
    assert "“汇总表.xlsx”不是 Word 文件（.docx）" in _refused(capsys, tmp_path, "innovation-centre", sheet)


def test_an_old_doc_is_refused_with_save_as_docx(capsys, tmp_path):
    # 旧版附件1.doc: the generated 附件1 saved as Word 97–2003 by LibreOffice 7.4
    err = _refused(capsys, tmp_path, "innovation-centre", FIXTURES / "旧版附件1.doc")
    assert "旧版 Word 文件（.doc）" in err and "请先在 Word/WPS 中另存为 .docx 再导入" in err
    renamed = tmp_path / "改了扩展名.docx"  # a .doc renamed .docx is still a .doc
    renamed.write_bytes((FIXTURES / "旧版附件1.doc").read_bytes())
    assert "另存为 .docx" in _refused(capsys, tmp_path, "innovation-centre", renamed)


def test_a_password_protected_file_is_refused(capsys, tmp_path):
    # 设有密码的附件1.docx: the generated 附件1 encrypted (ECMA-376 agile, password “yn-forms”) by msoffcrypto-tool
    err = _refused(capsys, tmp_path, "innovation-centre", FIXTURES / "设有密码的附件1.docx")
    assert "“设有密码的附件1.docx”设有打开密码，无法读取" in err and "取消密码" in err


def test_a_damaged_file_is_refused(capsys, tmp_path, centre_docs):
    broken = tmp_path / "传输中断.docx"
    broken.write_bytes(centre_docs[0].read_bytes()[:5000])
    assert "“传输中断.docx”已损坏" in _refused(capsys, tmp_path, "innovation-centre", broken)


def test_another_forms_attachment_is_named(capsys, tmp_path):
    form = get_form("consumer-brand")
    docs = fill_documents(form, form.example(), tmp_path / "brand")
    err = _refused(capsys, tmp_path, "innovation-centre", *docs)
    assert "是“云南消费名品申报”的附件（云南消费名品申报书），不是“云南省制造业创新中心创建申报”的" in err
    assert "yn-forms import consumer-brand" in err


def test_a_good_file_with_a_bad_one_writes_nothing(capsys, tmp_path, centre_docs):
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"not a zip at all")
    _refused(capsys, tmp_path, "innovation-centre", centre_docs[0], broken)


def test_an_unfilled_attachment_is_refused(capsys, tmp_path):
    form = get_form("innovation-centre")
    blank = fill_documents(form, form.model().model_dump(mode="json"), tmp_path / "blank")
    err = _refused(capsys, tmp_path, "innovation-centre", blank[0])
    assert "中没有填写任何内容" in err


def test_the_template_itself_is_refused(capsys, tmp_path):
    from yn_forms.paths import builtin_templates_dir

    template = builtin_templates_dir() / "innovation-centre" / "附件1-云南省制造业创新中心创建申报书.docx"
    assert "是模板文件" in _refused(capsys, tmp_path, "innovation-centre", template)


def test_a_missing_file_is_refused(capsys, tmp_path):
    assert "找不到文件" in _refused(capsys, tmp_path, "innovation-centre", tmp_path / "没有.docx")


# --- attachments filled by hand in Word (tests/handfilled.py) -----------------------------------


def _same(found, wanted) -> bool:
    if isinstance(wanted, list) and wanted and all(isinstance(w, str) for w in wanted):
        return isinstance(found, list) and sorted(found) == sorted(wanted)
    if isinstance(found, str) and isinstance(wanted, str):
        return found.strip() == wanted.strip()
    return found == wanted


@pytest.mark.slow
@pytest.mark.parametrize("form_id", list(FORMS))
def test_a_hand_filled_attachment_reads_back(form_id, tmp_path):
    from handfilled import BUILDERS

    from yn_forms.core.links import resolve

    form = get_form(form_id)
    files, expected = BUILDERS[form_id](tmp_path)
    result = import_documents(form, files, FORMS)
    effective = resolve(form, result.data).data
    wrong = {ptr: (get_at(effective, ptr), value) for ptr, value in expected.items()
             if not _same(get_at(effective, ptr), value)}
    ratio = 1 - len(wrong) / len(expected)
    unread = {u.pointer for u in result.unread}
    assert ratio >= 0.95, (ratio, wrong)
    # what was not read is listed, not guessed
    assert all(ptr in unread or get_at(effective, ptr) in ("", None, []) for ptr in wrong), (wrong, unread)
    # nothing invented: every text in the draft is one the document holds
    written = {str(v).strip() for v in expected.values() if not isinstance(v, list)}
    written |= {str(x) for v in expected.values() if isinstance(v, list) for x in v}
    texts = [t for t in _texts(result.data) if t.strip()]
    assert texts and all(t.strip() in written for t in texts), [t for t in texts if t.strip() not in written]


def _texts(data):
    if isinstance(data, dict):
        return [t for v in data.values() for t in _texts(v)]
    if isinstance(data, list):
        return [t for v in data for t in _texts(v)]
    return [data] if isinstance(data, str) else []


def test_a_file_unpacking_to_hundreds_of_megabytes_is_refused_unread(capsys, tmp_path, centre_docs):
    import zipfile

    bomb = tmp_path / "超大.docx"
    with zipfile.ZipFile(centre_docs[0]) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":  # 65 MB of spaces inside the body: 64 KB on disk
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * (65 << 20), 1)
            out.writestr(item, data)
    assert bomb.stat().st_size < 1 << 20
    assert "解压后过大" in _refused(capsys, tmp_path, "innovation-centre", bomb)


def test_a_broken_replacement_template_is_named(capsys, tmp_path, centre_docs, user_data_home):
    folder = user_data_home / "yn-forms" / "templates" / "innovation-centre"
    folder.mkdir(parents=True)
    (folder / "附件1-云南省制造业创新中心创建申报书.docx").write_bytes(b"not a docx")
    err = _refused(capsys, tmp_path, "innovation-centre", centre_docs[0])
    assert "用户模板" in err and "附件1-云南省制造业创新中心创建申报书.docx”无法读取" in err


def test_a_cover_typed_as_lines_on_its_underlines_is_read(tmp_path):
    from handfilled import digital_scenario

    form = get_form("digital-scenario")
    files, _ = digital_scenario(tmp_path)  # its cover is typed as “联 系 人：段云” lines, not a table
    result = import_documents(form, files, FORMS)
    assert result.data["cover"]["fill_date"] == "2025-07-10"
    assert not [u for u in result.unread if u.pointer.startswith("/cover/")]


@pytest.mark.slow
def test_a_whole_application_saved_as_one_file_reads_as_its_attachments(tmp_path, centre_docs, example):
    from docx import Document

    whole = Document(str(centre_docs[0]))
    body = whole.element.body
    for child in list(Document(str(centre_docs[1])).element.body.iterchildren()):
        if not child.tag.endswith("}sectPr"):
            body.append(child)  # 附件2 pasted after 附件1, as a clerk sends one file
    merged = tmp_path / "申报材料（合并）.docx"
    whole.save(str(merged))
    form = get_form("innovation-centre")
    result = import_documents(form, [merged], FORMS)
    assert [title for _, title in result.read] == [d.title for d in form.documents]
    assert differences(form, example, result.data) == [] and result.unread == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_named_as_a_docx_is_refused_not_waited_on(capsys, tmp_path):
    pipe = tmp_path / "附件1.docx"
    os.mkfifo(pipe)
    assert "不是普通文件" in _refused(capsys, tmp_path, "innovation-centre", pipe)
