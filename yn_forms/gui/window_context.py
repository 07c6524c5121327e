"""What the window's tools need from the main window, handed to them instead of the window itself.

The 单位信息库, the 汇总表 page, member packets, the Word import and generation are opened from
the window's menus, and each used to take the window as ``Any`` and reach into it (its wizard,
its stack, its settings) — and to store the dialog it opened on it. They get this context
instead, as the pages get ``PageContext``: what they may ask and do is written down here, and a
dialog is found as the window's child (Qt's own ownership), not left on the window for a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from yn_forms.core.formdef import FormDefinition
    from yn_forms.gui.context import PageContext

W = TypeVar("W", bound=QWidget)


@dataclass
class WindowContext:
    #: dialogs open over it, and are its children
    parent: QWidget
    #: the clerk's settings (LibreOffice's place, the last folder, the recent drafts)
    settings: QSettings
    #: the application on screen — the wizard's pages' context — or None (the start page, a member's packet)
    editing: Callable[[], PageContext | None]
    #: the drafts a unit may be named in: the open one first, then the recent ones
    drafts: Callable[[], list[Path]]
    #: open a file as 文件 › 打开 does; False when it was not opened
    open_path: Callable[[Path], bool]
    #: *data* as a new draft of *form*, in no file yet, every problem shown; False when the clerk kept the open one
    open_unsaved: Callable[[FormDefinition, dict[str, Any]], bool]
    #: a member's packet page in place of the wizard (after asking about unsaved changes); False when not shown
    show_packet_page: Callable[[QWidget, Path], bool]
    #: one line in the window's status bar
    status: Callable[[str], None]
    #: an application received shown as it is (title: where it came from); False when the clerk kept the open one
    open_read_only: Callable[[FormDefinition, dict[str, Any], str], bool]

    def shown(self, kind: type[W]) -> W | None:
        """The dialog of *kind* open over the window, if one is: a page opened twice is raised, not doubled."""
        return shown_dialog(self.parent, kind)


def shown_dialog(parent: QWidget, kind: type[W]) -> W | None:
    """The visible child of *parent* of type *kind* (the newest, should there be several)."""
    visible = [d for d in parent.findChildren(kind) if d.isVisible()]
    return visible[-1] if visible else None
