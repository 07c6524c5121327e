"""Fit before print: values wider than their single-line cell, empty pages, stray blank rows."""

from __future__ import annotations

import copy
import shutil

import pytest
from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from fit_helpers import empty_pages, is_blank_page_text, label_breaks, layout_problems, text_width_em

from yn_forms.cli import main
from yn_forms.forms import FORMS, get_form
from yn_forms.render.documents import fill_documents, produce
from yn_forms.render.fit import RULE, fit_problems
from yn_forms.render.measure import CM_PER_PT, wrap_lines
from yn_forms.render.pdf import convert_to_pdf

FORTY = "云南省滇中新区高原特色农产品精深加工与冷链物流产业技术研究院集团股份有限公司昆明"  # 40 字

def by_path(problems):
    return {p.path: p for p in problems}


# --- measuring ------------------------------------------------------------------------------


def text_width_cm(text: str, size_pt: float) -> float:
    """Width of *text* printed at *size_pt* points, in centimetres (the fit check measures in em)."""
    return text_width_em(text) * size_pt * CM_PER_PT


def test_width_counts_cjk_as_one_em_and_ascii_as_about_half():
    assert text_width_em("云南省") == 3
    assert text_width_em("１２３") == 3  # full-width digits typed with a Chinese IME
    assert text_width_em("“一物一码”、——") == 9  # punctuation a Chinese font sets full width
    assert text_width_em("13888888888") == pytest.approx(5.5)
    assert text_width_em("ABC") > text_width_em("abc") > text_width_em("a.b")
    assert text_width_em("a b") == pytest.approx(1.25)
    # 10 CJK characters at 五号 (10.5 pt) are 3.7 cm; an 11-digit mobile about 2 cm
    assert text_width_cm("云" * 10, 10.5) == pytest.approx(3.70, abs=0.01)
    assert 1.9 < text_width_cm("13888888888", 10.5) < 2.2


# --- fit of values in fixed cells ----------------------------------------------------------------


def test_long_phone_in_a_fixed_cell_is_warned_with_pointer_and_title(centre, example):
    example["lead"]["head_phone"] = "0871-67451001-8888/13888812345"  # as typed, before it is checked
    problems = by_path(fit_problems(centre, example))
    found = problems["/lead/head_phone"]
    assert found.severity == "warning" and found.rule == RULE == "print.fit"
    assert found.title == "电话（企业负责人）"
    assert found.message.startswith("打印时可能超出表格宽度：约需 ")
    assert "厘米，格内只有 3.0 厘米（将自动换行或被截断），请缩写或在Word中调整。" in found.message


def test_forty_character_unit_name_on_the_cover_is_set_on_its_line_and_a_longer_one_is_warned(
        centre, example, tmp_path):
    """The cover keeps its one page: a 40-character 牵头单位 is set smaller, on two lines within its
    line's 40-pt pitch; one that does not fit even so is a warning before printing."""
    example["cover"]["lead_unit"] = FORTY
    assert "/cover/lead_unit" not in by_path(fit_problems(centre, example))
    document = fill_documents(centre, example, tmp_path)[0]
    cover = Document(str(document)).tables[0]
    value = next(p for row in cover.rows for p in row.cells[2].paragraphs if p.text == FORTY)
    sizes = {run.font.size.pt for run in value.runs}
    assert sizes and max(sizes) < 16 and max(sizes) >= 10.5
    assert value.paragraph_format.line_spacing.pt == 20
    example["cover"]["lead_unit"] = FORTY * 2
    found = by_path(fit_problems(centre, example))["/cover/lead_unit"]
    assert found.title == "牵头单位" and found.rule == RULE
    assert found.message.startswith("封面这一行放不下") and "第二页" in found.message


def test_a_value_left_with_one_character_is_set_or_warned(centre, example, tmp_path):
    """A value whose last line in its cell would hold one character is condensed a little or set
    one step smaller (never below 小五); where that is not enough, the clerk is asked to shorten it."""
    example["members"][0]["contact_post"] = "技术中心副主任"  # seven characters: condensed onto two lines
    assert "/members/0/contact_post" not in by_path(fit_problems(centre, example))
    # 31 characters in a cell of five a line (six at 小五, condensed or not): nothing within the limits helps
    example["members"][0]["contact_post"] = ("技术中心常务副主任兼总工程师" * 3)[:31]
    found = by_path(fit_problems(centre, example))["/members/0/contact_post"]
    assert found.title == "职务" and found.rule == RULE
    assert found.message.startswith("打印时最后一行只剩“") and "不小于小五号" in found.message


