"""The template contract, checked both ways, and what a template author needs to know.

1. Every variable a template uses is a field of the form (or a helper, or a loop
   variable), and every ``box(field, '选项')`` names a real option of that field.
2. Every field of the form is printed by some template, unless it is declared
   ``printed=False`` (a checklist for the clerk, not part of any attachment).

It reads the templates' Jinja syntax tree, so a branch that the example data
never takes is still checked. Used by the tests; by ``yn-forms check-template``
for a user's replacement before it is installed; by ``fill`` (and the GUI), which
refuses a replaced template that breaks the contract rather than print a form
with silently empty cells; and, turned around, by ``yn-forms template-fields``,
which lists what a template may use.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes

from yn_forms.core.datapath import KeyPath
from yn_forms.core.fields import scalar_type
from yn_forms.core.formdef import FieldNode, FormDefinition, is_list, model_of, options_of, walk_fields
from yn_forms.core.kinds import Description, kind_of
from yn_forms.render.budget import BudgetExceeded, limits, stopped
from yn_forms.render.context import HELPERS
from yn_forms.render.docx import (
    RENDERED_PROPERTIES,
    RenderError,
    TemplateUnreadable,
    TemplateUnsafe,
    error_message,
    open_template,
    read_template,
)
from yn_forms.render.sandbox import FormSandbox
from yn_forms.render.templates import TemplateSource, document_templates, is_builtin
from yn_forms.render.walls import WallHit, WorkerUnavailable, run_walled

JINJA_NAMES = {"loop", "True", "False", "None", "true", "false", "none", "range"}

#: the helpers of ``render.context.HELPERS`` as a template author calls them
HELPER_USAGE: dict[str, tuple[str, str]] = {
    "box": ("box(字段, '选项')", "单选或多选字段：选中了该选项时印 ☑，否则印 □"),
    "blank": ("blank(字段, 宽度=3)", "有值时印值；没有值时印若干全角空格，留出手写的位置"),
    "paras": ("paras(字段)", "把多行文本拆成段落：{%p for t in paras(字段) %}{{ t }}{%p endfor %} 每段印成一段"),
    "pad": ("pad(列表, 行数)", "列表不足行数时补空行，保持官方表格原有的行数"),
}
LOOP_USAGE = ("loop.index", "循环中当前项的序号（从 1 开始）；loop.first、loop.last 表示第一项、最后一项")


class TemplateBroken(RenderError):
    """A replaced template breaks the contract; filling with it would print wrong or lose data."""


@dataclass
class ContractReport:
    used: set[KeyPath] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)  # variables that are not fields
    bad_options: list[str] = field(default_factory=list)
    # (field path, option typed, the field's options) for each entry of bad_options
    option_details: list[tuple[KeyPath, str, list[str]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # syntax errors, in Chinese, naming the file



def display_path(path: KeyPath | str) -> str:
    """``members.*.name`` as a template author reads it: ``members[*].name``."""
    dotted = path if isinstance(path, str) else ".".join(path)
    return dotted.replace(".*", "[*]")


def docx_jinja_parts(path: Path) -> list[tuple[str, str]]:
    """(part, Jinja source) for everything docxtpl renders, after its own patching.

    Body, headers, footers, footnotes and the document properties, one paragraph
    a line as docxtpl renders them, so an error's line number finds its paragraph.
    Raises ``TemplateUnreadable`` for a file that is not a usable .docx. A template from
    elsewhere is read in the worker process (``render.walls``): docxtpl's patching of a crafted
    file can take minutes, which only a process that can be killed bounds.
    """
    data = read_template(path)
    if is_builtin(path):
        return jinja_parts(path, data)
    given = limits()
    try:
        return run_walled(jinja_parts, path, data, seconds=given.seconds, memory=given.memory)  # type: ignore[no-any-return]
    except WorkerUnavailable:
        return jinja_parts(path, data)
    except WallHit as hit:
        raise TemplateUnsafe(f"模板“{path.name}”不能使用：读取其中的标签时{stopped(hit.kind, given)}，"
                             f"可能是恶意构造的文件。文件：{path}") from None


def jinja_parts(path: Path, data: bytes) -> list[tuple[str, str]]:
    """``docx_jinja_parts`` of the template whose checked bytes are *data* (in the worker, for a file
    from elsewhere)."""
    doc = open_template(path, data)

    def lines(xml: str) -> str:
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", doc.patch_xml(xml))

    parts = [("正文", lines(doc.get_xml()))]
    for uri, label in ((doc.HEADER_URI, "页眉"), (doc.FOOTER_URI, "页脚")):
        parts += [(label, lines(doc.get_part_xml(part))) for _, part in doc.get_headers_footers(uri)]
    for part in doc.docx.part.package.parts:
        if part.content_type.endswith(".footnotes+xml"):
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            parts.append(("脚注", lines(blob)))
    props = doc.docx.core_properties
    for name in RENDERED_PROPERTIES:
        value = getattr(props, name) or ""
        if "{" in value:
            parts.append(("文档属性", value))
    return parts


class _Checker:
    def __init__(self, form: FormDefinition, report: ContractReport) -> None:
        self.report = report
        self.fields = {node.path: node for node in walk_fields(form.model)}
        self.valid: set[KeyPath] = set()
        for p, node in self.fields.items():
            for i in range(1, len(p) + 1):
                self.valid.add(p[:i])
            if is_list(node.annotation):
                self.valid.add((*p, "*"))
        derived = form.derived(form.model()) if form.derived else {}
        self.derived = set(derived)
        self.top = {p[0] for p in self.fields} | self.derived

    def path_of(self, expr: nodes.Node, scope: dict[str, KeyPath | None]) -> KeyPath | None:
        if isinstance(expr, nodes.Name):
            if expr.name in scope:
                return scope[expr.name]
            if expr.name in self.derived:
                return None
            if expr.name in self.top:
                return (expr.name,)
            if expr.name not in HELPERS and expr.name not in JINJA_NAMES:
                self.report.unknown.append(expr.name)
            return None
        if isinstance(expr, nodes.Getattr):
            base = self.path_of(expr.node, scope)
            return None if base is None else (*base, expr.attr)
        if isinstance(expr, nodes.Getitem):
            base = self.path_of(expr.node, scope)
            if base is None:
                return None
            if isinstance(expr.arg, nodes.Const) and isinstance(expr.arg.value, str):
                return (*base, expr.arg.value)
            return (*base, "*")
        return None

    def record(self, path: KeyPath | None) -> None:
        if path is None:
            return
        if path not in self.valid:
            self.report.unknown.append(".".join(path))
        else:
            self.report.used.add(path)

    def visit(self, node: nodes.Node, scope: dict[str, KeyPath | None]) -> None:
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            inner = dict(scope)
            item = self._loop_item(node.iter, scope)
            targets = [node.target] if isinstance(node.target, nodes.Name) else node.target.find_all(nodes.Name)
            for name in targets:
                inner[name.name] = item
            for child in [*node.body, *node.else_]:
                self.visit(child, inner)
            if node.test is not None:
                self.visit(node.test, inner)
            return
        if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Name):
            self.record(self.path_of(node, scope))
            if isinstance(node, nodes.Getitem):
                self.visit(node.arg, scope)
            return
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "box":
            self._check_box(node, scope)
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def _loop_item(self, iterable: nodes.Node, scope: dict[str, KeyPath | None]) -> KeyPath | None:
        if isinstance(iterable, nodes.Call) and isinstance(iterable.node, nodes.Name):
            if iterable.node.name == "pad" and iterable.args:
                base = self.path_of(iterable.args[0], scope)
                return None if base is None else (*base, "*")
            return None
        base = self.path_of(iterable, scope)
        return None if base is None else (*base, "*")

    def _check_box(self, call: nodes.Call, scope: dict[str, KeyPath | None]) -> None:
        if len(call.args) != 2 or not isinstance(call.args[1], nodes.Const):
            return
        path = self.path_of(call.args[0], scope)
        node = self.fields.get(path) if path else None
        if node is None:
            return
        options = options_of(node)
        if options and call.args[1].value not in options:
            self.report.bad_options.append(f"{'.'.join(path)}: '{call.args[1].value}'")
            self.report.option_details.append((path, str(call.args[1].value), options))


def _inspect(checker: _Checker, env: FormSandbox, template: Path) -> None:
    """Add one template to *checker*'s report; a syntax error is recorded, not raised."""
    for _, source in docx_jinja_parts(template):
        try:
            tree = env.parse(source)
        except (TemplateSyntaxError, BudgetExceeded) as exc:  # more tags than a template may hold
            checker.report.errors.append(error_message(template, exc, source))
            continue
        checker.visit(tree, {})


