"""One document behind the wizard, as the clerk meets it (pytest-qt, off screen).

Facts are typed once and every place that repeats them shows them; every change is one
named step that 编辑 › 撤销 (Ctrl+Z) takes back, across pages, landing where it happened.
"""

from __future__ import annotations

import copy

import pytest
from gui_helpers import find, type_into
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage, QRegion
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QTableWidget, QWidget

from yn_forms.core.draft import save_draft
from yn_forms.core.units import UnitLibrary, extract_unit
from yn_forms.forms import get_form
from yn_forms.gui.editors import Editor
from yn_forms.gui.pages import FieldRow, GroupEditor
from yn_forms.gui.unit_bar import UnitBar

CTRL = Qt.KeyboardModifier.ControlModifier


def editor_at(wizard, pointer: str) -> Editor:
    """The input of the field at *pointer*, on its page (shown, as the clerk would go there)."""
    wizard.go_to_pointer(pointer)
    rows = [r for r in wizard.findChildren(FieldRow) if r.pointer == pointer and r.isVisibleTo(wizard)]
    assert rows, pointer
    return rows[0].editor


def shown_hint(editor: Editor) -> str:
    """What an empty input shows greyed in its place."""
    return editor.focus_target().placeholderText()


def page_name(wizard) -> str:
    return wizard.pages[wizard.stack.currentIndex()].name


def group_of(wizard, pointer: str = "/members") -> GroupEditor:
    return next(g for g in wizard.findChildren(GroupEditor) if g.pointer == pointer)


def press(widget, key: Qt.Key, modifiers=CTRL) -> None:
    """A key pressed where the clerk's cursor is (shortcuts are looked up from there)."""
    widget.setFocus()
    QTest.keyClick(widget, key, modifiers)


# --- facts typed once -------------------------------------------------------------------------------

FACTS = {
    "innovation-centre": ("/cover/lead_unit", ["/basic/lead_unit_name", "/lead/name"], "封面"),
    "digital-scenario": ("/cover/unit", ["/applicant/name"], "封面"),
    "innovation-consortium": ("/cover/lead_unit", ["/units/0/name"], "封面"),
}


@pytest.mark.parametrize("form_id", list(FACTS))
def test_a_fact_typed_once_shows_in_every_place_and_is_never_asked_again(window, form_id):
    source, copies, where = FACTS[form_id]
    window.new_draft(form_id)
    wiz = window.wizard
    if form_id == "innovation-consortium":  # 六's first unit exists once it is added
        wiz.go_to_pointer("/units")
        QTest.mouseClick(find(wiz, "添加"), Qt.MouseButton.LeftButton)
    value = "云南锦川稀贵金属集团有限公司"
    type_into(editor_at(wiz, source).focus_target(), value)
    wiz.revalidate()
    for place in copies:
        editor = editor_at(wiz, place)
        assert editor.focus_target().text() == ""  # nothing typed there ...
        assert shown_hint(editor) == f"同{where}：{value}"  # ... it shows the cover's value, greyed
        assert "留空即与之相同" in editor.focus_target().toolTip()
        assert not [p for p in wiz.problems if p.path == place]
    # a different value typed in a copy is kept, and the form's consistency rule speaks
    other = "另一家有限公司"
    type_into(editor_at(wiz, copies[-1]).focus_target(), other)
    wiz.revalidate()
    assert wiz.document.get(copies[-1]) == other and wiz.document.get(source) == value
    assert any(other in p.message for p in wiz.problems if not p.rule.startswith("field."))


def test_the_participants_of_table_1_repeat_the_members_of_table_3(window):
    window.new_draft("innovation-centre")
    wiz = window.wizard
    wiz.go_to_pointer("/members")
    for name in ("昆明铂瑞精密合金有限公司", "云南澜沧理工学院"):
        QTest.mouseClick(find(wiz, "添加"), Qt.MouseButton.LeftButton)
        type_into(find(wiz, "单位名称", QLineEdit), name)
    participants = editor_at(wiz, "/basic/participants")
    assert participants.focus_target().toPlainText() == ""
    assert shown_hint(participants) == "同表3：\n昆明铂瑞精密合金有限公司\n云南澜沧理工学院"  # one a line, as typed
    wiz.revalidate()
    assert not [p for p in wiz.problems if p.path == "/basic/participants" and p.rule == "field.required"]


