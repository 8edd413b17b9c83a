"""A task's editable fields, defined once: `FIELDS` below.

Why: every layer that edits, stores, reads or shows a task field used to spell its name as a string (an
if-chain in update_task, label tables in the window and the audit view, column lists in both read paths
and in the delete snapshots), so adding a field was about ten untyped edits, and one forgotten was a
silent no-op (update_task accepted a name its if-chain never wrote). Now each field is one `TaskField`:
its attribute on `TaskNode`, its Chinese label (detail panel, undo text, conflict dialog, audit log),
how an edited value is cleaned (the refusal a clerk reads), how the audit log compares and records it,
and the columns of the tasks table that keep it (or, for a unit list, the role its links carry). Edits
are `TaskChanges`, built from the fields (`TITLE.to("…")`, `TaskChanges.named(title="…")`), so an
unknown field is a NameError or a KeyError here, at the door.

Adding a field is one definition plus a migration: a `TaskField` in `FIELDS` beside its attribute (with
its default) on `TaskNode`, and the column on `store.models.TaskRow` with its alembic migration.
update_task and its audit rows, add_task, the import's save_plan, both read paths (services.plans and
store.quick_read), delete/restore snapshots, undo, the conflict dialog and the audit labels follow
`FIELDS`. tests/domain/test_task_fields.py fails while `FIELDS`, `TaskNode` and `TaskRow` disagree, and
tests/services/test_task_field_edits.py while a field has no sample edit in tests/field_edits.py. Where a
field is shown (its widget in the detail panel, a column of an export) stays the choice of that view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.errors import UserError
from ecodesk.domain.plan import TaskNode
from ecodesk.domain.status import Status
from ecodesk.domain.text import clean_text

V = TypeVar("V")


class Column(NamedTuple):
    """A column of the tasks table that keeps (part of) a field, with the Python type it holds.
    A NamedTuple: a dataclass compiles its methods at start-up (some 3 million instructions each)."""

    name: str
    type: type = str

    def decode(self, raw: object) -> object:
        """The value as the ORM gives it, from a source keeping dates as ISO text (sqlite3, a JSON snapshot)."""
        if self.type is dt.date and not isinstance(raw, dt.date):
            return dt.date.fromisoformat(str(raw)) if raw else None
        return raw

    def encode(self, value: object) -> object:
        """The value as JSON holds it (delete snapshots): dates as ISO text."""
        return value.isoformat() if isinstance(value, dt.date) else value


def _same(value: Any) -> Any:
    return value


def _one(value: Any) -> tuple[object, ...]:
    return (value,)


@dataclass(frozen=True, eq=False)  # no slots: a slotted frozen Generic cannot be built as TaskField[str](…)
class TaskField(Generic[V]):
    """One editable field of a task (compared by identity: the constants below are the fields).

    `clean` turns an edited value into the stored one and raises UserError with the Chinese sentence a
    clerk reads; `audit` is the value the audit log compares (unchanged fields get no row) and records.
    `columns` are where the tasks table keeps the value, `store` splits a value into them and `load`
    joins them back; a unit list has no column but a `unit_role`, the role of its task_units links.
    A `paced` field is read by the task's 序时 mark, its 已完成/逾期 mark and the sums of the rows above it
    (domain/reporting, domain/pace): an edit of it refreshes those; an edit of the others, the task's row alone.
    """

    name: str
    label: str
    clean: Callable[[V], V]
    audit: Callable[[V], object] = _same
    columns: tuple[Column, ...] = ()
    store: Callable[[V], tuple[object, ...]] = _one
    load: Callable[..., V] = _same
    unit_role: str = ""
    paced: bool = False

    def of(self, task: TaskNode) -> V:
        """The task's value (a unit list copied, so that an edit kept for undo never changes with it)."""
        value = getattr(task, self.name)
        return list(value) if isinstance(value, list) else value  # type: ignore[return-value]

    def to(self, value: V) -> TaskChanges:
        """The edit that sets this field to `value`; edits combine with `|`."""
        return TaskChanges({self: value})

    def read(self, column: Callable[[str], object]) -> V:
        """The value from its columns, `column(name)` giving each one's stored value."""
        return self.load(*(column(c.name) for c in self.columns))

    def written(self, value: V) -> dict[str, object]:
        """The stored value of each of the field's columns for `value`."""
        return {c.name: stored for c, stored in zip(self.columns, self.store(value), strict=True)}

    @property
    def edit_text(self) -> str:
        """The undo stack's name for an edit of this field (编辑 ▸ 撤销“修改完成时限”)."""
        return f"修改{self.label}"

    def __repr__(self) -> str:
        return f"TaskField({self.name})"


