"""Authoring kit for the official-attachment templates (not used at run time).

The .docx templates under ``templates/`` are real Word files a user may open,
edit or replace; this kit is how we author them reproducibly: A4 pages, East Asian
fonts set on every style, bordered tables laid out on a column grid with merged
label cells, page numbers in the footer, and docxtpl tags in the cells.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

SONG = "宋体"
FANGSONG = "仿宋"
HEI = "黑体"
KAI = "楷体"
LATIN = "Times New Roman"

TEXT_WIDTH_CM = 15.6  # A4 21 cm less 2.8 cm left and 2.6 cm right margins


def set_fonts(rpr_owner, east_asian: str, latin: str = LATIN) -> None:
    """Set both the Latin and the East Asian font: Word ignores a CJK font given only as ``w:ascii``."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    # □, ☑ and “ ” are East-Asian-ambiguous: without the hint Word and LibreOffice draw them
    # from the Latin font at the start of a cell and from the CJK font after Chinese text,
    # so boxes in one row came out in two sizes
    fonts.set(qn("w:hint"), "eastAsia")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


@dataclass
class StyleSpec:
    name: str
    font: str
    size: float
    bold: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    first_line_chars: float = 0  # first-line indent in characters (2 for body text)
    line_exact: float | None = None  # exact line spacing in points
    space_before: float = 0
    space_after: float = 0
    keep_with_next: bool = False
    right_indent_cm: float = 0


STYLES = [
    StyleSpec("YN Mark", HEI, 16),
    StyleSpec("YN Title", HEI, 22, align=WD_ALIGN_PARAGRAPH.CENTER, line_exact=36),
    StyleSpec("YN Subtitle", KAI, 16, align=WD_ALIGN_PARAGRAPH.CENTER, line_exact=30),
    StyleSpec("YN Cover Label", HEI, 16, line_exact=40),
    StyleSpec("YN Cover Value", FANGSONG, 16, line_exact=40),
    StyleSpec("YN Cover Suffix", HEI, 12, line_exact=40),
    StyleSpec("YN Cover Footer", HEI, 16, align=WD_ALIGN_PARAGRAPH.CENTER, line_exact=30),
    StyleSpec("YN Table Title", HEI, 14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=8,
              keep_with_next=True),
    StyleSpec("YN Cell", SONG, 10.5, align=WD_ALIGN_PARAGRAPH.CENTER),
    StyleSpec("YN Cell Left", SONG, 10.5, align=WD_ALIGN_PARAGRAPH.LEFT),
    StyleSpec("YN Cell Right", SONG, 10.5, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_cm=1.0),
    StyleSpec("YN Cell Text", SONG, 10.5, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_chars=2),
    StyleSpec("YN Cell Heading", HEI, 10.5, align=WD_ALIGN_PARAGRAPH.LEFT, keep_with_next=True),
    StyleSpec("YN H1", HEI, 16, line_exact=28, space_before=6, keep_with_next=True,
              first_line_chars=2),
    StyleSpec("YN H2", KAI, 16, bold=True, line_exact=28, keep_with_next=True, first_line_chars=2),
    StyleSpec("YN Body", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_chars=2,
              line_exact=28),
    StyleSpec("YN Footer", SONG, 14, align=WD_ALIGN_PARAGRAPH.CENTER),
    StyleSpec("YN Small", FANGSONG, 14, line_exact=28),
    StyleSpec("YN Joint", SONG, 1, line_exact=1),  # keeps two tables apart without a visible gap
]


