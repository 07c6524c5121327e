"""Replacement templates made to reach outside the machine or to inflate without end.

Each is the built-in 附件1 of the 创新中心 with one hostile thing added, the way Word
writes it: a picture linked (not embedded) from a URL, a hyperlink, an OLE object linked to
a remote workbook, an attached template on a server, fields that fetch (``INCLUDEPICTURE``
in runs, ``INCLUDETEXT`` as a simple field in the footer, ``LINK``, ``DDEAUTO``), and a
field that only exists once the template's own tags have run. ``zip_bomb`` builds a .docx
whose body inflates far beyond any template without writing that much to disk.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from yn_forms.paths import builtin_templates_dir

FORM = "innovation-centre"
TABLES = "附件1-云南省制造业创新中心创建申报书.docx"
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
}
ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
_DECLS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())


def _xml(text: str):
    """One element written as Word writes it (namespaces declared on a wrapper, then dropped)."""
    return etree.fromstring(f"<w:body {_DECLS}>{text}</w:body>")[0]


def _paragraph(inner: str):
    return _xml(f"<w:p>{inner}</w:p>")


def _add_to_body(doc, element) -> None:
    body = doc.element.body
    body.insert(len(body) - 1, element)  # before the section properties


def linked_image(doc, url: str) -> None:
    rid = doc.part.relate_to(url, RT.IMAGE, is_external=True)
    _add_to_body(doc, _paragraph(
        '<w:r><w:drawing><wp:inline><wp:extent cx="952500" cy="952500"/><wp:docPr id="901" name="远程图片"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        '<pic:nvPicPr><pic:cNvPr id="901" name="remote.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:link="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        '</wp:inline></w:drawing></w:r>'))


def hyperlink(doc, url: str) -> None:
    rid = doc.part.relate_to(url, RT.HYPERLINK, is_external=True)
    _add_to_body(doc, _paragraph(f'<w:hyperlink r:id="{rid}"><w:r><w:t>工信厅网站</w:t></w:r></w:hyperlink>'))


def ole_link(doc, url: str) -> None:
    rid = doc.part.relate_to(url, RT.OLE_OBJECT, is_external=True)
    _add_to_body(doc, _paragraph(
        '<w:r><w:object><v:shape id="_x0000_i1025" style="width:100pt;height:50pt"/>'
        f'<o:OLEObject Type="Link" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" r:id="{rid}" '
        'UpdateMode="Always"><o:LinkType>EnhancedMetaFile</o:LinkType></o:OLEObject></w:object></w:r>'))


def attached_template(doc, url: str) -> None:
    part = doc.part._settings_part
    rid = part.relate_to(url, ATTACHED_TEMPLATE, is_external=True)
    part.element.insert(0, _xml(f'<w:attachedTemplate r:id="{rid}"/>'))


def _complex_field(instruction: str) -> str:
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            # Word splits an instruction over runs as it pleases: the keyword is cut in two here
            f'<w:r><w:instrText xml:space="preserve"> {instruction[:7]}</w:instrText></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{instruction[7:]} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>图</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def include_picture(doc, url: str) -> None:
    _add_to_body(doc, _paragraph(_complex_field(f'INCLUDEPICTURE "{url}" \\d')))


def include_text_in_footer(doc, url: str) -> None:
    footer = doc.sections[0].footer
    footer._element.append(_paragraph(f'<w:fldSimple w:instr=" INCLUDETEXT &quot;{url}&quot; "><w:r><w:t>文</w:t>'
                                      '</w:r></w:fldSimple>'))


def link_field(doc, url: str) -> None:
    _add_to_body(doc, _paragraph(_complex_field(f'LINK Excel.Sheet.12 "{url}" "Sheet1!R1C1" \\a \\t')))


def dde_field(doc, url: str) -> None:
    _add_to_body(doc, _paragraph(f'<w:fldSimple w:instr=" DDEAUTO Excel &quot;{url}&quot; R1C1 "><w:r><w:t>x</w:t>'
                                 '</w:r></w:fldSimple>'))


def field_written_by_tags(doc, url: str) -> None:
    """The keyword is only there once Jinja has run: nothing to see in the file as saved."""
    _add_to_body(doc, _paragraph(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {{{{ \'INCLUDE\' ~ \'PICTURE\' }}}} "{url}" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'))


#: kind → (how it is added, a word the refusal must name)
OUTSIDE: dict[str, tuple[Callable, str]] = {
    "linked image": (linked_image, "图片"),
    "hyperlink": (hyperlink, "超链接"),
    "OLE link": (ole_link, "OLE"),
    "attached template": (attached_template, "附加的外部模板"),
    "INCLUDEPICTURE": (include_picture, "INCLUDEPICTURE"),
    "INCLUDETEXT in the footer": (include_text_in_footer, "INCLUDETEXT"),
    "LINK": (link_field, "LINK"),
    "DDEAUTO": (dde_field, "DDEAUTO"),
    "field written by tags": (field_written_by_tags, "INCLUDEPICTURE"),
}


def reaching_out(folder: Path, kind: str, url: str) -> Path:
    """The built-in 附件1 with the hostile *kind* added, saved under its own name in *folder*."""
    folder.mkdir(parents=True, exist_ok=True)
    doc = Document(str(builtin_templates_dir() / FORM / TABLES))
    OUTSIDE[kind][0](doc, url)
    path = folder / TABLES
    doc.save(str(path))
    return path


def zip_bomb(folder: Path, inflated_mb: int = 200, *, lie: bool = False) -> Path:
    """The built-in 附件1 whose word/document.xml inflates to *inflated_mb* MB (a few hundred KB on disk).

    Written through zipfile from a stream of chunks, so the test never holds or writes the
    inflated text. With *lie*, the headers claim the part is a few kilobytes.
    """
    return inflating(folder, builtin_templates_dir() / FORM / TABLES, "word/document.xml", inflated_mb, lie=lie)


def inflating(folder: Path, source: Path, part_name: str, inflated_mb: int, *, lie: bool = False) -> Path:
    """A copy of the Office file *source* (same name, in *folder*) whose *part_name* inflates to *inflated_mb* MB."""
    folder.mkdir(parents=True, exist_ok=True)
    original = zipfile.ZipFile(source)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            if info.filename != part_name:
                bomb.writestr(info, original.read(info))
                continue
            with bomb.open(part_name, "w", force_zip64=True) as part:
                part.write(original.read(info))
                chunk = b" " * (1024 * 1024)  # white space after the root element: still the same XML
                for _ in range(inflated_mb):
                    part.write(chunk)
    data = buffer.getvalue()
    if lie:
        data = _claim_small(data, part_name)
    path = folder / source.name
    path.write_bytes(data)
    return path


def _claim_small(data: bytes, name: str) -> bytes:
    """Rewrite the part's declared inflated size to 4 KB in its central directory entry."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(name)
    archive.close()
    out = bytearray(data)
    encoded = name.encode()
    at = out.find(b"PK\x01\x02")
    while at != -1:
        name_len = int.from_bytes(out[at + 28:at + 30], "little")
        if bytes(out[at + 46:at + 46 + name_len]) == encoded:
            if int.from_bytes(out[at + 24:at + 28], "little") == 0xFFFFFFFF:  # zip64: the size is in the extra field
                extra_at = at + 46 + name_len
                out[extra_at + 4:extra_at + 12] = (4096).to_bytes(8, "little")
            else:
                out[at + 24:at + 28] = (4096).to_bytes(4, "little")
            break
        at = out.find(b"PK\x01\x02", at + 4)
    assert info.file_size > 4096
    return bytes(out)
