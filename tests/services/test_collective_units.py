"""Collective units are not units (issue 18): on the real 新建 plan, 各股室 and 相关业务股室 stay on their tasks
as written, but no list, filter, chart, count or sheet takes them for a 股室; 各股室 means every unit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from ecodesk.domain.errors import UserError
from ecodesk.domain.filters import TaskFilter, apply_filter
from ecodesk.domain.overview import unit_stats
from ecodesk.domain.units import is_collective, means_every_unit
from ecodesk.io.summary_export import Leaf, unit_rows
from ecodesk.io.unit_sheets import export_unit_sheets
from ecodesk.services import units
from ecodesk.services.importing import import_document
from ecodesk.services.plans import load_plan
from ecodesk.store.db import Database, open_database
from ecodesk.store.quick_read import read_snapshot

TRUE_UNITS = ["综合股", "监测站", "生态股", "水气股", "环评与辐射股", "执法分局", "办公室", "局党组", "局党总支"]
DAY = dt.date(2021, 6, 30)


@pytest.fixture
def xinjian(db: Database, samples_dir: Path) -> int:
    outcome = import_document(db, samples_dir / "xinjian-2021-gongzuoyaodian.docx")
    assert any(f"责任单位 {len(TRUE_UNITS)} 个" in line for line in outcome.summary_lines)
    assert outcome.plan_id is not None
    return outcome.plan_id


def test_names_of_groups_and_of_every_unit() -> None:
    assert all(is_collective(n) for n in ("各股室", "相关业务股室", "各县（区）", "有关单位", "全体股室"))
    assert not any(is_collective(n) for n in ("综合股", "执法分局", "局党组"))
    assert [n for n in ("各股室", "局各业务股室", "各股室（站、队）", "相关业务股室", "各县（区）", "各乡镇")
            if means_every_unit(n)] == ["各股室", "局各业务股室", "各股室（站、队）"]


def test_the_first_paint_lists_true_units(tmp_path: Path, samples_dir: Path) -> None:
    """The window's start-up snapshot (plain sqlite3) reads the units as load_plan does."""
    path = tmp_path / "start.sqlite"
    db = open_database(str(path))
    try:
        import_document(db, samples_dir / "xinjian-2021-gongzuoyaodian.docx")
    finally:
        db.close()
    snapshot = read_snapshot(str(path), lambda plans, *_: plans[0].id)
    assert snapshot is not None and [u.name for u in snapshot.tree.units] == TRUE_UNITS


def test_collectives_stay_on_tasks_but_are_not_units(db: Database, xinjian: int) -> None:
    plan = load_plan(db, xinjian)
    assert [u.name for u in plan.units] == TRUE_UNITS == [u.name for u in units.list_units(db)]
    petitions = next(t for t in plan.walk() if t.title.startswith("加强生态环境信访工作"))
    assert petitions.co_units == ["执法分局", "相关业务股室"]  # the wording is kept on the task
    theory = next(t for t in plan.walk() if t.title.startswith("强化理论武装"))
    assert "各股室" in theory.co_units
    stats = [s.unit for s in unit_stats(plan, DAY)]
    assert not [name for name in stats if is_collective(name)]
    with pytest.raises(UserError, match="不是一个股室"):
        units.add_unit(db, "各股室")


def test_every_unit_answers_for_a_task_of_all_units(db: Database, xinjian: int, tmp_path: Path) -> None:
    plan = load_plan(db, xinjian)
    theory = next(t for t in plan.walk() if t.title.startswith("强化理论武装"))
    for unit in TRUE_UNITS:
        matched = apply_filter(plan.tasks, TaskFilter(unit=unit), DAY).matched
        assert theory in matched, unit
    petitions = next(t for t in plan.walk() if t.title.startswith("加强生态环境信访工作"))
    assert petitions not in apply_filter(plan.tasks, TaskFilter(unit="综合股"), DAY).matched  # 相关: no one
    path = export_unit_sheets(plan, tmp_path / "清单.xlsx", as_of=DAY)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [u for u in TRUE_UNITS if u in book.sheetnames]  # no sheet for a collective
    texts = "\n".join(str(cell) for row in book["综合股"].iter_rows(values_only=True) for cell in row if cell)
    assert "强化理论武装与思想教育" in texts
    leaves = [Leaf(t, t.lead_units, t.co_units) for t in plan.walk() if t.is_leaf]
    summary = {row.unit: row.co for row in unit_rows(plan, leaves, DAY)}
    assert "各股室" not in summary and summary["综合股"] >= 4