def new_document(title: str, subject: str, comments: str) -> Document:
    doc = Document()
    props = doc.core_properties
    props.title = title
    props.subject = subject
    props.comments = comments
    props.author = "yn-forms"
    props.language = "zh-CN"
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.3)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(1.2)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    set_fonts(normal.element, SONG)
    normal.paragraph_format.space_after = Pt(0)
    # docDefaults too, so text outside our styles is never in a Latin-only font
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            fonts = rpr_default.find(qn("w:rPr")).find(qn("w:rFonts"))
            if fonts is not None:
                fonts.set(qn("w:eastAsia"), SONG)
                for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    fonts.attrib.pop(qn(attr), None)
                fonts.set(qn("w:ascii"), LATIN)
                fonts.set(qn("w:hAnsi"), LATIN)
    for spec in STYLES:
        style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.size = Pt(spec.size)
        style.font.bold = spec.bold
        set_fonts(style.element, spec.font)
        fmt = style.paragraph_format
        if spec.align is not None:
            fmt.alignment = spec.align
        if spec.first_line_chars:
            ppr = style.element.get_or_add_pPr()
            ind = OxmlElement("w:ind")
            ind.set(qn("w:firstLineChars"), str(int(spec.first_line_chars * 100)))
            ind.set(qn("w:firstLine"), str(int(spec.first_line_chars * spec.size * 20)))
            ppr.append(ind)
        if spec.line_exact:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(spec.line_exact)
        fmt.space_before = Pt(spec.space_before)
        fmt.space_after = Pt(spec.space_after)
        fmt.keep_with_next = spec.keep_with_next
        if spec.right_indent_cm:
            fmt.right_indent = Cm(spec.right_indent_cm)
        fmt.widow_control = True
    return doc


def east_asian_run(run) -> None:
    """Mark a run's ambiguous characters (□ ☑ “ ”) as East Asian, in the run itself: LibreOffice
    ignores the hint on styles and would draw a □ that starts a line from the Latin font."""
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:hint"), "eastAsia")
    run._r.get_or_add_rPr().insert(0, fonts)


def para(doc_or_cell, text: str = "", style: str = "YN Body", *, page_break_before: bool = False):
    p = doc_or_cell.add_paragraph(style=style)
    if text:
        east_asian_run(p.add_run(text))
    if page_break_before:
        p.paragraph_format.page_break_before = True
    return p


def heading_with_prompt(doc, heading: str, prompt: str):
    """A YN H1 heading with, on its next line, what the answer is to cover (楷体, 四号).

    One paragraph, not two: LibreOffice may leave a heading alone at the foot of a page
    when a chain of keep-with-next paragraphs follows it, never a single heading."""
    p = para(doc, heading, "YN H1")
    run = p.add_run()
    run.add_break()
    run = p.add_run(IDEOGRAPHIC_INDENT + prompt)
    run.font.size = Pt(14)
    set_fonts(run._r, KAI)
    return p


IDEOGRAPHIC_INDENT = "\u3000\u3000"  # the two-character indent of the line above


def page_break(doc) -> None:
    doc.add_paragraph(style="YN Small").add_run().add_break(WD_BREAK.PAGE)


