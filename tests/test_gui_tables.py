"""Small tables as editable grids, and sections that are one answer, driven as a clerk would (pytest-qt)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from gui_helpers import find, type_into, type_text
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QTableWidget, QWidget

from yn_forms.core.document import DraftDocument
from yn_forms.core.draft import save_draft
from yn_forms.core.fields import field_meta
from yn_forms.core.formdef import model_of, walk_fields
from yn_forms.core.kinds import kind_of
from yn_forms.forms import FORMS
from yn_forms.gui.app import make_app
from yn_forms.gui.binding import Binding
from yn_forms.gui.pages import FieldRow
from yn_forms.gui.table import MARK_COLORS, TableEditor
from yn_forms.gui.window import MainWindow

FORM = "innovation-consortium"
TEAM = "三、科研团队情况"


def go_to(wizard, name: str) -> QTableWidget | None:
    """Open the page of the top-level field *name*; its table, if it is one."""
    index = [page.name for page in wizard.pages].index(name)
    wizard.go_to(index)
    tables = wizard.pages[index].findChildren(QTableWidget)
    return tables[0] if tables else None


def column(table: QTableWidget, title: str) -> int:
    headers = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]
    return next(i for i, h in enumerate(headers) if h == title or h.startswith(title + "（"))


def open_cell(table: QTableWidget, row: int, title: str, kind=QLineEdit) -> QWidget:
    """Open the input of a cell as a double click does; it is named after its column and row."""
    col = column(table, title)
    table.setCurrentCell(row, col)
    table.editItem(table.item(row, col))
    return find(table, f"{title} 第{row + 1}行", kind)


def close_with_enter(qtbot, table: QTableWidget, editor: QWidget) -> None:
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QTableWidget.State.EditingState)  # Qt commits on a queued call


def type_cell(qtbot, table: QTableWidget, row: int, title: str, text: str) -> None:
    """Type into a cell and press Enter; Chinese arrives as an input method's commit, as a Pinyin IME sends it.
    A cell offering names (工作单位: the consortium's units) is an editable list, typed into the same way."""
    editor = open_cell(table, row, title, QWidget)
    if isinstance(editor, QComboBox):
        editor = editor.lineEdit()
    editor.setFocus()
    editor.selectAll()
    QTest.keyClick(editor, Qt.Key.Key_Delete)
    type_text(editor, text)
    close_with_enter(qtbot, table, editor)


def cells(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def row_of(wizard, pointer: str) -> FieldRow:
    return next(r for r in wizard.findChildren(FieldRow) if r.pointer == pointer)


ZHANG = {"name": "张三", "age": 45, "title": "教授/首席科学家", "speciality": "冶金", "employer": "昆明理工大学"}
LI = {"name": "李四", "age": 38, "title": "高级工程师", "speciality": "铝材加工", "employer": "云南铝业股份有限公司"}
TITLES = {"name": "姓名", "age": "年龄", "title": "职务/职称", "speciality": "从事专业", "employer": "工作单位"}


@pytest.mark.slow
def test_team_rows_are_typed_moved_deleted_saved_and_reopened(window, qtbot, tmp_path):
    window.new_draft(FORM)
    wiz = window.wizard
    table = go_to(wiz, "team")
    assert table is find(wiz, TEAM, QTableWidget)
    assert [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())] == list(TITLES.values())
    add = find(wiz, "添加行")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert table.rowCount() == 2
    assert table.item(1, 0).data(Qt.ItemDataRole.AccessibleTextRole) == "姓名 第2行"
    assert table.item(1, 0).data(Qt.ItemDataRole.AccessibleDescriptionRole) == "（空）"
    for row, member in enumerate((ZHANG, LI)):
        for key, title in TITLES.items():
            type_cell(qtbot, table, row, title, str(member[key]))
    assert wiz.data["team"] == [ZHANG, LI]  # ages are numbers, as the CLI reads them
    assert table.item(1, 0).data(Qt.ItemDataRole.AccessibleDescriptionRole) == "李四"  # read after the name
    assert isinstance(wiz.data["team"][0]["age"], int)
    assert window.isWindowModified()

    table.setCurrentCell(1, 0)
    qtbot.mouseClick(find(wiz, "上移"), Qt.MouseButton.LeftButton)
    assert wiz.data["team"] == [LI, ZHANG]
    assert table.currentRow() == 0 and table.item(0, 0).text() == "李四"
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    type_into(open_cell(table, 2, "姓名"), "王五")  # leaving a cell commits it as Enter does
    qtbot.waitUntil(lambda: table.state() != QTableWidget.State.EditingState)
    assert [m["name"] for m in wiz.data["team"]] == ["李四", "张三", "王五"]
    table.setCurrentCell(2, 1)
    qtbot.mouseClick(find(wiz, "删除行"), Qt.MouseButton.LeftButton)
    assert wiz.data["team"] == [LI, ZHANG]
    assert table.item(1, 0).data(Qt.ItemDataRole.AccessibleTextRole) == "姓名 第2行"

    path = tmp_path / "team.ynform"
    assert window._save_to(path)
    window.close_draft()  # a draft open in one window is another's to look at read-only (tests/test_gui_one_writer.py)
    reopened = MainWindow()
    qtbot.addWidget(reopened)
    assert reopened.open_path(path)
    assert reopened.wizard.data["team"] == [LI, ZHANG]
    grid = go_to(reopened.wizard, "team")
    assert cells(grid) == [[str(LI[k]) for k in TITLES], [str(ZHANG[k]) for k in TITLES]]


def test_long_cells_wrap_and_the_table_is_as_tall_as_its_rows(window, qtbot, tmp_path):
    """No sideways scrolling at the normal window width; the page scrolls, not the table."""
    form = FORMS[FORM]
    data = form.model().model_dump(mode="json")
    data["team"] = [dict(ZHANG, employer="云南铝业股份有限公司技术中心（省级企业技术中心）" * 3), LI, LI, LI]
    path = tmp_path / "long.ynform"
    save_draft(path, form, data)
    assert window.open_path(path)
    table = go_to(window.wizard, "team")
    qtbot.wait(50)  # the columns get their widths when the page is laid out
    assert not table.horizontalScrollBar().isVisible()
    assert table.rowHeight(0) > 2 * table.rowHeight(1)  # the long 工作单位 wraps onto more lines
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    assert abs(table.height() - table.horizontalHeader().height() - rows) <= 2 * table.frameWidth() + 2
    one_line = table.rowHeight(1)
    type_cell(qtbot, table, 1, "工作单位", "云南铝业股份有限公司技术中心（省级企业技术中心）" * 3)
    assert table.rowHeight(1) > 2 * one_line
    assert table.height() >= table.horizontalHeader().height() + sum(table.rowHeight(r) for r in range(4))


def test_an_opened_cell_closed_unchanged_changes_nothing(window, qtbot):
    window.new_draft(FORM)
    wiz = window.wizard
    table = go_to(wiz, "team")
    qtbot.mouseClick(find(wiz, "添加行"), Qt.MouseButton.LeftButton)
    window.setWindowModified(False)
    before = list(wiz.data["team"])
    close_with_enter(qtbot, table, open_cell(table, 0, "年龄"))
    assert wiz.data["team"] == before and not window.isWindowModified()


def test_escape_undoes_a_cell_and_tab_leaves_after_the_last_cell(window, qtbot):
    """Cells commit as typed (Ctrl+S saves what is on screen); Esc still puts the cell back."""
    window.new_draft(FORM)
    wiz = window.wizard
    table = go_to(wiz, "team")
    qtbot.mouseClick(find(wiz, "添加行"), Qt.MouseButton.LeftButton)
    type_cell(qtbot, table, 0, "姓名", "张三")
    editor = open_cell(table, 0, "姓名")
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_End)
    QTest.keyClicks(editor, "abc")
    assert wiz.data["team"][0]["name"] == "张三abc"
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert table.state() != QTableWidget.State.EditingState
    assert wiz.data["team"][0]["name"] == "张三" and table.item(0, 0).text() == "张三"

    editor = open_cell(table, 0, "从事专业")
    QTest.keyClick(editor, Qt.Key.Key_Tab)  # on to the next cell, still editing
    qtbot.waitUntil(lambda: table.currentColumn() == column(table, "工作单位"))
    last = find(table, "工作单位 第1行", QComboBox)  # the consortium's units offered, still editable
    QTest.keyClick(last, Qt.Key.Key_Tab)  # after the last cell Tab leaves the table, as on every page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is find(wiz, "添加行"))
    assert table.state() != QTableWidget.State.EditingState