def check_templates(form: FormDefinition, templates: list[Path], *, summary: bool = True) -> ContractReport:
    """Read *templates* (and the summary's columns) against *form*.

    Raises ``TemplateUnreadable`` for a file that is not a .docx; a Jinja syntax
    error is listed in ``report.errors`` so every problem of a file is told at once.
    """
    report = ContractReport()
    checker = _Checker(form, report)
    env = FormSandbox()
    for template in templates:
        _inspect(checker, env, template)
    if summary and form.summary is not None:
        for column in form.summary.columns:
            for dotted in column.prints:
                checker.record(tuple(dotted.split(".")))
    return report


def unprinted_fields(form: FormDefinition, report: ContractReport) -> list[str]:
    """Leaf fields no template prints (a list counts as printed when it is looped over)."""
    missing = []
    for node in walk_fields(form.model):
        if model_of(node.annotation) is not None or node.meta.get("printed") is False:
            continue
        path = node.path
        covered = any(used[: len(path)] == path for used in report.used)
        if not covered:
            missing.append(".".join(path))
    return missing


# --- what a template may use (``yn-forms template-fields``) -----------------------------------


@dataclass(frozen=True)
class TemplateVariable:
    """One variable of the template context, described for the person writing a template."""

    path: str  # as written in a template, ``[*]`` for each item of a list
    title: str  # the field's official label
    label: str  # the label with its parents' titles, for context
    type: str  # in Chinese: 文本, 金额(万元), 单选：…
    printed: bool  # False: a checklist item no attachment prints; not for templates
    options: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "title": self.title, "label": self.label, "type": self.type,
                "printed": self.printed, "options": list(self.options)}





