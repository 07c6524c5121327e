"""成员单位数据包 in the real windows (pytest-qt, off screen): the lead sends, the member fills, the lead takes it in.

Two windows stand for the two offices: the lead's with the application open on
3、成员单位基本信息表, the member's that only ever sees the packet. File dialogs are
answered by the scripted clerk (``gui.clerk``); the diff dialog opens with ``open()``
and is driven through its buttons, as a clerk would click them.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
from gui_helpers import find, type_into
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from yn_forms.core.member_sheet import write_members_template
from yn_forms.core.packets import read_packet
from yn_forms.gui.clerk import ScriptedClerk
from yn_forms.gui.clerk import clerk as current_clerk
from yn_forms.gui.packets import PacketPage, ReplyDialog, import_excel, import_packet
from yn_forms.gui.pages import FieldRow, GroupEditor
from yn_forms.gui.window import MainWindow
from yn_forms.gui.window_context import shown_dialog

MEMBERS_PAGE = 3  # 3、成员单位基本信息表
MEMBER = 1  # 云南滇峰电子材料股份有限公司
NAME = "云南滇峰电子材料股份有限公司"
#: where the README's pictures are written: ``YN_SCREENSHOTS=docs/images pytest tests/test_gui_packets.py -k
#: screenshots``; otherwise a temporary folder, so that a test run leaves the repository as it was
SCREENSHOTS_ENV = "YN_SCREENSHOTS"


def answer_file_dialogs(path: Path) -> ScriptedClerk:
    """The next file dialog answers *path*; the clerk remembers which dialog asked."""
    clerk = current_clerk()
    assert isinstance(clerk, ScriptedClerk)
    clerk.paths.append(path)
    return clerk


def dialogs_asked(clerk: ScriptedClerk) -> list[str]:
    return [title for kind, title, _text in clerk.said if kind in ("save_path", "open_path")]


def members_group(window: MainWindow) -> GroupEditor:
    window.wizard.go_to(MEMBERS_PAGE)
    [group] = window.wizard.pages[MEMBERS_PAGE].findChildren(GroupEditor)
    return group


def click(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisibleTo(button.window())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def lead(window, example):
    """The lead's window with the example application, on the member list, the 2nd unit selected."""
    window.new_draft("innovation-centre", copy.deepcopy(example))
    group = members_group(window)
    group.list.setCurrentRow(MEMBER)
    return window


@pytest.fixture
def member(qtbot):
    """The member unit's own copy of the app, another office, nothing open."""
    other = MainWindow()
    qtbot.addWidget(other)
    other.show()
    return other


def send(qtbot, lead: MainWindow, path: Path) -> Path:
    clerk = answer_file_dialogs(path)
    click(qtbot, members_group(lead).buttons["发送数据包…"])
    assert dialogs_asked(clerk)[-1:] == ["保存发给成员单位的数据包"] and not clerk.paths
    assert f"请把这个文件发给“{NAME}”" in clerk.last_info
    return path


def fill_and_reply(qtbot, member: MainWindow, request: Path, reply: Path) -> PacketPage:
    assert member.open_path(request)
    page = member.packet_page
    type_into(find(page, "电话", QLineEdit), "0877-2099999")
    type_into(find(page, "职工总数", QLineEdit), "300")
    answer_file_dialogs(reply)
    click(qtbot, find(page, "保存回复数据包…"))
    return page