def test_an_email_a_little_wider_than_its_cell_is_set_whole_and_a_much_wider_one_warned(centre, example, tmp_path):
    """表1's 电子邮箱 (3.6 cm): an address 0.2 cm too wide is condensed, one 1.1 cm too wide set one step smaller
    and condensed — each printed whole on its line, not split after “com.” — and neither is warned; a member's
    Email 1.4 cm wider than its 3 cm cell is beyond the limits: warned, and printed as it is."""
    example["basic"]["lead_head"]["email"] = "liminghua@ynpm.com.cn"
    example["basic"]["rd_head"]["email"] = "zhangweiguo.rd@ynpm.com.cn"
    example["members"][0]["contact_email"] = "wangxiaoling@ynpm.com.cn"
    problems = by_path(fit_problems(centre, example))
    assert not {"/basic/lead_head/email", "/basic/rd_head/email"} & set(problems)
    message = problems["/members/0/contact_email"].message
    assert message.startswith("打印时可能超出表格宽度：约需 4.4 厘米，格内只有 3.0")
    (table1, *_) = fill_documents(centre, example, tmp_path)
    settings = {}
    for p in Document(str(table1)).element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if "@ynpm" in text:
            spacing, size = p.find(f".//{qn('w:spacing')}"), p.find(f".//{qn('w:sz')}")
            settings.setdefault(text, (int(spacing.get(qn("w:val"))) if spacing is not None else 0,
                                       size.get(qn("w:val")) if size is not None else None))
    assert -20 <= settings["liminghua@ynpm.com.cn"][0] < 0 and settings["liminghua@ynpm.com.cn"][1] is None
    assert settings["zhangweiguo.rd@ynpm.com.cn"][1] == "18" and settings["zhangweiguo.rd@ynpm.com.cn"][0] < 0  # 小五
    assert settings["wangxiaoling@ynpm.com.cn"] == (0, None)


def test_credit_code_and_email_in_looped_rows_point_at_their_item():
    form = get_form("innovation-consortium")
    data = copy.deepcopy(form.example())
    data["units"][3]["credit_code"] = "91530100MA6K12345X" * 3  # pasted three times: beyond any setting
    data["team"][2]["title"] = "senior-engineer/professor-level-senior-engineer"
    problems = by_path(fit_problems(form, data))
    assert problems["/units/3/credit_code"].title == "统一社会信用代码"
    assert problems["/team/2/title"].title == "职务/职称"
    assert "/units/2/credit_code" not in problems


def test_wrapping_chinese_text_and_long_answers_are_not_warned(centre, example):
    """CJK text in a row that grows wraps readably, as on a form filled in by hand; long answers
    are in cells made to wrap (“YN Cell Text”, paragraph loops)."""
    example["lead"]["address"] = "云南省昆明市高新技术产业开发区" * 4
    example["basic"]["research"] = "围绕稀贵金属新材料开展研发。" * 14
    example["members"][0]["main_business"] = "贵金属" * 200
    problems = by_path(fit_problems(centre, example))
    assert not {"/lead/address", "/basic/research", "/members/0/main_business"} & set(problems)


def test_one_warning_per_field_at_its_narrowest_place(centre, example):
    example["cover"]["centre_name"] = FORTY * 2  # cover line and 表1 both print it
    problems = [p for p in fit_problems(centre, example) if p.path == "/cover/centre_name"]
    assert len(problems) == 1


@pytest.mark.parametrize("form_id", list(FORMS))
def test_shipped_examples_fit(form_id):
    """The examples print cleanly: 表3's Email column was widened and the covers' （盖章） set smaller for this."""
    form = FORMS[form_id]
    assert fit_problems(form, form.example()) == []


def _one_cell_template(path, *, height_cm: float, rule, text: str = "{{ lead.name }}") -> None:
    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    row = table.rows[0]
    row.height, row.height_rule = Cm(height_cm), rule
    row.cells[0].text = "单位名称"
    row.cells[1].text = text
    for cell in row.cells:
        cell.width = Cm(3.0)
    doc.save(str(path))