def _loop_hint(path: KeyPath) -> str:
    return f"用 {{%tr for … in {display_path(path)} %}} 或 {{%p for … %}} 循环"


def type_text(node: FieldNode) -> str:
    """The field's type in Chinese, with its options, unit and 字数 limit, as its kind describes it."""
    meta, annotation = node.meta, node.annotation
    sub = model_of(annotation)
    items = "、".join(info.title or name for name, info in sub.model_fields.items()) if sub is not None else ""
    return kind_of(node.info).describe(Description(
        tuple(options_of(node)), meta.get("unit") or "", meta.get("max_words"), scalar_type(annotation), items,
        _loop_hint(node.path)))


def _condition(meta: dict[str, Any]) -> str:
    shown_when = meta.get("shown_when") or {}
    parts = [f"{display_path(pointer.strip('/').replace('/', '.'))} 为“{value}”" for pointer, value in
             shown_when.items()]
    return f"；仅当 {'、'.join(parts)}时填写" if parts else ""


def template_variables(form: FormDefinition) -> list[TemplateVariable]:
    """Every field a template of *form* may use, in printed order, read from the model alone."""
    nodes_by_path: dict[KeyPath, FieldNode] = {}
    printed: dict[KeyPath, bool] = {}
    groups: set[str] = set()
    out = []
    for node in walk_fields(form.model):
        parent = node.path[:-2] if node.path[-2:-1] == ("*",) else node.path[:-1]
        nodes_by_path[node.path] = node
        printed[node.path] = printed.get(parent, True) and node.meta.get("printed") is not False
        label = " › ".join([*(nodes_by_path[parent[:i]].title for i in range(1, len(parent) + 1)
                              if parent[:i] in nodes_by_path), node.title])
        kind = type_text(node)
        chooser = nodes_by_path.get((*node.path[:-1], node.meta.get("other_of") or ""))
        if chooser is not None:
            other = next((o for o in options_of(chooser) if o.startswith("其")), "其他")
            kind += f"（“{chooser.title}”选“{other}”时的说明）"
        kind += _condition(node.meta)
        options = tuple(options_of(node)) if model_of(node.annotation) is None else ()
        if model_of(node.annotation) is not None:
            groups.add(display_path(node.path))
        out.append(TemplateVariable(display_path(node.path), node.title, label, kind, printed[node.path], options))
    # a group is printed when something in it is
    for i, variable in enumerate(out):
        if variable.path in groups:
            inner = [v.printed for v in out if v.path.startswith((variable.path + ".", variable.path + "[*]."))]
            if inner:
                out[i] = dataclasses.replace(variable, printed=any(inner))
    return out


