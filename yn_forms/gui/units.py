"""单位信息库 in the wizard: 从单位库填入 / 保存到单位库 on every unit section, and the units page.

Which sections describe a unit is read from the form's declaration (``unit_key`` on
its fields, see ``core.units``); the bar is added by the generated pages, so no form
has GUI code of its own. Filling goes through the wizard's ``set_value`` — the draft
is marked modified, autosaved and re-validated as if the clerk had typed it — and
asks before it replaces anything already typed. Saving shows what would change in
the library (字段 / 库中现有 / 本表填写) before it overwrites anything.

Dialogs are opened window-modal with ``open()`` rather than ``exec()``: the flow
continues from their signals, so the tests (and a screen reader) drive the real
dialogs without nested event loops.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.datapath import get_at, set_at
from yn_forms.core.units import (
    FACTS,
    GROUPS,
    FillPlan,
    Plan,
    Record,
    StoredUnit,
    UnitLibrary,
    UnitLibraryError,
    clean_record,
    display,
    drafts_using,
    names_a_unit,
    plan_fill,
    read_unit,
    read_xlsx,
    template_xlsx,
)
from yn_forms.core.years import last_three_years
from yn_forms.gui.editors import Editor

FILL_TEXT = "从单位库填入…"
SAVE_TEXT = "保存到单位库"
EMPTY_TEXT = "（空）"
OK_COLOR, ERROR_COLOR = "#2e7d32", "#c62828"


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")  # styled as a page title by the app's style sheet
    label.setWordWrap(True)
    return label


def _button(text: str, slot: Callable[[], None], tip: str | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(text)
    if tip:
        button.setToolTip(tip)
        button.setAccessibleDescription(tip)
    button.clicked.connect(slot)
    return button


def _headless(widget: QWidget | None) -> bool:
    """The tests' off-screen window asks nothing with a blocking box (``MainWindow`` ``headless``)."""
    while widget is not None:
        if widget.property("headless"):
            return True
        widget = widget.parentWidget()
    return False


def _wizard(widget: QWidget) -> Any:
    """Imported late: the wizard builds the pages that build the bar."""
    from yn_forms.gui.wizard import wizard_of

    return wizard_of(widget)


def open_library(parent: QWidget | None = None) -> UnitLibrary | None:
    """The library in the user data folder, or None after telling the clerk why it cannot be opened."""
    try:
        return UnitLibrary()
    except UnitLibraryError as exc:
        if parent is not None:
            parent.setProperty("last_unit_error", str(exc))
        if not _headless(parent):
            QMessageBox.warning(parent, "单位信息库", str(exc))
        return None


def shown(value: Any) -> str:
    """A value of a draft as a list of changes shows it (a 近三年 figure year by year)."""
    if value is None or value == "" or value == []:
        return EMPTY_TEXT
    if isinstance(value, list) and all(isinstance(i, dict) and "year" in i for i in value):
        parts = [f"{i.get('year')}年 {i.get('value')}" for i in value if i.get("value") not in (None, "")]
        return "；".join(parts) or EMPTY_TEXT
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…（共{len(text)}字）"


