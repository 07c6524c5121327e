"""汇总表 for a 州市 department: many applications in, the form's 汇总表 .xlsx out.

The page is a non-modal dialog (工具 › 汇总表…, or 汇总表… on the start page) so a
clerk can keep a draft open in the wizard beside it. Files are read through
``core.batch`` — the loading path ``yn-forms summary`` uses — so the page and the
command line agree on which files are used and why the others are not: each file
is a row with its validation state, a bad or foreign file is a row that says why it
is skipped, and nothing a clerk adds can stop the others. Files with errors are
summarised (a department reports what it received) but marked in red.

Reading and writing run in QThreadPool workers: validating a thousand applications
takes a few seconds, and the window must not freeze meanwhile. The output is written
by ``render.summary.write_summary_file``, atomically, with the same messages as the
command line (a file open in Word/WPS, a read-only file, a broken template).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.batch import BatchItem, expand, load_one, same_file_key
from yn_forms.core.draft import DRAFT_SUFFIX
from yn_forms.core.formdef import FormDefinition, SummaryColumn
from yn_forms.core.places import PREFECTURES
from yn_forms.forms import FORMS
from yn_forms.gui.clerk import clerk
from yn_forms.gui.palette import ERROR, MUTED, OK, WARNING
from yn_forms.gui.tasks import Report, run_task
from yn_forms.gui.widgets import fit_to_screen, heading
from yn_forms.gui.window_context import WindowContext

if TYPE_CHECKING:
    from yn_forms.render.summary import SummaryWritten

COLUMNS = ("文件", "名称", "状态", "保存时间")
FILE_COLUMN, NAME_COLUMN, STATE_COLUMN, SAVED_COLUMN = range(4)
PROGRESS_EVERY = 25  # files between progress reports while reading
TOOLTIP_PROBLEMS = 8  # problems listed in a row's tooltip; the wizard shows them all
# widths in pixels: a file or centre name is fitted to its text up to the cap (the tooltip has
# the rest), so that the 状态 column, which stretches, has room for a skipped file's reason
FILE_WIDTH, NAME_WIDTH, SAVED_WIDTH = (120, 280), (140, 340), 130

OK_COLOUR, WARNING_COLOUR, ERROR_COLOUR, SKIPPED_COLOUR = OK, WARNING, ERROR, MUTED


def summary_forms() -> list[FormDefinition]:
    """The forms a department summarises: those whose definition has a 汇总表."""
    return [form for form in FORMS.values() if form.summary is not None]


def department_suggestions() -> list[str]:
    """The 16 州（市） and their 工业和信息化 departments, offered as the clerk types."""
    return [*PREFECTURES, *(f"{name}工业和信息化局" for name in PREFECTURES)]


def name_column(form: FormDefinition, form_id: str | None = None) -> SummaryColumn:
    """The column that tells applications apart: the first whose header is a 名称, else the first.

    The 消费名品 汇总表 starts with 州（市）, which every row of one department shares;
    its 品牌名称 is what the clerk recognises. An application of another form the 汇总表
    lists (*form_id*: a 数字三品 case) is told by its own part's columns (案例名称).
    """
    assert form.summary is not None
    part = form.summary.part(form_id) if form_id is not None else None
    columns = part.columns if part is not None else form.summary.columns
    return next((c for c in columns if "名称" in c.header), columns[0])


def name_header(form: FormDefinition) -> str:
    """The name column's header: 品牌名称, or 品牌名称／案例名称 when the 汇总表 lists 数字三品 cases too."""
    assert form.summary is not None
    headers = [name_column(form).header, *(name_column(form, p.form_id).header for p in form.summary.parts)]
    return "／".join(dict.fromkeys(headers))


def _when(saved_at: str | None) -> str:
    return (saved_at or "")[:16].replace("T", " ")


