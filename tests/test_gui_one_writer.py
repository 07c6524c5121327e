"""Two windows on one draft (issue: two app instances silently overwrote each other's changes).

Each ``MainWindow`` is its own writer, as another copy of the app or a colleague's on a shared
folder would be: the second is told at open, and a save never replaces a file changed since.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
from gui_helpers import find, type_into
from PySide6.QtWidgets import QLabel, QLineEdit

from yn_forms.core.draft import read_input, save_draft
from yn_forms.core.draft_lock import lock_path, read_lock
from yn_forms.gui.window import MainWindow


@pytest.fixture
def draft(tmp_path, centre, example):
    path = tmp_path / "申报.ynform"
    save_draft(path, centre, example)
    return path


@pytest.fixture
def second(qtbot, window):
    """Another window on the same desk: another writer."""
    other = MainWindow()
    qtbot.addWidget(other)
    other.show()
    return other


def asked(clerk, title: str) -> str:
    return next(text for kind, t, text in reversed(clerk.said) if kind == "ask" and t == title)


def test_the_second_window_is_told_who_has_the_draft_and_can_look_read_only(window, second, draft, clerk):
    assert window.open_path(draft)
    assert clerk.questions() == []  # the first window opens it unasked
    clerk.answers = ["只读打开"]
    assert second.open_path(draft)
    text = asked(clerk, "草稿正在另一窗口编辑")
    assert f"进程 {os.getpid()}" in text and "本机" in text and "起" in text
    assert second.wizard.read_only and "（只读）" in second.windowTitle()
    banner = next(label for label in second.wizard.findChildren(QLabel) if label.accessibleName() == "只读查看")
    assert "在另一窗口编辑" in banner.text() and f"进程 {os.getpid()}" in banner.text()
    assert second.autosaver is None  # nothing typed there is autosaved, over the draft's or anywhere
    before = draft.read_bytes()
    assert not second.save() and draft.read_bytes() == before
    second.close()  # its window goes: the lock stays the first window's
    assert read_lock(lock_path(draft)).token == window.guard.lock.token
    window.close()
    assert not lock_path(draft).exists()  # a normal exit leaves no lock


def test_two_windows_never_silently_overwrite_each_other(window, second, draft, clerk):
    """A changes 创新中心名称 and saves; B changes 负责人 and saves: B is asked, and A's change survives."""
    window.open_path(draft)
    clerk.answers = ["仍然打开"]
    assert second.open_path(draft) and not second.wizard.read_only
    type_into(find(window.wizard, "创新中心名称", QLineEdit), "云南省甲窗口制造业创新中心")
    assert window.save()
    type_into(find(second.wizard, "负责人", QLineEdit), "乙窗口")
    clerk.answers = ["取消"]
    assert not second.save()
    text = asked(clerk, "草稿已在别处修改")
    assert "创新中心名称" in text and "云南省甲窗口制造业创新中心" in text and "今天" in text
    saved = read_input(draft).data
    assert saved["cover"]["centre_name"] == "云南省甲窗口制造业创新中心"
    assert second.isWindowModified()  # B's change is still there, unsaved
    clerk.answers = ["覆盖"]  # B chooses to replace it: then, and only then
    assert second.save()
    assert read_input(draft).data["cover"]["leader"] == "乙窗口"
    type_into(find(window.wizard, "负责人", QLineEdit), "甲窗口")
    clerk.answers = ["取消"]
    assert not window.save()  # and now A is asked in turn
    assert read_input(draft).data["cover"]["leader"] == "乙窗口"


def both_typed(window, second, draft, clerk) -> None:
    """The draft open in two windows (B by 仍然打开): A types 负责人 and saves, then B types its own."""
    window.open_path(draft)
    clerk.answers = ["仍然打开"]
    second.open_path(draft)
    type_into(find(window.wizard, "负责人", QLineEdit), "甲窗口")
    window.save()
    type_into(find(second.wizard, "负责人", QLineEdit), "乙窗口")


