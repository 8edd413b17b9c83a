"""A task's standing as of a day across a year of changes, and a parent's from its children."""

from __future__ import annotations

import datetime as dt

from ecodesk.domain.history import NOT_STARTED, Standing, StatusChange, derived_standing, standing_as_of
from ecodesk.domain.status import Status

D = dt.date
YEAR = [StatusChange(D(2021, 2, 10), 1, Standing(Status.IN_PROGRESS, 20)),
        StatusChange(D(2021, 5, 31), 2, Standing(Status.IN_PROGRESS, 60)),
        StatusChange(D(2021, 5, 31), 3, Standing(Status.IN_PROGRESS, 65)),
        StatusChange(D(2021, 11, 20), 5, Standing(Status.DONE, 100)),
        StatusChange(D(2021, 8, 1), 4, Standing(Status.IN_PROGRESS, 80))]  # entered later, dated earlier


def test_the_june_table_never_shows_novembers_status() -> None:
    assert standing_as_of(YEAR, D(2021, 1, 31)) == NOT_STARTED
    assert standing_as_of(YEAR, D(2021, 3, 31)) == Standing(Status.IN_PROGRESS, 20)
    assert standing_as_of(YEAR, D(2021, 6, 30)) == Standing(Status.IN_PROGRESS, 65)  # same day: the later one
    assert standing_as_of(YEAR, D(2021, 9, 30)) == Standing(Status.IN_PROGRESS, 80)
    assert standing_as_of(YEAR, D(2021, 11, 19)) == Standing(Status.IN_PROGRESS, 80)
    assert standing_as_of(YEAR, D(2021, 12, 31)) == Standing(Status.DONE, 100)


def test_a_parent_stands_where_its_children_stand() -> None:
    done, half, fresh = Standing(Status.DONE, 100), Standing(Status.IN_PROGRESS, 50), NOT_STARTED
    cancelled = Standing(Status.CANCELLED, 0)
    assert derived_standing([done, done]) == Standing(Status.DONE, 100)
    assert derived_standing([done, cancelled]) == Standing(Status.DONE, 100)
    assert derived_standing([done, half]) == Standing(Status.IN_PROGRESS, 75)
    assert derived_standing([done, Standing(Status.IN_PROGRESS, 99)]) == Standing(Status.IN_PROGRESS, 99)
    assert derived_standing([fresh, fresh]) == NOT_STARTED
    assert derived_standing([fresh, done]) == Standing(Status.IN_PROGRESS, 50)
    assert derived_standing([cancelled]) == Standing(Status.CANCELLED, 0)
    assert derived_standing([]) == NOT_STARTED
