"""The real window, driven as a clerk would (pytest-qt, off screen)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from docx_helpers import all_text, open_docx
from gui_helpers import click_option, find, type_into, type_text
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from yn_forms.core.draft import read_input, save_draft
from yn_forms.core.formdef import walk_fields
from yn_forms.forms import FORMS, get_form
from yn_forms.gui.app import make_app, offer_recovery
from yn_forms.gui.autosave import find_recoveries
from yn_forms.gui.editors import Editor
from yn_forms.gui.window import MainWindow


def test_start_page_lists_the_forms_and_starts_one(window):
    assert "云南省制造业创新中心创建申报" in window.start.forms.item(0).text()
    window.start.forms.setCurrentRow(0)
    window.start._start_selected()
    assert window.wizard is not None
    titles = [window.wizard.sections.item(i).text().split("\n")[0] for i in range(window.wizard.sections.count())]
    assert titles == ["封面", "1、创新中心创建基本信息表", "2、牵头单位信息表", "3、成员单位基本信息表",
                      "附件2 建设方案计划书", "附件3 汇总表信息", "证明材料", "审核"]
    buttons = {b.text() for b in window.wizard.findChildren(QWidget) if hasattr(b, "text") and
               b.metaObject().className() == "QPushButton"}
    assert {"上一步", "下一步", "保存", "生成申报材料"} <= buttons


def test_typed_values_are_checked_beside_the_field_and_on_the_review_page(window, qtbot):
    window.new_draft("innovation-centre")
    wiz = window.wizard
    type_into(find(wiz, "创新中心名称", QLineEdit), "云南省测试制造业创新中心")
    type_into(find(wiz, "手机", QLineEdit), "1388888")
    assert wiz.data["cover"]["centre_name"] == "云南省测试制造业创新中心"
    row = next(r for r in wiz.pages[0].rows() if r.pointer == "/cover/mobile")
    assert "手机号码不正确" in row.problem_label.full
    assert "有问题" in wiz.sections.item(0).text()
    wiz.go_to(wiz.stack.count() - 1)
    texts = [wiz.review.tree.topLevelItem(i).child(j).text(1) for i in range(wiz.review.tree.topLevelItemCount())
             for j in range(wiz.review.tree.topLevelItem(i).childCount())]
    assert any("手机号码不正确" in t for t in texts)
    # one click on the problem brings the user back to the field
    cover = wiz.review.tree.topLevelItem(0)
    mobile_item = next(cover.child(j) for j in range(cover.childCount()) if "手机号码" in cover.child(j).text(1))
    wiz.review.tree.itemClicked.emit(mobile_item, 0)
    assert wiz.stack.currentIndex() == 0


def test_word_counter_turns_red_past_the_limit(window, qtbot):
    window.new_draft("innovation-centre")
    wiz = window.wizard
    wiz.go_to(1)
    edit = find(wiz, "主要研发内容(200字以内)", QPlainTextEdit)
    edit.setPlainText("研" * 201)
    counter = edit.parent().findChild(QWidget, "wordCounter")
    assert counter.text() == "201/200字" and "c62828" in counter.styleSheet()
    assert wiz.data["basic"]["research"] == "研" * 201  # nothing cut off


@pytest.mark.slow
def test_a_member_name_typed_in_table_1_is_offered_in_table_3_and_picked_whole(window, qtbot):
    window.new_draft("innovation-centre")
    wiz = window.wizard
    wiz.go_to(1)
    participants = find(wiz, "参与单位", QPlainTextEdit)
    participants.setFocus()
    type_text(participants, "昆明理工大学\n云南省贵金属研究所")
    participants.clearFocus()
    wiz.go_to(3)
    qtbot.mouseClick(find(wiz, "添加"), Qt.MouseButton.LeftButton)
    name = find(wiz, "单位名称", QLineEdit)
    name.setFocus()
    type_text(name, "贵金属")  # a part of the name is enough
    popup = name.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())] == ["云南省贵金属研究所"]
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert wiz.data["members"][0]["name"] == "云南省贵金属研究所"  # picked whole, into the draft
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert wiz.data["members"][0]["name"] != "云南省贵金属研究所"  # one step of 撤销


def test_member_units_add_save_reopen(window, qtbot, tmp_path):
    window.new_draft("innovation-centre")
    wiz = window.wizard
    wiz.go_to(3)
    add = find(wiz, "添加")
    for name in ("甲公司", "乙大学", "丙研究院"):
        qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
        type_into(find(wiz, "单位名称", QLineEdit), name)
    assert [m["name"] for m in wiz.data["members"]] == ["甲公司", "乙大学", "丙研究院"]
    group_list = find(wiz, "3、成员单位基本信息表")
    assert group_list.item(1).text() == "2. 乙大学"
    group_list.setCurrentRow(1)
    qtbot.mouseClick(find(wiz, "上移"), Qt.MouseButton.LeftButton)
    assert [m["name"] for m in wiz.data["members"]] == ["乙大学", "甲公司", "丙研究院"]
    type_into(find(wiz, "手机", QLineEdit), "13888888888")
    path = tmp_path / "draft.ynform"
    assert window._save_to(path)
    assert not window.isWindowModified()
    window.close_draft()  # a draft open in one window is another's to look at read-only (tests/test_gui_one_writer.py)
    reopened = MainWindow()
    qtbot.addWidget(reopened)
    assert reopened.open_path(path)
    assert [m["name"] for m in reopened.wizard.data["members"]] == ["乙大学", "甲公司", "丙研究院"]
    assert reopened.wizard.data["members"][0]["contact_mobile"] == "13888888888"
    reopened.wizard.go_to(3)
    assert find(reopened.wizard, "单位名称", QLineEdit).text() == "乙大学"


def test_every_value_of_a_full_draft_survives_open_and_save(window, centre, example, tmp_path):
    path = tmp_path / "full.ynform"
    save_draft(path, centre, example)
    assert window.open_path(path)
    assert window._save_to(tmp_path / "again.ynform")
    assert read_input(tmp_path / "again.ynform").data == example


def test_broken_or_foreign_file_is_explained_and_unchanged(window, tmp_path, clerk):
    broken = tmp_path / "broken.ynform"
    broken.write_text('{"format": "yn-forms/draft", "form": "innovation-centre", "data": {', encoding="utf-8")
    before = broken.read_bytes()
    assert not window.open_path(broken)
    assert "文件已损坏或不完整" in clerk.last_warning
    assert broken.read_bytes() == before
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps({"name": "别的数据"}), encoding="utf-8")
    assert not window.open_path(foreign)  # no form knows it: the clerk is asked, and cancels
    assert clerk.questions() == ["选择申报表"]
    assert window.wizard is None and json.loads(foreign.read_text(encoding="utf-8")) == {"name": "别的数据"}


def test_autosave_of_a_live_window_is_not_offered_to_another_copy(window, qtbot):
    window.new_draft("innovation-centre")
    type_into(find(window.wizard, "负责人", QLineEdit), "张三")
    window.autosave()
    assert window.autosaver.path.exists()
    assert find_recoveries() == []  # a second copy of the app must not "recover" a draft still open
    window.autosaver.lock.unlock()  # as when the process dies
    recoveries = find_recoveries()
    assert len(recoveries) == 1 and recoveries[0].data["cover"]["leader"] == "张三"


def start_fresh(qtbot) -> MainWindow:
    fresh = MainWindow()
    qtbot.addWidget(fresh)
    return fresh


@pytest.mark.slow
def test_killed_app_is_restored_at_the_next_start_with_every_value(qtbot, tmp_path, clerk):
    make_app()
    held = tmp_path / "held.json"
    proc = subprocess.Popen([sys.executable, str(Path(__file__).parent / "scripts" / "crash_app.py"), str(held)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "READY", proc.stderr.read()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    expected = json.loads(held.read_text(encoding="utf-8"))
    assert expected["basic"]["participants"] == ["昆明理工大学", "云南大学"]

    fresh = start_fresh(qtbot)
    clerk.answers.append("恢复")
    offer_recovery(fresh)
    asked = [(title, text) for kind, title, text in clerk.said if kind == "ask"]
    assert len(asked) == 1
    title, text = asked[0]
    assert title == "恢复未保存的草稿" and not clerk.answers
    assert re.search(r"保存时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", text)
    assert fresh.wizard.data == expected  # every value, as the killed window held it
    assert fresh.path is None and fresh.isWindowModified()  # never silently written over a file
    assert find_recoveries() == []  # restored once, not offered again


def test_a_recovered_draft_keeps_its_file_and_saves_there(window, qtbot, clerk, tmp_path, example):
    """After 恢复 the title once read 未保存的草稿, a second crash's offer said 该草稿从未保存过, and Ctrl+S asked
    where to save: the recovery belongs to its file."""
    draft = tmp_path / "中心.ynform"
    save_draft(draft, get_form("innovation-centre"), example)
    assert window.open_path(draft)
    type_into(find(window.wizard, "负责人", QLineEdit), "李四")
    window.autosave()
    window.autosaver.lock.unlock()  # as when the process dies: its locks are left behind
    window.guard.lock.release()
    window.guard.lock = None
    fresh = start_fresh(qtbot)
    clerk.answers.append("恢复")
    offer_recovery(fresh)
    assert "恢复后接着编辑原文件" in [text for kind, _t, text in clerk.said if kind == "ask"][-1]
    assert fresh.path == draft and fresh.isWindowModified() and "中心.ynform" in fresh.windowTitle()
    assert fresh.wizard.data["cover"]["leader"] == "李四"
    asked = len(clerk.said)
    assert fresh.save() and len(clerk.said) == asked  # written back to its file, nothing asked
    assert read_input(draft).data["cover"]["leader"] == "李四"


def test_an_autosave_older_than_its_file_opens_unsaved(window, qtbot, clerk, tmp_path, example):
    draft = tmp_path / "中心.ynform"
    save_draft(draft, get_form("innovation-centre"), example)
    assert window.open_path(draft)
    type_into(find(window.wizard, "负责人", QLineEdit), "李四")
    window.autosave()
    window.autosaver.lock.unlock()
    window.guard.lock.release()
    window.guard.lock = None
    later = draft.stat().st_mtime + 3600  # the file saved again after the autosave (elsewhere)
    os.utime(draft, (later, later))
    fresh = start_fresh(qtbot)
    clerk.answers.append("恢复")
    offer_recovery(fresh)
    assert "在自动保存之后又保存过" in [text for kind, _t, text in clerk.said if kind == "ask"][-1]
    assert fresh.path is None and fresh.wizard.data["cover"]["leader"] == "李四"


def test_recovery_can_be_discarded_or_deferred(window, qtbot, clerk):
    window.new_draft("innovation-centre")
    type_into(find(window.wizard, "负责人", QLineEdit), "张三")
    window.autosave()
    window.autosaver.lock.unlock()
    clerk.answers.append("以后再说")
    offer_recovery(start_fresh(qtbot))
    assert len(find_recoveries()) == 1  # asked again at the next start
    fresh = start_fresh(qtbot)
    clerk.answers.append("丢弃")
    offer_recovery(fresh)
    assert find_recoveries() == [] and fresh.wizard is None


def test_generate_documents_with_the_typed_values(window, centre, example, qtbot, tmp_path):
    path = tmp_path / "d.ynform"
    save_draft(path, centre, example)
    window.open_path(path)
    type_into(find(window.wizard, "负责人", QLineEdit), "王五")
    with qtbot.waitSignal(window.generated, timeout=30_000) as signal:
        window.write_documents(tmp_path / "out", with_pdf=False)
    written = signal.args[0]
    assert written[0].name == "附件1-云南省制造业创新中心创建申报书.docx"
    assert "王五" in all_text(open_docx(written[0]))


def test_cancelling_generation_writes_nothing_and_says_so(window, centre, example, qtbot, tmp_path, monkeypatch):
    import threading

    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from yn_forms.render import documents

    path = tmp_path / "d.ynform"
    save_draft(path, centre, example)
    window.open_path(path)
    started, go_on = threading.Event(), threading.Event()
    real = documents.render_document

    def held(*args, **kwargs):  # the first document is being rendered when the clerk presses 取消
        started.set()
        go_on.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(documents, "render_document", held)
    out = tmp_path / "out"
    with qtbot.waitSignal(window.generated, timeout=30_000) as signal:
        window.write_documents(out, with_pdf=False)
        qtbot.waitUntil(started.is_set)
        busy = window.findChild(QProgressDialog)
        qtbot.waitUntil(busy.isVisible)
        cancel = next(b for b in busy.findChildren(QPushButton) if b.text() == "取消")
        cancel.click()
        go_on.set()
    assert signal.args[0] == [] and not list(out.glob("*"))  # no document, no temporary file left
    assert window.statusBar().currentMessage() == "已取消生成申报材料，没有写出任何文件。"
    assert window.wizard.data == example


def test_generation_failure_is_reported_and_the_draft_kept(window, centre, example, qtbot, tmp_path, clerk):
    path = tmp_path / "d.ynform"
    save_draft(path, centre, example)
    window.open_path(path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with qtbot.waitSignal(window.generated, timeout=30_000) as signal:
        window.write_documents(blocker / "sub", with_pdf=False)
    assert signal.args[0] == []
    assert "无法创建输出文件夹" in clerk.last_warning
    assert window.wizard.data == example


def test_qt_dialogs_are_in_chinese(window):

    assert QApplication.instance().property("yn_translators") >= 1
    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_other_text_is_typed_only_when_other_is_ticked(window, qtbot):
    window.new_draft("innovation-centre")
    wiz = window.wizard
    wiz.go_to(2)
    other_text = find(wiz, "其他单位性质", QLineEdit)
    assert not other_text.isEnabled()
    click_option(find(wiz, "单位性质：其他"))
    assert wiz.data["lead"]["nature"] == "其他" and other_text.isEnabled()
    type_into(other_text, "事业单位")
    click_option(find(wiz, "单位性质：民营企业"))
    assert wiz.data["lead"]["nature"] == "民营企业" and not other_text.isEnabled()


def test_ctrl_s_saves_and_clears_the_unsaved_mark(window, qtbot, tmp_path, centre, example):
    path = tmp_path / "d.ynform"
    save_draft(path, centre, example)
    window.open_path(path)
    type_into(find(window.wizard, "负责人", QLineEdit), "赵六")
    assert window.isWindowModified() and "[*]" in window.windowTitle() and "d.ynform" in window.windowTitle()
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    assert read_input(path).data["cover"]["leader"] == "赵六"


def test_accessible_names_are_official_labels(window):
    window.new_draft("innovation-centre")
    wiz = window.wizard
    wiz.go_to(2)
    for label in ("单位名称", "行业领域", "员工总人数", "髙级以上职称人数", "Email"):
        find(wiz, label)


@pytest.mark.slow
def test_screenshot_command(tmp_path):
    out = tmp_path / "shot.png"
    proc = subprocess.run([sys.executable, "-m", "yn_forms", "gui", "--form", "innovation-centre", "--screenshot",
                           str(out), "--section", "2"], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 10_000
    assert "This plugin does not support" not in proc.stderr  # off screen is what was asked: no news


@pytest.mark.slow
def test_a_screenshot_run_is_gui_without_the_word_and_remembers_nothing(tmp_path, example):
    """`yn-forms --form ID` is the gui command (README shows [gui]); a picture of a draft leaves the clerk's
    recent list as it was; a page that does not exist is refused, not shown as page 1."""
    draft = tmp_path / "草稿.ynform"
    save_draft(draft, get_form("innovation-centre"), example)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def shot(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "yn_forms", *args, "--screenshot", str(tmp_path / "s.png")],
                              capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
                              env=env, cwd=tmp_path)

    assert shot("--open", "草稿.ynform", "--section", "2").returncode == 0
    config = Path(os.environ["XDG_CONFIG_HOME"])
    assert not any("草稿.ynform" in f.read_text(errors="replace") for f in config.rglob("*.conf"))
    refused = shot("--form", "innovation-centre", "--section", "99")
    assert refused.returncode == 2 and "--section 99 不存在" in refused.stderr and "1 到 8" in refused.stderr
    wrong = shot("--form", "no-such-form")
    assert wrong.returncode == 2 and "innovation-centre、innovation-consortium" in wrong.stderr


def test_a_draft_opened_by_a_relative_name_is_remembered_by_its_whole_path(window, tmp_path, example,
                                                                          monkeypatch):
    draft = tmp_path / "相对.ynform"
    save_draft(draft, get_form("innovation-centre"), example)
    monkeypatch.chdir(tmp_path)
    assert window.open_path(Path("相对.ynform"))
    assert window.settings.value("recent", [], list)[0] == str(draft)


LONG_SESSION = """
from yn_forms.forms import FORMS, get_form
from yn_forms.gui.app import make_app, offer_recovery
from yn_forms.gui.wizard import Wizard
from yn_forms.forms import get_form
make_app()
form = get_form("innovation-centre")
wizard = Wizard(form, form.example())
wizard.show_all = True
for i in range(400):
    wizard.document.set("/cover/leader", "张" + str(i), typing=True)
    wizard.revalidate()
