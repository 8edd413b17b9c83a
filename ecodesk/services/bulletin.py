"""The 督查通报 of a period: the plan as of the period's end (today while it runs), its leaves' marks, the
returned 进展征集表 of the period, written as one .docx."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ecodesk.domain.bulletin import Bulletin, build_bulletin
from ecodesk.domain.deadlines import format_cn_date
from ecodesk.domain.errors import UserError
from ecodesk.domain.periods import round_start
from ecodesk.domain.reporting import plan_marks
from ecodesk.io.bulletin_docx import write_bulletin
from ecodesk.io.plan_text import bureau_name, plan_heading, unit_names
from ecodesk.services.collection import plan_period, returned_units
from ecodesk.services.plans import load_plan
from ecodesk.services.urgings import candidates
from ecodesk.store.db import Database


def bulletin_of(db: Database, plan_id: int, period_key: str, today: dt.date | None = None) -> Bulletin:
    """The 通报 of the period `period_key` (2021-H1 …) as of its end, or `today` (default: the real today)
    while it runs; UserError (in Chinese) for a period the plan does not have or whose round (from the day
    after the previous period's end) has not begun."""
    today = today or dt.date.today()
    period = plan_period(db, plan_id, period_key)
    day = min(period.end, today)
    tree = load_plan(db, plan_id, as_of=day)
    first = round_start(period, tree.reporting_periods())
    if today < first:
        raise UserError(f"{period.label}的进展从{format_cn_date(first)}起报送，尚未开始，还不能通报")
    returned = returned_units(db, plan_id, period)
    return build_bulletin(candidates(tree, plan_marks(tree, day, period)), unit_order=unit_names(tree),
                          returned=returned, bureau=bureau_name(tree), plan_title=plan_heading(tree), period=period,
                          periods=tree.reporting_periods(), as_of=day, issued_on=today)


def export_bulletin(db: Database, plan_id: int, period_key: str, path: str | os.PathLike[str],
                    today: dt.date | None = None) -> Path:
    """Write the 通报 of the period to `path` (atomically)."""
    return write_bulletin(bulletin_of(db, plan_id, period_key, today), path)
