"""Raw numbered items → TaskNodes: title, measures, units and deadline from the item's text."""

from __future__ import annotations

from ecodesk.domain.deadlines import Deadline, parse_deadline
from ecodesk.domain.plan import TaskNode
from ecodesk.io.plan_import import units_parse
from ecodesk.io.plan_import.rawtree import RawNode, SourceLine, join_paragraphs, split_first_sentence
from ecodesk.io.plan_import.units_parse import cached_unit_key

UNTITLED = "（未命名任务）"


class TaskBuilder:
    """Builds tasks for one plan year; a deadline that is not a real date is reported as unplaced."""

    def __init__(self, year: int, unplaced: list[SourceLine]) -> None:
        self.year = year
        self.unplaced = unplaced

    def task(self, node: RawNode) -> TaskNode:
        body, notes = units_parse.extract(node.text)
        title, rest = split_first_sentence(body)
        paragraphs = [rest]
        for _, text in node.extra:
            cleaned, found = units_parse.extract(text)
            notes.merge(found)
            paragraphs.append(cleaned)
        notes.merge(node.notes)
        measures = join_paragraphs(paragraphs)
        if not title and measures:
            title, measures = split_first_sentence(measures)
        lead_keys = {cached_unit_key(u) for u in notes.lead}
        return TaskNode(
            title=title or UNTITLED,
            measures=measures,
            lead_units=notes.lead,
            co_units=[u for u in notes.co if cached_unit_key(u) not in lead_keys],
            deadline=self._deadline(node, notes.deadline),
            children=[self.task(child) for child in node.children],
            source_line=node.line_no,
        )

    def _deadline(self, node: RawNode, wording: str) -> Deadline | None:
        if not wording:
            return None
        try:
            return parse_deadline(wording, self.year)
        except ValueError as err:
            self.unplaced.append((node.line_no, str(err)))
            return Deadline(None, wording)
