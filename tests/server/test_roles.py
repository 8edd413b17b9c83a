"""The roles are the server's: what a clerk's window may do, and no more through plain SQL either."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psycopg
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from ecodesk.domain.access import Access, Role
from ecodesk.domain.errors import StorageError, UserError
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import TaskChanges
from ecodesk.services import audit, exporting, plans, progress, tasks, tree
from ecodesk.store.models import Base
from ecodesk.store.server_roles import RULES
from tests.accounts import Bureau

DAY = dt.date(2026, 3, 1)
REFUSED = (psycopg.errors.InsufficientPrivilege, psycopg.errors.RaiseException)


def test_every_table_has_an_access_rule() -> None:
    """A table added later needs its line in RULES, else `server init` (and the upgrade) refuse it."""
    assert {t.name for t in Base.metadata.sorted_tables} | {"alembic_version"} == set(RULES)


def test_the_window_learns_each_clerks_role(bureau: Bureau) -> None:
    office = bureau.add_clerk("office", Role.OFFICE)
    clerk = bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股")
    leader = bureau.add_clerk("leader", Role.READER)
    assert bureau.sign_in(office).access == Access(office, Role.OFFICE)
    assert bureau.sign_in(clerk).access == Access(clerk, Role.UNIT_CLERK, "综合股")
    assert bureau.sign_in(leader).access == Access(leader, Role.READER)
    assert bureau.admin.access.role is None  # the administrator (the database's owner) has every right


def test_a_unit_clerk_reports_on_its_units_tasks_signed_with_its_login(bureau: Bureau) -> None:
    clerk = bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股")
    db = bureau.sign_in(clerk)
    for task_id in (bureau.zonghe_leads, bureau.zonghe_co):  # the tasks it leads and those it co-works on
        entry = progress.add_progress(db, task_id, date=DAY, text="已完成方案编制", percent=30, unit="综合股")
        assert entry.author == clerk  # ECODESK_USER says 测试员: the server's word counts
    task = tasks.get_task(bureau.admin, bureau.zonghe_co)
    assert (task.percent, [p.author for p in task.progress]) == (30, [clerk])
    whos = {e.who for e in audit.history(bureau.admin, entity="task", entity_id=bureau.zonghe_co)}
    assert clerk in whos and "测试员" not in whos


def test_a_unit_clerk_can_change_nothing_else(bureau: Bureau) -> None:
    clerk = bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股")
    db = bureau.sign_in(clerk)
    with pytest.raises(UserError, match="无权为这项任务填报进展"):  # another unit's task: not lockable
        progress.add_progress(db, bureau.shengtai_only, date=DAY, text="越权填报")
    with pytest.raises(StorageError, match="没有这项权限"):
        tasks.update_task(db, bureau.zonghe_leads, TaskChanges.named(title="改掉标题"))
    with pytest.raises(StorageError, match="没有这项权限"):
        tree.delete_task(db, bureau.zonghe_leads)
    with pytest.raises(StorageError, match="没有这项权限"):
        tasks.add_task(db, bureau.plan_id, title="新任务")
    assert [t.title for t in plans.load_plan(bureau.admin, bureau.plan_id).tasks] == [
        "推进大气污染防治", "加强生态保护修复", "开展自然保护地监督"]
    assert tasks.get_task(bureau.admin, bureau.shengtai_only).progress == []


def test_a_unit_clerks_own_sql_session_is_refused_too(bureau: Bureau) -> None:
    clerk = bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股")
    with bureau.raw(clerk) as conn:
        conn.execute("INSERT INTO progress_updates (task_id, date, text, unit_name, author, created_at) "
                     "VALUES (%s, '2026-03-01', '自己股室的进展', '综合股', %s, now())", (bureau.zonghe_leads, clerk))
        for statement, args in (
            ("INSERT INTO progress_updates (task_id, date, text, unit_name, author, created_at) "
             "VALUES (%s, '2026-03-01', '越权', '综合股', %s, now())", (bureau.shengtai_only, clerk)),
            ("INSERT INTO progress_updates (task_id, date, text, unit_name, author, created_at) "  # as a colleague
             "VALUES (%s, '2026-03-01', '冒名', '综合股', 'someone', now())", (bureau.zonghe_leads,)),
            ("UPDATE tasks SET title = '改掉标题' WHERE id = %s", (bureau.zonghe_leads,)),
            ("DELETE FROM tasks WHERE id = %s", (bureau.zonghe_leads,)),
            ("DELETE FROM audit_log", ()),
            ("UPDATE units SET name = '改名'", ()),
            ("INSERT INTO server_accounts (login, role, created_at) VALUES ('x', 'office', now())", ()),
        ):
            with pytest.raises(REFUSED):
                conn.execute(statement, args)
        changed = conn.execute("UPDATE tasks SET status = '已完成' WHERE id = %s", (bureau.shengtai_only,))
        assert changed.rowcount == 0  # another unit's task is out of its reach
    assert tasks.get_task(bureau.admin, bureau.shengtai_only).status.value == "未开始"
    assert [p.text for p in tasks.get_task(bureau.admin, bureau.zonghe_leads).progress] == ["自己股室的进展"]


def test_a_unit_clerk_may_undo_its_own_report_only(bureau: Bureau) -> None:
    first = bureau.add_clerk("zonghe1", Role.UNIT_CLERK, unit="综合股")
    second = bureau.add_clerk("zonghe2", Role.UNIT_CLERK, unit="综合股")
    entry = progress.add_progress(bureau.sign_in(first), bureau.zonghe_leads, date=DAY, text="甲的进展", percent=10)
    with pytest.raises(UserError, match="无权删除"):  # the colleague's report is not its to remove
        progress.delete_progress(bureau.sign_in(second), entry.id, status=Status.NOT_STARTED, percent=0)
    assert tasks.get_task(bureau.admin, bureau.zonghe_leads).percent == 10  # nothing of it was saved
    progress.delete_progress(bureau.sign_in(first), entry.id, status=Status.NOT_STARTED, percent=0)
    undone = tasks.get_task(bureau.admin, bureau.zonghe_leads)
    assert (undone.progress, undone.percent) == ([], 0)


def test_the_reader_exports_and_cannot_write(bureau: Bureau, tmp_path: Path) -> None:
    leader = bureau.add_clerk("leader", Role.READER)
    db = bureau.sign_in(leader)
    path = exporting.export_plan(db, bureau.plan_id, "excel", tmp_path / "进展情况表.xlsx")
    cells = " ".join(str(c.value) for row in load_workbook(path).active.iter_rows() for c in row)
    assert "推进大气污染防治" in cells
    with pytest.raises(StorageError, match="没有这项权限"):
        progress.add_progress(db, bureau.zonghe_leads, date=DAY, text="领导的进展")
    with pytest.raises(StorageError, match="没有这项权限"):
        plans.rename_plan(db, bureau.plan_id, "改名")
    with bureau.raw(leader) as conn, pytest.raises(REFUSED):
        conn.execute("UPDATE plans SET title = '改名'")


def test_the_office_edits_the_plan(bureau: Bureau) -> None:
    office = bureau.add_clerk("office", Role.OFFICE)
    db = bureau.sign_in(office)
    tasks.update_task(db, bureau.shengtai_only, TaskChanges.named(title="开展自然保护地强化监督"))
    added = tasks.add_task(db, bureau.plan_id, title="新任务", lead=["综合股"])
    snapshot = tree.delete_task(db, added)
    tree.restore_task(db, snapshot)
    progress.add_progress(db, bureau.shengtai_only, date=DAY, text="办公室代填")
    assert [t.title for t in plans.load_plan(bureau.admin, bureau.plan_id).tasks][-2:] == [
        "开展自然保护地强化监督", "新任务"]
    assert {e.who for e in audit.history(bureau.admin, entity="task", entity_id=added)} == {office}


def test_a_forged_audit_row_is_refused(bureau: Bureau) -> None:
    office = bureau.add_clerk("office", Role.OFFICE)
    with bureau.raw(office) as conn:
        with pytest.raises(REFUSED, match="not the signed-in role"):
            conn.execute("INSERT INTO audit_log (at, who, action, entity, field) "
                         "VALUES (now(), '张局长', 'update', 'task', 'title')")
        for statement in ("UPDATE audit_log SET who = '张局长'", "DELETE FROM audit_log"):
            with pytest.raises(REFUSED):
                conn.execute(statement)
        conn.execute("INSERT INTO audit_log (at, action, entity, field) "  # who left out: the server fills it in
                     "VALUES ('2001-01-01', 'update', 'task', 'title')")
    from ecodesk.store.models import AuditRow

    with bureau.admin.reader() as s:
        last = s.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(1)).one()
    assert last.who == office and last.at.year >= 2026  # and the server's clock, not the one given


def test_accounts_are_listed_disabled_and_audited(bureau: Bureau) -> None:
    from ecodesk.domain.errors import SignInError
    from ecodesk.services import accounts

    clerk = bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股")
    accounts.set_user_enabled(bureau.admin, clerk, False)
    listed = {a.login: a for a in accounts.list_users(bureau.admin)}
    assert (listed[clerk].role, listed[clerk].unit, listed[clerk].can_log_in) == (Role.UNIT_CLERK, "综合股", False)
    with pytest.raises(SignInError, match="已停用") as refused:
        bureau.sign_in(clerk)
    assert refused.value.reason == SignInError.DISABLED
    with bureau.admin.reader() as s:
        from ecodesk.store.models import AuditRow

        logged = s.execute(select(AuditRow.entity, AuditRow.field, AuditRow.new)
                           .where(AuditRow.entity.in_(("account", "server")))).all()
    assert ("server", "roles", "办公室、股室填报、只读") in logged
    assert ("account", clerk, "股室填报：综合股") in logged and ("account", clerk, "停用") in logged
    accounts.set_user_enabled(bureau.admin, clerk, True)
    assert bureau.sign_in(clerk).access.unit == "综合股"
