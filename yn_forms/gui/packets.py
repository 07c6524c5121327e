"""成员单位数据包 in the app: the lead's buttons on a member list, the diff dialog, the member's page.

Everything here is generated from the form definition like the wizard: the member's
page is ``build_fields`` over the item's model, bound to a draft document of its own
the same way the wizard binds its pages, with the form's own validation
(``core.packets.item_problems``); the diff dialog reads the official labels, and the
buttons appear on every repeatable group (``GroupEditor``) through the page context.
Accepting a reply and importing a sheet are one named step of the lead's draft each
(``core.operations``): undoable, and the member list repaints itself. File dialogs and
messages go through the clerk (``gui.clerk``); the diff dialog takes a ``decide``
argument, so tests drive the same code paths without a modal dialog waiting for a click.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from yn_forms.core.changes import FieldChange, item_changes
from yn_forms.core.datapath import get_at, set_at
from yn_forms.core.document import DraftDocument, Event
from yn_forms.core.draft import PACKET_SUFFIX
from yn_forms.core.formdef import FormDefinition
from yn_forms.core.items import item_name_at, split_item
from yn_forms.core.member_sheet import SheetError, SheetProblem, import_members_xlsx, write_members_template
from yn_forms.core.operations import accept_reply
from yn_forms.core.oserrors import os_reason
from yn_forms.core.packets import (
    ItemGone,
    Packet,
    PacketError,
    add_as_new,
    item_problems,
    lead_name,
    locate,
    make_reply,
    make_request,
    packet_form_id,
    read_packet,
    reply_changes,
    write_packet,
)
from yn_forms.core.problems import Problem
from yn_forms.core.validation import validate
from yn_forms.gui.binding import Binding
from yn_forms.gui.changes import ChangesDialog, Merged, merge_units, show_then
from yn_forms.gui.clerk import clerk
from yn_forms.gui.context import PageContext
from yn_forms.gui.pages import PAGE_MAX_WIDTH, FieldBox, FieldRow, GroupEditor, build_fields, problems_by_row
from yn_forms.gui.palette import ERROR, OK, TODO, WARNING, colour_style
from yn_forms.gui.widgets import heading
from yn_forms.gui.window_context import WindowContext

PACKET_FILTER = f"成员单位数据包 (*{PACKET_SUFFIX})"
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
MAX_REPORTED = 30  # problems listed in a message box; the wizard flags every one of them anyway
MAX_SHOWN_PROBLEMS = 3  # under the diff: enough to judge the reply before taking it, the rest is in the wizard
Decide = Callable[["ReplyDialog"], bool]


def _last_folder() -> Path:
    return Path(str(QSettings("yn-forms", "yn-forms").value("last_folder", str(Path.home()))))


def _with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def safe_file_name(text: str) -> str:
    """A unit's name as a file name on Windows too (no \\ / : * ? \" < > |)."""
    return re.sub(r'[\\/:*?"<>|\s]+', "", text).strip(".") or "成员单位"


def tell(widget: QWidget, title: str, text: str, warning: bool = False) -> None:
    """A message to the clerk, over the window *widget* is in."""
    if warning:
        clerk().warn(widget.window(), title, text)
    else:
        clerk().tell(widget.window(), title, text)


# --- the lead's buttons on a member list --------------------------------------------------------


def packet_buttons(context: PageContext, group: GroupEditor) -> QLayout:
    """发送数据包… / 导入数据包… / 从 Excel 导入成员单位… / 从 Word 导入成员单位… / Excel模板…, under a repeatable
    group's list
    (the page context's ``group_tools``)."""
    layout = QVBoxLayout()
    layout.setSpacing(4)
    for text, tip, action in (
            ("发送数据包…", "把选中单位的表生成数据包，发给该单位填写", send_packet),
            ("导入数据包…", "导入成员单位填好发回的数据包，核对修改后接受", import_packet),
            ("从 Excel 导入成员单位…", "从表头为栏目名称的 Excel 表格导入多家单位", import_excel),
            ("从 Word 导入成员单位…", "从填好的成员单位基本信息表（Word 文件，每个文件一张或几张）导入",
             import_word_members),
            ("Excel模板…", "导出一个只有表头的 Excel 表格，供填写后导入", export_template)):
        button = QPushButton(text)
        button.setAccessibleName(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False, a=action: a(group))
        layout.addWidget(button)
        group.buttons[text] = button
    return layout


