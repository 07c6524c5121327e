"""The 州市 desk in the wizard: the 汇总表 page lists what it read with 结论 and problems, opens an application
at its first problem (read-only, or a Word one as a new draft), stops when asked, writes a 初审 alone."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from batch_helpers import CENTRE_NAMES, centre_application
from desk_helpers import centre_inbox, word_folder, write_json
from gui_helpers import type_into
from openpyxl import load_workbook
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QLineEdit, QProgressDialog, QPushButton

import yn_forms.render.desk as desk
from yn_forms.core.formdef import node_at
from yn_forms.forms import get_form
from yn_forms.gui.summary_page import NAME_COLUMN, STATE_COLUMN, VERDICT_COLUMN, SummaryDialog, open_summary

#: where the README's picture is written: ``YN_SCREENSHOTS=docs/images pytest tests/test_gui_desk.py -k screenshot``;
#: otherwise a temporary folder, so that a test run leaves the repository as it was
SCREENSHOTS_ENV = "YN_SCREENSHOTS"


@pytest.fixture(autouse=True)
def _pool_drained():
    yield
    QThreadPool.globalInstance().waitForDone(30_000)


@pytest.fixture
def inbox(tmp_path):
    form = get_form("innovation-centre")
    root = tmp_path / "收件"
    word_folder(form, centre_application(form, CENTRE_NAMES[2]), root / "企业A")
    short = centre_application(form, CENTRE_NAMES[5])
    short["basic"]["investment"] = "500"
    write_json(short, root / "申报B.json")
    write_json(centre_application(form, CENTRE_NAMES[8]), root / "申报C.json")
    return root


def opened(window) -> SummaryDialog:
    return open_summary(window.context)


def add(qtbot, dialog: SummaryDialog, path) -> None:
    with qtbot.waitSignal(dialog.loaded, timeout=30_000):
        dialog.add_folder(path)


def test_the_page_lists_each_application_with_its_verdict_and_its_screening(window, qtbot, inbox):
    dialog = opened(window)
    add(qtbot, dialog, inbox)
    table = dialog.table
    assert [table.horizontalHeaderItem(c).text() for c in range(4)] == ["来源", "创新中心名称", "结论", "状态"]
    assert [table.item(r, 0).text() for r in range(3)] == ["企业A/", "申报B.json", "申报C.json"]
    assert [table.item(r, VERDICT_COLUMN).text() for r in range(3)] == ["待补充", "不符合", "符合"]
    assert [table.item(r, NAME_COLUMN).text() for r in range(3)] == [CENTRE_NAMES[2], CENTRE_NAMES[5], CENTRE_NAMES[8]]
    assert table.item(0, STATE_COLUMN).text() == "1个错误，2个警告"  # 研发方向 (no attachment prints it); 2 证明材料
    assert dialog.count_label.text().endswith("初审：符合 1 份，待补充 1 份，不符合 1 份。")
    table.selectRow(1)
    details = dialog.details.toPlainText()
    assert details.startswith(f"第2份：{CENTRE_NAMES[5]}")
    assert "初审结论：不符合" in details
    assert "全部组建资金（含研发设备）不少于1000万元（《工作方案》三(二)3）" in details
    assert "（只读）" in details
    table.selectRow(0)
    assert "研发方向（Word 文件中未读到）" in dialog.details.toPlainText()
    assert "作为新草稿打开" in dialog.details.toPlainText() and dialog.open_button.isEnabled()


def test_a_double_click_opens_the_application_read_only_at_its_first_problem(window, qtbot, inbox):
    dialog = opened(window)
    add(qtbot, dialog, inbox)
    dialog.table.cellDoubleClicked.emit(1, 0)
    wizard = window.wizard
    assert wizard is not None and wizard.read_only and not dialog.isVisible()
    assert window.windowTitle().startswith("申报B.json（只读）")
    names = list(wizard.form.model.model_fields)
    assert wizard.stack.currentIndex() == names.index("basic")
    label = node_at(wizard.form.model, "/basic/investment").title
    funds = next(w for w in wizard.stack.currentWidget().findChildren(QLineEdit) if w.accessibleName() == label)
    assert funds.text() == "500" and funds.isReadOnly()
    before = wizard.document.revision
    assert not window.save() and "只读" in window.statusBar().currentMessage()
    assert not wizard.save_button.isVisible()
    # the department corrects it in a new draft: the application received stays as it was
    copy_button = next(b for b in wizard.findChildren(QPushButton) if b.text() == "作为新草稿修改")
    copy_button.click()
    assert window.wizard is not wizard and not window.wizard.read_only and window.isWindowModified()
    assert window.wizard.data["basic"]["investment"] == "500" and wizard.document.revision == before


def test_a_word_application_opens_as_a_new_draft_at_its_first_problem(window, qtbot, inbox):
    dialog = opened(window)
    add(qtbot, dialog, inbox)
    dialog.table.selectRow(0)
    dialog.open_button.click()
    wizard = window.wizard
    assert not wizard.read_only and window.isWindowModified() and window.path is None
    assert wizard.stack.currentIndex() == list(wizard.form.model.model_fields).index("summary")
    assert "已作为新草稿打开" in window.statusBar().currentMessage()
    open_summary(window.context)
    assert dialog.isVisible() and dialog.table.rowCount() == 3  # back to the list, as it was


def test_reading_stops_when_asked_and_keeps_what_it_read(window, qtbot, tmp_path, monkeypatch):
    form = get_form("innovation-centre")
    for i in range(8):
        write_json(centre_application(form, f"创新中心{i}"), tmp_path / "收件" / f"申报{i}.json")
    real = desk.read_job

    def slow(job):
        time.sleep(0.15)
        return real(job)

    monkeypatch.setattr(desk, "read_job", slow)
    dialog = opened(window)
    with qtbot.waitSignal(dialog.loaded, timeout=30_000):
        dialog.add_folder(tmp_path / "收件")
        qtbot.waitUntil(lambda: any(d.isVisible() for d in dialog.findChildren(QProgressDialog)), timeout=10_000)
        busy = next(d for d in dialog.findChildren(QProgressDialog) if d.isVisible())
        qtbot.waitUntil(lambda: busy.value() >= 2, timeout=10_000)
        next(b for b in busy.findChildren(QPushButton) if b.text() == "取消").click()
    assert 2 <= dialog.table.rowCount() < 8 and dialog.status_label.text().startswith("已取消：已读取")
    read = dialog.table.rowCount()
    monkeypatch.setattr(desk, "read_job", real)
    add(qtbot, dialog, tmp_path / "收件")  # added again: what was left is read now
    assert dialog.table.rowCount() == 8 and f"已添加 {8 - read} 份" in dialog.status_label.text()


def test_the_consortium_gets_its_screening_alone(window, qtbot, tmp_path):
    form = get_form("innovation-consortium")
    write_json(form.example(), tmp_path / "收件" / "联合体.json")
    dialog = opened(window)
    dialog.form_box.setCurrentIndex(dialog.form_box.findData("innovation-consortium"))
    add(qtbot, dialog, tmp_path / "收件")
    assert dialog.generate_button.text() == "生成初审表…" and dialog.table.item(0, VERDICT_COLUMN).text() == "符合"
    out = tmp_path / "初审.xlsx"
    with qtbot.waitSignal(dialog.generated, timeout=30_000):
        dialog.generate(out)
    assert load_workbook(out).sheetnames == ["初审"] and "初审（“初审”工作表）：符合 1 份" in dialog.last_result
    QApplication.processEvents()


@pytest.mark.slow
def test_screenshot_of_the_desk(window, qtbot, tmp_path):
    """The README's picture of the desk: a department's folder read, the application breaking a condition selected,
    its 初审 below the list (docs/images/desk-screening.png)."""
    shots = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path / "screenshots")
    inbox = centre_inbox(tmp_path / "收件" / "2026年创新中心申报")
    dialog = opened(window)
    dialog.resize(1024, 700)
    add(qtbot, dialog, inbox)
    verdicts = [dialog.table.item(r, VERDICT_COLUMN).text() for r in range(dialog.table.rowCount())]
    assert verdicts == ["待补充", "待补充", "待补充", "待补充", "不符合", "符合", "—"]
    dialog.table.selectRow(4)
    assert "（《工作方案》三(二)3）" in dialog.details.toPlainText()
    type_into(dialog.department_edit, "昆明市工业和信息化局")
    shots.mkdir(parents=True, exist_ok=True)
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(shots / "desk-screening.png"))


def test_a_removed_application_comes_back_only_when_added_again(window, qtbot, inbox):
    dialog = opened(window)
    add(qtbot, dialog, inbox)
    dialog.table.selectRow(1)
    dialog.remove_button.click()
    assert [dialog.table.item(r, 0).text() for r in range(2)] == ["企业A/", "申报C.json"]
    with qtbot.waitSignal(dialog.loaded, timeout=30_000):  # judged again for another form: still left out
        dialog.form_box.setCurrentIndex(dialog.form_box.findData("innovation-consortium"))
    assert dialog.table.rowCount() == 2
    with qtbot.waitSignal(dialog.loaded, timeout=30_000):
        dialog.form_box.setCurrentIndex(dialog.form_box.findData("innovation-centre"))
    with qtbot.waitSignal(dialog.loaded, timeout=30_000):
        dialog.add_files([inbox / "申报B.json"])
    assert [dialog.table.item(r, 0).text() for r in range(3)] == ["企业A/", "申报C.json", "申报B.json"]
    assert [dialog.table.item(r, 2).text() for r in range(3)] == ["待补充", "符合", "不符合"]
