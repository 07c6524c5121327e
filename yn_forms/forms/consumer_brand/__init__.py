"""Form ``consumer-brand``: 云南消费名品申报.

Source: 《关于组织开展2025年消费名品方阵推荐申报工作的通知》 (2025-06-13); the notice's
own words are in ``model``.
"""

from __future__ import annotations

from typing import Any

from yn_forms.catalog import naming
from yn_forms.core.enclosures import PAPER, groups
from yn_forms.core.formdef import Document, FormDefinition, Submission, Summary, SummaryColumn, dotted_value
from yn_forms.forms.consumer_brand.example import example
from yn_forms.forms.consumer_brand.migrations import products_for_both_kinds
from yn_forms.forms.consumer_brand.model import ENCLOSURES, ENTERPRISE, ConsumerBrand
from yn_forms.forms.consumer_brand.rules import rules
from yn_forms.forms.digital_scenario import SUMMARY_PART as DIGITAL_CASES


def _by_type(header: str, enterprise: str, region: str = "") -> SummaryColumn:
    """A summary column taken from the section of the kind chosen: the enterprise's field or the
    region's (none: the cell stays empty for a region)."""
    def cell(d: Any) -> Any:
        chosen = enterprise if d.basics.brand_type == ENTERPRISE else region
        return dotted_value(d, chosen) if chosen else ""

    return SummaryColumn(header, compute=cell, reads=tuple(p for p in (enterprise, region) if p))


def _derived(d: ConsumerBrand) -> dict[str, Any]:
    """Values printed but not typed: the 证明材料清单, one line an item the draft encloses (``/enclosures``,
    as the 证明材料 page keeps them and the bound pack orders them), with how it is handed in."""
    data = d.model_dump(mode="json")
    return {"enclosure_list": [{"title": g.title, "given": _given(g.records)} for g in groups(DEFINITION, data)]}


def _given(records: tuple[tuple[int, dict[str, Any]], ...]) -> str:
    pages = sum(r["pages"] for _i, r in records if r["type"] != PAPER)
    files = sum(1 for _i, r in records if r["type"] != PAPER)
    paper = any(r["type"] == PAPER for _i, r in records)
    said = [f"电子文件{files}份" + (f"，共{pages}页" if pages else "")] if files else []
    return "；".join([*said, *(["纸质件另附"] if paper else [])])


SUBMISSION = Submission(
    how=("申报主体通过云南省工业和信息化项目管理系统在线填报，同时提交相关纸质材料供审核；"
         "州（市）工业和信息化主管部门将推荐申报企业相关材料1份按要求加盖公章报送省工业和信息化厅。"),
    clause="《通知》四、五(三)",
    copies=1,
    enclosures=ENCLOSURES,
)


DEFINITION = FormDefinition(
    **naming("consumer-brand"),
    model=ConsumerBrand,
    documents=(Document("附件1-云南消费名品申报书.docx", "附件1-云南消费名品申报书.docx", "云南消费名品申报书"),),
    rules=rules,
    example=example,
    schema_version=2,
    migrations={1: products_for_both_kinds},
    derived=_derived,
    title_fields=("/brand/name", "/region/brand_name", "/enterprise/name"),
    summary=Summary(
        template="附件3-云南消费名品方阵推荐汇总表.xlsx",
        output="附件3-云南消费名品方阵推荐汇总表.xlsx",
        columns=(
            SummaryColumn("州（市）", "basics.prefecture"),
            SummaryColumn("申报类型", "basics.brand_type"),
            _by_type("品牌名称", "brand.name", "region.brand_name"),
            _by_type("申报主体", "enterprise.name", "region.government"),
            _by_type("统一社会信用代码", "enterprise.credit_code", "region.credit_code"),
            SummaryColumn("重点领域", "basics.key_field"),
            _by_type("培育方向", "basics.direction"),
            _by_type("联系人", "enterprise.contact", "region.contact"),
            _by_type("联系电话", "enterprise.mobile", "region.mobile"),
            SummaryColumn("推荐排序", "basics.rank"),
        ),
        parts=(DIGITAL_CASES,),  # the 方阵's other half: one 汇总表 for both, per the notice 五(三)
    ),
    submission=SUBMISSION,
)
