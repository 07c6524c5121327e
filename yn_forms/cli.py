"""The command line, ``yn-forms`` (also ``python -m yn_forms``): the commands README › Command line describes.

Exit codes: 0 success (warnings allowed); 1 the data has errors (for
``check-template``: the template would fail or print wrong); 2 bad input or usage
(unreadable file, another form's draft, unknown form, a replaced template that is
broken — it is an input like the data, and nothing is written); 3 an output could
not be written (folder not writable, file open in Word, LibreOffice missing).
Heavy libraries are imported inside the commands that need them, so ``list`` and
``validate`` start quickly.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.util
import json
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from yn_forms.cli_common import (
    EXIT_BAD_INPUT,
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_OUTPUT,
    CliError,
    err,
    form_named,
    load_data,
    out,
    print_problems,
    write_text,
)
from yn_forms.cli_guard import finish_cleanly_on_terminate, os_error_message, refused_output
from yn_forms.cli_parser import ChineseParser


def cmd_list(args: argparse.Namespace) -> int:
    """From the catalogue: four lines need no form built (no pydantic, no check libraries)."""
    from yn_forms.catalog import CATALOG

    for form in CATALOG:
        out(f"{form.id}\t{form.name}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from yn_forms.core.schema import form_schema

    out(json.dumps(form_schema(form_named(args.form)), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_example(args: argparse.Namespace) -> int:
    text = json.dumps(form_named(args.form).example(), ensure_ascii=False, indent=2)
    if not args.output:
        out(text)
        return EXIT_OK
    # a file written by the app is UTF-8 whatever the console (PowerShell's “>” would write UTF-16)
    from yn_forms.render.output import OutputError, write_all

    path = Path(args.output)
    if path.suffix.lower() != ".json":
        path = path.with_name(path.name + ".json")
    try:
        write_all([(path, lambda temp: temp.write_text(text + "\n", encoding="utf-8"))])
    except OutputError as exc:
        raise CliError(str(exc), EXIT_OUTPUT) from None
    out(str(path))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from yn_forms.core.enclosures import with_file_problems
    from yn_forms.core.validation import has_errors, validate

    form = form_named(args.form)
    data = load_data(form, args.file, args.command)
    # the 证明材料 files are beside the file (core.enclosure_store): each missing or changed one is named
    problems = with_file_problems(validate(form, data), form, data, Path(args.file))
    if args.json:
        out(json.dumps([p.as_json() for p in problems], ensure_ascii=False, indent=2))
    else:
        print_problems(problems)
    return EXIT_ERRORS if has_errors(problems) else EXIT_OK


def _judged(form, data: dict[str, Any], allow_incomplete: bool):
    """The data judged once (the documents print from the model it built), its problems on stderr;
    None when it has errors and *allow_incomplete* is not given: then nothing is to be written."""
    from yn_forms.core.validation import has_errors, judge

    judgement = judge(form, data)
    problems = judgement.problems
    if has_errors(problems) and not allow_incomplete:
        err("数据有错误，未生成文件（如需生成未完成的草稿，请加 --allow-incomplete）：")
        print_problems(problems, sys.stderr)
        return None
    if problems:
        print_problems(problems, sys.stderr)
    return judgement


def _tell_findings(result) -> None:
    """What ``produce`` found that the clerk should hear: templates of their own, fields no template
    prints, what will not print as the form lays it out (advice, never an error)."""
    for source in result.templates:
        if not source.builtin:
            err(f"提示：{source.name} 使用{source.label}")
    if result.lost:
        err("警告：所用模板没有打印以下字段，填写的内容不会出现在生成的文件中：")
        for variable in result.lost:
            err(f"  {variable.path}\t{variable.label}")
    for p in result.fit:
        err(f"提示：“{p.title}”{p.message}（{p.path}）")
    for finding in result.layout:
        err(f"提示：{finding.document}：{finding.message}")


def _say_soffice_setting() -> None:
    from yn_forms.render.pdf import unusable_setting

    note = unusable_setting()
    if note is not None:
        err(f"提示：{note}")


@contextlib.contextmanager
def _collector_after_start(own_process: bool) -> Iterator[None]:
    """The command's modules, its form and the judged draft made without the cycle collector, then set aside
    from it (``gc.freeze``): it would walk them again and again for cycles they do not make — a sixth of a small
    ``fill``'s CPU. It is on for the render, which a template of the clerk's own drives. Only the command's own
    process freezes: a caller of ``main`` (a test, the app) keeps its garbage collectable."""
    if not gc.isenabled():  # whoever turned it off decides
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if own_process:
            gc.freeze()
        gc.enable()


def cmd_fill(args: argparse.Namespace) -> int:
    with _collector_after_start(args.own_process):
        from yn_forms.render.documents import produce
        from yn_forms.render.docx import RenderError
        from yn_forms.render.output import OutputError
        from yn_forms.render.templates import TemplateMissing

        if args.pdf:
            _say_soffice_setting()
        form = form_named(args.form)
        data = load_data(form, args.file, args.command)
        judgement = _judged(form, data, args.allow_incomplete)
    if judgement is None:
        return EXIT_ERRORS
    try:
        result = produce(form, data, Path(args.output), templates_dir=Path(args.templates) if args.templates else None,
                         judgement=judgement, pdf=args.pdf)
    except (OutputError, TemplateMissing) as exc:
        raise CliError(str(exc), EXIT_OUTPUT) from None
    except RenderError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from None
    _tell_findings(result)
    for path in result.documents:
        out(str(path))
    if result.fonts is not None:
        for note in result.fonts.notes():  # substitutions and empty-box risks, not errors
            err(note)
    if result.pdf_note:  # the .docx are written already; a PDF failure says so and exits 3
        raise CliError(result.pdf_note, EXIT_OUTPUT)
    for pdf in result.pdfs:
        out(str(pdf))
    return EXIT_OK


def cmd_pack(args: argparse.Namespace) -> int:
    """The bound 申报材料 (``cli_pack``): files refused exit 2, nothing written; data errors exit 1, as ``fill``."""
    from yn_forms.cli_pack import INPUT, PackCommandError, make_pack, output_path, read_inputs
    from yn_forms.render.docx import RenderError
    from yn_forms.render.templates import TemplateMissing

    _say_soffice_setting()
    form = form_named(args.form)
    data = load_data(form, args.file, args.command)
    try:
        inputs = read_inputs(form, data, Path(args.file), args.enclosure, args.replace)
        judgement = _judged(form, data, args.allow_incomplete)
        if judgement is None:
            return EXIT_ERRORS
        result, step = make_pack(form, data, judgement, inputs, output_path(form, args.output), max_mb=args.max_mb,
                                 templates=args.templates)
    except PackCommandError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT if exc.kind == INPUT else EXIT_OUTPUT) from None
    except TemplateMissing as exc:
        raise CliError(str(exc), EXIT_OUTPUT) from None
    except RenderError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from None
    _tell_findings(result)
    if step.fonts is not None:
        for note in step.fonts.notes():
            err(note)
    err(f"提示：{step.summary()}")
    out(str(step.out))
    return EXIT_OK


TEMPLATE_FIELDS_HEADER = """\
# 表单 {id}（{name}）的模板可以使用的变量，按打印顺序排列。
# 每行：变量<TAB>名称（上级标题 › 字段标题）<TAB>类型<TAB>是否打印
# 写法：a.b 是分组 a 中的字段 b，在模板里写 {{{{ a.b }}}}。
# [*] 表示列表中的每一项：模板里先循环，再用循环变量代替“列表[*]”，例如
#   {loop_example}
#   表格中 {{%tr for %}} 每项重复一行，段落中 {{%p for %}} 每项重复一段。
# 固定行数的列表（如近三年）也可直接写序号，如 {years_example}。
# “分组”“列表”本身不印，印的是其下的字段；标为“不打印”的字段不属于任何正式附件，模板中不要使用。"""