def test_cells_take_the_input_of_their_field(window, qtbot):
    """A choice offers the printed options, 万元 keeps 2 decimals, counts take digits only."""
    window.new_draft(FORM)
    wiz = window.wizard
    table = go_to(wiz, "platforms")
    qtbot.mouseClick(find(wiz, "添加行"), Qt.MouseButton.LeftButton)
    combo = open_cell(table, 0, "国家/省级", QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["", "国家级", "省级"]
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Down)  # the next option, as the arrow key chooses it
    assert combo.currentText() == "国家级"
    close_with_enter(qtbot, table, combo)
    assert wiz.data["platforms"][0]["level"] == "国家级"
    assert table.item(0, column(table, "国家/省级")).text() == "国家级"
    assert wiz.data["platforms"][0]["name"] == "" and wiz.data["platforms"][0]["built"] == ""

    projects = go_to(wiz, "projects")
    qtbot.mouseClick(find(wiz, "添加行"), Qt.MouseButton.LeftButton)
    money = open_cell(projects, 0, "财政支持（万元）")
    assert money.placeholderText() == "0.00"
    money.setFocus()
    QTest.keyClicks(money, "3x00.456")  # the letter and the third decimal are refused as typed
    assert money.text() == "300.45"
    close_with_enter(qtbot, projects, money)
    assert wiz.data["projects"][0]["funding"] == "300.45"
    start = open_cell(projects, 0, "实施期（起）")
    assert "2026年11月" in start.placeholderText()
    close_with_enter(qtbot, projects, start)
    type_cell(qtbot, projects, 0, "实施期（起）", "2023-01")
    assert wiz.data["projects"][0]["start"] == "2023-01"

    table = go_to(wiz, "team")
    qtbot.mouseClick(find(wiz, "添加行"), Qt.MouseButton.LeftButton)
    age = open_cell(table, 0, "年龄")
    age.setFocus()
    QTest.keyClicks(age, "4a5")
    close_with_enter(qtbot, table, age)
    assert wiz.data["team"][0]["age"] == 45
    type_cell(qtbot, table, 0, "年龄", "")  # emptied: not filled yet, not 0
    assert wiz.data["team"][0]["age"] is None


