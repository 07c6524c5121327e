"""附件2 云南“数字三品”应用场景典型案例申报书, reconstructed from the notice's own words.

Source: 云南省工业和信息化厅《关于组织开展2025年消费名品方阵推荐申报工作的通知》
(2025-06-13). The attachment itself is NOT printed with the notice: the notice
only names it (四 填报形式, 附件2). Its layout here is therefore built from the
notice's words alone, and every label is a phrase of the notice:

- 二(二) 推荐方向: the 重点行业 (家具家居 … 生物医药), the ten 应用场景方向 and the
  “三品” (增品种、提品质、创品牌);
- 三(二) 申报条件: 1 the applicant (消费品企业 / 互联网平台企业, 独立法人, 近3年经营状况良好,
  无不良记录), 2 one direction per applicant and at most 3 units in a joint
  application, 3 what the case must show (解决方案, 应用模式, 示范性和推广应用价值),
  4 the 知识产权 statement;
- 四 填报形式: the book is filled 如实 and handed to the local 工业和信息化主管部门,
  which is why it ends with the applicant's seal (and each joint unit's) and the 州（市） recommendation;
- 五(二): the 州（市） answers for the 真实性、完整性、规范性 of what it recommends, so the book names the
  applicant's 所在州（市） and carries the applicant's undertaking of 真实性、完整性.

Fields are declared in the order the reconstructed book prints them.
"""

from __future__ import annotations

from typing import Literal, get_args

from yn_forms.core.enclosures import Enclosures, enclosures_field
from yn_forms.core.fields import (
    CreditCode,
    Day,
    Email,
    Phone,
    Section,
    Years,
    field,
    three_years,
)
from yn_forms.core.formdef import Enclosure
from yn_forms.core.places import PREFECTURES

NOTICE = "《通知》"

SubjectType = Literal["消费品企业", "互联网平台企业"]
Industry = Literal["家具家居", "美妆日化", "纺织服装", "包装印刷", "特色食品", "生物医药"]
# 二(二), in the notice's order; the notice introduces the list with “基于”, which is not part of a name
Direction = Literal[
    "消费数据驱动产品设计创新",
    "智能仿真测款驱动新品孵化",
    "个性化定制驱动消费模式重塑",
    "面向精益管理的智能调度排产",
    "面向透明消费的质量追溯管理",
    "面向市场需求的敏捷供应链",
    "面向柔性化需求的智能产线",
    "数字全域营销助力优质品牌推广",
    "国潮新品助力品牌价值提升",
    "数字服务供给助力区域名品打造",
]
Aim = Literal["增品种", "提品质", "创品牌"]
Condition = Literal[
    "依法注册登记",
    "具有独立法人资格",
    "近3年经营状况良好",
    "在信用、质量、安全和环保等方面无不良记录",
]
Prefecture = Literal.__getitem__(tuple(PREFECTURES))  # the 16 州（市）, as Literal[...] of a list
Truth = Literal["本单位对所填报内容及提交材料的真实性、完整性负责"]
IpStatement = Literal[
    "相关产品、技术及相关知识产权归属申报主体或取得相应授权许可，无知识产权纠纷，不涉及国家秘密、商业秘密等内容"
]

SUBJECT_TYPES = list(get_args(SubjectType))
INDUSTRIES = list(get_args(Industry))
DIRECTIONS = list(get_args(Direction))
AIMS = list(get_args(Aim))
CONDITIONS = list(get_args(Condition))
IP_STATEMENTS = list(get_args(IpStatement))
TRUTH = list(get_args(Truth))

CONDITIONS_CLAUSE = (
    NOTICE + "三(二)1：申报主体应为依法注册登记的消费品企业、互联网平台企业，具有独立法人资格，"
    "近3年经营状况良好，在信用、质量、安全和环保等方面无不良记录。"
)
CASE_CLAUSE = (
    NOTICE + "三(二)3：案例应具有完整的解决方案和成熟的应用模式，具有较强的示范性和推广应用价值，"
    "能充分体现消费品行业的技术特点和适用场景。"
)


