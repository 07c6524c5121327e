"""What an import would change, shown before anything changes: 字段 / 原有内容 / the new content.

A member's data packet and a filled Word attachment are both taken into a draft the same way:
the clerk sees each field that differs, with its official label, and 接受 applies them as one
named step (``core.operations``) while 取消 leaves the draft as it was. This is that dialog; the
packet's and the Word file's dialogs say where the content comes from and what happens next.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from yn_forms.gui.change_table import ChangeDetail, ChangeTable
from yn_forms.gui.widgets import fit_to_screen, heading, right_aligned


class ChangesDialog(QDialog):
    """The changes in a read-only table under a heading, a source line and a note; a summary below.

    The table is a model and a view (``gui.change_table``): a reply or a file of thousands of
    differences opens as quickly as one of two; when rows are many, or a value too long for its
    cell, the row under the cursor is shown whole in a pane below the table (``detail``)."""

    def __init__(self, title: str, head: str, source: str, note: str, changes: list[Any], new_header: str,
                 summary: str, accept_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.changes = changes
        self.choice: str | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(heading(head))
        self.source = QLabel(source)
        self.source.setWordWrap(True)  # three long file names once made the dialog as wide as the screen, cut
        layout.addWidget(self.source)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = ChangeTable(changes, ["字段", "原有内容", new_header])
        layout.addWidget(self.table, 1)
        self.detail = ChangeDetail(self.table) if self.table.wants_detail else None
        if self.detail is not None:
            layout.addWidget(self.detail)
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.accept_button = QPushButton(accept_text)
        self.accept_button.setObjectName("primary")
        self.accept_button.setDefault(True)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.reject)
        fit_to_screen(self, 860, 320)
        self._fitted = False

    def add_buttons(self, *extra: QPushButton) -> None:
        """The accept button, any *extra* ones, 取消 — right aligned under the table."""
        self.layout().addLayout(right_aligned(self.accept_button, *extra, self.cancel_button))

    def showEvent(self, event: QShowEvent) -> None:
        """A short diff is a short dialog, a long one as tall as fits: measured at the real column widths."""
        super().showEvent(event)
        if self._fitted:
            return
        self._fitted = True
        self.layout().activate()
        rows = self.table.fit_rows()
        spare = self.table.viewport().height() - rows
        fit_to_screen(self, self.width(), max(280, min(680, self.height() - spare + 8)))

    def cells(self) -> list[list[str]]:
        """The table's rows, each cell's whole text."""
        return self.table.cells()

    def headers(self) -> list[str]:
        return list(self.table.changes_model.headers)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def show_then(dialog: QDialog, finish: Callable[[int], Any], decide: Callable[[Any], bool] | None,
              shown: Any = True) -> Any:
    """Open *dialog* window-modally and hand its result to *finish* when the clerk closes it, returning
    *shown* at once; with *decide* (tests, a scripted answer) the dialog is answered at once and what
    *finish* returns is returned. No nested event loop either way."""
    if decide is None:
        dialog.finished.connect(finish)
        dialog.open()
        return shown
    return finish(QDialog.DialogCode.Accepted if decide(dialog) else QDialog.DialogCode.Rejected)


@dataclass(frozen=True)
class Merged:
    """What taking units into a member list did: appended from *first* on, and which were updated."""

    first: int
    added: int
    updated: list[str]
    unchanged: list[str]

    @property
    def places(self) -> str:
        """Where the appended units stand: 第5项, 第5–7项."""
        first, last = self.first + 1, self.first + self.added
        return f"第{first}项" if first == last else f"第{first}–{last}项"

    def lines(self) -> list[str]:
        """The updated and unchanged units, as the result message says them."""
        out = [f"已更新列表中已有的 {len(self.updated)} 家：{'、'.join(self.updated)}"] if self.updated else []
        if self.unchanged:
            out.append(f"列表中已有、内容相同的 {len(self.unchanged)} 家未作改动：{'、'.join(self.unchanged)}")
        return out


def merge_units(group: Any, items: list[Any], source: str, title: str, then: Callable[[Merged], Any],
                decide: Callable[[Any], bool] | None = None) -> Any:
    """Units read from a sheet or Word files taken into *group*'s list as one step (Excel and Word imports).

    A unit the list names already is that unit sent again (``core.changes.merge_plan``): what its
    row or file says otherwise is shown first, in the changes dialog, and written into it on 接受;
    the others are appended. *then* gets what was done (and tells the clerk); cancelled, nothing is
    done and None is returned. *decide* answers the dialog at once (tests).
    """
    from yn_forms.core.changes import merge_plan
    from yn_forms.core.items import item_noun
    from yn_forms.core.operations import import_items

    plan = merge_plan(group.form, group.document.data, group.pointer, items)

    def take() -> Any:
        first = len(group.items())
        if plan.fresh or plan.changes:
            import_items(group.document, group.form, group.pointer, plan.fresh, source,
                         [(c.path, c.new) for c in plan.changes])
        updated = list(dict.fromkeys(c.label.split("·")[0] for c in plan.changes))
        return then(Merged(first, len(plan.fresh), updated, plan.unchanged))

    if not plan.changes:
        return take()
    more = f"另有 {len(plan.fresh)} 家不在列表中的单位将添加到列表末尾。" if plan.fresh else ""
    dialog = ChangesDialog(
        title, f"更新列表中已有的{item_noun(group.form, group.pointer)}", f"来自：{source}",
        "与列表中同名的单位视为同一家：下面是所填与草稿不同之处；空着的栏保持原样。", plan.changes, "导入的内容",
        f"共 {len(plan.changes)} 处不同。{more}接受为一步修改（可撤销）；取消则草稿不作任何改动。", "接受",
        parent=group.window())
    dialog.accept_button.clicked.connect(dialog.accept)
    dialog.add_buttons()

    def finish(code: int) -> Any:
        dialog.deleteLater()
        return take() if code == QDialog.DialogCode.Accepted else None

    return show_then(dialog, finish, decide, shown=None)
