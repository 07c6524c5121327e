"""Empty pages and stray blank rows: what a produced document would print that the clerk did not mean.

Read from each document as it is saved (``LayoutCheck``, a step of the production path), so
it judges exactly what will be printed:

- **an empty page** — consecutive page starts with nothing between: two page breaks, a
  段前分页 paragraph at the top of a section that starts a new page anyway, a page break at
  the very end;
- **a stray blank row** — a member unit or team member left all blank in the data prints as
  an empty row in the middle of a list (the rows ``pad()`` adds after the last item to keep
  the official number of rows are not stray).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml.etree import _Element

from yn_forms.render.layout_rows import Rows, is_serial, read_rows, visible_text
from yn_forms.render.measure import is_blank
from yn_forms.render.measured import measured
from yn_forms.render.steps import Rendered, Step
from yn_forms.render.wordstyles import Styles, qn


@dataclass(frozen=True)
class LayoutFinding:
    """One empty page or stray row, in the document *document* (its file name)."""

    document: str
    message: str


def _short(text: str, limit: int = 20) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_DRAWN = (qn("w:drawing"), qn("w:pict"), qn("w:object"))


def _page_events(body: _Element, styles: Styles) -> Iterator[tuple[str, str | _Element]]:
    """The body as a sequence of ("content", text or a table) and ("break", kind), in print order (a
    table's text is read only for a message that names it: a large application has a hundred tables).

    A page starts at a hard page break, at a paragraph with 段前分页 (``pageBreakBefore``,
    direct or from its style) and after a section break whose next section starts a new page.
    """
    sections = [s for s in body.iter(qn("w:sectPr"))]
    section_of = {id(s): i for i, s in enumerate(sections)}

    def blocks(parent: _Element) -> Iterator[_Element]:
        for child in parent:
            if child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from blocks(content)
            elif child.tag in (qn("w:p"), qn("w:tbl")):
                yield child

    for block in blocks(body):
        if block.tag == qn("w:tbl"):
            yield "content", block
            continue
        if styles.toggle(block, "w:pageBreakBefore"):
            yield "break", "段前分页"
        for run in block.iter(qn("w:r")):
            for child in run:
                if child.tag == qn("w:t") and not is_blank(child.text or ""):
                    yield "content", child.text or ""
                elif child.tag == qn("w:br") and child.get(qn("w:type")) == "page":
                    yield "break", "分页符"
                elif child.tag in _DRAWN:
                    yield "content", "图片"
        sect = block.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if sect is not None:
            following = section_of.get(id(sect), len(sections)) + 1
            kind = None
            if following < len(sections):
                found = sections[following].find(qn("w:type"))
                kind = found.get(qn("w:val")) if found is not None else "nextPage"
            if kind not in (None, "continuous", "nextColumn"):
                yield "break", "分节符"


def _empty_page_messages(body: _Element, styles: Styles) -> list[str]:
    messages = []
    last_text: str | _Element | None = None  # None: the top of the document, which starts the first page
    pending: str | None = "文档开头"
    for event, value in _page_events(body, styles):
        if event == "content":
            pending, last_text = None, value
            continue
        if pending is not None:
            where = "文档开头" if last_text is None else f"“{_short(_content_text(last_text))}”之后"
            messages.append(f"{where}连续分页（{pending}、{value}），中间没有内容，打印时会多出一张空白页。")
        pending = str(value)
    if pending is not None and last_text is not None:
        messages.append(f"文档末尾（“{_short(_content_text(last_text))}”之后）还有{pending}，打印时最后会多出一张空白页。")
    return messages


def _content_text(content: str | _Element) -> str:
    """What a message shows of a page's content: its text, a table's text, or 表格 for a table of none."""
    return content if isinstance(content, str) else (visible_text(content) or "表格")


def _starts_group(tr: _Element) -> bool:
    return any(m.get(qn("w:val")) == "restart" for m in tr.iter(qn("w:vMerge")))


def _stray_row_messages(body: _Element, rows_of: Callable[[_Element], Rows] = read_rows) -> list[str]:
    """Empty rows in the middle of a list: an item of the data with nothing filled in.

    Rows are grouped into runs of the same shape (cells and spans) that no new vertically
    merged label starts — one printed list each. A row with no text but a serial number
    (序号) is blank; it is stray when a filled row of its run follows it. The rows ``pad()``
    adds to keep the official number of rows come after the last item, so they never are.
    """
    messages = []
    for t, tbl in enumerate(body.iter(qn("w:tbl")), 1):
        # each row's shape, texts and group start read once: a list of hundreds of rows is scanned
        # forward from every blank row, which must not read the rows again each time
        rows, texts_of, shapes = rows_of(tbl)
        starts = [_starts_group(tr) for tr in rows]
        title = ""
        previous = tbl.getprevious()
        if previous is not None and previous.tag == qn("w:p"):
            title = visible_text(previous).strip()
        if not title and rows:
            title = next((text for text in texts_of[0] if text), "")
        run_start = 0
        run_end = 0
        for r in range(len(rows)):
            if r and (shapes[r] != shapes[r - 1] or starts[r]):
                run_start = r
            texts = texts_of[r]
            filled = [x for x in texts if x and not is_serial(x)]
            if filled or all(texts) or len(texts) < 2:
                continue
            if run_end <= r:  # the end of this run of rows, found once per run
                run_end = r + 1
                while run_end < len(rows) and shapes[run_end] == shapes[r] and not starts[run_end]:
                    run_end += 1
            later = any(x and not is_serial(x) for row in texts_of[r + 1:run_end] for x in row)
            if not later:
                continue
            before = next((x for row in reversed(texts_of[run_start:r]) for x in row
                           if x and not is_serial(x)), "")
            where = f"，在“{_short(before)}”一行之后" if before else ""
            name = f"（“{_short(title)}”）" if title else ""
            messages.append(f"第{t}个表格{name}第{r + 1}行是空行{where}：数据中有一项什么也没有填写，"
                            "打印出来是一行空白；请删除这一项或把它填写完整。")
    return messages


def document_layout_problems(body: _Element, styles_element: _Element,
                             rows_of: Callable[[_Element], Rows] = read_rows) -> list[str]:
    """The empty pages and stray blank rows of a document's *body*, as sentences for the clerk (*rows_of*:
    how a table's rows are read, ``read_rows`` or the typesetting's reading kept, ``render.measured``)."""
    return _empty_page_messages(body, Styles(styles_element)) + _stray_row_messages(body, rows_of)


class LayoutCheck(Step):
    """Reads each document typeset, as it will be saved (no file is read back)."""

    def __init__(self) -> None:
        self.found: list[LayoutFinding] = []

    def finished(self, document: Rendered) -> None:
        docx = document.doc.docx
        found = document_layout_problems(docx.element.body, docx.styles.element, measured(docx).rows)
        self.found += [LayoutFinding(document.name, m) for m in found]
