"""附件1 组建申请表, 附件2 组建协议, 附件3 建设方案 of the 创新联合体, field by field.

Source: 《云南省创新联合体建设管理工作方案(试行)》(云南省科学技术厅, 2022). Titles
are the labels printed on the attachments, in the order of their rows. The 组建条件
page asks what the attachments do not carry but the 方案 requires (经费配套 2:1,
存续期 3–5年); it is not printed.
"""

from __future__ import annotations

from typing import Literal, get_args

from yn_forms.core.enclosures import Enclosures, enclosures_field
from yn_forms.core.fields import (
    Count,
    CreditCode,
    Day,
    Money,
    Phone,
    Section,
    YearMonth,
    field,
    word_limited,
)
from yn_forms.core.formdef import Enclosure

PLAN = "《工作方案》"

# 三 主要目标: the industries the 方案 names
INDUSTRIES = ["高原特色现代农业", "绿色铝", "光伏", "先进制造业", "绿色能源", "烟草", "新材料", "生物医药",
              "数字经济"]
INDUSTRY_HELP = (
    "填表说明二：产业领域指联合体所涉及我传统特色优势产业、战略性新兴产业。"
    "《工作方案》三 主要目标列出：高原特色现代农业、绿色铝、光伏、先进制造业、绿色能源、烟草、新材料、"
    "生物医药、数字经济等。可从列表中选择，也可填写其他领域。"
)

Level = Literal["国家级", "省级"]
Confirmation = Literal[
    "牵头单位仅牵头组建本创新联合体",
    "组建协议已由全体成员单位法定代表人共同签署、盖章",
    "牵头单位、成员单位中的企业具备项目配套经费的财务能力",
]
LEVELS = list(get_args(Level))
CONFIRMATIONS = list(get_args(Confirmation))


class Cover(Section):
    """封面 (附件1 and 附件2 share it)"""

    name: str = field("创新联合体名称", help="如“云南省绿色铝创新联合体”。申请表、组建协议和建设方案都用这一名称。")
    industry: str = field("产业领域", kind="suggest", options=INDUSTRIES, help=INDUSTRY_HELP)
    lead_unit: str = field("牵头单位", same_as="/units/0/name",
                           help="牵头单位全称（填表说明一：须加盖法人公章）。与“六”中第1家单位是同一单位，"
                                "一处填写，另一处留空即相同。")
    contact: str = field("联系人")
    phone: Phone = field("联系电话")
    fill_date: Day | None = field("填报日期", default=None)


class MainTable(Section):
    """云南省创新联合体组建申请表 (名称、产业领域、牵头单位、联系人、联系方式 print from the cover)."""

    effective_date: Day | None = field(
        "联合体协议生效时间", default=None,
        help=PLAN + "五(三)：联合共建协议必须由成员单位法定代表人共同签署、盖章后生效。")
    chief_expert: str = field(
        "推荐首席专家(科学家)",
        help=PLAN + "四(五)：应选聘学术造诣高、熟悉产业发展、具备团结协作和组织协调能力的首席专家(科学家)。")
    chief_expert_title: str = field("职务/职称")
    national_platforms: Count | None = field(
        "联合体内已建并正在运行的国家级各类创新平台数量", default=None, unit="个",
        help="应与“四”中所列国家级平台的个数一致。")
    provincial_platforms: Count | None = field(
        "联合体内已建并正在运行的省级各类创新平台数量", default=None, unit="个",
        help="应与“四”中所列省级平台的个数一致。")
    member_total: Count | None = field("成员总数(个)", default=None,
                                       help="填表说明三：成员总数包括牵头和成员单位数。")
    enterprises: Count | None = field("企业数量(个)", default=None)
    universities: Count | None = field("高等学校数量(个)", default=None)
    institutes: Count | None = field("研究机构数量(个)", default=None)


class TeamMember(Section):
    name: str = field("姓名")
    age: Count | None = field("年龄", default=None)
    title: str = field("职务/职称")
    speciality: str = field("从事专业")
    employer: str = field("工作单位", choices_from="/units")


