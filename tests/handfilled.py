"""Attachments filled by hand, made the way a clerk leaves them in Word — not from our templates.

Each builder writes a .docx with python-docx from the official attachment's labels (the
创新中心's 《工作方案》, the 创新联合体's 《建设管理工作方案(试行)》, the 2025 消费名品
notice), laid out as a person fills the blank: other column widths, cells merged or left
unmerged, labels spaced (“所 属 领 域”), half-width colons and brackets, 髙 for 高, ticks as
■, √, ✓ or a plain 是, amounts with 万元 after them, answers in several paragraphs, headings
typed without the notice's prompt. Each returns the files and what a reader should find in
them (JSON pointer → the value the draft keeps).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Cm

Cell = str | tuple[str, int]  # text, or (text, columns it spans)


def _cell_text(cell: Any, text: str) -> None:
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def table(doc: Any, rows: list[list[Cell]], widths: list[float] | None = None) -> Any:
    """A table as typed into Word: each row its cells, a (text, n) cell merged over n columns."""
    columns = max(sum(c[1] if isinstance(c, tuple) else 1 for c in row) for row in rows)
    made = doc.add_table(rows=len(rows), cols=columns)
    made.style = "Table Grid"
    for r, row in enumerate(rows):
        col = 0
        for spec in row:
            text, span = spec if isinstance(spec, tuple) else (spec, 1)
            cell = made.cell(r, col)
            if span > 1:
                cell = cell.merge(made.cell(r, col + span - 1))
            _cell_text(cell, text)
            col += span
    for n, width in enumerate(widths or []):
        for row in made.rows:
            if n < len(row.cells):
                row.cells[n].width = Cm(width)
    return made


def paragraphs(doc: Any, *texts: str) -> None:
    for text in texts:
        doc.add_paragraph(text)


# --- 创新中心: 封面, 表2 and two 表3 ------------------------------------------------------------------

def innovation_centre(folder: Path) -> tuple[list[Path], dict[str, Any]]:
    doc = Document()
    paragraphs(doc, "附件1", "云南省制造业创新中心创建", "申 报 书")
    table(doc, [["创新中心名称:", "云南省高原特色食品制造业创新中心"],
                ["所 属 领 域：", "绿色食品"],
                ["牵头单位：", "云南滇味食品集团有限公司"],
                ["负 责 人:", "杨建华"],
                ["手    机：", "13987123456"],
                ["Email:", "yangjh@dianwei.cn"]], widths=[4, 9])
    paragraphs(doc, "云南省工业和信息化厅制", "2026年10月")
    paragraphs(doc, "2、牵头单位信息表")
    table(doc, [
        ["单位名称", ("云南滇味食品集团有限公司", 2), "行业领域", ("食品制造业", 2)],
        ["地址", "昆明市经开区信息产业基地林溪路18号", "邮编", "650217", "主管单位", "昆明市工业和信息化局"],
        ["企业负责人", "杨建华", "职务", "董事长", "电话", "0871-63512345"],
        ["联系人", "何晓燕", "职务", "科技部经理", "电话", "13888765432"],
        ["Email", ("hexy@dianwei.cn", 2), "QQ号码", ("285566771", 2)],
        ["注册资金", "8000万元", "单位性质", ("□国有企业 □国有控股企业 □外资企业\n"
                                           "□合资企业 ■民营企业 □其他（    ）", 3)],
        ["员工总人数", ("650", 2), "中级以上职称人数", ("88", 2)],
        ["研发人员人数", ("74", 2), "髙级以上职称人数", ("23", 2)],
        [("近三年销售收入(单位:万元)", 6)],
        ["2023年", "52000", "2024年", "56800.5", "2025年", "61000"],
        ["现有资质情况", ("√省级以上企业技术中心 □省级以上工程研究中心\n□省级以上工程技术研究中心 □省级以上重点实验室\n"
                       "□创新示范企业 √高新技术企业\n□其它（      ）", 5)],
        ["主要产品或服务", ("鲜花饼", 5)],
        ["主要产品或服务", ("云腿月饼", 5)],
        ["主要产品或服务", ("", 5)],
        ["比较优势", ("拥有省级企业技术中心", 5)],
        ["比较优势", ("", 5)],
    ], widths=[3, 3.5, 2, 3, 2, 3])
    members = [
        ("云南花语生物科技有限公司", "昆明市呈贡区大学城雨花路3号", "650500", "李花", "中国", "0871-65888123",
         "赵敏", "研发总监", "13700112233", "zhaomin@huayu.cn", "2015年3月18日", "昆明市呈贡区大学城雨花路3号",
         "1500", "0", "4200", "1800", "■民营企业 （√有限责任公司 □股份有限公司 □其他企业）", "民营企业", "有限责任公司",
         "160", "40", "35", "9", ["3100", "3500", "4100"], ["260", "300", "350"],
         "✓省级以上企业技术中心 □省级以上工程研究中心\n□省级以上工程技术研究中心 □省级以上重点实验室\n"
         "✓高新技术企业 □其它（ ）",
         ["省级以上企业技术中心", "高新技术企业"], "食用玫瑰深加工\n花卉提取物研发", "玫瑰酱、玫瑰纯露"),
        ("云南澜沧食品研究院", "昆明市盘龙区白龙路99号", "650224", "周研", "中国", "0871-65123987",
         "陈思", "副院长", "13577889900", "chens@lcfood.org.cn", "2008.6.1", "昆明市盘龙区白龙路99号",
         "500", "0", "2600", "1900", "□民营企业（□有限责任公司 □股份有限公司 □其他企业）\n■其它（请说明：事业单位）",
         "其它", None,
         "85", "60", "70", "30", ["900", "950", "1000"], ["400", "420", "460"],
         "□省级以上企业技术中心 ✓省级以上工程研究中心\n□高新技术企业 □其它（ ）", ["省级以上工程研究中心"],
         "食品工程技术研究", "检验检测服务"),
    ]
    expected: dict[str, Any] = {
        "/cover/centre_name": "云南省高原特色食品制造业创新中心", "/cover/industry": "绿色食品",
        "/cover/lead_unit": "云南滇味食品集团有限公司", "/cover/leader": "杨建华", "/cover/mobile": "13987123456",
        "/cover/email": "yangjh@dianwei.cn", "/cover/fill_month": "2026-10",
        "/lead/name": "云南滇味食品集团有限公司", "/lead/industry": "食品制造业",
        "/lead/address": "昆明市经开区信息产业基地林溪路18号", "/lead/postcode": "650217",
        "/lead/authority": "昆明市工业和信息化局", "/lead/head_name": "杨建华", "/lead/head_post": "董事长",
        "/lead/head_phone": "0871-63512345", "/lead/contact_name": "何晓燕", "/lead/contact_post": "科技部经理",
        "/lead/contact_phone": "13888765432", "/lead/email": "hexy@dianwei.cn", "/lead/qq": "285566771",
        "/lead/registered_capital": "8000", "/lead/nature": "民营企业", "/lead/staff_total": 650,
        "/lead/intermediate_plus": 88, "/lead/rd_staff": 74, "/lead/senior_plus": 23,
        "/lead/sales/0/year": 2023, "/lead/sales/0/value": "52000", "/lead/sales/1/year": 2024,
        "/lead/sales/1/value": "56800.5", "/lead/sales/2/year": 2025, "/lead/sales/2/value": "61000",
        "/lead/qualifications": ["省级以上企业技术中心", "高新技术企业"], "/lead/products": ["鲜花饼", "云腿月饼"],
        "/lead/advantages": ["拥有省级企业技术中心"],
    }
    for i, m in enumerate(members):
        paragraphs(doc, "3、成员单位基本信息表(每个单位填写一张表)")
        table(doc, [
            ["单位名称", (m[0], 7)],
            ["地址", (m[1], 5), "邮编", m[2]],
            ["法人代表", m[3], "国籍", m[4], "电话", (m[5], 3)],
            ["联系人", m[6], "职务", m[7], "手机", m[8], "Email", m[9]],
            ["注册成立时间", (m[10], 3), "注册地址", (m[11], 3)],
            ["注册资金", (m[12] + "万元", 3), "外资比例(%)", (m[13], 3)],
            ["资产总额", (m[14] + "万元", 3), "固定资产", (m[15] + " 万元", 3)],
            ["经济类型", (m[16], 7)],
            ["职工总数", (m[19], 3), "中级以上职称人员数", (m[20], 3)],
            ["研发人员数", (m[21], 3), "高级以上职称人员数", (m[22], 3)],
            ["近三年销售收入（万元）", "2023年", m[23][0], "2024年", m[23][1], "2025年", (m[23][2], 2)],
            ["近三年R&D投入（万元）", "2023年", m[24][0], "2024年", m[24][1], "2025年", (m[24][2], 2)],
            ["研发机构认定情况", (m[25], 7)],
            ["主营业务（主要行业或领域）", (m[27], 7)],
            ["主导产品或服务", (m[28], 7)],
        ], widths=[3.2, 2, 2, 2, 2, 2, 1.5, 2.5])
        base = f"/members/{i}"
        expected.update({
            f"{base}/name": m[0], f"{base}/address": m[1], f"{base}/postcode": m[2], f"{base}/legal_rep": m[3],
            f"{base}/nationality": m[4], f"{base}/phone": m[5], f"{base}/contact_name": m[6],
            f"{base}/contact_post": m[7], f"{base}/contact_mobile": m[8], f"{base}/contact_email": m[9],
            f"{base}/founded": {"2015年3月18日": "2015-03-18", "2008.6.1": "2008-06-01"}[m[10]],
            f"{base}/registered_address": m[11], f"{base}/registered_capital": m[12], f"{base}/foreign_share": m[13],
            f"{base}/total_assets": m[14], f"{base}/fixed_assets": m[15],
            f"{base}/economic_type/ownership": m[17], f"{base}/staff_total": int(m[19]),
            f"{base}/intermediate_plus": int(m[20]), f"{base}/rd_staff": int(m[21]), f"{base}/senior_plus": int(m[22]),
            f"{base}/rd_recognitions": m[26], f"{base}/main_business": m[27], f"{base}/main_products": m[28],
        })
        if m[18]:
            expected[f"{base}/economic_type/company_form"] = m[18]
        else:
            expected[f"{base}/economic_type/other"] = "事业单位"
        for n, year in enumerate((2023, 2024, 2025)):
            expected[f"{base}/sales/{n}/year"] = expected[f"{base}/rd_spend/{n}/year"] = year
            expected[f"{base}/sales/{n}/value"] = m[23][n]
            expected[f"{base}/rd_spend/{n}/value"] = m[24][n]
    path = folder / "附件1-手填.docx"
    doc.save(str(path))
    return [path], expected


# --- 创新联合体: 封面 and the 申请表 -------------------------------------------------------------------

def innovation_consortium(folder: Path) -> tuple[list[Path], dict[str, Any]]:
    doc = Document()
    paragraphs(doc, "附件1", "云南省创新联合体组建申请表")
    table(doc, [["创新联合体名称：", ("云南省高端铝材创新联合体", 2)],
                ["产业领域:", ("新材料", 2)],
                ["牵头单位", "云南铝都集团有限公司", "（盖章）"],
                ["联 系 人：", ("王立", 2)],
                ["联系电话：", ("13808712345", 2)],
                ["填报日期：", ("2026年11月20日", 2)]], widths=[4, 7, 2])
    paragraphs(doc, "云南省科学技术厅", "2022", "填表说明", "一、联合体牵头单位须加盖法人公章。")
    paragraphs(doc, "云南省创新联合体组建申请表")
    table(doc, [
        ["创新联合体名称", "云南省高端铝材创新联合体", "联合体协议生效时间", "2026年9月1日"],
        ["产业领域", "新材料", "联合体牵头单位", "云南铝都集团有限公司"],
        ["推荐首席专家（科学家）", "刘铝", "职务/职称", "总工程师/正高级工程师"],
        ["联合体内已建并正在运行的国家级各类创新平台数量", ("2", 3)],
        ["联合体内已建并正在运行的省级各类创新平台数量", ("6", 3)],
        ["联系人", "王立", "联系方式", "13808712345"],
        ["成员总数(个)", "5", "企业数量(个)", "3"],
        ["高等学校数量(个)", "1", "研究机构数量(个)", "1"],
        [("一、技术创新目标（拟解决的关键核心技术问题等，限500字）", 4)],
        [("突破高强高韧铝合金制备技术。\n形成汽车轻量化材料体系。", 4)],
        [("二、推荐首席专家（科学家）科研简历（含取得的代表性创新成果、主要学术任职等）", 4)],
        [("长期从事铝合金研究，获省科技进步一等奖。", 4)],
    ], widths=[4, 4, 4, 4])
    table(doc, [[("三、科研团队情况", 5)],
                ["姓名", "年龄", "职务/职称", "从事专业", "工作单位"],
                ["刘铝", "52", "总工程师", "材料加工", "云南铝都集团有限公司"],
                ["张韧", "41", "教授", "金属材料", "云南澜沧理工学院"],
                ["", "", "", "", ""]])
    table(doc, [[("六、牵头和成员单位在行业（或领域）中地位的简要说明", 3)],
                ["序号", "牵头和成员单位名称及统一社会信用代码", "在行业（或领域）中的地位，在联合体内分工（限200字）"],
                ["1", "云南铝都集团有限公司\n91530000MA6K3T8R18", "省内最大铝加工企业，负责总体组织。"],
                ["2", "云南澜沧理工学院\n125300004312015561", "负责基础研究。"],
                ["3", "", ""]])
    table(doc, [["七、创新联合体已具备的合作基础、开展活动和取得的实效（限500字）"],
                ["已联合承担省重大专项2项。"]])
    expected = {
        "/cover/name": "云南省高端铝材创新联合体", "/cover/industry": "新材料",
        "/cover/lead_unit": "云南铝都集团有限公司",
        "/cover/contact": "王立", "/cover/phone": "13808712345", "/cover/fill_date": "2026-11-20",
        "/table/effective_date": "2026-09-01", "/table/chief_expert": "刘铝",
        "/table/chief_expert_title": "总工程师/正高级工程师", "/table/national_platforms": 2,
        "/table/provincial_platforms": 6, "/table/member_total": 5, "/table/enterprises": 3,
        "/table/universities": 1, "/table/institutes": 1,
        "/goals": "突破高强高韧铝合金制备技术。\n形成汽车轻量化材料体系。",
        "/expert_cv": "长期从事铝合金研究，获省科技进步一等奖。",
        "/team/0/name": "刘铝", "/team/0/age": 52, "/team/0/title": "总工程师", "/team/0/speciality": "材料加工",
        "/team/0/employer": "云南铝都集团有限公司", "/team/1/name": "张韧", "/team/1/age": 41,
        "/team/1/title": "教授", "/team/1/speciality": "金属材料", "/team/1/employer": "云南澜沧理工学院",
        "/units/0/name": "云南铝都集团有限公司", "/units/0/credit_code": "91530000MA6K3T8R18",
        "/units/0/role": "省内最大铝加工企业，负责总体组织。", "/units/1/name": "云南澜沧理工学院",
        "/units/1/credit_code": "125300004312015561", "/units/1/role": "负责基础研究。",
        "/cooperation": "已联合承担省重大专项2项。",
    }
    path = folder / "组建申请表（手填）.docx"
    doc.save(str(path))
    return [path, _consortium_agreement(folder, expected), _consortium_plan(folder, expected)], expected


def _consortium_agreement(folder: Path, expected: dict[str, Any]) -> Path:
    """附件2 组建协议 as typed: the units one paragraph per line, the sections' text under their headings."""
    doc = Document()
    paragraphs(doc, "附件2", "云南省创新联合体组建协议")
    table(doc, [["创新联合体名称：", "云南省高端铝材创新联合体"], ["产业领域：", "新材料"],
                ["牵头单位", "云南铝都集团有限公司（盖章）"], ["联系人：", "王立"], ["联系电话：", "13808712345"],
                ["填报日期：", "2026年11月20日"]])
    paragraphs(doc, "云南省科学技术厅制",
               "为推动云南省新材料科技创新、技术进步和成果转化，依据云南省新材料产业目前实际情况和省高端铝材"
               "重大科技专项要求，成立云南省高端铝材创新联合体，经所有成员单位同意，签署联合组建协议，内容如下。",
               "一、牵头和成员单位",
               "牵头单位: 云南铝都集团有限公司", "    统一社会信用代码：91530000MA6K3T8R18", "    法定代表人：李铝",
               "成员单位：云南澜沧理工学院", "    统一社会信用代码：125300004312015561", "    法定代表人：王学",
               "二、技术创新目标（拟解决的关键核心技术问题等）",
               "突破高强高韧铝合金制备技术。", "形成汽车轻量化材料体系。",
               "三、任务具体分工", "牵头单位负责产业化，学院负责基础研究。",
               "四、各成员单位的责权利（明确创新联合体解散时各成员单位的权责分配）", "按投入比例分配权责。",
               "五、科技成果和知识产权归属、许可使用和转化收益分配办法", "成果归完成单位所有。",
               "六、科研诚信追究方式", "按国家有关规定追究。",
               "七、违约责任追究方式", "违约方承担相应责任。",
               "八、所有成员单位签章")
    table(doc, [["序号", "单位名称", "法定代表人（签字）", "单位（盖章）", "日期"],
                ["1", "云南铝都集团有限公司", "", "", "年  月  日"], ["2", "云南澜沧理工学院", "", "", "年  月  日"]])
    expected.update({
        "/agreement/special_project": "高端铝材", "/units/0/legal_rep": "李铝", "/units/1/legal_rep": "王学",
        "/agreement/division": "牵头单位负责产业化，学院负责基础研究。", "/agreement/rights": "按投入比例分配权责。",
        "/agreement/ip": "成果归完成单位所有。", "/agreement/integrity": "按国家有关规定追究。",
        "/agreement/breach": "违约方承担相应责任。",
    })
    path = folder / "组建协议（手填）.docx"
    doc.save(str(path))
    return path