class Cover(Section):
    """封面 (云南省工业和信息化厅 at its foot is printed, not typed)."""

    case_name: str = field("案例名称", help="案例名称同时印在基本信息表第一行。")
    unit: str = field("申报单位", help="申报主体全称（加盖公章）。“申报主体基本情况”中的单位名称留空即与此相同。"
                                    "联合申报的，其他单位列入“联合申报单位”。")
    contact: str = field("联系人")
    phone: Phone = field("联系电话", help="手机或带区号的固定电话。")
    fill_date: Day | None = field("填报日期", default=None,
                                  help="成立时间和近3年的年度都以填报日期为准。")


class Applicant(Section):
    """申报主体基本情况"""

    subject_type: SubjectType | None = field(
        "申报主体类型", default=None, options=SUBJECT_TYPES,
        help=NOTICE + "三(二)1：申报主体应为依法注册登记的消费品企业、互联网平台企业。")
    name: str = field("单位名称", help="营业执照上的全称。留空即与封面的申报单位相同。", unit_key="name",
                      same_as="/cover/unit")
    credit_code: CreditCode = field("统一社会信用代码", help="18位，见营业执照。", unit_key="credit_code")
    address: str = field("注册地址", unit_key="registered_address")
    prefecture: Prefecture | None = field(
        "所在州（市）", default=None, options=PREFECTURES,
        help="申报主体所在的州（市）：由当地工业和信息化主管部门审核推荐，并列入其推荐汇总表。" + NOTICE
        + "四：向当地工业和信息化主管部门提出申请；五(二)：各州（市）工业和信息化主管部门对本地区所推荐企业"
        "申报材料的真实性、完整性、规范性负责。")
    founded: Day | None = field("成立时间", default=None,
                                help=NOTICE + "三(二)1：近3年经营状况良好，即至填报日期已成立满3年。",
                                unit_key="founded")
    legal_rep: str = field("法定代表人", help="在申报书末页签字。", unit_key="legal_rep")
    contact: str = field("联系人", unit_key="contact", same_as="/cover/contact")
    phone: Phone = field("联系电话", unit_key=("contact_phone", "contact_mobile"), same_as="/cover/phone")
    email: Email = field("电子邮箱", unit_key="email")
    revenue: Years = field("近3年营业收入", default_factory=three_years, unit="万元",
                           help=NOTICE + "三(二)1：近3年经营状况良好。年度为填报日期前最近3个完整年度。",
                           unit_key="revenue")
    conditions: list[Condition] = field(
        "申报条件", default_factory=list, options=CONDITIONS, required=False,
        help=CONDITIONS_CLAUSE + "符合的请勾选，打印为☑。")


class JointUnit(Section):
    """One other unit of a joint application (the applicant itself is not listed here)."""

    name: str = field("单位名称", unit_key="name")
    credit_code: CreditCode = field("统一社会信用代码", unit_key="credit_code")
    role: str = field("分工", help="该单位在案例中承担的工作，如“追溯平台开发和运维”。" + NOTICE
                      + "三(二)2：可结合实际情况联合申报；三(二)3：案例应具有完整的解决方案和成熟的应用模式。")


class Scenario(Section):
    """申报方向: the industry, the one 应用场景方向 and the “三品” it serves."""

    industry: Industry | None = field(
        "重点行业", default=None, options=INDUSTRIES,
        help=NOTICE + "二(二)：面向家具家居、美妆日化、纺织服装、包装印刷、特色食品、生物医药等重点行业。")
    # a multi, not a choice: the printed book shows all ten □ and the rule “只能申报1个方向”
    # must be able to see (and refuse) two ticks, as a hand-filled form could carry them
    directions: list[Direction] = field(
        "应用场景方向", default_factory=list, options=DIRECTIONS, required=False,
        help=NOTICE + "二(二)列出十个应用场景方向。" + NOTICE + "三(二)2：每个申报主体只能申报1个方向，请只勾选1项。")
    aims: list[Aim] = field(
        "三品方向", default_factory=list, options=AIMS,
        help=NOTICE + "二(二)：围绕增品种、提品质、创品牌三大方向，遴选一批创新性强、推广价值高、"
        "示范效应明显的典型案例。可多选。")


