"""``yn-forms pack``: the bound PDF made through the production path (its arguments: ``cli_pack_args``).

Kept beside ``cli`` (which holds what every command shares and the exit codes) so that the
command line stays one module a reader can hold. What the pack binds after the documents
comes from the draft (its 证明材料, in the folder beside it: ``core.enclosures.enclosure_parts``)
and from ``--enclosure TITLE=FILE``, joined by ``render.pack.parts.combine``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yn_forms.core.oserrors import is_dir
from yn_forms.render.pack import PACK_NAME

INPUT, OUTPUT = "input", "output"


class PackCommandError(Exception):
    """Why ``pack`` wrote nothing; *kind* is INPUT (exit 2: a file refused) or OUTPUT (exit 3)."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind



def output_path(form: Any, output: str) -> Path:
    """Where the pack goes: into a folder under its own name; a name without .pdf gets it."""
    path = Path(output)
    if output.endswith(("/", "\\")) or is_dir(path):
        return path / PACK_NAME.format(name=form.name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


@dataclass(frozen=True)
class Inputs:
    """What ``pack`` binds besides the documents, read and checked before anything is made."""

    items: list[Any]  # render.pack.parts.BoundItem
    replacements: list[Any]  # render.pack.parts.Replacement


def read_inputs(form: Any, data: dict[str, Any], file: Path, enclosures: Sequence[tuple[str, Path]],
                replace: Sequence[tuple[int, int, Path]]) -> Inputs:
    """The 证明材料 — those the draft (or JSON file) at *file* keeps, in the folder beside it, and those given
    with ``--enclosure`` — and the scans, every file checked (``core.enclosures``: the one attached, unchanged;
    ``render.enclosures``: safe to read); a refusal names the file."""
    from yn_forms.core.enclosures import EnclosureError, declared, enclosure_parts
    from yn_forms.render.enclosures import EnclosureFileError
    from yn_forms.render.pack.parts import combine, read_parts, read_replacements

    try:
        stored = enclosure_parts(form, data, file)
    except EnclosureError as exc:
        raise PackCommandError(f"{exc}。未生成任何文件。", INPUT) from None
    parts = combine(stored, enclosures, [(item.key, item.title) for item in declared(form)])
    try:
        return Inputs(read_parts(parts), read_replacements(replace))
    except EnclosureFileError as exc:
        raise PackCommandError(f"{exc}。未生成任何文件。", INPUT) from None


def make_pack(form: Any, data: dict[str, Any], judgement: Any, inputs: Inputs, out: Path, *,
              max_mb: float | None = None, templates: str | None = None) -> tuple[Any, Any]:
    """The documents rendered into a private folder and bound with *inputs* at *out*: (``Produced``, ``PackStep``).

    Raises ``PackCommandError`` when nothing was written, ``RenderError`` / ``TemplateMissing``
    as ``fill`` would (the caller words them as ``fill`` does).
    """
    from yn_forms.render.documents import produce
    from yn_forms.render.output import OutputError, check_destination
    from yn_forms.render.pack.step import REFUSED, PackStep

    try:
        check_destination(out)  # a read-only or open file is said before anything is made
    except OutputError as exc:
        raise PackCommandError(str(exc), OUTPUT) from None
    step = PackStep(form, out, inputs.items, replacements=inputs.replacements, max_mb=max_mb)
    with tempfile.TemporaryDirectory(prefix="yn-pack-documents-") as folder:
        try:
            result = produce(form, data, Path(folder), templates_dir=Path(templates) if templates else None,
                             judgement=judgement, steps=[step])
        except OutputError as exc:
            raise PackCommandError(str(exc), OUTPUT) from None
    if step.failure is not None:
        raise PackCommandError(step.failure.message, INPUT if step.failure.kind == REFUSED else OUTPUT)
    return result, step
