"""What a generated document says about its own typesetting, so that it prints as the attachment does.

**Line-end punctuation.** LibreOffice reads a paragraph without ``w:overflowPunct`` as allowing hanging punctuation, and
in justified Chinese text it then drops a “、”, “；” or “，” that falls at the end of a line: the
mark is missing from the page and from the PDF's text. Word's default for an omitted
``overflowPunct`` is the same as an explicit ``w:val="1"``, and LibreOffice reads that explicit
value as “no hanging punctuation” and sets the mark inside the line. Writing it into the
document defaults changes nothing in Word or WPS and keeps every character in the PDF.

**Headings at a page's foot.** LibreOffice's import of a .docx does not honour
keep-with-next on the first page after a page break when the paragraph that starts that page
keeps with its next itself (a heading, a table title): further down the same page a heading
may then be left alone at the bottom, its text on the next page. An .odt of the same
document lays out right. A page that starts with a paragraph of no height in front of that
heading (1/20 pt, exactly, holding nothing) lays out right in LibreOffice, and changes
nothing in Word, which honours keep-with-next anyway.

**Check boxes.** □ and ☑ belong to no script, so Word and LibreOffice draw each from
whichever font the text around it suggests: a box that starts a line from the Latin font's
fallback, the others from the Chinese font — and ☑, which no Chinese font has, from a
third. One line then showed boxes in two or three sizes. Every box gets a run of its own
in one symbol font, Segoe UI Symbol (on every Windows since 7, for Word and WPS); on Linux
the project's fontconfig file maps that name to OpenSymbol, installed with LibreOffice,
whose □ and ☑ are one size.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from yn_forms.render.fitting import fit_paragraphs
from yn_forms.render.layout_rows import keep_blank_rows_with_an_item
from yn_forms.render.measured import Measured, measured
from yn_forms.render.wordstyles import W_VAL, Styles

#: what ``box()`` prints, and the square a template may carry as text
BOXES = frozenset("□☑☐")
BOX_FONT = "Segoe UI Symbol"

# where overflowPunct stands among a paragraph's properties (ECMA-376 CT_PPrBase order)
_BEFORE_OVERFLOW = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
                    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
                    "w:kinsoku", "w:wordWrap")


def keep_line_end_punctuation(styles: Any) -> None:
    """Declare Word's own default, punctuation may end a line, in *styles*' document defaults
    (a ``w:styles`` element), unless the template says otherwise there."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = OxmlElement("w:pPrDefault")
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            rpr_default.addnext(ppr_default)
        else:
            defaults.append(ppr_default)
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        ppr_default.append(ppr)
    if ppr.find(qn("w:overflowPunct")) is not None:
        return
    overflow = OxmlElement("w:overflowPunct")
    overflow.set(qn("w:val"), "1")
    before = [child for child in ppr if child.tag in {qn(tag) for tag in _BEFORE_OVERFLOW}]
    if before:
        before[-1].addnext(overflow)
    else:
        ppr.insert(0, overflow)


_W_T, _W_R, _W_RPR, _W_RFONTS, _W_RSTYLE = qn("w:t"), qn("w:r"), qn("w:rPr"), qn("w:rFonts"), qn("w:rStyle")
_W_TC = qn("w:tc")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_BOX_RUNS = re.compile(f"([{''.join(sorted(BOXES))}]+)")


