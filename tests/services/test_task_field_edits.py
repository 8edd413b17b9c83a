"""A task's fields are defined once (ecodesk.domain.task_fields): each one, taken from that definition,
is written by update_task, read back by load_plan, audited under its Chinese label and kept by a
delete and its restore; a field that is not defined is refused where the edit is made."""

from __future__ import annotations

import pytest

from ecodesk.domain.task_fields import FIELDS, TaskChanges, TaskField, audit_label
from ecodesk.services import audit, plans, tasks, tree
from ecodesk.store.db import Database
from tests.field_edits import EDITS, edit_every_field, plan_with_a_task


def test_every_field_has_an_edit_to_prove_it() -> None:
    assert [edit.field for edit in EDITS] == list(FIELDS)


@pytest.mark.parametrize("edit", EDITS, ids=[edit.field.name for edit in EDITS])
def test_each_field_is_written_read_back_and_audited_under_its_label(db: Database, edit) -> None:
    plan_id, task_id = plan_with_a_task(db)
    before = len(audit.history(db, entity="task", entity_id=task_id))

    returned = tasks.update_task(db, task_id, edit.field.to(edit.typed))

    [task] = plans.load_plan(db, plan_id).tasks
    assert edit.field.of(task) == edit.stored
    assert edit.field.of(returned) == edit.stored
    [entry] = audit.history(db, entity="task", entity_id=task_id)[before:]
    assert (entry.action, entry.field, entry.new) == ("update", edit.field.name, edit.audited)
    assert audit_label(entry.field) == edit.field.label


def test_every_field_survives_a_delete_and_its_restore(db: Database) -> None:
    plan_id, task_id = plan_with_a_task(db)
    edit_every_field(db, task_id)
    [edited] = plans.load_plan(db, plan_id).tasks

    tree.restore_task(db, tree.delete_task(db, task_id))

    [restored] = plans.load_plan(db, plan_id).tasks
    assert {f.name: f.of(restored) for f in FIELDS} == {f.name: f.of(edited) for f in FIELDS}
    assert {f.name: f.of(restored) for f in FIELDS} == {e.field.name: e.stored for e in EDITS}


def test_a_snapshot_from_before_a_column_existed_restores_with_its_default(db: Database) -> None:
    """Deleted tasks stay restorable from the audit log after a field is added: the snapshot lacks it."""
    plan_id, task_id = plan_with_a_task(db)
    edit_every_field(db, task_id)
    snapshot = tree.delete_task(db, task_id)
    del snapshot["notes"]

    tree.restore_task(db, snapshot)

    [restored] = plans.load_plan(db, plan_id).tasks
    assert (restored.title, restored.notes) == ("加强监测", "")


def test_an_unknown_field_is_refused_at_the_door_and_nothing_is_written(db: Database) -> None:
    plan_id, task_id = plan_with_a_task(db)
    logged = audit.history(db, entity="task", entity_id=task_id)

    with pytest.raises(KeyError, match=r"unknown task field 'titel'; the fields are title, measures"):
        TaskChanges.named(titel="新标题")
    with pytest.raises(KeyError, match="is not one of the task fields"):
        TaskChanges({TaskField("title", "任务名称", str): "新标题"})  # a look-alike of TITLE is not TITLE
    with pytest.raises(TypeError, match="update_task takes TaskChanges, not dict"):
        tasks.update_task(db, task_id, {"title": "新标题"})  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tasks.update_task(db, task_id, title="新标题")  # type: ignore[call-arg]  # the old **changes form

    [task] = plans.load_plan(db, plan_id).tasks
    assert task.title == "原任务"
    assert audit.history(db, entity="task", entity_id=task_id) == logged

