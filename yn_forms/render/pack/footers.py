"""The documents as the pack binds them: the same files, their own page numbers taken out.

Each document numbers its pages itself (“— 1 —” in its footer, from its second section:
the cover has none). Bound, the pages are numbered once, through the whole pack
(``render.pack.numbers``), so the copy LibreOffice converts for the pack has every header
and footer paragraph holding a page field (PAGE, NUMPAGES, SECTIONPAGES…) emptied — the
paragraph itself and its style stay, so the footer keeps its height and no line of the body
moves. The Word files the clerk gets are not touched.
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
