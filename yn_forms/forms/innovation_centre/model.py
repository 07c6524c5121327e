"""附件1 云南省制造业创新中心创建申报书 and 附件2 建设方案计划书, field by field.

Source: 《云南省制造业创新中心培育创建工作方案》(2019). Titles are the
labels printed on the attachment (including its own spellings, e.g. 髙级); the
order of fields is the order of rows on the printed form.
"""

from __future__ import annotations

from typing import Literal, get_args

from yn_forms.core.enclosures import Enclosures, enclosures_field
from yn_forms.core.fields import (
    QQ,
    Count,
    Day,
    Email,
    Landline,
    Mobile,
    Money,
    Percent,
    Phone,
    Postcode,
    Section,
    YearMonth,
    Years,
    field,
    three_years,
    word_limited,
)
from yn_forms.core.formdef import Enclosure

# 二(四) 布局重点
FIELDS_OF_INDUSTRY = [
    "先进装备制造", "新材料", "信息产业", "生物医药和大健康", "绿色食品", "高原农特产品深加工",
    "消费品", "绿色能源", "节能与新能源汽车", "水电硅材", "水电铝材", "钛材", "有色及稀贵金属",
    "液态金属", "磷及磷系新材料", "人工智能",
]
FIELD_HELP = (
    "《工作方案》二(四) 布局重点：主要围绕我省重点优势产业布局，原则上按照“一行业一中心”进行布局。"
    "可从列表中选择，也可填写其他领域。"
)

OutcomeType = Literal["专利", "技术标准", "新产品", "新工艺", "新装置", "新系统", "其他"]
StandardLevel = Literal["国际标准", "国家标准", "行业标准", "联盟标准", "企业标准"]
UnitNature = Literal["国有企业", "国有控股企业", "外资企业", "合资企业", "民营企业", "其他"]
Qualification = Literal[
    "省级以上企业技术中心", "省级以上工程研究中心", "省级以上工程技术研究中心", "省级以上重点实验室",
    "创新示范企业", "高新技术企业", "其它",
]
Ownership = Literal["国有独资企业", "国有控股企业", "非国有控股企业", "民营企业", "其它"]
CompanyForm = Literal["有限责任公司", "股份有限公司", "其他企业"]
RdRecognition = Literal[
    "省级以上企业技术中心", "省级以上工程研究中心", "省级以上工程技术研究中心", "省级以上重点实验室",
    "高新技术企业", "其它",
]


OUTCOME_TYPES = list(get_args(OutcomeType))
STANDARD_LEVELS = list(get_args(StandardLevel))
UNIT_NATURES = list(get_args(UnitNature))
QUALIFICATIONS = list(get_args(Qualification))
OWNERSHIPS = list(get_args(Ownership))
COMPANY_FORMS = list(get_args(CompanyForm))
RD_RECOGNITIONS = list(get_args(RdRecognition))


class Cover(Section):
    """封面"""

    centre_name: str = field("创新中心名称", help="与表1、汇总表中的创新中心名称一致。")
    industry: str = field("所属领域", kind="suggest", options=FIELDS_OF_INDUSTRY, help=FIELD_HELP)
    lead_unit: str = field("牵头单位", help="填写牵头单位全称。表1、表2的牵头单位留空即与此相同。")
    # the 负责人 of the cover is 表1's 中心牵头单位负责人: typed once, printed in both
    leader: str = field("负责人", same_as="/basic/lead_head/name")
    mobile: Mobile = field("手机", same_as="/basic/lead_head/mobile")
    email: Email = field("Email", same_as="/basic/lead_head/email")
    fill_month: YearMonth = field("填报年月", help="封面“年 月”，如 2026年11月。")


class MemberCounts(Section):
    enterprises: Count | None = field("企业", default=None, unit="家")
    universities: Count | None = field("高校", default=None, unit="家")
    institutes: Count | None = field("科研院所", default=None, unit="家")


class Person(Section):
    name: str = field("姓名")
    mobile: Mobile = field("移动电话")
    unit_and_post: str = field("单位及职务")
    email: Email = field("电子邮箱")


class ExpectedIP(Section):
    foreign_invention: Count | None = field("获得国外发明专利", default=None, unit="项")
    domestic_invention: Count | None = field("国内发明专利", default=None, unit="项")
    other: Count | None = field("其他", default=None, unit="项")


