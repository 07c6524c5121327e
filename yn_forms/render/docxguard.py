"""What a Word file from elsewhere may hold: parts of a sane size, and nothing that reaches outside.

A replacement template is untrusted. Two things in it can hurt before a single tag is
rendered, and neither is a matter of Jinja:

- **Its size.** A .docx is a zip; a few kilobytes may inflate to gigabytes (a zip bomb).
  python-docx reads each part whole, so every part's declared size (an XML part, which
  is parsed and rendered, far less than a picture), its compression ratio and the total
  are checked first, and then each part is actually inflated in
  chunks and counted, so a header that lies gains nothing. ``read_checked`` does this on
  the bytes it hands to python-docx (one read: the file cannot change in between).
- **What it points at.** Word files may hold relationships to the outside world (a
  linked image, a hyperlink, an OLE link, an attached template, a sub-document) and
  fields that fetch (``INCLUDEPICTURE``, ``INCLUDETEXT``, ``LINK``, ``DDE``…). LibreOffice
  follows some of them while converting to PDF, so a template carrying any of them would
  make the offline tool go online. They are **refused**, not removed: a template that
  reaches outside was made by someone to do so, and a clerk can remove a hyperlink in
  Word in a minute; a refusal leaves nothing to trust in a removal being complete.
  ``outside_references`` lists them in any opened package — the template as read, and
  the document as rendered (a template may *write* a field with its tags).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

MAX_FILE_BYTES = 50 * 1024 * 1024  # a Word template is a few hundred kilobytes
MAX_PART_BYTES = 64 * 1024 * 1024  # one part, inflated (a picture may be large)
MAX_XML_BYTES = 8 * 1024 * 1024  # one XML part, inflated: rendering costs grow with it (built-in: under 0.5 MB)
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # every part, inflated
MAX_RATIO = 200  # inflated : compressed, for parts over RATIO_FROM (text XML compresses 5–30 times)
RATIO_FROM = 1024 * 1024
MAX_PARTS = 10_000
_CHUNK = 1024 * 1024

#: the XML namespaces of Word's own markup, of Office's OLE objects and of VML drawings
_WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OFFICE_NS = "urn:schemas-microsoft-com:office:office"
_VML_NS = "urn:schemas-microsoft-com:vml"
_FLD_CHAR, _INSTR, _DEL_INSTR, _FLD_SIMPLE = (f"{{{_WORD_NS}}}{n}" for n in ("fldChar", "instrText",
                                                                           "delInstrText", "fldSimple"))
_OLE_OBJECT = f"{{{_OFFICE_NS}}}OLEObject"
_VML_SOURCES = (f"{{{_VML_NS}}}imagedata", f"{{{_VML_NS}}}fill", f"{{{_VML_NS}}}image", f"{{{_VML_NS}}}textpath")
_FIELD_TAGS = (_FLD_CHAR, _INSTR, _DEL_INSTR, _FLD_SIMPLE, _OLE_OBJECT, *_VML_SOURCES)

#: fields that fetch content when a document is opened, printed or converted
FETCHING_FIELDS = {
    "INCLUDEPICTURE": "插入外部图片的域 INCLUDEPICTURE",
    "INCLUDETEXT": "插入外部文字的域 INCLUDETEXT",
    "INCLUDE": "插入外部文字的域 INCLUDE",
    "IMPORT": "导入外部图片的域 IMPORT",
    "LINK": "链接外部对象的域 LINK",
    "DDE": "动态数据交换域 DDE",
    "DDEAUTO": "动态数据交换域 DDEAUTO",
    "RD": "引用外部文档的域 RD",
}
#: relationship kinds, as the clerk would call what carries them
_RELATIONSHIP_NAMES = (
    ("image", "链接的外部图片"),
    ("hyperlink", "指向外部的超链接"),
    ("oleObject", "OLE 链接对象"),
    ("attachedTemplate", "附加的外部模板"),
    ("subDocument", "外部子文档"),
    ("frame", "外部框架内容"),
    ("aFChunk", "外部内容块"),
    ("externalLinkPath", "外部数据链接"),
)
#: parts that hold another program's content, which may itself hold links LibreOffice follows
_EMBEDDED_NAMES = (("oleObject", "嵌入的 OLE 对象"), ("aFChunk", "嵌入的其他格式内容（altChunk）"),
                   ("control", "ActiveX 控件"), ("activeX", "ActiveX 控件"))
_SCHEME = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|\\\\|//)", re.IGNORECASE)
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)


class UnsafeDocx(Exception):
    """The file is too big once inflated, or reaches outside the machine; the message is for the clerk."""


class DeclaresDtd(UnsafeDocx):
    """A part of the file declares a DTD (``<!DOCTYPE``, ``<!ENTITY``); the message names the part."""


def size_text(count: int) -> str:
    """1.5 GB, 64 MB, 300 KB: how the clerk's file manager would say it."""
    for unit, scale in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{count} 字节"


