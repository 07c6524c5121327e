"""What a generated page needs from whoever shows it: the form, the document, and a few hooks.

The pages, the member list and the section tools (单位库 bar, packet buttons) used to
find "the" wizard by walking up their parent widgets, and the wizard, the pages and
the tools imported each other in a circle. Now whoever shows the pages — the wizard,
or a member's packet page — hands them this context, and the pages import nothing
above them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from PySide6.QtWidgets import QLayout, QWidget

from yn_forms.core.document import DraftDocument, Step
from yn_forms.core.formdef import FormDefinition
from yn_forms.gui.binding import Binding

#: (context, section model, pointer, title, is a table) -> the tools shown above a section, or None
SectionTools = Callable[["PageContext", type[BaseModel], str, str, bool], "QWidget | None"]
#: (context, member list) -> the tools shown under a member list, or None
GroupTools = Callable[["PageContext", Any], "QLayout | None"]


def _nothing(*_args: Any) -> None:
    return None


@dataclass
class PageContext:
    form: FormDefinition
    document: DraftDocument
    binding: Binding
    #: problems of these fields show at once (filled by a tool, as if typed and left)
    touch: Callable[[Iterable[str]], None] = _nothing
    #: show the page of a pointer with its input in view (after an import, a reply)
    go_to: Callable[[str], None] = _nothing
    #: one line in the window's status bar
    status: Callable[[str], None] = _nothing
    section_tools: SectionTools = _nothing
    group_tools: GroupTools = _nothing


def take_step(context: PageContext, forward: bool, status: Callable[[str], None]) -> Step | None:
    """编辑 › 撤销 (or 重做) on the pages of *context*: the step taken back (or again), the clerk taken to where
    it happened and told what it was. The application's wizard and a member's packet page alike."""
    document = context.document
    step = document.redo() if forward else document.undo()
    if step is not None:
        context.go_to(step.focus)
        status(f"{'已重做' if forward else '已撤销'}：{step.label}")
    return step
