"""Authors templates/innovation-centre/: 附件1 申报书, 附件2 建设方案计划书, 附件3 汇总表.

Layout follows the attachments of 《云南省制造业创新中心培育创建工作方案》 row by row.
Template helpers available at render time: box(), blank(), paras(), pad().
"""

from __future__ import annotations

from pathlib import Path

from tools.templatekit import (
    Cell,
    L,
    Row,
    T,
    TableSpec,
    V,
    add_table,
    boxes,
    cover_page,
    new_document,
    new_section,
    outline_document,
    page_numbers,
    para,
    para_loop,
    regrid,
    save,
    text_block,
)
from tools.xlsxkit import SummarySheetSpec, build_summary_sheet

NOTE = ("依据《云南省制造业创新中心培育创建工作方案》（云南省工业和信息化厅，2019）附件制作；"
        "由云南申报材料填报助手（yn-forms）生成。")


def _cover(doc) -> None:
    cover_page(
        doc, mark="附件1", titles=["云南省制造业创新中心创建", "申 报 书"],
        fields=[
            ("创新中心名称：", "{{ cover.centre_name }}"),
            ("所 属 领 域：", "{{ cover.industry }}"),
            ("牵 头 单 位：", "{{ cover.lead_unit }}"),
            ("负  责  人：", "{{ cover.leader }}"),
            ("手      机：", "{{ cover.mobile }}"),
            ("Email：", "{{ cover.email }}"),
        ],
        footer=["云南省工业和信息化厅制", "{{ cover.fill_month or '年    月' }}"])


def _person(label: str, var: str) -> list[Row]:
    return [
        Row([L(label, vmerge="restart"), L("姓    名", 2), V(f"{{{{ {var}.name }}}}", 3),
             L("移动电话", 2), V(f"{{{{ {var}.mobile }}}}")]),
        Row([L("", vmerge="continue"), L("单位及职务", 2), V(f"{{{{ {var}.unit_and_post }}}}", 3),
             L("电子邮箱", 2), V(f"{{{{ {var}.email }}}}")]),
    ]


def _table1(doc) -> None:
    para(doc, "1、创新中心创建基本信息表", "YN Table Title")
    b = "basic"
    spec = TableSpec([2.5, 1.1, 1.15, 1.1, 1.15, 1.75, 1.15, 1.9, 3.8])  # labels of six characters on one line
    spec.rows += [
        Row([L("创新中心名称"), V("{{ cover.centre_name }}", 5), L("所属领域", 2),
             V("{{ cover.industry }}")]),
        Row([L("成员单位数"), L("企业"), L(f"{{{{ {b}.member_counts.enterprises }}}}"), L("高校"),
             L(f"{{{{ {b}.member_counts.universities }}}}"), L("科研院所"),
             L(f"{{{{ {b}.member_counts.institutes }}}}"), L("前期组建\n总投入"),
             V(f"{{{{ {b}.investment }}}}万元")]),
        Row([L("成员单位名称", vmerge="restart"), L("1"), L("牵头单位", 2),
             V(f"{{{{ {b}.lead_unit_name }}}}", 5)], height_cm=0.65),
        T(f"{{%tr for p in pad({b}.participants, 6) %}}"),  # rows 2–7 as on the attachment, more if needed
        Row([L("", vmerge="continue"), L("{{ loop.index + 1 }}"), L("参与单位{% vm %}", 2),
             V("{{ p }}", 5)], height_cm=0.65),
        T("{%tr endfor %}"),
        Row([L("中心通讯地址"), V(f"{{{{ {b}.address }}}}", 3), L("邮编"),
             L(f"{{{{ {b}.postcode }}}}", 2), L("传真"), V(f"{{{{ {b}.fax }}}}")]),
        *_person("中心牵头单位\n负责人", f"{b}.lead_head"),
        *_person("中心研发团队\n负责人", f"{b}.rd_head"),
        *_person("中心日常工作\n联系人", f"{b}.daily_contact"),
        Row([L("预期成果类型"), V([
            boxes(f"{b}.outcomes", ["专利", "技术标准", "新产品", "新工艺", "新装置"]),
            f"{{{{ box({b}.outcomes, '新系统') }}}}新系统  "
            f"{{{{ box({b}.outcomes, '其他') }}}}其他：{{{{ blank({b}.outcomes_other, 6) }}}}",
        ], 8)]),
        Row([L("预期知识产权"), V(
            f"获得国外发明专利{{{{ blank({b}.expected_ip.foreign_invention) }}}}项，"
            f"国内发明专利{{{{ blank({b}.expected_ip.domestic_invention) }}}}项，"
            f"其他{{{{ blank({b}.expected_ip.other) }}}}项。", 8)]),
        Row([L("预期技术\n标准制定"), V(boxes(f"{b}.standards",
                                          ["国际标准", "国家标准", "行业标准", "联盟标准", "企业标准"]), 8)]),
        Row([L("中心人数", vmerge="restart"),
             L([f"{{{{ blank({b}.staff.total) }}}}人。", "其中："], 2, vmerge="restart"),
             V(f"高级{{{{ blank({b}.staff.senior) }}}}人，中级{{{{ blank({b}.staff.intermediate) }}}}人，"
               f"初级{{{{ blank({b}.staff.junior) }}}}人，其他{{{{ blank({b}.staff.other_title) }}}}人", 6)]),
        Row([L("", vmerge="continue"), L("", 2, vmerge="continue"),
             V(f"博士{{{{ blank({b}.staff.doctor) }}}}人，硕士{{{{ blank({b}.staff.master) }}}}人，"
               f"学士{{{{ blank({b}.staff.bachelor) }}}}人，其他{{{{ blank({b}.staff.other_degree) }}}}人", 6)]),
        Row([L("主要研发内容\n(200字以内)"), V(para_loop(f"{b}.research"), 8, style="YN Cell Text")],
            height_cm=3.6),  # 200 characters, and 表1 stays on one page with seven member rows
    ]
    add_table(doc, spec)


