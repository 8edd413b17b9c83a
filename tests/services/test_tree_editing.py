"""Numbering follows position: inserting, moving, indenting and deleting renumber the siblings."""

import pytest

from ecodesk.domain.errors import UserError
from ecodesk.services import plans, tasks, tree
from tests.targets import signed_in_name


def titles(db, plan_id):
    return [(t.number, t.title) for t in plans.load_plan(db, plan_id).walk()]


@pytest.fixture
def plan_id(db):
    info = plans.create_plan(db, year=2021)
    for title in ("甲", "乙", "丙"):
        tasks.add_task(db, info.id, title=title)
    return info.id


def top(db, plan_id, n):
    return plans.load_plan(db, plan_id).tasks[n - 1].id


def test_insert_renumbers_younger_siblings(db, plan_id) -> None:
    tasks.add_task(db, plan_id, title="新", index=1)
    assert titles(db, plan_id) == [("一、", "甲"), ("二、", "新"), ("三、", "乙"), ("四、", "丙")]


def test_move_up_down_indent_outdent(db, plan_id) -> None:
    tree.move_down(db, top(db, plan_id, 1))
    assert titles(db, plan_id) == [("一、", "乙"), ("二、", "甲"), ("三、", "丙")]
    tree.indent(db, top(db, plan_id, 2))
    assert titles(db, plan_id) == [("一、", "乙"), ("（一）", "甲"), ("二、", "丙")]
    tree.indent(db, top(db, plan_id, 2))
    assert titles(db, plan_id) == [("一、", "乙"), ("（一）", "甲"), ("（二）", "丙")]
    child = plans.load_plan(db, plan_id).find((1, 2)).id
    tree.move_up(db, child)
    assert titles(db, plan_id) == [("一、", "乙"), ("（一）", "丙"), ("（二）", "甲")]
    tree.outdent(db, child)
    assert titles(db, plan_id) == [("一、", "乙"), ("（一）", "甲"), ("二、", "丙")]
    with pytest.raises(UserError, match="不能再上移"):
        tree.move_up(db, top(db, plan_id, 1))
    with pytest.raises(UserError, match="不能再升级"):
        tree.outdent(db, top(db, plan_id, 1))


def test_depth_is_limited_to_four_levels(db, plan_id) -> None:
    parent = top(db, plan_id, 1)
    for level in range(3):
        parent = tasks.add_task(db, plan_id, title=f"第{level + 2}级", parent_id=parent)
    assert [t.number for t in plans.load_plan(db, plan_id).walk()][:4] == ["一、", "（一）", "1.", "1）"]
    with pytest.raises(UserError, match="最多 4 级"):
        tasks.add_task(db, plan_id, title="第五级", parent_id=parent)
    with pytest.raises(UserError, match="自己的下级"):
        tree.move_task(db, top(db, plan_id, 1), parent, 0)


def test_delete_renumbers_and_restore_brings_subtree_back(db, plan_id) -> None:
    middle = top(db, plan_id, 2)
    child = tasks.add_task(db, plan_id, title="乙下", parent_id=middle, lead=None)
    before = titles(db, plan_id)
    snapshot = tree.delete_task(db, middle)
    assert titles(db, plan_id) == [("一、", "甲"), ("二、", "丙")]
    [deleted] = tree.deleted_tasks(db, plan_id)
    assert deleted.title == "乙" and deleted.who == signed_in_name(db)
    restored = tree.restore_task(db, snapshot)
    assert restored == middle
    assert titles(db, plan_id) == before
    assert tasks.get_task(db, child).title == "乙下"
    assert tree.deleted_tasks(db, plan_id) == []
