"""Unit and deadline annotations: “（责任单位：综合股、生态股）”, “牵头单位：X；配合单位：Y”, “完成时限：…”.

An annotation is a field name, a colon and a value, either in brackets inside a task's text or on a
line of its own after the task, or a bracket of unit names with role words (roles.py). Annotations are
cut out of the text; their values become units and deadline wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ecodesk.domain.text import strip_edges
from ecodesk.domain.units import COLLECTIVE_MARKERS, normalize_unit_name, unit_key
from ecodesk.io.plan_import import roles

RESPONSIBLE = ("责任单位", "责任股室", "责任部门", "责任科室", "责任处室", "承办单位", "主责单位", "责任主体")
LEAD = ("牵头单位", "牵头股室", "牵头部门", "牵头科室", "牵头处室")
CO = ("配合单位", "配合股室", "配合部门", "配合科室", "配合处室", "协办单位", "协助单位")
DEADLINE = ("完成时限", "完成时间", "完成期限", "时间节点", "时限要求", "办结时限")
FIELD_NAMES = RESPONSIBLE + LEAD + CO + DEADLINE

_KEY = "|".join(FIELD_NAMES)
_FIELD = re.compile(rf"({_KEY})\s*[:：]")
# A bracketed annotation may hold bracket pairs of its own: “（责任单位：生态股（法规））”.
_BRACKETED = re.compile(rf"[（(]\s*(?:{_KEY})\s*[:：](?:[^（()）]|[（(][^（()）]{{0,100}}[)）]){{0,400}}[)）]")
_ANNOTATION_LINE = re.compile(rf"^[（(【\[]?\s*(?:{_KEY})\s*[:：]")
_TRAILING = re.compile(rf"(?:^|(?<=[。；;，,\s]))(?:{_KEY})\s*[:：]")
# Spaces separate units only after a unit-like ending (“综合股 生态股”), not inside “综合 股”.
_UNIT_SEPARATORS = re.compile(r"\s*[、，,；;/／]+\s*|(?<=[股室局站队心办科处所组委])\s+")
_JOINED_COLLECTIVE = re.compile(rf"(?:及|和|与|以及)(?=(?:{'|'.join(COLLECTIVE_MARKERS)}))")
_TRAILING_WORDS = re.compile(r"(?:等|等单位|等部门|等股室|牵头|配合|负责)$")


@dataclass(slots=True)
class Annotations:
    """What the annotations of one task said, in the order they were written; `overall` when its lead
    leads the items below it too (“总牵头”), `following` a rule for the items that follow (“以下各项…”)."""

    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    deadline: str = ""
    overall: bool = False
    following: Annotations | None = None

    def merge(self, other: Annotations) -> None:
        _extend(self.lead, other.lead)
        _extend(self.co, other.co)
        self.deadline = self.deadline or other.deadline
        self.overall = self.overall or other.overall
        if other.following is not None:
            self.following = self.following or Annotations()
            self.following.merge(other.following)

    def under(self, above: Annotations) -> Annotations:
        """These units completed by those passed down from above: its lead when it names none, its co-units."""
        units = Annotations(lead=list(self.lead or above.lead), co=list(self.co))
        _extend(units.co, above.co)
        return units


# Plans repeat a dozen unit names thousands of times; normalising each mention again is the slow part.
cached_unit_key = lru_cache(maxsize=4096)(unit_key)


def _extend(names: list[str], new: list[str]) -> None:
    if not new:
        return
    known = {cached_unit_key(n) for n in names}
    for name in new:
        key = cached_unit_key(name)
        if key not in known:
            known.add(key)
            names.append(name)


_normalized = lru_cache(maxsize=4096)(normalize_unit_name)


def split_units(value: str) -> list[str]:
    """“办公室、执法分局及相关业务股室” → 办公室, 执法分局, 相关业务股室."""
    value = _JOINED_COLLECTIVE.sub("、", value)
    names = [_TRAILING_WORDS.sub("", _normalized(part)) for part in _UNIT_SEPARATORS.split(value)]
    return roles.share_prefix([n for n in names if n])


def parse_fields(text: str) -> Annotations:
    """Read every “field：value” in `text`; a value runs to the next field name."""
    found = Annotations()
    matches = list(_FIELD.finditer(text))
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        value = text[m.end() : nxt.start() if nxt else len(text)]
        value = strip_edges(value, " ；;，,。）)】]（(【[")
        _apply(found, m.group(1), value)
    return found


def _apply(found: Annotations, name: str, value: str) -> None:
    if name in DEADLINE:
        found.deadline = found.deadline or value
        return
    units = split_units(value)
    if name in LEAD:
        _extend(found.lead, units)
    elif name in CO:
        _extend(found.co, units)
    elif units:
        head, rest = (units[:1], units[1:]) if not found.lead else ([], units)
        _extend(found.lead, head)
        _extend(found.co, rest)


def is_annotation_line(text: str) -> bool:
    """A line that only carries fields, such as “责任单位：综合股” or “（牵头单位：X；配合单位：Y）”."""
    return _ANNOTATION_LINE.match(text) is not None


def extract(text: str, first_is_lead: bool = False) -> tuple[str, Annotations]:
    """Cut the annotations out of a task's text: bracketed ones anywhere (field names or role words),
    unbracketed ones at the end. `first_is_lead`: the plan says the first unit named leads (“列第一位者为
    牵头部门”), so a bracket of unit names alone is a unit list too."""
    found = Annotations()
    rest = _cut(text, _BRACKETED.finditer(text), lambda m: found.merge(parse_fields(m.group(0))) or True)
    rest = _cut(rest, roles.brackets(rest), lambda m: _role_bracket(m.group(1), first_is_lead, found))
    if m := _TRAILING.search(rest):
        found.merge(parse_fields(rest[m.start() :]))
        rest = rest[: m.start()]
    return rest.strip(), found


def _cut(text: str, matches: Iterable[re.Match[str]], read: Callable[[re.Match[str]], bool]) -> str:
    """`text` without the matches that `read` took (it returns False for one it leaves in place)."""
    pieces: list[str] = []
    start = 0
    for m in matches:
        if not read(m):
            continue
        pieces.append(text[start : m.start()])
        start = m.end()
    pieces.append(text[start:])
    return "".join(pieces)


def _role_bracket(content: str, first_is_lead: bool, found: Annotations) -> bool:
    """Read a bracket of units with role words into `found` (or its rule for what follows)."""
    bracket = roles.read_bracket(content, first_is_lead)
    if bracket is None:
        return False
    units = Annotations(overall=bracket.overall)
    for name, value in bracket.fields:
        _apply(units, name, value)
    found.merge(Annotations(following=units) if bracket.following else units)
    return True