def cmd_template_fields(args: argparse.Namespace) -> int:
    """What a template of the form may use, so a clerk can turn a new official .docx into one."""
    from yn_forms.render.contract import (
        LOOP_USAGE,
        derived_values,
        helper_usages,
        notation_examples,
        template_variables,
    )

    form = form_named(args.form)
    variables = template_variables(form)
    helpers = helper_usages()
    derived = derived_values(form)
    if args.json:
        out(json.dumps({
            "form": form.id, "name": form.name,
            "notation": "a.b 为分组 a 中的字段 b；[*] 表示列表的每一项，模板中用循环变量代替",
            "variables": [v.as_json() for v in variables],
            "helpers": [{"name": n, "usage": u, "description": d} for n, u, d in helpers],
            "derived": [{"name": n, "type": t, "example": e} for n, t, e in derived],
        }, ensure_ascii=False, indent=2))
        return EXIT_OK
    loop, years = notation_examples(form)
    out(TEMPLATE_FIELDS_HEADER.format(id=form.id, name=form.name, loop_example=loop, years_example=years))
    for v in variables:
        printed = "打印" if v.printed else "不打印（仅供核对，模板中不要使用）"
        out(f"{v.path}\t{v.label}\t{v.type}\t{printed}")
    out("")
    out("# 辅助函数")
    for _, usage, description in helpers:
        out(f"{usage}\t{description}")
    out(f"{LOOP_USAGE[0]}\t{LOOP_USAGE[1]}")
    if derived:
        out("")
        out("# 派生值：由已填数据计算，不必填写，可直接在模板中使用")
        for name, kind, example in derived:
            out(f"{name}\t{kind}\t例：{example}" if example else f"{name}\t{kind}")
    return EXIT_OK


