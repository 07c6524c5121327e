"""单位信息库 in the real window, driven as a clerk would (pytest-qt, off screen).

保存到单位库 on one form's unit page, 从单位库填入… on another's, the list of changes
shown before anything typed or stored is overwritten, and the units page (工具 ›
单位信息库…): list, search, edit, delete, Excel out and in, and the drafts that use a
unit. The dialogs are opened with ``open()``, so the tests press their real buttons; the
yes/no questions go to the clerk (``gui.clerk``), which the tests script.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from gui_helpers import click_option, find, type_into, type_text
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QHeaderView, QLineEdit, QTableWidget, QWidget

from yn_forms.core.draft import save_draft
from yn_forms.core.units import UnitLibrary, UnitLibraryError, extract_unit, template_xlsx
from yn_forms.forms import get_form
from yn_forms.gui.clerk import ScriptedClerk
from yn_forms.gui.clerk import clerk as current_clerk
from yn_forms.gui.unit_bar import UnitBar
from yn_forms.gui.unit_dialogs import FILL_TEXT, SAVE_TEXT, ChangesDialog, ChooseUnitDialog
from yn_forms.gui.units_page import UnitEditDialog, UnitLibraryDialog
from yn_forms.gui.window_context import shown_dialog

LEAD = "云南锦川稀贵金属集团有限公司"
CODE_A, CODE_B = "91530000MA6K3T8R18", "91530400MA6N2Q7L50"


def lead_record() -> dict:
    form = get_form("innovation-centre")
    return extract_unit(form, form.example(), "/lead")


def stored(name: str) -> dict | None:
    """What the library in the (temporary) user data folder holds for *name*."""
    with UnitLibrary() as lib:
        unit = lib.by_name(name)
        return unit.record if unit is not None else None


def go_to(wizard, name: str) -> None:
    wizard.go_to([page.name for page in wizard.pages].index(name))


def bar_of(wizard, pointer: str) -> UnitBar:
    bars = [b for b in wizard.findChildren(UnitBar) if b.pointer == pointer]
    assert len(bars) == 1, pointer
    assert bars[0].isVisibleTo(wizard), "the 单位库 buttons are on the page being shown"
    return bars[0]


def press(qtbot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def button(dialog: QWidget, text: str) -> QAbstractButton:
    return next(b for b in dialog.findChildren(QAbstractButton) if b.text() == text and b.isVisible())


def text_of(wizard, label: str) -> str:
    return find(wizard, label, QLineEdit).text()


def the_clerk() -> ScriptedClerk:
    clerk = current_clerk()
    assert isinstance(clerk, ScriptedClerk)
    return clerk


def save_lead_unit(window, qtbot) -> UnitBar:
    """The innovation-centre example's 牵头单位 page, 保存到单位库, confirmed as a new unit."""
    window.new_draft("innovation-centre", get_form("innovation-centre").example())
    go_to(window.wizard, "lead")
    bar = bar_of(window.wizard, "/lead")
    clerk = the_clerk()
    clerk.answers.append("保存")
    press(qtbot, bar.save_button)
    kind, title, text = clerk.said[-1]
    assert (kind, title) == ("ask", "保存到单位库") and LEAD in text and "新单位" in text
    return bar


def fill_from_library(qtbot, bar: UnitBar, search: str = "") -> ChooseUnitDialog:
    press(qtbot, bar.fill_button)
    chooser = bar.dialog
    assert isinstance(chooser, ChooseUnitDialog) and chooser.isVisible()
    if search:
        type_into(chooser.search, search)
    return chooser


# --- 保存到单位库 / 从单位库填入 in the wizard ---------------------------------------------------
def test_every_unit_page_has_the_two_buttons(window):
    window.new_draft("innovation-centre", get_form("innovation-centre").example())
    go_to(window.wizard, "lead")
    bar = bar_of(window.wizard, "/lead")
    assert (bar.fill_button.text(), bar.save_button.text()) == (FILL_TEXT, SAVE_TEXT)
    assert find(window.wizard, FILL_TEXT) is bar.fill_button and find(window.wizard, SAVE_TEXT) is bar.save_button
    go_to(window.wizard, "members")
    assert bar_of(window.wizard, "/members/0").pointer == "/members/0"  # the member shown, not the list
    go_to(window.wizard, "cover")
    assert not [b for b in window.wizard.findChildren(UnitBar) if b.isVisibleTo(window.wizard)]


