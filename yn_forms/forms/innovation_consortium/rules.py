"""Rules of 《云南省创新联合体建设管理工作方案(试行)》 and the consistency of 附件1."""

from __future__ import annotations

from yn_forms.core.rules import RuleSet

rules = RuleSet()