print("survived")
"""


@pytest.mark.slow
def test_a_long_editing_session_does_not_crash():
    """PySide6 6.12.0 lost a reference to None on every setVisible(); hours of typing then aborted the app."""
    proc = subprocess.run([sys.executable, "-c", LONG_SESSION], capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "survived" in proc.stdout


@pytest.mark.slow
def test_tab_order_follows_the_printed_order(window, centre):
    """Tab walks the inputs of a page in the attachment's order (radio groups are one stop, as in Windows)."""
    window.new_draft("innovation-centre")
    wiz = window.wizard
    for index, section in ((0, "cover"), (1, "basic"), (2, "lead")):
        wiz.go_to(index)
        page = wiz.pages[index]
        rows = {row.pointer: row for row in page.rows()}
        printed = ["/" + "/".join(node.path) for node in walk_fields(centre.model)
                   if node.path[0] == section and "/" + "/".join(node.path) in rows]
        printed = [p for p in printed if rows[p].editor.isEnabled()]
        rows[printed[0]].editor.focus_target().setFocus()
        visited: list[str] = []
        for _ in range(200):
            widget = QApplication.focusWidget()
            editor = next((w for w in _ancestors(widget) if isinstance(w, Editor)), None)
            if editor is None:
                break
            if not visited or visited[-1] != editor.pointer:
                visited.append(editor.pointer)
            QTest.keyClick(widget, Qt.Key.Key_Tab)
        assert visited == printed