def notation_examples(form: FormDefinition) -> tuple[str, str]:
    """A loop and an indexed access written with the form's own lists, for the listing's header."""
    loop = "列表[*].字段 写作 {%tr for x in 列表 %} … {{ x.字段 }} … {%tr endfor %}"
    indexed = "列表[0].字段"
    found_loop = found_index = False
    for node in walk_fields(form.model):
        sub = model_of(node.annotation)
        if sub is None or not is_list(node.annotation) or not sub.model_fields:
            continue
        lst, first = display_path(node.path), next(iter(sub.model_fields))
        if kind_of(node.info).per_year:
            if not found_index:
                indexed, found_index = f"{lst}[0].{first}", True
        elif not found_loop:
            loop = f"{lst}[*].{first} 写作 {{%tr for x in {lst} %}} … {{{{ x.{first} }}}} … {{%tr endfor %}}"
            found_loop = True
            if not found_index:
                indexed = f"{lst}[0].{first}"
    return loop, indexed


def helper_usages() -> list[tuple[str, str, str]]:
    """(name, how it is called, what it does) for each helper a template may call."""
    return [(name, *HELPER_USAGE.get(name, (f"{name}(…)", ""))) for name in HELPERS]


def derived_values(form: FormDefinition) -> list[tuple[str, str, str]]:
    """(name, type, example) of the values a form computes for its templates (``derived``)."""
    if form.derived is None:
        return []
    names = form.derived(form.model())
    try:
        example = form.derived(form.model.model_validate(form.example()))
    except Exception:  # an example that no longer validates must not hide the names
        example = {}
    out = []
    for name, value in names.items():
        sample = example.get(name, value)
        if isinstance(value, list | tuple):
            kind = "列表：每项为文本（由已填数据计算，用循环取出）"
            text = "、".join(str(v) for v in sample[:4]) + ("…" if len(sample) > 4 else "")
        else:
            kind, text = "文本（由已填数据计算）", str(sample)
        out.append((name, kind, text))
    return out


# --- a user's replacement (``yn-forms check-template``, ``fill``) --------------------------------


@dataclass
class ReplacementCheck:
    """What installing *file* as a template of a form would do."""

    file: Path
    replaces: TemplateSource | None  # the document's template in effect now; None: no document has this name
    expected: list[str]  # the file names the form's templates have
    errors: list[str] = field(default_factory=list)  # would fail or print wrong: exit 1
    lost: list[TemplateVariable] = field(default_factory=list)  # printed fields no template would print
    hints: list[str] = field(default_factory=list)  # advice found rendering the example (fit), never errors
    summary_template: bool = False  # the 汇总表 (.xlsx), checked by its rows, not by variables

    @property
    def usable(self) -> bool:
        return not self.errors


def _suggest(unknown: str, known: list[str]) -> str:
    import difflib  # a template with a misspelt name only: not every fill's import

    close = difflib.get_close_matches(unknown, known, n=1, cutoff=0.6)
    return f"（是否应为 {close[0]}？）" if close else ""


def contract_errors(form: FormDefinition, template: Path, report: ContractReport) -> list[str]:
    """The report's problems as sentences a clerk can act on, each naming the file."""
    known = [v.path for v in template_variables(form)]
    name = f"模板“{template.name}”"
    errors = list(report.errors)
    for unknown in dict.fromkeys(display_path(u) for u in report.unknown):
        errors.append(f"{name}使用了表单中没有的变量 {unknown}{_suggest(unknown, known)}，印出来会是空白")
    for path, option, options in report.option_details:
        errors.append(f"{name}中 box({display_path(path)}, '{option}') 的选项“{option}”不是这个字段的选项"
                      f"（可选：{' / '.join(options)}），这一格永远不会打勾")
    return errors


