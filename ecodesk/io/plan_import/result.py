"""What an import produced: the plan tree, the lines it could not place, and the counts a clerk checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecodesk.domain.plan import PlanTree


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """Counts shown after an import (and asserted by tests against the real sample documents)."""

    chapters: int
    tasks: int
    leaf_tasks: int
    tasks_with_units: int
    tasks_with_deadlines: int
    targets: int
    units: int


@dataclass(slots=True)
class ImportResult:
    """A parsed plan, not yet saved. `unplaced` holds (line number, text) the importer could not place."""

    plan: PlanTree
    unplaced: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> ImportSummary:
        tasks = list(self.plan.walk())
        return ImportSummary(
            chapters=len(self.plan.tasks),
            tasks=len(tasks),
            leaf_tasks=sum(1 for t in tasks if t.is_leaf),
            tasks_with_units=sum(1 for t in tasks if t.lead_units or t.co_units),
            tasks_with_deadlines=sum(1 for t in tasks if t.deadline is not None),
            targets=len(self.plan.targets),
            units=len(self.plan.units),
        )

    def summary_lines(self) -> list[str]:
        """The Chinese report a CLI prints or a dialog shows after reading a document."""
        s = self.summary()
        lines = [
            f"{self.plan.title}（{self.plan.year} 年）",
            f"章节 {s.chapters} 个、任务 {s.tasks} 项（末级任务 {s.leaf_tasks} 项）、"
            f"有责任单位的任务 {s.tasks_with_units} 项、有完成时限的任务 {s.tasks_with_deadlines} 项、"
            f"主要目标 {s.targets} 条、责任单位 {s.units} 个",
        ]
        if self.unplaced:
            lines.append(f"未能归入计划的内容 {len(self.unplaced)} 处：")
            lines.extend(f"第 {no} 行：{text}" for no, text in self.unplaced)
        return lines
