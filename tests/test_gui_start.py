"""The start window's recent drafts as a clerk starts the app day after day: each draft's 完成 % worked out
once, after the window has painted, and shown at once from then on while the file stays as it was."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QSettings

from yn_forms.core.draft import save_draft
from yn_forms.forms import get_form


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """The figures remembered by this test alone (the run's cache folder is shared by every test)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _start_window(qtbot, names: list[str]):
    from yn_forms.gui.app import make_app
    from yn_forms.gui.window import MainWindow

    QSettings("yn-forms", "yn-forms").setValue("recent", names)
    make_app()
    window = MainWindow()
    qtbot.addWidget(window)
    return window


def _texts(window) -> list[str]:
    return [window.start.recent.item(i).text() for i in range(window.start.recent.count())]


def _drafts(tmp_path, count: int = 3) -> list[str]:
    form = get_form("innovation-centre")
    names = []
    for i in range(count):
        path = tmp_path / f"草稿{i}.ynform"
        save_draft(path, form, form.example() if i else form.model().model_dump(mode="json"))
        names.append(str(path))
    return names


def test_the_figures_worked_out_after_the_first_paint_are_shown_at_once_at_the_next_start(qtbot, tmp_path,
                                                                                           monkeypatch):
    names = _drafts(tmp_path)
    first = _start_window(qtbot, names)
    assert not any("完成" in text for text in _texts(first))  # nothing judged before the window is up
    first.show()
    qtbot.waitUntil(lambda: all("完成 " in text for text in _texts(first)), timeout=10000)
    assert [text.rsplit("完成 ", 1)[1] for text in _texts(first)] == ["0%", "100%", "100%"]

    from yn_forms.core import draft, validation

    def refused(*_args, **_kwargs):
        raise AssertionError("a draft unchanged since was read or validated again")

    monkeypatch.setattr(validation, "validate", refused)
    monkeypatch.setattr(draft, "read_input", refused)
    monkeypatch.setattr("yn_forms.gui.start.read_input", refused)
    again = _start_window(qtbot, names)
    assert _texts(again) == _texts(first)  # before the window is shown: painted whole, nothing arrives later
    again.show()
    qtbot.wait(50)
    assert _texts(again) == _texts(first)


def test_a_draft_changed_since_is_judged_again(qtbot, tmp_path):
    names = _drafts(tmp_path, 2)
    first = _start_window(qtbot, names)
    first.show()
    qtbot.waitUntil(lambda: all("完成 " in text for text in _texts(first)), timeout=10000)
    assert _texts(first)[1].endswith("完成 100%")

    form = get_form("innovation-centre")
    emptied = form.example()
    emptied["cover"] = form.model().model_dump(mode="json")["cover"]  # the 封面 cleared: no longer complete
    save_draft(names[1], form, emptied)
    info = os.stat(names[1])
    os.utime(names[1], ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))  # never the same time, however coarse
    again = _start_window(qtbot, names)
    assert _texts(again)[0] == _texts(first)[0]  # unchanged: remembered
    assert "完成" not in _texts(again)[1]  # changed: its old figure is not shown
    again.show()
    qtbot.waitUntil(lambda: "完成 " in _texts(again)[1], timeout=10000)
    assert not _texts(again)[1].endswith("完成 100%")


def test_a_draft_replaced_by_a_file_of_the_same_size_and_time_elsewhere_is_not_taken_for_it(qtbot, tmp_path):
    """The figure belongs to a path: another draft listed in its place is judged on its own."""
    names = _drafts(tmp_path, 2)
    first = _start_window(qtbot, names[:1])
    first.show()
    qtbot.waitUntil(lambda: "完成 " in _texts(first)[0], timeout=10000)
    again = _start_window(qtbot, names[1:])
    assert "完成" not in _texts(again)[0]
    again.show()
    qtbot.waitUntil(lambda: "完成 " in _texts(again)[0], timeout=10000)
    assert _texts(again)[0].endswith("完成 100%")