class Staff(Section):
    total: Count | None = field("中心人数", default=None, unit="人")
    senior: Count | None = field("高级", default=None, unit="人")
    intermediate: Count | None = field("中级", default=None, unit="人")
    junior: Count | None = field("初级", default=None, unit="人")
    other_title: Count | None = field("其他（职称）", default=None, unit="人")
    doctor: Count | None = field("博士", default=None, unit="人")
    master: Count | None = field("硕士", default=None, unit="人")
    bachelor: Count | None = field("学士", default=None, unit="人")
    other_degree: Count | None = field("其他（学位）", default=None, unit="人")


class BasicInfo(Section):
    """1、创新中心创建基本信息表 (创新中心名称 and 所属领域 are printed from the cover)."""

    member_counts: MemberCounts = field("成员单位数", default_factory=MemberCounts,
                                        help="按单位类型填写家数，合计应等于下方所列成员单位数（含牵头单位）。")
    investment: Money | None = field("前期组建总投入", default=None, unit="万元",
                                     help="《工作方案》三(二)3：全部组建资金（含研发设备）不少于1000万元。")
    lead_unit_name: str = field("牵头单位", same_as="/cover/lead_unit",
                                help="成员单位名称第1行。留空即与封面的牵头单位相同；填写的须与封面、表2一致。")
    participants: list[str] = field("参与单位", default_factory=list, names_of="/members",
                                    help="成员单位名称第2行起，每行一家参与单位；每家另填一张表3。"
                                         "留空即按表3所填成员单位的名称依次列出。")
    address: str = field("中心通讯地址")
    postcode: Postcode = field("邮编")
    fax: Landline = field("传真", required=False)
    lead_head: Person = field("中心牵头单位负责人", default_factory=Person)
    rd_head: Person = field("中心研发团队负责人", default_factory=Person)
    daily_contact: Person = field("中心日常工作联系人", default_factory=Person)
    outcomes: list[OutcomeType] = field("预期成果类型", default_factory=list,
                                        options=OUTCOME_TYPES)
    outcomes_other: str = field("其他成果类型", required=False, other_of="outcomes")
    expected_ip: ExpectedIP = field("预期知识产权", default_factory=ExpectedIP)
    standards: list[StandardLevel] = field("预期技术标准制定", default_factory=list,
                                           options=STANDARD_LEVELS, required=False)
    staff: Staff = field("中心人数", default_factory=Staff,
                         help="按职称、按学位两种口径分别填写，每种口径合计应等于中心人数。")
    research: word_limited(200) = field("主要研发内容(200字以内)", kind="text", max_words=200)


class LeadUnit(Section):
    """2、牵头单位信息表"""

    name: str = field("单位名称", unit_key="name", same_as="/cover/lead_unit")
    industry: str = field("行业领域", unit_key="industry")
    address: str = field("地址", unit_key="address")
    postcode: Postcode = field("邮编", unit_key="postcode")
    authority: str = field("主管单位", required=False, unit_key="authority")
    head_name: str = field("企业负责人", unit_key="head")
    head_post: str = field("职务（企业负责人）", unit_key="head_post")
    head_phone: Phone = field("电话（企业负责人）", unit_key=("head_phone", "phone"))
    contact_name: str = field("联系人", unit_key="contact")
    contact_post: str = field("职务（联系人）", unit_key="contact_post")
    contact_phone: Phone = field("电话（联系人）", unit_key=("contact_phone", "contact_mobile"))
    email: Email = field("Email", unit_key="email")
    qq: QQ = field("QQ号码", required=False, unit_key="qq")
    registered_capital: Money | None = field("注册资金", default=None, unit="万元", unit_key="registered_capital")
    nature: UnitNature | None = field("单位性质", default=None, options=UNIT_NATURES, unit_key="nature")
    nature_other: str = field("其他单位性质", required=False, other_of="nature", unit_key="nature_other")
    staff_total: Count | None = field("员工总人数", default=None, unit="人", unit_key="staff_total")
    intermediate_plus: Count | None = field("中级以上职称人数", default=None, unit="人", unit_key="intermediate_plus")
    rd_staff: Count | None = field("研发人员人数", default=None, unit="人", unit_key="rd_staff")
    senior_plus: Count | None = field("髙级以上职称人数", default=None, unit="人", unit_key="senior_plus")
    sales: Years = field("近三年销售收入(单位：万元)", default_factory=three_years, unit="万元", unit_key="sales")
    qualifications: list[Qualification] = field("现有资质情况", default_factory=list,
                                                options=QUALIFICATIONS, required=False, unit_key="qualifications")
    qualifications_other: str = field("其它资质", required=False, other_of="qualifications",
                                      unit_key="qualifications_other")
    products: list[str] = field("主要产品或服务", default_factory=list,
                                help="每行一项，打印表格留有8行。", unit_key="main_products")
    advantages: list[str] = field("比较优势", default_factory=list,
                                  help="每行一条，打印表格留有8行。", unit_key="advantages")


