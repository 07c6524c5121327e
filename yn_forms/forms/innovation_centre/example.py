"""A complete, valid application used by ``yn-forms example``, the tests and the benchmarks.

The units are invented; the figures are plausible for a provincial centre in the
rare and precious metals field. Dates follow today so the 近三年 are always right.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from yn_forms.core.enclosures import on_paper
from yn_forms.core.years import last_three_years
from yn_forms.forms.innovation_centre.model import ENCLOSURES

LEAD = "云南锦川稀贵金属集团有限公司"
PARTICIPANTS = [
    "昆明铂瑞精密合金有限公司",
    "云南滇峰电子材料股份有限公司",
    "云南澜沧理工学院",
    "云南省有色金属新材料研究院",
]


def _years(values: list[str]) -> list[dict[str, Any]]:
    return [{"year": y, "value": v} for y, v in zip(last_three_years(), values, strict=True)]


def _member(name: str, **over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": name,
        "address": "昆明市高新区科高路1688号",
        "postcode": "650106",
        "legal_rep": "李建国",
        "nationality": "中国",
        "phone": "0871-68312345",
        "contact_name": "王晓丽",
        "contact_post": "科技部部长",
        "contact_mobile": "13908712345",
        "contact_email": "wxl@example.cn",
        "founded": "2006-08-18",
        "registered_address": "昆明市高新区科高路1688号",
        "registered_capital": "5000.00",
        "foreign_share": "0",
        "total_assets": "38600.00",
        "fixed_assets": "15200.00",
        "economic_type": {"ownership": "民营企业", "company_form": "有限责任公司", "other": ""},
        "staff_total": 420,
        "intermediate_plus": 96,
        "rd_staff": 68,
        "senior_plus": 31,
        "sales": _years(["41250.36", "45820.10", "51236.88"]),
        "rd_spend": _years(["1650.00", "1890.50", "2210.75"]),
        "rd_recognitions": ["省级以上企业技术中心", "高新技术企业"],
        "rd_recognitions_other": "",
        "main_business": "有色金属合金材料研发、生产与销售",
        "main_products": "铂铑热电偶丝、精密电阻合金带材",
    }
    base.update(over)
    return base


def example() -> dict[str, Any]:
    today = date.today()
    members = [
        _member(PARTICIPANTS[0]),
        _member(PARTICIPANTS[1], address="玉溪市红塔区研和工业园区8号", postcode="653100",
                registered_address="玉溪市红塔区研和工业园区8号", legal_rep="赵云峰",
                phone="0877-2012345", contact_name="陈思远", contact_mobile="13769712345",
                contact_email="csy@example.cn", founded="2011-03-26",
                economic_type={"ownership": "非国有控股企业", "company_form": "股份有限公司",
                               "other": ""},
                staff_total=265, intermediate_plus=58, rd_staff=45, senior_plus=17,
                main_business="电子浆料、贵金属靶材", main_products="银浆、金浆、溅射靶材"),
        _member(PARTICIPANTS[2], address="昆明市呈贡区大学城景明南路727号", postcode="650500",
                registered_address="昆明市呈贡区大学城景明南路727号", legal_rep="杨志宏",
                phone="0871-65912345", contact_name="周敏", contact_post="科研处处长",
                contact_mobile="13888612345", contact_email="zm@example.cn",
                founded="1958-09-01", registered_capital="12000.00", total_assets="96000.00",
                fixed_assets="54000.00",
                economic_type={"ownership": "其它", "company_form": None, "other": "事业单位（高等学校）"},
                staff_total=2860, intermediate_plus=1520, rd_staff=960, senior_plus=710,
                sales=_years(["0", "0", "0"]), rd_spend=_years(["8600.00", "9120.00", "9870.00"]),
                rd_recognitions=["省级以上重点实验室", "省级以上工程研究中心"],
                main_business="高等教育、材料科学与工程研究",
                main_products="材料科学与工程、冶金工程学科的研究与技术服务"),
        _member(PARTICIPANTS[3], address="昆明市盘龙区北京路948号", postcode="650051",
                registered_address="昆明市盘龙区北京路948号", legal_rep="段立新",
                phone="0871-65123456", contact_name="马丽", contact_post="综合办主任",
                contact_mobile="15987112345", contact_email="mali@example.cn",
                founded="1985-05-20", registered_capital="3000.00", total_assets="21000.00",
                fixed_assets="9800.00",
                economic_type={"ownership": "其它", "company_form": None, "other": "事业单位（科研院所）"},
                staff_total=310, intermediate_plus=205, rd_staff=236, senior_plus=118,
                sales=_years(["3210.00", "3565.40", "3988.20"]),
                rd_spend=_years(["1520.00", "1680.00", "1905.00"]),
                rd_recognitions=["省级以上工程技术研究中心", "其它"],
                rd_recognitions_other="国家级检验检测机构资质认定（CMA）",
                main_business="有色金属新材料应用研究、检验检测",
                main_products="材料分析测试、中试放大与技术转移服务"),
    ]
    return {
        "cover": {
            "centre_name": "云南省稀贵金属新材料制造业创新中心",
            "industry": "有色及稀贵金属",
            "lead_unit": LEAD,
            "leader": "张明远",
            "mobile": "13888812345",
            "email": "zhangmy@example.cn",
            "fill_month": f"{today.year:04d}-{today.month:02d}",
        },
        "basic": {
            "member_counts": {"enterprises": 3, "universities": 1, "institutes": 1},
            "investment": "3580.00",
            "lead_unit_name": LEAD,
            "participants": list(PARTICIPANTS),
            "address": "昆明市高新区马金铺新材料产业园锦川路6号",
            "postcode": "650503",
            "fax": "0871-67451234",
            "lead_head": {"name": "张明远", "mobile": "13888812345",
                          "unit_and_post": f"{LEAD} 董事长", "email": "zhangmy@example.cn"},
            "rd_head": {"name": "刘卫东", "mobile": "13908865432",
                        "unit_and_post": f"{LEAD} 总工程师", "email": "liuwd@example.cn"},
            "daily_contact": {"name": "孙丽华", "mobile": "13577112233",
                              "unit_and_post": f"{LEAD} 科技发展部部长",
                              "email": "sunlh@example.cn"},
            "outcomes": ["专利", "技术标准", "新产品", "新工艺"],
            "outcomes_other": "",
            "expected_ip": {"foreign_invention": 2, "domestic_invention": 25, "other": 18},
            "standards": ["国家标准", "行业标准", "企业标准"],
            "staff": {"total": 86, "senior": 32, "intermediate": 30, "junior": 16, "other_title": 8,
                      "doctor": 21, "master": 35, "bachelor": 26, "other_degree": 4},
            "research": (
                "围绕铂族金属及贵金属功能材料产业链的共性关键技术，重点开展高纯贵金属提纯与循环利用、"
                "贵金属电子浆料及靶材制备、高性能贵金属催化材料、贵金属复合材料精密加工四个方向的研发，"
                "建设中试验证平台和检验检测公共服务平台，突破一批制约产业发展的关键技术，"
                "形成自主知识产权和技术标准，推动成果在省内企业转移转化。"
            ),
        },
        "lead": {
            "name": LEAD,
            "industry": "有色金属冶炼和压延加工业",
            "address": "昆明市高新区马金铺新材料产业园锦川路6号",
            "postcode": "650503",
            "authority": "昆明市人民政府国有资产监督管理委员会",
            "head_name": "张明远",
            "head_post": "董事长",
            "head_phone": "0871-67451001",
            "contact_name": "孙丽华",
            "contact_post": "科技发展部部长",
            "contact_phone": "13577112233",
            "email": "sunlh@example.cn",
            "qq": "1234567890",
            "registered_capital": "86000.00",
            "nature": "国有控股企业",
            "nature_other": "",
            "staff_total": 3260,
            "intermediate_plus": 812,
            "rd_staff": 486,
            "senior_plus": 215,
            "sales": _years(["452310.50", "498760.20", "536120.80"]),
            "qualifications": ["省级以上企业技术中心", "省级以上重点实验室", "高新技术企业", "其它"],
            "qualifications_other": "国家知识产权示范企业",
            "products": ["贵金属高纯材料", "贵金属电子浆料", "汽车尾气净化催化剂", "贵金属精密合金材料",
                         "贵金属二次资源回收服务"],
            "advantages": [
                "拥有贵金属材料领域省级重点实验室和企业技术中心，研发团队486人",
                "掌握贵金属高效提纯与回收核心技术，回收率达99%以上",
                "产品进入国内主要电子和汽车零部件企业供应链",
                "近三年承担国家级、省级科技项目12项",
            ],
        },
        "members": members,
        "plan": {
            "background": {
                "industry_overview": (
                    "贵金属是电子信息、新能源汽车、化工催化等产业不可替代的关键材料。"
                    "国际上，贵金属新材料产业集中于少数跨国企业，高端产品长期被垄断；国内产业规模持续扩大，"
                    "但高端电子浆料、高性能催化材料仍依赖进口。\n"
                    "我省拥有贵金属领域国家重点实验室、国家工程技术研究中心等创新载体，"
                    "产业链上游资源回收、中游材料制备基础较好。\n"
                    "目前产业存在共性关键技术供给不足、中试验证能力薄弱、成果转化链条不畅、"
                    "高端人才短缺等问题。"
                ),
                "significance": (
                    "建设创新中心，可以整合省内外企业、高校和科研院所的创新资源，"
                    "集中突破贵金属新材料共性关键技术，打通从研发到首次商业化的链条，"
                    "带动我省有色及稀贵金属产业转型升级。"
                ),
            },
            "foundation": (
                "牵头单位和成员单位在贵金属提纯、电子浆料、催化材料等方面具有领先技术，"
                "拥有省级以上创新平台6个。各成员单位已签署共建协议，完成资金组建方案，"
                "前期组建总投入3580万元，并共同开展了3项联合攻关。"
            ),
            "approach": {
                "positioning": "定位为面向全省贵金属新材料产业的共性技术研发与转移扩散平台。",
                "directions": (
                    "高纯贵金属提纯与循环利用；贵金属电子浆料及靶材；高性能贵金属催化材料；"
                    "贵金属复合材料精密加工。"
                ),
                "goals": (
                    "总体目标：用三年时间建成省内领先、国内有影响力的贵金属新材料制造业创新中心。\n"
                    "阶段目标：第一年完成平台搭建；第二年突破2项关键技术；第三年实现成果转化5项以上。"
                ),
                "contents": "建设共性技术研发平台、中试验证平台、检验检测平台和成果转移转化服务平台。",
            },
            "organisation": (
                "创新中心采用公司制独立法人形式，由牵头单位控股，成员单位参股。"
                "核心层为5家股东单位，外围层为产业链上下游合作企业。设立董事会、专家委员会和经营管理团队。"
            ),
            "operation": {
                "mechanism": (
                    "实行董事会领导下的主任负责制；重大事项由董事会决策；"
                    "研发项目实行项目经理制；建立成果收益分享和人才激励机制。"
                ),
                "assessment": "每年从技术成果、创新扩散、人才培育、国际交流和研发投入五个方面对各部门进行考核。",
            },
            "period_and_site": {
                "period": f"建设周期三年（{today.year}年至{today.year + 2}年），"
                          "分年度推进平台建设、技术攻关和成果转化。",
                "site": "既有空间为牵头单位研发大楼8000平方米；规划在马金铺新材料产业园新建中试基地1.2万平方米。",
            },
            "funding": (
                "资金来源包括成员单位出资、社会资本投入、技术服务收入和争取的各级项目资金；"
                "资金主要用于研发设备购置、中试线建设和人才引进。预计第三年实现收支平衡。"
            ),
            "safeguards": "从组织、人才、资金、政策四个方面建立保障措施，确保创新中心顺利运行。",
        },
        "summary": {"research_direction": "贵金属电子浆料、催化材料及高纯材料制备技术"},
        "enclosures": on_paper(*ENCLOSURES),  # the clerk hands both in on paper
    }
