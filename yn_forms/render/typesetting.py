"""What a generated document says about its own typesetting, so that LibreOffice prints every character.

LibreOffice reads a paragraph without ``w:overflowPunct`` as allowing hanging punctuation, and
in justified Chinese text it then drops a “、”, “；” or “，” that falls at the end of a line: the
mark is missing from the page and from the PDF's text. Word's default for an omitted
``overflowPunct`` is the same as an explicit ``w:val="1"``, and LibreOffice reads that explicit
value as “no hanging punctuation” and sets the mark inside the line. Writing it into the
document defaults changes nothing in Word or WPS and keeps every character in the PDF.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

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