def _new_draft_window(qtbot):
    from yn_forms.gui.app import make_app
    from yn_forms.gui.window import MainWindow

    make_app()
    window = MainWindow()
    qtbot.addWidget(window)
    window.new_draft("innovation-centre")
    return window


def test_a_new_drafts_first_page_is_whole_when_the_window_first_paints(qtbot):
    """Every field of the 封面 and every section's state in the side list are there in the first picture:
    what is left for later (the 审核 page, the unit library, the packets) is nothing the clerk sees yet."""
    from PySide6.QtCore import QEvent, QObject

    from yn_forms.gui.pages import FieldRow

    window = _new_draft_window(qtbot)
    form = get_form("innovation-centre")
    seen: dict[str, object] = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and "rows" not in seen:
                page = window.wizard.stack.currentWidget()
                seen["rows"] = [row.pointer for row in page.findChildren(FieldRow) if row.isVisibleTo(page)]
                seen["sections"] = [window.wizard.sections.item(i).text()
                                    for i in range(window.wizard.sections.count())]
            return False

    spy = FirstPaint()
    window.wizard.stack.installEventFilter(spy)
    window.show()
    qtbot.waitUntil(lambda: "rows" in seen, timeout=5000)
    window.wizard.stack.removeEventFilter(spy)
    cover = form.model.model_fields["cover"].annotation
    assert seen["rows"] == [f"/cover/{name}" for name in cover.model_fields]
    assert seen["sections"][-1] == "审核"
    assert all("未开始（" in text for text in seen["sections"][:-1])  # the blanks counted, as a moment later
    assert seen["sections"] == [window.wizard.sections.item(i).text() for i in range(window.wizard.sections.count())]


def test_what_the_clerk_types_before_the_window_has_settled_is_kept(qtbot):
    """Keys pressed while the first paint and the work after it are still queued reach the draft."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QInputMethodEvent, QKeyEvent
    from PySide6.QtWidgets import QApplication

    window = _new_draft_window(qtbot)
    window.show()
    target = QApplication.focusWidget() or window.wizard.stack.currentWidget().focusWidget()
    commit = QInputMethodEvent("", [])
    commit.setCommitString("云南省稀贵金属创新中心")
    QApplication.postEvent(target, commit)
    for char in "01":
        QApplication.postEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_0 + int(char),
                                                 Qt.KeyboardModifier.NoModifier, char))
    qtbot.waitUntil(lambda: window.wizard.data["cover"]["centre_name"] == "云南省稀贵金属创新中心01", timeout=5000)
    window.wizard.go_to(window.wizard.stack.count() - 1)  # the 审核 page, built only now, judges what was typed
    qtbot.wait(300)
    assert window.wizard.data["cover"]["centre_name"] == "云南省稀贵金属创新中心01"
    assert not any(p.path == "/cover/centre_name" for p in window.wizard.problems)


def test_the_side_lists_titles_are_measured_again_in_larger_letters(qtbot):
    """Each side-list item's height is worked out once for its text and width; letters made larger (the clerk's
    font, a style) measure every item again, so no wrapped title loses its last line or its state."""
    window = _new_draft_window(qtbot)
    window.resize(1024, 1400)  # room for every item on two lines and more
    window.show()
    sections = window.wizard.sections
    qtbot.wait(50)
    item = sections.item(0)
    before = sections.visualItemRect(item).height()
    font = sections.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    sections.setFont(font)
    lines = item.text().count("\n") + 1
    qtbot.waitUntil(lambda: sections.visualItemRect(item).height() >= lines * sections.fontMetrics().height())
    assert sections.visualItemRect(item).height() > before


def test_the_app_collects_its_garbage_from_the_moment_its_window_is_up(qtbot, monkeypatch):
    """The window is built with Python's cycle collector held off (start-up's objects live as long as it does);
    the clerk's session is not: hours without it would keep every cycle of objects ever made."""
    import argparse
    import gc
    import sys

    from PySide6.QtWidgets import QApplication

    import yn_forms.gui.app as gui_app
    from yn_forms.gui.window import MainWindow

    gui_app.make_app()
    seen: dict[str, bool] = {}

    class Session:
        def exec(self) -> int:
            seen["session"] = gc.isenabled()
            return 0

    def recovery(window) -> None:
        seen["built"] = window.isVisible()
        seen["recovery"] = gc.isenabled()
        seen["set_aside"] = gc.get_freeze_count() > 0  # start-up's objects: never walked by the collector again

    monkeypatch.setattr(gui_app, "make_app", Session)
    monkeypatch.setattr(gui_app, "offer_recovery", recovery)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    try:
        assert gui_app.run(argparse.Namespace(screenshot=None, form="innovation-centre", open=None,
                                              section=None)) == 0
    finally:
        gc.unfreeze()  # the tests' own objects, frozen with the window's, are collected again
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.close()
            widget.deleteLater()
    assert seen == {"built": True, "recovery": True, "session": True, "set_aside": True}
    assert gc.isenabled()