def test_a_replaced_template_is_judged_by_its_own_cells(centre, example, tmp_path):
    """An exact row cuts text off, so any overflow is warned; a tall row may wrap."""
    example["lead"]["name"] = "云南锦川稀贵金属集团有限公司"  # 14 字: about 5.4 cm, the cell is 3 cm
    exact, tall = tmp_path / "exact.docx", tmp_path / "tall.docx"
    _one_cell_template(exact, height_cm=0.6, rule=WD_ROW_HEIGHT_RULE.EXACTLY)
    _one_cell_template(tall, height_cm=3.0, rule=WD_ROW_HEIGHT_RULE.AT_LEAST)
    found = by_path(fit_problems(centre, example, [exact]))
    assert set(found) == {"/lead/name"} and found["/lead/name"].title == "单位名称"
    assert fit_problems(centre, example, [tall]) == []


# --- labels ---------------------------------------------------------------------------------


def test_wrapping_fills_a_line_and_keeps_closing_punctuation_with_its_character():
    chars = [(ch, 10.5) for ch in "创新中心名称"]
    assert wrap_lines(chars, 5 * 10.5 + 2) == ["创新中心名", "称"]
    assert wrap_lines(chars, 6 * 10.5 + 2) == ["创新中心名称"]
    assert wrap_lines([(ch, 10.5) for ch in "预期知识产权。"], 6 * 10.5 + 2) == ["预期知识产", "权。"]
    assert wrap_lines([(ch, 10.5) for ch in "中心牵头单位\n负责人"], 6 * 10.5 + 2) == ["中心牵头单位", "负责人"]


@pytest.mark.parametrize("form_id", list(FORMS))
def test_no_label_of_any_document_breaks_badly(form_id):
    """Every label sits on its lines as the attachment sets it: one line, or broken by hand
    between words (中心牵头单位／负责人) — never 创新中心名／称 or 中心日常工／作联系人."""
    form = FORMS[form_id]
    assert [b.message for b in label_breaks(form, form.example())] == []


def _label_table(path, labels: list[str], width_cm: float) -> None:
    doc = Document()
    table = doc.add_table(rows=len(labels), cols=2)
    table.style = "Table Grid"
    for row, label in zip(table.rows, labels, strict=True):
        row.cells[0].text = label
        row.cells[1].text = "{{ cover.centre_name }}"
        row.cells[0].width, row.cells[1].width = Cm(width_cm), Cm(8.0)
    doc.save(str(path))


def test_a_label_left_with_one_character_or_broken_mid_word_is_found(centre, example, tmp_path):
    """Measured with the cell's own width and margins: 2.4 cm less Word's 0.19 cm margins holds
    five characters at 11 pt (python-docx's blank document), so 创新中心名称 leaves 称 alone and
    中心日常工作联系人 breaks after 工; a label broken by hand where it fits is fine."""
    path = tmp_path / "labels.docx"
    _label_table(path, ["创新中心名称", "中心日常工作联系人", "中心日常\n工作联系人", "所属领域"], 2.4)
    found = {b.label: b for b in label_breaks(centre, example, [path])}
    assert set(found) == {"创新中心名称", "中心日常工作联系人"}
    lone, mid_word = found["创新中心名称"], found["中心日常工作联系人"]
    assert lone.lines == ("创新中心名", "称") and lone.lone and "只剩“称”一个字" in lone.message
    assert mid_word.lines == ("中心日常工", "作联系人") and not mid_word.lone and "词语中间" in mid_word.message
    wide = tmp_path / "wide.docx"
    _label_table(wide, ["创新中心名称", "中心日常工作联系人"], 4.0)
    assert label_breaks(centre, example, [wide]) == []


# --- empty pages and stray blank rows ------------------------------------------------------


def test_examples_have_no_empty_pages_or_stray_rows(tmp_path):
    for form in FORMS.values():
        for path in fill_documents(form, form.example(), tmp_path / form.id):
            assert layout_problems(path) == [], path.name


def test_blank_member_is_a_stray_row_but_pad_rows_are_not(tmp_path):
    form = get_form("innovation-consortium")
    data = copy.deepcopy(form.example())
    assert len(data["team"]) < 10 and len(data["units"]) < 8  # pad() adds blank rows after the items
    data["team"].insert(2, {key: "" for key in data["team"][0]})
    data["units"].insert(1, {key: "" for key in data["units"][0]})
    application = fill_documents(form, data, tmp_path)[0]
    problems = layout_problems(application)
    assert len(problems) == 2, problems
    team, units = problems
    assert "科研团队" in team and f"在“{data['team'][1]['name']}”一行之后" in team and "空行" in team
    assert "牵头和成员单位" in units and "空行" in units  # a row with only its 序号 is blank too