class Platform(Section):
    name: str = field("平台名称")
    discipline: str = field("学科/产业领域")
    level: Level | None = field("国家/省级", default=None, options=LEVELS)
    built: YearMonth = field("建设时间", help="如 2016年9月（也可写 2016.9 或 201609）。")
    host: str = field("依托单位", help="应为联合体的牵头或成员单位。", choices_from="/units")


class Project(Section):
    name: str = field("项目名称")
    industry: str = field("产业领域")
    level: Level | None = field("级别(国家级/省级)", default=None, options=LEVELS)
    start: YearMonth = field("实施期（起）", help="如 2026年1月。")
    end: YearMonth = field("实施期（止）", help="如 2026年1月。")
    undertaker: str = field("承担单位", choices_from="/units")
    funding: Money | None = field(
        "财政支持（万元）", default=None, unit="万元", printed=False,
        help="用于核对“财政支持200万及以上”，申请表中不打印。")


class Unit(Section):
    """One row of 六, and a party to the 组建协议."""

    name: str = field("牵头和成员单位名称", unit_key="name")
    credit_code: CreditCode = field("统一社会信用代码", help="18位，见营业执照或事业单位法人证书。",
                                    unit_key="credit_code")
    legal_rep: str = field("法定代表人", help="列入组建协议“一、牵头和成员单位”，并在协议签章表中签字。",
                           unit_key="legal_rep")
    role: word_limited(200) = field("在行业(或领域)中的地位,在联合体内分工(限200字)", kind="text",
                                    max_words=200)


_AGREEMENT = PLAN + "五(三)：协议应明确"


class Agreement(Section):
    """附件2 云南省创新联合体组建协议 (一 lists the units of 六; 二 prints 技术创新目标; 八 is the seal table)."""

    special_project: str = field(
        "省重大科技专项", help="协议开头“依据……省****重大科技专项要求”中的专项名称，如“绿色铝”。")
    division: str = field(
        "三、任务具体分工", kind="text", help=_AGREEMENT + "技术创新目标、任务分工。")
    rights: str = field(
        "四、各成员单位的责权利(明确创新联合体解散时各成员单位的权责分配)", kind="text",
        help=_AGREEMENT + "各成员单位的责任、权利与义务，明确创新联合体解散时各成员单位的权责分配，"
        "保障成员的合法权益。")
    ip: str = field(
        "五、科技成果和知识产权归属、许可使用和转化收益分配办法", kind="text",
        help=_AGREEMENT + "科技成果和知识产权归属、许可使用和转化收益分配办法。")
    integrity: str = field(
        "六、科研诚信追究方式", kind="text",
        help=PLAN + "八(四)：加强牵头和成员单位科研诚信管理，对违反科研诚信要求的进行追责和惩戒。")
    breach: str = field(
        "七、违约责任追究方式", kind="text", help=_AGREEMENT + "违约责任追究方式及解决争议方式。")


_OUTLINE = PLAN + "五(四)：牵头和成员单位共同编制建设方案，阐明建设意义及必要性、建设基础及优势、建设思路、"\
    "目标及重点任务、组织架构及运行机制、保障措施和进度计划。"


class Plan(Section):
    """附件3 云南省创新联合体建设方案(参考提纲)"""

    significance: str = field("一、建设意义及必要性", kind="text", help=_OUTLINE)
    foundation: str = field("二、建设基础和优势", kind="text", help=_OUTLINE)
    approach: str = field("三、建设思路和目标", kind="text", help=_OUTLINE)
    tasks: str = field(
        "四、重点任务", kind="text",
        help=PLAN + "六 主要任务：组织重大关键核心技术攻关；共同推进重大成果转移转化；共建共享创新平台载体；"
        "推进国内外科技交流合作；共同探索创新体制机制。")
    organisation: str = field(
        "五、组织架构和运行机制", kind="text",
        help=PLAN + "四(五)：应设立决策、咨询和执行等组织机构，建立有效的决策与执行机制和健全的经费管理制度；"
        "执行机构为常设机构，应配备必要的工作人员。")
    safeguards: str = field("六、保障措施", kind="text", help=_OUTLINE)
    schedule: str = field("七、进度计划", kind="text",
                          help=_OUTLINE + "存续期原则上与承担项目任务周期一致（一般为3—5年，八(二)）。")


