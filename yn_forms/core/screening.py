"""初审: a 州市 department's first check of each application it received, against the notice.

003 四(一)2 asks the departments to “对申报材料进行初步审查，筛选基本符合申报条件的”; the 消费名品
notice 五(二) to check each one “逐一认真审核”. The app already judges every application against the
notice's rules, each citing its clause, and the 审核 page lists them as conditions (``core.progress``);
the 初审 says the same for each application received, in one line:

- **不符合** — a condition the notice states with 须/应/不少于 (a rule of severity error) is not met by
  what the application says: the condition, its clause and what was found;
- **待补充** — nothing breaks a condition, but something must still be filled in or corrected: a
  field left empty, a value in the wrong form (a 统一社会信用代码 whose check digit is wrong), a
  condition that cannot be judged until its fields are filled. An application read from Word files
  lacks what no attachment prints (创新中心's 研发方向 is asked by the 汇总表 alone; the 联合体's
  经费 and 存续期 only by the wizard): those are named as such, to be asked for, never a 不符合;
- **符合** — nothing of either kind; the notice's advice (warnings) is listed to check, and does not
  change the verdict.

Across applications (``duplicates``): the same 统一社会信用代码, the same 申报单位 or the same name in
two applications of one form is named on both (004 四(一)3: a 牵头单位 leads one 创新联合体; the same
enterprise declared twice for 消费名品). Both stay listed: the department decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from yn_forms.core.conditions import title_of
from yn_forms.core.datapath import get_at
from yn_forms.core.enclosures import POINTER as ENCLOSURES
from yn_forms.core.enclosures import declared, missing
from yn_forms.core.formdef import FormDefinition, SummaryColumn, node_at
from yn_forms.core.links import Resolution, links_of, resolve
from yn_forms.core.problems import ENCLOSURE_RULE, Problem, parent_pointer
from yn_forms.core.progress import conditions

Verdict = Literal["符合", "不符合", "待补充"]
MEETS, FAILS, INCOMPLETE = "符合", "不符合", "待补充"
NAMED = 5  # missing fields named in a line; the count says how many more


@dataclass(frozen=True)
class Unmet:
    """A condition of the notice the application does not meet (or, for advice, should be checked)."""

    summary: str  # the condition as the app lists it, e.g. 组建单位不少于3家
    clause: str  # where the notice says it, e.g. 《工作方案》三(二)2
    found: str  # what the application says against it (the rule's message, its clause left off)
    pointer: str  # where in the application

    @property
    def text(self) -> str:
        cite = f"（{self.clause}）" if self.clause else ""
        return f"{self.summary}{cite}：{self.found}" if self.found else f"{self.summary}{cite}"


@dataclass
class Screening:
    """One application's 初审: the verdict and everything that led to it, each part as the form names it."""

    verdict: Verdict
    unmet: list[Unmet] = field(default_factory=list)  # conditions not met: 不符合
    advice: list[Unmet] = field(default_factory=list)  # the notice's advice not followed: 请核对
    missing: list[str] = field(default_factory=list)  # fields still empty, named (“2023年销售收入”)
    unprinted: list[str] = field(default_factory=list)  # of *missing*, what the Word files did not hold
    corrections: list[str] = field(default_factory=list)  # values to correct: “统一社会信用代码：…”
    pending: list[str] = field(default_factory=list)  # conditions not judged until their fields are filled
    enclosures: list[str] | None = None  # 证明材料 missing; None: the application carries none to check
    first: str = ""  # where the wizard opens it: the first thing the department will want to see

    @property
    def missing_text(self) -> str:
        """3项：研发方向、… — the first few named (what the Word files did not hold marked), the rest counted."""
        if not self.missing:
            return ""
        word = set(self.unprinted)
        named = [f"{m}（Word 文件中未读到）" if m in word else m for m in self.missing[:NAMED]]
        return f"{len(self.missing)}项：{'、'.join(named)}" + ("等" if len(self.missing) > NAMED else "")

    @property
    def lines(self) -> list[str]:
        """Everything to tell about it, one line each: the 初审's problems column and the page's details."""
        out = [f"不符合：{u.text}" for u in self.unmet]
        if self.missing:
            out.append(f"待补充{self.missing_text}")
        out += [f"需更正：{c}" for c in self.corrections]
        out += [f"待判断：{p}（相关栏目填写后才能判断）" for p in self.pending]
        if self.enclosures:
            out.append(f"缺少证明材料：{'、'.join(self.enclosures)}")
        out += [f"请核对：{u.text}" for u in self.advice]
        return out


@dataclass(frozen=True)
class Identity:
    """What tells one application from another at the desk: its name, its 申报单位 and that unit's code."""

    name: str = ""
    applicant: str = ""
    code: str = ""


def _cited(message: str, clause: str) -> str:
    """A rule's message without the “（clause）” ``Rule.run`` added: the 初审 cites the clause once."""
    return message.removesuffix(f"（{clause}）") if clause else message


def missing_enclosures(form: FormDefinition, data: Any) -> list[str] | None:
    """The 证明材料 an application declares required and neither attaches nor notes as handed in on paper, by
    their titles; None when its form declares none to check.

    The one place the 初审 asks about enclosures (an application read from Word files carries none: the
    caller asks only of one that can)."""
    if not declared(form):
        return None
    return [enclosure.title for enclosure in missing(form, data)]