def test_a_bad_cell_is_marked_and_explained_beside_the_table(window, qtbot):
    window.new_draft(FORM)
    wiz = window.wizard
    table = go_to(wiz, "platforms")
    qtbot.mouseClick(find(wiz, "添加行"), Qt.MouseButton.LeftButton)
    built = column(table, "建设时间")
    assert table.item(0, built).background().color() != MARK_COLORS["error"]  # nothing shown before leaving
    type_cell(qtbot, table, 0, "建设时间", "2016年13月")
    item = table.item(0, built)
    assert item.background().color() == MARK_COLORS["error"]
    assert "请填写年和月" in item.toolTip()
    assert "请填写年和月" in item.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    name = table.item(0, column(table, "平台名称"))
    assert name.background().color() == MARK_COLORS["error"] and "请填写" in name.toolTip()  # empty, required
    beside = row_of(wiz, "/platforms").problem_label
    assert "请填写年和月" in beside.full

    type_cell(qtbot, table, 0, "建设时间", "2016-09")
    assert table.item(0, built).background().color() != MARK_COLORS["error"]
    assert not table.item(0, built).toolTip()
    assert "年月格式" not in beside.full


def test_a_problem_on_the_review_page_leads_to_its_cell(window, qtbot):
    window.new_draft(FORM)
    wiz = window.wizard
    table = go_to(wiz, "platforms")
    for _ in range(2):
        qtbot.mouseClick(find(wiz, "添加行"), Qt.MouseButton.LeftButton)
    type_cell(qtbot, table, 1, "建设时间", "2016年13月")
    wiz.go_to(wiz.stack.count() - 1)
    wiz.go_to_pointer("/platforms/1/built")
    assert wiz.stack.currentWidget() is wiz.pages[[p.name for p in wiz.pages].index("platforms")]
    assert (table.currentRow(), table.currentColumn()) == (1, column(table, "建设时间"))


def test_a_top_level_text_is_a_page_of_its_own(window, qtbot):
    window.new_draft(FORM)
    wiz = window.wizard
    title = FORMS[FORM].model.model_fields["goals"].title
    go_to(wiz, "goals")
    page = wiz.stack.currentWidget()
    labels = [label for label in page.findChildren(QLabel) if title in label.text()]
    assert [label.objectName() for label in labels] == ["pageTitle"]  # the heading is the label, once
    assert page.findChild(QLabel, "pageHint").text() == field_meta(FORMS[FORM].model.model_fields["goals"])["help"]
    edit = find(wiz, title, QPlainTextEdit)
    type_into(edit, "突破高纯铝提纯关键技术。")
    assert wiz.data["goals"] == "突破高纯铝提纯关键技术。"
    counter = edit.parent().findChild(QLabel, "wordCounter")
    assert counter.text() == "12/500字"
    assert row_of(wiz, "/goals").editor.node.title == title


