"""Finding a form's templates: ``--templates`` first, then the user's folder, then ours.

A user who holds a newer official attachment can drop a file with the same name
into ``<user data dir>/templates/<form-id>/`` and every later output uses it.
"""

from __future__ import annotations

from pathlib import Path

from yn_forms.paths import builtin_templates_dir, user_templates_dir


class TemplateMissing(Exception):
    pass


def template_path(form_id: str, name: str, override_dir: Path | None = None) -> Path:
    candidates = []
    if override_dir is not None:
        candidates += [override_dir / form_id / name, override_dir / name]
    candidates += [user_templates_dir() / form_id / name, builtin_templates_dir() / form_id / name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise TemplateMissing(f"找不到模板文件“{name}”（表单 {form_id}）。查找位置："
                          + "；".join(str(c.parent) for c in candidates))
