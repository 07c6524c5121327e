"""Crash recovery: the autosaves a killed or crashed app left, offered at the next start and opened as
the draft each belongs to."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from yn_forms.core.draft import DraftError, load_for_form
from yn_forms.core.draft_stamp import stamp_of
from yn_forms.core.enclosure_store import store_folder
from yn_forms.forms import FORMS
from yn_forms.gui.autosave import Recovery, discard_recovery, find_recoveries, still_its_file
from yn_forms.gui.clerk import clerk
from yn_forms.gui.draft_guard import claim

if TYPE_CHECKING:
    from yn_forms.gui.window import MainWindow

RESTORE, DISCARD, LATER = "恢复", "丢弃", "以后再说"


def recovery_text(recovery: Recovery) -> str:
    when = recovery.saved_at[:19].replace("T", " ")
    original = f"\n原文件：{recovery.original}" if recovery.original else "\n（该草稿从未保存过）"
    if still_its_file(recovery) is not None:
        after = "恢复后接着编辑原文件，自动保存的修改尚未写入，保存时写回原文件"
    elif recovery.original:
        after = "原文件已不在原处，或在自动保存之后又保存过：恢复后将作为未保存的草稿打开，不会覆盖原文件"
    else:
        after = "恢复后将作为未保存的草稿打开"
    return f"程序上次没有正常关闭，发现一份自动保存的草稿。\n保存时间：{when}{original}\n\n{after}；丢弃后无法找回。"


def offer_recovery(window: MainWindow) -> None:
    """Offer autosaves left by a crash, newest first, until one is restored or the user defers."""
    for recovery in sorted(find_recoveries(), key=lambda r: r.saved_at, reverse=True):
        answer = clerk().ask(window, "恢复未保存的草稿", recovery_text(recovery), [RESTORE, DISCARD, LATER])
        if answer == RESTORE:
            restore(window, recovery)
            return
        if answer == LATER:
            return
        discard_recovery(recovery)


def restore(window: MainWindow, recovery: Recovery) -> None:
    """Open an autosave as the draft it belongs to, with the unsaved changes it kept: saving writes them
    to that file (taken as it is now, so a later change on the disk is still asked about). An autosave
    of a draft never saved, or older than its file, opens as an unsaved draft."""
    form = FORMS.get(recovery.form_id)
    if form is None:
        return
    # what the autosave held is in no file yet; its 证明材料 are where the crash left them: in its staging
    # folder, beside the draft it was autosaved from, in the folders that draft had them from
    beside = (store_folder(Path(recovery.original)),) if recovery.original else ()
    original = still_its_file(recovery)
    guard = None
    if original is not None:
        with contextlib.suppress(DraftError):
            on_disk = load_for_form(original, form).data
            guard = claim(window, original, window.guard, stamp_of(original), on_disk)
    if guard is not None and not guard.read_only:
        window.show_wizard(form, recovery.data, original, autosave=recovery.path,
                           also=(*beside, *recovery.folders), guard=guard)
        window.wizard.document.mark_dirty()  # the changes are the autosave's, not yet in the file
        window.setWindowModified(True)
        window.wizard.show_all = True
        window.wizard.revalidate()
        window.remember_recent(original)
    else:
        window.show_unsaved(form, recovery.data, recovery.path, (*beside, *recovery.folders))
    recovery.path.unlink(missing_ok=True)
