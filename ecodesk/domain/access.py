"""What the signed-in clerk may do: the server's roles (办公室, 股室填报, 只读) in the window's terms.

PostgreSQL enforces the same rules by itself (store/server_roles.py: grants and row-level security), so a
clerk's own SQL session can do no more than the window offers; the window only greys out what the server
would refuse anyway, and says why. A SQLite file has one clerk and no accounts: everything is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import NamedTuple


class Role(Enum):
    """A group role of the server, by its Chinese name; `key` is the suffix of its PostgreSQL name."""

    OFFICE = "办公室"
    UNIT_CLERK = "股室填报"
    READER = "只读"

    @property
    def key(self) -> str:
        return {Role.OFFICE: "office", Role.UNIT_CLERK: "unit", Role.READER: "readonly"}[self]

    @property
    def duties(self) -> str:
        return {Role.OFFICE: "编辑工作要点、股室、目标，导入导出",
                Role.UNIT_CLERK: "为本股室牵头或配合的任务填报进展，查看和导出",
                Role.READER: "查看和导出"}[self]

    @classmethod
    def parse(cls, text: str) -> Role:
        """A role as typed: its Chinese name or its key (office / unit / readonly)."""
        for role in cls:
            if text.strip() in (role.value, role.key):
                return role
        names = "、".join(r.value for r in cls)
        raise ValueError(f"没有“{text}”这种账户角色，可选：{names}")


class Access(NamedTuple):
    """Who is signed in and with which role; `role` None means every right (a SQLite file, or the server's
    administrator account that owns the database).
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    login: str
    role: Role | None = None
    unit: str | None = None

    @property
    def label(self) -> str:
        """For the status bar: 张三（股室填报：综合股）."""
        if self.role is None:
            return self.login
        unit = f"：{self.unit}" if self.unit else ""
        return f"{self.login}（{self.role.value}{unit}）"

    def edit_refusal(self) -> str | None:
        """Why this clerk may not edit the plan (tasks, units, targets, plans, imports); None if allowed."""
        if self.role is None or self.role is Role.OFFICE:
            return None
        if self.role is Role.UNIT_CLERK:
            return f"账户“{self.login}”是股室填报账户，只能为本股室的任务填报进展；修改工作要点请联系办公室"
        return f"账户“{self.login}”是只读账户，只能查看和导出"

    def progress_refusal(self, task_units: Iterable[str]) -> str | None:
        """Why this clerk may not add progress to a task with these lead and co-units; None if allowed."""
        if self.role is not Role.UNIT_CLERK:
            return self.edit_refusal()
        if self.unit is not None and self.unit in task_units:
            return None
        return f"账户“{self.login}”只能为{self.unit or '本股室'}牵头或配合的任务填报进展"


LOCAL = Access("")  # a SQLite file: one clerk, no accounts
