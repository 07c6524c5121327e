"""Form ``innovation-consortium``: 云南省创新联合体组建申请 (《云南省创新联合体建设管理工作方案(试行)》, 2022)."""

from __future__ import annotations

from yn_forms.catalog import naming
from yn_forms.core.formdef import Document, FormDefinition, Submission
from yn_forms.forms.innovation_consortium.example import example
from yn_forms.forms.innovation_consortium.model import ENCLOSURES, InnovationConsortium
from yn_forms.forms.innovation_consortium.rules import rules

DEFINITION = FormDefinition(
    **naming("innovation-consortium"),
    model=InnovationConsortium,
    documents=(
        Document("附件1-云南省创新联合体组建申请表.docx", "附件1-云南省创新联合体组建申请表.docx",
                 "云南省创新联合体组建申请表"),
        Document("附件2-云南省创新联合体组建协议.docx", "附件2-云南省创新联合体组建协议.docx",
                 "云南省创新联合体组建协议"),
        Document("附件3-云南省创新联合体建设方案.docx", "附件3-云南省创新联合体建设方案.docx",
                 "云南省创新联合体建设方案"),
    ),
    rules=rules,
    example=example,
    title_fields=("/cover/name",),
    lead_unit="/cover/lead_unit",
    submission=Submission(
        how=("联合体组建申请表需附《云南省创新联合体组建协议》和《云南省创新联合体建设方案》，"
             "统一通过云南省科技管理信息系统申报；牵头单位须加盖法人公章，组建协议须由成员单位法定代表人共同签署、盖章。"),
        clause="附件1 填表说明；《工作方案》五(三)",
        enclosures=ENCLOSURES,
    ),
)