def _page_field(paragraph) -> None:
    """A PAGE field as Word writes it (begin, instruction, separate, result, end)."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"),
                       ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def page_numbers(section, *, start: int | None = None) -> None:
    """“— N —” centred in the footer of *section*, optionally restarting at *start*."""
    section.footer.is_linked_to_previous = False
    footer_p = section.footer.paragraphs[0]
    footer_p.style = "YN Footer"
    footer_p.add_run("— ")
    _page_field(footer_p)
    footer_p.add_run(" —")
    if start is not None:
        sect_pr = section._sectPr
        num = OxmlElement("w:pgNumType")
        num.set(qn("w:start"), str(start))
        sect_pr.append(num)


def new_section(doc):
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    return section


Part = str | tuple[str, str]  # a paragraph's text, or (text, style) to override the cell's style
Text = str | list[Part]


@dataclass
class Cell:
    """One cell on a table grid. ``text`` may hold docxtpl tags; a list makes several paragraphs."""

    text: Text = ""
    span: int = 1
    vmerge: str | None = None  # "restart" or "continue"
    style: str = "YN Cell"
    top: bool = False  # text from the top (a tall answer cell), not centred


@dataclass
class Row:
    cells: list[Cell]
    height_cm: float = 0.75
    tag_row: bool = False  # a row that only carries a {%tr %} tag
    cant_split: bool = True
    header: bool = False
    keep_with_next: bool = False  # print on the same page as the next row


def L(text: Text, span: int = 1, vmerge: str | None = None) -> Cell:
    """A label cell (centred)."""
    return Cell(text, span, vmerge, "YN Cell")


def V(text: Text, span: int = 1, vmerge: str | None = None,
      style: str = "YN Cell Left", top: bool = False) -> Cell:
    """A value cell (left aligned)."""
    return Cell(text, span, vmerge, style, top)


def T(tag: str) -> Row:
    """A row holding only a docxtpl ``{%tr … %}`` tag; docxtpl removes it when rendering."""
    return Row([Cell(tag, 0)], tag_row=True, height_cm=0.3)


def union_grid(*layouts: list[float]) -> list[float]:
    """The column grid on which rows of the given cell widths (cm) all lie: their edges merged."""
    edges = sorted({round(sum(layout[:i]), 2) for layout in layouts for i in range(len(layout) + 1)})
    return [round(b - a, 2) for a, b in pairwise(edges)]


def spans(grid: list[float], layout: list[float]) -> list[int]:
    """How many columns of *grid* each cell of *layout* covers (its edges must be grid edges)."""
    edges = [round(sum(grid[:i]), 2) for i in range(len(grid) + 1)]
    out, start, pos = [], 0, 0.0
    for width in layout:
        pos = round(pos + width, 2)
        end = edges.index(pos)
        out.append(end - start)
        start = end
    return out


def grid_row(grid: list[float], layout: list[float], cells: list[Cell], **row) -> Row:
    """A row of *cells* with the widths of *layout* (cm), spanning the columns of *grid* those widths cover.

    Lets a table mix rows of different shapes (label/value pairs, a row of years, a
    list's header) while each row is written in the widths it prints at."""
    assert len(cells) == len(layout), [c.text for c in cells]
    for cell, span in zip(cells, spans(grid, layout), strict=True):
        cell.span = span
    return Row(cells, **row)


def regrid(base: list[float], rows: list[Row], own: dict[int, list[float]]) -> tuple[list[float], list[Row]]:
    """The rows of a table laid out on *base* (cm), with the rows numbered in *own* set in widths of
    their own: the grid both lie on, and every row's spans on it. A row whose names or posts need
    more room than the table's columns give (a four-character name, a seven-character 职务) is
    widened without moving the other rows' cells."""
    grid = union_grid(base, *own.values())
    out = []
    for n, row in enumerate(rows):
        if row.tag_row:
            out.append(row)
            continue
        if n in own:
            layout = own[n]
        else:
            layout, col = [], 0
            for cell in row.cells:
                layout.append(round(sum(base[col:col + cell.span]), 2))
                col += cell.span
        for cell, span in zip(row.cells, spans(grid, layout), strict=True):
            cell.span = span
        out.append(row)
    return grid, out


def field_title(model, name: str) -> str:
    """The printed label of field *name* of *model*: form models copy their titles from the attachment."""
    return model.model_fields[name].title


@dataclass
class TableSpec:
    widths_cm: list[float]
    rows: list[Row] = field(default_factory=list)
    borders: bool = True


def _set_cell_width(cell, width_cm: float) -> None:
    cell.width = Cm(width_cm)


def _set_vmerge(cell, value: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    vm = OxmlElement("w:vMerge")
    if value == "restart":
        vm.set(qn("w:val"), "restart")
    tc_pr.append(vm)


def _write(cell, text: Text, style: str) -> None:
    parts = text if isinstance(text, list) else [text]
    first = cell.paragraphs[0]
    for i, part in enumerate(parts):
        part_text, part_style = part if isinstance(part, tuple) else (part, style)
        p = first if i == 0 else cell.add_paragraph()
        p.style = part_style
        if part_text:
            east_asian_run(p.add_run(part_text))


def add_table(doc, spec: TableSpec):
    ncols = len(spec.widths_cm)
    assert abs(sum(spec.widths_cm) - TEXT_WIDTH_CM) < 0.05, sum(spec.widths_cm)
    table = doc.add_table(rows=0, cols=ncols)
    table.style = "Table Grid" if spec.borders else None
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "57")  # 0.1 cm: narrow cells keep a phone number on one line
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)
    for i, grid_col in enumerate(table._tbl.tblGrid.findall(qn("w:gridCol"))):
        grid_col.set(qn("w:w"), str(int(spec.widths_cm[i] / 2.54 * 1440)))
    for row_spec in spec.rows:
        row = table.add_row()
        row.height = Cm(row_spec.height_cm)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        tr_pr = row._tr.get_or_add_trPr()
        if row_spec.cant_split:
            tr_pr.append(OxmlElement("w:cantSplit"))
        if row_spec.header:
            tr_pr.append(OxmlElement("w:tblHeader"))
        if row_spec.tag_row:
            merged = row.cells[0].merge(row.cells[ncols - 1])
            _write(merged, row_spec.cells[0].text, "YN Cell Left")
            continue
        col = 0
        assert sum(c.span for c in row_spec.cells) == ncols, [c.text for c in row_spec.cells]
        # python-docx maps a vMerge-continue cell onto the cell above when it lists a
        # row's cells, so vertical merges are marked only after the row is laid out
        pending = []
        for cell_spec in row_spec.cells:
            cell = row.cells[col]
            if cell_spec.span > 1:
                cell = cell.merge(row.cells[col + cell_spec.span - 1])
            _set_cell_width(cell, sum(spec.widths_cm[col:col + cell_spec.span]))
            cell.vertical_alignment = (WD_CELL_VERTICAL_ALIGNMENT.TOP if cell_spec.top
                                       else WD_CELL_VERTICAL_ALIGNMENT.CENTER)
            _write(cell, cell_spec.text, cell_spec.style)
            if cell_spec.vmerge:
                pending.append((cell, cell_spec.vmerge))
            col += cell_spec.span
        for cell, value in pending:
            _set_vmerge(cell, value)
        if row_spec.keep_with_next:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True
    return table


