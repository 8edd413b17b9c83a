"""督办通知单 on the 新建 sample with a year of updates (tests/year_of_updates.py), on SQLite and PostgreSQL:
who gets a slip, how the levels escalate over three runs, the numbering, never an empty notice, the 催办
log. The slips' wording and the refusals: tests/io/test_export_notices.py."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ecodesk.domain.urging import Level
from ecodesk.services import tasks, urgings
from ecodesk.services.urgings import issue_notices, urging_log
from ecodesk.store.db import Database, open_database
from tests.year_of_updates import QUARTER_ENDS, ReportedYear

RUNS = QUARTER_ENDS[:3]  # 3-31, 6-30, 9-30


def test_three_runs_escalate_each_late_task_blue_orange_red(db: Database, reported_year: ReportedYear,
                                                             tmp_path: Path) -> None:
    late = set(reported_year.behind) | set(reported_year.silent)
    numbers: list[int] = []
    for run_index, day in enumerate(RUNS):
        run = issue_notices(db, reported_year.plan_id, day, tmp_path / day.isoformat())
        urged = {t.task_id: t.level for slip in run.slips for t in slip.tasks}
        # the tasks behind the pace and those never reported, no other: on-pace and early ones are left alone
        assert set(urged) == late
        assert set(urged.values()) == {(Level.BLUE, Level.ORANGE, Level.RED)[run_index]}
        assert all(slip.tasks for slip in run.slips)  # never an empty notice
        assert len({slip.unit for slip in run.slips}) == len(run.slips)  # one slip a unit
        assert sorted(p.name for p in (tmp_path / day.isoformat()).iterdir()) == sorted(p.name for p in run.paths)
        numbers += [slip.number for slip in run.slips]
    assert numbers == list(range(1, len(numbers) + 1))  # one sequence across the runs: 第1号, 第2号 …
    log = urging_log(db, reported_year.plan_id)
    assert [s.number for s in log] == numbers[::-1]  # newest first
    assert {s.level for s in log if s.issued_on == RUNS[0]} == {Level.BLUE}
    task = reported_year.behind[0]
    assert [(s.issued_on, s.level) for s in urging_log(db, reported_year.plan_id, task_id=task)] == [
        (RUNS[2], Level.RED), (RUNS[1], Level.ORANGE), (RUNS[0], Level.BLUE)]




def test_a_deleted_task_comes_back_with_its_urgings(db: Database, reported_year: ReportedYear, tmp_path: Path) -> None:
    """The 催办 log records what was sent: deleting a late task and undoing it (恢复) keeps every slip that
    named it, and the next run escalates it as before."""
    from ecodesk.services import tree

    for day in RUNS[:2]:
        issue_notices(db, reported_year.plan_id, day, tmp_path / day.isoformat())
    task = reported_year.behind[0]
    before = urging_log(db, reported_year.plan_id, task_id=task)
    assert [s.level for s in before] == [Level.ORANGE, Level.BLUE]

    tree.restore_task(db, tree.delete_task(db, task))

    assert urging_log(db, reported_year.plan_id, task_id=task) == before
    run = issue_notices(db, reported_year.plan_id, RUNS[2], tmp_path / "third")
    assert {t.level for slip in run.slips for t in slip.tasks if t.task_id == task} == {Level.RED}


def test_a_colleague_adds_a_task_while_the_notices_are_written(db: Database, db_path: str,
                                                               reported_year: ReportedYear, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A run holds its plan from numbering its slips to recording them, so that two runs never number alike;
    writing the slips takes seconds on a large plan. A colleague adding a task to that plan meanwhile (on a
    server: another connection, whose insert checks its plan) is not made to wait for the run to end."""
    colleague = open_database(db_path)
    added: list[int] = []
    real_write = urgings.write_notice

    def write_while_a_colleague_adds(*args: object, **kwargs: object) -> Path:
        if not added and not db.is_sqlite:  # SQLite has one writer at a time: the colleague's turn comes after
            adding = threading.Thread(target=lambda: added.append(
                tasks.add_task(colleague, reported_year.plan_id, title="新增：入河排污口排查")))
            adding.start()
            adding.join(timeout=10)
            assert added, "the colleague's task waited for the whole run"
        return real_write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(urgings, "write_notice", write_while_a_colleague_adds)
    try:
        run = issue_notices(db, reported_year.plan_id, RUNS[0], tmp_path / "notices")
    finally:
        colleague.close()
    assert run.slips and len(run.paths) == len(run.slips)
    assert db.is_sqlite or tasks.get_task(db, added[0]).title == "新增：入河排污口排查"