class Eligibility(Section):
    """组建条件: what the 方案 requires that the attachments do not print."""

    fiscal_funds: Money | None = field(
        "拟申请财政经费", default=None, unit="万元", printed=False,
        help=PLAN + "四(四)：企业应按照不低于2:1的要求提供必要的自筹经费。")
    self_funds: Money | None = field("自筹经费", default=None, unit="万元", printed=False,
                                     help="牵头单位和成员单位中的企业承诺的自筹经费合计。")
    duration_years: Count | None = field(
        "计划存续期", default=None, unit="年", printed=False,
        help=PLAN + "八(二)：存续期原则上与承担项目任务周期一致（一般为3—5年）。")
    confirmations: list[Confirmation] = field(
        "申报前确认", default_factory=list, options=CONFIRMATIONS, required=False, printed=False,
        help=PLAN + "四(一)3、四(四)、五(三)。已确认的请勾选。")


class InnovationConsortium(Section):
    """云南省创新联合体组建申报材料"""

    cover: Cover = field("封面", default_factory=Cover)
    table: MainTable = field("组建申请表", default_factory=MainTable)
    goals: word_limited(500) = field("一、技术创新目标(拟解决的关键核心技术问题等,限500字)", kind="text",
                                     nav="一、技术创新目标", max_words=500, help="同时列入组建协议“二、技术创新目标”。")
    expert_cv: str = field("二、推荐首席专家(科学家)科研简历(含取得的代表性创新成果、主要学术任职等)",
                           kind="text", nav="二、首席专家科研简历")
    team: list[TeamMember] = field("三、科研团队情况", default_factory=list, kind="table", item_key="name",
                                   item_noun="团队成员", nav="三、科研团队")
    platforms: list[Platform] = field(
        "四、牵头和成员单位已建并正在运行的省级及以上创新平台(含重点实验室、工程(技术)研究中心、技术创新中心等各类创新平台)",
        default_factory=list, kind="table", required=False, item_key="name", item_noun="创新平台", nav="四、创新平台")
    projects: list[Project] = field(
        "五、牵头和成员单位近三年承担的省级及以上科技计划项目(财政支持200万及以上)",
        default_factory=list, kind="table", required=False, item_key="name", item_noun="项目",
        nav="五、科技计划项目")
    units: list[Unit] = field("六、牵头和成员单位在行业(或领域)中地位的简要说明", default_factory=list,
                              kind="group", help="第1家为牵头单位，其后为成员单位；组建协议按此列出各方并留签章行。",
                              item_key="name", item_noun="单位", nav="六、牵头和成员单位")
    cooperation: word_limited(500) = field(
        "七、创新联合体已具备的合作基础、开展活动和取得的实效(限500字)", kind="text", max_words=500,
        nav="七、合作基础和实效")
    agreement: Agreement = field("附件2 组建协议", default_factory=Agreement)
    plan: Plan = field("附件3 建设方案", default_factory=Plan)
    eligibility: Eligibility = field("组建条件", default_factory=Eligibility)
    enclosures: Enclosures = enclosures_field()


#: 证明材料: the signed agreement, and the 推荐意见 of an application made from below (五(五))
ENCLOSURES = (
    Enclosure("signed_agreement", "全体成员单位签字盖章的组建协议", PLAN + "五(三)", required=True, scan=True,
              proves="联合共建协议必须由成员单位法定代表人共同签署、盖章后生效"),
    Enclosure("recommendation", "推荐单位推荐意见", PLAN + "五(五)", scan=True,
              proves="自下而上自主申报的，由牵头单位报属地科技行政主管部门审核并出具推荐意见后向省科技厅申报"
                     "（自上而下、揭榜挂帅确定的直接申报，不需要）"),
)
