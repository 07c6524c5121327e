"""The documents' own page numbers, as the pack takes them out.

Each document numbers its pages itself (“— 1 —” in its footer, from its second section:
the cover has none). Bound, the pages are numbered once, through the whole pack
(``render.pack.numbers``). Where a document's footer is its page number and nothing else — as
the app's own templates have it — its pages are bound from the clerk's own PDF of it, the text
of the foot taken off (``render.pack.own_numbers``), so LibreOffice converts it once:
``foot_band`` says whether that holds, and how high the foot is. Any other document (a template
of the clerk's, with a company name in its footer or the number in its header) and every Word
证明材料 is converted for the pack as an ``unnumbered_copy``: every header and footer paragraph
holding a page field (PAGE, NUMPAGES, SECTIONPAGES…) emptied — the paragraph itself and its style
stay, so the footer keeps its height and no line of the body moves. The Word files the clerk
gets are not touched.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PART = re.compile(r"word/(header|footer)\d*\.xml")
_PAGE_FIELD = re.compile(r"\b(PAGE|NUMPAGES|SECTIONPAGES)\b", re.IGNORECASE)  # not PAGEREF
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
TWIPS_PER_POINT = 20
#: what a footer may not hold for its foot to be taken off as text: a picture, a text box, a table, an object
_NOT_TEXT = ("drawing", "pict", "object", "txbxContent", "tbl")


def foot_band(source: Path) -> float | None:
    """The height (pt) of the band at the foot of every page that holds the page number and nothing else, or
    None when *source* is not laid out so (see the module's notes).

    It holds when every footer is one line holding a page field — the other paragraphs empty — no header
    holds a page field, and every section has the same bottom margin with the footer inside it: the
    body's text then never comes below that margin, and the footer's never above it."""
    with zipfile.ZipFile(source) as archive:
        for name in archive.namelist():
            kind = _PART.fullmatch(name)
            if kind and not _only_numbered(etree.fromstring(archive.read(name), _PARSER), kind.group(1)):
                return None
        body = etree.fromstring(archive.read("word/document.xml"), _PARSER)
    margins = {(m.get(f"{{{W}}}bottom"), m.get(f"{{{W}}}footer")) for m in body.iter(f"{{{W}}}pgMar")}
    if len(margins) != 1 or len(list(body.iter(f"{{{W}}}sectPr"))) != len(list(body.iter(f"{{{W}}}pgMar"))):
        return None
    bottom, footer = next(iter(margins))
    try:
        bottom_twips, footer_twips = abs(int(bottom)), int(footer or 0)
    except (TypeError, ValueError):
        return None
    return bottom_twips / TWIPS_PER_POINT if 0 <= footer_twips < bottom_twips else None


def _only_numbered(root: etree._Element, kind: str) -> bool:
    """A header without a page field, or a footer whose only text is one paragraph holding one."""
    if kind == "header":
        return not any(_holds_page_field(p) for p in root.iter(f"{{{W}}}p"))
    if any(element.tag in {f"{{{W}}}{tag}" for tag in _NOT_TEXT} for element in root.iter()):
        return False
    texts = [p for p in root.iter(f"{{{W}}}p") if "".join(t.text or "" for t in p.iter(f"{{{W}}}t")).strip()]
    return len(texts) <= 1 and all(_holds_page_field(p) for p in texts)


def unnumbered_copy(source: Path, target: Path) -> Path:
    """*source* written to *target* with the page numbers of its headers and footers taken out."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            data = archive.read(info)
            if _PART.fullmatch(info.filename):
                data = without_page_fields(data)
            out.writestr(info, data)
    return target


def without_page_fields(xml: bytes) -> bytes:
    """A header or footer part with every paragraph that holds a page field emptied (its properties kept)."""
    root = etree.fromstring(xml, _PARSER)
    emptied = False
    for paragraph in root.iter(f"{{{W}}}p"):
        if _holds_page_field(paragraph):
            for child in list(paragraph):
                if child.tag != f"{{{W}}}pPr":
                    paragraph.remove(child)
            emptied = True
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) if emptied else xml


def _holds_page_field(paragraph: etree._Element) -> bool:
    """Word may split one field's instruction over several runs: they are read together."""
    instructions = "".join(part.text or "" for part in paragraph.iter(f"{{{W}}}instrText"))
    instructions += " ".join(simple.get(f"{{{W}}}instr") or "" for simple in paragraph.iter(f"{{{W}}}fldSimple"))
    return bool(_PAGE_FIELD.search(instructions))