class EconomicType(Section):
    ownership: Ownership | None = field("经济类型", default=None, options=OWNERSHIPS,
                                        unit_key="ownership")
    company_form: CompanyForm | None = field("企业组织形式", default=None,
                                             options=COMPANY_FORMS, required=False,
                                             help="选择国有独资、国有控股、非国有控股或民营企业时，"
                                                  "在括号内选择有限责任公司、股份有限公司或其他企业。",
                                             unit_key="company_form")
    other: str = field("其它（请说明）", required=False, other_of="ownership", unit_key="ownership_other")


class MemberUnit(Section):
    """3、成员单位基本信息表（每个单位填写一张表）"""

    name: str = field("单位名称", unit_key="name", completes_from="/basic/participants")
    address: str = field("地址", unit_key="address")
    postcode: Postcode = field("邮编", unit_key="postcode")
    legal_rep: str = field("法人代表", unit_key="legal_rep")
    nationality: str = field("国籍", default="中国", unit_key="nationality")
    phone: Phone = field("电话", unit_key="phone")
    contact_name: str = field("联系人", unit_key="contact")
    contact_post: str = field("职务", unit_key="contact_post")
    contact_mobile: Mobile = field("手机", unit_key=("contact_mobile", "contact_phone"))
    contact_email: Email = field("Email", unit_key="email")
    founded: Day | None = field("注册成立时间", default=None, unit_key="founded")
    registered_address: str = field("注册地址", unit_key="registered_address")
    registered_capital: Money | None = field("注册资金", default=None, unit="万元", unit_key="registered_capital")
    foreign_share: Percent | None = field("外资比例（%）", default=None, unit="%", unit_key="foreign_share")
    total_assets: Money | None = field("资产总额", default=None, unit="万元", unit_key="total_assets")
    fixed_assets: Money | None = field("固定资产", default=None, unit="万元", unit_key="fixed_assets")
    economic_type: EconomicType = field("经济类型", default_factory=EconomicType)
    staff_total: Count | None = field("职工总数", default=None, unit="人", unit_key="staff_total")
    intermediate_plus: Count | None = field("中级以上职称人员数", default=None, unit="人", unit_key="intermediate_plus")
    rd_staff: Count | None = field("研发人员数", default=None, unit="人", unit_key="rd_staff")
    senior_plus: Count | None = field("髙级以上职称人员数", default=None, unit="人", unit_key="senior_plus")
    sales: Years = field("近三年销售收入(万元)", default_factory=three_years, unit="万元", unit_key="sales")
    rd_spend: Years = field("近三年R&D投入(万元)", default_factory=three_years, unit="万元", unit_key="rd_spend")
    rd_recognitions: list[RdRecognition] = field("研发机构认定情况", default_factory=list, options=RD_RECOGNITIONS,
                                                 required=False, unit_key="rd_recognitions")
    rd_recognitions_other: str = field("其它研发机构认定", required=False,
                                       other_of="rd_recognitions", unit_key="rd_recognitions_other")
    main_business: str = field("主营业务（主要行业或领域）", kind="text", unit_key="main_business")
    main_products: str = field("主导产品或服务", kind="text", unit_key="main_products")


_GUIDE = "《建设方案计划书（提纲）》："


class Background(Section):
    industry_overview: str = field(
        "（一）XX产业发展概况。", kind="text",
        help=_GUIDE + "国际、国内XX产业发展现状、产业布局、上下游产业发展情况和未来趋势。\n"
        "产业创新情况分析。科研机构、高校及产业联盟、现有创新载体情况（如：国家重点实验室，"
        "国家工程实验室、国家工程技术研究中心、国家工程中心等）。\n"
        "目前该产业技术发展存在的瓶颈、技术创新体系存在的不足、制约技术成果产业化的主要问题等。"
        "共性关键技术发展的问题、产业发展人才问题等。")
    significance: str = field("（二）建设创新中心的意义。", kind="text")


