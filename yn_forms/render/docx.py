"""Render one Word template with docxtpl, safely.

Templates may come from users, so Jinja runs sandboxed. User text is escaped for
XML and protected from docxtpl's own post-processing (it turns ``{_{`` back into
``{{``), so ``& < > {{ }} {% %}`` print exactly as typed.

A user's template may also be broken — a tag mistyped in Word, a file saved as
.doc or damaged on a USB stick. Every such failure becomes a ``RenderError`` whose
message names the file and says in Chinese what is wrong, never a traceback.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx.opc.exceptions import OpcError
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError
from lxml.etree import LxmlError
from markupsafe import Markup, escape

from yn_forms.core.oserrors import os_reason
from yn_forms.render.budget import BudgetExceeded, render_budget
from yn_forms.render.docx_template import FormTemplate
from yn_forms.render.docxguard import UnsafeDocx, outside_references, read_checked
from yn_forms.render.sandbox import FormSandbox
from yn_forms.render.wordkind import other_word_kind, refusal

#: the document properties docxtpl renders as templates (``DocxTemplate.render_properties``)
RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


class RenderError(Exception):
    """A template could not be used; the message names the file and is meant for the clerk."""


class TemplateUnreadable(RenderError):
    """The file is not a Word document python-docx can open (not .docx, damaged, parts missing)."""


class TemplateUnsafe(TemplateUnreadable):
    """The file inflates beyond any template's size, or reaches outside the machine (``render.docxguard``)."""


#: what python-docx raises for a file that is not a complete .docx
DAMAGED_DOCX = (OpcError, zipfile.BadZipFile, KeyError, ValueError, LxmlError, EOFError)

# Jinja's English messages for the mistakes people make when typing tags in Word
_EXPLAINED: tuple[tuple[str, str], ...] = (
    (r"unexpected char '(.+?)' at \d+", "标签里有无法识别的字符 {0}（标签内请使用半角英文标点，如 ( ) , ' ）"),
    (r"Unexpected end of template\. Jinja was looking for the following tags: '(\w+)'",
     "模板结束时还有未闭合的块，缺少 {{% {0} %}}"),
    (r"Encountered unknown tag '(\w+)'", "无法识别的标签 {{% {0} %}}（拼写有误，或多了一个结束标签）"),
    (r"unexpected end of template", "标签没有写完整（缺少 }}}} 或 %}}）"),
    (r"unexpected '(.+?)', expected '(.+?)'", "标签里此处应为 {1}，实际是 {0}"),
    (r"expected token '(.+?)', got '(.+?)'", "标签写法有误：此处应为 {0}，实际是 {1}"),
    (r"unexpected '(.+?)'", "标签里多了 {0}"),
    (r"Expected an expression, got", "标签里缺少变量或值"),
    (r"expected name or number", "点号后缺少字段名"),
    (r"'(.+?)' is undefined", "使用了不存在的变量或函数 {0}"),
    (r"has no attribute '(.+?)'", "使用了不存在的字段 {0}"),
    (r"access to attribute '(.+?)' of '.+?' object is unsafe",
     "不允许使用 {0}（模板只能取表单中的字段，不能访问程序内部）"),
    (r"unsafe", "模板中有不允许的写法（只能取表单中的字段）"),
    (r"(?:repetition result|power exponent) is too large|Range too big", "模板要生成的内容过大，已拒绝"),
)
_TOKENS = {"end of print statement": "}}", "end of statement block": "%}", "end of template": "模板结尾"}


def explain_jinja_error(exc: TemplateError) -> str:
    """A Chinese reading of a Jinja error; unknown messages keep Jinja's text for support."""
    message = str(exc.message or exc)
    if isinstance(exc, BudgetExceeded):  # the sandbox's budget speaks Chinese already
        return message
    for pattern, chinese in _EXPLAINED:
        found = re.search(pattern, message)
        if found:
            return chinese.format(*(_TOKENS.get(g, g) for g in found.groups()))
    return f"模板标签有误（Jinja：{message}）"


def paragraph_text(source: str, lineno: int | None) -> str:
    """The visible text of the paragraph at *lineno* of a source split one paragraph a line."""
    if not lineno:
        return ""
    lines = source.split("\n")
    if not 0 < lineno <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()
    return text if len(text) <= 80 else text[:77] + "…"


