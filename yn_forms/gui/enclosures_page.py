"""The 证明材料 page: the files an application encloses, one box per item.

The input of the kind ``enclosures`` (``/enclosures``, every form's last field). One box per item
the notice asks for or the app suggests (that applies to this kind of application), saying what
it is — 必交 or 建议提供, what it proves, the notice's clause — then a box per item of the clerk's
own (添加其他证明材料…). In a box: the files in binding order, each with a small picture of it
(``gui.thumbnails``) and its pages; 添加文件… (several at once) or files dropped from the file
manager; 打开, 上移, 下移, 删除; and 纸质件另附, for an item handed in on paper.

A file is read and checked off the GUI thread (``render.enclosures.inspect``: what the pack will
refuse is refused now, with the reason) and copied into the draft's store
(``core.enclosure_store``: beside the draft, or in staging for a draft not saved yet) before the
draft hears of it; a file refused is not attached and the rest of the draft is untouched. Like
every input, the page only announces what the clerk asks for — records to attach, one to take
out or move — and ``gui.binding.Binding`` makes them steps of the draft (``core.operations``), so
撤销 brings a deleted file back (its file stays in the store). It repaints from the draft.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QImage, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.document import DraftDocument
from yn_forms.core.enclosure_store import EnclosureError, EnclosureStore
from yn_forms.core.enclosures import PAPER, POINTER, applies, declared, neighbour, paper_record, records
from yn_forms.core.formdef import Enclosure, FieldNode, FormDefinition
from yn_forms.core.inputfile import size_text
from yn_forms.core.oserrors import os_reason
from yn_forms.core.problems import Problem, list_index, split_pointer
from yn_forms.gui import thumbnails
from yn_forms.gui.clerk import clerk
from yn_forms.gui.editors import Editor, problem_lines
from yn_forms.gui.palette import ERROR, MUTED, colour_style, problems_colour
from yn_forms.gui.tasks import Report, run_task

#: the file dialog's filter (Qt's dialog and the systems' own match it in either case: IMG_0001.JPG too)
FILE_FILTER = "证明材料 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.docx);;所有文件 (*)"
TYPE_NAMES = {"pdf": "PDF", "jpeg": "JPEG 图片", "png": "PNG 图片", "tiff": "TIFF 图片", "docx": "Word 文档"}
ROWS_SHOWN = 5  # a box shows this many files before its list scrolls
EMPTY = "还没有文件。点“添加文件…”选择（可一次选多个），或把文件从文件夹拖到这里。"
DROP_STYLE = "QGroupBox { border: 2px dashed #1565c0; }"
#: a file's row says in a word what ``core.enclosures.file_problems`` found (the whole message is its tooltip)
FILE_STATES = {"enclosure.missing": "找不到", "enclosure.changed": "已改动"}


@dataclass
class Item:
    """One box of the page: a declared item (``declared``), or one of the clerk's own (its title alone)."""

    key: str  # the declared key; "" for the clerk's own
    title: str
    declared: Enclosure | None = None
    applies: bool = True
    files: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (index in /enclosures, record)
    paper: int | None = None  # the index of its 纸质件另附 record

    @property
    def box_key(self) -> str:
        return self.key or f"own:{self.title}"


def items_of(form: FormDefinition, data: Any, pending: list[str]) -> list[Item]:
    """The page's boxes in binding order: the declared items that apply (or hold records), then the clerk's
    own in the order first added — a record of an item the form no longer declares is one of them, under
    its title, as ``core.enclosures.groups`` binds it — then titles the clerk named and has no file for yet."""
    found = list(records(data))
    keys = {e.key for e in declared(form)}
    items = []
    for enclosure in declared(form):
        mine = [(i, r) for i, r in found if r["item"] == enclosure.key]
        if mine or applies(enclosure, data):
            items.append(Item(enclosure.key, enclosure.title, enclosure, applies(enclosure, data)))
            _fill(items[-1], mine)
    own: dict[str, Item] = {}
    for index, record in found:
        if record["item"] not in keys:
            title = record["title"].strip()
            own.setdefault(title, Item("", title)).files.append((index, record))
    for title in pending:
        own.setdefault(title, Item("", title))
    for item in own.values():
        _fill(item, item.files)
        items.append(item)
    return items


