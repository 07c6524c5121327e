"""Filled Word attachments into the app: 文件 › 从 Word 导入… and a member list's 从 Word 导入成员单位….

A whole application becomes a new draft, or — with a draft open, if the clerk says so — is
compared with it first: the fields that differ are shown as a member's packet shows them
(``gui.changes``) and 接受 takes them in as one step, undone by one Ctrl+Z. A member list adds
the units of one or more files (one 表3 each) through ``core.operations.import_items``. What
the files could not say is listed and left as it was; nothing is taken in before the clerk
has seen what was read.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QWidget

from yn_forms.core.changes import FieldChange, display, item_changes, ticked_alike
from yn_forms.core.datapath import get_at, set_at
from yn_forms.core.formdef import FormDefinition, model_of, node_at
from yn_forms.core.items import item_label
from yn_forms.core.kinds import kind_of
from yn_forms.core.links import resolve
from yn_forms.core.operations import import_word
from yn_forms.core.validation import validate
from yn_forms.gui.changes import ChangesDialog, Merged, merge_units, show_then
from yn_forms.gui.clerk import clerk
from yn_forms.gui.context import PageContext
from yn_forms.gui.tasks import Report, run_task
from yn_forms.gui.window_context import WindowContext
from yn_forms.render.wordin.importer import (
    NotThisForm,
    WordImport,
    WordImportError,
    import_documents,
)
from yn_forms.render.wordin.importer import import_items as read_items
from yn_forms.render.wordin.stopping import checkpoint, stop_when

WORD_FILTER = "Word 文件 (*.docx);;所有文件 (*)"
MAX_LISTED = 12  # fields named in a message; the review page lists every problem anyway
Decide = Callable[["WordDialog"], bool]
T = TypeVar("T")
STOPPED = "已取消从 Word 导入，草稿没有改动。"


def _folder() -> Path:
    return Path(str(QSettings("yn-forms", "yn-forms").value("last_folder", str(Path.home()))))


def _names(paths: list[Path]) -> str:
    return f"{paths[0].name}" if len(paths) == 1 else f"{paths[0].name} 等 {len(paths)} 个文件"


def _unread_lines(result: WordImport, what: str) -> list[str]:
    if not result.unread:
        return []
    lines = ["", f"以下 {len(result.unread)} 处在文件中没有找到，{what}："]
    lines += [f"· {u.label}" for u in result.unread[:MAX_LISTED]]
    if len(result.unread) > MAX_LISTED:
        lines.append(f"……另有 {len(result.unread) - MAX_LISTED} 处")
    return lines


def _not_in_word_lines(form: FormDefinition, result: WordImport) -> list[str]:
    """What the new draft still lacks that no Word attachment holds (研发方向 is asked by the 汇总表 alone; the
    证明材料 are scans): named, so the clerk does not take 未开始 for something the import missed."""
    from yn_forms.core.problems import ENCLOSURE_RULE
    from yn_forms.core.validation import validate

    given = {title for _path, title in result.read}
    absent = [d for d in form.documents if d.title not in given]
    lines = ["", "未选择的附件（其中各项留空，可再从 Word 导入到当前草稿，或直接填写）："] if absent else []
    lines += [f"· {Path(d.output).stem}" for d in absent]
    unread = {u.pointer for u in result.unread}
    named: list[str] = []
    for problem in validate(form, result.data):
        if problem.rule == ENCLOSURE_RULE:
            item = "证明材料（在“证明材料”页添加文件或注明纸质件另附）"
        elif (problem.is_blank and not absent and problem.path not in unread
              and not result.found(problem.path)):  # an attachment not given would hold some of them
            item = problem.message.removeprefix("请填写").removeprefix("请选择")
        else:
            continue
        if item not in named:
            named.append(item)
    if not named:
        return lines
    lines += ["", "以下内容 Word 附件中本来没有，请在草稿中填写："]
    lines += [f"· {item}" for item in named[:MAX_LISTED]]
    if len(named) > MAX_LISTED:
        lines.append(f"……另有 {len(named) - MAX_LISTED} 处")
    return lines


def read_application(forms: list[FormDefinition], paths: list[Path]) -> tuple[FormDefinition, WordImport]:
    """The first of *forms* the files are attachments of, and what they say; ``WordImportError`` if none."""
    from yn_forms.forms import FORMS

    first: WordImportError | None = None
    for form in forms:
        try:
            return form, import_documents(form, paths, FORMS)
        except NotThisForm as exc:
            first = first or exc
        except WordImportError:
            raise
    if len(forms) > 1:
        raise WordImportError(f"“{_names(paths)}”不是本程序支持的任何一种申报表的附件：其中找不到附件的标题和表格。")
    raise first or WordImportError("没有可读取的文件")


def import_application(context: WindowContext, paths: list[Path] | None = None,
                       decide: Decide | None = None, then: Callable[[bool], None] | None = None) -> bool:
    """文件 › 从 Word 导入…: the files read as a whole application, into a new draft or the open one.

    They are read off the GUI thread under a busy dialog with 取消 (a file of hundreds of thousands of
    paragraphs takes seconds; the reader stops at its next ``checkpoint``, well within a second), and
    the rest follows when they are read. Returns whether reading began; *then* hears, at the end,
    whether anything was imported (False too after 取消, which leaves the draft as it was)."""
    window = context.parent
    paths = paths or clerk().open_paths(window, "从 Word 导入申报材料", _folder(), WORD_FILTER)
    if not paths:
        return False
    from yn_forms.forms import FORMS

    editing = context.editing()
    forms = [editing.form] if editing is not None else list(FORMS.values())
    files = [Path(p) for p in paths]
    told = then or (lambda _imported: None)

    def read() -> tuple[FormDefinition, WordImport]:
        try:
            return read_application(forms, files)
        except NotThisForm as exc:
            if exc.other:
                raise WordImportError(f"{exc}\n可先返回首页（文件 › 返回首页），再从 Word 导入，"
                                      "会新建那种申报的草稿。") from None
            raise

    def failed(message: str) -> None:
        clerk().warn(window, "无法从 Word 导入", message)
        told(False)

    def stopped() -> None:
        context.status(STOPPED)
        told(False)

    read_off_thread(window, read, lambda found: told(_take_in(context, editing, files, *found, decide)), failed,
                    stopped)
    return True


def read_off_thread(parent: QWidget, read: Callable[[], T], done: Callable[[T], None],
                    failed: Callable[[str], None], stopped: Callable[[], None]) -> None:
    """``read()`` in the pool under a busy dialog with 取消, then *done* with what it read on the GUI thread
    (*failed* with the message of a ``WordImportError``). 取消 stops the reader at its next ``checkpoint``
    (many times a second) and calls *stopped*; a reading that ended as 取消 was pressed is dropped too."""
    def work(report: Report) -> T:
        with stop_when(report.stopped):
            found = read()
            checkpoint()
            return found

    def finished(found: T) -> None:
        if task.cancelled:
            stopped()
        else:
            done(found)

    task = run_task(parent, work, on_done=finished, on_failed=failed, on_stopped=stopped, busy="正在读取 Word 文件…",
                    title="从 Word 导入", expected=(WordImportError,), cancellable=True)


def _take_in(context: WindowContext, editing: PageContext | None, paths: list[Path], form: FormDefinition,
             result: WordImport, decide: Decide | None) -> bool:
    """What was read, into the open draft (its differences shown first) or a new one, as the clerk says."""
    window = context.parent
    if editing is not None:
        answer = clerk().ask(window, "从 Word 导入",
                             f"已读取“{_names(paths)}”。导入到当前草稿（先列出不同之处，确认后才修改），"
                             "还是用它新建一份草稿？", ["导入到当前草稿", "新建草稿", "取消"])
        if answer == "取消":
            return False
        if answer == "导入到当前草稿":
            return review_import(editing, window, result, paths, decide)
    if not context.open_unsaved(form, result.data):  # the clerk kept the draft that was open
        return False
    lines = [f"已从 Word 文件新建“{form.name}”草稿：", *(f"· {p.name}（{title}）" for p, title in result.read)]
    lines += _unread_lines(result, "已留空，请在草稿中填写")
    lines += _not_in_word_lines(form, result)
    clerk().tell(window, "从 Word 导入", "\n".join(lines))
    return True


def word_changes(form: FormDefinition, data: dict[str, Any], result: WordImport) -> list[FieldChange]:
    """The fields the files say otherwise than the draft, compared as printed (a place following its fact is
    its fact's value), and only where the files said something: what they lack is left as it is — down to
    each unit's field and each cell of a table (附件1 alone prints no 法定代表人 and no 财政支持 amounts:
    reading it must not offer to clear them)."""
    out: list[FieldChange] = []
    for change in item_changes(form.model, resolve(form, data).data, resolve(form, result.data).data):
        if not result.found(change.path):
            continue
        node = node_at(form.model, change.path)
        sub = model_of(node.annotation) if node is not None else None
        old, new = change.old, change.new
        if (sub is not None and kind_of(node.info).members and isinstance(old, list) and isinstance(new, list)
                and len(old) == len(new)):  # the same units: each unit's fields, named by the unit
            for i, (before, after) in enumerate(zip(old, new, strict=True)):
                where = f"{change.path}/{i}"
                name = item_label(form, data, where)
                out += [inner._replace(path=where + inner.path, label=f"{name}·{inner.label}",
                                       new=copy.deepcopy(get_at(result.data, where + inner.path)))
                        for inner in item_changes(sub, before, after) if result.found(where + inner.path)]
        elif sub is not None and isinstance(old, list) and isinstance(new, list):  # a table, read cell by cell
            rows = _read_cells(result, change.path, old, get_at(result.data, change.path))
            if rows != old:
                out.append(change._replace(new=rows, new_text=display(rows, node.info)))
        else:
            out.append(change._replace(new=copy.deepcopy(get_at(result.data, change.path))))
    return [c for c in out if not ticked_alike(form, c.path, c) and not _alike_on_paper(c.old, c.new)]


def _alike_on_paper(old: Any, new: Any) -> bool:
    """A space before or after a value prints as nothing: a 'difference' of such spaces alone, whose two
    sides look the same, is none."""
    return isinstance(old, str) and isinstance(new, str) and old != new and old.strip() == new.strip()


def _read_cells(result: WordImport, path: str, old: list[Any], new: list[Any]) -> list[Any]:
    """The rows of a table as the files give them, each cell the files did not print kept as the draft has it."""
    rows = []
    for i, after in enumerate(copy.deepcopy(new)):
        before = old[i] if i < len(old) and isinstance(old[i], dict) else {}
        if isinstance(after, dict):
            for key in list(after):
                if key in before and not result.found(f"{path}/{i}/{key}"):
                    after[key] = copy.deepcopy(before[key])
        rows.append(after)
    return rows


def review_import(editing: PageContext, window: QWidget, result: WordImport, paths: list[Path],
                  decide: Decide | None = None) -> bool:
    """The differences shown over *window*; 接受 writes them as one step. *decide* answers at once (tests),
    as a packet's."""
    form, document = editing.form, editing.document
    changes = word_changes(form, document.data, result)
    dialog = WordDialog(form, document.data, result, changes, parent=window)
    source = _names(paths)

    def finish(code: int) -> bool:
        dialog.deleteLater()
        if code != QDialog.DialogCode.Accepted or not changes:
            return False
        import_word(document, form, [(c.path, c.new) for c in changes], source)
        editing.touch([c.path for c in changes])
        editing.go_to(changes[0].path)
        return True

    return show_then(dialog, finish, decide)