def _consortium_plan(folder: Path, expected: dict[str, Any]) -> Path:
    """附件3 建设方案: headings with a space after 、 and answers of several paragraphs."""
    doc = Document()
    paragraphs(doc, "附件3", "云南省创新联合体建设方案", "云南省高端铝材创新联合体")
    sections = {
        "significance": ("一、 建设意义及必要性", "铝产业是我省支柱产业。\n亟需突破高端材料瓶颈。"),
        "foundation": ("二、建设基础和优势", "牵头单位产能全省第一。"),
        "approach": ("三、建设思路和目标", "以企业为主体协同创新。\n三年形成成套技术。"),
        "tasks": ("四、重点任务", "攻关五项关键技术。"),
        "organisation": ("五、组织架构和运行机制", "设理事会和专家委员会。"),
        "safeguards": ("六、保障措施", "落实配套资金。"),
        "schedule": ("七、进度计划", "2027年完成中试。"),
    }
    for name, (heading, answer) in sections.items():
        paragraphs(doc, heading, *answer.split("\n"))
        expected[f"/plan/{name}"] = answer
    path = folder / "建设方案（手填）.docx"
    doc.save(str(path))
    return path


# --- 消费名品: 企业品牌 ----------------------------------------------------------------------------

def consumer_brand(folder: Path) -> tuple[list[Path], dict[str, Any]]:
    doc = Document()
    paragraphs(doc, "附件1", "云南消费名品申报书")
    table(doc, [["申报类型：", "√企业品牌    □区域品牌"],
                ["品牌名称：", "滇红印象"],
                ["申报单位", "云南凤庆滇红茶业有限公司（盖章）"],
                ["所在州(市)：", "临沧市"],
                ["填报日期：", "2026年6月30日"]], widths=[4, 9])
    paragraphs(doc, "云南省工业和信息化厅制", "2025年", "一、基本情况")
    table(doc, [
        ["申报类型", ("√企业品牌    □区域品牌", 3)],
        ["所在州（市）", "临沧市", "重点领域", "茶叶"],
        ["培育方向", ("■历史经典 □时代优品 □潮流新锐", 3)],
        ["企业名称", ("云南凤庆滇红茶业有限公司", 3)],
        ["统一社会信用代码", "91530921MA6K2X1Y3B", "成立时间", "2003年4月1日"],
        ["注册地址", ("临沧市凤庆县滇红路1号", 3)],
        ["法定代表人", "罗红", "联 系 人", "李茶"],
        ["手机", "13908831234", "固定电话", "0883-4212345"],
        ["电子邮箱", ("lich@dianhong.cn", 3)],
        ["品牌名称", "滇红印象", "商标注册号", "12345678"],
        ["商标有效期至", "2031年12月31日", "自主创建", "是"],
        ["品牌创立时间", ("1939年", 3)],
        ["品牌历史文化底蕴", ("始于1939年凤庆试制滇红。\n八十余年传承至今。", 3)],
        ["主要产品", ("滇红工夫茶", 3)],
        ["市场占有率", ("省内红茶市场占有率约12%", 3)],
        ["近3年经营状况（万元）", "2023年", "2024年", "2025年"],
        ["营业收入", "12000", "13500", "15200"],
        ["利润", "1500", "1720", "1980"],
        ["纳税", "800", "860", "930"],
        ["基本条件", ("√依法注册登记，具有独立法人资格\n√近3年经营状况良好\n"
                      "√在信用、质量、安全和环保等方面无不良记录", 3)],
    ], widths=[4, 4, 3, 4])
    paragraphs(doc, "二、产品创新力", "主要产品技术水平国内领先。", "建成数字化萎凋车间。",
               "三、市场竞争力", "国内市场占有率居前列。",
               "四、品牌影响力", "获中国驰名商标。", "荣誉及认可")
    table(doc, [["序号", "荣誉名称", "授予单位", "获得时间"], ["1", "中华老字号", "商务部", "2011年"],
                ["2", "", "", ""]])
    paragraphs(doc, "五、文化赋能力", "传承滇红百年工艺。", "六、证明材料清单")
    table(doc, [["序号", "材料名称", "提交形式"], ["1", "营业执照", "纸质件另附"]])
    paragraphs(doc, "七、申报单位及推荐单位意见")
    table(doc, [["申报单位意见", "本单位对所填报内容及提交材料的真实性、完整性负责。"],
                ["州（市）工业和信息化主管部门推荐意见", "同意推荐。\n推荐排序：第 2 位"]])
    expected = {
        "/basics/brand_type": "企业品牌", "/basics/prefecture": "临沧市", "/basics/fill_date": "2026-06-30",
        "/basics/key_field": "茶叶", "/basics/direction": "历史经典", "/enterprise/name": "云南凤庆滇红茶业有限公司",
        "/enterprise/credit_code": "91530921MA6K2X1Y3B", "/enterprise/founded": "2003-04-01",
        "/enterprise/address": "临沧市凤庆县滇红路1号", "/enterprise/legal_rep": "罗红", "/enterprise/contact": "李茶",
        "/enterprise/mobile": "13908831234", "/enterprise/phone": "0883-4212345", "/brand/name": "滇红印象",
        "/brand/trademark_no": "12345678", "/brand/trademark_valid_until": "2031-12-31",
        "/brand/own_brand": ["自主创建申报品牌，拥有商标所有权且在有效期内"],
        "/enterprise/declarations": ["依法注册登记，具有独立法人资格", "近3年经营状况良好",
                                     "在信用、质量、安全和环保等方面无不良记录"],
        "/criteria/innovation": "主要产品技术水平国内领先。\n建成数字化萎凋车间。",
        "/criteria/competitiveness": "国内市场占有率居前列。", "/criteria/influence": "获中国驰名商标。",
        "/criteria/culture": "传承滇红百年工艺。",
        "/enterprise/email": "lich@dianhong.cn", "/brand/founded_year": 1939,
        "/brand/history": "始于1939年凤庆试制滇红。\n八十余年传承至今。", "/market/products": "滇红工夫茶",
        "/market/market_share": "省内红茶市场占有率约12%", "/criteria/honours/0/name": "中华老字号",
        "/criteria/honours/0/awarded_by": "商务部", "/criteria/honours/0/year": 2011, "/basics/rank": 2,
    }
    for n, year in enumerate((2023, 2024, 2025)):
        expected[f"/operations/revenue/{n}/year"] = expected[f"/operations/profit/{n}/year"] = year
        expected[f"/operations/tax/{n}/year"] = year
    for name, values in (("revenue", ("12000", "13500", "15200")), ("profit", ("1500", "1720", "1980")),
                         ("tax", ("800", "860", "930"))):
        for n, value in enumerate(values):
            expected[f"/operations/{name}/{n}/value"] = value
    path = folder / "消费名品申报书-手填.docx"
    doc.save(str(path))
    return [path], expected