def test_on_a_packet_page_ctrl_s_saves_the_reply_and_the_application_commands_are_off(qtbot, lead, member,
                                                                                      tmp_path):
    request = send(qtbot, lead, tmp_path / "滇峰-数据包.ynpack")
    assert member.open_path(request)
    for name in ("另存为(&A)…", "生成申报材料(&G)…", "预览和打印(&P)…", "盖章扫描件(&K)…"):
        assert not member.findChild(QAction, name).isEnabled(), name  # no application behind the packet
    assert member.findChild(QAction, "返回首页(&H)").isEnabled()
    type_into(find(member.packet_page, "电话", QLineEdit), "0877-2099999")
    reply = tmp_path / "滇峰-回复.ynpack"
    clerk = answer_file_dialogs(reply)
    member.findChild(QAction, "保存(&S)").trigger()  # what Ctrl+S does
    assert dialogs_asked(clerk)[-1:] == ["保存回复数据包"] and reply.is_file()
    # the window now names the reply: the file being worked on is the one saved (and saved again beside it)
    assert member.windowTitle().startswith("滇峰-回复.ynpack") and not member.isWindowModified()
    assert member.packet_page.suggested_path().parent == reply.parent


def test_member_sees_only_its_own_table_and_the_same_checks(qtbot, lead, member, example, tmp_path):
    request = send(qtbot, lead, tmp_path / "滇峰-数据包.ynpack")
    assert read_packet(request, lead.form).data == example["members"][MEMBER]

    assert member.open_path(request)
    page = member.packet_page
    assert member.stack.currentWidget() is page and member.wizard is None
    assert member.windowTitle().startswith("滇峰-数据包.ynpack") and "成员单位数据包" in member.windowTitle()
    rows = page.findChildren(FieldRow)
    assert rows and all(row.pointer.startswith(f"/members/{MEMBER}/") for row in rows)
    assert {row.editor.node.title for row in rows} >= {"单位名称", "邮编", "手机", "近三年销售收入(万元)"}
    assert not any(row.editor.node.title in ("创新中心名称", "牵头单位") for row in rows)  # nothing of the rest
    assert find(page, "单位名称", QLineEdit).text() == NAME  # prefilled with what the lead has
    assert page.problems == [] and "没有发现问题" in page.summary.text()
    assert "云南锦川稀贵金属集团有限公司" in page.findChild(type(page.summary), "pageHint").text()

    mobile = find(page, "手机", QLineEdit)
    type_into(mobile, "1388888")
    row = next(r for r in rows if r.pointer == f"/members/{MEMBER}/contact_mobile")
    assert "手机号码不正确" in row.problem_label.full
    assert "1 个错误" in page.summary.text() and member.isWindowModified()
    type_into(mobile, "")
    assert page.summary.text().startswith("还有 1 项待填写") and "错误" not in page.summary.text()  # a blank is to do
    type_into(mobile, "13769712345")
    assert row.problem_label.full == "" and page.problems == []


@pytest.mark.slow
def test_lead_member_lead_through_the_windows(qtbot, lead, member, tmp_path, clerk):
    request = send(qtbot, lead, tmp_path / "滇峰-数据包.ynpack")
    reply = tmp_path / "滇峰-回复.ynpack"
    page = fill_and_reply(qtbot, member, request, reply)
    assert reply.exists() and not member.isWindowModified()
    assert f"已保存：{reply}" in clerk.last_info and "请把这个文件发回牵头单位“云南锦川稀贵金属集团有限公司”" in \
        clerk.last_info
    assert read_packet(reply, lead.form, expect="reply").data["phone"] == "0877-2099999"
    assert page.suggested_path().name == f"{NAME}-回复.ynpack"

    # the lead meanwhile looks at another unit; the import finds the right one
    group = members_group(lead)
    group.list.setCurrentRow(0)
    lead.setWindowModified(False)
    answer_file_dialogs(reply)
    click(qtbot, group.buttons["导入数据包…"])
    dialog = shown_dialog(lead, ReplyDialog)
    assert isinstance(dialog, ReplyDialog) and dialog.isVisible() and dialog.isModal()
    cells = dialog.cells()
    assert dialog.headers() == ["字段", "原有内容", "成员单位填写"]
    assert cells == [["电话", "0877-2012345", "0877-2099999"], ["职工总数", "265 人", "300 人"]]
    assert f"将更新草稿中的第{MEMBER + 1}项“{NAME}”" in " ".join(w.text() for w in dialog.findChildren(
        type(dialog.summary)))
    assert "共 2 处修改" in dialog.summary.text() and "没有发现问题" in dialog.summary.text()
    assert not dialog.new_button.isVisible()  # the same unit: nothing to choose
    assert lead.wizard.data["members"][MEMBER]["phone"] == "0877-2012345"  # not before 接受

    click(qtbot, dialog.accept_button)
    assert not dialog.isVisible()
    assert lead.wizard.data["members"][MEMBER]["phone"] == "0877-2099999"
    assert lead.wizard.data["members"][MEMBER]["staff_total"] == 300
    assert group.list.currentRow() == MEMBER and lead.isWindowModified()
    assert find(lead.wizard, "电话", QLineEdit).text() == "0877-2099999"  # the editors show the new values
    assert find(lead.wizard, "职工总数", QLineEdit).text() == "300"
    assert not [p for p in lead.wizard.problems if p.is_error]


