"""The command line as of a day: `task edit --date`, `--as-of` and `--period` on `task list` and the
exports, the JSON keys they add, and bad dates or periods refused in Chinese with nothing changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import SAMPLES, run_cli


@pytest.fixture(scope="module")
def dated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 新建 2021 plan: 1.1.1 set by hand in March and finished in September, 1.1.2 reported in May."""
    db = tmp_path_factory.mktemp("as-of") / "plan.sqlite"
    steps = [
        ("import", str(SAMPLES / "xinjian-2021-gongzuoyaodian.docx")),
        ("task", "edit", "1.1.1", "--status", "推进中", "--percent", "40", "--date", "2021-03-15"),
        ("task", "edit", "1.1.1", "--status", "已完成", "--percent", "100", "--date", "2021-09-10"),
        ("progress", "add", "1.1.2", "--text", "专项规划已报审", "--date", "2021-05-10", "--percent", "60"),
    ]
    for step in steps:
        result = run_cli(*step, db=db)
        assert result.returncode == 0, result.stderr
    return db


def exported(db: Path, folder: Path, *options: str) -> dict[str, Any]:
    out = folder / f"plan{len(list(folder.iterdir()))}.json"
    result = run_cli("export", "json", "-o", str(out), *options, db=db)
    assert result.returncode == 0, result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def task(data: dict[str, Any], *path: int) -> dict[str, Any]:
    node = {"children": data["tasks"]}
    for position in path:
        node = node["children"][position - 1]
    return node


def test_json_as_of_june_and_by_period(dated_db: Path, tmp_path: Path) -> None:
    june = exported(dated_db, tmp_path, "--as-of", "2021-06-30")
    assert june["as_of"] == "2021-06-30" and june["plan"]["year"] == 2021
    first, second = task(june, 1, 1, 1), task(june, 1, 1, 2)
    assert (first["status"], first["percent"], first["reported_in_period"]) == ("推进中", 40, False)
    assert (second["status"], second["percent"], second["reported_in_period"]) == ("推进中", 60, True)
    assert first["light"] in ("red", "yellow", "blue", "green") and isinstance(first["expected_percent"], float)
    assert {"number", "title", "deadline", "progress", "children"} <= set(first)  # the keys there were stay
    q3 = exported(dated_db, tmp_path, "--period", "2021-Q3")
    assert q3["as_of"] == "2021-09-30"
    assert (task(q3, 1, 1, 1)["status"], task(q3, 1, 1, 1)["light"]) == ("已完成", "done")
    assert task(q3, 1, 1, 2)["reported_in_period"] is False  # reported in May: not in 前三季度's round
    latest = exported(dated_db, tmp_path)
    assert "as_of" not in latest and "light" not in task(latest, 1, 1, 1)
    assert task(latest, 1, 1, 1)["status"] == "已完成"


def test_task_list_and_excel_as_of(dated_db: Path, tmp_path: Path) -> None:
    listed = run_cli("task", "list", "--as-of", "2021-03-31", db=dated_db)
    assert listed.returncode == 0, listed.stderr
    line = next(x for x in listed.stdout.splitlines() if x.startswith("1.1.1\t"))
    assert "\t推进中\t" in line and "实际 40%" in line
    assert listed.stdout.rstrip().endswith("（截至2021年3月31日）")
    excel = tmp_path / "进展.xlsx"
    assert run_cli("export", "excel", "-o", str(excel), "--period", "2021-H1", db=dated_db).returncode == 0
    assert openpyxl.load_workbook(excel).active["A2"].value == "截至2021年6月30日"


@pytest.mark.parametrize(("args", "message"), [
    (("export", "json", "-o", "x.json", "--as-of", "2022-01-03"), "统计截至日期 2022-01-03 不在 2021 年内"),
    (("export", "excel", "-o", "x.xlsx", "--period", "2021-H3"), "无法识别的报告期“2021-H3”"),
    (("task", "list", "--period", "2020-H1"), "报告期“2020-H1”不属于 2021 年"),
    (("task", "edit", "1.1.2", "--percent", "120"), "完成百分比“120”无效"),
    (("task", "edit", "1.1.2", "--status", "已完成", "--date", "2020-05-01"), "修改日期 2020-05-01 不在 2021 年内"),
    (("export", "json", "-o", "x.json", "--as-of", "2021-06-30", "--period", "2021-H1"), "不能与参数"),
])
def test_bad_dates_and_periods_are_named_and_change_nothing(dated_db: Path, tmp_path: Path, args: tuple[str, ...],
                                                            message: str) -> None:
    before = exported(dated_db, tmp_path)
    result = run_cli(*args, db=dated_db, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert exported(dated_db, tmp_path) == before and not (tmp_path / "x.json").exists()