def _table2(doc) -> None:
    para(doc, "2、牵头单位信息表", "YN Table Title", page_break_before=True)
    d = "lead"
    spec = TableSpec([2.6, 3.0, 2.2, 2.4, 2.2, 3.2])
    products = [T(f"{{%tr for x in pad({d}.products, 8) %}}"),
                Row([L("主要产品\n或服务{% vm %}"), V("{{ x }}", 5)], height_cm=0.65),
                T("{%tr endfor %}")]
    advantages = [T(f"{{%tr for x in pad({d}.advantages, 8) %}}"),
                  Row([L("比较优势{% vm %}"), V("{{ x }}", 5)], height_cm=0.65),
                  T("{%tr endfor %}")]
    spec.rows += [
        Row([L("单位名称"), V(f"{{{{ {d}.name }}}}", 3), L("行业领域"), V(f"{{{{ {d}.industry }}}}")]),
        Row([L("地址"), V(f"{{{{ {d}.address }}}}"), L("邮编"), L(f"{{{{ {d}.postcode }}}}"),
             L("主管单位"), V(f"{{{{ {d}.authority }}}}")]),
        Row([L("企业负责人"), V(f"{{{{ {d}.head_name }}}}"), L("职务"), V(f"{{{{ {d}.head_post }}}}"),
             L("电话"), V(f"{{{{ {d}.head_phone }}}}")]),
        Row([L("联系人"), V(f"{{{{ {d}.contact_name }}}}"), L("职务"), V(f"{{{{ {d}.contact_post }}}}"),
             L("电话"), V(f"{{{{ {d}.contact_phone }}}}")]),
        Row([L("Email"), V(f"{{{{ {d}.email }}}}", 3), L("QQ号码"), V(f"{{{{ {d}.qq }}}}")]),
        Row([L("注册资金", vmerge="restart"),
             V(f"{{{{ {d}.registered_capital }}}}{{{{ '万元' if {d}.registered_capital }}}}",
               vmerge="restart"),
             L("单位性质", vmerge="restart"),
             V(boxes(f"{d}.nature", ["国有企业", "国有控股企业", "外资企业"], sep=""), 3)]),
        Row([L("", vmerge="continue"), V("", vmerge="continue"), L("", vmerge="continue"),
             V(boxes(f"{d}.nature", ["合资企业", "民营企业", "其他"], f"{d}.nature_other", sep="", width=4), 3)]),
        Row([L("员工总人数"), L(f"{{{{ {d}.staff_total }}}}"), L("中级以上职称人数", 2),
             L(f"{{{{ {d}.intermediate_plus }}}}", 2)]),
        Row([L("研发人员人数"), L(f"{{{{ {d}.rd_staff }}}}"), L("髙级以上职称人数", 2),
             L(f"{{{{ {d}.senior_plus }}}}", 2)]),
        Row([L("近三年销售收入(单位：万元)", 6)]),
        Row([L(f"{{{{ {d}.sales[0].year or '20  ' }}}}年"), L(f"{{{{ {d}.sales[0].value }}}}"),
             L(f"{{{{ {d}.sales[1].year or '20  ' }}}}年"), L(f"{{{{ {d}.sales[1].value }}}}"),
             L(f"{{{{ {d}.sales[2].year or '20  ' }}}}年"), L(f"{{{{ {d}.sales[2].value }}}}")]),
        Row([L("现有资质情况"), V([
            boxes(f"{d}.qualifications", ["省级以上企业技术中心", "省级以上工程研究中心"], sep=" "),
            boxes(f"{d}.qualifications", ["省级以上工程技术研究中心", "省级以上重点实验室"], sep=" "),
            boxes(f"{d}.qualifications", ["创新示范企业", "高新技术企业"], sep=" "),
            boxes(f"{d}.qualifications", ["其它"], f"{d}.qualifications_other"),
        ], 5)]),
        *products,
        *advantages,
    ]
    add_table(doc, spec)