class Figure(Section):
    """One row of the 应用成效 table: a measure before and after the case was applied."""

    indicator: str = field("指标", help="写明单位，如“产品追溯覆盖率（%）”。")
    before: str = field("应用前")
    after: str = field("应用后")


class Case(Section):
    """案例内容"""

    background: str = field("案例背景", kind="text",
                            help="企业和行业概况，应用前面临的问题和需求。" + CASE_CLAUSE)
    solution: str = field("解决方案", kind="text",
                          help="采用的数字技术、系统架构和实施内容。" + CASE_CLAUSE)
    mode: str = field("应用模式", kind="text",
                      help="在哪些环节、以什么方式应用，如何运营和持续改进。" + CASE_CLAUSE)
    results: str = field("应用成效", kind="text",
                         help="用数据说明应用前后的变化；可比的数据另填入下方“应用成效指标”表。" + CASE_CLAUSE)
    figures: list[Figure] = field("应用成效指标", default_factory=list, kind="table", required=False,
                                  item_key="indicator", item_noun="指标",
                                  help="每行一项指标，填写应用前、应用后的数值，打印为表格。")
    value: str = field("推广价值", kind="text",
                       help="示范性，可在哪些企业、行业推广，推广的条件和路径。" + CASE_CLAUSE)


class Declaration(Section):
    """申报单位声明 (printed above the applicant's and each joint unit's signature and seal)."""

    truth: list[Truth] = field(
        "真实性、完整性", default_factory=list, options=TRUTH, required=False,
        help=NOTICE + "四：如实填写申报书；五(二)：州（市）工业和信息化主管部门对所推荐企业申报材料的真实性、"
        "完整性、规范性负责。申报单位对所填报内容及提交材料的真实性、完整性负责，符合的请勾选，打印为☑。")
    ip: list[IpStatement] = field(
        "知识产权", default_factory=list, options=IP_STATEMENTS, required=False,
        help=NOTICE + "三(二)4：相关产品、技术及相关知识产权归属申报主体或取得相应授权许可，无知识产权纠纷，"
        "不涉及国家秘密、商业秘密等内容。符合的请勾选，打印为☑。")


class DigitalScenario(Section):
    """云南“数字三品”应用场景典型案例申报书"""

    cover: Cover = field("封面", default_factory=Cover)
    applicant: Applicant = field("申报主体基本情况", default_factory=Applicant)
    joint_units: list[JointUnit] = field(
        "联合申报单位", default_factory=list, kind="table", required=False,
        help=NOTICE + "三(二)2：可结合实际情况联合申报，联合申报单位数量不超过3家。"
        "3家包括申报主体在内，此处只列申报主体以外的单位（最多2家），写明各自的分工；每家在申报书末页盖章。"
        "不联合申报的不填。",
        item_key="name", item_noun="联合申报单位")
    scenario: Scenario = field("申报方向", default_factory=Scenario)
    case: Case = field("案例内容", default_factory=Case)
    declaration: Declaration = field("申报单位声明", default_factory=Declaration)
    enclosures: Enclosures = enclosures_field()


#: 证明材料: the notice names none; these would prove the conditions of 三(二)
ENCLOSURES = (
    Enclosure("business_licence", "营业执照", NOTICE + "三(二)1",
              proves="申报主体应为依法注册登记的消费品企业、互联网平台企业，具有独立法人资格"),
    Enclosure("ip_licence", "知识产权授权许可文件", NOTICE + "三(二)4",
              proves="相关产品、技术及相关知识产权取得相应授权许可（知识产权不归属申报主体、经授权使用的）"),
)
