"""The task field definition agrees with the task record and the tasks table: a field added to one of
them and not to the others fails here, before any window or export meets it."""

from __future__ import annotations

import dataclasses

from ecodesk.domain.plan import TaskNode
from ecodesk.domain.task_fields import AUDIT_LABELS, FIELDS, LEAD_UNITS, TASK_COLUMNS, TITLE, UNIT_FIELDS, TaskChanges
from ecodesk.store.models import TaskRow
from tests.field_edits import EDITS

# what places a task in the tree and versions it, not a value a clerk edits
STRUCTURE_COLUMNS = {"id", "plan_id", "parent_id", "position", "version"}
# not edited as fields: derived, or records of their own (延期, the 跨年 link) written by their services
DERIVED_ATTRIBUTES = {"progress", "history", "children", "id", "version", "number", "path", "source_line",
                      "extensions", "carried"}


def test_every_column_of_the_tasks_table_belongs_to_exactly_one_field() -> None:
    table = {c.name: c.type.python_type for c in TaskRow.__table__.columns if c.name not in STRUCTURE_COLUMNS}
    defined = {c.name: c.type for c in TASK_COLUMNS}
    assert len(defined) == len(TASK_COLUMNS)
    assert defined == table


def test_every_editable_attribute_of_a_task_is_a_field() -> None:
    attributes = [f.name for f in dataclasses.fields(TaskNode) if f.name not in DERIVED_ATTRIBUTES]
    assert sorted(attributes) == sorted(f.name for f in FIELDS)


def test_unit_lists_are_the_two_roles_of_the_unit_links_and_have_no_column() -> None:
    assert [(f.name, f.unit_role, f.columns) for f in UNIT_FIELDS] == [("lead_units", "lead", ()),
                                                                       ("co_units", "co", ())]


def test_labels_are_chinese_and_distinct() -> None:
    labels = [f.label for f in FIELDS]
    assert len(set(labels)) == len(labels) == len(set(AUDIT_LABELS.values())) - 2  # and 位置, 按日期的…
    assert all("\u4e00" <= ch <= "\u9fff" for label in labels for ch in label)


def test_changes_iterate_in_field_order_combine_and_give_their_undo() -> None:
    by_name = {edit.field.name: edit.typed for edit in EDITS}
    changes = TaskChanges.named(**by_name)
    assert changes == TaskChanges.named(**dict(reversed(by_name.items())))
    assert list(changes) == list(FIELDS) and changes.edit_text == "修改任务名称"
    assert (TITLE.to("甲") | TITLE.to("乙"))[TITLE] == "乙"

    task = TaskNode(title="原任务", lead_units=["综合股"])
    undo = changes.current(task)
    task.lead_units.append("生态股")  # the tree's lists may change; what undo writes back does not
    assert undo == TaskChanges({f: f.of(TaskNode(title="原任务", lead_units=["综合股"])) for f in FIELDS})
    assert undo[LEAD_UNITS] == ["综合股"]