def test_every_table_of_every_form_builds_from_its_declaration():
    """Headers are the fields' titles (with their unit); a new row holds what the row model dumps."""
    make_app()
    found = 0
    for form in FORMS.values():
        for node in walk_fields(form.model):
            if not kind_of(node.info).in_rows:
                continue
            found += 1
            editor = TableEditor(node, "/" + "/".join(node.path))
            model = model_of(node.annotation)
            expected = []
            for info in model.model_fields.values():
                unit = field_meta(info).get("unit")
                expected.append(f"{info.title}（{unit}）" if unit and unit not in info.title else info.title)
            headers = [editor.table.horizontalHeaderItem(i).text() for i in range(editor.table.columnCount())]
            assert headers == expected
            assert editor.table.accessibleName() == node.title == editor.accessibleName()
            pointer = "/" + "/".join(node.path)
            document = DraftDocument({})
            Binding(form, document).bind(editor)
            editor.add_row()
            assert document.get(pointer) == [model().model_dump(mode="json")]
            first = next(iter(model.model_fields))
            steps = document.revision
            editor.load([{first: "x", "unknown": 1}])
            assert document.revision == steps  # loading writes nothing
            assert editor.table.item(0, 0).text() == "x"
            document.set(pointer, [{first: "x", "unknown": 1}])
            editor.table.setCurrentCell(0, 0)
            editor.add_row()
            assert document.get(pointer)[0] == {first: "x", "unknown": 1}  # keys with no column stay in the draft
            editor.deleteLater()
    assert found >= 3


@pytest.mark.slow
@pytest.mark.parametrize("section", [5, 3])
def test_screenshot_of_a_table_page_and_a_text_page(tmp_path, section):
    out = tmp_path / "shot.png"
    proc = subprocess.run([sys.executable, "-m", "yn_forms", "gui", "--form", FORM, "--screenshot", str(out),
                           "--section", str(section)], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 10_000


EXCEL = "张三\t45\t教授/首席科学家\t冶金\t昆明理工大学\r\n李四\t38\t高级工程师\t铝材加工\t云南铝业股份有限公司\r\n"


def test_a_block_copied_from_excel_fills_the_cells_and_adds_rows_as_one_step(window, qtbot):
    window.new_draft(FORM)
    wiz = window.wizard
    table = go_to(wiz, "team")
    qtbot.mouseClick(find(wiz, "添加行"), Qt.MouseButton.LeftButton)
    table.setCurrentCell(0, 0)
    table.setFocus()
    QApplication.clipboard().setText(EXCEL)
    QTest.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # a selected cell, no F2 first
    assert wiz.data["team"] == [ZHANG, LI]  # the ages read as numbers, a row added for the second
    assert cells(table) == [[str(ZHANG[k]) for k in TITLES], [str(LI[k]) for k in TITLES]]
    document = window._document()
    assert document.undo_label == f"粘贴到“{TEAM}”（2行）"
    document.undo()  # one step takes the whole paste back, the added row with it
    assert len(wiz.data["team"]) == 1 and not any(wiz.data["team"][0].values())
    assert table.rowCount() == 1


def test_one_value_pasted_into_a_cell_and_a_block_from_the_middle(window, qtbot):
    window.new_draft(FORM)
    wiz = window.wizard
    table = go_to(wiz, "team")
    qtbot.mouseClick(find(wiz, "添加行"), Qt.MouseButton.LeftButton)
    table.setCurrentCell(0, column(table, "从事专业"))
    QApplication.clipboard().setText("冶金\n")
    QTest.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert wiz.data["team"][0]["speciality"] == "冶金"
    table.setCurrentCell(0, column(table, "职务/职称"))  # the columns past the last are dropped
    QApplication.clipboard().setText('"教授\n博导"\t材料\t昆明理工大学\t多余')
    QTest.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    row = wiz.data["team"][0]
    assert (row["title"], row["speciality"], row["employer"]) == ("教授\n博导", "材料", "昆明理工大学")


def test_a_new_row_is_not_marked_before_anything_is_typed_in_it(window, qtbot):
    window.new_draft(FORM)
    wiz = window.wizard
    table = go_to(wiz, "platforms")
    qtbot.mouseClick(find(wiz, "添加行"), Qt.MouseButton.LeftButton)
    find(wiz, "添加行").setFocus()  # the table left: its problems are shown
    wiz.go_to(wiz.stack.count() - 1)
    table = go_to(wiz, "platforms")
    colours = {table.item(0, c).background().color().name() for c in range(table.columnCount())}
    assert MARK_COLORS["error"].name() not in colours
    type_cell(qtbot, table, 0, "建设时间", "2016-09")  # begun: the required name still empty is marked
    assert table.item(0, column(table, "平台名称")).background().color() == MARK_COLORS["error"]