def error_message(template: Path, exc: TemplateError, source: str | None = None) -> str:
    """“模板“名称”有误：…。出错处：“…”” — the file, the mistake in Chinese, and the paragraph it is in."""
    kind = "有语法错误" if isinstance(exc, TemplateSyntaxError) else "有误"
    where = paragraph_text(source, getattr(exc, "lineno", None)) if source else ""
    if not where:
        context = getattr(exc, "docx_context", None)  # docxtpl adds the paragraphs around the error
        if context is not None:
            where = " ".join(t.strip() for t in context if t.strip())[:80]
    text = f"模板“{template.name}”{kind}：{explain_jinja_error(exc)}"
    if where:
        text += f"。出错处：“{where}”"
    return text


def load_template(template: Path) -> DocxTemplate:
    """Open a Word template, or say in Chinese why it cannot be one."""
    return open_template(template, read_template(template))


def read_template(template: Path) -> bytes:
    """The bytes of a Word template, once its parts are known to inflate to a sane size
    (``render.docxguard``); a ``TemplateUnreadable`` in Chinese otherwise."""
    if template.suffix.lower() == ".doc":
        raise TemplateUnreadable(f"模板“{template.name}”是旧版 Word 格式（.doc），请在 Word 或 WPS 中"
                                 f"另存为 .docx 后再使用。文件：{template}")
    try:
        return read_checked(template)  # before python-docx inflates anything
    except UnsafeDocx as exc:
        raise TemplateUnsafe(f"模板“{template.name}”不能使用：{exc}。文件：{template}") from None
    except OSError as exc:
        raise TemplateUnreadable(f"无法读取模板“{template.name}”：{os_reason(exc)}。文件：{template}") from None


def open_template(template: Path, data: bytes) -> DocxTemplate:
    """The template *template* whose bytes, checked by ``read_template``, are *data*, opened by
    python-docx; refused when it reaches outside the machine."""
    try:
        doc = FormTemplate(io.BytesIO(data))
        doc.init_docx()
    except DAMAGED_DOCX:
        kind = other_word_kind(data)
        if kind is not None:
            raise TemplateUnreadable(f"模板{refusal(template.name, kind)}文件：{template}") from None
        raise TemplateUnreadable(f"模板“{template.name}”不是有效的 Word 文件（.docx），或文件已损坏。"
                                 f"请用 Word 或 WPS 打开后另存为 .docx。文件：{template}") from None
    refuse_outside_references(template, doc, "含有")
    return doc


def refuse_outside_references(template: Path, doc: DocxTemplate, verb: str) -> None:
    """``TemplateUnsafe`` listing what in *doc* reaches outside the machine (``render.docxguard``)."""
    found = outside_references(doc.docx.part.package)
    if found:
        raise TemplateUnsafe(f"模板“{template.name}”{verb}指向本机以外的内容，生成或转换 PDF 时会访问网络或其他文件，"
                             "为保证离线使用已拒绝：\n" + "\n".join(f"  {item}" for item in found)
                             + f"\n请在 Word 或 WPS 中删除这些链接、链接的图片或域后另存。文件：{template}")


def render_template(template: Path, doc: DocxTemplate, context: dict[str, Any], env: FormSandbox) -> None:
    """Render an opened template within the sandbox's budget; what goes wrong is a ``RenderError``.

    The one render every path takes (``render.steps.render_document``: ``fill``, the fit check,
    ``check-template``), so no caller can render a template outside the budget or skip the
    check of what it wrote.
    """
    try:
        with render_budget():
            doc.render(context, jinja_env=env, autoescape=True)
    except TemplateError as exc:
        raise RenderError(f"{error_message(template, exc)}。文件：{template}") from None
    except DAMAGED_DOCX:
        raise TemplateUnreadable(f"模板“{template.name}”中的部分内容已损坏，无法生成。文件：{template}") from None
    except (RecursionError, MemoryError, SyntaxError):
        # a macro calling itself; loops nested deeper than Python compiles (20); an allocation no cap foresaw
        raise RenderError(f"模板“{template.name}”有误，无法生成：模板要生成的内容过大或嵌套过深，已拒绝。"
                          f"文件：{template}") from None
    except (TypeError, AttributeError, IndexError, ArithmeticError) as exc:
        # a helper called the wrong way, e.g. pad() without its row count
        reason = "模板要生成的内容过大，已拒绝" if isinstance(exc, OverflowError) else str(exc)  # sandbox's range cap
        raise RenderError(f"模板“{template.name}”有误，无法生成：{reason}。文件：{template}") from None
    refuse_outside_references(template, doc, "生成的文件中含有")  # a template may write a field with its tags


def _literal(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    text = "" if value is None else str(value)
    escaped = str(escape(text))
    return Markup(escaped.replace("{_", "{&#95;").replace("_}", "&#95;}"))


@lru_cache(maxsize=1)
def jinja_env() -> FormSandbox:
    env = FormSandbox(autoescape=True, finalize=_literal)
    return env
