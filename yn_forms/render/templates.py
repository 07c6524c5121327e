"""Finding a form's templates: ``--templates`` first, then the user's folder, then ours.

A user who holds a newer official attachment can drop a file with the same name
into ``<user data dir>/templates/<form-id>/`` and every later output uses it.
Because a replaced template changes what is printed, every caller that writes
documents can also say *which* file each document came from (``document_templates``):
the CLI notes it on stderr, the GUI lists it in its result dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from yn_forms.core.formdef import FormDefinition
from yn_forms.paths import builtin_templates_dir, user_templates_dir

Origin = Literal["builtin", "user", "override"]

ORIGIN_LABELS: dict[str, str] = {"builtin": "内置模板", "user": "用户模板", "override": "指定模板"}


class TemplateMissing(Exception):
    pass


@dataclass(frozen=True)
class TemplateSource:
    """One template file as it will be used: where it is and why it was chosen."""

    name: str  # the file name the form expects (also the built-in file's name)
    title: str  # the document it produces, e.g. 云南省制造业创新中心创建申报书
    path: Path
    origin: Origin

    @property
    def builtin(self) -> bool:
        return self.origin == "builtin"

    @property
    def label(self) -> str:
        """How the origin reads to a clerk: 内置模板, or 用户模板/指定模板 with the path."""
        if self.builtin:
            return ORIGIN_LABELS["builtin"]
        return f"{ORIGIN_LABELS[self.origin]} {self.path}"

    def describe(self) -> str:
        return f"{self.name}：{self.label}"


def _candidates(form_id: str, name: str, override_dir: Path | None) -> list[tuple[Path, Origin]]:
    found: list[tuple[Path, Origin]] = []
    if override_dir is not None:
        found += [(override_dir / form_id / name, "override"), (override_dir / name, "override")]
    found += [(user_templates_dir() / form_id / name, "user"), (builtin_templates_dir() / form_id / name, "builtin")]
    return found


def template_source(form_id: str, name: str, override_dir: Path | None = None, title: str = "") -> TemplateSource:
    """The file used for template *name*: the first of override, user folder, built-in that exists."""
    candidates = _candidates(form_id, name, override_dir)
    for path, origin in candidates:
        if path.is_file():
            return TemplateSource(name, title or name, path, origin)
    raise TemplateMissing(f"找不到模板文件“{name}”（表单 {form_id}）。查找位置："
                          + "；".join(str(path.parent) for path, _ in candidates))


def template_path(form_id: str, name: str, override_dir: Path | None = None) -> Path:
    return template_source(form_id, name, override_dir).path


def document_templates(form: FormDefinition, override_dir: Path | None = None) -> list[TemplateSource]:
    """Each Word document of *form* with the template it will be filled from, in document order.

    The one answer to “which template is in use”, shared by ``fill`` (a note for
    a replaced template), ``check-template`` (the set a replacement joins) and the
    GUI's result dialog, so they can never disagree with what is rendered.
    """
    return [template_source(form.id, d.template, override_dir, d.title) for d in form.documents]


def is_builtin(template: Path) -> bool:
    """Whether *template* is one of the app's own (rendered in this process) rather than a file from
    elsewhere (read and rendered in the worker process, ``render.walls``)."""
    try:
        return Path(template).resolve().parent.parent == builtin_templates_dir().resolve()
    except OSError:
        return False