def test_fill_reads_the_layout_from_each_document_as_it_saves_it(tmp_path, write_json, capsys):
    form = get_form("innovation-consortium")
    data = copy.deepcopy(form.example())
    data["team"].insert(2, {key: "" for key in data["team"][0]})
    produced = produce(form, data, tmp_path / "a")
    read_back = [(path.name, m) for path in produced.documents for m in layout_problems(path)]
    layout = [(finding.document, finding.message) for finding in produced.layout]
    assert len(read_back) == 1 and layout == read_back  # the same sentences as reading the files again
    assert main(["fill", form.id, str(write_json(data)), "-o", str(tmp_path / "b"), "--allow-incomplete"]) == 0
    assert f"提示：{read_back[0][0]}：{read_back[0][1]}" in capsys.readouterr().err.splitlines()


def test_table1_keeps_the_attachments_seven_member_rows_and_closes_a_blank_one(centre, example, tmp_path):
    from docx_helpers import open_docx, rows

    example["basic"]["participants"].insert(1, "")  # a blank line typed between two names
    application = fill_documents(centre, example, tmp_path)[0]
    assert layout_problems(application) == []  # no stray blank row: the names close up
    table = open_docx(application).tables[1]
    numbered = [row for row in rows(table) if row[0] == "成员单位名称"]
    assert [row[1] for row in numbered] == ["1", "2", "3", "4", "5", "6", "7"]  # as the attachment sets it
    names = [row[-1] for row in numbered[1:]]
    assert names[:4] == [n for n in example["basic"]["participants"] if n] and names[4:] == ["", ""]


def _page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def test_two_page_breaks_in_a_row_are_reported(tmp_path):
    doc = Document()
    doc.add_paragraph("第一页")
    _page_break(doc)
    _page_break(doc)
    doc.add_paragraph("第三页")
    path = tmp_path / "two.docx"
    doc.save(str(path))
    problems = layout_problems(path)
    assert len(problems) == 1
    assert "“第一页”之后连续分页" in problems[0] and "空白页" in problems[0]


def test_page_break_before_at_the_top_of_a_new_page_section_is_reported(tmp_path):
    doc = Document()
    doc.add_paragraph("封面")
    doc.add_section()  # a new section starts a new page
    doc.add_paragraph("表1").paragraph_format.page_break_before = True
    path = tmp_path / "section.docx"
    doc.save(str(path))
    [problem] = layout_problems(path)
    assert "分节符" in problem and "段前分页" in problem


def test_single_breaks_are_fine_and_a_trailing_one_is_not(tmp_path):
    doc = Document()
    doc.add_paragraph("一")
    _page_break(doc)
    doc.add_paragraph("二")
    doc.add_paragraph("三").paragraph_format.page_break_before = True
    doc.add_paragraph("")
    path = tmp_path / "fine.docx"
    doc.save(str(path))
    assert layout_problems(path) == []
    _page_break(doc)
    doc.add_paragraph("")
    doc.save(str(path))
    [problem] = layout_problems(path)
    assert problem.startswith("文档末尾")


def test_a_page_with_only_its_number_is_blank():
    assert is_blank_page_text("") and is_blank_page_text("\n  \n")
    assert is_blank_page_text("\n\n— 3 —\n") and is_blank_page_text("第 2 页 共 5 页") and is_blank_page_text("-7-")
    assert not is_blank_page_text("附件1\n— 1 —") and not is_blank_page_text("2023")


@pytest.mark.office
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext from poppler-utils")
def test_empty_pages_finds_the_blank_page_of_a_pdf(tmp_path):
    doc = Document()
    doc.add_paragraph("第一页")
    _page_break(doc)
    _page_break(doc)
    doc.add_paragraph("第三页").runs[0].font.size = Pt(12)
    source = tmp_path / "blank.docx"
    doc.save(str(source))
    [pdf] = convert_to_pdf([source], tmp_path)
    assert empty_pages(pdf) == [2]


# --- the command line ------------------------------------------------------------------------


