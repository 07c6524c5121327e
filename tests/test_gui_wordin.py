"""文件 › 从 Word 导入… and a member list's 从 Word 导入成员单位…, driven as the clerk drives them."""

from __future__ import annotations

import copy
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from yn_forms.forms import FORMS, get_form
from yn_forms.gui.pages import GroupEditor
from yn_forms.gui.wordin import WordDialog, import_application, import_members
from yn_forms.render.documents import fill_documents

MEMBERS_PAGE = 3  # 3、成员单位基本信息表


def members_group(window) -> GroupEditor:
    window.wizard.go_to(MEMBERS_PAGE)
    [group] = window.wizard.pages[MEMBERS_PAGE].findChildren(GroupEditor)
    return group


def imported(qtbot, window, **kwargs) -> bool:
    """``import_application`` to its end: the files are read off the GUI thread, the rest follows."""
    told: list[bool] = []
    assert import_application(window.context, then=told.append, **kwargs)
    qtbot.waitUntil(lambda: bool(told) and no_busy_dialog(window), timeout=30_000)
    return told[0]


def no_busy_dialog(window) -> bool:
    """The busy dialog gone (under load it shows), and the keys the window's again (gui.tasks gives them back
    when the dialog goes: a test that waited for the dialog alone once typed into nothing)."""
    if any(dialog.isVisible() for dialog in window.findChildren(QProgressDialog)):
        return False
    return QApplication.activeWindow() is window


def members_imported(qtbot, group, *args, **kwargs) -> int | None:
    """``import_members`` to its end, as ``imported``."""
    told: list[int | None] = []
    assert import_members(group, *args, then=told.append, **kwargs)
    qtbot.waitUntil(lambda: bool(told) and no_busy_dialog(group.window()), timeout=30_000)
    return told[0]


def menu_action(window, text: str):
    return next(a for a in window.findChildren(type(window.undo_action)) if a.text() == text)


@pytest.fixture
def centre_docs(tmp_path, example) -> list[Path]:
    return fill_documents(get_form("innovation-centre"), example, tmp_path / "docs")


def test_a_whole_application_becomes_a_new_draft(qtbot, window, clerk, centre_docs, example):
    assert window.wizard is None  # the start page
    clerk.paths.append(centre_docs)
    menu_action(window, "从 Word 导入(&W)…").trigger()
    qtbot.waitUntil(lambda: window.wizard is not None, timeout=30_000)
    assert window.wizard is not None and window.form.id == "innovation-centre"
    data = window.wizard.data
    assert data["cover"]["centre_name"] == example["cover"]["centre_name"]
    assert [m["name"] for m in data["members"]] == [m["name"] for m in example["members"]]
    assert data["plan"]["foundation"] == example["plan"]["foundation"]
    assert window.isWindowModified() and window.path is None  # not saved anywhere yet
    assert "已从 Word 文件新建“云南省制造业创新中心创建申报”草稿" in clerk.last_info
    assert "附件2-云南省制造业创新中心建设方案计划书.docx（云南省制造业创新中心建设方案计划书）" in clerk.last_info
    # what no attachment prints is said, not left 未开始 without a word
    told = clerk.last_info.split("以下内容 Word 附件中本来没有，请在草稿中填写：")[1]
    assert "· 研发方向" in told and "· 证明材料（在“证明材料”页添加文件或注明纸质件另附）" in told
    assert "未选择的附件" not in clerk.last_info


def test_one_attachment_of_two_names_the_other_not_its_fields_as_absent_from_word(qtbot, window, clerk,
                                                                                 centre_docs):
    """附件1 alone: 附件2's sections are not 'absent from every Word attachment' — 附件2 was not chosen."""
    clerk.paths.append(centre_docs[:1])
    menu_action(window, "从 Word 导入(&W)…").trigger()
    qtbot.waitUntil(lambda: window.wizard is not None and bool(clerk.last_info), timeout=30_000)
    told = clerk.last_info
    assert "未选择的附件" in told and "· 附件2-云南省制造业创新中心建设方案计划书" in told
    assert "二、现有基础" not in told  # 附件2's, not claimed to be in no attachment