def read_checked(path: Path) -> bytes:
    """The bytes of *path*, once its zip parts are known to inflate to a sane size.

    Raises ``UnsafeDocx`` naming the part and its size; ``OSError`` is the caller's.
    A file that is not a zip at all passes: python-docx then says it is no Word file.
    """
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UnsafeDocx(f"文件有 {size_text(size)}，超过模板允许的 {size_text(MAX_FILE_BYTES)}")
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise UnsafeDocx(f"文件超过模板允许的 {size_text(MAX_FILE_BYTES)}")
    check_archive(data)
    return data


def check_archive(data: bytes, *, xml_cap: int = MAX_XML_BYTES, total_cap: int = MAX_TOTAL_BYTES,
                  ratio: bool = True) -> None:
    """Refuse a zip whose parts inflate beyond the caps, by their headers and by inflating them.

    The caps are a template's; a filled application read back (``render.wordin``) may hold far
    more text in its XML, and passes its own. *ratio* False: a file the app wrote itself (a
    rendered document, repeating rows compress well), only its sizes are checked. Every XML part is
    looked into for a DTD on the way (``_Prolog``)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError):
        return
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise UnsafeDocx(f"文件中有 {len(infos):,} 个部件，超过允许的 {MAX_PARTS:,} 个")
        declared = 0
        for info in infos:
            _check_declared(info, xml_cap, ratio)
            declared += info.file_size
            if declared > total_cap:
                raise UnsafeDocx(f"文件解压后超过 {size_text(total_cap)}（已超出：{size_text(declared)}），"
                                 "可能是恶意构造的压缩文件")
        inflated = 0
        for info in infos:
            inflated += _inflated_size(archive, info, xml_cap)
            if inflated > total_cap:
                raise UnsafeDocx(f"文件解压后超过 {size_text(total_cap)}，可能是恶意构造的压缩文件")


def _part_cap(name: str, xml_cap: int) -> int:
    return xml_cap if name.lower().endswith((".xml", ".rels")) else MAX_PART_BYTES


def _check_declared(info: zipfile.ZipInfo, xml_cap: int, ratio: bool = True) -> None:
    cap = _part_cap(info.filename, xml_cap)
    if info.file_size > cap:
        raise UnsafeDocx(f"其中的“{info.filename}”解压后有 {size_text(info.file_size)}，超过允许的 "
                         f"{size_text(cap)}，可能是恶意构造的压缩文件")
    if ratio and info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise UnsafeDocx(f"其中的“{info.filename}”压缩比异常（{size_text(info.compress_size)} 解压后为 "
                         f"{size_text(info.file_size)}），可能是恶意构造的压缩文件")


def _inflated_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo, xml_cap: int) -> int:
    """The part's real inflated size, counted in chunks and never past the cap (headers can lie);
    an XML part declaring a DTD is refused on the way (``_Prolog``)."""
    count, cap = 0, _part_cap(info.filename, xml_cap)
    prolog = _Prolog(info.filename)
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                count += len(chunk)
                if count > cap:
                    raise UnsafeDocx(f"其中的“{info.filename}”解压后超过 {size_text(cap)}，可能是恶意构造的压缩文件")
                prolog.feed(chunk)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, ValueError, RuntimeError):
        return count  # damaged or encrypted: python-docx reports it as a damaged file
    return count


#: what declares a DTD, as it is written in the encodings a part may be in (UTF-8 and its ASCII subset, UTF-16)
_DTD_MARKS = tuple(mark.encode(encoding) for mark in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
                   for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
_DTD_OVERLAP = max(map(len, _DTD_MARKS))
_PROLOG_PIECE = 4096
_PROLOG_BYTES = 1024 * 1024  # what lxml is fed looking for the first element


class _Prolog:
    """Whether a part is XML that declares a DTD (``<!DOCTYPE``, and the ``<!ENTITY`` declarations
    only one can hold) — refused, since no part of a Word or Excel file has one.

    An entity a part declares for itself is not expanded by python-docx or openpyxl (they read with
    entities off): the reference stays in what they save, without its declaration, and the file
    written is not well-formed (LibreOffice refuses it); other programs would expand it. lxml reads
    the part's start, in whatever encoding it declares, up to its first element (where a DTD must
    come); the marks are looked for in the whole part too, as a net for what lxml cannot read."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._parser: etree.XMLPullParser | None = etree.XMLPullParser(
            events=("start",), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        self._xml: bool | None = None  # None: not known yet
        self._fed = 0
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        if self._xml is None:
            self._xml = _looks_like_xml(self.name, chunk)
        if not self._xml:
            return
        window = self._tail + chunk
        if any(mark in window for mark in _DTD_MARKS):
            self._refuse()
        self._tail = window[-_DTD_OVERLAP:]
        for start in range(0, len(chunk), _PROLOG_PIECE):
            self._fed += _PROLOG_PIECE
            if self._parser is None or self._fed > _PROLOG_BYTES:
                self._parser = None  # a start longer than any real file's: the marks alone decide
                return
            try:  # a little at a time: lxml builds the tree of all it is fed, and only the start is wanted
                self._parser.feed(chunk[start:start + _PROLOG_PIECE])
                for _event, element in self._parser.read_events():
                    info = element.getroottree().docinfo
                    if info.doctype or info.internalDTD is not None or info.system_url:
                        self._refuse()
                    self._parser = None  # past the prolog: no DTD can come any more
                    break
            except etree.LxmlError:
                self._parser = None  # not XML lxml reads: the marks alone decide

    def _refuse(self) -> None:
        raise DeclaresDtd(f"其中的“{self.name}”含有文档类型定义（DOCTYPE 或 ENTITY 声明），"
                         "Word 和 Excel 文件中不会有这种内容，可能是恶意构造的文件")


