"""The 汇总表 page for a 州市 department, driven as a clerk would (pytest-qt, off screen)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from batch_helpers import CENTRE_NAMES, WITH_ERRORS_NAME, write_broken, write_good, write_with_errors
from gui_helpers import find, type_into
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QAction, QDropEvent
from PySide6.QtWidgets import QLineEdit, QPushButton

import yn_forms.render.summary as summary
from yn_forms.gui.summary_page import (
    ERROR_COLOUR,
    FILE_COLUMN,
    NAME_COLUMN,
    OK_COLOUR,
    SKIPPED_COLOUR,
    STATE_COLUMN,
    SummaryDialog,
)

# 申报1, 2, 3, 4 (broken), 5, 7 (errors), 8, 10: natural order of the file names
ORDER = ["申报1.ynform", "申报2.ynform", "申报3.ynform", "申报4-传输中断.ynform", "申报5.ynform",
         "申报7-未完成.ynform", "申报8.ynform", "申报10.ynform"]
USED_NAMES = [CENTRE_NAMES[1], CENTRE_NAMES[2], CENTRE_NAMES[3], CENTRE_NAMES[5], WITH_ERRORS_NAME,
              CENTRE_NAMES[8], CENTRE_NAMES[10]]


@pytest.fixture
def inbox(tmp_path, centre) -> Path:
    folder = tmp_path / "2026年创新中心申报"
    write_good(folder, centre)
    write_with_errors(folder, centre)
    write_broken(folder, centre)
    return folder


@pytest.fixture(autouse=True)
def _pool_drained():
    """No worker outlives its test (it would report to a dialog that is gone)."""
    yield
    QThreadPool.globalInstance().waitForDone(30_000)


def tools_action(window, text: str) -> QAction:
    tools = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("工具"))
    return next(a for a in tools.actions() if a.text().replace("(&S)", "") == text)  # shown as 汇总表(S)…


def open_from_menu(window) -> SummaryDialog:
    tools_action(window, "汇总表…").trigger()
    dialog = window.findChild(SummaryDialog)
    assert isinstance(dialog, SummaryDialog)
    return dialog


def add_folder(qtbot, dialog: SummaryDialog, folder: Path) -> None:
    with qtbot.waitSignal(dialog.loaded, timeout=30_000):
        dialog.add_folder(folder)


def cell(dialog: SummaryDialog, row: int, column: int) -> str:
    return dialog.table.item(row, column).text()


def test_opens_from_the_tools_menu_and_the_start_page(window, qtbot):
    dialog = open_from_menu(window)
    assert dialog.form.id == "innovation-centre" and dialog.windowTitle().startswith("汇总表")
    start_button = next(b for b in window.start.findChildren(QPushButton) if b.text() == "汇总表…")
    qtbot.mouseClick(start_button, Qt.MouseButton.LeftButton)
    assert window.findChild(SummaryDialog) is dialog and dialog.isVisible()  # one dialog per window, raised again
    assert len(window.findChildren(SummaryDialog)) == 1
    forms = [dialog.form_box.itemData(i) for i in range(dialog.form_box.count())]
    # the forms that have a 汇总表, and the 创新联合体, which has none: its 初审 alone
    assert forms == ["innovation-centre", "innovation-consortium", "consumer-brand"]
    assert dialog.count_label.text() == "还没有添加文件。" and not dialog.generate_button.isEnabled()


@pytest.mark.slow
def test_the_table_shows_each_files_state_and_the_broken_one_is_not_counted(window, qtbot, inbox):
    dialog = open_from_menu(window)
    add_folder(qtbot, dialog, inbox)
    table = dialog.table
    assert table.horizontalHeaderItem(NAME_COLUMN).text() == "创新中心名称"
    assert [cell(dialog, r, FILE_COLUMN) for r in range(table.rowCount())] == ORDER
    states = {cell(dialog, r, FILE_COLUMN): table.item(r, STATE_COLUMN) for r in range(table.rowCount())}
    broken = states["申报4-传输中断.ynform"]
    assert broken.text().startswith("已跳过：文件已损坏或不完整")
    assert broken.foreground().color().name() == SKIPPED_COLOUR
    assert "不列入汇总表" in broken.toolTip() and str(inbox) in broken.toolTip()
    assert cell(dialog, ORDER.index("申报4-传输中断.ynform"), NAME_COLUMN) == "—"
    with_errors = states["申报7-未完成.ynform"]
    errors = dialog.items[ORDER.index("申报7-未完成.ynform")].errors
    assert errors >= 2 and with_errors.text() == f"{errors}个错误"
    assert with_errors.foreground().color().name() == ERROR_COLOUR
    assert "仍列入汇总表" in with_errors.toolTip() and "手机" in with_errors.toolTip()
    assert states["申报1.ynform"].text() == "无问题" and states["申报1.ynform"].foreground().color().name() == OK_COLOUR
    assert [cell(dialog, r, NAME_COLUMN) for r in range(table.rowCount()) if r != 3] == USED_NAMES
    assert dialog.count_label.text() == ("共 8 个文件：可汇总 7 份（其中 1 份有错误），跳过 1 个。"
                                         "初审：符合 6 份，待补充 1 份。")
    # the reason is readable, not elided to a few characters: the 状态 column takes the spare width
    dialog.resize(1100, 720)  # the size it opens at on a screen with room for it
    dialog.show()
    reason = table.fontMetrics().horizontalAdvance("已跳过：文件已损坏或不完整（第1行第3903列附近 JSON 格式错误）")
    assert table.columnWidth(STATE_COLUMN) >= reason
    # adding the folder again, or one of its files, adds nothing
    with qtbot.waitSignal(dialog.loaded, timeout=30_000):
        dialog.add_paths([inbox, inbox / "申报1.ynform"])
    assert table.rowCount() == 8 and "没有新的文件" in dialog.status_label.text()


def test_generate_writes_the_summary_in_a_worker_without_blocking_the_window(window, qtbot, inbox, tmp_path,
                                                                            monkeypatch):
    dialog = open_from_menu(window)
    add_folder(qtbot, dialog, inbox)
    department = find(dialog, "州（市）主管部门", QLineEdit)
    assert "昆明市工业和信息化局" in department.completer().model().stringList()  # the 16 州市 offered
    type_into(department, "昆明市工业和信息化局")
    type_into(find(dialog, "填表人及联系电话", QLineEdit), "王芳 0871-63512345")

    started, release = threading.Event(), threading.Event()
    writer_threads: list[threading.Thread] = []
    real_write = summary.write_summary_file

    def held_write(*args, **kwargs):
        writer_threads.append(threading.current_thread())
        started.set()
        assert release.wait(30), "the GUI thread never released the writer"
        return real_write(*args, **kwargs)

    monkeypatch.setattr(summary, "write_summary_file", held_write)
    out = tmp_path / "out" / "汇总表"  # the suffix is added
    dialog.generate(out)
    # while the writer runs, the dialog says so and refuses a second start or a change of files
    assert dialog.busy and "正在生成汇总表" in dialog.status_label.text()
    for button in (dialog.generate_button, dialog.add_files_button, dialog.add_folder_button,
                   dialog.remove_button, dialog.clear_button, dialog.form_box):
        assert not button.isEnabled(), button.accessibleName()
    qtbot.waitUntil(started.is_set, timeout=30_000)
    qtbot.wait(50)  # the GUI thread runs its event loop while the writer is held in the pool thread
    assert writer_threads[0] is not threading.main_thread()
    with qtbot.waitSignal(dialog.generated, timeout=30_000) as signal:
        release.set()
    written = tmp_path / "out" / "汇总表.xlsx"
    assert signal.args == [written] and dialog.last_output == written
    assert not dialog.busy and dialog.generate_button.isEnabled() and dialog.add_folder_button.isEnabled()
    assert "申报4-传输中断.ynform：文件已损坏或不完整" in dialog.last_result
    assert "申报7-未完成.ynform" in dialog.last_result and "共写入 7 行" in dialog.last_result

    ws = load_workbook(written).active
    assert ws["A2"].value == "云南省制造业创新中心创建申报汇总表"
    assert ws["A3"].value == "州市工业和信息化主管部门（盖章）：昆明市工业和信息化局"
    assert [ws.cell(5 + i, 2).value for i in range(len(USED_NAMES))] == USED_NAMES
    assert [ws.cell(5 + i, 1).value for i in range(len(USED_NAMES))] == [str(i) for i in range(1, 8)]
    footer = ws.cell(5 + len(USED_NAMES), 1).value
    assert footer.startswith("填表人及联系电话：王芳 0871-63512345") and "填表日期：" in footer
    assert ws.max_row == 5 + len(USED_NAMES)


@pytest.mark.parametrize("blocker", ["folder", "read-only"])
def test_an_output_that_cannot_be_written_is_explained_and_nothing_is_left(window, qtbot, inbox, tmp_path, blocker,
                                                                           clerk):
    dialog = open_from_menu(window)
    add_folder(qtbot, dialog, inbox)
    out = tmp_path / "汇总表.xlsx"
    if blocker == "folder":  # a name that cannot be written, as a file Word holds open
        out.mkdir()
        expected = "被一个文件夹占用"
    else:
        out.write_bytes(b"old")
        out.chmod(0o444)
        expected = "只读"
    with qtbot.waitSignal(dialog.generated, timeout=30_000) as signal:
        dialog.generate(out)
    assert signal.args == [None]
    assert expected in clerk.last_warning and dialog.status_label.text() == "生成失败。"
    assert not dialog.busy and dialog.generate_button.isEnabled()  # the clerk can choose another place
    if blocker == "folder":
        assert list(out.iterdir()) == []
    else:
        assert out.read_bytes() == b"old"
    assert not list(tmp_path.glob(".yn-out-*"))  # no partial file


def test_a_failed_write_is_told_to_the_clerk(qtbot, inbox, tmp_path, clerk):
    dialog = SummaryDialog(None, "innovation-centre")
    qtbot.addWidget(dialog)
    add_folder(qtbot, dialog, inbox)
    taken = tmp_path / "汇总表.xlsx"
    taken.mkdir()
    with qtbot.waitSignal(dialog.generated, timeout=30_000):
        dialog.generate(taken)
    assert ("warn", "生成失败", f"输出文件名被一个文件夹占用：{taken}") in clerk.said


def test_the_real_clerk_shows_qt_message_boxes(qtbot, monkeypatch):
    """Outside the tests the clerk is Qt's own boxes: a warning is QMessageBox.warning with the app's text."""
    from PySide6.QtWidgets import QMessageBox

    from yn_forms.gui.clerk import Clerk

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    Clerk().warn(None, "生成失败", "输出文件名被一个文件夹占用")
    assert shown == [("生成失败", "输出文件名被一个文件夹占用")]


def test_files_dropped_on_the_page_are_added(window, qtbot, inbox):
    dialog = open_from_menu(window)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(inbox / "申报2.ynform")), QUrl.fromLocalFile(str(inbox / "申报10.ynform"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(dialog.loaded, timeout=30_000):
        dialog.dropEvent(event)
    assert [cell(dialog, r, FILE_COLUMN) for r in range(dialog.table.rowCount())] == ["申报2.ynform",
                                                                                      "申报10.ynform"]


def test_another_form_judges_the_files_again_and_names_their_form(window, qtbot, inbox):
    dialog = open_from_menu(window)
    add_folder(qtbot, dialog, inbox)
    with qtbot.waitSignal(dialog.loaded, timeout=30_000):
        dialog.form_box.setCurrentIndex(dialog.form_box.findData("consumer-brand"))
    assert dialog.table.horizontalHeaderItem(NAME_COLUMN).text() == "品牌名称／案例名称"
    states = [cell(dialog, r, STATE_COLUMN) for r in range(dialog.table.rowCount())]
    foreign = "已跳过：这是“云南省制造业创新中心创建申报”的申报草稿，不是“云南消费名品申报”的"
    assert len(states) == 8 and states.count(foreign) == 7
    assert dialog.count_label.text() == "共 8 个文件：可汇总 0 份，跳过 8 个。"
    assert not dialog.generate_button.isEnabled()


def test_remove_and_clear(window, qtbot, inbox):
    dialog = open_from_menu(window)
    add_folder(qtbot, dialog, inbox)
    dialog.table.selectRow(3)  # the broken file
    qtbot.mouseClick(find(dialog, "移除选中的文件"), Qt.MouseButton.LeftButton)
    assert [item.path.name for item in dialog.items] == [n for n in ORDER if n != "申报4-传输中断.ynform"]
    assert cell(dialog, 3, FILE_COLUMN) == "申报5.ynform"
    assert dialog.count_label.text() == "共 7 个文件：可汇总 7 份（其中 1 份有错误）。初审：符合 6 份，待补充 1 份。"
    qtbot.mouseClick(find(dialog, "清空列表"), Qt.MouseButton.LeftButton)
    assert dialog.items == [] and dialog.table.rowCount() == 0 and not dialog.generate_button.isEnabled()


def test_the_fangzhen_summary_takes_digital_cases_on_their_own_sheet(window, qtbot, tmp_path):
    """消费名品 and 数字三品 applications in one folder: the 方阵's 汇总表 lists both, each case by
    its 案例名称, and writes the cases on their own sheet."""
    import json

    from yn_forms.forms import get_form

    folder = tmp_path / "方阵"
    folder.mkdir()
    for name, form_id in (("1-品牌.json", "consumer-brand"), ("2-案例.json", "digital-scenario")):
        data = get_form(form_id).example()
        (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    dialog = open_from_menu(window)
    dialog.form_box.setCurrentIndex(dialog.form_box.findData("consumer-brand"))
    add_folder(qtbot, dialog, folder)
    case = get_form("digital-scenario").example()
    assert [cell(dialog, r, NAME_COLUMN) for r in range(2)] == ["滇七", case["cover"]["case_name"]]
    assert "数字三品典型案例" in dialog.table.item(1, NAME_COLUMN).toolTip()
    assert dialog.count_label.text() == "共 2 个文件：可汇总 2 份。初审：符合 2 份。"
    out = tmp_path / "方阵汇总.xlsx"
    with qtbot.waitSignal(dialog.generated, timeout=30_000):
        dialog.generate(out)
    assert "其中“数字三品典型案例”工作表 1 行" in dialog.last_result
    wb = load_workbook(out)
    assert wb["云南消费名品"]["D5"].value == "滇七"
    assert wb["数字三品典型案例"]["C5"].value == case["cover"]["case_name"]