def test_into_the_open_draft_the_differences_first_then_one_undoable_step(qtbot, window, clerk, example, tmp_path):
    window.new_draft("innovation-centre", copy.deepcopy(example))
    changed = copy.deepcopy(example)
    changed["cover"]["centre_name"] = "云南省稀贵金属材料制造业创新中心"
    changed["members"][1]["phone"] = "0877-2099999"
    docs = fill_documents(get_form("innovation-centre"), changed, tmp_path / "new")
    clerk.paths.append(docs)
    clerk.answers.append("导入到当前草稿")
    seen: dict[str, list[list[str]]] = {}

    def look_then_accept(dialog: WordDialog) -> bool:
        seen["rows"] = dialog.cells()
        seen["header"] = dialog.headers()
        assert window.wizard.data == example  # nothing changed while the clerk looks
        assert "共 2 处不同" in dialog.summary.text() and "取消则草稿不作任何改动" in dialog.summary.text()
        # the two long file names wrap inside the dialog: not as wide as the screen, its list cut at the edge
        assert "附件2-云南省制造业创新中心建设方案计划书.docx" in dialog.source.text()
        assert dialog.source.wordWrap() and dialog.sizeHint().width() <= 900
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
        return True

    assert imported(qtbot, window, decide=look_then_accept)
    assert seen["header"] == ["字段", "原有内容", "Word 文件中"]
    assert seen["rows"] == [
        ["封面·创新中心名称", example["cover"]["centre_name"], "云南省稀贵金属材料制造业创新中心"],
        ["云南滇峰电子材料股份有限公司·电话", example["members"][1]["phone"], "0877-2099999"]]
    data = window.wizard.data
    assert data["cover"]["centre_name"] == "云南省稀贵金属材料制造业创新中心"
    assert data["members"][1]["phone"] == "0877-2099999"
    assert data["summary"] == example["summary"]  # what no Word file carries is kept
    assert window.undo_action.text() == "撤销 从 Word 导入“附件1-云南省制造业创新中心创建申报书.docx 等 2 个文件”(&U)"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.wizard.data == example  # one Ctrl+Z undoes the whole import


def test_one_attachment_never_offers_to_clear_what_it_does_not_print(qtbot, window, clerk, tmp_path):
    """The 组建申请表 alone prints neither the units' 法定代表人 (the 组建协议 does) nor the projects'
    财政支持 amounts: read over the full draft, it offered to blank all of them. Only what it prints and
    says otherwise is offered — here one project's 级别, the rest of that row kept."""
    form = get_form("innovation-consortium")
    example = form.example()
    window.new_draft(form.id, copy.deepcopy(example))
    changed = copy.deepcopy(example)
    changed["projects"][1]["level"] = "国家级"
    docs = fill_documents(form, changed, tmp_path / "new")
    clerk.paths.append([d for d in docs if "申请表" in d.name])
    clerk.answers.append("导入到当前草稿")
    seen: list[list[str]] = []

    def look_then_accept(dialog: WordDialog) -> bool:
        seen.extend(dialog.cells())
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
        return True

    assert imported(qtbot, window, decide=look_then_accept)
    assert len(seen) == 1 and seen[0][0].startswith("五、")  # the projects' table, and nothing of the units
    data = window.wizard.data
    assert data["projects"][1]["level"] == "国家级"
    assert [p["funding"] for p in data["projects"]] == [p["funding"] for p in example["projects"]]
    assert [u["legal_rep"] for u in data["units"]] == [u["legal_rep"] for u in example["units"]]


def test_cancel_changes_nothing(qtbot, window, clerk, example, tmp_path):
    window.new_draft("innovation-centre", copy.deepcopy(example))
    changed = copy.deepcopy(example)
    changed["basic"]["address"] = "昆明市呈贡区"
    clerk.paths.append(fill_documents(get_form("innovation-centre"), changed, tmp_path / "new"))
    clerk.answers.append("导入到当前草稿")
    assert not imported(qtbot, window, decide=lambda dialog: False)
    assert window.wizard.data == example


def test_another_forms_attachment_is_named_and_nothing_changes(qtbot, window, clerk, example, tmp_path):
    window.new_draft("innovation-centre", copy.deepcopy(example))
    brand = get_form("consumer-brand")
    clerk.paths.append(fill_documents(brand, brand.example(), tmp_path / "brand"))
    assert not imported(qtbot, window)
    assert "是“云南消费名品申报”的附件" in clerk.last_warning and "可先返回首页" in clerk.last_warning
    assert window.wizard.data == example


