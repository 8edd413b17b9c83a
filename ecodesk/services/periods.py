"""A plan's reporting periods and pace rule: list them, move a 报送截止, report monthly or not, choose
the 序时 rule. Each call is one transaction, audited, and says what it changed (Changes.periods).

The periods themselves are the domain's (一季度, 上半年, 前三季度, 全年 and, when switched on, the twelve
months, domain/periods); a plan keeps only what the clerk changed: whether it reports monthly, the due
dates moved from their default (period_dues) and its PaceRule (a preset's key, or custom thresholds).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ecodesk.domain.changes import PERIODS, Changes
from ecodesk.domain.errors import UserError
from ecodesk.domain.pace import CUSTOM, PaceRule, rule_key, stored_rule
from ecodesk.domain.periods import Period, PeriodKind, parse_period, period_named, period_of_day, plan_periods
from ecodesk.services import audit
from ecodesk.services.rows import plan_row
from ecodesk.store.db import Database
from ecodesk.store.models import PeriodDueRow, PlanRow

MONTHLY_FIELD, RULE_FIELD, DUE_FIELD = "monthly_periods", "pace_rule", "period_due"


def list_periods(db: Database, plan_id: int) -> list[Period]:
    """The plan's periods in the order they end, each with its 报送截止."""
    with db.reader() as s:
        return _periods(s, plan_row(s, plan_id))


def pace_rule(db: Database, plan_id: int) -> PaceRule:
    with db.reader() as s:
        return _rule(plan_row(s, plan_id))


def report_point(db: Database, plan_id: int, *, as_of: dt.date | None = None,
                 period: str | None = None) -> tuple[dt.date, Period] | None:
    """The day a report of the plan is "as of" and the period whose round it covers, from a day
    (--as-of) or a period key (--period, its end); None when neither is given. A day or a period outside
    the plan's year is refused naming it."""
    if as_of is None and period is None:
        return None
    with db.reader() as s:
        plan = plan_row(s, plan_id)
        periods = _periods(s, plan)
        if period is not None:
            wanted = parse_period(period)
            if wanted.year != plan.year:
                raise UserError(f"报告期“{period}”不属于 {plan.year} 年的工作要点")
            return wanted.end, period_named(period, periods)
        assert as_of is not None
        if as_of.year != plan.year:
            raise UserError(f"统计截至日期 {as_of.isoformat()} 不在 {plan.year} 年内")
        return as_of, period_of_day(periods, as_of)


def set_period_due(db: Database, plan_id: int, key: str, due: dt.date) -> Changes:
    """Move the 报送截止 of period `key` (2021-H1, 2021, 2021-05…) to `due`: on or after the period's end,
    within the plan's year or the next (全年 is reported in January)."""
    with db.session() as s:
        plan = plan_row(s, plan_id)
        period = _period_of(s, plan, key)
        if due.year not in (plan.year, plan.year + 1):
            raise UserError(f"{period.label}的报送截止日期 {due.isoformat()} 不在 {plan.year} 年或次年内")
        period.with_due(due)  # refuses a due date before the period's end
        moved = s.get(PeriodDueRow, (plan_id, period.key))
        if moved is not None:
            s.delete(moved)
            s.flush()
        if due != parse_period(period.key).due:  # only a due date moved from its default is kept
            s.add(PeriodDueRow(plan_id=plan_id, period=period.key, due=due))
        audit.record(s, action="update", entity="plan", entity_id=plan_id, plan_id=plan_id,
                     field=f"{DUE_FIELD}:{period.key}", old=period.due, new=due)
        return PERIODS


def set_monthly(db: Database, plan_id: int, monthly: bool) -> Changes:
    """Report monthly besides the four cumulative periods, or not (moved month due dates are kept)."""
    with db.session() as s:
        plan = plan_row(s, plan_id)
        audit.record(s, action="update", entity="plan", entity_id=plan_id, plan_id=plan_id, field=MONTHLY_FIELD,
                     old=plan.monthly_periods, new=monthly)
        plan.monthly_periods = monthly
        return PERIODS


def set_pace_rule(db: Database, plan_id: int, rule: PaceRule) -> Changes:
    """Light the plan's tasks by `rule`: a preset (domain/pace.PRESETS) or custom_rule(…)'s thresholds."""
    with db.session() as s:
        plan = plan_row(s, plan_id)
        audit.record(s, action="update", entity="plan", entity_id=plan_id, plan_id=plan_id, field=RULE_FIELD,
                     old=_rule(plan).name, new=rule.name)
        plan.pace_preset = rule_key(rule)
        custom = plan.pace_preset == CUSTOM
        plan.pace_yellow_at = rule.yellow_at if custom else None
        plan.pace_red_above = rule.red_above if custom else None
        plan.pace_blue_days = rule.blue_within_days if custom else None
        return PERIODS


def _rule(plan: PlanRow) -> PaceRule:
    return stored_rule(plan.pace_preset, plan.pace_yellow_at, plan.pace_red_above, plan.pace_blue_days)


def _periods(session: Session, plan: PlanRow) -> list[Period]:
    dues = {key: due for key, due in session.execute(select(PeriodDueRow.period, PeriodDueRow.due)
                                                     .where(PeriodDueRow.plan_id == plan.id))}
    return plan_periods(plan.year, plan.monthly_periods, dues)


def _period_of(session: Session, plan: PlanRow, key: str) -> Period:
    """The plan's period `key` names; another year's, or a month of a plan not reporting monthly, is refused."""
    wanted = parse_period(key)
    if wanted.year != plan.year:
        raise UserError(f"报告期“{key}”不属于 {plan.year} 年的工作要点")
    if wanted.kind is PeriodKind.MONTH and not plan.monthly_periods:
        raise UserError(f"{plan.year} 年的工作要点未启用按月报告，没有报告期“{key}”")
    return next(p for p in _periods(session, plan) if p.key == wanted.key)