def cmd_check_template(args: argparse.Namespace) -> int:
    """Judge a replacement before it is installed: exit 0 usable, 1 it would fail or print wrong, 2 unreadable
    or unsafe (too big inflated, or reaching outside the machine) — the verdict ``fill`` would give."""
    from yn_forms.render.documents import check_replacement_renders
    from yn_forms.render.docx import TemplateUnreadable
    from yn_forms.render.templates import TemplateMissing

    form = form_named(args.form)
    file = Path(args.file)
    if not file.is_file():  # a name too long raises: said in Chinese by main
        raise CliError(f"找不到模板文件：{file}")
    try:
        result = check_replacement_renders(form, file, Path(args.templates) if args.templates else None)
    except TemplateUnreadable as exc:
        raise CliError(str(exc)) from None
    except TemplateMissing as exc:
        raise CliError(str(exc), EXIT_OUTPUT) from None
    out(f"模板：{file}")
    if result.summary_template:
        out(f"用途：替换汇总表“{file.name}”（按“序号”表头行和“填表人”行定位，不使用变量）")
    elif result.replaces is not None:
        out(f"用途：替换“{result.replaces.title}”（{result.replaces.name}），当前使用{result.replaces.label}")
    for error in result.errors:
        out(f"错误：{error}")
    for hint in result.hints:
        out(f"提示：{hint}")
    if result.lost:
        out(f"警告：换用此模板后，以下 {len(result.lost)} 个字段不再由任何模板打印，"
             "用户填写的内容不会出现在申报材料中：")
        for variable in result.lost:
            out(f"  {variable.path}\t{variable.label}")
    if result.usable:
        out("结论：可以使用" + ("（有警告）" if result.lost else "") + "。放入 "
             f"{_user_folder(form.id)} 后生效。")
        return EXIT_OK
    out(f"结论：不能使用（{len(result.errors)} 个错误）。")
    return EXIT_ERRORS


def _user_folder(form_id: str) -> Path:
    """Where a checked template takes effect: the folder ``fill`` and the GUI look in before the built-ins."""
    from yn_forms.paths import user_templates_dir

    return user_templates_dir() / form_id