def import_word_members(group: GroupEditor) -> None:
    from yn_forms.gui.wordin import import_members

    import_members(group)


def send_packet(group: GroupEditor, path: Path | None = None) -> Path | None:
    """Write a request packet for the selected unit; returns where, or ``None`` if nothing was written."""
    form, data = group.form, group.document.data
    row = group.list.currentRow()
    if not 0 <= row < len(group.items()):
        tell(group, "发送数据包", "请先在列表中选择要发送数据包的单位。", warning=True)
        return None
    pointer = f"{group.pointer}/{row}"
    try:
        request = make_request(form, data, pointer, lead_name(form, data))
    except PacketError as exc:
        tell(group, "发送数据包", str(exc), warning=True)
        return None
    name = request["key"] or f"第{row + 1}项"
    path = path or clerk().save_path(group.window(), "保存发给成员单位的数据包",
                                     _last_folder() / f"{safe_file_name(name)}-数据包{PACKET_SUFFIX}", PACKET_FILTER)
    if path is None:
        return None
    path = _with_suffix(path, PACKET_SUFFIX)
    try:
        write_packet(path, request)
    except OSError as exc:
        tell(group, "发送数据包", f"无法保存到 {path}：{os_reason(exc)}", warning=True)
        return None
    tell(group, "已生成数据包",
         f"已保存数据包：{path}\n\n请把这个文件发给“{name}”。对方用本程序“文件 › 打开草稿…”打开，"
         "填写后点“保存回复数据包…”，把回复文件发回；收到后在这里点“导入数据包…”。")
    return path


def import_packet(group: GroupEditor, path: Path | None = None, decide: Decide | None = None) -> bool:
    """Read a member's reply, show what differs, and on 接受 put it into the draft as one step."""
    path = path or clerk().open_path(group.window(), "导入成员单位发回的数据包", _last_folder(),
                                     f"{PACKET_FILTER};;所有文件 (*)")
    if path is None:
        return False
    try:
        packet = read_packet(path, group.form, expect="reply")
    except PacketError as exc:
        tell(group, "无法导入数据包", str(exc), warning=True)
        return False
    return review_reply(group.context, packet, group.window(), decide)


def review_reply(context: PageContext, packet: Packet, window: QWidget, decide: Decide | None = None) -> bool:
    """The diff dialog for *packet* over the draft of *context*, shown over *window*.

    Without *decide* the dialog opens window-modal with ``open()`` (no nested event
    loop: autosave keeps running) and its buttons apply the reply; the result only says
    it is shown. With *decide* (tests, scripts) the answer is taken at once from
    ``decide(dialog)``, which may press the dialog's buttons, and the result says
    whether the reply was taken in.
    """
    data = context.document.data
    try:
        target: str | None = locate(data, packet)
        changes = reply_changes(data, packet, target)
    except ItemGone as exc:
        target, changes = None, item_changes(packet.model, {}, packet.data)
        gone = str(exc)
    else:
        gone = ""
    dialog = ReplyDialog(context.form, data, packet, target, changes, gone, parent=window)

    def finish(result: int) -> bool:
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            return False
        as_new = target is None or dialog.choice == "add"
        take_reply(context, packet, None if as_new else target, changes)
        return True

    return show_then(dialog, finish, decide)


def take_reply(context: PageContext, packet: Packet, target: str | None, changes: list[FieldChange]) -> None:
    """Put the reply into the draft as one step: the changed fields of the item at *target*, or the whole
    item as a new one when *target* is ``None``; then show it."""
    name = item_name_at(packet.form, packet.pointer, packet.data) or packet.key or packet.sender
    where = accept_reply(context.document, context.form, packet.list_pointer, target,
                         [(c.path, c.new) for c in changes], packet.data, name)
    context.touch([c.path for c in changes] or [where])
    context.go_to(where)


