"""Both directions of the template contract (README › Templates)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from yn_forms.forms import FORMS
from yn_forms.paths import builtin_templates_dir
from yn_forms.render.contract import check_templates, unprinted_fields


def shipped(form) -> list[Path]:
    return [builtin_templates_dir() / form.id / d.template for d in form.documents]


@pytest.mark.parametrize("form", FORMS.values(), ids=list(FORMS))
def test_shipped_templates_use_only_form_fields_and_print_every_field(form):
    report = check_templates(form, shipped(form))
    assert report.unknown == []
    assert report.bad_options == []
    assert unprinted_fields(form, report) == []


def test_summary_template_exists(centre):
    assert (builtin_templates_dir() / centre.id / centre.summary.template).is_file()


def test_a_template_naming_a_missing_field_or_option_is_caught(centre, tmp_path):
    doc = Document()
    doc.add_paragraph("{{ cover.centre_nmae }} {{ no_such_section.x }}")
    doc.add_paragraph("{{ box(basic.outcomes, '新材料') }}")
    doc.add_paragraph("{%p for m in members %}")
    doc.add_paragraph("{{ m.no_such_field }}")
    doc.add_paragraph("{%p endfor %}")
    bad = tmp_path / "bad.docx"
    doc.save(bad)
    report = check_templates(centre, [bad])
    assert "cover.centre_nmae" in report.unknown
    assert "no_such_section" in report.unknown
    assert "members.*.no_such_field" in report.unknown
    assert report.bad_options == ["basic.outcomes: '新材料'"]


def test_a_field_no_template_prints_is_caught(centre):
    without_plan = [p for p in shipped(centre) if p.name.startswith("附件1")]
    missing = unprinted_fields(centre, check_templates(centre, without_plan))
    assert "plan.foundation" in missing and "plan.background.industry_overview" in missing
    assert "cover.centre_name" not in missing
