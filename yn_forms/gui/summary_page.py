"""The 州市 desk: what the enterprises sent in, its 初审, and the form's 汇总表 .xlsx out.

The page is a non-modal dialog (工具 › 汇总表…, or 汇总表… on the start page) so a
clerk can keep a draft open in the wizard beside it. What is added — drafts, JSON files,
folders of Word attachments, zips — is read through ``render.desk.read_received``, the path
``yn-forms summary`` takes, so the page and the command line agree on what was read, what
each application's 初审 says (符合 / 不符合 / 待补充, ``core.screening``) and why a file was
not read: each application is a row with its 结论 and its state, a file or folder that cannot
be read is a row that says why, and nothing a clerk adds can stop the others. The selected
row's 初审 is shown in full below the list; a double click (or 在向导中打开) opens the
application in the wizard at its first problem — read-only, or, read from Word files, as a
new draft the department may correct and keep.

Reading and writing run off the GUI thread (``gui.tasks.run_task``): reading shows its
progress and can be stopped (取消: what was read by then stays listed), and the reading
itself is shared with worker processes when there is much of it. The output is written by
``render.summary.write_summary_file``, atomically, with the same messages as the command
line (a file open in Word/WPS, a read-only file, a broken template).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.batch import BatchItem
from yn_forms.core.draft import DRAFT_SUFFIX
from yn_forms.core.formdef import FormDefinition, SummaryColumn
from yn_forms.core.places import PREFECTURES
from yn_forms.forms import FORMS
from yn_forms.gui.clerk import clerk
from yn_forms.gui.received import ERROR_COLOUR, OK_COLOUR, SKIPPED_COLOUR, WARNING_COLOUR, describe, row_cells
from yn_forms.gui.tasks import Report, run_task
from yn_forms.gui.widgets import fit_to_screen, heading
from yn_forms.gui.window_context import WindowContext

if TYPE_CHECKING:
    from yn_forms.render.desk import Received
    from yn_forms.render.summary import SummaryWritten

COLUMNS = ("来源", "名称", "结论", "状态")
FILE_COLUMN, NAME_COLUMN, VERDICT_COLUMN, STATE_COLUMN = range(4)
# widths in pixels: a source or a name is fitted to its text up to the cap (the tooltip has the rest),
# so that the 状态 column, which stretches, has room for a skipped file's reason
FILE_WIDTH, NAME_WIDTH, VERDICT_WIDTH = (120, 260), (140, 320), 64
DETAILS_LINES = 5  # the selected application's 初审, below the list

__all__ = ["ERROR_COLOUR", "OK_COLOUR", "SKIPPED_COLOUR", "WARNING_COLOUR", "SummaryDialog", "open_summary"]
RECEIVED_FILTER = f"申报材料 (*.docx *.zip *{DRAFT_SUFFIX} *.json);;Word 附件 (*.docx);;压缩包 (*.zip);;" \
                  f"申报草稿或数据 (*{DRAFT_SUFFIX} *.json);;所有文件 (*)"


def summary_forms() -> list[FormDefinition]:
    """The forms a department summarises: those whose definition has a 汇总表."""
    return [form for form in FORMS.values() if form.summary is not None]


def desk_forms() -> list[FormDefinition]:
    """The forms a department receives and checks: those with a 汇总表, and those listed in no other's
    (the 创新联合体: its 初审 alone)."""
    listed = {part.form_id for form in summary_forms() for part in form.summary.parts}
    return [form for form in FORMS.values() if form.summary is not None or form.id not in listed]


def department_suggestions() -> list[str]:
    """The 16 州（市） and their 工业和信息化 departments, offered as the clerk types."""
    return [*PREFECTURES, *(f"{name}工业和信息化局" for name in PREFECTURES)]


def name_column(form: FormDefinition, form_id: str | None = None) -> SummaryColumn | None:
    """The column that tells applications apart: the first whose header is a 名称, else the first.

    The 消费名品 汇总表 starts with 州（市）, which every row of one department shares;
    its 品牌名称 is what the clerk recognises. An application of another form the 汇总表
    lists (*form_id*: a 数字三品 case) is told by its own part's columns (案例名称).
    A form without a 汇总表 has none.
    """
    if form.summary is None:
        return None
    part = form.summary.part(form_id) if form_id is not None else None
    columns = part.columns if part is not None else form.summary.columns
    return next((c for c in columns if "名称" in c.header), columns[0])


def name_header(form: FormDefinition) -> str:
    """The name column's header: 品牌名称, or 品牌名称／案例名称 when the 汇总表 lists 数字三品 cases too."""
    if form.summary is None:
        return "名称"
    headers = [name_column(form).header, *(name_column(form, p.form_id).header for p in form.summary.parts)]
    return "／".join(dict.fromkeys(headers))