def import_excel(group: GroupEditor, path: Path | None = None,
                 decide: Callable[[Any], bool] | None = None) -> list[SheetProblem] | None:
    """Take the units of an Excel sheet into the list; every value as typed, the wrong ones reported by row.
    A unit the list names already is updated after its differences are shown (``gui.changes.merge_units``):
    a sheet imported again, corrected, does not list its units twice."""
    path = path or clerk().open_path(group.window(), "从 Excel 导入成员单位", _last_folder(),
                                     f"{XLSX_FILTER};;所有文件 (*)")
    if path is None:
        return None
    try:
        items, problems = import_members_xlsx(group.form, group.pointer, path, data=group.document.data)
    except SheetError as exc:
        tell(group, "无法导入表格", str(exc), warning=True)
        return None
    if not items:
        tell(group, "从 Excel 导入成员单位", f"“{path.name}”的表头下没有填写内容的行，没有导入任何单位。", warning=True)
        return problems

    def told(done: Merged) -> list[SheetProblem]:
        if done.added:
            lines = [f"已从“{path.name}”导入 {done.added} 家单位（{done.places}）。"]
        else:
            lines = [f"“{path.name}”中没有新的单位。"]
        lines += done.lines()
        errors = [p for p in problems if p.severity == "error"]
        if problems:
            lines += ["", f"以下 {len(problems)} 处需要核对（内容已按表格原样导入，表中会标出）：",
                      *(str(p) for p in problems[:MAX_REPORTED])]
            if len(problems) > MAX_REPORTED:
                lines.append(f"……另有 {len(problems) - MAX_REPORTED} 处，见“审核”页")
        tell(group, "从 Excel 导入成员单位", "\n".join(lines), warning=bool(errors))
        return problems

    return merge_units(group, items, path.name, "从 Excel 导入成员单位", told, decide)


def export_template(group: GroupEditor, path: Path | None = None) -> Path | None:
    """An empty sheet with the header row the import reads, so the clerk knows the columns."""
    path = path or clerk().save_path(group.window(), "导出成员单位Excel模板", _last_folder() / "成员单位导入模板.xlsx",
                                     XLSX_FILTER)
    if path is None:
        return None
    path = _with_suffix(path, ".xlsx")
    try:
        write_members_template(group.form, group.pointer, path)
    except OSError as exc:
        tell(group, "导出模板", f"无法保存到 {path}：{os_reason(exc)}（文件是否正在 Excel/WPS 中打开？）",
             warning=True)
        return None
    tell(group, "导出模板", f"已保存：{path}\n每行填写一家单位，可只保留需要的列；填好后点“从 Excel 导入成员单位…”。")
    return path


# --- the diff dialog ------------------------------------------------------------------------------


class ReplyDialog(ChangesDialog):
    """字段 / 原有内容 / 成员单位填写 for each changed field; 接受 applies them, 取消 changes nothing."""

    def __init__(self, form: FormDefinition, data: dict[str, Any], packet: Packet, target: str | None,
                 changes: list[Any], gone: str, parent: QWidget | None = None) -> None:
        when = packet.created_at[:16].replace("T", " ")
        source = f"来自：{packet.sender or '成员单位'}　保存于 {when}　文件：{packet.path.name if packet.path else ''}"
        super().__init__("导入成员单位数据包", packet.title, source, self._target_note(data, packet, target, gone),
                         changes, "成员单位填写", self._summary(form, data, packet, target, changes),
                         "添加为新的一项" if target is None else "接受", parent)
        # "update" the item at the target, or "add" the reply as a new item
        self.accept_button.clicked.connect(lambda: self._choose("add" if target is None else "update"))
        self.accept_button.setEnabled(bool(changes) or target is None)
        # the unit at the target has another name than when the packet was sent: renamed, or removed
        # and the next unit moved up. Only the lead can tell, so both ways are offered.
        self.new_button = QPushButton("添加为新的一项")
        self.new_button.setToolTip("不更新草稿中的这一项，把数据包中的单位添加到列表末尾")
        self.new_button.clicked.connect(lambda: self._choose("add"))
        self.add_buttons(self.new_button)
        self.new_button.setVisible(target is not None and self._renamed(data, packet, target))

    @staticmethod
    def _renamed(data: dict[str, Any], packet: Packet, target: str) -> bool:
        """Whether the item at *target* no longer bears the name the packet was sent to."""
        return bool(packet.key) and item_name_at(packet.form, target, get_at(data, target)) != packet.key

    @staticmethod
    def _target_note(data: dict[str, Any], packet: Packet, target: str | None, gone: str) -> str:
        if target is None:
            return gone + "。"
        index = split_item(target)[1]
        name = item_name_at(packet.form, target, get_at(data, target)) or "（未命名）"
        text = f"将更新草稿中的第{index + 1}项“{name}”。"
        if target != packet.pointer:
            text += f"（发送后列表顺序有变，原为第{int(packet.pointer.rsplit('/', 1)[1]) + 1}项，已按单位名称找到。）"
        elif packet.key and name != packet.key:
            text += f"注意：发送数据包时这一项是“{packet.key}”，请核对是否为同一单位。"
        if packet.migrated_from:
            text += f"数据包来自旧版本程序（数据版本 {packet.migrated_from}），已升级。"
        return text

    @staticmethod
    def _summary(form: FormDefinition, data: dict[str, Any], packet: Packet, target: str | None,
                 changes: list[Any]) -> str:
        if not changes:
            return "成员单位没有修改任何内容。"
        if target is None:
            result, target = add_as_new(data, packet)
        else:
            result = copy.deepcopy(data)
            for change in changes:
                set_at(result, change.path, copy.deepcopy(change.new))
        mine = [p for p in validate(form, result) if p.path == target or p.path.startswith(target + "/")]
        errors = sum(p.is_error for p in mine)
        text = f"共 {len(changes)} 处修改。"
        if mine:
            counts = "、".join(part for part in (f"{errors} 个错误" if errors else "",
                                                  f"{len(mine) - errors} 个警告" if len(mine) > errors else "")
                              if part)
            text += f"接受后，这张表还有 {counts}，会在表中标出："
            shown = sorted(mine, key=lambda p: not p.is_error)[:MAX_SHOWN_PROBLEMS]
            text += "".join(f"\n· {p.title}：{p.message}" if p.title else f"\n· {p.message}" for p in shown)
            if len(mine) > MAX_SHOWN_PROBLEMS:
                text += f"\n……另有 {len(mine) - MAX_SHOWN_PROBLEMS} 处"
            return text + "\n取消则草稿不作任何改动。"
        text += "接受后这张表没有发现问题。"
        return text + "取消则草稿不作任何改动。"