class _ElideRight(QStyledItemDelegate):
    """Elides at the end: the table elides file names in the middle (申报…1.ynform), but a
    name or a reason cut in the middle loses the words that say what it is about."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight


def _load(form: FormDefinition, paths: list[Path], recursive: bool, known: set[str],
          report: Report) -> list[BatchItem]:
    """Read and validate *paths* with ``core.batch`` (in the pool); a file that cannot be read is a row."""
    items: list[BatchItem] = []
    try:
        entries = expand(paths, recursive)
    except Exception as exc:  # reported as a row, never a silent crash in a pool thread
        entries = [BatchItem(Path(paths[0]) if paths else Path("."), None, f"读取时出现意外错误：{exc}")]
    for i, entry in enumerate(entries, start=1):
        path = entry.path if isinstance(entry, BatchItem) else entry
        key = same_file_key(path)
        if key in known:
            continue
        known.add(key)
        items.append(entry if isinstance(entry, BatchItem) else load_one(form, entry, FORMS))
        if i % PROGRESS_EVERY == 0:
            report(i, len(entries))
    return items


class SummaryDialog(QDialog):
    """Pick many drafts or a folder, see each one's state, and write the form's 汇总表."""

    loaded = Signal(int)  # rows in the table, after a read finished
    generated = Signal(object)  # the .xlsx written, or None when writing failed

    def __init__(self, parent: QWidget | None = None, form_id: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("汇总表 — 云南申报材料填报助手")
        self.setAccessibleName("汇总表")
        fit_to_screen(self, 1100, 720)
        self.setAcceptDrops(True)
        self.settings = QSettings("yn-forms", "yn-forms")
        self.items: list[BatchItem] = []
        self.busy = False
        self._token = 0
        self.last_output: Path | None = None
        self.last_result = ""

        layout = QVBoxLayout(self)
        layout.addWidget(heading("汇总表"))
        hint = QLabel("添加各单位报来的申报草稿（.ynform）或数据文件（.json），也可以直接拖入。"
                      "有错误的文件照常列入汇总表，并在下面标出；无法读取或属于其他申报的文件会注明原因，不列入。")
        hint.setObjectName("pageHint")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        top = QHBoxLayout()
        top.addWidget(QLabel("申报表："))
        self.form_box = QComboBox()
        self.form_box.setAccessibleName("申报表")
        for form in summary_forms():
            assert form.summary is not None
            also = "".join(f"，含“{FORMS[part.form_id].name}”" for part in form.summary.parts)
            self.form_box.addItem(f"{form.name}（{Path(form.summary.output).stem}{also}）", form.id)
        if form_id is not None and self.form_box.findData(form_id) >= 0:
            self.form_box.setCurrentIndex(self.form_box.findData(form_id))
        self.form_box.currentIndexChanged.connect(self._form_changed)
        top.addWidget(self.form_box, 1)
        layout.addLayout(top)

        buttons = QHBoxLayout()
        self.add_files_button = self._button("添加文件…", "添加文件", lambda: self.add_files())
        self.add_folder_button = self._button("添加文件夹…", "添加文件夹", lambda: self.add_folder())
        self.recursive_box = QCheckBox("包括子文件夹")
        self.recursive_box.setAccessibleName("包括子文件夹")
        self.recursive_box.setToolTip("添加文件夹时，也读取其中各子文件夹里的申报文件")
        self.remove_button = self._button("移除", "移除选中的文件", self.remove_selected)
        self.clear_button = self._button("清空", "清空列表", self.clear)
        for widget in (self.add_files_button, self.add_folder_button, self.recursive_box):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.clear_button)
        layout.addLayout(buttons)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("汇总的申报文件")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # file names keep their number and suffix
        for column in (NAME_COLUMN, STATE_COLUMN):  # a name or a reason is read from its start
            self.table.setItemDelegateForColumn(column, _ElideRight(self.table))
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(STATE_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column, width in ((FILE_COLUMN, 220), (NAME_COLUMN, 300), (SAVED_COLUMN, SAVED_WIDTH)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("汇总情况")
        layout.addWidget(self.count_label)

        fields = QFormLayout()
        self.department_edit = QLineEdit(str(self.settings.value("summary/department", "")))
        self.department_edit.setAccessibleName("州（市）主管部门")
        self.department_edit.setPlaceholderText("如：昆明市工业和信息化局（印在表头“主管部门（盖章）”后）")
        completer = QCompleter(department_suggestions(), self.department_edit)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.department_edit.setCompleter(completer)
        self.filler_edit = QLineEdit(str(self.settings.value("summary/filler", "")))
        self.filler_edit.setAccessibleName("填表人及联系电话")
        self.filler_edit.setPlaceholderText("如：王芳 0871-63512345")
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setAccessibleName("填表日期")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy年M月d日")
        self.date_edit.setMinimumWidth(self.date_edit.fontMetrics().horizontalAdvance("2026年12月31日") + 48)
        fields.addRow("州（市）主管部门：", self.department_edit)
        fields.addRow("填表人及联系电话：", self.filler_edit)
        fields.addRow("填表日期：", self.date_edit)
        layout.addLayout(fields)

        bottom = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setAccessibleName("进度")
        bottom.addWidget(self.status_label, 1)
        self.generate_button = self._button("生成汇总表…", "生成汇总表", lambda: self.generate())
        self.generate_button.setObjectName("primary")
        self.generate_button.setDefault(True)
        close = self._button("关闭", "关闭", self.close)
        bottom.addWidget(self.generate_button)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self._apply_form()

    # --- building ---------------------------------------------------------------------
    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    @property
    def form(self) -> FormDefinition:
        return FORMS[self.form_box.currentData()]

    def _apply_form(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [COLUMNS[FILE_COLUMN], name_header(self.form), COLUMNS[STATE_COLUMN], COLUMNS[SAVED_COLUMN]])
        self._update_counts()

    def _last_folder(self) -> Path:
        return Path(str(self.settings.value("last_folder", str(Path.home()))))

    # --- adding and removing files ----------------------------------------------------
    def add_files(self, paths: list[Path] | None = None) -> None:
        """添加文件…; *paths* skips the dialog (tests, drag and drop)."""
        if paths is None:
            paths = clerk().open_paths(self, "添加申报文件", self._last_folder(),
                                       f"申报草稿或数据 (*{DRAFT_SUFFIX} *.json);;所有文件 (*)")
        self.add_paths(paths)

    def add_folder(self, folder: Path | None = None) -> None:
        """添加文件夹…: its *.ynform and *.json files (subfolders too if 包括子文件夹 is ticked)."""
        if folder is None:
            folder = clerk().folder(self, "添加文件夹中的申报文件", self._last_folder())
            if folder is None:
                return
        self.add_paths([folder])

    def add_paths(self, paths: list[Path]) -> None:
        """Read *paths* (files or folders) off the GUI thread; rows appear when done (``loaded``)."""
        if not paths or self.busy:
            return
        first = Path(paths[0])
        self.settings.setValue("last_folder", str(first if first.is_dir() else first.parent))
        self._token += 1
        token, form, recursive = self._token, self.form, self.recursive_box.isChecked()
        known = {same_file_key(item.path) for item in self.items}
        self._start("正在读取和检查申报文件…")
        task = run_task(self, lambda report: _load(form, [Path(p) for p in paths], recursive, known, report),
                        on_done=lambda items: self._loaded(token, items), on_failed=self._read_failed)
        task.progress.connect(lambda done, total: self._progress(token, done, total))

    def _read_failed(self, message: str) -> None:
        self._finish()
        self.status_label.setText("读取失败。")
        clerk().warn(self, "读取失败", message)

    def _progress(self, token: int, done: int, total: int) -> None:
        if token == self._token:
            self.status_label.setText(f"正在读取和检查申报文件…（{done}/{total}）")

    def _loaded(self, token: int, items: list[BatchItem]) -> None:
        if token != self._token:  # a read the dialog no longer waits for
            return
        self._finish()
        self.items.extend(items)
        self._append_rows(items)
        self.status_label.setText(f"已添加 {len(items)} 个文件。" if items else "没有新的文件（已在列表中）。")
        self.loaded.emit(len(self.items))

    def _append_rows(self, items: list[BatchItem]) -> None:
        self.table.setUpdatesEnabled(False)
        start = self.table.rowCount()
        self.table.setRowCount(start + len(items))
        for row, item in enumerate(items, start=start):
            file_cell = QTableWidgetItem(item.path.name)
            file_cell.setToolTip(str(item.path))
            name = ""
            if item.model is not None:
                try:
                    name = str(name_column(self.form, item.form_id).value(item.model) or "")
                except Exception:  # a column reading a field the lenient model left empty
                    name = ""
            name_cell = QTableWidgetItem(name or ("—" if item.skipped else "（未填写）"))
            part = self.form.summary.part(item.form_id) if self.form.summary and item.form_id else None
            if part is not None:
                other = FORMS[part.form_id].name
                name_cell.setToolTip(f"{other}：列在汇总表的“{part.sheet}”工作表")
            state = QTableWidgetItem(item.status)
            state.setForeground(QBrush(QColor(self._colour(item))))
            state.setToolTip(self._state_tooltip(item))
            if item.skipped:
                for cell in (file_cell, name_cell):
                    cell.setForeground(QBrush(QColor(SKIPPED_COLOUR)))
            for col, cell in enumerate((file_cell, name_cell, state, QTableWidgetItem(_when(item.saved_at)))):
                self.table.setItem(row, col, cell)
        self._fit_columns()
        self.table.setUpdatesEnabled(True)
        self._update_counts()

    def _fit_columns(self) -> None:
        """File and name columns as wide as their text (within limits); 状态 takes the rest."""
        metrics = self.table.fontMetrics()
        for column, (least, most) in ((FILE_COLUMN, FILE_WIDTH), (NAME_COLUMN, NAME_WIDTH)):
            texts = [self.table.horizontalHeaderItem(column).text()]
            texts += [self.table.item(row, column).text() for row in range(self.table.rowCount())
                      if self.table.item(row, column) is not None]
            widest = max(metrics.horizontalAdvance(text) for text in texts) + 24  # cell padding
            self.table.setColumnWidth(column, max(least, min(most, widest)))

    @staticmethod
    def _colour(item: BatchItem) -> str:
        if item.skipped:
            return SKIPPED_COLOUR
        if item.errors:
            return ERROR_COLOUR
        return WARNING_COLOUR if item.warnings else OK_COLOUR

    @staticmethod
    def _state_tooltip(item: BatchItem) -> str:
        if item.skipped:
            return f"不列入汇总表：{item.reason}"
        lines = [f"{'错误' if p.is_error else '警告'}：{p.title}：{p.message}"
                 for p in item.problems[:TOOLTIP_PROBLEMS]]
        if len(item.problems) > TOOLTIP_PROBLEMS:
            lines.append(f"……共 {len(item.problems)} 个问题，在向导中打开此文件可逐项查看")
        if item.errors:
            lines.insert(0, "有错误，仍列入汇总表，请与报送单位核对：")
        return "\n".join(lines) or "没有发现问题"

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
            del self.items[row]
        self._update_counts()

    def clear(self) -> None:
        self.items.clear()
        self.table.setRowCount(0)
        self.status_label.clear()
        self._update_counts()

    def _form_changed(self) -> None:
        """Another form: every file is judged again (another form's drafts may now be the usable ones)."""
        paths = [item.path for item in self.items]
        self.items.clear()
        self.table.setRowCount(0)
        self._apply_form()
        if paths:
            self.add_paths(paths)

    def _update_counts(self) -> None:
        used = [item for item in self.items if not item.skipped]
        with_errors = sum(1 for item in used if item.errors)
        skipped = len(self.items) - len(used)
        if not self.items:
            self.count_label.setText("还没有添加文件。")
        else:
            self.count_label.setText(f"共 {len(self.items)} 个文件：可汇总 {len(used)} 份"
                                     + (f"（其中 {with_errors} 份有错误）" if with_errors else "")
                                     + (f"，跳过 {skipped} 个" if skipped else "") + "。")
        self.generate_button.setEnabled(bool(used) and not self.busy)
        self.remove_button.setEnabled(bool(self.items) and not self.busy)
        self.clear_button.setEnabled(bool(self.items) and not self.busy)

    # --- drag and drop ----------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and not self.busy:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.add_paths(paths)
            event.acceptProposedAction()

    # --- generating -------------------------------------------------------------------
    def generate(self, out: Path | None = None) -> None:
        """生成汇总表…: *out* skips the save dialog (tests)."""
        used = [item for item in self.items if not item.skipped]
        if not used or self.busy:
            return
        assert self.form.summary is not None
        if out is None:
            out = clerk().save_path(self, "保存汇总表", self._last_folder() / self.form.summary.output,
                                    "Excel 工作簿 (*.xlsx)")
            if out is None:
                return
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        department, filler = self.department_edit.text().strip(), self.filler_edit.text().strip()
        self.settings.setValue("summary/department", department)
        self.settings.setValue("summary/filler", filler)
        on = self.date_edit.date().toPython()
        form = self.form

        def work(_report: Report) -> SummaryWritten:
            from yn_forms.render.summary import write_summary_file

            return write_summary_file(form, used, out, department=department, filler=filler, on=on)

        from yn_forms.render.output import OutputError
        from yn_forms.render.templates import TemplateMissing
        from yn_forms.render.xlsx import SummaryTemplateError

        self._start("正在生成汇总表…")
        run_task(self, work, on_done=self._written, on_failed=self._write_failed,
                 expected=(OutputError, TemplateMissing, SummaryTemplateError))

    def _written(self, written: SummaryWritten) -> None:
        self._finish()
        out = written.path
        used = [item for item in self.items if not item.skipped]
        skipped = [item for item in self.items if item.skipped]
        with_errors = [item for item in used if item.errors]
        where = "".join(f"，其中“{part.sheet}”工作表 {part.rows} 行" for part in written.parts)
        lines = [f"已生成汇总表：{out}", f"共写入 {written.rows} 行{where}。"]
        if written.cut_notes:
            lines += ["", f"以下 {len(written.cut_notes)} 处内容超过 Excel 单元格的容量，汇总表中只保留了一部分：",
                      *(f"  {note}" for note in written.cut_notes)]
        if with_errors:
            lines += ["", f"其中 {len(with_errors)} 份有错误，已列入，请与报送单位核对：",
                      *(f"  {item.path.name}（{item.status}）" for item in with_errors)]
        if skipped:
            lines += ["", f"以下 {len(skipped)} 个文件未列入：", *(f"  {item.path.name}：{item.short_reason}"
                                                              for item in skipped)]
        self.last_output = out
        self.last_result = "\n".join(lines)
        self.status_label.setText(f"已生成：{out.name}（{written.rows} 行）")
        self.settings.setValue("last_folder", str(out.parent))
        self.generated.emit(out)
        cut_text = f"{len(written.cut_notes)} 处内容过长被截断，" if written.cut_notes else ""
        informative = (f"{cut_text}{len(with_errors)} 份有错误（已列入），{len(skipped)} 个文件未列入，"
                       "详见“显示详细信息”。" if len(lines) > 2 else "")
        clerk().show_written(self, "已生成汇总表", "\n".join(lines[:2]), "打开汇总表", out, out.parent,
                     informative=informative, details="\n".join(lines[3:]))

    def _write_failed(self, message: str) -> None:
        self._finish()
        self.status_label.setText("生成失败。")
        self.generated.emit(None)
        clerk().warn(self, "生成失败", message)

    # --- busy state -------------------------------------------------------------------
    def _start(self, message: str) -> None:
        self.busy = True
        self.status_label.setText(message)
        self._set_enabled(False)

    def _finish(self) -> None:
        self.busy = False
        self._set_enabled(True)

    def _set_enabled(self, enabled: bool) -> None:
        # the form too: its files are judged against it, so it cannot change under a running read
        for widget in (self.form_box, self.add_files_button, self.add_folder_button, self.recursive_box):
            widget.setEnabled(enabled)
        self._update_counts()


def open_summary(context: WindowContext) -> SummaryDialog:
    """工具 › 汇总表…: one dialog per window, raised if it is already open; starts on the open form."""
    dialog = context.parent.findChild(SummaryDialog)  # closed, it is only hidden: its files are still listed
    if dialog is None:
        editing = context.editing()
        form = editing.form if editing is not None else None
        dialog = SummaryDialog(context.parent, form.id if form is not None and form.summary is not None else None)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
