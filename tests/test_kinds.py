"""The one table of field kinds (``core.kinds``), and a kind added from outside the package.

A kind added by one entry in the table and one input in the wizard's map (``gui.editor_map``) works
wherever a kind is asked — typed into the wizard, printed, read back from the filled Word document,
read from a member sheet — with no module of yn_forms changed. The kind is a time of day (开放时间):
typed “9:30”, “9点30分” or “10：15”, kept as “09:30”, printed “9时30分”.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import time
from typing import Annotated, Any

import pytest
from docx import Document as DocxDocument
from docx_helpers import open_docx, rows
from gui_helpers import find, type_into
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError
from PySide6.QtWidgets import QLineEdit

from yn_forms.core.fields import OfKind, Section, field
from yn_forms.core.formcheck import check_form
from yn_forms.core.formdef import Document, FormDefinition
from yn_forms.core.kinds import KINDS, Kind, kind_of, register
from yn_forms.core.member_sheet import import_members_xlsx, write_members_template
from yn_forms.core.rules import RuleSet
from yn_forms.core.schema import form_schema
from yn_forms.core.units.facts import FACTS
from yn_forms.forms import FORMS
from yn_forms.gui.editor_map import EDITORS, EditorEntry, register_editor
from yn_forms.gui.editors import LineStyle
from yn_forms.render.context import build_context
from yn_forms.render.contract import template_variables
from yn_forms.render.documents import fill_documents
from yn_forms.render.wordin.importer import import_documents

# --- the new kind, as another package would declare it ------------------------------------------

_TIME = re.compile(r"(\d{1,2})\s*(?::|点|时)\s*(\d{1,2})\s*分?(?::00)?")  # :00 — Excel's time cells


def parse_time(text: str) -> Any:
    """9:30, 9点30分, 10：15 (a full-width colon) as 09:30; other text as written, to be reported."""
    if not text.strip():
        return ""
    match = _TIME.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return f"{int(match.group(1)):02d}:{int(match.group(2)):02d}"
    return text


def printed_time(value: Any) -> Any:
    hour, _, minute = str(value).partition(":")
    return f"{int(hour)}时{minute}分" if hour.isdigit() and minute.isdigit() else value


def check_time(value: str) -> str:
    if value and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        raise PydanticCustomError("time_of_day", "请填写时间，如 9:30")
    return value


TimeOfDay = Annotated[str, AfterValidator(check_time), OfKind("time")]
TIME_KIND = Kind("time", (str,), lambda d: "时间（印作 9时30分）", parse_time, printed_time,
                 sheet_hint="时间，如 9:30")
TIME_INPUT = EditorEntry.typed(LineStyle(r"[0-9:：]{0,5}", "如 9:30", short=True, sample="23:59", tidy=True))


@pytest.fixture(scope="module", autouse=True)
def time_kind():
    """The kind and its input, registered as the package using them would at import; taken away after."""
    register(TIME_KIND)
    register_editor("time", TIME_INPUT)
    yield
    KINDS.pop("time")
    EDITORS.pop("time")


# --- a small form using it --------------------------------------------------------------------


class Member(Section):
    name: str = field("单位名称")
    opens: TimeOfDay = field("开放时间")


class Cover(Section):
    unit: str = field("申报单位")
    meeting: TimeOfDay = field("会商时间")


class Application(Section):
    cover: Cover = field("封面", default_factory=Cover)
    members: list[Member] = field("成员单位", default_factory=list, kind="group", item_key="name",
                                  item_noun="成员单位")


EXAMPLE = {"cover": {"unit": "云南测试有限公司", "meeting": "14:05"},
           "members": [{"name": "甲公司", "opens": "09:30"}, {"name": "乙大学", "opens": "08:00"}]}
FORM = FormDefinition(id="opening-hours", name="开放时间表", department="测试", description="一个新的字段类型",
                      model=Application, documents=(Document("开放时间表.docx", "附件-开放时间表.docx", "开放时间表"),),
                      rules=RuleSet(), example=lambda: {"cover": dict(EXAMPLE["cover"]),
                                                        "members": [dict(m) for m in EXAMPLE["members"]]})


def _table(doc, rows: list[list[str]]) -> None:
    table = doc.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for texts in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, texts, strict=True):
            cell.text = text


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """The form's one template: a title, the cover's table, and the member table looping over the members."""
    folder = tmp_path_factory.mktemp("templates")
    doc = DocxDocument()
    doc.add_paragraph("开放时间表")
    _table(doc, [["申报单位", "{{ cover.unit }}"], ["会商时间", "{{ cover.meeting }}"]])
    doc.add_paragraph("")
    _table(doc, [["单位名称", "开放时间"], ["{%tr for m in members %}", ""], ["{{ m.name }}", "{{ m.opens }}"],
                 ["{%tr endfor %}", ""]])
    (folder / FORM.id).mkdir()
    doc.save(str(folder / FORM.id / "开放时间表.docx"))
    return folder


def test_the_form_keeps_the_contract_and_its_fields_are_of_the_new_kind():
    check_form(FORM)
    assert kind_of(Cover.model_fields["meeting"]).name == "time"  # from the type: no kind= needed
    meeting = next(v for v in template_variables(FORM) if v.path == "cover.meeting")
    assert meeting.type == "时间（印作 9时30分）"
    assert form_schema(FORM)["$defs"]["Cover"]["properties"]["meeting"]["x-kind"] == "time"


def test_typed_into_the_wizard_it_lands_in_the_draft(qtbot):
    from yn_forms.gui.app import make_app
    from yn_forms.gui.wizard import Wizard

    make_app()
    wizard = Wizard(FORM, FORM.example())
    qtbot.addWidget(wizard)
    wizard.show()
    edit = find(wizard, "会商时间", QLineEdit)
    assert edit.text() == "14:05" and edit.validator() is not None
    wizard.activateWindow()
    edit.setFocus()  # the clerk clicks into the box
    qtbot.waitUntil(edit.hasFocus)
    type_into(edit, "9:5")
    assert wizard.data["cover"]["meeting"] == "09:05"
    qtbot.waitUntil(lambda: edit.text() == "09:05")  # on leaving, shown as the draft keeps it
    type_into(edit, "25:00")
    wizard.revalidate()
    assert wizard.data["cover"]["meeting"] == "25:00"  # kept as typed, and reported
    assert any(p.path == "/cover/meeting" and "请填写时间" in p.message for p in wizard.problems)


def test_printed_the_kinds_way(templates, tmp_path):
    model = Application.model_validate(EXAMPLE)
    assert build_context(FORM, model)["cover"]["meeting"] == "14时05分"
    [path] = fill_documents(FORM, FORM.example(), tmp_path, templates)
    tables = [rows(t) for t in open_docx(path).tables]
    assert tables[0][1] == ["会商时间", "14时05分"]
    assert tables[1][1:] == [["甲公司", "9时30分"], ["乙大学", "8时00分"]]


def test_read_back_from_the_filled_document_into_the_draft_value(templates, tmp_path):
    [path] = fill_documents(FORM, FORM.example(), tmp_path, templates)
    doc = open_docx(path)
    doc.tables[1].rows[2].cells[1].paragraphs[0].runs[0].text = "10：15"  # a clerk's own spelling, by hand
    doc.save(str(path))
    result = import_documents(FORM, [path], {FORM.id: FORM}, templates)
    assert result.data["cover"]["meeting"] == "14:05"
    assert result.data["members"] == [{"name": "甲公司", "opens": "09:30"}, {"name": "乙大学", "opens": "10:15"}]


def test_imported_from_a_member_sheet(tmp_path):
    from openpyxl import Workbook, load_workbook

    template = tmp_path / "成员单位.xlsx"
    assert write_members_template(FORM, "/members", template) == ["单位名称", "开放时间"]
    notes = [[cell.value for cell in row] for row in load_workbook(template)["填写说明"].rows]
    assert ["开放时间", "必填；时间，如 9:30"] in notes
    book = Workbook()
    book.active.append(["单位名称", "开放时间"])
    for row in (["丙研究院", time(9, 30)], ["丁公司", "14点05分"], ["戊公司", "25:00"]):
        book.active.append(row)
    sheet = tmp_path / "members.xlsx"
    book.save(sheet)
    items, problems = import_members_xlsx(FORM, "/members", sheet)
    assert [(i["name"], i["opens"]) for i in items] == [("丙研究院", "09:30"), ("丁公司", "14:05"), ("戊公司", "25:00")]
    assert [(p.row, p.column, p.message) for p in problems] == [(4, "B", "请填写时间，如 9:30")]


def test_the_forms_state_no_kind_their_types_already_say():
    """A kind= is written only where the type cannot tell: a multi-line answer or one line, a suggestion list,
    a table or a group of sections (which a list of sections must say)."""
    from yn_forms.core.fields import type_kind
    from yn_forms.core.formdef import walk_fields
    from yn_forms.core.kinds import SECTIONS, inferred_kind, shape_of

    for form in FORMS.values():
        for node in walk_fields(form.model):
            declared = node.meta.get("kind")
            if declared is not None and shape_of(node.info) != SECTIONS:
                assert type_kind(node.info) is None and inferred_kind(node.info).name != declared, node.path


def test_the_unit_library_speaks_the_same_kinds():
    assert {fact.kind for fact in FACTS} <= set(KINDS)


def test_every_kind_of_the_shipped_forms_has_an_input():
    """What the wizard shows is decided by the map alone: a kind no input is registered for is a
    mistake found here, not a blank page."""
    import yn_forms.gui.inputs  # noqa: F401 — adds the table's input, as the wizard's pages do
    from yn_forms.core.formdef import walk_fields

    used = {kind_of(node.info).name for form in FORMS.values() for node in walk_fields(form.model)}
    # a page and the member list, built by gui.pages (证明材料 has its page's input: gui.enclosures_page)
    assert used - set(EDITORS) == {"section", "group"}


@pytest.mark.parametrize("typed", ["³", "²⁰", "1³", "2026²"])
def test_a_superscript_is_no_number_and_is_kept_as_typed(typed):
    """Wherever a count is read (a Word cell, an Excel member sheet, the wizard), "³" stays as typed, to be
    flagged by validation, rather than ending in a traceback from int()."""
    assert KINDS["count"].parse(typed) == typed


def test_full_width_digits_are_a_count():
    assert KINDS["count"].parse("１２人") == 12