def screen(form: FormDefinition, data: Any, problems: Sequence[Problem], *,
           absent: Callable[[str], bool] | None = None, resolution: Resolution | None = None) -> Screening:
    """The 初审 of one application of *form*: *data* as received, *problems* as validation found them.

    *absent* says, for an application read from Word files, whether the files held nothing at a pointer
    (no attachment prints it, or the reader did not find it): what is missing there is named so. *resolution*:
    *data* with its linked places filled, when validation has worked it out already."""
    absent = absent or (lambda _pointer: False)
    rule_problems: dict[str, list[Problem]] = {}
    for problem in problems:
        rule_problems.setdefault(problem.rule, []).append(problem)
    screening = Screening(MEETS)
    for condition in conditions(form, data, list(problems), resolution):
        rule = condition.rule
        found = rule_problems.get(rule.id, [])
        if condition.state == "pending":
            if rule.severity == "error":
                screening.pending.append(rule.summary)
            continue
        if condition.state not in ("fails", "check") or not found:
            continue
        unmet = Unmet(rule.summary, rule.clause, _cited(found[0].message, rule.clause), found[0].path)
        (screening.unmet if condition.state == "fails" else screening.advice).append(unmet)
    for problem in problems:
        if problem.rule == ENCLOSURE_RULE:
            continue  # told in the 证明材料 column, once
        if problem.is_blank:
            named = problem.message.removeprefix("请填写").removeprefix("请选择")
            screening.missing.append(named)
            if absent(problem.path):
                screening.unprinted.append(named)
        elif problem.is_error and problem.rule.startswith("field."):
            screening.corrections.append(f"{problem.title}：{problem.message}")
    # Word attachments carry no 证明材料: a received Word application is not judged on them
    screening.enclosures = None if absent(ENCLOSURES) else missing_enclosures(form, data)
    if screening.unmet:
        screening.verdict = FAILS
    elif screening.missing or screening.corrections or screening.pending or screening.enclosures:
        screening.verdict = INCOMPLETE
    screening.first = _first(screening, problems)
    return screening


def _first(screening: Screening, problems: Sequence[Problem]) -> str:
    """Where to open the application: the first unmet condition, else the first error, else any problem."""
    if screening.unmet:
        return screening.unmet[0].pointer
    for wanted in (lambda p: p.is_error, lambda _p: True):
        found = next((p.path for p in problems if wanted(p)), None)
        if found is not None:
            return found
    return ""


# --- who the application is ---------------------------------------------------------------------

def identity(form: FormDefinition, data: Any, model: Any, columns: Sequence[SummaryColumn] = (),
             resolution: Resolution | None = None) -> Identity:
    """The application's name (its first filled title field), its 申报单位 (the lead unit, else the 汇总表's
    申报主体) and that unit's 统一社会信用代码 (the 汇总表's column, else the field beside the lead unit)."""
    effective = (resolution or resolve(form, data)).data if isinstance(data, dict) else {}
    name = title_of(form, effective)
    applicant = _text(get_at(effective, form.lead_unit)) if form.lead_unit else ""
    if not applicant:
        applicant = _column(columns, model, "申报主体")
    code = _column(columns, model, "统一社会信用代码") or _code_beside(form, effective)
    return Identity(name, applicant, code.upper())


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _column(columns: Sequence[SummaryColumn], model: Any, header: str) -> str:
    column = next((c for c in columns if c.header == header), None)
    if column is None or model is None:
        return ""
    try:
        return _text(column.value(model))
    except (AttributeError, TypeError, ValueError):  # a lenient model missing what the column reads
        return ""


def _code_beside(form: FormDefinition, effective: Any) -> str:
    """The 统一社会信用代码 printed beside the lead unit's name in one of its places (联合体: 六's first row)."""
    if not form.lead_unit:
        return ""
    fact = links_of(form).fact_of(form.lead_unit)
    for place in fact.places if fact is not None else (form.lead_unit,):
        beside = f"{parent_pointer(place)}/credit_code"
        if node_at(form.model, re.sub(r"/\d+(?=/|$)", "/*", beside)) is not None:
            code = _text(get_at(effective, beside))
            if code:
                return code
    return ""


def _same(text: str) -> str:
    """Names compared as a person compares them: full-width as half-width, spaces and case ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


@dataclass(frozen=True)
class Shared:
    """Applications of one form sharing a 统一社会信用代码, a 申报单位 or a name."""

    what: str  # 统一社会信用代码 / 申报单位 / 名称
    value: str  # as the first of them wrote it
    indexes: tuple[int, ...]  # the applications, by their index among those compared


def duplicates(identities: Sequence[Identity | None], groups: Iterable[Sequence[int]] | None = None) -> list[Shared]:
    """What applications share, compared within each of *groups* (one form's applications; by default all
    together). An application without an identity (skipped) is compared with none."""
    found: list[Shared] = []
    for group in groups if groups is not None else [range(len(identities))]:
        for what, get in (("统一社会信用代码", lambda i: i.code), ("申报单位", lambda i: i.applicant),
                          ("名称", lambda i: i.name)):
            holders: dict[str, list[int]] = {}
            for index in group:
                ident = identities[index]
                value = get(ident) if ident is not None else ""
                if value:
                    holders.setdefault(_same(value), []).append(index)
            found += [Shared(what, get(identities[indexes[0]]), tuple(indexes))
                      for indexes in holders.values() if len(indexes) > 1]
    return found
