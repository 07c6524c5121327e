"""The template contract, checked both ways.

1. Every variable a template uses is a field of the form (or a helper, or a loop
   variable), and every ``box(field, '选项')`` names a real option of that field.
2. Every field of the form is printed by some template, unless it is declared
   ``printed=False`` (a checklist for the clerk, not part of any attachment).

It reads the templates' Jinja syntax tree, so a branch that the example data
never takes is still checked. Used by the tests and, for a user's replacement
template, before it is accepted.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from yn_forms.core.formdef import FormDefinition, is_list, model_of, walk_fields
from yn_forms.render.context import HELPERS

Path_ = tuple[str, ...]
JINJA_NAMES = {"loop", "True", "False", "None", "true", "false", "none", "range"}


@dataclass
class ContractReport:
    used: set[Path_] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)  # variables that are not fields
    bad_options: list[str] = field(default_factory=list)


def docx_jinja_sources(path: Path) -> list[str]:
    """The Jinja source docxtpl will render: body, headers and footers, after its own patching."""
    doc = DocxTemplate(str(path))
    doc.init_docx()
    sources = [doc.patch_xml(doc.get_xml())]
    for uri in (doc.HEADER_URI, doc.FOOTER_URI):
        for _, part in doc.get_headers_footers(uri):
            sources.append(doc.patch_xml(doc.get_part_xml(part)))
    return sources


class _Checker:
    def __init__(self, form: FormDefinition, report: ContractReport) -> None:
        self.report = report
        self.fields = {node.path: node for node in walk_fields(form.model)}
        self.valid: set[Path_] = set()
        for p, node in self.fields.items():
            for i in range(1, len(p) + 1):
                self.valid.add(p[:i])
            if is_list(node.annotation):
                self.valid.add((*p, "*"))
        derived = form.derived(form.model()) if form.derived else {}
        self.derived = set(derived)
        self.top = {p[0] for p in self.fields} | self.derived

    def path_of(self, expr: nodes.Node, scope: dict[str, Path_ | None]) -> Path_ | None:
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

    def record(self, path: Path_ | None) -> None:
        if path is None:
            return
        if path not in self.valid:
            self.report.unknown.append(".".join(path))
        else:
            self.report.used.add(path)

    def visit(self, node: nodes.Node, scope: dict[str, Path_ | None]) -> None:
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

    def _loop_item(self, iterable: nodes.Node, scope: dict[str, Path_ | None]) -> Path_ | None:
        if isinstance(iterable, nodes.Call) and isinstance(iterable.node, nodes.Name):
            if iterable.node.name == "pad" and iterable.args:
                base = self.path_of(iterable.args[0], scope)
                return None if base is None else (*base, "*")
            return None
        base = self.path_of(iterable, scope)
        return None if base is None else (*base, "*")

    def _check_box(self, call: nodes.Call, scope: dict[str, Path_ | None]) -> None:
        if len(call.args) != 2 or not isinstance(call.args[1], nodes.Const):
            return
        path = self.path_of(call.args[0], scope)
        node = self.fields.get(path) if path else None
        if node is None:
            return
        options = node.meta.get("options") or _literal_options(node.annotation)
        if options and call.args[1].value not in options:
            self.report.bad_options.append(f"{'.'.join(path)}: '{call.args[1].value}'")


def _literal_options(annotation: object) -> list[str]:
    found: list[str] = []
    for arg in typing.get_args(annotation):
        if typing.get_origin(arg) is typing.Literal:
            found += list(typing.get_args(arg))
        else:
            found += _literal_options(arg)
    if typing.get_origin(annotation) is typing.Literal:
        found += list(typing.get_args(annotation))
    return found


def check_templates(form: FormDefinition, templates: list[Path]) -> ContractReport:
    report = ContractReport()
    checker = _Checker(form, report)
    env = SandboxedEnvironment()
    for template in templates:
        for source in docx_jinja_sources(template):
            checker.visit(env.parse(source), {})
    if form.summary is not None:
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
