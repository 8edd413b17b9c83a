"""Raw numbered items → TaskNodes: title, measures, units and deadline from the item's text.

Units also come from above: a chapter's “总牵头” lead goes to its items that name no lead, and a rule
such as “（以下各项工作均需各县区人民政府负责落实，不再列出）” adds its units to the items it covers — those
under it, or, written on an item with none, the items after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ecodesk.domain.deadlines import Deadline, parse_deadline
from ecodesk.domain.plan import TaskNode
from ecodesk.io.plan_import import units_parse
from ecodesk.io.plan_import.rawtree import RawNode, SourceLine, join_paragraphs, split_first_sentence
from ecodesk.io.plan_import.schedule import deadline_in_prose
from ecodesk.io.plan_import.units_parse import Annotations, cached_unit_key

UNTITLED = "（未命名任务）"


@dataclass(slots=True)
class _Item:
    """A raw item's own wording: title, measures and what its annotations said."""

    title: str
    measures: str
    notes: Annotations


class TaskBuilder:
    """Builds tasks for one plan year; a deadline that is not a real date is reported as unplaced.
    `first_is_lead`: the plan says the first unit named is the lead (“列第一位者为牵头部门”)."""

    def __init__(self, year: int, unplaced: list[SourceLine], first_is_lead: bool = False) -> None:
        self.year = year
        self.unplaced = unplaced
        self.first_is_lead = first_is_lead

    def task(self, node: RawNode, above: Annotations | None = None) -> TaskNode:
        """The task of `node`, given the units passed down to it from above."""
        return self._build(node, self._item(node), above or Annotations())

    def _build(self, node: RawNode, item: _Item, above: Annotations) -> TaskNode:
        units = item.notes.under(above)
        lead_keys = {cached_unit_key(u) for u in units.lead}
        return TaskNode(
            title=item.title or UNTITLED,
            measures=item.measures,
            lead_units=units.lead,
            co_units=[u for u in units.co if cached_unit_key(u) not in lead_keys],
            deadline=self._deadline(node, item),
            children=self._children(node, _passed_down(item.notes, above, bool(node.children))),
            source_line=node.line_no,
        )

    def _children(self, node: RawNode, above: Annotations) -> list[TaskNode]:
        """The children in order; a leaf's rule for the items after it is passed on to its later siblings."""
        children: list[TaskNode] = []
        for child in node.children:
            item = self._item(child)
            children.append(self._build(child, item, above))
            if item.notes.following is not None and not child.children:
                above = item.notes.following.under(above)
        return children

    def _item(self, node: RawNode) -> _Item:
        body, notes = units_parse.extract(node.text, self.first_is_lead)
        title, rest = split_first_sentence(body)
        paragraphs = [rest]
        for _, text in node.extra:
            cleaned, found = units_parse.extract(text, self.first_is_lead)
            notes.merge(found)
            paragraphs.append(cleaned)
        notes.merge(node.notes)
        measures = join_paragraphs(paragraphs)
        if not title and measures:
            title, measures = split_first_sentence(measures)
        return _Item(title, measures, notes)

    def _deadline(self, node: RawNode, item: _Item) -> Deadline | None:
        wording = item.notes.deadline
        if not wording:
            return deadline_in_prose(f"{item.title}。{item.measures}", self.year)
        try:
            return parse_deadline(wording, self.year)
        except ValueError as err:
            self.unplaced.append((node.line_no, str(err)))
            return Deadline(None, wording)


def _passed_down(notes: Annotations, above: Annotations, has_children: bool) -> Annotations:
    """What the items under a task inherit: its “总牵头” lead, and its rule for the items it covers."""
    down = Annotations(lead=list(notes.lead if notes.overall else above.lead), co=list(above.co))
    if has_children and notes.following is not None:
        down = notes.following.under(down)
    return down