def _ancestors(widget):
    while widget is not None:
        yield widget
        widget = widget.parentWidget()


def test_a_ticked_option_shows_its_problems_at_once(window):
    """Check boxes have no "leaving": a click is the answer, so its problems show without visiting 审核."""
    window.new_draft("innovation-consortium")
    wiz = window.wizard
    page = list(wiz.form.model.model_fields).index("eligibility")
    wiz.go_to(page)
    row = next(r for r in wiz.pages[page].rows() if r.pointer == "/eligibility/confirmations")
    assert row.problem_label.full == ""
    first = next(iter(row.editor.boxes.values()))
    click_option(first)
    assert first.isChecked()
    assert row.problem_label.full != ""
    assert "请确认" in row.problem_label.full
    assert first.text() not in row.problem_label.full


def test_a_bad_credit_code_is_flagged_beside_the_field_and_on_the_review_page(window):
    window.new_draft("innovation-consortium")
    wiz = window.wizard
    names = list(wiz.form.model.model_fields)
    wiz.go_to(names.index("units"))
    click = find(wiz, "添加")
    QTest.mouseClick(click, Qt.MouseButton.LeftButton)
    type_into(find(wiz, "牵头和成员单位名称", QLineEdit), "云南滇铝创新材料集团有限公司")
    code = find(wiz, "统一社会信用代码", QLineEdit)
    type_into(code, "91530000MA6K3T8R19")  # last digit mistyped
    row = next(r for r in wiz.pages[names.index("units")].rows() if r.pointer == "/units/0/credit_code")
    assert "统一社会信用代码校验位不正确，请核对营业执照" in row.problem_label.full
    wiz.go_to(wiz.stack.count() - 1)
    review = [wiz.review.tree.topLevelItem(i) for i in range(wiz.review.tree.topLevelItemCount())]
    units = next(item for item in review if item.text(0).startswith("六、"))
    messages = [units.child(i).text(1) for i in range(units.childCount())]
    assert "统一社会信用代码校验位不正确，请核对营业执照" in messages
    item = next(units.child(i) for i in range(units.childCount())
                if units.child(i).text(1).startswith("统一社会信用代码校验位"))
    wiz.review.tree.itemClicked.emit(item, 0)
    assert wiz.stack.currentIndex() == names.index("units")
    assert QApplication.focusWidget() is find(wiz, "统一社会信用代码", QLineEdit)
    type_into(find(wiz, "统一社会信用代码", QLineEdit), "91530000MA6K3T8R18")
    wiz.revalidate()
    assert not any(p.path == "/units/0/credit_code" for p in wiz.problems)


