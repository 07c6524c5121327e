"""``yn-forms pack``: its arguments, and the bound PDF made through the production path.

Kept beside ``cli`` (which holds what every command shares and the exit codes) so that the
command line stays one module a reader can hold. What the pack binds after the documents
comes from the draft (its 证明材料, in the folder beside it: ``core.enclosures.enclosure_parts``)
and from ``--enclosure TITLE=FILE``, joined by ``render.pack.parts.combine``.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yn_forms.core.oserrors import is_dir
from yn_forms.render.pack import PACK_NAME

INPUT, OUTPUT = "input", "output"

DESCRIPTION = (
    "把申报材料装订为一个 PDF：第一页是目录（各附件和每项证明材料及其起始页码），其后依次是各附件和证明材料，"
    "目录之后每页页脚印有页码（从 1 起），并有书签。证明材料可以是 PDF、JPG/JPEG、PNG、TIFF 图片或 Word .docx 文件；"
    "照片按拍摄方向摆正，缩放到 A4 页面。"
    "退出码：0 已生成；1 数据有错误（加 --allow-incomplete 仍可生成）；2 文件无法使用（已说明哪个文件、为什么），"
    "未生成任何文件；3 无法写入输出文件、未找到 LibreOffice，或在 --max-mb 限制内放不下。")


class PackCommandError(Exception):
    """Why ``pack`` wrote nothing; *kind* is INPUT (exit 2: a file refused) or OUTPUT (exit 3)."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


def enclosure_argument(text: str) -> tuple[str, Path]:
    """``TITLE=FILE``: the title as the 目录 lists the item, the file to bind under it."""
    title, sep, file = text.partition("=")
    if not sep or not title.strip() or not file.strip():
        raise argparse.ArgumentTypeError(f"“{text}”应写成 标题=文件，如 营业执照=执照.jpg")
    return title.strip(), Path(file.strip())


def replace_argument(text: str) -> tuple[int, int, Path]:
    """``PAGES=FILE``: a page (``3``) or pages (``5-6``) of the pack, as its feet number them, and the scan."""
    from yn_forms.render.pack.parts import page_range

    pages, sep, file = text.partition("=")
    try:
        found = page_range(pages) if sep and file.strip() else None
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if found is None:
        raise argparse.ArgumentTypeError(f"“{text}”应写成 页码=扫描件，如 3=盖章页.pdf 或 5-6=签字页.pdf")
    return found[0], found[1], Path(file.strip())


def add_arguments(parser: argparse.ArgumentParser, form_help: str, file_help: str) -> None:
    parser.add_argument("form", metavar="ID", help=form_help)
    parser.add_argument("file", metavar="FILE", help=file_help)
    parser.add_argument("-o", "--output", required=True, metavar="OUT.pdf",
                        help="装订版 PDF 文件；给出文件夹时写入其中，文件名为“表单名称-申报材料（装订版）.pdf”")
    parser.add_argument("--enclosure", action="append", default=[], type=enclosure_argument, metavar="标题=文件",
                        help="一份证明材料：标题写在目录中（可用通知列出的证明材料名称，也可自拟），"
                             "同一标题可给出多个文件，按给出的顺序装订；可重复使用")
    parser.add_argument("--max-mb", type=_positive, metavar="N",
                        help="网上提交用：把图片压缩（打印尺寸下不低于每英寸 150 点），使文件不超过 N MB"
                             "（1 MB 按 1,000,000 字节计）")
    parser.add_argument("--replace", action="append", default=[], type=replace_argument, metavar="页码=扫描件",
                        help="盖章后：用扫描件（PDF 或图片）替换装订版的这些页，如 3=盖章页.pdf、5-6=签字页.pdf；"
                             "页码按装订版页脚的页码计，扫描件页数须相同；可重复使用")
    parser.add_argument("--allow-incomplete", action="store_true", help="数据有错误时也生成")
    parser.add_argument("--templates", metavar="DIR", help="使用此文件夹中的模板")


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是数字") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("大小限制应大于 0")
    return value


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
