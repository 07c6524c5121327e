"""Form ``digital-scenario``: 云南“数字三品”应用场景典型案例申报 (the 消费名品方阵 notice of 2025-06-13).

The notice's 附件2 is not printed with it; the book is reconstructed from the
notice's own words (see ``model``), and its template says so in its properties.
"""

from __future__ import annotations

from yn_forms.catalog import naming
from yn_forms.core.formdef import Document, FormDefinition, Submission, SummaryColumn, SummaryPart
from yn_forms.forms.digital_scenario.example import example
from yn_forms.forms.digital_scenario.migrations import new_fields_only
from yn_forms.forms.digital_scenario.model import ENCLOSURES, DigitalScenario
from yn_forms.forms.digital_scenario.rules import rules

TITLE = "云南“数字三品”应用场景典型案例申报书"
FILE = f"附件2-{TITLE}.docx"

SUBMISSION = Submission(
    how=("申报主体通过云南省工业和信息化项目管理系统在线填报，同时提交相关纸质材料供审核；"
         "州（市）工业和信息化主管部门将推荐申报企业相关材料1份按要求加盖公章报送省工业和信息化厅。"),
    clause="《通知》四、五(三)",
    copies=1,
    enclosures=ENCLOSURES,
)


#: The cases' part of the 云南消费名品方阵推荐汇总表 (附件3), on a sheet of their own: the facts of
#: the 申报书's cover, 申报主体 and 应用场景 a department lists a case by.
SUMMARY_PART = SummaryPart(
    form_id="digital-scenario",
    sheet="数字三品典型案例",
    columns=(
        SummaryColumn("州（市）", "applicant.prefecture"),
        SummaryColumn("案例名称", "cover.case_name"),
        SummaryColumn("申报主体", "applicant.name"),
        SummaryColumn("统一社会信用代码", "applicant.credit_code"),
        SummaryColumn("申报主体类型", "applicant.subject_type"),
        SummaryColumn("联合申报单位", "joint_units.name"),
        SummaryColumn("重点行业", "scenario.industry"),
        SummaryColumn("应用场景方向", "scenario.directions"),
        SummaryColumn("三品方向", "scenario.aims"),
        SummaryColumn("联系人", "cover.contact"),
        SummaryColumn("联系电话", "cover.phone"),
    ),
)


DEFINITION = FormDefinition(
    **naming("digital-scenario"),
    model=DigitalScenario,
    documents=(Document(FILE, FILE, TITLE),),
    rules=rules,
    example=example,
    schema_version=2,
    migrations={1: new_fields_only},
    title_fields=("/cover/case_name",),
    submission=SUBMISSION,
)
