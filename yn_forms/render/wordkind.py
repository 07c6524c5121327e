"""What kind of Word file a “.docx” really is, for the refusal to name it.

A macro document (.docm) or a template (.dotx, .dotm) renamed to .docx is a sound file that
python-docx will not open: told it is “已损坏”, the clerk would look for a damaged file instead of
saving it as a document. The kind is read from ``[Content_Types].xml``, which names the main part's
content type.
"""

from __future__ import annotations

import io
import zipfile

_KINDS = (  # the ending of the main part's content type -> how the clerk knows the file
    ("macroEnabledTemplate.main+xml", "启用宏的 Word 模板（.dotm）"),
    ("macroEnabled.main+xml", "启用宏的 Word 文档（.docm，宏文档）"),
    ("template.main+xml", "一个 Word 模板（.dotx）"),
)
_MAX_TYPES = 256 * 1024  # [Content_Types].xml of any real document is a few kilobytes


def other_word_kind(data: bytes) -> str | None:
    """The kind of *data* if it is a Word macro document or template rather than a document; else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _MAX_TYPES:
                return None
            types = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError, RuntimeError, NotImplementedError):
        return None
    for ending, kind in _KINDS:
        if ending in types:
            return kind
    return None


def refusal(name: str, kind: str) -> str:
    """What the clerk is told of *name*, a *kind* (``other_word_kind``) renamed to .docx."""
    return (f"“{name}”是{kind}，只是扩展名被改成了 .docx，并未损坏；本程序只读取 Word 文档（.docx）。"
            "请在 Word/WPS 中打开它，另存为“Word 文档（.docx）”后再试。")