_BOX_FONT_ATTRS = {qn(slot): BOX_FONT for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")}


def _box_fonts(run: Any) -> None:
    """The run's fonts set to ``BOX_FONT``; elements are made inside the run's own document
    (``SubElement``), as moving a separately built one in costs lxml a namespace walk."""
    rpr = run.find(_W_RPR)
    if rpr is None:
        rpr = etree.SubElement(run, _W_RPR)
        run.insert(0, rpr)
    fonts = rpr.find(_W_RFONTS)
    if fonts is not None:
        rpr.remove(fonts)
    fonts = etree.SubElement(rpr, _W_RFONTS, _BOX_FONT_ATTRS)
    run_style = rpr.find(_W_RSTYLE)
    if run_style is not None:
        run_style.addnext(fonts)
    else:
        rpr.insert(0, fonts)


def one_font_for_boxes(body: Any, kept: Measured | None = None) -> None:
    """Give every check box of *body* a run of its own in ``BOX_FONT``, keeping the run's
    other properties (size, bold) and the text around it where it was. *kept*: what the fit check
    measured of the document (``render.measured``): a twin table's cell of no value becomes a copy of
    its model's, set once."""
    runs = []  # the runs holding a box: most runs of a document hold none
    copied: dict[Any, Any] = {}  # a twin's cell -> the same cell of its model, whose boxes are set here
    for t in body.iter(_W_T):
        text = t.text if not len(t) else "".join(t.itertext())  # a ``w:t`` holds text alone (XPath's string-value)
        if not text or BOXES.isdisjoint(text):
            continue
        run = t.getparent()
        if run is not None and run.tag == _W_R and (not runs or runs[-1] is not run):
            cell = next(run.iterancestors(_W_TC), None) if kept is not None else None
            model = kept.model_cell(cell) if kept is not None and cell is not None else None
            if model is not None:
                copied.setdefault(cell, model)
                continue
            runs.append(run)
    for run in runs:
        texts = run.findall(_W_T)
        if len(run) != len(texts) + (run.find(_W_RPR) is not None):
            continue  # a run mixing text with tabs, breaks or fields: left as the template has it
        pieces = [piece for piece in _BOX_RUNS.split("".join(t.text or "" for t in texts)) if piece]
        if len(pieces) == 1:  # nothing but boxes
            _box_fonts(run)
            continue
        for t in texts[1:]:
            run.remove(t)  # the run becomes the shell each piece is copied from
        anchor = run
        boxed = None  # the shell in the box font, made once for all the run's boxes
        for text in pieces:
            if text[0] in BOXES:
                if boxed is None:
                    boxed = copy.deepcopy(run)
                    _box_fonts(boxed)
                piece = copy.deepcopy(boxed)
            else:
                piece = copy.deepcopy(run)
            t = piece.find(_W_T)
            t.text = text
            t.set(_XML_SPACE, "preserve")
            anchor.addnext(piece)
            anchor = piece
        run.getparent().remove(run)
    for cell, model in copied.items():  # the same XML as the model's was, set the same way
        for child in list(cell):
            cell.remove(child)
        cell.extend(copy.deepcopy(child) for child in model)


def _section_starts_page(sect: Any) -> bool:
    kind = sect.find(qn("w:type")) if sect is not None else None
    return (kind.get(W_VAL) if kind is not None else "nextPage") not in ("continuous", "nextColumn")


def _ends_with_page_break(p: Any) -> bool:
    breaks = [br for br in p.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    return bool(breaks) and not "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()


def _set_toggle(p: Any, tag: str, value: bool) -> None:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    element = ppr.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        style = ppr.find(qn("w:pStyle"))
        if style is not None:
            style.addnext(element)
        else:
            ppr.insert(0, element)
    element.set(W_VAL, "1" if value else "0")


def _anchor() -> Any:
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    for name, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "1"), ("w:lineRule", "exact")):
        spacing.set(qn(name), value)
    ppr.append(spacing)
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(W_VAL, "2")
    rpr.append(size)
    ppr.append(rpr)
    p.append(ppr)
    return p


def anchor_page_starts(body: Any, styles: Any) -> None:
    """Put a paragraph of no height in front of each heading that starts a page (after a
    section break, a page break, or by 段前分页), so that LibreOffice keeps the later
    headings of that page with their text."""
    resolved = Styles(styles)
    blocks = [child for child in body if child.tag in (qn("w:p"), qn("w:tbl"))]
    sections = list(body.iter(qn("w:sectPr")))
    section = 0
    page_starts_next = False
    for block in blocks:
        is_p = block.tag == qn("w:p")
        if is_p and page_starts_next and resolved.toggle(block, "w:keepNext"):
            block.addprevious(_anchor())
        elif is_p and resolved.toggle(block, "w:pageBreakBefore") and resolved.toggle(block, "w:keepNext"):
            anchor = _anchor()
            _set_toggle(anchor, "w:pageBreakBefore", True)
            _set_toggle(block, "w:pageBreakBefore", False)
            block.addprevious(anchor)
        page_starts_next = False
        if is_p:
            sect = block.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
            if sect is not None:
                section += 1
                page_starts_next = section < len(sections) and _section_starts_page(sections[section])
            elif _ends_with_page_break(block):
                page_starts_next = True


def typeset(doc: Any, *, fit: bool = True) -> None:
    """All of the above, on a rendered document (a ``DocxTemplate``) before it is saved, and its lines
    set (``render.fitting``) unless *fit* says the document is only read."""
    kept = measured(doc.docx)  # what the fit check measured of it, and the rows read for the layout check
    keep_line_end_punctuation(doc.docx.styles.element)
    one_font_for_boxes(doc.docx.element.body, kept)
    anchor_page_starts(doc.docx.element.body, doc.docx.styles.element)
    if fit:
        fit_paragraphs(doc.docx.element.body, doc.docx.styles.element, kept)
    kept.settled.clear()  # the fit check's word on the document as rendered: not on it set
    keep_blank_rows_with_an_item(doc.docx.element.body, kept.rows)
