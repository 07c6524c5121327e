"""附件1 云南消费名品申报书, reconstructed from the notice's own words.

Source: 云南省工业和信息化厅《关于组织开展2025年消费名品方阵推荐申报工作的通知》
(2025-06-13). The notice names its 附件1 but does not print it, so every label
here is a phrase of the notice: 一 申报范围 (重点领域), 二(一) 推荐方向
(企业品牌 / 区域品牌, 三个培育方向), 三(一) 申报条件 (基本条件 and the four criteria),
四 填报形式. An 企业品牌 and a 区域品牌 ask for different sections
(``shown_when``); the four criteria, 主要产品 and 市场占有率 are common to both.

What a 州（市） official looks for where the notice names the criterion but not the blank
(品牌创立时间 and 品牌历史文化底蕴 for 二(一)1 历史经典, 荣誉及认可 for 三(一)4, the 人民政府's
统一社会信用代码 and the 地理标志／集体商标注册号 for 二(一)2, 推荐排序 for 五(一)(二)) is cited in
its help to the clause that calls for it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import Field

from yn_forms.core.enclosures import Enclosures, enclosures_field
from yn_forms.core.fields import (
    Count,
    CreditCode,
    Day,
    Email,
    Landline,
    Mobile,
    Money,
    Section,
    Years,
    field,
    three_years,
)
from yn_forms.core.formdef import Enclosure
from yn_forms.core.places import PREFECTURES

NOTICE = "《通知》"
ENTERPRISE = "企业品牌"
CLASSIC = "历史经典"
REGION = "区域品牌"
FOR_ENTERPRISE = {"/basics/brand_type": ENTERPRISE}
FOR_REGION = {"/basics/brand_type": REGION}

BrandType = Literal["企业品牌", "区域品牌"]
Direction = Literal["历史经典", "时代优品", "潮流新锐"]
EnterpriseDeclaration = Literal[
    "依法注册登记，具有独立法人资格",
    "近3年经营状况良好",
    "在信用、质量、安全和环保等方面无不良记录",
]
RegionDeclaration = Literal["近3年无重大质量安全等事故"]
OwnBrand = Literal["自主创建申报品牌，拥有商标所有权且在有效期内"]

Prefecture = Literal.__getitem__(tuple(PREFECTURES))  # the 16 州（市）, as Literal[...] of a list

BrandYear = Annotated[int, Field(ge=1000, le=2100)]  # a year: a 历史经典 brand may be centuries old
Rank = Annotated[Count, Field(ge=1, le=999)]
MARK_TITLE = "地理标志／集体商标注册号"

BRAND_TYPES = list(get_args(BrandType))
DIRECTIONS = list(get_args(Direction))
ENTERPRISE_DECLARATIONS = list(get_args(EnterpriseDeclaration))
REGION_DECLARATIONS = list(get_args(RegionDeclaration))
OWN_BRAND = list(get_args(OwnBrand))
KEY_FIELDS = ["轻工", "纺织", "食品", "医药"]

DIRECTION_HELP = (
    NOTICE + "二(一)1：历史经典方向：注重历史文化底蕴，是历史悠久、至今仍具有强大生命力和影响力的经典品牌。"
    "时代优品方向：注重产品竞争力，是新中国成立以来质量过硬、美誉度高，在人民群众中影响深远的优质品牌。"
    "潮流新锐方向：注重创意设计，是近年来出现的引领时代消费潮流的新兴品牌。"
)

HISTORY_PROMPT = "（历史经典方向：注重历史文化底蕴，是历史悠久、至今仍具有强大生命力和影响力的经典品牌。）"


class Basics(Section):
    """申报类型"""

    brand_type: BrandType | None = field(
        "申报类型", default=None, options=BRAND_TYPES,
        help=NOTICE + "二(一)：构建以企业品牌和区域品牌为主体的云南消费名品体系。企业品牌由企业申报；"
        "区域品牌由城市或主产区所在地人民政府申报。")
    prefecture: Prefecture | None = field("所在州（市）", default=None, options=PREFECTURES,
                            help="由所在州（市）工业和信息化主管部门审核推荐，并列入其推荐汇总表。")
    key_field: str = field("重点领域", kind="suggest", options=KEY_FIELDS,
                           help=NOTICE + "一 申报范围：围绕轻工、纺织、食品、医药等重点领域。")
    direction: Direction | None = field("培育方向", default=None, options=DIRECTIONS,
                                        help=DIRECTION_HELP, shown_when=FOR_ENTERPRISE)
    fill_date: Day | None = field("填报日期", default=None)
    rank: Rank | None = field(
        "推荐排序", default=None, required=False,
        help="由州（市）工业和信息化主管部门在推荐意见中填写，申报单位留空：本地区推荐的企业及品牌中的排序，1为第一。"
        + NOTICE + "五(一)：确保把本地发展势头好、品牌影响力大的企业及品牌推荐出来；"
        "五(二)：结合评价指标及权重对申报材料逐一认真审核，确保推荐质量，审核无误填写推荐意见。")


class Enterprise(Section):
    """申报企业基本情况 (企业品牌)"""

    name: str = field("企业名称", unit_key="name")
    credit_code: CreditCode = field("统一社会信用代码", unit_key="credit_code")
    address: str = field("注册地址", unit_key="registered_address")
    founded: Day | None = field("成立时间", default=None,
                                help=NOTICE + "三(一)1：近3年经营状况良好（须成立满3年）。", unit_key="founded")
    legal_rep: str = field("法定代表人", unit_key="legal_rep")
    contact: str = field("联系人", unit_key="contact")
    mobile: Mobile = field("手机", unit_key=("contact_mobile", "contact_phone"))
    phone: Landline = field("固定电话", required=False, unit_key=("contact_phone", "phone"))
    email: Email = field("电子邮箱", help="联系人的电子邮箱。", unit_key="email")
    declarations: list[EnterpriseDeclaration] = field(
        "基本条件", default_factory=list, options=ENTERPRISE_DECLARATIONS,
        help=NOTICE + "三(一)1：企业品牌应为依法注册登记的企业单位；具有独立法人资格，近3年经营状况良好，"
        "在信用、质量、安全和环保等方面无不良记录。符合的请勾选。")


class Brand(Section):
    """申报品牌 (企业品牌)"""

    name: str = field("品牌名称")
    trademark_no: str = field("商标注册号")
    trademark_valid_until: Day | None = field("商标有效期至", default=None,
                                              help=NOTICE + "三(一)1：拥有商标所有权且在有效期内。")
    own_brand: list[OwnBrand] = field("自主创建", default_factory=list, options=OWN_BRAND,
                                      help=NOTICE + "三(一)1：自主创建申报品牌。")
    founded_year: BrandYear | None = field(
        "品牌创立时间", default=None, kind="year",
        help=NOTICE + "二(一)1：历史经典方向注重历史文化底蕴，是历史悠久、至今仍具有强大生命力和影响力的经典品牌；"
        "时代优品是新中国成立以来的优质品牌；潮流新锐是近年来出现的新兴品牌。填写品牌创立的年份，如 1998。")
    history: str = field(
        "品牌历史文化底蕴", kind="text", required=False, prompt=HISTORY_PROMPT,
        help=DIRECTION_HELP + "\n选择历史经典方向的必须填写：品牌的由来、发展历程和历史文化底蕴，"
        "至今的生命力和影响力。")


class Market(Section):
    """主要产品及市场占有率 (both kinds)"""

    products: str = field("主要产品", help=NOTICE + "三(一)2、3：主要产品技术水平领先；主要产品具有较高市场占有率。")
    market_share: str = field(
        "市场占有率", help=NOTICE + "三(一)3 市场竞争力强：主要产品具有较高市场占有率。"
        "写明市场范围、比例和年度，如“省内三七粉市场占有率约18%（2024年）”。")


class Operations(Section):
    """近3年经营状况 (企业品牌)"""

    revenue: Years = field("营业收入", default_factory=three_years, unit="万元",
                           unit_key="revenue")
    profit: Years = field("利润", default_factory=three_years, unit="万元", unit_key="profit")
    tax: Years = field("纳税", default_factory=three_years, unit="万元", unit_key="tax")


class Region(Section):
    """区域品牌申报主体"""

    government: str = field("申报主体（人民政府）",
                            help=NOTICE + "三(一)1：区域品牌应为工作基础较好的城市或主产区所在地人民政府。")
    credit_code: CreditCode = field(
        "统一社会信用代码", help="申报主体（人民政府）的统一社会信用代码，18位，机关一般以“11”开头。"
        + NOTICE + "三(一)1：区域品牌应为城市或主产区所在地人民政府。")
    brand_name: str = field("区域品牌名称", help=NOTICE + "二(一)2：一般以“地名+产品”命名，如“文山三七”。")
    mark_no: str = field(
        MARK_TITLE, required=False,
        help=NOTICE + "二(一)2：区域品牌是地域标识明显的地方优势品牌，一般以“地名+产品”命名。"
        "“地名+产品”的区域品牌一般注册为地理标志证明商标或集体商标：填写其注册号；没有注册的留空，并在推荐前说明。")
    contact: str = field("联系人")
    mobile: Mobile = field("手机")
    phone: Landline = field("固定电话", required=False)
    email: Email = field("电子邮箱", help="联系人的电子邮箱。")
    declarations: list[RegionDeclaration] = field(
        "基本条件", default_factory=list, options=REGION_DECLARATIONS,
        help=NOTICE + "三(一)1：区域品牌近3年无重大质量安全等事故。符合的请勾选。")
    output_value: Money | None = field("区域品牌产业年产值", default=None, unit="万元", required=False)


#: What each criterion is judged on, point by point in the words of 《通知》三(一)2–5: the
#: 申报书 prints them under each heading as its prompt, the wizard shows them in the empty answer.
CRITERIA_POINTS: dict[str, tuple[str, ...]] = {
    "innovation": ("主要产品技术水平", "高端化、智能化、绿色化水平", "自主创新能力"),
    "competitiveness": ("主要产品市场占有率", "质量管理水平", "产业优势特色", "产业链完整程度", "产业根植性"),
    "influence": ("品牌培育管理体系", "品牌影响力", "美誉度", "消费者认可程度"),
    "culture": ("工业设计水平", "与传统文化融合", "品牌独特性", "文化赋能性"),
}
RECONSTRUCTED = "（通知的附件未随原文公布，申报书的版式依通知原文重建。）"


def criteria_prompt(name: str) -> str:
    """The prompt printed under a criterion's heading: （请围绕…等方面填写。）"""
    return f"（请围绕{'；'.join(CRITERIA_POINTS[name])}等方面填写。）"


