"""`ecodesk task extend` and `ecodesk plan rollover` as a clerk runs them: the 延期 said back, the draft of 2022
with the unfinished task carried, a second rollover into 2022 refused without --replace, the draft adopted."""

import datetime as dt
from pathlib import Path

from ecodesk.domain.deadlines import Deadline
from ecodesk.domain.status import Status
from ecodesk.domain.task_fields import STATUS
from ecodesk.services import plans, tasks
from ecodesk.store.db import open_database
from tests.conftest import run_cli


def _plan_of_two_tasks(path: Path) -> None:
    db = open_database(str(path))
    try:
        plan = plans.create_plan(db, year=2021, bureau="新建生态环境局")
        tasks.add_task(db, plan.id, title="完成农村生活污水治理", deadline=Deadline(dt.date(2021, 6, 30), "6月底前"))
        done = tasks.add_task(db, plan.id, title="已完成的任务")
        tasks.update_task(db, done, STATUS.to(Status.DONE), date=dt.date(2021, 5, 1))
    finally:
        db.close()


def test_extend_then_roll_over_refusing_an_existing_year_without_replace(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite"
    _plan_of_two_tasks(db)
    refused = run_cli("task", "extend", "1", "--year", "2021", "--to", "2021-09-30", "--reason", " ", db=db)
    assert refused.returncode == 2 and "延期须写明理由" in refused.stderr and "Traceback" not in refused.stderr
    extended = run_cli("task", "extend", "1", "--year", "2021", "--to", "2021-09-30", "--text", "9月底前",
                       "--reason", "资金未到位", "--approved", "2021-06-20", db=db)
    assert extended.returncode == 0, extended.stderr
    assert "已将任务 1（完成农村生活污水治理）延期：原定6月底前，经批准延期至9月底前" in extended.stdout

    rolled = run_cli("plan", "rollover", "--from", "2021", "--to", "2022", db=db)
    assert rolled.returncode == 0, rolled.stderr
    assert "新建 2022 年工作要点（草案）“新建生态环境局2022年生态环境工作要点”，转入跨年任务 1 项" in rolled.stdout
    again = run_cli("plan", "rollover", "--from", "2021", "--to", "2022", "--carry", "all", db=db)
    assert again.returncode == 2 and "Traceback" not in again.stderr
    assert "2022 年的工作要点已存在；如要用 2021 年的计划新建并替换它，请加 --replace" in again.stderr
    replaced = run_cli("plan", "rollover", "--from", "2021", "--to", "2022", "--carry", "all", "--replace", db=db)
    assert replaced.returncode == 0, replaced.stderr
    assert "转入跨年任务 2 项" in replaced.stdout and "已替换原有的 2022 年工作要点" in replaced.stdout
    adopted = run_cli("plan", "edit", "--year", "2022", "--adopt", db=db)
    assert adopted.returncode == 0, adopted.stderr
    assert adopted.stdout.strip() == "已修改 2022 年工作要点：新建生态环境局2022年生态环境工作要点（新建生态环境局）"