@pytest.mark.slow
def test_saving_the_lead_unit_stores_it_in_the_library(window, qtbot):
    bar = save_lead_unit(window, qtbot)
    record = stored(LEAD)
    assert record == lead_record()
    assert record["contact"] == "孙丽华" and record["sales"]["2025"] == "536120.80"
    assert "已新增" in bar.note.text() and LEAD in bar.note.text()
    assert not window.isWindowModified()  # saving to the library does not touch the draft


def test_cancelling_the_new_unit_question_stores_nothing(window, qtbot, clerk):
    window.new_draft("innovation-centre", get_form("innovation-centre").example())
    go_to(window.wizard, "lead")
    bar = bar_of(window.wizard, "/lead")
    clerk.answers.append("取消")
    press(qtbot, bar.save_button)
    assert clerk.questions() == ["保存到单位库"] and stored(LEAD) is None


def test_a_unit_without_a_name_is_not_saved(window, qtbot):
    window.new_draft("innovation-centre")
    go_to(window.wizard, "lead")
    bar = bar_of(window.wizard, "/lead")
    type_into(find(window.wizard, "联系人", QLineEdit), "孙丽华")
    press(qtbot, bar.save_button)
    assert bar.dialog is None and "请先填写单位名称" in bar.note.text()
    with UnitLibrary() as lib:
        assert lib.units() == []


def test_the_saved_lead_unit_fills_a_new_consumer_brand_draft(window, qtbot):
    save_lead_unit(window, qtbot)
    window.new_draft("consumer-brand")
    wiz = window.wizard
    click_option(find(wiz, "申报类型：企业品牌"))
    go_to(wiz, "enterprise")
    bar = bar_of(wiz, "/enterprise")
    chooser = fill_from_library(qtbot, bar)
    assert chooser.results.count() == 1
    assert chooser.results.item(0).text().startswith(LEAD)
    type_into(chooser.search, "没有这家")
    assert chooser.results.count() == 0 and "没有找到" in chooser.empty.text()
    assert not chooser.fill_button.isEnabled()
    type_into(chooser.search, "锦川")
    assert chooser.results.count() == 1
    press(qtbot, chooser.fill_button)
    assert not chooser.isVisible()
    # the values are in the inputs the clerk sees, and in the draft
    assert text_of(wiz, "企业名称") == LEAD
    assert text_of(wiz, "联系人") == "孙丽华"
    assert text_of(wiz, "手机") == "13577112233"
    assert text_of(wiz, "统一社会信用代码") == ""  # 表2 has no code: nothing to fill, nothing cleared
    assert wiz.data["enterprise"]["name"] == LEAD and wiz.data["enterprise"]["mobile"] == "13577112233"
    assert window.isWindowModified()
    assert "已从单位库填入" in bar.note.text() and "固定电话" in bar.note.text()  # a mobile is no 固定电话
    wiz.revalidate()
    assert not [p for p in wiz.problems if p.path in ("/enterprise/name", "/enterprise/contact",
                                                      "/enterprise/mobile")]


def test_filling_over_typed_values_lists_field_old_and_new_before_replacing(window, qtbot):
    with UnitLibrary() as lib:
        lib.upsert(lead_record())
    window.new_draft("digital-scenario")
    wiz = window.wizard
    go_to(wiz, "applicant")
    type_into(find(wiz, "联系人", QLineEdit), "赵新")
    type_into(find(wiz, "单位名称", QLineEdit), "锦川")
    bar = bar_of(wiz, "/applicant")
    chooser = fill_from_library(qtbot, bar)
    assert chooser.search.text() == "锦川"  # what the clerk typed so far finds the unit
    press(qtbot, chooser.fill_button)
    changes = bar.dialog
    assert isinstance(changes, ChangesDialog) and changes.isVisible()
    headers = [changes.table.horizontalHeaderItem(i).text() for i in range(changes.table.columnCount())]
    assert headers == ["字段", "本表现有", "单位库"]
    rows = changes.rows()
    assert ["单位名称", "锦川", LEAD] in rows
    assert ["联系人", "赵新", "孙丽华"] in rows
    assert ["电子邮箱", "（空）", "sunlh@example.cn"] in rows
    assert text_of(wiz, "联系人") == "赵新"  # nothing replaced while the list is shown
    press(qtbot, button(changes, "取消"))
    assert text_of(wiz, "联系人") == "赵新" and wiz.data["applicant"]["email"] == ""
    press(qtbot, fill_from_library(qtbot, bar).fill_button)
    press(qtbot, button(bar.dialog, "填入"))
    assert text_of(wiz, "联系人") == "孙丽华"
    assert text_of(wiz, "单位名称") == LEAD
    assert text_of(wiz, "电子邮箱") == "sunlh@example.cn"