def cmd_summary(args: argparse.Namespace) -> int:
    """The 汇总表 and the 初审 of what a 州市 department received: drafts, JSON, folders of Word attachments, zips.

    Reading goes through ``render.desk.read_received``, the same path as the GUI's 汇总表 page:
    what cannot be read is named and skipped (exit 2), applications with errors are listed and
    named, each is judged against the notice once (初审) and applications sharing a unit or a name
    are named. A form without a 汇总表 of its own (the 创新联合体) gets its 初审 alone.
    """
    from yn_forms.forms import FORMS
    from yn_forms.render.desk import read_received, verdicts
    from yn_forms.render.output import OutputError
    from yn_forms.render.templates import TemplateMissing

    form = form_named(args.form)
    if form.summary is None:
        host = next((f for f in FORMS.values() if f.summary is not None and f.summary.part(form.id)), None)
        if host is not None:
            raise CliError(f"“{form.name}”没有单独的汇总表，列入“{host.name}”的汇总表"
                           f"（“{host.summary.part(form.id).sheet}”工作表）：yn-forms summary {host.id} 文件或文件夹…")
    output = _summary_output(form, args.output)
    templates = Path(args.templates) if args.templates else None
    received = read_received(form, [Path(p) for p in args.files], forms=FORMS, templates_dir=templates,
                             progress=_count_on_stderr(), meanwhile=_summary_writer)
    from yn_forms.render.summary import write_summary_file
    from yn_forms.render.xlsx import SummaryTemplateError

    items, with_errors = received.used, 0
    for item in received.items:
        if item.skipped:  # named by where it was found, unless the reason names it already
            named = not item.source or item.source in (item.reason or "")
            err(f"已跳过：{item.reason}" if named else f"已跳过：{item.source}：{item.reason}")
        for note in item.notes:
            err(f"已跳过：{item.shown}：{note}")
        if item.skipped:
            continue
        if item.migrated_from is not None:
            err(f"提示：{item.path} 的数据已从版本 {item.migrated_from} 升级到 {form.schema_version}")
        if item.errors:
            with_errors += 1
            err(f"提示：{item.shown if item.word else item.path} 有 {item.errors} 个错误，"
                 f"仍列入{'汇总表' if form.summary is not None else '初审表'}，请核对")
    for shared in received.shared:
        err(f"提示：可能重复申报：{shared.text}")
    if not items:
        raise CliError("没有可汇总的申报数据")
    on = date.fromisoformat(args.date) if args.date else None
    replaced = False
    with contextlib.suppress(OSError):
        replaced = output.is_file()  # said after: a 汇总表 is made again from the applications, a draft is not
    try:
        written = write_summary_file(form, received.items, output, department=args.department, filler=args.filler,
                                     on=on, templates_dir=templates)
    except (OutputError, TemplateMissing) as exc:
        raise CliError(str(exc), EXIT_OUTPUT) from None
    except SummaryTemplateError as exc:
        raise CliError(str(exc)) from None
    out(str(written.path))
    if replaced:
        err(f"提示：已替换原有的 {written.path.name}")
    for note in written.cut_notes:
        err(f"警告：{note}")
    for part in written.parts:
        err(f"提示：{part.note}")
    skipped = received.not_read
    if skipped or with_errors:
        err(f"共汇总 {len(items)} 份申报（其中 {with_errors} 份有错误），跳过 {skipped} 个文件")
    err(f"初审：{verdicts(items)}（见“初审”工作表）")
    return EXIT_BAD_INPUT if skipped else EXIT_OK


def _summary_writer() -> None:
    """The 汇总表's writer and its libraries (openpyxl, ≈ 0.2 s of imports): imported while the workers read.
    openpyxl without numpy, which it imports only to take numpy's numbers as cell values (a third of its
    import): every value of a 汇总表 is text."""
    blocked = "numpy" not in sys.modules
    if blocked:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # ``import numpy`` raises ImportError
    try:
        import yn_forms.render.summary  # noqa: F401
    finally:
        if blocked and sys.modules.get("numpy", 0) is None:
            del sys.modules["numpy"]  # imported as usual by whatever else asks for it


def _count_on_stderr():
    """How far the reading is, on stderr: one line rewritten on a terminal, a line every 50 otherwise (a log)."""
    live = sys.stderr.isatty()
    told = [0]  # the count last written: workers hand back a few applications at a time, past a multiple of 50

    def count(done: int, total: int) -> None:
        if total < 20:
            return
        if live:
            write_text(sys.stderr, f"\r已读取 {done}/{total} 份" + ("\n" if done == total else ""))
            sys.stderr.flush()
        elif done // 50 > told[0] // 50 or (done == total and told[0] != total):
            err(f"已读取 {done}/{total} 份")
            told[0] = done

    return count


