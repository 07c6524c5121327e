"""A complete, valid application used by ``yn-forms example``, the tests and the benchmarks.

The units and people are invented; the 统一社会信用代码 are well-formed (Yunnan
division codes, correct check digits) but belong to no one. Dates follow today so
the 近三年 projects always fall in the last three years.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from yn_forms.core.enclosures import on_paper
from yn_forms.forms.innovation_consortium.model import ENCLOSURES

LEAD = "云南滇铝创新材料集团有限公司"
UNITS = [
    (LEAD, "91530000MA6K3T8R18", "杨建华",
     "省内绿色铝产业链龙头企业，电解铝产能占全省三成，建有国家地方联合工程研究中心。"
     "在联合体内负责总体组织协调、关键核心技术攻关的组织实施和成果产业化应用。"),
    ("云南铝峰精密铸造有限公司", "91530400MA6N2Q7L50", "赵立新",
     "省内铝合金精密铸造骨干企业，汽车轻量化铸件国内市场占有率居前。"
     "负责高强韧铸造铝合金的工程化验证和中试生产。"),
    ("曲靖绿能再生铝业有限公司", "91530300MA6P8W2C41", "钱文斌",
     "再生铝保级利用示范企业，年处理废铝20万吨。负责废铝分选、除杂与保级再生技术攻关。"),
    ("云南澜沧理工学院", "125300004312015561", "孙德明",
     "拥有冶金工程、材料科学与工程两个省级一流学科，在铝电解节能方面研究基础雄厚。"
     "负责低碳铝电解机理研究和人才培养。"),
    ("云南省轻金属材料研究院", "12530000431209837W", "李红梅",
     "省属科研院所，建有省级轻金属材料检验检测平台。负责材料表征、检验检测和标准制定。"),
]


def example() -> dict[str, Any]:
    today = date.today()
    y = today.year
    units = [{"name": n, "credit_code": c, "legal_rep": r, "role": t} for n, c, r, t in UNITS]
    return {
        "cover": {
            "name": "云南省绿色铝创新联合体",
            "industry": "绿色铝",
            "lead_unit": LEAD,
            "contact": "周晓燕",
            "phone": "13888123456",
            "fill_date": today.isoformat(),
        },
        "table": {
            "effective_date": (today - timedelta(days=30)).isoformat(),
            "chief_expert": "王志强",
            "chief_expert_title": "首席科学家/正高级工程师",
            "national_platforms": 1,
            "provincial_platforms": 3,
            "member_total": 5,
            "enterprises": 3,
            "universities": 1,
            "institutes": 1,
        },
        "goals": (
            "围绕绿色铝产业“高耗能、低附加值”的瓶颈，重点突破低碳铝电解节能、再生铝保级利用、"
            "高强韧铸造铝合金三项关键核心技术。\n"
            "到建设期末，吨铝直流电耗降低至12500千瓦时以下，再生铝保级利用率达到90%，"
            "形成具有自主知识产权的高强韧铝合金牌号3个以上，带动全省铝产业链新增产值50亿元。"
        ),
        "expert_cv": (
            "王志强，1972年生，工学博士，正高级工程师，长期从事铝电解节能与低碳冶金研究。\n"
            "主持国家重点研发计划课题2项、省级重大科技专项3项；获省科技进步一等奖1项；"
            "授权发明专利28件；担任中国有色金属学会轻金属冶金学术委员会委员。"
        ),
        "team": [
            {"name": "王志强", "age": 54, "title": "首席科学家/正高级工程师", "speciality": "有色金属冶金",
             "employer": LEAD},
            {"name": "陈立群", "age": 47, "title": "教授", "speciality": "材料科学与工程",
             "employer": "云南澜沧理工学院"},
            {"name": "刘海涛", "age": 45, "title": "总工程师/高级工程师", "speciality": "铸造工程",
             "employer": "云南铝峰精密铸造有限公司"},
            {"name": "张敏", "age": 39, "title": "研究员", "speciality": "材料检测",
             "employer": "云南省轻金属材料研究院"},
            {"name": "黄勇", "age": 42, "title": "副总经理/高级工程师", "speciality": "再生资源利用",
             "employer": "曲靖绿能再生铝业有限公司"},
            {"name": "李婧", "age": 33, "title": "副教授", "speciality": "冶金物理化学",
             "employer": "云南澜沧理工学院"},
        ],
        "platforms": [
            {"name": "轻金属清洁冶金国家地方联合工程研究中心", "discipline": "有色金属冶金", "level": "国家级",
             "built": "2013-06", "host": LEAD},
            {"name": "云南省铝基新材料重点实验室", "discipline": "材料科学与工程", "level": "省级",
             "built": "2016-09", "host": "云南澜沧理工学院"},
            {"name": "云南省高强韧铝合金工程研究中心", "discipline": "铸造铝合金", "level": "省级",
             "built": "2019-11", "host": "云南铝峰精密铸造有限公司"},
            {"name": "云南省轻金属材料检验检测平台", "discipline": "材料检测", "level": "省级",
             "built": "2018-04", "host": "云南省轻金属材料研究院"},
        ],
        "projects": [
            {"name": "低碳铝电解关键技术研究与示范", "industry": "绿色铝", "level": "国家级",
             "start": f"{y - 3}-07", "end": f"{y}-06", "undertaker": LEAD, "funding": "1200.00"},
            {"name": "再生铝保级利用成套技术开发", "industry": "绿色铝", "level": "省级",
             "start": f"{y - 2}-01", "end": f"{y}-12", "undertaker": "曲靖绿能再生铝业有限公司",
             "funding": "500.00"},
            {"name": "汽车用高强韧铸造铝合金研发及产业化", "industry": "新材料", "level": "省级",
             "start": f"{y - 1}-03", "end": f"{y + 1}-12", "undertaker": "云南铝峰精密铸造有限公司",
             "funding": "300.00"},
        ],
        "units": units,
        "cooperation": (
            "牵头单位与各成员单位已合作十余年，共建研发平台3个，联合承担省级以上科技项目8项。\n"
            "近三年联合举办绿色铝产业技术论坛3次，共同培养研究生46名，联合申请发明专利35件，"
            "转化科技成果12项，新增产值18亿元。"
        ),
        "agreement": {
            "special_project": "绿色铝",
            "division": (
                "牵头单位负责联合体的总体组织协调，牵头低碳铝电解技术攻关和成果产业化。\n"
                "各成员单位按“六”所列分工承担研发、中试、检测和人才培养任务。"
            ),
            "rights": (
                "各成员单位享有参与决策、共享平台资源和按约定分享成果收益的权利，"
                "承担按期完成任务、投入配套经费和保守商业秘密的义务。\n"
                "联合体解散时，共同购置的设备按出资比例分配，未完成任务由原承担单位继续完成。"
            ),
            "ip": (
                "联合攻关形成的知识产权由参与单位共有，各方按贡献约定份额；"
                "单独完成的归完成单位所有。成员单位享有优先许可使用权，转化收益按出资和贡献比例分配。"
            ),
            "integrity": "严格执行科研诚信管理规定，对违反科研诚信要求的单位和个人，按规定追责并取消其参与资格。",
            "breach": (
                "未履行协议义务的，守约方有权要求其限期改正并赔偿损失；情节严重的，经理事会决议退出联合体。\n"
                "争议由各方协商解决，协商不成的，提交牵头单位所在地人民法院诉讼解决。"
            ),
        },
        "plan": {
            "significance": "绿色铝是我省重点打造的千亿级产业，组建创新联合体是破解关键核心技术瓶颈的迫切需要。",
            "foundation": "联合体成员覆盖电解铝、再生铝、铸造和研究检测全链条，拥有国家级平台1个、省级平台3个。",
            "approach": (
                f"以重大项目为牵引，建设期{y}年至{y + 3}年。\n"
                "目标：突破三项关键核心技术，形成一批标准和专利，带动产业链升级。"
            ),
            "tasks": "组织低碳铝电解、再生铝保级利用、高强韧铸造铝合金三项关键核心技术攻关，建设中试平台。",
            "organisation": "设立理事会（决策）、专家委员会（咨询）和秘书处（执行，常设于牵头单位），配备专职人员6名。",
            "safeguards": "建立经费管理制度，成员单位按不低于2:1配套自筹经费；建立人才激励和成果共享机制。",
            "schedule": (
                f"{y}年：完成组建和平台建设；{y + 1}年：完成关键技术中试；"
                f"{y + 2}年：实现成果产业化；{y + 3}年：总结评估。"
            ),
        },
        "eligibility": {
            "fiscal_funds": "2000.00",
            "self_funds": "5600.00",
            "duration_years": 4,
            "confirmations": [
                "牵头单位仅牵头组建本创新联合体",
                "组建协议已由全体成员单位法定代表人共同签署、盖章",
                "牵头单位、成员单位中的企业具备项目配套经费的财务能力",
            ],
        },
        "enclosures": on_paper(ENCLOSURES[0]),  # the signed agreement, on paper; a project from above: no 推荐意见
    }