@pytest.mark.slow
def test_saving_a_changed_unit_lists_the_differences_before_overwriting(window, qtbot):
    with UnitLibrary() as lib:
        lib.upsert(lead_record())
    window.new_draft("innovation-centre", get_form("innovation-centre").example())
    wiz = window.wizard
    go_to(wiz, "lead")
    type_into(find(wiz, "联系人", QLineEdit), "周敏")
    type_into(find(wiz, "Email", QLineEdit), "zhoumin@example.cn")
    bar = bar_of(wiz, "/lead")
    press(qtbot, bar.save_button)
    changes = bar.dialog
    assert isinstance(changes, ChangesDialog) and changes.isVisible()
    headers = [changes.table.horizontalHeaderItem(i).text() for i in range(changes.table.columnCount())]
    assert headers == ["字段", "库中现有", "本表填写"]
    assert changes.rows() == [["联系人", "孙丽华", "周敏"], ["电子邮箱", "sunlh@example.cn", "zhoumin@example.cn"]]
    assert "2项" in changes.intro.text()
    assert stored(LEAD)["contact"] == "孙丽华"  # nothing written while the list is shown
    press(qtbot, button(changes, "取消"))
    assert stored(LEAD)["contact"] == "孙丽华"
    press(qtbot, bar.save_button)
    press(qtbot, button(bar.dialog, "覆盖保存"))
    assert stored(LEAD)["contact"] == "周敏" and stored(LEAD)["email"] == "zhoumin@example.cn"
    assert "已更新" in bar.note.text()
    press(qtbot, bar.save_button)  # saved again unchanged: nothing to ask
    assert "无需更新" in bar.note.text()


@pytest.mark.slow
def test_a_wrong_value_in_the_form_is_not_saved_and_the_clerk_is_told(window, qtbot, clerk):
    data = get_form("innovation-centre").example()
    data["lead"]["postcode"] = "6505"
    window.new_draft("innovation-centre", data)
    go_to(window.wizard, "lead")
    bar = bar_of(window.wizard, "/lead")
    clerk.answers.append("保存")
    press(qtbot, bar.save_button)
    question = clerk.said[-1][2]
    assert "邮编" in question and "未保存" in question
    assert "postcode" not in stored(LEAD)


def test_a_table_of_units_gets_a_new_row_filled_from_the_library(window, qtbot):
    with UnitLibrary() as lib:
        lib.upsert({"name": "云南铝峰精密铸造有限公司", "credit_code": CODE_B, "legal_rep": "赵立新"})
    window.new_draft("digital-scenario")
    wiz = window.wizard
    go_to(wiz, "joint_units")
    bar = bar_of(wiz, "/joint_units")
    press(qtbot, fill_from_library(qtbot, bar, "铝峰").fill_button)
    assert [{k: row[k] for k in ("name", "credit_code")} for row in wiz.data["joint_units"]] == \
        [{"name": "云南铝峰精密铸造有限公司", "credit_code": CODE_B}]
    table = find(wiz, "联合申报单位", QTableWidget)
    assert [table.item(0, c).text() for c in range(2)] == ["云南铝峰精密铸造有限公司", CODE_B]
    # the selected row is the one saved
    wiz.data["joint_units"][0]["name"] = "云南铝峰精密铸造股份有限公司"
    table.setCurrentCell(0, 0)
    press(qtbot, bar.save_button)
    assert isinstance(bar.dialog, ChangesDialog)
    assert bar.dialog.rows() == [["单位名称", "云南铝峰精密铸造有限公司", "云南铝峰精密铸造股份有限公司"]]


def test_ten_thousand_characters_fill_and_save_whole_and_the_list_stays_readable(window, qtbot):
    long_address = "昆明市高新区" * 1700  # 10,200 characters
    with UnitLibrary() as lib:
        lib.upsert({"name": LEAD, "address": long_address})
    data = get_form("innovation-centre").example()
    data["lead"]["address"] = "旧地址\x07"  # a control character pasted from a PDF
    window.new_draft("innovation-centre", data)
    go_to(window.wizard, "lead")
    bar = bar_of(window.wizard, "/lead")
    press(qtbot, fill_from_library(qtbot, bar).fill_button)
    changes = bar.dialog
    row = next(r for r in changes.rows() if r[0] == "地址")
    assert row[1] == "旧地址\x07" and len(row[2]) < 400 and row[2].endswith("（共10200字）")
    assert changes.table.rowHeight(0) < 200
    press(qtbot, button(changes, "填入"))
    assert text_of(window.wizard, "地址") == long_address
    press(qtbot, bar.save_button)
    press(qtbot, button(bar.dialog, "覆盖保存"))
    assert stored(LEAD)["address"] == long_address and stored(LEAD)["contact"] == "孙丽华"