def test_fill_prints_fit_hints_on_stderr_and_exits_0(capsys, example, write_json, tmp_path):
    example["lead"]["email"] = "zhang.mingyuan.technology.director@yunnan-rare-metals-group.com.cn"
    code = main(["fill", "innovation-centre", str(write_json(example)), "-o", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 0
    assert "附件1-云南省制造业创新中心创建申报书.docx" in out and "提示" not in out
    line = next(x for x in err.splitlines() if x.endswith("（/lead/email）"))
    assert line.startswith("提示：“Email”打印时可能超出表格宽度：约需 ")


@pytest.mark.slow
@pytest.mark.parametrize("form_id", list(FORMS))
def test_fill_finds_the_fit_warnings_on_its_own_render_and_writes_the_same_documents(form_id, tmp_path):
    """`fill` checks fit on the render that writes each document (no second render): the
    warnings are those of ``fit_problems``, and every part of every document is byte for byte
    what a render without the check writes — the marks are all taken out."""
    import zipfile

    form = FORMS[form_id]
    data = copy.deepcopy(form.example())
    data = _overflowing(form_id, data)
    produced = produce(form, data, tmp_path / "checked")
    found, checked = produced.fit, produced.documents
    plain = fill_documents(form, data, tmp_path / "plain")  # no checks: a render without marks
    assert [(p.path, p.message) for p in found] == [(p.path, p.message) for p in fit_problems(form, data)]
    assert found or form_id == "digital-scenario"  # the overflowing data was warned about
    for a, b in zip(checked, plain, strict=True):
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            assert za.namelist() == zb.namelist()
            for name in za.namelist():
                assert za.read(name) == zb.read(name), f"{a.name}: {name}"


def _overflowing(form_id: str, data: dict) -> dict:
    """The example with a value too wide for its cell, where the form has an obvious one."""
    if form_id == "innovation-centre":
        data["lead"]["head_phone"] = "0871-67451001-8888/13888812345"
        data["cover"]["lead_unit"] = FORTY
    elif form_id == "innovation-consortium":
        data["units"][3]["credit_code"] = "91530100MA6K12345X" * 3
    elif form_id == "consumer-brand":
        data["enterprise"]["name"] = FORTY + FORTY
    return data


def test_data_holding_the_marks_characters_is_printed_as_typed(centre, example, tmp_path):
    from docx_helpers import docx_text

    example["lead"]["name"] = "云南\ue000锦川\ue002集团"  # private-use characters the check marks with
    [application, _] = produce(centre, example, tmp_path).documents
    assert "云南\ue000锦川\ue002集团" in docx_text(application)


def test_check_template_says_which_labels_of_a_replacement_break_badly(centre, tmp_path):
    """A replacement template is held to what the shipped ones are: its labels' breaks are hints of
    ``check-template`` (the template is still usable)."""
    from yn_forms.paths import builtin_templates_dir
    from yn_forms.render.documents import check_replacement_renders

    name = "附件1-云南省制造业创新中心创建申报书.docx"
    doc = Document(str(builtin_templates_dir() / centre.id / name))
    label = next(cell for table in doc.tables for row in table.rows for cell in row.cells
                 if cell.text == "联系人" and len(row.cells) > 6)  # 表3's, 2.5 cm wide
    label.paragraphs[0].runs[0].text = "中心日常工作联系人姓名"
    doc.save(str(tmp_path / name))
    result = check_replacement_renders(centre, tmp_path / name)
    assert result.usable
    hints = [hint for hint in result.hints if hint.startswith("标签排版：")]
    assert hints and "“中心日常工作联系人姓名”" in hints[0] and "在词语中间自动换行" in hints[0]
    shipped = check_replacement_renders(centre, builtin_templates_dir() / centre.id / name)
    assert not [hint for hint in shipped.hints if hint.startswith("标签排版：")]


def test_a_paragraph_of_a_pasted_book_is_left_as_it_is_not_wrapped_again_for_every_setting(monkeypatch):
    """A 100,000-character paste once made ``fill`` take minutes: every setting tried wrapped all of it."""
    from yn_forms.render import fitting

    wrapped: list[int] = []
    real = fitting.wrap_lines
    monkeypatch.setattr(fitting, "wrap_lines",
                        lambda chars, *a, **k: wrapped.append(len(chars)) or real(chars, *a, **k))
    place = fitting.Place(300.0, 0.0, True)
    assert fitting.setting_for([("云", 12.0)] * (fitting.MAX_SET_CHARS + 1), place) == fitting.Setting()
    assert wrapped == []
    fitting.setting_for([("云", 12.0)] * 101, place)  # a paragraph of a page is still set
    assert wrapped