def underline_bottom(cell) -> None:
    """Only a bottom border under a cover-page value, like the blank line of the printed cover."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "8")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    tc_pr.append(borders)


def joint(doc) -> None:
    """A 1-point paragraph between two tables, so each keeps its own grid and header rows
    while they print as one form."""
    para(doc, "", "YN Joint")


def cover_table(doc, fields: list[tuple[str, str] | tuple[str, str, str]], *, label_cm: float = 4.4,
                suffix_cm: float = 0.0, indent_cm: float = 0.5, height_cm: float = 1.1):
    """The label / underlined-value lines of a cover page.

    *fields* are ``(label, template text)`` or ``(label, template text, suffix)``; a suffix
    such as “（盖章）” prints after the line in its own column of *suffix_cm*, and lines
    without one run on through that column. Labels are spread over their cell (分散对齐).
    """
    value_cm = TEXT_WIDTH_CM - 2 * indent_cm - label_cm - suffix_cm
    widths = [indent_cm, label_cm, value_cm, *([suffix_cm] if suffix_cm else []), indent_cm]
    spec = TableSpec(widths, borders=False)
    for label, value, *rest in fields:
        cells = [Cell(""), Cell(label, style="YN Cover Label")]
        if not suffix_cm:
            assert not rest, f"{label}: a suffix needs suffix_cm"
            cells.append(Cell(value, style="YN Cover Value"))
        elif rest:
            cells += [Cell(value, style="YN Cover Value"), Cell(rest[0], style="YN Cover Suffix")]
        else:
            cells.append(Cell(value, span=2, style="YN Cover Value"))
        spec.rows.append(Row([*cells, Cell("")], height_cm=height_cm))
    table = add_table(doc, spec)
    for row in table.rows:
        underline_bottom(row.cells[2])
        row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
    return table


def blank_lines(doc, count: int, style: str = "YN Cover Value") -> None:
    for _ in range(count):
        para(doc, "", style)


def cover_page(doc, *, mark: str, titles: list[str], fields: list[tuple[str, ...]], footer: list[str],
               gaps: tuple[int, int, int] = (2, 2, 3), label_cm: float = 4.4, suffix_cm: float = 0.0,
               indent_cm: float = 0.5) -> None:
    """A cover as the attachments print it: 附件N, the title lines, the field lines and, at
    the foot, the issuing department; *gaps* are the blank lines before each of the three."""
    para(doc, mark, "YN Mark")
    blank_lines(doc, gaps[0])
    for title in titles:
        para(doc, title, "YN Title")
    blank_lines(doc, gaps[1])
    cover_table(doc, fields, label_cm=label_cm, suffix_cm=suffix_cm, indent_cm=indent_cm)
    blank_lines(doc, gaps[2])
    for line in footer:
        para(doc, line, "YN Cover Footer")


def outline_document(title: str, mark: str, note: str, subtitle: str):
    """A 方案/计划书 written to an outline: 附件N, the title, the project's name, page numbers.

    Returns the document for the caller to add the outline's headings and answers.
    """
    doc = new_document(title, mark, note)
    page_numbers(doc.sections[0])
    para(doc, mark, "YN Mark")
    para(doc, "", "YN Body")
    para(doc, title, "YN Title")
    para(doc, subtitle, "YN Subtitle")
    para(doc, "", "YN Body")
    return doc


# docxtpl snippets; the helpers they call (box, blank, paras, pad) live in yn_forms.render.context

DATE_LINE = "年    月    日"


def boxes(var: str, options: list[str], other: str | None = None, sep: str = "  ", width: int = 6) -> str:
    """□/☑ options of a choice field; 其他/其它 carries its text in the brackets."""
    parts = []
    for opt in options:
        if other and opt in ("其他", "其它"):
            parts.append(f"{{{{ box({var}, '{opt}') }}}}{opt}（{{{{ blank({other}, {width}) }}}}）")
        else:
            parts.append(f"{{{{ box({var}, '{opt}') }}}}{opt}")
    return sep.join(parts)


def para_loop(var: str, *, in_cell: bool = True) -> list[str]:
    """Paragraphs printing a multi-line answer one paragraph per paragraph typed.

    In a cell an empty answer still leaves one empty paragraph: a cell without any
    is not valid WordprocessingML (Word reports the file as damaged)."""
    items = f"paras({var}) or ['']" if in_cell else f"paras({var})"
    return [f"{{%p for t in {items} %}}", "{{ t }}", "{%p endfor %}"]


def text_block(doc, var: str, style: str = "YN Body") -> None:
    """Body paragraphs printing a multi-line answer as typed."""
    for text in para_loop(var, in_cell=False):
        para(doc, text, style)


def seal_cell(signature: str, *, statement: str = "", room: int = 4, date: str = DATE_LINE,
              more: Sequence[Part] = ()) -> list[Part]:
    """An opinion / 盖章 cell: an optional statement, *room* blank lines to write or stamp in,
    then the signature line and the 年 月 日 line, right aligned.

    *more* goes between the two: further signature lines that share the date, e.g. a
    joint applicant's seal wrapped in ``{%p if … %}`` so it prints only when there is one."""
    parts: list[Part] = [""]
    if statement:
        parts += [(statement, "YN Cell Text"), ""]
    parts += [""] * room
    parts += [(signature, "YN Cell Right"), *more, (date, "YN Cell Right"), ""]
    return parts


def save(doc, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    reproducible_zip(path)


FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def reproducible_zip(path: Path) -> None:
    """Rewrite an Office file with fixed entry times, so rebuilding unchanged templates changes no bytes."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time as 'modified'
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)
