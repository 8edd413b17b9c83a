"""A 跨年 task: one carried into a new year's plan from the year before, with its link back."""

from __future__ import annotations

from typing import NamedTuple


class Carried(NamedTuple):
    """Where a carried task came from: the old task's id (None once that plan is gone), its plan's year
    and the number it had there, kept as it was at the rollover so the link reads the same later.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    year: int
    number: str
    task_id: int | None = None

    @property
    def label(self) -> str:
        """“跨年任务，来自2021年 三（三）2.5）”, as the detail panel shows it."""
        return f"跨年任务，来自{self.year}年 {self.number}"