class WordDialog(ChangesDialog):
    """字段 / 原有内容 / Word 文件中 for each field the files say otherwise; 接受 or 取消."""

    def __init__(self, form: FormDefinition, data: dict[str, Any], result: WordImport, changes: list[FieldChange],
                 parent: QWidget | None = None) -> None:
        files = "、".join(f"{p.name}（{title}）" for p, title in result.read)
        note = "\n".join(_unread_lines(result, "草稿中的这些内容保持原样")).strip() or "文件中的各栏都已读到。"
        super().__init__("从 Word 导入", "从 Word 导入到当前草稿", f"文件：{files}", note, changes, "Word 文件中",
                         self._summary(form, data, changes), "接受", parent)
        self.accept_button.clicked.connect(lambda: self._choose("update"))
        self.accept_button.setEnabled(bool(changes))
        self.add_buttons()

    @staticmethod
    def _summary(form: FormDefinition, data: dict[str, Any], changes: list[FieldChange]) -> str:
        if not changes:
            return "Word 文件的内容与当前草稿相同，没有需要导入的修改。"
        result = copy.deepcopy(data)
        for change in changes:
            set_at(result, change.path, copy.deepcopy(change.new))
        errors = sum(p.is_error for p in validate(form, result))
        after = f"接受后草稿还有 {errors} 个错误，会在各页标出。" if errors else "接受后草稿没有发现错误。"
        return f"共 {len(changes)} 处不同。{after}接受为一步修改（可撤销）；取消则草稿不作任何改动。"