class _ElideRight(QStyledItemDelegate):
    """Elides at the end: the table elides file names in the middle (申报…1.ynform), but a
    name or a reason cut in the middle loses the words that say what it is about."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideRight


def _read(form: FormDefinition, paths: list[Path], recursive: bool, known: set[str], report: Report) -> Received:
    """Read and judge *paths* through the desk (off the GUI thread): progress told, 取消 asked."""
    from yn_forms.render.desk import read_received

    return read_received(form, paths, forms=FORMS, recursive=recursive, known=known, progress=report,
                         stopped=report.stopped)


class SummaryDialog(QDialog):
    """Add what was received, see each application's 初审 and state, open one, and write the 汇总表."""

    loaded = Signal(int)  # rows in the table, after a read finished
    generated = Signal(object)  # the .xlsx written, or None when writing failed
    open_requested = Signal(object)  # a BatchItem to open in the wizard (the window connects it)

    def __init__(self, parent: QWidget | None = None, form_id: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("汇总表 — 云南申报材料填报助手")
        self.setAccessibleName("汇总表")
        fit_to_screen(self, 1100, 720)
        self.setAcceptDrops(True)
        self.settings = QSettings("yn-forms", "yn-forms")
        self.items: list[BatchItem] = []
        self.added: list[Path] = []  # what the clerk added, read again when the form changes
        self.known: set[str] = set()  # what is listed (or was removed): not read again when added again
        self.removed: set[str] = set()
        self.busy = False
        self._token = 0
        self.last_output: Path | None = None
        self.last_result = ""

        layout = QVBoxLayout(self)
        layout.addWidget(heading("汇总表与初审"))
        hint = QLabel("添加各单位报来的申报材料：Word 附件所在的文件夹（每个文件夹算一份）、.zip 压缩包、申报草稿"
                      "（.ynform）或数据文件（.json），也可以直接拖入。每份申报按申报通知的条件初审；有错误的照常列入汇总表，"
                      "无法读取或属于其他申报的文件会注明原因，不列入。双击一份申报，在向导中打开。")
        hint.setObjectName("pageHint")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        top = QHBoxLayout()
        top.addWidget(QLabel("申报表："))
        self.form_box = QComboBox()
        self.form_box.setAccessibleName("申报表")
        for form in desk_forms():
            if form.summary is not None:
                also = "".join(f"，含“{FORMS[part.form_id].name}”" for part in form.summary.parts)
                self.form_box.addItem(f"{form.name}（{Path(form.summary.output).stem}{also}）", form.id)
            else:
                self.form_box.addItem(f"{form.name}（无汇总表，只生成初审表）", form.id)
        if form_id is not None and self.form_box.findData(form_id) >= 0:
            self.form_box.setCurrentIndex(self.form_box.findData(form_id))
        self.form_box.currentIndexChanged.connect(self._form_changed)
        top.addWidget(self.form_box, 1)
        layout.addLayout(top)

        buttons = QHBoxLayout()
        self.add_files_button = self._button("添加文件…", "添加文件", lambda: self.add_files())
        self.add_folder_button = self._button("添加文件夹…", "添加文件夹", lambda: self.add_folder())
        self.recursive_box = QCheckBox("包括子文件夹中的草稿")
        self.recursive_box.setAccessibleName("包括子文件夹中的草稿")
        self.recursive_box.setToolTip("添加文件夹时，也读取各子文件夹里的 .ynform 和 .json 文件"
                                      "（子文件夹里的 Word 附件和压缩包总会读取）")
        self.open_button = self._button("在向导中打开", "在向导中打开", lambda: self.open_selected())
        self.open_button.setToolTip("在向导中查看选中的申报，停在第一个问题处（Word 附件读成的申报作为新草稿打开）")
        self.remove_button = self._button("移除", "移除选中的文件", self.remove_selected)
        self.clear_button = self._button("清空", "清空列表", self.clear)
        for widget in (self.add_files_button, self.add_folder_button, self.recursive_box):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        for widget in (self.open_button, self.remove_button, self.clear_button):
            buttons.addWidget(widget)
        layout.addLayout(buttons)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("收到的申报")
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
        for column, width in ((FILE_COLUMN, 220), (NAME_COLUMN, 300), (VERDICT_COLUMN, VERDICT_WIDTH)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._show_details)
        self.table.cellDoubleClicked.connect(lambda row, _column: self.open_row(row))
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("汇总情况")
        self.count_label.setWordWrap(True)
        layout.addWidget(self.count_label)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("初审情况")
        self.details.setPlaceholderText("选中一份申报，这里列出它的初审情况：不符合的条件及条款、待补充的栏目、重复申报。")
        self.details.setMaximumHeight(self.details.fontMetrics().lineSpacing() * DETAILS_LINES + 12)
        layout.addWidget(self.details)

        fields = QGridLayout()
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
        fields.addWidget(QLabel("州（市）主管部门："), 0, 0)
        fields.addWidget(self.department_edit, 0, 1)
        fields.addWidget(QLabel("填表日期："), 0, 2)
        fields.addWidget(self.date_edit, 0, 3)
        fields.addWidget(QLabel("填表人及联系电话："), 1, 0)
        fields.addWidget(self.filler_edit, 1, 1)
        fields.setColumnStretch(1, 1)
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
        self._show_details()

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
        self.table.setHorizontalHeaderLabels([COLUMNS[FILE_COLUMN], name_header(self.form), COLUMNS[VERDICT_COLUMN],
                                              COLUMNS[STATE_COLUMN]])
        self.generate_button.setText("生成汇总表…" if self.form.summary is not None else "生成初审表…")
        self._update_counts()

    def _last_folder(self) -> Path:
        return Path(str(self.settings.value("last_folder", str(Path.home()))))

    # --- adding and removing files ----------------------------------------------------
    def add_files(self, paths: list[Path] | None = None) -> None:
        """添加文件…; *paths* skips the dialog (tests, drag and drop)."""
        if paths is None:
            paths = clerk().open_paths(self, "添加收到的申报材料", self._last_folder(), RECEIVED_FILTER)
        self.add_paths(paths)

    def add_folder(self, folder: Path | None = None) -> None:
        """添加文件夹…: its Word folders, zips, drafts and JSON files (see ``render.intake``)."""
        if folder is None:
            folder = clerk().folder(self, "添加文件夹中的申报材料", self._last_folder())
            if folder is None:
                return
        self.add_paths([folder])

    def add_paths(self, paths: list[Path]) -> None:
        """Read *paths* (files, folders, zips) off the GUI thread; rows appear when done (``loaded``)."""
        if not paths or self.busy:
            return
        paths = [Path(p) for p in paths]
        first = paths[0]
        self.settings.setValue("last_folder", str(first if first.is_dir() else first.parent))
        self.added += [p for p in paths if p not in self.added]
        self._read(paths)

    def _read(self, paths: list[Path]) -> None:
        self._token += 1
        token, form, recursive = self._token, self.form, self.recursive_box.isChecked()
        known = set(self.known)
        self._start("正在读取申报材料…")
        task = run_task(self, lambda report: _read(form, paths, recursive, known, report),
                        on_done=lambda received: self._loaded(token, received, known), on_failed=self._read_failed,
                        busy="正在读取和初审申报材料…", title="读取申报材料", cancellable=True,
                        on_stopped=lambda: self._loaded(token, None, known))
        task.progress.connect(lambda done, total: self._progress(token, done, total))

    def _read_failed(self, message: str) -> None:
        self._finish()
        self.status_label.setText("读取失败。")
        clerk().warn(self, "读取失败", message)

    def _progress(self, token: int, done: int, total: int) -> None:
        if token == self._token:
            self.status_label.setText(f"正在读取和初审申报材料…（{done}/{total}）")

    def _loaded(self, token: int, received: Received | None, known: set[str]) -> None:
        if token != self._token:  # a read the dialog no longer waits for
            return
        self._finish()
        if received is None:
            self.status_label.setText("已取消，没有读取。")
            return
        self.removed -= {item.key for item in received.items}  # added again by hand: listed again
        self.known = known - self.removed  # left out when judged again, read when the clerk adds them
        self.items.extend(received.items)
        self._refresh()
        if received.stopped:
            self.status_label.setText(f"已取消：已读取 {len(received.items)} 份，其余未读取"
                                      "（再次添加同一文件夹时接着读取）。")
        else:
            self.status_label.setText(f"已添加 {len(received.items)} 份。" if received.items
                                      else "没有新的文件（已在列表中）。")
        self.loaded.emit(len(self.items))

    def _refresh(self) -> None:
        """Number the list again, name what its applications share, and show it."""
        from yn_forms.render.desk import settle

        settle(self.items)
        self.table.setUpdatesEnabled(False)
        self.table.clearSelection()
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            for column, cell in enumerate(row_cells(self.form, item)):
                self.table.setItem(row, column, cell)
        self._fit_columns()
        self.table.setUpdatesEnabled(True)
        self._update_counts()
        self._show_details()

    def _fit_columns(self) -> None:
        """Source and name columns as wide as their text (within limits); 状态 takes the rest."""
        metrics = self.table.fontMetrics()
        for column, (least, most) in ((FILE_COLUMN, FILE_WIDTH), (NAME_COLUMN, NAME_WIDTH)):
            texts = [self.table.horizontalHeaderItem(column).text()]
            texts += [self.table.item(row, column).text() for row in range(self.table.rowCount())
                      if self.table.item(row, column) is not None]
            widest = max(metrics.horizontalAdvance(text) for text in texts) + 24  # cell padding
            self.table.setColumnWidth(column, max(least, min(most, widest)))

    # --- the selected application -----------------------------------------------------
    def _selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectedIndexes()})

    def _show_details(self) -> None:
        rows = self._selected_rows()
        usable = len(rows) == 1 and not self.items[rows[0]].skipped and not self.busy
        self.open_button.setEnabled(usable)
        self.details.setPlainText(describe(self.items[rows[0]]) if len(rows) == 1 else "")

    def open_selected(self) -> None:
        rows = self._selected_rows()
        if len(rows) == 1:
            self.open_row(rows[0])

    def open_row(self, row: int) -> None:
        """The application of *row* in the wizard (the window does it, see ``open_summary``)."""
        if 0 <= row < len(self.items) and not self.items[row].skipped and not self.busy:
            self.open_requested.emit(self.items[row])

    def remove_selected(self) -> None:
        """Removed rows stay out when the form changes; added again by hand, they come back."""
        for row in reversed(self._selected_rows()):
            item = self.items.pop(row)
            if item.key:
                self.removed.add(item.key)
                self.known.discard(item.key)
        self._refresh()

    def clear(self) -> None:
        self.items.clear()
        self.added.clear()
        self.known.clear()
        self.removed.clear()
        self.status_label.clear()
        self._refresh()

    def _form_changed(self) -> None:
        """Another form: everything is judged again (another form's files may now be the usable ones)."""
        self.items.clear()
        self.known = set(self.removed)
        self._refresh()
        self._apply_form()
        if self.added:
            self._read(list(self.added))

    def _update_counts(self) -> None:
        from yn_forms.render.desk import verdicts

        used = [item for item in self.items if not item.skipped]
        with_errors = sum(1 for item in used if item.errors)
        skipped = len(self.items) - len(used)
        if not self.items:
            self.count_label.setText("还没有添加文件。")
        else:
            judged = verdicts(used)
            self.count_label.setText(f"共 {len(self.items)} 个文件：可汇总 {len(used)} 份"
                                     + (f"（其中 {with_errors} 份有错误）" if with_errors else "")
                                     + (f"，跳过 {skipped} 个" if skipped else "") + "。"
                                     + (f"初审：{judged}。" if judged else ""))
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
        from yn_forms.render.summary import screening_output

        used = [item for item in self.items if not item.skipped]
        if not used or self.busy:
            return
        if out is None:
            name = self.form.summary.output if self.form.summary is not None else screening_output(self.form)
            out = clerk().save_path(self, "保存汇总表", self._last_folder() / name, "Excel 工作簿 (*.xlsx)")
            if out is None:
                return
        if out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        department, filler = self.department_edit.text().strip(), self.filler_edit.text().strip()
        self.settings.setValue("summary/department", department)
        self.settings.setValue("summary/filler", filler)
        on = self.date_edit.date().toPython()
        form, items = self.form, list(self.items)

        def work(_report: Report) -> SummaryWritten:
            from yn_forms.render.summary import write_summary_file

            return write_summary_file(form, items, out, department=department, filler=filler, on=on)

        from yn_forms.render.output import OutputError
        from yn_forms.render.templates import TemplateMissing
        from yn_forms.render.xlsx import SummaryTemplateError

        self._start("正在生成汇总表…" if form.summary is not None else "正在生成初审表…")
        run_task(self, work, on_done=self._written, on_failed=self._write_failed,
                 expected=(OutputError, TemplateMissing, SummaryTemplateError))

    def _written(self, written: SummaryWritten) -> None:
        from yn_forms.render.desk import verdicts

        self._finish()
        out = written.path
        used = [item for item in self.items if not item.skipped]
        skipped = [item for item in self.items if item.skipped]
        with_errors = [item for item in used if item.errors]
        kind = "汇总表" if self.form.summary is not None else "初审表"
        where = "".join(f"，其中“{part.sheet}”工作表 {part.rows} 行" for part in written.parts)
        lines = [f"已生成{kind}：{out}", f"共写入 {written.rows} 行{where}。"
                 + (f"初审（“初审”工作表）：{verdicts(used)}。" if written.screened else "")]
        if written.cut_notes:
            lines += ["", f"以下 {len(written.cut_notes)} 处内容超过 Excel 单元格的容量，汇总表中只保留了一部分：",
                      *(f"  {note}" for note in written.cut_notes)]
        if with_errors:
            lines += ["", f"其中 {len(with_errors)} 份有错误，已列入，请与报送单位核对：",
                      *(f"  {item.shown}（{item.status}）" for item in with_errors)]
        not_read = [f"  {item.shown}：{item.short_reason}" for item in skipped]
        not_read += [f"  {item.shown}：{note}" for item in used for note in item.notes]
        if not_read:
            lines += ["", f"以下 {len(not_read)} 个文件未列入：", *not_read]
        self.last_output = out
        self.last_result = "\n".join(lines)
        self.status_label.setText(f"已生成：{out.name}（{written.rows} 行）")
        self.settings.setValue("last_folder", str(out.parent))
        self.generated.emit(out)
        cut_text = f"{len(written.cut_notes)} 处内容过长被截断，" if written.cut_notes else ""
        informative = (f"{cut_text}{len(with_errors)} 份有错误（已列入），{len(not_read)} 个文件未列入，"
                       "详见“显示详细信息”。" if len(lines) > 2 else "")
        clerk().show_written(self, f"已生成{kind}", "\n".join(lines[:2]), f"打开{kind}", out, out.parent,
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
        self._show_details()


def open_application(context: WindowContext, item: BatchItem) -> bool:
    """An application of the list in the wizard, at its first problem: read-only as it was received, or — read
    from Word files, which nobody could correct in place — as a new draft the department may correct and keep."""
    if item.data is None or item.form_id is None:
        return False
    form, data = FORMS[item.form_id], copy.deepcopy(item.data)
    opened = context.open_unsaved(form, data) if item.word else context.open_read_only(form, data, item.shown)
    if not opened:
        return False
    editing = context.editing()
    first = item.screening.first if item.screening is not None else ""
    if editing is not None and first:
        editing.go_to(first)
    how = "已作为新草稿打开（可修改，保存时另存为草稿文件）" if item.word else "只读打开"
    context.status(f"{how}：第{item.number}份 {item.shown}。工具 › 汇总表… 回到列表。")
    return True


def open_summary(context: WindowContext) -> SummaryDialog:
    """工具 › 汇总表…: one dialog per window, raised if it is already open; starts on the open form."""
    dialog = context.parent.findChild(SummaryDialog)  # closed, it is only hidden: its files are still listed
    if dialog is None:
        editing = context.editing()
        form = editing.form if editing is not None else None
        dialog = SummaryDialog(context.parent, form.id if form is not None else None)
        dialog.open_requested.connect(lambda item, c=context, d=dialog: _open_from(c, d, item))
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def _open_from(context: WindowContext, dialog: SummaryDialog, item: BatchItem) -> None:
    """The dialog steps aside for the application it opened (工具 › 汇总表… brings it back, its list kept)."""
    if open_application(context, item):
        dialog.hide()
