"""Which task of the plan a passage of a 进展 report speaks of, and how sure that is.

A passage names its task in its heading (often the task's title, reworded: “扎实推进燃煤锅炉淘汰工作” for
“推进燃煤锅炉淘汰”) or in its first sentences, and sits under headings that mirror the plan's chapters. So a
task scores by the better of its title against the heading (edit-distance similarity) and its title found in
the passage's opening (the best-aligned substring, worth a little less), plus a bonus when one of its parent
tasks matches a heading above the passage. Scores are RapidFuzz's 0–100; the confidence shown is that score.
The clerk confirms or changes each match before anything is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ecodesk.domain.numbering import number_path
from ecodesk.domain.plan import TaskNode

OPENING_CHARS = 300  # how much of a passage's text may name its task
IN_TEXT_WEIGHT = 0.9  # a title found in the text counts a little less than one in the heading
CONTEXT_BONUS = 8.0
CONTEXT_AT = 70.0  # a heading above the passage this close to a parent's title places it under that parent
SHORTLIST = 30  # tasks rescored per passage, taken by each of the two measures
# A heading this close to a title names its task: the title is not also looked for in every opening, which
# costs ~20 ms a passage on a 10,000-task plan (the heading's measure, ~2 ms).
HEADING_SURE = 80.0
CONFIDENT = 60.0  # below this a match is offered but not taken without the clerk


@dataclass(frozen=True, slots=True)
class Candidate:
    """A task a passage may speak of, with its full number (一、（二）3.) and score (0–100)."""

    task_id: int
    number: str
    title: str
    score: float

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}"


class TaskIndex:
    """The plan's tasks prepared for matching many passages (titles and parents looked up once)."""

    def __init__(self, tasks: Sequence[TaskNode]) -> None:
        self.tasks = [t for t in tasks if t.id is not None and t.title]
        self.titles = [t.title for t in self.tasks]
        self.numbers = [number_path(list(t.path)) for t in self.tasks]
        by_path = {t.path: t for t in self.tasks}
        self.parents = [[by_path[t.path[:d]].title for d in range(1, len(t.path)) if t.path[:d] in by_path]
                        for t in self.tasks]

    def rank(self, heading: str, text: str, context: Sequence[str] = (), limit: int = 5) -> list[Candidate]:
        """The `limit` likeliest tasks for a passage, best first."""
        opening = f"{heading}。{text[:OPENING_CHARS]}"
        by_heading = process.extract(heading, self.titles, scorer=fuzz.ratio, limit=SHORTLIST)
        shortlist = {i for _title, _score, i in by_heading}
        if not by_heading or by_heading[0][1] < HEADING_SURE:
            shortlist |= {i for _title, _score, i in process.extract(opening, self.titles, scorer=fuzz.partial_ratio,
                                                                     limit=SHORTLIST)}
        scored = [(self._candidate(i, heading, opening, context), i) for i in shortlist]
        scored.sort(key=lambda pair: (-pair[0].score, len(self.tasks[pair[1]].path), pair[1]))  # ties: the broader
        return [candidate for candidate, _i in scored[:limit]]

    def _candidate(self, i: int, heading: str, opening: str, context: Sequence[str]) -> Candidate:
        title = self.titles[i]
        score = max(fuzz.ratio(title, heading), IN_TEXT_WEIGHT * fuzz.partial_ratio(title, opening))
        if context and any(fuzz.partial_ratio(parent, above) >= CONTEXT_AT
                           for parent in self.parents[i] for above in context):
            score = min(100.0, score + CONTEXT_BONUS)
        task_id = self.tasks[i].id
        assert task_id is not None
        return Candidate(task_id, self.numbers[i], title, round(score, 1))