# --- 数字三品 ----------------------------------------------------------------------------------------

def digital_scenario(folder: Path) -> tuple[list[Path], dict[str, Any]]:
    doc = Document()
    paragraphs(doc, "附件2", "云南“数字三品”应用场景", "典型案例申报书")
    # the cover filled on its underlines, as lines of text
    paragraphs(doc, "案例名称：普洱茶数字溯源平台", "申报单位：云南普洱数茶科技有限公司 （盖章）", "联 系 人：段云",
               "联系电话:13888001122", "填报日期：2025年7月10日")
    paragraphs(doc, "云南省工业和信息化厅制", "2025年", "一、基本信息")
    table(doc, [
        ["案例名称", ("普洱茶数字溯源平台", 6)],
        ["申报主体类型", ("✓消费品企业    □互联网平台企业", 6)],
        ["单位名称", ("云南普洱数茶科技有限公司", 6)],
        ["统一社会信用代码", ("91530800MA6N1P2Q3R", 2), "成立时间", ("2018年5月8日", 3)],
        ["注册地址", ("普洱市思茅区茶城大道8号", 6)],
        ["所在州（市）", ("普洱市", 6)],
        ["法定代表人", ("段普", 2), "联系人", ("段云", 3)],
        ["联系电话", ("13888001122", 2), "电子邮箱", ("duanyun@shucha.cn", 3)],
        ["近3年营业收入（万元）", "2022年", "3200", "2023年", "3900", "2024年", "4600"],
        ["申报条件", ("■依法注册登记\n■具有独立法人资格\n■近3年经营状况良好\n"
                      "■在信用、质量、安全和环保等方面无不良记录", 6)],
        ["联合申报单位", "序号", ("单位名称", 2), ("统一社会信用代码", 2), "分工"],
        ["联合申报单位", "1", ("云南茶链信息技术有限公司", 2), ("91530100MA6K9L8M7N", 2), "溯源平台开发"],
        ["重点行业", ("□家具家居 □美妆日化 □纺织服装\n□包装印刷 √特色食品 □生物医药", 6)],
        ["应用场景方向（只能选1个）", ("□消费数据驱动产品设计创新", 3), ("□智能仿真测款驱动新品孵化", 3)],
        ["应用场景方向（只能选1个）", ("□个性化定制驱动消费模式重塑", 3), ("□面向精益管理的智能调度排产", 3)],
        ["应用场景方向（只能选1个）", ("√面向透明消费的质量追溯管理", 3), ("□面向市场需求的敏捷供应链", 3)],
        ["应用场景方向（只能选1个）", ("□面向柔性化需求的智能产线", 3), ("□数字全域营销助力优质品牌推广", 3)],
        ["应用场景方向（只能选1个）", ("□国潮新品助力品牌价值提升", 3), ("□数字服务供给助力区域名品打造", 3)],
        ["三品方向", ("✓增品种 ✓提品质 □创品牌", 6)],
    ], widths=[3.5, 1.5, 2, 2, 2, 2, 2])
    paragraphs(doc, "二、案例内容", "（一）案例背景", "普洱茶真假难辨。", "（二）解决方案", "一物一码全程追溯。",
               "建设区块链存证平台。", "（三）应用模式", "企业加平台。", "（四）应用成效", "溯源覆盖率大幅提升。",
               "应用成效指标")
    table(doc, [["序号", "指标", "应用前", "应用后"], ["1", "溯源覆盖率", "10%", "95%"], ["2", "投诉率", "3%", "0.5%"],
                ["3", "", "", ""]])
    paragraphs(doc, "（五）推广价值", "可推广至全省茶产业。", "三、声明及推荐意见")
    table(doc, [["申报单位声明", "√本单位对所填报内容及提交材料的真实性、完整性负责。\n"
                               "√相关产品、技术及相关知识产权归属申报主体或取得相应授权许可，无知识产权纠纷，"
                               "不涉及国家秘密、商业秘密等内容。\n法定代表人（签字）：        申报单位（盖章）：\n"
                               "联合申报单位（盖章）：云南茶链信息技术有限公司"]])
    expected = {
        "/cover/case_name": "普洱茶数字溯源平台", "/cover/unit": "云南普洱数茶科技有限公司", "/cover/contact": "段云",
        "/cover/phone": "13888001122", "/cover/fill_date": "2025-07-10", "/applicant/subject_type": "消费品企业",
        "/applicant/name": "云南普洱数茶科技有限公司", "/applicant/credit_code": "91530800MA6N1P2Q3R",
        "/applicant/founded": "2018-05-08", "/applicant/address": "普洱市思茅区茶城大道8号",
        "/applicant/legal_rep": "段普", "/applicant/contact": "段云", "/applicant/phone": "13888001122",
        "/applicant/email": "duanyun@shucha.cn",
        "/applicant/conditions": ["依法注册登记", "具有独立法人资格", "近3年经营状况良好",
                                  "在信用、质量、安全和环保等方面无不良记录"],
        "/joint_units/0/name": "云南茶链信息技术有限公司", "/joint_units/0/credit_code": "91530100MA6K9L8M7N",
        "/joint_units/0/role": "溯源平台开发", "/applicant/prefecture": "普洱市",
        "/declaration/truth": ["本单位对所填报内容及提交材料的真实性、完整性负责"],
        "/scenario/industry": "特色食品", "/scenario/directions": ["面向透明消费的质量追溯管理"],
        "/scenario/aims": ["增品种", "提品质"], "/case/background": "普洱茶真假难辨。",
        "/case/solution": "一物一码全程追溯。\n建设区块链存证平台。", "/case/mode": "企业加平台。",
        "/case/results": "溯源覆盖率大幅提升。", "/case/value": "可推广至全省茶产业。",
        "/case/figures/0/indicator": "溯源覆盖率", "/case/figures/0/before": "10%", "/case/figures/0/after": "95%",
        "/case/figures/1/indicator": "投诉率", "/case/figures/1/before": "3%", "/case/figures/1/after": "0.5%",
        "/declaration/ip": ["相关产品、技术及相关知识产权归属申报主体或取得相应授权许可，无知识产权纠纷，"
                            "不涉及国家秘密、商业秘密等内容"],
    }
    for n, (year, value) in enumerate(((2022, "3200"), (2023, "3900"), (2024, "4600"))):
        expected[f"/applicant/revenue/{n}/year"] = year
        expected[f"/applicant/revenue/{n}/value"] = value
    path = folder / "数字三品申报书-手填.docx"
    doc.save(str(path))
    return [path], expected


BUILDERS = {"innovation-centre": innovation_centre, "innovation-consortium": innovation_consortium,
            "consumer-brand": consumer_brand, "digital-scenario": digital_scenario}