def title_text(text: str) -> str:
    """A task's title as stored: clean text, trimmed, never empty."""
    title = clean_text(text).strip()
    if not title:
        raise UserError("任务名称不能为空")
    return title


def checked_percent(value: object) -> int:
    """A completion percent: an integer from 0 to 100."""
    try:
        percent = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise UserError(f"完成百分比“{value}”无效，应为 0 至 100 的整数") from None
    if not 0 <= percent <= 100:
        raise UserError(f"完成百分比“{value}”无效，应为 0 至 100 的整数")
    return percent


def clean_deadline(deadline: Deadline | None) -> Deadline | None:
    return Deadline(deadline.date, clean_text(deadline.text)) if deadline else None


def deadline_words(deadline: Deadline | None) -> str:
    """A deadline as the audit log records it: “6月底前（2021-06-30）”, the date or the wording alone."""
    if deadline is None:
        return ""
    day, text = deadline.date, deadline.text
    return f"{text}（{day.isoformat()}）" if day and text else (day.isoformat() if day else text)


def _stored_deadline(deadline: Deadline | None) -> tuple[object, ...]:
    return (deadline.date, deadline.text) if deadline else (None, "")


def _loaded_deadline(day: dt.date | None, text: str) -> Deadline | None:
    return Deadline(day, text) if (day or text) else None


def _status_value(status: Status) -> str:
    return status.value


TITLE = TaskField[str]("title", "任务名称", title_text, columns=(Column("title"),))
MEASURES = TaskField[str]("measures", "具体措施", clean_text, columns=(Column("measures"),))
NOTES = TaskField[str]("notes", "备注", clean_text, columns=(Column("notes"),))
PERCENT = TaskField[int]("percent", "完成进度", checked_percent, columns=(Column("percent", int),), paced=True)
STATUS = TaskField[Status]("status", "状态", Status, audit=_status_value, columns=(Column("status"),),
                           store=lambda status: (status.value,), load=Status, paced=True)
DEADLINE = TaskField[Deadline | None]("deadline", "完成时限", clean_deadline, audit=deadline_words,
                                      columns=(Column("deadline", dt.date), Column("deadline_text")),
                                      store=_stored_deadline, load=_loaded_deadline, paced=True)
LEAD_UNITS = TaskField[list[str]]("lead_units", "牵头单位", list, unit_role="lead")
CO_UNITS = TaskField[list[str]]("co_units", "配合单位", list, unit_role="co")

# In this order edits are written and audited; a unit named in both lists stays in the first (lead).
FIELDS: tuple[TaskField[Any], ...] = (TITLE, MEASURES, NOTES, PERCENT, STATUS, DEADLINE, LEAD_UNITS, CO_UNITS)
COLUMN_FIELDS = tuple(f for f in FIELDS if f.columns)
UNIT_FIELDS = tuple(f for f in FIELDS if f.unit_role)
TASK_COLUMNS = tuple(c for f in COLUMN_FIELDS for c in f.columns)
_BY_NAME = {f.name: f for f in FIELDS}