def test_the_form_changes_with_the_kind_of_brand(qtbot):
    """消费名品: choosing 区域品牌 hides the company's pages and shows the government's; nothing is lost."""
    from yn_forms.forms.consumer_brand import DEFINITION as BRAND
    from yn_forms.gui.wizard import Wizard

    make_app()
    wiz = Wizard(BRAND, BRAND.example())
    qtbot.addWidget(wiz)
    wiz.show()
    names = [page.name for page in wiz.pages]
    hidden = {names[i] for i in range(len(names)) if wiz.sections.item(i).isHidden()}
    assert hidden == {"region"}
    assert not find(wiz, "培育方向：时代优品").isHidden()
    click_option(find(wiz, "申报类型：区域品牌"))
    wiz.revalidate()
    hidden = {names[i] for i in range(len(names)) if wiz.sections.item(i).isHidden()}
    assert hidden == {"enterprise", "brand", "operations"}
    direction = next(r for r in wiz.pages[0].rows() if r.pointer == "/basics/direction")
    assert direction.isHidden()  # 培育方向 is asked of an 企业品牌 only
    wiz.go_to(0)
    wiz.next_button.click()
    assert names[wiz.stack.currentIndex()] == "region"  # 下一步 passes over the sections that do not apply
    assert wiz.data["enterprise"]["name"] == "文山滇七生物科技股份有限公司"
    assert {p.path for p in wiz.problems} >= {"/region/government"}


