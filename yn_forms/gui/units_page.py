"""工具 › 单位信息库…: list, search, add, edit, delete, Excel out and in, and the drafts that use a unit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.units import (
    FACTS,
    GROUPS,
    StoredUnit,
    UnitLibrary,
    UnitLibraryError,
    clean_record,
    display,
    drafts_using,
    read_xlsx,
    template_xlsx,
)
from yn_forms.core.years import last_three_years
from yn_forms.gui.clerk import clerk
from yn_forms.gui.palette import REQUIRED_MARK
from yn_forms.gui.unit_dialogs import (
    EMPTY_TEXT,
    ERROR_COLOR,
    OK_COLOR,
    ChangesDialog,
    open_library,
    page_title,
    tool_button,
)
from yn_forms.gui.unit_list import UnitListModel, UnitListView
from yn_forms.gui.widgets import fit_to_screen
from yn_forms.gui.window_context import WindowContext

XLSX_FILTER = "Excel 表格 (*.xlsx)"
#: keys that take the clerk from the search box down into the list
TO_LIST_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class UnitEditDialog(QDialog):
    """Every fact of one unit, grouped as the forms ask them; 保存 writes the whole record."""

    def __init__(self, parent: QWidget | None, library: UnitLibrary, unit: StoredUnit | None) -> None:
        super().__init__(parent)
        self.library, self.unit = library, unit
        self.saved: StoredUnit | None = None  # the unit as stored, once 保存 has succeeded
        title = f"编辑单位：{unit.name}" if unit else "新增单位"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        fit_to_screen(self, 760, 720)
        record = unit.record if unit else {}
        self.inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.year_inputs: dict[tuple[str, str], QLineEdit] = {}
        body = QWidget()
        form_layout = QVBoxLayout(body)
        # one label width for every group, so the inputs of all groups line up in one column
        label_width = max(self.fontMetrics().horizontalAdvance(f.label + " *") for f in FACTS if not f.per_year)
        years = sorted({y for f in FACTS if f.per_year for y in record.get(f.key, {})}
                       | {str(y) for y in last_three_years()})
        for group in GROUPS:
            box = QGroupBox(group)
            facts = [f for f in FACTS if f.group == group]
            if facts and facts[0].per_year:
                grid = QGridLayout(box)
                for c, year in enumerate(years, start=1):
                    grid.addWidget(QLabel(f"{year}年"), 0, c)
                for r, fact in enumerate(facts, start=1):
                    year_label = QLabel(fact.label)
                    year_label.setMinimumWidth(label_width)
                    grid.addWidget(year_label, r, 0)
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
                    if fact.kind == "text":
                        edit: QLineEdit | QPlainTextEdit = QPlainTextEdit(display(fact, value))
                        edit.setFixedHeight(70)
                    else:
                        edit = QLineEdit(display(fact, value))
                        edit.setPlaceholderText({"date": "如 2006年8月18日", "multi": "多项用“、”分隔",
                                                 "money": "万元", "count": "整数"}.get(fact.kind, ""))
                    edit.setAccessibleName(fact.label)
                    label = QLabel(fact.label + (REQUIRED_MARK if fact.key == "name" else ""))
                    label.setMinimumWidth(label_width)
                    label.setBuddy(edit)
                    rows.addRow(label, edit)
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
        self.inputs["name"].setFocus()  # typing starts in the first field, as on the wizard's pages

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
                    self.saved, _plan = self.library.upsert(record)
                else:
                    self.saved, _plan = self.library.upsert(record, unit_id=self.unit.id, replace=True)
            except UnitLibraryError as exc:
                problems = [str(exc)]
        if problems:
            self.problems.setText("未保存：\n" + "\n".join(problems))
            self.problems.show()
            return
        self.accept()


class UnitLibraryDialog(QDialog):
    """工具 › 单位信息库…: browse, edit, delete, Excel in and out, and the drafts that use a unit.

    The units are read once into the list's model (``gui.unit_list``); the search box
    filters it as the clerk types, and a unit added, saved or deleted changes its own
    row. The unit the clerk picked stays picked while a search hides it and is picked
    again when it shows, but 编辑 and 删除 only act on a unit in view.
    """

    open_draft = Signal(Path)

    def __init__(self, parent: QWidget | None, library: UnitLibrary,
                 recent: Callable[[], list[Path]] = list) -> None:
        super().__init__(parent)
        self.library, self.recent = library, recent
        self.dialog: QDialog | None = None
        self.chosen: int | None = None  # the id of the unit the clerk picked last
        self._uses_of: int | None = None  # whose drafts the list below shows (read from disk only on a change)
        self._told: set[int] = set()  # the damaged rows the clerk has been told of
        self._relaying = False
        self.setWindowTitle("单位信息库")
        self.setAccessibleName("单位信息库")
        fit_to_screen(self, 980, 640)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("单位信息库"))
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
        self.search.textChanged.connect(self.filter)
        self.search.installEventFilter(self)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("单位数")
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.count_label)
        layout.addLayout(search_row)
        units, failure = self._read_units()
        self.model = UnitListModel(units, self)
        self.table = UnitListView(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._picked())
        self.model.modelReset.connect(self._show_chosen)  # a search, a sort: the picked unit found again
        self.table.edit_requested.connect(self.edit)
        self.table.delete_requested.connect(self.delete)
        layout.addWidget(self.table, 3)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for text, slot, tip in (("新增…", self.add, "手工录入一家单位"),
                                ("编辑…", self.edit, "修改选中单位的信息（也可双击该行或按回车）"),
                                ("删除", self.delete, "从单位库删除选中的单位（已填好的草稿不受影响）"),
                                (None, None, None),
                                ("从 Excel 导入…", self.import_dialog, "按模板格式的 Excel 表格批量新增或更新单位"),
                                ("导出到 Excel…", self.export_dialog, "把单位库导出为 Excel 表格（可再导入）"),
                                ("导入模板…", self.template_dialog, "保存一份空白的导入模板（含填写说明）")):
            if text is None:
                row.addStretch(1)
                continue
            button = tool_button(text, slot, tip)
            button.setAutoDefault(False)  # Enter in the search box goes to the list, never to a button
            self.buttons[text] = button
            row.addWidget(button)
        layout.addLayout(row)
        self.uses_label = QLabel()
        self.uses_label.setWordWrap(True)
        layout.addWidget(self.uses_label)
        self.uses = QListWidget()
        self.uses.setAccessibleName("使用该单位的草稿")
        self.uses.setMaximumHeight(self.uses.fontMetrics().height() * 5 + 12)  # a few drafts: the room goes to units
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
        self._counted()
        self._picked()
        if failure:
            self.say(failure, error=True)
        self.search.setFocus()

    def say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {ERROR_COLOR if error else OK_COLOR};")

    # --- list -----------------------------------------------------------------------
    def _read_units(self) -> tuple[list[StoredUnit], str]:
        """Every unit the library can read (one it cannot is left out, and ``tell_damaged`` says so), and
        why none could be read at all (the file busy or unreadable), to be said on the page."""
        try:
            return self.library.units(), ""
        except UnitLibraryError as exc:
            return [], str(exc)

    def tell_damaged(self) -> None:
        """Tell the clerk once about each row of the library that could not be read (and was left out)."""
        new = [u for _id, u in sorted(self.library.damaged.items()) if u.id not in self._told]
        self._told.update(u.id for u in new)
        self._counted()
        if not new:
            return
        if len(new) == 1:
            clerk().warn(self, "单位信息库", new[0].damage_text())
            return
        lines = [f"单位库中有 {len(new)} 条记录已损坏，未列出："] + [f"· {u.damage_line()}" for u in new[:8]]
        if len(new) > 8:
            lines.append(f"……另有 {len(new) - 8} 条")
        lines.append("从申报表或 Excel 再保存一次这些单位即可修复；其余单位照常使用。")
        clerk().warn(self, "单位信息库", "\n".join(lines))

    def refresh(self, select: int | None = None) -> None:
        """Read every unit again (after an Excel import, which may change many); keep or make *select* picked."""
        if select is not None:
            self.chosen = select
        units, failure = self._read_units()
        if failure:
            self.say(failure, error=True)
            return  # the list shown is kept: nothing of it is lost because the file is busy
        self.model.load(units)
        self._counted()
        self.tell_damaged()

    def filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._counted()

    def _counted(self) -> None:
        total, shown = self.model.total, len(self.model.shown)
        text = f"共 {total} 家单位" + (f"，显示 {shown} 家" if shown != total else "")
        if self.library.damaged:
            text += f"（{len(self.library.damaged)} 条记录损坏，未列出）"
        self.count_label.setText(text)

    def _show_chosen(self) -> None:
        """After the rows were laid out anew: the picked unit selected again if it is shown, nothing if not
        (a hidden unit must not be edited or deleted by a click on a button)."""
        row = self.model.row_of(self.chosen) if self.chosen is not None else None
        selection = self.table.selectionModel()
        with self._relay():
            if row is None:
                selection.clear()
            else:
                index = self.model.index(row, 0)
                flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                selection.setCurrentIndex(index, flags)
                self.table.scrollTo(index)
        self._update_tools()

    def _picked(self) -> None:
        """The selection changed: the clerk's pick remembered (not the page's own re-selecting), tools shown."""
        if not self._relaying:
            unit = self._selected_unit()
            self.chosen = unit.id if unit is not None else None
        self._update_tools()

    @contextmanager
    def _relay(self) -> Iterator[None]:
        """Selection changes made by the page itself (rows laid out anew), which are no pick of the clerk."""
        self._relaying = True
        try:
            yield
        finally:
            self._relaying = False

    def _selected_unit(self) -> StoredUnit | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.unit_at(rows[0].row()) if rows else None

    def current(self) -> StoredUnit | None:
        """The unit selected in the list, as the library holds it now (None when none is, or it is gone)."""
        unit = self._selected_unit()
        return self.library.get(unit.id) if unit is not None else None

    def _update_tools(self) -> None:
        unit = self._selected_unit()
        for text in ("编辑…", "删除"):
            self.buttons[text].setEnabled(unit is not None)
        unit_id = unit.id if unit is not None else None
        if unit_id == self._uses_of and self.uses.count():
            return  # the same unit: its drafts are listed already (read from disk only when it changes)
        self._uses_of = unit_id
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
        """Pick the unit called *name* if it is shown."""
        row = next((r for r, shown in enumerate(self.model.names()) if shown == name), None)
        if row is not None:
            self.table.selectRow(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """↓, PageDown or Enter in the search box: on to the list, at the picked unit or the first one.

        Enter is kept from the dialog even when nothing is found: it would press 关闭.
        """
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in TO_LIST_KEYS:
            if not self.model.shown:
                return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            self.table.setFocus()
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    # --- edit and delete ---------------------------------------------------------------
    def add(self) -> None:
        self._edit(None)

    def edit(self) -> None:
        unit = self.current()
        if unit is not None:
            self._edit(unit)

    def _edit(self, unit: StoredUnit | None) -> None:
        dialog = UnitEditDialog(self, self.library, unit)
        dialog.accepted.connect(lambda: self._saved(dialog.saved))
        self.dialog = dialog
        dialog.open()

    def _saved(self, unit: StoredUnit | None) -> None:
        """A unit added or edited: its one row put where it now sorts, and picked."""
        if unit is None:
            return
        with self._relay():
            self.model.put(unit)
        self.chosen, self._uses_of = unit.id, None  # its name or code may have changed: its drafts looked up again
        self._show_chosen()
        self._counted()
        self.say("已保存。")

    def delete(self) -> None:
        unit = self.current()
        if unit is None:
            return
        question = f"从单位库删除“{unit.name}”？\n已填好的草稿和申报材料不受影响。"
        if clerk().ask(self, "删除单位", question, ["删除", "取消"], warning=True) == "删除":
            self._delete(unit)

    def _delete(self, unit: StoredUnit) -> None:
        try:
            self.library.delete(unit.id)
        except UnitLibraryError as exc:
            self.say(str(exc), error=True)
            return
        with self._relay():
            self.model.remove(unit.id)
        self.chosen = None  # no other unit is picked for the next 删除
        self._show_chosen()
        self._counted()
        self.say(f"已删除“{unit.name}”。")

    # --- Excel ------------------------------------------------------------------------
    def _folder(self) -> Path:
        return Path.home()

    def import_dialog(self) -> None:
        path = clerk().open_path(self, "从 Excel 导入单位", self._folder(), XLSX_FILTER)
        if path is not None:
            self.import_from(path)

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
        path = clerk().save_path(self, "导出单位库到 Excel", self._folder() / "单位信息库.xlsx", XLSX_FILTER)
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        try:
            count = self.library.export_xlsx(path)
        except UnitLibraryError as exc:
            self.say(str(exc), error=True)
            return
        left_out = f"（{len(self.library.damaged)} 条损坏的记录未导出）" if self.library.damaged else ""
        self.say(f"已导出 {count} 家单位{left_out}：{path}")
        self.tell_damaged()

    def template_dialog(self) -> None:
        path = clerk().save_path(self, "保存导入模板", self._folder() / "单位信息导入模板.xlsx", XLSX_FILTER)
        if path is not None:
            name = str(path)
            try:
                template_xlsx(path)
            except UnitLibraryError as exc:
                self.say(str(exc), error=True)
                return
            self.say(f"已保存导入模板：{name}。填好后用“从 Excel 导入…”导入。")


def show_library(context: WindowContext) -> UnitLibraryDialog | None:
    """Open the units page over the window; the drafts searched for a unit are the open one and the recent ones.

    A page already open is brought to the front rather than opened twice.
    """
    existing = context.shown(UnitLibraryDialog)
    if existing is not None:
        existing.raise_()
        existing.activateWindow()
        return existing
    library = open_library(context.parent)
    if library is None:
        return None
    dialog = UnitLibraryDialog(context.parent, library, context.drafts)
    dialog.open_draft.connect(context.open_path)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.tell_damaged()
    return dialog
