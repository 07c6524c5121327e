"""docxtpl's ``DocxTemplate``, its passes over the XML around the Jinja render done with less work.

Around the render docxtpl puts each paragraph on a line of its own and back with regular expressions
whose thousands of replacements are each built in Python: here by replacing the text. After it,
docxtpl goes over the whole document twice more, in Python, for what a form rarely holds:
``resolve_listing`` turns tabs, line and page breaks written in a value into Word's elements (three
nested regular-expression passes over every paragraph and run: a tenth of a second at 100 member
units, for values that hold none), and ``fix_tables`` re-counts every cell of every row (six
thousand) to widen a table's grid where a ``{%tc for %}`` loop made more columns than the grid has,
or narrow it where fewer. Here both do exactly what docxtpl does, on only what they could change:
the paragraphs holding one of those characters, and the tables whose rows do not already match
their grid. The document is byte for byte docxtpl's.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from typing import Any

import docxtpl
from docxtpl import DocxTemplate
from jinja2 import Template, TemplateError
from lxml import etree

from yn_forms.render import kept

PATCHED = "patched-templates"  # docxtpl's clean-up of each part's tags, by the part's text (``render.kept``)

_LISTED = "\t\a\n\f"  # what ``resolve_listing`` turns into Word's elements
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", flags=re.DOTALL)  # docxtpl's own pattern


def _rows_wider(ns: str) -> tuple[etree.XPath, etree.XPath, etree.XPath]:
    """For a table: its rows of more cells than *$c*; its rows whose cells span *$c* columns or more (each
    cell its first ``gridSpan``, else one); the spans not written as plain digits (counted apart)."""
    w = {"w": ns}
    spans = "w:tc/w:tcPr[1]/w:gridSpan[1]"
    return (etree.XPath("count(.//w:tr[count(w:tc) > $c])", namespaces=w),
            etree.XPath(f"count(.//w:tr[count(w:tc) + sum({spans}/@w:val) - count({spans}) >= $c])",
                        namespaces=w),
            etree.XPath(f"count(.//w:tr/{spans}[not(@w:val) or translate(@w:val, '0123456789', '') != ''"
                        " or string-length(@w:val) > 9])", namespaces=w))


_QUERIES = functools.lru_cache(maxsize=4)(_rows_wider)


class FormTemplate(DocxTemplate):
    """``DocxTemplate`` (see the module's docstring)."""

    def patch_xml(self, src_xml: str) -> str:
        """docxtpl's clean-up of the tags Word split over runs (a dozen regular expressions over the whole part,
        30 ms a fill): a function of the part's text alone, kept between runs under a hash of that text and
        docxtpl's version, signed as the compiled templates are (``render.kept``)."""
        text = src_xml.encode("utf-8", "surrogatepass")
        key = hashlib.sha256(f"docxtpl {docxtpl.__version__}\n".encode() + text).digest()
        found = kept.load(PATCHED, key)
        if found is not None:
            try:
                return found.decode("utf-8", "surrogatepass")
            except UnicodeDecodeError:
                pass
        patched = super().patch_xml(src_xml)
        kept.store(PATCHED, key, patched.encode("utf-8", "surrogatepass"))
        return patched

    def render_xml_part(self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None) -> str:
        """docxtpl's, each paragraph on a line of its own for Jinja's line numbers by plain replacing (its
        regular expression builds each of thousands of replacements in Python)."""
        src_xml = src_xml.replace("<w:p ", "\n<w:p ").replace("<w:p>", "\n<w:p>")
        try:
            self.current_rendering_part = part
            template = jinja_env.from_string(src_xml) if jinja_env else Template(src_xml)
            dst_xml = template.render(context)
        except TemplateError as exc:
            if getattr(exc, "lineno", None) is not None:
                line_number = max(exc.lineno - 4, 0)
                exc.docx_context = map(lambda x: re.sub(r"<[^>]+>", "", x),  # type: ignore[attr-defined]
                                       src_xml.splitlines()[line_number:line_number + 7])
            raise exc
        dst_xml = dst_xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        dst_xml = dst_xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        return self.resolve_listing(dst_xml)

    def resolve_listing(self, xml: str) -> str:
        if not any(mark in xml for mark in _LISTED):
            return xml
        # docxtpl's pass on one paragraph matches that paragraph alone, as the pass on the whole does
        whole = super().resolve_listing
        return _PARAGRAPH.sub(lambda m: whole(m.group(0)) if any(c in m.group(0) for c in _LISTED)
                              else m.group(0), xml)

    def fix_tables(self, xml: str) -> etree._Element:
        parser = etree.XMLParser(recover=True)
        tree = etree.fromstring(xml, parser=parser)
        ns = "{" + tree.nsmap["w"] + "}"
        wider, spanning, odd = _QUERIES(tree.nsmap["w"])
        for t in tree.iter(ns + "tbl"):
            grid = t.find(ns + "tblGrid")
            if grid is not None and not odd(t):
                columns = float(len(grid.findall(ns + "gridCol")))
                reached = spanning(t, c=columns)
                if not wider(t, c=columns) and not math.isnan(reached) and (reached or not columns):
                    continue  # no row has more cells than the grid, and one spans all of it: left as it is
            _fix_table(t, ns)
        return tree


def _fix_table(t: etree._Element, ns: str) -> None:
    """docxtpl's ``fix_tables`` on one table (its loop's body, as written there)."""
    tblGrid = t.find(ns + "tblGrid")
    columns = tblGrid.findall(ns + "gridCol")
    to_add = 0
    for r in t.iter(ns + "tr"):
        cells = r.findall(ns + "tc")
        if (len(columns) + to_add) < len(cells):
            to_add = len(cells) - len(columns)
    if to_add > 0:
        width = 0.0
        new_average = None
        for c in columns:
            if c.get(ns + "w") is not None:
                width += float(c.get(ns + "w"))
        if width > 0:
            old_average = width / len(columns)
            new_average = width / (len(columns) + to_add)
            for c in columns:
                c.set(ns + "w", str(int(float(c.get(ns + "w")) * new_average / old_average)))
            for _ in range(to_add):
                etree.SubElement(tblGrid, ns + "gridCol", {ns + "w": str(int(new_average))})
    columns = tblGrid.findall(ns + "gridCol")
    columns_len = len(columns)
    cells_len_max = 0

    def get_cell_len(total: int, cell: etree._Element) -> int:
        tc_pr = cell.find(ns + "tcPr")
        grid_span = None if tc_pr is None else tc_pr.find(ns + "gridSpan")
        if grid_span is not None:
            return total + int(grid_span.get(ns + "val"))
        return total + 1

    for r in t.iter(ns + "tr"):
        cells = r.findall(ns + "tc")
        cells_len = functools.reduce(get_cell_len, cells, 0)
        cells_len_max = max(cells_len_max, cells_len)
    to_remove = columns_len - cells_len_max
    if to_remove > 0:
        removed_width = 0.0
        for c in columns[-to_remove:]:
            removed_width += float(c.get(ns + "w"))
            tblGrid.remove(c)
        columns_left = tblGrid.findall(ns + "gridCol")
        extra_space = 0
        if len(columns_left) > 0:
            extra_space = int(removed_width / len(columns_left))
        for c in columns_left:
            c.set(ns + "w", str(int(float(c.get(ns + "w")) + extra_space)))
