"""The 主要目标's actual values: one period's figure of one target, as `ecodesk target set` records it.

The window edits values with the whole target list (plans.set_targets), which its undo calls again with
the list as it was; the command line names one target by its number (1-based, as `target list` prints it).
"""

from __future__ import annotations

from ecodesk.domain.changes import TARGETS, Changes
from ecodesk.domain.errors import UserError
from ecodesk.domain.periods import parse_period
from ecodesk.domain.plan import TargetValue
from ecodesk.domain.text import clean_text
from ecodesk.services import audit
from ecodesk.services.rows import plan_row
from ecodesk.store.db import Database
from ecodesk.store.models import PlanRow, TargetRow, TargetValueRow


def set_target_value(db: Database, plan_id: int, number: int, value: TargetValue) -> Changes:
    """Record target `number`'s actual value in `value.period`, replacing one recorded before; refused, in
    Chinese, for a period outside the plan's year, a target that does not exist or an empty value."""
    text = clean_text(value.value).strip()
    if not text:
        raise UserError(f"第 {number} 项主要目标的实际值为空，请给出如“26 微克/立方米”的数值")
    with db.session() as s:
        plan = plan_row(s, plan_id)
        key = _period_key(plan, value.period)
        target = _target(plan, number)
        row = next((v for v in target.values if v.period == key), None)
        old = _shown(row) if row else ""
        if row is None:
            row = TargetValueRow(period=key, value=text, met=value.met)
            target.values.append(row)
        else:
            row.value, row.met = text, value.met
        audit.record(s, action="update", entity="target", entity_id=target.id, plan_id=plan.id,
                     field=f"实际值 {key}", old=old, new=_shown(row))
    return TARGETS


def _period_key(plan: PlanRow, key: str) -> str:
    period = parse_period(key)
    if period.year != plan.year:
        raise UserError(f"报告期“{key}”不在{plan.year}年度内")
    return period.key


def _target(plan: PlanRow, number: int) -> TargetRow:
    rows = list(plan.targets)
    if not 1 <= number <= len(rows):
        raise UserError(f"没有第 {number} 项主要目标（{plan.year}年度共 {len(rows)} 项，见 ecodesk target list）")
    return rows[number - 1]


def _shown(row: TargetValueRow) -> str:
    judged = TargetValue(row.period, row.value, row.met).judgement
    return f"{row.value}（{judged}）" if judged else row.value
