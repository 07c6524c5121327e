"""The wizard for one draft: side list of sections, generated pages, review page, buttons.

It owns the draft document (``core.document``): every input, list and tool writes
through it as named, undoable steps, and everything shown repaints from its events.
It re-validates a moment after each keystroke — only the part of the draft that
changed (``core.validation.Validator``) — shows a field's problems once the clerk has
left it, and keeps the side list's 已完成 / 有问题 / 未开始 up to date.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.conditions import hidden_pointers, is_hidden
from yn_forms.core.document import DraftDocument, Event
from yn_forms.core.enclosure_store import EnclosureStore
from yn_forms.core.enclosures import POINTER as ENCLOSURES
from yn_forms.core.enclosures import file_problems
from yn_forms.core.formdef import FieldNode, FormDefinition, walk_fields
from yn_forms.core.problems import Problem, list_index, split_pointer
from yn_forms.core.progress import completeness_of, conditions, has_content, nav_title, section_states
from yn_forms.core.unit_keys import names_a_unit
from yn_forms.core.validation import Validator
from yn_forms.gui.binding import Binding
from yn_forms.gui.context import PageContext
from yn_forms.gui.pages import POINTER_PROPERTY, FieldBox, FieldRow, GroupEditor, SectionPage, problems_by_row
from yn_forms.gui.palette import ERROR, MUTED, OK, TODO, WARNING
from yn_forms.gui.side_list import SectionItemDelegate, SectionList
from yn_forms.gui.tasks import run_task

if TYPE_CHECKING:
    from yn_forms.gui.review import ReviewPage

REVIEW_TITLE = "审核"
SIDE_WIDTH = 220  # the side list's opening width: long titles wrap, and a 1024-pixel screen leaves room

STATE_COLORS = {"done": OK, "problems": ERROR, "todo": TODO, "warnings": WARNING, "empty": MUTED, "skipped": MUTED}
STATE_MARKS = {"done": "✔", "problems": "✖", "todo": "◐", "warnings": "⚠", "empty": "○", "skipped": "–"}
TYPING_PAUSE_MS = 250  # problems are judged when typing pauses, not on every keystroke


def _no_tools(*_args: Any) -> None:
    """An application shown read-only has no 单位库 bar and no packet buttons: nothing to fill from."""
    return None


def _unit_bar(context: PageContext, model: type[BaseModel], *args: Any) -> Any:
    """The 单位库 buttons (``gui.unit_bar``), imported with the first page that has a unit: the unit library
    and its dialogs are no part of a first page without one (whether a section names a unit is read from
    its declaration, ``core.unit_keys``)."""
    if not names_a_unit(model):
        return None
    from yn_forms.gui.unit_bar import unit_bar

    return unit_bar(context, model, *args)


def _packet_buttons(*args: Any) -> Any:
    """The data packets' buttons (``gui.packets``), imported with the member list's page."""
    from yn_forms.gui.packets import packet_buttons

    return packet_buttons(*args)


class Wizard(QWidget):
    """Pages for every section of *form*, over one draft document of *data*."""

    page_changed = Signal(int)
    fit_checked = Signal(int)  # how many fit-before-print warnings the 审核 page now shows
    status = Signal(str)  # a line for the window's status bar
    history_changed = Signal()  # the draft changed: what 撤销 / 重做 would do, whether it is saved
    edit_copy = Signal()  # 作为新草稿修改, on an application shown read-only

    def __init__(self, form: FormDefinition, data: dict[str, Any], read_only: bool = False,
                 store: Callable[[], EnclosureStore | None] = lambda: None, banner: str | None = None) -> None:
        super().__init__()
        self.form = form
        self.read_only = read_only  # an application received, looked at (the 州市 desk): nothing is written
        self.store = store  # where the draft's 证明材料 files are (gui.draft_files), None for none
        self._file_problems: list[Problem] | None = None  # the files missing or changed, found once per change
        self.document = DraftDocument(data)
        self.validator = Validator(form)
        self.problems: list[Problem] = []
        self.touched: set[str] = set()
        self.conditional = any(node.meta.get("shown_when") for node in walk_fields(form.model))
        self.show_all = False
        self._content: dict[str, bool] = {}  # whether a section holds anything, kept between keystrokes
        self._fit_running = self._fit_again = False  # the fit check in the background (``check_fit``)
        self.validate_timer = QTimer(self)
        self.validate_timer.setSingleShot(True)
        self.validate_timer.setInterval(TYPING_PAUSE_MS)
        self.validate_timer.timeout.connect(self.revalidate)
        self.binding = Binding(form, self.document, self._left, read_only=read_only, store=store,
                               status=self.status.emit)
        self.context = PageContext(form, self.document, self.binding, touch=self.touch, go_to=self.go_to_pointer,
                                   status=self.status.emit, section_tools=_no_tools if read_only else _unit_bar,
                                   group_tools=_no_tools if read_only else _packet_buttons)
        self.document.subscribe(self._changed)

        self.sections = SectionList()
        self.sections.setAccessibleName("章节")
        self.sections.setObjectName("sections")
        self.sections.setMinimumWidth(200)  # a 1024-pixel screen leaves the pages the rest
        # long official titles (四、牵头和成员单位已建并正在运行的…) wrap instead of scrolling sideways
        self.sections.setWordWrap(True)
        self.sections.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.sections.setItemDelegate(SectionItemDelegate(self.sections))
        self.stack = QStackedWidget()
        # a page is built when it is first shown: opening a draft builds one page, not seven
        self._built: list[SectionPage | None] = []
        for name, info in form.model.model_fields.items():
            self._built.append(None)
            self.stack.addWidget(QWidget())
            self.sections.addItem(QListWidgetItem(nav_title(info) or name))
        self._review: ReviewPage | None = None  # built when first looked at (``review``), like the pages
        self.stack.addWidget(QWidget())
        self.sections.addItem(QListWidgetItem(REVIEW_TITLE))

        self.progress = QProgressBar()
        self.progress.setFormat("完成 %p%")
        self.progress.setAccessibleName("完成进度")
        self.back_button = QPushButton("上一步")
        self.next_button = QPushButton("下一步")
        self.save_button = QPushButton("保存")
        self.preview_button = QPushButton("预览")
        self.preview_button.setToolTip("用 LibreOffice 生成 PDF，查看打印效果、打印，并核对签字盖章处")
        self.generate_button = QPushButton("生成申报材料")
        self.generate_button.setObjectName("primary")
        self.back_button.clicked.connect(lambda: self.turn(-1))
        self.next_button.clicked.connect(lambda: self.turn(1))
        for keys, step in ((("Alt+Left", "Ctrl+PgUp"), -1), (("Alt+Right", "Ctrl+PgDown"), 1)):
            for key in keys:  # pages turned from the keyboard, wherever the cursor is
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(lambda s=step: self.turn(s))
        help_key = QShortcut(QKeySequence(Qt.Key.Key_F1), self)
        help_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        help_key.activated.connect(self.show_help)
        self.back_button.setToolTip("上一页（Alt+←）")
        self.next_button.setToolTip("下一页（Alt+→）")
        self.sections.currentRowChanged.connect(self.go_to)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(form.name))
        side_layout.addWidget(self.sections, 1)
        side_layout.addWidget(self.progress)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([SIDE_WIDTH, 10 * SIDE_WIDTH])  # the pages get the rest; the clerk may drag the line
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.generate_button)
        layout = QVBoxLayout(self)
        if read_only:
            layout.addLayout(self._read_only_banner(banner))
            self.save_button.hide()
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.sections.setCurrentRow(0)
        self.revalidate()

    def _read_only_banner(self, text: str | None) -> QHBoxLayout:
        """What an application shown read-only says above its pages, and the way to correct it."""
        from yn_forms.gui.readonly import BANNER

        row = QHBoxLayout()
        note = QLabel(text or BANNER)  # a draft held by another window says whose (gui.draft_guard)
        note.setObjectName("pageHint")
        note.setWordWrap(True)
        note.setAccessibleName("只读查看")
        copy_button = QPushButton("作为新草稿修改")
        copy_button.setAccessibleName("作为新草稿修改")
        copy_button.setToolTip("把这份申报作为一份新的草稿打开，可以修改并另存（原文件不变）")
        copy_button.clicked.connect(self.edit_copy.emit)
        row.addWidget(note, 1)
        row.addWidget(copy_button)
        return row

    def refuses_saving(self) -> bool:
        """An application shown read-only is not saved: the clerk is told how to keep a corrected copy."""
        if self.read_only:
            self.status.emit("只读查看的申报不能保存。要修改，请点“作为新草稿修改”。")
        return self.read_only

    def page(self, index: int) -> SectionPage:
        """The page of the section at *index*, built (and bound to the draft) the first time it is asked for."""
        built = self._built[index]
        if built is None:
            name, info = list(self.form.model.model_fields.items())[index]
            built = self._built[index] = SectionPage(name, FieldNode((name,), info, info.annotation), self.context)
            placeholder = self.stack.widget(index)
            current = self.stack.currentIndex()
            self.stack.insertWidget(index, built)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            self._apply_conditions()
            self._show_beside_fields()
        return built

    @property
    def review(self) -> ReviewPage:
        """The 审核 page, the stack's last, built the first time it is asked for (most drafts are opened to be
        filled in, not reviewed)."""
        return self._review or self._build_review()

    def _build_review(self) -> ReviewPage:
        from yn_forms.gui.review import ReviewPage  # imported, like the page, when first looked at

        index = self.stack.count() - 1
        placeholder = self.stack.widget(index)
        current = self.stack.currentIndex()
        review = self._review = ReviewPage(self.form)
        review.jump.connect(self.go_to_pointer)
        self.stack.insertWidget(index, review)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.stack.setCurrentIndex(current)
        return review

    @property
    def pages(self) -> list[SectionPage]:
        """Every section's page (each built if it was not yet)."""
        return [self.page(index) for index in range(len(self._built))]

    @property
    def data(self) -> dict[str, Any]:
        """The raw data of the draft (what is saved), as the document holds it."""
        return self.document.data

    # --- the document ---------------------------------------------------------------
    def _changed(self, event: Event) -> None:
        self.validator.invalidate(event.pointers)
        if any(p in ("", ENCLOSURES) or p.startswith(ENCLOSURES + "/") for p in event.pointers):
            self._file_problems = None
        for pointer in event.pointers:
            parts = split_pointer(pointer)
            if parts:
                self._content.pop(parts[0], None)
            else:
                self._content.clear()
        self.history_changed.emit()
        if event.reason == "edit":
            self.validate_timer.start()  # judged when typing pauses
        else:
            self.revalidate()

    def _left(self, pointer: str) -> None:
        self.touched.add(pointer)
        self.revalidate()

    def touch(self, pointers: Iterable[str]) -> None:
        """Show the problems of *pointers* now, as if the clerk had typed them and left (a tool filled them)."""
        self.touched.update(pointers)
        self.revalidate()

    # --- validation -----------------------------------------------------------------
    def revalidate(self) -> None:
        self.validate_timer.stop()
        self.judgement = self.validator.run(self.data)
        self.problems = self.judgement.problems + self._files_checked()
        self._show_beside_fields()
        states = section_states(self.form, self.data, self.problems, self._has_content)
        for i, state in enumerate(states):
            item = self.sections.item(i)
            item.setHidden(state.state == "skipped")  # a section of the other kind of application
            text = f"{state.title}\n    {STATE_MARKS[state.state]} {state.label}"
            if item.text() != text:
                item.setText(text)
                item.setForeground(QColor(STATE_COLORS[state.state]))
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{state.title} {state.label}")
        self._apply_conditions()
        self.progress.setValue(completeness_of(states))
        if self._review is not None and self.stack.currentWidget() is self._review:  # looked at: kept up to date
            self._show_review()

    def _files_checked(self) -> list[Problem]:
        """Each 证明材料 file missing or changed since it was attached (``core.enclosures.file_problems``):
        looked for when the records change or ``files_moved`` says so, not at every keystroke."""
        if self._file_problems is None:
            store = self.store()
            self._file_problems = [] if store is None else file_problems(self.form, self.data, None, store)
        return self._file_problems

    def files_moved(self) -> None:
        """The draft's files may be elsewhere now (saved beside it, 另存为, the 证明材料 page looked at): the
        files are looked for again."""
        self._file_problems = None
        self.revalidate()

    def _show_review(self) -> None:
        effective = self.judgement.resolution.data
        self.review.show_problems(self.problems, conditions(self.form, self.data, self.problems), effective,
                                  self.data)

    def _has_content(self, name: str) -> bool:
        if name not in self._content:
            self._content[name] = has_content(self.data.get(name))
        return self._content[name]

    def _apply_conditions(self) -> None:
        """Show only the fields that apply to the kind of application chosen (``shown_when``)."""
        if not self.conditional:
            return
        hidden = hidden_pointers(self.form.model, self.data)
        for page in (p for p in self._built if p is not None):
            for widget in page.findChildren(QWidget):
                pointer = widget.property(POINTER_PROPERTY)
                if pointer:
                    widget.setVisible(not is_hidden(pointer, hidden))

    def _show_beside_fields(self) -> None:
        rows = [*self.findChildren(FieldRow), *self.findChildren(FieldBox)]
        by_pointer = problems_by_row(rows, self.problems)
        for row in rows:
            visible = self.show_all or row.pointer in self.touched or (isinstance(row, FieldBox) and any(
                pointer.startswith(row.pointer + "/") for pointer in self.touched))
            row.show_problems(by_pointer[row.pointer] if visible else [])

    # --- navigation -----------------------------------------------------------------
    def go_to(self, index: int) -> None:
        if not 0 <= index < self.stack.count():
            return
        changed = index != self.stack.currentIndex()
        if index < len(self._built):
            self.page(index)
        elif self._review is None:
            self._build_review()
        self.stack.setCurrentIndex(index)
        if index == self.stack.count() - 1:  # the review page reveals every problem
            self.show_all = True
            self._file_problems = None  # a file changed on the disk meanwhile is named there
            self.revalidate()
            self.check_fit()
        self.sections.blockSignals(True)
        self.sections.setCurrentRow(index)
        self.sections.blockSignals(False)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < self.stack.count() - 1)
        if changed:
            self.page_changed.emit(index)

    def turn(self, step: int) -> None:
        """上一步 / 下一步: the next page that applies, with the cursor in its first field."""
        index = self._neighbour(step)
        if 0 <= index < self.stack.count():
            self.go_to(index)
            self.focus_first_field()

    def focus_first_field(self) -> None:
        page = self.stack.currentWidget()
        rows = [r for r in page.findChildren(FieldRow) if r.isVisibleTo(page) and r.editor.isEnabled()]
        if rows:
            target = rows[0].editor.focus_target()
            target.setFocus(Qt.FocusReason.OtherFocusReason)  # the cursor in it, its text not selected
            page.ensureWidgetVisible(target)
        elif page is self._review:
            self._review.tree.setFocus(Qt.FocusReason.TabFocusReason)

    def show_help(self) -> None:
        """F1: the notice's guidance for the field the cursor is in."""
        widget = QApplication.focusWidget()
        while widget is not None and not isinstance(widget, FieldRow):
            widget = widget.parentWidget()
        if widget is not None:
            widget.show_help()

    def check_fit(self) -> None:
        """Start the fit-before-print check; its warnings join the 审核 page when ready.

        One check at a time: it renders every template (a replaced one in the worker process, which
        takes one render at a time), so opening the page again while one runs asks for one more
        check, with the draft as it is then, once this one is done — never a queue of renders."""
        if self._fit_running:
            self._fit_again = True
            return
        form, data = self.form, copy.deepcopy(self.data)
        self._fit_running, self._fit_again = True, False

        def work(_report: Any) -> list[Problem]:
            from yn_forms.render.fit import fit_problems

            try:
                return fit_problems(form, data)
            except Exception:  # a broken user template is reported when generating; here it only hides hints
                return []

        run_task(self, work, on_done=self._fit_done, on_failed=lambda _message: self._fit_done([]))

    def _fit_done(self, problems: list[Problem]) -> None:
        self._fit_running = False
        if self._fit_again:
            self.check_fit()
            return
        self.review.show_fit(problems)
        self.fit_checked.emit(len(problems))

    def _neighbour(self, step: int) -> int:
        """The next page in *step*'s direction that applies (hidden sections are passed over)."""
        index = self.stack.currentIndex() + step
        while 0 <= index < self.sections.count() and self.sections.item(index).isHidden():
            index += step
        return index

    def go_to_pointer(self, pointer: str) -> None:
        """Show the page of *pointer* and put the cursor in its input (selecting a list item first)."""
        parts = split_pointer(pointer)
        names = list(self.form.model.model_fields)
        if not parts or parts[0] not in names:
            return
        self.go_to(names.index(parts[0]))
        page = self.page(names.index(parts[0]))
        for group in page.findChildren(GroupEditor):
            gparts = split_pointer(group.pointer)
            if parts[: len(gparts)] == gparts and len(parts) > len(gparts) \
                    and (index := list_index(parts[len(gparts)])) is not None:
                group.select(index)
        self.touched.add(pointer)
        self._show_beside_fields()
        best = None
        for row in page.findChildren(FieldRow):
            if pointer == row.pointer or pointer.startswith(row.pointer + "/") or row.pointer.startswith(pointer):
                best = row
                break
        if best is not None:
            target = best.editor.focus_target()
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            shown = None
            if hasattr(best.editor, "focus_pointer"):  # a table puts the cursor on the very cell
                shown = best.editor.focus_pointer(pointer)  # the 证明材料 page: on the file, in its box
            self._scroll_to(page, shown if isinstance(shown, QWidget) else best)

    def _scroll_to(self, page: SectionPage, row: QWidget) -> None:
        """The field in view with its label and problem line: once the page's layout has settled (a member's
        table was just built), and again after the event loop has laid out what was shown."""
        body = page.widget()
        if body is not None and body.layout() is not None:
            body.layout().activate()
        page.ensureWidgetVisible(row, 40, 60)

        def again() -> None:
            with contextlib.suppress(RuntimeError):  # the page was rebuilt in between
                if row.isVisible():
                    page.ensureWidgetVisible(row, 40, 60)

        QTimer.singleShot(0, again)
