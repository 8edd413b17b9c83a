import pytest

from ecodesk.domain.errors import UserError
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.services import plans, tasks, units


def test_rename_merge_reorder_deactivate(db) -> None:
    info = plans.create_plan(db, year=2021)
    a = units.add_unit(db, "综合股")
    b = units.add_unit(db, "办公室")
    c = units.add_unit(db, "生态股")
    with pytest.raises(UserError, match="已存在"):
        units.add_unit(db, " 综合 股 ")
    t1 = tasks.add_task(db, info.id, title="一", lead=["综合股"], co=["办公室"])
    t2 = tasks.add_task(db, info.id, title="二", lead=["办公室"], co=["生态股"])

    units.rename_unit(db, a.id, "综合法规股")
    assert tasks.get_task(db, t1).lead_units == ["综合法规股"]

    units.merge_units(db, b.id, a.id)
    assert tasks.get_task(db, t1).lead_units == ["综合法规股"]
    assert tasks.get_task(db, t1).co_units == []
    assert tasks.get_task(db, t2).lead_units == ["综合法规股"]
    assert [u.name for u in units.list_units(db)] == ["综合法规股", "生态股"]

    units.reorder_units(db, [c.id, a.id])
    assert [u.name for u in units.list_units(db)] == ["生态股", "综合法规股"]
    units.set_unit_active(db, c.id, False)
    assert [u.name for u in units.list_units(db, include_inactive=False)] == ["综合法规股"]


def test_unknown_unit_is_named_in_the_error(db) -> None:
    info = plans.create_plan(db, year=2021)
    with pytest.raises(UserError, match="未知的股室“监测站”"):
        tasks.add_task(db, info.id, title="x", lead=["监测站"])
    assert plans.load_plan(db, info.id).tasks == []


def test_conflicting_edit_is_detected(db) -> None:
    info = plans.create_plan(db, year=2021)
    task_id = tasks.add_task(db, info.id, title="原标题")
    seen = tasks.get_task(db, task_id).version
    tasks.update_task(db, task_id, TaskChanges.named(title="甲的修改"), expected_version=seen)
    with pytest.raises(UserError, match="已被其他人修改") as err:
        tasks.update_task(db, task_id, TaskChanges.named(title="乙的修改"), expected_version=seen)
    assert err.value.current.title == "甲的修改"
    assert tasks.get_task(db, task_id).title == "甲的修改"
