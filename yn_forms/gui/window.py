"""The main window: the start page (forms, recent drafts, 打开草稿…) and the wizard.

Saving is atomic (core.draft); the title bar shows the file and an unsaved mark;
closing with unsaved changes asks; autosave runs every 30 seconds and on every
page change; a broken or foreign file is explained and left unchanged.
"""

from __future__ import annotations

import contextlib
import copy
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget

from yn_forms.core.draft import (
    DRAFT_SUFFIX,
    PACKET_SUFFIX,
    DraftError,
    clean_stale_temp_files,
    load_for_form,
    read_input,
    save_draft,
)
from yn_forms.core.enclosure_store import store_folder
from yn_forms.core.oserrors import ReadOnlyFile, os_reason
from yn_forms.forms import FORMS
from yn_forms.gui.autosave import Autosaver, autosave_dir, clean_orphan_staging
from yn_forms.gui.clerk import clerk
from yn_forms.gui.draft_files import DraftFiles, draft_name, issues_text, missing_files_text
from yn_forms.gui.draft_guard import SAVE_AS, WRITE, DraftGuard, claim, taken_over_note
from yn_forms.gui.widgets import fit_to_screen
from yn_forms.gui.window_context import WindowContext
from yn_forms.gui.window_menus import MenuBar
from yn_forms.gui.window_output import ProductCommands

if TYPE_CHECKING:
    from yn_forms.core.document import DraftDocument
    from yn_forms.core.formdef import FormDefinition
    from yn_forms.gui.context import PageContext
    from yn_forms.gui.packets import PacketPage
    from yn_forms.gui.start import StartPage
    from yn_forms.gui.wizard import Wizard

# The start window paints from the catalogue of forms and the list of recent files; the wizard,
# validation and the forms' models (pydantic, the check libraries) are imported when a draft is
# opened or, for the recent drafts' progress, right after the first paint.

AUTOSAVE_MS = 30_000
STALE_TEMP_SECONDS = 60  # older than any save in progress (a save takes well under a second)
STATUS_MS = 10_000  # how long a line stays in the status bar