@pytest.mark.slow
def test_a_reply_opened_over_the_application_is_reviewed_and_can_be_cancelled(qtbot, lead, member,
                                                                            example, tmp_path):
    request = send(qtbot, lead, tmp_path / "r.ynpack")
    reply = tmp_path / "a.ynpack"
    fill_and_reply(qtbot, member, request, reply)
    assert lead.open_path(reply)  # 文件 › 打开 on the answer, with the application open
    dialog = shown_dialog(lead, ReplyDialog)
    assert dialog.isVisible() and len(dialog.cells()) == 2
    click(qtbot, dialog.cancel_button)
    assert lead.wizard.data == example and lead.stack.currentWidget() is lead.wizard


@pytest.mark.slow
def test_the_lead_chooses_when_the_unit_at_the_place_has_another_name(qtbot, lead, member, tmp_path):
    request = send(qtbot, lead, tmp_path / "r.ynpack")
    reply = tmp_path / "a.ynpack"
    fill_and_reply(qtbot, member, request, reply)
    group = members_group(lead)
    count = len(group.items())
    click(qtbot, group.buttons["删除"])  # the unit left the consortium; the next one moved up
    next_name = lead.wizard.data["members"][MEMBER]["name"]

    def add_instead(dialog: ReplyDialog) -> bool:
        assert dialog.new_button.isVisibleTo(dialog)
        assert f"注意：发送数据包时这一项是“{NAME}”" in " ".join(w.text() for w in dialog.findChildren(
            type(dialog.summary)))
        click(qtbot, dialog.new_button)
        return True

    assert import_packet(group, reply, decide=add_instead)
    members = lead.wizard.data["members"]
    assert len(members) == count and members[MEMBER]["name"] == next_name  # the other unit is untouched
    assert members[-1]["name"] == NAME and members[-1]["phone"] == "0877-2099999"
    assert group.list.currentRow() == count - 1


@pytest.mark.slow
def test_tampered_or_wrong_packets_get_a_warning_and_change_nothing(qtbot, lead, member, example,
                                                                    tmp_path, clerk):
    request = send(qtbot, lead, tmp_path / "r.ynpack")
    reply = tmp_path / "a.ynpack"
    fill_and_reply(qtbot, member, request, reply)
    reply.write_bytes(reply.read_bytes().replace(b"0877-2099999", b"0877-2099998"))
    group = members_group(lead)
    answer_file_dialogs(reply)
    click(qtbot, group.buttons["导入数据包…"])
    assert "校验不通过" in clerk.last_warning and "a.ynpack" in clerk.last_warning
    assert shown_dialog(lead, ReplyDialog) is None and lead.wizard.data == example and not lead.isWindowModified()

    answer_file_dialogs(request)  # the lead's own request, before the unit answered
    click(qtbot, group.buttons["导入数据包…"])
    assert "还没有成员单位填写的内容" in clerk.last_warning and lead.wizard.data == example

    assert not member.open_path(reply)  # the member cannot open it either
    assert "校验不通过" in clerk.last_warning


