"""The start page: the forms to start, the recent drafts, and each draft's 完成 % once it is known.

The page paints from the catalogue of forms and the recent drafts' own headers (name, form,
when saved): no form is built for it. How complete each draft is needs the form's models and a
validation of the whole draft — up to ten of them, each possibly large — so it is worked out
in the thread pool once the page has painted and filled in when it arrives; a clerk who starts a
form meanwhile is never kept waiting for it.

What was worked out is remembered in the user cache folder (``REMEMBERED``), each draft by its path
with the size and modification time its file had when it was read: a clerk's usual start, with the
recent drafts as they were left, paints them whole at once — no file read, no figure arriving later —
and a draft changed since (saved, copied over, edited elsewhere) is read and judged again.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from yn_forms import __version__
from yn_forms.catalog import CATALOG
from yn_forms.catalog import entry as catalog_entry
from yn_forms.core.draft import DraftError, read_input
from yn_forms.gui.tasks import run_task
from yn_forms.gui.widgets import heading, right_aligned
from yn_forms.paths import user_cache_dir

MAX_RECENT = 10
REMEMBERED = "recent-drafts.json"  # in the user cache folder: each recent draft's header and 完成 %

Stamp = tuple[int, int]  # a file's size and modification time (ns): changed, it is read again


@dataclass(frozen=True)
class RecentDraft:
    """One line of the recent list; *complete* is None until its draft has been judged."""

    path: str
    form_id: str
    form_name: str
    saved_at: str
    complete: int | None = None
    stamp: Stamp | None = None  # the file as it was read: what its figure holds for

    def text(self) -> str:
        done = f"  ·  完成 {self.complete}%" if self.complete is not None else ""
        return f"{Path(self.path).name}  ·  {self.form_name}  ·  保存于 {self.saved_at}{done}"


def _stamp(path: Path) -> Stamp:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


def remembered() -> dict[str, dict[str, Any]]:
    """The recent drafts as last read, by path. Written by this version only: another version may judge
    a draft differently, so its figures are not shown; a cache that cannot be read is simply empty."""
    with contextlib.suppress(OSError, ValueError):
        found = json.loads((user_cache_dir() / REMEMBERED).read_text(encoding="utf-8"))
        if isinstance(found, dict) and found.get("version") == __version__ and isinstance(found.get("drafts"), dict):
            return found["drafts"]
    return {}


def remember(entries: Iterable[RecentDraft]) -> None:
    """Keep the listed drafts' headers and figures for the next start (those no longer listed go). Written
    whole to a new file and moved over the old: a reader never finds half of it."""
    drafts = {e.path: {"stamp": list(e.stamp), "form": e.form_id, "saved_at": e.saved_at, "complete": e.complete}
              for e in entries if e.stamp is not None and e.complete is not None}
    target = user_cache_dir() / REMEMBERED
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"version": __version__, "drafts": drafts}, ensure_ascii=False),
                             encoding="utf-8")
        os.replace(temporary, target)
    with contextlib.suppress(OSError):
        temporary.unlink(missing_ok=True)


def read_recent(names: Iterable[str], known_before: dict[str, dict[str, Any]] | None = None) -> list[RecentDraft]:
    """The drafts among *names* that still open as a form this version knows, in the given order; each
    with its 完成 % when *known_before* (``remembered``) holds it for the file as it is now.

    A moved, damaged or foreign file is simply not listed: the start page is no place for an error.
    """
    known = {form.id for form in CATALOG}
    before = known_before or {}
    found = []
    for name in names:
        try:
            stamp = _stamp(Path(name))
        except OSError:
            continue
        kept = before.get(name)
        if kept is not None and kept.get("stamp") == list(stamp) and kept.get("form") in known:
            found.append(RecentDraft(name, kept["form"], catalog_entry(kept["form"]).name, str(kept["saved_at"]),
                                     kept.get("complete"), stamp))
            continue
        try:
            loaded = read_input(Path(name))
        except DraftError:
            continue
        if loaded.form_id not in known:
            continue
        found.append(RecentDraft(name, loaded.form_id, catalog_entry(loaded.form_id).name,
                                 (loaded.saved_at or "")[:16].replace("T", " "), stamp=stamp))
    return found


def judged(entries: Iterable[RecentDraft]) -> list[RecentDraft]:
    """Each draft with its 完成 %: the form built, the draft read again and validated, and the figures
    remembered (``remember``). Runs off the GUI thread; a draft that has become unreadable since it was
    listed keeps its line without a figure."""
    from yn_forms.core.progress import completeness
    from yn_forms.core.validation import validate
    from yn_forms.forms import FORMS

    done = []
    for entry in entries:
        if entry.complete is not None:
            done.append(entry)
            continue
        try:
            stamp = _stamp(Path(entry.path))  # before reading: a change made meanwhile is seen next time
            loaded = read_input(Path(entry.path))
        except (OSError, DraftError):
            done.append(entry)
            continue
        form = FORMS.get(loaded.form_id or "")
        if form is None:
            done.append(entry)
            continue
        done.append(replace(entry, saved_at=(loaded.saved_at or "")[:16].replace("T", " "), stamp=stamp,
                            complete=completeness(form, loaded.data, validate(form, loaded.data))))
    remember(done)
    return done


class StartPage(QWidget):
    """What the window shows with no draft open. It only announces what the clerk chose."""

    start_form = Signal(str)  # a form id: a new draft of it
    open_draft = Signal(Path)  # a recent draft
    open_dialog = Signal()  # 打开草稿…
    open_summary = Signal()  # 汇总表…

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[RecentDraft] = []
        self._judge_after_paint = False  # figures still to work out, once the page is on the screen
        self._asked = 0  # which request for the figures is the latest: an older answer is dropped
        layout = QVBoxLayout(self)
        layout.addWidget(heading("云南申报材料填报助手", "appTitle"))
        layout.addWidget(QLabel("新建申报："))
        self.forms = QListWidget()
        self.forms.setObjectName("startList")
        self.forms.setAccessibleName("可填报的表单")
        # a long description wraps rather than push the list sideways on a small screen
        self.forms.setWordWrap(True)
        self.forms.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.forms.setResizeMode(QListWidget.ResizeMode.Adjust)
        for form in CATALOG:  # names only: a form is built when a draft of it is started
            item = QListWidgetItem(f"{form.name}\n{form.department} · {form.description}")
            item.setData(Qt.ItemDataRole.UserRole, form.id)
            self.forms.addItem(item)
        self.forms.setCurrentRow(0)  # 开始填报 starts what is shown selected, never a hidden default
        self.forms.itemActivated.connect(lambda item: self.start_form.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout.addWidget(self.forms)  # as tall as its forms (``_fit_forms``): the recent drafts take the rest
        start = QPushButton("开始填报")
        start.clicked.connect(self._start_selected)
        layout.addLayout(right_aligned(start))
        layout.addWidget(QLabel("最近的草稿："))
        self.recent = QListWidget()
        self.recent.setObjectName("startList")
        self.recent.setAccessibleName("最近的草稿")
        self.recent.itemActivated.connect(
            lambda item: self.open_draft.emit(Path(item.data(Qt.ItemDataRole.UserRole))))
        layout.addWidget(self.recent, 1)
        open_button = QPushButton("打开草稿…")
        open_button.clicked.connect(self.open_dialog)
        summary_button = QPushButton("汇总表…")  # for a 州市 department: many applications in one 汇总表
        summary_button.clicked.connect(self.open_summary)
        layout.addLayout(right_aligned(summary_button, open_button))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._fit_forms)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._judge_after_paint:  # the window is up: the figures not remembered are worked out now
            self._judge_after_paint = False
            QTimer.singleShot(0, self, self.judge_recent)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit_forms)

    def _fit_forms(self) -> None:
        """Every form whole in the list, however its descriptions wrap (at 125 % the fourth was cut off):
        the list is as tall as its rows, up to half the page, and the recent drafts get what is left."""
        forms = self.forms
        forms.doItemsLayout()
        rows = sum(forms.visualItemRect(forms.item(i)).height() + 2 * forms.spacing() for i in range(forms.count()))
        forms.setFixedHeight(min(rows + 2 * forms.frameWidth() + 2, max(self.height() // 2, 120)))

    def _start_selected(self) -> None:
        item = self.forms.currentItem()
        if item is not None:
            self.start_form.emit(item.data(Qt.ItemDataRole.UserRole))

    def show_recent(self, entries: list[RecentDraft]) -> None:
        self.entries = list(entries)
        self.recent.clear()
        for entry in entries:
            item = QListWidgetItem(entry.text())
            item.setData(Qt.ItemDataRole.UserRole, entry.path)
            item.setToolTip(entry.path)
            self.recent.addItem(item)
        if not entries:
            item = QListWidgetItem("暂无草稿。新建一份申报，或点“打开草稿…”打开已有的草稿或 JSON 数据。")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)

    def list_recent(self, names: list[str]) -> None:
        """Show the drafts by name at once, with the 完成 % remembered for each file as it is; the others'
        come with ``judge_recent``, started once the page has painted."""
        self._asked += 1  # an answer still on its way is for a list no longer shown
        self.show_recent(read_recent(names, remembered()))
        self._judge_after_paint = any(e.complete is None for e in self.entries)
        if self._judge_after_paint and self.isVisible():
            self.update()  # listed again on a page already shown: judged after this paint

    def judge_recent(self) -> None:
        """Work out the listed drafts' 完成 % in the pool and show it when it arrives. Called once the page
        has painted: building the forms meanwhile would only slow the first paint."""
        entries = list(self.entries)
        self._judge_after_paint = False
        if all(e.complete is not None for e in entries):
            return
        self._asked += 1
        asked = self._asked

        def arrived(result: list[RecentDraft]) -> None:
            if asked == self._asked:  # not listed again meanwhile (a draft saved, the page left and back)
                self.show_recent(result)

        run_task(self, lambda _report: judged(entries), on_done=arrived, on_failed=lambda _message: None)
