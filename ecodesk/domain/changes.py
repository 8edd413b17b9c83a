"""What one write changed, so that each view refreshes exactly that and no more.

Every edit from the window passes through one door (gui/workspace.Workspace.execute), which runs the
command, takes the `Changes` it reports and tells the views; each view looks only at the parts it shows,
as Anki's screens look at OpChanges (qt/aqt/operations). An edit of one task's fields or its progress names
that task: its row is repainted, its node re-read, and nothing else of the plan is read again. Anything that
moves tasks or renames units everywhere sets a flag that reloads the plan.
"""

from __future__ import annotations

from typing import NamedTuple


class Changes(NamedTuple):
    """Which parts of the shown plan a write changed.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    tasks: frozenset[int] = frozenset()  # tasks whose own fields or progress changed
    structure: bool = False  # tasks added, deleted or moved: numbers and the tree's shape change
    progress: bool = False  # progress updates added or removed (with `tasks`, those tasks')
    units: bool = False  # the bureau's units (renamed, merged, reordered: every task may show them)
    targets: bool = False  # the plan's 主要目标
    plans: bool = False  # which plans exist, or another plan or database is shown
    plan_info: bool = False  # the shown plan's title, its bureau's name or its 草案 mark (the selector, every export)
    periods: bool = False  # the plan's reporting periods (due dates, monthly) or its pace rule: the lights
    period_shown: bool = False  # the window shows another 本期: the plan is read as of that period's end
    urgings: bool = False  # the 催办 log: 督办通知单 issued (the log and the tasks' slips)
    attachments: bool = False  # files attached to tasks or updates (added, removed): the files lists
    paced: bool = True  # with `tasks`: their 序时 marks and the sums above them may have moved (TaskField.paced)
    plan: int | None = None  # with `plans`: the plan the write made (created, imported), to be shown

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.tasks | other.tasks, self.structure or other.structure, self.progress or other.progress,
                       self.units or other.units, self.targets or other.targets, self.plans or other.plans,
                       self.plan_info or other.plan_info, self.periods or other.periods,
                       self.period_shown or other.period_shown, self.urgings or other.urgings,
                       self.attachments or other.attachments, self.paced or other.paced,
                       other.plan if other.plan is not None else self.plan)

    @property
    def reloads_plan(self) -> bool:
        """Whether the plan must be read again as a whole (its tasks' shape or shared names changed, or it is
        shown as of another day; a title or bureau edit is rare enough to take the same path)."""
        return self.structure or self.units or self.plans or self.plan_info or self.period_shown


def plan_made(plan_id: int | None) -> Changes:
    """A plan was created, imported or replaced: the window lists the plans again and shows that one."""
    return Changes(plans=True, plan=plan_id)


def tasks_changed(*task_ids: int, progress: bool = False, paced: bool = True) -> Changes:
    return Changes(tasks=frozenset(task_ids), progress=progress, paced=paced)


EVERYTHING = Changes(structure=True, progress=True, units=True, targets=True, plans=True, plan_info=True,
                     periods=True, period_shown=True, urgings=True, attachments=True)
PERIODS = Changes(periods=True)
PERIOD_SHOWN = Changes(period_shown=True)
STRUCTURE = Changes(structure=True)
TARGETS = Changes(targets=True)
UNITS = Changes(units=True)
PLAN_INFO = Changes(plan_info=True)
URGINGS = Changes(urgings=True)
ATTACHMENTS = Changes(attachments=True)