@pytest.mark.slow
def test_excel_member_list_through_the_buttons(qtbot, window, centre, example, tmp_path, clerk):
    window.new_draft("innovation-centre", copy.deepcopy(example))
    group = members_group(window)
    template = tmp_path / "模板.xlsx"
    answer_file_dialogs(template)
    click(qtbot, group.buttons["Excel模板…"])
    assert template.exists() and "已保存" in clerk.last_info
    headers = write_members_template(centre, "/members", tmp_path / "h.xlsx")
    book = load_workbook(template)
    book.active.append({headers.index("单位名称") + 1: "甲公司", headers.index("邮编") + 1: "6501",
                        headers.index("职工总数") + 1: 12})
    book.active.append({headers.index("单位名称") + 1: "乙大学", headers.index("职工总数") + 1: 800})
    book.save(template)
    count = len(example["members"])
    answer_file_dialogs(template)
    click(qtbot, group.buttons["从 Excel 导入成员单位…"])
    members = window.wizard.data["members"]
    assert [m["name"] for m in members[count:]] == ["甲公司", "乙大学"] and members[count]["staff_total"] == 12
    assert group.list.count() == count + 2 and group.list.item(count).text() == f"{count + 1}. 甲公司"
    assert group.list.currentRow() == count and find(window.wizard, "单位名称", QLineEdit).text() == "甲公司"
    report = clerk.last_warning
    assert f"导入 2 家单位（第{count + 1}–{count + 2}项）" in report
    assert f"第2行 {chr(ord('A') + headers.index('邮编'))}列（邮编）“6501”：邮编应为6位数字" in report
    assert window.isWindowModified()

    before = copy.deepcopy(window.wizard.data)
    not_a_sheet = tmp_path / "坏.xlsx"
    not_a_sheet.write_bytes(b"not a workbook")
    answer_file_dialogs(not_a_sheet)
    click(qtbot, group.buttons["从 Excel 导入成员单位…"])
    assert "坏.xlsx" in clerk.last_warning and window.wizard.data == before


@pytest.mark.slow
def test_an_excel_sheet_imported_again_updates_its_units_instead_of_listing_them_twice(qtbot, window, centre,
                                                                                           example, tmp_path, clerk):
    window.new_draft("innovation-centre", copy.deepcopy(example))
    group = members_group(window)
    sheet = tmp_path / "成员单位.xlsx"
    headers = write_members_template(centre, "/members", sheet)
    book = load_workbook(sheet)
    listed = example["members"][1]
    book.active.append({headers.index("单位名称") + 1: listed["name"], headers.index("电话") + 1: "0877-2099999"})
    book.active.append({headers.index("单位名称") + 1: "丙研究院", headers.index("职工总数") + 1: 40})
    book.save(sheet)
    count = len(example["members"])
    seen: dict[str, object] = {}

    def look_then_accept(dialog) -> bool:
        seen["rows"] = dialog.cells()
        assert window.wizard.data == example  # nothing written while the clerk looks
        return True

    import_excel(group, sheet, decide=look_then_accept)
    assert seen["rows"] == [[f"{listed['name']}·电话", listed["phone"], "0877-2099999"]]
    members = window.wizard.data["members"]
    assert len(members) == count + 1 and members[count]["name"] == "丙研究院"  # the listed unit is not added again
    assert members[1]["phone"] == "0877-2099999" and members[1]["address"] == listed["address"]  # blanks keep
    said = clerk.said[-1][2]
    assert f"导入 1 家单位（第{count + 1}项）" in said and f"已更新列表中已有的 1 家：{listed['name']}" in said
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.wizard.data == example  # one step