def test_a_library_that_cannot_be_opened_is_explained_and_left_alone(window, qtbot, user_data_home, clerk):
    path = user_data_home / "yn-forms" / "units.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database" * 100)
    window.new_draft("innovation-centre", get_form("innovation-centre").example())
    go_to(window.wizard, "lead")
    bar = bar_of(window.wizard, "/lead")
    press(qtbot, bar.fill_button)
    assert bar.dialog is None
    assert "已损坏" in clerk.last_warning
    assert path.read_bytes() == b"not a database" * 100


# --- the units page ---------------------------------------------------------------------------
UNITS = [
    {"name": LEAD, "credit_code": CODE_A, "legal_rep": "张明远", "contact": "孙丽华",
     "contact_mobile": "13577112233"},
    {"name": "昆明铂瑞精密合金有限公司", "credit_code": CODE_B, "legal_rep": "李建国", "contact": "王晓丽",
     "contact_mobile": "13908712345"},
    {"name": "云南澜茗普洱茶业股份有限公司", "credit_code": "91530800MA6PK2L7XJ", "contact": "李晓琳"},
]


@pytest.fixture
def units_page(window, qtbot) -> UnitLibraryDialog:
    with UnitLibrary() as lib:
        for record in UNITS:
            lib.upsert(record)
    action = next(a for a in window.findChildren(QAction) if a.text() == "单位信息库(&U)…")
    action.trigger()  # 工具 › 单位信息库…
    page = shown_dialog(window, UnitLibraryDialog)
    assert isinstance(page, UnitLibraryDialog) and page.isVisible()
    yield page
    if page.library.conn is not None:
        page.close()


def names_listed(page: UnitLibraryDialog) -> list[str]:
    """The names in the list's first column, top to bottom, as the view shows them."""
    model = page.table.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def cell(page: UnitLibraryDialog, row: int, column: int) -> str:
    return page.table.model().index(row, column).data()


def select(page: UnitLibraryDialog, name: str) -> None:
    page.select(name)
    assert page.current() is not None and page.current().name == name


def test_the_units_page_lists_and_searches_the_units(units_page, window, qtbot):
    page = units_page
    assert sorted(names_listed(page)) == sorted(u["name"] for u in UNITS)
    model = page.table.model()
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers[:3] == ["单位名称", "统一社会信用代码", "法定代表人"]
    row = names_listed(page).index(LEAD)
    assert cell(page, row, 1) == CODE_A and cell(page, row, 3) == "孙丽华"
    assert page.count_label.text() == "共 3 家单位"
    assert not page.buttons["编辑…"].isEnabled() and not page.buttons["删除"].isEnabled()
    window.open_units()  # 工具 › 单位信息库… again: the same page comes to the front
    assert shown_dialog(window, UnitLibraryDialog) is page and len(window.findChildren(UnitLibraryDialog)) == 1
    type_into(page.search, "普洱")
    assert names_listed(page) == ["云南澜茗普洱茶业股份有限公司"]
    assert page.count_label.text() == "共 3 家单位，显示 1 家"
    type_into(page.search, "915304")
    assert names_listed(page) == ["昆明铂瑞精密合金有限公司"]


def test_the_units_page_edits_a_unit(units_page, qtbot):
    page = units_page
    select(page, LEAD)
    press(qtbot, page.buttons["编辑…"])
    editor = page.dialog
    assert isinstance(editor, UnitEditDialog) and editor.isVisible()
    assert find(editor, "单位名称", QLineEdit).text() == LEAD
    assert find(editor, "联系人", QLineEdit).text() == "孙丽华"
    type_into(find(editor, "联系人", QLineEdit), "周敏")
    type_into(find(editor, "邮编", QLineEdit), "6505")
    press(qtbot, button(editor, "保存"))
    assert editor.isVisible() and "邮编" in editor.problems.text()  # refused whole, reasons shown
    assert stored(LEAD)["contact"] == "孙丽华"
    type_into(find(editor, "邮编", QLineEdit), "650503")
    type_into(find(editor, "法定代表人", QLineEdit), "")  # cleared on purpose: the page edits the whole record
    press(qtbot, button(editor, "保存"))
    assert not editor.isVisible()
    record = stored(LEAD)
    assert (record["contact"], record["postcode"]) == ("周敏", "650503") and "legal_rep" not in record
    assert page.current().name == LEAD and "已保存" in page.status.text()
    row = names_listed(page).index(LEAD)
    assert cell(page, row, 3) == "周敏"


