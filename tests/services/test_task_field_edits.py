"""A task's fields are defined once (ecodesk.domain.task_fields): each one, taken from that definition,
is written by update_task, read back by load_plan, audited under its Chinese label and kept by a
delete and its restore; a field that is not defined is refused where the edit is made."""

from __future__ import annotations

import datetime as dt

import pytest

from ecodesk.domain.plan import TaskNode
from ecodesk.domain.task_fields import FIELDS, TaskChanges, TaskField, audit_label
from ecodesk.services import audit, plans, progress, tasks, tree
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


def test_an_edit_given_the_shown_task_returns_it_whole_as_the_database_holds_it(db: Database) -> None:
    """The window hands the task it shows (its units, progress and dated changes are not read again): what
    comes back is still the whole task as a fresh read of the plan finds it, for every field."""
    plan_id, task_id = plan_with_a_task(db)
    tasks.update_task(db, task_id, TaskChanges.named(lead_units=["生态股"], percent=20))
    progress.add_progress(db, task_id, date=dt.date(2021, 5, 1), text="已开展排查", percent=30)
    for edit in EDITS:
        [shown] = plans.load_plan(db, plan_id).tasks

        returned = tasks.update_task(db, task_id, edit.field.to(edit.typed), expected_version=shown.version,
                                     shown=shown)

        [stored] = plans.load_plan(db, plan_id).tasks
        assert whole(returned) == whole(stored), edit.field.name
        assert edit.field.of(returned) == edit.stored


def test_a_shown_task_at_another_version_is_not_taken_for_the_stored_one(db: Database) -> None:
    plan_id, task_id = plan_with_a_task(db)
    [shown] = plans.load_plan(db, plan_id).tasks
    progress.add_progress(db, task_id, date=dt.date(2021, 5, 1), text="已开展排查")  # the version moves on
    current = tasks.get_task(db, task_id).version

    returned = tasks.update_task(db, task_id, TaskChanges.named(notes="备注"), expected_version=current,
                                 shown=shown)

    assert [p.text for p in returned.progress] == ["已开展排查"]


def test_a_progress_update_from_the_window_returns_the_task_whole_as_the_database_holds_it(db: Database) -> None:
    """The update comes back with the task as it left it, from the shown copy when that is at the held
    row's version, else read whole (another clerk's report came in between)."""
    plan_id, task_id = plan_with_a_task(db)
    tasks.update_task(db, task_id, TaskChanges.named(lead_units=["生态股"], co_units=["综合股"]))
    progress.add_progress(db, task_id, date=dt.date(2021, 6, 1), text="六月进展", percent=30)
    [shown] = plans.load_plan(db, plan_id).tasks
    for text, day, percent in (("五月补报", dt.date(2021, 5, 1), 20), ("七月进展", dt.date(2021, 7, 1), 100)):
        entry, returned = progress.add_progress_read(db, task_id, date=day, text=text, percent=percent, shown=shown)
        [stored] = plans.load_plan(db, plan_id).tasks
        assert whole(returned) == whole(stored) and entry in stored.progress
    assert [p.text for p in returned.progress] == ["五月补报", "六月进展", "七月进展"]  # the second from a stale copy
    assert returned.status.value == "已完成"


def whole(task: TaskNode) -> tuple[object, ...]:
    return ({f.name: f.of(task) for f in FIELDS}, task.progress, task.history, task.version)


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


def test_an_update_on_the_shown_task_is_audited_as_one_on_a_held_task(db: Database) -> None:
    """The window's update (written with the task's UPDATE, nothing read) leaves the same rows as one on a task
    held and read: the update, the task's standing, the dated change, and the audit log, a back-dated one's
    own row included."""
    plan_id, window_task = plan_with_a_task(db)
    held_task = tasks.add_task(db, plan_id, title="原任务")
    reports = (("六月进展", dt.date(2021, 6, 1), 30), ("五月补报", dt.date(2021, 5, 1), 20))
    for task_id in (window_task, held_task):
        for text, day, percent in reports:
            shown = tasks.get_task(db, task_id) if task_id == window_task else None
            progress.add_progress_read(db, task_id, date=day, text=text, percent=percent, shown=shown)

    def kept(task_id: int) -> tuple[object, ...]:
        task = tasks.get_task(db, task_id)
        log = [(e.who, e.action, e.entity, e.field.replace(str(task_id), "TASK"), e.old, e.new)
               for e in audit.plan_log(db, plan_id, task_id) if e.action != "create" or e.entity != "task"]
        return ([(p.date, p.text, p.percent, p.status, p.author) for p in task.progress],
                [(c.effective, c.standing) for c in task.history], task.status, task.percent, task.version, log)

    assert kept(window_task) == kept(held_task)
    assert any(entry[3] == "dated_standing" for entry in kept(window_task)[-1])  # the back-dated report's row