def _year_cells(var: str) -> list[Cell]:
    cells = []
    for i in range(3):
        span = 2 if i == 2 else 1
        cells += [L(f"{{{{ {var}[{i}].year or '20  ' }}}}年"), L(f"{{{{ {var}[{i}].value }}}}", span)]
    return cells


def _table3(doc) -> None:
    para(doc, "{%p for m in members %}", "YN Small")
    para(doc, "3、成员单位基本信息表（每个单位填写一张表）", "YN Table Title", page_break_before=True)
    m = "m"
    et = f"{m}.economic_type"
    kinds = ["国有独资企业", "国有控股企业", "非国有控股企业", "民营企业"]
    pads = {"国有独资企业": "  ", "国有控股企业": "  ", "非国有控股企业": "", "民营企业": "      "}
    lines = []
    for kind in kinds:
        forms = "  ".join(
            f"{{{{ box({et}.company_form if {et}.ownership == '{kind}' else '', '{form}') }}}}{form}"
            for form in ["有限责任公司", "股份有限公司", "其他企业"])
        lines.append(f"{{{{ box({et}.ownership, '{kind}') }}}}{kind}{pads[kind]}（{forms}）")
    lines.append(f"{{{{ box({et}.ownership, '其它') }}}}其它（请说明：{{{{ blank({et}.other, 20) }}}}）")
    base = [2.5, 1.4, 1.8, 1.4, 1.8, 2.3, 1.2, 3.2]  # room for an e-mail address
    rows = [
        Row([L("单位名称"), V(f"{{{{ {m}.name }}}}", 7)]),
        Row([L("地址"), V(f"{{{{ {m}.address }}}}", 5), L("邮编"), L(f"{{{{ {m}.postcode }}}}")]),
        Row([L("法人代表"), V(f"{{{{ {m}.legal_rep }}}}", 2), L("国籍"), L(f"{{{{ {m}.nationality }}}}"),
             L("电话"), V(f"{{{{ {m}.phone }}}}", 2)]),
        Row([L("联系人"), V(f"{{{{ {m}.contact_name }}}}"), L("职务"), V(f"{{{{ {m}.contact_post }}}}"),
             L("手机"), V(f"{{{{ {m}.contact_mobile }}}}"), L("Email"), V(f"{{{{ {m}.contact_email }}}}")]),
        Row([L("注册成立时间"), V(f"{{{{ {m}.founded }}}}", 3), L("注册地址"),
             V(f"{{{{ {m}.registered_address }}}}", 3)]),
        Row([L("注册资金"), V(f"{{{{ blank({m}.registered_capital, 6) }}}}万元", 3), L("外资比例（%）", 2),
             V(f"{{{{ {m}.foreign_share }}}}", 2)]),
        Row([L("资产总额"), V(f"{{{{ blank({m}.total_assets, 6) }}}}万元", 3), L("固定资产", 2),
             V(f"{{{{ blank({m}.fixed_assets, 6) }}}}万元", 2)]),
        Row([L("经济类型"), V(lines, 7)]),
        Row([L("职工总数"), L(f"{{{{ {m}.staff_total }}}}", 3), L("中级以上职称人员数", 2),
             L(f"{{{{ {m}.intermediate_plus }}}}", 2)]),
        Row([L("研发人员数"), L(f"{{{{ {m}.rd_staff }}}}", 3), L("髙级以上职称人员数", 2),
             L(f"{{{{ {m}.senior_plus }}}}", 2)]),
        Row([L("近三年\n销售收入\n(万元)"), *_year_cells(f"{m}.sales")]),
        Row([L("近三年\nR&D投入\n(万元)"), *_year_cells(f"{m}.rd_spend")]),
        Row([L("研发机构\n认定情况"), V([
            boxes(f"{m}.rd_recognitions", ["省级以上企业技术中心", "省级以上工程研究中心"], sep="   "),
            boxes(f"{m}.rd_recognitions", ["省级以上工程技术研究中心", "省级以上重点实验室"], sep="   "),
            boxes(f"{m}.rd_recognitions", ["高新技术企业"]) + "    "
            + boxes(f"{m}.rd_recognitions", ["其它"], f"{m}.rd_recognitions_other"),
        ], 7)]),
        Row([L(["主营业务", "（主要行业\n或领域）"]), V(para_loop(f"{m}.main_business"), 7)],
            height_cm=1.6),
        Row([L("主导产品\n或服务"), V(para_loop(f"{m}.main_products"), 7)],
            height_cm=1.6),
    ]
    # the 联系人 row: a four-character name and a seven-character 职务 on lines of more than one character
    grid, rows = regrid(base, rows, {3: [2.5, 2.0, 1.0, 2.2, 1.2, 2.3, 1.2, 3.2]})
    add_table(doc, TableSpec(grid, rows))
    para(doc, "{%p endfor %}", "YN Small")


