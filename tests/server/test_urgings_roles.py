"""The 催办 log on the server: 办公室 issues the 督办通知单; a 股室 clerk reads the slips sent to its own unit
only (row-level security) and can issue none; a reader sees them all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ecodesk.domain.access import Role
from ecodesk.domain.errors import StorageError
from ecodesk.services.urgings import issue_notices, urging_log
from tests.accounts import Bureau

pytestmark = pytest.mark.postgres
MIDYEAR = dt.date(2026, 6, 30)  # the seeded tasks, unreported, are all behind by then


def test_each_unit_clerk_reads_its_own_slips_and_issues_none(bureau: Bureau, tmp_path: Path) -> None:
    office = bureau.sign_in(bureau.add_clerk("office", Role.OFFICE))
    run = issue_notices(office, bureau.plan_id, MIDYEAR, tmp_path / "notices")
    assert {s.unit: {t.task_id for t in s.tasks} for s in run.slips} == {
        "综合股": {bureau.zonghe_leads}, "生态股": {bureau.zonghe_co, bureau.shengtai_only}}
    zonghe = bureau.sign_in(bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股"))
    shengtai = bureau.sign_in(bureau.add_clerk("shengtai", Role.UNIT_CLERK, unit="生态股"))
    leader = bureau.sign_in(bureau.add_clerk("leader", Role.READER))
    assert [s.unit for s in urging_log(zonghe, bureau.plan_id)] == ["综合股"]
    assert [s.unit for s in urging_log(shengtai, bureau.plan_id)] == ["生态股"]
    assert [s.unit for s in urging_log(leader, bureau.plan_id)] == ["生态股", "综合股"]  # newest first
    with pytest.raises(StorageError, match="没有这项权限"):
        issue_notices(zonghe, bureau.plan_id, MIDYEAR + dt.timedelta(days=1), tmp_path / "by-a-clerk")
    assert not (tmp_path / "by-a-clerk").exists()
    assert len(urging_log(office, bureau.plan_id)) == 2


def test_plain_sql_shows_a_clerk_only_its_units_rows(bureau: Bureau, tmp_path: Path) -> None:
    issue_notices(bureau.admin, bureau.plan_id, MIDYEAR, tmp_path / "notices")
    clerk = bureau.add_clerk("zonghe", Role.UNIT_CLERK, unit="综合股")
    with bureau.raw(clerk) as conn:
        assert conn.execute("SELECT unit_name, task_id FROM urgings").fetchall() == [("综合股", bureau.zonghe_leads)]