# --- the member's page ----------------------------------------------------------------------------


class PacketPage(QWidget):
    """A member unit fills only its own table: the same inputs, binding and checks as the lead's wizard."""

    saved = Signal(object)  # the reply's Path
    modified = Signal(bool)

    def __init__(self, packet: Packet, path: Path) -> None:
        super().__init__()
        self.packet, self.path, self.form = packet, path, packet.form
        self.pointer = packet.pointer
        data: dict[str, Any] = {}
        set_at(data, self.pointer, copy.deepcopy(packet.data))
        self.document = DraftDocument(data)
        self.binding = Binding(self.form, self.document, lambda _pointer: self.revalidate())
        self.context = PageContext(self.form, self.document, self.binding)
        self.problems: list[Problem] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.revalidate)
        self.document.subscribe(self._changed)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(packet.title))
        intro = QLabel(self._intro())
        intro.setWordWrap(True)
        intro.setObjectName("pageHint")
        layout.addWidget(intro)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self.fields = build_fields(packet.model, self.pointer, self.context, packet.item_path)
        for row in self.fields.findChildren(FieldRow):
            row.problem_label.more_hint = "见提示"  # this page is the whole packet: no 审核 page to send one to
        self.fields.setMaximumWidth(PAGE_MAX_WIDTH)  # readable on a large screen, as the wizard's pages
        scroll.setWidget(self.fields)
        layout.addWidget(scroll, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.save_button = QPushButton("保存回复数据包…")
        self.save_button.setObjectName("primary")
        self.save_button.setAccessibleName("保存回复数据包…")
        self.save_button.clicked.connect(lambda: self.save_reply())
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)
        self.revalidate()

    def _intro(self) -> str:
        p = self.packet
        who = f"牵头单位“{p.lead}”" if p.lead else "牵头单位"
        text = (f"{who}请贵单位填写本表（{self.form.name}）。只需填写这一张表，检查规则与申报书相同；"
                "填好后点“保存回复数据包…”，把保存的文件发回牵头单位。")
        if p.kind == "reply":
            text = f"这是已保存的回复数据包（{p.created_at[:16].replace('T', ' ')}），可以继续修改后重新保存。"
        if p.migrated_from:
            text += f"数据包来自旧版本程序（数据版本 {p.migrated_from}），已升级。"
        return text

    @property
    def is_modified(self) -> bool:
        return not self.document.is_clean

    def item(self) -> dict[str, Any]:
        value = self.document.get(self.pointer)
        return value if isinstance(value, dict) else {}

    def _changed(self, _event: Event) -> None:
        self.modified.emit(self.is_modified)
        self.timer.start()

    def revalidate(self) -> None:
        """The form's own checks on this item; problems show beside every field (the file was opened whole)."""
        self.timer.stop()
        self.problems = item_problems(self.form, self.pointer, self.item(), self.packet.waived)
        rows = [*self.findChildren(FieldRow), *self.findChildren(FieldBox)]
        by_pointer = problems_by_row(rows, self.problems)
        for row in rows:
            row.show_problems(by_pointer[row.pointer])
        blanks = sum(p.is_blank for p in self.problems)  # 待填写, as the fields say (○), not red 错误
        errors = sum(p.is_error and not p.is_blank for p in self.problems)
        warnings = len(self.problems) - errors - blanks
        counts = "、".join(part for part in (f"{blanks} 项待填写" if blanks else "",
                                              f"{errors} 个错误" if errors else "",
                                              f"{warnings} 个警告" if warnings else "") if part)
        self.summary.setText(f"还有 {counts}，见各栏旁的说明。" if self.problems
                             else "没有发现问题，可以保存回复数据包。")
        self.summary.setStyleSheet(colour_style(ERROR if errors else TODO if blanks else WARNING if warnings else OK))

    # --- saving the reply
    def suggested_path(self) -> Path:
        name = item_name_at(self.form, self.pointer, self.item()) or self.packet.key or "成员单位"
        folder = self.path.parent if self.path else _last_folder()
        return folder / f"{safe_file_name(name)}-回复{PACKET_SUFFIX}"

    def save_reply(self, path: Path | None = None) -> Path | None:
        """Write the reply packet; errors are allowed (the lead sees them too) but named first."""
        self.revalidate()
        errors = sum(p.is_error for p in self.problems)
        if path is None and errors:
            answer = clerk().ask(self.window(), "还有错误", f"这张表还有 {errors} 个错误。仍然保存回复数据包吗？\n"
                                 "（牵头单位导入时也会看到这些问题）", ["仍然保存", "返回修改"], warning=True)
            if answer != "仍然保存":
                return None
        path = path or clerk().save_path(self.window(), "保存回复数据包", self.suggested_path(), PACKET_FILTER)
        if path is None:
            return None
        path = _with_suffix(path, PACKET_SUFFIX)
        try:
            write_packet(path, make_reply(self.packet, self.item()))
        except OSError as exc:
            tell(self, "保存失败", f"无法保存到 {path}：{os_reason(exc)}。原有文件未被改动。", warning=True)
            return None
        self.document.mark_clean()
        self.path = path  # the reply is the file worked on now: saved again, it is proposed beside itself
        self.modified.emit(False)
        self.saved.emit(path)
        lead = f"牵头单位“{self.packet.lead}”" if self.packet.lead else "牵头单位"
        tell(self, "已保存回复数据包", f"已保存：{path}\n\n请把这个文件发回{lead}。")
        return path

    def confirm_leave(self) -> bool:
        """Leaving with unsaved input asks first, as a draft does."""
        if not self.is_modified:
            return True
        answer = clerk().ask(self.window(), "未保存的修改", "填写的内容还没有保存为回复数据包，是否保存？",
                             ["保存", "不保存", "取消"])
        if answer == "保存":
            return self.save_reply() is not None
        return answer == "不保存"


def open_packet(context: WindowContext, path: Path, decide: Decide | None = None) -> bool:
    """Open a ``.ynpack`` in the main window: a member gets its table to fill; a reply opened over its
    lead's application is imported."""
    from yn_forms.forms import FORMS

    try:
        form_id = packet_form_id(path)
        if form_id not in FORMS:
            raise PacketError(f"数据包“{path.name}”属于本程序不认识的申报表（{form_id}），请升级程序")
        packet = read_packet(path, FORMS[form_id])
    except PacketError as exc:
        clerk().warn(context.parent, "无法打开数据包", str(exc))
        return False
    editing = context.editing()
    if packet.kind == "reply" and editing is not None and editing.form.id == form_id:
        return review_reply(editing, packet, context.parent, decide)  # the lead opened the answer over its application
    return context.show_packet_page(PacketPage(packet, path), path)