def _criterion(title: str, name: str, rule: str) -> Any:
    points = "\n".join(f"{i}. {point}" for i, point in enumerate(CRITERIA_POINTS[name], 1))
    return field(title, kind="text", prompt=criteria_prompt(name),
                 help=f"{NOTICE}{rule}\n评审要点：\n{points}\n{RECONSTRUCTED}")


class Honour(Section):
    """One row of the 荣誉及认可 table printed under 品牌影响力."""

    name: str = field("荣誉名称", help="荣誉、称号或认定的全称，如“中华老字号”“云南省著名商标”。")
    awarded_by: str = field("授予单位")
    year: BrandYear | None = field("获得时间", default=None, kind="year", help="获得的年份，如 2019。")


class Criteria(Section):
    """申报条件 2–5: what the applicant writes about the brand."""

    innovation: str = _criterion("产品创新力", "innovation",
                                 "三(一)2 产品创新力高：主要产品技术水平领先，高端化、智能化、绿色化水平较高，"
                                 "自主创新能力较强。")
    competitiveness: str = _criterion("市场竞争力", "competitiveness",
                                      "三(一)3 市场竞争力强：主要产品具有较高市场占有率，质量管理水平良好，"
                                      "产业优势特色突出，产业链相对完整，产业根植性较好。")
    influence: str = _criterion("品牌影响力", "influence",
                                "三(一)4 品牌影响力大：企业品牌培育管理体系健全完善，品牌影响力较大、"
                                "美誉度较高，获得消费者普遍认可。")
    honours: list[Honour] = field(
        "荣誉及认可", default_factory=list, kind="table", required=False, item_key="name", item_noun="荣誉",
        help=NOTICE + "三(一)4 品牌影响力大：品牌影响力较大、美誉度较高，获得消费者普遍认可；"
        + NOTICE + "二(一)2：区域品牌行业认可度较高。每行一项品牌获得的荣誉、称号或认定，打印为表格。")
    culture: str = _criterion("文化赋能力", "culture",
                              "三(一)5 文化赋能力好：企业产品具有较高的工业设计水平，与传统文化充分融合，"
                              "品牌独特性强，文化赋能性好。")