def _summary_errors(file: Path) -> list[str]:
    """A 汇总表 template is found by its rows; try it on no applications."""
    from openpyxl.utils.exceptions import InvalidFileException

    from yn_forms.render.xlsx import SummaryTemplateError, write_summary

    with tempfile.TemporaryDirectory() as folder:
        try:
            write_summary(file, [], Path(folder) / "check.xlsx", {"department": "", "filler": "", "date": ""})
        except SummaryTemplateError as exc:
            return [str(exc)]
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError):
            raise TemplateUnreadable(f"模板“{file.name}”不是有效的 Excel 文件（.xlsx），或文件已损坏。"
                                     f"文件：{file}") from None
    return []


def check_replacement(form: FormDefinition, file: Path, override_dir: Path | None = None) -> ReplacementCheck:
    """Check *file* as a replacement template of *form*, the way ``fill`` would use it.

    Variables, box() options and syntax are checked in the file alone; the fields
    it would stop printing are found over the whole set of templates in effect
    (``override_dir``, the user folder, built-ins) with *file* in its document's
    place, compared with the built-in template in that place. Raises
    ``TemplateUnreadable`` when the file cannot be opened at all.
    """
    from yn_forms.paths import builtin_templates_dir

    sources = document_templates(form, override_dir)
    expected = [s.name for s in sources]
    replaced = next((s for s in sources if s.name == file.name), None)
    if form.summary is not None:
        expected.append(form.summary.template)
        if file.name == form.summary.template:
            return ReplacementCheck(file, None, expected, _summary_errors(file), summary_template=True)
    is_excel = file.suffix.lower() == ".xlsx"  # a misnamed 汇总表: say so, not “not a Word file”
    report = ContractReport() if is_excel else check_templates(form, [file], summary=False)
    result = ReplacementCheck(file, replaced, expected, contract_errors(form, file, report))
    if replaced is None:
        titles = [*(s.title for s in sources), *(["汇总表"] if form.summary is not None else [])]
        names = "\n".join(f"  {name}（{title}）" for name, title in zip(expected, titles, strict=True))
        result.errors.append(f"文件名“{file.name}”不对应表单“{form.name}”的任何文件，不会被使用。"
                             f"替换模板必须与内置模板同名，应为以下之一：\n{names}")
        return result
    if report.errors:  # a file that does not parse prints nothing: every field would be reported
        return result
    builtin = builtin_templates_dir() / form.id / replaced.name
    others = [s.path for s in sources if s.name != replaced.name]
    with_file = check_templates(form, others, summary=True)
    with_file.used |= report.used
    before = check_templates(form, [*others, builtin], summary=True)
    lost = set(unprinted_fields(form, with_file)) - set(unprinted_fields(form, before))
    result.lost = [v for v in template_variables(form) if v.path in {display_path(p) for p in lost}]
    return result


def verify_templates(form: FormDefinition, sources: list[TemplateSource]) -> list[TemplateVariable]:
    """Refuse a replaced template that would fail or print wrong; return the fields none prints.

    Built-in templates are covered by the contract test and are not read at all when none is
    replaced, so an application with no replaced template costs nothing here; otherwise each
    file is read once, the replaced ones first. Raises ``TemplateBroken`` (a ``RenderError``)
    naming the file, or ``TemplateUnreadable``.
    """
    replaced = [s for s in sources if not s.builtin]
    if not replaced:
        return []
    printed = check_templates(form, [])  # what the 汇总表's columns print
    for source in [*replaced, *(s for s in sources if s.builtin)]:
        report = check_templates(form, [source.path], summary=False)
        errors = contract_errors(form, source.path, report) if not source.builtin else []
        if errors:
            origin = "用户模板" if source.origin == "user" else "指定模板"
            raise TemplateBroken(f"{origin}“{source.name}”不能使用，未生成任何文件：\n"
                                 + "\n".join(f"  {e}" for e in errors)
                                 + f"\n请修改或删除此文件（{source.path}），"
                                   f"可用 yn-forms check-template {form.id} 该文件 检查。")
        printed.used |= report.used
    missing = {display_path(p) for p in unprinted_fields(form, printed)}
    return [v for v in template_variables(form) if v.path in missing]