def test_a_draft_that_cannot_be_opened_at_start_leaves_the_start_page_on_screen(qtbot, monkeypatch, tmp_path):
    """`yn-forms gui --open` paints the draft first, its start page not built; a draft that cannot be opened
    is explained and the start page is there instead, not an empty window."""
    import argparse
    import gc
    import sys

    from PySide6.QtWidgets import QApplication

    import yn_forms.gui.app as gui_app
    from yn_forms.gui.clerk import ScriptedClerk, use_clerk
    from yn_forms.gui.window import MainWindow

    gui_app.make_app()
    before = set(QApplication.topLevelWidgets())
    shown: list[MainWindow] = []

    class Session:
        def exec(self) -> int:
            shown.extend(w for w in set(QApplication.topLevelWidgets()) - before if isinstance(w, MainWindow))
            return 0

    told = ScriptedClerk()
    previous = use_clerk(told)
    monkeypatch.setattr(gui_app, "make_app", Session)
    monkeypatch.setattr(gui_app, "offer_recovery", lambda _window: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    try:
        assert gui_app.run(argparse.Namespace(screenshot=None, form=None, open=str(tmp_path / "无.ynform"),
                                              section=None)) == 0
    finally:
        use_clerk(previous)
        gc.unfreeze()
    [window] = shown
    qtbot.addWidget(window)
    assert told.said[0][:2] == ("warn", "无法打开草稿")
    assert window.isVisible() and window.stack.currentWidget() is window.start and window.start.forms.count() > 0


def test_a_new_drafts_first_page_paints_without_what_only_other_pages_and_the_unit_library_need():
    """The first page of a new 创新中心 draft (封面) paints without the 单位库 bar and the library behind it
    (SQLite, the reading and filling of records), the tables' and the 证明材料 inputs and the 审核 page, and
    without the start page, the recovery of crashed drafts, the draft files' locks and Qt's dialogs
    (``yn-forms gui --form``: they come after); the 牵头单位 page still shows its 单位库 buttons, the library
    imported only once one is used."""
    import subprocess
    import sys

    probe = ("import sys\nfrom yn_forms.gui.app import make_app\nfrom yn_forms.gui.window import MainWindow\n"
             "make_app(); w = MainWindow(start_page=False); w.new_draft('innovation-centre'); w.show(); w.grab()\n"
             "def loaded(): return [m for m in ('yn_forms.gui.unit_bar', 'yn_forms.core.units', 'sqlite3', "
             "'yn_forms.gui.table', 'yn_forms.gui.enclosures_page', 'yn_forms.gui.review', 'yn_forms.gui.start', "
             "'yn_forms.gui.recovery', 'yn_forms.core.draft_lock', 'yn_forms.gui.dialogs') if m in sys.modules]\n"
             "print(loaded())\n"
             "w.wizard.go_to_pointer('/lead'); page = w.wizard.stack.currentWidget()\n"
             "print(sorted(b.text() for b in page.findChildren(type(w.wizard.save_button)) if '单位库' in b.text()))\n"
             "print(loaded())")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True)
    first, buttons, lead = done.stdout.strip().splitlines()[-3:]
    assert first == "[]"
    assert buttons == str(["从单位库填入…", "保存到单位库"])
    assert lead == str(["yn_forms.gui.unit_bar"])