class ConsumerBrand(Section):
    """云南消费名品申报书"""

    basics: Basics = field("申报类型", default_factory=Basics)
    enterprise: Enterprise = field("申报企业基本情况", default_factory=Enterprise, shown_when=FOR_ENTERPRISE)
    brand: Brand = field("申报品牌", default_factory=Brand, shown_when=FOR_ENTERPRISE)
    operations: Operations = field("近3年经营状况", default_factory=Operations, shown_when=FOR_ENTERPRISE)
    region: Region = field("区域品牌申报主体", default_factory=Region, shown_when=FOR_REGION)
    market: Market = field("主要产品及市场占有率", default_factory=Market)
    criteria: Criteria = field("申报条件", default_factory=Criteria)
    enclosures: Enclosures = enclosures_field()


#: 证明材料: the notice names none; these would prove the conditions of 三(一)1 an 企业品牌 states, and what
#: 二(一)2 says a 区域品牌 is
ENCLOSURES = (
    Enclosure("business_licence", "营业执照", NOTICE + "三(一)1",
              proves="企业品牌应为依法注册登记的企业单位，具有独立法人资格",
              shown_when=tuple(FOR_ENTERPRISE.items())),
    Enclosure("trademark_certificate", "商标注册证", NOTICE + "三(一)1",
              proves="自主创建申报品牌，拥有商标所有权且在有效期内", shown_when=tuple(FOR_ENTERPRISE.items())),
    # a 区域品牌 is named 地名+产品 and is to be 地域标识明显: the mark registered for the place and product shows it
    Enclosure("regional_mark_certificate", "地理标志证明商标或集体商标注册证", NOTICE + "二(一)2",
              proves="产业特色鲜明、地域标识明显、行业认可度较高的地方优势品牌，一般以“地名+产品”命名",
              shown_when=tuple(FOR_REGION.items())),
)