def test_the_units_page_adds_a_unit_but_not_a_second_copy(units_page, qtbot):
    page = units_page
    press(qtbot, page.buttons["新增…"])
    editor = page.dialog
    type_into(find(editor, "单位名称", QLineEdit), "云南锦川稀贵金属集团有限公司")
    press(qtbot, button(editor, "保存"))
    assert editor.isVisible() and "已有这家单位" in editor.problems.text()
    type_into(find(editor, "单位名称", QLineEdit), "云南新到有限公司")
    type_into(find(editor, f"{editor.year_inputs and next(iter(editor.year_inputs))[1]}年营业收入（万元）",
                   QLineEdit), "1234.5")
    press(qtbot, button(editor, "保存"))
    assert not editor.isVisible()
    assert "云南新到有限公司" in names_listed(page)
    assert list(stored("云南新到有限公司")["revenue"].values()) == ["1234.50"]


def test_the_units_page_deletes_after_confirmation(units_page, qtbot, clerk):
    page = units_page
    select(page, "昆明铂瑞精密合金有限公司")
    clerk.answers.append("取消")
    press(qtbot, page.buttons["删除"])
    kind, title, text = clerk.said[-1]
    assert (kind, title) == ("ask", "删除单位") and "昆明铂瑞精密合金有限公司" in text
    assert stored("昆明铂瑞精密合金有限公司") is not None
    clerk.answers.append("删除")
    press(qtbot, page.buttons["删除"])
    assert stored("昆明铂瑞精密合金有限公司") is None
    assert "昆明铂瑞精密合金有限公司" not in names_listed(page) and len(names_listed(page)) == 2
    assert "已删除" in page.status.text()
    assert page.current() is None and not page.buttons["删除"].isEnabled()  # no other unit picked for it


def test_the_units_page_exports_and_imports_excel(units_page, qtbot, tmp_path, clerk):
    page = units_page
    out = tmp_path / "导出.xlsx"
    clerk.paths.append(out)
    press(qtbot, page.buttons["导出到 Excel…"])
    assert "已导出 3 家单位" in page.status.text()
    sheet = load_workbook(out)["单位信息库"]
    assert sorted(r[0] for r in sheet.iter_rows(min_row=2, values_only=True)) == sorted(u["name"] for u in UNITS)
    # change one unit and add one in the sheet, with a bad row between them
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == LEAD)
    row[header.index("联系人")].value = "周敏"
    bad = [None] * len(header)
    bad[0], bad[header.index("邮编")] = "云南坏数据有限公司", "12"
    sheet.append(bad)
    new = [None] * len(header)
    new[0], new[header.index("联系人")] = "云南新到有限公司", "钱七"
    sheet.append(new)
    sheet.parent.save(out)
    clerk.paths.append(out)
    press(qtbot, page.buttons["从 Excel 导入…"])
    preview = page.dialog
    assert isinstance(preview, ChangesDialog) and preview.isVisible()
    rows = {r[1] or r[0]: r for r in preview.rows()}
    assert rows[LEAD][2] == "更新：联系人：孙丽华 → 周敏"
    assert rows["云南新到有限公司"][2].startswith("新增")
    assert rows["第5行"][2].startswith("不导入：") and "邮编" in rows["第5行"][2]
    assert rows["昆明铂瑞精密合金有限公司"][2] == "无变化"
    assert stored(LEAD)["contact"] == "孙丽华"  # a preview only
    press(qtbot, button(preview, "导入"))
    assert stored(LEAD)["contact"] == "周敏" and stored("云南新到有限公司")["contact"] == "钱七"
    assert stored("云南坏数据有限公司") is None
    assert "新增 1 家，更新 1 家，未变 2 家，未导入 1 行" in page.status.text() and "第5行" in page.status.text()
    assert len(names_listed(page)) == 4


def test_the_units_page_saves_the_import_template_and_refuses_a_wrong_file(units_page, qtbot, tmp_path, clerk):
    page = units_page
    template = tmp_path / "模板.xlsx"
    clerk.paths.append(template)
    press(qtbot, page.buttons["导入模板…"])
    assert template.exists() and "已保存导入模板" in page.status.text()
    assert load_workbook(template).sheetnames == ["单位信息库", "填写说明"]
    wrong = tmp_path / "照片.xlsx"
    wrong.write_bytes(b"\x89PNG not a sheet")
    page.import_from(wrong)
    assert "不是可读取的 Excel 文件" in page.status.text()
    assert page.dialog is None or not page.dialog.isVisible()


