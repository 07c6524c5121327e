"""What the forms are called, without building them: for ``yn-forms list`` and first paints.

A form's definition (``yn_forms.forms``) builds its pydantic models and imports the check
libraries (python-stdnum, phonenumbers, email-validator) — a few hundred milliseconds a
clerk waits for before ``list`` prints four lines. The names, departments and descriptions
live here, with nothing imported, and each definition takes its own from here, so there is
one place that says what a form is called.
"""

from __future__ import annotations


class FormEntry:
    """One form's names (a plain class: ``dataclasses`` alone would double the import time)."""

    __slots__ = ("department", "description", "id", "name")

    def __init__(self, id: str, name: str, department: str, description: str) -> None:
        self.id = id
        self.name = name  # 中文名称
        self.department = department  # the issuing department
        self.description = description


CATALOG: tuple[FormEntry, ...] = (
    FormEntry("innovation-centre", "云南省制造业创新中心创建申报", "云南省工业和信息化厅",
              "《云南省制造业创新中心培育创建工作方案》附件1 申报书、附件2 建设方案计划书、附件3 汇总表"),
    FormEntry("innovation-consortium", "云南省创新联合体组建申请", "云南省科学技术厅",
              "《云南省创新联合体建设管理工作方案(试行)》附件1 组建申请表、附件2 组建协议、附件3 建设方案"),
    FormEntry("consumer-brand", "云南消费名品申报", "云南省工业和信息化厅",
              "2025年消费名品方阵推荐申报：附件1 云南消费名品申报书（企业品牌、区域品牌）、"
              "附件3 方阵推荐汇总表（含“数字三品”案例）"),
    FormEntry("digital-scenario", "云南“数字三品”应用场景典型案例申报", "云南省工业和信息化厅",
              "《关于组织开展2025年消费名品方阵推荐申报工作的通知》附件2 "
              "云南“数字三品”应用场景典型案例申报书（依通知二(二)、三(二)、四重建）"),
)


def entry(form_id: str) -> FormEntry:
    """The catalogue's entry of *form_id* (a KeyError for an unknown one)."""
    for found in CATALOG:
        if found.id == form_id:
            return found
    raise KeyError(form_id)


def naming(form_id: str) -> dict[str, str]:
    """The keyword arguments a ``FormDefinition`` takes its names from."""
    found = entry(form_id)
    return {"id": found.id, "name": found.name, "department": found.department, "description": found.description}
