"""One input widget per field kind, each bound to the JSON Pointer of its field.

An editor shows a value from the draft and reports edits as JSON-ready values
(text, ``None`` for an empty number, lists for multiple choice) — the same shapes
the CLI reads, so a draft saved by the wizard validates and fills like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QRegularExpressionValidator, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.dates import parse_day
from yn_forms.core.formdef import FieldNode
from yn_forms.core.kinds import KINDS
from yn_forms.core.problems import Problem
from yn_forms.core.wordcount import count_words
from yn_forms.core.years import last_three_years
from yn_forms.gui.palette import ERROR, MUTED, colour_style

UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
SHORT_WIDTH = 240


@dataclass(frozen=True)
class LineStyle:
    """How a value typed in one line is helped along, the same on a page and in a table's cell
    (``gui.editor_map`` gives each kind its own)."""

    pattern: str = ""  # what may be typed, so a letter never gets into a number; "" anything
    placeholder: str = ""  # shown in the empty box
    short: bool = False  # a number or a date: its box is not stretched, its table column is narrow
    sample: str = ""  # the widest typical value: how wide a narrow column is
    right: bool = False  # right-aligned in a table: amounts line up by their decimals, as in a ledger
    calendar: bool = False  # a 日历 beside it to pick the day from
    tidy: bool = False  # on leaving, what was typed any way is shown as the form prints it
    ways: str = ""  # the other ways it may be typed, the box's tooltip (the placeholder keeps to one example)


#: a line anything may be typed into
PLAIN_LINE = LineStyle()
#: 万元 with at most two decimals: what the validator would accept anyway
AMOUNT_LINE = LineStyle(r"\d{0,12}(\.\d{0,2})?", "0.00", short=True, sample="9999999.99", right=True)


def prepare_line_edit(edit: QLineEdit, style: LineStyle) -> None:
    """Validator and placeholder of a line, the same in a page and in a table cell."""
    if style.pattern:
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(style.pattern), edit))
    if style.placeholder:
        edit.setPlaceholderText(style.placeholder)
    if style.ways and not edit.toolTip():
        edit.setToolTip(style.ways)


def offer(combo: QComboBox) -> None:
    """An editable list of names (所属领域, the application's own units) as a clerk expects it: typing
    filters the list to the names containing what is typed, nothing is completed behind the cursor,
    and the names are shown whole however narrow the box."""
    completer = QCompleter(combo.model(), combo)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # a name typed is the answer, not a new entry
    view = combo.view()
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    widest = max((combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    view.setMinimumWidth(widest + 40)


def popup_position(anchor: QWidget, size: QSize) -> QPoint:
    """Where a popup of *size* opens under *anchor* — or above it, and moved in from the sides, so that
    all of it is on the screen (a date near the bottom of the page)."""
    below = anchor.mapToGlobal(anchor.rect().bottomLeft())
    screen = anchor.screen().availableGeometry()
    x = max(screen.left(), min(below.x(), screen.right() - size.width()))
    y = below.y()
    if y + size.height() > screen.bottom():
        y = max(screen.top(), anchor.mapToGlobal(anchor.rect().topLeft()).y() - size.height())
    return QPoint(x, y)


def enter_moves_on(edit: QLineEdit, field: QWidget | None = None) -> None:
    """Enter in a one-line field goes on to the next field, as Tab does (the way clerks fill a paper-like
    form); nothing is submitted by Enter. *field*: the widget Tab leaves (an editable list's box)."""
    edit.returnPressed.connect(lambda: QApplication.sendEvent(
        field or edit, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)))


def problem_lines(problems: list[Problem]) -> list[str]:
    """How a problem reads beside a field and in a table cell's tooltip: ✖ an error, ⚠ a warning,
    ○ a field still to fill in."""
    return [("○ " if p.is_blank else "✖ " if p.is_error else "⚠ ") + p.message for p in problems]


class Editor(QWidget):
    """Base: ``edited`` fires with the new value; ``left`` when focus leaves the editor; ``boundary``
    when what comes next is a step of its own (a paste is one step, not part of the typing around it)."""

    edited = Signal(object)
    left = Signal()
    boundary = Signal()
    #: a click on an option is a finished answer: its problems show at once, not on leaving
    answered_by_click = False

    def __init__(self, node: FieldNode, pointer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.node = node
        self.pointer = pointer
        self.setAccessibleName(node.title)
        self._loading = False
        self._pasting = False

    def load(self, value: Any) -> None:
        self._loading = True
        try:
            self.set_value(value)
        finally:
            self._loading = False

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def _emit(self, value: Any) -> None:
        if not self._loading:
            self.edited.emit(value)
            if self.answered_by_click:
                self.left.emit()
            if self._pasting:
                self._pasting = False
                self.boundary.emit()

    def focus_target(self) -> QWidget:
        return self

    def show_following(self, text: str | None) -> None:
        """Show (greyed, in place of a value) what an empty field takes from the place it repeats
        (``core.links``: “同封面：云南锦川稀贵金属集团有限公司”); None when it follows nothing."""

    def set_options(self, options: list[str]) -> None:
        """The names to offer (``choices_from``: the application's own units), for editors that offer any."""

    def report_leaving(self, widget: QWidget) -> None:
        """Emit ``left`` when *widget* loses focus: problems show beside a field as the user leaves it.
        The widget's own undo keys are handed to the app's 编辑 › 撤销 as well (see ``eventFilter``)."""
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Ctrl+Z / Ctrl+Y belong to the draft's undo (every step, across pages), not to the line
        # edit's own history: not accepting the override lets the window's action take the keys
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and \
                any(event.matches(key) for key in UNDO_KEYS):
            event.ignore()
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
                event.matches(QKeySequence.StandardKey.Paste):
            self.boundary.emit()  # the typing before the paste is one step, the paste another
            self._pasting = True
        # focus moving inside one field (a table to the editor of its cell) is not leaving it
        if event.type() == QEvent.Type.FocusOut and not self.isAncestorOf(QApplication.focusWidget()):
            self.left.emit()
        return False


class LineEditor(Editor):
    """Single-line text, numbers (万元 with 2 places, counts) and dates typed as text.

    What is typed is read as its kind reads text (``core.kinds``): the draft gets the value the
    command line reads (an int, an ISO date); the line shows a value as the form prints it.
    """

    def __init__(self, node: FieldNode, pointer: str, kind: str = "line", parent=None,
                 style: LineStyle = PLAIN_LINE) -> None:
        super().__init__(node, pointer, parent)
        self.kind = kind
        self.reads = KINDS[kind]
        self.style = style
        self.edit = QLineEdit()
        self.edit.setAccessibleName(node.title)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        unit = node.meta.get("unit")
        prepare_line_edit(self.edit, style)
        if style.short:  # a number or a date is short: its box is, and the unit stands beside it
            self.edit.setMaximumWidth(SHORT_WIDTH)
        if unit:
            layout.addWidget(QLabel(unit))
        if style.calendar:  # a calendar beside the date, for those who would rather pick it
            pick = QToolButton()
            pick.setText("日历")
            pick.setToolTip("从日历中选择日期（在日期框中按 Alt+↓）")
            pick.setAccessibleName(f"{node.title} 日历")
            # not a Tab stop: Tab leaves the date for the next field (and its problem shows);
            # from the keyboard the calendar opens with Alt+↓ or F4, as a date box's list does
            pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            pick.clicked.connect(self.pick_day)
            layout.addWidget(pick)
            for keys in ("Alt+Down", "F4"):
                QShortcut(QKeySequence(keys), self.edit, self.pick_day, context=Qt.ShortcutContext.WidgetShortcut)
        if style.short:
            layout.addStretch(1)
        self.edit.textEdited.connect(self._changed)
        enter_moves_on(self.edit)
        self.report_leaving(self.edit)
        self.left.connect(self._trim)
        if style.tidy:
            self.left.connect(self._tidy)

    def _changed(self, text: str) -> None:
        self._emit(self.reads.parse(text))

    def _trim(self) -> None:
        """On leaving, spaces before and after the answer go: nobody sees them, and they print as a
        value that is not what it looks (a Word import then shows a 'difference' of two equal sides).
        The trim is part of the edit being finished, so one Ctrl+Z takes back both."""
        text = self.edit.text()
        trimmed = text.strip()
        if trimmed != text:
            self.edit.setText(trimmed)
            self._emit(self.reads.parse(trimmed))

    def set_value(self, value: Any) -> None:
        self.edit.setText(self.reads.shown(value))

    def set_options(self, options: list[str]) -> None:
        """Names typed elsewhere (表1's 参与单位), offered as the clerk types one here: a few characters
        and the whole name is picked, rather than typed a second time. Nothing is filled in unasked."""
        completer = QCompleter(options, self.edit)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.activated.connect(lambda name: self._emit(self.reads.parse(name)))
        self.edit.setCompleter(completer)

    def _tidy(self) -> None:
        """On leaving, a date typed any way is shown as the form prints it (the draft already holds it)."""
        shown = self.reads.shown(self.reads.parse(self.edit.text()))
        if shown and shown != self.edit.text():
            self.edit.setText(shown)

    def pick_day(self) -> None:
        """日历: a month's calendar under the field; the day clicked is the value."""
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar.setGridVisible(True)
        current = parse_day(self.edit.text())
        if current is not None:
            calendar.setSelectedDate(current)
        calendar.clicked.connect(lambda day: self._picked(day.toPython(), calendar))
        calendar.activated.connect(lambda day: self._picked(day.toPython(), calendar))  # Enter on a day
        calendar.adjustSize()
        calendar.move(popup_position(self.edit, calendar.size()))
        calendar.show()
        calendar.setFocus()  # arrow keys move through the days, Enter takes one, Esc closes
        self.calendar = calendar  # the one shown, for the tests

    def _picked(self, day: date, calendar: QWidget) -> None:
        calendar.close()
        self.edit.setText(self.reads.shown(day.isoformat()))
        self._emit(day.isoformat())
        self.edit.setFocus()

    def focus_target(self) -> QWidget:
        return self.edit

    def show_following(self, text: str | None) -> None:
        self.edit.setPlaceholderText(text if text is not None else self.style.placeholder)
        self.edit.setToolTip(f"{text}\n留空即与之相同；如需不同，直接填写。" if text else "")


class TextEditor(Editor):
    """Multi-line answer with a live 字数 counter (“123/200字”, red past the limit)."""

    def __init__(self, node: FieldNode, pointer: str, parent=None, as_list: bool = False) -> None:
        super().__init__(node, pointer, parent)
        self.as_list = as_list
        self.limit = node.meta.get("max_words")
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName(node.title)
        self.prompt = node.meta.get("prompt") or ""  # what the answer is to cover, as the document prints it
        self.edit.setPlaceholderText(self.prompt)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(90 if as_list else 120)
        self.counter = QLabel()
        self.counter.setObjectName("wordCounter")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        hint = "每行一项" if as_list else ""
        self.hint = QLabel(hint)
        row = QHBoxLayout()
        row.addWidget(self.hint)
        row.addStretch(1)
        row.addWidget(self.counter)
        layout.addLayout(row)
        self.edit.textChanged.connect(self._changed)
        self.report_leaving(self.edit)
        self.left.connect(self._trim)
        self._update_counter()

    def _trim(self) -> None:
        """On leaving, what nobody sees goes: blank lines and spaces at the end of the answer, spaces at the
        end of each line (a line's leading spaces stay: they show). Part of the edit being finished."""
        text = self.edit.toPlainText()
        trimmed = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
        if self.as_list or trimmed == text:
            return  # a list's lines are stripped as they are read
        cursor = self.edit.textCursor()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(trimmed)  # through the cursor: the box's own scroll and undo stay sane

    def _update_counter(self) -> None:
        words = count_words(self.edit.toPlainText())
        if self.limit:
            self.counter.setText(f"{words}/{self.limit}字")
            over = words > self.limit
            self.counter.setStyleSheet(colour_style(ERROR, bold=True) if over else colour_style(MUTED))
        else:
            self.counter.setText(f"{words}字")

    def _changed(self) -> None:
        self._update_counter()
        text = self.edit.toPlainText()
        if self.as_list:
            self._emit([line.strip() for line in text.split("\n") if line.strip()])
        else:
            self._emit(text)

    def show_following(self, text: str | None) -> None:
        self.edit.setPlaceholderText(text or self.prompt)
        self.edit.setToolTip(f"{text}\n留空即与之相同；如需不同，直接填写。" if text else "")

    def set_value(self, value: Any) -> None:
        if self.as_list:
            items = value if isinstance(value, list) else [] if value is None else [value]
            text = "\n".join(str(v) for v in items)
        else:
            text = "" if value is None else str(value)
        if text != self.edit.toPlainText():
            # the cursor stays where the clerk left it (an undone edit is not a jump to the start)
            position = self.edit.textCursor().position()
            self.edit.setPlainText(text)
            cursor = self.edit.textCursor()
            cursor.setPosition(min(position, len(text)))
            self.edit.setTextCursor(cursor)
        self._update_counter()

    def focus_target(self) -> QWidget:
        return self.edit


class ChoiceEditor(Editor):
    """Single choice as radio buttons; the 其他 text is its own field right after."""

    answered_by_click = True

    def __init__(self, node: FieldNode, pointer: str, options: list[str], parent=None) -> None:
        super().__init__(node, pointer, parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QRadioButton] = {}
        for i, option in enumerate(options):
            button = QRadioButton(option)
            button.setAccessibleName(f"{node.title}：{option}")
            self.group.addButton(button)
            self.buttons[option] = button
            layout.addWidget(button, i // 4, i % 4)
            button.toggled.connect(lambda checked, o=option: self._toggled(o, checked))
            button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys move to the next or previous option and choose it, as in any radio group (the
        group is one Tab stop); Space ticks or clears the option the cursor is on."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and watched in self.group.buttons():
            step = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}.get(event.key())
            if step is not None:
                buttons = list(self.buttons.values())
                target = buttons[(buttons.index(watched) + step) % len(buttons)]
                target.setFocus(Qt.FocusReason.TabFocusReason)
                target.setChecked(True)
                return True
        return super().eventFilter(watched, event)

    def _toggled(self, option: str, checked: bool) -> None:
        if self._loading:
            return
        if checked:
            self._loading = True
            for other, button in self.buttons.items():
                if other != option:
                    button.setChecked(False)
            self._loading = False
            self._emit(option)
        elif not any(b.isChecked() for b in self.buttons.values()):
            self._emit(None)

    def set_value(self, value: Any) -> None:
        for option, button in self.buttons.items():
            button.setChecked(option == value)

    def focus_target(self) -> QWidget:
        """The chosen option (where Tab lands in a radio group), else the first."""
        return next((b for b in self.buttons.values() if b.isChecked()), next(iter(self.buttons.values())))


class MultiEditor(Editor):
    """Multiple choice as check boxes, in the order the attachment prints them."""

    answered_by_click = True

    def __init__(self, node: FieldNode, pointer: str, options: list[str], parent=None) -> None:
        super().__init__(node, pointer, parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        columns = 2 if max(len(o) for o in options) > 8 else 4
        for i, option in enumerate(options):
            box = QCheckBox(option)
            box.setAccessibleName(f"{node.title}：{option}")
            self.boxes[option] = box
            layout.addWidget(box, i // columns, i % columns)
            box.toggled.connect(self._changed)

    def _changed(self) -> None:
        self._emit([o for o, b in self.boxes.items() if b.isChecked()])

    def set_value(self, value: Any) -> None:
        # a hand-edited or damaged draft may hold anything here: show the options it names
        chosen = {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()
        for option, box in self.boxes.items():
            box.setChecked(option in chosen)

    def focus_target(self) -> QWidget:
        return next(iter(self.boxes.values()))


class SuggestEditor(Editor):
    """Free text with the notice's list offered (所属领域: 二(四) 布局重点, or another)."""

    def __init__(self, node: FieldNode, pointer: str, options: list[str], parent=None) -> None:
        super().__init__(node, pointer, parent)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.addItems(options)
        self.combo.setCurrentIndex(-1)
        self.combo.setAccessibleName(node.title)
        self.combo.lineEdit().setPlaceholderText("从列表选择或直接填写")
        offer(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        self.combo.currentTextChanged.connect(lambda t: self._emit(t))
        enter_moves_on(self.combo.lineEdit(), self.combo)
        self.report_leaving(self.combo)

    def set_value(self, value: Any) -> None:
        self.combo.setCurrentText("" if value is None else str(value))

    def set_options(self, options: list[str]) -> None:
        text = self.combo.currentText()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems(options)
        self.combo.setCurrentIndex(-1)
        self.combo.setCurrentText(text)
        offer(self.combo)
        self.combo.blockSignals(False)

    def focus_target(self) -> QWidget:
        return self.combo


class YearsEditor(Editor):
    """近三年: the years are filled in for the user, only the amounts are typed.

    The three years stand in one row, as on the form, where there is room for each amount to be
    read whole (“1452310.50”); in a narrow column (a member's table at 1024×700) they stand one
    under the other instead of shrinking their boxes.
    """

    AMOUNT_SAMPLE = "00000000.00"  # the widest amount a box shows whole: 8 digits of 万元 and 2 places

    def __init__(self, node: FieldNode, pointer: str, parent=None) -> None:
        super().__init__(node, pointer, parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        self.years = last_three_years()
        self.labels: list[QLabel] = []
        self.edits: list[QLineEdit] = []
        self.cells: list[QWidget] = []
        self.columns = 0
        unit = node.meta.get("unit", "")
        if unit in (node.title or ""):  # “近三年销售收入(单位：万元)” says it once, not after each box again
            unit = ""
        for i in range(3):
            cell = QWidget()
            line = QHBoxLayout(cell)
            line.setContentsMargins(0, 0, 0, 0)
            label = QLabel(f"{self.years[i]}年")
            edit = QLineEdit()
            prepare_line_edit(edit, AMOUNT_LINE)
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(self.AMOUNT_SAMPLE) + 16)
            edit.setAccessibleName(f"{node.title} {self.years[i]}年")
            edit.textEdited.connect(self._changed)
            enter_moves_on(edit)
            self.report_leaving(edit)
            line.addWidget(label)
            line.addWidget(edit, 1)
            if unit:
                line.addWidget(QLabel(unit))
            self.labels.append(label)
            self.edits.append(edit)
            self.cells.append(cell)
        self._arrange(3)

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for cell in self.cells:
            self.grid.removeWidget(cell)
        for i, cell in enumerate(self.cells):
            self.grid.addWidget(cell, i // columns, i % columns)

    def minimumSizeHint(self) -> QSize:
        """One year's width: the years go under each other rather than make the page scroll sideways."""
        cell = self.cells[0].minimumSizeHint()
        rows = 3 // self.columns
        return QSize(cell.width(), rows * cell.height() + (rows - 1) * self.grid.verticalSpacing())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        one_row = 3 * self.cells[0].minimumSizeHint().width() + 2 * self.grid.horizontalSpacing()
        self._arrange(3 if event.size().width() >= one_row else 1)

    def _changed(self) -> None:
        self._emit([{"year": y, "value": e.text().strip() or None} for y, e in zip(self.years, self.edits,
                                                                                   strict=True)])

    def set_value(self, value: Any) -> None:
        items = value if isinstance(value, list) and len(value) == 3 else []
        for i in range(3):
            item = items[i] if i < len(items) and isinstance(items[i], dict) else {}
            if isinstance(item.get("year"), int):
                self.years[i] = item["year"]
            self.labels[i].setText(f"{self.years[i]}年")
            self.edits[i].setAccessibleName(f"{self.node.title} {self.years[i]}年")
            v = item.get("value")
            self.edits[i].setText("" if v is None else str(v))

    def focus_target(self) -> QWidget:
        return self.edits[0]