def _summary_output(form, output: str) -> Path:
    """Where the 汇总表 goes: a folder gets the attachment's own file name in it (the 初审's, for a form without
    a 汇总表), a name gets .xlsx."""
    from yn_forms.core.oserrors import is_dir

    path = Path(output)
    # a folder gets the file inside it; “汇总.xlsx” that happens to be a folder is a file name that is taken
    if output.endswith(("/", os.sep)) or (is_dir(path) and path.suffix.lower() != ".xlsx"):
        if not is_dir(path):
            raise CliError(f"输出文件夹不存在：{path}", EXIT_OUTPUT)
        if form.summary is not None:
            return path / form.summary.output
        from yn_forms.render.summary import screening_output

        return path / screening_output(form)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def cmd_import(args: argparse.Namespace) -> int:
    """Filled attachments read back into a new draft. The draft is written whenever every file could be
    read — an incomplete draft is what a clerk goes on from — and the exit code says, as ``validate``
    does, whether its data has errors (1) or not (0); a file that cannot be used writes nothing (2)."""
    from yn_forms.core.draft import DRAFT_SUFFIX, save_draft
    from yn_forms.core.oserrors import os_reason, output_problem
    from yn_forms.core.validation import has_errors, validate
    from yn_forms.forms import FORMS
    from yn_forms.render.wordin.importer import NotThisForm, WordImportError, import_documents

    form = form_named(args.form)
    output = Path(args.output)
    if output.suffix.lower() != DRAFT_SUFFIX:
        output = output.with_name(output.name + DRAFT_SUFFIX)
    problem = output_problem(output)
    if problem:
        raise CliError(problem)
    if os.path.lexists(output):
        raise CliError(f"{output} 已存在，未覆盖。请换一个文件名，或先删除它。")
    try:
        result = import_documents(form, [Path(p) for p in args.files], FORMS)
    except NotThisForm as exc:
        hint = f"请改用：yn-forms import {exc.other} 文件… -o {args.output}\n" if exc.other else ""
        raise CliError(f"{exc}\n{hint}未写出草稿。") from None
    except WordImportError as exc:
        raise CliError(f"{exc}\n未写出草稿。") from None
    for path, title in result.read:
        err(f"已读取：{path}（{title}）")
    if result.unread:
        err(f"以下 {len(result.unread)} 处在文件中没有找到，已留空，请在草稿中填写：")
        for item in result.unread:
            err(f"  {item.label}\t{item.pointer}")
    problems = validate(form, result.data)
    if problems:
        print_problems(problems, sys.stderr)
    try:
        save_draft(output, form, result.data)
    except OSError as exc:
        raise CliError(f"无法写入 {output}：{os_reason(exc)}", EXIT_OUTPUT) from None
    out(str(output))
    return EXIT_ERRORS if has_errors(problems) else EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    # only a missing Qt is the user's to fix; any other ImportError is a bug. Looked up, not imported:
    # Qt is imported by the gui package alone
    if importlib.util.find_spec("PySide6") is None:
        raise CliError("桌面界面需要 PySide6，请先安装：pip install PySide6（或使用命令行：yn-forms --help）")
    gc.disable()  # Qt and the window are built without the cycle collector: gui.app.run turns it on again
    from yn_forms.gui.launch import before_qt

    before_qt(args.form, bool(args.open))
    from yn_forms.gui.app import run
    return run(args)


def _valid_date(text: str) -> str:
    """The 填表日期 typed as on paper (2026年12月7日, 2026.12.7) or as a machine writes it (2026-12-07)."""
    from yn_forms.core.dates import parse_day

    day = parse_day(text)
    if day is None:
        raise argparse.ArgumentTypeError("日期应写作 2026年12月7日、2026.12.7 或 2026-12-07") from None
    return day.isoformat()


FORM_HELP = "表单标识（yn-forms list 列出）"
FILE_HELP = "申报数据：.ynform 草稿或 JSON 文件"


