"""A new 创新中心 application from the start window to its documents, by keyboard alone (pytest-qt).

No mouse and no widget reached into: keys go to whatever has the focus, as they would from
a clerk's keyboard — Enter on the form list, Tab from field to field, arrows in a radio
group, Space on check boxes and buttons, Alt+→ to the next page, Ctrl+G to generate.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from docx_helpers import all_text, open_docx
from gui_helpers import type_text
from pack_helpers import pdf
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from yn_forms.core.datapath import get_at
from yn_forms.core.kinds import KINDS
from yn_forms.gui.editors import Editor
from yn_forms.gui.pages import GroupEditor

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "the focus went nowhere"
    return widget


def press(key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifiers)


def editor_of(widget: QWidget) -> Editor | None:
    while widget is not None and not isinstance(widget, Editor):
        widget = widget.parentWidget()
    return widget


def answer(widget: QWidget, editor: Editor, value) -> None:
    """Give the focused input *value* as a clerk would from the keyboard."""
    if isinstance(widget, QRadioButton):
        options = list(editor.buttons)
        if value == options[0]:
            press(Qt.Key.Key_Space)  # the first option, where the cursor lands: Space ticks it
        elif value in options:
            for _ in range(options.index(value)):
                press(Qt.Key.Key_Right)  # the arrows choose, as in any radio group
    elif isinstance(widget, QCheckBox):
        ticked = widget.text() in (value or [])
        if widget.isChecked() != ticked:
            press(Qt.Key.Key_Space)
    elif isinstance(widget, QLineEdit | QPlainTextEdit | QComboBox):
        if isinstance(value, list) and value and isinstance(value[0], dict):  # 近三年: this box's year
            index = editor.edits.index(widget)
            value = value[index]["value"]
        elif isinstance(value, list):
            value = "\n".join(value)
        text = KINDS[getattr(editor, "kind", "line")].shown(value) if value is not None else ""
        if text:
            for line_number, line in enumerate(str(text).split("\n")):
                if line_number:
                    press(Qt.Key.Key_Return)
                type_text(widget, line)


def fill_page(example: dict, pointer_of=lambda pointer: pointer, stop: QWidget | None = None) -> int:
    """Tab through the page from the focused field, answering each; returns the fields answered."""
    answered = 0
    seen: set[int] = set()
    for _ in range(400):
        widget = focused()
        editor = editor_of(widget)
        if editor is None or id(widget) in seen or (stop is not None and not stop.isAncestorOf(widget)):
            return answered
        seen.add(id(widget))
        if not isinstance(widget, QAbstractButton) or isinstance(widget, QRadioButton | QCheckBox):
            answer(widget, editor, get_at(example, pointer_of(editor.pointer)))
            answered += 1
        press(Qt.Key.Key_Tab)
    raise AssertionError("the page never let go of the focus")


@pytest.mark.slow
def test_a_new_application_from_the_start_window_to_its_documents_by_keyboard(window, qtbot, clerk, centre,
                                                                              example, tmp_path):
    window.pdf_action.setChecked(False)  # a set-up choice, not part of the walk: PDFs cost LibreOffice's time
    window.activateWindow()
    qtbot.waitActive(window)
    assert isinstance(focused(), QWidget) and focused() is window.start.forms  # the form list has the cursor
    press(Qt.Key.Key_Home)
    press(Qt.Key.Key_Return)  # 云南省制造业创新中心创建申报
    wiz = window.wizard
    assert wiz is not None and wiz.form.id == "innovation-centre"
    example = copy.deepcopy(example)
    for index, page in enumerate(wiz.pages):
        assert wiz.stack.currentIndex() == index
        if page.name == "members":
            group = page.findChildren(GroupEditor)[0]
            for number in range(len(example["members"])):
                while not (isinstance(focused(), QPushButton) and focused().text() == "添加"):
                    press(Qt.Key.Key_Tab)
                press(Qt.Key.Key_Space)  # 添加: the cursor goes into the new unit's 单位名称
                assert editor_of(focused()).pointer == f"/members/{number}/name"
                assert fill_page(example, stop=group.current) > 20
            assert [m["name"] for m in wiz.data["members"]] == [m["name"] for m in example["members"]]
        elif page.name == "enclosures":  # 证明材料: a scan chosen with 添加文件…, the other item on paper
            assert focused().text() == "添加文件…"  # the page's first action has the cursor
            clerk.paths.append(pdf(tmp_path / "法人证书.pdf", 2))
            press(Qt.Key.Key_Space)
            qtbot.waitUntil(lambda: len(wiz.data["enclosures"]) == 1, timeout=10_000)
            for _ in range(30):  # Tab on, past the file's list and buttons, to the next item's 纸质件另附
                press(Qt.Key.Key_Tab)
                if isinstance(focused(), QCheckBox) and focused().accessibleName().startswith("成员单位之间"):
                    break
            press(Qt.Key.Key_Space)
            assert [(r["name"], r["type"]) for r in wiz.data["enclosures"]] == [("法人证书.pdf", "pdf"), ("", "paper")]
            example["enclosures"] = wiz.data["enclosures"]
        else:
            assert fill_page(example) >= 1, page.name
        press(Qt.Key.Key_Right, ALT)  # the next page, the cursor in its first field
    wiz.revalidate()
    assert wiz.stack.currentWidget() is wiz.review
    assert [p.message for p in wiz.problems if p.is_error] == []
    out = tmp_path / "申报材料"
    clerk.paths.append(out)
    with qtbot.waitSignal(window.generated, timeout=60_000) as signal:
        press(Qt.Key.Key_G, CTRL)  # 文件 › 生成申报材料
    written = [Path(p) for p in signal.args[0]]
    assert [p.name for p in written] == [d.output for d in centre.documents]
    text = all_text(open_docx(written[0]))
    assert example["cover"]["centre_name"] in text and example["members"][3]["name"] in text