POSITION_FIELD = "position"  # the audit log's field of a move (tree.move_task); not edited as a value
# the audit log's field of a dated status or percent that leaves the current ones as they are (back-dated)
DATED_FIELD = "dated_standing"
AUDIT_LABELS = {**{f.name: f.label for f in FIELDS}, POSITION_FIELD: "位置", DATED_FIELD: "按日期的状态和进度"}


def stored_task(values: Sequence[object], units: Mapping[str, list[str]], **rest: Any) -> TaskNode:
    """A task as stored: `values` are those of TASK_COLUMNS, in that order, and `units` its unit names by
    role; `rest` are the attributes that are not fields (progress, id, version). Both read paths,
    services.plans (ORM rows) and store.quick_read (sqlite3 rows), build their tasks here, once a task
    on plans of 10,000 tasks: so where each field's columns stand in `values` is worked out once, below."""
    attributes = {name: load(*values[start:stop]) for name, load, start, stop in _PLACES}
    for name, role in _ROLES:
        attributes[name] = units.get(role, [])
    return TaskNode(**attributes, **rest)


def decoded(raw: Sequence[object]) -> list[object]:
    """TASK_COLUMNS' values read where a date is ISO text (sqlite3 without the ORM), as the ORM gives them."""
    values = list(raw)
    for position in _DATE_PLACES:
        values[position] = TASK_COLUMNS[position].decode(values[position])
    return values


def _places() -> tuple[tuple[str, Callable[..., Any], int, int], ...]:
    """Each column field's name and `load`, with the slice of TASK_COLUMNS its columns take."""
    places, start = [], 0
    for field in COLUMN_FIELDS:
        places.append((field.name, field.load, start, start + len(field.columns)))
        start += len(field.columns)
    return tuple(places)


_PLACES = _places()
_ROLES = tuple((field.name, field.unit_role) for field in UNIT_FIELDS)
_DATE_PLACES = tuple(i for i, column in enumerate(TASK_COLUMNS) if column.type is dt.date)


def field_named(name: str) -> TaskField[Any]:
    """The field called `name`; an unknown name is refused here, never ignored."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown task field {name!r}; the fields are {', '.join(_BY_NAME)}") from None


def audit_label(field: str) -> str:
    """The Chinese name of an audit row's `field` (a task field or a move); other fields as stored."""
    return AUDIT_LABELS.get(field, field)


class TaskChanges:
    """New values for some fields of one task: what update_task writes, undo keeps and the window asks for.

    Only the fields of `FIELDS` are accepted; iteration follows `FIELDS`' order.
    """

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[TaskField[Any], object] | None = None) -> None:
        for field in values or {}:
            if _BY_NAME.get(field.name) is not field:
                raise KeyError(f"{field!r} is not one of the task fields")
        self._values: dict[TaskField[Any], object] = dict(values or {})

    @classmethod
    def named(cls, **values: object) -> TaskChanges:
        """Changes given by field name (`title="…"`), for callers holding names; see `field_named`."""
        return cls({field_named(name): value for name, value in values.items()})

    def current(self, task: TaskNode) -> TaskChanges:
        """The same fields with `task`'s present values: what undoing these changes writes back."""
        return TaskChanges({field: field.of(task) for field in self})

    def __getitem__(self, field: TaskField[V]) -> V:
        return self._values[field]  # type: ignore[return-value]

    def __iter__(self) -> Iterator[TaskField[Any]]:
        return (field for field in FIELDS if field in self._values)

    def __contains__(self, field: object) -> bool:
        return field in self._values

    def __len__(self) -> int:
        return len(self._values)

    def __or__(self, other: TaskChanges) -> TaskChanges:
        return TaskChanges({**self._values, **other._values})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TaskChanges) and self._values == other._values

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{field.name}={self._values[field]!r}" for field in self)
        return f"TaskChanges({shown})"

    @property
    def paced(self) -> bool:
        """Whether any of the fields is `paced` (TaskField)."""
        return any(field.paced for field in self)

    @property
    def edit_text(self) -> str:
        """The undo stack's name for these changes: that of their first field."""
        return next((field.edit_text for field in self), "修改任务")