# --- dialogs ------------------------------------------------------------------------------
class ChangesDialog(QDialog):
    """What an action would change, one row a field, before it is done: 覆盖保存 / 填入 or 取消."""

    def __init__(self, parent: QWidget | None, title: str, intro: str, headers: list[str],
                 rows: list[tuple[str, ...]], accept_text: str, note: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(len(rows), len(headers))
        self.table.setAccessibleName("将要改变的内容")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(_clip(text, 120))  # a pasted 10,000-character text: a few lines, not a page
                item.setToolTip(_clip(text, 2000))
                if c == len(row) - 1 and len(row) > 2:
                    item.setForeground(Qt.GlobalColor.darkBlue)  # the value that will stand afterwards
                self.table.setItem(r, c, item)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a list to read, not a grid to edit
        layout.addWidget(self.table, 1)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b26a00;")
        self.note.setVisible(bool(note))
        layout.addWidget(self.note)
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.accept_button.setAccessibleName(accept_text)
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAccessibleName("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.accept_button.setDefault(True)
        self._fit_height()

    def _fit_height(self, width: int = 680) -> None:
        """As tall as its rows, so a short list has no empty grid under it; a long one scrolls.

        The rows are measured at the widths the columns will have: before the dialog is
        shown the stretched columns are still narrow, and a wrapped value would be measured
        ten times its height.
        """
        self.table.setMinimumWidth(width)
        header = self.table.horizontalHeader()
        self.table.resizeColumnToContents(0)
        first = min(self.table.columnWidth(0), width // 3)
        others = max(1, self.table.columnCount() - 1)
        rest = (width - first - 2 * self.table.frameWidth()) // others
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, first)
        for column in range(1, self.table.columnCount()):
            self.table.setColumnWidth(column, rest)
        self.table.resizeRowsToContents()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(1, self.table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        grid = self.table.horizontalHeader().sizeHint().height() + rows + 2 * self.table.frameWidth() + 2
        if grid <= 420:
            self.table.setFixedHeight(max(grid, 60))
        else:
            self.table.setMinimumHeight(420)  # a long import: the list scrolls
        self.resize(max(720, self.width()), min(self.sizeHint().height(), 640))

    def rows(self) -> list[list[str]]:
        """The table as text, for the tests and for a screen reader's summary."""
        return [[self.table.item(r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]


class ChooseUnitDialog(QDialog):
    """Search the library by name or code and pick a unit: ``chosen`` carries its record."""

    chosen = Signal(dict)

    def __init__(self, parent: QWidget | None, library: UnitLibrary, initial: str = "", target: str = "") -> None:
        super().__init__(parent)
        self.library = library
        self.setWindowTitle("从单位库填入")
        self.setAccessibleName("从单位库填入")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        where = f"选择要填入“{target}”的单位。" if target else ""
        prompt = QLabel(where + "输入单位名称的一部分，或统一社会信用代码的前几位查找：")
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.search = QLineEdit()
        self.search.setAccessibleName("查找单位")
        self.search.setPlaceholderText("如：锦川 或 91530")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.results = QListWidget()
        self.results.setAccessibleName("单位信息库中的单位")
        self.results.setSpacing(2)
        layout.addWidget(self.results, 1)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox()
        self.fill_button = buttons.addButton("填入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.fill_button.setAccessibleName("填入")
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAccessibleName("取消")
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.refresh)
        self.results.itemActivated.connect(lambda _item: self._choose())
        self.results.currentRowChanged.connect(lambda row: self.fill_button.setEnabled(row >= 0))
        if initial and library.search(initial):
            self.search.setText(initial)  # the unit typed in the form so far, if the library knows it
        self.refresh()

    def refresh(self) -> None:
        text = self.search.text()
        found = self.library.search(text)
        self.results.clear()
        for unit in found:
            details = [unit.credit_code or "无统一社会信用代码"]
            details += [f"{label} {unit.record[key]}" for key, label in (("legal_rep", "法定代表人"),
                                                                         ("contact", "联系人"))
                        if unit.record.get(key)]
            item = QListWidgetItem(f"{unit.name}\n    " + " · ".join(details))
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, unit.describe())
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        self.fill_button.setEnabled(bool(found))
        if not found:
            self.empty.setText("没有找到。" if text.strip() else
                               "单位信息库还是空的。填好一家单位后点“保存到单位库”，"
                               "或在 工具 › 单位信息库… 中从 Excel 导入。")
        self.empty.setVisible(not found)

    def _choose(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        unit = self.library.get(int(item.data(Qt.ItemDataRole.UserRole)))
        if unit is None:
            return
        self.accept()
        self.chosen.emit(unit.record)


# --- the bar on a unit section --------------------------------------------------------------
class UnitBar(QWidget):
    """从单位库填入… / 保存到单位库 for the unit section at *pointer* (or the selected row of a table).

    *rows*: the section is a table (联合申报单位); filling fills the selected row, or adds
    one when none is selected, and saving saves the selected row.
    """

    def __init__(self, pointer: str, title: str, rows: bool = False) -> None:
        super().__init__()
        self.pointer, self.title, self.rows = pointer, title, rows
        self.dialog: QDialog | QMessageBox | None = None  # the dialog last opened, for the tests
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        which = "选中的一行" if rows else "本表"
        self.fill_button = _button(FILL_TEXT, self.fill,
                                   f"在单位信息库中查找单位，把它的信息填入{which}（{title}）")
        self.save_button = _button(SAVE_TEXT, self.save,
                                   f"把{which}的单位信息保存到单位信息库，下次填表可直接填入；更新前列出变化")
        layout.addWidget(self.fill_button)
        layout.addWidget(self.save_button)
        self.note = QLabel()
        self.note.setObjectName("unitNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note, 1)

    def say(self, text: str, error: bool = False) -> None:
        self.note.setText(text)
        self.note.setStyleSheet(f"color: {ERROR_COLOR if error else OK_COLOR};")
        self.note.setAccessibleName(text)

    # --- where ----------------------------------------------------------------------
    def _table(self, wizard: Any) -> Any:
        return next((e for e in wizard.findChildren(Editor) if e.pointer == self.pointer and hasattr(e, "table")),
                    None)

    def _target(self, wizard: Any, adding: bool) -> tuple[str, bool] | None:
        """The pointer of the unit to fill or save, and whether it is a new row of a table."""
        if not self.rows:
            return self.pointer, False
        count = len(wizard.value(self.pointer) or [])
        editor = self._table(wizard)
        row = editor.table.currentRow() if editor is not None else -1
        if 0 <= row < count:
            return f"{self.pointer}/{row}", False
        if adding:
            return f"{self.pointer}/{count}", True
        return None

    # --- fill -----------------------------------------------------------------------
    def fill(self) -> None:
        wizard = _wizard(self)
        library = open_library(self)
        if wizard is None or library is None:
            return
        target = self._target(wizard, adding=True)
        assert target is not None
        initial = ""
        if not target[1]:
            initial = str(wizard.value(target[0] + "/credit_code") or wizard.value(target[0] + "/name") or "")
        dialog = ChooseUnitDialog(self, library, initial.strip(), self.title)
        dialog.chosen.connect(lambda record: self.fill_with(record))
        dialog.finished.connect(lambda _r: library.close())
        self.dialog = dialog
        dialog.open()

    def fill_with(self, record: Record) -> None:
        """Fill from *record*: at once into empty fields, after a 替换 question over typed ones."""
        wizard = _wizard(self)
        if wizard is None:
            return
        target = self._target(wizard, adding=True)
        assert target is not None
        pointer, new_row = target
        data = wizard.data
        if new_row:
            data = copy.deepcopy(wizard.data)
            rows = list(get_at(data, self.pointer) or [])
            model = self._row_model(wizard)
            rows.append(model().model_dump(mode="json") if model is not None else {})
            set_at(data, self.pointer, rows)
        plan = plan_fill(wizard.form, data, pointer, record)
        skipped = self._skipped_text(plan)
        if not plan.changes:
            self.say(f"本表已与单位库中的“{record.get('name', '')}”一致，没有需要填入的内容。{skipped}")
            return
        if plan.overwrites:
            rows_ = [(c.title, shown(c.old), shown(c.new)) for c in plan.changes]
            dialog = ChangesDialog(
                self, "从单位库填入", f"将用单位库中“{record.get('name', '')}”的信息填入以下{len(rows_)}项，"
                "其中已填写的内容会被替换。", ["字段", "本表现有", "单位库"], rows_, "填入", skipped)
            dialog.accepted.connect(lambda: self._apply(wizard, plan, new_row, data, record))
            self.dialog = dialog
            dialog.open()
            return
        self._apply(wizard, plan, new_row, data, record)

    def _row_model(self, wizard: Any) -> type[BaseModel] | None:
        editor = self._table(wizard)
        return getattr(editor, "model", None)

    @staticmethod
    def _skipped_text(plan: FillPlan) -> str:
        if not plan.skipped:
            return ""
        return "未填入：" + "；".join(f"{title}（{why}）" for title, why in plan.skipped)

    def _apply(self, wizard: Any, plan: FillPlan, new_row: bool, data: dict[str, Any], record: Record) -> None:
        if new_row:  # the new row is filled in the copy first, then the table is written once
            for change in plan.changes:
                set_at(data, change.pointer, copy.deepcopy(change.new))
            wizard.set_value(self.pointer, copy.deepcopy(get_at(data, self.pointer)))
        else:
            for change in plan.changes:
                wizard.set_value(change.pointer, copy.deepcopy(change.new))
        pointers = [c.pointer for c in plan.changes]
        reload_editors(wizard, [self.pointer] if new_row else pointers)
        wizard.touched.update(pointers)  # filled values are checked at once, as if typed and left
        wizard.revalidate()
        self.say(f"已从单位库填入“{record.get('name', '')}”的 {len(pointers)} 项。{self._skipped_text(plan)}")

    # --- save -----------------------------------------------------------------------
    def save(self) -> None:
        wizard = _wizard(self)
        if wizard is None:
            return
        target = self._target(wizard, adding=False)
        if target is None:
            self.say("请先在表格中选中要保存的单位所在的行。", error=True)
            return
        extraction = read_unit(wizard.form, wizard.data, target[0])
        if not extraction.record.get("name"):
            self.say("请先填写单位名称，再保存到单位库。", error=True)
            return
        library = open_library(self)
        if library is None:
            return
        try:
            plan = library.plan(extraction.record)
        except UnitLibraryError as exc:
            self.say(f"未保存：{exc}", error=True)
            return
        finally:
            library.close()  # opened again to write, after the clerk has seen the changes
        note = ""
        if extraction.skipped:
            note = "以下内容有误，未保存到单位库：" + "；".join(f"{t}（{w}）" for t, w in extraction.skipped)
        name = plan.record["name"]
        if plan.is_new:
            box = QMessageBox(QMessageBox.Icon.Question, "保存到单位库",
                              f"将“{name}”作为新单位保存到单位信息库（{len(plan.changes)}项信息）。"
                              + (f"\n\n{note}" if note else ""), parent=self)
            ok = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
            ok.setAccessibleName("保存")
            box.addButton("取消", QMessageBox.ButtonRole.RejectRole).setAccessibleName("取消")
            box.setWindowModality(Qt.WindowModality.WindowModal)
            box.buttonClicked.connect(lambda b: self._store(extraction.record, plan) if b is ok else None)
            self.dialog = box
            box.open()
            return
        if not plan.changes:
            self.say(f"单位库中“{name}”的信息与本表一致，无需更新。{note}")
            return
        rows = [(c.label, c.old or EMPTY_TEXT, c.new or EMPTY_TEXT) for c in plan.changes]
        dialog = ChangesDialog(self, "保存到单位库",
                               f"单位库中已有“{plan.existing.name if plan.existing else name}”。保存将改变以下"
                               f"{len(rows)}项（本表没有填写的信息保留库中原有内容）：",
                               ["字段", "库中现有", "本表填写"], rows, "覆盖保存", note)
        dialog.accepted.connect(lambda: self._store(extraction.record, plan))
        self.dialog = dialog
        dialog.open()

    def _store(self, record: Record, plan: Plan) -> None:
        library = open_library(self)
        if library is None:
            return
        try:
            unit, _done = library.upsert(record)
        except UnitLibraryError as exc:
            self.say(f"未保存：{exc}", error=True)
            return
        finally:
            library.close()
        self.say(f"已{'新增' if plan.is_new else '更新'}单位库中的“{unit.name}”。")


def reload_editors(wizard: Any, pointers: list[str]) -> None:
    """Show values written behind the inputs' backs: each input at or above a changed pointer reloads."""
    for editor in wizard.findChildren(Editor):
        if any(p == editor.pointer or p.startswith(editor.pointer + "/") for p in pointers):
            editor.load(wizard.value(editor.pointer))


def unit_bar(model: type[BaseModel] | None, pointer: str, title: str = "", rows: bool = False) -> UnitBar | None:
    """The 单位库 buttons for a section (or table) of *model* at *pointer*, or None if it names no unit."""
    if model is None or not names_a_unit(model):
        return None
    return UnitBar(pointer, title, rows)


# --- the units page ---------------------------------------------------------------------------
#: (facts shown, the first one present; header) of the units page's columns
COLUMNS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("name",), "单位名称"), (("credit_code",), "统一社会信用代码"), (("legal_rep",), "法定代表人"),
    (("contact",), "联系人"), (("contact_mobile", "contact_phone"), "联系人电话"))


def _cell(record: Record, keys: tuple[str, ...]) -> str:
    return next((str(record[k]) for k in keys if record.get(k) not in (None, "")), "")


class UnitEditDialog(QDialog):
    """Every fact of one unit, grouped as the forms ask them; 保存 writes the whole record."""

    def __init__(self, parent: QWidget | None, library: UnitLibrary, unit: StoredUnit | None) -> None:
        super().__init__(parent)
        self.library, self.unit = library, unit
        title = f"编辑单位：{unit.name}" if unit else "新增单位"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(760, 720)
        record = unit.record if unit else {}
        self.inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.year_inputs: dict[tuple[str, str], QLineEdit] = {}
        body = QWidget()
        form_layout = QVBoxLayout(body)
        years = sorted({y for f in FACTS if f.kind == "years" for y in record.get(f.key, {})}
                       | {str(y) for y in last_three_years()})
        for group in GROUPS:
            box = QGroupBox(group)
            facts = [f for f in FACTS if f.group == group]
            if facts and facts[0].kind == "years":
                grid = QGridLayout(box)
                for c, year in enumerate(years, start=1):
                    grid.addWidget(QLabel(f"{year}年"), 0, c)
                for r, fact in enumerate(facts, start=1):
                    grid.addWidget(QLabel(fact.label), r, 0)
                    for c, year in enumerate(years, start=1):
                        edit = QLineEdit(str(record.get(fact.key, {}).get(year, "")))
                        edit.setAccessibleName(f"{year}年{fact.label}")
                        edit.setPlaceholderText("0.00")
                        grid.addWidget(edit, r, c)
                        self.year_inputs[(fact.key, year)] = edit
            else:
                rows = QFormLayout(box)
                for fact in facts:
                    value = record.get(fact.key)
                    if fact.kind == "lines":
                        edit: QLineEdit | QPlainTextEdit = QPlainTextEdit(display(fact, value))
                        edit.setFixedHeight(70)
                    else:
                        edit = QLineEdit(display(fact, value))
                        edit.setPlaceholderText({"date": "YYYY-MM-DD", "multi": "多项用“、”分隔",
                                                 "money": "万元", "count": "整数"}.get(fact.kind, ""))
                    edit.setAccessibleName(fact.label)
                    rows.addRow(fact.label + ("<span style='color:#c62828'> *</span>" if fact.key == "name" else ""),
                                edit)
                    self.inputs[fact.key] = edit
            form_layout.addWidget(box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {ERROR_COLOR};")
        self.problems.setAccessibleName("问题")
        self.problems.hide()
        layout.addWidget(self.problems)
        buttons = QDialogButtonBox()
        save = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        save.setAccessibleName("保存")
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole).setAccessibleName("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def raw(self) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        for key, edit in self.inputs.items():
            raw[key] = edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()
        for (key, year), edit in self.year_inputs.items():
            if edit.text().strip():
                raw.setdefault(key, {})[year] = edit.text()
        return raw

    def save(self) -> None:
        record, problems = clean_record(self.raw())
        if not problems:
            try:
                if self.unit is None:
                    if self.library.match(record) is not None:
                        raise UnitLibraryError("单位库中已有这家单位，请在列表中选中它后点“编辑…”")
                    self.library.upsert(record)
                else:
                    self.library.upsert(record, unit_id=self.unit.id, replace=True)
            except UnitLibraryError as exc:
                problems = [str(exc)]
        if problems:
            self.problems.setText("未保存：\n" + "\n".join(problems))
            self.problems.show()
            return
        self.accept()


class UnitLibraryDialog(QDialog):
    """工具 › 单位信息库…: browse, edit, delete, Excel in and out, and the drafts that use a unit."""

    open_draft = Signal(Path)

    def __init__(self, parent: QWidget | None, library: UnitLibrary,
                 recent: Callable[[], list[Path]] = list) -> None:
        super().__init__(parent)
        self.library, self.recent = library, recent
        self.dialog: QDialog | QMessageBox | None = None
        self.setWindowTitle("单位信息库")
        self.setAccessibleName("单位信息库")
        self.resize(980, 640)
        layout = QVBoxLayout(self)
        layout.addWidget(_title("单位信息库"))
        hint = QLabel("保存在这里的单位，可在申报表的单位信息页点“从单位库填入…”一键填入。"
                      f"文件位置：{library.path}")
        hint.setWordWrap(True)
        hint.setObjectName("pageHint")
        hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(hint)
        self.search = QLineEdit()
        self.search.setAccessibleName("查找单位")
        self.search.setPlaceholderText("查找：单位名称的一部分或统一社会信用代码")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self.refresh())
        self.count_label = QLabel()
        self.count_label.setAccessibleName("单位数")
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count_label)
        layout.addLayout(search_row)
        self.table = QTableWidget(0, len(COLUMNS) + 1)
        self.table.setAccessibleName("单位列表")
        self.table.setHorizontalHeaderLabels([label for _k, label in COLUMNS] + ["更新时间"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS) + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit())
        layout.addWidget(self.table, 3)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for text, slot, tip in (("新增…", self.add, "手工录入一家单位"),
                                ("编辑…", self.edit, "修改选中单位的信息"),
                                ("删除", self.delete, "从单位库删除选中的单位（已填好的草稿不受影响）"),
                                (None, None, None),
                                ("从 Excel 导入…", self.import_dialog, "按模板格式的 Excel 表格批量新增或更新单位"),
                                ("导出到 Excel…", self.export_dialog, "把单位库导出为 Excel 表格（可再导入）"),
                                ("导入模板…", self.template_dialog, "保存一份空白的导入模板（含填写说明）")):
            if text is None:
                row.addStretch(1)
                continue
            button = _button(text, slot, tip)
            self.buttons[text] = button
            row.addWidget(button)
        layout.addLayout(row)
        self.uses_label = QLabel()
        self.uses_label.setWordWrap(True)
        layout.addWidget(self.uses_label)
        self.uses = QListWidget()
        self.uses.setAccessibleName("使用该单位的草稿")
        self.uses.itemActivated.connect(
            lambda item: self.open_draft.emit(Path(item.data(Qt.ItemDataRole.UserRole))))
        layout.addWidget(self.uses, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("状态")
        layout.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("关闭")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.finished.connect(lambda _r: self.library.close())
        self.refresh()

    def say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {ERROR_COLOR if error else OK_COLOR};")

    # --- list -----------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        if select is None and self.current() is not None:
            select = self.current().id
        units = self.library.search(self.search.text(), limit=100_000)
        # a row left selected (or current, selected again when the table regains focus) would point at
        # whichever unit now sits there: after a delete, the next 删除 must not hit a unit nobody chose
        self.table.setCurrentCell(-1, -1)
        self.table.clearSelection()
        self.table.setRowCount(len(units))
        for r, unit in enumerate(units):
            values = [_cell(unit.record, keys) for keys, _label in COLUMNS] + [unit.updated_at.replace("T", " ")]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, unit.id)
                self.table.setItem(r, c, item)
            if unit.id == select:
                self.table.selectRow(r)
        total = self.library.count()
        shown_ = f"，显示 {len(units)} 家" if len(units) != total else ""
        self.count_label.setText(f"共 {total} 家单位{shown_}")
        self._selected()

    def current(self) -> StoredUnit | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return self.library.get(int(item.data(Qt.ItemDataRole.UserRole))) if item is not None else None

    def _selected(self) -> None:
        unit = self.current()
        for text in ("编辑…", "删除"):
            self.buttons[text].setEnabled(unit is not None)
        self.uses.clear()
        self.uses_label.setText(f"使用“{unit.name}”的草稿（在最近打开的草稿中查找，双击打开）："
                                if unit is not None else "选中一家单位，这里列出最近打开的草稿中用到它的草稿。")
        if unit is None:
            return
        found = drafts_using(unit.record, self.recent())
        for use in found:
            item = QListWidgetItem(f"{use.path.name}　·　{use.path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(use.path))
            item.setToolTip(str(use.path))
            self.uses.addItem(item)
        if not found:
            item = QListWidgetItem("（最近打开的草稿中没有用到这家单位）")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.uses.addItem(item)

    def select(self, name: str) -> None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).text() == name:
                self.table.selectRow(r)
                return

    # --- edit and delete ---------------------------------------------------------------
    def add(self) -> None:
        self._edit(None)

    def edit(self) -> None:
        unit = self.current()
        if unit is not None:
            self._edit(unit)

    def _edit(self, unit: StoredUnit | None) -> None:
        dialog = UnitEditDialog(self, self.library, unit)
        dialog.accepted.connect(lambda: (self.refresh(), self.say("已保存。")))
        self.dialog = dialog
        dialog.open()

    def delete(self) -> None:
        unit = self.current()
        if unit is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "删除单位",
                          f"从单位库删除“{unit.name}”？\n已填好的草稿和申报材料不受影响。", parent=self)
        ok = box.addButton("删除", QMessageBox.ButtonRole.DestructiveRole)
        ok.setAccessibleName("删除")
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole).setAccessibleName("取消")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.buttonClicked.connect(lambda b: self._delete(unit) if b is ok else None)
        self.dialog = box
        box.open()

    def _delete(self, unit: StoredUnit) -> None:
        self.library.delete(unit.id)
        self.refresh()
        self.say(f"已删除“{unit.name}”。")

    # --- Excel ------------------------------------------------------------------------
    def _folder(self) -> str:
        return str(Path.home())

    def import_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "从 Excel 导入单位", self._folder(), "Excel 表格 (*.xlsx)")
        if name:
            self.import_from(Path(name))

    def import_from(self, path: Path) -> None:
        """List what the sheet would add and change, then import on 导入 (bad rows are listed, not fatal)."""
        try:
            rows, report = read_xlsx(path)
        except UnitLibraryError as exc:
            self.say(str(exc), error=True)
            return
        preview: list[tuple[str, str, str]] = []
        for row_number, record in rows:
            try:
                plan = self.library.plan(record)
            except UnitLibraryError as exc:
                preview.append((f"第{row_number}行", record.get("name", ""), f"不导入：{exc}"))
                continue
            if plan.is_new:
                preview.append((f"第{row_number}行", plan.record["name"], f"新增（{len(plan.changes)}项）"))
            elif plan.changes:
                what = "、".join(f"{c.label}：{c.old or EMPTY_TEXT} → {c.new}" for c in plan.changes)
                preview.append((f"第{row_number}行", plan.record["name"], f"更新：{what}"))
            else:
                preview.append((f"第{row_number}行", plan.record["name"], "无变化"))
        preview += [(f"第{r}行", "", f"不导入：{m}") for r, m in report.errors]
        preview.sort(key=lambda row: int(row[0][1:-1]))
        dialog = ChangesDialog(self, "从 Excel 导入", f"{path.name}：共 {len(preview)} 行。确认后导入；"
                               "有问题的行不导入。", ["行", "单位", "导入后"], preview, "导入",
                               "\n".join(report.warnings))
        dialog.accepted.connect(lambda: self._import(path))
        self.dialog = dialog
        dialog.open()

    def _import(self, path: Path) -> None:
        try:
            report = self.library.import_xlsx(path)
        except UnitLibraryError as exc:
            self.say(str(exc), error=True)
            return
        self.last_report = report
        self.refresh()
        self.say(report.summary(), error=bool(report.errors))

    def export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "导出单位库到 Excel", str(Path(self._folder()) / "单位信息库.xlsx"),
                                              "Excel 表格 (*.xlsx)")
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        try:
            self.library.export_xlsx(path)
        except UnitLibraryError as exc:
            self.say(str(exc), error=True)
            return
        self.say(f"已导出 {len(self.library.units())} 家单位：{path}")

    def template_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "保存导入模板", str(Path(self._folder()) / "单位信息导入模板.xlsx"),
                                              "Excel 表格 (*.xlsx)")
        if name:
            try:
                template_xlsx(Path(name))
            except UnitLibraryError as exc:
                self.say(str(exc), error=True)
                return
            self.say(f"已保存导入模板：{name}。填好后用“从 Excel 导入…”导入。")


def show_library(window: Any) -> UnitLibraryDialog | None:
    """Open the units page over *window*; the drafts searched are its recent drafts and the open one.

    A page already open is brought to the front rather than opened twice.
    """
    existing = getattr(window, "units_dialog", None)
    try:
        if existing is not None and existing.isVisible():
            existing.raise_()
            existing.activateWindow()
            return existing
    except RuntimeError:  # closed and deleted (WA_DeleteOnClose)
        pass
    library = open_library(window)
    if library is None:
        return None

    def recent() -> list[Path]:
        settings = getattr(window, "settings", None)
        names = list(settings.value("recent", [], list) or []) if settings is not None else []
        current = getattr(window, "path", None)
        paths = [Path(n) for n in names]
        return ([current] if current is not None and current not in paths else []) + paths

    dialog = UnitLibraryDialog(window, library, recent)
    if hasattr(window, "open_path"):
        dialog.open_draft.connect(window.open_path)
    window.units_dialog = dialog
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