@pytest.mark.slow
@pytest.mark.parametrize("form_id", list(FORMS))
def test_every_form_opens_checks_and_generates_in_the_wizard(window, qtbot, tmp_path, form_id):
    """No GUI code per form: each form's example opens with every section done, and a typed value is printed."""
    form = FORMS[form_id]
    path = tmp_path / "d.ynform"
    save_draft(path, form, form.example())
    assert window.open_path(path)
    wiz = window.wizard
    states = [wiz.sections.item(i).text().split("\n")[-1].strip() for i in range(wiz.sections.count() - 1)]
    assert all(s in ("✔ 已完成", "– 不适用") for s in states), states
    assert wiz.progress.value() == 100
    for index in range(len(wiz.pages)):
        wiz.go_to(index)
        assert wiz.stack.currentIndex() == index
    # the first plain single-line text of the form, retyped, comes out in the first document
    for index, page in enumerate(wiz.pages):
        wiz.go_to(index)
        edits = [e for e in page.findChildren(QLineEdit) if e.isVisibleTo(page) and e.isEnabled()
                 and e.accessibleName() and not e.validator() and e.placeholderText() == ""]
        if edits:
            type_into(edits[0], "测试值甲乙丙")
            break
    with qtbot.waitSignal(window.generated, timeout=30_000) as signal:
        window.write_documents(tmp_path / "out", with_pdf=False)
    written = signal.args[0]
    assert [p.name for p in written] == [d.output for d in form.documents]
    assert "测试值甲乙丙" in all_text(open_docx(written[0]))