def build_parser() -> argparse.ArgumentParser:
    from yn_forms import __version__

    parser = ChineseParser(prog="yn-forms", description="云南申报材料填报助手")
    parser.add_argument("--version", action="version", version=f"yn-forms {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令", parser_class=ChineseParser)

    p = sub.add_parser("gui", help="启动桌面程序")
    p.add_argument("--open", metavar="FILE", help="打开草稿（.ynform）、成员单位数据包或 JSON 申报数据")
    p.add_argument("--form", metavar="ID", help="新建这种申报；与 --open 同用时，指明 JSON 数据属于哪种申报")
    p.add_argument("--screenshot", metavar="OUT.png", help="在屏幕外绘制窗口，保存为 PNG 后退出")
    p.add_argument("--section", type=int, metavar="N", help="截图时显示第 N 页（从 1 起）")
    p.set_defaults(func=cmd_gui)

    sub.add_parser("list", help="列出所有表单").set_defaults(func=cmd_list)

    p = sub.add_parser("schema", help="输出表单数据的 JSON Schema")
    p.add_argument("form", metavar="ID", help=FORM_HELP)
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("example", help="输出一份完整、有效的示例申报数据")
    p.add_argument("form", metavar="ID", help=FORM_HELP)
    p.add_argument("-o", "--output", metavar="FILE.json", help="写入文件（UTF-8），不输出到屏幕")
    p.set_defaults(func=cmd_example)

    p = sub.add_parser("validate", help="检查申报数据")
    p.add_argument("form", metavar="ID", help=FORM_HELP)
    p.add_argument("file", metavar="FILE", help=FILE_HELP)
    p.add_argument("--json", action="store_true", help="以 JSON 列出问题")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("fill", help="生成申报材料（Word 文件）")
    p.add_argument("form", metavar="ID", help=FORM_HELP)
    p.add_argument("file", metavar="FILE", help=FILE_HELP)
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="写入申报材料的文件夹")
    p.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 生成 PDF")
    p.add_argument("--allow-incomplete", action="store_true", help="数据有错误时也生成")
    p.add_argument("--templates", metavar="DIR", help="使用此文件夹中的模板")
    p.set_defaults(func=cmd_fill)

    from yn_forms.cli_pack_args import DESCRIPTION, add_arguments

    p = sub.add_parser("pack", help="装订申报材料：目录、附件和证明材料合为一个编好页码的 PDF", description=DESCRIPTION)
    add_arguments(p, FORM_HELP, FILE_HELP)
    p.set_defaults(func=cmd_pack)

    p = sub.add_parser("template-fields", help="列出模板可以使用的变量、辅助函数和派生值")
    p.add_argument("form", metavar="ID", help=FORM_HELP)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_template_fields)

    p = sub.add_parser("check-template", help="检查一个替换用的模板文件（.docx）")
    p.add_argument("form", metavar="ID", help=FORM_HELP)
    p.add_argument("file", metavar="FILE", help="要检查的模板文件（.docx）")
    p.add_argument("--templates", metavar="DIR", help="同时使用此文件夹中的模板（与 fill 相同）")
    p.set_defaults(func=cmd_check_template)

    p = sub.add_parser("summary", help="由收到的申报材料生成汇总表和初审表（.xlsx）",
                       description="读取收到的申报材料，写出汇总表（附“初审”工作表：每份申报是否符合申报通知的条件）。"
                                   "可给出草稿（.ynform）、JSON 数据、一份申报的 Word 附件所在的文件夹、.zip 压缩包，"
                                   "或存放它们的文件夹。创新联合体没有汇总表，只写初审表。"
                                   "退出码：0 全部读取；2 有文件无法读取或不属于这种申报（已列出，其余照常写入）。")
    p.add_argument("form", metavar="ID", help=FORM_HELP)
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="草稿、JSON、Word 附件（.docx）、.zip，或文件夹：其中每个放有 Word 附件的文件夹算一份申报，"
                        "草稿和 JSON 每个文件一份（不含子文件夹中的）")
    p.add_argument("-o", "--output", required=True, metavar="OUT.xlsx",
                   help="汇总表文件；给出文件夹时写入其中，文件名同正式附件")
    p.add_argument("--department", default="", help="州市工业和信息化主管部门名称")
    p.add_argument("--filler", default="", help="填表人及联系电话")
    p.add_argument("--date", type=_valid_date, metavar="日期", help="填表日期，如 2026年12月7日（默认今天）")
    p.add_argument("--templates", metavar="DIR", help="汇总表模板所在的文件夹（替换随程序提供的汇总表模板）")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("import", help="从填好的 Word 附件（.docx）读回数据，生成草稿",
                       description="读取本程序生成或手工填写的正式附件（.docx），写成一份草稿（.ynform）。"
                                   "找不到的栏目留空并列出；读到的内容按原样保存，并像输入的一样检查。"
                                   "退出码：0 草稿已写出且没有错误；1 草稿已写出，但数据有错误（同 validate）；"
                                   "2 文件无法读取或不是这种申报的附件，未写出任何文件。")
    p.add_argument("form", metavar="ID", help=FORM_HELP)
    p.add_argument("files", nargs="+", metavar="FILE.docx", help="填好的附件，可一次给出多份（如附件1、附件2）")
    p.add_argument("-o", "--output", required=True, metavar="DRAFT.ynform", help="写出的草稿文件（不覆盖已有文件）")
    p.set_defaults(func=cmd_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    # pydantic looks through every installed package for plugins on first use (≈ 20 ms of each
    # command's start); the app uses none
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="backslashreplace")  # see _write
    own_process = argv is None  # the console script or ``python -m yn_forms``, not a caller's ``main([...])``
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv = ["gui", *argv]  # `yn-forms --form ID`: gui is the command a bare option belongs to
    args = build_parser().parse_args(argv)
    if not getattr(args, "command", None):
        args = build_parser().parse_args(["gui", *argv])
    args.own_process = own_process
    if args.command != "gui":
        finish_cleanly_on_terminate()
    try:
        problem = refused_output(args)
        if problem:
            raise CliError(problem)
        return args.func(args)
    except CliError as exc:
        err(f"错误：{exc}")
        return exc.code
    except (OSError, RecursionError) as exc:  # any the command did not word itself: Chinese, bad input, no traceback
        err(f"错误：{os_error_message(exc)}")
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `yn-forms template-fields … | head`: the reader left, which is not our error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
