"""What a generated document says about its own typesetting, so that it prints as the attachment does.

**Line-end punctuation.** LibreOffice reads a paragraph without ``w:overflowPunct`` as allowing hanging punctuation, and
in justified Chinese text it then drops a “、”, “；” or “，” that falls at the end of a line: the
mark is missing from the page and from the PDF's text. Word's default for an omitted
``overflowPunct`` is the same as an explicit ``w:val="1"``, and LibreOffice reads that explicit
value as “no hanging punctuation” and sets the mark inside the line. Writing it into the
document defaults changes nothing in Word or WPS and keeps every character in the PDF.

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
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

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


def _box_fonts(run: Any) -> None:
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run.insert(0, rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        rpr.remove(fonts)
    fonts = OxmlElement("w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), BOX_FONT)
    rStyle = rpr.find(qn("w:rStyle"))
    if rStyle is not None:
        rStyle.addnext(fonts)
    else:
        rpr.insert(0, fonts)


def one_font_for_boxes(body: Any) -> None:
    """Give every check box of *body* a run of its own in ``BOX_FONT``, keeping the run's
    other properties (size, bold) and the text around it where it was."""
    for run in list(body.iter(qn("w:r"))):
        texts = run.findall(qn("w:t"))
        if not any(BOXES & set(t.text or "") for t in texts):
            continue
        if len(run) != len(texts) + (run.find(qn("w:rPr")) is not None):
            continue  # a run mixing text with tabs, breaks or fields: left as the template has it
        pieces: list[tuple[str, bool]] = []
        for t in texts:
            for ch in t.text or "":
                is_box = ch in BOXES
                if pieces and pieces[-1][1] == is_box:
                    pieces[-1] = (pieces[-1][0] + ch, is_box)
                else:
                    pieces.append((ch, is_box))
        if pieces == [(pieces[0][0], True)]:
            _box_fonts(run)
            continue
        anchor = run
        for text, is_box in pieces:
            piece = copy.deepcopy(run)
            for t in piece.findall(qn("w:t"))[1:]:
                piece.remove(t)
            t = piece.find(qn("w:t"))
            t.text = text
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            if is_box:
                _box_fonts(piece)
            anchor.addnext(piece)
            anchor = piece
        run.getparent().remove(run)
