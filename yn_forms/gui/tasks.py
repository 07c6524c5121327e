"""Work off the GUI thread, written once: run it, show that it runs, hand back the result or the failure.

Generating documents, the fit check, the preview's PDF, reading a folder of
applications and writing the 汇总表 each take from a moment to many seconds. Each
runs in Qt's thread pool through ``run_task``: a busy indicator appears after a
short while (no flash for quick work), the result comes back on the GUI thread,
and any failure reaches the clerk as a Chinese message — never a traceback, never
a silent crash in a pool thread. Work that can stop halfway (generating: ``render.documents``)
is started ``cancellable``: its busy dialog has a 取消 button, and the work asks ``stopped()``
of what it is handed where stopping is safe.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from yn_forms.core.oserrors import describe
from yn_forms.gui.clerk import clerk

BUSY_AFTER_MS = 300


class Task(QObject):
    """One piece of work in the pool; its signals arrive on the GUI thread."""

    done = Signal(object)
    failed = Signal(str)
    stopped = Signal()  # the work gave up after the clerk pressed 取消
    progress = Signal(int, int)
    finished = Signal()

    def __init__(self, work: Callable[[Report], Any], expected: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self.work, self.expected = work, expected
        self.running = True
        self.cancelled = False  # set on the GUI thread, read by the work (a plain flag: one writer)
        self.busy: QProgressDialog | None = None  # the busy dialog, while the work is not shown elsewhere

    def quiet(self) -> None:
        """The busy dialog goes for good: the work goes on, its progress shown by what it already shows (预览's
        first pages, while the rest converts)."""
        busy, self.busy = self.busy, None
        if busy is not None:
            busy.hide()


class Report:
    """What the work is handed: call it with (done, total) to say how far it is; ``stopped()`` says
    whether the clerk pressed 取消 (never, for work not started ``cancellable``)."""

    def __init__(self, task: Task) -> None:
        self._task = task

    def __call__(self, done: int, total: int) -> None:
        _tell(self._task.progress, done, total)

    def stopped(self) -> bool:
        return self._task.cancelled


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        task = self.task
        try:
            result = task.work(Report(task))
        except Exception as exc:  # reported to the clerk, never a silent crash in a pool thread
            if task.cancelled:
                _tell(task.stopped)
            elif isinstance(exc, task.expected):
                _tell(task.failed, str(exc))
            elif isinstance(exc, OSError):  # a file or folder the work met: said in Chinese (core.oserrors)
                _tell(task.failed, describe(exc))
            else:
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
             expected: tuple[type[BaseException], ...] = (), cancellable: bool = False,
             on_stopped: Callable[[], None] | None = None) -> Task:
    """Run ``work(report)`` in the pool; *on_done* gets its result, *on_failed* the message of a failure
    (by default the clerk is warned under *title*). *busy*: the text of a window-modal busy dialog.
    Exceptions of the *expected* types carry their own Chinese message; any other is wrapped in one.
    *cancellable*: the busy dialog has a 取消 button; work that then ends with an exception has
    stopped as asked, and *on_stopped* is called instead of *on_failed* (work that stops with a
    result of its own — the Word files written, the PDFs not — still reaches *on_done*)."""
    task = Task(work, expected)
    alive = [True]  # the window that asked may be closed before the work ends: then nobody is told
    if parent is not None:
        parent.destroyed.connect(lambda *_args: alive.__setitem__(0, False))
    dialog: QProgressDialog | None = None
    if busy:
        dialog = QProgressDialog(busy, "取消" if cancellable else None, 0, 0, parent)
        if cancellable:
            dialog.canceled.disconnect(dialog.cancel)  # stays up, saying so, until the work has stopped
            dialog.canceled.connect(lambda: _cancel(task, dialog))
        dialog.setWindowTitle(title or busy)
        # wide enough for its title (Qt adds the app's name) beside the window manager's buttons: a dialog sized
        # to its label alone showed “读取申报… 报助手” on the title bar
        shown = f"{title or busy} — {QApplication.applicationDisplayName()}"
        dialog.setMinimumWidth(min(dialog.fontMetrics().horizontalAdvance(shown) + 120, 640))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(BUSY_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        task.busy = dialog
        task.progress.connect(lambda done, total: (dialog.setMaximum(total), dialog.setValue(done))
                              if alive[0] and task.busy is not None else None)
        # a busy dialog (no steps) shows by itself only when its value moves: shown after the delay here
        QTimer.singleShot(BUSY_AFTER_MS, lambda: dialog.show() if task.running and alive[0] and task.busy else None)

    had = QApplication.focusWidget()  # the busy dialog takes the cursor: it goes back where it was

    def finish() -> None:
        if not task.running:
            return
        task.running = False
        if dialog is not None and alive[0]:  # a dialog of a closed window went with it
            shown = dialog.isVisible()
            dialog.reset()
            dialog.hide()  # now, not when deleted: a result's own dialog or focus must not go under it
            dialog.deleteLater()
            # shown, or the keys gone nowhere: a dialog the work made (shown a moment or not) can leave no
            # window active on some platforms, and the clerk working by keyboard then types into nothing
            if shown or QApplication.focusWidget() is None:
                _give_back_focus(had)
        _RUNNING.discard(task)

    def done(result: Any) -> None:
        finish()
        if alive[0]:
            on_done(result)

    def stopped() -> None:
        finish()
        if alive[0] and on_stopped is not None:
            on_stopped()

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
    task.stopped.connect(stopped)
    task.finished.connect(finish)
    _RUNNING.add(task)
    QThreadPool.globalInstance().start(_Runnable(task))
    return task


def _give_back_focus(had: QWidget | None) -> None:
    """The keys back to the widget that had them before a busy dialog: hiding the dialog leaves no window
    active on some platforms (and under load on every one), and a clerk working by keyboard then types
    into nothing."""
    if had is None:
        return
    with contextlib.suppress(RuntimeError):  # the widget went meanwhile
        now = QApplication.focusWidget()
        if now is not None and now.window() is had.window():
            return
        if QApplication.activeWindow() is None:
            had.window().activateWindow()
        had.setFocus(Qt.FocusReason.OtherFocusReason)


def _cancel(task: Task, dialog: QProgressDialog) -> None:
    task.cancelled = True
    dialog.setLabelText("正在取消…")
    dialog.setCancelButtonText("")  # asked once; the work stops at its next safe point
