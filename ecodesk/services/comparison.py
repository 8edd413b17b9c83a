"""本期 vs 上期 for the window's view and its export: the plan read as of two periods' ends, compared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ecodesk.domain.period_report import PeriodComparison, compare_periods
from ecodesk.domain.periods import Period, as_of_for, period_of_day, previous_period
from ecodesk.domain.reporting import plan_marks
from ecodesk.io.plan_text import bureau_name
from ecodesk.services.plans import load_plan
from ecodesk.store.db import Database


def compare_with_previous(db: Database, plan_id: int, period: Period | None, today: dt.date) -> PeriodComparison:
    """`period` (None: the one today falls in, read as the plan stands) against the period before it
    (the year's first against the year's start), as the window shows them (domain/period_report)."""
    tree = load_plan(db, plan_id, as_of=as_of_for(period, today))
    periods = tree.reporting_periods()
    day = as_of_for(period, today) or today
    period = period or period_of_day(periods, day)
    previous = previous_period(period, periods)
    previous_day = previous.end if previous is not None else dt.date(tree.year, 1, 1) - dt.timedelta(days=1)
    before = load_plan(db, plan_id, as_of=previous_day)
    before_marks = plan_marks(before, previous_day, previous) if previous is not None else {}
    units = compare_periods(before, tree, before_marks, plan_marks(tree, day, period))
    return PeriodComparison(bureau_name(tree), tree.year, period, previous, day, previous_day, units)


def export_comparison(db: Database, plan_id: int, period: Period | None, today: dt.date, path: Path) -> Path:
    """The comparison as an .xlsx workbook at `path`, written whole or not at all."""
    from ecodesk.io.period_compare_xlsx import export_period_comparison

    return export_period_comparison(compare_with_previous(db, plan_id, period, today), path)
