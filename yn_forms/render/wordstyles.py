"""Reading a .docx's properties as Word resolves them: a paragraph's or run's own value, else its
style's along the ``basedOn`` chain, else the document defaults.

Shared by the measures of printed text (``render.measure``: sizes, spacing, indents of cells,
for the fit check) and the typesetting pass (``render.typesetting``: which paragraphs keep with
the next or start a page).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from lxml.etree import _Element

#: WordprocessingML's namespace (ECMA-376 Part 1), the only prefix the render's lookups use
W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@cache
def qn(tag: str) -> str:
    """The Clark name of a prefixed *tag* ("w:p" → "{…/main}p"), remembered: the fit check asks for the same few
    dozen names tens of thousands of times on a large application. Made here rather than with python-docx's
    ``qn``: the 汇总表's writer reads these styles and need not import python-docx for a string (≈ 50 ms)."""
    prefix, _, name = tag.partition(":")
    if prefix == "w":
        return f"{{{W_NAMESPACE}}}{name}"
    from docx.oxml.ns import qn as docx_qn  # any other prefix: python-docx's map of them

    return docx_qn(tag)
W_VAL = qn("w:val")
W_PPR = qn("w:pPr")
W_PSTYLE = qn("w:pStyle")


def int_value(value: str | None, default: int = 0) -> int:
    try:
        return int(float(value)) if value is not None else default
    except ValueError:
        return default


PropertiesKey = tuple[tuple[Any, tuple[tuple[str, str], ...]], ...]


def properties_key(element: _Element | None) -> PropertiesKey:
    """What an element of properties (``w:pPr``, ``w:rPr``) says, as a key: every element in it with its
    attributes, in order. Not its serialization: that carries every namespace the document declares, a
    kilobyte for each of thousands of paragraphs and runs."""
    if element is None:
        return ()
    return tuple((e.tag, tuple(e.items())) for e in element.iter())


def is_on(element: _Element | None) -> bool | None:
    """An OOXML on/off property: None when absent."""
    if element is None:
        return None
    return element.get(W_VAL, "true") not in ("0", "false", "off")


class Styles:
    """The style sheet of one document, for following a paragraph's or run's properties
    through its style chain down to ``docDefaults``, as Word does."""

    def __init__(self, styles: _Element | None) -> None:
        self.by_id: dict[str, _Element] = {}
        self.default_paragraph: str | None = None
        self.doc_rpr: _Element | None = None
        self.doc_ppr: _Element | None = None
        self._chains: dict[str | None, list[_Element]] = {}
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._keyed: tuple[_Element, tuple[str | None, PropertiesKey]] | None = None
        self._styled: tuple[_Element, str | None] | None = None
        if styles is None:
            return
        for style in styles.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if style_id:
                self.by_id[style_id] = style
                if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
                    self.default_paragraph = style_id
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is not None:
            self.doc_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
            self.doc_ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")

    def chain(self, style_id: str | None) -> list[_Element]:
        """The style and those it is based on, nearest first (a cycle is cut); worked out once per style."""
        known = self._chains.get(style_id)
        if known is None:
            known = self._chains[style_id] = self._chain(style_id)
        return known

    def _chain(self, style_id: str | None) -> list[_Element]:
        out: list[_Element] = []
        while style_id and style_id in self.by_id and len(out) < 20:
            style = self.by_id[style_id]
            if style in out:
                break
            out.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return out

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        found = style.find(qn("w:name")) if style is not None else None
        return found.get(qn("w:val"), "") if found is not None else ""

    def paragraph_style(self, p: _Element) -> str | None:
        """The paragraph's style id (the default paragraph style when it names none); remembered for the
        last paragraph asked about, as its measures are asked for one after another."""
        if self._styled is not None and self._styled[0] is p:
            return self._styled[1]
        return self._style_of(p, p.find(W_PPR))

    def _style_of(self, p: _Element, ppr: _Element | None) -> str | None:
        found = ppr.find(W_PSTYLE) if ppr is not None else None
        style = found.get(W_VAL) if found is not None else self.default_paragraph
        self._styled = (p, style)
        return style

    def paragraph_key(self, p: _Element) -> tuple[str | None, PropertiesKey]:
        """What a paragraph's measures depend on: its style and its own properties. Thousands of
        cells share a handful of these, so each measure is worked out once per key (and the key
        once per paragraph: its measures are asked for one after another)."""
        if self._keyed is not None and self._keyed[0] is p:
            return self._keyed[1]
        ppr = p.find(W_PPR)
        style = self._styled[1] if self._styled is not None and self._styled[0] is p else self._style_of(p, ppr)
        key = style, properties_key(ppr)
        self._keyed = (p, key)
        return key

    def remembered(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = compute()
        return found

    def ppr_chain(self, p: _Element) -> list[_Element]:
        """Where a paragraph's properties may be set, strongest first."""
        out = [x for x in [p.find(qn("w:pPr"))] if x is not None]
        out += [x for s in self.chain(self.paragraph_style(p)) if (x := s.find(qn("w:pPr"))) is not None]
        return out + ([self.doc_ppr] if self.doc_ppr is not None else [])

    def toggle(self, p: _Element, tag: str) -> bool:
        """An on/off paragraph property (``w:keepNext``, ``w:pageBreakBefore``) as it applies to *p*."""
        for container in self.ppr_chain(p):
            found = container.find(qn(tag))
            if found is not None:
                return bool(is_on(found))
        return False

    def rpr_chain(self, run: _Element, p: _Element) -> list[_Element]:
        """Where a run's properties may be set, strongest first (table styles are not followed)."""
        rpr = run.find(qn("w:rPr"))
        out = [rpr] if rpr is not None else []
        run_style = rpr.find(qn("w:rStyle")) if rpr is not None else None
        if run_style is not None:
            out += [x for s in self.chain(run_style.get(qn("w:val"))) if (x := s.find(qn("w:rPr"))) is not None]
        out += [x for s in self.chain(self.paragraph_style(p)) if (x := s.find(qn("w:rPr"))) is not None]
        return out + ([self.doc_rpr] if self.doc_rpr is not None else [])


def attr(chain: list[_Element], child: str, *names: str) -> str | None:
    """The first value of attribute *names* on *child* along *chain* (OOXML merges attribute by attribute)."""
    for container in chain:
        element = container.find(qn(child))
        if element is None:
            continue
        for name in names:
            value = element.get(qn(name))
            if value is not None:
                return value
    return None