@pytest.mark.slow
def test_member_units_from_several_files_added_as_one_step(qtbot, window, clerk, example, tmp_path):
    from handfilled import innovation_centre

    window.new_draft("innovation-centre", copy.deepcopy(example))
    group = members_group(window)
    before = len(group.items())
    one, _ = innovation_centre(tmp_path)  # two 表3, filled by hand, of units not in the list
    returned = copy.deepcopy(example)  # the members' 表3 sent back: one phone changed, one unit more
    returned["members"][1]["phone"] = "0877-2099999"
    returned["members"].append({**copy.deepcopy(example["members"][0]), "name": "云南新材测试有限公司"})
    other = fill_documents(get_form("innovation-centre"), returned, tmp_path / "gen")[0]
    clerk.paths.append([*one, other])
    seen: dict[str, object] = {}

    def look_then_accept(dialog) -> bool:
        seen["rows"] = dialog.cells()
        seen["summary"] = dialog.summary.text()
        assert window.wizard.data == example  # nothing written while the clerk looks
        return True

    assert members_imported(qtbot, group, decide=look_then_accept) == 4
    name = example["members"][1]["name"]
    assert seen["rows"] == [[f"{name}·电话", example["members"][1]["phone"], "0877-2099999"]]
    assert "共 1 处不同" in seen["summary"] and "另有 3 家不在列表中的单位" in seen["summary"]
    members = window.wizard.data["members"]
    assert len(members) == before + 3  # the listed units are not added a second time
    assert members[1]["phone"] == "0877-2099999" and members[0] == example["members"][0]
    assert members[before]["name"] == "云南花语生物科技有限公司" and members[before]["founded"] == "2015-03-18"
    assert members[before + 1]["economic_type"]["ownership"] == "其它"
    assert members[before + 2]["name"] == "云南新材测试有限公司"
    assert "已导入 3 家单位" in clerk.last_info and "附件1-手填.docx：2 家" in clerk.last_info
    assert f"已更新列表中已有的 1 家：{name}" in clerk.last_info and "内容相同的 3 家未作改动" in clerk.last_info
    assert "从“附件1-手填.docx 等 2 个文件”导入成员单位（新增3项，更新1项）" in window.undo_action.text()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.wizard.data == example  # one Ctrl+Z undoes it all


@pytest.mark.slow
def test_member_units_already_listed_alike_change_nothing_and_cancel_keeps_the_draft(qtbot, window, clerk, example,
                                                                                      tmp_path):
    window.new_draft("innovation-centre", copy.deepcopy(example))
    group = members_group(window)
    same = fill_documents(get_form("innovation-centre"), example, tmp_path / "same")[0]
    assert members_imported(qtbot, group, [same]) is None
    assert "都已在列表中，内容相同，没有需要导入的修改" in clerk.last_info
    changed = copy.deepcopy(example)
    changed["members"][0]["address"] = "昆明市呈贡区"
    other = fill_documents(get_form("innovation-centre"), changed, tmp_path / "changed")[0]
    assert members_imported(qtbot, group, [other], decide=lambda dialog: False) is None
    assert window.wizard.data == example


def test_a_file_without_member_tables_adds_nothing(qtbot, window, clerk, example, tmp_path):
    window.new_draft("innovation-centre", copy.deepcopy(example))
    group = members_group(window)
    plan = fill_documents(get_form("innovation-centre"), example, tmp_path / "gen")[1]  # 附件2: no 表3 in it
    clerk.paths.append([plan])
    qtbot.mouseClick(group.buttons["从 Word 导入成员单位…"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "中没有找到填写了内容的成员单位表格" in clerk.last_warning, timeout=30_000)
    assert window.wizard.data == example


def test_cancel_while_the_files_are_read_stops_within_a_second_and_keeps_the_draft(qtbot, window, clerk, example,
                                                                                   tmp_path):
    """A 附件1 with 200,000 paragraphs appended takes seconds to read: 取消 in the busy dialog stops the
    reading within a second (the reader asks whether to stop many times a second), and nothing is asked,
    read in or changed."""
    from large_docx import appended, short_paragraphs

    window.new_draft("innovation-centre", copy.deepcopy(example))
    changed = copy.deepcopy(example)
    changed["cover"]["centre_name"] = "云南省稀贵金属材料制造业创新中心"
    first = fill_documents(get_form("innovation-centre"), changed, tmp_path / "new")[0]
    clerk.paths.append([appended(first, tmp_path / "long.docx", short_paragraphs(200_000))])
    told: list[bool] = []
    assert import_application(window.context, then=told.append)
    said = len(clerk.said)  # the file chosen
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QProgressDialog)), timeout=10_000)
    busy = next(d for d in window.findChildren(QProgressDialog) if d.isVisible())
    assert busy.labelText() == "正在读取 Word 文件…" and not told  # still reading
    start = time.perf_counter()
    next(b for b in busy.findChildren(QPushButton) if b.text() == "取消").click()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert time.perf_counter() - start < 1.0
    assert told == [False] and clerk.said[said:] == []  # no question, no warning, no result
    assert window.statusBar().currentMessage() == "已取消从 Word 导入，草稿没有改动。"
    assert window.wizard.data == example


def test_a_difference_of_spaces_alone_is_no_difference(example, centre_docs):
    """A space after a name (kept by an older draft) prints as nothing: the import offers no change whose two
    sides look the same."""
    from yn_forms.gui.wordin import word_changes
    from yn_forms.render.wordin.importer import import_documents

    form = get_form("innovation-centre")
    result = import_documents(form, centre_docs, FORMS)
    spaced = copy.deepcopy(example)
    spaced["cover"]["leader"] = example["cover"]["leader"] + " "
    assert not [c for c in word_changes(form, spaced, result) if c.path == "/cover/leader"]
    spaced["cover"]["leader"] = "别人"
    assert [c for c in word_changes(form, spaced, result) if c.path == "/cover/leader"]