class Approach(Section):
    positioning: str = field("（一）定位与功能。", kind="text")
    directions: str = field("（二）技术领域及研发方向。", kind="text")
    goals: str = field("（三）建设目标。", kind="text", help=_GUIDE + "创新中心建设的总体目标及阶段目标。")
    contents: str = field("（四）建设内容。", kind="text")


class Operation(Section):
    mechanism: str = field(
        "（一）运行机制。", kind="text",
        help=_GUIDE + "主要包括：创新中心内部日常管理机制、决策机制、经营机制、创新机制、激励机制、协同模式等。")
    assessment: str = field(
        "（二）内部考核方式。", kind="text",
        help=_GUIDE + "考核目标，从技术成果、创新扩散、人才培育、国际交流以及研发投入等方面"
        "对创新中心进行定期评估考核。")


class PeriodAndSite(Section):
    period: str = field("（一）建设周期。", kind="text",
                        help=_GUIDE + "分年度设计创新中心建设步骤，包括建设内容、实现目标等方面。")
    site: str = field("（二）空间选址。", kind="text",
                      help=_GUIDE + "创新中心的空间选址，包括既有空间和未来设计空间。")


class Plan(Section):
    """附件2 云南省制造业创新中心建设方案计划书"""

    background: Background = field("一、建设背景和必要性", default_factory=Background)
    foundation: str = field(
        "二、现有基础", kind="text",
        help=_GUIDE + "创新中心拟包括的优势骨干单位（企业、科研院所、高校等）、现有领先技术等情况，"
        "组建创新中心开展的前期工作，对创新中心建设提供的支持等。")
    approach: Approach = field("三、建设思路", default_factory=Approach)
    organisation: str = field(
        "四、组建方式", kind="text",
        help=_GUIDE + "设计创新中心组织结构，包括创新中心的牵头单位、成员单位，创新中心各部分功能的主要建设内容"
        "和承担单位。核心层、外围层。组建方案和组织结构。")
    operation: Operation = field("五、运营机制与内部考核方式", default_factory=Operation)
    period_and_site: PeriodAndSite = field("六、建设周期及空间选址", default_factory=PeriodAndSite)
    funding: str = field(
        "七、资金方案", kind="text",
        help=_GUIDE + "设计创新中心运营过程中的资金渠道和使用方案，包括多元化的资金来源渠道和合理有效的资金收益模式，"
        "确保创新中心的自我可持续发展。效益分析。")
    safeguards: str = field("八、保障措施", kind="text",
                            help=_GUIDE + "从组织、人才、资金、政策等角度保障创新中心顺利运行。")


class SummaryInfo(Section):
    """What 附件3 创建申报汇总表 asks that 附件1 does not carry."""

    research_direction: str = field(
        "研发方向", help="附件3 汇总表的“研发方向”一栏，简要填写（如：高性能稀贵金属材料制备技术）。")


class InnovationCentre(Section):
    """云南省制造业创新中心创建申报材料"""

    cover: Cover = field("封面", default_factory=Cover)
    basic: BasicInfo = field("1、创新中心创建基本信息表", default_factory=BasicInfo)
    lead: LeadUnit = field("2、牵头单位信息表", default_factory=LeadUnit)
    members: list[MemberUnit] = field("3、成员单位基本信息表", default_factory=list, kind="group",
                                      help="每个参与单位填写一张表。", item_key="name", item_noun="成员单位")
    plan: Plan = field("附件2 建设方案计划书", default_factory=Plan)
    summary: SummaryInfo = field(
        "附件3 汇总表信息", default_factory=SummaryInfo,
        help="附件3《创建申报汇总表》由州（市）主管部门汇总本地各申报单位后填报，不随申报书生成"
             "（主管部门可用“工具 › 汇总表…”读取各单位的草稿生成）。这里填写汇总表中申报书没有的一栏。")
    enclosures: Enclosures = enclosures_field()


PLAN = "《工作方案》"

#: 证明材料: the two of 四(一)1, handed in with 附件1 and 附件2
ENCLOSURES = (
    Enclosure("legal_person_certificate", "创新中心独立法人资格证书复印件", PLAN + "四(一)1", required=True,
              proves="制造业创新中心应为投资主体多元化的企业独立法人（三(二)1）"),
    Enclosure("cooperation_documents", "成员单位之间相关合作协议、资金组建方案、各项规章制度等", PLAN + "四(一)1",
              required=True, proves="成员单位之间应形成资金组建方案，建立现代企业制度（三(二)1、3）"),
)