def _fill(item: Item, mine: list[tuple[int, dict[str, Any]]]) -> None:
    item.files = [(i, r) for i, r in mine if r["type"] != PAPER]
    item.paper = next((i for i, r in mine if r["type"] == PAPER), None)


def describe(record: dict[str, Any]) -> str:
    """A file's second line: its type, pages and size."""
    if record["type"] == "docx":
        pages = "页数在生成时确定" if not record["pages"] else f"约 {record['pages']} 页"
    else:
        pages = f"{record['pages']} 页"
    return f"{TYPE_NAMES.get(record['type'], record['type'])} · {pages} · {size_text(record['size'])}"


class FileList(QListWidget):
    """An item's files, each a row with its picture; Delete takes the selected one out, Enter opens it."""

    delete_pressed = Signal()
    open_pressed = Signal()

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setAccessibleName(f"{title} 的文件")
        self.setIconSize(thumbnails.SIZE)
        self.setSpacing(1)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete:
            self.delete_pressed.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_pressed.emit()
        else:
            super().keyPressEvent(event)

    def fit_rows(self) -> None:
        """As tall as its rows (up to ``ROWS_SHOWN``): a box of two files is not a box of ten."""
        rows = max(1, min(self.count(), ROWS_SHOWN))
        height = sum(self.sizeHintForRow(r) + 2 * self.spacing() for r in range(rows)) if self.count() else 0
        self.setFixedHeight(max(height, thumbnails.SIZE.height() // 2 + 12) + 2 * self.frameWidth() + 2)


class ItemBox(QGroupBox):
    """One item: what it is, its files, its buttons, 纸质件另附; files may be dropped anywhere on it."""

    def __init__(self, page: EnclosuresEditor, item: Item) -> None:
        super().__init__(item.title.replace("&", "&&"))
        self.page, self.item = page, item
        self.setAcceptDrops(True)
        self.setAccessibleName(item.title)
        layout = QVBoxLayout(self)
        self.info = QLabel(self._info(item))
        self.info.setObjectName("pageHint")
        self.info.setWordWrap(True)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName(f"{item.title} 状态")
        self.list = FileList(item.title)
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.list.itemDoubleClicked.connect(lambda _item: self.open())
        self.list.delete_pressed.connect(self.remove)
        self.list.open_pressed.connect(self.open)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for text, slot, tip in (("添加文件…", self.choose, "选择一个或多个文件（PDF、JPG、PNG、TIFF、Word .docx）"),
                                ("打开", self.open, "用本机的程序打开选中的文件查看（Enter）"),
                                ("上移", lambda: self.move(-1), "选中的文件在装订顺序中前移一位"),
                                ("下移", lambda: self.move(1), "选中的文件在装订顺序中后移一位"),
                                ("删除", self.remove, "从申报中去掉选中的文件（Delete；可按 Ctrl+Z 撤销）")):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAccessibleName(f"{item.title} {text.rstrip('…')}")
            button.clicked.connect(slot)
            row.addWidget(button)
            self.buttons[text] = button
        row.addStretch(1)
        self.paper = QCheckBox("纸质件另附")
        self.paper.setToolTip("这一项只交纸质材料：装订版中不含此项，打印清单中注明另附")
        self.paper.setAccessibleName(f"{item.title} 纸质件另附")
        self.paper.toggled.connect(self._paper_toggled)
        state = QHBoxLayout()  # what the item holds, and 纸质件另附 beside it: the buttons' row fits a narrow page
        state.addWidget(self.state, 1)
        state.addWidget(self.paper, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.info)
        layout.addLayout(state)
        layout.addWidget(self.list)
        layout.addLayout(row)
        for widget in (self.list, *self.buttons.values(), self.paper):
            page.report_leaving(widget)
        self.problems: list[Problem] = []
        self.shown_before: set[tuple[str, str]] = set()  # the files shown before they last changed

    @staticmethod
    def _info(item: Item) -> str:
        enclosure = item.declared
        if enclosure is None:
            return "自行添加的证明材料（按添加的顺序装订在通知列出的材料之后）"
        parts = ["必交" + ("（签字盖章后的扫描件）" if enclosure.scan else "") if enclosure.required
                 else "建议提供" + ("（签字盖章后的扫描件）" if enclosure.scan else "")]
        if enclosure.proves:
            parts.append(f"用于证明：{enclosure.proves}")
        parts.append(enclosure.clause)
        if not item.applies:
            parts.append("本类申报不需要此项，不会装订，可删除其中的文件")
        return " · ".join(parts)

    # --- showing ----------------------------------------------------------------------
    def show_item(self, item: Item, store: EnclosureStore | None) -> None:
        """Repaint from *item*: its rows (the one selected stays selected), 纸质件另附, its state."""
        chosen = self.selected()
        keep = (chosen[1].get("file"), chosen[1].get("sha256")) if chosen is not None else None
        shown = [(r["file"], r["sha256"]) for _i, r in self.item.files]
        if shown != [(r["file"], r["sha256"]) for _i, r in item.files]:  # repainted for a problem, it stays
            self.shown_before = set(shown)
        self.item = item
        self.info.setText(self._info(item))
        self.list.blockSignals(True)
        self.list.clear()
        wanted = []
        failed = {index for index, _r in item.files if self._file_problem(index) is not None}
        for number, (index, record) in enumerate(item.files, 1):
            row = QListWidgetItem(f"{number}. {record['name'] or record['file']}\n{describe(record)}")
            row.setData(Qt.ItemDataRole.UserRole, index)
            row.setToolTip(record["name"])
            image = thumbnails.missing_icon() if index in failed else \
                thumbnails.word_icon() if record["type"] == "docx" else thumbnails.known(record["sha256"])
            if image is None:
                wanted.append((record["sha256"], index, record))
                image = thumbnails.blank()
            row.setIcon(QIcon(QPixmap.fromImage(image)))
            problem = self._file_problem(index)
            if problem is not None:
                row.setForeground(Qt.GlobalColor.red)
                row.setToolTip(problem.message)
                row.setText(f"{row.text()} · {FILE_STATES.get(problem.rule, '有问题')}")
            self.list.addItem(row)
            if keep == (record["file"], record["sha256"]):
                self.list.setCurrentItem(row)
        if not item.files:
            placeholder = QListWidgetItem(EMPTY)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus if item.files else Qt.FocusPolicy.NoFocus)
        self.list.blockSignals(False)
        self.list.fit_rows()
        self.paper.blockSignals(True)
        self.paper.setChecked(item.paper is not None)
        self.paper.blockSignals(False)
        self._enable()
        self._show_state()
        if wanted and store is not None:
            thumbnails.request(self, [(key, _locator(store, index, record), record["type"])
                                      for key, index, record in wanted], self._arrived)

    def _arrived(self, key: str, image: QImage) -> None:
        with contextlib.suppress(RuntimeError):  # the row went meanwhile (deleted, the page rebuilt)
            for row in (self.list.item(r) for r in range(self.list.count())):
                index = row.data(Qt.ItemDataRole.UserRole)
                record = self.record(index) if index is not None else None
                if record is not None and record["sha256"] == key and self._file_problem(index) is None:
                    row.setIcon(QIcon(QPixmap.fromImage(image)))

    def set_problems(self, problems: list[Problem]) -> None:
        self.problems = problems
        self._show_state()

    def _file_problem(self, index: int) -> Problem | None:
        return next((p for p in self.page.problems if p.path == f"{POINTER}/{index}"), None)

    def _show_state(self) -> None:
        """What the item still needs, or what is wrong with it; what it holds when all is well."""
        item = self.item
        # a missing item is said here in the box's own words (its title and clause stand above); the problem
        # names it for 审核, and is a moment late after a file is added (judged as typing is)
        problems = [p for p in self.problems if not p.is_blank]
        if problems:
            self.state.setStyleSheet(colour_style(problems_colour(problems)))
            self.state.setText("\n".join(problem_lines(problems)))
            return
        self.state.setStyleSheet(colour_style(MUTED))
        pages = sum(r["pages"] for _i, r in item.files)
        files = f"{len(item.files)} 个文件" + (f"，共 {pages} 页" if pages else "")
        if item.files:
            text = files + ("；另有纸质件" if item.paper is not None else "")
        elif item.paper is not None:
            text = "纸质件另附：装订版中不含此项，报送时另附纸质材料"
        elif item.declared is not None and item.declared.required:
            text = "还没有文件：请添加文件，或勾选“纸质件另附”"
            if self.problems:  # 待填写, as the side list and 审核 say
                self.state.setStyleSheet(colour_style(problems_colour(self.problems)))
                text = f"○ {text}"
        else:
            text = "还没有文件"
        self.state.setText(text)

    def _enable(self) -> None:
        chosen = self.selected()
        index = chosen[0] if chosen is not None else None
        data = self.page.data()
        for text, able in (("删除", chosen is not None),
                           ("上移", index is not None and neighbour(data, index, -1) is not None),
                           ("下移", index is not None and neighbour(data, index, 1) is not None)):
            self.buttons[text].setEnabled(able and not self.page.read_only)
        self.buttons["打开"].setEnabled(chosen is not None)  # looking is allowed read-only too

    # --- what the clerk asks for ------------------------------------------------------
    def selected(self) -> tuple[int, dict[str, Any]] | None:
        row = self.list.currentItem()
        index = row.data(Qt.ItemDataRole.UserRole) if row is not None else None
        record = self.record(index) if index is not None else None
        return (index, record) if record is not None else None

    def record(self, index: int) -> dict[str, Any] | None:
        return next((r for i, r in self.item.files if i == index), None)

    def select(self, index: int) -> bool:
        """The cursor on the file at *index* (a problem clicked, a step undone there) — unless the step only moved
        the files shown: then the file the clerk had selected keeps it (an undone 上移 leaves it on that file)."""
        record = self.record(index)
        if record is None:
            return False
        chosen = self.selected()
        if chosen is None or (record["file"], record["sha256"]) not in self.shown_before:
            for row in (self.list.item(r) for r in range(self.list.count())):
                if row.data(Qt.ItemDataRole.UserRole) == index:
                    self.list.setCurrentItem(row)
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def choose(self) -> None:
        paths = clerk().open_paths(self, f"添加证明材料：{self.item.title}", self.page.last_folder, FILE_FILTER)
        if paths:
            self.page.last_folder = paths[0].parent
            self.page.add_files(self.item, paths)

    def open(self) -> None:
        chosen = self.selected()
        store = self.page.store_of()
        if chosen is None or store is None:
            return
        path, issue = store.locate(*chosen)
        if issue is not None:
            clerk().warn(self, "无法打开", issue.message)
        elif path is not None and not clerk().open_file(path):
            clerk().warn(self, "无法打开", f"没有找到可以打开“{chosen[1]['name']}”的程序。文件在：{path}")

    def move(self, step: int) -> None:
        chosen = self.selected()
        if chosen is not None:
            to = neighbour(self.page.data(), chosen[0], step)
            if to is not None:
                self.page.move_requested.emit(chosen[0], to)
                self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove(self) -> None:
        chosen = self.selected()
        if chosen is not None and not self.page.read_only:
            row = self.list.currentRow()
            self.page.remove_requested.emit(chosen[0])  # the page is repainted from the draft by now
            if self.item.files:  # the next file selected, so Delete may go on
                self.list.setCurrentRow(min(row, len(self.item.files) - 1))

    def _paper_toggled(self, on: bool) -> None:
        if on:
            self.page.attach_requested.emit([paper_record(self.item.title, self.item.key)])
        elif self.item.paper is not None:
            self.page.remove_requested.emit(self.item.paper)

    # --- dropping files ---------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.page.read_only and _dropped(event):
            event.acceptProposedAction()
            self.setStyleSheet(DROP_STYLE)

    def dragLeaveEvent(self, event: QEvent) -> None:
        self.setStyleSheet("")

    def dropEvent(self, event: QDropEvent) -> None:
        self.setStyleSheet("")
        paths = _dropped(event)
        if paths:
            event.acceptProposedAction()
            self.page.add_files(self.item, paths)


def _dropped(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    """The local files of a drop (from the file manager); nothing else is taken."""
    data = event.mimeData()
    if not data.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]


def _locator(store: EnclosureStore, index: int, record: dict[str, Any]) -> Callable[[], Path | None]:
    """Where the record's file is, asked off the GUI thread (a large file's digest takes a moment)."""
    return lambda: store.locate(index, record)[0]


class EnclosuresEditor(Editor):
    """The input of ``/enclosures``: see the module's notes. It writes nothing: it asks, by its signals."""

    attach_requested = Signal(list)  # records (their files in the store already), to add last, as one step
    remove_requested = Signal(int)  # the record at this index taken out
    move_requested = Signal(int, int)  # the record at this index moved there (within its item)
    #: problems are shown in the box they belong to, not under the page
    shows_own_problems = True

    def __init__(self, node: FieldNode, pointer: str) -> None:
        super().__init__(node, pointer)
        self.form: FormDefinition | None = None
        self.document: DraftDocument | None = None
        self.store_of: Callable[[], EnclosureStore | None] = lambda: None
        self.read_only = False
        self.boxes: dict[str, ItemBox] = {}
        self.pending: list[str] = []  # titles of the clerk's own items without a file yet
        self.problems: list[Problem] = []
        self.last_folder = Path.home()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel("每项可添加多个文件（PDF、JPG、PNG、TIFF 图片或 Word .docx），也可以把文件从文件夹拖到框中。"
                       "生成申报材料时，它们编入装订版 PDF 的目录和页码。")
        intro.setObjectName("pageHint")
        intro.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(colour_style(ERROR))
        self.note.hide()
        self.box_layout = QVBoxLayout()
        self.add_own = QPushButton("添加其他证明材料…")
        self.add_own.setToolTip("通知未列出、但您想一并提交的材料（如获奖证书、检测报告）：先输入名称，再选择文件")
        self.add_own.setAccessibleName("添加其他证明材料")
        self.add_own.clicked.connect(self.add_own_item)
        self.report_leaving(self.add_own)
        layout.addWidget(intro)
        layout.addWidget(self.note)
        layout.addLayout(self.box_layout)
        own_row = QHBoxLayout()
        own_row.addWidget(self.add_own)
        own_row.addStretch(1)
        layout.addLayout(own_row)

    def serve(self, form: FormDefinition, document: DraftDocument,
              store_of: Callable[[], EnclosureStore | None], read_only: bool = False) -> None:
        """What the page reads (never writes): the form's items, the draft, where its files are. An item shown
        for one kind of application only comes and goes with that choice."""
        self.form, self.document, self.store_of, self.read_only = form, document, store_of, read_only
        for pointer in {p for e in declared(form) for p, _value in e.shown_when}:
            watch = document.watch(pointer, lambda _event: self._rebuild())
            self.destroyed.connect(watch.cancel)

    def data(self) -> Any:
        return self.document.data if self.document is not None else {}

    def set_value(self, value: Any) -> None:
        self._rebuild()

    def focus_target(self) -> QWidget:
        first = next(iter(self.boxes.values()), None)
        return first.buttons["添加文件…"] if first is not None else self.add_own

    def focus_pointer(self, pointer: str) -> QWidget | None:
        """The cursor on the file a problem or an undone step is about; its box, to be scrolled into view."""
        parts = split_pointer(pointer)
        index = list_index(parts[1]) if len(parts) > 1 else None
        if index is not None:
            for box in self.boxes.values():
                if box.select(index):
                    return box
        return None

    def _rebuild(self) -> None:
        if self.form is None:
            return
        items = items_of(self.form, self.data(), self.pending)
        self.pending = [t for t in self.pending if not any(i.title == t and i.files for i in items if not i.key)]
        wanted = [item.box_key for item in items]
        for key in [k for k in self.boxes if k not in wanted]:
            box = self.boxes.pop(key)
            if box.isAncestorOf(self.focusWidget() or box):
                self.add_own.setFocus(Qt.FocusReason.OtherFocusReason)
            box.setParent(None)
            box.deleteLater()
        store = self.store_of()
        for position, item in enumerate(items):
            box = self.boxes.get(item.box_key)
            if box is None:
                box = self.boxes[item.box_key] = ItemBox(self, item)
            if self.box_layout.indexOf(box) != position:
                self.box_layout.insertWidget(position, box)
            box.show_item(item, store)
        self.boxes = {item.box_key: self.boxes[item.box_key] for item in items}  # in the page's order
        self._tab_order()
        self._distribute()

    def _tab_order(self) -> None:
        """Tab goes down the page as it reads: each box's 纸质件另附, its files, its buttons, then the next box, then
        添加其他证明材料… (boxes made later would otherwise come after it)."""
        chain = [w for box in self.boxes.values() for w in (box.paper, box.list, *box.buttons.values())]
        chain.append(self.add_own)
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def mark_problems(self, problems: list[Problem]) -> None:
        """The problems of ``/enclosures`` (a required item missing, a file missing or changed), each in its box."""
        self.problems = problems
        self._rebuild()

    def _distribute(self) -> None:
        placed: set[int] = set()
        for box in self.boxes.values():
            indexes = {i for i, _r in box.item.files} | ({box.item.paper} if box.item.paper is not None else set())
            mine = []
            for n, problem in enumerate(self.problems):
                index = list_index(split_pointer(problem.path)[1]) if problem.path != POINTER else None
                if (index is not None and index in indexes) or (
                        problem.path == POINTER and box.item.key and f"“{box.item.title}”" in problem.message):
                    mine.append(problem)
                    placed.add(n)
            box.set_problems(mine)
        rest = [p for n, p in enumerate(self.problems) if n not in placed]
        self.note.setText("\n".join(problem_lines(rest)))
        self.note.setVisible(bool(rest))

    # --- what the clerk asks for --------------------------------------------------------
    def add_own_item(self) -> None:
        """添加其他证明材料…: a title of the clerk's own, then its files."""
        title = clerk().text(self, "添加其他证明材料", "材料名称（印在目录中，如“高新技术企业证书”）：")
        title = (title or "").strip()[:200]
        if not title:
            return
        box = next((b for b in self.boxes.values() if b.item.title == title), None)
        if box is None:
            self.pending.append(title)
            self._rebuild()
            box = self.boxes[f"own:{title}"]
        box.buttons["添加文件…"].setFocus(Qt.FocusReason.OtherFocusReason)
        self.show_box(box)
        box.choose()

    def show_box(self, box: ItemBox) -> None:
        """*box* scrolled into view on its page (a box just added is at the page's foot)."""
        self.layout().activate()
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:
            area.widget().layout().activate()
            area.ensureWidgetVisible(box, 0, 40)

    def add_files(self, item: Item, paths: list[Path]) -> None:
        """*paths* read, checked and copied into the store off the GUI thread, then attached to *item* as one
        step; a file refused is named with the reason and not attached."""
        store = self.store_of()
        if store is None or self.read_only:
            clerk().warn(self, "无法添加文件", "只读查看的申报不能添加证明材料。")
            return

        def work(report: Report) -> tuple[list[dict[str, Any]], list[str]]:
            from yn_forms.render.enclosures import EnclosureFileError, inspect

            added, refused = [], []
            for done, path in enumerate(paths):
                report(done, len(paths))
                try:
                    added.append(store.add(path, item=item.key, title=item.title, inspected=inspect(path)))
                except (EnclosureFileError, EnclosureError) as exc:
                    refused.append(str(exc))
                except OSError as exc:
                    refused.append(f"“{path.name}”无法复制到证明材料文件夹：{os_reason(exc)}")
            return added, refused

        def done(result: tuple[list[dict[str, Any]], list[str]]) -> None:
            added, refused = result
            if added:
                self.attach_requested.emit(added)
                box = self.boxes.get(item.box_key)
                if box is not None:
                    self.show_box(box)  # its new rows in view
            if refused:
                after = f"其余 {len(added)} 个文件已添加。" if added else "草稿没有改动。"
                clerk().warn(self, "无法添加文件", "以下文件没有添加：\n" + "\n".join(f"· {r}" for r in refused)
                             + f"\n\n{after}")

        run_task(self, work, on_done=done, busy="正在检查并添加证明材料…", title="添加证明材料")