def import_members(group: Any, paths: list[Path] | None = None, decide: Callable[[ChangesDialog], bool] | None = None,
                   then: Callable[[int | None], None] | None = None) -> bool:
    """从 Word 导入成员单位…: each file's 表3 (or one unit's part) taken into the list as one step; a unit
    the list names already is updated after its differences are shown (``gui.changes.merge_units``).
    The files are read off the GUI thread, as ``import_application`` reads them. Returns whether reading
    began; *then* hears how many units were added or updated, or None when nothing was done."""
    paths = paths or clerk().open_paths(group.window(), "从 Word 导入成员单位", _folder(), WORD_FILTER)
    if not paths:
        return False
    paths = [Path(p) for p in paths]
    told = then or (lambda _count: None)

    def failed(message: str) -> None:
        clerk().warn(group.window(), "无法从 Word 导入", message)
        told(None)

    def stopped() -> None:
        group.context.status(STOPPED)
        told(None)

    read_off_thread(group, lambda: read_items(group.form, group.pointer, paths),
                    lambda found: told(_take_members(group, paths, *found, decide)), failed, stopped)
    return True


def _take_members(group: Any, paths: list[Path], items: list[Any], counts: list[tuple[Path, int]],
                  decide: Callable[[ChangesDialog], bool] | None) -> int | None:
    files = [f"· {path.name}：{count} 家" for path, count in counts]

    def told(done: Merged) -> int | None:
        if not done.added and not done.updated:
            clerk().tell(group.window(), "从 Word 导入成员单位",
                         "\n".join(["文件中的单位都已在列表中，内容相同，没有需要导入的修改：", *files]))
            return None
        head = (f"已导入 {done.added} 家单位（{done.places}）："
                if done.added else "没有新增单位。")
        clerk().tell(group.window(), "从 Word 导入成员单位", "\n".join([head, *files, *done.lines()]))
        return done.added + len(done.updated)

    return merge_units(group, items, _names(paths), "从 Word 导入成员单位", told, decide)
