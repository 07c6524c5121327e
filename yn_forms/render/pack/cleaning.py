"""A page of someone else's PDF, as the pack binds it: what it shows, and nothing it could do.

A PDF downloaded or exported elsewhere may carry links, JavaScript and other actions, form
fields, attached files, comments. The pack is paper and its copy online: it keeps what the
page prints and nothing that acts. Each annotation that prints (its Print flag set, not
hidden) — a filled form field, an electronic seal (电子印章, often a signature field's
appearance), a stamp, a drawn mark — is drawn into the page as the picture it shows
(its appearance stream, placed on its rectangle as PDF's rules for appearances say);
then every annotation goes, with the page's own actions (``/AA``) and article beads. Links,
JavaScript, file attachments and sounds are never drawn. The document's catalogue — its
opening action, its JavaScript and attached files, its form — is not copied at all: the pack
takes pages, not documents (``render.pack.binder``).
"""

from __future__ import annotations

from typing import Any

from pypdf import PageObject, PdfWriter
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, FloatObject, NameObject, StreamObject

PRINT, HIDDEN, NO_VIEW = 4, 2, 32  # annotation flags (PDF 12.5.3)
NEVER_DRAWN = {"/Link", "/Popup", "/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D", "/Text"}
PAGE_ACTIONS = ("/Annots", "/AA", "/B")


def add_clean(writer: PdfWriter, page: PageObject) -> PageObject:
    """*page* added to *writer* without its annotations and actions, what of them prints drawn into it."""
    drawn: list[tuple[NameObject, StreamObject, list[float]]] = []
    annotations = page.get("/Annots")
    annotations = annotations.get_object() if annotations is not None else []
    for index, ref in enumerate(annotations if isinstance(annotations, ArrayObject) else []):
        try:
            found = _appearance(ref.get_object())
            if found is not None:
                drawn.append((NameObject(f"/YNAnnot{index}"), found[0].clone(writer), found[1]))
        except Exception:  # a damaged annotation is dropped, as an action would be
            continue
    added = writer.add_page(page, excluded_keys=PAGE_ACTIONS)
    if drawn:
        _draw(added, drawn)
    return added


def _appearance(annotation: Any) -> tuple[StreamObject, list[float]] | None:
    """The appearance to draw for *annotation* and the matrix placing it, or None if it does not print."""
    if not isinstance(annotation, DictionaryObject) or annotation.get("/Subtype") in NEVER_DRAWN:
        return None
    flags = int(annotation.get("/F", 0))
    if not flags & PRINT or flags & (HIDDEN | NO_VIEW):
        return None
    appearances = annotation.get("/AP")
    normal = appearances.get_object().get("/N") if appearances is not None else None
    normal = normal.get_object() if normal is not None else None
    if isinstance(normal, DictionaryObject) and not isinstance(normal, StreamObject):  # one per state (a tick box)
        state = annotation.get("/AS")
        normal = normal.get(state).get_object() if state is not None and state in normal else None
    if not isinstance(normal, StreamObject) or "/BBox" not in normal:
        return None
    rect = [float(v) for v in annotation["/Rect"]]
    return normal, _placing(rect, [float(v) for v in normal["/BBox"]],
                            [float(v) for v in normal.get("/Matrix", [1, 0, 0, 1, 0, 0])])


def _placing(rect: list[float], bbox: list[float], matrix: list[float]) -> list[float]:
    """PDF 12.5.5: the form's box, through its matrix, mapped onto the annotation's rectangle."""
    a, b, c, d, e, f = matrix
    corners = [(x, y) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
    xs = [a * x + c * y + e for x, y in corners]
    ys = [b * x + d * y + f for x, y in corners]
    left, right = sorted((rect[0], rect[2]))
    bottom, top = sorted((rect[1], rect[3]))
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    sx = (right - left) / width if width else 1.0
    sy = (top - bottom) / height if height else 1.0
    return [sx, 0, 0, sy, left - min(xs) * sx, bottom - min(ys) * sy]


def _draw(page: PageObject, drawn: list[tuple[NameObject, StreamObject, list[float]]]) -> None:
    """The appearances laid over the page as form XObjects, through a blank page merged onto it."""
    overlay = PageObject.create_blank_page(width=page.mediabox.width, height=page.mediabox.height)
    overlay.mediabox.lower_left = page.mediabox.lower_left
    overlay.mediabox.upper_right = page.mediabox.upper_right
    xobjects = DictionaryObject()
    content = ContentStream(None, None)
    for name, stream, matrix in drawn:
        xobjects[name] = stream.indirect_reference if stream.indirect_reference is not None else stream
        content.operations += [([], b"q"), ([FloatObject(v) for v in matrix], b"cm"), ([name], b"Do"), ([], b"Q")]
    overlay[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    overlay[NameObject("/Contents")] = content
    page.merge_page(overlay)