def _looks_like_xml(name: str, start: bytes) -> bool:
    """A part named as XML, or whose first bytes are markup (after a byte-order mark or blanks, in
    UTF-8 or UTF-16): pictures and other binary parts are not looked into."""
    if name.lower().endswith((".xml", ".rels", ".vml")):
        return True
    head = start[:64].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    return head.startswith(b"<")


# --- what reaches outside ---------------------------------------------------------------------


def outside_references(package: Any, *, hyperlinks: bool = True) -> list[str]:
    """Everything in an opened python-docx *package* that points outside the machine, described.

    Relationships of the package and of every part, the fields of every XML part (as
    Word writes them, in runs, or as ``fldSimple``), OLE objects, ActiveX controls and
    VML images with a source of their own. *hyperlinks* False leaves out the links a reader
    may click (a relationship or a HYPERLINK field): nothing follows them while converting, and
    a 证明材料 file keeps its web address as text (``render.enclosures``).
    """
    found: list[str] = []
    for owner, rels in _all_rels(package):
        for rel in rels.values():
            kind = rel.reltype.rsplit("/", 1)[-1]
            if rel.is_external and kind == "hyperlink" and not hyperlinks:
                continue
            if rel.is_external:
                found.append(f"{owner}中{_name(kind, _RELATIONSHIP_NAMES, '指向外部的关系')}"
                             f"（{_short(rel.target_ref)}）")
            else:
                embedded = _name(kind, _EMBEDDED_NAMES, "")
                if embedded:
                    found.append(f"{owner}中{embedded}")
    for part in package.iter_parts():
        if not _holds_text(part.content_type):
            continue
        root = _xml_of(part)
        if root is not None:
            found += [f"{_where(part.partname)}中{what}" for what in _fetching_content(root, hyperlinks)]
    return list(dict.fromkeys(found))


