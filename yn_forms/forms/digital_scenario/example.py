"""A complete, valid application used by ``yn-forms example``, the tests and the benchmarks.

The companies and people are invented: a 普洱 tea maker with an IT partner, the
kind of joint case the notice asks for (特色食品, 面向透明消费的质量追溯管理). The
统一社会信用代码 are well-formed (Yunnan division codes 5308xx/5301xx, check
digits from python-stdnum) but belong to no one. Dates follow today, so the
company is always old enough and the 近3年 are always the last three years.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from yn_forms.core.enclosures import on_paper
from yn_forms.core.years import last_three_years
from yn_forms.forms.digital_scenario.model import CONDITIONS, ENCLOSURES, IP_STATEMENTS, TRUTH

APPLICANT = "云南澜茗普洱茶业股份有限公司"
APPLICANT_CODE = "91530800MA6PK2L7XJ"  # 530800 普洱市
PARTNER = "云南云岭数链科技有限公司"
PARTNER_CODE = "91530100MA6R4D8N2N"  # 530100 昆明市
DIRECTION = "面向透明消费的质量追溯管理"


def _revenue(values: list[str]) -> list[dict[str, Any]]:
    return [{"year": y, "value": v} for y, v in zip(last_three_years(), values, strict=True)]


def example() -> dict[str, Any]:
    today = date.today()
    return {
        "cover": {
            "case_name": "普洱茶“一物一码”全链条质量追溯",
            "unit": APPLICANT,
            "contact": "李晓琳",
            "phone": "13908791234",
            "fill_date": today.isoformat(),
        },
        "applicant": {
            "subject_type": "消费品企业",
            "name": APPLICANT,
            "credit_code": APPLICANT_CODE,
            "address": "云南省普洱市思茅区茶苑路18号",
            "prefecture": "普洱市",
            "founded": date(today.year - 12, 4, 16).isoformat(),
            "legal_rep": "杨文海",
            "contact": "李晓琳",
            "phone": "0879-2138866",
            "email": "lixl@lanmingtea.com",
            "revenue": _revenue(["28650.40", "31208.75", "35872.16"]),
            "conditions": list(CONDITIONS),
        },
        "joint_units": [
            {"name": PARTNER, "credit_code": PARTNER_CODE, "role": "追溯平台开发、部署和运维"},
        ],
        "scenario": {
            "industry": "特色食品",
            "directions": [DIRECTION],
            "aims": ["提品质", "创品牌"],
        },
        "case": {
            "background": (
                "公司是普洱市规模最大的普洱茶生产企业之一，拥有生态茶园基地3.2万亩，年产普洱茶6000余吨，"
                "产品销往全国30个省（区、市）。\n"
                "普洱茶原料来源分散、加工周期长、存储年份难以证明，市场上以次充好、年份造假时有发生，"
                "消费者对产地和年份缺乏信任；企业内部茶园、初制所、精制厂和仓储数据分散在不同系统，"
                "出现质量问题时追溯一批产品需要3天以上。"
            ),
            "solution": (
                "联合云南云岭数链科技有限公司建设普洱茶全链条质量追溯平台：在茶园部署物联网传感器采集气象、"
                "土壤和农事数据，初制所和精制厂接入制造执行系统，仓储环节以温湿度传感和视频记录存储过程。\n"
                "每饼茶赋予唯一的“一物一码”，关联鲜叶采摘、加工批次、检测报告和仓储记录，关键数据上链存证，"
                "消费者扫码即可查看从茶园到茶杯的全过程。"
            ),
            "mode": (
                "平台由公司统一运营，覆盖自有茶园、合作社和12家初制所，按“基地—加工—仓储—流通”四个环节"
                "分级采集数据。\n"
                "对外开放扫码查询和经销商验货接口，对内形成质量预警和批次召回流程，每季度根据追溯数据优化工艺。"
            ),
            "results": (
                "平台运行两年，产品追溯覆盖率由35%提高到100%，质量问题定位时间由72小时缩短到4小时以内，"
                "抽检合格率稳定在99.8%以上。\n"
                "消费者扫码查询累计超过120万次，线上渠道复购率由18%提高到31%，带动公司高端产品销售额年均增长22%。"
            ),
            "figures": [
                {"indicator": "产品追溯覆盖率（%）", "before": "35", "after": "100"},
                {"indicator": "质量问题定位时间（小时）", "before": "72", "after": "4"},
                {"indicator": "产品抽检合格率（%）", "before": "98.2", "after": "99.8"},
                {"indicator": "线上渠道复购率（%）", "before": "18", "after": "31"},
            ],
            "value": (
                "方案以普洱茶为样板，形成了“一物一码+区块链存证”的特色食品质量追溯模式，软硬件均为通用产品，"
                "单个企业3至6个月即可完成部署。\n"
                "可在全省茶叶、咖啡、鲜花饼、火腿等特色食品企业推广，也可为“地名+产品”区域品牌建立统一追溯体系，"
                "助力云南特色食品提品质、创品牌。"
            ),
        },
        "declaration": {"truth": list(TRUTH), "ip": list(IP_STATEMENTS)},
        "enclosures": on_paper(ENCLOSURES[0]),  # its own IP: no 授权许可 to show
    }
