"""One writer per draft, below the GUI: the lock beside a draft, its staleness, the changed-on-disk check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from yn_forms.core.draft import save_draft
from yn_forms.core.draft_lock import STALE_SECONDS, DraftLock, Held, holder, lock_path, read_lock
from yn_forms.core.draft_stamp import changed_fields, changed_on_disk, stamp_of


def dead_pid() -> int:
    """The id of a process that has ended (its parent has reaped it)."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(proc.stdout)


def write_lock(draft, **fields) -> None:
    import socket

    content = {"format": "yn-forms/lock", "user": "李四", "host": socket.gethostname(), "pid": os.getpid(),
               "since": "2026-12-07T09:05:00+08:00", "token": "theirs", **fields}
    lock_path(draft).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def test_the_lock_sits_hidden_beside_the_draft_and_says_who_and_since_when(tmp_path):
    draft = tmp_path / "申报.ynform"
    lock = DraftLock.acquire(draft)
    assert lock.path == tmp_path / ".~lock.申报.ynform#"  # hidden by its dot; no *.ynform filter or scan sees it
    info = read_lock(lock.path)
    assert info.pid == os.getpid() and info.host and info.since is not None and info.token == lock.token
    assert "进程" in info.describe() and "本机" in info.describe() and "起" in info.describe()
    lock.release()
    assert not lock.path.exists()


def test_a_second_writer_is_refused_while_the_first_lives(tmp_path):
    draft = tmp_path / "a.ynform"
    first = DraftLock.acquire(draft)
    with pytest.raises(Held) as held:
        DraftLock.acquire(draft)  # another window of the same app is another writer
    assert held.value.info.token == first.token
    assert holder(draft).token == first.token
    first.release()
    assert holder(draft) is None
    DraftLock.acquire(draft).release()


def test_a_lock_of_a_dead_process_on_this_computer_is_taken_over(tmp_path):
    draft = tmp_path / "a.ynform"
    write_lock(draft, pid=dead_pid())
    assert holder(draft) is None
    lock = DraftLock.acquire(draft)
    assert lock.taken_over is not None and lock.taken_over.user == "李四"
    assert read_lock(lock.path).token == lock.token


def test_a_lock_from_another_computer_holds_until_its_heartbeat_stops(tmp_path):
    draft = tmp_path / "a.ynform"
    write_lock(draft, host="PC-财务科", pid=1)
    with pytest.raises(Held) as held:
        DraftLock.acquire(draft)
    assert "李四（电脑 PC-财务科" in held.value.info.describe()
    old = time.time() - STALE_SECONDS - 60  # its app crashed, or its laptop sleeps: no refresh for half an hour
    os.utime(lock_path(draft), (old, old))
    assert DraftLock.acquire(draft).taken_over.host == "PC-财务科"


def test_a_lock_being_written_or_garbled_is_someone_unknown_not_nobody(tmp_path):
    draft = tmp_path / "a.ynform"
    lock_path(draft).write_bytes(b"")
    with pytest.raises(Held) as held:
        DraftLock.acquire(draft)
    assert "无法读出" in held.value.info.describe()


def test_release_and_refresh_leave_another_writers_lock_alone(tmp_path):
    draft = tmp_path / "a.ynform"
    mine = DraftLock.acquire(draft)
    write_lock(draft, token="taken over by a colleague")  # my laptop slept; a colleague took it over
    mine.refresh()
    mine.release()
    assert read_lock(lock_path(draft)).token == "taken over by a colleague"
    lock_path(draft).unlink()
    mine.refresh()  # removed by hand while the window lives: written again
    assert holder(draft) is not None and holder(draft).pid == os.getpid()


def test_the_lock_moves_with_save_as_and_not_onto_a_held_file(tmp_path):
    first, second, third = tmp_path / "a.ynform", tmp_path / "b.ynform", tmp_path / "c.ynform"
    lock = DraftLock.acquire(first)
    other = DraftLock.acquire(third)
    with pytest.raises(Held):
        lock.move_to(third)
    assert lock.owned()
    moved = lock.move_to(second)
    assert not lock_path(first).exists() and moved.owned() and other.owned()


def test_a_draft_through_a_link_shares_its_targets_lock(tmp_path):
    target = tmp_path / "real.ynform"
    link = tmp_path / "link.ynform"
    target.write_text("{}", encoding="utf-8")
    link.symlink_to(target)
    DraftLock.acquire(target)
    with pytest.raises(Held):
        DraftLock.acquire(link)


def test_a_change_on_disk_is_seen_by_content_and_named_field_by_field(tmp_path, centre, example):
    path = tmp_path / "d.ynform"
    save_draft(path, centre, example)
    known = stamp_of(path)
    assert changed_on_disk(path, known) is None
    os.utime(path, ns=(known.mtime_ns + 10**9, known.mtime_ns + 10**9))  # touched, copied back: same content
    assert changed_on_disk(path, known) is None
    changed = json.loads(json.dumps(example))
    changed["cover"]["centre_name"] = "另一个窗口改的名称"
    save_draft(path, centre, changed)
    change = changed_on_disk(path, known)
    assert change is not None and change.when is not None
    fields = changed_fields(centre, example, path)
    assert len(fields) == 1 and "创新中心名称" in fields[0] and "另一个窗口改的名称" in fields[0]
    path.unlink()
    assert changed_on_disk(path, known).when is None  # gone: said too
    assert changed_on_disk(path, None) is None  # a file never seen has nothing to compare with


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_planted_as_the_lock_or_the_draft_never_blocks(tmp_path):
    draft = tmp_path / "a.ynform"
    os.mkfifo(lock_path(draft))  # opening a pipe for reading would wait for a writer for ever
    with pytest.raises(Held) as held:
        DraftLock.acquire(draft)
    assert "无法读出" in held.value.info.describe()
    os.unlink(lock_path(draft))
    os.mkfifo(draft)
    assert stamp_of(draft) is None


def test_a_normal_exit_leaves_no_lock_and_a_killed_one_a_stale_lock(tmp_path):
    draft = tmp_path / "a.ynform"
    take = f"from yn_forms.core.draft_lock import DraftLock; DraftLock.acquire({str(draft)!r})"
    subprocess.run([sys.executable, "-c", take], check=True)  # the app ends without closing the window
    assert not lock_path(draft).exists()
    subprocess.run([sys.executable, "-c", take + "; import os; os._exit(0)"], check=True)  # killed: no exit code run
    assert lock_path(draft).exists() and holder(draft) is None  # its process is gone: stale
    assert DraftLock.acquire(draft).taken_over is not None
