"""The ``pack`` command's arguments: what ``yn-forms --help`` needs of it, without the binding's imports
(``cli`` builds every command's parser for any command, ``list`` among them)."""

from __future__ import annotations

import argparse
from pathlib import Path

DESCRIPTION = (
    "把申报材料装订为一个 PDF：第一页是目录（各附件和每项证明材料及其起始页码），其后依次是各附件和证明材料，"
    "目录之后每页页脚印有页码（从 1 起），并有书签。证明材料可以是 PDF、JPG/JPEG、PNG、TIFF 图片或 Word .docx 文件；"
    "照片按拍摄方向摆正，缩放到 A4 页面。"
    "退出码：0 已生成；1 数据有错误（加 --allow-incomplete 仍可生成）；2 文件无法使用（已说明哪个文件、为什么），"
    "未生成任何文件；3 无法写入输出文件、未找到 LibreOffice，或在 --max-mb 限制内放不下。")


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