@pytest.mark.slow
def test_screenshots_of_both_sides(qtbot, lead, member, tmp_path):
    """The member's page with a problem in sight, the lead's diff of a typical reply (docs/images)."""
    shots = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path / "screenshots")
    request = send(qtbot, lead, tmp_path / f"{NAME}-数据包.ynpack")
    member.resize(1200, 800)
    assert member.open_path(request)
    page = member.packet_page
    type_into(find(page, "电话", QLineEdit), "0877-2099999")
    type_into(find(page, "职工总数", QLineEdit), "300")
    type_into(find(page, "近三年销售收入(万元) 2025年", QLineEdit), "52000.00")
    type_into(find(page, "手机", QLineEdit), "1376971234")  # one digit short, as typed in a hurry
    products = find(page, "主导产品或服务", QPlainTextEdit)
    products.clear()
    type_into(products, "银浆、金浆、溅射靶材；光伏导电银浆、MLCC 内电极镍浆、半导体封装用键合金丝")
    assert "手机号码不正确" in " ".join(r.problem_label.full for r in page.findChildren(FieldRow))
    shots.mkdir(parents=True, exist_ok=True)
    qtbot.waitExposed(member)
    assert member.grab().save(str(shots / "packet-member-page.png"))

    reply = tmp_path / f"{NAME}-回复.ynpack"
    answer_file_dialogs(reply)
    page.save_reply(reply)  # 仍然保存 with the error: the lead sees it too
    assert lead.open_path(reply)
    dialog = shown_dialog(lead, ReplyDialog)
    qtbot.waitExposed(dialog)
    assert len(dialog.cells()) == 5 and "· 手机：手机号码不正确" in dialog.summary.text()
    assert dialog.cells()[3] == [
        "近三年销售收入(万元)", "2025年 51236.88（万元）", "2025年 52000.00（万元）"]
    assert dialog.cells()[4][2] == "银浆、金浆、溅射靶材；光伏导电银浆、MLCC 内电极镍浆、半导体封装用键合金丝"
    assert dialog.grab().save(str(shots / "packet-reply-dialog.png"))
    click(qtbot, dialog.cancel_button)


@pytest.mark.slow
def test_a_reply_for_a_unit_no_longer_in_the_list_is_added_as_new(qtbot, lead, member, tmp_path):
    request = send(qtbot, lead, tmp_path / "r.ynpack")
    reply = tmp_path / "a.ynpack"
    fill_and_reply(qtbot, member, request, reply)
    group = members_group(lead)
    group.list.setCurrentRow(MEMBER)
    while len(group.items()) > MEMBER:
        click(qtbot, group.buttons["删除"])
    assert lead.open_path(reply)
    dialog = shown_dialog(lead, ReplyDialog)
    assert dialog.accept_button.text() == "添加为新的一项" and not dialog.new_button.isVisible()
    assert "已没有数据包对应的第2项" in " ".join(w.text() for w in dialog.findChildren(type(dialog.summary)))
    click(qtbot, dialog.accept_button)
    members = lead.wizard.data["members"]
    assert len(members) == MEMBER + 1 and members[MEMBER]["name"] == NAME and members[MEMBER]["phone"] == "0877-2099999"
    assert group.list.count() == MEMBER + 1 and find(lead.wizard, "单位名称", QLineEdit).text() == NAME


def test_a_packet_page_sends_the_member_to_no_review_page_it_does_not_have(qtbot, lead, member, tmp_path):
    request = send(qtbot, lead, tmp_path / "滇峰-数据包.ynpack")
    assert member.open_path(request)
    page = member.packet_page
    row = next(r for r in page.findChildren(FieldRow) if r.pointer == f"/members/{MEMBER}/sales")
    years = [e for e in page.findChildren(QLineEdit) if e.accessibleName().startswith("近三年销售收入(万元) ")]
    for edit in years[:2]:
        type_into(edit, "")
    assert "另有 1 条，见提示）" in row.problem_label.text() and "审核" not in row.problem_label.text()
