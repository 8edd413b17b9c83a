"""Units named with a role word after them, as published plans write them in brackets:
“（市生态环境局牵头，市发展改革委、工业和信息化局参与，各县区人民政府负责落实）”, “〔…牵头，…配合〕”,
“（省发改委总牵头）” on a chapter (its items inherit the lead), “（以下各项工作均需各县区人民政府负责落实，
不再列出）” (a rule for the items that follow) and, where the plan says “列第一位者为牵头部门”, brackets of
bare unit names whose first is the lead. A deadline may stand among the units (“…配合，2021年6月底前完成”).

A bracket is read as units only when every clause in it is names followed by a role word (or such a note):
“（PM2.5）” or “（含配套管网）” stay in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ecodesk.domain.units import COLLECTIVE_MARKERS

# Role word → the field name it stands for (units_parse's vocabulary); longer words before their heads.
# Those who 负责落实 carry out what the lead organises: co-units; those who 负责 alone are responsible.
_ROLE_FIELDS = {
    "总牵头": "牵头单位", "牵头督导": "牵头单位", "牵头负责": "牵头单位", "牵头抓总": "牵头单位", "牵头": "牵头单位",
    "参与": "配合单位", "配合": "配合单位", "协助": "配合单位", "协同": "配合单位",
    "负责落实": "配合单位", "具体落实": "配合单位", "落实": "配合单位",
    "按职责分工负责": "责任单位", "分别负责": "责任单位", "负责": "责任单位",
}
_OVERALL = "总牵头"
_ROLE_CLAUSE = re.compile(
    rf"^(?:由|请)?(?P<names>.{{2,200}}?)\s*(?:等(?:单位|部门)?)?\s*(?P<role>{'|'.join(_ROLE_FIELDS)})$"
)
_BRACKET = re.compile(r"[（(〔【\[]([^（()）〔〕【】\[\]]{2,400})[)）〕】\]]")
_CLAUSE_SEPARATORS = re.compile(r"\s*[，,；;]\s*")
FIRST_IS_LEAD = re.compile(r"(?:列|排)(?:在)?(?:第一位|首位|第一)(?:者|的)?(?:为|是)牵头")
_SAME_BELOW = re.compile(r"^下同$")
# A deadline among the units: “（大气股牵头，执法大队配合，2021年6月底前完成）”.
_WHEN_CLAUSE = re.compile(
    r"^(?:于|在)?(?P<when>(?:\d{4}\s*年)?\s*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
    r"(?:底|末|中旬|上旬|下旬|初|\d{1,2}\s*[日号])?|年底|年内|年末|上半年|下半年|第?[一二三四1-4]季度(?:末)?)"
    r"\s*(?:前|以前|之前)?)\s*(?:完成|办结|完成任务)?$")
_FOLLOWING = re.compile(r"^以下(?:各项|所有)?(?:工作|任务)?(?:均需|均由|均要|需|由|均)(?P<rest>.+)$")
_NOT_REPEATED = re.compile(r"^不再(?:一一|单独|逐项)?列出$")
# How a unit's name ends: a bare bracket of such names is a unit list where the first is the lead.
_UNIT_END = re.compile(r"(?:局|委|委员会|办|办公室|厅|院|站|队|中心|政府|部|所|股|室|科|处|组|会|公司|集团|单位|部门)$")
_NAME_SEPARATORS = re.compile(r"\s*[、，,；;/／]+\s*")


@dataclass(slots=True)
class RoleUnits:
    """What one bracket said: (field name, names) in reading order, leads first."""

    fields: list[tuple[str, str]] = field(default_factory=list)
    overall: bool = False  # “总牵头”: the items below inherit the lead
    following: bool = False  # “以下各项工作均需…”: the rule covers the items that follow


def read_bracket(content: str, first_is_lead: bool) -> RoleUnits | None:
    """The units a bracket's content names by role, or None when it is not such a bracket."""
    found = RoleUnits()
    clauses = [c for c in _CLAUSE_SEPARATORS.split(content.strip()) if c]
    if clauses and (m := _FOLLOWING.match(clauses[0])):
        found.following = True
        clauses = [m.group("rest"), *clauses[1:]]
    for clause in clauses:
        if when := _WHEN_CLAUSE.match(clause):
            found.fields.append(("完成时限", when.group("when")))
            continue
        if FIRST_IS_LEAD.search(clause) or _SAME_BELOW.match(clause) or _NOT_REPEATED.match(clause):
            first_is_lead = first_is_lead or FIRST_IS_LEAD.search(clause) is not None
            continue
        if not _read_clause(clause, first_is_lead, found):
            return None
    found.fields.sort(key=lambda f: f[0] != "牵头单位")
    return found if found.fields else None


def _read_clause(clause: str, first_is_lead: bool, found: RoleUnits) -> bool:
    m = _ROLE_CLAUSE.match(clause)
    if m is not None and _unit_names(m.group("names")):
        found.fields.append((_ROLE_FIELDS[m.group("role")], m.group("names")))
        found.overall = found.overall or m.group("role") == _OVERALL
        return True
    if first_is_lead and _unit_names(clause):
        found.fields.append(("责任单位", clause))
        return True
    return False


def _unit_names(text: str) -> bool:
    """Whether `text` is a list of unit names (“市发展改革委、工业和信息化局”, “各县区”), not prose such as
    the 积极 of “（积极配合）”."""
    names = [n for n in _NAME_SEPARATORS.split(text) if n]
    return bool(names) and all(
        len(n) <= 30 and (_UNIT_END.search(n) or n.startswith(COLLECTIVE_MARKERS)) for n in names
    )


def brackets(text: str) -> list[re.Match[str]]:
    """Every innermost bracket of `text`, with its content as group 1."""
    return list(_BRACKET.finditer(text))


_LEVELS = "省市县区州盟旗"
_DEPARTMENT_END = re.compile(r"(?:局|委|委员会|办|办公室|厅)$")


def share_prefix(names: list[str]) -> list[str]:
    """“市发展和改革局、工业和信息化局” → both 市: a level (省/市/县/区) written once before a list of
    departments belongs to each department of the list that names no level of its own."""
    if not names or len(names[0]) < 3 or names[0][0] not in _LEVELS:
        return names
    prefix = names[0][0]
    return [names[0], *(_with_prefix(n, prefix) for n in names[1:])]


def _with_prefix(name: str, prefix: str) -> str:
    if name.startswith(tuple(_LEVELS)) or name.startswith(COLLECTIVE_MARKERS) or any(c in name[:4] for c in _LEVELS):
        return name
    return prefix + name if _DEPARTMENT_END.search(name) else name
