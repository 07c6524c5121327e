"""The labels of a template as they will print: none left with one character alone, none broken mid-word.

The attachments set a label on one line, or break it by hand between words (“中心牵头单位／负责人”);
they never leave one character alone (“创新中心名／称”). A label too wide for its cell by about a
character is set so that it does not (``render.fitting``, as values are); one that is still left
alone, and a short label Word would break mid-word (“中心日常工／作联系人”), are said to whoever
brings a replacement template (``check-template``), and the shipped templates are held to it by the
tests. Measured as values are (``char_em``, the cell's width, margins and indents), on the
template rendered with the form's example, so labels printed by loops and conditions count too.
Running-text cells (“YN Cell Text”) are prose, and a long label (a sentence heading a section) may
wrap freely except for leaving one character alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml.etree import _Element

from yn_forms.render.fit import TEXT_STYLES
from yn_forms.render.fitting import cell_place, ends_alone, settable, setting_for
from yn_forms.render.geometry import table_cells
from yn_forms.render.marks import CLOSE, OPEN, SEP
from yn_forms.render.measure import CM_PER_PT, NO_LINE_START, runs_text, wrap_lines
from yn_forms.render.steps import Rendered, Step
from yn_forms.render.wordstyles import Styles, qn

SHORT_LABEL = 12  # characters: a label this short is set by hand where it breaks, as the attachment does


def _visible(line: str) -> str:
    return "".join(ch for ch in line if not ch.isspace() and ch not in NO_LINE_START)


@dataclass(frozen=True)
class LabelBreak:
    """A label of a table cell that wraps badly: a short label broken where the template did not
    break it (中心日常工/作联系人), or any label left with one character alone on its last line even
    condensed and a step smaller (创新中心名/称)."""

    document: str  # the template's file name
    label: str
    lines: tuple[str, ...]
    room_cm: float

    @property
    def lone(self) -> bool:
        return len(_visible(self.lines[-1])) == 1

    @property
    def message(self) -> str:
        shown = "／".join(self.lines)
        if self.lone:
            why = f"最后一行只剩“{_visible(self.lines[-1])}”一个字"
        else:
            why = "在词语中间自动换行"
        return (f"{self.document}：表格中的“{self.label}”在 {self.room_cm:.1f} 厘米宽的格内排成“{shown}”，"
                f"{why}；请加宽这一列，或在合适处手动换行。")


def label_breaks_in(body: _Element, styles: Styles, document: str) -> list[LabelBreak]:
    """The labels (the template's own text in table cells) of a rendered, marked *body* that wrap badly;
    values (between marks) are the fit check's."""
    found: list[LabelBreak] = []
    seen: set[tuple[str, float]] = set()
    for tbl in body.iter(qn("w:tbl")):
        for cell in table_cells(styles, tbl):
            for p in cell.tc.findall(qn("w:p")):
                if styles.name(styles.paragraph_style(p)) in TEXT_STYLES:
                    continue
                chars = runs_text(styles, p)
                if not chars or any(ch in (OPEN, SEP, CLOSE) for ch, _ in chars):
                    continue
                text = "".join(ch for ch, _ in chars)
                place = cell_place(styles, cell, p, chars)
                lines = wrap_lines(chars, place.room_pt, first_pt=place.first_pt)
                hard = text.split("\n")
                if len(lines) == len(hard) or (text, place.room_pt) in seen:
                    continue
                short = max(len(_visible(line)) for line in hard) <= SHORT_LABEL
                plain = settable(styles, p, chars)
                lone = ends_alone(lines, len(hard) - 1) and plain is not None and setting_for(plain, place) is None
                if lone or (short and not ends_alone(lines, len(hard) - 1)):
                    seen.add((text, place.room_pt))
                    found.append(LabelBreak(document, text.replace("\n", "").strip(), tuple(lines),
                                            place.room_pt * CM_PER_PT))
    return found


class LabelCheck(Step):
    """``label_breaks_in`` on each document as rendered, its values still marked (so passed over)."""

    marks = True

    def __init__(self) -> None:
        self.found: list[LabelBreak] = []

    def rendered(self, document: Rendered) -> None:
        body, styles = document.doc.docx.element.body, Styles(document.doc.docx.styles.element)
        self.found += label_breaks_in(body, styles, document.template.name)
