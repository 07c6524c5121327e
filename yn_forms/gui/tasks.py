"""Work off the GUI thread, written once: run it, show that it runs, hand back the result or the failure.

Generating documents, the fit check, the preview's PDF, reading a folder of
applications and writing the 汇总表 each take from a moment to many seconds. Each
runs in Qt's thread pool through ``run_task``: a busy indicator appears after a
short while (no flash for quick work), the result comes back on the GUI thread,
and any failure reaches the clerk as a Chinese message — never a traceback, never
a silent crash in a pool thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from yn_forms.gui.clerk import clerk

Report = Callable[[int, int], None]  # (done, total): progress from inside the work
BUSY_AFTER_MS = 300  # quick work shows no dialog at all


class Task(QObject):
    """One piece of work in the pool; its signals arrive on the GUI thread."""

    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int)
    finished = Signal()

    def __init__(self, work: Callable[[Report], Any], expected: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self.work, self.expected = work, expected
        self.running = True


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        task = self.task
        try:
            result = task.work(lambda done, total: _tell(task.progress, done, total))
        except task.expected as exc:
            _tell(task.failed, str(exc))
        except Exception as exc:  # reported to the clerk, never a silent crash in a pool thread
            _tell(task.failed, f"出现意外错误：{exc}")
        else:
            _tell(task.done, result)
        _tell(task.finished)


def _tell(signal: Any, *args: Any) -> None:
    """Emit, unless the task was deleted meanwhile (the app quit while the work ran): nobody is left to tell,
    and a traceback on the way out would only alarm."""
    with contextlib.suppress(RuntimeError):
        signal.emit(*args)


_RUNNING: set[Task] = set()  # kept alive until they finish


def run_task(parent: QWidget | None, work: Callable[[Report], Any], *, on_done: Callable[[Any], None],
             on_failed: Callable[[str], None] | None = None, busy: str | None = None, title: str = "",
             expected: tuple[type[BaseException], ...] = ()) -> Task:
    """Run ``work(report)`` in the pool; *on_done* gets its result, *on_failed* the message of a failure
    (by default the clerk is warned under *title*). *busy*: the text of a window-modal busy dialog.
    Exceptions of the *expected* types carry their own Chinese message; any other is wrapped in one."""
    task = Task(work, expected)
    alive = [True]  # the window that asked may be closed before the work ends: then nobody is told
    if parent is not None:
        parent.destroyed.connect(lambda *_args: alive.__setitem__(0, False))
    dialog: QProgressDialog | None = None
    if busy:
        dialog = QProgressDialog(busy, None, 0, 0, parent)
        dialog.setWindowTitle(title or busy)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(BUSY_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        task.progress.connect(lambda done, total: (dialog.setMaximum(total), dialog.setValue(done))
                              if alive[0] else None)
        # a busy dialog (no steps) shows by itself only when its value moves: shown after the delay here
        QTimer.singleShot(BUSY_AFTER_MS, lambda: dialog.show() if task.running and alive[0] else None)

    def finish() -> None:
        if not task.running:
            return
        task.running = False
        if dialog is not None and alive[0]:  # a dialog of a closed window went with it
            dialog.reset()
            dialog.deleteLater()
        _RUNNING.discard(task)

    def done(result: Any) -> None:
        finish()
        if alive[0]:
            on_done(result)

    def failed(message: str) -> None:
        finish()
        if not alive[0]:
            return
        if on_failed is not None:
            on_failed(message)
        else:
            clerk().warn(parent, title or "出错了", message)

    # the busy dialog goes before the result is shown, so a dialog opened by on_done is on top
    task.done.connect(done)
    task.failed.connect(failed)
    task.finished.connect(finish)
    _RUNNING.add(task)
    QThreadPool.globalInstance().start(_Runnable(task))
    return task
