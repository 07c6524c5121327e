"""Form ``innovation-centre``: 云南省制造业创新中心创建申报 (《云南省制造业创新中心培育创建工作方案》, 2019)."""

from __future__ import annotations

from typing import Any

from yn_forms.catalog import naming
from yn_forms.core.formdef import Document, FormDefinition, Submission, Summary, SummaryColumn
from yn_forms.forms.innovation_centre.example import example
from yn_forms.forms.innovation_centre.migrations import enclosures_on_paper
from yn_forms.forms.innovation_centre.model import ENCLOSURES, InnovationCentre
from yn_forms.forms.innovation_centre.rules import listed_units, rules


def _derived(d: InnovationCentre) -> dict[str, Any]:
    """Values printed but not typed: the 1–n numbering of 表1's unit list."""
    return {"units": listed_units(d)}


DEFINITION = FormDefinition(
    **naming("innovation-centre"),
    model=InnovationCentre,
    documents=(
        Document("附件1-云南省制造业创新中心创建申报书.docx",
                 "附件1-云南省制造业创新中心创建申报书.docx", "云南省制造业创新中心创建申报书"),
        Document("附件2-云南省制造业创新中心建设方案计划书.docx",
                 "附件2-云南省制造业创新中心建设方案计划书.docx", "云南省制造业创新中心建设方案计划书"),
    ),
    rules=rules,
    example=example,
    schema_version=2,
    migrations={1: enclosures_on_paper},
    title_fields=("/cover/centre_name",),
    lead_unit="/cover/lead_unit",
    summary=Summary(
        template="附件3-云南省制造业创新中心创建申报汇总表.xlsx",
        output="附件3-云南省制造业创新中心创建申报汇总表.xlsx",
        columns=(
            SummaryColumn("创新中心名称", "cover.centre_name"),
            SummaryColumn("创新中心牵头单位", "cover.lead_unit"),
            SummaryColumn("创新中心成员单位", compute=lambda d: "、".join(listed_units(d)[1:]),
                          reads=("basic.participants",)),
            SummaryColumn("所属领域", "cover.industry"),
            SummaryColumn("研发方向", "summary.research_direction"),
            SummaryColumn("联系人", "basic.daily_contact.name"),
            SummaryColumn("联系电话", "basic.daily_contact.mobile"),
        ),
    ),
    derived=_derived,
    submission=Submission(
        how=("申报单位填写申报书（附件1）、建设方案计划书（附件2）及相关证明材料，"
             "将纸质件和电子文档报送属地州市工业和信息化主管部门。"),
        clause="《工作方案》四(一)1",
        enclosures=ENCLOSURES,
    ),
)
