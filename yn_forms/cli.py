"""The command line, ``yn-forms`` (also ``python -m yn_forms``), per DESIGN.md.

Exit codes: 0 success (warnings allowed); 1 the data has errors; 2 bad input or
usage (unreadable file, another form's draft, unknown form); 3 an output could
not be written (folder not writable, file open in Word, LibreOffice missing).
Heavy libraries are imported inside the commands that need them, so ``list`` and
``validate`` start quickly.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERRORS, EXIT_BAD_INPUT, EXIT_OUTPUT = 0, 1, 2, 3


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


def _form(form_id: str):
    from yn_forms.forms import FORMS, UnknownForm, get_form

    try:
        return get_form(form_id)
    except UnknownForm:
        raise CliError(f"没有表单“{form_id}”。可用的表单：{'、'.join(FORMS)}") from None


def _load(form, path: str) -> dict[str, Any]:
    from yn_forms.core.draft import DraftError, load_for_form

    try:
        loaded = load_for_form(Path(path), form)
    except DraftError as exc:
        raise CliError(str(exc)) from None
    if loaded.migrated_from is not None:
        _err(f"提示：{path} 的数据已从版本 {loaded.migrated_from} 升级到 {loaded.schema_version}")
    return loaded.data


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _print_problems(problems, stream=None) -> None:
    stream = stream or sys.stdout
    for p in problems:
        label = "错误" if p.is_error else "警告"
        stream.write(f"{label}\t{p.path or '/'}\t{p.title}：{p.message}\n")
    errors = sum(p.is_error for p in problems)
    stream.write(f"共 {errors} 个错误，{len(problems) - errors} 个警告\n")


def cmd_list(args: argparse.Namespace) -> int:
    from yn_forms.forms import FORMS

    for form in FORMS.values():
        _out(f"{form.id}\t{form.name}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from yn_forms.core.schema import form_schema

    _out(json.dumps(form_schema(_form(args.form)), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_example(args: argparse.Namespace) -> int:
    _out(json.dumps(_form(args.form).example(), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from yn_forms.core.validation import has_errors, validate

    form = _form(args.form)
    problems = validate(form, _load(form, args.file))
    if args.json:
        _out(json.dumps([p.as_json() for p in problems], ensure_ascii=False, indent=2))
    else:
        _print_problems(problems)
    return EXIT_ERRORS if has_errors(problems) else EXIT_OK


def cmd_fill(args: argparse.Namespace) -> int:
    from yn_forms.core.validation import has_errors, validate
    from yn_forms.render.documents import fill_documents
    from yn_forms.render.output import OutputError
    from yn_forms.render.templates import TemplateMissing

    form = _form(args.form)
    data = _load(form, args.file)
    problems = validate(form, data)
    if has_errors(problems) and not args.allow_incomplete:
        _err("数据有错误，未生成文件（如需生成未完成的草稿，请加 --allow-incomplete）：")
        _print_problems(problems, sys.stderr)
        return EXIT_ERRORS
    if problems:
        _print_problems(problems, sys.stderr)
    templates = Path(args.templates) if args.templates else None
    try:
        paths = fill_documents(form, data, Path(args.output), templates)
    except (OutputError, TemplateMissing) as exc:
        raise CliError(str(exc), EXIT_OUTPUT) from None
    for path in paths:
        _out(str(path))
    if args.pdf:
        from yn_forms.render.pdf import PdfError, convert_to_pdf

        try:
            for pdf in convert_to_pdf(paths, Path(args.output)):
                _out(str(pdf))
        except PdfError as exc:
            raise CliError(str(exc), EXIT_OUTPUT) from None
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    from yn_forms.render.documents import write_summary_file
    from yn_forms.render.output import OutputError
    from yn_forms.render.templates import TemplateMissing

    form = _form(args.form)
    if form.summary is None:
        raise CliError(f"表单“{form.name}”没有汇总表")
    datas, skipped = [], 0
    for path in args.files:
        try:
            datas.append(_load(form, path))
        except CliError as exc:
            skipped += 1
            _err(f"已跳过：{exc}")
    if not datas:
        raise CliError("没有可汇总的申报数据")
    on = date.fromisoformat(args.date) if args.date else None
    try:
        out = write_summary_file(form, datas, Path(args.output), department=args.department,
                                 filler=args.filler, on=on,
                                 templates_dir=Path(args.templates) if args.templates else None)
    except (OutputError, TemplateMissing) as exc:
        raise CliError(str(exc), EXIT_OUTPUT) from None
    _out(str(out))
    return EXIT_BAD_INPUT if skipped else EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from yn_forms.gui.app import run  # type: ignore[import-not-found]
    except ImportError:
        raise CliError("此版本尚未包含桌面界面，请使用命令行：yn-forms --help") from None
    return run(args)


def _valid_date(text: str) -> str:
    try:
        date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("日期格式应为 YYYY-MM-DD") from None
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yn-forms", description="云南申报材料填报助手")
    sub = parser.add_subparsers(dest="command", metavar="命令")

    p = sub.add_parser("gui", help="启动桌面程序")
    p.add_argument("--open", metavar="FILE")
    p.add_argument("--form", metavar="ID")
    p.add_argument("--screenshot", metavar="OUT.png")
    p.add_argument("--section", type=int, metavar="N")
    p.set_defaults(func=cmd_gui)

    sub.add_parser("list", help="列出所有表单").set_defaults(func=cmd_list)

    p = sub.add_parser("schema", help="输出表单数据的 JSON Schema")
    p.add_argument("form", metavar="ID")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("example", help="输出一份完整、有效的示例申报数据")
    p.add_argument("form", metavar="ID")
    p.set_defaults(func=cmd_example)

    p = sub.add_parser("validate", help="检查申报数据")
    p.add_argument("form", metavar="ID")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="以 JSON 列出问题")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("fill", help="生成申报材料（Word 文件）")
    p.add_argument("form", metavar="ID")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 生成 PDF")
    p.add_argument("--allow-incomplete", action="store_true", help="数据有错误时也生成")
    p.add_argument("--templates", metavar="DIR", help="使用此文件夹中的模板")
    p.set_defaults(func=cmd_fill)

    p = sub.add_parser("summary", help="由多份申报数据生成汇总表（.xlsx）")
    p.add_argument("form", metavar="ID")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="OUT.xlsx")
    p.add_argument("--department", default="", help="州市工业和信息化主管部门名称")
    p.add_argument("--filler", default="", help="填表人及联系电话")
    p.add_argument("--date", type=_valid_date, help="填表日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--templates", metavar="DIR")
    p.set_defaults(func=cmd_summary)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    if not getattr(args, "command", None):
        args = build_parser().parse_args(["gui", *(argv or [])])
    try:
        return args.func(args)
    except CliError as exc:
        _err(f"错误：{exc}")
        return exc.code