def _holds_text(content_type: str) -> bool:
    """Parts whose runs may hold fields and objects: the body, headers, footers, notes, comments,
    the glossary (styles, numbering, fonts and settings hold none, and are the big ones)."""
    if not content_type.endswith("xml"):
        return False
    if "wordprocessingml" not in content_type:
        return content_type in ("application/xml", "text/xml")
    return not any(f".{kind}+xml" in content_type for kind in _NO_TEXT_PARTS)


_NO_TEXT_PARTS = ("styles", "numbering", "fontTable", "settings", "webSettings")


def _all_rels(package: Any) -> Iterator[tuple[str, Any]]:
    yield "文件本身", package.rels
    for part in package.iter_parts():
        yield _where(part.partname), part.rels


_PLACES = (("/word/document.xml", "正文"), ("/word/header", "页眉"), ("/word/footer", "页脚"),
           ("/word/footnotes", "脚注"), ("/word/endnotes", "尾注"), ("/word/comments", "批注"),
           ("/word/glossary/", "文档部件"))


def _where(partname: str) -> str:
    """Where in the document, as Word names it (正文, 页眉 …); another part by its name in the package."""
    return next((place for prefix, place in _PLACES if partname.startswith(prefix)), f"“{partname}”")


def _name(kind: str, names: tuple[tuple[str, str], ...], default: str) -> str:
    return next((name for key, name in names if kind.lower().startswith(key.lower())), default)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _xml_of(part: Any) -> Any:
    """The part's XML tree: python-docx's own for the parts it knows, parsed safely for the others."""
    element = getattr(part, "_element", None)
    if element is not None:
        return element
    if not part.content_type.endswith("xml"):
        return None
    blob = part.blob
    if isinstance(blob, str):
        blob = blob.encode("utf-8")
    if not any(key in blob for key in (b"instr", b"OLEObject", b"imagedata", b"fill", b"image", b"textpath")):
        return None
    try:
        return etree.fromstring(blob, _SAFE_XML)
    except etree.LxmlError:
        return None


def _fetching_content(root: Any, hyperlinks: bool = True) -> Iterator[str]:
    """Fields that fetch, OLE objects and VML sources in *root*, in document order."""
    fields: list[list[str]] = []  # the instruction text of each field being read (fields nest)
    checked: list[bool] = []
    for element in root.iter(*_FIELD_TAGS):
        tag = element.tag
        if tag == _FLD_SIMPLE:
            yield from _field_finding(element.get(f"{{{_WORD_NS}}}instr") or "", hyperlinks)
        elif tag == _FLD_CHAR:
            kind = element.get(f"{{{_WORD_NS}}}fldCharType")
            if kind == "begin":
                fields.append([])
                checked.append(False)
            elif fields and kind in ("separate", "end"):
                if not checked[-1]:
                    checked[-1] = True
                    yield from _field_finding("".join(fields[-1]), hyperlinks)
                if kind == "end":
                    fields.pop()
                    checked.pop()
        elif tag in (_INSTR, _DEL_INSTR):
            if fields:
                fields[-1].append(element.text or "")
            else:
                yield from _field_finding(element.text or "", hyperlinks)
        elif tag == _OLE_OBJECT:
            yield "OLE 对象" + ("（链接）" if element.get("Type") == "Link" else "")
        else:
            for name, value in element.attrib.items():
                if (name.endswith("}href") or name in ("src", f"{{{_OFFICE_NS}}}href")) and _SCHEME.match(value or ""):
                    yield f"链接的外部图片（{_short(value)}）"
    for parts in fields:  # a field never closed still counts
        yield from _field_finding("".join(parts), hyperlinks)


def _field_finding(instruction: str, hyperlinks: bool = True) -> Iterator[str]:
    words = instruction.split()
    if not words:
        return
    keyword = words[0].upper()
    if keyword in FETCHING_FIELDS:
        yield f"{FETCHING_FIELDS[keyword]}（{_short(' '.join(words))}）"
    elif hyperlinks and keyword == "HYPERLINK" and len(words) > 1 and not words[1].startswith("\\"):
        yield f"指向外部的超链接域 HYPERLINK（{_short(' '.join(words))}）"