def test_save_as_keeps_both_and_the_lock_follows(window, second, draft, tmp_path, clerk):
    both_typed(window, second, draft, clerk)
    copy = tmp_path / "乙的副本.ynform"
    clerk.answers, clerk.paths = ["另存为…"], [copy]
    assert second.save()
    assert read_input(draft).data["cover"]["leader"] == "甲窗口"
    assert read_input(copy).data["cover"]["leader"] == "乙窗口"
    assert read_lock(lock_path(copy)).pid == os.getpid() and second.path == copy
    assert read_lock(lock_path(draft)).token == window.guard.lock.token  # A's lock untouched
    # 另存为 onto the file another window is editing is refused, not done
    clerk.answers, clerk.paths = ["取消"], [draft]
    assert not second.save_as()
    assert "正在另一窗口编辑" in asked(clerk, "草稿正在另一窗口编辑")
    assert read_input(draft).data["cover"]["leader"] == "甲窗口"
    moved = tmp_path / "甲的新名字.ynform"
    clerk.paths = [moved]
    assert window.save_as()
    assert not lock_path(draft).exists() and lock_path(moved).exists()  # moved with the draft


def test_closing_with_save_asks_before_overwriting_too(window, second, draft, clerk):
    both_typed(window, second, draft, clerk)
    clerk.answers = ["保存", "取消"]
    assert not second.close()  # 未保存的修改 › 保存 › 草稿已在别处修改 › 取消: the window stays
    assert clerk.questions()[-2:] == ["未保存的修改", "草稿已在别处修改"]
    assert read_input(draft).data["cover"]["leader"] == "甲窗口"


def test_a_lock_left_by_a_crashed_app_is_taken_over_with_a_word(window, draft, clerk):
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    lock_path(draft).write_text(json.dumps({
        "format": "yn-forms/lock", "user": "李四", "host": socket.gethostname(), "pid": int(proc.stdout),
        "since": "2026-12-07T09:05:00+08:00", "token": "crashed"}, ensure_ascii=False), encoding="utf-8")
    assert window.open_path(draft)
    assert clerk.questions() == [] and not window.wizard.read_only
    assert read_lock(lock_path(draft)).token == window.guard.lock.token
    assert "没有正常关闭" in window.statusBar().currentMessage()


def test_a_draft_opened_again_in_its_own_window_keeps_its_lock(window, draft, clerk):
    window.open_path(draft)
    token = window.guard.lock.token
    assert window.open_path(draft)
    assert clerk.questions() == [] and window.guard.lock.token == token and lock_path(draft).exists()
    window.go_home()
    assert not lock_path(draft).exists()


def test_the_enclosure_folder_is_no_place_for_the_lock(window, draft):
    window.open_path(draft)
    assert lock_path(draft).parent == draft.parent
    assert not any(p.name.endswith(".ynform") for p in draft.parent.iterdir() if p.name.startswith("."))


def test_a_window_opened_anyway_takes_the_lock_when_its_holder_closes(window, second, draft, qtbot, clerk):
    window.open_path(draft)
    clerk.answers = ["仍然打开"]
    second.open_path(draft)
    second.autosave()  # the heartbeat, every 30 s: the lock is still the first window's
    assert read_lock(lock_path(draft)).token == window.guard.lock.token
    window.close()
    second.autosave()
    assert read_lock(lock_path(draft)).token == second.guard.lock.token
    third = MainWindow()
    qtbot.addWidget(third)
    assert not third.open_path(draft)  # told of the second window now; the scripted clerk closes the box: 取消
    assert clerk.questions()[-1] == "草稿正在另一窗口编辑" and third.wizard is None


def test_a_draft_moved_away_while_open_is_not_written_back_unasked(window, draft, clerk):
    window.open_path(draft)
    type_into(find(window.wizard, "负责人", QLineEdit), "赵六")
    moved = draft.with_name("挪走了.ynform")
    draft.rename(moved)
    clerk.answers = ["取消"]
    assert not window.save() and not draft.exists()
    assert "已不在原处" in asked(clerk, "草稿已在别处修改")
    clerk.answers = ["覆盖"]
    assert window.save()
    assert read_input(draft).data["cover"]["leader"] == "赵六"
