"""工具 › 单位信息库…: list, search, add, edit, delete, Excel out and in, and the drafts that use a unit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.units import (
    FACTS,
    GROUPS,
    Record,
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
from yn_forms.gui.widgets import fit_to_screen

XLSX_FILTER = "Excel 表格 (*.xlsx)"
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
        fit_to_screen(self, 760, 720)
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
                        edit.setPlaceholderText({"date": "如 2006年8月18日", "multi": "多项用“、”分隔",
                                                 "money": "万元", "count": "整数"}.get(fact.kind, ""))
                    edit.setAccessibleName(fact.label)
                    rows.addRow(fact.label + (REQUIRED_MARK if fact.key == "name" else ""),
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
        self.dialog: QDialog | None = None
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
            button = tool_button(text, slot, tip)
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
        question = f"从单位库删除“{unit.name}”？\n已填好的草稿和申报材料不受影响。"
        if clerk().ask(self, "删除单位", question, ["删除", "取消"], warning=True) == "删除":
            self._delete(unit)

    def _delete(self, unit: StoredUnit) -> None:
        self.library.delete(unit.id)
        self.refresh()
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
            self.library.export_xlsx(path)
        except UnitLibraryError as exc:
            self.say(str(exc), error=True)
            return
        self.say(f"已导出 {len(self.library.units())} 家单位：{path}")

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
