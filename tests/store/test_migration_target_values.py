"""Revision 0006_target_values on a database made at revision 0005 (data/made-by-0005.sqlite: the 新建 sample
imported at 0004 with one update, then brought to 0005): its ten 主要目标 keep their texts and take actual
values afterwards, and the update and its dated change are untouched."""

from __future__ import annotations

from pathlib import Path

from ecodesk.domain.plan import TargetValue
from ecodesk.services import plans, targets
from tests.store.old_databases import upgraded_copy


def test_an_old_database_takes_target_values_after_the_upgrade(tmp_path: Path) -> None:
    with upgraded_copy(tmp_path, "0005") as db:
        [info] = plans.list_plans(db)
        before = plans.load_targets(db, info.id)
        assert len(before) == 10 and all(t.values == [] for t in before)
        assert before[1].text == "区国控监测站点空气质量优良天数比例力争达到90%"
        targets.set_target_value(db, info.id, 2, TargetValue("2021-H1", "90.1%", True))
        after = plans.load_targets(db, info.id)
        assert [t.text for t in after] == [t.text for t in before]
        assert [(v.period, v.value, v.met) for v in after[1].values] == [("2021-H1", "90.1%", True)]
        [reported] = [t for t in plans.load_plan(db, info.id).walk() if t.progress]
        assert [(p.text, c.standing.percent) for p, c in zip(reported.progress, reported.history, strict=True)] == [
            ("一季度已召开部署会。", 20)]