class MainWindow(QMainWindow, ProductCommands, MenuBar):
    generated = Signal(list)  # the paths written, or [] when generation failed
    previewed = Signal(list)  # the PDFs shown by 预览, or [] when there is nothing to show

    def __init__(self, start_page: bool = True) -> None:
        """*start_page* False: a window opened on a draft (``yn-forms gui --form``, ``--open``) paints the draft
        first, its start page built when the clerk goes to it (``start``)."""
        super().__init__()
        self.settings = QSettings("yn-forms", "yn-forms")
        self.picture_only = False  # a screenshot run: nothing of it is remembered in the clerk's settings
        self.wizard: Wizard | None = None
        self.form: FormDefinition | None = None
        self.path: Path | None = None
        self.autosaver: Autosaver | None = None
        self.files: DraftFiles | None = None  # where the draft's 证明材料 are (none: an application looked at)
        self.guard: DraftGuard | None = None  # the draft's lock, and its file as last read or saved
        self.packet_page: PacketPage | None = None  # a member unit's table being filled (gui/packets.py)
        self.suggested_path: Path | None = None  # where 保存 proposes to write a draft opened from JSON
        self.stack = QStackedWidget()
        self._start: StartPage | None = None
        if start_page:
            self._build_start()
        self.setCentralWidget(self.stack)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self._status_revision: int | None = None  # the draft's revision when the status line was written
        self._saved_text = ""  # what the corner says while the draft is as last saved or opened
        self.save_state = QLabel()  # what is saved, and when: always in the status bar's right corner
        self.save_state.setAccessibleName("保存状态")
        self.statusBar().addPermanentWidget(self.save_state)  # there from the start: nothing moves later
        self._menus()
        with contextlib.suppress(OSError):
            clean_stale_temp_files(autosave_dir())
            clean_orphan_staging()
        for folder in {Path(name).parent for name in self.settings.value("recent", [], list) or []}:
            with contextlib.suppress(OSError):  # what a save killed with the app left beside a draft
                clean_stale_temp_files(folder, older_than=STALE_TEMP_SECONDS)
        fit_to_screen(self, 1200, 800)  # or the screen's size, less its frame: all of it in view
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if self._start is not None:
            self._start.list_recent(self._recent_names())  # the figures not remembered: worked out once it has painted
        self._update_title()

    @property
    def start(self) -> StartPage:
        """The start page (the forms, the recent drafts, 打开草稿…), the stack's first, built the first time it is
        asked for."""
        return self._start or self._build_start()

    def _build_start(self) -> StartPage:
        from yn_forms.gui.start import StartPage

        start = self._start = StartPage()
        start.start_form.connect(self.new_draft)
        start.open_draft.connect(self.open_path)
        start.open_dialog.connect(self.open_dialog)
        start.open_summary.connect(self.open_summary)
        self.stack.insertWidget(0, start)
        return start

    @property
    def context(self) -> WindowContext:
        """What the window's tools may ask of it. Made when asked, never kept: a context held by the window
        would hold the window in a reference cycle, and Qt objects freed later by Python's cycle collector
        are deleted wherever it happens to run — once, in the middle of one of their own timer events."""
        return WindowContext(self, self.settings, self._editing, self._drafts, self.open_path, self.open_unsaved,
                             self.show_packet_page, self.show_status, self.open_read_only)


    # --- undo -----------------------------------------------------------------------
    def _on_screen(self) -> PageContext | None:
        """The pages being edited on screen: the application's, or a member's packet."""
        current = self.stack.currentWidget()
        if self.wizard is not None and current is self.wizard:
            return self.wizard.context
        if self.packet_page is not None and current is self.packet_page:
            return self.packet_page.context
        return None

    def _editing(self) -> PageContext | None:
        """The application on screen, for the window's tools (a member's packet is not one)."""
        return self.wizard.context if self.wizard is not None and self.stack.currentWidget() is self.wizard else None

    def _document(self) -> DraftDocument | None:
        context = self._on_screen()
        return context.document if context is not None else None

    def _update_history(self) -> None:
        """编辑 › 撤销 / 重做 name the step they would take back or again."""
        document = self._document()
        for action, verb, key, able, label in (
                (self.undo_action, "撤销", "U", document is not None and document.can_undo,
                 document.undo_label if document is not None else ""),
                (self.redo_action, "重做", "R", document is not None and document.can_redo,
                 document.redo_label if document is not None else "")):
            action.setEnabled(able)
            action.setText(f"{verb} {label}(&{key})" if able else f"{verb}(&{key})")
        if document is not None and self._status_revision is not None and document.revision > self._status_revision:
            self.statusBar().clearMessage()  # the clerk has gone on: “已删除…” is no longer news
            self._status_revision = None
        if self.wizard is not None and self.stack.currentWidget() is self.wizard:
            clean = self.wizard.document.is_clean
            self.setWindowModified(not clean)
            if clean and self.autosaver is not None:
                self.autosaver.clear()  # undone back to the saved file: nothing for a crash to lose
            self._show_save_state(clean)

    def _show_save_state(self, clean: bool) -> None:
        """The status bar's corner follows the draft: “已保存 19:54” only while that is still true."""
        text = self.save_state.text()
        if clean:
            if text != self._saved_text and not text.startswith("自动保存失败"):
                self.save_state.setText(self._saved_text)
        elif text == self._saved_text:
            self.save_state.setText("有未保存的修改" + (f"（{self._saved_text}）" if self.path else ""))

    def show_status(self, text: str) -> None:
        """One line in the status bar, until the clerk's next change (or ten seconds)."""
        self.statusBar().showMessage(text, STATUS_MS)
        document = self._document()
        self._status_revision = document.revision if document is not None else None

    def undo(self) -> None:
        self._through_history(forward=False)

    def redo(self) -> None:
        self._through_history(forward=True)

    def _through_history(self, forward: bool) -> None:
        context = self._on_screen()
        if context is not None:
            from yn_forms.gui.context import take_step  # with the pages: not for the start window's paint

            take_step(context, forward, self.show_status)
        self._update_history()

    def _update_title(self) -> None:
        if self.wizard is None:
            self.setWindowTitle("云南申报材料填报助手")
            return
        name = self.path.name if self.path else "未保存的草稿"
        self.setWindowTitle(f"{name}[*] — {self.form.name} — 云南申报材料填报助手")

    # --- drafts ---------------------------------------------------------------------
    def new_draft(self, form_id: str, data: dict[str, Any] | None = None) -> None:
        if not self.confirm_discard():
            return
        form = FORMS[form_id]
        self.show_wizard(form, data if data is not None else form.model().model_dump(mode="json"), None)

    def show_wizard(self, form: FormDefinition, data: dict[str, Any], path: Path | None,
                     read_only: bool = False, autosave: Path | None = None, also: tuple[Path, ...] = (),
                     guard: DraftGuard | None = None) -> None:
        """*autosave*: the file a recovered draft was autosaved to (its staging folder of 证明材料 is named after
        it); *also*: folders its files may be in besides; *guard*: the draft's lock (``gui.draft_guard``)."""
        if self.guard is not None and self.guard is not guard:
            self.guard.release()  # the draft shown before is closed: its lock goes
        self.guard = guard if guard is not None else None if read_only else DraftGuard(None)
        if self.wizard is not None:
            self.stack.removeWidget(self.wizard)
            self.wizard.deleteLater()
        if self.autosaver is not None:
            self.autosaver.discard()  # the draft closed: its autosave and its staged files go
        self.form, self.path = form, path
        from yn_forms.gui.wizard import Wizard

        self.autosaver = None if read_only else Autosaver(form, autosave)  # read-only: nothing typed to keep
        self.files = None if self.autosaver is None else DraftFiles(self.autosaver.token, path, also)
        self.wizard = Wizard(form, data, read_only=read_only, banner=guard.banner() if guard else None,
                             store=self.files.store if self.files else guard.viewed_store if guard else _nowhere)
        self.wizard.history_changed.connect(self._update_history)
        self.wizard.status.connect(self.show_status)
        self.wizard.page_changed.connect(lambda _i: self.autosave())
        self.wizard.save_button.clicked.connect(self.save)
        self.wizard.generate_button.clicked.connect(self.generate)
        self.wizard.preview_button.clicked.connect(self.preview)
        self.stack.addWidget(self.wizard)
        self.stack.setCurrentWidget(self.wizard)
        self.autosave_timer.start()
        self.setWindowModified(False)
        self._update_title()
        self._update_history()
        self._saved_text = "只读查看" if read_only else f"草稿：{path.name}" if path else "尚未保存"
        self.save_state.setText(self._saved_text)
        self.wizard.focus_first_field()  # typing starts in the first field of the first page

    def show_packet_page(self, page: PacketPage, path: Path) -> bool:
        """A member unit's packet to fill (gui/packets.py), in place of the wizard, once the clerk has said
        what becomes of unsaved changes."""
        if not self.confirm_discard():
            return False
        if self.packet_page is not None:
            self.stack.removeWidget(self.packet_page)
            self.packet_page.deleteLater()
        self.packet_page = page
        page.modified.connect(self.setWindowModified)
        page.document.subscribe(lambda _event: self._update_history())
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.setWindowModified(False)
        page.saved.connect(self._name_packet)
        self._name_packet(path)
        self._update_history()
        return True

    def _name_packet(self, path: Path) -> None:
        """The title names the packet being filled: the request opened, then the reply once saved."""
        self.setWindowTitle(f"{path.name}[*] — 成员单位数据包 — 云南申报材料填报助手")

    def open_dialog(self) -> None:
        path = clerk().open_path(self, "打开草稿", self._last_folder(),
                                 f"申报草稿和数据包 (*{DRAFT_SUFFIX} *.json *{PACKET_SUFFIX});;"
                                 f"申报草稿 (*{DRAFT_SUFFIX} *.json);;成员单位数据包 (*{PACKET_SUFFIX});;"
                                 "所有文件 (*)")
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path, form_id: str | None = None) -> bool:
        """Open a draft, or a bare JSON application (its form given, recognised from its content, or
        asked); a file that cannot be used is explained and left exactly as it is."""
        path = Path(path)
        if path.suffix.lower() == PACKET_SUFFIX:  # a member unit's table (gui/packets.py)
            from yn_forms.gui.packets import open_packet

            return open_packet(self.context, path)
        from yn_forms.core.draft_stamp import stamp_of

        stamp = stamp_of(path)  # before reading: a change made after it is seen at the next save
        try:
            loaded = read_input(path)
            if loaded.form_id is None:
                return self._open_bare(path, loaded.data, form_id)
            if loaded.form_id not in FORMS:
                raise DraftError(f"这份草稿属于本程序不认识的申报表（{loaded.form_id}），请升级程序：{path}")
            loaded = load_for_form(path, FORMS[loaded.form_id])
        except DraftError as exc:
            clerk().warn(self, "无法打开草稿", str(exc))
            return False
        if not self.confirm_discard():
            return False
        guard = claim(self, path, self.guard, stamp, loaded.data)  # held elsewhere: 只读打开 / 仍然打开 / 取消
        if guard is None:
            return False
        if guard.read_only:
            return self._show_read_only(FORMS[loaded.form_id], loaded.data, path.name, guard)
        self.show_wizard(FORMS[loaded.form_id], loaded.data, path, guard=guard)
        self.wizard.show_all = True
        self.wizard.revalidate()
        self.remember_recent(path)
        self._name_missing_files(path)
        if loaded.migrated_from is not None:  # the file itself is rewritten only when the clerk saves
            self.statusBar().showMessage(f"此草稿由旧版本程序保存（数据版本 {loaded.migrated_from}），已升级到"
                                         f"版本 {loaded.schema_version}；保存后按新版本格式写入。")
        elif taken_over_note(guard):
            self.show_status(taken_over_note(guard))
        return True

    def _name_missing_files(self, path: Path) -> None:
        """A draft opened without its folder of 证明材料 (sent alone, moved apart) names every file it lacks."""
        text = missing_files_text(self.form, self.wizard.data, path, self._store())
        if text:  # said over the window, once it is on the screen (yn-forms gui --open)
            tell = lambda: clerk().warn(self, "证明材料文件缺失", text)  # noqa: E731
            tell() if self.isVisible() else QTimer.singleShot(0, tell)

    def _open_bare(self, path: Path, data: dict[str, Any], form_id: str | None) -> bool:
        """A bare JSON application opens as an unsaved draft; 保存 suggests a .ynform beside the file."""
        from yn_forms.core.recognise import recognise

        form = FORMS.get(form_id) if form_id else recognise(data, FORMS)
        if form is None:
            names = [f.name for f in FORMS.values()]
            answer = clerk().ask(self, "选择申报表", f"无法从内容判断“{path.name}”属于哪一种申报表。请选择：",
                                 [*names, "取消"])
            if answer == "取消":
                return False
            form = next(f for f in FORMS.values() if f.name == answer)
        if not self.open_unsaved(form, data):
            return False
        self.files.also.append(store_folder(path))  # a JSON file's 证明材料 are beside it, as a draft's
        self.wizard.files_moved()
        self.suggested_path = path.with_suffix(DRAFT_SUFFIX)
        self.setWindowTitle(f"{path.name}（尚未保存为草稿）[*] — {form.name} — 云南申报材料填报助手")
        self.show_status(f"已打开 JSON 申报数据“{path.name}”（{form.name}）。"
                         f"保存时将另存为草稿文件（{DRAFT_SUFFIX}）。")
        return True

    def open_unsaved(self, form: FormDefinition, data: dict[str, Any], also: tuple[Path, ...] = ()) -> bool:
        """*data* (a bare JSON file, Word files read back) as a draft in no file yet, every problem shown at
        once, its 证明材料 looked for in *also*; False when the clerk kept the draft that was open."""
        if not self.confirm_discard():
            return False
        self.show_unsaved(form, data, also=also)
        return True

    def show_unsaved(self, form: FormDefinition, data: dict[str, Any], autosave: Path | None = None,
                      also: tuple[Path, ...] = ()) -> None:
        self.show_wizard(form, data, None, autosave=autosave, also=also)
        self.wizard.document.mark_dirty()  # in no draft file yet
        self.setWindowModified(True)
        self.wizard.show_all = True
        self.wizard.revalidate()

    def open_read_only(self, form: FormDefinition, data: dict[str, Any], title: str) -> bool:
        """An application received, every problem shown, nothing saved (作为新草稿修改 opens a copy); False: kept."""
        return self.confirm_discard() and self._show_read_only(form, data, title)

    def _show_read_only(self, form: FormDefinition, data: dict[str, Any], title: str,
                        guard: DraftGuard | None = None) -> bool:
        """*guard*: a draft another window holds, looked at: 作为新草稿修改 finds its 证明材料 beside it."""
        self.show_wizard(form, data, None, read_only=True, guard=guard)
        also = (store_folder(guard.path),) if guard is not None else ()
        self.wizard.edit_copy.connect(lambda: self.open_unsaved(form, copy.deepcopy(data), also))
        self.wizard.show_all = True
        self.wizard.revalidate()
        self.setWindowTitle(f"{title}（只读）— {form.name} — 云南申报材料填报助手")
        return True

    def import_word(self) -> None:
        """文件 › 从 Word 导入… (gui/wordin.py)."""
        from yn_forms.gui.wordin import import_application

        import_application(self.context)

    def _save_shown(self) -> None:
        """文件 › 保存 (Ctrl+S) saves what is on screen: a member's reply packet, or the application."""
        if self.packet_page is not None and self.stack.currentWidget() is self.packet_page:
            self.packet_page.save_button.click()
        else:
            self.save()

    def save(self) -> bool:
        if self.wizard is None:
            return False
        if self.path is None:
            return self.save_as()
        return self._save_to(self.path)

    def save_as(self) -> bool:
        if self.wizard is None or self.wizard.refuses_saving():  # 保存 of a read-only one comes here: no file
            return False
        name = draft_name(self.form, self.wizard.document)  # after the application, as the clerk would name it
        suggested = self.suggested_path or self._last_folder() / f"{name}{DRAFT_SUFFIX}"
        path = clerk().save_path(self, "保存草稿", suggested, f"申报草稿 (*{DRAFT_SUFFIX})")
        if path is None:
            return False
        if path.suffix != DRAFT_SUFFIX:
            path = path.with_suffix(DRAFT_SUFFIX)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        verdict = self.guard.before_save(self, path, self.form) if self.guard is not None else WRITE
        if verdict != WRITE:  # changed on disk since, or another window's file: never overwritten unasked
            return self.save_as() if verdict == SAVE_AS else False
        try:
            # the 证明材料 files go along: from staging, from the folder beside the draft as it was (另存为)
            left = save_draft(path, self.form, self.wizard.data, enclosures_from=self.files.sources())
        except ReadOnlyFile as exc:  # the clerk (or a colleague) marked it so: asked, never overwritten
            answer = clerk().ask(self, "草稿是只读的", f"{exc}。\n可以另存为一个新的草稿文件。",
                                 ["另存为…", "取消"], warning=True)
            return self.save_as() if answer == "另存为…" else False
        except OSError as exc:
            clerk().warn(self, "保存失败", f"无法保存到 {path}：{os_reason(exc)}。原有文件未被改动。")
            return False
        self.path = path
        self.files.saved(path)
        if self.guard is not None:
            self.guard.saved(path, self.wizard.data)  # the lock follows to a new file; the file known as written
        self.wizard.files_moved()
        if left:
            clerk().warn(self, "部分证明材料未能保存", f"草稿已保存，但以下 {len(left)} 个证明材料文件未能一起保存：\n"
                         f"{issues_text(left)}\n\n请在“证明材料”页删除它们并重新添加。")
        self.suggested_path = None
        self.wizard.document.mark_clean()
        self.setWindowModified(False)
        self._update_title()
        self.remember_recent(path)
        if self.autosaver is not None:
            self.autosaver.clear()  # saved: nothing to recover (the lock stays: this window still owns it)
        self._saved_text = f"已保存 {datetime.now():%H:%M}：{path.name}"
        self.save_state.setText(self._saved_text)
        return True

    def autosave(self) -> None:
        if self.guard is not None:
            self.guard.refresh()  # the lock's heartbeat: other windows see this one is alive
        if self.wizard is not None and self.autosaver is not None and self.isWindowModified():
            try:
                self.autosaver.save(self.wizard.data, self.path, self.files.sources() if self.files else ())
            except OSError:
                self.save_state.setText("自动保存失败（磁盘已满或无权限？），请尽快保存")
                return
            self.save_state.setText(f"已自动保存 {datetime.now():%H:%M}（尚未保存到文件）")

    # --- tools ----------------------------------------------------------------------
    def open_summary(self) -> None:
        """工具 › 汇总表…: a 州市 department's 汇总表 from many applications (gui/summary_page.py)."""
        from yn_forms.gui.summary_page import open_summary

        open_summary(self.context)

    def open_units(self) -> None:
        """工具 › 单位信息库…: the units page (gui/units_page.py) over this window."""
        from yn_forms.gui.units_page import show_library

        show_library(self.context)

    # --- helpers --------------------------------------------------------------------
    def confirm_discard(self) -> bool:
        """Leaving a draft (or a member's packet) with unsaved changes asks first: 保存 / 不保存 / 取消."""
        packet_page = self.packet_page
        if packet_page is not None and self.stack.currentWidget() is packet_page and not packet_page.confirm_leave():
            return False
        if self.wizard is None or self.wizard.document.is_clean:
            return True
        answer = clerk().ask(self, "未保存的修改", "当前草稿有未保存的修改，是否保存？", ["保存", "不保存", "取消"])
        if answer == "保存":
            return self.save()
        return answer == "不保存"

    def go_home(self) -> None:
        """返回首页: the draft is closed (saved, or discarded when the clerk said so: then it is gone)."""
        if self.confirm_discard():
            self.close_draft()
            self.show_start()
            self.start.judge_recent()

    def show_start(self) -> None:
        """The start page on screen, its recent drafts listed as they are now."""
        self.stack.setCurrentWidget(self.start)
        self.start.list_recent(self._recent_names())

    def close_draft(self) -> None:
        """No draft open any more: nothing left to ask about, autosave or undo."""
        if self.wizard is not None:
            self.stack.removeWidget(self.wizard)
            self.wizard.deleteLater()
            self.wizard = None
        if self.packet_page is not None:
            self.stack.removeWidget(self.packet_page)
            self.packet_page.deleteLater()
            self.packet_page = None
        if self.autosaver is not None:
            self.autosaver.discard()
            self.autosaver = None
        if self.guard is not None:
            self.guard.release()
        self.files = None
        self.form, self.path, self.suggested_path, self.guard = None, None, None, None
        self.autosave_timer.stop()
        self.save_state.setText("")
        self.setWindowModified(False)
        self._update_title()
        self._update_history()

    def _last_folder(self) -> Path:
        return Path(str(self.settings.value("last_folder", str(Path.home()))))

    def remember_recent(self, path: Path) -> None:
        if self.picture_only:
            return  # `gui --screenshot`: a picture asked for, the clerk's recent list left as it was
        from yn_forms.gui.start import MAX_RECENT

        path = path.absolute()  # `gui --open rel.ynform` started later from another folder still finds it
        recent = [p for p in self._recent_names() if p != str(path)]
        self.settings.setValue("recent", [str(path), *recent][:MAX_RECENT])
        self.settings.setValue("last_folder", str(path.parent))

    def _recent_names(self) -> list[str]:
        return list(self.settings.value("recent", [], list) or [])

    def _drafts(self) -> list[Path]:
        """The open draft's file first, then the recent drafts: where the units page looks for a unit."""
        paths = [Path(n) for n in self._recent_names()]
        return ([self.path] if self.path is not None and self.path not in paths else []) + paths

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_discard():
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        if self.autosaver is not None:
            self.autosaver.discard()
        if self.guard is not None:
            self.guard.release()  # never left behind by a normal exit
        event.accept()


def _nowhere() -> None:
    """An application looked at keeps no 证明材料 files here."""
    return None
