"""Form ``consumer-brand``: 云南消费名品申报 (seeds/000, the notice of 2025-06-13)."""

from __future__ import annotations

from typing import Any

from yn_forms.catalog import naming
from yn_forms.core.formdef import Document, FormDefinition, Submission, Summary, SummaryColumn
from yn_forms.forms.consumer_brand.example import example
from yn_forms.forms.consumer_brand.model import ENTERPRISE, ConsumerBrand
from yn_forms.forms.consumer_brand.rules import rules
from yn_forms.forms.digital_scenario import SUMMARY_PART as DIGITAL_CASES


def _by_type(enterprise: Any, region: Any) -> Any:
    """A summary cell taken from the section of the kind chosen."""
    return lambda d: enterprise(d) if d.basics.brand_type == ENTERPRISE else region(d)


SUBMISSION = Submission(
    how=("申报主体通过云南省工业和信息化项目管理系统在线填报，同时提交相关纸质材料供审核；"
         "州（市）工业和信息化主管部门将推荐申报企业相关材料1份按要求加盖公章报送省工业和信息化厅。"),
    clause="《通知》四、五(三)",
    copies=1,
)


DEFINITION = FormDefinition(
    **naming("consumer-brand"),
    model=ConsumerBrand,
    documents=(Document("附件1-云南消费名品申报书.docx", "附件1-云南消费名品申报书.docx", "云南消费名品申报书"),),
    rules=rules,
    example=example,
    title_fields=("/brand/name", "/region/brand_name", "/enterprise/name"),
    summary=Summary(
        template="附件3-云南消费名品方阵推荐汇总表.xlsx",
        output="附件3-云南消费名品方阵推荐汇总表.xlsx",
        columns=(
            SummaryColumn("州（市）", lambda d: d.basics.prefecture or "", ("basics.prefecture",)),
            SummaryColumn("申报类型", lambda d: d.basics.brand_type or "", ("basics.brand_type",)),
            SummaryColumn("品牌名称", _by_type(lambda d: d.brand.name, lambda d: d.region.brand_name),
                          ("brand.name", "region.brand_name")),
            SummaryColumn("申报主体", _by_type(lambda d: d.enterprise.name, lambda d: d.region.government),
                          ("enterprise.name", "region.government")),
            SummaryColumn("统一社会信用代码", _by_type(lambda d: d.enterprise.credit_code, lambda d: ""),
                          ("enterprise.credit_code",)),
            SummaryColumn("重点领域", lambda d: d.basics.key_field, ("basics.key_field",)),
            SummaryColumn("培育方向", _by_type(lambda d: d.basics.direction or "", lambda d: ""),
                          ("basics.direction",)),
            SummaryColumn("联系人", _by_type(lambda d: d.enterprise.contact, lambda d: d.region.contact),
                          ("enterprise.contact", "region.contact")),
            SummaryColumn("联系电话", _by_type(lambda d: d.enterprise.mobile, lambda d: d.region.mobile),
                          ("enterprise.mobile", "region.mobile")),
        ),
        parts=(DIGITAL_CASES,),  # the 方阵's other half: one 汇总表 for both, per the notice 五(三)
    ),
    submission=SUBMISSION,
)