def test_the_consortium_tables_offer_its_own_units_still_editable(window, qtbot, qtlog):
    form = get_form("innovation-consortium")
    data = copy.deepcopy(form.example())
    data["team"] = []
    window.new_draft("innovation-consortium", data)
    wiz = window.wizard
    wiz.go_to_pointer("/team")
    table = find(wiz, "三、科研团队情况", QTableWidget)
    QTest.mouseClick(find(wiz, "添加行"), Qt.MouseButton.LeftButton)
    headers = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]
    column = headers.index("工作单位")
    table.setCurrentCell(0, column)
    table.editItem(table.item(0, column))
    combo = find(table, "工作单位 第1行", QComboBox)
    names = [u["name"] for u in data["units"]]
    assert [combo.itemText(i) for i in range(combo.count())] == names and combo.isEditable()
    combo.setCurrentIndex(2)
    QTest.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QTableWidget.State.EditingState)
    assert wiz.document.get("/team/0/employer") == names[2]
    assert not [r for r in qtlog.records if "commitData" in r.message]  # the list filled is not an edit


# --- undo and redo ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_deleted_member_asks_nothing_and_ctrl_z_brings_it_back_from_another_page(window, clerk, example):
    window.new_draft("innovation-centre", copy.deepcopy(example))
    wiz = window.wizard
    wiz.go_to_pointer("/members/1")
    name = example["members"][1]["name"]
    QTest.mouseClick(group_of(wiz).buttons["删除"], Qt.MouseButton.LeftButton)
    assert [m["name"] for m in wiz.data["members"]] == [m["name"] for m in example["members"] if m["name"] != name]
    assert clerk.questions() == []  # nothing asked ...
    assert f"已删除成员单位“{name}”" in window.statusBar().currentMessage()  # ... and it says how to undo
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    assert window.undo_action.text() == f"撤销 删除成员单位“{name}”(&U)"  # shown as 撤销 …(U)

    wiz.go_to(0)  # the clerk goes on elsewhere, typing on the cover
    leader = find(wiz, "负责人", QLineEdit)
    press(leader, Qt.Key.Key_Z)  # Ctrl+Z in a line edit is the draft's undo, not the line edit's
    assert wiz.data == example  # every value of the unit, in its place
    assert page_name(wiz) == "members" and group_of(wiz).list.currentRow() == 1
    assert find(wiz, "单位名称", QLineEdit).text() == name
    assert f"已撤销：删除成员单位“{name}”" in window.statusBar().currentMessage()

    press(find(wiz, "单位名称", QLineEdit), Qt.Key.Key_Y)  # Ctrl+Y
    assert len(wiz.data["members"]) == len(example["members"]) - 1
    press(group_of(wiz).list, Qt.Key.Key_Z)
    press(group_of(wiz).list, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # Ctrl+Shift+Z
    assert len(wiz.data["members"]) == len(example["members"]) - 1
    window.undo()
    assert wiz.data == example and not window.isWindowModified()


@pytest.mark.slow
def test_typing_in_a_field_is_one_step_and_undo_lands_in_that_field(window, tmp_path, centre, example):
    path = tmp_path / "d.ynform"
    save_draft(path, centre, example)
    window.open_path(path)
    wiz = window.wizard
    type_into(find(wiz, "负责人", QLineEdit), "王五")
    type_into(find(wiz, "手机", QLineEdit), "13900000000")
    assert window.undo_action.text() == "撤销 填写“手机”(&U)" and window.isWindowModified()
    wiz.go_to_pointer("/members/2/phone")
    window.undo()
    assert wiz.data["cover"]["mobile"] == example["cover"]["mobile"]
    assert page_name(wiz) == "cover" and QApplication.focusWidget() is find(wiz, "手机", QLineEdit)
    assert find(wiz, "手机", QLineEdit).text() == example["cover"]["mobile"]
    window.undo()
    assert find(wiz, "负责人", QLineEdit).text() == example["cover"]["leader"]
    assert wiz.data == example and not window.isWindowModified()  # back to what is saved
    assert not window.undo_action.isEnabled() and window.undo_action.text() == "撤销(&U)"
    window.redo()
    assert wiz.data["cover"]["leader"] == "王五" and window.isWindowModified()


def test_undo_is_emptied_when_another_draft_is_opened(window, clerk):
    window.new_draft("innovation-centre")
    type_into(find(window.wizard, "创新中心名称", QLineEdit), "测试中心")
    assert window.undo_action.isEnabled()
    clerk.answers.append("不保存")
    window.new_draft("digital-scenario")
    assert clerk.questions() == ["未保存的修改"]
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()


def test_a_fill_from_the_unit_library_and_an_excel_import_are_one_step_each(window, qtbot, example):
    centre = get_form("innovation-centre")
    with UnitLibrary() as library:
        library.upsert(extract_unit(centre, example, "/members/0"))
    window.new_draft("innovation-centre")
    wiz = window.wizard
    before = copy.deepcopy(wiz.data)
    wiz.go_to_pointer("/members")
    QTest.mouseClick(find(wiz, "添加"), Qt.MouseButton.LeftButton)
    bar = next(b for b in wiz.findChildren(UnitBar) if b.pointer == "/members/0")
    bar.fill_with(extract_unit(centre, example, "/members/0"))
    assert find(wiz, "地址", QLineEdit).text() == example["members"][0]["address"]  # the inputs repaint
    assert window.undo_action.text() == f"撤销 从单位库填入“{example['members'][0]['name']}”(&U)"
    window.undo()
    assert find(wiz, "地址", QLineEdit).text() == ""
    window.undo()
    assert wiz.data == before and group_of(wiz).list.count() == 0


def test_a_long_answer_undone_keeps_every_paragraph(window):
    window.new_draft("innovation-centre")
    wiz = window.wizard
    wiz.go_to_pointer("/plan/foundation")
    edit = find(wiz, "二、现有基础", QPlainTextEdit)
    type_into(edit, "第一段。\n第二段。")
    type_into(edit, "改写后的内容")
    window.undo()
    assert wiz.data["plan"]["foundation"] == "第一段。\n第二段。" and edit.toPlainText() == "第一段。\n第二段。"


def test_a_paste_is_a_step_of_its_own(window, qtbot):
    window.new_draft("innovation-centre")
    wiz = window.wizard
    address = editor_at(wiz, "/basic/address").focus_target()
    address.setFocus()
    QTest.keyClicks(address, "Kunming ")
    QApplication.clipboard().setText("Gaoxin District 1688")
    QTest.keyClick(address, Qt.Key.Key_V, CTRL)
    QTest.keyClicks(address, "!")
    assert wiz.data["basic"]["address"] == "Kunming Gaoxin District 1688!"
    window.undo()
    assert wiz.data["basic"]["address"] == "Kunming Gaoxin District 1688"
    window.undo()
    assert wiz.data["basic"]["address"] == "Kunming " and address.text() == "Kunming "
    window.undo()
    assert wiz.data["basic"]["address"] == ""


def test_undone_back_to_the_saved_draft_leaves_nothing_to_recover(window, tmp_path, centre, example):
    path = tmp_path / "d.ynform"
    save_draft(path, centre, example)
    window.open_path(path)
    type_into(find(window.wizard, "负责人", QLineEdit), "王五")
    window.autosave()
    assert window.autosaver.path.exists()
    window.undo()
    assert not window.isWindowModified() and not window.autosaver.path.exists()
    type_into(find(window.wizard, "负责人", QLineEdit), "赵六")
    window.autosave()
    assert window.autosaver.path.exists()  # still its own: the lock was kept


def test_the_status_line_goes_when_the_clerk_goes_on(window, example):
    window.new_draft("innovation-centre", copy.deepcopy(example))
    wiz = window.wizard
    wiz.go_to_pointer("/members/0")
    QTest.mouseClick(group_of(wiz).buttons["删除"], Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage().startswith("已删除成员单位")
    type_into(find(wiz, "地址", QLineEdit), "昆明市")
    assert window.statusBar().currentMessage() == ""


def drawn(widget: QWidget) -> QImage:
    """The widget's text drawn on white, without its background (which depends on where it sits)."""
    image = QImage(widget.size(), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    widget.render(image, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
    return image


def test_a_label_with_an_ampersand_prints_it(window):
    window.new_draft("innovation-centre")
    wiz = window.wizard
    wiz.go_to_pointer("/members")
    QTest.mouseClick(find(wiz, "添加"), Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is find(wiz, "单位名称", QLineEdit)  # typing after 添加 fills the new unit
    labels = [w for w in wiz.findChildren(QLabel) if "R&" in w.text()]
    assert labels
    for label in labels:  # drawn exactly as the same words in a label that has no shortcut to mark
        assert label.buddy() is not None
        label.resize(400, label.heightForWidth(400))
        plain = QLabel()
        plain.setTextFormat(Qt.TextFormat.RichText)
        plain.setText(label.text().replace("&amp;&amp;", "&amp;"))
        plain.setStyleSheet(label.styleSheet())
        plain.setFont(label.font())
        plain.setContentsMargins(label.contentsMargins())
        plain.setAlignment(label.alignment())
        plain.resize(label.size())
        assert drawn(label) == drawn(plain), "近三年R&D投入: the & is drawn, the D is not underlined"
