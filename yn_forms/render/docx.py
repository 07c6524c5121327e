"""Render one Word template with docxtpl, safely.

Templates may come from users, so Jinja runs sandboxed. User text is escaped for
XML and protected from docxtpl's own post-processing (it turns ``{_{`` back into
``{{``), so ``& < > {{ }} {% %}`` print exactly as typed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape


class RenderError(Exception):
    pass


def _literal(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    text = "" if value is None else str(value)
    escaped = str(escape(text))
    return Markup(escaped.replace("{_", "{&#95;").replace("_}", "&#95;}"))


@lru_cache(maxsize=1)
def jinja_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=True, finalize=_literal)
    return env


def render_docx(template: Path, context: dict[str, Any], out: Path) -> None:
    try:
        doc = DocxTemplate(str(template))
        doc.render(context, jinja_env=jinja_env(), autoescape=True)
    except TemplateError as exc:
        raise RenderError(f"模板“{template.name}”有误，无法生成：{exc}") from None
    doc.save(str(out))