def test_the_units_page_shows_the_drafts_that_use_a_unit_and_opens_one(units_page, window, qtbot, tmp_path):
    page = units_page
    form = get_form("innovation-centre")
    draft = tmp_path / "锦川创新中心.ynform"
    save_draft(draft, form, form.example())
    other = tmp_path / "别的.ynform"
    data = json.loads(json.dumps(form.example(), ensure_ascii=False).replace(LEAD, "云南另一家有限公司"))
    save_draft(other, form, data)
    window.settings.setValue("recent", [str(other), str(draft)])
    try:
        select(page, "昆明铂瑞精密合金有限公司")  # a member of the example: named in 表1 and 表3
        assert page.uses.count() == 2
        assert {Path(page.uses.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(2)} == {draft, other}
        select(page, "云南澜茗普洱茶业股份有限公司")
        assert page.uses.count() == 1 and "没有用到" in page.uses.item(0).text()
        select(page, LEAD)
        assert page.uses.count() == 1 and page.uses.item(0).text().startswith(draft.name)
        assert LEAD in page.uses_label.text()
        page.uses.itemActivated.emit(page.uses.item(0))
        assert window.path == draft and window.wizard.data["lead"]["name"] == LEAD
    finally:
        window.settings.remove("recent")  # Qt keeps one settings file for the whole test session


def test_the_template_filled_in_excel_imports_on_the_units_page(units_page, qtbot, tmp_path):
    page = units_page
    sheet_path = tmp_path / "填好的模板.xlsx"
    template_xlsx(sheet_path)
    book = load_workbook(sheet_path)
    header = [c.value for c in book.active[1]]
    row = [None] * len(header)
    row[0], row[header.index("统一社会信用代码")] = "云南滇铝创新材料集团有限公司", "91530000MA6K3T8R18"
    book.active.append(row)
    book.save(sheet_path)
    page.import_from(sheet_path)
    rows = page.dialog.rows()
    # 甲's code under another name: the 18-digit code wins, so the row renames that unit, and says so
    assert rows == [["第2行", "云南滇铝创新材料集团有限公司", f"更新：单位名称：{LEAD} → 云南滇铝创新材料集团有限公司"]]
    press(qtbot, button(page.dialog, "取消"))
    assert stored(LEAD) is not None


# --- a damaged row, and a list that keeps up with the clerk --------------------------------------
def damage(name: str, data: str) -> None:
    """Overwrite a unit's stored data behind the app's back, as another program or a bad disk would."""
    with UnitLibrary() as lib:
        path = lib.path
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE units SET data=? WHERE name=?", (data, name))
    conn.close()


def open_units_page(window) -> UnitLibraryDialog:
    next(a for a in window.findChildren(QAction) if a.text() == "单位信息库(&U)…").trigger()
    page = shown_dialog(window, UnitLibraryDialog)
    assert isinstance(page, UnitLibraryDialog) and page.isVisible()
    return page


@pytest.mark.parametrize("data", ['{"name": "昆明', '["昆明铂瑞精密合金有限公司"]'], ids=["broken JSON", "a list"])
def test_the_units_page_opens_with_a_damaged_row_and_tells_the_clerk_once(window, qtbot, clerk, tmp_path, data):
    with UnitLibrary() as lib:
        for record in UNITS:
            lib.upsert(record)
    damage("昆明铂瑞精密合金有限公司", data)
    page = open_units_page(window)
    warnings = [said for said in clerk.said if said[0] == "warn"]
    assert len(warnings) == 1 and warnings[0][1] == "单位信息库"
    assert "昆明铂瑞精密合金有限公司" in warnings[0][2] and "已损坏" in warnings[0][2]
    assert sorted(names_listed(page)) == sorted([LEAD, "云南澜茗普洱茶业股份有限公司"])
    assert page.count_label.text() == "共 2 家单位（1 条记录损坏，未列出）"
    type_into(page.search, "普洱")
    assert names_listed(page) == ["云南澜茗普洱茶业股份有限公司"]
    out = tmp_path / "导出.xlsx"
    clerk.paths.append(out)
    press(qtbot, page.buttons["导出到 Excel…"])
    assert "已导出 2 家单位（1 条损坏的记录未导出）" in page.status.text()
    assert sorted(r[0] for r in load_workbook(out)["单位信息库"].iter_rows(min_row=2, values_only=True)) == \
        sorted([LEAD, "云南澜茗普洱茶业股份有限公司"])
    assert len([said for said in clerk.said if said[0] == "warn"]) == 1  # told once, not at every read
    page.close()


def test_a_damaged_row_does_not_stop_filling_a_draft_from_the_library(window, qtbot):
    with UnitLibrary() as lib:
        lib.upsert(lead_record())
        lib.upsert({"name": "云南坏数据有限公司"})
    damage("云南坏数据有限公司", "[1, 2]")
    window.new_draft("digital-scenario")
    go_to(window.wizard, "applicant")
    bar = bar_of(window.wizard, "/applicant")
    chooser = fill_from_library(qtbot, bar)
    assert [chooser.results.item(i).text().split("\n")[0] for i in range(chooser.results.count())] == [LEAD]
    assert chooser.damaged.isVisible() and "1 条记录已损坏" in chooser.damaged.text()
    press(qtbot, chooser.fill_button)
    assert text_of(window.wizard, "单位名称") == LEAD and text_of(window.wizard, "联系人") == "孙丽华"


def test_the_picked_unit_stays_picked_while_a_search_hides_it_and_comes_back(units_page, qtbot):
    page = units_page
    select(page, LEAD)
    type_into(page.search, "锦川")
    assert page.current().name == LEAD and page.buttons["编辑…"].isEnabled()
    type_into(page.search, "普洱")
    assert page.current() is None  # hidden: 编辑 and 删除 cannot reach it
    assert not page.buttons["编辑…"].isEnabled() and not page.buttons["删除"].isEnabled()
    assert "选中一家单位" in page.uses_label.text()
    type_into(page.search, "")
    assert page.current().name == LEAD and page.buttons["删除"].isEnabled()
    assert page.table.selectionModel().selectedRows()[0].row() == names_listed(page).index(LEAD)


def test_saving_and_deleting_change_one_row_of_the_list_not_all_of_it(units_page, qtbot, clerk):
    page = units_page
    model = page.table.model()
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    select(page, LEAD)
    press(qtbot, page.buttons["编辑…"])
    type_into(find(page.dialog, "单位名称", QLineEdit), "安宁锦川稀贵金属集团有限公司")  # sorts first now
    press(qtbot, button(page.dialog, "保存"))
    assert names_listed(page)[0] == "安宁锦川稀贵金属集团有限公司"
    assert page.current().name == "安宁锦川稀贵金属集团有限公司" and "安宁" in page.uses_label.text()
    press(qtbot, page.buttons["新增…"])
    type_into(find(page.dialog, "单位名称", QLineEdit), "云南新到有限公司")
    press(qtbot, button(page.dialog, "保存"))
    assert page.current().name == "云南新到有限公司" and page.count_label.text() == "共 4 家单位"
    clerk.answers.append("删除")
    press(qtbot, page.buttons["删除"])
    assert "云南新到有限公司" not in names_listed(page) and page.count_label.text() == "共 3 家单位"
    assert resets == []  # no refill: the rows were moved, inserted and removed one by one


def test_the_list_never_measures_every_row(units_page):
    header = units_page.table.horizontalHeader()
    modes = [header.sectionResizeMode(c) for c in range(header.count())]
    assert QHeaderView.ResizeMode.ResizeToContents not in modes
    assert units_page.table.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    assert all(header.sectionSize(c) >= header.fontMetrics().horizontalAdvance(
        units_page.table.model().headerData(c, Qt.Orientation.Horizontal)) for c in range(header.count()))


def test_the_units_page_by_keyboard(units_page, qtbot, clerk):
    page = units_page
    page.search.setFocus()
    type_text(page.search, "铂瑞")
    QTest.keyClick(page.search, Qt.Key.Key_Down)  # from the search box into the list
    assert page.table.hasFocus() and page.current().name == "昆明铂瑞精密合金有限公司"
    QTest.keyClick(page.table, Qt.Key.Key_Return)  # Enter edits
    assert isinstance(page.dialog, UnitEditDialog) and page.dialog.isVisible()
    press(qtbot, button(page.dialog, "取消"))
    page.table.setFocus()
    clerk.answers.append("取消")
    QTest.keyClick(page.table, Qt.Key.Key_Delete)  # Delete asks first
    assert clerk.questions()[-1] == "删除单位" and stored("昆明铂瑞精密合金有限公司") is not None


def test_a_click_on_a_header_sorts_by_that_column(units_page, qtbot):
    page = units_page
    header = page.table.horizontalHeader()
    contacts = lambda: [cell(page, r, 3) for r in range(page.table.model().rowCount())]  # noqa: E731
    # names and people in pinyin order, as a clerk looks them up (昆 kun before 云 yun; 李 li, 孙 sun, 王 wang)
    assert names_listed(page) == ["昆明铂瑞精密合金有限公司", LEAD, "云南澜茗普洱茶业股份有限公司"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(3) + 10, header.height() // 2))
    assert contacts() == ["李晓琳", "孙丽华", "王晓丽"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(3) + 10, header.height() // 2))
    assert contacts() == ["王晓丽", "孙丽华", "李晓琳"]
    select(page, LEAD)
    type_into(page.search, "云南")  # the order holds while filtering
    assert contacts() == ["孙丽华", "李晓琳"] and page.current().name == LEAD


def test_several_damaged_rows_are_told_in_one_message(window, clerk):
    with UnitLibrary() as lib:
        for record in UNITS:
            lib.upsert(record)
    damage("昆明铂瑞精密合金有限公司", "[]")
    damage(LEAD, "{")
    page = open_units_page(window)
    [(_kind, title, text)] = [said for said in clerk.said if said[0] == "warn"]
    assert title == "单位信息库"
    assert text.startswith("单位库中有 2 条记录已损坏，未列出：")
    assert "· “昆明铂瑞精密合金有限公司”" in text and f"· “{LEAD}”" in text and text.count("修复") == 1
    assert names_listed(page) == ["云南澜茗普洱茶业股份有限公司"]
    page.close()


def test_the_unit_editor_starts_in_its_first_field_with_the_inputs_in_one_column(units_page, qtbot):
    page = units_page
    select(page, LEAD)
    press(qtbot, page.buttons["编辑…"])
    editor = page.dialog
    name = find(editor, "单位名称", QLineEdit)
    assert editor.focusWidget() is name  # Enter on a unit, then type: the keys land in a field
    lefts = {find(editor, label, QLineEdit).mapTo(editor, QPoint(0, 0)).x()
             for label in ("单位名称", "统一社会信用代码", "联系人", "注册资金（万元）", "其它资质")}
    assert len(lefts) == 1, lefts  # every group's inputs start at the same place


def test_enter_in_a_search_that_finds_nothing_keeps_the_page_open(units_page):
    page = units_page
    page.search.setFocus()
    type_text(page.search, "没有这家")
    assert names_listed(page) == []
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    assert page.isVisible() and page.search.text() == "没有这家"


def test_a_unit_added_while_sorted_backwards_lands_in_its_place(units_page, qtbot):
    page = units_page
    header = page.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(0) + 10, header.height() // 2))  # 单位名称 ↓
    assert names_listed(page) == ["云南澜茗普洱茶业股份有限公司", LEAD, "昆明铂瑞精密合金有限公司"]
    for name in ("昆明新到有限公司", "安宁新到有限公司", "玉溪新到有限公司"):
        press(qtbot, page.buttons["新增…"])
        type_into(find(page.dialog, "单位名称", QLineEdit), name)
        press(qtbot, button(page.dialog, "保存"))
    assert names_listed(page) == ["云南澜茗普洱茶业股份有限公司", LEAD, "玉溪新到有限公司", "昆明新到有限公司",
                                  "昆明铂瑞精密合金有限公司", "安宁新到有限公司"]


def test_a_library_that_cannot_be_read_opens_the_page_with_the_reason(window, monkeypatch, clerk):
    def busy(self):
        raise UnitLibraryError("单位库文件正被另一个程序使用，请稍后再试")

    monkeypatch.setattr(UnitLibrary, "units", busy)
    page = open_units_page(window)
    assert names_listed(page) == [] and "正被另一个程序使用" in page.status.text()
    page.close()


def test_a_busy_library_while_searching_in_the_chooser_is_said_there(window, qtbot, monkeypatch):
    bar = save_lead_unit(window, qtbot)
    chooser = fill_from_library(qtbot, bar)
    assert chooser.results.count() == 1

    def busy(self, text, limit=100):
        raise UnitLibraryError("单位库文件正被另一个程序使用，请稍后再试")

    monkeypatch.setattr(UnitLibrary, "search", busy)
    type_into(chooser.search, "锦川")  # no traceback, no “unexpected error”: the reason where the list was
    assert chooser.results.count() == 0 and not chooser.fill_button.isEnabled()
    assert "正被另一个程序使用" in chooser.empty.text() and chooser.empty.isVisibleTo(chooser)
    monkeypatch.undo()
    type_into(chooser.search, "锦川")
    assert chooser.results.count() == 1 and chooser.fill_button.isEnabled()
    chooser.reject()
