"""从单位库填入… / 保存到单位库 on every unit section of every form.

Which sections describe a unit is read from the form's declaration (``unit_key`` on
its fields, see ``core.units``); the bar is added by the generated pages through
the page context, so no form has GUI code of its own. Filling is one named step of
the draft (``core.operations.fill_from_unit``): undoable, autosaved and checked as
if the clerk had typed it, and the inputs repaint themselves from the draft. It asks
before it replaces anything already typed. Saving shows what would change in the
library (字段 / 库中现有 / 本表填写) before it overwrites anything.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from pydantic import BaseModel
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QWidget

from yn_forms.core.datapath import set_at
from yn_forms.core.operations import fill_from_unit, new_item
from yn_forms.core.unit_keys import names_a_unit
from yn_forms.gui.clerk import clerk
from yn_forms.gui.context import PageContext
from yn_forms.gui.unit_dialogs import (
    EMPTY_TEXT,
    ERROR_COLOR,
    FILL_TEXT,
    OK_COLOR,
    SAVE_TEXT,
    ChangesDialog,
    ChooseUnitDialog,
    open_library,
    shown,
    tool_button,
)

if TYPE_CHECKING:
    from yn_forms.core.units import FillPlan, Plan, Record
    from yn_forms.gui.table import TableEditor

# The library (``core.units``: SQLite, reading and filling records) and the table's input are imported when
# a button is used: a first page with the bar paints without them.


class UnitBar(QWidget):
    """从单位库填入… / 保存到单位库 for the unit section at *pointer* (or the selected row of a table).

    *rows*: the section is a table (联合申报单位); filling fills the selected row, or adds
    one when none is selected, and saving saves the selected row.
    """

    def __init__(self, context: PageContext, pointer: str, title: str, rows: bool = False) -> None:
        super().__init__()
        self.context, self.pointer, self.title, self.rows = context, pointer, title, rows
        self.form, self.document = context.form, context.document
        self.dialog: QDialog | None = None  # the dialog last opened, for the tests
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        which = "选中的一行" if rows else "本表"
        self.fill_button = tool_button(FILL_TEXT, self.fill,
                                       f"在单位信息库中查找单位，把它的信息填入{which}（{title}）")
        self.save_button = tool_button(SAVE_TEXT, self.save,
                                       f"把{which}的单位信息保存到单位信息库，下次填表可直接填入；更新前列出变化")
        layout.addWidget(self.fill_button)
        layout.addWidget(self.save_button)
        self.note = QLabel()
        self.note.setObjectName("unitNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note, 1)

    def say(self, text: str, error: bool = False) -> None:
        self.note.setText(text)
        self.note.setStyleSheet(f"color: {ERROR_COLOR if error else OK_COLOR};")
        self.note.setAccessibleName(text)

    # --- where ----------------------------------------------------------------------
    def _table(self) -> TableEditor | None:
        """The table this bar stands above, on the same page (a table section's bar only)."""
        from yn_forms.gui.table import TableEditor

        page = self.parentWidget()
        if page is None:
            return None
        return next((t for t in page.findChildren(TableEditor) if t.pointer == self.pointer), None)

    def _target(self, adding: bool) -> tuple[str, bool] | None:
        """The pointer of the unit to fill or save, and whether it is a new row of a table."""
        if not self.rows:
            return self.pointer, False
        count = len(self.document.get(self.pointer) or [])
        table = self._table()
        row = table.table.currentRow() if table is not None else -1
        if 0 <= row < count:
            return f"{self.pointer}/{row}", False
        if adding:
            return f"{self.pointer}/{count}", True
        return None

    # --- fill -----------------------------------------------------------------------
    def fill(self) -> None:
        library = open_library(self)
        if library is None:
            return
        target = self._target(adding=True)
        assert target is not None
        initial = ""
        if not target[1]:
            initial = str(self.document.get(target[0] + "/credit_code") or self.document.get(target[0] + "/name")
                          or "")
        dialog = ChooseUnitDialog(self, library, initial.strip(), self.title)
        dialog.chosen.connect(lambda record: self.fill_with(record))
        dialog.finished.connect(lambda _r: library.close())
        self.dialog = dialog
        dialog.open()

    def fill_with(self, record: Record) -> None:
        """Fill from *record*: at once into empty fields, after a 替换 question over typed ones."""
        from yn_forms.core.units import plan_fill

        target = self._target(adding=True)
        assert target is not None
        pointer, new_row = target
        data = self.document.data
        if new_row:  # planned on a copy with the new row, written in one step with it
            data = copy.deepcopy(self.document.data)
            set_at(data, self.pointer, [*(self.document.get(self.pointer) or []), new_item(self.form, self.pointer)])
        plan = plan_fill(self.form, data, pointer, record)
        skipped = self._skipped_text(plan)
        if not plan.changes:
            self.say(f"本表已与单位库中的“{record.get('name', '')}”一致，没有需要填入的内容。{skipped}")
            return
        if plan.overwrites:
            rows_ = [(c.title, shown(c.old), shown(c.new)) for c in plan.changes]
            dialog = ChangesDialog(
                self, "从单位库填入", f"将用单位库中“{record.get('name', '')}”的信息填入以下{len(rows_)}项，"
                "其中已填写的内容会被替换。", ["字段", "本表现有", "单位库"], rows_, "填入", skipped)
            dialog.accepted.connect(lambda: self._apply(plan, new_row, record))
            self.dialog = dialog
            dialog.open()
            return
        self._apply(plan, new_row, record)

    @staticmethod
    def _skipped_text(plan: FillPlan) -> str:
        if not plan.skipped:
            return ""
        return "未填入：" + "；".join(f"{title}（{why}）" for title, why in plan.skipped)

    def _apply(self, plan: FillPlan, new_row: bool, record: Record) -> None:
        name = record.get("name", "")
        fill_from_unit(self.document, self.form, self.pointer, [(c.pointer, c.new) for c in plan.changes], name,
                       new_row=self.pointer if new_row else None)
        pointers = [c.pointer for c in plan.changes]
        self.context.touch(pointers)  # filled values are checked at once, as if typed and left
        self.say(f"已从单位库填入“{name}”的 {len(pointers)} 项。{self._skipped_text(plan)}")

    # --- save -----------------------------------------------------------------------
    def save(self) -> None:
        from yn_forms.core.units import UnitLibraryError, read_unit

        target = self._target(adding=False)
        if target is None:
            self.say("请先在表格中选中要保存的单位所在的行。", error=True)
            return
        extraction = read_unit(self.form, self.document.data, target[0])
        if not extraction.record.get("name"):
            self.say("请先填写单位名称，再保存到单位库。", error=True)
            return
        library = open_library(self)
        if library is None:
            return
        try:
            plan = library.plan(extraction.record)
        except UnitLibraryError as exc:
            self.say(f"未保存：{exc}", error=True)
            return
        finally:
            library.close()  # opened again to write, after the clerk has seen the changes
        note = ""
        if extraction.skipped:
            note = "以下内容有误，未保存到单位库：" + "；".join(f"{t}（{w}）" for t, w in extraction.skipped)
        name = plan.record["name"]
        if plan.is_new:
            question = f"将“{name}”作为新单位保存到单位信息库（{len(plan.changes)}项信息）。" + \
                (f"\n\n{note}" if note else "")
            if clerk().ask(self.window(), "保存到单位库", question, ["保存", "取消"]) == "保存":
                self._store(extraction.record, plan)
            return
        if not plan.changes:
            self.say(f"单位库中“{name}”的信息与本表一致，无需更新。{note}")
            return
        rows = [(c.label, c.old or EMPTY_TEXT, c.new or EMPTY_TEXT) for c in plan.changes]
        dialog = ChangesDialog(self, "保存到单位库",
                               f"单位库中已有“{plan.existing.name if plan.existing else name}”。保存将改变以下"
                               f"{len(rows)}项（本表没有填写的信息保留库中原有内容）：",
                               ["字段", "库中现有", "本表填写"], rows, "覆盖保存", note)
        dialog.accepted.connect(lambda: self._store(extraction.record, plan))
        self.dialog = dialog
        dialog.open()

    def _store(self, record: Record, plan: Plan) -> None:
        from yn_forms.core.units import UnitLibraryError

        library = open_library(self)
        if library is None:
            return
        try:
            unit, _done = library.upsert(record)
        except UnitLibraryError as exc:
            self.say(f"未保存：{exc}", error=True)
            return
        finally:
            library.close()
        self.say(f"已{'新增' if plan.is_new else '更新'}单位库中的“{unit.name}”。")


def unit_bar(context: PageContext, model: type[BaseModel], pointer: str, title: str = "",
             rows: bool = False) -> UnitBar | None:
    """The 单位库 buttons for a section (or table) of *model* at *pointer*, or None if it names no unit
    (the page context's ``section_tools``)."""
    if not names_a_unit(model):
        return None
    return UnitBar(context, pointer, title, rows)