def build_application(path: Path) -> None:
    doc = new_document("云南省制造业创新中心创建申报书", "附件1", NOTE)
    _cover(doc)
    tables = new_section(doc)
    page_numbers(tables, start=1)
    _table1(doc)
    _table2(doc)
    _table3(doc)
    save(doc, path)


def build_plan(path: Path) -> None:
    doc = outline_document("云南省制造业创新中心建设方案计划书", "附件2", NOTE, "{{ cover.centre_name }}")
    p = "plan"
    chapters = [
        ("一、建设背景和必要性", [
            ("（一）{{ cover.industry or 'XX' }}产业发展概况。", f"{p}.background.industry_overview"),
            ("（二）建设创新中心的意义。", f"{p}.background.significance")]),
        ("二、现有基础", [(None, f"{p}.foundation")]),
        ("三、建设思路", [
            ("（一）定位与功能。", f"{p}.approach.positioning"),
            ("（二）技术领域及研发方向。", f"{p}.approach.directions"),
            ("（三）建设目标。", f"{p}.approach.goals"),
            ("（四）建设内容。", f"{p}.approach.contents")]),
        ("四、组建方式", [(None, f"{p}.organisation")]),
        ("五、运营机制与内部考核方式", [
            ("（一）运行机制。", f"{p}.operation.mechanism"),
            ("（二）内部考核方式。", f"{p}.operation.assessment")]),
        ("六、建设周期及空间选址", [
            ("（一）建设周期。", f"{p}.period_and_site.period"),
            ("（二）空间选址。", f"{p}.period_and_site.site")]),
        ("七、资金方案", [(None, f"{p}.funding")]),
        ("八、保障措施", [(None, f"{p}.safeguards")]),
    ]
    for heading, parts in chapters:
        para(doc, heading, "YN H1")
        for sub, var in parts:
            if sub:
                para(doc, sub, "YN H2")
            text_block(doc, var)
    save(doc, path)


def build_summary(path: Path) -> None:
    build_summary_sheet(path, SummarySheetSpec(
        title="云南省制造业创新中心创建申报汇总表",
        mark="附件3",
        department_line="州市工业和信息化主管部门（盖章）：",
        headers=["序号", "创新中心名称", "创新中心牵头单位", "创新中心成员单位", "所属领域", "研发方向",
                 "联系人", "联系电话"],
        widths=[6, 34, 26, 40, 14, 24, 10, 15],  # a name of 21 characters on one line
        footer="填表人及联系电话：{filler}        填表日期：{date}",
        blank_rows=3,
    ))


def build(folder: Path) -> list[Path]:
    out = [folder / "附件1-云南省制造业创新中心创建申报书.docx",
           folder / "附件2-云南省制造业创新中心建设方案计划书.docx",
           folder / "附件3-云南省制造业创新中心创建申报汇总表.xlsx"]
    build_application(out[0])
    build_plan(out[1])
    build_summary(out[2])
    return out