def test_a_value_too_wide_for_its_cell_is_flagged_on_the_review_page(window, centre, example, qtbot, tmp_path):
    example["lead"]["head_phone"] = "0871-68312345-8801-13888812345"  # two numbers run together in one cell
    path = tmp_path / "d.ynform"
    save_draft(path, centre, example)
    window.open_path(path)
    wiz = window.wizard
    with qtbot.waitSignal(wiz.fit_checked, timeout=30_000) as signal:
        wiz.go_to(wiz.stack.count() - 1)
    assert signal.args[0] >= 1
    groups = {wiz.review.tree.topLevelItem(i).text(0): wiz.review.tree.topLevelItem(i)
              for i in range(wiz.review.tree.topLevelItemCount())}
    fit = next(g for title, g in groups.items() if title.startswith("打印检查"))
    item = next(fit.child(i) for i in range(fit.childCount()) if fit.child(i).text(0) == "警告 · 电话（企业负责人）")
    assert item.text(1).startswith("打印时可能超出表格宽度")
    wiz.review.tree.itemClicked.emit(item, 0)
    assert wiz.stack.currentIndex() == 2  # 表2, where the phone is typed


def test_a_new_start_removes_what_a_killed_save_left_beside_recent_drafts(qtbot, tmp_path):
    """Only old leftovers go: a temporary file seconds old may be another copy's save in progress."""
    import os as _os
    import time as _time

    from yn_forms.core.draft import TEMP_PREFIX, save_draft
    from yn_forms.forms import get_form
    from yn_forms.gui.app import make_app
    from yn_forms.gui.window import MainWindow

    make_app()
    form = get_form("innovation-centre")
    draft = tmp_path / "申报.ynform"
    save_draft(draft, form, form.example())
    first = MainWindow()
    qtbot.addWidget(first)
    assert first.open_path(draft)  # now among the recent drafts
    stale = tmp_path / f"{TEMP_PREFIX}killed.part"
    stale.write_bytes(b'{"format": "yn-forms/dr')
    hour_ago = _time.time() - 3600
    _os.utime(stale, (hour_ago, hour_ago))
    running = tmp_path / f"{TEMP_PREFIX}saving-now.part"
    running.write_bytes(b"{")
    before = draft.read_bytes()
    second = MainWindow()
    qtbot.addWidget(second)
    assert not stale.exists()
    assert running.exists()
    assert draft.read_bytes() == before


def test_spaces_around_an_answer_go_when_the_field_is_left_and_one_undo_takes_both(window):
    """Nobody sees a space after 张三; the Word import then showed a 'difference' of two equal sides."""
    window.new_draft("innovation-centre")
    wiz = window.wizard
    type_into(find(wiz, "负责人", QLineEdit), " 张三 ")
    assert wiz.data["cover"]["leader"] == "张三" and find(wiz, "负责人", QLineEdit).text() == "张三"
    wiz.document.undo()
    assert not wiz.data["cover"].get("leader")  # the typing and its trim are one step
    wiz.go_to(4)  # 附件2: a paragraph keeps its lines' leading spaces, loses what trails
    type_into(find(wiz, "二、现有基础", QPlainTextEdit), "已有基础较好。  \n\n")
    assert wiz.data["plan"]["foundation"] == "已有基础较好。"
